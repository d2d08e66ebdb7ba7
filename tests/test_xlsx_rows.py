"""`xlsx_rows.RowWriter` (issue 15): rows written as finished XML hold exactly what the public calls write.

Each workbook is written twice, through the fast rows and through XlsxWriter's public calls only
(`xlsx_rows.ENABLED = False`, which is also what an XlsxWriter version it does not know gets), and
every cell's value, type, number format, font, fill and alignment, every row height, hyperlink and
merge and each sheet's dimension are compared as openpyxl reads them.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path

import helpers
import openpyxl
import pytest

from xlkit.check.report import write_check_report
from xlkit.check.run import check_file
from xlkit.findings import Finding, Severity
from xlkit.output import xlsx_rows
from xlkit.read.text import NOT_XML

D = dt.date
LONG = "很长的诉求内容" * 3000  # past 16,383 characters: that row goes through the public calls
HOSTILE = [
    "_x0001_ 像转义的文字 _X00aF_",
    "控制\x01字符\x0b换行\x0c分页\x1f",
    "尖括号 <&> \"引号\" '单引号'",
    "=SUM(A1:A9)",
    "+86 138",
    "-1",
    "@名字",
    "表情 😀 与 𠮷",
    "  前后有空格  ",
    "\u3000全角空格开头",
    "结尾换行\n",
    "回车\r\n换行",
    "制表\t符",
    "",
    LONG,
    "\ufffe非字符\uffff",
    "孤立代理\ud800字",
]


def facts(path: Path) -> dict:
    """Everything a clerk sees of each cell and row, as openpyxl reads it, plus each sheet's dimension."""
    book = openpyxl.load_workbook(path)
    seen = {}
    with zipfile.ZipFile(path) as package:
        parts = [package.read(name) for name in sorted(package.namelist()) if name.startswith("xl/worksheets/sheet")]
    # each sheet's dimension and which cells the file holds at all (an unstyled empty one too)
    dimensions = [(re.findall(rb'<dimension ref="([^"]+)"', part)[0], sorted(re.findall(rb'<c r="([A-Z]+\d+)"', part)))
                  for part in parts]
    for ws in book.worksheets:
        cells = {}
        for row in ws.iter_rows():
            for cell in row:
                if cell.value is None and not cell.has_style:
                    continue
                font, fill, align = cell.font, cell.fill, cell.alignment
                cells[cell.coordinate] = (
                    cell.value, cell.data_type, cell.number_format,
                    (font.name, font.sz, font.b, font.i, font.u, font.color.rgb if font.color else None),
                    (fill.fill_type, fill.fgColor.rgb if fill.fill_type else None),
                    (align.horizontal, align.vertical, align.wrap_text),
                    cell.border.left.style, cell.border.bottom.style)
        links = sorted((cell.coordinate, cell.hyperlink.target, cell.hyperlink.location, cell.hyperlink.tooltip,
                        cell.hyperlink.display) for row in ws.iter_rows() for cell in row if cell.hyperlink)
        heights = {row: d.height for row, d in ws.row_dimensions.items() if d.height is not None}
        seen[ws.title] = (cells, links, heights, sorted(map(str, ws.merged_cells.ranges)), ws.print_title_rows,
                          ws.freeze_panes, ws.auto_filter.ref)
    seen["dimensions"] = dimensions
    return seen


def fast_here() -> bool:
    """This XlsxWriter gets the fast rows (the tests of the rows themselves need it; the comparisons do not)."""
    import io

    import xlsxwriter

    workbook = xlsxwriter.Workbook(io.BytesIO(), {"in_memory": True})
    try:
        return xlsx_rows.RowWriter(workbook.add_worksheet(), [None]).fast
    finally:
        workbook.close()


needs_fast = pytest.mark.skipif(not fast_here(), reason="this XlsxWriter gets the public calls only")


def unescaped(text):
    """A cell's text as Excel shows it: OOXML's _xHHHH_ escapes read."""
    if not isinstance(text, str):
        return text
    return re.sub("_x([0-9A-Fa-f]{4})_", lambda match: chr(int(match.group(1), 16)), text)


def both_ways(monkeypatch, write) -> tuple[Path, Path]:
    """`write(path)` with the fast rows and with the public calls only."""
    paths = []
    for fast in (True, False):
        monkeypatch.setattr(xlsx_rows, "ENABLED", fast)
        paths.append(write(fast))
    return paths[0], paths[1]


