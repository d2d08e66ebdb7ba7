"""Saving a report workbook built with openpyxl through XlsxWriter (issue 15).

The 月度调度 and 季度分析 workbooks are laid out with openpyxl (`xlsx_style`: titles, tables, merges,
fonts, print setup, row heights), which is convenient to build and to adjust after a table is written.
openpyxl's own save then costs more than the read of a 100,000-row ledger: it serialises every cell
as an XML element object. XlsxWriter writes the same cells about twice as fast (measured on these
workbooks: 200,000 cells in 1.0 s instead of 1.5 s, 310,000 in 1.4 s instead of 2.2 s), and it draws the
charts (`xlsx_charts`). So the sheets are built as before and written here, cell by cell, with the
same values, number formats, fonts, fills, borders, alignments, merges, widths, heights and print
settings. A sheet using something this writer does not carry over (a comment, a data validation, a
conditional format, an openpyxl chart or image, a formula) is refused, never written without it.

The big tables are not even made into openpyxl cells: `write_table(..., stream=True)` keeps their
bodies as values and styles (`xlsx_style.StreamedBlock`), written here directly, a row at a time as
finished XML (`xlsx_rows.RowWriter`: the public cell calls cost ~12 µs a cell, most of such a sheet).
"""

from __future__ import annotations

import datetime as dt
import math
import numbers
from pathlib import Path
from typing import Any

from openpyxl.cell.cell import MergedCell
from openpyxl.styles.numbers import BUILTIN_FORMATS, BUILTIN_FORMATS_MAX_SIZE
from openpyxl.utils import column_index_from_string
from openpyxl.utils.cell import coordinate_from_string, range_boundaries

from xlkit.output import xlsx_charts
from xlkit.output.files import REPORT_KEYWORD, report_properties
from xlkit.output.xlsx_rows import RowWriter, rows_written
from xlkit.output.xlsx_style import column_widths, streamed_blocks, streamed_heights

#: in_memory: the parts are zipped from memory, not from a temporary file each (61 files created and
#: removed for a 季度分析: 0.1–0.2 s of file system calls on a small ledger)
_OPTIONS = {"strings_to_formulas": False, "strings_to_numbers": False, "strings_to_urls": False, "in_memory": True}
_BORDERS = {"thin": 1, "medium": 2, "dashed": 3, "dotted": 4, "thick": 5, "double": 6, "hair": 7,
            "mediumDashed": 8, "dashDot": 9, "mediumDashDot": 10, "dashDotDot": 11, "mediumDashDotDot": 12,
            "slantDashDot": 13}
_VERTICAL = {"top": "top", "center": "vcenter", "bottom": "bottom", "justify": "vjustify",
             "distributed": "vdistributed"}
#: Excel's serial numbers count days from 1899-12-30 from 1900-03-01 on (before it, Excel's phantom
#: 1900-02-29 shifts them; those dates go through XlsxWriter's own conversion)
_SERIAL_BASE = dt.date(1899, 12, 30).toordinal()
_SERIAL_FROM = dt.date(1900, 3, 1)
DEFAULT_ROW_PIXELS = 20
DEFAULT_COLUMN_PIXELS = 64


def write_workbook(workbook, temp: Path) -> None:
    """Write the openpyxl `workbook` to `temp` with XlsxWriter (called by `files.save_workbook`)."""
    import xlsxwriter

    from xlkit.output.xlsx_stream import quick_packing

    quick_packing()
    book = xlsxwriter.Workbook(str(temp), _OPTIONS)
    properties = workbook.properties
    if properties.keywords == REPORT_KEYWORD:  # the report's mark (`files.mark_report`) carried over
        book.set_properties(report_properties(properties.title or ""))
    try:
        formats = _Formats(workbook, book)
        for ws in workbook.worksheets:
            _refuse_what_is_not_carried(ws)
            _write_sheet(ws, book.add_worksheet(ws.title), book, formats)
        if workbook.active is not None:
            book.worksheets()[workbook.index(workbook.active)].activate()
    finally:
        book.close()
    if not all(rows_written(sheet) for sheet in book.worksheets()):  # this XlsxWriter never asked for them
        raise ValueError("XlsxWriter 没有写出成行保存的表格行：请换用 xlkit 测试过的 XlsxWriter 版本")


