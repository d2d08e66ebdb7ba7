"""The statutory calendar as a table (STYLE: Signalen): start, days, expected due, with weekdays."""

from __future__ import annotations

import datetime as dt

import helpers
import numpy as np
import openpyxl
import pytest

from xlkit.deadlines import engine as deadlines
from xlkit.deadlines.calendar import CORRECTIONS, WorkCalendar
from xlkit.read.ledger import read_ledger
from xlkit.schema import HOLIDAY_BLOCK_TITLE

D = dt.date

# (start, days, expected due, uncovered years, why)
PERIODS = [
    # 60 days from 受理日期 (DESIGN §5's checked examples)
    (D(2019, 9, 20), 60, D(2019, 11, 19), (), "Fri → Tue, a plain working day"),
    (D(2019, 8, 2), 60, D(2019, 10, 8), (), "Fri → day 60 is Tue 10-01 (国庆), rolls to Tue 10-08"),
    (D(2019, 7, 31), 60, D(2019, 9, 29), (), "Wed → Sun 09-29, a 调休 working Sunday: no roll"),
    # 5 days from 交办日期
    (D(2020, 1, 22), 5, D(2020, 2, 3), (), "Wed → Mon 01-27 in 春节 extended to 02-02 → Mon 02-03"),
    (D(2018, 9, 24), 5, D(2018, 9, 29), (), "Mon → Sat 09-29, a 调休 working Saturday: no roll"),
    (D(2019, 4, 25), 3, D(2019, 4, 28), (), "Thu → Sun 04-28, 调休 working Sunday before 劳动节"),
    (D(2019, 9, 16), 5, D(2019, 9, 23), (), "Mon → Sat 09-21, rolls over the weekend to Mon 09-23"),
    (D(2020, 9, 26), 5, D(2020, 10, 9), (), "Sat → Thu 10-01 (国庆+中秋 to 10-08) → Fri 10-09"),
    # year-end crossings
    (D(2018, 12, 1), 30, D(2019, 1, 2), (), "Sat → Mon 12-31 (元旦 holiday 12-30..01-01) → Wed 2019-01-02"),
    (D(2019, 12, 27), 5, D(2020, 1, 2), (), "Fri → Wed 2020-01-01 (元旦) → Thu 01-02"),
    (D(2021, 12, 31), 2, D(2022, 1, 4), (), "Fri → Sun 2022-01-02 (元旦 holiday to 01-03) → Tue 01-04"),
    # start day excluded, plain counting
    (D(2019, 3, 1), 0, D(2019, 3, 1), (), "Fri + 0 is the day itself"),
    # a year the holiday data does not cover: weekends only, and the year is reported
    (D(2027, 1, 26), 60, D(2027, 3, 29), (2027,), "Tue → Sat 2027-03-27 → Mon 03-29 (weekends only)"),
    # no State Council table for 2027 yet; 元旦 is fixed by 《全国年节及纪念日放假办法》 itself: rolled past it
    (D(2026, 12, 20), 12, D(2027, 1, 4), (2027,), "Sun → Fri 2027-01-01 (元旦, by law) → Mon 01-04"),
    (D(2028, 4, 16), 15, D(2028, 5, 3), (2028,), "Sun → Mon 2028-05-01 (劳动节 05-01, 02, by law) → Wed 05-03"),
    (D(2027, 9, 16), 15, D(2027, 10, 4), (2027,), "Thu → Fri 10-01 (国庆 10-01..03, by law) → Mon 10-04"),
]


def test_the_law_s_own_dates_stay_off_under_an_office_s_rows_for_the_year():
    # the office typed the 2027 春节 days only: the year is covered, and 元旦 (by law) is still off;
    # a day it marks as a working day is one
    calendar = WorkCalendar({D(2027, 2, 8): False, D(2027, 10, 2): True})
    assert calendar.is_covered(2027)
    assert not calendar.is_working_day(D(2027, 1, 1)) and not calendar.is_working_day(D(2027, 2, 8))
    assert calendar.is_working_day(D(2027, 10, 2))  # (a Saturday the office's notice made a working day)
    assert calendar.add_days(D(2026, 12, 20), 12).due == D(2027, 1, 4)


