"""Small helpers for the styled output workbooks (报表): titles, tables, widths, formats, print setup.

Every report sheet xlkit writes looks the same: a bold title row, a shaded header row that repeats
on each printed page, readable widths, `0.0%` rates, dates as `yyyy-mm-dd`, landscape A4 fitted
to the page width. Text is written with `outputs.put`, so `=...` typed by a clerk stays text.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from copy import copy
from dataclasses import dataclass, field
from typing import Any

from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import column_index_from_string, get_column_letter
from openpyxl.utils.cell import coordinate_from_string
from openpyxl.worksheet.worksheet import Worksheet

from xlkit.output.files import put, xml_safe
from xlkit.output.layout import (  # re-exported: the measures every output sheet shares
    CJK_FONT_ASCII,
    DEFAULT_COLUMN_WIDTH,
    FONT_NAME,
    LINE_SPACING,
    MAX_ROW_HEIGHT,
    PAGE_FOOTER,
    ROW_PADDING,
    lines_needed,
    text_width,
)

PERCENT = "0.0%"
DATE = "yyyy-mm-dd"
INTEGER = "0"

TITLE_FONT = Font(name=FONT_NAME, size=14, bold=True)
HEADER_FONT = Font(name=FONT_NAME, size=10, bold=True)
BODY_FONT = Font(name=FONT_NAME, size=10)
NOTE_FONT = Font(name=FONT_NAME, size=9, italic=True, color="555555")
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
FAIL_FONT = Font(name=FONT_NAME, size=10, bold=True, color="C00000")
PASS_FONT = Font(name=FONT_NAME, size=10, color="006100")
_THIN = Side(style="thin", color="999999")
BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
WRAP = Alignment(vertical="top", wrap_text=True)
TOP = Alignment(vertical="top")
#: Tables longer than this get no cell borders (styling every cell of 100,000 rows costs seconds).
BORDER_LIMIT = 2000
WIDTH_SAMPLE = 500


def column_widths(ws: Worksheet) -> dict[int, float]:
    """1-based column → width in characters, as set on the sheet (grouped dimensions expanded)."""
    widths: dict[int, float] = {}
    for letter, dimension in ws.column_dimensions.items():
        if not dimension.width:
            continue
        # min/max are only filled in when the sheet is saved (or was loaded grouped)
        first = dimension.min or column_index_from_string(letter)
        last = max(dimension.max or first, first)
        for column in range(first, min(last, 16384) + 1):
            widths[column] = dimension.width
    return widths


#: A text too long for Excel's tallest row (409 pt) widens its column up to this many characters rather than
#: print over the row below it; what still does not fit is cut off at the cell's edge.
MAX_WRAP_WIDTH = 100


def fit_rows(ws: Worksheet, first_row: int = 1) -> None:
    """Grow every row so its wrapped text fits (estimated from display width and column width).

    Excel and LibreOffice keep the height openpyxl wrote, so without this a long 诉求内容 prints
    over the rows below. Rows are only ever made taller; a merged cell spanning columns counts their
    widths together, one spanning rows is left as it is. A text that would need a row taller than Excel
    allows widens its column first (`MAX_WRAP_WIDTH`): a 700-character 诉求内容 in a 20-character column ran
    past its 409-point row and printed over the next case.
    """
    workbook = ws.parent
    wrapping = {index for index, alignment in enumerate(workbook._alignments) if alignment.wrap_text}
    if not wrapping:
        return
    needed, overflowing = _heights(ws, first_row, wrapping)
    if overflowing and _widen(ws, overflowing):
        needed, _ = _heights(ws, first_row, wrapping)
    streamed_rows = {row for block in streamed_blocks(ws) for row in range(block.first_row,
                                                                         block.first_row + len(block.rows))}
    streamed = streamed_heights(ws)
    for row, height in needed.items():
        if row not in ws.row_dimensions and row in streamed_rows:
            # a streamed table's row: kept beside the block, not as an openpyxl row (13,000 rows: 0.1 s)
            if height > streamed.get(row, 15):
                streamed[row] = round(min(height, MAX_ROW_HEIGHT), 1)
            continue
        dimension = ws.row_dimensions[row]
        current = dimension.height or 15
        if height > current:
            dimension.height = round(min(height, MAX_ROW_HEIGHT), 1)


def _heights(ws: Worksheet, first_row: int, wrapping: set[int]) -> tuple[dict[int, float], list[tuple[int, Any, float]]]:
    """(row → the height its wrapped text needs, [(column, text, font size)] of texts no row is tall enough for)."""
    fonts = ws.parent._fonts
    widths = column_widths(ws)
    default = ws.sheet_format.defaultColWidth or DEFAULT_COLUMN_WIDTH
    spans: dict[tuple[int, int], float | None] = {}
    for merged in ws.merged_cells.ranges:
        if merged.min_row != merged.max_row:
            spans[(merged.min_row, merged.min_col)] = None
        else:
            spans[(merged.min_row, merged.min_col)] = sum(widths.get(c, default)
                                                         for c in range(merged.min_col, merged.max_col + 1))
        for row, column in merged.cells:
            spans.setdefault((row, column), None)
    needed: dict[int, float] = {}
    overflowing: list[tuple[int, Any, float]] = []

    def grow(row: int, value: Any, width: float, style, column: int | None) -> None:
        font = fonts[style.fontId]
        size = font.sz or 11
        # a smaller font fits no more characters than Excel's width promises; a larger one fits fewer
        lines = lines_needed(value, width * min(1, 11 / size), CJK_FONT_ASCII if font.name == FONT_NAME else 1.0)
        if lines < 2:
            return
        height = lines * size * LINE_SPACING + ROW_PADDING
        if height > MAX_ROW_HEIGHT and column is not None:
            overflowing.append((column, value, size))
        if height > needed.get(row, 0):
            needed[row] = height

    for (row, column), cell in ws._cells.items():
        value = cell._value
        style = cell._style
        if row < first_row or value is None or style is None or style.alignmentId not in wrapping:
            continue
        if isinstance(value, str) and not value:
            continue
        if (row, column) in spans:
            width = spans[(row, column)]
            if width is not None:
                grow(row, value, width, style, None)  # a merged note: its columns are not widened for it
            continue
        grow(row, value, widths.get(column, default), style, column)
    for block in streamed_blocks(ws):
        wraps = {i for i, style in enumerate(block.styles) if style is not None and style.alignmentId in wrapping}
        if not wraps:
            continue
        for row, values in enumerate(block.rows, start=block.first_row):
            if row < first_row:
                continue
            for column, item in enumerate(values, start=1):
                if item is not None and item[1] in wraps and item[0] != "":
                    grow(row, item[0], widths.get(column, default), block.styles[item[1]], column)
    return needed, overflowing


def _widen(ws: Worksheet, overflowing: list[tuple[int, Any, float]]) -> bool:
    """Widen the columns of texts no row can hold until they fit in `MAX_ROW_HEIGHT` (at most `MAX_WRAP_WIDTH`)."""
    widths = column_widths(ws)
    default = ws.sheet_format.defaultColWidth or DEFAULT_COLUMN_WIDTH
    wanted: dict[int, float] = {}
    for column, value, size in overflowing:
        scale = min(1, 11 / size)
        lines = int((MAX_ROW_HEIGHT - ROW_PADDING) / (size * LINE_SPACING)) - 2  # a margin for the estimate's error
        width = max(widths.get(column, default), wanted.get(column, 0))
        width = max(width, min(MAX_WRAP_WIDTH, text_width(value) / lines / scale))  # where the search starts
        while width < MAX_WRAP_WIDTH and lines_needed(value, width * scale, CJK_FONT_ASCII) > lines:
            width = min(MAX_WRAP_WIDTH, width + 2)
        if width > widths.get(column, default):
            wanted[column] = max(wanted.get(column, 0), round(width, 1))
    for column, width in wanted.items():
        ws.column_dimensions[get_column_letter(column)].width = width
    return bool(wanted)


def streamed_heights(ws: Worksheet) -> dict[int, float]:
    """Row heights (points) of the rows of streamed tables that no openpyxl row holds (see `fit_rows`)."""
    return ws.__dict__.setdefault("_xlkit_heights", {})


def ready_to_print(workbook) -> None:
    """Called once for each output workbook before it is saved (`files.save_workbook`).

    Every sheet: rows grown to fit their wrapped text; pages numbered in the footer where the sheet set
    no footer of its own; a sheet that starts with a table header row repeats it on every page.
    """
    for ws in workbook.worksheets:
        fit_rows(ws)
        if not ws.oddFooter.center.text and not ws.oddFooter.left.text and not ws.oddFooter.right.text:
            ws.oddFooter.center.text = PAGE_FOOTER
            ws.page_margins.footer = min(ws.page_margins.footer or 0.3, 0.3)
        if not ws.print_title_rows and _starts_with_header(ws):
            ws.print_title_rows = "1:1"


def _starts_with_header(ws) -> bool:
    """Row 1 holds three or more bold labels (a table's header, not a title)."""
    labels = [cell for cell in ws[1] if isinstance(cell.value, str) and cell.has_style and cell.font.b]
    return len(labels) >= 3


def title(ws: Worksheet, text: str, columns: int, note: str | None = None, row: int = 1) -> int:
    """A bold title across `columns` (and an optional note line below); returns the next free row."""
    put(ws.cell(row, 1), text)
    ws.cell(row, 1).font = TITLE_FONT
    # wrapped (the row grows when the book is saved): over a narrow table the merged title was cut off at its
    # last column (本季度案件中超期未完成或逾期完成的环节（0 项，截至 20)
    ws.cell(row, 1).alignment = Alignment(horizontal="left", vertical="center", wrap_text=True)
    ws.row_dimensions[row].height = 24
    if columns > 1:
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=columns)
    row += 1
    if note:
        put(ws.cell(row, 1), note)
        ws.cell(row, 1).font = NOTE_FONT
        ws.cell(row, 1).alignment = Alignment(vertical="top", wrap_text=True)
        if columns > 1:
            ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=columns)
        row += 1
    return row