def sheet_xml(path: Path, index: int) -> bytes:
    with zipfile.ZipFile(path) as package:
        return package.read(f"xl/worksheets/sheet{index}.xml")


@pytest.fixture(scope="module")
def checked(tmp_path_factory):
    folder = tmp_path_factory.mktemp("台账#1")
    rows = [dict(case_id=f"2019-{n:03d}", petitioner="张三", township="火星镇", registered_on=D(2019, 9, 2),
                 id_number="11010519491231002X", demand="诉求" * (n % 40)) for n in range(1, 60)]
    result = check_file(helpers.write_ledger(folder / "台账.xlsx", rows), D(2019, 11, 1))
    hostile = [Finding(Severity.WARNING, "C110", message=text, hint=text[:300], sheet="台账", cell=f"H{n + 3}",
                       row=n + 3, column="诉求内容", case_id=f"=A{n}", value=text[:20])
               for n, text in enumerate(HOSTILE)]
    odd_values = [D(2019, 5, 1), D(1899, 12, 31), dt.datetime(2019, 5, 1, 12, 30), 3.5, 12, True,
                  "11010519491231002X", None]
    odd = [Finding(Severity.INFO, "C140", message=f"值是 {value!r}", sheet="台账" if n % 2 else "", cell="",
                   column="登记日期", value=value) for n, value in enumerate(odd_values)]
    result.findings.extend(hostile + odd)
    return result


def test_the_check_report_is_the_same_written_either_way(monkeypatch, tmp_path, checked):
    fast, public = both_ways(monkeypatch, lambda on: write_check_report(checked, tmp_path / f"{on}.xlsx"))
    seen = facts(fast)
    assert seen == facts(public)
    assert len(seen["校验结果"][1]) == sum(1 for finding in checked.findings if finding.sheet)
    # in constant_memory mode every part is even the same bytes (styles numbered in the same order, the
    # links and their relationships written alike), but for the time of writing
    with zipfile.ZipFile(fast) as one, zipfile.ZipFile(public) as other:
        assert one.namelist() == other.namelist()
        for name in one.namelist():
            if name != "docProps/core.xml":
                assert one.read(name) == other.read(name), name


def test_hostile_text_reaches_the_report_as_text(monkeypatch, tmp_path, checked):
    monkeypatch.setattr(xlsx_rows, "ENABLED", True)
    path = write_check_report(checked, tmp_path / "校验结果.xlsx")
    ws = openpyxl.load_workbook(path)["校验结果"]
    # openpyxl leaves an inline string's _xHHHH_ escapes as they are; Excel and LibreOffice read them
    shown = {unescaped(ws.cell(row, 7).value) for row in range(4, ws.max_row + 1)}
    for text in ("_x0001_ 像转义的文字 _X00aF_", "尖括号 <&> \"引号\" '单引号'", "=SUM(A1:A9)", "表情 😀 与 𠮷",
                 "  前后有空格  ", "\u3000全角空格开头", "控制字符\n换行\n分页", "非字符", "孤立代理字", "回车\r\n换行",
                 "结尾换行\n", "制表\t符", "@名字"):
        assert text in shown, text
    assert LONG in shown
    assert all(cell.data_type != "f" for row in ws.iter_rows() for cell in row)


def test_an_xlsxwriter_it_was_not_checked_with_gets_the_public_calls(monkeypatch, tmp_path, checked):
    import xlsxwriter

    monkeypatch.setattr(xlsxwriter, "__version__", "99.0.0")
    workbook = xlsxwriter.Workbook(str(tmp_path / "a.xlsx"), {"constant_memory": True})
    assert not xlsx_rows.RowWriter(workbook.add_worksheet(), [None]).fast
    workbook.close()
    monkeypatch.setattr(xlsx_rows, "ENABLED", True)
    path = write_check_report(checked, tmp_path / "校验结果.xlsx")
    monkeypatch.setattr(xlsx_rows, "ENABLED", False)
    assert facts(path) == facts(write_check_report(checked, tmp_path / "公开.xlsx"))