@pytest.mark.parametrize(("start", "days", "due", "uncovered", "why"), PERIODS,
                         ids=[f"{p[0]}+{p[1]}" for p in PERIODS])
def test_period_end(start, days, due, uncovered, why):
    end = WorkCalendar().add_days(start, days)
    assert end.due == due, why
    assert end.raw_end == start + dt.timedelta(days=days)
    assert end.uncovered_years == uncovered
    # every skipped day is a day off, in order, between the raw end and the due date
    calendar = WorkCalendar()
    assert all(not calendar.is_working_day(d) for d in end.skipped)
    assert list(end.skipped) == [end.raw_end + dt.timedelta(days=i) for i in range((end.due - end.raw_end).days)]


@pytest.mark.parametrize(("day", "kind"), [
    (D(2019, 9, 29), "调休工作日"),  # Sunday
    (D(2018, 9, 29), "调休工作日"),  # Saturday
    (D(2019, 10, 1), "法定节假日"),  # Tuesday
    (D(2020, 1, 31), "法定节假日"),  # Friday, the 2020 Spring Festival extension
    (D(2020, 2, 3), "工作日"),  # Monday
    (D(2019, 9, 21), "休息日"),  # Saturday
])
def test_day_kind(day, kind):
    assert WorkCalendar().day_kind(day) == kind


def test_roll_many_agrees_with_roll():
    calendar = WorkCalendar({D(2019, 11, 19): False})
    days = [D(2017, 12, 25) + dt.timedelta(days=i) for i in range(0, 1500, 3)] + [D(2045, 6, 3)]
    rolled = calendar.roll_many(np.array(days + [None], dtype="datetime64[D]"))
    assert [r.astype(dt.date) for r in rolled[:-1]] == [calendar.roll(d)[0] for d in days]
    assert np.isnat(rolled[-1])


def test_uncovered_mask_names_years_without_data():
    calendar = WorkCalendar()
    mask = calendar.uncovered_mask(np.array([D(2019, 5, 1), D(2030, 5, 1), None], dtype="datetime64[D]"))
    assert mask.tolist() == [False, True, False]


def test_override_makes_a_year_covered():
    calendar = WorkCalendar({D(2027, 2, 8): False})
    assert calendar.is_covered(2027)
    assert not calendar.is_working_day(D(2027, 2, 8))  # a Monday the office declared a day off


def _ledger_with_settings(path, overrides):
    helpers.write_ledger(path, [dict(case_id="2019-001", petitioner="张三", registered_on=D(2019, 9, 18),
                                     assigned_on=D(2019, 9, 18), accepted_on=D(2019, 9, 20))])
    workbook = openpyxl.load_workbook(path)
    sheet = workbook.create_sheet("设置")
    sheet.append(["设置项", "值"])
    sheet.append(["单位名称", "开江县城乡环境综合治理办公室"])
    sheet.append([])
    sheet.append([HOLIDAY_BLOCK_TITLE])
    sheet.append(["日期", "类型", "说明"])
    for day, kind in overrides:
        sheet.append([day, kind, "县里临时调整"])
    workbook.save(path)
    return path


def test_office_override_in_settings_changes_a_due_date(tmp_path):
    # 2019-11-19 (Tue) declared a day off on 设置 → the 60-day period rolls to Wed 11-20
    path = _ledger_with_settings(tmp_path / "台账.xlsx", [(D(2019, 11, 19), "休息日")])
    ledger = read_ledger(path)
    assert ledger.settings.holiday_overrides == {D(2019, 11, 19): False}
    table = deadlines.compute(ledger, D(2019, 10, 1))
    assert table.loc[3, "opinion_due"].date() == D(2019, 11, 20)
    [_, opinion, _] = deadlines.explain(ledger, 3)
    assert opinion.due == D(2019, 11, 20) and opinion.skipped == (D(2019, 11, 19),)


