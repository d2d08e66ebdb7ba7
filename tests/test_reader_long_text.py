"""calamine gives at most 32,767 characters of an .xlsx cell (Excel's limit) and cuts the rest without a word:
a 40,000-character 诉求内容 was read, checked and printed as its first 32,767 characters, no finding said so."""

from __future__ import annotations

import openpyxl

from xlkit.read.ledger import read_ledger


def test_a_text_cut_at_excels_limit_when_read_is_said_at_its_cell(tmp_path):
    path = tmp_path / "台账.xlsx"
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "台账"
    sheet.append(["案件编号", "信访人", "诉求内容"])
    sheet.append(["2019-001", "张三", "修路" * 20000])  # 40,000 characters in the file
    sheet.append(["2019-002", "李四", "清运垃圾"])
    workbook.save(path)
    ledger = read_ledger(path)
    assert len(ledger.frame.at[2, "demand"]) == 32767
    (cut,) = [f for f in ledger.findings if f.code == "R038"]
    assert (cut.cell, cut.column) == ("C2", "诉求内容")
    assert "截掉" in cut.message
