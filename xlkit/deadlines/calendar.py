"""The statutory calendar: which days are working days, and how a period of days ends (DESIGN §5).

Periods count calendar days with the start day excluded; a last day that is not a working day moves
to the next working day; a 调休 working weekend is a working day. The State Council's yearly tables
come from the `chinesecalendar` package, with its known errors corrected (`CORRECTIONS`, each citing the
notice that decides it); the office's 节假日调整 block on 设置 overrides both and covers years the package
does not know yet. A year known to neither is counted with weekends and the days the law itself fixes by date
(`FIXED_DAYS_OFF`), and every date that depended on such a year says so (`UNCOVERED`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np

#: The span the vectorised tables cover; dates outside it are computed one by one.
TABLE_START = dt.date(2000, 1, 1)
TABLE_END = dt.date(2040, 12, 31)


@dataclass(frozen=True)
class Correction:
    """A day `chinesecalendar` has wrong, with the State Council notice that decides it."""

    day: dt.date
    working: bool  # what the notice makes the day
    notice: str  # the notice and the words that decide it
    note: str  # what the package says instead, and where that was reported


#: Known errors in chinesecalendar's tables, applied over the package and under the office's 节假日调整.
#: tests/test_calendar.py compares the corrected tables day by day with a second source (the `holidays`
#: package, 2004–2026): every disagreement is either corrected here or decided in that test.
CORRECTIONS: tuple[Correction, ...] = (
    Correction(dt.date(2005, 12, 31), True,
               "国务院办公厅关于2006年部分节假日安排的通知（国办发明电〔2005〕35号）一、元旦：“1月1日—3日放假，"
               "共3天。……将12月31日（星期六）、1月1日（星期日）两个公休日调至1月2日（星期一）、3日（星期二），"
               "12月31日（星期六）上班。”",
               "chinesecalendar 1.11 没有这个调休上班的星期六（其 issue #125）。"),
)


#: The days off 《全国年节及纪念日放假办法》 fixes by date (第二条, as revised by 国务院令第795号, from 2025): 元旦
#: 1月1日, 劳动节 5月1日、2日, 国庆节 10月1日至3日. A year chinesecalendar has no table for yet keeps them off (a
#: December case due on 1月1日 rolls past it), under the office's 节假日调整 rows; its lunar holidays and 调休
#: wait for the State Council's notice.
FIXED_DAYS_OFF = ((1, 1), (5, 1), (5, 2), (10, 1), (10, 2), (10, 3))
FIXED_FROM = 2025
#: How a year without the table is counted, as every message says it
UNCOVERED = "只按周末和放假办法规定日期的元旦、劳动节、国庆节计算（春节、清明节、端午节、中秋节和调休尚未计入）"


def _package_tables() -> tuple[frozenset[dt.date], frozenset[dt.date], frozenset[int]]:
    """The State Council's days off and 调休 working days (`chinesecalendar` with `CORRECTIONS`), and its years."""
    from chinese_calendar import constants

    holidays, workdays = set(constants.holidays), set(constants.workdays)
    years = frozenset(d.year for d in holidays | workdays)
    for correction in CORRECTIONS:
        (workdays if correction.working else holidays).add(correction.day)
        (holidays if correction.working else workdays).discard(correction.day)
    return frozenset(holidays), frozenset(workdays), years


@dataclass(frozen=True)
class PeriodEnd:
    """A computed due date with everything needed to explain it."""

    start: dt.date
    days: int
    raw_end: dt.date  # start + days
    due: dt.date  # raw_end, or the next working day
    skipped: tuple[dt.date, ...]  # the days off between raw_end and due
    uncovered_years: tuple[int, ...] = ()  # years counted with weekends only


