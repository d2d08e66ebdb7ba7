"""Real ledgers on first contact (issue 11): eight shapes offices and systems really produce."""

from __future__ import annotations

import datetime as dt

import first_contact_shapes
import pytest
import real_shapes
from real_shapes import BUILDERS, D

from xlkit.check.run import check_ledger
from xlkit.findings import Severity
from xlkit.read.ledger import read_ledger


@pytest.mark.parametrize("build", BUILDERS + first_contact_shapes.BUILDERS,
                         ids=[b.__name__ for b in BUILDERS + first_contact_shapes.BUILDERS])
def test_each_real_shape_is_read_with_its_cases_and_columns_and_no_false_errors(tmp_path, build):
    path, expect = build(tmp_path)
    ledger = read_ledger(path)
    assert len(ledger) == expect.cases
    read_as = {info.field: info.cell for info in ledger.columns if info.read}
    for field_name, cell in expect.fields.items():
        assert read_as.get(field_name) == cell, (field_name, [i.describe() for i in ledger.columns])
    unread = {info.cell for info in ledger.columns if not info.read}
    assert expect.unread <= unread, [i.describe() for i in ledger.columns]
    if expect.case_names:
        assert list(ledger.frame["case_id"])[:len(expect.case_names)] == expect.case_names
    errors = [f for f in check_ledger(ledger, expect.today).findings if f.severity is Severity.ERROR]
    assert errors == [], [(f.code, f.cell, f.message) for f in errors]


def test_a_jijian_register_leaves_the_accused_and_the_ambiguous_units_unread(tmp_path):
    path, _ = real_shapes.jijian_register(tmp_path)
    ledger = read_ledger(path)
    by_cell = {info.cell: info for info in ledger.columns}
    assert by_cell["F3"].field is None and by_cell["F3"].suggestion is None  # 被检举人姓名 is not the petitioner
    assert by_cell["N3"].how == "含义不明确" and "问题属地乡镇" in by_cell["N3"].note  # 责任单位
    assert by_cell["H3"].how == "含义不明确"  # 单位: the reported official's
    assert {f.code for f in ledger.findings} >= {"R007"}
    findings = check_ledger(ledger, D(2019, 12, 31)).findings
    advice = [f for f in findings if f.code == "C113"]
    assert advice and all(f.severity is Severity.WARNING for f in advice)


def test_a_hotline_export_without_petitioners_is_read_with_one_note_and_its_words_get_hints(tmp_path):
    path, _ = real_shapes.hotline_export(tmp_path)
    ledger = read_ledger(path)
    assert [f.code for f in ledger.findings if f.code == "R010"] == ["R010"]
    assert ledger.frame.loc[2, "registered_on"].date() == D(2019, 9, 3)  # "2019-09-03 10:22:11.0"
    findings = check_ledger(ledger, D(2019, 12, 31)).findings
    phone_form = [f for f in findings if f.code == "C113" and f.column == "信访形式" and f.value == "电话"]
    assert phone_form and "最接近的内置选项是“来电”" in phone_form[0].message
    assert not any(f.code == "C311" for f in findings)  # repeat petitioners need the person: skipped


def test_a_ledger_without_numbers_names_cases_by_row_and_says_so_once(tmp_path):
    path, _ = real_shapes.stability_ledger(tmp_path)
    ledger = read_ledger(path)
    warnings = [f for f in ledger.findings if f.code == "R009"]
    assert len(warnings) == 1 and warnings[0].severity is Severity.WARNING and "第3行" in warnings[0].message
    assert ledger.case_name(3) == "第3行"
    findings = check_ledger(ledger, D(2019, 12, 31)).findings
    assert not any(f.code == "C150" for f in findings)


def test_two_row_merged_headers_combine_group_and_sub_header(tmp_path):
    path, _ = real_shapes.merged_header_ledger(tmp_path)
    ledger = read_ledger(path)
    assert ledger.header_row == 3
    info = {i.field: i for i in ledger.columns if i.read}
    assert info["petitioner"].alias == "信访人姓名" and info["registrar"].alias == "登记人"
    assert not any(f.code == "R006" for f in ledger.findings)
    assert ledger.frame.loc[4, "petitioner"] == "张三"


def test_month_first_dates_are_read_when_the_column_settles_the_order_and_left_unread_when_not(tmp_path):
    path, _ = real_shapes.us_dates_export(tmp_path)
    ledger = read_ledger(path)
    registered = [d.date() for d in ledger.frame["registered_on"]]
    assert registered == [D(2016, 12, 16), D(2016, 9, 3), D(2016, 11, 28)]
    closed = ledger.frame["closed_on"]
    assert closed.isna().all()  # 1/5/2017 and 2/3/2017: nothing in that column says which is the month
    unsettled = [f for f in ledger.findings if f.code == "R011"]
    assert [f.cell for f in unsettled] == ["G2", "G3"] and all(f.severity is Severity.WARNING for f in unsettled)
    settled = [f for f in ledger.findings if f.code == "R012"]
    assert len(settled) == 1 and "2016年9月3日" in settled[0].message
    assert ledger.frame.loc[3, "people_count"] == 3  # "3人"


def test_marked_headers_and_dates_with_times_of_day(tmp_path):
    path, _ = real_shapes.marked_headers_ledger(tmp_path)
    ledger = read_ledger(path)
    assert [d.date() for d in ledger.frame["registered_on"]] == [D(2019, 9, 3), D(2019, 9, 5)]
    assert [d.date() for d in ledger.frame["accepted_on"]] == [D(2019, 9, 5), D(2019, 9, 9)]
    assert not [f for f in ledger.findings if f.code == "R001"]


def test_an_office_mapping_file_beside_the_ledger_maps_headers_and_values(tmp_path):
    path, _ = real_shapes.spaced_headers_with_mapping_file(tmp_path)
    ledger = read_ledger(path)
    assert ledger.mapping is not None and ledger.mapping.source == "表头对照.xlsx"
    assert list(ledger.frame["form"]) == ["网上信访", "来电"]
    by_cell = {info.cell: info for info in ledger.columns}
    assert by_cell["H1"].how == "表头对照" and by_cell["J1"].how == "按表头对照不读取"
    assert "J1" not in ledger.unknown_headers


def test_a_mapping_sheet_in_the_ledger_decides_an_ambiguous_header(tmp_path):
    path, _ = real_shapes.mapping_sheet_ledger(tmp_path)
    ledger = read_ledger(path)
    assert list(ledger.frame["township"]) == ["灵岩镇", "梅家乡", "长岭镇"]
    assert ledger.frame.loc[4, "registered_on"].date() == dt.date(2019, 9, 23)  # Excel serial 43731


def test_a_ledger_with_its_own_dictionary_keeps_errors_for_values_outside_it(tmp_path):
    import openpyxl
    from helpers import write_ledger

    path = write_ledger(tmp_path / "台账.xlsx", [{"案件编号": "1", "信访人": "甲", "信访形式": "电话"}],
                        headers=["案件编号", "信访人", "信访形式"])
    workbook = openpyxl.load_workbook(path)
    workbook.create_sheet("字典").append(["信访形式"])
    workbook["字典"].append(["来信"])
    workbook.save(path)
    findings = check_ledger(read_ledger(path), D(2019, 12, 31)).findings
    assert [f.severity for f in findings if f.column == "信访形式" and f.code in ("C110", "C113")] == [Severity.ERROR]
