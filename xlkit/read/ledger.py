"""Reading real-world ledgers: `.xlsx`, `.xlsm`, `.xls`, with the mess offices really make.

python-calamine reads the cells (fast, and it reads `.xls` too); everything after that is plain
Python over columns. Each value keeps its place: `ledger.address(field, row)` → `H5`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import decimal
import errno
import functools
import gc
import io
import itertools
import math
import operator
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np
import pandas as pd

from xlkit.errors import XlkitError
from xlkit.findings import Finding
from xlkit.read import headers as hd
from xlkit.read import prefetch
from xlkit.read.codes import READER
from xlkit.read.combined import combined_fields
from xlkit.read.dates import PLAUSIBLE_DATES, lacks_year, parse_date, parse_dates, why_not_a_date
from xlkit.read.extent import column_letter
from xlkit.read.import_notes import read_import_notes
from xlkit.read.mapping import Mapping, find_mapping
from xlkit.read.numbers import parse_count
from xlkit.read.panics import calamine_failed, failure_name, quiet_panics
from xlkit.read.tables import TotalsRows
from xlkit.read.text import (
    CONTROL,
    CONTROL_BUT_DEL,
    canonical_identity,
    control_names,
    has_odd,
    odd_characters,
)
from xlkit.schema import (
    BY_FIELD,
    CHANNEL_WORDS,
    COLUMNS,
    DICTIONARIES,
    DICTIONARY_SHEET,
    FIELD_VALUE_SYNONYMS,
    HOLIDAY_BLOCK_TITLE,
    HOLIDAY_KINDS,
    IMPORT_NOTES_SHEET,
    LEDGER_SHEET,
    MAPPING_SHEET,
    MAPPING_SKIP,
    SETTINGS,
    SETTINGS_BY_LABEL,
    SETTINGS_SHEET,
    TOOL_SHEETS,
    TOWNSHIP_EXTRA_HEADERS,
    TOWNSHIPS,
    TYPE_WORDS,
    VALUE_SYNONYMS,
    Column,
    Kind,
    Settings,
    Township,
    normalize_header,
)

__all__ = ["PLAUSIBLE_DATES", "Ledger", "LedgerError", "parse_date", "read_ledger", "ledger_from_rows"]

HEADER_SCAN_ROWS = 30
#: how far down a header is looked for when none is in the first HEADER_SCAN_ROWS rows
HEADER_DEEP_ROWS = 200
NOTE_PREFIXES = ("注", "说明", "备注", "填表", "制表", "审核人", "合计", "小计", "附", "统计")
#: A template's sample row under the header: `（示例）2019-000`, `例：张三`, `填写示例` (never `例行检查`).
_EXAMPLE = re.compile(r"^[(\[【<]?\s*(?:填写|填表)?(?:示例|样例|范例|例子|例)\s*(?:[)\]】>:]|$)")
#: Fields that only a sheet of cases has: a 统计/汇总 sheet counts cases by 股室 or 形式, it names none of them.
_CASE_FIELDS = frozenset({"petitioner", "demand", "registered_on", "accepted_on", "id_number", "phone", "address"})


class LedgerError(XlkitError):
    """A ledger that cannot be read; the message is for the clerk (Chinese, names the file and what to do)."""


@dataclass
class Ledger:
    path: Path
    sheet: str
    header_row: int  # the sheet's row number of the header (1-based)
    positions: dict[str, int]  # field → 0-based column index in the sheet
    frame: pd.DataFrame  # one row per case, index = the sheet's row number, a column for every schema field
    dictionaries: dict[str, tuple[str, ...]] = field(default_factory=lambda: dict(DICTIONARIES))
    townships: tuple[Township, ...] = TOWNSHIPS
    settings: Settings = field(default_factory=Settings)
    findings: list[Finding] = field(default_factory=list)  # what reading itself noticed
    unknown_headers: dict[str, str] = field(default_factory=dict)  # A1 cell → header text not in the schema
    columns: list[hd.ColumnInfo] = field(default_factory=list)  # every header cell and how it was understood
    #: the workbook's other sheets that could hold cases, with how many headers xlkit knew there (None: not looked at)
    other_sheets: list[tuple[str, int | None]] = field(default_factory=list)
    #: the other sheets with this sheet's very header (a ledger kept a sheet a month): merge and the meeting
    #: workbooks read them too (`xlkit.analysis.merge.merge_files`), R037 says so
    same_sheets: list[str] = field(default_factory=list)
    mapping: Mapping | None = None  # the office's 表头对照, when one was used
    own_dictionaries: bool = False  # the ledger has its own 字典 sheet (else the built-in lists are advice)
    cells: list[list[Any]] = field(default_factory=list, repr=False)  # the sheet's values from A1

    @property
    def present(self) -> frozenset[str]:
        """The fields whose column exists in this ledger."""
        return frozenset(self.positions)

    def has(self, field_name: str) -> bool:
        return field_name in self.positions

    def unreadable_cells(self) -> frozenset[str]:
        """Cells of the ledger sheet whose content the reader reported and read as empty."""
        return frozenset(f.cell for f in self.findings if f.code in UNREADABLE_CODES and f.sheet == self.sheet)

    def address(self, field_name: str, row: int) -> str:
        """The bare A1 address of a field in a row (`H5`); the header's column when absent."""
        return f"{self.column_of(field_name)}{row}"

    def column_of(self, field_name: str) -> str:
        """The sheet column letter of a field (`H`); the first column when absent."""
        return column_letter(self.positions.get(field_name, 0))

    def case_name(self, row: int) -> str:
        """How a case is named: its 案件编号, or “第12行” in a ledger without one."""
        value = self.frame.at[row, "case_id"] if row in self.frame.index else None
        return str(value) if value else f"第{row}行"

    def header_address(self, field_name: str) -> str:
        return self.address(field_name, self.header_row)

    def __len__(self) -> int:
        return len(self.frame)

    def case_ids(self) -> pd.Series:
        return self.frame["case_id"]

    def records(self, rows: Iterable[int] | None = None) -> Iterator[tuple[int, dict[str, Any]]]:
        """(row, {field: python value or None}) for each case, in sheet order; or only for `rows` (sheet row
        numbers of cases, in their order), converting no other row."""
        frame = self.frame if rows is None else self.frame.loc[list(dict.fromkeys(rows))]
        fields = list(frame.columns)
        columns = [_python_values(frame[f]) for f in fields]
        for i, row in enumerate(frame.index):
            yield int(row), {f: col[i] for f, col in zip(fields, columns, strict=True)}


def _python_values(series: pd.Series) -> list[Any]:
    if pd.api.types.is_datetime64_any_dtype(series):
        return [None if pd.isna(v) else v.date() for v in series]
    return [None if v is None or v is pd.NA or (isinstance(v, float) and v != v) else v for v in series.tolist()]


# ---------------------------------------------------------------------------
# Opening the file


def read_ledger(path: str | Path, sheet: str | None = None) -> Ledger:
    """Read a ledger file; raise LedgerError with a message for the clerk when it cannot be read."""
    path = Path(path)
    prefetch.start(path, sheet)  # (a command door may have started it already, before its imports)
    try:
        with _no_cycle_collection():
            return _read_ledger(path, sheet)
    finally:
        prefetch.forget(path)


@contextlib.contextmanager
def _no_cycle_collection():
    """Python's cycle collector paused while a sheet becomes millions of lists, tuples and strings (none of
    them in a cycle): its passes over every live object cost 7% of reading 100,000 rows (issue 15). Objects
    are freed as always when the last reference goes; the collector is on again afterwards."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


class _NeedsCopy(Exception):
    """The package holds UTF-16 XML parts, which calamine reads as empty or not at all, or is Strict Open XML
    where openpyxl must read it, or its shared-string table overstates its count (calamine aborts): a converted
    copy is read instead (`xlkit.read.utf16`)."""


class _NeedsRepair(Exception):
    """calamine refused a sheet (or the shared strings) of a package for some damaged cells: a copy with them
    rewritten is read instead (`xlkit.read.repair`); args[0] is the message for when nothing can be repaired."""


def _read_ledger(path: Path, sheet: str | None) -> Ledger:
    try:
        ledger = _read_text(path, sheet) if _is_text_ledger(path) else _read_package(path, sheet, path)
    except _NeedsCopy:
        from xlkit.read.utf16 import PackageTooBig, utf8_copy

        try:
            with utf8_copy(path) as copy:
                ledger = _read_package(path, sheet, copy)
        except PackageTooBig as error:
            raise LedgerError(
                f"“{path.name}”解压后超过 2 GB（在“{error.args[0]}”处超出），远超一本台账，无法读取。文件可能已损坏，"
                "或里面夹带了与台账无关的大文件。请用 Excel/WPS 打开，“另存为”Excel 工作簿（.xlsx）后再试。") from None
        except OSError as error:  # the temporary copy could not be written (a full disk)
            if error.errno not in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
                raise
            raise LedgerError(
                f"读取“{path.name}”需要在临时文件夹写一份转换后的副本，但写入失败（{error.strerror or error}）。"
                "请清理磁盘空间后再试，或用 Excel/WPS 打开后“另存为”Excel 工作簿（.xlsx）再运行。") from None
    lock = open_elsewhere(path)
    if lock is not None:
        ledger.findings.insert(0, READER["R036"].finding(
            f"“{path.name}”正在 Excel、WPS 或 LibreOffice 中打开（旁边有临时锁定文件“{lock.name}”），"
            "读取的是最后一次保存的内容。", None, ledger.sheet))
    return ledger


def _is_text_ledger(path: Path) -> bool:
    """A .csv/.tsv that really is text (an .xlsx renamed .csv is read as the workbook it is)."""
    from xlkit.read.csvfile import SUFFIXES

    if path.suffix.lower() not in SUFFIXES or not path.is_file():
        return False
    try:
        with path.open("rb") as handle:
            head = handle.read(8)
    except OSError:
        return False
    return bool(head) and not head.startswith((b"PK", b"\xd0\xcf\x11\xe0"))


def _read_text(path: Path, sheet: str | None) -> Ledger:
    """A ledger exported as text (`xlkit.read.csvfile`): one sheet, every cell the text it is."""
    from xlkit.read.csvfile import TextLedgerError, read_text_rows

    if path.name.startswith("~$"):
        raise LedgerError(f"“{path.name}”是 Excel 打开文件时留下的临时锁定文件，不是台账。请选择台账文件本身。")
    try:
        text = read_text_rows(path)
    except TextLedgerError as error:
        raise LedgerError(str(error)) from None
    name, rows = text.name, text.rows
    if sheet is not None and sheet != name:
        raise LedgerError(f"“{path.name}”是文本文件，只有一张表“{name}”，没有名为“{sheet}”的工作表。请去掉 --sheet 再运行。")
    ledger = ledger_from_rows(path, name, rows, mapping=find_mapping(path, lambda _name: [], []))
    _report_swallowed_lines(ledger, rows, text.swallowed)
    if text.utf8_lines:
        lines = text.utf8_lines
        where = f"第 {lines[0] + 1} 行" + (f"起有 {len(lines)} 行" if len(lines) > 1 else "")
        ledger.findings.insert(0, READER["R047"].finding(
            f"“{path.name}”的{where}是 UTF-8 编码，其余是 GBK 编码（可能是两个导出文件拼在了一起，或用另一个程序"
            "添加了几行），已逐行按各自的编码读取。", "请核对这些行的文字；用 Excel/WPS 打开后“另存为”Excel 工作簿"
            "（*.xlsx），以后就不会再混用编码。", name, "", lines[0] + 1))
    return ledger


def _report_swallowed_lines(ledger: Ledger, rows: list[list[Any]],
                            swallowed: list[tuple[int, int, list[str]]]) -> None:
    """R047 at each cell of a text ledger that took in the lines after it (a quote not closed): the cases
    written there are not read as cases, as Excel would not read them; said, never lost without a word."""
    headers = {index: BY_FIELD[name].header for name, index in ledger.positions.items()}
    for r, c, lines in swallowed:
        cell = f"{column_letter(c)}{r + 1}"
        case = ledger.frame.at[r + 1, "case_id"] if r + 1 in ledger.frame.index else None
        ledger.findings.append(READER["R047"].finding(
            f"单元格 {cell}{f'（“{headers[c]}”）' if c in headers else ''}以引号开头，引号没有成对，后面 {len(lines)} 行"
            f"像是另外的案件（第一行：“{_short_text(lines[0])}”），都读进了这一格，没有作为案件读取。",
            "请用记事本打开这个文件，找到这一格开头的引号：删去多余的引号（或在这一格结束处补上引号），保存后再运行。",
            ledger.sheet, cell, r + 1, headers.get(c, ""), None if case is None or case != case else str(case),
            _short_text(rows[r][c])))


def open_elsewhere(path: Path) -> Path | None:
    """The lock file a spreadsheet program keeps beside a workbook it has open (Excel and WPS: `~$name`;
    LibreOffice: `.~lock.name#`), if there is one. (A lock left behind by a crash looks the same.)"""
    for name in (f"~${path.name}", f".~lock.{path.name}#"):
        lock = path.with_name(name)
        try:
            if lock.is_file():
                return lock
        except OSError:
            continue
    return None


def _read_package(path: Path, sheet: str | None, source: Path) -> Ledger:
    """Read `source` (the file, or its UTF-8 copy); one whose damaged cells calamine refuses, from a copy with
    them rewritten, each reported at its cell (R046/R047)."""
    try:
        return _read_source(path, sheet, source)
    except _NeedsRepair as refused:
        from xlkit.read.repair import NotRepairable, repaired_copy

        try:
            with repaired_copy(source) as (copy, repair):
                return _read_source(path, sheet, copy, repair)
        except NotRepairable:
            raise LedgerError(refused.args[0]) from None
        except _NeedsRepair:  # the copy is refused too: the damage is of another kind
            raise LedgerError(refused.args[0]) from None
        except OSError as error:  # the temporary copy could not be written (a full disk)
            if error.errno not in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
                raise
            raise LedgerError(
                f"“{path.name}”里有损坏的单元格，读取它需要在临时文件夹写一份修复后的副本，但写入失败"
                f"（{error.strerror or error}）。请清理磁盘空间后再试，或用 Excel/WPS 打开后“另存为”Excel 工作簿（.xlsx）"
                "再运行。") from None


def _read_source(path: Path, sheet: str | None, source: Path, repair=None) -> Ledger:
    """Read the ledger `path` names from the file `source` (itself, or its UTF-8 or repaired copy; `repair`
    says what the repaired copy rewrote)."""
    trimmed: dict[str, Any] = {}  # an .xls sheet cut to its table → what was outside (xlkit.read.xls_extent)
    errors: dict[str, dict[tuple[int, int], str]] = {}  # an .xls sheet → its error cells (xlkit.read.xls_extent)
    flags: set[str] = set()  # "date1904" for an .xls in the 1904 date system
    book = open_workbook(path, trimmed, errors, source, flags, repairable=repair is None)
    workbook = _Sheets(path, book, trimmed, errors, source, repair)
    names = workbook.sheet_names
    mapping = find_mapping(path, workbook.rows, names)
    sheet_name, rows, others = _pick_ledger_sheet(path, workbook, names, sheet, mapping)
    settings_rows = workbook.rows(SETTINGS_SHEET) if SETTINGS_SHEET in names else None
    ledger = ledger_from_rows(
        path, sheet_name, rows,
        workbook.rows(DICTIONARY_SHEET) if DICTIONARY_SHEET in names else None,
        settings_rows,
        merged_below=workbook.merged_below.get(sheet_name),
        mapping=mapping,
        import_rows=workbook.rows(IMPORT_NOTES_SHEET) if IMPORT_NOTES_SHEET in names else None,
        date1904="date1904" in flags or workbook.date1904,
        table_totals=workbook.table_totals(sheet_name),
    )
    ledger.findings[:0] = workbook.notes
    part = (workbook.parts or {}).get(sheet_name)
    if part:
        _show_number_formats(ledger, workbook.source, part, rows)
    ledger.other_sheets = others
    ledger.same_sheets = workbook.same_sheets
    _report_formulas(ledger, workbook.scans.get(sheet_name))
    if settings_rows is not None:
        _report_setting_formulas(ledger, settings_rows, workbook.scans.get(SETTINGS_SHEET))
    if repair is not None or workbook.misfiled:
        _report_damaged(ledger, workbook, repair)
    return ledger


#: damaged cells reported one by one on a sheet; the rest are counted in one more finding
_LISTED_DAMAGED = 50


def _report_damaged(ledger: Ledger, workbook: _Sheets, repair) -> None:
    """R046 (read as empty) / R047 (read as recovered) for each cell the repaired copy rewrote, or whose text
    was put back (`_Sheets.misfiled`), on the sheets read; in the ledger's columns with its header and case."""
    by_part = {part: name for name, part in (workbook.parts or {}).items()}
    by_column = {position + 1: field_name for field_name, position in ledger.positions.items()}
    data_rows = set(ledger.frame.index)
    case_ids = ledger.frame["case_id"]
    by_sheet: dict[str, list] = {}
    for part, cells in (repair.cells.items() if repair is not None else ()):
        name = by_part.get(part)
        if name is not None and name in workbook.scans:
            by_sheet.setdefault(name, []).extend(cells)
    for name, cells in workbook.misfiled.items():
        by_sheet.setdefault(name, []).extend(cells)
    for name, cells in by_sheet.items():
        if not cells:
            continue
        for damaged in cells[:_LISTED_DAMAGED]:
            cell = f"{column_letter(damaged.column - 1)}{damaged.row}"
            header, case_id = "", None
            if name == ledger.sheet and damaged.column in by_column:
                header = BY_FIELD[by_column[damaged.column]].header
                if damaged.row in data_rows:
                    found = case_ids.get(damaged.row)
                    case_id = None if found is None or found != found else str(found)
            what = f"单元格 {cell}" + (f"（“{header}”）" if header else " ")
            if damaged.error is not None:  # as `_report_formulas` says it of the errors calamine knows
                ledger.findings.append(READER["R024"].finding(
                    f"{what}的公式出错：{damaged.error}，按未填写处理。", None, name, cell, damaged.row, header,
                    case_id, damaged.error))
            elif damaged.lost:
                ledger.findings.append(READER["R046"].finding(
                    f"{what}在文件里已损坏（{damaged.reason}），无法读取，按未填写处理。", None, name, cell,
                    damaged.row, header, case_id))
            else:
                read_as = f"按能读出的内容“{damaged.text}”读取" if damaged.text else "已按能读出的内容读取"
                ledger.findings.append(READER["R047"].finding(
                    f"{what}在文件里已损坏（{damaged.reason}），{read_as}，请核对。", None, name, cell, damaged.row,
                    header, case_id, damaged.text or None))
        if len(cells) > _LISTED_DAMAGED:
            ledger.findings.append(READER["R046"].finding(
                f"工作表“{name}”另有 {len(cells) - _LISTED_DAMAGED} 个单元格在文件里已损坏（上面只列出了前"
                f" {_LISTED_DAMAGED} 个），已按能读出的内容或未填写处理。",
                "文件损坏较多：请用 Excel/WPS 打开（提示修复时选“是”），核对后“另存为”新的 .xlsx 文件再运行。", name))


