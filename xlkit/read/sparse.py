"""Reading a sheet whose values are scattered far apart, one cell at a time, within a memory bound.

Used only when `xlkit.read.extent` finds that the sheet's block from A1 to its last value is too big
to hold (a stray value at XFD1048576). openpyxl's read-only mode streams the rows; told to forget the
sheet's stated size (`reset_dimensions`) it gives each row only as long as its own cells. The table is
the block around the header: its columns end at a wide run of empty columns, its rows at a long run of
empty rows. Every value outside that block is reported at its cell, never dropped without a word.
"""

from __future__ import annotations

import datetime as dt
import re
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

#: Empty columns / rows that end the table (a ledger never has such gaps inside it).
GAP_COLUMNS = 26
GAP_ROWS = 1000
#: More values than this in one sheet is not a ledger that fits an office PC's memory.
MAX_VALUES = 5_000_000
#: Outside cells reported one by one; the rest are counted in one more finding.
LISTED_OUTSIDE = 20


class SheetTooBig(Exception):
    """The sheet holds more than can be read; the message is for the clerk."""


@dataclass
class SparseSheet:
    rows: list[list[Any]]  # from A1, only the table's block
    outside: list[tuple[int, int, Any]] = field(default_factory=list)  # (row, column, value), 1-based
    outside_count: int = 0
    last_row: int = 0  # the table's last row


def read_sparse(path: Path, sheet: str, header_rows: int, block_limit: int) -> SparseSheet:
    """The table's block of `sheet` (rows from A1), and the values found outside it."""
    import openpyxl

    with open(path, "rb") as handle, warnings.catch_warnings():  # (a handle: openpyxl refuses an .xlsx renamed .xls)
        warnings.simplefilter("ignore")  # openpyxl's warnings about a file's odd parts are no words for a clerk
        workbook = openpyxl.load_workbook(handle, read_only=True, data_only=True)
        strays: list[tuple[int, int, Any]] = []
        try:
            return _collect(_present_rows(workbook, workbook[sheet], strays), header_rows, block_limit, path, sheet,
                            strays)
        finally:
            workbook.close()


def _present_rows(workbook, worksheet, strays: list[tuple[int, int, Any]] | None = None):
    """(row number, values) for the rows the file holds, skipping absent rows without a step each.

    openpyxl's own `iter_rows` yields every absent row in between (a million steps for a value at
    row 1048576); its row parser, which `iter_rows` is built on, gives only the rows present. A cell whose
    reference names another row than the one it is written in (`<row r="5"><c r="A900000">`) goes to
    `strays` (row, column, value): calamine, and the reader's usual path, place it by its reference.
    """
    try:
        from openpyxl.worksheet._reader import WorkSheetParser
    except ImportError:  # a future openpyxl without it: the public, slower way
        worksheet.reset_dimensions()
        yield from enumerate(worksheet.iter_rows(values_only=True), start=1)
        return
    with worksheet._get_source() as source:
        parser = WorkSheetParser(source, worksheet._shared_strings, data_only=True, epoch=workbook.epoch,
                                 date_formats=workbook._date_formats,
                                 timedelta_formats=workbook._timedelta_formats)
        for number, cells in parser.parse():
            if not cells:
                continue
            if strays is not None and any(c["row"] != number for c in cells):
                strays.extend((c["row"], c["column"], c["value"]) for c in cells if c["row"] != number)
                cells = [c for c in cells if c["row"] == number]
                if not cells:
                    continue
            width = max(c["column"] for c in cells)
            values: list[Any] = [None] * width
            for cell in cells:
                values[cell["column"] - 1] = cell["value"]
            yield number, values


#: Excel's escape for a character XML cannot hold (`_x000B_`; `_x005F_` is an underscore typed before such text)
_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")


def _calamine_like(value: Any) -> Any:
    """Values as calamine gives them, so the reader treats both paths alike (numbers are floats; text with
    Excel's `_xHHHH_` escapes decoded, which openpyxl leaves as typed)."""
    if value.__class__ is str:
        return _ESCAPE.sub(lambda m: chr(int(m[1], 16)), value) if "_x" in value else value
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, int):
        return float(value)
    if isinstance(value, dt.time | dt.timedelta):
        return str(value)
    return value


