"""A 信访件编号 of 19 digits stored as a number (a system export writes it so) has lost its tail in Excel, as an
ID number has: it was read as the float's invented digits (5117232019090299904) and two cases whose numbers
differ only in the lost digits were a duplicate (C150) with no word of the loss. Now the number is read as
Excel shows it (15 digits, then zeros) and said at its cell (R049)."""

from __future__ import annotations

import openpyxl

from xlkit.read.ledger import read_ledger


def test_a_case_number_of_more_than_15_digits_stored_as_a_number_is_said_lost(tmp_path):
    path = tmp_path / "台账.xlsx"
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "台账"
    sheet.append(["信访件编号", "信访人", "联系电话"])
    sheet.append([5117232019090300001, "张三", 13800001111])
    sheet.append([5117232019090300002, "李四", 13800002222])
    sheet.append(["5117232019090300003", "王五", "13800003333"])  # typed as text: whole
    workbook.save(path)
    ledger = read_ledger(path)
    assert list(ledger.frame["case_id"]) == ["5117232019090300000", "5117232019090300000", "5117232019090300003"]
    assert list(ledger.frame["phone"]) == ["13800001111", "13800002222", "13800003333"]
    lost = [f for f in ledger.findings if f.code == "R049"]
    assert [(f.cell, f.column, f.severity.value) for f in lost] == [("A2", "案件编号", "错误"), ("A3", "案件编号", "错误")]
    assert "15 位有效数字" in lost[0].message