def nothing_to_list(ws: Worksheet, row: int, text: str, columns: int) -> int:
    """The one line a list with no rows prints instead of its header over nothing (a page that looked printed
    by mistake); returns the next free row."""
    put(ws.cell(row, 1), text)
    ws.cell(row, 1).font = BODY_FONT
    if columns > 1:
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=columns)
    return row + 1


def note(ws: Worksheet, row: int, text: str, columns: int = 1) -> int:
    put(ws.cell(row, 1), text)
    ws.cell(row, 1).font = NOTE_FONT
    ws.cell(row, 1).alignment = Alignment(vertical="top", wrap_text=columns > 1)
    if columns > 1:
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=columns)
    return row + 1


@dataclass
class StreamedBlock:
    """The body of a table kept as values for XlsxWriter (`write_table(..., stream=True)`).

    `rows[i][j]` is None (an empty cell) or (value, index into `styles`); `styles` are openpyxl style
    arrays of this workbook (None: the default style). Row `first_row` is the table's first body row.
    """

    first_row: int
    rows: list[list[tuple[Any, int] | None]] = field(default_factory=list)
    styles: list[Any] = field(default_factory=list)


def streamed_blocks(ws: Worksheet) -> list[StreamedBlock]:
    """The table bodies of `ws` written with `stream=True` (saved by `xlsx_save`, never by openpyxl)."""
    return ws.__dict__.setdefault("_xlkit_blocks", [])


