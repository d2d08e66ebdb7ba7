"""A big ledger sheet read by calamine in two halves at once, one on each core (issue 15).

calamine reads a sheet on one core, without holding Python's lock; on a 100,000-row ledger that read is
most of what the clerk waits for. While the extent scan (`xlkit.read.extent`) inflates the sheet's XML it
hands each piece to `Halves.feed`, which writes it into one of two small packages in the temp folder: the
rows of the first half of the XML in one, those of the second in the other, each with the sheet's own
beginning (through `<sheetData>`) and the workbook's parts calamine needs to read values (the workbook,
its relationships, styles for dates, shared texts). Stored, not packed: calamine reads them without
inflating again. The first half is read as soon as the scan has passed it, the second when the scan
ends; `rows` puts the two together as calamine gives the whole sheet from A1.

Only a sheet written plainly (every row and cell with its reference, `<row r="5"`, `<c r="A5"`) whose rows
follow one another is split: not where the cut would fall near a comment, a CDATA section or a processing
instruction (a `</row>` inside one is not a row's end), and two halves whose cells overlap (a cell whose
reference lies in the other half's rows) are not put together — the reader then reads the sheet whole, as
before. Nothing is written beside the ledger; the packages are removed once read, and any
failure here (a full temp folder, a damaged part) only means the sheet is read whole.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import threading
import zipfile
from pathlib import Path
from typing import Any

from xlkit.read.extent import SheetScan, scan_sheet, workbook_relations
from xlkit.read.panics import quiet_panics

#: A sheet part smaller than this (unpacked) is read whole: two reads of a small sheet take longer than one
#: (each reads the shared texts). 16 MB is about 5,000 rows of the template's columns.
SPLIT_FROM = 16 << 20
#: The first half's share of the XML. The first is read while the scan goes through the rest, but calamine's
#: turning the rows into Python values holds the lock, and with halves alike the first's is done while the
#: second is still parsed (measured against 0.6: 2.77 s and 2.94 s for check on 20,000 rows, 12.7 s and
#: 12.9 s for check -o on 100,000)
FIRST_SHARE = 0.5
#: what the first piece must hold: the sheet's start, through `<sheetData>`
_HEAD_LIMIT = 1 << 24
_SHEET_DATA = b"<sheetData>"
_ROW_END = b"</row>"
#: what a piece the cut falls in must not hold, lest the `</row>` be inside a comment, a CDATA section or a
#: processing instruction (one begun in an earlier piece and ending in a later leaves a half unfinished: calamine
#: refuses it, and the sheet is read whole)
_UNSAFE = (b"<!--", b"-->", b"<![CDATA[", b"]]>", b"<?", b"?>")
_CLOSING = b"</sheetData></worksheet>"
_REL_TYPE_END = ("/styles", "/sharedStrings")
_WORKBOOK_PARTS = ("[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels")
#: where calamine also looks for each kind of part, whatever the relationships say (names compared in lower case)
_USUAL_PARTS = {"/styles": "xl/styles.xml", "/sharedStrings": "xl/sharedstrings.xml"}


def _rows_numbered(piece: bytes, start: int = 0) -> bool:
    """Whether every row begun in this piece of the second half (from `start`) names its number (`<row r="…`):
    calamine numbers a row without one from the half's own start, not the sheet's. (A tag cut between two
    pieces counts as unnumbered: the sheet is then read whole.)"""
    return piece.count(b"<row ", start) + piece.count(b"<row>", start) == piece.count(b'<row r="', start)


def _as_calamine_finds(names: set[str], relations: list[tuple[str | None, str, str]], kinds: tuple[str, ...]
                       ) -> list[str]:
    """The package's parts of these relationship kinds (`/styles`, `/sharedStrings`) as calamine finds them:
    by the relationship or by their usual name, either without regard to case."""
    sought = {part.lower() for _rid, kind, part in relations if kind.endswith(kinds)} | {_USUAL_PARTS[k] for k in kinds}
    return sorted(name for name in names if name.lower() in sought)


#: A sheet whose shared texts take more than this share of its XML's size is read whole. Each half reads the
#: whole table of texts (calamine reads it before any sheet), and a sheet written as Excel, WPS and LibreOffice
#: write one keeps every text there, its XML only the texts' numbers: halves were slower. Measured on this
#: 2-core machine, check --json in halves against whole: 100,000 rows saved by LibreOffice (shared texts 151 MB
#: beside a 178 MB sheet) 8.38 s against 7.73 s, 20,000 rows (30 MB beside 38 MB) 1.90 s against 1.74 s; the
#: same 100,000 rows with 14 MB of shared texts beside 409 MB of inline ones 8.94 s against 9.47 s, with none
#: 8.69 s against 9.83 s
SHARED_TEXTS_SHARE = 1 / 16


def worth_splitting(package: zipfile.ZipFile, part: str) -> int | None:
    """The size (unpacked) of the sheet part when it is read in halves, else None: big enough, two cores to
    read on, and few shared texts beside it (`SHARED_TEXTS_SHARE`). Raises what reading the package raises."""
    size = package.getinfo(part).file_size
    if size < SPLIT_FROM or _cores() < 2:
        return None
    texts = _as_calamine_finds(set(package.NameToInfo), workbook_relations(package), ("/sharedStrings",))
    shared = sum(package.getinfo(name).file_size for name in texts)
    return size if shared <= size * SHARED_TEXTS_SHARE else None


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # (Windows, macOS)
        return os.cpu_count() or 1


class _Package:
    """One half: a stored package in the temp folder, its sheet part written piece by piece."""

    def __init__(self, part: str) -> None:
        handle, name = tempfile.mkstemp(prefix="xlkit-", suffix=".xlsx")
        os.close(handle)
        self.path = Path(name)
        self.zip = zipfile.ZipFile(self.path, "w", zipfile.ZIP_STORED)
        self.stream = self.zip.open(part, "w")

    def write(self, data: bytes | memoryview) -> None:
        self.stream.write(data)

    def close(self, source: Path, extras: list[str]) -> None:
        """The sheet part ends; the workbook's parts calamine needs are copied in, and the package closed."""
        self.stream.close()
        with zipfile.ZipFile(source) as package:
            for name in extras:
                with package.open(name) as part, self.zip.open(name, "w") as copy:
                    while piece := part.read(1 << 22):
                        copy.write(piece)
        self.zip.close()

    def abandon(self) -> None:
        with contextlib.suppress(Exception):
            self.stream.close()
        with contextlib.suppress(Exception):
            self.zip.close()
        remove(self.path)


