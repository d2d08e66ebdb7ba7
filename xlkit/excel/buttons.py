"""The Excel buttons of the 台账工具 ribbon: one `f(book)` per button (the shape of an xlwings Server script).

Each click starts a fresh Python (xlwings `RunPython`), so this module imports only the standard library
at the top; pandas and the library modules are imported inside the functions that need them.

Every button reads the book's values first (the live workbook, not the file on disk: the clerk may not
have saved), calls the library, then writes once. The buttons write only into sheets the tool owns
(`校验结果`, `校验标记`, `到期提醒`), into the 设置 sheet's 节假日调整 block (the 节假日调整 button, that block
only) and into new files next to the ledger; they never change a cell the
clerk typed. Cells with problems are marked through `校验标记` (address, rule, message): the ledger
template's conditional formatting colours the cells listed there, so the clerk's own fills and fonts
stay untouched and the marks disappear when the next run no longer lists the cell.

Errors the clerk can fix become a short Chinese message box; anything else also goes to a message box,
with the traceback appended to `xlkit-错误日志.txt` next to the ledger. No traceback reaches the clerk.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

from xlkit.deadlines.days import DAYS_LEFT, DAYS_OVERDUE, days_columns
from xlkit.errors import XlkitError
from xlkit.schema import (
    FINDING_HEADERS,
    LEDGER_SHEET,
    MARK_HEADERS,
    MARK_SHEET,
    OVERDUE_SHEET,
    RESULT_SHEET,
)

TITLE = "台账工具"
DOCS_FOLDER = "文书"
LOG_NAME = "xlkit-错误日志.txt"

#: 剩余天数 or 超期天数, never a negative number of days left (a clerk read “-12” as a typo)
OVERDUE_HEADERS = ("状态", DAYS_LEFT, DAYS_OVERDUE, "期限", "环节", "案件编号", "信访人", "责任股室", "承办人", "位置")
HEADER_COLOUR = "#DDEBF7"
#: severities that mark a ledger cell (提示 are advice, not problems in a cell)
MARKED_SEVERITIES = ("错误", "警告")


class ButtonError(XlkitError):
    """Something the clerk can fix (select a row, save the workbook first); the message is for them."""


# ---------------------------------------------------------------------------
# Running a button: message boxes and the error log


def _alert(book, prompt: str, mode: str = "info") -> None:
    try:
        book.app.alert(prompt, title=TITLE, mode=mode)
    except Exception:  # no window to show it in (e.g. Excel busy): the log still has it
        print(prompt, file=sys.stderr)


def _confirm(book, prompt: str) -> bool:
    """Ask yes/no in Excel; the remote engine cannot wait for an answer, so it goes on."""
    if book.app.engine.name == "remote":
        return True
    return book.app.alert(prompt, title=TITLE, buttons="yes_no") == "yes"


def book_folder(book) -> Path | None:
    """The folder of the workbook on disk, or None for an unsaved (or cloud-only) workbook."""
    try:
        fullname = Path(book.fullname)
    except Exception:
        return None
    return fullname.parent if fullname.is_absolute() else None


def log_path(book) -> Path:
    import tempfile

    folder = book_folder(book) if book is not None else None
    return (folder or Path(tempfile.gettempdir())) / LOG_NAME


def write_log(book, label: str, message: str, details: str = "") -> Path:
    """Append one entry to the error log next to the ledger (the temp folder when it has no folder)."""
    path = log_path(book)
    try:
        name = book.fullname if book is not None else "（未连接到工作簿）"
    except Exception:
        name = "（未知工作簿）"
    entry = f"[{dt.datetime.now():%Y-%m-%d %H:%M:%S}] 按钮“{label}” 工作簿：{name}\n{message}\n"
    if details:
        entry += details.rstrip() + "\n"
    try:
        with path.open("a", encoding="utf-8") as handle:
            handle.write(entry + "\n")
    except OSError:
        pass
    return path


def button(label: str) -> Callable:
    """Run a button body; turn every failure into a Chinese message box and a log entry."""

    def decorator(body: Callable) -> Callable:
        @functools.wraps(body)
        def wrapper(book, today: dt.date | None = None) -> Any:
            try:
                return body(book, today or dt.date.today())
            except XlkitError as error:  # the one place a button catches what the clerk can fix
                write_log(book, label, str(error))
                _alert(book, str(error), "critical")
                return None
            except Exception as error:
                where = write_log(book, label, f"内部错误：{type(error).__name__}: {error}", traceback.format_exc())
                _alert(book, f"“{label}”没有完成：程序内部出错（{type(error).__name__}）。\n"
                             f"详细信息已记入“{where}”，请把该文件发给维护人员。", "critical")
                return None

        wrapper.label = label  # type: ignore[attr-defined]
        return wrapper

    return decorator


def run(key: str) -> None:
    """Entry point of the add-in's small modules (`xlkit_check.main()` → `run("check")`)."""
    label = BUTTONS[key].label
    try:
        import xlwings as xw

        book = xw.Book.caller()
    except Exception as error:
        where = write_log(None, label, f"无法连接到 Excel 工作簿：{error}", traceback.format_exc())
        # VBA shows stderr in a message box read in the ANSI code page: keep this line ASCII.
        folder = str(where.parent) if str(where.parent).isascii() else "%TEMP%"
        print(f"xlkit: could not attach to the Excel workbook ({type(error).__name__}). "
              f"Details: the xlkit error log (xlkit-*.txt) in {folder}", file=sys.stderr)
        raise SystemExit(1) from None
    click(key, book)


