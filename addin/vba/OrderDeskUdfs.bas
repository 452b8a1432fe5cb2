Attribute VB_Name = "OrderDeskUdfs"
'Generated from orderdesk_udfs with xlwings.udfs.generate_vba_wrapper by `orderdesk addin generate` - do not edit
#Const App = "Microsoft Excel" 'Adjust when using outside of Excel
Function OD_BALANCE_DUE(total, payment_terms, Optional paid)
    #If App = "Microsoft Excel" Then
        If TypeOf Application.Caller Is Range Then On Error GoTo failed
        OD_BALANCE_DUE = XLPy.CallUDF("orderdesk_udfs", "OD_BALANCE_DUE", Array(total, payment_terms, paid), ActiveWorkbook, Application.Caller)
        Exit Function
    #Else
        OD_BALANCE_DUE = XLPy.CallUDF("orderdesk_udfs", "OD_BALANCE_DUE", Array(total, payment_terms, paid))
        Exit Function
    #End If
failed:
    OD_BALANCE_DUE = Err.Description
End Function

Function OD_CARTONS(qty, per_carton)
    #If App = "Microsoft Excel" Then
        If TypeOf Application.Caller Is Range Then On Error GoTo failed
        OD_CARTONS = XLPy.CallUDF("orderdesk_udfs", "OD_CARTONS", Array(qty, per_carton), ActiveWorkbook, Application.Caller)
        Exit Function
    #Else
        OD_CARTONS = XLPy.CallUDF("orderdesk_udfs", "OD_CARTONS", Array(qty, per_carton))
        Exit Function
    #End If
failed:
    OD_CARTONS = Err.Description
End Function

Function OD_CBM(length_cm, width_cm, height_cm, cartons)
    #If App = "Microsoft Excel" Then
        If TypeOf Application.Caller Is Range Then On Error GoTo failed
        OD_CBM = XLPy.CallUDF("orderdesk_udfs", "OD_CBM", Array(length_cm, width_cm, height_cm, cartons), ActiveWorkbook, Application.Caller)
        Exit Function
    #Else
        OD_CBM = XLPy.CallUDF("orderdesk_udfs", "OD_CBM", Array(length_cm, width_cm, height_cm, cartons))
        Exit Function
    #End If
failed:
    OD_CBM = Err.Description
End Function

Function OD_CHARGEABLE_KG(gross_kg, cbm, mode)
    #If App = "Microsoft Excel" Then
        If TypeOf Application.Caller Is Range Then On Error GoTo failed
        OD_CHARGEABLE_KG = XLPy.CallUDF("orderdesk_udfs", "OD_CHARGEABLE_KG", Array(gross_kg, cbm, mode), ActiveWorkbook, Application.Caller)
        Exit Function
    #Else
        OD_CHARGEABLE_KG = XLPy.CallUDF("orderdesk_udfs", "OD_CHARGEABLE_KG", Array(gross_kg, cbm, mode))
        Exit Function
    #End If
failed:
    OD_CHARGEABLE_KG = Err.Description
End Function

Function OD_CHECK(table_with_header)
    #If App = "Microsoft Excel" Then
        If TypeOf Application.Caller Is Range Then On Error GoTo failed
        OD_CHECK = XLPy.CallUDF("orderdesk_udfs", "OD_CHECK", Array(table_with_header), ActiveWorkbook, Application.Caller)
        Exit Function
    #Else
        OD_CHECK = XLPy.CallUDF("orderdesk_udfs", "OD_CHECK", Array(table_with_header))
        Exit Function
    #End If
failed:
    OD_CHECK = Err.Description
End Function

Function OD_CONTAINER_FIT(cbm, gross_kg)
    #If App = "Microsoft Excel" Then
        If TypeOf Application.Caller Is Range Then On Error GoTo failed
        OD_CONTAINER_FIT = XLPy.CallUDF("orderdesk_udfs", "OD_CONTAINER_FIT", Array(cbm, gross_kg), ActiveWorkbook, Application.Caller)
        Exit Function
    #Else
        OD_CONTAINER_FIT = XLPy.CallUDF("orderdesk_udfs", "OD_CONTAINER_FIT", Array(cbm, gross_kg))
        Exit Function
    #End If
failed:
    OD_CONTAINER_FIT = Err.Description
End Function

Function OD_CONTAINER_OK(container_no)
    #If App = "Microsoft Excel" Then
        If TypeOf Application.Caller Is Range Then On Error GoTo failed
        OD_CONTAINER_OK = XLPy.CallUDF("orderdesk_udfs", "OD_CONTAINER_OK", Array(container_no), ActiveWorkbook, Application.Caller)
        Exit Function
    #Else
        OD_CONTAINER_OK = XLPy.CallUDF("orderdesk_udfs", "OD_CONTAINER_OK", Array(container_no))
        Exit Function
    #End If
failed:
    OD_CONTAINER_OK = Err.Description
End Function

