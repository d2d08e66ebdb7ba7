"""Formula errors in an old .xls are reported at their cell, as in an .xlsx (R024), not read as empty cells.

calamine reads a cell holding #N/A or #DIV/0! in an .xls as "" with no word; the BIFF8 records are read
before it opens the file (`xlkit.read.xls_extent`), and the reader reports each such cell.
"""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest
import xlwt
from helpers import convert, write_ledger

from xlkit.check.run import check_file
from xlkit.read.ledger import read_ledger
from xlkit.schema import header

#: each error Excel shows, the formula that makes it in LibreOffice, and the column of the ledger it sits in
ERRORS = [
    ("#NULL!", "=#NULL!", "registered_on"),
    ("#DIV/0!", "=1/0", "accepted_on"),
    ("#VALUE!", '="a"+1', "petitioner"),
    ("#REF!", "=#REF!", "demand"),
    ("#NAME?", "=NOSUCHFUNC(1)", "phone"),
    ("#NUM!", "=EXP(1000)", "id_number"),
    ("#N/A", "=NA()", "petitioner"),
]
#: formulas with a text, empty, true/false or number result: nothing to report
FINE = [("remarks", '="已电话回访"'), ("handler", '=""'), ("key_case", "=1=1"), ("people_count", "=1+2")]


def _case(number: int) -> dict:
    return {"case_id": f"2019-{number:03d}", "petitioner": f"信访人{number}", "registered_on": dt.date(2019, 9, 2),
            "accepted_on": dt.date(2019, 9, 3), "demand": "清运垃圾"}


@pytest.fixture(scope="module")
def converted(tmp_path_factory):
    """One ledger with a formula error a row, saved by LibreOffice as .xls and as .xlsx (both with results)."""
    folder = tmp_path_factory.mktemp("errors")
    rows = [_case(n) for n in range(1, len(ERRORS) + 3)]
    rows[-1]["petitioner"] = None  # a really empty 信访人: still C101
    source = write_ledger(folder / "台账.xlsx", rows)
    book = openpyxl.load_workbook(source)
    sheet = book["台账"]
    columns = {cell.value: cell.column for cell in sheet[2]}
    for offset, (_text, formula, field_name) in enumerate(ERRORS):
        sheet.cell(3 + offset, columns[header(field_name)]).value = formula
    fine_row = 3 + len(ERRORS)
    for field_name, formula in FINE:
        sheet.cell(fine_row, columns[header(field_name)]).value = formula
    book.save(source)
    return convert(source, "xls", folder / "xls"), convert(source, "xlsx", folder / "xlsx")


def _r024(findings):
    return sorted((f.cell, f.column, f.value, f.message, f.case_id, f.sheet) for f in findings if f.code == "R024")


@pytest.mark.libreoffice
def test_every_formula_error_in_an_xls_is_reported_at_its_cell(converted):
    xls, _ = converted
    ledger = read_ledger(xls)
    expected = []
    for offset, (text, _formula, field_name) in enumerate(ERRORS):
        row = 3 + offset
        expected.append((ledger.address(field_name, row), header(field_name), text,
                         f"“{header(field_name)}”的公式出错：{text}，按未填写处理。", f"2019-{offset + 1:03d}", "台账"))
        assert ledger.records([row]).__next__()[1][field_name] is None  # read as not filled
    assert _r024(ledger.findings) == sorted(expected)


@pytest.mark.libreoffice
def test_an_xls_and_an_xlsx_with_the_same_errors_say_the_same(converted):
    xls, xlsx = converted
    assert _r024(read_ledger(xls).findings) == _r024(read_ledger(xlsx).findings)

    def said(path):
        return [(f.code, f.cell, f.message) for f in check_file(path, dt.date(2019, 12, 31)).findings]

    assert said(xls) == said(xlsx)


@pytest.mark.libreoffice
def test_a_petitioner_holding_na_is_not_called_empty(converted):
    xls, _ = converted
    result = check_file(xls, dt.date(2019, 12, 31))
    ledger = result.ledger
    broken = ledger.address("petitioner", 3 + [e[0] for e in ERRORS].index("#N/A"))
    empty = ledger.address("petitioner", 3 + len(ERRORS) + 1)
    at = {}
    for finding in result.findings:
        at.setdefault(finding.cell, []).append(finding.code)
    assert at[broken] == ["R024"]
    assert "C101" in at[empty]  # a really empty one still is


