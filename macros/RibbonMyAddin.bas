Attribute VB_Name = "RibbonMyAddin"
' The ribbon callback of every 台账工具 add-in (xlkit_check.xlam, xlkit_docs.xlam, ...), as compiled by
' Excel into xlwings' own template xlwings/quickstart_addin_ribbon.xlam (xlwings 0.37.8, BSD licence).
' xlkit does NOT compile this: `xlkit excel install` copies the template's vbaProject.bin unchanged and
' only rewrites the plain-XML ribbon (customUI/customUI.xml) and the add-in's settings sheet.
' Kept here in text form for review; tests/test_addin.py checks that the ribbon's onAction names this
' module and procedure and that both are present in the template's compiled VBA.
'
' The add-in's file name is the Python module to run: xlkit_check.xlam runs
'   RunPython "import xlkit_check;xlkit_check.main()"
' RunPython (the template's `xlwings` module) starts the interpreter in the add-in's settings sheet
' `myaddin.conf` (Interpreter_Win), puts the add-in's folder and the PYTHONPATH setting on sys.path and
' passes ActiveWorkbook's name, so xw.Book.caller() is the ledger the clerk is looking at.

Sub RunMain(control As IRibbonControl)
    mymodule = Left(ThisWorkbook.Name, (InStrRev(ThisWorkbook.Name, ".", -1, vbTextCompare) - 1))
    RunPython "import " & mymodule & ";" & mymodule & ".main()"
End Sub
