"""`xlkit import` (issue 11): a foreign ledger into the official template, nothing lost, same findings."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import first_contact_shapes
import helpers
import openpyxl
import pytest
import real_shapes
from click.testing import CliRunner
from real_shapes import BUILDERS, D

from xlkit.check.run import check_ledger
from xlkit.cli import cli
from xlkit.read.importer import import_ledger
from xlkit.read.ledger import read_ledger
from xlkit.schema import HELPER_HEADERS, IMPORT_NOTES_SHEET, KEPT_ASIDE_SHEET
from xlkit.template.builder import FIRST_DATA_ROW, column_letters

#: Findings about the original's header cells or its way of writing values, which the import rearranges:
#: unread columns move to 原表其他列 (C002/R006/R007), notes under the table to 导入说明 (R000), month-first
#: dates become dates (R012), a sample row under the header is left behind (R040), other names of built-in values
#: become those values (R041), and so do townships written with their county (R043); a 栏次 row is left behind
#: (R042), and so are a header repeated down the sheet, 小计 rows and rows holding only a number (R031–R033); the
#: import reads the one ledger
#: sheet, so the original's other sheets are not there to mention (R026).
ABOUT_THE_ORIGINAL_LAYOUT = {"C002", "R000", "R006", "R007", "R008", "R012", "R026", "R031", "R032", "R033", "R040",
                             "R041", "R042", "R043"}
#: The shapes of both rounds of first contact.
ALL_SHAPES = BUILDERS + first_contact_shapes.BUILDERS


def _comparable(ledger, findings):
    """Findings as a multiset that does not depend on where the case sits: rows become positions."""
    position = {int(row): i for i, row in enumerate(ledger.frame.index)}
    out = Counter()
    for f in findings:
        if f.code in ABOUT_THE_ORIGINAL_LAYOUT:
            continue
        where = position.get(f.row) if f.row is not None and f.row > ledger.header_row else None
        case = None if f.case_id is None or f.case_id.startswith("第") else f.case_id
        out[(f.severity.value, f.code, f.column, str(f.value), where, case)] += 1
    return out


@pytest.mark.parametrize("build", ALL_SHAPES, ids=[b.__name__ for b in ALL_SHAPES])
def test_import_then_check_finds_what_checking_the_original_finds(tmp_path, build):
    source, expect = build(tmp_path / "原")
    original = read_ledger(source)
    result = import_ledger(source, tmp_path / "标准台账.xlsx")
    imported = read_ledger(result.output)
    assert imported.sheet == "台账" and imported.header_row == 2
    assert len(imported) == len(original) == expect.cases
    assert [c.field for c in imported.columns if c.read] == [c for c in imported.positions]
    assert imported.present == original.present
    if original.has("case_id"):
        assert list(imported.frame["case_id"]) == list(original.frame["case_id"])
    assert list(imported.frame["petitioner"]) == list(original.frame["petitioner"])
    before = _comparable(original, check_ledger(original, expect.today).findings)
    after = _comparable(imported, check_ledger(imported, expect.today).findings)
    assert after == before, (before - after, after - before)


def test_unplaced_columns_are_kept_aside_beside_each_case_and_the_notes_list_every_change(tmp_path):
    source, _ = real_shapes.jijian_register(tmp_path / "原")
    result = import_ledger(source, tmp_path / "标准台账.xlsx")
    workbook = openpyxl.load_workbook(result.output)
    assert workbook.sheetnames[:2] == ["台账", IMPORT_NOTES_SHEET] and KEPT_ASIDE_SHEET in workbook.sheetnames
    aside = [[c.value for c in row] for row in workbook[KEPT_ASIDE_SHEET].iter_rows()]
    header = next(r for r in aside if r and r[0] == "台账行")
    assert "被检举人姓名（原F3）" in header and "责任单位（原N3）" in header
    body = aside[aside.index(header) + 1:]
    assert body[0][:2] == [FIRST_DATA_ROW, 4] and body[0][header.index("被检举人姓名（原F3）")] == "李某"
    notes = [[c.value for c in row] for row in workbook[IMPORT_NOTES_SHEET].iter_rows()]
    flat = [v for row in notes for v in row if v is not None]
    assert "2019年9月10日" in flat and "2019-09-10" in flat  # a changed value, before and after
    assert "原台账没有的列" in flat and any(isinstance(v, str) and v.startswith("登记人、") for v in flat)


def test_import_never_writes_over_its_input_and_refuses_an_existing_output(tmp_path):
    source, _ = real_shapes.hotline_export(tmp_path)
    before = source.read_bytes()
    runner = CliRunner()
    same = runner.invoke(cli, ["import", str(source), "-o", str(source)])
    assert same.exit_code == 2 and "不能覆盖台账本身" in same.output
    output = tmp_path / "标准台账.xlsx"
    first = runner.invoke(cli, ["import", str(source), "-o", str(output)])
    assert first.exit_code == 0, first.output
    assert "已导入" in first.output and "4 件" in first.output
    again = runner.invoke(cli, ["import", str(source), "-o", str(output)])
    assert again.exit_code == 2 and "已存在" in again.output
    assert source.read_bytes() == before


def test_once_the_office_fills_a_new_column_it_is_checked(tmp_path):
    source, _ = real_shapes.merged_header_ledger(tmp_path / "原")
    output = import_ledger(source, tmp_path / "标准台账.xlsx").output
    assert not read_ledger(output).has("accepted_on")
    workbook = openpyxl.load_workbook(output)
    sheet = workbook["台账"]
    column = [c.value for c in sheet[2]].index("受理日期") + 1
    sheet.cell(FIRST_DATA_ROW, column, dt.date(2019, 9, 4))
    workbook.save(output)
    assert read_ledger(output).has("accepted_on")


@pytest.mark.libreoffice
def test_libreoffice_computes_the_template_deadlines_on_an_imported_ledger(tmp_path):
    from xlkit.deadlines import engine as dl

    source, expect = real_shapes.marked_headers_ledger(tmp_path / "原")
    output = import_ledger(source, tmp_path / "标准台账.xlsx").output
    converted = helpers.convert(output, "xlsx", tmp_path / "lo")
    sheet = openpyxl.load_workbook(converted, data_only=True)["台账"]
    ledger = read_ledger(output)
    expected = dl.compute(ledger, expect.today)
    letter = column_letters()[HELPER_HEADERS[1]]  # 处理意见期限: 60 days from 受理日期
    for row in ledger.frame.index:
        got = sheet[f"{letter}{row}"].value
        got = got.date() if isinstance(got, dt.datetime) else got
        assert got == expected.loc[row, "opinion_due"].date()
    assert sheet[f"{letter}{FIRST_DATA_ROW}"].value.date() == D(2019, 11, 4)