@dataclass
class WorkCalendar:
    overrides: dict[dt.date, bool] = field(default_factory=dict)  # date → is a working day

    @cached_property
    def covered_years(self) -> frozenset[int]:
        return _PACKAGE_YEARS | {d.year for d in self.overrides}

    def is_covered(self, year: int) -> bool:
        return year in self.covered_years

    def is_working_day(self, day: dt.date) -> bool:
        if day in self.overrides:
            return self.overrides[day]
        if day.year >= FIXED_FROM and (day.month, day.day) in FIXED_DAYS_OFF and day.year not in _PACKAGE_YEARS:
            return False  # the law's own dates, in a year the package has no table for (the office's rows decide first)
        # the package's own rule (chinese_calendar.is_workday), on its tables
        return day in _WORKDAYS or (day.weekday() < 5 and day not in _HOLIDAYS)

    def day_kind(self, day: dt.date) -> str:
        """工作日 / 休息日 / 法定节假日 / 调休工作日 — for explanations and the 工作日历 sheet."""
        working = self.is_working_day(day)
        weekend = day.weekday() >= 5
        if working:
            return "调休工作日" if weekend else "工作日"
        return "休息日" if weekend else "法定节假日"

    def roll(self, day: dt.date) -> tuple[dt.date, tuple[dt.date, ...]]:
        """The first working day on or after `day`, and the days off passed over."""
        skipped = []
        while not self.is_working_day(day):
            skipped.append(day)
            day += dt.timedelta(days=1)
        return day, tuple(skipped)

    def add_days(self, start: dt.date, days: int) -> PeriodEnd:
        """The end of a period of `days` calendar days after `start` (start excluded), rolled."""
        raw_end = start + dt.timedelta(days=days)
        due, skipped = self.roll(raw_end)
        years = sorted({d.year for d in (raw_end, due, *skipped) if not self.is_covered(d.year)})
        return PeriodEnd(start, days, raw_end, due, skipped, tuple(years))

    def add_working_days(self, start: dt.date, days: int) -> PeriodEnd:
        """The end of a period written as 工作日 (2022 条例): count working days after `start`."""
        day, counted, skipped = start, 0, []
        while counted < days:
            day += dt.timedelta(days=1)
            if self.is_working_day(day):
                counted += 1
            else:
                skipped.append(day)
        years = sorted({d.year for d in (start, day, *skipped) if not self.is_covered(d.year)})
        return PeriodEnd(start, days, day, day, tuple(skipped), tuple(years))

    # -- vectorised -------------------------------------------------------

    @property
    def _roll_table(self) -> np.ndarray:
        """For each day of the table span, the first working day on or after it (as datetime64[D])."""
        key = frozenset(self.overrides.items())
        table = _ROLL_TABLES.get(key)
        if table is None:
            table = _ROLL_TABLES[key] = self._build_roll_table()
        return table

    def working_table(self) -> np.ndarray:
        """`is_working_day` for every day of the table span (and 60 days after), as a numpy mask: weekdays,
        then the package's days off, its 调休 working days and the office's overrides on top, in the order
        `is_working_day` decides them (a day-by-day loop over 15,000 days cost 14 ms of each check)."""
        count = (TABLE_END - TABLE_START).days + 1 + 60
        first = TABLE_START.toordinal()
        working = (np.arange(first, first + count) % 7 - 1) % 7 < 5  # date.weekday(): ordinal 1 is a Monday
        fixed = [dt.date(year, month, day) for year in range(FIXED_FROM, TABLE_END.year + 2)  # (and 60 days after)
                 if year not in _PACKAGE_YEARS for month, day in FIXED_DAYS_OFF]
        for days, value in ((_HOLIDAYS, False), (_WORKDAYS, True), (fixed, False)):
            at = [day.toordinal() - first for day in days]
            at = np.array([i for i in at if 0 <= i < count], dtype=np.int64)
            working[at] = value
        for day, value in self.overrides.items():
            if 0 <= day.toordinal() - first < count:
                working[day.toordinal() - first] = value
        return working

    def _build_roll_table(self) -> np.ndarray:
        working = self.working_table()
        count = len(working)
        index = np.arange(count)
        # next working index: reverse cumulative minimum over working positions
        next_working = np.where(working, index, count)
        next_working = np.minimum.accumulate(next_working[::-1])[::-1]
        return np.datetime64(TABLE_START, "D") + next_working.astype("timedelta64[D]")

    def roll_many(self, days: np.ndarray) -> np.ndarray:
        """`roll` over an array of datetime64 (NaT stays NaT)."""
        days = np.asarray(days, dtype="datetime64[D]")
        out = np.full(days.shape, np.datetime64("NaT"), dtype="datetime64[D]")
        valid = ~np.isnat(days)
        offsets = (days - np.datetime64(TABLE_START, "D")).astype(np.int64)
        inside = valid & (offsets >= 0) & (offsets < len(self._roll_table) - 60)
        out[inside] = self._roll_table[offsets[inside]]
        for i in np.flatnonzero(valid & ~inside):
            out[i] = np.datetime64(self.roll(days[i].astype(dt.date))[0], "D")
        return out

    def uncovered_mask(self, days: np.ndarray) -> np.ndarray:
        """True where a date falls in a year neither the package nor the overrides cover."""
        days = np.asarray(days, dtype="datetime64[D]")
        years = days.astype("datetime64[Y]").astype(np.int64) + 1970
        covered = np.array(sorted(self.covered_years), dtype=np.int64)
        return ~np.isnat(days) & ~np.isin(years, covered)


_HOLIDAYS, _WORKDAYS, _PACKAGE_YEARS = _package_tables()
#: roll tables by office overrides: every calendar with the same overrides shares one
_ROLL_TABLES: dict[frozenset, np.ndarray] = {}