def click(key: str, book, today: dt.date | None = None) -> Any:
    """Run button `key` on `book` as one click: in the Python that xlwings started for it, which ends next.

    The cycle collector is kept off what the click cannot free before the process ends (`gc.freeze`):
    first the imported modules' objects, which each of its passes during the click would walk again, then
    what the click made, which the interpreter's own passes at exit would walk. Together 0.2 s of a
    季度汇总 click on 5,000 rows (issue 15). Nothing is collected as a cycle afterwards, which a process
    that ends next can afford; objects are still freed as their last reference goes (the workbook's COM
    objects among them). Tests call it only in a Python of their own (it would freeze the test run's objects).
    """
    import gc

    if "xlwings.server" in sys.modules:  # RunPython through a long-lived UDF server: nothing ends after the click
        return BUTTONS[key](book, today)
    gc.freeze()
    try:
        return BUTTONS[key](book, today)
    finally:
        gc.freeze()


# ---------------------------------------------------------------------------
# Reading the book


def sheet_rows(sheet, errors: dict[tuple[int, int], str] | None = None) -> list[list[Any]]:
    """A sheet's values from A1 to its last used cell (true addresses, one call to Excel).

    A cell holding an error value (#N/A, #DIV/0!…) is None, as xlwings gives it; `errors`, when given,
    receives each such cell, (row, column) 1-based → "#N/A", for the reader to say at its cell (R024)."""
    last = sheet.used_range.last_cell
    cells = sheet.range((1, 1), (last.row, last.column))
    values = _remote_values(cells, errors) if sheet.book.app.engine.name == "remote" else None
    if values is None:
        values = cells.options(ndim=2, err_to_str=True).value or []
        _take_errors(values, errors)
    return values or []


#: what xlwings' remote engine reads as an empty cell (`err_to_str` off): Excel's error values
_REMOTE_ERRORS = frozenset(("#DIV/0!", "#N/A", "#NAME?", "#NULL!", "#NUM!", "#REF!", "#VALUE!", "#DATA!"))
#: Excel's error values by their CVErr number: COM gives each as the int -2146828288 + number; xlwings'
#: `err_to_str` names the first seven, the newer ones (#SPILL!, #CALC!…) stay ints
_CV_ERRORS = {2000: "#NULL!", 2007: "#DIV/0!", 2015: "#VALUE!", 2023: "#REF!", 2029: "#NAME?", 2036: "#NUM!",
              2042: "#N/A", 2043: "#GETTING_DATA", 2045: "#SPILL!", 2046: "#CONNECT!", 2047: "#BLOCKED!",
              2048: "#UNKNOWN!", 2049: "#FIELD!", 2050: "#CALC!", 2051: "#BUSY!"}
_COM_ERRORS = {-2146828288 + number: text for number, text in _CV_ERRORS.items()}
_ERROR_VALUES = _REMOTE_ERRORS | frozenset(_CV_ERRORS.values()) | frozenset(_COM_ERRORS)


