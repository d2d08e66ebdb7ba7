"""Bounding an old `.xls` before calamine opens it.

calamine reads every sheet of an `.xls` when the workbook is opened, each into one dense block from A1
to its last value (and reserves the block the sheet's DIMENSIONS record states): one value at IV65536
costs 16.7 million cells, 13 s and 1.3 GB. So the BIFF8 records are scanned first (the Workbook stream,
read with olefile): each cell record gives its row and column. A sheet whose block would be bigger than
`TRIM_CELLS` is cut to its table (the same block `xlkit.read.sparse` finds for an `.xlsx`: the header's
columns up to a wide empty run, the rows up to a long empty run); the records of the cells outside it are
renamed in place to a type every reader skips, so offsets stay true, and calamine opens that copy, in
memory. The cells taken out are reported at their cell (R020), never dropped without a word.

The same walk notes the cells calamine reads as empty though they are not: a formula whose saved result is
an error (`#N/A`, `#DIV/0!`…) and an error typed as a value. The reader reports them at their cell (R024),
as it does for an `.xlsx` (`xlkit.read.extent.SheetScan.errors`).
"""

from __future__ import annotations

import io
import struct
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from xlkit.read.sparse import LISTED_OUTSIDE, SparseSheet, _collect

#: A sheet's block from A1 up to this many cells is left to calamine as it is (about 70 MB there).
TRIM_CELLS = 1_000_000

_BOF, _EOF, _BOUNDSHEET, _SST, _CONTINUE, _FILEPASS = 0x0809, 0x000A, 0x0085, 0x00FC, 0x003C, 0x002F
_DIMENSIONS, _STRING, _DATEMODE = 0x0200, 0x0207, 0x0022
_NUMBER, _RK, _LABEL, _LABELSST, _BOOLERR, _FORMULA, _MULRK = 0x0203, 0x027E, 0x0204, 0x00FD, 0x0205, 0x0006, 0x00BD
_CELLS = frozenset({_NUMBER, _RK, _LABEL, _LABELSST, _BOOLERR, _FORMULA, _MULRK})
#: not a BIFF8 record: calamine (and any reader) skips it
_SKIPPED = 0x0000
#: BIFF8 error codes (BOOLERR's value byte; a FORMULA's cached result byte 2) as Excel shows them
ERROR_TEXT = {0x00: "#NULL!", 0x07: "#DIV/0!", 0x0F: "#VALUE!", 0x17: "#REF!", 0x1D: "#NAME?", 0x24: "#NUM!",
              0x2A: "#N/A"}


@dataclass
class TrimmedSheet:
    outside: list[tuple[int, int, Any]] = field(default_factory=list)  # (row, column, value) 1-based, the first few
    outside_count: int = 0
    last_row: int = 0
    width: int = 0


@dataclass
class XlsBounds:
    data: bytes | None  # the file, with the far cells' records renamed; None when no sheet needed cutting
    sheets: dict[str, TrimmedSheet]  # the sheets that were cut to their table
    #: sheet → (row, column) 1-based → the error its cell holds ("#N/A"), for the sheets that have one
    errors: dict[str, dict[tuple[int, int], str]] = field(default_factory=dict)
    date1904: bool = False  # the workbook counts its date serials from 1904-01-01 (DATEMODE 1)


