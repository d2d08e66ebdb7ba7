"""The ledger sheet read on a second core while Python does the rest (issue 15).

calamine parses a sheet without holding Python's lock (the GIL), so the parse can run on a thread while
the main thread imports pandas and the rules and looks through the sheet's XML for formula errors. Only
the sheet the ledger most likely is (`台账`, the sheet asked for, else the biggest) is read this way, and
only after its extent is known (`xlkit.read.extent`): a sheet reaching far is never handed to calamine.

`start` begins; `take` gives the rows as calamine gives them to `xlkit.read.ledger`, or None, and then the
reader reads the sheet itself as before (any error is raised there, with its message for the clerk). This
module imports nothing heavy, so a command can start the read before it imports the rest.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from xlkit.read.extent import MAX_BLOCK_CELLS, SheetScan, overstated_shared_strings, scan_sheet, sheet_parts
from xlkit.read.halves import Halves, worth_splitting
from xlkit.read.package_errors import PACKAGE_ERRORS
from xlkit.read.panics import quiet_panics

#: the template's sheet name (schema.LEDGER_SHEET; not imported, schema is not light)
_LEDGER_SHEET = "台账"


class _Read:
    """One sheet being read by calamine on a thread. Read whole, the file is opened at once (calamine reads its
    shared texts then, the whole table: in a ledger saved by Excel or WPS every text is there), while the
    extent scan goes on; the sheet only once the scan has found it safe to hand over (`begin`)."""

    def __init__(self, path: Path, name: str, part: str, stamp: tuple[int, int],
                 halves: Halves | None = None) -> None:
        self.path, self.name, self.part, self.stamp = path, name, part, stamp
        self.scan: SheetScan | None = None
        self.rows: list[list[Any]] | None = None
        self.merged: Any = None
        self.halves = halves  # read in two halves on two threads, else whole on one
        #: the workbook's sheet names and their metadata, as calamine opened the file for this read (`opened`
        #: is set once it is known; None when it was not opened so)
        self.sheets: tuple[list[str], Any] | None = None
        self.book: Any = None  # that opening, for the reader's other sheets once this read is done
        self.opened = threading.Event()
        self._decided = threading.Event()
        self._go = False
        self.thread = threading.Thread(target=self._run if halves is None else self._join_halves,
                                       name="xlkit-read", daemon=True)
        self.thread.start()

    def begin(self, scan: SheetScan) -> None:
        """The extent scan found the sheet safe to hand to calamine: it is read."""
        self.scan, self._go = scan, True
        self._decided.set()

    def cancel(self) -> None:
        """The sheet is not read here (the reader reads it cell by cell, or says it cannot)."""
        self._decided.set()

    def _join_halves(self) -> None:
        assert self.halves is not None
        self.opened.set()  # (each half opens a copy: the reader opens the file itself)
        read = self.halves.rows()
        if read is None:  # (the halves overlap, or one could not be read): the sheet whole, as before
            self._run()
        else:
            self.rows, self.merged = read

    def _run(self) -> None:
        try:
            with quiet_panics():
                book = _open(self.path)
                if self.halves is None:
                    self.sheets, self.book = (book.sheet_names, book.sheets_metadata), book
            self.opened.set()
            self._decided.wait()  # (outside quiet_panics: standard error is not held while the scan goes)
            if not self._go:
                return
            with quiet_panics():
                sheet = book.get_sheet_by_name(self.name)
                self.rows = sheet.to_python(skip_empty_area=False)  # as the reader asks: a header at C3 stays there
                self.merged = sheet.merged_cell_ranges
        except BaseException:  # noqa: BLE001 - the reader reads the sheet again and says what is wrong
            self.rows = None
        finally:
            self.opened.set()


_pending: dict[Path, _Read] = {}


def _stamp(path: Path) -> tuple[int, int] | None:
    try:
        status = path.stat()
    except OSError:
        return None
    return status.st_size, status.st_mtime_ns


def start(path: Path, sheet: str | None = None) -> None:
    """Begin reading the likeliest ledger sheet of an .xlsx/.xlsm on a thread (nothing for other files)."""
    path = Path(path)
    if path in _pending or path.suffix.lower() not in (".xlsx", ".xlsm") or path.name.startswith("~$"):
        return
    stamp = _stamp(path)
    if stamp is None or not path.is_file():
        return
    try:
        with path.open("rb") as handle:
            if handle.read(2) != b"PK":
                return
    except OSError:
        return
    parts = sheet_parts(path)
    if not parts or overstated_shared_strings(path):  # (calamine would abort: the reader reads a copy)
        return
    name = sheet if sheet is not None else _LEDGER_SHEET if _LEDGER_SHEET in parts else _biggest(path, parts)
    part = parts.get(name) if name is not None else None
    if part is None:
        return
    halves = _halves(path, name, part)

    def scanned(scan: SheetScan, to: int) -> None:  # the first half is read once the scan has passed it
        if scan.plain and scan.block_cells <= MAX_BLOCK_CELLS and halves.first_ready(to):
            halves.begin_first()

    whole = _Read(path, name, part, stamp) if halves is None else None
    try:
        scan = scan_sheet(path, part, cells=False, tee=halves and halves.feed, scanned=halves and scanned)
    except BaseException:
        if halves is not None:
            halves.discard(wait=True)
        if whole is not None:
            whole.cancel()
        raise
    if scan is None or scan.block_cells > MAX_BLOCK_CELLS:
        if halves is not None:
            halves.discard(wait=True)
        if whole is not None:
            whole.cancel()
        return  # the reader reads it cell by cell (or says it cannot)
    if halves is not None and not (scan.plain and halves.begin_second()):
        halves.discard(wait=True)
        halves = None
    read = whole or _Read(path, name, part, stamp, halves)
    read.begin(scan)
    _pending[path] = read


def _halves(path: Path, name: str, part: str) -> Halves | None:
    """The sheet is read in two halves at once when it is big (`xlkit.read.halves`)."""
    import zipfile
    from xml.etree import ElementTree

    try:
        with zipfile.ZipFile(path) as package:
            size = worth_splitting(package, part)
    except (*PACKAGE_ERRORS, KeyError, ElementTree.ParseError):
        return None
    return Halves(path, name, part, size) if size is not None else None


def _biggest(path: Path, parts: dict[str, str]) -> str | None:
    import zipfile

    try:
        with zipfile.ZipFile(path) as package:
            sizes = {name: package.getinfo(part).file_size for name, part in parts.items()
                     if part in package.NameToInfo}
    except PACKAGE_ERRORS:
        return None
    return max(sizes, key=sizes.__getitem__, default=None)


def take(path: Path, name: str, part: str) -> tuple[SheetScan, list[list[Any]], Any] | None:
    """The scan (extent and cells), rows and merged ranges of `name`, if it was started for this file as it
    is now; None otherwise. While calamine reads, this thread scans the sheet's cells."""
    read = _pending.get(Path(path))
    if read is None or read.name != name or read.part != part:
        return None
    del _pending[Path(path)]
    if _stamp(read.path) != read.stamp:  # the file changed since: read it again
        _drop(read)
        read.thread.join()
        return None
    try:
        # (the halves' copies, when it was read so: the same rows, stored, not inflated again)
        scan = read.halves.scan_cells(read.scan) if read.halves is not None else None
        if scan is None:
            scan = scan_sheet(read.path, part, extent=False, scan=read.scan)
        read.thread.join()
    finally:
        if read.halves is not None:
            read.halves.discard()
    if scan is None or read.rows is None:
        return None
    return scan, read.rows, read.merged


