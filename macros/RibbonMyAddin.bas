Attribute VB_Name = "RibbonMyAddin"
' The ribbon callback of every xlkit add-in (xlkit_check.xlam, xlkit_docs.xlam, ...).
' Written by xlkit (xlkit/excel/addin.py, ribbon_module_text) into the source-only VBA project
' of xlwings' add-in template; Excel compiles it when it opens the add-in. Do not edit here:
' run `python -m xlkit.excel.addin macros` after changing the Python side.
'
' xlwings' RunPython uses ActiveWorkbook without a check. With no ordinary workbook active
' (Excel just started, or the ledger open in Protected View) that is run-time error 91 and a
' Debug button, so RunMain checks first and says what to do in Chinese.
' The Python side is the installed xlkit package (xlkit.excel.entry), found by the interpreter
' in the add-in's myaddin.conf sheet: nothing depends on the folder the add-in was built in.
Option Explicit

Sub RunMain(control As IRibbonControl)
    Dim addinName As String
    addinName = Left$(ThisWorkbook.Name, InStrRev(ThisWorkbook.Name, ".") - 1)
    If Not OrdinaryWorkbookIsActive() Then Exit Sub
    RunPython "import xlkit.excel.entry;xlkit.excel.entry.main('" & addinName & "')"
End Sub

Private Function OrdinaryWorkbookIsActive() As Boolean
    Dim book As Object, viewWindow As Object
    On Error Resume Next
    Set book = ActiveWorkbook
    Set viewWindow = Application.ActiveProtectedViewWindow
    On Error GoTo 0
    If Not book Is Nothing Then
        OrdinaryWorkbookIsActive = True
    ElseIf viewWindow Is Nothing Then
        MsgBox Chinese("8BF7514862535F0053F08D26FF0C621652076362523053F08D2662405728768400200045007800630065006C00207A9753E3FF0C518D70B9201C53F08D265DE55177201D7684630994AE3002"), vbExclamation, Chinese("53F08D265DE55177")
    Else
        MsgBox Chinese("53F08D266B635728201C53D74FDD62A4768489C656FE201D4E2D62535F00FF084ECE90AE4EF630017F5198756216804A59295DE5517765365230768465874EF64F1A8FD96837FF09FF0C630994AE4E0D80FD8BFB53D65B833002000A000A8BF7514870B97A9753E34E0A65B99EC4827263D0793A676191CC7684201C542F75287F168F91201DFF0C518D70B9630994AE3002000A000A6BCF6B2162535F0090FD8FD9683765F6FF1A517395ED53F08D26FF0C57288D446E907BA17406566891CC53F3952E70B953F08D2665874EF60020219200205C5E602700202192002052FE9009201C89E3966495015B9A201D002021920020786E5B9A3002"), vbExclamation, Chinese("53F08D265DE55177")
    End If
End Function

' Text from UTF-16 code units written as 4 hex digits each.
Private Function Chinese(ByVal codes As String) As String
    Dim i As Long
    For i = 1 To Len(codes) Step 4
        Chinese = Chinese & ChrW$(CLng("&H" & Mid$(codes, i, 4)) And &HFFFF&)
    Next i
End Function
