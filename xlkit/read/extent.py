"""How far a sheet's values really reach, found before any reader allocates the sheet's whole range.

calamine turns a sheet into one dense block from A1 to its last value: a single stray value at
XFD1048576 asks for 17 billion cells and aborts the process (SIGABRT, no Python error to catch).
So, for .xlsx/.xlsm, the sheet's XML is scanned first (streamed, a few MB at a time): the last cell of
each row gives the columns, the rows give the height (a cell or row written without its reference is placed
as calamine places it, after the one before: `SheetScan.unreferenced`). A sheet whose block would be too big is read
another way (see `xlkit.read.sparse`). The scan also notes the cells a reader cannot tell apart from
empty ones: formula errors (`#N/A`), formulas saved without a result, texts written where a number's value
goes (`<c t="inlineStr"><v>张三</v></c>`) or as CDATA (`<v><![CDATA[张三]]></v>`), which both read as empty, and
shared-text indexes written otherwise than as digits (`<v> 16 </v>`), which calamine reads as the first text.
"""

from __future__ import annotations

import contextlib
import functools
import html
import io
import re
import struct
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from xml.etree import ElementTree

from xlkit.read.package_errors import PACKAGE_ERRORS

#: A block from A1 up to this many cells is read as a whole (calamine, fast); a bigger one cell by cell.
#: 8 million cells are about 115,000 rows of the template's 70 columns: a 100,000-case ledger (issue 15)
#: is read whole (at 5 million it was refused as "too big" by the cell-by-cell path).
MAX_BLOCK_CELLS = 8_000_000
#: A sheet part bigger than this when unpacked is not a ledger an office typed (and would take minutes).
MAX_SHEET_BYTES = 2_000_000_000

_CHUNK = 1 << 23
_READ = 1 << 19  # compressed bytes a read: about 6 MB of XML
_CELL_REF = re.compile(rb'\br="([A-Za-z]+)([0-9]+)"')
_ROW_REF = re.compile(rb'<(?:\w+:)?row\b[^>]*?\br="([0-9]+)"')
_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_STRICT_MAIN = "{http://purl.oclc.org/ooxml/spreadsheetml/main}"
_STRICT_REL = "{http://purl.oclc.org/ooxml/officeDocument/relationships}"
_MERGE = re.compile(rb'<(?:\w+:)?mergeCell ref="\$?([A-Za-z]+)\$?([0-9]+):\$?([A-Za-z]+)\$?([0-9]+)"')
#: The same for a sheet whose writer spaced or quoted its XML otherwise (`<c\n r='A1'>`: valid XML, rare)
_LOOSE_CELL_REF = re.compile(rb'\br\s*=\s*["\']([A-Za-z]+)([0-9]+)["\']')
_LOOSE_ROW_REF = re.compile(rb'<(?:\w+:)?row\b[^>]*?\br\s*=\s*["\']([0-9]+)["\']')
_LOOSE_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\s+ref\s*=\s*["\']\$?([A-Za-z]+)\$?([0-9]+):\$?([A-Za-z]+)\$?([0-9]+)["\']')
_LOOSE_CELL_OPEN = re.compile(rb"<(?:[A-Za-z_][\w.-]{0,31}:)?c[\s>]")
_ANY_CELL_OPEN = re.compile(rb"<(?:[A-Za-z_][\w.-]{0,31}:)?c[\s>/]")
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"


@dataclass
class SheetScan:
    """What the XML of one sheet holds: the last row and column with a value (1-based), and odd cells."""

    rows: int = 0
    columns: int = 0
    errors: dict[tuple[int, int], str] = field(default_factory=dict)  # (row, column) → "#N/A"
    uncached: set[tuple[int, int]] = field(default_factory=set)  # formulas saved without a result
    #: text cells whose text is where a number's value goes (`<c t="inlineStr"><v>张三</v></c>`): calamine and
    #: openpyxl read them as empty; or written as CDATA; (row, column) → (the text, how it was written), for the
    #: reader to put back and say so
    misfiled: dict[tuple[int, int], tuple[str, str]] = field(default_factory=dict)
    #: shared-text cells whose index is not written as a plain number (`<v> 16 </v>`, `<v>16.0</v>`): calamine
    #: reads each as the first shared text, another cell's words; the reader reads a repaired copy instead
    odd_shared: set[tuple[int, int]] = field(default_factory=set)
    merges: list[tuple[tuple[int, int], tuple[int, int]]] = field(default_factory=list)  # calamine's shape
    prefixed: bool = False  # the sheet's elements carry a namespace prefix (<x:row>, rare)
    loose: bool = False  # its cells are not written `<c r="A1"` (other spacing or quotes, a prefix; rare)
    #: every row and cell of its first part is written `<row r="5"`, `<c r="A5"` (what every program writes):
    #: its height is read from each part's last row, not row by row (`_scan_rows`)
    plain: bool = False
    #: some cell is written without a reference (`<c><v>1</v></c>`): calamine puts it one column right of the
    #: cell before it, in the row of its row tag (which, without r= either, is the one after the row before):
    #: its place was found so, cell by cell (`_place_row`), as no reference or row number bounds it
    unreferenced: bool = False
    #: the number calamine gives the last row tag scanned, and the column of the last cell (upper bounds, for
    #: `unreferenced`)
    row_at: int = field(default=0, repr=False)
    column_at: int = field(default=0, repr=False)

    @property
    def block_cells(self) -> int:
        return self.rows * self.columns


def column_number(letters: bytes | str) -> int:
    """b"A" → 1, b"XFD" → 16384; b"xfd" too (calamine reads a reference in small letters as in capitals).
    More than seven letters: `FAR` (a reference of thousands made a pattern that took gigabytes)."""
    if isinstance(letters, str):
        letters = letters.encode()
    if len(letters) > 7:
        return FAR
    number = 0
    for code in letters:
        number = number * 26 + (code & 0xDF) - 64
    return number


#: where a reference past any sheet lies, as the scan counts it (a row or column of more digits or letters than
#: any program writes): far enough that no block that reaches it is handed to calamine
FAR = 1 << 40


