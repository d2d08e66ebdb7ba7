"""Big output sheets written as they are made: XlsxWriter in constant_memory mode (issue 15).

openpyxl keeps every cell as an object and hashes its styles one cell at a time; for a 校验结果 of
60,000 findings that cost more than reading the ledger. XlsxWriter streams each row to disk once it
is complete, so time and memory stay flat. openpyxl stays where a workbook is read or edited.

The house rules still hold here: every text cell goes through `files.put_stream` (never a formula;
illegal XML characters cleaned), rows grow to fit their wrapped text with the same estimate as
`xlsx_style.fit_rows`, pages are numbered like every other output (`xlsx_style.PAGE_FOOTER`) and the
file is written atomically through `files.atomic_write`.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from xlkit.output.files import atomic_write, report_properties, require_xlsx, xml_safe
from xlkit.output.layout import (
    CJK_FONT_ASCII,
    LINE_SPACING,
    MAX_ROW_HEIGHT,
    ROW_PADDING,
    lines_needed,
)

PAGE_FOOTER = "&C第 &P 页，共 &N 页"
DEFAULT_ROW_HEIGHT = 15
#: left, right, top, bottom in inches: openpyxl's defaults, which the sheets written with it printed with
MARGINS = (0.75, 0.75, 1.0, 1.0)
#: Excel keeps at most this many hyperlinks on one worksheet; XlsxWriter drops the cell after it.
MAX_LINKS = 65_530
_OPTIONS = {"constant_memory": True, "strings_to_formulas": False, "strings_to_numbers": False,
            "strings_to_urls": False}


class _QuickZip(zipfile.ZipFile):
    """XlsxWriter's package with its parts packed at zlib's level 1 (XlsxWriter asks for no level: 6). The 24 MB
    of sheet XML of a 100,000-row ledger's 校验结果 (26,825 findings) are packed in 0.06 s instead of 0.15 s, into
    2.2 MB instead of 1.6 MB; every reader inflates either alike (issue 15)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("compresslevel", 1)
        super().__init__(*args, **kwargs)

    def writestr(self, zinfo_or_arcname, data, compress_type=None, compresslevel=None):
        # (a part given as a ZipInfo, as in_memory gives each, would otherwise take zlib's default)
        return super().writestr(zinfo_or_arcname, data, compress_type,
                                self.compresslevel if compresslevel is None else compresslevel)


def quick_packing() -> None:
    """Have XlsxWriter pack with `_QuickZip`, for the rest of the process: it makes its ZipFile by that module's
    name, which is set here once. Called before each workbook xlkit writes with XlsxWriter (`write_stream_workbook`,
    `xlsx_save.write_workbook`, the 生成清单), so each packs alike whatever ran before it; an XlsxWriter whose
    module has no such name packs as it did."""
    from xlsxwriter import workbook

    if getattr(workbook, "ZipFile", None) is zipfile.ZipFile:
        workbook.ZipFile = _QuickZip


def write_stream_workbook(path: Path, build: Callable[[Any], None], force: bool = False,
                          sources: tuple[Path, ...] = (), report: str | None = None) -> Path:
    """Make an XlsxWriter workbook with `build(workbook)` and save it atomically (never over the ledger).
    `report`: the report's name, marked in its properties (`files.report_kind`: not read as a ledger)."""
    import xlsxwriter

    quick_packing()

    def write(temp: Path) -> None:
        workbook = xlsxwriter.Workbook(str(temp), _OPTIONS)
        if report is not None:
            workbook.set_properties(report_properties(report))
        try:
            build(workbook)
        finally:
            workbook.close()

    return atomic_write(require_xlsx(Path(path)), write, force, sources)


def set_widths(sheet, widths: Sequence[float]) -> None:
    """Column widths in Excel characters, written as openpyxl writes them (no padding added)."""
    for index, width in enumerate(widths):
        sheet.set_column_pixels(index, index, round(width * 7))


def row_height(values: Sequence[Any], widths: Sequence[float], size: float = 11,
               ascii_width: float = CJK_FONT_ASCII) -> float | None:
    """The height a row of wrapped cells needs (as `xlsx_style.fit_rows` estimates it), or None for the default.

    `ascii_width`: the units a Latin letter or digit takes (`layout.CJK_FONT_ASCII` for the 宋体 of every report)."""
    needed = 0.0
    scale = min(1, 11 / size)
    for value, width in zip(values, widths, strict=False):
        if value is None or value == "":
            continue
        if value.__class__ is str and not value.isprintable():
            value = xml_safe(value)  # measured as written: Word's line break (\x0b) prints as a new line
        if value.__class__ is str and "\n" not in value:
            # one line for sure, measured or not (a character counts 1 or 2): most case numbers and codes
            room = int(width * scale) - 1
            if 2 * len(value) <= room or (len(value) * ascii_width <= room and value.isascii()):
                continue
        # the class too (1 and True are equal keys); and the Latin width: 生成清单 and the reports differ.
        # A text is kept by its shape: every Latin letter and digit wraps as any other (one unit, one word),
        # so 已过 450 日 and 已过 17 日 of a rule's message, or 台账!H5 and 台账!AC7, are measured once.
        key = (value.__class__, _LATIN.sub("0", value) if value.__class__ is str else value,
               width * scale, ascii_width)
        try:
            lines = _LINES[key]
        except KeyError:  # a rule's hint and its messages' few shapes repeat over thousands of findings
            lines = lines_needed(value, width * scale, ascii_width)
            if len(_LINES) < _LINES_KEPT:
                _LINES[key] = lines
        except TypeError:  # a value that cannot be a key
            lines = lines_needed(value, width * scale, ascii_width)
        if lines >= 2:
            needed = max(needed, lines * size * LINE_SPACING + ROW_PADDING)
    if needed <= DEFAULT_ROW_HEIGHT:
        return None
    return round(min(needed, MAX_ROW_HEIGHT), 1)


_LINES: dict[tuple[type, Any, float], int] = {}
#: Latin letters and digits, each put as "0" for a text's shape, which wraps on the same lines as the text
#: (`layout._WORD`: every character of [!-~] but the hyphen is alike, and each is one unit wide)
_LATIN = re.compile("[0-9A-Za-z]")
_LINES_KEPT = 100_000


def fit_to_width(sheet, landscape: bool = True) -> None:
    """A4, every column on one page width, pages numbered: `xlsx_style.fit_to_width` for a streamed sheet."""
    sheet.set_paper(9)
    if landscape:
        sheet.set_landscape()
    sheet.fit_to_pages(1, 0)
    sheet.set_margins(*MARGINS)
    sheet.set_header("", {"margin": 0.5})
    sheet.set_footer(PAGE_FOOTER, {"margin": 0.3})  # inside the bottom margin, as ready_to_print sets it