def _show_number_formats(ledger: Ledger, source: Path, part: str, rows: list[list[Any]]) -> None:
    """An identity column's numbers as their custom number format shows them (`"2019-"000`: 1 is 2019-001,
    `xlkit.read.numfmt`): the clerk types, sees and quotes that text."""
    from xlkit.read.numfmt import style_renderers, styled_numbers

    identity = {c: f for f, c in ledger.positions.items() if BY_FIELD[f].identity}
    if not identity:
        return
    renderers = style_renderers(source)
    if not renderers:
        return
    numeric = {c for c in identity if any(_whole_number(_at(rows[r - 1], c)) is not None for r in ledger.frame.index)}
    kept = set(ledger.frame.index.tolist())
    shown: dict[str, tuple[list[int], list[str]]] = {}
    for (row, column), style in styled_numbers(source, part, renderers, numeric).items():
        number = _whole_number(_at(rows[row], column)) if row < len(rows) else None
        if number is not None and row + 1 in kept:
            places, texts = shown.setdefault(identity[column], ([], []))
            places.append(row + 1)
            texts.append(renderers[style](number))
    for name, (places, texts) in shown.items():  # a column at a time (frame.at a cell at a time: 1 s a 100,000)
        ledger.frame.loc[places, name] = texts


def _whole_number(value: Any) -> int | None:
    if value.__class__ is int:
        return value if 0 <= value < 10**15 else None
    if value.__class__ is float and value.is_integer() and 0 <= value < 1e15:
        return int(value)
    return None


#: the reader's codes for a cell it could not read, and read as empty
UNREADABLE_CODES = frozenset({"R001", "R002", "R022", "R024", "R025", "R035", "R046"})


def _report_formulas(ledger: Ledger, scan) -> None:
    """Formula errors and formulas without a result in the ledger's columns: calamine reads both as empty."""
    if scan is None or not (scan.errors or scan.uncached):
        return
    by_column = {position + 1: field_name for field_name, position in ledger.positions.items()}
    data_rows = set(ledger.frame.index)
    case_ids = ledger.frame["case_id"]
    found = [(cell, scan.errors.get(cell)) for cell in {*scan.errors, *scan.uncached}
             if cell[1] in by_column and cell[0] in data_rows]
    for (row, column), error in sorted(found):
        field_name = by_column[column]
        header = BY_FIELD[field_name].header
        case_id = case_ids.get(row)
        case_id = None if case_id is None or case_id != case_id else str(case_id)
        cell = f"{column_letter(column - 1)}{row}"
        if error is not None:
            ledger.findings.append(READER["R024"].finding(
                f"“{header}”的公式出错：{error}，按未填写处理。", None, ledger.sheet, cell, row, header, case_id, error))
        else:
            ledger.findings.append(READER["R025"].finding(
                f"“{header}”是公式，但文件里没有它的计算结果，按未填写处理。", None, ledger.sheet, cell, row, header,
                case_id))


def _report_setting_formulas(ledger: Ledger, rows: list[list[Any]], scan) -> None:
    """A 设置 value that is a formula with an error or without a result: calamine reads it as empty, so the
    default applies — said at its cell (R024/R025), never silently."""
    if scan is None or not (scan.errors or scan.uncached):
        return
    for (row, column) in sorted({*scan.errors, *scan.uncached}):
        if column != 2 or row > len(rows):
            continue
        setting = SETTINGS_BY_LABEL.get(normalize_header(_at(rows[row - 1], 0)))
        if setting is None:
            continue
        default = f"“{setting.default}”" if setting.default != "" else "（空）"
        error = scan.errors.get((row, column))
        what = f"的公式出错：{error}" if error is not None else "是公式，但文件里没有它的计算结果"
        ledger.findings.append(READER["R024" if error is not None else "R025"].finding(
            f"设置“{setting.label}”{what}，已按默认值{default}处理。", None, SETTINGS_SHEET, f"B{row}", row,
            setting.label, None, error))


class _Sheets:
    """The workbook's sheets as rows from A1, each read within a memory bound (`xlkit.read.extent`)."""

    def __init__(self, path: Path, workbook, trimmed: dict[str, Any] | None = None,
                 xls_errors: dict[str, dict[tuple[int, int], str]] | None = None, source: Path | None = None,
                 repair=None) -> None:
        from xlkit.read.extent import sheet_parts, uses_1904_dates

        self.path = path  # named in messages
        self.source = source = source or path  # read (a UTF-8 copy of a UTF-16 package, else the file itself)
        self.workbook = workbook
        self.trimmed = trimmed or {}
        self.xls_errors = xls_errors or {}
        self.sheet_names = workbook.sheet_names
        from python_calamine import SheetVisibleEnum

        self.hidden = {m.name for m in workbook.sheets_metadata if m.visible != SheetVisibleEnum.Visible}
        # by content, not name: an .xlsx renamed to .xls is a package too, and its extent must be known
        self.parts = sheet_parts(source)
        self.date1904 = bool(self.parts) and uses_1904_dates(source)
        self.notes: list[Finding] = []
        self.scans: dict[str, Any] = {}
        self.merged_below: dict[str, dict[int, set[int]]] = {}  # sheet → row index → columns merged from above
        self.same_sheets: list[str] = []  # other sheets with the ledger sheet's very header (one a month)
        self.repair = repair  # what the repaired copy read here rewrote (xlkit.read.repair), else None
        self.misfiled: dict[str, list[Any]] = {}  # sheet → cells whose misfiled text was put back (DamagedCell)

    def rows(self, name: str) -> list[list[Any]]:
        from xlkit.read.extent import MAX_BLOCK_CELLS, scan_sheet

        part = (self.parts or {}).get(name)
        read = prefetch.take(self.path, name, part) if part and self.source is self.path else None
        if read is not None:  # read on a thread while this one scanned its cells (xlkit.read.prefetch)
            scan, rows, merged = read
            if not rows:
                self._utf16_check()
            self.scans[name] = scan
            self._refuse_odd_shared(name, scan)
            self._put_back_misfiled(name, rows, scan)
            self.merged_below[name] = _fill_merged(rows, merged)
            return rows
        scan = scan_sheet(self.source, part) if part else self._xls_scan(name)
        self.scans[name] = scan
        self._refuse_odd_shared(name, scan)
        if scan is None or scan.block_cells <= MAX_BLOCK_CELLS:
            try:
                with quiet_panics():
                    sheet = self.workbook.get_sheet_by_name(name)
                    rows = sheet.to_python(skip_empty_area=False)  # a header at C3 stays at row 3, column C
                    merged = sheet.merged_cell_ranges
            except BaseException as error:  # a damaged part (corrupt deflate stream, broken XML), or a panic
                if not calamine_failed(error):
                    raise
                self._utf16_check()
                if part and self.repair is None:  # perhaps a few damaged cells: read a copy with them rewritten
                    raise _NeedsRepair(self._damaged(name, error)) from None
                raise LedgerError(self._damaged(name, error)) from None
            if not rows and part:
                self._utf16_check()
            self._put_back_misfiled(name, rows, scan)
            self.merged_below[name] = _fill_merged(rows, merged)
            cut = self.trimmed.pop(name, None)
            if cut is not None:  # an .xls sheet whose far cells were taken out before calamine opened it
                self._outside_notes(name, cut.outside, cut.outside_count, cut.width, cut.last_row)
            return rows
        return self._sparse_rows(name, scan)

    def _refuse_odd_shared(self, name: str, scan) -> None:
        """A shared text's index written otherwise than as digits (`<v> 16 </v>`) is read by calamine as the first
        shared text — another cell's words, without a word: the package is read from a repaired copy instead,
        where each such index is written plainly or, when it names no text, the cell is said lost (R047/R046)."""
        if scan is not None and scan.odd_shared and self.repair is None:
            first = min(scan.odd_shared)
            raise _NeedsRepair(
                f"“{self.path.name}”的工作表“{name}”单元格 {column_letter(first[1] - 1)}{first[0]} 引用共享文字的"
                "编号写法有误，无法可靠读取。文件可能已损坏，请用 Excel/WPS 打开确认，并另存为 .xlsx 后再试。")

    def _put_back_misfiled(self, name: str, rows: list[list[Any]], scan) -> None:
        """A text written where a number's value goes (`<c t="inlineStr"><v>张三</v></c>`) or as CDATA
        (`SheetScan.misfiled`) is read as empty by calamine and openpyxl: it is put in its cell and named (R047)."""
        if scan is None or not scan.misfiled:
            return
        from xlkit.read.repair import DamagedCell

        put: list[Any] = []
        for (row, column), (text, reason) in sorted(scan.misfiled.items()):
            if row > len(rows) and text:
                rows.extend([] for _ in range(row - len(rows)))
            if row > len(rows):
                continue
            cells = rows[row - 1]
            if len(cells) < column:
                if not text:
                    continue
                cells.extend([""] * (column - len(cells)))
            if cells[column - 1] not in ("", None) or not text:
                continue
            cells[column - 1] = text
            put.append(DamagedCell(row, column, text[:20], reason, text, lost=False))
        if put:
            self.misfiled[name] = put

    def table_totals(self, name: str) -> list[TotalsRows]:
        """The totals rows of the Excel tables on a sheet of an .xlsx/.xlsm (none for other files)."""
        from xlkit.read.tables import totals_rows

        part = (self.parts or {}).get(name)
        return totals_rows(self.source, part) if part else []

    def _utf16_check(self) -> None:
        """A sheet read as empty or not at all may be UTF-16 XML, which calamine cannot read: read a copy."""
        from xlkit.read.utf16 import has_utf16_parts

        if self.parts and self.source is self.path and has_utf16_parts(self.path):
            raise _NeedsCopy

    def _damaged(self, name: str, error: BaseException) -> str:
        return (f"“{self.path.name}”的工作表“{name}”无法读取（{failure_name(error)}）。文件可能已损坏，"
                "请用 Excel/WPS 打开确认，并另存为 .xlsx 后再试。")

    def _xls_scan(self, name: str):
        """An .xls sheet's error cells, found in its records before calamine opened it (calamine reads them as
        empty), in the shape the .xlsx scan gives; None for a sheet without any."""
        errors = self.xls_errors.get(name)
        if not errors:
            return None
        from xlkit.read.extent import SheetScan

        return SheetScan(errors=errors)

    def _sparse_rows(self, name: str, scan) -> list[list[Any]]:
        from xlkit.read.extent import MAX_BLOCK_CELLS
        from xlkit.read.sparse import SheetTooBig, read_sparse

        try:
            sheet = read_sparse(self.source, name, HEADER_SCAN_ROWS, MAX_BLOCK_CELLS)
        except SheetTooBig as error:
            raise LedgerError(str(error)) from None
        except Exception as error:  # openpyxl raises many types for a damaged package
            from xlkit.read.utf16 import is_strict

            if self.source is self.path and is_strict(self.path):  # openpyxl knows no Strict Open XML
                raise _NeedsCopy from None
            if self.repair is None:
                raise _NeedsRepair(self._damaged(name, error)) from None
            raise LedgerError(self._damaged(name, error)) from None
        self._put_back_misfiled(name, sheet.rows, scan)
        self.merged_below[name] = _fill_merged(sheet.rows, scan.merges)
        width = max((len(r) for r in sheet.rows), default=0)
        self._outside_notes(name, sheet.outside, sheet.outside_count, width, sheet.last_row)
        return sheet.rows

    def _outside_notes(self, name: str, outside: list[tuple[int, int, Any]], count: int, width: int,
                       last_row: int) -> None:
        """R020 for each value left out far outside the table (the first few), and one for the rest."""
        last = f"{column_letter(max(width - 1, 0))}{max(last_row, 1)}"
        for row, column, value in outside:
            cell = f"{column_letter(column - 1)}{row}"
            self.notes.append(READER["R020"].finding(
                f"单元格 {cell} 远在表格（A1:{last}）之外，内容“{_display(value)}”未读取。",
                "如果这是台账内容，请移到表格里；否则请清除它（在 Excel 中按 Ctrl+End 可找到最后一格），"
                "Excel 和 xlkit 都会把它当作表格的一部分而变慢。",
                name, cell, row, "", None, _display(value)))
        hidden = count - len(outside)
        if hidden > 0:
            self.notes.append(READER["R020"].finding(
                f"表格（A1:{last}）之外另有 {hidden} 个单元格有内容，未读取（上面只列出了前"
                f" {len(outside)} 个）。", "请检查表格下方和右侧，把台账内容移到表格里，其余清除。", name))


def _fill_merged(rows: list[list[Any]], ranges) -> dict[int, set[int]]:
    """A merged cell's value belongs to every cell it covers (a 登记人 merged over three cases, a header
    merged over two header rows); calamine gives it to the top-left cell only.

    Returns, for each row below a merge's top, the columns whose value came from above (0-based).
    """
    below: dict[int, set[int]] = {}
    for (top, left), (bottom, right) in ranges or ():
        if top >= len(rows) or left >= len(rows[top]):
            continue
        value = rows[top][left]
        for r in range(top, min(bottom, len(rows) - 1) + 1):
            row = rows[r]
            for c in range(left, min(right, len(row) - 1) + 1):
                if row[c] in ("", None):
                    row[c] = value
                if r > top:
                    below.setdefault(r, set()).add(c)
    return below


def ledger_from_rows(path: str | Path, sheet_name: str, rows: list[list[Any]],
                     dictionary_rows: list[list[Any]] | None = None,
                     settings_rows: list[list[Any]] | None = None,
                     merged_below: dict[int, set[int]] | None = None,
                     mapping: Mapping | None = None,
                     import_rows: list[list[Any]] | None = None,
                     date1904: bool = False,
                     cell_errors: dict[tuple[int, int], str] | None = None,
                     settings_errors: dict[tuple[int, int], str] | None = None,
                     table_totals: Sequence[TotalsRows] = ()) -> Ledger:
    """A Ledger from cell values already in memory (e.g. a live Excel book's, for the buttons).

    Each rows list starts at cell A1 of its sheet, so addresses stay true; values are what Excel or
    calamine give (str, float, int, bool, datetime, None). `path` names the workbook in messages.
    `mapping` is the office's 表头对照; `import_rows` the 导入说明 sheet `xlkit import` wrote; `date1904`:
    the workbook counts date serials from 1904 (a plain number in a date column is such a serial).
    `cell_errors` / `settings_errors`: (row, column) 1-based → the error value ("#N/A") of the cells of the
    ledger sheet / 设置 that the rows hold as None; each is reported at its cell (R024), as for a file.
    `table_totals`: the totals rows of the sheet's Excel tables (`xlkit.read.tables`), never cases.
    """
    with _no_cycle_collection():
        ledger = _ledger_from_rows(Path(path), sheet_name, rows, dictionary_rows, settings_rows, merged_below,
                                   mapping, import_rows, date1904, table_totals)
    if cell_errors or settings_errors:
        from xlkit.read.extent import SheetScan

        if cell_errors:
            _report_formulas(ledger, SheetScan(errors=cell_errors))
        if settings_errors and settings_rows is not None:
            _report_setting_formulas(ledger, settings_rows, SheetScan(errors=settings_errors))
    return ledger


