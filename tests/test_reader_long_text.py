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


def test_the_look_for_a_long_cell_finds_every_one_the_lengths_find():
    # a cell of Excel's limit or more is looked for in the column's joined text (DEL between its cells) by a few
    # searches; wherever such a cell starts and however long the cells around it, the lengths agree
    import random

    from xlkit.read.ledger import EXCEL_CELL_CHARS, _may_hold_a_long_cell

    rng = random.Random(38)
    for case in range(400):
        cells = ["字" * rng.choice([0, 1, 50, 16_382, 16_383, 16_384, 32_765]) for _ in range(rng.randrange(1, 6))]
        if case % 2:
            cells.insert(rng.randrange(len(cells) + 1), "长" * rng.choice([EXCEL_CELL_CHARS, EXCEL_CELL_CHARS + 1]))
        joined = "\x7f".join(cells)
        longest = max(map(len, cells)) >= EXCEL_CELL_CHARS
        assert _may_hold_a_long_cell(joined) or not longest, [len(c) for c in cells]
        if max(map(len, cells)) < EXCEL_CELL_CHARS // 2:
            assert not _may_hold_a_long_cell(joined)
