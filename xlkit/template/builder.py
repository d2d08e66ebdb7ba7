"""The official ledger template (DESIGN §4): every sheet generated from `xlkit/schema.py`.

`build_workbook()` makes the whole workbook with openpyxl; `write_template()` saves it atomically;
`template_signature()` reduces a saved workbook to its content so a test can tell when the committed
`ledger_template.xlsx` no longer matches the builder.

Due dates in Excel/WPS without Python: the helper columns right of the ledger look rolled dates up in
the `工作日历` sheet (one row per day; 是否工作日 honours the 设置 sheet's 节假日调整 block, 顺延至 is the
first working day on or after the date). The arithmetic is `xlkit.deadlines` written as formulas; a
LibreOffice test holds the two to the same dates.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from copy import copy
from functools import cache
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.cell.cell import MergedCell
from openpyxl.comments import Comment
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.dimensions import ColumnDimension

from xlkit import resources
from xlkit.deadlines import engine as dl
from xlkit.deadlines import stages as st
from xlkit.deadlines.calendar import UNCOVERED, WorkCalendar
from xlkit.output.files import put, save_workbook
from xlkit.output.layout import text_width
from xlkit.output.xlsx_style import PAGE_FOOTER, fit_to_width
from xlkit.read.ledger import column_letter
from xlkit.schema import (
    BY_FIELD,
    BY_HEADER,
    CALENDAR_SHEET,
    CAMPAIGN_END,
    CAMPAIGN_START,
    COLUMNS,
    DICTIONARIES,
    DICTIONARY_SHEET,
    GUIDE_SHEET,
    HELPER_HEADERS,
    HOLIDAY_BLOCK_TITLE,
    HOLIDAY_KINDS,
    LEDGER_SHEET,
    MARK_HEADERS,
    MARK_SHEET,
    NOT_HANDLED_DECISIONS,
    PLAN_ISSUED,
    REGISTRATION_FIELDS,
    SETTINGS,
    SETTINGS_BY_KEY,
    SETTINGS_BY_LABEL,
    SETTINGS_SHEET,
    TOWNSHIP_EXTRA_HEADERS,
    TOWNSHIPS,
    YES,
    Column,
    Group,
    Kind,
    Township,
    header,
)

TEMPLATE_PATH = resources.ledger_template()


TITLE_ROW, HEADER_ROW, FIRST_DATA_ROW = 1, 2, 3
#: Data rows pre-formatted (dates, text, dropdowns, helper formulas) in an empty template.
TEMPLATE_ROWS = 2000
#: Blank rows printed from an empty ledger (one page of the form to fill by hand).
BLANK_PRINT_ROWS = 20
#: 台账 prints at this percentage: about four A3 pages across for the 62 columns, text still ~8 pt.
PRINT_SCALE = 70
#: Text columns at least this wide (诉求内容, 处理结果, 下步措施 …) wrap inside the column.
LONG_TEXT_WIDTH = 16
#: Rows reserved under each dictionary's name on 字典 (the named ranges cover them).
DICTIONARY_ROOM = 100
HOLIDAY_ROOM = 30
CALENDAR_START, CALENDAR_END = dt.date(2018, 1, 1), dt.date(2030, 12, 31)
#: How far ahead 顺延至 looks for a working day (the longest run of days off is about 9).
ROLL_WINDOW = 40

DATE_FORMAT = "yyyy-mm-dd"
TEXT_FORMAT = "@"
DATE_MIN, DATE_MAX = dt.date(2000, 1, 1), dt.date(2099, 12, 31)

GROUP_FILLS: dict[Group, str] = {
    Group.REGISTER: "DDEBF7",
    Group.ASSIGN: "E2EFDA",
    Group.ACCEPT: "FFF2CC",
    Group.HANDLE: "FCE4D6",
    Group.SERVE: "E4DFEC",
    Group.SETTLE: "D9EAD3",
    Group.REVIEW: "EDEDED",
}
HELPER_FILL = "BFBFBF"
OVERDUE_FILL, DUE_SOON_FILL, MARK_FILL = "FFC7CE", "FFEB9C", "F8CBAD"

_THIN = Side(style="thin", color="808080")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_BOLD = Font(bold=True)
_WRAP_TOP = Alignment(wrap_text=True, vertical="top")


def _fill(color: str) -> PatternFill:
    return PatternFill("solid", start_color=color, end_color=color)


def _quote(sheet: str) -> str:
    return "'" + sheet.replace("'", "''") + "'"


def dictionary_name(dictionary: str) -> str:
    """The defined name a dropdown uses: 乡镇 → 字典_乡镇."""
    return f"字典_{dictionary}"


def setting_name(label: str) -> str:
    """The defined name of a 设置 value: 临期提醒天数 → 设置_临期提醒天数."""
    return f"设置_{label}"


HOLIDAY_DATES_NAME, HOLIDAY_KINDS_NAME = "节假日调整_日期", "节假日调整_类型"
CALENDAR_DATES_NAME, CALENDAR_ROLL_NAME = "日历_日期", "日历_顺延"


def column_letters() -> dict[str, str]:
    """Field → column letter on 台账, then each helper header → its letter (right of the ledger)."""
    letters = {c.field: column_letter(i) for i, c in enumerate(COLUMNS)}
    for offset, name in enumerate(HELPER_HEADERS):
        letters[name] = column_letter(len(COLUMNS) + offset)
    return letters


# ---------------------------------------------------------------------------
# The public entry points


def build_workbook(rows: list[dict[str, Any]] | None = None, settings: dict[str, Any] | None = None, *,
                   dictionaries: Mapping[str, Sequence[str]] | None = None,
                   townships: Sequence[Township] | None = None) -> openpyxl.Workbook:
    """The full ledger template; `rows` (dicts keyed by field, or by header) are written under the header.

    `settings` maps a setting's key (`office_name`) or label (`单位名称`) to its value; the key
    `holiday_overrides` ({date: True when a working day}) fills the 节假日调整 block.
    `dictionaries`/`townships` replace the built-in lists on 字典 (e.g. to carry an office's own).
    """
    rows = list(rows or [])
    values, overrides = _settings_values(settings or {})
    dicts = {name: tuple(dictionaries.get(name, default)) if dictionaries else default
             for name, default in DICTIONARIES.items()}
    towns = tuple(townships) if townships is not None else (
        TOWNSHIPS if dicts["乡镇"] == DICTIONARIES["乡镇"] else tuple(Township(n) for n in dicts["乡镇"]))
    dicts["乡镇"] = tuple(t.name for t in towns)
    data_rows = max(TEMPLATE_ROWS, len(rows) + 500)

    workbook = openpyxl.Workbook()
    ledger = workbook.active
    ledger.title = LEDGER_SHEET
    guide = workbook.create_sheet(GUIDE_SHEET)
    dictionary = workbook.create_sheet(DICTIONARY_SHEET)
    settings_sheet = workbook.create_sheet(SETTINGS_SHEET)
    calendar = workbook.create_sheet(CALENDAR_SHEET)
    marks = workbook.create_sheet(MARK_SHEET)

    _build_dictionary(workbook, dictionary, dicts, towns)
    _build_settings(workbook, settings_sheet, values, overrides)
    _build_calendar(workbook, calendar, overrides)
    _build_marks(marks)
    _build_ledger(ledger, rows, values["office_name"], data_rows)
    _build_guide(guide, values["office_name"], dicts)
    workbook.active = 0
    return workbook


def write_template(path: Path, force: bool = False, settings: dict[str, Any] | None = None) -> Path:
    """Write the template to `path` atomically; an existing file is kept unless `force`."""
    path = Path(path)
    workbook = build_workbook(settings=settings)
    return save_workbook(workbook, path, force)


# ---------------------------------------------------------------------------
# 台账


def _build_ledger(ws, rows: list[dict[str, Any]], office_name: str, data_rows: int) -> None:
    letters = column_letters()
    last_row = FIRST_DATA_ROW + data_rows - 1
    width = len(COLUMNS) + len(HELPER_HEADERS)
    last_letter = column_letter(width - 1)

    ws.merge_cells(f"A{TITLE_ROW}:{last_letter}{TITLE_ROW}")
    title = ws.cell(TITLE_ROW, 1)
    put(title, f"{office_name}信访工作台账")  # the office's name is the clerk's text: never a formula
    title.font = Font(bold=True, size=16)
    title.alignment = Alignment(horizontal="left", vertical="center")
    ws.row_dimensions[TITLE_ROW].height = 28
    ws.row_dimensions[HEADER_ROW].height = 45

    for index, column in enumerate(COLUMNS, start=1):
        cell = ws.cell(HEADER_ROW, index, column.header)
        cell.fill = _fill(GROUP_FILLS[column.group])
        _style_header(cell)
        ws.column_dimensions[column_letter(index - 1)].width = column.width + 1
    for offset, name in enumerate(HELPER_HEADERS):
        cell = ws.cell(HEADER_ROW, len(COLUMNS) + offset + 1, name)
        cell.fill = _fill(HELPER_FILL)
        _style_header(cell)
        cell.comment = Comment("自动计算列：由公式按《说明》中的期限规则和“工作日历”算出，请勿填写。", "xlkit")
        ws.column_dimensions[letters[name]].width = 13 if offset < 3 else 19

    for number, row in enumerate(rows, start=FIRST_DATA_ROW):
        _write_row(ws, number, row)
    _wrap_long_text(ws, len(rows))

    _format_columns(ws, letters, last_row)
    _write_helper_formulas(ws, last_row)
    _add_ledger_validations(ws, letters, last_row)
    _add_ledger_colouring(ws, letters, last_letter, last_row)

    identity_letter = column_letter(COLUMNS.index(BY_FIELD['petitioner']))
    ws.freeze_panes = f"{column_letter(COLUMNS.index(BY_FIELD['petitioner']) + 1)}{FIRST_DATA_ROW}"
    ws.auto_filter.ref = f"A{HEADER_ROW}:{last_letter}{last_row}"
    _print_setup(ws, identity_letter, last_letter, FIRST_DATA_ROW + max(len(rows), BLANK_PRINT_ROWS) - 1)
    _protect_helper_columns(ws, last_row)
    ws.sheet_properties.tabColor = "2F75B5"


def _wrap_long_text(ws, rows: int) -> None:
    """诉求内容, 处理结果 … wrap inside their column (the row grows when saved) instead of being cut off;
    every written cell sits at the top of its row, so a tall row still reads as one line of the ledger.

    A text too long for a column that does not wrap is not cut off either: a long 信访人 or 责任股室 wraps in
    its cell, and a number (案件编号, 文号: never broken) widens its column, up to `MAX_IDENTITY_WIDTH`.
    """
    top = Alignment(vertical="top")
    # a date or a count centred: right-aligned, 2020-06-30 printed against the 登记人 beside it as one word
    # (“2020-06-30罗晓燕”), and 涉及人数's 1 against 问题属地乡镇's 广福镇
    centred = Alignment(horizontal="center", vertical="top")
    for index, column in enumerate(COLUMNS):
        wrapped = column.kind is Kind.TEXT and not column.identity and column.width >= LONG_TEXT_WIDTH
        alignment = _WRAP_TOP if wrapped else centred if column.kind in (Kind.DATE, Kind.INT) else top
        letter = column_letter(index)
        ws.column_dimensions[letter].alignment = alignment
        room = column.width  # the column is one wider, and a line holds one unit less than its width
        widest = 0
        for row in range(FIRST_DATA_ROW, FIRST_DATA_ROW + rows):
            cell = ws.cell(row, index + 1)
            value = cell.value
            if value is None:
                continue
            cell.alignment = alignment
            if not wrapped and value.__class__ is str and 2 * len(value) > room and text_width(value) > room:
                if column.identity:
                    widest = max(widest, text_width(value))
                    if text_width(value) + 2 > MAX_IDENTITY_WIDTH and _LIST_SEPARATORS.search(value):
                        # two 身份证号 or phone numbers joined by 、: no column holds them, they break after 、
                        cell.alignment = _WRAP_TOP
                else:
                    cell.alignment = _WRAP_TOP
        if widest:
            ws.column_dimensions[letter].width = min(widest + 2, MAX_IDENTITY_WIDTH)


#: a longer 案件编号 or 文号 is cut off at its column's edge in print (it never wraps) unless it is a list
MAX_IDENTITY_WIDTH = 32
#: where a list of identity values (two 身份证号 of a 联名 petition) may break onto the next line
_LIST_SEPARATORS = re.compile(r"[、，；\s]")


def _print_setup(ws, identity_letter: str, last_letter: str, last_printed: int) -> None:
    """A3 landscape; the header row and the identity columns (案件编号 … 信访人) on every page, pages numbered.

    The print area stops at the last case (one page of blank rows in an empty ledger), so the
    2,000 pre-formatted rows of the template do not print as a hundred empty pages.
    """
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    ws.print_title_cols = f"A:{identity_letter}"
    ws.print_area = f"A{TITLE_ROW}:{last_letter}{last_printed}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A3
    ws.page_setup.pageOrder = "overThenDown"  # every column of a case before the next cases
    ws.page_setup.scale = PRINT_SCALE
    ws.print_options.gridLines = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top, ws.page_margins.bottom = 0.5, 0.7
    ws.page_margins.header, ws.page_margins.footer = 0.3, 0.3
    ws.oddFooter.center.text = PAGE_FOOTER
    ws.oddFooter.center.size = 9


def _protect_helper_columns(ws, last_row: int) -> None:
    """Lock the formula columns (no password, so the office can unprotect); every other cell stays editable.

    Filtering, sorting, formatting and inserting or deleting rows stay allowed on the protected sheet.
    """
    unlocked = Protection(locked=False)
    first_helper = len(COLUMNS) + 1
    after_helpers = first_helper + len(HELPER_HEADERS)
    for index in range(1, len(COLUMNS) + 1):
        ws.column_dimensions[column_letter(index - 1)].protection = unlocked
    # the office's own columns right of the helpers stay editable too (one grouped dimension to XFD)
    tail = ColumnDimension(ws, index=column_letter(after_helpers - 1), min=after_helpers, max=16384)
    tail.protection = unlocked
    ws.column_dimensions[tail.index] = tail
    styled: dict[tuple, object] = {}
    for (row, column), cell in ws._cells.items():
        if first_helper <= column < after_helpers and row >= HEADER_ROW or isinstance(cell, MergedCell):
            continue
        key = tuple(cell._style) if cell._style is not None else ()
        if key not in styled:  # style one cell of each kind, copy its style array to the rest
            cell.protection = unlocked
            styled[key] = copy(cell._style)
        else:
            cell._style = copy(styled[key])
    ws.protection.sheet = True
    for allowed in ("formatCells", "formatColumns", "formatRows", "insertRows", "deleteRows", "sort", "autoFilter",
                    "insertHyperlinks"):
        setattr(ws.protection, allowed, False)


def _style_header(cell) -> None:
    cell.font = _BOLD
    cell.border = _BORDER
    cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)


_POSITION = {c.field: i for i, c in enumerate(COLUMNS)}


def _blank(value: Any) -> bool:
    """None, "", NaN, pandas NA/NaT: nothing to write."""
    if value is None or (isinstance(value, str) and value == ""):
        return True
    if isinstance(value, float):
        return value != value
    return type(value).__name__ in ("NAType", "NaTType")


def _write_row(ws, number: int, row: Mapping[str, Any]) -> None:
    for key, value in row.items():
        column = BY_FIELD.get(key) or BY_HEADER.get(key)
        if column is None:
            raise KeyError(f"台账没有“{key}”这一列（应为 schema 的字段名或表头）")
        if _blank(value):
            continue
        cell = ws.cell(number, _POSITION[column.field] + 1)
        if column.kind is Kind.DATE and isinstance(value, dt.date):
            cell.value = value.date() if isinstance(value, dt.datetime) else value
        else:  # text as text (identity cells are "@"-formatted); a number given stays a number, as typed
            put(cell, value)


def _format_columns(ws, letters: dict[str, str], last_row: int) -> None:
    """Dates as yyyy-mm-dd and identity columns as text, cell by cell for the reserved rows."""
    formats: list[tuple[int, str]] = []
    for index, column in enumerate(COLUMNS, start=1):
        if column.kind is Kind.DATE:
            formats.append((index, DATE_FORMAT))
        elif column.identity:
            formats.append((index, TEXT_FORMAT))
    for offset in range(3):  # the three due-date helper columns
        formats.append((len(COLUMNS) + offset + 1, DATE_FORMAT))
    for index, number_format in formats:
        ws.column_dimensions[column_letter(index - 1)].number_format = number_format
        for row in range(FIRST_DATA_ROW, last_row + 1):
            ws.cell(row, index).number_format = number_format


# -- the helper formulas (xlkit.deadlines.engine as Excel formulas) -------------------


def _roll(expression: str) -> str:
    """The first working day on or after the date `expression` (工作日历's 顺延至)."""
    return f"INDEX({CALENDAR_ROLL_NAME},MATCH({expression},{CALENDAR_DATES_NAME},0))"


_ROW = "\x00"  # stands for the row number in the cached formula texts


def helper_formulas(row: int) -> dict[str, str]:
    """The four helper formulas of one ledger row, keyed by helper header."""
    return {name: text.replace(_ROW, str(row)) for name, text in _helper_formula_texts().items()}


def _period_cells(c: Mapping[str, str]) -> st.Cells:
    start = (f'IF({setting_name(SETTINGS_BY_KEY["notice_start"].label)}="{header("registered_on")}",'
             f'{c["registered_on"]},{c["assigned_on"]})')
    return st.Cells(c, start, lambda key: setting_name(SETTINGS_BY_KEY[key].label))


def _period_start(period: st.Period, cells: st.Cells) -> str:
    return cells.notice_start if period.start == st.NOTICE_START else cells[period.start]


def _period_due(period: st.Period, cells: st.Cells) -> str:
    """One stage-table row as an Excel expression: its due date, or "" (no start, or no time limit)."""
    if period.days is None:
        return '""'
    start = _period_start(period, cells)
    if period.unit is st.Unit.GIVEN:
        return f'IF(ISNUMBER({start}),INT({start}),"")'
    if period.unit is st.Unit.WORKING:
        # the n-th working day after the start: the first working day on or after the day after the one before
        # (工作日历's 顺延至 knows the State Council's days off and 调休 working weekends; WORKDAY knows neither)
        day = f"INT({start})"
        for _ in range(period.days):
            day = _roll(f"{day}+1")
        return f'IF(ISNUMBER({start}),{day},"")'
    # INT: a date typed with a time still matches the calendar
    return f'IF(ISNUMBER({start}),{_roll(f"INT({start})+{period.days}")},"")'


@cache
def _helper_formula_texts() -> dict[str, str]:
    """The helper formulas: each stage's due date chosen from the stage table's rows as compute() chooses."""
    c = {key: f"${letter}{_ROW}" for key, letter in column_letters().items()}
    cells = _period_cells(c)
    notice_due, opinion_due, analysis_due, _state = (c[h] for h in HELPER_HEADERS)
    not_handled = ",".join(f'{c["acceptance_decision"]}="{d}"' for d in NOT_HANDLED_DECISIONS)

    def guarded(stage: str, expression: str) -> str:
        if st.STAGE_BY_KEY[stage].handled_only:
            return f'=IF(OR({not_handled}),"",IFERROR({expression},""))'
        return f'=IFERROR({expression},"")'

    def notice_branch(period: st.Period) -> str:
        due = _period_due(period, cells)
        if not period.within_law or period.days is None:
            return due
        # the law's own period binds too (the earlier date; a missing one yields), as compute() does
        law = st.excel_choice("notice", cells, lambda p: _period_due(p, cells), after=st.periods("notice").index(period))
        return f'IF({due}="",{law},IF({law}="",{due},MIN({due},{law})))'

    notice = guarded("notice", st.excel_choice("notice", cells, notice_branch))

    # 处理意见: the row's period, extended (at most the row's limit) when notified on or before the original due
    days, notified = c["extension_days"], c["extension_notice_on"]

    def opinion_branch(period: st.Period) -> str:
        original = _period_due(period, cells)
        if period.days is None or not period.extension:
            return original
        extended = _roll(f"{original}+INT(MIN({days},{period.extension}))")
        # counted only when 是否延期 = 是, approved (延期批准人 filled) and notified on or before the original due
        return (f'IF({original}="","",IF(AND({c["extended"]}="{YES}",ISNUMBER({days}),ISNUMBER({notified}),'
                f'LEN(TRIM({c["extension_approver"]}))>0),'
                f'IF(AND({days}>0,{notified}<={original}),{extended},{original}),{original}))')

    opinion = guarded("opinion", st.excel_choice("opinion", cells, opinion_branch))

    # 息访分析: from the row's day 60 when not settled by then, or from a later rebound
    rebounded, rebound_day = c["rebounded"], c["rebounded_on"]

    def analysis_branch(period: st.Period) -> str:
        day_60 = _period_due(period, cells)
        settled_in_time = (f'AND({c["settled"]}="{YES}",OR(NOT(ISNUMBER({c["settled_on"]})),'
                           f'{c["settled_on"]}<={day_60}))')
        return (f'IF({day_60}="","",IF(AND({rebounded}="{YES}",ISNUMBER({rebound_day})),'
                f'IF(INT({rebound_day})>{day_60},INT({rebound_day}),{day_60}),'
                f'IF({rebounded}="{YES}",{day_60},IF({settled_in_time},"",{day_60}))))')

    analysis = guarded("analysis", st.excel_choice("analysis", cells, analysis_branch))

    soon = setting_name(SETTINGS_BY_KEY["due_soon_days"].label)
    # the state words by urgency; the 息访分析 task is 待办 (never 超期), a lapsed one counts as nothing
    words = ("", dl.ON_TIME, dl.LATE, dl.OPEN, dl.TODO, dl.DUE_SOON, dl.OVERDUE)
    rank = {word: number for number, word in enumerate(words)}

    def open_code(due: str) -> str:
        return f"IF({due}<TODAY(),{rank[dl.OVERDUE]},IF({due}-TODAY()<={soon},{rank[dl.DUE_SOON]},{rank[dl.OPEN]}))"

    def code(due: str, done: str) -> str:
        return (f"IF(NOT(ISNUMBER({due})),0,IF(ISNUMBER({done}),IF({done}<={due},{rank[dl.ON_TIME]},{rank[dl.LATE]}),"
                f"{open_code(due)}))")

    analysed = f'AND(LEN(TRIM({c["unsettled_analysis"]}))>0,LEN(TRIM({c["next_steps"]}))>0)'
    settled_late = f'AND({rebounded}<>"{YES}",{c["settled"]}="{YES}",ISNUMBER({c["settled_on"]}))'
    analysis_code = (f"IF(NOT(ISNUMBER({analysis_due})),0,IF({analysed},{rank[dl.ON_TIME]},"
                     f"IF({settled_late},0,IF({analysis_due}<=TODAY(),{rank[dl.TODO]},0))))")
    # 上级报结 has no helper column: its due date is the ledger's own 上级报结期限
    upper_due = st.excel_choice("upper", cells, lambda p: _period_due(p, cells))
    # a row may be completed by another field than 受理告知书送达日期 (2022 art. 23(3)'s objection: 受理日期)
    notice_done = st.excel_choice("notice", cells, lambda p: c[st.done_field(p)], default=c["acceptance_served_on"])
    codes = {"notice": code(notice_due, notice_done), "opinion": code(opinion_due, c["opinion_on"]),
             "analysis": analysis_code, "upper": f'IFERROR({code(upper_due, c["reported_on"])},0)'}
    # most urgent state wins; ties go to the earliest stage (×10 + n…1 keeps the stage in the number)
    count = len(st.STAGES)
    worst = "MAX(" + ",".join(f"{codes[s.key]}*10+{count - i}" for i, s in enumerate(st.STAGES)) + ")"
    shown = ",".join(f'"{w}"' for w in words)
    stages = ",".join(f'"{s}"' for s in reversed(dl.STAGES))
    state = (f'=CHOOSE(INT({worst}/10)+1,{shown})&IF({worst}>={rank[dl.OPEN] * 10},'
             f'"（"&CHOOSE(MOD({worst},10),{stages})&"）","")')
    return dict(zip(HELPER_HEADERS, (notice, opinion, analysis, state), strict=True))


def _write_helper_formulas(ws, last_row: int) -> None:
    for row in range(FIRST_DATA_ROW, last_row + 1):
        for offset, formula in enumerate(helper_formulas(row).values()):
            ws.cell(row, len(COLUMNS) + offset + 1).value = formula


def _add_ledger_validations(ws, letters: dict[str, str], last_row: int) -> None:
    for index, column in enumerate(COLUMNS):
        ref = f"{column_letter(index)}{FIRST_DATA_ROW}:{column_letter(index)}{last_row}"
        validation = _validation_for(column)
        validation.add(ref)
        ws.add_data_validation(validation)
    helper = DataValidation(allow_blank=True, showInputMessage=True, promptTitle="自动计算",
                            prompt="由公式自动计算（见“说明”的期限规则和“工作日历”），请勿填写或覆盖。")
    helper.add(f"{letters[HELPER_HEADERS[0]]}{FIRST_DATA_ROW}:{letters[HELPER_HEADERS[-1]]}{last_row}")
    ws.add_data_validation(helper)


def _validation_for(column: Column) -> DataValidation:
    common = {"allow_blank": True, "showInputMessage": True, "promptTitle": column.header[:32],
              "prompt": column.help[:255]}
    if column.kind in (Kind.CHOICE, Kind.YESNO):
        return DataValidation(type="list", formula1=dictionary_name(column.dictionary), showErrorMessage=True,
                              errorTitle="请从下拉列表选择",
                              error=f"“{column.header}”请从下拉列表选择。需要新的选项时，先在“{DICTIONARY_SHEET}”表"
                                    f"“{column.dictionary}”列下面添加。", **common)
    if column.kind is Kind.DATE:
        return DataValidation(type="date", operator="between", formula1=str(_serial(DATE_MIN)),
                              formula2=str(_serial(DATE_MAX)), showErrorMessage=True, errorTitle="日期格式不对",
                              error=f"“{column.header}”请填日期，如 2019-09-03（年-月-日），不要写成文字。",
                              **common)
    if column.kind is Kind.INT:
        low, high = column.min_value or 0, column.max_value or 999999
        return DataValidation(type="whole", operator="between", formula1=str(low), formula2=str(high),
                              showErrorMessage=True, errorTitle="请填整数",
                              error=f"“{column.header}”请填 {low}–{high} 之间的整数。", **common)
    return DataValidation(**common)


def _serial(day: dt.date) -> int:
    return (day - dt.date(1899, 12, 30)).days


def _add_ledger_colouring(ws, letters: dict[str, str], last_letter: str, last_row: int) -> None:
    area = f"A{FIRST_DATA_ROW}:{last_letter}{last_row}"
    state = f"${letters[HELPER_HEADERS[-1]]}{FIRST_DATA_ROW}"
    # a cell the 校验台账 button listed on 校验标记 (it rewrites that sheet, never the ledger's formatting)
    ws.conditional_formatting.add(area, FormulaRule(
        formula=[f"COUNTIF({_quote(MARK_SHEET)}!$A:$A,ADDRESS(ROW(),COLUMN(),4))>0"], fill=_fill(MARK_FILL)))
    ws.conditional_formatting.add(area, FormulaRule(
        formula=[f'ISNUMBER(SEARCH("{dl.OVERDUE}",{state}))'], fill=_fill(OVERDUE_FILL)))
    ws.conditional_formatting.add(area, FormulaRule(
        formula=[f'ISNUMBER(SEARCH("{dl.DUE_SOON}",{state}))'], fill=_fill(DUE_SOON_FILL)))


# ---------------------------------------------------------------------------
# 字典


def _build_dictionary(workbook, ws, dicts: dict[str, tuple[str, ...]], towns: tuple[Township, ...]) -> None:
    room = max(DICTIONARY_ROOM, *(len(v) + 20 for v in dicts.values()))
    index = 0
    for name, values in dicts.items():
        letter = column_letter(index)
        cell = ws.cell(1, index + 1, name)
        _dictionary_header(cell)
        ws.column_dimensions[letter].width = max(10, 2 * max((len(v) for v in values), default=4) + 2)
        for row, value in enumerate(values, start=2):
            put(ws.cell(row, index + 1), value)
        first, last = f"${letter}$2", f"${letter}${room + 1}"
        sheet = _quote(DICTIONARY_SHEET)
        # a list that grows with what the office adds, without blank entries in the dropdown
        workbook.defined_names[dictionary_name(name)] = DefinedName(
            dictionary_name(name),
            attr_text=f"OFFSET({sheet}!{first},0,0,MAX(1,COUNTA({sheet}!{first}:{last})),1)")
        index += 1
        if name == "乡镇":
            for offset, extra in enumerate(TOWNSHIP_EXTRA_HEADERS):
                col = index + 1
                _dictionary_header(ws.cell(1, col, extra), fill="EDEDED")
                ws.column_dimensions[column_letter(index)].width = 11
                for row, town in enumerate(towns, start=2):
                    value = (town.valid_from, town.valid_to, town.successor)[offset]
                    if value is not None:
                        put(ws.cell(row, col), value)
                    if offset < 2:
                        ws.cell(row, col).number_format = DATE_FORMAT
                index += 1
    note_col = index + 2
    ws.column_dimensions[column_letter(note_col - 1)].width = 60
    _dictionary_header(ws.cell(1, note_col, "说明"), fill="EDEDED")
    notes = (
        "每列第一行是字典名，下面是选项；台账的下拉列表就取自这里。",
        f"可以增删、改名选项（每列最多 {room} 项），不要改第一行的字典名，选项中间不要留空行。",
        f"乡镇：区划调整后停用的乡镇，在“{TOWNSHIP_EXTRA_HEADERS[1]}”填停用日期、“{TOWNSHIP_EXTRA_HEADERS[2]}”填并入的乡镇；"
        f"新设的在“{TOWNSHIP_EXTRA_HEADERS[0]}”填启用日期。校验台账时按登记日期判断乡镇名是否有效。",
        "责任股室：按本单位实际股室名称修改。",
    )
    for row, text in enumerate(notes, start=2):
        ws.cell(row, note_col, text)  # one line each, running over the empty cells to the right
    ws.freeze_panes = "A2"
    fit_to_width(ws, landscape=True)


def _dictionary_header(cell, fill: str = "DDEBF7") -> None:
    cell.fill = _fill(fill)
    _style_header(cell)


# ---------------------------------------------------------------------------
# 设置


def _settings_values(given: Mapping[str, Any]) -> tuple[dict[str, Any], dict[dt.date, bool]]:
    values = {s.key: s.default for s in SETTINGS}
    overrides: dict[dt.date, bool] = {}
    for key, value in given.items():
        if key == "holiday_overrides":
            overrides = dict(value or {})
            continue
        setting = SETTINGS_BY_KEY.get(key) or SETTINGS_BY_LABEL.get(key)
        if setting is None:
            raise KeyError(f"没有名为“{key}”的设置项")
        values[setting.key] = value
    return values, overrides


def holiday_block_rows(overrides: Mapping[dt.date, bool]) -> tuple[int, int]:
    """The 设置 rows of the 节假日调整 entries (first, last), after the settings and the block's title."""
    first = len(SETTINGS) + 5  # header row, settings, blank row, title row, column headers
    return first, first + max(HOLIDAY_ROOM, len(overrides) + 10) - 1


def _build_settings(workbook, ws, values: dict[str, Any], overrides: Mapping[dt.date, bool]) -> None:
    for col, text in enumerate(("设置项", "值", "说明"), start=1):
        _dictionary_header(ws.cell(1, col, text))
    ws.column_dimensions["A"].width = 16
    ws.column_dimensions["B"].width = 34
    ws.column_dimensions["C"].width = 70
    sheet = _quote(SETTINGS_SHEET)
    for row, setting in enumerate(SETTINGS, start=2):
        ws.cell(row, 1, setting.label).font = _BOLD
        value = values[setting.key]
        if value not in (None, ""):
            put(ws.cell(row, 2), value)
        ws.cell(row, 2).alignment = Alignment(horizontal="left", vertical="top", wrap_text=True)
        ws.cell(row, 1).alignment = _WRAP_TOP
        ws.cell(row, 3, setting.help).alignment = _WRAP_TOP
        ws.row_dimensions[row].height = 15 * max(_lines_needed(value, 33), _lines_needed(setting.help, 69))
        workbook.defined_names[setting_name(setting.label)] = DefinedName(
            setting_name(setting.label), attr_text=f"{sheet}!$B${row}")
        if setting.kind is Kind.INT:
            dv = DataValidation(type="whole", operator="between", formula1=str(setting.low),
                                formula2=str(setting.high), showErrorMessage=True,
                                errorTitle="请填整数", error=f"请填 {setting.rule_text}。")
            dv.add(f"B{row}")
            ws.add_data_validation(dv)
        elif setting.choices:
            choices = ",".join(setting.choices)
            dv = DataValidation(type="list", formula1=f'"{choices}"', showErrorMessage=True,
                                errorTitle="请从下拉列表选择", error=f"只能选择{setting.rule_text}。")
            dv.add(f"B{row}")
            ws.add_data_validation(dv)

    first, last = holiday_block_rows(overrides)
    title_row = first - 2
    title = ws.cell(title_row, 1, HOLIDAY_BLOCK_TITLE)
    title.font = Font(bold=True, size=12)
    title.alignment = _WRAP_TOP
    ws.merge_cells(start_row=title_row, start_column=2, end_row=title_row, end_column=3)
    note = ws.cell(title_row, 2,
                   f"国务院每年的节假日安排已内置。尚无数据的年份{UNCOVERED}："
                   "请在下面逐日补录放假的工作日（类型“休息日”）和调休上班的周末（类型“工作日”）。"
                   "补录后台账的期限列和 xlkit 会按此重新计算。行不够时在本块中间插入行。")
    note.alignment = _WRAP_TOP
    ws.row_dimensions[title_row].height = 48
    for col, text in enumerate(("日期", "类型", "说明"), start=1):
        _dictionary_header(ws.cell(first - 1, col, text), fill="EDEDED")
    for row, (day, working) in enumerate(sorted(overrides.items()), start=first):
        ws.cell(row, 1, day)
        ws.cell(row, 2, HOLIDAY_KINDS[1] if working else HOLIDAY_KINDS[0])
    for row in range(first, last + 1):
        ws.cell(row, 1).number_format = DATE_FORMAT
    kinds = DataValidation(type="list", formula1='"' + ",".join(HOLIDAY_KINDS) + '"', allow_blank=True,
                           showErrorMessage=True, errorTitle="请从下拉列表选择", error="类型只能是“休息日”或“工作日”。")
    kinds.add(f"B{first}:B{last}")
    ws.add_data_validation(kinds)
    dates = DataValidation(type="date", operator="between", formula1=str(_serial(DATE_MIN)),
                           formula2=str(_serial(DATE_MAX)), allow_blank=True, showErrorMessage=True,
                           errorTitle="日期格式不对", error="请填日期，如 2027-10-01。")
    dates.add(f"A{first}:A{last}")
    ws.add_data_validation(dates)
    ws.freeze_panes = "A2"
    fit_to_width(ws, landscape=False)
    workbook.defined_names[HOLIDAY_DATES_NAME] = DefinedName(HOLIDAY_DATES_NAME,
                                                             attr_text=f"{sheet}!$A${first}:$A${last}")
    workbook.defined_names[HOLIDAY_KINDS_NAME] = DefinedName(HOLIDAY_KINDS_NAME,
                                                             attr_text=f"{sheet}!$B${first}:$B${last}")


# ---------------------------------------------------------------------------
# 工作日历 and 校验标记


def _build_calendar(workbook, ws, overrides: Mapping[dt.date, bool]) -> None:
    """One row per day: 内置类型 from chinese_calendar, 是否工作日 with the 设置 overrides, 顺延至 (rolled)."""
    built_in = WorkCalendar()
    headers = ("日期", "星期", "内置类型", "是否工作日", "顺延至", "备注")
    for col, text in enumerate(headers, start=1):
        _dictionary_header(ws.cell(1, col, text))
    for letter, width in zip("ABCDEF", (12, 8, 12, 11, 12, 44), strict=True):
        ws.column_dimensions[letter].width = width
    days = (CALENDAR_END - CALENDAR_START).days + 1
    last = days + 1
    working_kind = HOLIDAY_KINDS[1]
    uncovered_note = f"该年尚无国务院节假日安排数据，{UNCOVERED}；可在“设置”表补录节假日调整。"
    for offset in range(days):
        day = CALENDAR_START + dt.timedelta(days=offset)
        row = offset + 2
        ws.cell(row, 1, day).number_format = DATE_FORMAT
        ws.cell(row, 2, dl.weekday(day))
        kind = built_in.day_kind(day)
        ws.cell(row, 3, kind)
        default = YES if kind.endswith(working_kind) else "否"  # 工作日 / 调休工作日
        ws.cell(row, 4, f'=IF(COUNTIF({HOLIDAY_DATES_NAME},$A{row})>0,IF(INDEX({HOLIDAY_KINDS_NAME},'
                        f'MATCH($A{row},{HOLIDAY_DATES_NAME},0))="{working_kind}","{YES}","否"),"{default}")')
        end = min(row + ROLL_WINDOW, last)
        ws.cell(row, 5, f'=IFERROR(INDEX($A{row}:$A{end},MATCH("{YES}",$D{row}:$D{end},0)),"")').number_format = (
            DATE_FORMAT)
        if not built_in.is_covered(day.year):
            ws.cell(row, 6, uncovered_note)
    sheet = _quote(CALENDAR_SHEET)
    workbook.defined_names[CALENDAR_DATES_NAME] = DefinedName(CALENDAR_DATES_NAME, attr_text=f"{sheet}!$A$2:$A${last}")
    workbook.defined_names[CALENDAR_ROLL_NAME] = DefinedName(CALENDAR_ROLL_NAME, attr_text=f"{sheet}!$E$2:$E${last}")
    ws.freeze_panes = "A2"
    fit_to_width(ws, landscape=False)
    # the formulas' calendar: hidden (never printed) and protected without a password against slips
    ws.sheet_state = "hidden"
    ws.protection.sheet = True


def _build_marks(ws) -> None:
    for col, text in enumerate(MARK_HEADERS, start=1):
        _dictionary_header(ws.cell(1, col, text), fill="F8CBAD")
    for letter, width in zip("ABC", (10, 10, 80), strict=True):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "A2"
    ws.sheet_state = "hidden"  # the 校验台账 button rewrites it; the clerk sees its marks on 台账


# ---------------------------------------------------------------------------
# 说明


#: 说明's columns: 序号, 分组, 列名, 类型, 下拉字典, 必填, 怎样填写 (widths in characters).
GUIDE_WIDTHS = (6, 11, 20, 9, 11, 10, 66)


def _lines_needed(text: Any, width: float) -> int:
    """Rough wrapped line count: a CJK character takes two width units."""
    units = sum(2 if ord(ch) > 0x2E80 else 1 for ch in str(text or ""))
    return max(1, -(-units // max(1, int(width))))


def _build_guide(ws, office_name: str, dicts: dict[str, tuple[str, ...]]) -> None:
    del dicts
    for index, width in enumerate(GUIDE_WIDTHS):
        ws.column_dimensions[column_letter(index)].width = width
    full = sum(GUIDE_WIDTHS)
    row = 1
    put(ws.cell(row, 1), f"{office_name}信访工作台账 · 填表说明")
    ws.cell(row, 1).font = Font(bold=True, size=16)
    ws.row_dimensions[row].height = 26
    row += 2

    def section(title: str) -> None:
        nonlocal row
        ws.cell(row, 1, title).font = Font(bold=True, size=13, color="1F4E79")
        ws.row_dimensions[row].height = 22
        row += 1

    def paragraph(text: str) -> None:
        nonlocal row
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=len(GUIDE_WIDTHS))
        ws.cell(row, 1, text).alignment = _WRAP_TOP
        ws.row_dimensions[row].height = 15 * _lines_needed(text, full - 4)
        row += 1

    def table(spans: Sequence[tuple[int, int]], headings: Sequence[str], lines: Sequence[Sequence[Any]],
              fills: Sequence[str] = ()) -> None:
        """Rows whose i-th value fills columns spans[i] = (first, last), merged when wider than one."""
        nonlocal row
        for number, values in enumerate((headings, *lines), start=-1):
            is_heading = number < 0
            needed = 1
            for i, ((first, last), value) in enumerate(zip(spans, values, strict=True)):
                if last > first:
                    ws.merge_cells(start_row=row, start_column=first, end_row=row, end_column=last)
                for col in range(first, last + 1):
                    ws.cell(row, col).border = _BORDER
                cell = ws.cell(row, first)
                put(cell, value)
                if is_heading:
                    _dictionary_header(cell)
                else:
                    cell.alignment = _WRAP_TOP
                    if fills and i < 3:
                        cell.fill = _fill(fills[number])
                width = sum(GUIDE_WIDTHS[first - 1:last]) - 1
                needed = max(needed, _lines_needed(value, width))
            ws.row_dimensions[row].height = 15 * needed + 2
            row += 1
        row += 1

    section("一、怎样填写")
    for text in _usage_lines():
        paragraph(text)
    row += 1

    section("二、各列说明")
    lines, fills = [], []
    for number, column in enumerate(COLUMNS, start=1):
        required = "必须有此列" if column.required else ("建档立卡" if column.field in REGISTRATION_FIELDS else "")
        lines.append((number, column.group.value, column.header, column.kind.value, column.dictionary or "",
                      required, column.help))
        fills.append(GROUP_FILLS[column.group])
    for number, name in enumerate(HELPER_HEADERS, start=len(COLUMNS) + 1):
        lines.append((number, "自动计算", name, "公式", "", "", _HELPER_HELP[name]))
        fills.append(HELPER_FILL)
    columns = [(i, i) for i in range(1, 8)]
    table(columns, ("序号", "分组", "列名", "类型", "下拉字典", "必填", "怎样填写"), lines, fills)

    section("三、期限规则（台账右侧灰色列按此自动计算，xlkit 用同样的规则）")
    for text in _deadline_lines():
        paragraph(text)
    paragraph("期限表（xlkit 的 compute、explain 和本表右侧的公式都按这张表选用规则，同一环节从上往下取第一条适用的）：")
    table([(1, 2), (3, 3), (4, 5), (6, 6), (7, 7)], ("环节", "适用于", "起算", "期间", "规则（依据）"),
          [(stage, scope, start, length, f"{rule}（{article}）")
           for stage, scope, start, length, rule, article in st.table_rows()])

    section("四、统计指标（月度调度、季度分析使用）")
    table([(1, 1), (2, 3), (4, 7)], ("序号", "指标", "定义"),
          [(i, name, text) for i, (name, text) in enumerate(_kpi_lines(), start=1)])

    section("五、校验规则（“校验台账”按钮和 xlkit check 检查的内容；D 开头的是 xlkit dossier check 对卷宗的检查）")
    table([(1, 1), (2, 2), (3, 3), (4, 7)], ("序号", "代码", "级别", "规则"),
          [(i, code, str(severity), title) for i, (code, severity, title) in enumerate(_rule_catalog(), start=1)])

    section("六、颜色和标记")
    for text in _colour_lines():
        paragraph(text)
    row += 1

    from xlkit.documents.catalog import DOCUMENT_RULES

    section("七、文书规则（“生成文书”按钮和 xlkit docs 生成的文书）")
    for number, text in enumerate(DOCUMENT_RULES, start=1):
        paragraph(f"{number}. {text}")
    ws.sheet_view.showGridLines = False
    fit_to_width(ws, landscape=False)


_HELPER_HELP = {
    HELPER_HEADERS[0]: "受理告知书送达期限（见期限规则 1）。",
    HELPER_HEADERS[1]: "处理意见出具期限，已计入符合条件的延期（见期限规则 2）。",
    HELPER_HEADERS[2]: "受理满 60 日仍未息访或反弹时，未息访原因分析和下步措施列为待办的日期（无完成时限，见期限规则 3）。",
    HELPER_HEADERS[3]: "按今天的日期判断：超期、临期、待办、办理中、已按期完成、逾期完成；括号内是最紧迫的环节（含上级报结）。",
}


def _usage_lines() -> list[str]:
    h = header
    return [
        f"1. 每件信访事项占“{LEDGER_SHEET}”表一行，从第 {FIRST_DATA_ROW} 行起填写；不要修改第 {HEADER_ROW} 行的表头文字，"
        "可以在最右侧增加本单位需要的列。",
        f"2. 日期一律填成 2019-09-03 这样的日期（也可输入 2019/9/3），不要写成文字；“{h('id_number')}”“{h('phone')}”"
        f"“{h('case_id')}”和各文号已设为文本格式，照原样输入。",
        f"3. 带下拉箭头的列从列表中选择，选项来自“{DICTIONARY_SHEET}”表，可在那里增删；单位名称、文号代字、临期提醒天数等在“"
        f"{SETTINGS_SHEET}”表修改。",
        f"4. 最右侧灰色的 {len(HELPER_HEADERS)} 列（{'、'.join(HELPER_HEADERS)}）由公式自动计算，请勿填写；"
        f"它们按“{CALENDAR_SHEET}”表的法定节假日和调休顺延。模板已为前 {TEMPLATE_ROWS} 行备好公式；在中间插入行或超过 "
        f"{TEMPLATE_ROWS} 行时，选中上一行这 {len(HELPER_HEADERS)} 格向下拖动填充即可。",
        "5. 谁登记、谁交办、谁审核：每件都要填登记人、交办人、审核人。",
    ]


def _deadline_lines() -> list[str]:
    h = header
    soon = SETTINGS_BY_KEY["due_soon_days"].label
    return [
        "期间按日历日计算（2022 年《信访工作条例》写明“工作日”的按工作日计算），开始的当日不计入；期间最后一日是法定节假日或休息日的，以其后的第一个工作日为期间的最后一日；"
        "国务院通知调休上班的周六、周日是工作日。依据：2017年10月1日前为《民法通则》第一百五十四条，此后至 2020 年为"
        "《民法总则》第二百零一条、第二百零三条，2021 年起为《民法典》第二百零一条、第二百零三条；按工作日计算的期间末日总是"
        "工作日，不顺延，只依第二百零一条（开始的当日不计入）。",
        f"1. 受理告知（是否受理的书面告知，受理、不予受理、转送都要告知）：攻坚行动案件——{h('petition_type')}为"
        f"求决类（未填的按求决类）且{h('registered_on')}在 {dl.fmt(CAMPAIGN_START)}至 {dl.fmt(CAMPAIGN_END)}——"
        f"自{h('assigned_on')}起 {dl.CAMPAIGN_NOTICE_DAYS} 日内出具受理告知书并当面送达（《三年攻坚行动实施方案》四(一)、五(三)；"
        f"“{SETTINGS_SHEET}”表的“{SETTINGS_BY_KEY['notice_start'].label}”可改为从{h('registered_on')}起算），"
        f"但不晚于下述法定的自{h('registered_on')}起 {dl.STATUTORY_NOTICE_DAYS} 日（方案不能延长法定期限：交办迟了的，"
        f"以法定期限为准）；方案 {dl.fmt(PLAN_ISSUED)}印发，此前交办的只按法定期限。"
        f"其他案件（包括攻坚行动期间的建议意见类、检举控告类）自收到信访事项之日即{h('registered_on')}起 "
        f"{dl.STATUTORY_NOTICE_DAYS} 日内书面告知：{h('source')}为本办受理（或未填）的，2005 年《信访条例》第二十二条第二款、"
        f"2022 年 5 月 1 日起收到的为《信访工作条例》第二十三条第二款；上级转送、交办的，2005 年条例第二十一条第二款、"
        f"2022 年条例第二十三条第三款。完成以“{h('acceptance_served_on')}”为准。{h('petitioner')}为匿名、不详等，"
        f"或{h('address')}写明不详、不清的，信访人姓名（名称）、住址不清，依 2005 年条例第二十二条第二款、2022 年条例"
        "第二十三条第二款的但书不计受理告知期限。"
        f"2022 年 5 月 1 日起收到的上级转送、交办事项，{h('acceptance_decision')}为“转送其他机关”（不属本机关职权范围）的，"
        "自收到之日起 5 个工作日内向转送、交办机关提出异议、经核实同意后交还材料（2022 年条例第二十三条第三款，"
        f"按工作日计算，调休上班的周末计入），完成以“{h('accepted_on')}”为准，不出转送告知书。",
        f"2. 处理意见：自{h('accepted_on')}起 {dl.OPINION_DAYS} 日内办结、出具书面处理意见（2005 年《信访条例》第三十三条，"
        f"每件受理的事项都适用；2022 年 5 月 1 日起受理的适用《信访工作条例》第三十四条，只管申诉求决类事项——"
        f"建议意见类（第二十九条）、检举控告类（第三十条）条例未规定办理期限，不计期限）。{h('extended')}为“{YES}”、"
        f"{h('extension_days')}大于 0、填了{h('extension_approver')}（须经本机关负责人批准：2005 年条例第三十三条、2022 年条例"
        f"第三十四条）且{h('extension_notice_on')}不晚于原期限的，自原期限（已顺延）起延长{h('extension_days')}"
        f"（最多 {dl.MAX_EXTENSION_DAYS} 日），末日再按节假日顺延。完成以“{h('opinion_on')}”为准。",
        f"3. 息访分析（待办，不是期限）：受理满 {dl.ANALYSIS_DAYS} 日仍未息诉息访，或{h('rebounded')}为“{YES}”的，"
        f"应填写{h('unsettled_analysis')}和{h('next_steps')}。攻坚行动案件依《三年攻坚行动实施方案》五(二)，方案未规定完成"
        f"时限，所以只列为“{dl.TODO}”，不计超期；{h('rebounded_on')}晚于第 {dl.ANALYSIS_DAYS} 日的自反弹之日起列为待办。"
        f"其他案件没有法定要求，是本办做法，“{SETTINGS_SHEET}”表“{SETTINGS_BY_KEY['analysis_practice'].label}”填“否”即不列。",
        f"4. {h('acceptance_decision')}为“{'”或“'.join(NOT_HANDLED_DECISIONS)}”的件同样须在第 1 条的期限内书面告知"
        "（不予受理告知书按理由引用条文，写明不再受理、正在办理的机关、法定途径或有权处理的机关；转送告知书 2022 年 5 月 1 日起"
        "写明转送去向，此前告知信访人向有权的机关提出，见“七、文书规则”），不计处理意见期限，只计入建档立卡率。",
        "5. 复查、复核：信访人对处理意见不服的，可自收到书面答复之日起 30 日内请求复查，对复查意见不服的 30 日内请求复核；"
        "处理意见书按出具日期、息诉息访书按息访日期（签署之日）引用条文：2022 年 5 月 1 日起的为《信访工作条例》第三十五条、"
        "第三十六条（不论何时受理），此前的为 2005 年《信访条例》第三十四条、第三十五条。2022 年条例的复查、复核跟随第三十一条第（六）项的信访处理意见书"
        "（申诉求决类）：2022 年 5 月 1 日起出具的建议意见类（第二十九条）、检举控告类（第三十条）答复不告知复查、复核。",
        f"上级报结：{h('upper_deadline')}是上级交办机关给定的日期，在此日（含）前报结即按期，不计日数、不顺延；完成以"
        f"“{h('reported_on')}”为准，逾期未报结为“{dl.OVERDUE}（上级报结）”。",
        f"6. 期限状态：未完成且已过期限为“{dl.OVERDUE}”（整行红色），距期限不超过“{SETTINGS_SHEET}”表“{soon}”天为"
        f"“{dl.DUE_SOON}”（整行黄色），其余未完成为“{dl.OPEN}”；息访分析为“{dl.TODO}”（不着色）；已完成的按是否在期限内"
        f"分为“{dl.ON_TIME}”和“{dl.LATE}”。",
        f"7. 尚无国务院节假日安排数据的年份{UNCOVERED}，xlkit 会对每件受影响的案件给出警告；请在“设置”表“节假日调整”补录。",
    ]


def _kpi_lines() -> list[tuple[str, str]]:
    h = header
    evaluated = "/".join(("满意", "基本满意", "不满意"))
    registration = "、".join(h(f) for f in REGISTRATION_FIELDS)
    return [
        ("统计口径", f"一件 = {h('petition_type')}为“求决类”的一行；按{h('accepted_on')}所在期间统计，未受理的按"
                   f"{h('registered_on')}；一律按统计日已知的情况计算。比率为空分母时显示“—”。"),
        ("建档立卡率", f"登记项（{registration}）全部填写的件数 ÷ 件数。目标 100%。"),
        ("答复率", f"有{h('opinion_on')}的件数 ÷（已答复或处理意见期限已过的件数）。目标 100%。"),
        ("按期答复率", "在期限内出具处理意见的件数 ÷ 同一分母。不是方案二的目标，是按法定期限（2005年《信访条例》"
                  "第三十三条、2022年《信访工作条例》第三十四条）计算的按期情况，不设目标。"),
        ("书面送达签字率", f"{h('receipt_signed')}为“{YES}”的件数 ÷ 已出具处理意见（{h('opinion_on')}不晚于统计日）的件数；"
                     "未送达的也计入分母，报表另列“待送达”件数。目标 100%。"),
        ("化解率", f"{h('settled')}为“{YES}”且{h('rebounded')}不为“{YES}”的件数 ÷ 有{h('opinion_on')}的件数。目标 100%。"),
        ("参评率", f"{h('satisfaction')}为{evaluated}的件数 ÷ 已出具处理意见的件数（同上，未送达的计入分母）。目标 100%。"),
        ("满意率", f"{h('satisfaction')}为满意或基本满意的件数 ÷ {h('satisfaction')}为{evaluated}的件数。目标 ≥ 90%。"),
    ]


def _colour_lines() -> list[str]:
    return [
        f"红色整行：期限状态含“{dl.OVERDUE}”；黄色整行：期限状态含“{dl.DUE_SOON}”（天数见“{SETTINGS_SHEET}”表）。",
        f"橙色单元格：“校验台账”按钮发现问题的单元格，清单在“{MARK_SHEET}”表（由按钮重写，请勿手工编辑）。",
        f"表头颜色区分环节：{'、'.join(g.value for g in Group)}。",
    ]


def _rule_catalog() -> list[tuple[str, Any, str]]:
    """Every finding code (the reader's, the checks' and the dossier's), for the 说明 sheet."""
    from xlkit.codes import catalogue

    return [(c.code, c.severity.value, c.title) for c in catalogue()]


# ---------------------------------------------------------------------------
# The signature a test compares (content, not bytes)


def template_signature(path: str | Path) -> dict[str, Any]:
    """What a workbook contains: sheets, cell values and formulas, number formats, validations, names, colours."""
    workbook = openpyxl.load_workbook(path)
    signature: dict[str, Any] = {
        "sheets": workbook.sheetnames,
        "names": sorted((name, str(item.attr_text)) for name, item in workbook.defined_names.items()),
    }
    for ws in workbook.worksheets:
        cells: dict[str, Any] = {}
        formats: dict[str, str] = {}
        for row in ws.iter_rows():
            for cell in row:
                if cell.value is not None:
                    value = cell.value
                    cells[cell.coordinate] = value.isoformat() if isinstance(value, dt.date) else value
                if cell.number_format != "General":
                    formats[cell.coordinate] = cell.number_format
        validations = sorted(
            (str(v.sqref), v.type or "", v.operator or "", v.formula1 or "", v.formula2 or "", bool(v.allow_blank),
             v.promptTitle or "", v.prompt or "", v.errorTitle or "", v.error or "", bool(v.showErrorMessage))
            for v in ws.data_validations.dataValidation)
        conditional = sorted(
            (str(rng.sqref), rule.type or "", tuple(rule.formula or ()),
             str(rule.dxf.fill.fgColor.rgb) if rule.dxf and rule.dxf.fill else "")
            for rng in ws.conditional_formatting for rule in rng.rules)
        signature[ws.title] = {
            "cells": cells,
            "formats": formats,
            "merged": sorted(str(r) for r in ws.merged_cells.ranges),
            "freeze": ws.freeze_panes,
            "widths": {k: d.width for k, d in sorted(ws.column_dimensions.items()) if d.width},
            "validations": validations,
            "conditional": conditional,
        }
    return signature
