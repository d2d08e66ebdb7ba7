"""设置 values are checked against the rule schema.py declares for each (issue 12 item 9).

A bad value is a finding naming its cell, and the default applies; the template's own data validation uses
the same bounds and choices.
"""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest
from helpers import write_ledger

from xlkit.analysis.kpi import Period, SettingsError
from xlkit.read.ledger import read_ledger
from xlkit.schema import HOLIDAY_BLOCK_TITLE, SETTINGS, SETTINGS_BY_KEY, SETTINGS_SHEET
from xlkit.template.builder import build_workbook

CASE = {"case_id": "2019-001", "petitioner": "张三", "registered_on": dt.date(2019, 9, 2)}


def _ledger(tmp_path, values: dict[str, object] = (), holidays: list[tuple[object, object]] = ()):
    """A ledger with a 设置 sheet laid out as the template's: label | value | help, then the holiday block."""
    path = write_ledger(tmp_path / "台账.xlsx", [CASE])
    workbook = openpyxl.load_workbook(path)
    sheet = workbook.create_sheet(SETTINGS_SHEET)
    sheet.append(["设置项", "值", "说明"])
    for key, value in dict(values).items():
        sheet.append([SETTINGS_BY_KEY[key].label, value, SETTINGS_BY_KEY[key].help])
    sheet.append([])
    sheet.append([HOLIDAY_BLOCK_TITLE])
    sheet.append(["日期", "类型", "说明"])
    for day, kind in holidays:
        sheet.append([day, kind])
    workbook.save(path)
    return read_ledger(path)


@pytest.mark.parametrize(("key", "typed", "taken", "finding"), [
    ("due_soon_days", 3, 3, False),
    ("due_soon_days", 3.0, 3, False),
    ("due_soon_days", "5天", 5, False),
    ("due_soon_days", 0, 0, False),
    ("due_soon_days", 60, 60, False),
    ("due_soon_days", 61, 7, True),
    ("due_soon_days", 9999, 7, True),
    ("due_soon_days", -5, 7, True),
    ("due_soon_days", 1e10, 7, True),
    ("due_soon_days", 2.5, 7, True),
    ("due_soon_days", "一周", 7, True),
    ("notice_start", "登记日期", "登记日期", False),
    ("notice_start", "登记日期 ", "登记日期", False),
    ("notice_start", "随便", "交办日期", True),
    ("report_month", "2019-09", "2019-09", False),
    ("report_month", dt.datetime(2019, 9, 1), "2019-09", False),
    ("report_quarter", "2019Q3", "2019Q3", False),
])
def test_a_setting_outside_its_rule_is_a_finding_at_its_cell_and_the_default_applies(tmp_path, key, typed, taken,
                                                                                    finding):
    ledger = _ledger(tmp_path, {key: typed})
    assert getattr(ledger.settings, key) == taken
    found = [f for f in ledger.findings if f.code == "R005"]
    assert bool(found) is finding, [f.message for f in found]
    if finding:
        (only,) = found
        assert only.sheet == SETTINGS_SHEET and only.cell.startswith("B")
        assert SETTINGS_BY_KEY[key].label in only.message and "默认值" in only.message


def test_holiday_rows_it_cannot_use_are_findings_never_silently_skipped(tmp_path):
    ledger = _ledger(tmp_path, holidays=[
        ("2019-02-30", "休息日"),  # no such day
        ("abc", "休息日"),
        (dt.datetime(2019, 10, 12), "工作日"),  # a Saturday made a working day
        (dt.datetime(2019, 10, 12), "休息日"),  # the same day again, the other type: the first row wins
        (dt.datetime(2019, 10, 14), "放假"),  # not a type
        (dt.datetime(2019, 10, 15), "休息日"),
    ])
    assert ledger.settings.holiday_overrides == {dt.date(2019, 10, 12): True, dt.date(2019, 10, 15): False}
    messages = [f.message for f in ledger.findings if f.code == "R004"]
    assert len(messages) == 4, messages
    assert any("2019-02-30" in m for m in messages) and any("abc" in m for m in messages)
    assert any("出现两次" in m for m in messages) and any("放假" in m for m in messages)


def test_the_template_validates_the_same_bounds_and_choices(tmp_path):
    path = tmp_path / "模板.xlsx"
    build_workbook([]).save(path)
    sheet = openpyxl.load_workbook(path)[SETTINGS_SHEET]
    rules = {(v.type, v.formula1, v.formula2) for v in sheet.data_validations.dataValidation}
    days = SETTINGS_BY_KEY["due_soon_days"]
    assert ("whole", str(days.low), str(days.high)) in rules
    assert ("list", '"' + ",".join(SETTINGS_BY_KEY["notice_start"].choices) + '"', None) in rules


@pytest.mark.parametrize(("kind", "typed"), [
    ("month", "9999-12"), ("month", "2019-13"), ("month", "0001-01"),
    ("quarter", "0001Q1"), ("quarter", "2019Q5"), ("quarter", "9999Q4"),
])
def test_a_period_in_settings_that_is_no_plausible_period_is_refused_naming_the_setting(tmp_path, kind, typed):
    key = "report_month" if kind == "month" else "report_quarter"
    ledger = _ledger(tmp_path, {key: typed})
    with pytest.raises(SettingsError, match=SETTINGS_BY_KEY[key].label):
        Period.from_settings(ledger, kind, dt.date(2020, 1, 1))


def test_a_setting_written_as_a_formula_without_a_result_is_said_at_its_cell(tmp_path):
    """A formula saved by a script has no cached value: calamine reads it as empty, the default applies, and the
    clerk is told at 设置!B2 (not silently, as a clerk's =HYPERLINK(...) in 单位名称 was)."""
    ledger = _ledger(tmp_path, {"office_name": '=HYPERLINK("http://example.invalid","点")'})
    assert ledger.settings.office_name == SETTINGS_BY_KEY["office_name"].default
    (found,) = [f for f in ledger.findings if f.sheet == SETTINGS_SHEET]
    assert (found.code, found.cell) == ("R025", "B2") and "单位名称" in found.message and "默认值" in found.message


@pytest.mark.parametrize("setting", [s for s in SETTINGS if s.default != ""], ids=lambda s: s.key)
def test_every_default_keeps_its_own_rule(setting):
    """A 设置 value equal to its default is taken without pydantic (issue 15: its import and validators cost
    a tenth of a second a click), so each default must pass the declared rule itself."""
    from xlkit.schema import _setting_adapter

    assert _setting_adapter(setting.key).validate_python(setting.default) == setting.default
    assert setting.validate(setting.default) == setting.default