def _ledger_from_rows(path: Path, sheet_name, rows, dictionary_rows, settings_rows, merged_below, mapping,
                      import_rows, date1904=False, table_totals: Sequence[TotalsRows] = ()) -> Ledger:
    header_index, positions, infos = _find_header(path, sheet_name, rows, mapping)
    imported = read_import_notes(import_rows) if import_rows is not None else None
    if imported is not None:
        _drop_untouched(rows, header_index, positions, infos, imported.absent)
    unknown = {i.cell: i.text for i in infos if i.how in (hd.UNKNOWN, hd.SECOND)}
    # columns whose cells say nothing about a row: the template's formula columns, those 表头对照 leaves out
    quiet = {i.index for i in infos if i.how in (hd.HELPER, hd.SKIPPED)}
    ledger = _build(path, sheet_name, rows, header_index, positions, unknown, merged_below or {}, mapping, quiet,
                    date1904, table_totals)
    ledger.columns, ledger.mapping, ledger.cells = infos, mapping, rows
    _split_combined(ledger, infos)
    _split_phone_names(ledger)
    for info in infos:
        if info.how == hd.REPEATED:
            empty = "" if _column_filled(rows, header_index, info.index) else f"（{info.cell} 所在的列是空的）"
            ledger.findings.append(READER["R006"].finding(
                f"表头“{info.text}”在 {info.note} 和 {info.cell} 重复出现，只读取了 {info.note} "
                f"所在的列{empty}。", "请删除或改名重复的列，把内容合并到一列。", sheet_name, info.cell, header_index + 1,
                info.text))
        elif info.how == hd.AMBIGUOUS:
            ledger.findings.append(READER["R007"].finding(
                f"表头“{info.text}”含义不明确（{info.note}），没有读取这一列。",
                f"如果它就是其中一列，请在表头对照中写明（xlkit columns {path.name} --write 生成对照表），或把表头改成"
                "标准列名。", sheet_name, info.cell, header_index + 1, info.text))
    if mapping is not None:
        for cell, message in mapping.problems:
            ledger.findings.append(READER["R008"].finding(f"{mapping.source}{cell and ' ' + cell}：{message}。",
                                           "请按“原表头 | 标准列”“列 | 原值 | 标准值”的格式改正表头对照。"))
    serial = _drop_repeating_serial(ledger, infos)
    if serial is not None:
        ledger.findings.append(READER["R009"].finding(
            f"{serial.cell}“{serial.text}”列有重复的号（{serial.note}），是各表、各段自己的顺序号，不能作为案件编号；"
            f"各件以所在行称呼，如“第{header_index + 2}行”；按编号的检查（编号重复等）没有进行。",
            "建议增加“案件编号”列，每件一个唯一编号（如 2019-001），以便文书、卷宗和各股室台账对得上。",
            sheet_name, serial.cell, header_index + 1))
    elif not ledger.has("case_id"):
        ledger.findings.append(READER["R009"].finding(
            "台账没有“案件编号”列（也没有编号、信件编号、序号等），各件以所在行称呼，如“第"
            f"{header_index + 2}行”；按编号的检查（编号重复等）没有进行。",
            "建议增加“案件编号”列，每件一个唯一编号（如 2019-001），以便文书、卷宗和各股室台账对得上。",
            sheet_name, hd_cell(0, header_index + 1), header_index + 1))
    if not ledger.has("petitioner"):
        ledger.findings.append(READER["R010"].finding(
            "台账没有“信访人”列（如匿名汇编），需要信访人的检查和文书都跳过了。",
            "如有信访人姓名，请增加“信访人”列。", sheet_name, hd_cell(0, header_index + 1), header_index + 1))
    if dictionary_rows is not None:
        _read_dictionaries(ledger, dictionary_rows)
        if imported is not None and imported.builtin_dictionaries:
            ledger.own_dictionaries = False  # the template's lists, not the office's: still advice
    if settings_rows is not None:
        _read_settings(ledger, settings_rows)
    if not ledger.own_dictionaries:
        _drop_channel_types(ledger)
        _read_synonyms(ledger)
    return ledger


def _is_channel(value: str) -> bool:
    return any(w in value for w in CHANNEL_WORDS) and not any(w in value for w in TYPE_WORDS)


def _drop_channel_types(ledger: Ledger) -> None:
    """A foreign ledger's “信访类型” holding the way petitions came (群众来访、12345市民热线、部门转入) is not read as
    the type: each case would be left out of the 求决类 statistics, with a warning a row, for a word that says
    nothing of its type. Unread, the column is kept aside as every unread column is; said once. Not when the
    office's 表头对照 names the column, nor when one of its values is a type."""
    column = ledger.positions.get("petition_type")
    info = next((i for i in ledger.columns if i.index == column and i.field == "petition_type"), None)
    if info is None or info.how == hd.BY_MAPPING:
        return
    counts = ledger.frame["petition_type"].value_counts()  # a few distinct values, however many cases
    texts = {v.strip(): 0 for v in counts.index if isinstance(v, str) and v.strip()}
    for value, n in counts.items():
        if isinstance(value, str) and value.strip():
            texts[value.strip()] += int(n)
    types = {*DICTIONARIES["信访类型"], *VALUE_SYNONYMS["信访类型"]}
    channels = {v: n for v, n in texts.items() if _is_channel(v)}
    if not texts or sum(channels.values()) * 3 < sum(texts.values()) * 2 or any(v in types for v in texts):
        return
    examples = "、".join(f"“{v}”" for v in list(channels)[:3])
    others = {v: n for v, n in texts.items() if v not in channels}
    also = (f"另有 {sum(others.values())} 件填的是" + "、".join(f"“{v}”" for v in list(others)[:3])
            + "等，也随这一列未读。") if others else ""
    info.field, info.how, info.note = None, hd.CHANNELS, f"如{examples}"
    del ledger.positions["petition_type"]
    ledger.frame["petition_type"] = None
    ledger.findings.append(READER["R050"].finding(
        f"表头“{info.text}”下填的是信访渠道（如{examples}，共 {sum(channels.values())} 件），不是求决类、建议意见类等信访类型，"
        f"没有读作“信访类型”；{also}这些案件按信访类型未填写计（攻坚行动统计计入求决类）。",
        f"如这一列是信访形式或案件来源，请在表头对照中写明（xlkit columns {ledger.path.name} --write 生成对照表）；"
        "要区分求决类，请增加“信访类型”列。", ledger.sheet, info.cell, ledger.header_row, info.text))


#: A township written in full: `开江县新宁镇`, `四川省达州市开江县新宁镇`, `新宁镇人民政府` → `新宁镇`.
_TOWNSHIP_TAIL = re.compile(r"^(.+?(?:镇|乡|街道))(?:人民政府|政府|办事处)?$")
_ADMIN_ENDS = "省市州盟县区旗"
_BUILT_IN_TOWNSHIPS = frozenset(t.name for t in TOWNSHIPS)


def _township_name(value: Any) -> Any:
    """The township of a value written with its province, city or county before it (never cut inside 任市镇)."""
    match = _TOWNSHIP_TAIL.match(value.strip()) if isinstance(value, str) else None
    if match is None:
        return value
    name = match[1]
    cuts = [name[i:] for i in range(2, len(name) - 1) if name[i - 1] in _ADMIN_ENDS and _TOWNSHIP_TAIL.match(name[i:])
            and len(name) - i >= 2]
    known = [c for c in cuts if c in _BUILT_IN_TOWNSHIPS]
    return known[0] if known else (cuts[-1] if cuts else name)


def _township_and_village(value: Any) -> tuple[str, str] | None:
    """A built-in township written with its village after it (新宁镇东街村, 开江县普安镇龙井村3组) → (township,
    the rest), or written without its 镇/乡 (新宁) → (township, ""); None for any other value."""
    if not isinstance(value, str):
        return None
    text = "".join(value.split())
    for suffix in ("镇", "乡"):
        if text + suffix in _BUILT_IN_TOWNSHIPS:
            return text + suffix, ""
    found = max((t for t in _BUILT_IN_TOWNSHIPS if t in text and not text.endswith(t)), key=len, default=None)
    if found is None:
        return None
    before, rest = text.split(found, 1)
    if before and _township_name(before + found) != found:  # 某县某乡新宁镇…: not a county before it
        return None
    return (found, rest) if rest[-1:] in "村组社区屯队" or "村" in rest or "社区" in rest else None


#: seven digits in a row, full-width or not: a phone's or an ID number's, never a name's
_DIGIT_RUN = re.compile("[0-9\uff10-\uff19]{7}")


def _split_combined(ledger: Ledger, infos: list[hd.ColumnInfo]) -> None:
    """A column naming two of the petitioner's details (信访人姓名及联系电话, 身份证号码及住址), and a 信访人 column
    whose cells carry a phone (张三 13800001111): the phone or ID number in each cell goes to its own field —
    beside the number of that field's own column when it has one — and the rest to the detail without a shape
    (the name, the address). Said once a column (R048); a pair without a number to split by (姓名及住址) is read
    whole as its first detail, said so."""
    from xlkit.read.combined import SHAPED, split_cell

    frame, cells = ledger.frame, ledger.cells
    for info in infos:
        if not info.read or ledger.positions.get(info.field) != info.index:
            continue
        fields = combined_fields(info.text) if info.how != hd.BY_MAPPING else None
        if fields is None and info.field != "petitioner":
            continue
        named = fields is not None
        fields = fields or ("petitioner", "phone")
        shaped = [f for f in fields if f in SHAPED]
        plain = [f for f in fields if f is not None and f not in SHAPED]
        header = BY_FIELD[info.field].header
        if not shaped:
            if frame[info.field].notna().any():
                others = "、".join(f"“{BY_FIELD[f].header}”" for f in plain[1:])
                ledger.findings.append(READER["R048"].finding(
                    f"{info.cell}“{info.text}”一列同时写了“{header}”和{others}，无法分开，整格按“{header}”读取。",
                    f"请把这一列分成“{header}”和{others}两列，每格只填一项。", ledger.sheet, info.cell,
                    ledger.header_row, header))
            continue
        if not named and not _DIGIT_RUN.search("\x7f".join(v for v in frame[info.field].to_numpy()
                                                           if v.__class__ is str)):
            continue  # (the usual 信访人 column: one pass over its text, issue 15)
        rest_to = plain[0] if plain else None
        counts, first, left_out = 0, None, None
        for row in frame.index:
            value = _at(cells[row - 1], info.index) if row - 1 < len(cells) else None
            split = split_cell(value, fields)
            if split is None:
                text = frame.at[row, info.field]
                if named and info.field in SHAPED and rest_to is not None and text.__class__ is str \
                        and not _DIGIT_RUN.search(text) and ledger.positions.get(rest_to, info.index) == info.index:
                    frame.at[row, rest_to], frame.at[row, info.field] = text, None  # an address without an ID
                continue
            for field_name, numbers in split.found.items():
                own = frame.at[row, field_name] if ledger.positions.get(field_name, info.index) != info.index else None
                if own is None or own != own or own == "" or numbers in str(own):
                    frame.at[row, field_name] = numbers if own is None or own != own or own == "" else own
                else:
                    frame.at[row, field_name] = f"{own}、{numbers}"  # the column's own number first, none lost
            if rest_to is not None:
                own = frame.at[row, rest_to] if ledger.positions.get(rest_to, info.index) != info.index else None
                if own is None or own != own or own == "":
                    frame.at[row, rest_to] = split.rest
            elif split.rest:
                left_out = left_out or split.rest
            for field_name in fields:  # this column's own fields hold only their part
                if field_name is not None and field_name not in split.found and field_name != rest_to \
                        and ledger.positions.get(field_name, info.index) == info.index:
                    frame.at[row, field_name] = None
            counts += 1
            if first is None:
                first = (row, value)
        if first is None:
            continue
        for field_name in (*shaped, *plain):
            ledger.positions.setdefault(field_name, info.index)
        into = "、".join(f"“{BY_FIELD[f].header}”" for f in shaped)
        info.note = f"其中的号码读作{into}" + (f"，其余读作“{BY_FIELD[rest_to].header}”" if rest_to not in (None, info.field)
                                             else "")
        kept = (f"，其余按“{BY_FIELD[rest_to].header}”读取" if rest_to else
                f"，其余的联系人姓名等（如“{left_out}”）不是台账的列，没有读取" if left_out else "")
        ledger.findings.append(READER["R048"].finding(
            f"{info.cell}“{info.text}”一列的 {counts} 格里写有号码，如 {info.cell[:len(info.cell.rstrip('0123456789'))]}"
            f"{first[0]}“{_display(first[1])}”：号码读作{into}{kept}。", None, ledger.sheet, info.cell,
            ledger.header_row, header))


_CJK = re.compile("[\u4e00-\u9fff\u3400-\u4dbf]")
_NAME_PARTS = re.compile(r"[\s、，,；;/／]+")


def _split_phone_names(ledger: Ledger) -> None:
    """A 联系电话 cell holding the petitioner's name beside the number (张三 13800001111, 电话：13800001111
    张三) is read as the number: the name is the 信访人 cell's, nothing is lost (C130 called the phone wrong, and
    the repeat-petitioner and masking rules saw no number). A cell with someone else's name or a note beside
    its number (13900002222（其子李小四）) is left as written, for the clerk to move the note. Said once (R048)."""
    if "phone" not in ledger.positions:
        return
    frame = ledger.frame
    phones = frame["phone"]
    texts = [v for v in phones.to_numpy() if v.__class__ is str]
    if not texts or _CJK.search("\x7f".join(texts)) is None:  # (numbers only: one search over the column)
        return
    from xlkit.read.combined import split_cell

    names = frame["petitioner"] if "petitioner" in frame else None
    count, first = 0, None
    for row, value in phones.items():
        if value.__class__ is not str or _CJK.search(value) is None:
            continue
        split = split_cell(value, ("phone",))
        if split is None:
            continue
        if split.rest is not None:
            name = names.at[row] if names is not None else None
            known = set(_NAME_PARTS.split(name)) if name.__class__ is str else set()
            if not all(part in known for part in _NAME_PARTS.split(split.rest) if part):
                continue  # someone else's name, or a note: left as written
        frame.at[row, "phone"] = split.found["phone"]
        count += 1
        if first is None:
            first = (row, value)
    if first is not None:
        column = ledger.column_of("phone")
        ledger.findings.append(READER["R048"].finding(
            f"“联系电话”一列的 {count} 格在号码旁写了信访人姓名或“电话”等字样，如 {column}{first[0]}“{first[1]}”："
            "按号码读取（姓名以“信访人”一列为准）。", "联系电话一格只填号码；联系人不是信访人本人时，请写在“备注”里。",
            ledger.sheet, ledger.header_address("phone"), ledger.header_row, "联系电话"))


def _read_villages(ledger: Ledger) -> None:
    """新宁镇东街村 in the township column: the township, and the village moved into 村(社区) where that is empty
    (or says the same); 新宁 as 新宁镇. Said once for the column (R045); left as written when the village would
    be lost (no 村(社区) column, or another village in it)."""
    values = ledger.frame["township"]
    split = {v: _township_and_village(v) for v in values.dropna().unique()}
    if not any(split.values()):
        return
    villages = ledger.frame["village"] if ledger.has("village") else None
    townships, moved, changed = values.copy(), 0, []
    for row, value in values.items():
        parts = split.get(value) if value is not None and value == value else None
        if parts is None:
            continue
        township, rest = parts
        if rest:
            if villages is None:
                continue
            village = villages[row]
            if village is None or village != village or village == "":
                ledger.frame.at[row, "village"] = rest
                moved += 1
            elif "".join(str(village).split()) not in rest:
                continue
        townships[row] = township
        changed.append(row)
    if not changed:
        return
    ledger.frame["township"] = townships
    first = changed[0]
    into = f"，村名移到“{BY_FIELD['village'].header}”（{moved} 处）" if moved else ""
    ledger.findings.append(READER["R045"].finding(
        f"“{BY_FIELD['township'].header}”列有 {len(changed)} 处写的不只是乡镇名，如“{values[first]}”按乡镇“{townships[first]}”"
        f"读取{into}。", None, ledger.sheet, ledger.address("township", first), first, BY_FIELD["township"].header))


