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

    # no cell holds 人 itself, and Chinese commas keep the column from being NFKC already: the one cell with
    # the radical that folds into 人 is still found (the quick path looks for what folds into a Chinese character)
    body = [["2019-1", text, "", ""] for text in ("张三，反映道路问题", "信访⼈", "李四（村民）：", "信访", "")]
    hits = _title_hits(_ColumnTexts(list(zip(*body, strict=True))), titles, np.ones(len(body), dtype=bool))
    assert hits == each_cell(body) == {1: 1}


def test_every_character_that_folds_into_a_chinese_character_is_looked_for():
    import sys

    from xlkit.read.ledger import _FOLDS_TO_IDEOGRAPH, _is_ideograph

    missed = []
    for code in range(sys.maxunicode + 1):
        if 0xD800 <= code <= 0xDFFF:
            continue
        ch = chr(code)
        folded = unicodedata.normalize("NFKC", ch)
        if folded != ch and any(map(_is_ideograph, folded)) and not _FOLDS_TO_IDEOGRAPH.match(ch):
            missed.append(f"U+{code:04X}")
    assert not missed


LOAD = """
import gc, json, sys
from pathlib import Path
import click
from xlkit.cli import options
options.one_shot = True  # as the console entry point sets it
starts = []
gc.callbacks.append(lambda phase, info: starts.append(gc.get_count()[0]) if phase == "start" else None)
with click.Context(click.Command("check")):
    ledger = options.load(Path(sys.argv[1]))
    more = [[i] for i in range(5000)]  # what the command makes next: the collector runs as usual
print(json.dumps({"enabled": gc.isenabled(), "frozen": gc.get_freeze_count(), "cases": len(ledger),
                  "largest": max(starts, default=0), "passes": len(starts)}))
"""


def test_a_console_read_leaves_no_pile_of_young_objects_for_the_collector_to_walk(tmp_path):
    # issue 15: the reader pauses the cycle collector; once it resumed, its first pass walked every list and
    # tuple the read had made (0.09 s of 100,000 rows) just before the command froze them all anyway
    import datetime as dt
    import json
    import subprocess
    import sys

    import helpers

    rows = [{"case_id": f"2019-{i:05d}", "petitioner": f"张{i}", "registered_on": dt.date(2019, 9, 3),
             "township": "新宁镇", "demand": "要求硬化道路"} for i in range(6000)]
    path = helpers.write_ledger(tmp_path / "台账.xlsx", rows)
    done = subprocess.run([sys.executable, "-c", LOAD, str(path)], capture_output=True, text=True,
                          encoding="utf-8", check=True)
    result = json.loads(done.stdout)
    assert result["cases"] == 6000
    assert result["enabled"] and result["frozen"] > 6000  # the rows' lists among what is kept out of its sight
    assert result["passes"] >= 1 and result["largest"] < 3000  # each pass began with a usual few young objects


def test_streamed_workbooks_are_packed_at_zlib_level_one(tmp_path):
    import zipfile
    import zlib

    from xlkit.output.files import put_stream
    from xlkit.output.xlsx_stream import write_stream_workbook

    def build(workbook):
        sheet = workbook.add_worksheet("表")
        for row in range(3000):
            put_stream(sheet, row, 0, f"第{row}行：{row * 7919 % 100_003}号，期限{row * 31 % 12 + 1}月已过 {row * 17 % 977} 日。")

    path = write_stream_workbook(tmp_path / "结果.xlsx", build)
    with zipfile.ZipFile(path) as package:
        info = max(package.infolist(), key=lambda i: i.file_size)
        data = package.read(info)
    assert info.compress_type == zipfile.ZIP_DEFLATED
    level_one, level_six = (len(zlib.compress(data, level)) - 6 for level in (1, 6))  # (zlib's 6 bytes around)
    assert level_one > level_six * 1.05  # (the two are told apart)
    assert abs(info.compress_size - level_one) <= level_one * 0.01