Function OD_DEPOSIT_DUE(total, payment_terms)
    #If App = "Microsoft Excel" Then
        If TypeOf Application.Caller Is Range Then On Error GoTo failed
        OD_DEPOSIT_DUE = XLPy.CallUDF("orderdesk_udfs", "OD_DEPOSIT_DUE", Array(total, payment_terms), ActiveWorkbook, Application.Caller)
        Exit Function
    #Else
        OD_DEPOSIT_DUE = XLPy.CallUDF("orderdesk_udfs", "OD_DEPOSIT_DUE", Array(total, payment_terms))
        Exit Function
    #End If
failed:
    OD_DEPOSIT_DUE = Err.Description
End Function

Function OD_EARLIEST_SHIP(product, qty, Optional from_date)
    #If App = "Microsoft Excel" Then
        If TypeOf Application.Caller Is Range Then On Error GoTo failed
        OD_EARLIEST_SHIP = XLPy.CallUDF("orderdesk_udfs", "OD_EARLIEST_SHIP", Array(product, qty, from_date, Nothing), ActiveWorkbook, Application.Caller)
        Exit Function
    #Else
        OD_EARLIEST_SHIP = XLPy.CallUDF("orderdesk_udfs", "OD_EARLIEST_SHIP", Array(product, qty, from_date, Nothing))
        Exit Function
    #End If
failed:
    OD_EARLIEST_SHIP = Err.Description
End Function

Function OD_FX(amount, from_ccy, to_ccy, Optional on_date)
    #If App = "Microsoft Excel" Then
        If TypeOf Application.Caller Is Range Then On Error GoTo failed
        OD_FX = XLPy.CallUDF("orderdesk_udfs", "OD_FX", Array(amount, from_ccy, to_ccy, on_date), ActiveWorkbook, Application.Caller)
        Exit Function
    #Else
        OD_FX = XLPy.CallUDF("orderdesk_udfs", "OD_FX", Array(amount, from_ccy, to_ccy, on_date))
        Exit Function
    #End If
failed:
    OD_FX = Err.Description
End Function

Function OD_FX_DATE(from_ccy, to_ccy, Optional on_date)
    #If App = "Microsoft Excel" Then
        If TypeOf Application.Caller Is Range Then On Error GoTo failed
        OD_FX_DATE = XLPy.CallUDF("orderdesk_udfs", "OD_FX_DATE", Array(from_ccy, to_ccy, on_date), ActiveWorkbook, Application.Caller)
        Exit Function
    #Else
        OD_FX_DATE = XLPy.CallUDF("orderdesk_udfs", "OD_FX_DATE", Array(from_ccy, to_ccy, on_date))
        Exit Function
    #End If
failed:
    OD_FX_DATE = Err.Description
End Function

Function OD_FX_RATE(from_ccy, to_ccy, Optional on_date)
    #If App = "Microsoft Excel" Then
        If TypeOf Application.Caller Is Range Then On Error GoTo failed
        OD_FX_RATE = XLPy.CallUDF("orderdesk_udfs", "OD_FX_RATE", Array(from_ccy, to_ccy, on_date), ActiveWorkbook, Application.Caller)
        Exit Function
    #Else
        OD_FX_RATE = XLPy.CallUDF("orderdesk_udfs", "OD_FX_RATE", Array(from_ccy, to_ccy, on_date))
        Exit Function
    #End If
failed:
    OD_FX_RATE = Err.Description
End Function

Function OD_HS_DESC(code)
    #If App = "Microsoft Excel" Then
        If TypeOf Application.Caller Is Range Then On Error GoTo failed
        OD_HS_DESC = XLPy.CallUDF("orderdesk_udfs", "OD_HS_DESC", Array(code), ActiveWorkbook, Application.Caller)
        Exit Function
    #Else
        OD_HS_DESC = XLPy.CallUDF("orderdesk_udfs", "OD_HS_DESC", Array(code))
        Exit Function
    #End If
failed:
    OD_HS_DESC = Err.Description
End Function

Function OD_HS_OK(code)
    #If App = "Microsoft Excel" Then
        If TypeOf Application.Caller Is Range Then On Error GoTo failed
        OD_HS_OK = XLPy.CallUDF("orderdesk_udfs", "OD_HS_OK", Array(code), ActiveWorkbook, Application.Caller)
        Exit Function
    #Else
        OD_HS_OK = XLPy.CallUDF("orderdesk_udfs", "OD_HS_OK", Array(code))
        Exit Function
    #End If
failed:
    OD_HS_OK = Err.Description
End Function

Function OD_IBAN_OK(iban)
    #If App = "Microsoft Excel" Then
        If TypeOf Application.Caller Is Range Then On Error GoTo failed
        OD_IBAN_OK = XLPy.CallUDF("orderdesk_udfs", "OD_IBAN_OK", Array(iban), ActiveWorkbook, Application.Caller)
        Exit Function
    #Else
        OD_IBAN_OK = XLPy.CallUDF("orderdesk_udfs", "OD_IBAN_OK", Array(iban))
        Exit Function
    #End If
