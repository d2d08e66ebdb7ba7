"""The speed-ups of issue 15 give the same answers as the plain definitions they replace."""

from __future__ import annotations

import unicodedata

from xlkit.output.xlsx_style import text_width
from xlkit.read.text import canonical_identity, has_odd, odd_characters


def test_odd_characters_are_found_after_their_neighbours_were_seen_plain():
    assert not has_odd("开城治信受〔2019〕3号") and canonical_identity("开城治信受〔2019〕3号") == "开城治信受〔2019〕3号"
    # the same characters again, now with an en dash and a zero-width space among them
    assert has_odd("开城治信受〔2019–3号\u200b")
    assert canonical_identity("开城治信受〔2019–3号\u200b") == "开城治信受〔2019-3号"
    assert odd_characters("开城\u200b治信–") == ["U+200B 零宽空格", "U+2013 短破折号"]
    assert odd_characters("开城治信") == [] and not has_odd("2019-001")


def test_text_width_is_the_east_asian_width():
    for text in ("2019-001", "张三 abc", "〔2019〕", "ｱｲ", "😀x", "Ｆ全角", "\u200b"):
        assert text_width(text) == sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
    assert text_width(12345) == 5 and text_width(None) == 0 and text_width(1.5) == 8


def test_repeated_header_cells_are_found_as_normalizing_each_cell_would():
    import numpy as np

    from xlkit.read import headers as hd
    from xlkit.read.ledger import _ColumnTexts, _title_hits

    titles = {0: hd.normalize("案件编号"), 1: hd.normalize("信访人"), 2: hd.normalize("QQ号码"), 3: hd.normalize("ID")}
    variants = ["案件编号", "案件 编号", "1.案件编号*", "案件编号（必填）", "ＩＤ", "id", "Id\u200b", "信访\n人",
                "信访⼈",  # KANGXI RADICAL MAN: NFKC makes it 人
                "信访人(姓名)", "张三", "", None, 3.0, "ＱＱ号码", "qq号码", "QQ 号码", "编号", "人信访"]
    body = [[a, b, a, b] for a in variants for b in variants]

    def each_cell(body):
        plain = {}
        for offset, row in enumerate(body):
            same = sum(1 for c, title in titles.items() if isinstance(row[c], str) and hd.normalize(row[c]) == title)
            if same:
                plain[offset] = same
        return plain

    hits = _title_hits(_ColumnTexts(list(zip(*body, strict=True))), titles, np.ones(len(body), dtype=bool))
    assert hits == each_cell(body) and max(hits.values()) >= 2
    # a DEL typed in a cell of each column: the columns are then compared cell by cell, still NFKC-folded
    body.append(["x\x7f", "x\x7f", "x\x7f", "x\x7f"])
    hits = _title_hits(_ColumnTexts(list(zip(*body, strict=True))), titles, np.ones(len(body), dtype=bool))
    assert hits == each_cell(body) and any(row[1] == "信访⼈" for row in (body[o] for o in hits))