def _take_errors(values: list[list[Any]], errors: dict[tuple[int, int], str] | None) -> None:
    """Error values in `values` (texts from `err_to_str`, ints for the newer ones) become None, each noted in
    `errors`. A row without one is passed over in C (`isdisjoint`): a clean sheet costs one hash a cell."""
    if not values or not isinstance(values[0], list):
        return
    for r, row in enumerate(values, start=1):
        try:
            if _ERROR_VALUES.isdisjoint(row):
                continue
        except TypeError:  # an unhashable value (never from Excel): looked at one by one
            pass
        for c, value in enumerate(row):
            kind = value.__class__
            if kind is str and value in _ERROR_VALUES:
                text = value
            elif kind is int and value in _COM_ERRORS:  # (a number from Excel is a float, never an int)
                text = _COM_ERRORS[value]
            else:
                continue
            row[c] = None
            if errors is not None:
                errors[(r, c + 1)] = text


def _remote_values(cells, errors: dict[tuple[int, int], str] | None = None) -> list[list[Any]] | None:
    """The values `cells.options(ndim=2).value` gives on xlwings' remote engine, converted in one pass.

    The engine receives every cell as JSON (a date as an ISO text ending in "Z", an empty cell as "") and
    converts them through one function call per cell: 0.1 s of a 5,000-row ledger's 320,000 cells. Here
    only texts are looked at, with the engine's own date pattern (a text without ":" cannot be a date):
    the same values in about half the time. None when this xlwings has no such pattern (read as usual).
    """
    try:
        from xlwings.pro._xlremote import datetime_regex
    except ImportError:
        return None
    raw = cells.raw_value
    if not isinstance(raw, list | tuple) or not all(isinstance(row, list | tuple) for row in raw):
        return None
    match, from_iso, known = datetime_regex.match, dt.datetime.fromisoformat, _REMOTE_ERRORS
    # a text with ":" → its value: a ledger's dates repeat (5,000 rows, 40,000 date cells, a few hundred days)
    converted: dict[str, Any] = {}
    rows = []
    for number, row in enumerate(raw, start=1):
        values = list(row)
        for index, value in enumerate(values):
            if value.__class__ is str:
                if not value:
                    values[index] = None
                elif value in known:
                    values[index] = None
                    if errors is not None:
                        errors[(number, index + 1)] = value
                elif ":" in value:
                    read = converted.get(value)
                    if read is None:  # as the engine does: a date's "Z" cut off; any other text kept
                        read = converted[value] = from_iso(value[:-1]) if match(value) else value
                    values[index] = read
        rows.append(values)
    return rows


def table_totals(sheet) -> list:
    """The totals rows of the sheet's Excel tables (插入 → 表格, 汇总行 ticked), as the file reader takes them from
    the package (`xlkit.read.tables`): a button read a table's 汇总行 — a count under several columns — as a case.
    [] where the program or xlwings cannot say (WPS, an older xlwings): the rows are then judged as before."""
    from xlkit.read.tables import TotalsRows

    found = []
    try:
        for table in sheet.tables:
            if not table.show_totals:
                continue
            totals, whole = table.totals_row_range, table.range
            if totals is None or whole is None:
                continue
            found.append(TotalsRows(table.name or "", totals.row, totals.last_cell.row, whole.column - 1,
                                    whole.last_cell.column - 1))
    except Exception:  # noqa: BLE001 - any client's failure to list its tables leaves the rows to the reader
        return []
    return found


def _sheet_names(book) -> list[str]:
    return [sheet.name for sheet in book.sheets]


def read_book(book):
    """The ledger in an open workbook, from its current values (`台账`, else the sheet with the headers)."""
    from xlkit.read.ledger import DICTIONARY_SHEET, SETTINGS_SHEET, TOOL_SHEETS, LedgerError, ledger_from_rows
    from xlkit.read.mapping import find_mapping

    names = _sheet_names(book)
    # the office's 表头对照 (a sheet in the book, else 表头对照.xlsx beside it), as the command line reads it
    mapping = find_mapping(Path(book.fullname), lambda name: sheet_rows(book.sheets[name]), names)
    if LEDGER_SHEET in names:
        candidates = [LEDGER_SHEET]
    else:
        active = book.sheets.active.name
        candidates = [active] + [n for n in names if n != active]
        candidates = [n for n in candidates if n not in TOOL_SHEETS]
    settings_errors: dict[tuple[int, int], str] = {}
    extra = {
        name: sheet_rows(book.sheets[name], settings_errors if name == SETTINGS_SHEET else None)
        if name in names else None
        for name in (DICTIONARY_SHEET, SETTINGS_SHEET)
    }
    first_error: LedgerError | None = None
    for name in candidates:
        errors: dict[tuple[int, int], str] = {}  # cells holding #N/A…: said at their cell (R024), as for a file
        try:
            return ledger_from_rows(book.fullname, name, sheet_rows(book.sheets[name], errors),
                                    extra[DICTIONARY_SHEET], extra[SETTINGS_SHEET], mapping=mapping,
                                    cell_errors=errors, settings_errors=settings_errors,
                                    table_totals=table_totals(book.sheets[name]))
        except LedgerError as error:
            first_error = first_error or error
    if first_error is not None and LEDGER_SHEET in names:
        raise first_error
    raise LedgerError(
        f"当前工作簿“{Path(book.name).name}”里找不到台账：没有名为“{LEDGER_SHEET}”的工作表，其他表里也找不到"
        "“案件编号”“信访人”等表头。请先切换到台账工作簿（或把台账所在工作表改名为“台账”），再点按钮。"
    )