@needs_fast
def test_rows_after_public_writes_and_public_writes_after_rows_keep_one_row_each(tmp_path):
    import xlsxwriter

    path = tmp_path / "mixed.xlsx"
    workbook = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = workbook.add_worksheet()
    bold = workbook.add_format({"bold": True})
    rows = xlsx_rows.RowWriter(sheet, [bold, None, workbook.add_format({"num_format": "yyyy-mm-dd"})])
    sheet.write_string(0, 0, "公开")
    assert not rows.write(0, [None, ("同一行", 0)])  # row 1 is under way through the public calls
    sheet.write_string(0, 1, "同一行", bold)
    assert rows.write(1, [("快", 0), (2.5, 1), None, (D(2020, 1, 2), 2)], height=40)
    sheet.write_string(1, 5, "已写过的行")  # refused by XlsxWriter, as for any row passed in this mode
    sheet.write_string(2, 0, "公开之后")
    assert rows.write(3, [("再快", 1)])
    assert not rows.write(3, [("又一次", 1)])
    assert rows.write(4, [None, ("链接", 1)], link=(1, "external:台账 A.xlsx#'台账'!B7", "去 <B7> & 看"))
    sheet.write_url(5, 0, "external:另一本.xlsx", None, "公开的链接")
    # another sheet mixes in an internal link: XlsxWriter's own <hyperlinks> writer does that one
    other = workbook.add_worksheet("内部")
    others = xlsx_rows.RowWriter(other, [None])
    assert others.write(0, [("外部", 0)], link=(0, "external:台账.xlsx#'台账'!A2", "外"))
    other.write_url(1, 0, "internal:'Sheet1'!A1", None, "内部")
    workbook.close()
    links = {name: facts(path)[name][1] for name in ("Sheet1", "内部")}
    assert links == {"Sheet1": [("A6", "另一本.xlsx", None, None, None),
                                ("B5", "台账%20A.xlsx", "'台账'!B7", "去 <B7> & 看", None)],
                     "内部": [("A1", "台账.xlsx", "'台账'!A2", "外", None), ("A2", None, "'Sheet1'!A1", None, "内部")]}
    with zipfile.ZipFile(path) as package:
        xml = package.read("xl/worksheets/sheet1.xml").decode()
    assert [int(n) for n in re.findall(r'<row r="(\d+)"', xml)] == [1, 2, 3, 4, 5, 6]
    assert '<dimension ref="A1:D6"/>' in xml
    ws = openpyxl.load_workbook(path).active
    assert [[c.value for c in row] for row in ws.iter_rows()] == [
        ["公开", "同一行", None, None], ["快", 2.5, None, dt.datetime(2020, 1, 2)], ["公开之后", None, None, None],
        ["再快", None, None, None], [None, "链接", None, None], ["公开的链接", None, None, None]]
    assert ws.row_dimensions[2].height == 30


def write_blocks(path: Path) -> Path:
    """A workbook with streamed tables of every kind of value, a cell beside a block row, merges and heights."""
    import numpy as np
    from openpyxl import Workbook

    from xlkit.output import xlsx_style
    from xlkit.output.files import save_workbook

    workbook = Workbook()
    ws = workbook.active
    ws.title = "明细"
    row = xlsx_style.title(ws, "明细表", 6, note="共 3 张表")
    body = [[text, n, n * 0.5, D(2019, 9, 1 + n % 28), n % 2 == 0, None] for n, text in enumerate(HOSTILE)]
    body += [["早日期", 1, D(1899, 12, 31), dt.datetime(2019, 9, 1, 8, 30), np.int64(7), np.float64(2.5)],
             ["", None, "", 0, -0.0, 1e20], ["很长" * 40, 12345678901234567, 1 / 3, None, None, "尾"]]
    top, last = xlsx_style.write_table(ws, row + 1, ["文字", "数", "小数", "日期", "是否", "空"], body,
                                       formats={2: "0.00", 3: xlsx_style.DATE}, wrap=(0,), stream=True)
    ws.cell(top + 2, 8).value = "表旁的格"  # a cell of its own in a block's row: that row is written cell by cell
    xlsx_style.note(ws, last + 2, "表下说明", columns=6)
    ws.row_dimensions[top + 3].height = 33
    second = ws.parent.create_sheet("大表")
    big = [[f"A{n}", n, D(2020, 1, 1 + n % 31), "重复的文字", "" if n % 3 else "有", None] for n in range(3000)]
    xlsx_style.write_table(second, 1, ["编号", "数", "日期", "文字", "空文字", "无"], big,
                           formats={2: xlsx_style.DATE}, stream=True)
    return save_workbook(workbook, path, xlsxwriter=True)