def _refuse_what_is_not_carried(ws) -> None:
    found = []
    if ws.data_validations.dataValidation:
        found.append("数据验证")
    if len(ws.conditional_formatting):
        found.append("条件格式")
    if ws._charts or ws._images:
        found.append("openpyxl 图表或图片")
    if ws.print_area or ws.print_title_cols or ws.protection.sheet or ws.sheet_state != "visible":
        found.append("打印区域、重复列、保护或隐藏")
    if ws.sheet_format.defaultColWidth:
        found.append("默认列宽")
    if found:
        raise ValueError(f"工作表“{ws.title}”含有 XlsxWriter 写出时不会保留的内容：{'、'.join(found)}")


class _Formats:
    """One XlsxWriter format per openpyxl style array (a workbook uses a few dozen)."""

    def __init__(self, workbook, book) -> None:
        self.workbook = workbook
        self.book = book
        self.made: dict[tuple[int, ...], Any] = {}

    def get(self, style) -> Any:
        if style is None:
            return None
        key = tuple(style)
        if key not in self.made:
            self.made[key] = self._make(style)
        return self.made[key]

    def _make(self, style) -> Any:
        wb = self.workbook
        props: dict[str, Any] = {}
        font = wb._fonts[style.fontId]
        if style.fontId:
            props |= {"font_name": font.name, "font_size": font.sz, "bold": bool(font.b), "italic": bool(font.i)}
            if font.u:
                props["underline"] = 1
            if font.color is not None and font.color.type == "rgb":
                props["font_color"] = "#" + font.color.rgb[-6:]
        fill = wb._fills[style.fillId]
        if getattr(fill, "fill_type", None) == "solid":
            props |= {"pattern": 1, "bg_color": "#" + fill.fgColor.rgb[-6:]}
        elif style.fillId > 1:  # 0 and 1 are the two fills every workbook starts with
            raise ValueError(f"不支持的填充：{fill}")
        border = wb._borders[style.borderId]
        for side in ("left", "right", "top", "bottom"):
            edge = getattr(border, side)
            if edge is not None and edge.style:
                props[side] = _BORDERS[edge.style]
                if edge.color is not None and edge.color.type == "rgb":
                    props[f"{side}_color"] = "#" + edge.color.rgb[-6:]
        alignment = wb._alignments[style.alignmentId]
        if alignment.horizontal and alignment.horizontal != "general":
            props["align"] = {"centerContinuous": "center_across"}.get(alignment.horizontal, alignment.horizontal)
        if alignment.vertical:
            props["valign"] = _VERTICAL[alignment.vertical]
        if alignment.wrap_text:
            props["text_wrap"] = True
        if alignment.shrink_to_fit:
            props["shrink"] = True
        if alignment.indent:
            props["indent"] = int(alignment.indent)
        if style.numFmtId:
            props["num_format"] = (BUILTIN_FORMATS.get(style.numFmtId, "General")
                                   if style.numFmtId < BUILTIN_FORMATS_MAX_SIZE
                                   else wb._number_formats[style.numFmtId - BUILTIN_FORMATS_MAX_SIZE])
        return self.book.add_format(props) if props else None