WHOLE_SHEET_ROWS = 65536
#: 生成文书 asks before making the documents of more cases than this (a whole column selected by mistake)
CONFIRM_CASES = 50
_CELLS = re.compile(r"^\$?[A-Z]{1,3}\$?(?P<first>\d+)(?::\$?[A-Z]{1,3}\$?(?P<last>\d+))?$")  # B5, B5:C7
_ROWS = re.compile(r"^\$?(?P<first>\d+):\$?(?P<last>\d+)$")  # 5:7
_COLUMNS = re.compile(r"^\$?[A-Z]{1,3}:\$?[A-Z]{1,3}$")  # A:C


#: Excel's Range.Address gives at most 255 characters: a longer multi-area address is cut off
ADDRESS_LIMIT = 255


class SelectionUnreadable(ValueError):
    """An area of the selection address cannot be read (e.g. an address Excel cut off)."""


def selected_rows(address: str | None) -> list[int] | None:
    """Row numbers of a selection address (`B5:C7,A9`, `5:6`); None for whole columns/sheet.

    An area that is not a complete Excel address (`$A`, `B5:` — the tail of an address Excel cut at
    255 characters) raises SelectionUnreadable: it must never read as "every row".
    """
    if not address:
        return []
    rows: list[int] = []
    for area in address.replace(";", ",").split(","):
        area = area.strip().split("!")[-1].upper()
        if _COLUMNS.match(area):
            return None  # whole columns (A:C): every row
        match = _CELLS.match(area) or _ROWS.match(area)
        if not match:
            raise SelectionUnreadable(area)
        start, end = int(match["first"]), int(match["last"] or match["first"])
        if abs(end - start) >= WHOLE_SHEET_ROWS:
            return None  # the whole sheet (1:1048576): every row
        rows.extend(range(min(start, end), max(start, end) + 1))
    return sorted(set(rows))


def _area_addresses(selection) -> str:
    """The selection's address read area by area (Range.Areas), so none is cut at 255 characters."""
    try:
        areas = selection.api.Areas
        return ",".join(areas.Item(i).Address for i in range(1, areas.Count + 1))
    except Exception:  # not a COM range (e.g. Excel on a Mac): one address, which may be cut off
        address = selection.address
        if len(address) >= ADDRESS_LIMIT:
            raise ButtonError(_TOO_MANY_AREAS) from None
        return address


def _selection(book) -> tuple[str | None, str | None]:
    """(sheet name, address) of the selection in the workbook."""
    if book.app.engine.name == "remote":  # the payload carries VBA's Selection.Address (≤ 255 characters)
        address = book.api["book"].get("selection")
        if address and len(address) >= ADDRESS_LIMIT:
            raise ButtonError(_TOO_MANY_AREAS)
        return book.sheets.active.name, address
    try:
        selection = book.selection
        if selection is None:  # a shape or chart is selected
            return book.sheets.active.name, None
        return selection.sheet.name, _area_addresses(selection)
    except ButtonError:
        raise
    except Exception:  # the selection is not a range (e.g. a chart sheet is active)
        return None, None


_TOO_MANY_AREAS = ("选中的区域太多，Excel 只给出了其中一部分，为免漏掉或多出案件，没有生成文书。"
                   "请少选几处（例如拖动选中连续的行，或分几次生成），再点“生成文书”。")


# ---------------------------------------------------------------------------
# Writing tool-owned sheets


def text_cell(value: Any) -> Any:
    """What to assign so Excel stores the value as typed: text keeps a leading apostrophe.

    Assigning a string to `Range.Value` makes Excel parse it like typing (`0371` → 371, `=x` → a
    formula, `2019-9-3` → a date); the apostrophe keeps it text and is not part of the value.
    """
    if value is None:
        return None
    if isinstance(value, bool):
        return "'" + ("是" if value else "否")
    if isinstance(value, int | float | dt.date):
        return value
    return "'" + str(value)


