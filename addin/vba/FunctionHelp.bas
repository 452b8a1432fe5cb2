Attribute VB_Name = "FunctionHelp"
'Generated from orderdesk_udfs by `orderdesk addin generate` - do not edit
Option Explicit

Public Sub RegisterFunctionHelp()
    ' Insert Function shows these; an older Excel without argument help still opens.
    Dim Book As String
    Book = "'" & ThisWorkbook.Name & "'!"
    On Error Resume Next
    Application.MacroOptions Macro:=Book & "OD_BALANCE_DUE", Category:="OrderDesk", _
        Description:="The balance after the deposit; with the amount paid so far, what is still unpaid (never below 0).", _
        ArgumentDescriptions:=Array("The order total(s): a cell or a range", "The payment terms, e.g. TT30-70 BS or T/T 30/70", "Paid so far (optional): then the result is what is still unpaid")
    Application.MacroOptions Macro:=Book & "OD_CARTONS", Category:="OrderDesk", _
        Description:="Cartons needed for a quantity (a part-filled last carton is still a carton).", _
        ArgumentDescriptions:=Array("The quantity (or quantities): a cell or a range", "Units per carton")
    Application.MacroOptions Macro:=Book & "OD_CBM", Category:="OrderDesk", _
        Description:="The volume in cubic metres of a number of cartons of one size.", _
        ArgumentDescriptions:=Array("Carton length in cm: a cell or a range", "Carton width in cm", "Carton height in cm", "Number of cartons")
    Application.MacroOptions Macro:=Book & "OD_CHARGEABLE_KG", Category:="OrderDesk", _
        Description:="The chargeable weight in kg: the greater of the gross and the volumetric weight (air 1:6000, express 1:5000; LCL per W/M, 1 m³ = 1,000 kg).", _
        ArgumentDescriptions:=Array("Gross weight in kg: a cell or a range", "Volume in m³", "air (1:6000), express (1:5000) or lcl (W/M, 1 m³ = 1,000 kg)")
    Application.MacroOptions Macro:=Book & "OD_CHECK", Category:="OrderDesk", _
        Description:="One validation status per row of an Orders or OrderLines table (OK, 1 error, 2 warnings), by the rules of the Validate button; rules needing other sheets are skipped. The first cell is a heading, so the column lines up beside the table.", _
        ArgumentDescriptions:=Array("An Orders or OrderLines table with its header row, e.g. tblOrders[#All]")
    Application.MacroOptions Macro:=Book & "OD_CONTAINER_FIT", Category:="OrderDesk", _
        Description:="The container a load needs (standard 20', 40', 40'HC; 90 % of the volume usable), with its fill by volume and by weight and what binds.", _
        ArgumentDescriptions:=Array("Volume in m³: a cell or a range", "Gross weight in kg")
    Application.MacroOptions Macro:=Book & "OD_CONTAINER_OK", Category:="OrderDesk", _
        Description:="TRUE for a container number of ISO 6346 form with a correct check digit.", _
        ArgumentDescriptions:=Array("Container number(s), e.g. MSCU1234566: a cell or a range")
    Application.MacroOptions Macro:=Book & "OD_DEPOSIT_DUE", Category:="OrderDesk", _
        Description:="The deposit the payment terms ask for before production (e.g. 30% of the total for T/T 30/70; 0 for L/C, D/P and open account).", _
        ArgumentDescriptions:=Array("The order total(s): a cell or a range", "The payment terms, e.g. TT30-70 BS or T/T 30/70")
    Application.MacroOptions Macro:=Book & "OD_EARLIEST_SHIP", Category:="OrderDesk", _
        Description:="The earliest day an order of the product could ship: the suppliers' lead time (plus the custom or tooling days) and the first week with room in its product line's capacity, as Can we take it? decides. Format the cell as a date.", _
        ArgumentDescriptions:=Array("The SKU(s) from the Products sheet: a cell or a range", "The quantity (or quantities)", "Production can start from this day (default: today)", "Positional argument 4")
    Application.MacroOptions Macro:=Book & "OD_FX", Category:="OrderDesk", _
        Description:="Converts an amount at the ECB euro reference rate of a day (cross rates through EUR; on a day without a fixing, the fixing before it).", _
        ArgumentDescriptions:=Array("The amount(s) to convert: a cell or a range", "The currency of the amount, e.g. USD", "The currency to convert into, e.g. CNY", "The day of the rate (default: the latest ECB fixing)")
    Application.MacroOptions Macro:=Book & "OD_FX_DATE", Category:="OrderDesk", _
        Description:="The date of the ECB fixing that OD_FX and OD_FX_RATE use for that day (the day itself, or the last fixing before a weekend or holiday). Format the cell as a date.", _
        ArgumentDescriptions:=Array("The currency converted from, e.g. USD", "The currency converted into, e.g. CNY", "The day asked for (default: the latest ECB fixing)")
    Application.MacroOptions Macro:=Book & "OD_FX_RATE", Category:="OrderDesk", _
        Description:="The ECB reference rate: units of to_ccy for one from_ccy on a day (through EUR; on a day without a fixing, the fixing before it; OD_FX_DATE tells which day that was).", _
        ArgumentDescriptions:=Array("The currency converted from, e.g. USD", "The currency converted into, e.g. CNY", "The day of the rate (default: the latest ECB fixing)")
    Application.MacroOptions Macro:=Book & "OD_HS_DESC", Category:="OrderDesk", _
        Description:="The HS 2022 description of a subheading (national 8 or 10 digit codes: by their first six digits).", _
        ArgumentDescriptions:=Array("HS code(s), 6 digits or more: a cell or a range")
    Application.MacroOptions Macro:=Book & "OD_HS_OK", Category:="OrderDesk", _
        Description:="TRUE when the first six digits are a subheading of HS 2022 (851712 is not: HS 2022 split it into 851713 and 851714).", _
        ArgumentDescriptions:=Array("HS code(s), 6 digits or more, e.g. 851713: a cell or a range")
    Application.MacroOptions Macro:=Book & "OD_IBAN_OK", Category:="OrderDesk", _
        Description:="TRUE for a valid IBAN (country format and check digits).", _
        ArgumentDescriptions:=Array("IBAN(s), with or without spaces: a cell or a range")
    Application.MacroOptions Macro:=Book & "OD_INCOTERM_OK", Category:="OrderDesk", _
        Description:="TRUE for an Incoterms 2020 rule (that fits the transport mode when given: FAS, FOB, CFR and CIF only by sea or inland waterway).", _
        ArgumentDescriptions:=Array("The Incoterm(s), e.g. FOB or CIF Rotterdam: a cell or a range", "Transport mode (optional): sea, inland waterway, air, road, ...")
    Application.MacroOptions Macro:=Book & "OD_INCOTERM_SPLIT", Category:="OrderDesk", _
        Description:="Who pays and bears what under an Incoterm: export clearance, main carriage, insurance, import clearance, unloading at destination (seller or buyer), and where the risk passes. One row of six cells per term.", _
        ArgumentDescriptions:=Array("The Incoterm(s), one per row: a cell or a range", "TRUE to add a header row (default FALSE)")
    Application.MacroOptions Macro:=Book & "OD_LATE_PENALTY", Category:="OrderDesk", _
        Description:="The late-delivery penalty: a rate per day late of the order value, capped at a share of it (defaults 0.5% per day, at most 5%, as the register's Settings).", _
        ArgumentDescriptions:=Array("The order value(s): a cell or a range", "The promised date", "The actual date (shipment or delivery)", "Penalty per day late, e.g. 0.5% (default 0.5%)", "Maximum penalty as a share of the value, e.g. 5% (default 5%)")
    Application.MacroOptions Macro:=Book & "OD_LC_LAST_PRESENTATION", Category:="OrderDesk", _
        Description:="The last day to present the documents under a letter of credit: the on-board date plus the presentation period (21 days when not given, UCP 600 art. 14(c)), never after the expiry date.", _
        ArgumentDescriptions:=Array("The on-board (B/L) date(s): a cell or a range", "Days to present, field 48 (default 21)", "The credit's expiry date, field 31D (optional)")
    Application.MacroOptions Macro:=Book & "OD_MARGIN", Category:="OrderDesk", _
        Description:="The gross margin on the price: (price - cost) / price, as a fraction (format as %).", _
        ArgumentDescriptions:=Array("The selling price(s): a cell or a range", "The cost(s) in the same currency")
    Application.MacroOptions Macro:=Book & "OD_PRICE", Category:="OrderDesk", _
        Description:="The price that earns a target gross margin on the price: cost x (1 + FX buffer) / (1 - margin).", _
        ArgumentDescriptions:=Array("The unit cost(s): a cell or a range", "Gross margin on the price, e.g. 18%", "Added to the cost against FX moves, e.g. 2% (default 0)")
    Application.MacroOptions Macro:=Book & "OD_WORDS", Category:="OrderDesk", _
        Description:="An amount in words as invoices write it, in the customer's language (Chinese in capital numerals).", _
        ArgumentDescriptions:=Array("The amount(s): a cell or a range", "ISO currency code, e.g. USD", "Language: en (default), zh-CN, es, de, fr, pt, ar, ja")
End Sub