def remove(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink()


class Halves:
    """The two halves of one sheet part, written while its XML is inflated (`feed`, on the inflating thread),
    then read by calamine on two threads (`begin_first`, `begin_second`) and put together (`rows`)."""

    def __init__(self, source: Path, name: str, part: str, size: int) -> None:
        self.source, self.name, self.part = source, name, part
        self.middle = int(size * FIRST_SHARE)  # the first `</row>` from here ends the first half
        self.offset = 0  # bytes of the part fed so far
        self.head: bytes | None = None
        self.pending = b""  # the part's start, until it holds `<sheetData>`
        self.first: _Package | None = None
        self.second: _Package | None = None
        #: where the first half's rows end in the part (set once its package is written), and whether the
        #: second's is; `failed`: the sheet is read whole
        self.first_end: int | None = None
        self.second_done = False
        self.failed = False
        self.readers: list[_HalfRead] = []
        self._extras: list[str] | None = None

    # ---- writing (the inflating thread) ----

    def feed(self, chunk: bytes | None) -> None:
        """A piece of the part's XML, in order; None at its end."""
        if chunk is None:
            self._finish()
            return
        if self.failed:
            return
        try:
            self._feed(chunk)
        except BaseException:  # noqa: BLE001 - a full temp folder, anything: the sheet is read whole
            self._fail()
        finally:
            self.offset += len(chunk)

    def _feed(self, chunk: bytes) -> None:
        offset = self.offset
        if self.head is None:
            self.pending += chunk
            at = self.pending.find(_SHEET_DATA)
            if at < 0:
                if len(self.pending) > _HEAD_LIMIT:
                    self._fail()
                return
            end = at + len(_SHEET_DATA)
            self.head = self.pending[:end]
            if self.head.find(b"<worksheet") < 0:  # (a prefixed sheet, `<x:worksheet>`: not split)
                self._fail()
                return
            # the `<sheetData>` found may be inside a comment, a CDATA section or an instruction (the XML
            # declaration aside): the second half would then begin inside one, and calamine read it as empty
            body = self.head[self.head.find(b"?>") + 2:] if self.head.lstrip(b"\xef\xbb\xbf").startswith(b"<?xml") \
                else self.head
            if any(body.find(mark) >= 0 for mark in _UNSAFE):
                self._fail()
                return
            chunk, offset = self.pending[end:], end  # (the part's start is pending's)
            self.pending = b""
            self._extras = self._needed_parts()
            self.first = _Package(self.part)
            self.first.write(self.head)
        if self.second is not None:
            if not _rows_numbered(chunk):
                self._fail()
                return
            self.second.write(chunk)
            return
        assert self.first is not None
        cut = chunk.find(_ROW_END, max(self.middle - offset, 0)) if offset + len(chunk) > self.middle else -1
        if cut < 0:  # (a `</row>` across two pieces is passed: the half ends at the next)
            self.first.write(chunk)
            return
        if any(chunk.find(mark) >= 0 for mark in _UNSAFE):  # the cut may be inside one: read whole
            self._fail()
            return
        cut += len(_ROW_END)
        view = memoryview(chunk)
        self.first.write(view[:cut])
        self.first.write(_CLOSING)
        self.first.close(self.source, self._extras or [])
        if not _rows_numbered(chunk, cut):
            self._fail()
            return
        self.second = _Package(self.part)
        self.second.write(self.head or b"")
        self.second.write(view[cut:])
        self.first_end = offset + cut

    def _finish(self) -> None:
        """The part is fed to its end: the second half is closed."""
        if self.failed:
            return
        if self.second is None:  # no row ends after the middle: one half only, read whole
            self._fail()
            return
        try:
            self.second.close(self.source, self._extras or [])
            self.second_done = True
        except BaseException:  # noqa: BLE001
            self._fail()

    def _fail(self) -> None:
        self.failed = True
        for package in (self.first, self.second):
            if package is not None and not any(r.package is package for r in self.readers):
                package.abandon()

    def _needed_parts(self) -> list[str]:
        """The workbook's parts calamine reads besides the sheet: the workbook and its relationships, the
        styles (which cells are dates) and the shared texts."""
        with zipfile.ZipFile(self.source) as package:
            names = set(package.NameToInfo)
            relations = workbook_relations(package)
        wanted = [name for name in _WORKBOOK_PARTS if name in names]
        return wanted + [name for name in _as_calamine_finds(names, relations, _REL_TYPE_END)
                         if name not in wanted and name != self.part]

    # ---- reading (the main thread starts, calamine reads on two more) ----

    def first_ready(self, scanned_to: int) -> bool:
        """Whether the first half is written and the extent scan has looked at all of it."""
        return not self.failed and self.first_end is not None and scanned_to >= self.first_end

    def begin_first(self) -> None:
        if not self.readers and self.first is not None:
            self.readers.append(_HalfRead(self.first, self.name, whole_from_a1=True))

    def begin_second(self) -> bool:
        """Start reading the second half (and the first, if not begun); False when the sheet is read whole."""
        if self.failed or not self.second_done or self.second is None:
            self.discard()
            return False
        self.begin_first()
        self.readers.append(_HalfRead(self.second, self.name, whole_from_a1=False))
        return True

    def rows(self) -> tuple[list[list[Any]], Any] | None:
        """The sheet's rows from A1 and its merged ranges, as calamine reads the whole sheet; None when a half
        could not be read or the halves overlap (the sheet is then read whole)."""
        for reader in self.readers:
            reader.thread.join()
        if len(self.readers) != 2 or any(r.rows is None for r in self.readers):
            return None
        first, second = self.readers
        rows = combine(first.rows, second.rows, second.start)
        first.rows = second.rows = None
        return None if rows is None else (rows, second.merged)

    def scan_cells(self, scan: SheetScan) -> SheetScan | None:
        """The cells pass of the extent scan (`scan_sheet`, `cells`) over the halves' copies, which hold the
        part's rows stored (not packed again); None when they are not there to read."""
        if len(self.readers) != 2:
            return None
        for reader in self.readers:
            if scan_sheet(reader.package.path, self.part, extent=False, scan=scan) is None:
                return None
        return scan

    def discard(self, wait: bool = False) -> None:
        """The packages are removed (each once its read has ended: Windows keeps an open file). `wait`: until
        then (a read left running could outlive the command, and its copy with it)."""
        self.failed = True
        if wait:
            for reader in self.readers:
                reader.thread.join()
        for package in (self.first, self.second):
            if package is None:
                continue
            reader = next((r for r in self.readers if r.package is package), None)
            if reader is None:
                package.abandon()
            else:
                reader.remove_when_done()


class _HalfRead:
    """calamine reading one half on a thread."""

    def __init__(self, package: _Package, name: str, whole_from_a1: bool) -> None:
        self.package, self.name, self.whole_from_a1 = package, name, whole_from_a1
        self.rows: list[list[Any]] | None = None
        self.start: tuple[int, int] | None = None
        self.merged: Any = None
        self._lock = threading.Lock()
        self._done = self._remove = False
        self.thread = threading.Thread(target=self._run, name="xlkit-read-half", daemon=True)
        self.thread.start()

    def _run(self) -> None:
        try:
            self._read()
        except BaseException:  # noqa: BLE001 - the reader reads the sheet whole and says what is wrong
            self.rows = None
        with self._lock:
            self._done = True
            if self._remove:
                remove(self.package.path)

    def _read(self) -> None:
        from python_calamine import CalamineWorkbook

        with quiet_panics():
            sheet = CalamineWorkbook.from_path(str(self.package.path)).get_sheet_by_name(self.name)
            # the first half from A1, as the reader asks; the second from its first cell (its rows above are
            # the first half's)
            self.rows = sheet.to_python(skip_empty_area=not self.whole_from_a1)
            self.start = sheet.start
            self.merged = sheet.merged_cell_ranges

    def remove_when_done(self) -> None:
        with self._lock:
            if self._done:
                remove(self.package.path)
            else:
                self._remove = True


def combine(first: list[list[Any]], second: list[list[Any]], start: tuple[int, int] | None
            ) -> list[list[Any]] | None:
    """The rows calamine gives for the whole sheet from A1, from the first half's (from A1) and the second's
    (from its first cell at `start`, row and column from 0); None when they overlap."""
    if not second or start is None:
        return first
    top, left = start
    if len(first) > top:  # a cell of one half lies among the other's rows: not two halves of a sheet
        return None
    width = max(len(first[0]) if first else 0, left + len(second[0]))
    if first and len(first[0]) < width:
        more = [""] * (width - len(first[0]))
        for row in first:
            row.extend(more)
    first.extend([""] * width for _ in range(top - len(first)))
    right = width - left - len(second[0])
    if left or right:
        before, after = [""] * left, [""] * right
        second = [[*before, *row, *after] for row in second]
    first.extend(second)
    return first