@pytest.mark.libreoffice
@pytest.mark.parametrize("kind", [0, 1], ids=["xls", "xlsx"])
def test_formulas_with_text_blank_boolean_or_number_results_are_not_errors(converted, kind):
    """Also in the .xlsx: a formula whose result is "" is saved as t="str" with an empty value, a result."""
    ledger = read_ledger(converted[kind])
    row = 3 + len(ERRORS)
    assert not [f for f in ledger.findings if f.row == row and f.code in ("R024", "R025")]
    values = next(ledger.records([row]))[1]
    assert values["remarks"] == "已电话回访" and values["people_count"] == 3 and values["handler"] is None


def test_error_values_typed_into_an_xls_and_its_settings_are_reported(tmp_path):
    """An error typed as a value (a BOOLERR record), here written by xlwt, in the ledger and in 设置."""
    codes = {"#NULL!": 0x00, "#DIV/0!": 0x07, "#VALUE!": 0x0F, "#REF!": 0x17, "#NAME?": 0x1D, "#NUM!": 0x24,
             "#N/A": 0x2A}
    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("台账")
    for column, text in enumerate(["案件编号", "信访人", "受理日期", "备注"]):
        sheet.write(0, column, text)
    for row, code in enumerate(codes.values(), start=1):
        sheet.write(row, 0, f"2019-{row:03d}")
        if row % 2:  # the error in 受理日期, else in 信访人
            sheet.write(row, 1, f"信访人{row}")
            sheet.row(row).set_cell_error(2, code)
        else:
            sheet.row(row).set_cell_error(1, code)
        sheet.write(row, 3, True)  # a true/false value shares the record type: not an error
    settings = book.add_sheet("设置")
    settings.write(0, 0, "临期提醒天数")
    settings.row(0).set_cell_error(1, 0x2A)
    path = tmp_path / "旧台账.xls"
    book.save(str(path))

    result = check_file(path, dt.date(2019, 12, 31))
    found = {(f.sheet, f.cell): f for f in result.findings if f.code == "R024"}
    expected = {("台账", f"{'C' if row % 2 else 'B'}{row + 1}"): text for row, text in enumerate(codes, start=1)}
    expected[("设置", "B1")] = "#N/A"
    assert {place: f.value for place, f in found.items()} == expected
    assert found[("台账", "B3")].message == "“信访人”的公式出错：#DIV/0!，按未填写处理。"
    assert "临期提醒天数" in found[("设置", "B1")].message
    assert not [f for f in result.findings if f.code == "C101" and f.column == "信访人"]


def test_an_error_in_an_xls_cut_to_its_table_is_still_reported(tmp_path):
    """A sheet reaching IV65536 is cut before calamine opens it (R020): its error cells are reported too."""
    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("台账")
    for column, text in enumerate(["案件编号", "信访人", "受理日期"]):
        sheet.write(0, column, text)
    sheet.write(1, 0, "2019-001")
    sheet.write(1, 1, "李四")
    sheet.row(1).set_cell_error(2, 0x2A)
    sheet.write(2, 0, "2019-002")
    sheet.write(2, 1, "张三")
    sheet.write(65535, 255, "误按的字")
    sheet.row(30000).set_cell_error(1, 0x07)  # far below the table: left out, and said with its error
    path = tmp_path / "远.xls"
    book.save(str(path))

    ledger = read_ledger(path)
    codes = {(f.code, f.cell) for f in ledger.findings}
    assert {("R020", "IV65536"), ("R020", "B30001"), ("R024", "C2")} <= codes
    assert "#DIV/0!" in next(f.message for f in ledger.findings if f.cell == "B30001")
    assert ledger.frame["petitioner"].tolist() == ["李四", "张三"]


def test_a_formula_saved_without_its_result_is_still_said(tmp_path):
    """openpyxl saves `=""` with no result at all (no t="str"): that stays R025."""
    path = write_ledger(tmp_path / "t.xlsx", [{**_case(1), "handler": '=""'}])
    book = openpyxl.load_workbook(path)
    book["台账"][f"{read_ledger(path).column_of('handler')}3"].data_type = "f"
    book.save(path)
    ledger = read_ledger(path)
    assert [(f.code, f.cell) for f in ledger.findings if f.code == "R025"] == [("R025", ledger.address("handler", 3))]
