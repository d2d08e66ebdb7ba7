"""What every output sheet shares, with no spreadsheet library imported: display widths, wrapped line counts,
row height constants and the page footer.

openpyxl costs 0.06 s to import; a button click that writes its workbook with XlsxWriter (the 生成文书
list) measures its text and numbers its pages from here without it. `xlsx_style` re-exports these.
"""

from __future__ import annotations

import datetime as dt
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


def lines_needed(text: Any, width: float) -> int:
    """Wrapped line count of `text` in a column `width` characters wide (CJK counted double)."""
    capacity = max(int(width) - 1, 1)
    return sum(max(1, -(-text_width(part) // capacity)) for part in str(text).split("\n"))
