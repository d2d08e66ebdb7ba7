"""How far an OpenDocument spreadsheet's values reach, found before calamine opens it.

calamine reads every table of an `.ods` when the workbook is opened, each into one dense block from A1 to
its last value: one value at Z1048576 (a run of 1,048,573 empty rows written as one repeated row, then the
value) asks for 27 million cells, 12 s and 2 GB. So `content.xml` is scanned first, as `xlkit.read.extent`
scans an `.xlsx` sheet: rows and cells with their `number-rows-repeated` / `number-columns-repeated`
counts give each table's last row and column holding a value. A workbook with a table too big to hold is
refused with the far cell named (an `.xlsx` copy of it is read cell by cell, with that cell reported).
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from xlkit.read.extent import MAX_SHEET_BYTES

_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
#: the elements that place values, whatever the namespace prefix (ODF writers all use `table:`, not all must)
_TOKEN = re.compile(
    rb"<(?P<close>/?)[\w.-]+:(?P<tag>table-row|table-cell|covered-table-cell|table)(?=[\s/>])"
    rb"(?P<attrs>[^>]*?)(?P<empty>/?)>")
_REPEAT = re.compile(rb"\b[\w.-]+:number-(?:rows|columns)-repeated\s*=\s*[\"']([0-9]{1,10})[\"']")
_VALUE = re.compile(rb"\b[\w.-]+:value-type\s*=")
_NAME = re.compile(rb"\b[\w.-]+:name\s*=\s*\"([^\"]*)\"|\b[\w.-]+:name\s*=\s*'([^']*)'")
_TEXT = re.compile(rb"<[\w.-]+:p\b[^>]*>\s*[^<\s]|<[\w.-]+:(?:span|s)\b")


@dataclass
class TableExtent:
    name: str
    rows: int = 0  # the last row holding a value (1-based), 0 for an empty table
    columns: int = 0  # the last column holding a value

    @property
    def block_cells(self) -> int:
        return self.rows * self.columns


def is_ods(path: Path) -> bool:
    """Whether `path` is an OpenDocument spreadsheet package (by its `mimetype`, whatever its name)."""
    try:
        with zipfile.ZipFile(path) as package:
            return package.read("mimetype").strip() == _MIMETYPE
    except (OSError, KeyError, zipfile.BadZipFile, ValueError, RuntimeError, EOFError, NotImplementedError):
        return False


def table_extents(path: Path) -> list[TableExtent] | None:
    """Each table's extent, in order; None when the package has no readable `content.xml` (calamine then
    says what is wrong). A `content.xml` bigger than `MAX_SHEET_BYTES` unpacked is one table too big."""
    try:
        with zipfile.ZipFile(path) as package:
            info = package.getinfo("content.xml")
            if info.file_size > MAX_SHEET_BYTES:
                return [TableExtent("", MAX_SHEET_BYTES, MAX_SHEET_BYTES)]
            with package.open(info) as part:
                data = part.read(MAX_SHEET_BYTES + 1)
    except (OSError, KeyError, zipfile.BadZipFile, ValueError, RuntimeError, EOFError, NotImplementedError):
        return None
    if len(data) > MAX_SHEET_BYTES:
        return [TableExtent("", MAX_SHEET_BYTES, MAX_SHEET_BYTES)]
    return _scan(data)


def _scan(data: bytes) -> list[TableExtent]:
    tables: list[TableExtent] = []
    current: TableExtent | None = None
    depth = 0  # tables inside a table (a cell may hold a sub-table): only the outer one's rows count
    row = 0  # rows passed in the current table
    row_repeat = 1
    column = 0  # cells passed in the current row
    cell: tuple[int, int, bool, int] | None = None  # an open cell: (first column, repeat, holds a value, its end)
    for token in _TOKEN.finditer(data):
        tag, attrs = token["tag"], token["attrs"]
        if token["close"]:
            if tag == b"table":
                depth -= 1
                if depth == 0:
                    current = None
            elif depth == 1 and current is not None:
                if tag in (b"table-cell", b"covered-table-cell") and cell is not None:
                    first, repeat, valued, opened = cell
                    if not valued:  # text in its paragraphs, without a value type (a writer's shortcut)
                        valued = _TEXT.search(data, opened, token.start()) is not None
                    if valued:
                        _mark(current, row, row_repeat, first + repeat - 1)
                    cell = None
                elif tag == b"table-row":
                    row += row_repeat
            continue
        if tag == b"table":
            depth += 1
            if depth == 1 and not token["empty"]:
                name = _NAME.search(attrs)
                current = TableExtent((name[1] or name[2] or b"").decode("utf-8", "replace") if name else "")
                tables.append(current)
                row = 0
            continue
        if depth != 1 or current is None:
            continue
        repeat = _REPEAT.search(attrs)
        count = max(int(repeat[1]), 1) if repeat else 1
        if tag == b"table-row":
            row_repeat, column = count, 0
            if token["empty"]:
                row += count
            continue
        first = column + 1
        column += count
        valued = _VALUE.search(attrs) is not None
        if token["empty"]:
            if valued:
                _mark(current, row, row_repeat, first + count - 1)
        else:
            cell = (first, count, valued, token.end())
    return tables


def _mark(table: TableExtent, row: int, row_repeat: int, last_column: int) -> None:
    """A value in the current row group (rows row+1 … row+row_repeat), reaching `last_column`."""
    table.rows = max(table.rows, row + row_repeat)
    table.columns = max(table.columns, last_column)
