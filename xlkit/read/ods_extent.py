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

from xlkit.read.extent import MAX_SHEET_BYTES, _inflated
from xlkit.read.package_errors import PACKAGE_ERRORS

_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
#: a row's tag, found by its literal name (fast: a cell's ":table-cell" is not one); its "<" checked after
_ROW_TAG = re.compile(rb":table-row(?=[\s>/])")
_PREFIX = re.compile(rb"<(/?)([\w.-]*)$")
#: a table's start or end tag, looked for only between rows (a table's tags are never inside one)
_TABLE_TAG = re.compile(rb"<(/?)[\w.-]*:table(?=[\s>/])([^>]*)>")
_ROWS_REPEATED = re.compile(rb"rows-repeated\s*=\s*[\"']([0-9]{1,10})[\"']")
_COLUMNS_REPEATED = re.compile(rb"\s*=\s*[\"']([0-9]{1,10})[\"']")
_NAME = re.compile(rb"\b[\w.-]+:name\s*=\s*\"([^\"]*)\"|\b[\w.-]+:name\s*=\s*'([^']*)'")
#: a row longer than this (unpacked) is no ledger's
_MAX_ROW_BYTES = 1 << 26


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
    except PACKAGE_ERRORS:
        return False


def table_extents(path: Path) -> list[TableExtent] | None:
    """Each table's extent, in order; None when the package has no readable `content.xml` (calamine then
    says what is wrong). Read a few MB at a time; a `content.xml` bigger than `MAX_SHEET_BYTES` unpacked, or
    with one row bigger than 64 MB, is reported as one table too big to read."""
    too_big = [TableExtent("", MAX_SHEET_BYTES, MAX_SHEET_BYTES)]
    scan = _Scan()
    try:
        with zipfile.ZipFile(path) as package:
            info = package.getinfo("content.xml")
            if info.file_size > MAX_SHEET_BYTES:
                return too_big
            with _inflated(path, package, info) as chunks:  # (without zipfile's CRC: calamine checks the part)
                tail, read = b"", 0
                for chunk in chunks:
                    read += len(chunk)
                    if read > MAX_SHEET_BYTES:
                        return too_big
                    tail = scan.feed(tail + chunk)
                    if len(tail) > _MAX_ROW_BYTES:
                        return too_big
                scan.feed(tail, last=True)
    except PACKAGE_ERRORS:
        return None
    return scan.tables


class _Scan:
    """The tables' extents, fed `content.xml` a chunk at a time. Only row tags are looked for in the whole
    text (by their literal name), table tags only between rows; a row's cells are counted in C within the
    text (`bytes.count`, `rfind`, no copy), so 20,000 rows of 60 cells take a fraction of a second."""

    def __init__(self) -> None:
        self.tables: list[TableExtent] = []
        self.current: TableExtent | None = None
        self.row = 0  # rows passed in the current table

    def feed(self, data: bytes, last: bool = False) -> bytes:
        """Scan `data` up to its last whole row; the rest is returned, to come before the next chunk."""
        gap = 0  # the end of the last row done: table tags are looked for from there
        row: tuple[int, bytes, int, int] | None = None  # an open row: (its "<", prefix, its ">", body start)
        for match in _ROW_TAG.finditer(data):
            at = match.start()
            head = _PREFIX.search(data, max(0, at - 64), at)
            if head is None:
                continue  # ":table-row " in a text or an attribute, no tag
            closing, prefix = head[1], head[2]
            if not closing:
                end = data.find(b">", match.end())
                if end < 0:
                    break
                self._tables(data, gap, head.start())
                if data[end - 1:end] == b"/":  # an empty row
                    self._row(data, match.end(), end, end, end, prefix)
                    gap = end + 1
                else:
                    row = (head.start(), prefix, end, end + 1)
            elif row is not None:
                self._row(data, row[0], row[2], row[3], head.start(), row[1])
                row = None
                gap = match.end()
        if last:
            self._tables(data, gap, len(data))
            return b""
        return data[row[0]:] if row is not None else data[gap:]

    def _tables(self, data: bytes, start: int, stop: int) -> None:
        for tag in _TABLE_TAG.finditer(data, start, stop):
            if tag[1]:
                self.current = None
            else:
                name = _NAME.search(tag[2])
                self.current = TableExtent((name[1] or name[2] or b"").decode("utf-8", "replace") if name else "")
                self.tables.append(self.current)
                self.row = 0

    def _row(self, data: bytes, tag: int, tag_end: int, start: int, stop: int, prefix: bytes) -> None:
        """A row whose open tag is data[tag:tag_end] and whose cells are data[start:stop]."""
        if self.current is None:
            return
        repeated = _ROWS_REPEATED.search(data, tag, tag_end)
        count = max(int(repeated[1]), 1) if repeated else 1
        # the last cell holding something: a value type (every typed value has one) or a paragraph's text
        last = max(data.rfind(b"value-type=", start, stop), data.rfind(b":p>", start, stop))
        if last >= 0:
            end = data.find(b">", last, stop)
            end = end + 1 if end >= 0 else stop
            cells = data.count(b"<" + prefix + b":table-cell", start, end)
            if data.find(b"covered-table-cell", start, end) >= 0:
                cells += data.count(b"<" + prefix + b":covered-table-cell", start, end)
            at = data.find(b"columns-repeated", start, end)
            while at >= 0:  # each repeated cell: its count, less the one already counted
                number = _COLUMNS_REPEATED.match(data, at + len(b"columns-repeated"), end)
                if number is not None and int(number[1]) > 1:
                    cells += int(number[1]) - 1
                at = data.find(b"columns-repeated", at + 1, end)
            table = self.current
            table.rows = max(table.rows, self.row + count)
            table.columns = max(table.columns, cells)
        self.row += count
