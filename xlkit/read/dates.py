"""Dates as real files hold them: Excel dates and serials, 20190903, `2019.9.3`, `2019年9月3日上午`,
`2019年09月03日 10时30分`, Java/SQL timestamps `2019-09-03 10:22:11.0`, ISO `2019-09-03T10:22:11+08:00`,
em/en dashes, 二〇一九年九月三日, a weekday beside the date (`2019-09-03（星期二）`), and the month-first `12/16/2016` of English-language exports. A time of day is dropped.

`9/3/2019` could be 3 September or 9 March: such a value is read only when the rest of its column
settles the order (some value there has a day above 12 and they all agree); otherwise it is left
unread and said so, never guessed.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

#: Dates outside this window are typing mistakes (a year of 2919, a stray 9.3 read as 1900-01-08).
PLAUSIBLE_DATES = (dt.date(1949, 10, 1), dt.date(2100, 12, 31))
EXCEL_EPOCH = dt.date(1899, 12, 30)

_DASHES = str.maketrans({**{c: "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63"},
                         "\u3002": "."})  # 。: the full stop a Chinese input method types for "."
_TIME = (r"(?:\s*T?\s*(?:上午|下午|中午|晚上|凌晨|早上|早晨|傍晚|白天)?\s*"
         r"(?:\d{1,2}(?:\s*[:时点]\s*\d{0,2}(?:\s*[:分]\s*\d{0,2}(?:\.\d+)?\s*秒?)?\s*分?)?)?"
         r"\s*(?:z|[+-]\d{2}:?\d{2}|am|pm)?)?\s*$")
_YEAR_FIRST = re.compile(r"^(\d{4})\s*[-./年、]\s*(\d{1,2})\s*[-./月、]\s*(\d{1,2})\s*[日号]?" + _TIME, re.I)
_YEAR_LAST = re.compile(r"^(\d{1,2})\s*[-./]\s*(\d{1,2})\s*[-./]\s*(\d{4})" + _TIME, re.I)
#: 二〇一九年九月三日, as official papers write a date (〇 also typed as ○ or 零).
_CHINESE = re.compile(r"^([〇○零一二三四五六七八九]{4})\s*年\s*([一二三四五六七八九十]{1,2})\s*月\s*"
                      r"([一二三四五六七八九十]{1,3})\s*[日号]" + _TIME)
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})(?:\d{4}(?:\d{2})?)?$")
#: An Excel serial saved as text by an exporter (`43711`, `43711.5`): only from 1990 on, so that a slip such
#: as `20199` (for 2019.9) is never read as a day of 1955.
_SERIAL_TEXT = re.compile(r"^(3[3-9]\d{3}|[4-6]\d{4}|7[0-2]\d{3})(?:\.\d+)?$")
#: English month names, as English-language systems and databases export dates (`03-Sep-2019`, `Sep 3, 2019`).
_MONTHS = {name: number for number, names in enumerate(
    (("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",), ("jun", "june"),
     ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
     ("dec", "december")), start=1) for name in names}
_DAY_MONTH_NAME = re.compile(r"^(\d{1,2})[-\s]*([a-z]{3,9})\.?[-\s,]*(\d{4})" + _TIME, re.I)
_MONTH_NAME_DAY = re.compile(r"^([a-z]{3,9})\.?\s*(\d{1,2})(?:st|nd|rd|th)?\s*,?\s*(\d{4})" + _TIME, re.I)

MONTH_FIRST, DAY_FIRST = "月/日/年", "日/月/年"


def _plausible(day: dt.date | None) -> dt.date | None:
    return day if day is not None and PLAUSIBLE_DATES[0] <= day <= PLAUSIBLE_DATES[1] else None


def _safe(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


#: A weekday written beside the date, as registers do: `2019-09-03（星期二）`, `2019-09-05 周四`, `礼拜天`.
_WEEKDAY = re.compile(r"\s*\(?\s*(?:星期|周|礼拜)[一二三四五六日天七]\s*\)?\s*")


def _text_form(value: str) -> str:
    # a full stop or comma after the date, as at the end of a sentence (`2019.9.3。`), is no part of it
    return _WEEKDAY.sub(" ", unicodedata.normalize("NFKC", value).translate(_DASHES)).strip().rstrip(".,;、").rstrip()


_NO_YEAR = re.compile(r"^(\d{1,2})\s*[-./月]\s*(\d{1,2})\s*[日号]?" + _TIME, re.I)


def lacks_year(value: Any) -> bool:
    """A month and day without a year (`9月3日`, `9.5`), as registers whose year is in the title write them."""
    if not isinstance(value, str):
        return False
    match = _NO_YEAR.match(_text_form(value))
    return bool(match) and 1 <= int(match[1]) <= 12 and 1 <= int(match[2]) <= 31


def year_last_parts(value: Any) -> tuple[int, int, int] | None:
    """(first, second, year) of a `12/16/2016`-style text, else None."""
    if not isinstance(value, str):
        return None
    match = _YEAR_LAST.match(_text_form(value))
    return (int(match[1]), int(match[2]), int(match[3])) if match else None


def year_last_order(parts: tuple[int, int, int]) -> str | None:
    """MONTH_FIRST when the second number can only be a day, DAY_FIRST when the first can only be; else None."""
    first, second, _ = parts
    if second > 12 >= first:
        return MONTH_FIRST
    if first > 12 >= second:
        return DAY_FIRST
    return None


def parse_date(value: Any, order: str | None = None) -> dt.date | None:
    """A date from whatever a clerk typed or a system exported, if plausible; None when it is not one.

    A `9/3/2019` whose order is not plain from the value itself needs `order` (MONTH_FIRST or DAY_FIRST).
    """
    return _plausible(_parse(value, order))


def _parse(value: Any, order: str | None) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        if value != value:
            return None
        if float(value).is_integer() and 19000101 <= value <= 21001231:
            number = int(value)
            return _safe(number // 10000, number // 100 % 100, number % 100)
        if 1 <= value < 73051:  # Excel serials up to 2099-12-31 (a fraction is the time of day)
            return EXCEL_EPOCH + dt.timedelta(days=int(value))
        return None
    if not isinstance(value, str):
        return None
    text = _text_form(value)
    match = _YEAR_FIRST.match(text) or _COMPACT.match(text)
    if match:
        return _safe(int(match[1]), int(match[2]), int(match[3]))
    if text[:1].isdigit() and _SERIAL_TEXT.match(text):
        return EXCEL_EPOCH + dt.timedelta(days=int(float(text)))
    if text[:1].isalpha() or "-" in text or " " in text:
        named = _month_name_date(text)
        if named is not None:
            return named
    match = _CHINESE.match(text)
    if match:
        from xlkit.read.numbers import chinese_number

        year = int("".join(str("〇一二三四五六七八九".find(c) if c in "〇一二三四五六七八九" else 0) for c in match[1]))
        month, day = chinese_number(match[2]), chinese_number(match[3])
        return _safe(year, month, day) if month and day else None
    parts = year_last_parts(text)
    if parts is not None:
        first, second, year = parts
        chosen = year_last_order(parts) or order
        if chosen == MONTH_FIRST:
            return _safe(year, first, second)
        if chosen == DAY_FIRST:
            return _safe(year, second, first)
    return None


def _month_name_date(text: str) -> dt.date | None:
    match = _DAY_MONTH_NAME.match(text)
    if match and match[2].lower() in _MONTHS:
        return _safe(int(match[3]), _MONTHS[match[2].lower()], int(match[1]))
    match = _MONTH_NAME_DAY.match(text)
    if match and match[1].lower() in _MONTHS:
        return _safe(int(match[3]), _MONTHS[match[1].lower()], int(match[2]))
    return None


_SHORT_YEAR = re.compile(r"^(\d{2})\s*[-./]\s*(\d{1,2})\s*[-./]\s*(\d{1,2})" + _TIME)


def why_not_a_date(value: Any) -> str | None:
    """What is wrong with a text that is written like a date but is none, for the clerk; None otherwise:
    a day the month does not have (`2019.9.31`), a two-digit year (`19-9-3`)."""
    if not isinstance(value, str):
        return None
    text = _text_form(value)
    match = _YEAR_FIRST.match(text)
    if match:
        year, month, day = int(match[1]), int(match[2]), int(match[3])
        if 1 <= year <= 9999 and 1 <= month <= 12 and day >= 1 and _safe(year, month, day) is None:
            last = calendar.monthrange(year, month)[1]  # (0000-02-30, 9999-12-32: no such year to count in)
            return f"{year}年{month}月只有 {last} 天，没有{day}日"
        return None
    match = _SHORT_YEAR.match(text)
    if match and 1 <= int(match[2]) <= 12 and 1 <= int(match[3]) <= 31:
        return f"年份只写了两位（“{match[1]}”），无法确定是哪一年"
    return None


@dataclass
class DateColumn:
    """A column of values parsed together, so that `9/3/2019` can follow the order its column shows."""

    days: list[dt.date | None]
    bad: list[int] = field(default_factory=list)  # positions that are no date at all
    unsettled: list[int] = field(default_factory=list)  # `9/3/2019` whose order the column does not settle
    order: str | None = None  # the order the column's unambiguous `a/b/yyyy` values agree on
    by_order: list[int] = field(default_factory=list)  # positions read by that order


def _blank(value: Any) -> bool:
    """An empty cell: None, or text of nothing but spaces."""
    return value is None or (value.__class__ is str and not value.strip())


def _parse_distinct(values: list[Any], order: str | None, distinct: set[Any]) -> DateColumn:
    """parse_dates for a column without a `9/3/2019`: each distinct value parsed once, then looked up (issue 15:
    a date column repeats its dates; 14 columns of 100,000 rows went value by value)."""
    days = {v: None if _blank(v) else parse_date(v, order) for v in distinct}
    column = DateColumn(list(map(days.__getitem__, values)), order=order)
    wrong = {v for v, day in days.items() if day is None and not _blank(v)}
    if wrong:
        column.bad = [i for i, v in enumerate(values) if v in wrong]
    return column


def parse_dates(values: list[Any]) -> DateColumn:
    """Parse a column: every blank stays None; see DateColumn for what is reported."""
    try:
        distinct = set(values)
    except TypeError:
        distinct = None
    if distinct is not None and not any(isinstance(v, str) and year_last_parts(v) is not None for v in distinct):
        return _parse_distinct(values, None, distinct)  # no 9/3/2019 to settle an order for
    orders: set[str] = set()
    parts_at: dict[int, tuple[int, int, int]] = {}
    seen: dict[str, tuple[int, int, int] | None] = {}  # a column repeats its dates (issue 15: once each)
    for i, value in enumerate(values):
        if not isinstance(value, str):
            continue
        try:
            parts = seen[value]
        except KeyError:
            parts = seen[value] = year_last_parts(value)
        if parts is not None:
            parts_at[i] = parts
            known = year_last_order(parts)
            if known:
                orders.add(known)
    order = orders.pop() if len(orders) == 1 else None
    column = DateColumn([], order=order)
    cache: dict[Any, dt.date | None] = {}
    days, bad = column.days, column.bad
    for i, value in enumerate(values):
        if value.__class__ is str:
            if not value.strip():
                days.append(None)
                continue
            parts = parts_at.get(i)
            if parts is not None and year_last_order(parts) is None and parts[0] != parts[1]:
                if order is None:
                    column.unsettled.append(i)
                    days.append(None)
                    continue
                column.by_order.append(i)
        elif value is None:
            days.append(None)
            continue
        try:
            day = cache[value]  # a column repeats its dates: each distinct value is parsed once
        except KeyError:
            day = cache[value] = parse_date(value, order)
        except TypeError:
            day = parse_date(value, order)
        if day is None:
            bad.append(i)
        days.append(day)
    return column
