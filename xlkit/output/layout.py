"""What every output sheet shares, with no spreadsheet library imported: display widths, wrapped line counts,
row height constants and the page footer.

openpyxl costs 0.06 s to import; a button click that writes its workbook with XlsxWriter (the 生成文书
list) measures its text and numbers its pages from here without it. `xlsx_style` re-exports these.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Any

#: The typeface of every output sheet (GB/T 9704's 宋体 for body text).
FONT_NAME = "宋体"

#: The footer of every printed output sheet (`&C` before it for XlsxWriter's centre section).
PAGE_FOOTER = "第 &P 页，共 &N 页"


class _CharWidths(dict):
    """Character → display width, each character looked up in unicodedata once (a sheet uses a few thousand)."""

    def __missing__(self, ch: str) -> int:
        width = self[ch] = 2 if unicodedata.east_asian_width(ch) in "WF" else 1
        return width


_CHAR_WIDTHS = _CharWidths()


def text_width(value: Any) -> int:
    """Display width in Excel character units: a CJK character counts 2."""
    if value is None:
        return 0
    if isinstance(value, float):
        return 8
    if isinstance(value, dt.date):
        return 10
    text = value if isinstance(value, str) else str(value)
    if text.isascii():
        return len(text)
    return sum(map(_CHAR_WIDTHS.__getitem__, text))


#: Points per wrapped line, per point of font size (LibreOffice and Excel do not grow rows openpyxl wrote).
LINE_SPACING = 1.4
ROW_PADDING = 3
MAX_ROW_HEIGHT = 409  # Excel's tallest row, in points
DEFAULT_COLUMN_WIDTH = 8.43


#: What Excel and LibreOffice keep on one line when they wrap Chinese text: a run of ASCII (a number, a date,
#: 台账!H107, a file name), broken only after a hyphen (2019-|9017), with the opening marks before it and the
#: closing marks after it.
_WORD = re.compile(r"[（〔《「『【“‘]*(?:[!-~]+?-(?=[!-~])|[!-~]{2,})[、，。；：！？）」』】〕》”’]*")


#: How much wider than Calibri's digit (Excel's width unit) a Latin letter or digit of 宋体 text prints where
#: LibreOffice has no 宋体 and takes DejaVu Sans for Latin (its digits 0.64 em: 1.21 units at 10 pt; SimSun's
#: own are 0.5 em, 0.95). A long number, URL or list of case numbers in a 宋体 cell wraps onto more lines than
#: Calibri widths promise: rows measured at 1 unit printed their last lines over the next row.
CJK_FONT_ASCII = 1.25


def lines_needed(text: Any, width: float, ascii_width: float = 1.0) -> int:
    """Wrapped line count of `text` in a column `width` characters wide (CJK counted double).

    A line holds `width - 1` units; a Chinese character takes 2 of them, so a line of Chinese holds whole
    characters only (an odd last unit stays empty), and an ASCII word moves to the next line whole.
    `ascii_width`: the units a word's ASCII character takes (`CJK_FONT_ASCII` for 宋体 text).
    """
    capacity = max(int(width) - 1, 1)
    total = 0
    for part in str(text).split("\n"):
        used = text_width(part)
        if ascii_width != 1.0 and used > capacity // 2:
            used += (ascii_width - 1) * sum(1 for ch in part if ch < "\x80")
        if used <= capacity:
            total += 1
        elif _WORD.search(part) is None:  # Chinese (a lone digit or letter breaks like a character)
            total += int(-(-used // max(capacity // 2 * 2, 1)))
        else:
            total += _wrapped(part, capacity, ascii_width)
    return total


def _wrapped(part: str, capacity: int, ascii_width: float = 1.0) -> int:
    """Lines of `part` filled greedily: Chinese breaks between any two characters, an ASCII word as `_WORD`."""
    even = max(capacity // 2 * 2, 2)
    lines, used, start = 1, 0, 0
    for match in _WORD.finditer(part):
        lines, used = _fill(part[start:match.start()], lines, used, capacity, even)
        word = match.group()
        if word.isascii():
            width = len(word) * ascii_width
        else:
            width = text_width(word)
            if ascii_width != 1.0:
                width += (ascii_width - 1) * sum(1 for ch in word if ch < "\x80")
        if used + width <= capacity:
            used += width
        elif width <= capacity:
            lines, used = lines + 1, width
        else:  # longer than a line: broken anywhere
            used += width
            while used > capacity:
                lines, used = lines + 1, used - capacity
        start = match.end()
    return int(_fill(part[start:], lines, used, capacity, even)[0])


def _fill(stretch: str, lines: int, used: int, capacity: int, even: int) -> tuple[int, int]:
    """(lines, units used on the last) after a stretch of Chinese that may break between any two characters."""
    if not stretch:
        return lines, used
    width = text_width(stretch)
    if used + width <= capacity:
        return lines, used + width
    width -= (capacity - used) // 2 * 2  # the whole characters that still fit on this line
    more = -(-width // even)
    return lines + more, width - (more - 1) * even
