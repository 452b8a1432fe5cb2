Attribute VB_Name = "Ribbon"
' The one callback of every button on the OrderDesk ribbon tab. Python decides what a button
' does (orderdesk_addin.run looks its id up), so adding a button needs no VBA.
Option Explicit

Public Sub OnAction(control As IRibbonControl)
    ' With no workbook open (or the one in front in Protected View) Excel has no active
    ' workbook, and xlwings would stop with error 91 reading its config from it.
    If ActiveWorkbook Is Nothing Then
        MsgBox "No workbook is open in Excel to work on: open the order register (click " & _
            "Enable Editing if it opened in Protected View), then click the button again.", _
            vbInformation, "OrderDesk"
        Exit Sub
    End If
    RunPython "import orderdesk_addin; orderdesk_addin.run('" & control.Id & "')"
End Sub