def _read_synonyms(ledger: Ledger) -> None:
    """A foreign ledger's other names of built-in values (申诉求决类, 非常满意) read as those values, and townships
    written with their county (开江县新宁镇) read as the township; each said once a column."""
    if ledger.has("township"):
        values = ledger.frame["township"]
        short = values.map(functools.lru_cache(maxsize=None)(_township_name))  # once per distinct name
        changed = (short != values) & values.notna()
        if changed.any():
            first = int(values.index[changed.to_numpy()][0])
            ledger.frame["township"] = short
            ledger.findings.append(READER["R043"].finding(
                f"“{BY_FIELD['township'].header}”列有 {int(changed.sum())} 处写有县、市名称或“人民政府”，如“{values[first]}”"
                f"按“{short[first]}”读取。", None, ledger.sheet, ledger.address("township", first), first,
                BY_FIELD["township"].header))
        _read_villages(ledger)
    for column in COLUMNS:
        table = {**VALUE_SYNONYMS.get(column.dictionary or "", {}), **FIELD_VALUE_SYNONYMS.get(column.field, {})}
        if not table or not ledger.has(column.field):
            continue
        values = ledger.frame[column.field]
        renamed = values.isin(table.keys())
        if not renamed.any():
            continue
        counts = values[renamed].value_counts(sort=False)
        ledger.frame[column.field] = values.where(~renamed, values.map(table))
        said = "、".join(f"“{old}”读作“{table[old]}”（{n} 处）" for old, n in counts.items())
        first = int(values.index[renamed.to_numpy()][0])
        ledger.findings.append(READER["R041"].finding(
            f"“{column.header}”列没有本单位字典，{said}。", None, ledger.sheet, ledger.address(column.field, first),
            first, column.header))


#: A header that counts rows rather than naming cases: read as 案件编号 only while no number repeats.
_SERIAL_HEADERS = frozenset({"序号"})


def _drop_repeating_serial(ledger: Ledger, infos) -> hd.ColumnInfo | None:
    """序号 that starts again (each year's table, each 股室's block on one sheet) names no case: the cases are named
    by their rows instead, never reported as 重复 案件编号. Returns the 序号 column's info when so."""
    column = ledger.positions.get("case_id")
    info = next((i for i in infos if i.index == column and i.field == "case_id"), None)
    if info is None or info.alias not in _SERIAL_HEADERS:
        return None
    ids = ledger.frame["case_id"]
    repeated = ids.notna() & ids.duplicated(keep=False)
    if not repeated.any():
        return None
    rows = [int(r) for r in ids.index[repeated.to_numpy()]]
    again = next(r for r in rows[1:] if ids[r] == ids[rows[0]])
    info.note = f"如第{rows[0]}行和第{again}行都是“{ids[rows[0]]}”"
    info.field, info.how = None, hd.SERIAL
    del ledger.positions["case_id"]
    ledger.frame["case_id"] = [f"第{row}行" for row in ledger.frame.index]
    return info


def hd_cell(index: int, row: int) -> str:
    return f"{column_letter(index)}{row}"


def _drop_untouched(rows, header_index: int, positions: dict[str, int], infos, absent: set[str]) -> None:
    """An imported ledger: a column the original lacked is absent while every cell of it is still empty."""
    for field_name, column in list(positions.items()):
        if BY_FIELD[field_name].header not in absent:
            continue
        if any(column < len(r) and _filled(r[column]) for r in rows[header_index + 1:]):
            continue
        del positions[field_name]
        for info in infos:
            if info.index == column:
                info.field, info.how = None, hd.NOT_YET


def open_workbook(path: Path, trimmed: dict[str, Any] | None = None,
                  errors: dict[str, dict[tuple[int, int], str]] | None = None, source: Path | None = None,
                  flags: set[str] | None = None, repairable: bool = False):
    """Open with calamine; every way a file can be unreadable becomes a LedgerError. `source`: the file read
    in place of `path` (a UTF-8 copy of a UTF-16 package), `path` is the one named in messages.

    An old .xls whose sheets reach far (a value at IV65536) is opened cut to its tables; `trimmed` receives,
    per sheet cut, what was left out (`xlkit.read.xls_extent.TrimmedSheet`); `errors`, per sheet, the cells
    holding an error (#N/A…), which calamine reads as empty; `flags` gets "date1904" for an .xls in the 1904
    date system. `repairable`: a package that fails to open may have damaged shared strings, read from a copy
    with them rewritten (`_NeedsRepair`)."""
    from python_calamine import CalamineWorkbook

    if path.name.startswith("~$"):
        raise LedgerError(f"“{path.name}”是 Excel 打开文件时留下的临时锁定文件，不是台账。请选择台账文件本身。")
    if not path.exists():
        raise LedgerError(f"找不到文件“{path}”。请检查路径和文件名是否正确。")
    if path.is_dir():
        raise LedgerError(f"“{path}”是文件夹，不是台账文件。请指定 .xlsx 文件。")
    try:
        with path.open("rb") as handle:
            head = handle.read(8)
    except PermissionError:
        raise LedgerError(
            f"无法读取“{path.name}”：文件被占用或没有读取权限。请关闭正在编辑它的程序（或另存一份副本）后再试。"
        ) from None
    if not head:
        raise LedgerError(f"“{path.name}”是空文件（0 字节），不是 Excel 台账。请确认保存完整后再试。")
    is_zip = head.startswith(b"PK")
    is_ole = head.startswith(b"\xd0\xcf\x11\xe0")
    if path.suffix.lower() in (".xlsx", ".xlsm") and is_ole and _encrypted(path):
        raise LedgerError(
            f"“{path.name}”设置了打开密码（已加密），无法读取。请在 Excel 中打开，"
            "“文件 → 信息 → 保护工作簿 → 用密码进行加密”清空密码后另存，再运行。"
        )
    if not (is_zip or is_ole):
        from xlkit.read.sniff import not_a_workbook_message

        raise LedgerError(not_a_workbook_message(path))  # a web page, Excel 2003 XML or CSV named .xls
    if is_zip:
        from xlkit.output.files import report_kind

        report = report_kind(path)
        if report is not None:
            then = ("表头对照放在台账旁，读取台账时自动使用" if report == MAPPING_SHEET
                    else f"要更新“{report}”，对台账重新运行相应的命令")
            raise LedgerError(f"“{path.name}”是 xlkit 生成的“{report}”工作簿，不是台账，没有读取。请选择台账文件本身"
                              f"（如“2019年信访台账.xlsx”）；{then}。")
    bounds = _bounded_xls(path) if is_ole else None
    if bounds is not None and errors is not None:
        errors.update(bounds.errors)
    if bounds is not None and bounds.date1904 and flags is not None:
        flags.add("date1904")
    if is_zip and path.suffix.lower() not in (".xlsx", ".xlsm"):
        _bounded_package(path)
    if is_zip and source in (None, path):
        from xlkit.read.extent import overstated_shared_strings

        if overstated_shared_strings(path):  # calamine would reserve room for them all: a copy without the count
            raise _NeedsCopy
    try:
        with quiet_panics():
            if bounds is not None and bounds.data is not None:
                if trimmed is not None:
                    trimmed.update(bounds.sheets)
                return CalamineWorkbook.from_filelike(io.BytesIO(bounds.data))
            if is_ole and path.suffix.lower() != ".xls":  # an old .xls renamed to .xlsx: let calamine sniff it
                return CalamineWorkbook.from_filelike(io.BytesIO(path.read_bytes()))
            if is_zip and path.suffix.lower() not in (".xlsx", ".xlsm"):  # an .xlsx renamed to .xls: Excel opens it
                return CalamineWorkbook.from_filelike(io.BytesIO((source or path).read_bytes()))
            if source not in (None, path):  # a temporary copy: held in memory, so it can be removed on Windows too
                return CalamineWorkbook.from_filelike(io.BytesIO(source.read_bytes()))
            return prefetch.opened_book(path) or CalamineWorkbook.from_path(str(path))
    except PermissionError:
        raise LedgerError(f"无法读取“{path.name}”：文件被占用或没有读取权限。请关闭占用它的程序后再试。") from None
    except BaseException as error:  # calamine raises several unrelated types for broken files, and panics
        if not calamine_failed(error):
            raise
        if is_zip and source in (None, path):
            from xlkit.read.utf16 import has_utf16_parts

            if has_utf16_parts(path):
                raise _NeedsCopy from None
            _bounded_package(path)
            try:  # an .ods or .xlsb under an .xlsx name: calamine sniffs it
                with quiet_panics():
                    return CalamineWorkbook.from_filelike(io.BytesIO(path.read_bytes()))
            except BaseException as again:
                if not calamine_failed(again):
                    raise
            from xlkit.read.sniff import other_package_message

            other = other_package_message(path)
            if other is not None:
                raise LedgerError(other) from None
        if "password" in str(error).lower() or type(error).__name__ == "PasswordError":
            # an .xls whose workbook structure is protected is encrypted too, with a password Excel knows:
            # it opens without asking, so "remove the password" leaves the clerk with no password to remove
            raise LedgerError(
                f"“{path.name}”已加密，无法读取。Excel 打开它时如果要求输入密码，请在“文件 → 信息 → 保护工作簿 → "
                "用密码进行加密”中清空密码后另存；如果不要求密码（旧版 .xls 设了“保护工作簿”也会这样加密），请在"
                "“审阅 → 保护工作簿”中取消保护。然后“另存为”Excel 工作簿（*.xlsx），再对另存的文件运行。") from None
        from xlkit.read.sniff import ole_cut_short

        if is_ole and ole_cut_short(path):
            raise LedgerError(
                f"“{path.name}”不完整（文件在中途断了，结尾缺失），可能没有拷贝或下载完。请重新拷贝或下载原文件；"
                "如 Excel/WPS 能打开并修复它，修复后另存为 Excel 工作簿（*.xlsx）再运行。") from None
        message = (f"“{path.name}”无法作为 Excel 文件打开（{failure_name(error)}）。文件可能已损坏或不是表格，"
                   "请用 Excel/WPS 打开确认，并另存为 .xlsx 后再试。")
        if is_zip and repairable and path.suffix.lower() in (".xlsx", ".xlsm"):
            from xlkit.read.extent import sheet_parts

            if sheet_parts(source or path):
                raise _NeedsRepair(message) from None
        raise LedgerError(message) from None


def _bounded_xls(path: Path):
    """calamine opens every sheet of an .xls as one dense block: a far value is cut off first (see xls_extent)."""
    from xlkit.read.extent import MAX_BLOCK_CELLS
    from xlkit.read.sparse import SheetTooBig
    from xlkit.read.xls_extent import bound_xls

    try:
        return bound_xls(path, HEADER_SCAN_ROWS, MAX_BLOCK_CELLS)
    except SheetTooBig as error:
        raise LedgerError(str(error)) from None


def _bounded_package(path: Path) -> None:
    """calamine reads an .ods's tables, and each .xlsb sheet it is asked for, as one dense block: a sheet
    reaching far is refused first, its extent named (`xlkit.read.ods_extent`, `xlkit.read.xlsb_extent`);
    nothing for a file that is neither."""
    from xlkit.read.extent import MAX_BLOCK_CELLS
    from xlkit.read.ods_extent import is_ods, table_extents
    from xlkit.read.xlsb_extent import sheet_extents

    if is_ods(path):
        kind, program, extents = ".ods", "LibreOffice/WPS", table_extents(path)
    else:
        kind, program, extents = ".xlsb", "Excel/WPS", sheet_extents(path)
    for table in extents or ():
        if table.block_cells > MAX_BLOCK_CELLS:
            where = f"工作表“{table.name}”" if table.name else "其中一张工作表"
            last = f"{column_letter(min(table.columns, 16384) - 1)}{min(table.rows, 1048576)}"
            raise LedgerError(
                f"“{path.name}”{where}的内容一直延伸到 {last} 单元格附近（从 A1 起 {table.rows:,} 行 × "
                f"{table.columns:,} 列），远超一本台账，按 {kind} 读取会耗尽内存。通常是表格下方或右侧远处有一个误填的"
                f"单元格（或整行整列填了同一内容）。请在 {program} 中按 Ctrl+End 找到它并清除，保存后再试；"
                "也可以“另存为”Excel 工作簿（.xlsx）再运行，xlkit 会逐格读取并指出表格外的单元格。")


def _encrypted(path: Path) -> bool:
    """An encrypted .xlsx is an OLE file holding an `EncryptedPackage` stream (an .xls does not)."""
    return "EncryptedPackage".encode("utf-16-le") in path.read_bytes()




def _pick_ledger_sheet(path: Path, workbook: _Sheets, names: list[str], wanted: str | None,
                       mapping: Mapping | None):
    """(sheet name, its rows, [(other candidate sheet, known headers)])."""
    if wanted is not None:
        if wanted not in names:
            raise LedgerError(f"“{path.name}”里没有名为“{wanted}”的工作表（现有：{'、'.join(names)}）。")
        return wanted, workbook.rows(wanted), []
    read: dict[str, list] = {}
    if LEDGER_SHEET in names:  # the template's sheet: the others are not parsed (the cost of reading is parsing)
        rows = read[LEDGER_SHEET] = workbook.rows(LEDGER_SHEET)
        header = next((i for i in range(min(len(rows), HEADER_SCAN_ROWS)) if len(_header_score(rows, i, mapping)) >= 2),
                      None)
        others = [n for n in names if n != LEDGER_SHEET and n not in TOOL_SHEETS]
        # an empty 台账 beside a sheet the cases were typed into (a template kept, a sheet pasted): look at that one
        if header is not None and (not others or _rows_below(rows, header)):
            return LEDGER_SHEET, rows, [(n, None) for n in others]
    scored: list[tuple[int, str, list]] = []
    describes: dict[str, bool] = {}  # sheet → its header names a person, a matter or a date (a 统计 sheet does not)
    fields_of: dict[str, frozenset[str]] = {}  # sheet → the fields its header names
    filled: dict[str, bool] = {}  # sheet → something is written below its header
    forms: dict[str, bool] = {}  # sheet → a form, one case a sheet (登记表), not a table of cases
    for name in names:
        if name in TOOL_SHEETS and name != LEDGER_SHEET:
            continue
        rows = read[name] if name in read else workbook.rows(name)
        scores = [_header_score(rows, i, mapping) for i in range(min(len(rows), HEADER_SCAN_ROWS))]
        best = max(range(len(scores)), key=lambda i: len(scores[i]), default=None)
        found = scores[best] if best is not None else {}
        scored.append((len(found), name, rows))
        describes[name] = not _CASE_FIELDS.isdisjoint(found)
        fields_of[name] = frozenset(found)
        filled[name] = best is not None and _rows_below(rows, best)
        forms[name] = best is not None and len(found) >= 2 and _form_label(rows, best, found, mapping) is not None
    # of two alike, the one describing cases, then the one holding some, the one the clerk can see, not 旧/备份
    chosen = max(scored, key=lambda s: (describes[s[1]] and s[0] >= 2 and not forms[s[1]], filled[s[1]],
                                        s[1] not in workbook.hidden, s[0], not _OLD_SHEET.search(s[1])), default=None)
    if chosen is not None and chosen[0] < 2:  # no sheet has a header: say what the likeliest one lacks
        chosen = next((s for s in scored if s[1] == LEDGER_SHEET), chosen)
        _find_header(path, chosen[1], chosen[2], mapping)
    if chosen is None:
        raise LedgerError(
            f"“{path.name}”里找不到台账工作表：没有名为“{LEDGER_SHEET}”的表，其他表里也找不到“案件编号”“信访人”“登记日期”"
            "等表头。请确认选对了文件，或把台账所在工作表改名为“台账”。"
        )
    others = [(name, score) for score, name, _ in scored if name != chosen[1] and score > 0]
    alike = [name for name, score in others if score >= 2 and describes[name]]
    same = _same_ledger_sheets(chosen[1], [name for name in alike if filled[name]], fields_of, workbook.hidden)
    if same:
        shown = "".join(f"“{name}”" for name in same)
        workbook.notes.append(READER["R037"].finding(
            f"“{chosen[1]}”{shown}表头相同，像是分月（或分年）记的同一本台账：月度调度、季度分析和合并台账把这些表"
            f"一起统计；校验、到期提醒、文书等只读取了“{chosen[1]}”。",
            f"要校验其他表，请加 --sheet 表名（如 --sheet {same[0]}）；也可以先用“xlkit merge”把各表合并成一本台账。",
            chosen[1]))
        workbook.same_sheets = same
        alike = [name for name in alike if name not in same]
    if alike:
        shown = "".join(f"“{name}”" + ("（隐藏的表）" if name in workbook.hidden else "") for name in alike)
        workbook.notes.append(READER["R026"].finding(
            f"读取的是工作表“{chosen[1]}”；{shown}也像台账，未读取。",
            f"如要读取另一张表，请加 --sheet 表名（如 --sheet {alike[0]}），或把要用的表改名为“{LEDGER_SHEET}”。",
            chosen[1]))
    return chosen[1], chosen[2], others


