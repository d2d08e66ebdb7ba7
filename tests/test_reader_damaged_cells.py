"""One damaged cell in a sheet's XML (or one damaged shared string) made calamine refuse the whole sheet, and
xlkit said the file was damaged and read nothing (exit 2). Now every sound cell is read and each damaged one
is reported at its address (R046 read as empty, R047 read as recovered, R024 for an error value such as
Excel 365's #SPILL!).

Each test writes a real ledger with XlsxWriter (shared strings, as Excel writes them) and damages its XML.
"""

from __future__ import annotations

import json
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
import xlsxwriter
from click.testing import CliRunner

from xlkit.cli import cli

HEADERS = ["案件编号", "登记日期", "信访人", "联系电话", "涉及人数"]
ROWS = [["2019-001", "2019-09-03", "张三", "13800001111", 1],
        ["2019-002", "2019-09-04", "李四", "13800002222", 3],
        ["2019-003", "2019-09-05", "王五", "13800003333", 2]]
SHEET = "xl/worksheets/sheet1.xml"
STRINGS = "xl/sharedStrings.xml"


def _ledger(path: Path) -> Path:
    workbook = xlsxwriter.Workbook(str(path))
    sheet = workbook.add_worksheet("台账")
    sheet.write_row(0, 0, ["信访工作台账"])
    sheet.write_row(1, 0, HEADERS)
    for number, row in enumerate(ROWS, start=2):
        sheet.write_row(number, 0, row)
    workbook.close()
    return path


def _many(path: Path, cases: int) -> Path:
    """A ledger of `cases` rows under the header alone; case n's 涉及人数 is n."""
    workbook = xlsxwriter.Workbook(str(path))
    sheet = workbook.add_worksheet("台账")
    sheet.write_row(0, 0, HEADERS)
    for number in range(1, cases + 1):
        sheet.write_row(number, 0, [f"2019-{number:04d}", "2019-09-03", f"张{number}", "13800001111", number])
    workbook.close()
    return path


def _rewritten(sound: Path, path: Path, part: str, change: Callable[[bytes], bytes]) -> Path:
    """A copy of the package `sound` at `path` with the XML of `part` changed by `change`."""
    with zipfile.ZipFile(sound) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            target.writestr(info, change(data) if info.filename == part else data)
    return path


def _damaged(tmp_path: Path, part: str, old: bytes, new: bytes) -> Path:
    def damage(data: bytes) -> bytes:
        assert data.count(old) == 1, data
        return data.replace(old, new)

    return _rewritten(_ledger(tmp_path / "sound.xlsx"), tmp_path / "台账.xlsx", part, damage)


def _check(path: Path) -> dict:
    result = CliRunner().invoke(cli, ["check", str(path), "--json", "--today", "2020-12-31"])
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.output)


def _reader_findings(report: dict) -> list[dict]:
    return [f for f in report["findings"] if f["code"] in ("R024", "R046", "R047")]


# the 王五 cell C5 holds shared string 16, the 涉及人数 cell E4 the number 3
NAME, COUNT = b'<c r="C5" t="s"><v>16</v></c>', b'<c r="E4"><v>3</v></c>'