def _write_sheet(ws, sheet, book, formats: _Formats) -> None:
    merged = {}
    for cells in ws.merged_cells.ranges:
        merged[(cells.min_row, cells.min_col)] = cells
    # XlsxWriter keeps widths and heights in whole pixels: rounded up, so a text fit to a column still fits
    widths = {column: math.ceil(width * 7 - 1e-6) for column, width in column_widths(ws).items()}
    for column, pixels in widths.items():
        sheet.set_column_pixels(column - 1, column - 1, pixels)
    heights = {row: math.ceil(height * 4 / 3 - 1e-6) for row, height in streamed_heights(ws).items()}
    heights |= {row: math.ceil(d.height * 4 / 3 - 1e-6) for row, d in ws.row_dimensions.items() if d.height is not None}
    blocks = streamed_blocks(ws)
    in_blocks = {row for block in blocks for row in range(block.first_row, block.first_row + len(block.rows))}
    for row, pixels in heights.items():
        if row not in in_blocks:  # a block's rows get their height with their cells (`_write_block`)
            sheet.set_row_pixels(row - 1, pixels)
    write_string, write_number, write_datetime = sheet.write_string, sheet.write_number, sheet.write_datetime
    get = formats.get
    for (row, column), cell in ws._cells.items():
        if cell.__class__ is MergedCell:
            continue
        if cell._comment is not None or cell._hyperlink is not None:
            raise ValueError(f"工作表“{ws.title}”{cell.coordinate}的批注或超链接 XlsxWriter 写出时不会保留")
        value = cell._value
        fmt = get(cell._style)
        r, c = row - 1, column - 1
        if (row, column) in merged:
            cells = merged[(row, column)]
            sheet.merge_range(r, c, cells.max_row - 1, cells.max_col - 1, None, fmt)
        if value is None or value == "":  # openpyxl writes an empty text as an empty cell
            if fmt is not None:
                sheet.write_blank(r, c, None, fmt)
            continue
        kind = cell.data_type
        if kind == "s" or kind == "e":  # text, cleaned when the cell was filled (`files.put`, `write_table`)
            write_string(r, c, value, fmt)
        elif kind == "n":
            write_number(r, c, value, fmt)
        elif kind == "d":
            write_datetime(r, c, value, fmt)
        elif kind == "b":
            sheet.write_boolean(r, c, value, fmt)
        else:
            raise ValueError(f"工作表“{ws.title}”{cell.coordinate}：不支持的单元格类型 {kind}（输出不写公式）")
    for cells in ws.merged_cells.ranges:  # a merge whose first cell holds nothing and has no style
        if (cells.min_row, cells.min_col) not in ws._cells:
            sheet.merge_range(cells.min_row - 1, cells.min_col - 1, cells.max_row - 1, cells.max_col - 1, None)
    for block in blocks:  # last: no cell is written after a block's rows
        _write_block(sheet, block, formats, heights)
    _print_settings(ws, sheet)
    for placed in xlsx_charts.charts_of(ws):
        _insert_chart(ws, sheet, book, placed, widths, heights)


def _write_block(sheet, block, formats: _Formats, heights: dict[int, int]) -> None:
    """A table body kept as values (`write_table(..., stream=True)`), its text already cleaned there.

    Row by row through `xlsx_rows.RowWriter` (a block's rows are its (value, style) cells already);
    a row it leaves, and every row with an XlsxWriter it does not know, cell by cell as before.
    """
    looks = [formats.get(style) for style in block.styles]
    rows = RowWriter(sheet, looks, clean=False, blank_empty=True)
    write = rows.write
    for r, values in enumerate(block.rows, start=block.first_row - 1):
        height = heights.get(r + 1)
        if not write(r, values, height):
            _write_block_row(sheet, r, values, looks, height)


def _write_block_row(sheet, r: int, values, looks, height: int | None) -> None:
    if height is not None:
        sheet.set_row_pixels(r, height)
    write_string, write_number, write_datetime = sheet.write_string, sheet.write_number, sheet.write_datetime
    for c, item in enumerate(values):
        if item is None:
            continue
        value, look = item[0], looks[item[1]]
        kind = value.__class__
        if kind is str:
            if value:
                write_string(r, c, value, look)
            elif look is not None:  # openpyxl writes an empty text as an empty cell
                sheet.write_blank(r, c, None, look)
        elif kind is int or kind is float:
            write_number(r, c, value, look)
        elif kind is bool:
            sheet.write_boolean(r, c, value, look)
        elif kind is dt.date and value >= _SERIAL_FROM:
            # a date is its serial number in a date format (what write_datetime writes, without its
            # per-value datetime arithmetic: 80,000 dates of a 明细 cost 0.7 s)
            write_number(r, c, value.toordinal() - _SERIAL_BASE, look)
        elif isinstance(value, dt.date):
            write_datetime(r, c, value, look)
        elif isinstance(value, numbers.Real):  # numpy's numbers
            write_number(r, c, float(value), look)
        else:
            raise ValueError(f"表格第 {r + 1} 行第 {c + 1} 列：不支持的值 {value!r}")