def bound_xls(path: Path, header_rows: int, block_limit: int) -> XlsBounds | None:
    """The file's error cells, and the file cut to each sheet's table when a sheet's block is too big; None
    when the file is not a BIFF8 workbook this scan understands (an Excel 5/95 file, an encrypted or damaged
    one): calamine then reads it as it is, or says why not.

    Raises `sparse.SheetTooBig` when a sheet's table itself is too big to read."""
    import olefile

    try:
        with olefile.OleFileIO(str(path)) as ole:
            name = "Workbook" if ole.exists("Workbook") else "Book" if ole.exists("Book") else None
            if name is None:
                return None
            stream = bytearray(ole.openstream(name).read())
    except Exception:  # not an OLE file olefile reads: calamine gives its own message
        return None
    try:
        sheets, sst, date1904 = _globals(stream)
    except (struct.error, IndexError, ValueError):
        return None
    if sheets is None:
        return None
    trimmed: dict[str, TrimmedSheet] = {}
    errors: dict[str, dict[tuple[int, int], str]] = {}
    restated = False  # a DIMENSIONS record stating a block far past the sheet's cells was taken out
    for sheet_name, position in sheets:
        try:
            rows, columns, sheet_errors, stated = _sheet_extent(stream, position)
            if sheet_errors:
                errors[sheet_name] = sheet_errors
            if rows * columns <= TRIM_CELLS:
                if stated is not None and stated[1] > TRIM_CELLS:  # calamine reserves the block it states
                    struct.pack_into("<H", stream, stated[0], _SKIPPED)  # (4 billion rows: the process aborted)
                    restated = True
                continue
            cells, dimensions = _sheet_cells(stream, position)
        except (struct.error, IndexError, ValueError):
            return None
        trimmed[sheet_name] = _trim(stream, cells, dimensions, sst, path, sheet_name, header_rows, block_limit)
    if not trimmed and not restated:
        return XlsBounds(None, trimmed, errors, date1904)
    copy = io.BytesIO(path.read_bytes())
    with olefile.OleFileIO(copy, write_mode=True) as ole:
        ole.write_stream(name, bytes(stream))
    return XlsBounds(copy.getvalue(), trimmed, errors, date1904)


def _records(stream: bytearray, start: int):
    """(offset, type, data start, data end) from `start` to the substream's EOF."""
    position, end = start, len(stream)
    while position + 4 <= end:
        kind, length = struct.unpack_from("<HH", stream, position)
        yield position, kind, position + 4, position + 4 + length
        position += 4 + length
        if kind == _EOF:
            return


def _globals(stream: bytearray) -> tuple[list[tuple[str, int]] | None, list[bytes], bool]:
    """The sheets (name, offset of their BOF), the SST's record parts (SST, then its CONTINUEs) and whether
    the workbook uses the 1904 date system."""
    sheets: list[tuple[str, int]] = []
    sst: list[bytes] = []
    in_sst = date1904 = False
    for offset, kind, start, end in _records(stream, 0):
        if offset == 0 and (kind != _BOF or struct.unpack_from("<H", stream, start)[0] != 0x0600):
            return None, [], False  # not BIFF8 (an Excel 5/95 file): left to calamine as it is
        if kind == _FILEPASS:
            return None, [], False
        if kind == _DATEMODE and end - start >= 2:
            date1904 = struct.unpack_from("<H", stream, start)[0] == 1
        if kind == _BOUNDSHEET:
            position = struct.unpack_from("<I", stream, start)[0]
            count, flags = stream[start + 6], stream[start + 7]
            raw = bytes(stream[start + 8:end])
            text = raw[:count * 2].decode("utf-16-le", "replace") if flags & 1 else raw[:count].decode("latin-1")
            sheets.append((text.replace("\0", ""), position))
        in_sst = kind == _SST or (in_sst and kind == _CONTINUE)
        if in_sst:
            sst.append(bytes(stream[start:end]))
    return sheets, sst, date1904