def write_table(ws: Worksheet, row: int, headers: Sequence[str], body: Iterable[Sequence[Any]],
                formats: dict[int, str] | None = None, wrap: Sequence[int] = (),
                min_widths: dict[int, int] | None = None, max_width: int = 40,
                fonts: dict[int, Callable[[Any], Font | None]] | None = None,
                stream: bool = False, centred: Sequence[int] = ()) -> tuple[int, int]:
    """Write a header row at `row` and the body below; return (header_row, last_row).

    `formats` maps a 0-based column to a number format (PERCENT, DATE…); None is written as an
    empty cell. Column widths grow to fit the content (CJK counted double), up to `max_width`; a text
    wider than that wraps (as the `wrap` columns always do) instead of running over the cells beside it.
    `fonts` maps a column to a function giving a value's font (None: the table's own). The `centred`
    columns are centred (a number right-aligned against the left-aligned text of the next column prints as
    one word: 3 and 临期 as “3临期”).

    With `stream` the body is not made into openpyxl cells: it is kept as values and styles and written
    by XlsxWriter when the workbook is saved (`files.save_workbook(..., xlsxwriter=True)`), which halves
    the time of a 100,000-row ledger's big sheets. Those cells cannot be read or restyled afterwards.
    """
    formats = formats or {}
    widths = [max(text_width(h) + 2, 6) for h in headers]
    header_style = None
    for index, text in enumerate(headers, start=1):
        cell = ws.cell(row, index)
        put(cell, text)
        if header_style is None:
            cell.font, cell.fill, cell.alignment, cell.border = HEADER_FONT, HEADER_FILL, CENTER, BORDER
            header_style = cell._style
        else:
            cell._style = copy(header_style)
    header_row = row
    rows = list(body)
    bordered = len(rows) <= BORDER_LIMIT
    wrapped = set(wrap)
    centre = set(centred)
    # Setting fonts, borders and formats cell by cell makes openpyxl hash the style objects every time;
    # style one cell of each kind and copy its finished style array to the rest (same result, ~10× faster).
    styles: dict[tuple[bool, str | None, Font | None, bool], Any] = {}
    cells = ws._cells
    block = StreamedBlock(row + 1) if stream else None
    numbers: dict[tuple[bool, str | None, Font | None, bool], int] = {}
    for count, values in enumerate(rows):
        row += 1
        measure = count < WIDTH_SAMPLE  # widths from the first rows: measuring 100,000s of cells costs seconds
        kept: list[tuple[Any, int] | None] = []
        for index, value in enumerate(values):
            blank = value is None
            if blank:
                if not bordered:
                    if block is not None:
                        kept.append(None)
                    continue
                # an empty cell keeps the table's borders: a column of empty 下步措施 printed without its grid
                # lines, the rows' edges gone where two empty cells met
                value = ""
            kind = value.__class__
            if kind is str:
                value = xml_safe(value)[:32767]  # as openpyxl would cut it
                number_format = None
            elif kind is int or kind is float:
                number_format = formats.get(index)
            else:
                if isinstance(value, dt.datetime):
                    value = value.date()
                number_format = formats.get(index) or (DATE if isinstance(value, dt.date) else None)
            wraps = index in wrapped or _too_wide(value, max_width)
            key = (wraps, number_format, fonts[index](value) if fonts and index in fonts else None, index in centre)
            if block is not None:
                number = numbers.get(key)
                if number is None:
                    number = numbers[key] = len(block.styles)
                    block.styles.append(_table_style(ws, key, bordered))
                kept.append((value, number))
            else:
                # Cells made and filled directly: openpyxl's value setter re-checks every text with a regex
                # that xml_safe has already applied (a third of the time of a 100,000-row sheet). Text is
                # text (data type "s", never a formula).
                column = index + 1
                cell = cells.get((row, column))
                if cell is None:
                    cell = cells[(row, column)] = Cell(ws, row=row, column=column)
                if blank:
                    pass  # a styled empty cell, no value (not an empty text)
                elif kind is str:
                    cell._value = value
                    cell.data_type = "s"
                elif kind is int or kind is float:
                    cell._value = value
                    cell.data_type = "n"
                elif kind is dt.date:
                    cell._value = value
                    cell.data_type = "d"
                else:  # datetimes, booleans, numpy numbers: openpyxl infers the type
                    cell.value = value
                if key not in styles:
                    styles[key] = _table_style(ws, key, bordered)
                if styles[key] is not None:
                    cell._style = copy(styles[key])
            if measure and not blank:
                width = text_width(value) + 2
                if width > widths[index]:
                    widths[index] = width
        if block is not None:
            block.rows.append(kept)
    if block is not None:
        streamed_blocks(ws).append(block)
    else:
        ws._current_row = max(ws._current_row, row)
    for index, width in enumerate(widths):
        floor = (min_widths or {}).get(index, 0)
        letter = get_column_letter(index + 1)
        # several tables on one sheet: the widest wins (membership does not create a dimension)
        earlier = ws.column_dimensions[letter].width if letter in ws.column_dimensions else 0
        ws.column_dimensions[letter].width = max(earlier, floor, min(width, max_width))
    return header_row, row