def _quote_sheet(name: str) -> str:
    return "'" + name.replace("'", "''") + "'"


def link(sheet: str, cell: str, text: str | None = None) -> str:
    """`=HYPERLINK("#'台账'!H5","台账!H5")`: a click jumps to the cell in this workbook."""
    target = f"#{_quote_sheet(sheet)}!{cell}"
    shown = text or f"{sheet}!{cell}"
    return '=HYPERLINK("{}","{}")'.format(target.replace('"', '""'), shown.replace('"', '""'))


def tool_sheet(book, name: str, keep_formats: bool = False):
    """The tool-owned sheet `name`, emptied (added at the end when missing)."""
    if name in _sheet_names(book):
        sheet = book.sheets[name]
        if keep_formats:
            sheet.clear_contents()
        else:
            sheet.clear()
        return sheet
    return book.sheets.add(name, after=book.sheets[len(book.sheets) - 1])


def write_table(sheet, headers: tuple[str, ...], rows: list[list[Any]], side: list[list[Any]] = ()) -> None:
    """Headers in row 1 (coloured), rows beneath, optional label/value pairs two columns to the right."""
    sheet.range((1, 1)).value = [[text_cell(h) for h in headers]] + rows
    sheet.range((1, 1), (1, len(headers))).color = HEADER_COLOUR
    if side:
        column = len(headers) + 2
        sheet.range((1, column)).value = side
    sheet.range((1, 1), (max(len(rows), 1) + 1, len(headers))).columns.autofit()


# ---------------------------------------------------------------------------
# 校验台账


def result_rows(findings, sheets: set[str]) -> list[list[Any]]:
    """One row per finding, the place as a link when its sheet is in this workbook."""
    rows = []
    for finding in findings:
        if finding.cell and finding.sheet in sheets:
            place: Any = link(finding.sheet, finding.cell)
        else:
            place = text_cell(finding.where or "（整个文件）")
        row = [text_cell(v.isoformat() if isinstance(v, dt.date) else None if v == "" else v)
               for v in finding.table_row()]
        row[FINDING_HEADERS.index("位置")] = place
        rows.append(row)
    return rows


def mark_rows(findings, ledger_sheet: str) -> list[list[Any]]:
    """校验标记: one row per marked ledger cell (several rules on a cell are joined)."""
    marks: dict[str, tuple[list[str], list[str]]] = {}
    for finding in findings:
        if finding.sheet != ledger_sheet or not finding.cell or finding.severity.value not in MARKED_SEVERITIES:
            continue
        codes, messages = marks.setdefault(finding.cell, ([], []))
        if finding.code not in codes:
            codes.append(finding.code)
        messages.append(finding.message)
    return [[text_cell(cell), text_cell("、".join(codes)), text_cell("；".join(messages))]
            for cell, (codes, messages) in marks.items()]


@button("校验台账")
def check(book, today: dt.date | None = None) -> dict[str, int]:
    """校验台账: findings into `校验结果` (links to the cells), marked cells into `校验标记`."""
    from xlkit.check.run import run_check
    from xlkit.findings import by_severity, count_by_severity

    ledger = read_book(book)
    findings = by_severity(run_check(ledger, today))  # 错误 → 警告 → 提示, as on screen and in 校验结果.xlsx
    sheets = set(_sheet_names(book))
    counts = count_by_severity(findings)
    rows = result_rows(findings, sheets)
    marks = mark_rows(findings, ledger.sheet)

    result = tool_sheet(book, RESULT_SHEET)
    side = [[text_cell("台账"), text_cell(f"{Path(book.name).name}（{ledger.sheet}）")],
            [text_cell("校验日期"), today],
            [text_cell("案件数"), len(ledger)]] + [[text_cell(k), v] for k, v in counts.items()]
    write_table(result, FINDING_HEADERS, rows, side)
    result.range((2, len(FINDING_HEADERS) + 3)).number_format = "yyyy-mm-dd"
    marker = tool_sheet(book, MARK_SHEET, keep_formats=True)
    marker.range((1, 1)).value = [[text_cell(h) for h in MARK_HEADERS]] + marks
    result.activate()

    if findings:
        summary = "，".join(f"{k} {v} 条" for k, v in counts.items() if v)
        message = (f"校验完成（{len(ledger)} 件案件）：{summary}。\n"
                   f"详见“{RESULT_SHEET}”表，点“位置”一栏可跳到对应单元格；"
                   f"有错误或警告的 {len(marks)} 个单元格已记入“{MARK_SHEET}”表（台账模板会把它们标成浅橙色）。")
    else:
        message = f"校验完成（{len(ledger)} 件案件）：没有发现问题。"
    _alert(book, message)
    return counts