def test_office_override_working_weekend(tmp_path):
    # Saturday 2019-11-23 declared a working day: 受理告知 from Mon 11-18 + 5 = Sat 11-23 stays
    path = _ledger_with_settings(tmp_path / "台账.xlsx", [(D(2019, 11, 23), "工作日")])
    ledger = read_ledger(path)
    calendar = deadlines.calendar_for(ledger)
    assert calendar.add_days(D(2019, 11, 18), 5).due == D(2019, 11, 23)
    assert WorkCalendar().add_days(D(2019, 11, 18), 5).due == D(2019, 11, 25)


# ---------------------------------------------------------------------------
# chinesecalendar's known errors, checked against a second source


SECOND_SOURCE_YEARS = range(2004, 2027)
#: days where the second source is wrong and chinesecalendar right (none found so far), with the evidence
SECOND_SOURCE_WRONG: dict[dt.date, str] = {}


def _second_source_working_days(years) -> dict[dt.date, bool]:
    """Working or not, day by day, by the `holidays` package: the days off it lists (weekday statutory days,
    their 补假 and 调休 days off) and the 调休 working days its substitutions move them from."""
    from holidays.countries.china import China, ChinaStaticHolidays

    days_off = set(China(years=years))
    working_weekends = set()
    for year, entries in ChinaStaticHolidays.special_public_holidays.items():
        for entry in entries:  # (month, day, from_month, from_day[, from_year]) or (month, day, label)
            if len(entry) >= 4 and isinstance(entry[2], int):
                working_weekends.add(D(entry[4] if len(entry) == 5 else year, entry[2], entry[3]))
    first, last = D(min(years), 1, 1), D(max(years), 12, 31)
    return {day: day in working_weekends or (day.weekday() < 5 and day not in days_off)
            for day in (first + dt.timedelta(days=i) for i in range((last - first).days + 1))}


def _raw_package_working(day: dt.date) -> bool:
    from chinese_calendar import constants

    return day in constants.workdays or (day.weekday() < 5 and day not in constants.holidays)


def test_corrected_calendar_agrees_with_a_second_source_2004_to_2026():
    second = _second_source_working_days(SECOND_SOURCE_YEARS)
    calendar = WorkCalendar()
    disagreements = {day for day, working in second.items() if calendar.is_working_day(day) != working}
    assert disagreements == set(SECOND_SOURCE_WRONG)
    # the raw package disagrees exactly on the corrected days (a correction the package no longer needs fails)
    raw = {day for day, working in second.items() if _raw_package_working(day) != working}
    assert raw - set(SECOND_SOURCE_WRONG) == {c.day for c in CORRECTIONS}


def test_2005_12_31_is_a_working_saturday_of_the_2006_notice():
    [correction] = [c for c in CORRECTIONS if c.day == D(2005, 12, 31)]
    assert correction.working and "国办发明电〔2005〕35号" in correction.notice and "#125" in correction.note
    calendar = WorkCalendar()
    assert calendar.day_kind(D(2005, 12, 31)) == "调休工作日"  # Saturday
    assert calendar.add_days(D(2005, 12, 26), 5).due == D(2005, 12, 31)  # Mon + 5 = Sat, a working day: no roll
    assert calendar.add_days(D(2005, 12, 27), 5).due == D(2006, 1, 4)  # Tue + 5 = Sun 01-01 … 01-03 off → Wed


def test_office_overrides_win_over_the_corrections():
    calendar = WorkCalendar({D(2005, 12, 31): False})
    assert not calendar.is_working_day(D(2005, 12, 31))
    assert calendar.add_days(D(2005, 12, 26), 5).due == D(2006, 1, 4)


@pytest.mark.parametrize("overrides", [{}, {dt.date(2019, 10, 12): False, dt.date(2019, 10, 1): True,
                                            dt.date(2005, 12, 31): False, dt.date(2040, 12, 31): True,
                                            dt.date(1999, 12, 31): True, dt.date(2041, 2, 28): False}])
def test_the_vectorised_working_days_are_is_working_day_day_by_day(overrides):
    from xlkit.deadlines.calendar import TABLE_START

    calendar = WorkCalendar(overrides)
    table = calendar.working_table()
    plain = np.array([calendar.is_working_day(TABLE_START + dt.timedelta(days=i)) for i in range(len(table))])
    assert len(table) > 40 * 365 and (table == plain).all()