def _trimmed(row: tuple) -> list[Any]:
    values = [_calamine_like(v) for v in row]
    while values and (values[-1] is None or values[-1] == ""):
        values.pop()
    return values


def _collect(row_iter, header_rows: int, block_limit: int, path: Path, sheet: str,
             strays: list[tuple[int, int, Any]] = ()) -> SparseSheet:
    result = SparseSheet(rows=[])
    head: list[list[Any]] = []
    width: int | None = None
    values = 0
    last_value_row = 0
    closed = False  # past the table's last row

    def outside(r: int, c: int, value: Any) -> None:
        result.outside_count += 1
        if len(result.outside) < LISTED_OUTSIDE:
            result.outside.append((r, c, value))

    for number, raw in row_iter:
        row = _trimmed(raw)
        if not row:
            continue
        filled = sum(1 for v in row if v is not None and v != "")
        values += filled
        if values > MAX_VALUES:
            raise SheetTooBig(
                f"“{path.name}”的工作表“{sheet}”有超过 {MAX_VALUES:,} 个有内容的单元格，超出能读取的范围。"
                "请确认选对了文件；台账本身请只保留案件所在的行和列。")
        if width is None and number <= header_rows:
            while len(head) < number - 1:
                head.append([])
            head.append(row)
            if number == header_rows:
                width = _table_width(head)
                _settle_head(head, width, result, outside)
            continue
        if width is None:
            while len(head) < header_rows:
                head.append([])
            width = _table_width(head)
            _settle_head(head, width, result, outside)
        if not closed and number - max(last_value_row, len(result.rows)) > GAP_ROWS:
            closed = True
        if closed:
            for c, value in enumerate(row, start=1):
                if value is not None and value != "":
                    outside(number, c, value)
            continue
        for c in range(width + 1, len(row) + 1):
            value = row[c - 1]
            if value is not None and value != "":
                outside(number, c, value)
        inside = row[:width]
        if any(v is not None and v != "" for v in inside):
            while len(result.rows) < number - 1:
                result.rows.append([])
            result.rows.append(inside)
            last_value_row = number
    if width is None:
        while len(head) < header_rows:
            head.append([])
        width = _table_width(head)
        _settle_head(head, width, result, outside)
    for number, c, value in strays:  # (known once every row is read: `_present_rows` sets them aside)
        value = _calamine_like(value)
        if value is None or value == "":
            continue
        if c <= width and number <= len(result.rows) and (len(result.rows[number - 1]) < c
                                                          or result.rows[number - 1][c - 1] in (None, "")):
            row = result.rows[number - 1]
            row.extend([None] * (c - len(row)))
            row[c - 1] = value
        else:  # far outside the table, or where another cell already is: said, never dropped unseen
            outside(number, c, value)
    while result.rows and not result.rows[-1]:
        result.rows.pop()
    result.last_row = len(result.rows)
    if result.last_row * max(width, 1) > block_limit:
        raise SheetTooBig(
            f"“{path.name}”的工作表“{sheet}”的内容铺满了 {result.last_row:,} 行 × {width} 列，超出能读取的范围。"
            "请删除表格下方和右侧无关的内容（在 Excel 中按 Ctrl+End 可找到最后一格），保存后再试。")
    return result


def _table_width(head: list[list[Any]]) -> int:
    """The header area's columns, up to the first wide run of empty columns."""
    used = sorted({c for row in head for c, v in enumerate(row, start=1) if v is not None and v != ""})
    width = 0
    for column in used:
        if column - width > GAP_COLUMNS + 1 and width:
            break
        width = column
    return width


def _settle_head(head: list[list[Any]], width: int, result: SparseSheet, outside) -> None:
    for number, row in enumerate(head, start=1):
        for c in range(width + 1, len(row) + 1):
            value = row[c - 1]
            if value is not None and value != "":
                outside(number, c, value)
        result.rows.append(row[:width])