_OLD_SHEET = re.compile(r"旧|备份|副本|作废|草稿|copy|old|bak", re.I)


def _rows_below(rows: list[list[Any]], header: int) -> bool:
    """Whether any cell below the header row `header` (0-based) is filled (the first data row, mostly)."""
    return any(_filled(v) for row in itertools.islice(rows, header + 1, None) for v in row)


#: a sheet that holds the others' rows again: read with them, every case would count twice
_ALL_SHEET = re.compile(r"汇总|总表|总台账|合计|全部|全年|所有|统计|total|all", re.I)


def _same_ledger_sheets(chosen: str, alike: list[str], fields_of: dict[str, frozenset[str]],
                        hidden: set[str]) -> list[str]:
    """The sheets with the very header of the one read, as a ledger kept a sheet a month (or a year) has them;
    none when one of them may be a summary of the others (汇总, 全年) or a copy (备份)."""
    same = [name for name in alike if fields_of.get(name) == fields_of.get(chosen) and name not in hidden]
    if any(_ALL_SHEET.search(name) or _OLD_SHEET.search(name) for name in (chosen, *same)):
        return []
    return same


def _header_texts(rows: list[list[Any]], index: int) -> list[tuple[int, str, str | None]]:
    """(column, header text, the group header above it) for each filled cell of a row."""
    row = rows[index]
    above = rows[index - 1] if index > 0 else []
    out = []
    for c, value in enumerate(row):
        if value in ("", None):
            continue
        text = value if isinstance(value, str) else _text(value) or ""
        group = above[c] if c < len(above) and isinstance(above[c], str) and above[c].strip() else None
        out.append((c, text, group if group is not None and hd.normalize(group) != hd.normalize(text) else None))
    return out


def _match(text: str, group: str | None, mapping: Mapping | None) -> tuple[str | None, str, str | None, int]:
    """(field or None, how, the spelling matched, rank) for one header cell; rank orders competing columns."""
    for candidate in ((group + text) if group else None, text):
        if candidate is None:
            continue
        if mapping is not None:
            mapped = mapping.field_for(candidate)
            if mapped == MAPPING_SKIP:
                return None, hd.SKIPPED, None, 0
            if mapped is not None:
                return mapped, hd.BY_MAPPING, candidate.strip(), -1
    alone, owner = hd.under_group(group, text) if group else (True, None)
    if owner is not None:  # 承办人 over 姓名: the 承办人's name, never the petitioner's
        return owner.column.field, owner.how, owner.name, owner.rank
    for candidate in ((group + text) if group else None, text if alone else None):
        if candidate is None:
            continue
        if hd.ambiguous(candidate):
            return None, hd.AMBIGUOUS, None, 0
        spelling = hd.lookup(candidate)
        if spelling is not None:
            return spelling.column.field, spelling.how, spelling.name, spelling.rank
    for candidate in ((group + text) if group else None, text if alone else None):
        fields = combined_fields(candidate) if candidate is not None else None
        if fields is not None:  # 信访人姓名及联系电话: the first detail named; the rest split out of its cells
            first = next(f for f in fields if f is not None)
            return first, hd.BY_ALIAS, candidate.strip(), _COMBINED_RANK
    return None, hd.UNKNOWN, None, 0


#: a header naming two details loses to one naming the detail alone (信访人 and 信访人及电话: 信访人 is the name)
_COMBINED_RANK = 1000


def _header_score(rows: list[list[Any]], index: int, mapping: Mapping | None) -> dict[str, int]:
    found: dict[str, int] = {}
    for c, text, group in _header_texts(rows, index):
        if not isinstance(rows[index][c], str):
            continue
        field_name = _match(text, group, mapping)[0]
        if field_name is not None and field_name not in found:
            found[field_name] = c
    return found


def _find_header(path: Path, sheet: str, rows: list[list[Any]], mapping: Mapping | None = None):
    """(header row index, field → column, every header cell's ColumnInfo); LedgerError when there is none."""
    best_index, best_found = -1, {}
    for index in range(min(len(rows), HEADER_SCAN_ROWS)):
        found = _header_score(rows, index, mapping)
        if len(found) > len(best_found):
            best_index, best_found = index, found
    if len(best_found) < 2:  # a long 填表说明 above the header: looked for further down, only then
        for index in range(HEADER_SCAN_ROWS, min(len(rows), HEADER_DEEP_ROWS)):
            found = _header_score(rows, index, mapping)
            if len(found) >= 2 and len(found) > len(best_found):
                best_index, best_found = index, found
                break
    if best_index < 0 or len(best_found) < 2:
        raise LedgerError(_no_header_message(path, sheet, rows, best_index, best_found))
    label = _form_label(rows, best_index, best_found, mapping)
    if label is not None:
        raise LedgerError(
            f"“{path.name}”的工作表“{sheet}”是一张登记表（一件一表：左边是项目名称、右边是内容，如 {label}），不是每件一行"
            "的台账，无法按台账读取。请把各件登记到台账里（每件一行，第一行是“案件编号”“信访人”等表头；可用“xlkit init"
            " 台账.xlsx”新建标准台账），再对台账运行；工作簿里另有台账表的，请加 --sheet 表名。")
    lower = best_index + 1  # sub-headers under an upper row of lone headers and groups, nothing merged
    if lower < len(rows) and len(_header_score(rows, lower, mapping)) >= 2:
        trial = rows[:lower] + [list(rows[lower])]
        _inherit_headers_above(trial, lower, mapping)
        if len(_header_score(trial, lower, mapping)) > len(best_found):
            best_index = lower
    if best_index > 0:
        _inherit_headers_above(rows, best_index, mapping)
    chosen: dict[str, tuple[int, int]] = {}  # field → (rank, column)
    infos: list[hd.ColumnInfo] = []
    for c, text, group in _header_texts(rows, best_index):
        info = hd.ColumnInfo(hd_cell(c, best_index + 1), c, text.strip() if isinstance(text, str) else text)
        infos.append(info)
        if not isinstance(rows[best_index][c], str):
            info.note = "表头不是文字"
            continue
        if hd.is_helper(text):
            info.how = hd.HELPER
            continue
        field_name, how, spelling, rank = _match(text, group, mapping)
        info.how, info.alias = how, spelling
        if how == hd.AMBIGUOUS:
            fields = hd.ambiguous((group or "") + text) or hd.ambiguous(text) or ()
            info.note = "可能是" + "、".join(f"“{BY_FIELD[f].header}”" for f in fields)
            info.suggestion = fields[0] if fields else None
            continue
        if field_name is None:
            if how == hd.UNKNOWN:
                suggestion = hd.suggest(text)
                info.suggestion = suggestion.field if suggestion else None
            continue
        info.field = field_name
        taken = chosen.get(field_name)
        # of two columns alike, the one holding something (an emptied copy, often hidden, is left aside)
        if taken is None or rank < taken[0] or rank == taken[0] and not _column_filled(rows, best_index, taken[1]) \
                and _column_filled(rows, best_index, c):
            chosen[field_name] = (rank, c)
    positions = {f: c for f, (_, c) in chosen.items()}
    first_text = {c: i for i, c in enumerate(i.index for i in infos)}
    for info in infos:
        if info.field is None or positions.get(info.field) == info.index:
            continue
        winner = infos[first_text[positions[info.field]]]
        info.note = winner.cell
        same = hd.normalize(winner.text) == hd.normalize(info.text)
        info.how = hd.REPEATED if same else hd.SECOND
        if not same:
            info.suggestion, info.field = info.field, None
            info.note = f"已按 {winner.cell}“{winner.text}”读作“{BY_FIELD[info.suggestion].header}”"
        else:
            info.field = None
    return best_index, positions, infos


def _form_label(rows: list[list[Any]], index: int, found: dict[str, int], mapping: Mapping | None) -> str | None:
    """The first label below the header row when the sheet is a form (一案一表: 姓名 | 张三 | 联系电话 | 138…
    row after row) rather than a table: rows under it with few cells, half of them names of other columns,
    standing in the columns of the header's own names, each such name followed by its value. None for a table
    (a 来源渠道 column's 电话 is a value, in a row of many cells; a second header row holds names only)."""
    label_cols = set(found.values())
    labels_at: list[str] = []
    fields: set[str] = set()
    for r in range(index + 1, min(len(rows), index + 12)):
        row = rows[r]
        filled = [c for c, v in enumerate(row) if _filled(v)]
        if not filled:
            continue
        labels = [c for c in filled if c in label_cols and isinstance(row[c], str)
                  and (field_name := _match(row[c], None, mapping)[0]) is not None and field_name not in found]
        if not labels or len(filled) > 2 * len(labels):
            continue
        names = {c for c in filled if isinstance(row[c], str) and _match(row[c], None, mapping)[0] is not None}
        after = dict(itertools.pairwise(filled))
        if not any(c in after and after[c] not in names for c in labels):  # no name followed by its value
            continue
        labels_at.append(f"{column_letter(labels[0])}{r + 1}“{str(row[labels[0]]).strip()}”")
        fields.update(_match(row[c], None, mapping)[0] for c in labels)
    return labels_at[0] if len(labels_at) >= 2 and len(fields) >= 2 else None


def _inherit_headers_above(rows: list[list[Any]], index: int, mapping: Mapping | None) -> None:
    """A two-row header typed without merging cells: `序号`, `案件编号` in the upper row with nothing below them,
    the groups' sub-headers (`姓名`, `身份证号` under `信访人`) in the lower one. A column whose lower cell is
    empty takes the upper cell's text when that is a header in its own right, as a merged cell would give it
    (`_fill_merged`); a title above the header (`2019年信访台账`) is no header and stays where it is."""
    above, row = rows[index - 1], rows[index]
    for c, value in enumerate(above):
        if not (isinstance(value, str) and value.strip()) or (c < len(row) and _filled(row[c])):
            continue
        if _match(value, None, mapping)[0] is None:
            continue
        if c >= len(row):
            row.extend([None] * (c + 1 - len(row)))
        row[c] = value


def _column_filled(rows: list[list[Any]], header: int, column: int) -> bool:
    return any(column < len(row) and _filled(row[column]) for row in itertools.islice(rows, header + 1, None))


def _no_header_message(path: Path, sheet: str, rows: list[list[Any]], index: int, found: dict[str, int]) -> str:
    """Clear first words: the row most like a header, what it holds that xlkit knows, and near-misses."""
    near: list[str] = []
    look_at = index if index >= 0 else next((i for i, r in enumerate(rows[:HEADER_SCAN_ROWS])
                                             if sum(bool(isinstance(v, str) and v.strip()) for v in r) >= 2), -1)
    if look_at >= 0:
        for c, text, _ in _header_texts(rows, look_at):
            if c in found.values() or not isinstance(text, str):
                continue
            suggestion = hd.suggest(text)
            if suggestion is not None:
                near.append(f"{hd_cell(c, look_at + 1)}的“{text}”像是“{suggestion.header}”")
    where = f"“{path.name}”的工作表“{sheet}”前 {HEADER_SCAN_ROWS} 行"
    if not any(map(_filled, itertools.chain.from_iterable(rows))):
        return (f"“{path.name}”的工作表“{sheet}”是空的（没有任何内容）。请确认选对了文件；"
                "台账在另一张工作表时，请加 --sheet 表名。")
    if look_at < 0:
        return f"{where}里找不到表头行（没有一行写着“案件编号”“信访人”“登记日期”等列名）。请确认选对了文件和工作表。"
    known = "、".join(f"“{BY_FIELD[f].header}”" for f in found) or "没有"
    message = (f"{where}里找不到能认出的表头：最像表头的是第{look_at + 1}行，其中认得的列{known}"
               f"（至少要认出两列，如“信访人”和“登记日期”）。")
    if near:
        message += "相近的表头：" + "；".join(near[:6]) + "。请把它们改成标准列名，或"
    else:
        message += "请"
    return message + (f"用“xlkit columns {path.name} --write”生成表头对照表、写明各列对应的标准列后再运行"
                      "（也可用“xlkit init”生成标准台账模板对照）。")


# ---------------------------------------------------------------------------
# Building the frame


def _build(path, sheet, rows, header_index, positions, unknown, merged_below=None,
           mapping: Mapping | None = None, quiet: set[int] | frozenset[int] = frozenset(),
           date1904: bool = False, table_totals: Sequence[TotalsRows] = ()) -> Ledger:
    findings: list[Finding] = []
    body = rows[header_index + 1:]
    width = max((len(r) for r in rows), default=0)
    if any(len(r) != width for r in body):
        body = [list(r) + [None] * (width - len(r)) for r in body]
    if merged_below:
        _join_merged_blocks(body, header_index, positions, merged_below, sheet, findings)
    columns_t = list(zip(*body, strict=True)) if body else [()] * width  # one tuple per sheet column (C speed)
    count = len(body)
    case_col = positions.get("case_id", -1)  # -1: the ledger has no such column
    person_col = positions.get("petitioner", -1)
    known_cols = sorted(positions.values())
    # How many known cells each row fills (whitespace-only counts here; doubtful rows are re-checked): first
    # the cells that are true (C speed, issue 15), then, for the rows with few, every cell that is not empty
    # (a 0 is false but filled).
    filled_count = _true_counts(columns_t, body, known_cols, count)
    for offset in np.flatnonzero(filled_count <= 4):
        row = body[offset]
        filled_count[offset] = sum(1 for c in known_cols if not _empty(row[c]))
    # and, for those rows, how many cells they fill in the columns that are not read (no header, or one xlkit
    # does not know)
    header = rows[header_index] if header_index < len(rows) else []
    unread_cols = [c for c in range(width) if c not in quiet and c not in known_cols]
    texts = _ColumnTexts(columns_t)
    # a row of cells a clerk "cleared" with the space bar fills them with spaces: counted again without those
    for offset in _keyless_rows(columns_t, texts, case_col, person_col, filled_count > 4):
        row = body[offset]
        filled_count[offset] = sum(1 for c in known_cols if _filled(row[c]))
    data_mask = filled_count > 4
    key_col = case_col if case_col >= 0 else person_col if person_col >= 0 else min(known_cols, default=0)
    totals = _skip_table_totals(body, table_totals, header_index, data_mask, sheet, findings, key_col)
    reserved: list[int] = []  # pre-numbered rows holding nothing but their 案件编号
    for offset in np.flatnonzero((filled_count > 0) & (filled_count <= 4)):
        if offset in totals:
            continue
        data_mask[offset] = _is_case_row(body[offset], header_index + 1 + int(offset), known_cols, case_col,
                                         person_col, sheet, findings,
                                         unread_cols if any(not _empty(body[offset][c]) for c in unread_cols)
                                         else (), reserved)
    _skip_repeats_and_totals(body, columns_t, texts, header_index, positions, data_mask, sheet, rows, findings)
    if reserved:
        findings.append(_reserved_rows(reserved, case_col, sheet))
    headerless = [c for c in unread_cols if not _filled(_at(header, c))]
    if headerless:  # data in a column without a header is not read: said once per column, at its first cell
        findings.extend(_headerless_columns(columns_t, headerless, data_mask | (filled_count == 0), header_index,
                                            sheet))
    data_index = np.flatnonzero(data_mask)
    row_numbers = [int(i) + header_index + 2 for i in data_index]
    every_row = len(data_index) == count  # no note, total or repeated header among the rows: take columns whole
    pick = operator.itemgetter(*data_index.tolist()) if len(data_index) > 1 and not every_row else None
    columns: dict[str, Any] = {}
    blank = [None] * len(data_index)
    for column in COLUMNS:
        position = positions.get(column.field)
        if position is None:
            raw = blank
        elif every_row:
            raw = columns_t[position]  # (a tuple: `_convert` never changes the cells it is given)
        elif pick is not None:
            raw = pick(columns_t[position])
        else:
            raw = [columns_t[position][int(i)] for i in data_index]
        shared = None if position is None else texts.joined(position)  # the sheet column's text: a superset
        if mapping is not None and column.field in mapping.values:
            raw = [mapping.translate(column.field, v) for v in raw]
            shared = None  # (other values than the sheet's)
        if date1904 and column.kind is Kind.DATE and position is not None:
            raw = [_from_1904(v) for v in raw]
        columns[column.field] = _convert(column, raw, row_numbers, sheet, position, findings, rows, case_col,
                                         shared)
    if case_col < 0:  # no 案件编号: each case is named by its row, so that every message can point at it
        columns["case_id"] = [f"第{row}行" for row in row_numbers]
    frame = pd.DataFrame(columns, index=pd.Index(row_numbers, name="row"))
    return Ledger(path=path, sheet=sheet, header_row=header_index + 1, positions=positions, frame=frame,
                  findings=findings, unknown_headers=unknown)


