"""`xlkit import`: an office's own ledger converted into the official template, nothing lost.

The 台账 sheet gets every column xlkit understood (values as read: dates as dates, an office's words
translated by its 表头对照); a cell the reader could not use (a date it cannot read, a number typed as
words) is copied as it was, so checking the result says the same as checking the original. Columns it
could not place go into the 原表其他列 sheet beside each case's new row; the 导入说明 sheet lists the
mapping, each value changed, the rows that were not cases, and the facts the reader honours (see
`import_notes.py`). 字典, 设置, 工作日历 and the deadline formulas are the template's.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from xlkit.output.files import put
from xlkit.read import headers as hd
from xlkit.read.import_notes import absent_lines, dictionary_line
from xlkit.read.ledger import Ledger, column_letter, read_ledger
from xlkit.read.understanding import TABLE_HEADERS, column_rows, summary_lines
from xlkit.schema import COLUMNS, IMPORT_NOTES_SHEET, KEPT_ASIDE_SHEET

#: Reader findings whose cell is kept as the clerk typed it (the value could not be used).
KEEP_RAW = ("R001", "R002", "R003", "R011")


@dataclass
class ImportResult:
    source: Path
    output: Path
    cases: int
    read: list[str]  # headers of the template columns filled
    kept_aside: list[str]  # the original headers put in 原表其他列
    changed: list[tuple[int, int, str, Any, Any]] = field(default_factory=list)  # (old row, new row, column, was, now)
    absent: list[str] = field(default_factory=list)


def _same(raw: Any, value: Any) -> bool:
    if raw is None or value is None:
        return raw is value or raw == "" or value == ""
    if isinstance(raw, dt.datetime) and isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return raw.time() == dt.time() and raw.date() == value
    if isinstance(raw, float) and isinstance(value, int | str):
        return raw.is_integer() and str(int(raw)) == str(value)
    if isinstance(raw, str):
        return raw.strip() == str(value)
    return raw == value


def _shown(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def plan_rows(ledger: Ledger) -> tuple[list[dict[str, Any]], list[tuple[int, int, str, Any, Any]]]:
    """The template rows (field → value) and the values that changed on the way."""
    from xlkit.template.builder import FIRST_DATA_ROW

    keep_raw = {(f.row, f.cell) for f in ledger.findings if f.code in KEEP_RAW}
    rows: list[dict[str, Any]] = []
    changed: list[tuple[int, int, str, Any, Any]] = []
    present = [c for c in COLUMNS if ledger.has(c.field)]
    for number, (row, record) in enumerate(ledger.records(), start=FIRST_DATA_ROW):
        cells = ledger.cells[row - 1]
        out: dict[str, Any] = {}
        for column in present:
            index = ledger.positions[column.field]
            raw = cells[index] if index < len(cells) else None
            if (row, f"{column_letter(index)}{row}") in keep_raw:
                out[column.field] = raw
                continue
            value = record.get(column.field)
            out[column.field] = value
            if not _same(raw, value):
                changed.append((row, number, column.header, _shown(raw), _shown(value)))
        rows.append(out)
    return rows, changed


def _kept_aside(ledger: Ledger) -> tuple[list[str], list[list[Any]]]:
    from xlkit.template.builder import FIRST_DATA_ROW

    unread = [info for info in ledger.columns if not info.read and info.how != hd.HELPER]
    headers = ["台账行", "原行号", *(f"{info.text}（原{info.cell}）" for info in unread)]
    body = []
    for number, row in enumerate(ledger.frame.index, start=FIRST_DATA_ROW):
        cells = ledger.cells[row - 1]
        body.append([number, int(row), *(_shown(cells[i.index]) if i.index < len(cells) else None for i in unread)])
    return headers, body


def build_import_workbook(ledger: Ledger) -> tuple[Any, ImportResult]:
    from xlkit.output import xlsx_style as style
    from xlkit.template.builder import build_workbook

    rows, changed = plan_rows(ledger)
    settings = {**ledger.settings.values, "holiday_overrides": dict(ledger.settings.holiday_overrides)}
    workbook = build_workbook(rows, settings, dictionaries=ledger.dictionaries, townships=ledger.townships)
    absent = [c.header for c in COLUMNS if not ledger.has(c.field)]
    read = [c.header for c in COLUMNS if ledger.has(c.field)]

    aside_headers, aside_body = _kept_aside(ledger)
    kept = aside_headers[2:]
    if kept:
        ws = workbook.create_sheet(KEPT_ASIDE_SHEET)
        top = style.title(ws, "原表其他列：原台账中没有对应标准列的内容，逐件保留（台账行 = 新台账的行号）", len(aside_headers))
        top, _ = style.write_table(ws, top, aside_headers, aside_body, wrap=tuple(range(2, len(aside_headers))))
        style.freeze_below(ws, top, 2)

    ws = workbook.create_sheet(IMPORT_NOTES_SHEET)
    _notes_sheet(ws, ledger, changed, absent)
    workbook.move_sheet(ws, -(len(workbook.sheetnames) - 2))  # right after 台账
    workbook.active = 0
    return workbook, ImportResult(ledger.path, Path(), len(ledger), read, kept, changed, absent)


WIDTHS = (12, 22, 16, 24, 44)  # the 导入说明 columns: both tables and the text above them share them


def _text_row(ws, row: int, text: str, bold: bool = False) -> int:
    """One line of text across the sheet's width, wrapped, with a height that shows it all."""
    from openpyxl.styles import Alignment

    from xlkit.output import xlsx_style as style

    cell = ws.cell(row, 1)
    put(cell, text)
    cell.font = style.HEADER_FONT if bold else style.BODY_FONT
    cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=len(WIDTHS))
    lines = -(-style.text_width(text) // (sum(WIDTHS) - 2))
    ws.row_dimensions[row].height = 15 * max(lines, 1)
    return row + 1


def _notes_sheet(ws, ledger: Ledger, changed, absent: list[str]) -> None:
    from xlkit.output import xlsx_style as style

    for index, width in enumerate(WIDTHS):
        ws.column_dimensions[column_letter(index)].width = width
    row = style.title(ws, "导入说明", len(WIDTHS))
    facts = [["原台账", str(ledger.path)], ["导入日期", dt.date.today().isoformat()], ["案件数", len(ledger)],
             dictionary_line(not ledger.own_dictionaries)]
    for label, value in facts:
        ws.cell(row, 1, label).font = style.HEADER_FONT
        put(ws.cell(row, 2), str(value))
        ws.merge_cells(start_row=row, start_column=2, end_row=row, end_column=len(WIDTHS))
        row += 1
    for line in summary_lines(ledger):
        row = _text_row(ws, row, line)
    notes = [f for f in ledger.findings if f.code == "R000"]
    if notes:
        row = _text_row(ws, row + 1, "原表中没有作为案件导入的行（表下备注等）：", bold=True)
        for finding in notes:
            ws.cell(row, 1, f"原第{finding.row}行")
            put(ws.cell(row, 2), finding.value)
            ws.merge_cells(start_row=row, start_column=2, end_row=row, end_column=len(WIDTHS))
            row += 1
    if absent:
        title, listed, _ = absent_lines(absent)
        row += 1
        ws.cell(row, 1, title[0]).font = style.HEADER_FONT
        ws.cell(row, 2, title[1])
        ws.merge_cells(start_row=row, start_column=2, end_row=row, end_column=len(WIDTHS))
        row = _text_row(ws, row + 1, listed[0])
    row = _text_row(ws, row + 1, "删除本表后，台账按标准台账全面校验（原台账没有的列、字典以外的取值都会报出）。")
    row = _text_row(ws, row + 1, "各列对应关系", bold=True)
    _, last = style.write_table(ws, row, TABLE_HEADERS, column_rows(ledger), wrap=(1, 4), max_width=WIDTHS[-1])
    row = _text_row(ws, last + 2, f"导入时改变写法的值（共 {len(changed)} 处；原台账不变，原值仍可在其中查到）", bold=True)
    body = [list(c) for c in changed] or [["", "", "没有", "", ""]]
    style.write_table(ws, row, ("原行号", "台账行", "列", "原值", "导入后"), body, wrap=(3, 4), max_width=WIDTHS[-1])
    for index, width in enumerate(WIDTHS):  # the tables may have widened a column: keep the page's shape
        ws.column_dimensions[column_letter(index)].width = width
    style.fit_to_width(ws, landscape=False)


def import_ledger(source: str | Path, output: str | Path, force: bool = False) -> ImportResult:
    """Read a foreign ledger and write it as the official template; never over its input."""
    from xlkit.output.files import save_workbook

    source, output = Path(source), Path(output)
    ledger = read_ledger(source)
    workbook, result = build_import_workbook(ledger)
    save_workbook(workbook, output, force=force, sources=(source,))
    result.output = output
    return result


def describe(result: ImportResult) -> list[str]:
    lines = [f"已导入：{result.source} → {result.output}（{result.cases} 件）",
             f"读入标准列 {len(result.read)} 列：{'、'.join(result.read)}。"]
    if result.kept_aside:
        lines.append(f"没有对应标准列的 {len(result.kept_aside)} 列放在“{KEPT_ASIDE_SHEET}”表：{'、'.join(result.kept_aside)}。")
    if result.changed:
        lines.append(f"改变写法的值 {len(result.changed)} 处（如日期、全角数字、表头对照的取值），逐一列在“{IMPORT_NOTES_SHEET}”表。")
    if result.absent:
        lines.append(f"原台账没有的 {len(result.absent)} 列留空；填写之前不参与校验（见“{IMPORT_NOTES_SHEET}”表）。")
    return lines

