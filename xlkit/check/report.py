"""The 校验结果 workbook (DESIGN §7): one row per finding, each linked to its cell in the ledger."""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path

from xlkit.check.run import CheckResult
from xlkit.codes import lookup
from xlkit.deadlines.engine import fmt
from xlkit.findings import Severity
from xlkit.output.files import put_stream
from xlkit.output.xlsx_stream import MAX_LINKS, fit_to_width, row_height, set_widths, write_stream_workbook
from xlkit.output.xlsx_style import text_width
from xlkit.schema import FINDING_HEADERS, RESULT_SHEET

SUMMARY_SHEET = "汇总"
COLUMNS = tuple(zip(FINDING_HEADERS, (9, 7, 12, 16, 12, 20, 46, 46), strict=True))
COLUMNS_SHEET = "表头识别"


def rule_title(code: str) -> str:
    return lookup(code).title


def ledger_link(report: Path, ledger: Path) -> str:
    """The ledger's path as a link target from the report's folder: relative when they share a drive."""
    try:
        return os.path.relpath(ledger.resolve(), report.resolve().parent).replace(os.sep, "/")
    except ValueError:  # another drive on Windows
        return str(ledger.resolve())


# XlsxWriter formats: the same look as the openpyxl styles the report had (issue 15 moved it to streaming)
_WRAP = {"text_wrap": True, "valign": "top", "align": "left"}
_FILL_COLOURS = {Severity.ERROR: "#F8CBAD", Severity.WARNING: "#FFE699", Severity.INFO: "#DDEBF7"}
_HEADER = {"bold": True, "pattern": 1, "fg_color": "#D9D9D9"}
_LINK = {"font_color": "#0563C1", "underline": 1}


def build_workbook(workbook, result: CheckResult, path: Path) -> None:
    """Both sheets into an XlsxWriter workbook (constant_memory: rows are written in order, once)."""
    formats = {
        "header": workbook.add_format(_HEADER),
        "wrap": workbook.add_format(_WRAP),
        "link": workbook.add_format({**_WRAP, **_LINK}),
        "date": workbook.add_format({**_WRAP, "num_format": "yyyy-mm-dd"}),
        "bold": workbook.add_format({"bold": True}),
        "title": workbook.add_format({"bold": True, "font_size": 14}),
    }
    for severity, colour in _FILL_COLOURS.items():
        formats[severity] = workbook.add_format({**_WRAP, "pattern": 1, "fg_color": colour})
        formats[severity, "plain"] = workbook.add_format({"pattern": 1, "fg_color": colour})
    _columns(workbook.add_worksheet(COLUMNS_SHEET), result, formats)
    findings = workbook.add_worksheet(RESULT_SHEET)
    _findings(findings, result, path, formats)
    _summary(workbook.add_worksheet(SUMMARY_SHEET), result, formats)
    findings.activate()


def _columns(sheet, result: CheckResult, formats: dict) -> None:
    """First sheet: how the ledger was understood (sheet, header row, each column), as `xlkit columns` says."""
    from xlkit.read.understanding import TABLE_HEADERS, column_rows, summary_lines

    set_widths(sheet, (10, 24, 16, 26, 48))
    fit_to_width(sheet)
    put_stream(sheet, 0, 0, "台账是怎么读的", formats["title"])
    row = 1
    for line in summary_lines(result.ledger):
        put_stream(sheet, row, 0, line)
        row += 1
    row += 1
    for index, title in enumerate(TABLE_HEADERS):
        put_stream(sheet, row, index, title, formats["header"])
    for values in column_rows(result.ledger):
        row += 1
        for index, value in enumerate(values):
            put_stream(sheet, row, index, value, formats["wrap"])


def _findings(sheet, result: CheckResult, path: Path, formats: dict) -> None:
    widths = [width for _, width in COLUMNS]
    set_widths(sheet, widths)
    sheet.freeze_panes(1, 0)
    sheet.autofilter(f"A1:H{max(len(result.findings) + 1, 2)}")
    sheet.repeat_rows(0)
    fit_to_width(sheet)
    for index, (title, _) in enumerate(COLUMNS):
        put_stream(sheet, 0, index, title, formats["header"])
    # '#' starts the link's place in the book (#'台账'!H5): one in the ledger's own path must be escaped
    target = ledger_link(path, result.ledger.path).replace("%", "%25").replace("#", "%23")
    wrap, date, link_format = formats["wrap"], formats["date"], formats["link"]
    links = 0
    for number, finding in enumerate(result.findings, start=1):
        values = finding.table_row()
        height = row_height(values, widths)
        if height is not None:
            sheet.set_row(number, height)
        put_stream(sheet, number, 0, values[0], formats[finding.severity])
        put_stream(sheet, number, 1, values[1], wrap)
        if finding.sheet and links < MAX_LINKS:
            links += 1
            location = f"'{finding.sheet}'!{finding.cell or 'A1'}"
            sheet.write_url(number, 2, f"external:{target}#{location}", link_format, values[2],
                            f"打开台账并定位到 {finding.where}")
        else:
            put_stream(sheet, number, 2, values[2], wrap)
        for index in range(3, len(values)):
            put_stream(sheet, number, index, values[index], wrap, date)


def _summary(sheet, result: CheckResult, formats: dict) -> None:
    fit_to_width(sheet)
    counts = Counter((f.code, f.severity) for f in result.findings)
    # 说明 as wide as its longest rule title: text cut off by the 严重程度 beside it prints over it
    titles = [text_width(rule_title(code)) + 2 for code, _ in counts]
    set_widths(sheet, (16, max([48, *titles]), 10, 10))
    put_stream(sheet, 0, 0, "台账校验汇总", formats["title"])
    rows = [("台账文件", str(result.ledger.path.resolve())), ("工作表", result.ledger.sheet),
            ("校验基准日", fmt(result.today)), ("案件数", len(result.ledger))]
    for offset, (label, value) in enumerate(rows, start=1):
        put_stream(sheet, offset, 0, label, formats["bold"])
        put_stream(sheet, offset, 1, value)
    line = len(rows) + 2
    for index, title in enumerate(("严重程度", "条数")):
        put_stream(sheet, line, index, title, formats["header"])
    for offset, (severity, count) in enumerate(result.counts.items(), start=1):
        put_stream(sheet, line + offset, 0, severity, formats[Severity(severity), "plain"])
        put_stream(sheet, line + offset, 1, count)
    line += len(Severity) + 2
    for index, title in enumerate(("规则", "说明", "严重程度", "条数")):
        put_stream(sheet, line, index, title, formats["header"])
    ordered = sorted(counts.items(), key=lambda item: (item[0][1].rank, item[0][0]))
    for offset, ((code, severity), count) in enumerate(ordered, start=1):
        put_stream(sheet, line + offset, 0, code)
        put_stream(sheet, line + offset, 1, rule_title(code))
        put_stream(sheet, line + offset, 2, severity.value, formats[severity, "plain"])
        put_stream(sheet, line + offset, 3, count)
    if not counts:
        put_stream(sheet, line + 1, 0, "未发现问题")


def write_check_report(result: CheckResult, path: str | Path, force: bool = False) -> Path:
    """Write 校验结果.xlsx atomically; never over an existing file without force, never over the ledger."""
    path = Path(path)
    return write_stream_workbook(path, lambda workbook: build_workbook(workbook, result, path), force,
                                 (result.ledger.path,))
