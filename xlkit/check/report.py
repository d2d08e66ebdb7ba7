"""The 校验结果 workbook (DESIGN §7): one row per finding, each linked to its cell in the ledger."""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.hyperlink import Hyperlink

from xlkit.check.run import CheckResult
from xlkit.codes import lookup
from xlkit.deadlines.engine import fmt
from xlkit.findings import Severity
from xlkit.output.files import put, save_workbook
from xlkit.output.xlsx_style import fit_to_width
from xlkit.schema import FINDING_HEADERS, RESULT_SHEET

SUMMARY_SHEET = "汇总"
COLUMNS = tuple(zip(FINDING_HEADERS, (9, 7, 12, 16, 12, 20, 46, 46), strict=True))
FILLS = {
    Severity.ERROR: PatternFill("solid", fgColor="F8CBAD"),
    Severity.WARNING: PatternFill("solid", fgColor="FFE699"),
    Severity.INFO: PatternFill("solid", fgColor="DDEBF7"),
}
HEADER_FILL = PatternFill("solid", fgColor="D9D9D9")
BOLD = Font(bold=True)
LINK = Font(color="0563C1", underline="single")
WRAP = Alignment(wrap_text=True, vertical="top", horizontal="left")


def rule_title(code: str) -> str:
    return lookup(code).title


def ledger_link(report: Path, ledger: Path) -> str:
    """The ledger's path as a link target from the report's folder: relative when they share a drive."""
    try:
        return os.path.relpath(ledger.resolve(), report.resolve().parent).replace(os.sep, "/")
    except ValueError:  # another drive on Windows
        return str(ledger.resolve())


def build_workbook(result: CheckResult, path: Path) -> Workbook:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = RESULT_SHEET
    for index, (title, width) in enumerate(COLUMNS, start=1):
        cell = sheet.cell(1, index, title)
        cell.font, cell.fill = BOLD, HEADER_FILL
        sheet.column_dimensions[cell.column_letter].width = width
    target = ledger_link(path, result.ledger.path)
    for number, finding in enumerate(result.findings, start=2):
        values = finding.table_row()
        for index, value in enumerate(values, start=1):
            cell = sheet.cell(number, index)
            put(cell, value)
            cell.alignment = WRAP
        sheet.cell(number, 1).fill = FILLS[finding.severity]
        if finding.sheet:
            location = f"'{finding.sheet}'!{finding.cell or 'A1'}"
            link = sheet.cell(number, 3)
            link.hyperlink = Hyperlink(ref=link.coordinate, target=f"{target}#{location}",
                                       tooltip=f"打开台账并定位到 {finding.where}")
            link.font = LINK
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:H{max(len(result.findings) + 1, 2)}"
    sheet.print_title_rows = "1:1"
    fit_to_width(sheet)
    _summary(workbook.create_sheet(SUMMARY_SHEET), result)
    return workbook


def _summary(sheet, result: CheckResult) -> None:
    fit_to_width(sheet)
    sheet.column_dimensions["A"].width = 16
    sheet.column_dimensions["B"].width = 48
    sheet.column_dimensions["C"].width = 10
    sheet.column_dimensions["D"].width = 10
    put(sheet.cell(1, 1, "台账校验汇总"), "台账校验汇总")
    sheet.cell(1, 1).font = Font(bold=True, size=14)
    rows = [("台账文件", str(result.ledger.path.resolve())), ("工作表", result.ledger.sheet),
            ("校验基准日", fmt(result.today)), ("案件数", len(result.ledger))]
    for offset, (label, value) in enumerate(rows, start=2):
        sheet.cell(offset, 1, label).font = BOLD
        put(sheet.cell(offset, 2), value)
    line = len(rows) + 3
    for index, title in enumerate(("严重程度", "条数"), start=1):
        cell = sheet.cell(line, index, title)
        cell.font, cell.fill = BOLD, HEADER_FILL
    for offset, (severity, count) in enumerate(result.counts.items(), start=1):
        sheet.cell(line + offset, 1, severity).fill = FILLS[Severity(severity)]
        sheet.cell(line + offset, 2, count)
    line += len(Severity) + 2
    for index, title in enumerate(("规则", "说明", "严重程度", "条数"), start=1):
        cell = sheet.cell(line, index, title)
        cell.font, cell.fill = BOLD, HEADER_FILL
    counts = Counter((f.code, f.severity) for f in result.findings)
    ordered = sorted(counts.items(), key=lambda item: (item[0][1].rank, item[0][0]))
    for offset, ((code, severity), count) in enumerate(ordered, start=1):
        put(sheet.cell(line + offset, 1), code)
        put(sheet.cell(line + offset, 2), rule_title(code))
        sheet.cell(line + offset, 3, severity.value).fill = FILLS[severity]
        sheet.cell(line + offset, 4, count)
    if not counts:
        sheet.cell(line + 1, 1, "未发现问题")


def write_check_report(result: CheckResult, path: str | Path, force: bool = False) -> Path:
    """Write 校验结果.xlsx atomically; never over an existing file without force, never over the ledger."""
    path = Path(path)
    workbook = build_workbook(result, path)
    return save_workbook(workbook, path, force, (result.ledger.path,))