LOST = [
    ("shared-string index past the table's end", SHEET, NAME, b'<c r="C5" t="s"><v>999</v></c>', "C5", "信访人"),
    # calamine read these as shared text 0 (the sheet's title) without a word: another cell's words
    ("shared-string index that is not a number", SHEET, NAME, b'<c r="C5" t="s"><v>abc</v></c>', "C5", "信访人"),
    ("negative shared-string index", SHEET, NAME, b'<c r="C5" t="s"><v>-1</v></c>', "C5", "信访人"),
]
RECOVERED = [
    ("unknown cell type", SHEET, COUNT, b'<c r="E4" t="zz"><v>3</v></c>', "E4", "涉及人数", "3"),
    ("inline string with broken markup", SHEET, NAME,
     '<c r="C5" t="inlineStr"><is><t>王五</t><r><t>强</is></c>'.encode(), "C5", "信访人", "王五强"),
    ("an HTML entity", SHEET, NAME, '<c r="C5" t="inlineStr"><is><t>王&nbsp;五</t></is></c>'.encode(),
     "C5", "信访人", "王\xa0五"),
    ("bytes that are not UTF-8 (GBK)", SHEET, NAME,
     b'<c r="C5" t="inlineStr"><is><t>' + "王五".encode("gbk") + b"</t></is></c>", "C5", "信访人", "王五"),
    ("a boolean that is not 0 or 1", SHEET, COUNT, b'<c r="E4" t="b"><v>yes</v></c>', "E4", "涉及人数", "yes"),
    ("an address without its row", SHEET, COUNT, b'<c r="E0"><v>3</v></c>', "E4", "涉及人数", "3"),
    ("a damaged cell beside one addressed in small letters", SHEET, COUNT,
     b'<c r="e4"><v>3</v></c><c r="F4" t="b"><v>yes</v></c>', "F4", "", "yes"),
    ("a value element left unclosed", SHEET, COUNT, b'<c r="E4"><v>3</v</c>', "E4", "涉及人数", "3"),
    ("a shared string with broken markup", STRINGS, "<t>王五</t>".encode(), "<t>王五</x>".encode(),
     "C5", "信访人", "王五"),
    # a few exporters write an inline text as a value: calamine and openpyxl read it as empty, without a word
    ("an inline text written as a value", SHEET, NAME, '<c r="C5" t="inlineStr"><v>王五</v></c>'.encode(),
     "C5", "信访人", "王五"),
    ("an inline text written as a value, with an entity", SHEET, NAME,
     '<c r="C5" s="0" t=\'inlineStr\'>\n<v>王&amp;五</v></c>'.encode(), "C5", "信访人", "王&五"),
    ("a text value written as CDATA", SHEET, NAME, '<c r="C5" t="str"><v><![CDATA[王五]]></v></c>'.encode(),
     "C5", "信访人", "王五"),
    ("an inline text written as a CDATA value", SHEET, NAME,
     '<c r="C5" t="inlineStr"><v><![CDATA[王<五>]]></v></c>'.encode(), "C5", "信访人", "王<五>"),
    ("a shared string with a lone ampersand", STRINGS, "<t>王五</t>".encode(), "<t>王&五</t>".encode(), "C5", "信访人", "王&五"),
]


@pytest.mark.parametrize(("damage", "part", "old", "new", "cell", "column"), LOST, ids=[c[0] for c in LOST])
def test_a_cell_that_cannot_be_read_is_an_error_at_its_address_and_the_rest_is_read(
        tmp_path, damage, part, old, new, cell, column):
    report = _check(_damaged(tmp_path, part, old, new))
    assert report["cases"] == 3
    (finding,) = _reader_findings(report)
    assert (finding["code"], finding["severity"], finding["sheet"], finding["cell"], finding["column"],
            finding["case_id"]) == ("R046", "错误", "台账", cell, column, "2019-003")
    assert "已损坏" in finding["message"] and "按未填写处理" in finding["message"]


@pytest.mark.parametrize(("damage", "part", "old", "new", "cell", "column", "read"), RECOVERED,
                         ids=[c[0] for c in RECOVERED])
def test_a_damaged_cell_whose_text_can_be_recovered_is_read_so_with_a_warning(
        tmp_path, damage, part, old, new, cell, column, read):
    from xlkit.read.ledger import read_ledger

    path = _damaged(tmp_path, part, old, new)
    report = _check(path)
    assert report["cases"] == 3
    (finding,) = _reader_findings(report)
    assert (finding["code"], finding["severity"], finding["sheet"], finding["cell"], finding["column"]) == (
        "R047", "警告", "台账", cell, column)
    assert f"“{read}”" in finding["message"] and "请核对" in finding["message"]
    frame = read_ledger(path).frame
    assert list(frame["case_id"]) == ["2019-001", "2019-002", "2019-003"]
    assert list(frame["phone"]) == ["13800001111", "13800002222", "13800003333"]
    if column == "信访人":
        assert list(frame["petitioner"]) == ["张三", "李四", read]


