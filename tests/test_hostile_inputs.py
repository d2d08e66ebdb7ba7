"""Hostile input, second round: files from other offices' systems and files built to break readers.

Each class a tester found still reading wrong (or saying the wrong thing) has its file built here.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
import tempfile
import zipfile
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from test_hostile import ledger, xlkit_process

from xlkit.cli import cli
from xlkit.read.ledger import LedgerError, read_ledger

D = dt.date


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def _rewrite(path: Path, change) -> None:
    """Rewrite the package at `path`, each part through change(name, bytes) -> bytes."""
    with zipfile.ZipFile(path) as package:
        parts = [(info, package.read(info.filename)) for info in package.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        for info, data in parts:
            package.writestr(info, change(info.filename, data))


# --- UTF-16 XML parts ----------------------------------------------------------------------------

def _utf16(data: bytes, how: str) -> bytes:
    text = data.decode("utf-8")
    declaration = '<?xml version="1.0" encoding="UTF-16" standalone="yes"?>'
    text = re.sub(r"^<\?xml[^>]*\?>", declaration, text) if text.startswith("<?xml") else declaration + text
    if how == "le":
        return b"\xff\xfe" + text.encode("utf-16-le")
    if how == "be":
        return b"\xfe\xff" + text.encode("utf-16-be")
    return text.encode("utf-16-le")  # no byte-order mark (allowed when the declaration says UTF-16)


@pytest.mark.parametrize(("parts", "how"), [("sheet", "le"), ("sheet", "be"), ("sheet", "bare"), ("every", "le")])
def test_a_package_written_in_utf16_is_read_as_excel_reads_it(tmp_path, parts, how):
    # calamine reads UTF-8 only: a UTF-16 sheet came back empty ("找不到表头行", a misleading message) and a
    # UTF-16 workbook part failed to open; Excel reads both (OPC allows either encoding)
    path = ledger(tmp_path / "系统导出.xlsx", dict(case_id="2019-001", petitioner="张三"),
                  dict(case_id="2019-002", petitioner="李四", township="火星镇"))
    book = openpyxl.load_workbook(path)
    sheet = book["台账"]
    sheet["XFD1048576"] = "误按的字"  # the far-cell guard must still see the re-encoded sheet
    top = next(c for row in sheet.iter_rows(max_row=5, max_col=80) for c in row if c.value == "登记日期")
    sheet.cell(top.row + 1, top.column).value = "#N/A"
    book.save(path)
    original = xlkit_process("check", path, "--json", "--today", "2019-10-01")

    def change(name: str, data: bytes) -> bytes:
        if name.startswith("xl/worksheets/sheet") or (parts == "every" and name.endswith((".xml", ".rels"))):
            return _utf16(data, how)
        return data

    _rewrite(path, change)
    left_before = set(Path(tempfile.gettempdir()).glob("xlkit-utf8-*"))
    result = xlkit_process("check", path, "--json", "--today", "2019-10-01")
    assert result.returncode == original.returncode and result.returncode in (0, 1), result.stdout + result.stderr
    found = json.loads(result.stdout)
    assert found["cases"] == 2
    assert ([(f["code"], f["cell"]) for f in found["findings"]]
            == [(f["code"], f["cell"]) for f in json.loads(original.stdout)["findings"]])
    codes = {(f["code"], f["cell"]) for f in found["findings"]}
    assert ("R020", "XFD1048576") in codes and ("R024", f"{top.column_letter}{top.row + 1}") in codes
    assert found["ledger"].endswith("系统导出.xlsx")
    assert set(Path(tempfile.gettempdir()).glob("xlkit-utf8-*")) == left_before  # the copy is removed


def test_an_empty_sheet_is_said_to_be_empty_not_headerless(tmp_path):
    # it was "前 30 行里找不到表头行"; an empty sheet is not taken for UTF-16 either
    path = tmp_path / "空表.xlsx"
    book = openpyxl.Workbook()
    book.active.title = "台账"
    book.save(path)
    with pytest.raises(LedgerError, match="“空表.xlsx”的工作表“台账”是空的") as raised:
        read_ledger(path)
    assert "--sheet" in str(raised.value)


# --- DEL and the C1 controls ---------------------------------------------------------------------

def _package_texts(path: Path) -> str:
    with zipfile.ZipFile(path) as package:
        return html.unescape("".join(package.read(n).decode("utf-8") for n in package.namelist()
                                     if n.endswith(".xml")))


def test_del_and_c1_controls_are_said_at_their_cell_and_read_as_the_visible_text(tmp_path):
    # DEL (U+007F) and U+0080–U+009F are allowed in XML, so nothing reported them: 责任股室 “综合股␡” was
    # “not in the dictionary, nearest 综合股”, a duplicate 案件编号 went unseen, a phone was “not a phone”
    path = ledger(tmp_path / "删除符.xlsx",
                  dict(case_id="2019-001", petitioner="张\x7f三", unit="综合股\x7f", phone="138\x7f0000\x7f1111"),
                  dict(case_id="2019-001\x7f", petitioner="李四", demand="清运\x85垃圾\x9f"))
    report = json.loads(run("check", path, "--today", "2019-10-01", "--json").output)
    said = {f["cell"]: f["message"] for f in report["findings"] if f["code"] == "R021"}
    assert set(said) == {"G3", "V3", "I3", "A4", "P4"}, said
    assert "U+007F" in said["G3"] and "U+0085" in said["P4"] and "U+009F" in said["P4"]
    codes = {(f["code"], f["cell"]) for f in report["findings"]}
    assert ("C150", "A3") in codes and ("C150", "A4") in codes  # the same number
    assert not any(code in ("C113", "C130") for code, _ in codes), codes
    for args in (["check", path, "--today", "2019-10-01", "-o", tmp_path / "校验.xlsx"],
                 ["merge", path, "-o", tmp_path / "合并.xlsx"]):
        result = run(*args)
        assert result.exit_code in (0, 1), result.output
    for output in (tmp_path / "校验.xlsx", tmp_path / "合并.xlsx"):
        text = _package_texts(output)
        assert "张三" in text and not re.search("[\x7f-\x9f]", text), output.name
