"""How far an Excel binary workbook's (`.xlsb`) values reach, found before calamine reads a sheet.

calamine reads an `.xlsb` sheet into one dense block from A1 to its last value, whatever the sheet's stated
dimension: one value at AO1048576 cost 40 s and 1.8 GB. So each sheet's records (BIFF12: a varint type, a
varint size, the data) are walked first: a row header (BrtRowHdr) gives the row, a cell record its column.
A sheet whose block would be too big is refused with the far cell named, as for an `.ods`
(`xlkit.read.ods_extent`).
"""

from __future__ import annotations

import zipfile
from pathlib import PurePosixPath
from xml.etree import ElementTree

from xlkit.read.extent import MAX_SHEET_BYTES, _inflated
from xlkit.read.ods_extent import TableExtent
from xlkit.read.package_errors import PACKAGE_ERRORS

_ROW_HEADER = 0x0000
#: cell records holding a value (BrtCellRk … BrtFmlaError), their column in the data's first 4 bytes
_CELLS = frozenset(range(0x0002, 0x000C))
#: the short forms (no column: the one after the previous cell's), BrtShortRk … BrtShortIsst
_SHORT_CELLS = frozenset(range(0x000D, 0x0013))
_BUNDLE_SHEET = 0x009C
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"


def is_xlsb(package: zipfile.ZipFile) -> bool:
    return "xl/workbook.bin" in package.namelist()


def sheet_extents(path) -> list[TableExtent] | None:
    """Each sheet's extent; None when the file is no `.xlsb` this walk understands (calamine then reads it or
    says why not). A sheet part bigger than `MAX_SHEET_BYTES` unpacked is reported as too big."""
    try:
        with zipfile.ZipFile(path) as package:
            if not is_xlsb(package):
                return None
            sheets = _sheets(package)
            found = []
            for name, part in sheets:
                info = package.getinfo(part)
                if info.file_size > MAX_SHEET_BYTES:
                    found.append(TableExtent(name, MAX_SHEET_BYTES, MAX_SHEET_BYTES))
                    continue
                with _inflated(path, package, info) as chunks:
                    found.append(_walk(name, chunks))
            return found
    except (*PACKAGE_ERRORS, ElementTree.ParseError):
        return None


def _records(data: bytes, start: int = 0):
    """(type, data start, data end) of each whole record from `start`; the offset where they stop is the
    generator's return value."""
    pos, end = start, len(data)
    while pos < end:
        at = pos
        byte = data[pos]
        kind = byte & 0x7F
        pos += 1
        if byte & 0x80:
            if pos >= end:
                return at
            kind |= (data[pos] & 0x7F) << 7
            pos += 1
        size = shift = 0
        while True:
            if pos >= end:
                return at
            byte = data[pos]
            pos += 1
            size |= (byte & 0x7F) << shift
            shift += 7
            if not byte & 0x80 or shift >= 28:
                break
        if pos + size > end:
            return at
        yield kind, pos, pos + size
        pos += size
    return pos


def _sheets(package: zipfile.ZipFile) -> list[tuple[str, str]]:
    """(sheet name, its part) from workbook.bin's BrtBundleSh records and the workbook's relationships."""
    rels = ElementTree.fromstring(package.read("xl/_rels/workbook.bin.rels"))
    targets = {r.get("Id"): r.get("Target", "") for r in rels.iter(f"{_PKG_REL}Relationship")}
    data = package.read("xl/workbook.bin")
    sheets = []
    for kind, start, _ in _records(data):
        if kind != _BUNDLE_SHEET:
            continue
        pos = start + 8  # hsState, iTabID
        count = int.from_bytes(data[pos:pos + 4], "little")
        rel = data[pos + 4:pos + 4 + 2 * count].decode("utf-16-le", "replace")
        pos += 4 + 2 * count
        count = int.from_bytes(data[pos:pos + 4], "little")
        name = data[pos + 4:pos + 4 + 2 * count].decode("utf-16-le", "replace")
        target = targets.get(rel)
        if target:
            part = target.lstrip("/") if target.startswith("/") else str(PurePosixPath("xl") / target)
            sheets.append((name, part))
    return sheets


def _walk(name: str, chunks) -> TableExtent:
    """One sheet's extent from its records, a chunk at a time (one plain loop: it is most of the walk's cost)."""
    rows = columns = 0
    row = column = 0  # the current row (1-based) and the last cell's column (1-based)
    tail = b""
    cells, short = _CELLS, _SHORT_CELLS
    from_bytes = int.from_bytes
    for chunk in chunks:
        data = tail + chunk if tail else chunk
        pos, end = 0, len(data)
        while True:
            at = pos
            if pos + 2 > end:
                break
            byte = data[pos]
            kind = byte & 0x7F
            pos += 1
            if byte & 0x80:
                kind |= (data[pos] & 0x7F) << 7
                pos += 1
            size = shift = 0
            while pos < end:
                byte = data[pos]
                pos += 1
                size |= (byte & 0x7F) << shift
                shift += 7
                if not byte & 0x80 or shift >= 28:
                    break
            else:
                pos = at
                break
            if pos + size > end:
                pos = at
                break
            if kind in cells:
                column = from_bytes(data[pos:pos + 4], "little") + 1
                if row > rows:
                    rows = row
                if column > columns:
                    columns = column
            elif kind == _ROW_HEADER:
                row = from_bytes(data[pos:pos + 4], "little") + 1
                column = 0
            elif kind in short:
                column += 1
                if row > rows:
                    rows = row
                if column > columns:
                    columns = column
            elif kind == 0x0001:  # a blank cell: only its column moves the short cells after it
                column = from_bytes(data[pos:pos + 4], "little") + 1
            elif kind == 0x000C:
                column += 1
            pos += size
        tail = data[pos:]
    return TableExtent(name, rows, columns)