# ---------------------------------------------------------------------------
# 到期提醒


@button("到期提醒")
def overdue(book, today: dt.date | None = None) -> int:
    """到期提醒: overdue and due-soon stages into the `到期提醒` sheet, most overdue first."""
    from xlkit.check.run import overdue_report

    ledger = read_book(book)
    report = overdue_report(ledger, today)
    items, within = report.items, report.within  # most urgent first
    frame = ledger.frame
    rows = []
    for item in items:
        row = int(item["row"])
        due = item["due"] if item["due"] is not None else item.get("since")  # a 待办 task: the day it arose
        if isinstance(due, str):
            due = dt.date.fromisoformat(due)
        rows.append([text_cell(item["state"]), *days_columns(item["days_left"]), due, text_cell(item["stage"]),
                     text_cell(item["case_id"]), text_cell(frame.at[row, "petitioner"]),
                     text_cell(frame.at[row, "unit"]), text_cell(frame.at[row, "handler"]),
                     link(ledger.sheet, ledger.address("case_id", row), f"第{row}行")])
    sheet = tool_sheet(book, OVERDUE_SHEET)
    late, soon, tasks = len(report.overdue), len(report.due_soon), len(report.tasks)  # 待办: never 超期
    side = [[text_cell("统计日期"), today], [text_cell("临期天数"), within],
            [text_cell("超期"), late], [text_cell("临期"), soon], [text_cell("待办"), tasks]]
    write_table(sheet, OVERDUE_HEADERS, rows, side)
    if rows:
        due_column = OVERDUE_HEADERS.index("期限") + 1
        sheet.range((2, due_column), (len(rows) + 1, due_column)).number_format = "yyyy-mm-dd"
    sheet.range((1, len(OVERDUE_HEADERS) + 3)).number_format = "yyyy-mm-dd"
    sheet.activate()
    if items:
        message = (f"截至 {today:%Y-%m-%d}：超期 {late} 项，{within} 天内到期 {soon} 项，待办 {tasks} 项。"
                   f"\n详见“{OVERDUE_SHEET}”表，点“位置”一栏可跳到该案件。")
    else:
        message = f"截至 {today:%Y-%m-%d}：没有超期的环节，{within} 天内也没有到期的环节。"
    unread = [u for u in report.unjudged if u["row"] is not None]
    if unread:  # a formula without a result, an unreadable date…: never counted 超期, but never silent
        cells = "、".join(c for u in unread[:5] for c in u["cells"])
        message += (f"\n另有 {len(unread)} 个环节无法判断（{cells}{'等' if len(unread) > 5 else ''}单元格无法读取），"
                    "请点“校验台账”查看并改正。")
    _alert(book, message)
    return len(items)


# ---------------------------------------------------------------------------
# Buttons that write new files next to the ledger


def saved_folder(book, label: str) -> Path:
    """The ledger's folder; a clerk-facing error when the workbook was never saved to this computer."""
    folder = book_folder(book)
    if folder is None or not folder.is_dir():
        raise ButtonError(f"“{label}”要把结果保存在台账所在的文件夹，但这个工作簿还没有保存到本机"
                          "（或保存在网盘上）。请先“另存为”到本机文件夹，再点此按钮。")
    return folder


def free_path(path: Path) -> Path:
    """`path`, or `name(2).xlsx`, `name(3).xlsx` … when it exists (an earlier result is never overwritten)."""
    number = 2
    candidate = path
    while candidate.exists():
        candidate = path.with_name(f"{path.stem}({number}){path.suffix}")
        number += 1
    return candidate