def opened_book(path: Path):
    """The workbook as the read begun for this file (as it is now) opened it, without opening it again: its
    sheet names and metadata, and its sheets read when asked (`get_sheet_by_name` opens the file then). calamine
    reads a package's whole table of shared texts when it opens one — in a ledger saved by Excel or WPS every
    text is there (0.7 s of 100,000 rows): read once, on the read's thread, not again on this one. None when no
    read was begun for the file, or it did not open it."""
    read = _pending.get(Path(path))
    if read is None or _stamp(read.path) != read.stamp:
        return None
    read.opened.wait()
    return None if read.sheets is None else _Book(read)


class _Book:
    """A workbook whose sheet names are known and whose sheets are read when asked (`opened_book`): with the
    read's own opening once its thread is done (the 字典 and 设置 after the ledger sheet), else with another."""

    def __init__(self, read: _Read) -> None:
        self._read = read
        self.sheet_names, self.sheets_metadata = read.sheets or ([], None)
        self._book: Any = None

    def get_sheet_by_name(self, name: str):
        if self._book is None:  # (one workbook is not read on two threads at once)
            done = not self._read.thread.is_alive() and self._read.book is not None
            self._book = self._read.book if done else _open(self._read.path)
        return self._book.get_sheet_by_name(name)


def _open(path: Path):
    """calamine's workbook for the file (its whole table of shared texts read then)."""
    from python_calamine import CalamineWorkbook

    return CalamineWorkbook.from_path(str(path))


def forget(path: Path) -> None:
    """Drop a read that was started but not taken (another sheet was the ledger)."""
    _drop(_pending.pop(Path(path), None))


def forget_all() -> None:
    """Drop every read not taken: a command ends (it may have stopped before reading its ledger)."""
    while _pending:
        _drop(_pending.popitem()[1])


def _drop(read: _Read | None) -> None:
    if read is not None and read.halves is not None:  # its copies in the temp folder are removed once read
        read.thread.join()
        read.halves.discard()