def _table_style(ws: Worksheet, key: tuple[bool, str | None, Font | None, bool], bordered: bool):
    """The style array of a table body cell: (wraps, number format, font, centred); None for the default style.

    Setting fonts, borders and formats cell by cell makes openpyxl hash the style objects every time;
    each kind is styled once here and its finished array copied to the rest (same result, ~10× faster).
    """
    wraps, number_format, font, centred = key
    if not bordered and key == (False, None, None, False):
        return None
    cell = Cell(ws, row=1, column=1)  # a scratch cell, never put on the sheet
    if bordered:
        cell.border = BORDER
        cell.font = BODY_FONT
        # at the top, beside the first line of the row's wrapped text (at the bottom, the case number of a
        # 30-line 诉求内容 printed by the next case's)
        cell.alignment = TOP
    if font is not None:
        cell.font = font
    if wraps:
        cell.alignment = WRAP
    if centred:
        cell.alignment = Alignment(horizontal="center", vertical="top" if wraps or bordered else None,
                                   wrap_text=wraps or None)
    if number_format:
        cell.number_format = number_format
    return copy(cell._style)


def _too_wide(value: Any, max_width: int) -> bool:
    """A text the column, capped at `max_width`, cannot show on one line (a character is at most 2 wide)."""
    return value.__class__ is str and 2 * len(value) + 2 > max_width and text_width(value) + 2 > max_width