#: days from the 1904 date system's serial 0 (1904-01-01) back to the 1900 system's (1899-12-30)
_DAYS_1904 = 1462


def _from_1904(value: Any) -> Any:
    """A 1904-system serial as the 1900 system's (what `parse_date` reads); 20190903 and the rest as they are."""
    if value.__class__ in (int, float) and 0 <= value < 19000101:
        return value + _DAYS_1904
    return value


_BLANK_TEXT = re.compile(r"\x7f\s+(?=\x7f|$)")


def _keyless_rows(columns_t, texts: _ColumnTexts, case_col: int, person_col: int, rows_mask) -> np.ndarray:
    """The rows of `rows_mask` whose 案件编号 and 信访人 are both empty or only spaces: the only rows whose
    count of filled cells may be inflated by cells holding nothing but spaces (a case names its case or its
    petitioner). Two columns are asked, by their joined text, not every cell (issue 15)."""
    keys = [c for c in (case_col, person_col) if c >= 0]
    if not keys or not rows_mask.any():
        return np.flatnonzero(np.zeros(0, dtype=bool))
    keyless = rows_mask.copy()
    for c in keys:
        filled = np.fromiter(map(operator.truth, columns_t[c]), dtype=bool, count=len(rows_mask))
        joined = texts.joined(c)[0]
        if joined[:1].isspace() or _BLANK_TEXT.search(joined):
            for offset in np.flatnonzero(filled & keyless):
                value = columns_t[c][offset]
                if value.__class__ is str and value.isspace():
                    filled[offset] = False
        keyless &= ~filled
    return np.flatnonzero(keyless)


def _true_counts(columns_t, body, known_cols: list[int], count: int) -> np.ndarray:
    """How many of the known columns' cells are true in each row, exact wherever it is 4 or less (only
    "more than 4" is asked of the others). Column by column in C until few rows are still in doubt, then
    those rows cell by cell: a ledger fills most of its first columns, so 5 of 60 columns usually settle
    every case row (issue 15)."""
    filled_count = np.zeros(count, dtype=np.int32)
    for done, c in enumerate(known_cols, start=1):
        filled_count += np.fromiter(map(operator.truth, columns_t[c]), dtype=bool, count=count)
        if done % 5 == 0 and done < len(known_cols):
            doubtful = np.flatnonzero(filled_count <= 4)
            if len(doubtful) <= count // 100 + 8:
                rest = known_cols[done:]
                for offset in doubtful:
                    row = body[offset]
                    filled_count[offset] += sum([1 for c in rest if row[c]])
                break
    return filled_count


def _join_merged_blocks(body, header_index, positions, merged_below, sheet, findings) -> None:
    """Rows whose 案件编号 is merged down from the row above belong to that case (one case typed over two
    rows): their own text joins the case's cells, line by line, and the row is not a case of its own."""
    case_col = positions.get("case_id", positions.get("petitioner"))  # the cell a case is typed over
    if case_col is None:
        return
    text_cols = [p for f, p in positions.items() if BY_FIELD[f].kind is Kind.TEXT and not BY_FIELD[f].identity]
    owner = None
    joined: dict[int, list[int]] = {}
    for offset, row in enumerate(body):
        covered = merged_below.get(header_index + 1 + offset)
        if covered is None or case_col not in covered or owner is None:
            owner = offset
            continue
        top = body[owner]
        for c in text_cols:
            if c not in covered and _filled(row[c]):
                top[c] = f"{top[c]}\n{row[c]}" if _filled(top[c]) else row[c]
        body[offset] = [None] * len(row)
        joined.setdefault(owner, []).append(offset)
    for owner, rows in joined.items():
        first = header_index + 2 + owner
        also = "、".join(f"第{header_index + 2 + r}行" for r in rows)
        findings.append(READER["R030"].finding(
            f"第{first}行的案件编号是向下合并的单元格，{also}作为同一件案件读取（其中的文字并入第{first}行）。",
            None, sheet, f"{column_letter(case_col)}{first}", first, BY_FIELD["case_id"].header))


_TOTAL_PREFIXES = ("合计", "小计", "总计", "共计", "汇总", "累计")  # 汇总: Excel's label for a table's totals row
#: what may follow the word in a totals row's label: a count (合计：12件, 共计（5 人）), nothing else
_TOTAL_TAIL = re.compile(r"[\s:：()（）\[\]【】0-9.,，、%件人次户项起条个宗批元万]*")


def _totals_row(value: Any, row: Sequence[Any]) -> bool:
    """Whether `value`, a cell of `row`, labels a 合计/小计 row: the word alone or with a count, or the word
    opening a text in a row whose other cells hold numbers only. A case whose first column is its 诉求内容
    (“累计拖欠工资3万元”, “汇总反映村民意见”) is a case."""
    if not isinstance(value, str):
        return False
    text = "".join(value.split())
    word = next((w for w in _TOTAL_PREFIXES if text.startswith(w)), None)
    if word is None:
        return False
    if _TOTAL_TAIL.fullmatch(text, len(word)):
        return True
    others = [v for v in row if v is not value and _filled(v)]
    return bool(others) and all(_number_like(v) for v in others)


def _number_like(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, int | float):
        return True
    return isinstance(value, str) and _TOTAL_TAIL.fullmatch(value.strip()) is not None and any(
        ch.isdigit() for ch in value)


def _skip_repeats_and_totals(body, columns, texts, header_index, positions, data_mask, sheet, rows,
                             findings) -> None:
    """A header repeated down the sheet (for printing) and a 合计/小计 row are not cases."""
    header = rows[header_index]
    titles = {c: hd.normalize(header[c]) for c in positions.values() if c < len(header) and _filled(header[c])}
    need = min(2, len(titles))
    case_col = positions.get("case_id", min(positions.values(), default=0))
    hits = _title_hits(texts, titles, data_mask) if need else {}
    kept = np.flatnonzero(data_mask)
    first_case = int(kept[0]) if len(kept) else -1
    for offset in _rows_to_look_at(columns, texts, case_col, kept, hits, first_case):
        row = body[offset]
        number = header_index + 2 + int(offset)
        first = next((v for v in row if _filled(v)), None)
        case = row[case_col] if case_col < len(row) else None
        if offset == first_case and _column_numbers(row):
            data_mask[offset] = False
            findings.append(READER["R042"].finding(
                f"第{number}行是栏次行（{'、'.join(str(_display(v)) for v in row if _filled(v))[:40]}），不是案件，未计入。",
                None, sheet, f"{column_letter(row.index(first))}{number}", number, "", None, first))
            continue
        sample = next((v for v in (case, first) if isinstance(v, str) and _EXAMPLE.match(
            unicodedata.normalize("NFKC", v).strip())), None)
        if sample is not None:
            data_mask[offset] = False
            findings.append(READER["R040"].finding(
                f"第{number}行“{' '.join(sample.split())}”是填写示例，不是案件，未计入。", None, sheet,
                f"{column_letter(row.index(sample))}{number}", number, "", None, sample))
            continue
        same = hits.get(int(offset), 0)
        if need and same >= need:
            data_mask[offset] = False
            findings.append(READER["R031"].finding(
                f"第{number}行是重复的表头，已跳过。", None, sheet, f"{column_letter(case_col)}{number}", number,
                header[case_col] if case_col < len(header) else "", None, case))
            continue
        for value in (case, first):
            if _totals_row(value, row):
                data_mask[offset] = False
                findings.append(READER["R032"].finding(
                    f"第{number}行“{' '.join(value.split())}”是合计/小计行，不是案件，已跳过。", None, sheet,
                    f"{column_letter(row.index(value))}{number}", number, "", None, value))
                break


def _skip_table_totals(body, table_totals: Sequence[TotalsRows], header_index: int, data_mask, sheet: str,
                       findings: list[Finding], key_col: int = 0) -> set[int]:
    """An Excel table's 汇总行 (its count or sum, with or without a label) is not a case (R032); the offsets
    of those rows in `body`. Only a table spanning the ledger's key column (案件编号, else 信访人) is the
    ledger's: the totals row of a small table of counts beside it is a row of that table, and the sheet row
    it shares may hold a case."""
    skipped: set[int] = set()
    for totals in table_totals:
        if not totals.left <= key_col <= totals.right:
            continue
        for number in range(totals.first, totals.last + 1):
            offset = number - header_index - 2
            if not 0 <= offset < len(body):
                continue
            row = body[offset]
            first = next((c for c, v in enumerate(row) if _filled(v)), None)
            if first is None:
                continue
            data_mask[offset] = False
            skipped.add(offset)
            findings.append(READER["R032"].finding(
                f"第{number}行是表格“{totals.table}”的汇总行，不是案件，已跳过。", None, sheet,
                f"{column_letter(first)}{number}", number, "", None, _display(_at(row, first))))
    return skipped


def _rows_to_look_at(columns, texts: _ColumnTexts, case_col: int, kept, hits: dict[int, int], first_case: int):
    """The rows `_skip_repeats_and_totals` must look at, of those kept: a row whose 案件编号 is a plain text,
    with nothing filled to its left, is its own first cell, and it can be a 填写示例 or a 合计 row only if that
    text has 例, 计 or 汇 (or something NFKC folds). The others — the first, those reading as the header, those
    without such a 案件编号 — are all looked at (issue 15: a generator over every cell of every row was
    a quarter of the check of 100,000 rows)."""
    if not 0 <= case_col < len(columns) or not len(kept):
        return kept
    cases = columns[case_col]
    plain = np.fromiter((v.__class__ is str and bool(v.strip()) for v in cases), dtype=bool, count=len(cases))
    for c in range(case_col):  # a filled cell left of the 案件编号 is the row's first
        plain &= np.fromiter((not _filled(v) for v in columns[c]), dtype=bool, count=len(cases))
    joined = texts.joined(case_col)[0]
    if "例" in joined or "计" in joined or "汇" in joined or not unicodedata.is_normalized("NFKC", joined):
        plain &= np.fromiter((not (v.__class__ is str and ("例" in v or "计" in v or "汇" in v
                                                          or not unicodedata.is_normalized("NFKC", v)))
                              for v in cases), dtype=bool, count=len(cases))
    look = ~plain
    if first_case >= 0:
        look[first_case] = True
    for offset in hits:
        look[offset] = True
    return kept[look[kept]]


def _reserved_rows(rows: list[int], case_col: int, sheet: str) -> Finding:
    """One 提示 for every pre-numbered row (`第12–40行、第45行只有案件编号`): not cases, but never silent."""
    runs: list[list[int]] = []
    for row in rows:
        if runs and row == runs[-1][1] + 1:
            runs[-1][1] = row
        else:
            runs.append([row, row])
    shown = "、".join(f"第{a}行" if a == b else f"第{a}–{b}行" for a, b in runs[:10])
    more = f"等（共 {len(rows)} 行）" if len(runs) > 10 else ""
    first = rows[0]
    return READER["R033"].finding(
        f"{shown}{more}只有案件编号，视为预留空行，未计为案件。", None, sheet, f"{column_letter(case_col)}{first}",
        first, BY_FIELD["case_id"].header)


def _headerless_columns(columns_t, headerless: list[int], rows_mask: np.ndarray, header_index: int,
                        sheet: str) -> Iterator[Finding]:
    """R034 for each column without a header whose cells in the table's rows hold something."""
    for c in headerless:
        cells = np.asarray(columns_t[c], dtype=object)
        hits = np.flatnonzero(rows_mask & np.not_equal(cells, "") & np.not_equal(cells, None))
        first = next((int(i) for i in hits if _filled(cells[i])), None)
        if first is None:
            continue
        letter, row = column_letter(c), header_index + 2 + first
        count = sum(1 for i in hits if _filled(cells[i]))
        value = _display(cells[first])
        yield READER["R034"].finding(
            f"{letter}列没有表头，其中 {count} 格有内容（第一格 {letter}{row}“{_short_text(value)}”），没有读取。",
            f"请在 {letter}{header_index + 1} 填上表头（如“备注”，或这一列内容对应的标准列名），"
            "或把内容移到有表头的列，再运行。", sheet, f"{letter}{row}", row, "", None, value)


def _short_text(value: Any) -> str:
    text = " ".join(str(value).split())
    return text if len(text) <= 30 else text[:28] + "…"


_COLUMN_LABELS = frozenset("甲乙丙丁戊己庚辛壬癸")


def _column_numbers(row: list[Any]) -> bool:
    """A statistical form's 栏次 row under the header: 甲、乙 for the text columns, then 1, 2, 3 … in order."""
    numbers: list[int] = []
    for value in row:
        if not _filled(value):
            continue
        if isinstance(value, str) and value.strip() in _COLUMN_LABELS:
            continue
        number = _parse_int(value.strip() if isinstance(value, str) else value)
        if number is None or (isinstance(value, str) and not value.strip().isdigit()):
            return False
        numbers.append(number)
    return len(numbers) >= 3 and numbers == list(range(numbers[0], numbers[0] + len(numbers)))


_FULL_WIDTH = re.compile("[\uff01-\uff5e\u3000]+")  # full-width ASCII and the ideographic space
#: every character NFKC folds into a Chinese character it is not (a superset: radicals, compatibility
#: ideographs, ㈱ and ㊙-like enclosed forms, ㍻-like squares); `test_speed` checks it against every code point
_FOLDS_TO_IDEOGRAPH = re.compile("[\u2e80-\u2fdf\u3038-\u303a\u3190-\u319f\u3200-\u33ff\uf900-\ufaff"
                                 "\U0001f200-\U0001f2ff\U0002f800-\U0002fa1f]")


def _is_ideograph(ch: str) -> bool:
    """A Chinese character of Unicode's unified blocks (what `_FOLDS_TO_IDEOGRAPH` folds into)."""
    code = ord(ch)
    return 0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF or 0x20000 <= code <= 0x3134F


class _ColumnTexts:
    """Each sheet column's text joined once, for the checks that first ask a whole column (issue 15: the
    repeated-header search, the control-character scan and the identity shortcut each joined every column).

    `joined(c)` is (the cells' text with DEL between them, the cells with "" for a value that is not text,
    whether every cell was text). DEL is ASCII, no space, allowed in XML, never folded by NFKC and never
    typed in a cell (should one be, splitting the text again gives more pieces than cells, and they are
    compared one by one)."""

    SEP = "\x7f"

    def __init__(self, columns) -> None:
        self.columns = columns
        self._texts: dict[int, tuple[str, Any, bool]] = {}

    def joined(self, c: int) -> tuple[str, Any, bool]:
        try:
            return self._texts[c]
        except KeyError:
            pass
        cells = self.columns[c]
        try:
            found = ("\x7f".join(cells), cells, True)  # a column of text (calamine gives "" for an empty cell)
        except TypeError:
            cells = [v if v.__class__ is str else "" for v in cells]
            found = ("\x7f".join(cells), cells, False)
        self._texts[c] = found
        return found


def _title_hits(texts: _ColumnTexts, titles: dict[int, str], data_mask) -> dict[int, int]:
    """Row offset → how many of its cells read as their column's header (`hd.normalize(cell) == title`).

    A column at a time, without normalizing each cell (that was most of the reader's time on 20,000 rows,
    issue 15): the column's text is NFKC-folded in one call, and after NFKC, normalize() only drops
    characters (and lower-cases ASCII), so a cell that lacks one of the title's characters cannot be the
    title. Only the cells that have them all are normalized and compared.
    """
    hits: dict[int, int] = {}
    for c, title in titles.items():
        wide = tuple(dict.fromkeys(ch for ch in title if not ch.isascii()))
        marks = wide or tuple(dict.fromkeys(title))
        joined, cells, _ = texts.joined(c)
        # Most text is NFKC already (is_normalized is a quick check; normalize() copies the column); the rest
        # mostly folds only full-width forms (（：１), into ASCII, which gives no cell a Chinese mark it lacks.
        # A Chinese mark no cell has is made by folding only from the few characters that fold into one (one
        # search; dropping the full-width forms first cost 90 ms a column of 100,000 texts with Chinese commas).
        lacking = [mark for mark in marks if mark not in joined] if wide else ()
        if lacking and (unicodedata.is_normalized("NFKC", joined)
                        or (any(map(_is_ideograph, lacking)) and _FOLDS_TO_IDEOGRAPH.search(joined) is None)
                        or unicodedata.is_normalized("NFKC", _FULL_WIDTH.sub("", joined))):
            continue
        folded = joined if unicodedata.is_normalized("NFKC", joined) else unicodedata.normalize("NFKC", joined)
        if not all(mark in folded or mark.upper() in folded for mark in marks):
            continue  # no cell of this column has them all
        pieces = folded.split(texts.SEP)
        if len(pieces) != len(cells):  # a DEL typed in a cell (NFKC never makes or takes one): each cell
            pieces = [unicodedata.normalize("NFKC", cell) for cell in cells]  # folded, as the marks need
        for offset, piece in enumerate(pieces):
            if (piece and data_mask[offset] and all(m in piece or m.upper() in piece for m in marks)
                    and hd.normalize(cells[offset]) == title):
                hits[offset] = hits.get(offset, 0) + 1
    return hits