def test_an_error_value_calamine_does_not_know_is_a_formula_error_at_its_cell(tmp_path):
    # Excel 365 writes dynamic-array errors (#SPILL!, #CALC!) that calamine refuses: the sheet was unread
    path = _damaged(tmp_path, SHEET, COUNT, b'<c r="E4" t="e"><f>SORT(A1:A3)</f><v>#SPILL!</v></c>')
    report = _check(path)
    assert report["cases"] == 3
    (finding,) = _reader_findings(report)
    assert (finding["code"], finding["cell"], finding["column"], finding["case_id"], finding["value"]) == (
        "R024", "E4", "涉及人数", "2019-002", "#SPILL!")


def test_a_damaged_header_cell_is_named_and_the_column_said_missing(tmp_path):
    report = _check(_damaged(tmp_path, SHEET, b'<c r="C2" t="s"><v>3</v></c>', b'<c r="C2" t="s"><v>300</v></c>'))
    (finding,) = _reader_findings(report)
    assert (finding["code"], finding["cell"]) == ("R046", "C2")
    assert "单元格 C2 在文件里已损坏" in finding["message"]


def test_many_damaged_cells_are_listed_up_to_a_bound_and_counted(tmp_path):
    # 涉及人数 a boolean 1…80
    damaged = _rewritten(_many(tmp_path / "many.xlsx", 80), tmp_path / "台账.xlsx", SHEET,
                         lambda data: re.sub(rb'<c r="(E[0-9]+)"><v>', rb'<c r="\1" t="b"><v>', data))
    report = _check(damaged)
    assert report["cases"] == 80
    found = _reader_findings(report)
    assert len(found) == 51  # 50 listed (E2 is 1, a true boolean), one counting the rest
    (rest,) = [f for f in found if not f["cell"]]
    assert "另有 29 个单元格" in rest["message"]


def test_an_inline_text_written_as_a_value_is_put_back_in_a_sheet_read_cell_by_cell(tmp_path):
    # a stray value at XFD1048576 sends the sheet the openpyxl way (xlkit.read.sparse), which drops it too
    path = _damaged(tmp_path, SHEET, NAME, '<c r="C5" t="inlineStr"><v>王五</v></c>'.encode())
    far = _rewritten(path, tmp_path / "远.xlsx", SHEET, lambda data: data.replace(
        b"</sheetData>", b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData>'))
    report = _check(far)
    assert report["cases"] == 3
    (finding,) = _reader_findings(report)
    assert (finding["code"], finding["cell"], finding["column"], finding["case_id"]) == (
        "R047", "C5", "信访人", "2019-003")
    assert "XFD1048576" in json.dumps(report, ensure_ascii=False)  # and the stray value is named (R020)


@pytest.mark.parametrize("written", [b" 16 ", b"16.0", b"\n16\n", b"+16"])
def test_a_shared_text_index_written_otherwise_than_as_digits_reads_its_own_text(tmp_path, written):
    # calamine read each as shared text 0 — the title 信访工作台账 as the petitioner — without a word
    from xlkit.read.ledger import read_ledger

    path = _damaged(tmp_path, SHEET, NAME, b'<c r="C5" t="s"><v>' + written + b"</v></c>")
    report = _check(path)
    assert report["cases"] == 3
    (finding,) = _reader_findings(report)
    assert (finding["code"], finding["cell"], finding["column"], finding["case_id"]) == (
        "R047", "C5", "信访人", "2019-003")
    assert "按第 16 条读取" in finding["message"]
    assert list(read_ledger(path).frame["petitioner"]) == ["张三", "李四", "王五"]


def test_a_cdata_value_among_thousands_of_plain_cells_is_read_and_only_it_is_named(tmp_path):
    # the 信访人 of row 1500 as CDATA; a ]]> elsewhere must not join cells
    cdata = _rewritten(_many(tmp_path / "many.xlsx", 2000), tmp_path / "台账.xlsx", SHEET,
                       lambda data: re.sub(rb'<c r="C1500" t="s"><v>[0-9]+</v></c>',
                                           '<c r="C1500" t="str"><v><![CDATA[李]四]]></v></c>'.encode(), data))
    report = _check(cdata)
    assert report["cases"] == 2000
    (finding,) = _reader_findings(report)
    assert (finding["code"], finding["cell"]) == ("R047", "C1500") and "“李]四”" in finding["message"]