def _number(digits: bytes) -> int:
    """A row number as written; more than ten digits: `FAR` (int() refuses 4,300 digits and more, and the
    scan would have given up on the sheet, leaving it to calamine)."""
    return int(digits) if len(digits) <= 10 else FAR


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA (`column_number`'s inverse, from 0)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def sheet_parts(path: Path) -> dict[str, str] | None:
    """Sheet name → its XML part inside an .xlsx/.xlsm; None when the file is not such a package."""
    try:
        with zipfile.ZipFile(path) as package:
            book = ElementTree.fromstring(package.read("xl/workbook.xml"))
            relations = workbook_relations(package)
    except (*PACKAGE_ERRORS, ElementTree.ParseError):
        return None
    parts_by_id = {rid: part for rid, _kind, part in relations}
    parts: dict[str, str] = {}
    # Transitional or Strict (Excel's "Strict Open XML" save: purl.oclc.org namespaces) alike
    main, rel = (_MAIN, _REL) if book.find(f"{_MAIN}sheets") is not None else (_STRICT_MAIN, _STRICT_REL)
    for sheet in book.iter(f"{main}sheet"):
        part = parts_by_id.get(sheet.get(f"{rel}id"))
        if part:
            parts[sheet.get("name", "")] = part
    return parts


def workbook_relations(package: zipfile.ZipFile) -> list[tuple[str | None, str, str]]:
    """The workbook's relationships as (Id, Type, part inside the package), targets resolved against `xl/`
    (or from the package root when they start with "/"); relationships without a target are left out.
    Raises what reading the package or parsing its XML raises."""
    rels = ElementTree.fromstring(package.read("xl/_rels/workbook.xml.rels"))
    relations = []
    for relation in rels.iter(f"{_PKG_REL}Relationship"):
        target = relation.get("Target", "")
        if not target:
            continue
        part = target.lstrip("/") if target.startswith("/") else str(PurePosixPath("xl") / target)
        relations.append((relation.get("Id"), relation.get("Type", ""), normalise_part(part)))
    return relations


_DATE1904 = re.compile(rb"""<(?:\w+:)?workbookPr\b[^>]*?\bdate1904\s*=\s*["'](?:1|true)["']""")


def uses_1904_dates(path: Path) -> bool:
    """Whether the package's workbook counts date serials from 1904-01-01 (Excel for Mac's old default,
    `<workbookPr date1904="1"/>`): calamine converts date-formatted cells itself, but a serial in a cell
    formatted as a number or as text is only a number, 1,462 days off if read as the 1900 system's."""
    try:
        with zipfile.ZipFile(path) as package, package.open("xl/workbook.xml") as part:
            head = part.read(1 << 16)
    except PACKAGE_ERRORS:
        return False
    return _DATE1904.search(head) is not None


_STRING_COUNT = re.compile(rb"""\b(?:uniqueCount|count)\s*=\s*["']\s*([0-9]+)""")


def overstated_shared_strings(path: Path) -> bool:
    """Whether the package's shared-string table says it holds more strings than its bytes could (`<sst
    uniqueCount="2000000000">` over a few strings): calamine reserves room for that many before reading one,
    and the process aborted (SIGABRT, no Python error to catch). Each string takes 5 bytes at least (`<si/>`)."""
    try:
        with zipfile.ZipFile(path) as package:
            for info in package.infolist():
                if info.filename.lower().endswith("sharedstrings.xml"):
                    with package.open(info) as part:
                        head = part.read(4096)
                    if any(int(count) > info.file_size // 5 + 1 for count in _STRING_COUNT.findall(head)):
                        return True
    except PACKAGE_ERRORS:
        return False
    return False


def normalise_part(part: str) -> str:
    """A package part's path with its `..` and `.` resolved (`xl/worksheets/../tables/table1.xml`)."""
    out: list[str] = []
    for piece in part.split("/"):
        if piece == "..":
            if out:
                out.pop()
        elif piece and piece != ".":
            out.append(piece)
    return "/".join(out)


class _Unreferenced(Exception):
    """A cell written without a reference was found: the sheet is scanned again, placing every cell."""


def scan_sheet(path: Path, part: str, *, extent: bool = True, cells: bool = True,
               scan: SheetScan | None = None, exact: bool = False, tee=None, scanned=None,
               placing: bool = False) -> SheetScan | None:
    """Scan one sheet part; None when it cannot be read (the reader proper then gives its own message).

    `extent`: how far the values reach (rows, columns, merged ranges), what must be known before calamine
    opens the sheet; `cells`: the formula errors and formulas without a result, which can be looked for while
    calamine reads (`xlkit.read.prefetch`), into the `scan` the extent pass gave. `exact`: the height of a
    plain sheet too is its last row with a value, found row by row (else its last row). `tee`: given each
    piece of the part's XML as it is inflated (`xlkit.read.halves`), then None at its end; `scanned`: called
    with the scan and how many bytes of the part have been scanned, after each piece. `placing`: every cell
    is placed as calamine places it (`SheetScan.unreferenced`; the scan starts so again when it finds one).
    """
    given = scan
    scan = scan if scan is not None else SheetScan()
    if extent:
        scan.unreferenced = placing
    try:
        with zipfile.ZipFile(path) as package:
            info = package.getinfo(part)
            if info.file_size > MAX_SHEET_BYTES:
                scan.rows = scan.columns = 1 << 31  # too big to read either way
                return scan
            # before calamine starts (the extent), the part is inflated on a second thread while this one
            # searches the chunk before (zlib lets go of the GIL); beside calamine's parse (the cells) it is not
            with _inflated(path, package, info, ahead=extent, tee=tee) as chunks:
                tail = None
                fed = 0
                for chunk in chunks:
                    fed += len(chunk)
                    data = tail + chunk if tail is not None else chunk
                    if data is chunk and extent:  # the first chunk: is the sheet written with a namespace prefix?
                        scan.prefixed = data.find(b"<sheetData") < 0 and data.find(b":sheetData") >= 0
                        scan.loose = data.find(b'<c r="') < 0
                        scan.plain = exact is False and not placing and not scan.prefixed and \
                            not scan.loose and _NOT_PLAIN.search(data) is None
                    cut = _last_row_end(data, scan.prefixed)
                    if cut < 0:
                        cut = data.rfind(b"<")  # a row longer than a chunk: keep the unfinished tag
                        cut = max(cut, 0)
                    _scan_rows(data, cut, scan, extent, cells)
                    tail = data[cut:]
                    if scanned is not None:
                        scanned(scan, fed - len(tail))
                if tail:
                    _scan_rows(tail, len(tail), scan, extent, cells)
    except PACKAGE_ERRORS:
        return None
    except _Unreferenced:  # (tee and scanned are not told again: a sheet so written is not read in halves)
        again = scan_sheet(path, part, cells=cells, exact=exact, placing=True)
        if again is not None and given is not None:
            given.__dict__.update(again.__dict__)
            again = given
        return again
    if extent and scan.plain and scan.block_cells > MAX_BLOCK_CELLS:
        # the last rows may hold only formats (a template ruled down to row 65536): count the rows with a value
        exact_scan = scan_sheet(path, part, cells=False, exact=True)
        if exact_scan is None:
            return None
        scan.rows, scan.columns, scan.merges, scan.plain = exact_scan.rows, exact_scan.columns, exact_scan.merges, False
    return scan


#: What a plain sheet never has: a row or cell tag that does not begin with its reference (`<c>`, `<c s="1"
#: r="A1">`, `<row spans="1:3">`, other spacing)
_NOT_PLAIN = re.compile(rb'<(?:c|row)(?:[>/]|\s(?!r="))')
#: a row's number, however the attribute is spaced or quoted (`<row\nr='5'>` deep in a plainly written sheet)
_ROW_NUMBER = re.compile(rb'<row\b[^<>]*?\br\s*=\s*["\']([0-9]+)["\']')


@contextlib.contextmanager
def _inflated(path: Path, package: zipfile.ZipFile, info: zipfile.ZipInfo,
              ahead: bool = False, tee=None) -> Iterator[Iterator[bytes]]:
    """The part's bytes, a few MB at a time. A deflated part is inflated straight from the file with zlib:
    zipfile's reader also computes the CRC of every byte, a quarter of the scan's time (issue 15); calamine,
    or the reader proper, reads the part again and says what is wrong with a damaged one. `ahead`: the next
    chunks are inflated on a thread while the caller looks at this one (`_Ahead`); `tee` is given each chunk
    there, then None at the end."""
    if info.compress_type != zipfile.ZIP_DEFLATED or info.flag_bits & 0x1:  # stored, other methods, encrypted
        with package.open(info) as stream:
            yield _teed(iter(lambda: stream.read(_CHUNK), b""), tee)
        return
    with open(path, "rb") as handle:
        handle.seek(info.header_offset)
        local = handle.read(30)
        if len(local) != 30 or local[:4] != b"PK\x03\x04":
            raise zipfile.BadZipFile("bad local header")
        name_length, extra_length = struct.unpack("<HH", local[26:30])
        handle.seek(name_length + extra_length, io.SEEK_CUR)
        if not ahead or info.compress_size < _AHEAD_FROM:
            yield _teed(_inflate(handle, info.compress_size), tee)
            return
        chunks = _Ahead(_teed(_inflate(handle, info.compress_size), tee))
        try:
            yield iter(chunks)
        finally:
            chunks.stop()


def _teed(chunks: Iterator[bytes], tee) -> Iterator[bytes]:
    """The chunks, each given to `tee` first (and None after the last, when they all were)."""
    if tee is None:
        yield from chunks
        return
    for chunk in chunks:
        tee(chunk)
        yield chunk
    tee(None)


#: a part smaller than this (packed) is inflated in one go: a thread is not worth starting
_AHEAD_FROM = 1 << 21


class _Ahead:
    """Chunks made by `source` on a thread, at most two ahead of the one being looked at (16 MB)."""

    def __init__(self, source: Iterator[bytes]) -> None:
        import queue
        import threading

        self._queue: queue.Queue = queue.Queue(maxsize=2)
        self._stopped = threading.Event()
        self._source = source
        self._thread = threading.Thread(target=self._run, name="xlkit-inflate", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        import queue

        try:
            for chunk in self._source:
                while not self._stopped.is_set():
                    try:
                        self._queue.put(chunk, timeout=0.1)
                        break
                    except queue.Full:
                        continue
                if self._stopped.is_set():
                    return
            item: object = None  # the end
        except BaseException as error:  # noqa: BLE001 - given to the reader, which raises it where it reads
            item = error
        while not self._stopped.is_set():
            try:
                self._queue.put(item, timeout=0.1)
                return
            except queue.Full:
                continue

    def __iter__(self) -> Iterator[bytes]:
        while True:
            item = self._queue.get()
            if item is None:
                return
            if isinstance(item, BaseException):
                raise item
            yield item

    def stop(self) -> None:
        """The reader is done (or stopped early): the thread ends, and the file may be closed."""
        self._stopped.set()
        self._thread.join()


def _inflate(handle, size: int) -> Iterator[bytes]:
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    while not inflater.eof:
        piece = inflater.unconsumed_tail
        if not piece:
            if size <= 0:
                break
            piece = handle.read(min(_READ, size))
            if not piece:
                raise EOFError("the part ends early")
            size -= len(piece)
        out = inflater.decompress(piece, _CHUNK)  # never more than a chunk at once (a part packed to bursting)
        if out:
            yield out


def _last_row_end(data: bytes, prefixed: bool) -> int:
    """The position just after the last </row> in data, or -1."""
    if not prefixed:
        at = data.rfind(b"</row>")
        return at + 6 if at >= 0 else -1
    last = None
    for last in _ANY_ROW_END.finditer(data):  # noqa: B007 - the last one is wanted
        pass
    return last.end() if last is not None else -1


def _scan_rows(data: bytes, end: int, scan: SheetScan, extent: bool = True, cells: bool = True) -> None:
    """Update `scan` with the rows in data[:end] (each ends with </row>, the last maybe unfinished).

    Three searches over the XML, each in C (issue 15: the scan ran beside calamine's own parse): the row
    ends, formulas and error cells. Merged ranges come after the rows, so only the part after the last row
    end is searched for them. Before the extent, whether any cell is written without r= (`_unreferenced`):
    if one is, the sheet is scanned again placing every cell.
    """
    if extent and not scan.unreferenced and _unreferenced(data, end, scan):
        raise _Unreferenced
    if extent and scan.unreferenced:
        _place(data, end, scan)
        position = data.rfind(b"row>", 0, end)  # the merged ranges, after the last row (any prefix)
        if data.find(b"mergeCell", max(position, 0), end) >= 0:
            _scan_merges(data, max(position, 0), end, scan)
        _scan_beyond(data, end, scan)  # (a reference the tags were read wrongly around still counts)
    elif extent and scan.plain:
        # each row written `<row r="5"`: the part reaches down to its furthest row (an upper bound: that row may
        # hold formats only; rows in any order); the cells' columns are found by _scan_beyond
        scan.rows = max(scan.rows, max(map(_number, _ROW_NUMBER.findall(data, 0, end)), default=0))
        position = data.rfind(b"</row>", 0, end)
        position = position + 6 if position >= 0 else 0
        if position < end and data.find(b"mergeCell", position, end) >= 0:
            _scan_merges(data, position, end, scan)
        _scan_beyond(data, end, scan)
    elif extent:
        position = 0
        for close in (_ANY_ROW_END if scan.prefixed else _ROW_END).finditer(data, 0, end):
            _scan_row(data, position, close.start(), scan)
            position = close.end()
        if position < end:
            _scan_row(data, position, end, scan)
            if data.find(b"mergeCell", position, end) >= 0:
                _scan_merges(data, position, end, scan)
        _scan_beyond(data, end, scan)
    if cells:
        _scan_formulas(data, end, scan)


#: a cell tag (`<c`, or `:c` after a prefix) whose first attribute is not its reference (`<c>`, `<c/>`,
#: `<c s="1" r="A1">`, `<x:c>`)
_CELL_NOT_REFERENCED_FIRST = re.compile(rb'[<:]c(?:[>/]|\s(?!r="))')
#: a cell tag (`<c `, `<c>`, `<c/>`; `<x:c …`, found by the prefix's end: `</x:c>` too, counted apart) and one
#: with an attribute named r, white space before it (calamine takes no `x:r=`, nor an r= inside another's value)
_CELL_TAG_OPENS = (re.compile(rb"<c[\s>/]"), re.compile(rb":c[\s>/]"))
_PREFIXED_CELL_CLOSE = re.compile(rb"</[^\s<>/=:\"']+:c>")
_CELL_TAG_REFERENCED = (re.compile(rb"""<c\s(?:[^<>]*?\s)?r\s*=\s*["']"""),
                        re.compile(rb""":c\s(?:[^<>]*?\s)?r\s*=\s*["']"""))


def _unreferenced(data: bytes, end: int, scan: SheetScan) -> bool:
    """Whether a cell tag in data[:end] may be written without a reference (`<c><v>1</v></c>`, `<c s="1">`).

    calamine places such a cell one column right of the cell before it, in its row tag's row — and a row tag
    without r= is the row after the one before, empty ones too. One row of 300,000 such cells after 60,000
    plain rows asked calamine for 18 billion cells (the process aborted, no Python error to catch). No program
    writes a ledger so: one search in C for a plainly written sheet (with numpy for a big piece), two counts
    for another, and the sheet is scanned again cell by cell only when one is found."""
    if scan.prefixed or scan.loose:  # every cell tag (any prefix) against those with a reference, counted
        opens = sum(len(pattern.findall(data, 0, end)) for pattern in _CELL_TAG_OPENS)
        opens -= len(_PREFIXED_CELL_CLOSE.findall(data, 0, end))
        return opens > sum(len(pattern.findall(data, 0, end)) for pattern in _CELL_TAG_REFERENCED)
    if end < _QUICK_FROM:
        suspects = [match.start() for match in _CELL_NOT_REFERENCED_FIRST.finditer(data, 0, end)]
    else:
        suspects = _cells_not_referenced_first(data, end)
    if len(suspects) > _SUSPECTS_ONE_BY_ONE:  # (a writer that puts r= after the style: count, as above)
        opens = sum(len(pattern.findall(data, 0, end)) for pattern in _CELL_TAG_OPENS)
        opens -= len(_PREFIXED_CELL_CLOSE.findall(data, 0, end))
        return opens > sum(len(pattern.findall(data, 0, end)) for pattern in _CELL_TAG_REFERENCED)
    return any(_CELL_TAG_REFERENCED[data[at] == 0x3A].match(data, at, end) is None for at in suspects)


#: more cell tags than this not written `<c r="` in a piece, and they are counted instead of looked at one by one
_SUSPECTS_ONE_BY_ONE = 1000


def _cells_not_referenced_first(data: bytes, end: int) -> list[int]:
    """Where the cell tags of data[:end] that are not written `<c r="` start (`_CELL_NOT_REFERENCED_FIRST`), with
    numpy: every `<c` and `:c` as two bytes (in two aligned views), against those followed by ` r="`; counted
    first, and found only when the counts differ. In C, without the lock: 5 ms an 8 MB piece. The last bytes
    (a piece may end inside a row that is longer than a piece) are searched."""
    import numpy as np

    stop = end - 8
    if stop < 2:
        return [match.start() for match in _CELL_NOT_REFERENCED_FIRST.finditer(data, 0, end)]
    suspects = {match.start() for match in _CELL_NOT_REFERENCED_FIRST.finditer(data, stop - 2, end)}
    for offset in (0, 1):
        count = (stop - offset) // 2
        pairs = np.frombuffer(data, "<u2", count=count + 2, offset=offset)
        for code in (0x633C, 0x633A):  # "<c", ":c" (none, in a sheet without a prefix: one look)
            opens = pairs[:count] == code
            found = np.count_nonzero(opens)
            if not found:
                continue
            referenced = opens & (pairs[1:count + 1] == 0x7220)  # ' r'
            referenced &= pairs[2:count + 2] == 0x223D  # '="'
            if found == np.count_nonzero(referenced):
                continue
            starts = np.flatnonzero(opens & ~referenced) * 2 + offset
            name_end = np.frombuffer(data, np.uint8, count=end)[starts + 2]
            suspects.update(starts[np.isin(name_end, _NAME_END_BYTES)].tolist())
    return sorted(suspects)


_NAME_END_BYTES = (0x20, 0x09, 0x0D, 0x0A, 0x3E, 0x2F)


def _place(data: bytes, end: int, scan: SheetScan) -> None:
    """Place the cells of data[:end] as calamine does, every row and cell tag in order, and raise `scan`'s
    rows and columns to those with a value; an upper bound wherever calamine's rule is not known for sure.

    A row tag: the row after the one before (`SheetScan.row_at`), or its r= when that is further. A cell: one
    column right of the cell before it in its row (`SheetScan.column_at`), or its r= when that is further; in
    its r='s row (the furthest, of several: calamine reads one, not always the first or the last), else its
    row tag's. Never counting back keeps it a bound whatever a comment or a CDATA section holds that looks
    like a tag (calamine passes it), at the price of rows or cells written out of order, which no program
    writes. The count carries on from one piece of the sheet to the next. Attributes are read as XML has them
    (an r= inside another's quoted value, or an `x:r=`, is none); `_scan_beyond` looks at every reference
    besides."""
    row_at, column, rows, columns = scan.row_at, scan.column_at, scan.rows, scan.columns
    for match in _ROW_OR_CELL_TAG.finditer(data, 0, end):
        kind, attributes, closed = match.groups()
        if b"r" not in attributes:  # (the tags of such a sheet, mostly: no r= to read)
            if kind == b"row":
                row_at, column = row_at + 1, 0
                continue
            column += 1
            row = row_at
        else:
            references = _r_values(attributes)
            if kind == b"row":
                row_at = max([row_at + 1, *(_number(value) for value in references if value.isdigit())])
                column = 0
                continue
            places = [place for place in map(_REFERENCE.fullmatch, references) if place is not None]
            column = max([column + 1, *(column_number(place[1]) for place in places)])
            if places and len(places) == len(references):
                row = max(_number(place[2]) for place in places)
            else:  # none (or one calamine may not read): in its row tag's row
                row = max([row_at, *(_number(place[2]) for place in places)])
        if closed and (attributes.endswith(b"/") or data.startswith(b"</", match.end())):
            continue  # no value (`<c/>`, `<c></c>`): nothing placed, the next cell counts on from it
        if column > columns:
            columns = column
        if row > rows:
            rows = row
    scan.row_at, scan.column_at, scan.rows, scan.columns = row_at, column, rows, columns


def _r_values(attributes: bytes) -> list[bytes]:
    """The values of a tag's attributes named r, read one attribute after another (quoted values may hold
    anything but "<"); where the attributes stop being well formed, the rest is searched for any r= at all."""
    values: list[bytes] = []
    at = 0
    while (match := _ATTRIBUTE.match(attributes, at)) is not None:
        if match[1] == b"r":
            values.append(match[2][1:-1].strip())
        at = match.end()
    if attributes[at:].strip(b" \t\r\n/"):
        values.extend(value.strip() for value in _LOOSE_R.findall(attributes, at))
    return values


#: a row's or a cell's opening tag (any prefix): group 1 which, group 2 its attributes (quoted values may hold
#: a ">"), group 3 its ">" (empty when a "<" comes first)
_ROW_OR_CELL_TAG = re.compile(rb"""<(?:[^\s<>/=:"']+:)?(row|c)(?=[\s>/])((?:[^<>"']|"[^"<]*"|'[^'<]*')*)(>?)""")
_ATTRIBUTE = re.compile(rb"""\s*([^\s=<>/"']+)\s*=\s*("[^"<]*"|'[^'<]*')""")
_LOOSE_R = re.compile(rb"""\br\s*=\s*["']?([^"'\s>]*)""")
_REFERENCE = re.compile(rb"([A-Za-z]+)([0-9]+)")


def _scan_merges(data: bytes, start: int, end: int, scan: SheetScan) -> None:
    for match in (_LOOSE_MERGE if scan.loose else _MERGE).finditer(data, start, end):
        top, left = _number(match[2]) - 1, column_number(match[1]) - 1
        bottom, right = _number(match[4]) - 1, column_number(match[3]) - 1
        scan.merges.append(((top, left), (bottom, right)))


def _scan_row(data: bytes, start: int, stop: int, scan: SheetScan, loose: bool | None = None) -> None:
    # The row's last cell with content gives its width; a cell with only a style (<c .../>) holds no value.
    loose = scan.loose if loose is None else loose
    search_end = stop
    while True:
        at = _cell_start(data, start, search_end, loose)
        if at < 0:
            return
        tag_end = data.find(b">", at, stop)
        if tag_end < 0:
            return
        if not loose and search_end == stop and _more_after(data, tag_end, stop):
            # something follows the last `<c r="…"` of the row: a cell written another way (`<c\nr=`, `<x:c`)
            # in a sheet whose first cells were not: the row is looked at again the loose way
            _scan_row(data, start, stop, scan, True)
            return
        if data[tag_end - 1:tag_end] == b"/" or data.startswith(b"</", tag_end + 1):  # no value: look left
            search_end = at
            continue
        match = (_LOOSE_CELL_REF if loose else _CELL_REF).search(data, at, tag_end)
        if match is None and not loose:
            match = _LOOSE_CELL_REF.search(data, at, tag_end)  # r='A1' or r = "A1" in an otherwise plain sheet
        if match is None:  # a cell written without r= (rare writers write all their cells so)
            _scan_row_without_references(data, start, stop, scan)
            return
        scan.columns = max(scan.columns, column_number(match[1]))
        scan.rows = max(scan.rows, _number(match[2]))
        return


def _scan_row_without_references(data: bytes, start: int, stop: int, scan: SheetScan) -> None:
    """A row with cells written without r= (`<c><v>1</v></c>`), each in the column after the one before it
    (calamine's rule): at most as wide as its widest reference and all its cells after it; a row itself
    without r= is the one after the last (rare writers; counted generously, a bound is what is wanted)."""
    row_match = _LOOSE_ROW_REF.search(data, start, stop)
    references = _LOOSE_CELL_REF.findall(data, start, stop)
    rows = [_number(row) for _, row in references]
    rows.append(_number(row_match[1]) if row_match else scan.rows + 1)
    scan.rows = max(scan.rows, *rows)
    widest = max((column_number(letters) for letters, _ in references), default=0)
    scan.columns = max(scan.columns, widest + len(_ANY_CELL_OPEN.findall(data, start, stop)))


def _scan_beyond(data: bytes, end: int, scan: SheetScan) -> None:
    """Raise `scan.columns` and `scan.rows` to every cell with a value beyond them in data[:end], wherever it
    stands in its row and however its reference is spelt.

    A row's last cell gives its width only when its cells are in column order. Every program writes them so,
    but a file may not (`<c r="XFD5">` before `<c r="A5">`): calamine places each cell by its own reference,
    and one far cell written first in its row, under 100,000 rows, asked for 1.6 billion cells (the process
    aborted). Nor need a cell's reference agree with its row (`<row r="5"><c r="A900000">`): calamine puts it
    at A900000, and a sheet whose rows reach 3,001 asked for 54 million cells (2.2 GB, 23 s). One search in C
    over the rows' XML finds the cells further right or further down than any seen (none, in a sheet any
    program wrote); a cell with only a style (`<c …/>`, `<c …></c>`) holds no value and is passed.
    """
    if end >= _QUICK_FROM:
        if scan.columns == 0:  # the sheet's first piece: its first rows give the width the quick look needs
            head = data.find(b"</row>", _QUICK_HEAD, end)
            if head > 0:
                _scan_beyond(data, head, scan)
        if 0 < scan.columns <= _QUICK_COLUMNS and not _may_reach_beyond(data, end, scan):
            return  # (a big piece whose references all lie within the bounds: nothing the search could find)
    stop = end
    while True:
        bound = pattern_bound = _row_bound(scan)
        position, pattern, since, switched = 0, _beyond_pattern(scan.columns, bound), 0, 0
        while (match := pattern.search(data, position, stop)) is not None:
            position = match.end()
            letters, row = (match[1], match[2]) if match[1] else (match[3], match[4])
            scan.columns = max(scan.columns, column_number(letters))
            scan.rows = max(scan.rows, _number(row))
            # another r= in the same tag (calamine reads one of them, not always the first): all count
            for other in _LOOSE_CELL_REF.finditer(data, match.end(2) if match[1] else match.end(4), position):
                scan.columns = max(scan.columns, column_number(other[1]))
                scan.rows = max(scan.rows, _number(other[2]))
            since += 1
            if since == _MATCHES_A_PATTERN:  # a pattern for the new bounds now and then, not at each match: a
                # first row of 16,384 headers compiled 16,384 patterns (3 s); a match under the bounds is harmless
                pattern_bound = _row_bound(scan)
                pattern, since, switched = _beyond_pattern(scan.columns, pattern_bound), 0, position
        if _row_bound(scan) >= bound:
            return
        # the columns grew during the search (the first rows of a sheet): the cells before were looked at for
        # rows beyond a larger bound, so they are looked at again — only those before the last pattern, when
        # the bounds did not change since it was made (once, in the first part of a sheet)
        if _row_bound(scan) >= pattern_bound:
            stop = switched


#: matches found before the search's pattern is made again for the bounds they raised
_MATCHES_A_PATTERN = 64

#: a piece of a sheet this big (bytes) is first looked at by `_may_reach_beyond`, with numpy (which the reader
#: imports anyway): a sheet of 100,000 rows took 0.5 s in the search, 0.2 s so (issue 15)
_QUICK_FROM = 1 << 20
#: the first rows of a sheet, whose cells the search looks at to find the width first (bytes)
_QUICK_HEAD = 1 << 16
#: the quick look knows column names of one and two letters (up to ZZ, 702 columns; a ledger has about 70)
_QUICK_COLUMNS = 702


def _may_reach_beyond(data: bytes, end: int, scan: SheetScan) -> bool:
    """Whether data[:end] may hold a cell `_scan_beyond`'s search would find: False only when every cell
    reference in it (`r="…"`) lies within `scan.columns` and has fewer digits than the row bound, and no `r=`
    is written otherwise (`r='A1'`, `r = "A1"`, white space before any `=`). A superset of what the search
    finds, whatever the cells hold (values or not): when True, the piece is searched as before.

    Vectorised over the piece's bytes (each `=`, then each `r="`), in C without Python's lock."""
    import numpy as np

    if end < 8:
        return True
    a = np.frombuffer(data, np.uint8, count=end)
    at = np.flatnonzero(a[1:-1] == 0x3D) + 1  # every `=` (not the first or the last byte)
    before, after = a[at - 1], a[at + 1]
    named_r = before == 0x72
    if (named_r & (after != 0x22)).any() or np.isin(before, _SPACES).any():
        return True  # an r= quoted or spaced otherwise (rare writers): the search knows every spelling
    last = end - 1
    ref = at[named_r] + 2  # where each `r="` value starts
    c0, c1, c2 = a[ref], a[np.minimum(ref + 1, last)], a[np.minimum(ref + 2, last)]
    l0 = (c0 | 0x20) - 0x61 < 26  # a letter, either case (calamine reads a1 as A1); uint8 wraps below 'a'
    l1 = l0 & ((c1 | 0x20) - 0x61 < 26)
    l2 = l1 & ((c2 | 0x20) - 0x61 < 26)
    if l2.any():
        return True  # three letters or more: beyond any width this look is used for
    name = column_letter(scan.columns - 1).encode()
    u0, u1 = c0 & 0xDF, c1 & 0xDF
    if len(name) == 1:
        beyond = l1 | (l0 & (u0 > name[0]))
    else:
        beyond = l1 & ((u0 > name[0]) | ((u0 == name[0]) & (u1 > name[1])))
    if beyond.any():
        return True
    # rows: a reference with as many digits as the row bound (or more) may lie beyond it (leading zeros too)
    digits = len(str(_row_bound(scan)))
    reach = a[np.minimum(ref + 1 + l1 + digits - 1, last)]
    return bool((l0 & (reach - 0x30 < 10)).any())


#: white space in XML (before an `=`, the quick look leaves the piece to the search)
_SPACES = (0x20, 0x09, 0x0A, 0x0D)


def _row_bound(scan: SheetScan) -> int:
    """The row number a cell beyond must pass: the rows seen, or those that with the columns seen make a block
    calamine still reads (further rows matter only for a block too big; and a cell's reference whose row has
    fewer digits than the bound's is passed at once, the search stays as fast as it was for columns only)."""
    return max(scan.rows, MAX_BLOCK_CELLS // max(scan.columns, 1))


def _letters_beyond(letters: str) -> str:
    """A pattern for the column letters further right than `letters`, in capitals or small letters (calamine
    reads both) and as many as written (calamine reads AAAA1 as column 18,279, past Excel's XFD)."""
    options = [f"[A-Za-z]{{{len(letters) + 1},}}"]
    for at, letter in enumerate(letters):
        if letter < "Z":
            rest = len(letters) - at - 1
            after = chr(ord(letter) + 1)
            same = "".join(f"[{ch}{ch.lower()}]" for ch in letters[:at])
            options.append(same + f"[{after}-Z{after.lower()}-z]" + (f"[A-Za-z]{{{rest}}}" if rest else ""))
    return "|".join(options)


def _digits_beyond(number: int) -> str:
    """A pattern for the row numbers greater than `number` (with any zeros before them: calamine reads A05
    as A5)."""
    digits = str(max(number, 0))
    options = [f"[1-9][0-9]{{{len(digits)},}}"]
    for at, digit in enumerate(digits):
        if digit < "9":
            rest = len(digits) - at - 1
            options.append(digits[:at] + f"[{int(digit) + 1}-9]" + (f"[0-9]{{{rest}}}" if rest else ""))
    return "0*(?:" + "|".join(options) + ")"


@functools.lru_cache(maxsize=64)
def _beyond_pattern(columns: int, rows: int) -> re.Pattern[bytes]:
    letters = "[A-Za-z]+" if columns <= 0 else _letters_beyond(column_letter(columns - 1))
    # r="XFD5", r='XFD5', r = "XFD5"; with a value: the tag not closed at once (`/>`) nor right after (`></c>`).
    # No \b before the r: the pattern would have no literal start and the search would be five times slower
    # (another attribute ending in r with a cell's name for a value can only make the bound larger)
    digits = f"(?=0*[0-9]{{{len(str(rows))}}})" + _digits_beyond(rows)  # (too few digits: no look at the rest)
    # The rest of the tag is looked at up to its end, never past a "<" (a comment of `r="` without a ">" was
    # searched to the next tag from each), and for 4 KB at most: a longer tag, or one cut short, counts as valued
    return re.compile(rb'r\s*=\s*["\'](?:(' + letters.encode() + rb')([0-9]+)|([A-Za-z]++)('
                      + digits.encode() + rb'))["\'](?:[^<>]{0,4096}?(?<!/)>(?!</)|[^<>]{4097}|[^<>]{0,4096}(?=<))')


def _more_after(data: bytes, tag_end: int, stop: int) -> bool:
    """Whether anything but white space follows, before the row's end at `stop`, the cell whose opening tag
    ends at `tag_end` (it was taken for the row's last cell)."""
    if data[tag_end - 1] == 0x2F:  # <c .../>
        end = tag_end + 1
    else:
        close = data.find(b"</c>", tag_end, stop)
        if close < 0:
            return True  # closed another way (</x:c>): not the plain spelling
        end = close + 4
    return end < stop and not data[end:stop].isspace()


_PREFIX = re.compile(rb"[A-Za-z_][\w.-]{0,31}")


def _cell_start(data: bytes, low: int, high: int, loose: bool = False) -> int:
    """Where the last cell tag opening in data[low:high] starts (`<c `, or with any namespace prefix:
    `<x:c `, `<ns0:c `, as other writers name it; `loose`: followed by any white space), or -1."""
    if loose:
        last = None
        for last in _LOOSE_CELL_OPEN.finditer(data, low, high):  # noqa: B007 - the last one is wanted
            pass
        return last.start() if last is not None else -1
    at = data.rfind(b"<c ", low, high)
    bare = data.rfind(b"<c>", max(at, low), high)  # a cell written without r=, after the last `<c `
    if bare >= 0:
        return bare
    if at >= 0:
        return at
    while True:  # a prefixed sheet (rare): the last ":c " that ends a tag's name
        at = data.rfind(b":c ", low, high)
        if at < 0:
            return -1
        opening = data.rfind(b"<", max(low, at - 33), at)
        if opening >= 0 and _PREFIX.fullmatch(data, opening + 1, at):
            return opening
        high = at


def _cell_around(data: bytes, at: int, loose: bool = False) -> tuple[int, int, bytes] | None:
    """The (row, column) and inner XML of the cell holding position `at`."""
    found = _cell_open(data, at, loose)
    if found is None:
        return None
    row, column, tag_end = found
    end = data.find(b"</c>", tag_end)
    if end < 0:
        end = data.find(b"</x:c>", tag_end)
    return row, column, data[tag_end + 1:end if end >= 0 else len(data)]


def _cell_open(data: bytes, at: int, loose: bool = False, open_at: int | None = None) -> tuple[int, int, int] | None:
    """(row, column, where its opening tag ends) of the cell holding position `at` (opening at `open_at`,
    when the caller found it)."""
    if open_at is None:
        open_at = _cell_start(data, max(at - 4096, 0), at, loose)
    if open_at < 0:
        return None
    tag_end = data.find(b">", open_at)
    match = (_LOOSE_CELL_REF if loose else _CELL_REF).search(data, open_at, tag_end) if tag_end >= 0 else None
    return None if match is None else (_number(match[2]), column_number(match[1]), tag_end)


_VALUE = re.compile(rb"<(?:\w+:)?v>([^<]*)</")
_ROW_END = re.compile(rb"</row>")
_ANY_ROW_END = re.compile(rb"</(?:\w+:)?row>")
_ERROR = re.compile(rb't="e"')
_LOOSE_ERROR = re.compile(rb'\bt\s*=\s*["\']e["\']')
#: A formula's start (`<f>`, `<f t="shared" ref="X2:X9" si="0">`, a shared formula's follower `<f t="shared"
#: si="0"/>`); `_ANY_FORMULA` also takes a namespace prefix (`<x:f>`), for sheets written that way.
_FORMULA = re.compile(rb"<f[\s>/]")
_ANY_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")
_FORMULA_CLOSE = re.compile(rb"</(?:\w+:)?f>")
#: What follows a formula whose result was not saved: no value, an empty one or a blank one, then the cell's end.
_NO_RESULT = re.compile(rb"\s*(?:<(?:\w+:)?v\s*/>|<(?:\w+:)?v>\s*</(?:\w+:)?v>)?\s*</(?:\w+:)?c>")


#: how a misfiled text was written (`SheetScan.misfiled`), as the clerk is told
MISFILED_INLINE = "文字类型的格子把文字写在了数值的位置"
MISFILED_CDATA = "文字写成了 CDATA 段，多数软件读作空白"
_CDATA = rb"<!\[CDATA\[[^\]]*(?:\](?!\]>)[^\]]*)*\]\]>"  # up to its first ]]>, never across cells
#: Cells whose type and value disagree, searched in one pass from their `t=` (the usual spellings, millions in a
#: sheet, are passed at once by the look-aheads):
#: - an inline text whose text is written as a value (`<c r="B5" t="inlineStr"><v>张三</v></c>`, not
#:   `<is><t>张三</t></is>`): a few exporters write it so; group 1 is the value (one written as CDATA is found
#:   with every CDATA value, `_CDATA_VALUE`);
#: - a shared text's index written otherwise than as digits alone (`<v> 16 </v>`, `<v>16.0</v>`, `<v>-1</v>`).
_ODD_TYPED_BODY = (rb"""(?:inlineStr["'](?!><is>)[^<>]*>\s*<(?:\w+:)?v>([^<]*)</(?:\w+:)?v>"""
                   rb"""|s["'](?!><v>[0-9]+</)[^<>]*>\s*<(?:\w+:)?v>(?![0-9]+</))""")
_ODD_TYPED = re.compile(rb"""t=["']""" + _ODD_TYPED_BODY)
_LOOSE_ODD_TYPED = re.compile(rb"""\bt\s*=\s*["']""" + _ODD_TYPED_BODY)
#: a value written as CDATA (`<v><![CDATA[王五]]></v>`, valid XML): calamine reads it as empty
_CDATA_VALUE = re.compile(rb"<(?:\w+:)?v>\s*(" + _CDATA + rb")\s*</(?:\w+:)?v>")


def _value_text(raw: bytes) -> str:
    """A value's text as XML gives it: CDATA as it stands, else with its entities decoded."""
    if raw.startswith(b"<![CDATA["):
        return raw[9:-3].decode("utf-8", "replace")
    return html.unescape(raw.decode("utf-8", "replace"))


def _scan_formulas(data: bytes, end: int, scan: SheetScan) -> None:
    """Error cells (t="e"), formulas saved without a result, misfiled texts (an inline text as a value, a CDATA
    value) and shared-text indexes written otherwise than as digits in data[:end].

    Each formula is looked at where it is (one anchored match after it): a sheet made from the template has
    several formulas a row, and a pattern tried at every byte of the sheet cost as much as calamine's read.
    """
    loose = scan.loose
    for match in (_LOOSE_ODD_TYPED if loose else _ODD_TYPED).finditer(data, 0, end):
        cell = _cell_open(data, match.start(), loose)
        if cell is None:
            continue
        if match[1] is not None:
            scan.misfiled[cell[:2]] = (_value_text(match[1]), MISFILED_INLINE)
        else:
            scan.odd_shared.add(cell[:2])
    if data.find(b"<![CDATA[", 0, end) >= 0:
        for match in _CDATA_VALUE.finditer(data, 0, end):
            cell = _cell_open(data, match.start(), loose)
            if cell is not None:
                scan.misfiled[cell[:2]] = (_value_text(match[1]), MISFILED_CDATA)
    for match in (_LOOSE_ERROR if loose else _ERROR).finditer(data, 0, end):
        cell = _cell_around(data, match.start(), loose)
        if cell is not None:
            value = _VALUE.search(cell[2])
            scan.errors[cell[:2]] = value[1].decode("utf-8", "replace").strip() if value else "#VALUE!"
    for match in (_ANY_FORMULA if scan.prefixed else _FORMULA).finditer(data, 0, end):
        at = match.start()
        tag_end = data.find(b">", at, end)
        if tag_end < 0:
            continue
        if data[tag_end - 1] == 0x2F:  # <f .../>: a shared formula's follower, no text of its own
            after = tag_end + 1
        else:
            close = _FORMULA_CLOSE.search(data, tag_end + 1, end)
            if close is None:
                continue
            after = close.end()
        if _NO_RESULT.match(data, after, end):
            open_at = _cell_start(data, max(at - 4096, 0), at, loose)  # the formula's cell, found once
            if open_at >= 0 and not _text_typed(data, open_at, at, loose):
                cell = _cell_open(data, at, loose, open_at)
                if cell is not None:
                    scan.uncached.add(cell[:2])


def _text_typed(data: bytes, open_at: int, at: int, loose: bool = False) -> bool:
    """The cell opening at `open_at`, of the formula at `at`, is typed as text (t="str"): Excel, WPS and
    LibreOffice save a formula whose result is "" (`=IF(A2="","",…)`) that way, with an empty value — a
    result, not a missing one."""
    if loose:
        return _LOOSE_TEXT_TYPE.search(data, open_at, at) is not None
    return data.find(b't="str"', open_at, at) >= 0


_LOOSE_TEXT_TYPE = re.compile(rb'\bt\s*=\s*["\']str["\']')