def _is_case_row(row, index, known_cols, case_col, person_col, sheet, findings, unread_cols=(),
                 reserved: list[int] | None = None) -> bool:
    """For a row with few filled cells: a case, a pre-numbered empty row, or a note under the table.

    `unread_cols`: the columns that are not read (no header, or an unknown one); `reserved` collects the
    pre-numbered rows (their sheet row numbers), which one 提示 then names."""
    filled = [c for c in known_cols if c < len(row) and _filled(row[c])]
    if not filled:
        return False
    if len(filled) == 1:
        only = row[filled[0]]
        looks_like_note = isinstance(only, str) and (only.strip().startswith(NOTE_PREFIXES) or len(only) > 20
                                                     or _SECTION_TITLE.match(only.strip()) is not None)
        if filled[0] == case_col and not looks_like_note:
            if any(_filled(_at(row, c)) for c in unread_cols):
                return True  # a case number and content in a column not read: a case (that column is reported)
            if reserved is not None:
                reserved.append(index + 1)
            return False  # a pre-numbered empty row
        if filled[0] == person_col and not looks_like_note:
            return True  # a petitioner without anything else yet: a case whose 案件编号 is missing
        findings.append(READER["R000"].finding(
            f"第{index + 1}行只有一格有内容，视为表下备注，未计为案件。",
            "如果这是一件案件，请补全案件编号、信访人等内容。", sheet, f"{column_letter(filled[0])}{index + 1}",
            index + 1, "", None, str(only)))
        return False
    first = row[filled[0]]
    if isinstance(first, str) and _SIGNATURE.match(unicodedata.normalize("NFKC", first).strip()):
        findings.append(READER["R000"].finding(  # 制表人：李某 | 审核人：王某 | 2019年11月1日 under the table
            f"第{index + 1}行“{_short_text(first)}”是表格下方的落款（制表人、审核人、填报日期等），未计为案件。",
            "如果这是一件案件，请补全案件编号、信访人等内容。", sheet, f"{column_letter(filled[0])}{index + 1}",
            index + 1, "", None, str(first)))
        return False
    if not (isinstance(first, str) and first.strip().startswith(NOTE_PREFIXES)
            and not _filled(_at(row, person_col)) and len(filled) <= 2):
        return True
    if _totals_row(first, row):
        return True  # a 合计 row (合计 … 4件): _skip_repeats_and_totals skips it and says so (R032)
    findings.append(READER["R000"].finding(  # a note in two cells (注： | …) is said too, never dropped unseen
        f"第{index + 1}行“{_short_text(first)}”是表下备注，未计为案件。",
        "如果这是一件案件，请补全案件编号、信访人等内容。", sheet, f"{column_letter(filled[0])}{index + 1}",
        index + 1, "", None, str(first)))
    return False


#: a title between the blocks of one sheet (一、在办案件 / （二）已办结案件), never a case number
_SECTION_TITLE = re.compile(r"(?:[一二三四五六七八九十]{1,3}、|[(（][一二三四五六七八九十]{1,3}[)）])\s*\S")
#: the signature line under a table (制表人：李某, 审核人：王某, 填报日期：…), never a case's first cell
_SIGNATURE = re.compile(r"(?:制表人?|填表人?|填报人|审核人?|审批人|负责人|单位负责人|分管领导|主要领导|统计人|经办人|"
                        r"填报单位|填报日期|制表日期|报送日期|统计日期|填报时间|制表时间)\s*[:：]")


def _empty(value: Any) -> bool:
    """An empty cell as calamine gives it ("") or as the reader pads a short row (None)."""
    return value is None or value.__class__ is str and value == ""


def _filled(value: Any) -> bool:
    return not (value is None or (isinstance(value, str) and not value.strip()))


def _at(row: list[Any], index: int) -> Any:
    return row[index] if index < len(row) else None


def _convert(column: Column, raw: Sequence[Any], row_numbers, sheet, position, findings, rows, case_col,
             shared: tuple[str, Any, bool] | None = None):
    """The column's cells as the ledger holds them, each unreadable one a finding. `shared`: the text of the
    sheet column `raw` was taken from (`_ColumnTexts.joined`), which the whole-column checks ask first."""
    if position is None:
        if column.kind is Kind.DATE:
            return pd.Series(pd.NaT, index=range(len(raw)), dtype="datetime64[ns]").to_numpy()
        if column.kind is Kind.INT:
            return pd.array([pd.NA] * len(raw), dtype="Int64")
        return raw

    def problem(i: int, value: Any, code: str, message: str, hint: str | None = None):
        row = row_numbers[i]
        case = rows[row - 1][case_col] if case_col < len(rows[row - 1]) else None
        findings.append(READER[code].finding(message, hint, sheet, f"{column_letter(position)}{row}", row,
                                             column.header, _text(case) or None, _display(value)))

    if (column.kind is not Kind.TEXT or column.identity) and column.field != "case_id":  # a 案件编号 is its name
        cleared = _placeholders(column, raw, row_numbers, sheet, position, findings, shared)
        if cleared is not raw:
            raw, shared = cleared, None  # (no longer the sheet column's text)
    odd_text = _report_odd_text(column, raw, problem, shared)

    if column.kind is Kind.DATE:
        parsed = parse_dates(raw)
        for i in parsed.bad:
            if isinstance(raw[i], dt.time | dt.timedelta):
                problem(i, raw[i], "R001", f"“{column.header}”是一个时间或 1900 年以前的日期序号，不是能识别的日期。",
                        "请填写日期，如 2019-09-03，并把单元格格式设为“日期”。")
                continue
            if lacks_year(raw[i]):
                problem(i, raw[i], "R001", f"“{column.header}”的“{_display(raw[i])}”没有年份，无法确定是哪一天。",
                        "请写上年份，如 2019-09-03 或 2019年9月3日（表头或标题里的年份不会代入）。")
                continue
            why = why_not_a_date(raw[i])
            if why is not None:
                problem(i, raw[i], "R001", f"“{column.header}”的“{_display(raw[i])}”不是日期：{why}。",
                        "请核对后写成四位年份的年-月-日，如 2019-09-03。")
                continue
            problem(i, raw[i], "R001", f"“{column.header}”的内容“{_display(raw[i])}”不是能识别的日期"
                    "（或年份不在 1949—2100 年之间）。",
                    "请填写日期，如 2019-09-03、2019/9/3、2019.9.3 或 2019年9月3日，并核对年份。")
        for i in parsed.unsettled:
            problem(i, raw[i], "R011", f"“{column.header}”的“{raw[i]}”分不清哪个是月、哪个是日（这一列没有能定下顺序的日期），"
                    "没有读取。", "请改写成 2019-09-03 这样年-月-日的格式。")
        if parsed.by_order:
            first = parsed.by_order[0]
            example = raw[first]
            day = parsed.days[first]
            problem(first, example, "R012", f"“{column.header}”的日期写成“{parsed.order}”（本列有日数大于 12 的日期），"
                    f"其中 {len(parsed.by_order)} 个月、日都不超过 12 的也按“{parsed.order}”读取，如“{example}”读作"
                    f"{day.year}年{day.month}月{day.day}日。",
                    "请核对；改写成 2019-09-03 这样年-月-日的格式就不会有歧义。")
        epoch = _UNIX_EPOCH_ORDINAL
        numbers = {day: day.toordinal() - epoch for day in set(parsed.days) if day is not None}
        days = np.fromiter(map(numbers.get, parsed.days, itertools.repeat(_NAT)), dtype=np.int64,
                           count=len(parsed.days))
        return days.view("datetime64[D]").astype("datetime64[ns]")
    if column.kind is Kind.INT:
        ints = _each_distinct(raw, _int_value)  # a few distinct counts over many rows (issue 15)
        if any(map(operator.is_, ints, itertools.repeat(_NOT_AN_INT))) or any(
                map(operator.is_, ints, itertools.repeat(_TOO_BIG))):
            for i, number in enumerate(ints):
                if number is _NOT_AN_INT:
                    problem(i, raw[i], "R002", f"“{column.header}”应为整数，现为“{_display(raw[i])}”。", "请只填数字，如 3。")
                    ints[i] = pd.NA
                elif number is _TOO_BIG:
                    problem(i, raw[i], "R022", f"“{column.header}”的数字 {_short_number(raw[i])} 大得不合理，已按未填写处理。",
                            f"请核对并改成正确的数字（{column.header}不会超过 {MAX_NUMBER:,}）。")
                    ints[i] = pd.NA
        return pd.array(ints, dtype="Int64")
    if column.identity:
        values = _identities(column, raw, shared, problem, odd_text)
        if shared is None or not shared[2]:  # a cell that is not text: Excel may have made a date of it
            for i, value in enumerate(raw):
                if isinstance(value, dt.date):
                    problem(i, value, "R039", f"“{column.header}”是一个日期（{_display(value)}）：Excel 会把“2019-1”"
                            "“1-3”这样的编号自动改成日期，原来的写法已看不出来，按日期的写法读取。")
        if _may_hold_exponents(raw, shared):
            for i, value in enumerate(raw):
                if value.__class__ is str and _EXPONENT.fullmatch(value):
                    problem(i, value, "R035", f"“{column.header}”写成了科学计数法“{value.strip()}”：这是表格软件把长号码"
                            "当作数字显示的样子，后几位已经丢失，按未填写处理。")
                    values[i] = None
        return values
    if column.kind in (Kind.CHOICE, Kind.YESNO):
        return _each_distinct(raw, _choice_text)  # a few distinct values over many rows (issue 15)
    if shared is not None and shared[2] and _nothing_to_strip(shared[1]):
        return [v or None for v in raw]  # all text, none with a space to strip at either end
    return [(v.strip() or None) if v.__class__ is str else None if v is None else _text(v) for v in raw]


#: What offices type into a cell that has nothing to say (斜杠、横杠: 不适用 / 没有): no value, in any column
#: that holds a date, a number, a choice or a number-like text; the words only where a word cannot be a value
#: (a 是否 column's 无 may mean 否, and is left to the dictionary check)
_PLACEHOLDER_MARKS = frozenset("/／\\＼-－—–―─")
_PLACEHOLDER_WORDS = frozenset({"无", "暂无", "没有", "空", "不详", "未知", "待定"})
_PLACEHOLDER_CHARS = re.compile("[" + re.escape("".join(_PLACEHOLDER_MARKS) + "".join({w[0] for w in _PLACEHOLDER_WORDS}))
                                + "]")


#: a character no placeholder holds (neither a mark, nor one of a word's, nor white space): most texts begin so
_NOT_A_PLACEHOLDER = re.compile("[^\\s" + re.escape("".join(_PLACEHOLDER_MARKS) + "".join(
    {ch for w in _PLACEHOLDER_WORDS for ch in w})) + "]")


#: a cell of the joined column text (`_ColumnTexts`, DEL between cells, and one put at either end) holding
#: nothing but what a placeholder holds
_PLACEHOLDER_CELL = re.compile("\x7f([\\s" + re.escape("".join(_PLACEHOLDER_MARKS) + "".join(
    {ch for w in _PLACEHOLDER_WORDS for ch in w})) + "]+)(?=\x7f)")


def _placeholder(value: Any, words: bool) -> bool:
    if value.__class__ is not str or _NOT_A_PLACEHOLDER.search(value):
        return False  # (one search in C: an identity column's 100,000 distinct numbers were split and joined)
    text = "".join(value.split())
    return bool(text) and len(text) <= 6 and (set(text) <= _PLACEHOLDER_MARKS or (words and text in _PLACEHOLDER_WORDS))


def _placeholders(column: Column, raw: Sequence[Any], row_numbers, sheet, position, findings,
                  shared: tuple[str, Any, bool] | None = None) -> Sequence[Any]:
    """`raw` with the cells holding only a placeholder (/, —, 无…) emptied, said once for the column (R044);
    `raw` itself when there are none. `shared`: the sheet column's text, asked first (a column of dates or
    numbers has none)."""
    words = column.kind in (Kind.DATE, Kind.INT) or column.identity
    if shared is not None:
        if not _PLACEHOLDER_CHARS.search(shared[0]):
            return raw
        # the cells made of placeholder characters only, found in the joined text by one search (a 联系电话 or
        # 卷宗编号 column has a dash in most cells: each distinct one was looked at, 40 ms of 100,000 rows)
        marks = {v for v in set(_PLACEHOLDER_CELL.findall(f"\x7f{shared[0]}\x7f")) if _placeholder(v, words)}
    else:
        try:
            marks = {v for v in set(raw) if _placeholder(v, words)}  # a few distinct values over many rows
        except TypeError:
            marks = {v for v in raw if v.__class__ is str and _placeholder(v, words)}
    if not marks:
        return raw
    hits = [i for i, v in enumerate(raw) if v.__class__ is str and v in marks]
    if not hits:  # (the sheet column's text is a superset: a row not kept, or a cell with a DEL typed in it)
        return raw
    marks = {raw[i] for i in hits}
    shown = "、".join(f"第{row_numbers[i]}行" for i in hits[:5]) + ("等" if len(hits) > 5 else "")
    typed = "”“".join(sorted({" ".join(v.split()) for v in marks}))
    first = row_numbers[hits[0]]
    findings.append(READER["R044"].finding(
        f"“{column.header}”有 {len(hits)} 格只填了“{typed}”（{shown}），按没有填写读取。", None, sheet,
        f"{column_letter(position)}{first}", first, column.header, None, raw[hits[0]]))
    cleared = list(raw)
    for i in hits:
        cleared[i] = None
    return cleared


#: A long number as a spreadsheet shows it once it took it for a number (`5.11723E+17`): its tail is gone
_EXPONENT = re.compile(r"\s*[0-9](?:\.[0-9]+)?[eE]\+?[0-9]{1,3}\s*")


def _may_hold_exponents(raw: list[Any], shared: tuple[str, Any, bool] | None) -> bool:
    if shared is not None:
        return "E+" in shared[0] or "e+" in shared[0]
    return any(v.__class__ is str and ("E+" in v or "e+" in v) for v in raw)


def _identities(column: Column, raw: Sequence[Any], shared, problem, odd_text: _OddText | None = None) -> list[Any]:
    """An identity column's cells as text, never guessed (DESIGN §4)."""
    if column.field == "id_number":
        for i, value in enumerate(raw):
            if value.__class__ is float and value >= 1e15:  # 16+ digits: the tail is gone
                problem(i, value, "R003",
                        "身份证号被存成了数字，Excel 只保留 15 位有效数字，后几位已经丢失。",
                        "请把该单元格设为“文本”格式后，照身份证重新输入完整号码。")
        # the check digit X is sometimes typed in lower case; nothing else is changed
        return [None if v == "" or v is None
                else v.upper() if v.__class__ is str and v.isascii() and v.isalnum()
                else _several_ids(v) or (_identity_text(v) or "").upper() or None for v in raw]
    if column.field == "phone":  # several numbers may be separated by spaces: keep one space
        if _plain_identities(raw, shared, odd_text):
            return [v or None for v in raw]
        raw = _long_numbers(column, raw, problem)
        return [None if v == "" or v is None else _spaced_text(v) for v in raw]
    if _plain_identities(raw, shared, odd_text):
        return [v or None for v in raw]
    raw = _long_numbers(column, raw, problem)
    return [None if v == "" or v is None
            else v if v.__class__ is str and v.isascii() and v.isalnum()
            else _identity_text(v) for v in raw]


def _long_numbers(column: Column, raw: Sequence[Any], problem) -> Sequence[Any]:
    """A 案件编号 (or another number-like identity) stored as a number of 16 or more digits has lost its tail, as
    an ID number has (R003): cases whose numbers differ only there read as one, a duplicate. Such a number is
    read as Excel shows it, 15 digits and then zeros (never as the float's invented digits), and said (R049).
    The cells so read, a copy when one changed (`raw` may be the sheet column itself)."""
    changed: list[Any] | None = None
    for i, value in enumerate(raw):
        if value.__class__ is float and value >= 1e15 and value.is_integer():
            shown = str(int(decimal.Decimal(f"{value:.15g}")))
            if changed is None:
                changed = list(raw)
            changed[i] = shown
            problem(i, shown, "R049",
                    f"“{column.header}”被存成了数字，Excel 只保留 15 位有效数字，后几位已经丢失（现为 {shown}）。")
    return raw if changed is None else changed