@button("生成文书")
def docs(book, today: dt.date | None = None) -> Any:
    """生成文书: the documents of the selected rows' cases (or the active row) into `<ledger folder>/文书/`."""
    folder = saved_folder(book, "生成文书")
    ledger = read_book(book)
    sheet, address = _selection(book)
    if sheet != ledger.sheet:
        raise ButtonError(f"请先在“{ledger.sheet}”表中选中要生成文书的案件所在的行（可按住 Ctrl 多选），"
                          "再点“生成文书”。")
    try:
        wanted = selected_rows(address)
    except SelectionUnreadable:
        raise ButtonError(_TOO_MANY_AREAS) from None
    present = [int(r) for r in ledger.frame.index]
    rows = present if wanted is None else sorted(set(wanted) & set(present))
    if not rows:
        raise ButtonError(f"选中的第 {address} 处没有案件（表头在第 {ledger.header_row} 行）。"
                          "请选中案件所在的行（可按住 Ctrl 多选），再点“生成文书”。")
    if len(rows) > CONFIRM_CASES and not _confirm(
            book, f"选中了 {len(rows)} 件案件，生成全部文书需要一些时间。继续吗？"):
        return None
    from xlkit.documents.generate import generate

    run = generate(ledger, folder / DOCS_FOLDER, rows=rows, today=today)
    _alert(book, docs_message(run, len(rows)), "critical" if run.failed else "info")
    return run


def docs_message(run, cases: int) -> str:
    made = run.made
    lines = [f"已为选中的 {cases} 件案件生成 {len(made)} 份文书，保存在：\n{run.out_dir}"]
    existing = [i for i in run.skipped if i.reason.startswith("文件已存在")]
    missing = [i for i in run.skipped if i.missing]
    if existing:
        lines.append(f"{len(existing)} 份已存在，未覆盖（要重新生成请先删除或改名旧文件）。")
    if missing:
        lines.append(f"{len(missing)} 份因缺少内容未生成，例如：")
        lines += [f"  {i.case_id or ('第' + str(i.row) + '行')} {i.kind.name}：{i.reason}" for i in missing[:5]]
    if run.failed:
        lines.append(f"{len(run.failed)} 份生成失败，原因见清单。")
    if run.list_path is not None:
        lines.append(f"全部情况见清单“{run.list_path.name}”。")
    return "\n".join(lines)


@button("月度调度")
def monthly(book, today: dt.date | None = None) -> Path:
    """月度调度: `月度调度_YYYY-MM.xlsx` next to the ledger (the month in 设置, else this month)."""
    folder = saved_folder(book, "月度调度")
    ledger = read_book(book)
    from xlkit.analysis.kpi import Period
    from xlkit.analysis.monthly import build_monthly, default_name, write_monthly

    month = Period.from_settings(ledger, "month", today)

    pack = build_monthly(ledger, month, today)
    written = write_monthly(pack, free_path(folder / default_name(month)), sources=(ledger.path,))
    counts = pack.to_json()
    _alert(book, f"已生成{month.title}月度调度表：\n{written}\n"
                 f"本月案件 {pack.kpis.cases} 件，累计 {pack.cumulative.cases} 件；"
                 f"超期 {counts['overdue']} 项，临期 {counts['due_soon']} 项。")
    return written


@button("季度汇总")
def quarterly(book, today: dt.date | None = None) -> list[Path]:
    """季度汇总: `季度分析_YYYYQn.xlsx` and the report draft next to the ledger (personal data masked)."""
    folder = saved_folder(book, "季度汇总")
    from xlkit.analysis.report_docx import Beside

    # the report draft is written by a second Python on the other core while this one writes the workbook;
    # started first, so that its own start overlaps the reading
    beside = Beside()
    try:
        ledger = read_book(book)
        from xlkit.analysis.kpi import Period
        from xlkit.analysis.quarterly import analyse, default_name, write_quarterly
        from xlkit.analysis.quarterly_report import default_name as report_name
        from xlkit.analysis.quarterly_report import start_report

        quarter = Period.from_settings(ledger, "quarter", today)
        analysis = analyse(ledger, quarter, today, mask=True)
        report = start_report(analysis, free_path(folder / report_name(analysis)), (ledger.path,), beside)
    finally:
        beside.close()  # handed over by now, unless the button failed first: then it ends writing nothing
    try:
        written = [write_quarterly(analysis, free_path(folder / default_name(quarter)), sources=(ledger.path,))]
    except BaseException:
        report.cancel()  # no report draft without its workbook
        raise
    written.append(report.finish())
    names = "\n".join(str(p) for p in written)
    _alert(book, f"已生成{quarter.title}分析表和报告初稿（姓名、身份证号、电话已部分隐去）：\n{names}\n"
                 f"求决类信访问题 {analysis.kpis.cases} 件。")
    return written


# ---------------------------------------------------------------------------
# 节假日调整


NOTICE_FILE_WORDS = ("放假", "节假日")


def _cell_text(value: Any) -> str:
    if isinstance(value, dt.datetime | dt.date):  # Excel turned a pasted “2019年11月21日” into a date
        return f"{value.year}年{value.month}月{value.day}日"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value)