def _sheet_extent(stream: bytearray, position: int) -> tuple[int, int, dict[tuple[int, int], str],
                                                              tuple[int, int] | None]:
    """One sheet's height and width (the block calamine would make) and its error cells, (row, column)
    1-based → "#N/A": a BOOLERR record holding an error, a FORMULA whose cached result is one (result bytes
    6–7 are FFFF and byte 0 is 2; byte 2 is the code); and its DIMENSIONS record's offset and the cells of
    the block it states (None without one).

    One plain loop over the records, no tuple kept per cell: it runs on every .xls read (issue 15)."""
    unpack, cells, end = struct.unpack_from, _CELLS, len(stream)
    rows = columns = 0
    errors: dict[tuple[int, int], str] = {}
    stated = None
    while position + 4 <= end:
        kind, length = unpack("<HH", stream, position)
        start = position + 4
        position = start + length
        if kind in cells:
            row, column = unpack("<HH", stream, start)
            if kind == _MULRK:
                column = unpack("<H", stream, position - 2)[0]
            elif kind == _FORMULA:
                if length >= 14 and stream[start + 12] == 0xFF and stream[start + 13] == 0xFF \
                        and stream[start + 6] == 2:
                    code = stream[start + 8]
                    errors[row + 1, column + 1] = ERROR_TEXT.get(code, f"#错误（代码 {code}）")
            elif kind == _BOOLERR and length >= 8 and stream[start + 7] == 1:
                code = stream[start + 6]
                errors[row + 1, column + 1] = ERROR_TEXT.get(code, f"#错误（代码 {code}）")
            if row >= rows:
                rows = row + 1
            if column >= columns:
                columns = column + 1
        elif kind == _DIMENSIONS and length >= 12:
            last_row, last_column = unpack("<I", stream, start + 4)[0], unpack("<H", stream, start + 10)[0]
            stated = (start - 4, last_row * last_column)
        elif kind == _EOF:
            break
    return rows, columns, errors, stated


def _sheet_cells(stream: bytearray, position: int):
    """Each value cell record of one sheet: (row, first column, last column, offset, type), 0-based; and the
    offset of its DIMENSIONS record (None without one)."""
    cells: list[tuple[int, int, int, int, int]] = []
    dimensions = None
    for offset, kind, start, end in _records(stream, position):
        if kind in _CELLS:
            row, column = struct.unpack_from("<HH", stream, start)
            last = struct.unpack_from("<H", stream, end - 2)[0] if kind == _MULRK else column
            cells.append((row, column, last, offset, kind))
        elif kind == _DIMENSIONS:
            dimensions = offset
    return cells, dimensions


def _trim(stream: bytearray, cells, dimensions, sst, path: Path, sheet: str, header_rows: int,
          block_limit: int) -> TrimmedSheet:
    """Rename the records of the cells outside the sheet's table; what was outside, for the messages."""
    by_row: dict[int, int] = {}
    for row, _first, last, _offset, _kind in cells:
        if by_row.get(row, -1) < last:
            by_row[row] = last

    def placeholder_rows():
        for row in sorted(by_row):
            yield row + 1, [True] * (by_row[row] + 1)

    table: SparseSheet = _collect(placeholder_rows(), header_rows, block_limit, path, sheet)
    width = max((len(r) for r in table.rows), default=0)
    result = TrimmedSheet(last_row=table.last_row, width=width)
    outside = sorted((c for c in cells if c[0] + 1 > table.last_row or c[1] + 1 > width), key=lambda c: c[:2])
    strings = _sst_strings(sst, {_isst(stream, c[3]) for c in outside[:LISTED_OUTSIDE] if c[4] == _LABELSST})
    for row, first, last, offset, kind in outside:
        result.outside_count += last - first + 1
        if len(result.outside) < LISTED_OUTSIDE:
            result.outside.append((row + 1, first + 1, _value(stream, offset, kind, strings)))
        struct.pack_into("<H", stream, offset, _SKIPPED)
        if kind == _FORMULA:  # its string result follows in a STRING record: that goes too
            following = offset + 4 + struct.unpack_from("<H", stream, offset + 2)[0]
            if following + 4 <= len(stream) and struct.unpack_from("<H", stream, following)[0] == _STRING:
                struct.pack_into("<H", stream, following, _SKIPPED)
    if dimensions is not None:  # calamine reserves the block it states
        struct.pack_into("<H", stream, dimensions, _SKIPPED)
    return result


def _isst(stream: bytearray, offset: int) -> int:
    return struct.unpack_from("<I", stream, offset + 4 + 6)[0]