failed:
    OD_IBAN_OK = Err.Description
End Function

Function OD_INCOTERM_OK(term, Optional mode)
    #If App = "Microsoft Excel" Then
        If TypeOf Application.Caller Is Range Then On Error GoTo failed
        OD_INCOTERM_OK = XLPy.CallUDF("orderdesk_udfs", "OD_INCOTERM_OK", Array(term, mode), ActiveWorkbook, Application.Caller)
        Exit Function
    #Else
        OD_INCOTERM_OK = XLPy.CallUDF("orderdesk_udfs", "OD_INCOTERM_OK", Array(term, mode))
        Exit Function
    #End If
failed:
    OD_INCOTERM_OK = Err.Description
End Function

Function OD_INCOTERM_SPLIT(term, Optional with_header)
    #If App = "Microsoft Excel" Then
        If TypeOf Application.Caller Is Range Then On Error GoTo failed
        OD_INCOTERM_SPLIT = XLPy.CallUDF("orderdesk_udfs", "OD_INCOTERM_SPLIT", Array(term, with_header), ActiveWorkbook, Application.Caller)
        Exit Function
    #Else
        OD_INCOTERM_SPLIT = XLPy.CallUDF("orderdesk_udfs", "OD_INCOTERM_SPLIT", Array(term, with_header))
        Exit Function
    #End If
failed:
    OD_INCOTERM_SPLIT = Err.Description
End Function

Function OD_LATE_PENALTY(order_value, promised, actual, Optional rate_per_day, Optional cap)
    #If App = "Microsoft Excel" Then
        If TypeOf Application.Caller Is Range Then On Error GoTo failed
        OD_LATE_PENALTY = XLPy.CallUDF("orderdesk_udfs", "OD_LATE_PENALTY", Array(order_value, promised, actual, rate_per_day, cap), ActiveWorkbook, Application.Caller)
        Exit Function
    #Else
        OD_LATE_PENALTY = XLPy.CallUDF("orderdesk_udfs", "OD_LATE_PENALTY", Array(order_value, promised, actual, rate_per_day, cap))
        Exit Function
    #End If
failed:
    OD_LATE_PENALTY = Err.Description
End Function

Function OD_LC_LAST_PRESENTATION(on_board_date, Optional presentation_days, Optional expiry)
    #If App = "Microsoft Excel" Then
        If TypeOf Application.Caller Is Range Then On Error GoTo failed
        OD_LC_LAST_PRESENTATION = XLPy.CallUDF("orderdesk_udfs", "OD_LC_LAST_PRESENTATION", Array(on_board_date, presentation_days, expiry), ActiveWorkbook, Application.Caller)
        Exit Function
    #Else
        OD_LC_LAST_PRESENTATION = XLPy.CallUDF("orderdesk_udfs", "OD_LC_LAST_PRESENTATION", Array(on_board_date, presentation_days, expiry))
        Exit Function
    #End If
failed:
    OD_LC_LAST_PRESENTATION = Err.Description
End Function

Function OD_MARGIN(price, cost)
    #If App = "Microsoft Excel" Then
        If TypeOf Application.Caller Is Range Then On Error GoTo failed
        OD_MARGIN = XLPy.CallUDF("orderdesk_udfs", "OD_MARGIN", Array(price, cost), ActiveWorkbook, Application.Caller)
        Exit Function
    #Else
        OD_MARGIN = XLPy.CallUDF("orderdesk_udfs", "OD_MARGIN", Array(price, cost))
        Exit Function
    #End If
failed:
    OD_MARGIN = Err.Description
End Function

Function OD_PRICE(unit_cost, target_margin, Optional fx_buffer)
    #If App = "Microsoft Excel" Then
        If TypeOf Application.Caller Is Range Then On Error GoTo failed
        OD_PRICE = XLPy.CallUDF("orderdesk_udfs", "OD_PRICE", Array(unit_cost, target_margin, fx_buffer), ActiveWorkbook, Application.Caller)
        Exit Function
    #Else
        OD_PRICE = XLPy.CallUDF("orderdesk_udfs", "OD_PRICE", Array(unit_cost, target_margin, fx_buffer))
        Exit Function
    #End If
failed:
    OD_PRICE = Err.Description
End Function

Function OD_WORDS(amount, ccy, Optional lang)
    #If App = "Microsoft Excel" Then
        If TypeOf Application.Caller Is Range Then On Error GoTo failed
        OD_WORDS = XLPy.CallUDF("orderdesk_udfs", "OD_WORDS", Array(amount, ccy, lang), ActiveWorkbook, Application.Caller)
        Exit Function
    #Else
        OD_WORDS = XLPy.CallUDF("orderdesk_udfs", "OD_WORDS", Array(amount, ccy, lang))
        Exit Function
    #End If
failed:
    OD_WORDS = Err.Description
End Function