def notice_sources(book) -> list[tuple[str, str]]:
    """(where, text) of the 放假安排 notices: pasted into a 放假通知 sheet, else .txt files beside the ledger."""
    from xlkit.schema import NOTICE_SHEET

    if NOTICE_SHEET in _sheet_names(book):
        text = "\n".join("".join(_cell_text(v) for v in row) for row in sheet_rows(book.sheets[NOTICE_SHEET]))
        if text.strip():
            return [(f"“{NOTICE_SHEET}”表", text)]
    folder = book_folder(book)
    files = sorted(p for p in folder.glob("*.txt") if any(w in p.stem for w in NOTICE_FILE_WORDS)) \
        if folder is not None and folder.is_dir() else []
    if not files:
        raise ButtonError(
            "没有找到放假安排通知。请从中国政府网复制国务院办公厅的放假安排通知全文（连同标题和落款），"
            f"粘贴到本工作簿中一张名为“{NOTICE_SHEET}”的工作表的 A1 单元格；或存为台账旁文件名含“放假”的 .txt 文件"
            "（如“2027年放假通知.txt”），再点“节假日调整”。")
    from xlkit.deadlines.notice import read_text

    return [(path.name, read_text(path)) for path in files]


def _named_rows(book, name: str, sheet: str) -> tuple[int, int] | None:
    """(first, last) rows of a defined name on `sheet`, or None when the workbook has no such name."""
    try:
        target = book.names[name].refers_to_range
    except Exception:  # no such name (a ledger not made from the template), or not a range
        return None
    if target.sheet.name != sheet:
        return None
    return target.row, target.last_cell.row


@button("节假日调整")
def holidays(book, today: dt.date | None = None) -> Any:
    """节假日调整: the notice's days into 设置 → 节假日调整, the one range of 设置 the tool owns."""
    from xlkit.deadlines.holiday_block import BLOCK_DATES_NAME, plan_update
    from xlkit.deadlines.notice import combine, parse_notice, split_notices
    from xlkit.schema import SETTINGS_SHEET

    if SETTINGS_SHEET not in _sheet_names(book):
        raise ButtonError(f"当前工作簿没有“{SETTINGS_SHEET}”表，无法写入节假日调整。请先切换到台账工作簿"
                          "（用 xlkit init 新建的台账都有“设置”表），再点“节假日调整”。")
    # read everything first (a notice it cannot account for, or a full block, stops here: nothing is written)
    notices = [parse_notice(part, where if len(parts) == 1 else f"{where} 第{i}份")
               for where, text in notice_sources(book)
               for parts in [split_notices(text)] for i, part in enumerate(parts, start=1)]
    schedule = combine(notices)
    settings = book.sheets[SETTINGS_SHEET]
    update = plan_update(sheet_rows(settings), schedule.settings_table(),
                         _named_rows(book, BLOCK_DATES_NAME, SETTINGS_SHEET))
    rows = sorted(update.writes)
    start = 0
    while start < len(rows):  # one write per run of consecutive rows
        end = start
        while end + 1 < len(rows) and rows[end + 1] == rows[end] + 1:
            end += 1
        values = [[day, text_cell(kind), text_cell(note)] for day, kind, note in
                  (update.writes[r] for r in rows[start:end + 1])]
        settings.range((rows[start], 1)).value = values
        settings.range((rows[start], 1), (rows[end], 1)).number_format = "yyyy-mm-dd"
        start = end + 1
    settings.activate()
    years = "、".join(f"{y} 年" for y in schedule.years())
    if update.writes:
        message = (f"已按{years}的放假安排写入“{SETTINGS_SHEET}”表“节假日调整”：新增 {len(update.added)} 行，"
                   f"改正 {len(update.updated)} 行" + (f"，{len(update.unchanged)} 行原已一致" if update.unchanged else "")
                   + "。\n台账的期限公式和 xlkit 会按新的节假日重新计算；请保存工作簿。")
    else:
        message = f"“{SETTINGS_SHEET}”表“节假日调整”已包含{years}放假安排的全部 {len(update.unchanged)} 行，无需改动。"
    _alert(book, message + "\n\n" + "\n".join(schedule.summary()))
    return update


# ---------------------------------------------------------------------------
# The table of buttons (the add-in's entry modules name these keys)


BUTTONS: dict[str, Callable] = {
    "check": check, "docs": docs, "overdue": overdue, "holidays": holidays, "monthly": monthly, "quarterly": quarterly,
}