def _print_settings(ws, sheet) -> None:
    setup = ws.page_setup
    if setup.orientation == "landscape":
        sheet.set_landscape()
    elif setup.orientation == "portrait":
        sheet.set_portrait()
    if setup.paperSize:
        sheet.set_paper(int(setup.paperSize))
    properties = ws.sheet_properties.pageSetUpPr
    if properties is not None and properties.fitToPage:
        sheet.fit_to_pages(int(setup.fitToWidth if setup.fitToWidth is not None else 1),
                           int(setup.fitToHeight if setup.fitToHeight is not None else 1))
    if ws.print_options.horizontalCentered:
        sheet.center_horizontally()
    if ws.print_options.verticalCentered:
        sheet.center_vertically()
    if setup.blackAndWhite:
        sheet.print_black_and_white()
    margins = ws.page_margins
    sheet.set_margins(margins.left, margins.right, margins.top, margins.bottom)
    sheet.set_header(_header_footer(ws.oddHeader), {"margin": margins.header})
    sheet.set_footer(_header_footer(ws.oddFooter), {"margin": margins.footer})
    if ws.print_title_rows:
        first, _, last = ws.print_title_rows.replace("$", "").partition(":")
        sheet.repeat_rows(int(first) - 1, int(last or first) - 1)
    if ws.freeze_panes:
        column, row = coordinate_from_string(ws.freeze_panes)
        sheet.freeze_panes(row - 1, column_index_from_string(column) - 1)
    breaks = [brk.id for brk in ws.row_breaks.brk]
    if breaks:
        sheet.set_h_pagebreaks(breaks)
    if ws.auto_filter.ref:
        first_col, first_row, last_col, last_row = range_boundaries(ws.auto_filter.ref)
        sheet.autofilter(first_row - 1, first_col - 1, last_row - 1, last_col - 1)


def _header_footer(item) -> str:
    return "".join(f"&{code}{part.text}" for code, part in (("L", item.left), ("C", item.center), ("R", item.right))
                   if part.text)


def _insert_chart(ws, sheet, book, placed, widths: dict[int, int], heights: dict[int, int]) -> None:
    chart = _make_chart(book, ws.title, placed.chart)
    if placed.rows is not None:
        # the chart's size in XlsxWriter's pixels of exactly those rows and columns: both corners on a cell
        width = sum(widths.get(c, DEFAULT_COLUMN_PIXELS) for c in range(placed.column, placed.column + placed.columns))
        height = sum(heights.get(r, DEFAULT_ROW_PIXELS) for r in range(placed.row, placed.row + placed.rows))
    else:
        width = round(placed.width_cm * xlsx_charts.PIXELS_PER_CM)
        height = round(placed.height_cm * xlsx_charts.PIXELS_PER_CM)
    chart.set_size({"width": width, "height": height})
    sheet.insert_chart(placed.row - 1, placed.column - 1, chart, {"object_position": 1})


def _make_chart(book, sheet_name: str, spec: xlsx_charts.Chart):
    options = {"type": spec.kind}
    if spec.subtype:
        options["subtype"] = spec.subtype
    chart = book.add_chart(options)
    for series in spec.series:
        chart.add_series({key: _reference(sheet_name, value, key == "name") for key, value in series.items()})
    for name, value in spec.options.items():
        getattr(chart, f"set_{name}")(value)
    if spec.combined is not None:
        chart.combine(_make_chart(book, sheet_name, spec.combined))
    return chart


def _reference(sheet_name: str, value: Any, one_cell: bool) -> Any:
    if not isinstance(value, xlsx_charts.Cells):
        return value
    if one_cell:  # a series' name
        return [sheet_name, value.first_row - 1, value.first_col - 1]
    return [sheet_name, value.first_row - 1, value.first_col - 1, value.last_row - 1, value.last_col - 1]
