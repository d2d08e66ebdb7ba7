"""A big sheet read in two halves at once (xlkit.read.halves): the same ledger, to the cell, as one read; never
two halves put together that are not, and nothing left in the temp folder."""

from __future__ import annotations

import datetime as dt
import re
import tempfile
import zipfile
from pathlib import Path

import helpers
import openpyxl
import pytest
from click.testing import CliRunner
from openpyxl.utils import get_column_letter

from xlkit.cli import cli
from xlkit.read import extent, halves, prefetch
from xlkit.read.ledger import read_ledger
from xlkit.schema import BY_FIELD, COLUMNS

D = dt.date
CASES = 120


def cell(field: str, row: int) -> str:
    headers = [c.header for c in COLUMNS]
    return f"{get_column_letter(headers.index(BY_FIELD[field].header) + 1)}{row}"


def case(number: int) -> dict:
    return dict(case_id=f"2019-{number:03d}", petitioner=f"信访人{number}", registered_on=D(2019, 9, 1 + number % 28),
                source="县信访局", form="来访", petition_type="求决类", township="新宁镇", category="生活垃圾",
                demand=f"清运垃圾第{number}处", unit="综合股", accepted_on=D(2019, 10, 1 + number % 28),
                id_number="51172319800101001X" if number % 7 else "511723198001010011")


@pytest.fixture(autouse=True)
def split_every_sheet(monkeypatch, tmp_path):
    """Every sheet is read in halves (the tests' ledgers are small), on any machine, with the temp folder
    this test's own."""
    monkeypatch.setattr(halves, "SPLIT_FROM", 0)
    monkeypatch.setattr(halves, "_cores", lambda: 2)
    monkeypatch.setattr(halves, "SHARED_TEXTS_SHARE", float("inf"))
    temp = tmp_path / "temp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    yield temp
    prefetch.forget_all()


@pytest.fixture
def combined(monkeypatch):
    """How many times two halves were put together."""
    return helpers.spy(monkeypatch, halves, "combine")


def in_turn(path: Path, monkeypatch):
    with monkeypatch.context() as patch:
        patch.setattr(prefetch, "start", lambda *args, **kwargs: None)
        return read_ledger(path)


def same(a, b) -> None:
    assert [(f.code, f.where, f.message) for f in a.findings] == [(f.code, f.where, f.message) for f in b.findings]
    assert a.frame.equals(b.frame)
    assert len(a) == len(b)


def ledger(tmp_path: Path, cases: int = CASES, **kwargs) -> Path:
    return helpers.write_ledger(tmp_path / "台账.xlsx", [case(n) for n in range(1, cases + 1)], **kwargs)