def _nothing_to_strip(cells) -> bool:
    """Whether no text of a column of texts starts or ends with a space: `str.strip` gives back the very same
    string for each (one pass in C; a regex over the joined column cost four times as much, most of it on
    long 诉求内容 texts, issue 15)."""
    return all(map(operator.is_, map(str.strip, cells), cells))


#: The most characters an Excel cell holds: a longer text (a system's export) is cut by Excel and by every writer.
EXCEL_CELL_CHARS = 32_767

#: Bigger integers are typing mistakes (and overflow the integer columns and date arithmetic).
MAX_NUMBER = 999_999


def _short_number(value: Any) -> str:
    text = str(_display(value)) if not isinstance(value, float) else f"{value:.6g}"
    return text if len(text) <= 24 else text[:20] + "…"


def _longest(raw: Sequence[Any]) -> int:
    """The length of the longest text among the cells (`len` mapped in C: a generator over every cell of every
    long column cost 0.15 s of a 20,000-row read, issue 15)."""
    try:
        return max(map(len, raw), default=0)
    except TypeError:  # numbers or dates among the texts
        return max(map(len, [v for v in raw if v.__class__ is str]), default=0)


class _OddText(NamedTuple):
    """What `_report_odd_text` found in the sheet column's joined text (`shared`), for `_plain_identities` to
    ask again of the same text without searching it again (issue 15: an identity column was searched twice)."""

    control: bool  # a control character other than the DELs between cells (or a DEL typed in a cell)
    normalized: bool | None  # the text is NFKC already (None: not asked)
    odd: bool | None  # an invisible or look-alike character once NFKC-folded (None: not looked for)


def _report_odd_text(column: Column, raw: Sequence[Any], problem,
                     shared: tuple[str, Any, bool] | None = None) -> _OddText | None:
    """Control characters in any text cell (提示, once per cell); invisible or look-alike characters in an
    identity cell (警告). Scanned a column at a time: one search over the joined text finds whether to look
    (`shared`, the sheet column's, or the cells' own). What it found in `shared`, given."""
    typed_del = False
    if shared is not None:
        joined = shared[0]  # its cells with DEL between them: one more DEL is one typed in a cell
        typed_del = joined.count("\x7f") >= len(shared[1])
        control = typed_del or CONTROL_BUT_DEL.search(joined)
    else:
        try:
            joined = "".join(raw)  # a column of text (calamine gives "" for an empty cell): no list to build
        except TypeError:
            joined = "".join([v for v in raw if v.__class__ is str])
        control = CONTROL.search(joined)
    if not joined:
        return None
    # over Excel's cell limit: a text column's letter or report (a 信访人 or a date that long is wrong anyway, and
    # said so by its own check); looked at only there, as the length of every cell costs 0.3 s of 100,000 rows
    # calamine gives at most Excel's limit of an .xlsx cell, cutting the rest without a word: a text of exactly
    # that length was most likely longer in the file
    if column.kind is Kind.TEXT and len(joined) >= EXCEL_CELL_CHARS and (
            shared is None or typed_del or _may_hold_a_long_cell(joined)) and _longest(raw) >= EXCEL_CELL_CHARS:
        for i, value in enumerate(raw):
            if value.__class__ is not str or len(value) < EXCEL_CELL_CHARS:
                continue
            if len(value) == EXCEL_CELL_CHARS:
                problem(i, value[:40] + "…", "R038", f"“{column.header}”有 {EXCEL_CELL_CHARS:,} 个字符，正是 Excel 一个单元格"
                        "的上限：文件里超出的部分（如有）读取时已被截掉，没有读取，生成的文书和输出表格里也没有。")
            else:
                problem(i, value[:40] + "…", "R038", f"“{column.header}”有 {len(value):,} 个字符，超过 Excel 一个单元格的上限"
                        f" {EXCEL_CELL_CHARS:,}：Excel 打开这个文件时会截断，合并台账等输出表格只保留前 {EXCEL_CELL_CHARS:,} 个"
                        "（生成的 Word 文书保留全文）。")
    if control:
        for i, value in enumerate(raw):
            if value.__class__ is str and CONTROL.search(value):
                shown = value if len(value) <= 200 else value[:200] + "…"  # a whole letter is no value to show
                problem(i, shown, "R021", f"“{column.header}”里有看不见的控制字符（{'、'.join(control_names(value))}），"
                        "输出文件中已换成换行或去掉。")
    normalized = odd = None
    if column.identity:
        normalized = joined.isascii() or unicodedata.is_normalized("NFKC", joined)
        odd = not joined.isascii() and has_odd(joined if normalized else unicodedata.normalize("NFKC", joined))
    if odd:
        for i, value in enumerate(raw):
            if value.__class__ is str and not value.isascii():
                found = odd_characters(unicodedata.normalize("NFKC", value))
                if found:
                    problem(i, value, "R023", f"“{column.header}”“{canonical_identity(value)}”里有看不见或形似的字符"
                            f"（{'、'.join(found)}），已去掉这些字符、把破折号当作“-”来比对。")
    return None if shared is None else _OddText(bool(control), normalized, odd)


def _may_hold_a_long_cell(joined: str) -> bool:
    """Whether the joined text of a column (DEL between its cells, none typed in one) may hold a cell of Excel's
    limit or more: such a cell, 32,767 characters, covers a whole stretch of half that, counted from the start,
    without a DEL. A few searches in C instead of the length of every cell (0.1 s of 100,000 rows, issue 15)."""
    half = EXCEL_CELL_CHARS // 2
    return any(joined.find("\x7f", at, at + half) < 0 for at in range(0, len(joined) - half + 1, half))


def _display(value: Any) -> Any:
    if value.__class__ is bool:  # as Excel and WPS show a logical cell (Python's True is no word a clerk sees)
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        if value != value or value in (math.inf, -math.inf):  # 1E+400 in the XML: no JSON or workbook takes it
            return str(value)
        if value.is_integer():
            return int(value) if abs(value) < 1e20 else f"{value:.6g}"  # an ID number stored as a number, whole; never a 300-digit integer
    if isinstance(value, dt.time):  # what calamine gives for a date cell holding 0 or a negative serial
        return f"时间 {value:%H:%M}"
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):
        value = value.strip()
        return value or None
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dt.datetime):
        return str(_display(value))
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


_SPACE = re.compile(r"\s")


def _plain_identities(raw: list[Any], shared: tuple[str, Any, bool] | None = None,
                      known: _OddText | None = None) -> bool:
    """Whether every cell is text that `_identity_text` would keep as it is (empty or not): no space, nothing
    NFKC folds, no invisible or look-alike character. Asked of the whole column at once (issue 15: 案件编号
    and the 文号 columns were 365,000 calls on 100,000 rows); a column with any other value is done cell by cell.
    `shared`: the text of the sheet column the cells come from (a superset), asked instead of joining again;
    `known`: what `_report_odd_text` found in it."""
    if shared is not None:
        joined, cells, every_text = shared
        if not every_text or joined.count("\x7f") >= len(cells):  # (or a DEL typed in a cell)
            return False
        if known is not None and known.normalized is not None and known.odd is not None:
            return known.normalized and not known.control and not known.odd and _SPACE.search(joined) is None
        control = CONTROL_BUT_DEL
    else:
        try:
            joined = "|".join(raw)  # "|" changes nothing below, and no NFKC composition crosses it
        except TypeError:
            return False
        control = CONTROL
    return (unicodedata.is_normalized("NFKC", joined) and _SPACE.search(joined) is None
            and control.search(joined) is None and not has_odd(joined))


def _identity_text(value: Any) -> str | None:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = _text(value)
    if text is None:
        return None
    return canonical_identity(text) or None


_ID_SEPARATORS = re.compile(r"[\s、,，;；/]+")
_ONE_ID = re.compile(r"[0-9]{17}[0-9Xx]|[0-9]{15}")


def _several_ids(value: Any) -> str | None:
    """Several ID numbers in one cell (联名信访: one a line, or 、 between them) as `A、B`, never run together
    into one long number; None when the cell is not that."""
    if value.__class__ is not str:
        return None
    parts = [p for p in _ID_SEPARATORS.split(unicodedata.normalize("NFKC", value)) if p]
    if len(parts) < 2 or not all(_ONE_ID.fullmatch(p) for p in parts):
        return None
    return "、".join(p.upper() for p in parts)


def _spaced_text(value: Any) -> str | None:
    text = _text(value)
    if text and not text.isprintable():  # a control character (said at its cell, R021) is no part of it
        text = CONTROL.sub("", text)
    return " ".join(unicodedata.normalize("NFKC", text).split()) or None if text else None


def _choice_text(value: Any) -> str | None:
    text = _text(value)
    if text is None:
        return None
    # a control character is said at its cell (R021); the choice is what the clerk sees
    return "".join(unicodedata.normalize("NFKC", CONTROL.sub("", text)).split()) or None


def _each_distinct(raw: Sequence[Any], convert: Callable[[Any], Any]) -> list[Any]:
    """`convert` of every cell, computed once for each distinct value and looked up in C (issue 15). Cell by
    cell where values cannot be told apart as keys: unhashable ones, or a TRUE beside numbers (True == 1 ==
    1.0, one key for three values)."""
    try:
        by_value = {value: convert(value) for value in set(raw)}
    except TypeError:
        return [convert(value) for value in raw]
    if True in by_value or False in by_value:  # a 1 or a 0, or a TRUE or a FALSE: both kinds, one key?
        kinds = set(map(type, raw))
        if bool in kinds and kinds & {int, float}:
            return [convert(value) for value in raw]
    return list(map(by_value.__getitem__, raw))


#: what `_int_value` gives for a cell that is not a whole number, and for one too big to be a count
_NOT_AN_INT, _TOO_BIG = object(), object()


def _int_value(value: Any) -> Any:
    if not _filled(value):
        return pd.NA
    number = _parse_int(value)
    if number is None:
        return _NOT_AN_INT
    return number if -MAX_NUMBER <= number <= MAX_NUMBER else _TOO_BIG


_UNIX_EPOCH_ORDINAL = dt.date(1970, 1, 1).toordinal()
_NAT = np.iinfo(np.int64).min


def _parse_int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else None
    if isinstance(value, str):
        return parse_count(value)
    return None


# ---------------------------------------------------------------------------
# 字典 and 设置


def _read_dictionaries(ledger: Ledger, rows: list[list[Any]]) -> None:
    """字典: row with dictionary names as headers, values beneath; 乡镇 may carry validity columns."""
    if not rows:
        return
    header_index = next((i for i, r in enumerate(rows[:5]) if any(_text(v) in DICTIONARIES for v in r)), None)
    if header_index is None:
        return
    header = [_text(v) for v in rows[header_index]]
    body = rows[header_index + 1:]
    found: dict[str, tuple[str, ...]] = {}
    for index, name in enumerate(header):
        if name in DICTIONARIES:
            values = [_choice_text(r[index]) for r in body if index < len(r)]
            found[name] = tuple(dict.fromkeys(v for v in values if v))
    ledger.dictionaries = {**DICTIONARIES, **{k: v for k, v in found.items() if v}}
    ledger.own_dictionaries = any(found.values())
    if "乡镇" in found and found["乡镇"]:
        ledger.townships = _townships(header, body)


def _townships(header: list[str | None], body: list[list[Any]]) -> tuple[Township, ...]:
    name_at = header.index("乡镇")
    extra = {h: header.index(h) for h in TOWNSHIP_EXTRA_HEADERS if h in header}
    known = {t.name: t for t in TOWNSHIPS}
    result = []
    for row in body:
        name = _choice_text(_at(row, name_at))
        if not name:
            continue
        if not extra:  # a plain list: keep the built-in validity for names we know
            result.append(known.get(name, Township(name)))
            continue
        start, end, successor = (extra.get(h) for h in TOWNSHIP_EXTRA_HEADERS)
        result.append(Township(
            name,
            parse_date(_at(row, start)) if start is not None else None,
            parse_date(_at(row, end)) if end is not None else None,
            _choice_text(_at(row, successor)) if successor is not None else None,
        ))
    return tuple(result)


def _read_settings(ledger: Ledger, rows: list[list[Any]]) -> None:
    """设置's values, each checked against its declared rule (schema.Setting); a bad value is a finding at its
    cell and the default applies. The 节假日调整 block: every row with content is a date and a type."""
    values = {s.key: s.default for s in SETTINGS}
    overrides: dict[dt.date, bool] = {}
    override_rows: dict[dt.date, int] = {}
    in_holidays = False
    for index, row in enumerate(rows):
        label = normalize_header(_at(row, 0))
        if label == HOLIDAY_BLOCK_TITLE:
            in_holidays = True
            continue
        if in_holidays:
            _read_override(ledger, row, index + 1, overrides, override_rows)
            continue
        setting = SETTINGS_BY_LABEL.get(label)
        if setting is None:
            continue
        value = _at(row, 1)
        if not _filled(value):
            continue
        if isinstance(value, dt.date) and setting.key == "report_month":
            value = f"{value.year}-{value.month:02d}"  # Excel turns a typed 2019-09 into 2019-09-01
        elif isinstance(value, dt.date) and setting.key == "report_quarter":
            value = f"{value.year}Q{(value.month - 1) // 3 + 1}"
        elif setting.kind is Kind.INT:
            value = _parse_int(value) if isinstance(value, str) else value
        elif not isinstance(value, str):
            value = _text(value)
        elif setting.choices or setting.pattern:
            value = unicodedata.normalize("NFKC", value).strip()
        else:
            value = value.strip()
        try:
            values[setting.key] = setting.validate(value)
        except ValueError:
            shown = _display(_at(row, 1))
            ledger.findings.append(READER["R005"].finding(
                f"设置“{setting.label}”应为{setting.rule_text or '文字（200 字以内）'}，现为“{shown}”，"
                f"已按默认值{f'“{setting.default}”' if setting.default != '' else '（空）'}处理。",
                f"请在“{SETTINGS_SHEET}”表 B{index + 1} 填写{setting.rule_text or '200 字以内的文字'}。",
                SETTINGS_SHEET, f"B{index + 1}", index + 1, setting.label, None, shown))
    ledger.settings = Settings(values=values, holiday_overrides=overrides)


def _read_override(ledger: Ledger, row: list[Any], number: int, overrides: dict[dt.date, bool],
                   override_rows: dict[dt.date, int]) -> None:
    """One row of 节假日调整: 日期 | 类型 | 说明. A row it cannot use is a finding, never silently skipped."""
    raw_day, raw_kind = _at(row, 0), _at(row, 1)
    if not _filled(raw_day) and not _filled(raw_kind):
        return
    if normalize_header(raw_day) == "日期":  # the block's own header row
        return
    day = parse_date(raw_day) if _filled(raw_day) else None
    if day is None:
        ledger.findings.append(READER["R004"].finding(
            f"节假日调整第{number}行的日期“{_display(raw_day) if _filled(raw_day) else ''}”不是有效日期，该行未使用。",
            "日期请写成 2019-10-01 这样的真实日期（没有 2月30日 这样的日子）。", SETTINGS_SHEET, f"A{number}", number,
            "日期", None, _display(raw_day)))
        return
    kind = _choice_text(raw_kind)
    if kind not in HOLIDAY_KINDS:
        ledger.findings.append(READER["R004"].finding(
            f"节假日调整里 {day} 的类型“{_text(raw_kind) or ''}”无法识别，已忽略。",
            "类型只能填“休息日”或“工作日”。", SETTINGS_SHEET, f"B{number}", number, "类型"))
        return
    working = kind == HOLIDAY_KINDS[1]
    if day in overrides and overrides[day] != working:
        first = override_rows[day]
        ledger.findings.append(READER["R004"].finding(
            f"节假日调整里 {day} 出现两次且类型不同（第{first}行与第{number}行），按第{first}行处理。",
            "同一天只保留一行，删除不对的那一行。", SETTINGS_SHEET, f"A{number}", number, "日期"))
        return
    overrides.setdefault(day, working)
    override_rows.setdefault(day, number)


def iter_ledger_files(folder: Path, patterns: Iterable[str] = ("*.xlsx", "*.xlsm", "*.xls")) -> list[Path]:
    """Spreadsheet files in a folder, skipping Excel's `~$` lock files."""
    found = {p for pattern in patterns for p in folder.glob(pattern) if not p.name.startswith("~$")}
    return sorted(found)
