"""The 卷宗检查 workbook: the summary by 股室 first, then the problems, a line per case and each paper's state.

Printed for each 股室: the summary fits a portrait page; the tables fit the page width with their header
repeated; a column nothing was written in (e.g. 文件 when no problem names a file) is left out.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.worksheet import Worksheet

from xlkit.codes import lookup
from xlkit.deadlines.engine import fmt
from xlkit.dossier.papers import NO_UNIT, DossierReport, file_of, folder_of, stage_of
from xlkit.findings import Severity
from xlkit.output import xlsx_style as style
from xlkit.output.files import mark_report, put, save_workbook
from xlkit.schema import YES

SUMMARY_SHEET, PROBLEM_SHEET, CASE_SHEET, PAPER_SHEET = "股室汇总", "卷宗问题", "案件汇总", "文书明细"
TOTAL = "合计"
_SEVERITY_FILL = {Severity.ERROR: "F8CBAD", Severity.WARNING: "FFE699", Severity.INFO: "DDEBF7"}
#: columns a table keeps even when empty; the others go when no row fills them
_KEPT = {"严重程度", "规则", "案件编号", "问题", "处理建议", "信访人", "卷宗状态"}
#: the widest a column grows to before its text wraps
_MAX_WIDTH = {"问题": 44, "处理建议": 56, "文件": 36, "卷宗文件夹": 22}


def write_report(report: DossierReport, path: Path, force: bool = False, sources: tuple[Path, ...] = ()) -> Path:
    """Write 卷宗检查.xlsx atomically (never over the ledger or an existing file without force)."""
    workbook = Workbook()
    mark_report(workbook, "卷宗检查")
    _summary(workbook.active, report)
    units = {c.case_id: c.unit for c in report.cases}
    unit_order = [unit for unit, _ in report.summary().rows]

    def by_unit(unit: str | None) -> int:
        label = unit or NO_UNIT
        return unit_order.index(label) if label in unit_order else len(unit_order)

    problems = sorted(report.problems, key=lambda p: (p.case_id is None, by_unit(units.get(p.case_id)),
                                                      p.case_id or "", p.severity.rank))
    _table(workbook.create_sheet(PROBLEM_SHEET),
           ("严重程度", "规则", "责任股室", "案件编号", "卷宗文件夹", "环节", "文书", "文件", "问题", "处理建议"),
           [(p.severity.value, p.code, units.get(p.case_id), p.case_id, folder_of(p), stage_of(p), p.column,
             file_of(p), p.message, p.hint) for p in problems], severity_column=True)
    cases = sorted(report.cases, key=lambda c: (by_unit(c.unit), c.case_id or "", c.folder.name if c.folder else ""))
    _table(workbook.create_sheet(CASE_SHEET),
           ("案件编号", "信访人", "责任股室", "卷宗文件夹", "是否办结", "应有签字件", "已签字归档", "仅有草稿", "缺失",
            "损坏", "卷宗状态"),
           [(c.case_id, c.petitioner, c.unit, c.folder.name if c.folder else "（无文件夹）",
             (YES if c.closed else "否") if c.judged else None, len(c.papers),
             *_paper_counts(c), c.state) for c in cases])
    _table(workbook.create_sheet(PAPER_SHEET), ("案件编号", "责任股室", "环节", "文书", "状态", "文件"),
           [(c.case_id, c.unit, p.kind.stage, p.kind.name, p.status, "、".join(p.files)) for c in cases
            for p in c.papers])
    return save_workbook(workbook, path, force, sources)


def _paper_counts(case) -> list[int]:
    from xlkit.dossier.papers import DAMAGED, FILED, MISSING, UNSIGNED

    return [sum(p.status == s for p in case.papers) for s in (FILED, UNSIGNED, MISSING, DAMAGED)]


def _summary(ws: Worksheet, report: DossierReport) -> None:
    """By 股室: cases by the state of their dossier, problems by severity; then the problems by code."""
    ws.title = SUMMARY_SHEET
    summary = report.summary()
    width = 1 + len(summary.columns)
    facts = [f"卷宗文件夹：{report.root}", f"检查日期：{fmt(report.today)}"]
    facts.insert(1, f"台账：{report.ledger_path}" if report.ledger_path else "未对照台账：只检查了文件本身")
    row = style.title(ws, "卷宗检查汇总", width, "；".join(facts))
    if report.ledger_path:
        row = style.note(ws, row, "已办结的件应有全部适用的签字件；未办结的件只要求已发生环节的签字件，"
                                  "尚没有应签字文书的为“暂不要求”。", width)
    # two header rows: each group (已办结, 未办结, 问题) over its labels; 责任股室 and 检查件数 span both
    group_row, header_row = row + 1, row + 2
    headers = ("责任股室", *(label for _, label in summary.columns))
    _, last = style.write_table(ws, header_row, headers, [(unit, *counts) for unit, counts in summary.rows],
                                min_widths={0: 16, **{i: 9 for i in range(1, width)}})
    groups = ["", *(group for group, _ in summary.columns)]
    column = 1
    while column <= width:
        group, end = groups[column - 1], column
        while group and end < width and groups[end] == group:
            end += 1
        for at in range(column, end + 1):
            cell = ws.cell(group_row, at)
            cell.font, cell.fill, cell.alignment, cell.border = (style.HEADER_FONT, style.HEADER_FILL,
                                                                 style.CENTER, style.BORDER)
        put(ws.cell(group_row, column), group or headers[column - 1])
        if group and end > column:
            ws.merge_cells(start_row=group_row, start_column=column, end_row=group_row, end_column=end)
        elif not group:
            ws.merge_cells(start_row=group_row, start_column=column, end_row=header_row, end_column=column)
        column = end + 1
    for cell in ws[last]:
        cell.font = Font(name=style.FONT_NAME, size=10, bold=True)  # 合计
    style.freeze_below(ws, header_row)
    style.print_setup(ws, (group_row, header_row), landscape=False)
    # the problems by code, titled as in the template's 说明 sheet; 说明 spans the middle columns
    counts = Counter((p.code, p.severity) for p in report.problems)
    row = last + 2
    if not counts:
        style.note(ws, row, "未发现问题。", width)
        return
    places = ((1, 1), (2, width - 2), (width - 1, width - 1), (width, width))
    lines = [("规则", "说明", "严重程度", "条数")]
    ordered = sorted(counts.items(), key=lambda item: (item[0][1].rank, item[0][0]))
    lines += [(code, lookup(code).title, severity.value, number) for (code, severity), number in ordered]
    for offset, values in enumerate(lines):
        at = row + offset
        for (first, final), value in zip(places, values, strict=True):
            for column in range(first, final + 1):  # a merged cell's border is drawn by every cell under it
                ws.cell(at, column).border = style.BORDER
            cell = ws.cell(at, first)
            if isinstance(value, str):
                put(cell, value)
            else:
                cell.value = value
            if offset == 0:
                cell.font, cell.fill, cell.alignment = style.HEADER_FONT, style.HEADER_FILL, style.CENTER
            else:
                cell.font, cell.alignment = style.BODY_FONT, style.WRAP
            if final > first:
                ws.merge_cells(start_row=at, start_column=first, end_row=at, end_column=final)
    for offset, ((_, severity), _) in enumerate(ordered, start=1):
        ws.cell(row + offset, width - 1).fill = PatternFill("solid", fgColor=_SEVERITY_FILL[severity])


def _table(ws: Worksheet, headers: tuple[str, ...], rows: list[tuple[Any, ...]], severity_column: bool = False) -> None:
    """A plain table from row 1 (header repeated on every printed page); columns no row fills are left out."""
    keep = [i for i, h in enumerate(headers) if h in _KEPT or any(r[i] not in (None, "") for r in rows)]
    headers = tuple(headers[i] for i in keep)
    rows = [tuple(r[i] for i in keep) for r in rows]
    # every column wraps: a name longer than its column grows the row instead of printing over the next cell
    _, last = style.write_table(ws, 1, headers, rows, wrap=range(len(headers)), max_width=26)
    for index, header in enumerate(headers):
        if header in _MAX_WIDTH:
            letter = ws.cell(1, index + 1).column_letter
            longest = max((style.text_width(r[index]) for r in rows[:style.WIDTH_SAMPLE]), default=0)
            ws.column_dimensions[letter].width = max(style.text_width(header) + 2,
                                                     min(longest + 2, _MAX_WIDTH[header]))
    if severity_column:
        for offset, values in enumerate(rows, start=2):
            ws.cell(offset, 1).fill = PatternFill("solid", fgColor=_SEVERITY_FILL[Severity(values[0])])
    style.freeze_below(ws, 1)
    ws.auto_filter.ref = f"A1:{ws.cell(1, len(headers)).column_letter}{max(last, 2)}"
    style.print_setup(ws, (1, 1))
    if len(rows) > style.BORDER_LIMIT:  # write_table draws no borders on long tables: print the grid instead
        ws.print_options.gridLines = True