def test_streamed_tables_are_the_same_written_either_way(monkeypatch, tmp_path):
    fast, public = both_ways(monkeypatch, lambda on: write_blocks(tmp_path / f"{on}.xlsx"))
    seen = facts(fast)
    assert seen == facts(public)
    cells = seen["明细"][0]
    assert any(value[0] == "表旁的格" for value in cells.values())
    assert len(seen["大表"][0]) > 3000 * 4
    if not fast_here():
        return
    # XlsxWriter's own rows carry spans="…": the fast ones, written without, are the block's rows
    fast_rows = re.findall(rb'<row r="\d+"[^>]*>', sheet_xml(fast, 2))
    assert sum(b"spans" not in tag for tag in fast_rows) == 3000
    assert all(b"spans" in tag for tag in re.findall(rb'<row r="\d+"[^>]*>', sheet_xml(public, 2)))


@pytest.mark.parametrize("what", ["quarterly", "monthly"])
def test_the_report_workbooks_are_the_same_written_either_way(monkeypatch, tmp_path, what):
    from click.testing import CliRunner
    from kpi_cases import ROWS, TODAY

    from xlkit.cli import cli

    rows = [*ROWS, *({**ROWS[0], "case_id": f"X-{n}", "demand": text[:2000], "petitioner": text[:20]}
                     for n, text in enumerate(HOSTILE) if not NOT_XML.search(text))]  # what a ledger can hold
    ledger = helpers.write_ledger(tmp_path / "台账.xlsx", rows)
    period = ["--quarter", "2019Q3"] if what == "quarterly" else ["--month", "2019-09"]

    def write(on):
        (tmp_path / str(on)).mkdir()
        out = tmp_path / str(on) / f"{what}.xlsx"  # the quarterly report draft goes beside it
        result = CliRunner().invoke(cli, [what, str(ledger), *period, "--today", TODAY.isoformat(), "-o", str(out)])
        assert result.exit_code == 0, result.output
        return out

    fast, public = both_ways(monkeypatch, write)
    assert facts(fast) == facts(public)


@needs_fast
def test_rows_an_xlsxwriter_never_asked_for_are_an_error_not_a_file_without_them(monkeypatch, tmp_path):
    import xlsxwriter.worksheet

    # an XlsxWriter that writes a sheet's rows some other way would leave the kept rows out
    monkeypatch.setattr(xlsxwriter.worksheet.Worksheet, "_write_sheet_data",
                        lambda self: self._xml_empty_tag("sheetData"))
    monkeypatch.setattr(xlsx_rows, "ENABLED", True)
    with pytest.raises(ValueError, match="XlsxWriter"):
        write_blocks(tmp_path / "a.xlsx")
    assert not (tmp_path / "a.xlsx").exists()


@pytest.mark.parametrize("fast", [True, False])
def test_text_that_looks_like_rich_text_xml_stays_text(monkeypatch, tmp_path, checked, fast):
    import xlsxwriter

    from xlkit.output.files import put_stream

    text = "<r>诉求 & 其他</r>"
    path = tmp_path / "a.xlsx"
    workbook = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = workbook.add_worksheet()
    put_stream(sheet, 0, 0, text, workbook.add_format({"bold": True, "font_name": "宋体"}))
    put_stream(sheet, 1, 0, "<r><t>看起来</t></r>")
    workbook.close()
    cells = openpyxl.load_workbook(path).active  # XlsxWriter alone wrote this file unreadable
    assert (cells["A1"].value, cells["A1"].font.b, cells["A1"].font.name) == (text, True, "宋体")
    assert cells["A2"].value == "<r><t>看起来</t></r>"

    monkeypatch.setattr(xlsx_rows, "ENABLED", fast)
    result = type(checked)(checked.ledger, checked.today, [
        Finding(Severity.ERROR, "C110", message=text, sheet="台账", cell="H3", column=text, value=text),
        Finding(Severity.ERROR, "C110", message=text + LONG + "</r>", column=text, value=text)])
    ws = openpyxl.load_workbook(write_check_report(result, tmp_path / "校验结果.xlsx"))["校验结果"]
    assert [ws.cell(4, 4).value, ws.cell(4, 7).value, ws.cell(5, 7).value] == [text, text, text + LONG + "</r>"]


def test_the_column_letters_are_excels_for_every_column():
    from openpyxl.utils import get_column_letter

    from xlkit.output.xlsx_rows import _LETTERS

    assert len(_LETTERS) == 16_384
    assert _LETTERS == [get_column_letter(n) for n in range(1, 16_385)]
