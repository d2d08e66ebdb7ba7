"""Counts as clerks write them: `3`, `3人`, `五人`, `约20人`, `十二名`, `30天`, `三十日`."""

from __future__ import annotations

import re
import unicodedata

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_UNITS = {"十": 10, "百": 100, "千": 1000}
#: About, nearly, more than: the number is still the count the clerk means (`约20人`, `20余人`, `近百人`).
_COUNT = re.compile(r"^(?:约|大约|近|共|计|共计)?\s*([0-9]+|[零〇一二两三四五六七八九十百千]+)\s*(?:余|多)?\s*"
                    r"(?:人次|人|名|位|个工作日|天|日)?$")


def chinese_number(text: str) -> int | None:
    """`五` → 5, `十二` → 12, `二十` → 20, `一百零三` → 103; None for anything else."""
    total, digit = 0, None
    for char in text:
        if char in _DIGITS:
            if digit is not None and digit != 0:
                return None  # 五五: not a number word
            digit = _DIGITS[char]
        elif char in _UNITS:
            total += (1 if digit is None else digit) * _UNITS[char]
            digit = None
        else:
            return None
    return total + (digit or 0) if text else None


def parse_count(value: str) -> int | None:
    """A whole count from a text cell, or None when it is not one."""
    match = _COUNT.match(unicodedata.normalize("NFKC", value).strip())
    if not match:
        return None
    number = match[1]
    return int(number) if number.isdigit() else chinese_number(number)