def set_font(ws: Worksheet, cells: Iterable[tuple[int, int]], font: Font) -> None:
    """Give the (row, column) cells `font`, their other styles kept.

    openpyxl hashes the font and the cell's style for every assignment; cells that share a style get the
    finished style of the first one copied instead (13,000 cells: 0.02 s instead of 0.4 s).
    """
    done: dict[tuple[int, ...] | None, Any] = {}
    for row, column in cells:
        cell = ws.cell(row, column)
        key = None if cell._style is None else tuple(cell._style)  # None: a cell never styled
        style = done.get(key)
        if style is None:
            cell.font = font
            done[key] = copy(cell._style)
        else:
            cell._style = copy(style)


def mark_cells(ws: Worksheet, cells: Iterable[tuple[int, int]], text_pass: str, text_fail: str) -> None:
    """Colour 达标 green and 未达标 red among the given (row, column) cells."""
    cells = list(cells)
    set_font(ws, [(r, c) for r, c in cells if ws.cell(r, c).value == text_fail], FAIL_FONT)
    set_font(ws, [(r, c) for r, c in cells if ws.cell(r, c).value == text_pass], PASS_FONT)


def fit_to_width(ws: Worksheet, landscape: bool = True) -> None:
    """Printed on A4, every column on one page width, as many pages down as it takes."""
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    if landscape:
        ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def print_setup(ws: Worksheet, header_rows: tuple[int, int] | None = None, landscape: bool = True) -> None:
    """A4, landscape, fitted to one page wide, header rows repeated on every page."""
    fit_to_width(ws, landscape)
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.page_margins.top, ws.page_margins.bottom = 0.6, 0.75
    ws.page_margins.header, ws.page_margins.footer = 0.3, 0.3  # the footer inside the bottom margin, not clipped
    if header_rows:
        ws.print_title_rows = f"{header_rows[0]}:{header_rows[1]}"
    ws.oddFooter.center.text = PAGE_FOOTER


def freeze_below(ws: Worksheet, header_row: int, columns: int = 0) -> None:
    ws.freeze_panes = ws.cell(header_row + 1, columns + 1)


def page_break_before(ws: Worksheet, row: int) -> None:
    """Start a new printed page at `row` (e.g. so a chart is not cut in two)."""
    from openpyxl.worksheet.pagebreak import Break

    ws.row_breaks.append(Break(id=row - 1))


# ---------------------------------------------------------------------------
# Native charts (rendered by Excel, WPS and LibreOffice from the sheet's own cells; see xlsx_charts)


def add_chart(ws: Worksheet, kind: str, anchor: str, chart_title: str, header_row: int, last_row: int,
              category_col: int, value_cols: Sequence[int], y_title: str | None = None, percent: bool = False,
              width: float = 16, height: float = 8) -> None:
    """A bar ("bar"/"col"), line or pie chart over a table written by `write_table`, `width` × `height` cm
    from the cell `anchor`.

    Series names come from the header row; categories from `category_col` (1-based columns).
    Nothing is drawn for an empty table. XlsxWriter draws it when the workbook is saved (`xlsx_save`).
    """
    from xlkit.output import xlsx_charts

    if last_row <= header_row:
        return
    chart = xlsx_charts.simple(ws, kind, chart_title, header_row, last_row, category_col, value_cols, y_title, percent)
    column, row = coordinate_from_string(anchor)
    xlsx_charts.place_sized(ws, chart, row, column_index_from_string(column), width, height)
