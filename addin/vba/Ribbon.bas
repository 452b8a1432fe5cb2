Attribute VB_Name = "Ribbon"
' The one callback of every button on the OrderDesk ribbon tab. Python decides what a button
' does (orderdesk_addin.run looks its id up), so adding a button needs no VBA.
Option Explicit

Public Sub OnAction(control As IRibbonControl)
    RunPython "import orderdesk_addin; orderdesk_addin.run('" & control.Id & "')"
End Sub