def rewritten(path: Path, change) -> Path:
    """The package at `path` with its first sheet's XML changed by `change`."""
    copy = path.with_name("改写.xlsx")
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(copy, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            target.writestr(info, change(data) if info.filename == "xl/worksheets/sheet1.xml" else data)
    return copy


def test_a_ledger_read_in_halves_is_the_ledger_read_whole(tmp_path, monkeypatch, combined, split_every_sheet):
    """Dates (styles), a formula error and a formula without a result in each half, a merge in
    the second half, a note under the table, a second sheet."""
    path = ledger(tmp_path)
    book = openpyxl.load_workbook(path)
    sheet = book["台账"]
    for row in (5, CASES - 5):
        sheet[cell("opinion_on", row)] = "=TODAY()"  # no cached result
        sheet[cell("opinion_on", row + 1)] = "#N/A"
    sheet.merge_cells(f"{cell('registrar', CASES - 2)}:{cell('registrar', CASES)}")
    sheet[cell("registrar", CASES - 2)] = "李登记"
    sheet[f"A{CASES + 6}"] = "注：本表由综合股填报。"
    book.create_sheet("备注")["A1"] = "其他"
    book.save(path)

    halved = read_ledger(path)
    assert combined == [True]  # (read in halves, and put together)
    whole = in_turn(path, monkeypatch)
    same(halved, whole)
    assert halved.frame.loc[CASES, "registrar"] == "李登记"  # the merge reached the cases below it
    assert {"R024", "R025", "R000"} <= {f.code for f in halved.findings}
    assert halved.frame.loc[CASES + 2, "registered_on"] == pd_timestamp(case(CASES)["registered_on"])
    assert list(split_every_sheet.iterdir()) == []  # the halves' copies are gone


def excel_written(path: Path):
    """The cases written as Excel writes a book (a shared-text table, dates formatted as dates), left open for
    a test to add to: the book, its sheet, the date format and the headers."""
    import xlsxwriter

    book = xlsxwriter.Workbook(path)
    sheet = book.add_worksheet("台账")
    day = book.add_format({"num_format": "yyyy-mm-dd"})
    headers = [c.header for c in COLUMNS]
    sheet.write_row(0, 0, headers)
    for number in range(1, CASES + 1):
        values = {BY_FIELD[k].header: v for k, v in case(number).items()}
        for column, header in enumerate(headers):
            value = values.get(header)
            if isinstance(value, dt.date):
                sheet.write_datetime(number, column, dt.datetime.combine(value, dt.time()), day)
            elif value is not None:
                sheet.write_string(number, column, value)
    return book, sheet, day, headers


def test_shared_texts_as_excel_writes_them(tmp_path, monkeypatch, combined):
    """A ledger written with a shared-text table (as Excel, WPS and XlsxWriter write it), dates formatted as
    dates, a merge across the cut: each half reads the whole table of texts and the same styles."""
    path = tmp_path / "台账.xlsx"
    book, sheet, day, headers = excel_written(path)
    registrar = headers.index(BY_FIELD["registrar"].header)
    sheet.merge_range(CASES // 2 - 5, registrar, CASES // 2 + 25, registrar, "李登记")
    book.close()
    with zipfile.ZipFile(path) as package:
        assert "xl/sharedStrings.xml" in package.namelist()
    halved = read_ledger(path)
    assert combined == [True]
    same(halved, in_turn(path, monkeypatch))
    assert halved.frame.loc[CASES // 2 + 26, "registrar"] == "李登记"
    assert halved.frame.loc[CASES + 1, "accepted_on"] == pd_timestamp(case(CASES)["accepted_on"])


def test_parts_named_from_the_package_root(tmp_path, monkeypatch, combined):
    """A workbook whose relationships name their parts from the package's root (`Target="/xl/styles.xml"`,
    as some export tools write them): each half gets the same styles and shared texts, dates stay dates."""
    path = tmp_path / "导出.xlsx"
    book, sheet, day, headers = excel_written(path)
    demand = headers.index(BY_FIELD["demand"].header)
    sheet.write_datetime(CASES - 1, demand, dt.datetime(2019, 10, 8), day)  # a date typed into a text column
    book.close()
    rooted = tmp_path / "台账.xlsx"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(rooted, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "xl/_rels/workbook.xml.rels":
                data = re.sub(rb'Target="(?!/)', b'Target="/xl/', data)
                assert b'Target="/xl/styles.xml"' in data and b'Target="/xl/sharedStrings.xml"' in data
            target.writestr(info, data)
    halved = read_ledger(rooted)
    assert combined == [True]
    same(halved, in_turn(rooted, monkeypatch))
    assert halved.frame.loc[CASES + 1, "accepted_on"] == pd_timestamp(case(CASES)["accepted_on"])
    assert halved.frame.loc[2, "petitioner"] == "信访人1"
    assert "2019" in halved.frame.loc[CASES, "demand"]  # (the styles say it is a date, not 43746)


def pd_timestamp(day: dt.date):
    import pandas as pd

    return pd.Timestamp(day)


def test_inline_texts_a_header_at_c3_and_a_second_half_wider_than_the_first(tmp_path, monkeypatch, combined):
    """A sheet written as openpyxl's write-only mode writes it (inline texts, no shared ones), its table
    starting at C3 and a value further right in the second half than any in the first."""
    path = tmp_path / "台账.xlsx"
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("台账")
    headers = [c.header for c in COLUMNS]
    sheet.append([])
    sheet.append([None, None, "信访工作台账"])
    sheet.append([None, None, *headers])
    for number in range(1, CASES + 1):
        values = case(number)
        by_header = {BY_FIELD[k].header: v for k, v in values.items()}
        row = [None, None, *(by_header.get(h) for h in headers)]
        if number == CASES - 3:
            row += [None] * 5 + ["表格右边的备注"]
        sheet.append(row)
    book.save(path)
    halved = read_ledger(path)
    assert combined == [True]
    same(halved, in_turn(path, monkeypatch))
    assert len(halved) == CASES and halved.positions["case_id"] == 2


def cut_after(path: Path, row: int, monkeypatch) -> None:
    """The first half made to end with sheet row `row` (its share of bytes set so)."""
    with zipfile.ZipFile(path) as package:
        data = package.read("xl/worksheets/sheet1.xml")
    end = data.find(b"</row>", data.find(f'<row r="{row}"'.encode()))
    monkeypatch.setattr(halves, "FIRST_SHARE", (end - 1) / len(data))


def test_empty_rows_where_the_halves_meet_are_kept(tmp_path, monkeypatch, combined):
    """Rows with no values right after the cut (a clerk's blank rows between two blocks of cases): the rows
    below keep their numbers."""
    rows = [case(n) for n in range(1, CASES + 1)]
    path = helpers.write_ledger(tmp_path / "台账.xlsx", rows[:60] + [{}] * 40 + rows[60:])
    cut_after(path, 62, monkeypatch)  # (a title row, the header, 60 cases)
    halved = read_ledger(path)
    assert combined == [True]
    whole = in_turn(path, monkeypatch)
    same(halved, whole)
    assert list(halved.frame.index) == list(whole.frame.index) and halved.frame.index[-1] == CASES + 40 + 2
    assert halved.frame.index[60] == 62 + 40 + 1


def test_a_cell_whose_reference_lies_in_the_other_half_is_not_put_together(tmp_path, monkeypatch, combined):
    """`<row r="110"><c r="B7">` (a file no program writes, but calamine places the cell by its reference): the
    halves overlap, and the sheet is read whole — the same ledger as without halves."""
    path = ledger(tmp_path)

    def move(data: bytes) -> bytes:
        return data.replace(b'<c r="B110"', b'<c r="B7"', 1)

    moved = rewritten(path, move)
    halved = read_ledger(moved)
    assert combined == [False]  # (tried, refused)
    same(halved, in_turn(moved, monkeypatch))


def test_a_cdata_value_where_the_cut_falls_leaves_the_sheet_whole(tmp_path, monkeypatch, combined):
    """A value written as CDATA holding `</row>` (valid XML) in the piece of XML where the cut would fall: the
    `</row>` found may be inside it, so the sheet is not cut."""
    path = ledger(tmp_path)
    ref = cell("petitioner", CASES // 2 + 7).encode()

    def put(data: bytes) -> bytes:
        found = re.search(rb'<c r="' + ref + rb'" t="inlineStr"><is><t>[^<]*</t></is></c>', data)
        assert found is not None
        return data.replace(found[0], b'<c r="' + ref + b'" t="str"><v><![CDATA[</row>x]]></v></c>')

    odd = rewritten(path, put)
    halved = read_ledger(odd)
    assert combined == []  # never cut
    same(halved, in_turn(odd, monkeypatch))
    assert halved.frame.loc[CASES // 2 + 7, "petitioner"] == "</row>x"  # (the CDATA text, put back: R047)


def test_a_full_temp_folder_only_means_the_sheet_is_read_whole(tmp_path, monkeypatch, combined):
    path = ledger(tmp_path)

    def full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(tempfile, "mkstemp", full)
    halved = read_ledger(path)
    assert combined == []
    same(halved, in_turn(path, monkeypatch))


def test_a_command_that_stops_before_reading_leaves_no_copy_behind(tmp_path, split_every_sheet):
    """`check -o` onto a report that exists stops before it reads the ledger: the halves begun are removed."""
    path = ledger(tmp_path)
    report = tmp_path / "校验结果.xlsx"
    report.write_bytes(b"")
    result = CliRunner().invoke(cli, ["check", str(path), "-o", str(report), "--today", "2019-11-15"])
    assert result.exit_code == 2 and "已存在" in result.output
    assert prefetch._pending == {}
    assert list(split_every_sheet.iterdir()) == []


def test_a_command_reads_the_ledger_in_halves(tmp_path, combined, split_every_sheet):
    path = ledger(tmp_path)
    result = CliRunner().invoke(cli, ["check", str(path), "--today", "2019-11-15", "--json"])
    assert result.exit_code in (0, 1), result.output
    assert combined == [True]
    assert list(split_every_sheet.iterdir()) == []


@pytest.mark.parametrize("shared", [True, False])
def test_a_sheet_whose_texts_are_shared_is_read_whole(tmp_path, monkeypatch, shared):
    """Each half reads the whole table of shared texts: a sheet keeping its texts there (as Excel, WPS and
    LibreOffice write them) is read whole; one with its texts in its cells (openpyxl's write-only mode,
    system exports), or with few shared, in halves."""
    monkeypatch.setattr(halves, "SHARED_TEXTS_SHARE", 1 / 16)
    path = tmp_path / "台账.xlsx"
    if shared:
        excel_written(path)[0].close()
    else:
        path = ledger(tmp_path)
        with zipfile.ZipFile(path, "a") as package:  # (a small table of shared texts, used by no cell)
            package.writestr("xl/sharedStrings.xml", '<sst xmlns="http://schemas.openxmlformats.org/'
                             'spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>县信访局</t></si></sst>')
    with zipfile.ZipFile(path) as package:
        sheet = package.getinfo("xl/worksheets/sheet1.xml").file_size
        assert halves.worth_splitting(package, "xl/worksheets/sheet1.xml") == (None if shared else sheet)
    split = helpers.spy(monkeypatch, halves, "combine")
    read_ledger(path)
    assert split == ([] if shared else [True])


@pytest.mark.parametrize(("first", "second", "start", "expected"), [
    ([["a", ""]], [["b"]], (2, 1), [["a", ""], ["", ""], ["", "b"]]),  # a gap row; the second from column B
    ([["a"]], [["b", "c"]], (1, 0), [["a", ""], ["b", "c"]]),  # the second half wider
    ([], [["b"]], (3, 0), [[""], [""], [""], ["b"]]),  # nothing in the first half
    ([["a"]], [], None, [["a"]]),  # nothing in the second
    ([["a"], ["x"]], [["b"]], (1, 0), None),  # overlap
])
def test_combine(first, second, start, expected):
    assert halves.combine(first, second, start) == expected


def test_a_sheet_data_tag_named_in_a_comment_before_the_rows_leaves_the_sheet_whole(tmp_path, monkeypatch, combined):
    """`<!-- <sheetData> … -->` before the rows (valid XML): the half's beginning would end inside the comment
    and calamine read the second half as empty — half the cases lost."""
    def put(data: bytes) -> bytes:
        at = data.index(b"<sheetData>")
        return (data[:at] + b"<!-- <sheetData> below -->" + data[at:]).replace(b"</sheetData>",
                                                                                b"</sheetData><!-- end -->")

    odd = rewritten(ledger(tmp_path), put)
    monkeypatch.setattr(extent, "_CHUNK", 4096)  # (pieces as small as a big sheet's are to it: the comments
    # fall in other pieces than the cut)
    halved = read_ledger(odd)
    assert combined == []
    same(halved, in_turn(odd, monkeypatch))
    assert len(halved) == CASES


def test_styles_found_by_their_usual_name_in_another_case(tmp_path, monkeypatch, combined):
    """Styles stored as `xl/Styles.xml` under a relationship naming `styles.xml`: calamine finds them without
    regard to case, and so must each half's copy, or a date typed into a text column reads as 43746."""
    path = tmp_path / "台账.xlsx"
    book, sheet, day, headers = excel_written(path)
    sheet.write_datetime(CASES - 1, headers.index(BY_FIELD["demand"].header), dt.datetime(2019, 10, 8), day)
    book.close()
    odd = tmp_path / "大小写.xlsx"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(odd, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr("xl/Styles.xml" if info.filename == "xl/styles.xml" else info.filename, source.read(info))
    halved = read_ledger(odd)
    assert combined == [True]
    same(halved, in_turn(odd, monkeypatch))
    assert "2019" in halved.frame.loc[CASES, "demand"]


@pytest.mark.parametrize(("piece", "numbered"), [
    (b'<row r="5"><c r="A5"/></row><row r="6" spans="1:2">', True),
    (b'<row><c/></row>', False),  # calamine would number it from the half's start
    (b'<row spans="1:2" r="7">', False),  # (read whole: safe)
    (b'</sheetData><rowBreaks count="1">', True),
])
def test_rows_numbered(piece, numbered):
    assert halves._rows_numbered(piece) is numbered