def _value(stream: bytearray, offset: int, kind: int, strings: dict[int, str]) -> Any:
    """A cell record's value, for the message about it (None when it is not worth decoding)."""
    start = offset + 4
    if kind == _NUMBER:
        return _number(struct.unpack_from("<d", stream, start + 6)[0])
    if kind in (_RK, _MULRK):
        return _number(_rk(struct.unpack_from("<I", stream, start + 6)[0]))
    if kind == _LABELSST:
        return strings.get(_isst(stream, offset))
    if kind == _LABEL:
        count, flags = struct.unpack_from("<HB", stream, start + 6)
        raw = bytes(stream[start + 9:start + 9 + count * (2 if flags & 1 else 1)])
        return raw.decode("utf-16-le", "replace") if flags & 1 else raw.decode("latin-1")
    if kind == _BOOLERR:
        value, is_error = stream[start + 6], stream[start + 7]
        return ERROR_TEXT.get(value, "#错误") if is_error else bool(value)
    return "（公式）" if kind == _FORMULA else None


def _number(value: float) -> Any:
    return int(value) if value.is_integer() else value


def _rk(rk: int) -> float:
    if rk & 2:
        value = float(struct.unpack("<i", struct.pack("<I", rk & 0xFFFFFFFC))[0] >> 2)
    else:
        value = struct.unpack("<d", struct.pack("<Q", (rk & 0xFFFFFFFC) << 32))[0]
    return value / 100 if rk & 1 else value


def _sst_strings(parts: list[bytes], wanted: set[int]) -> dict[int, str]:
    """The shared strings at the `wanted` indices (the SST's strings may run over its CONTINUE records)."""
    if not wanted or not parts:
        return {}
    found: dict[int, str] = {}
    reader = _Parts(parts)
    try:
        reader.skip(8)  # total and unique counts
        for index in range(max(wanted) + 1):
            count = reader.u16()
            flags = reader.byte()
            runs = reader.u16() if flags & 8 else 0
            extra = reader.u32() if flags & 4 else 0
            text = reader.chars(count, bool(flags & 1))
            reader.skip(runs * 4 + extra)
            if index in wanted:
                found[index] = text
    except (IndexError, struct.error):
        pass  # a damaged table: the messages go without these values
    return found


class _Parts:
    """Reads across an SST record and its CONTINUEs (a string's characters restart with a flags byte)."""

    def __init__(self, parts: list[bytes]) -> None:
        self.parts, self.part, self.at = parts, 0, 0

    def _ensure(self) -> None:
        while self.at >= len(self.parts[self.part]):
            self.part += 1
            self.at = 0
            if self.part >= len(self.parts):
                raise IndexError("end of the shared strings")

    def byte(self) -> int:
        self._ensure()
        value = self.parts[self.part][self.at]
        self.at += 1
        return value

    def u16(self) -> int:
        return self.byte() | self.byte() << 8

    def u32(self) -> int:
        return self.u16() | self.u16() << 16

    def skip(self, count: int) -> None:
        while count > 0:
            self._ensure()
            step = min(count, len(self.parts[self.part]) - self.at)
            self.at += step
            count -= step

    def chars(self, count: int, wide: bool) -> str:
        pieces: list[str] = []
        while count > 0:
            if self.at >= len(self.parts[self.part]):
                self.part += 1
                self.at = 0
                if self.part >= len(self.parts):
                    raise IndexError("end of the shared strings")
                wide = bool(self.parts[self.part][0] & 1)
                self.at = 1
            size = 2 if wide else 1
            take = min(count, (len(self.parts[self.part]) - self.at) // size)
            raw = self.parts[self.part][self.at:self.at + take * size]
            pieces.append(raw.decode("utf-16-le" if wide else "latin-1", "replace"))
            self.at += take * size
            count -= take
            if take == 0:
                raise IndexError("a character split over two records")
        return "".join(pieces)
