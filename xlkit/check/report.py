"""The 校验结果 workbook (DESIGN §7): one row per finding, each linked to its cell in the ledger.

Printed as the clerk reads the screen: a title naming the ledger, the check date and the counts, the
findings grouped 错误 → 警告 → 提示 (each group in ledger order), the header row on every page and the
pages numbered. The full 身份证号 is masked (`files.mask_id`) unless asked otherwise: the printout
leaves the desk.
"""

from __future__ import annotations

import os
from collections import Counter
from functools import lru_cache
from pathlib import Path

from xlkit.check.run import CheckResult
from xlkit.codes import lookup
from xlkit.deadlines.engine import fmt
from xlkit.findings import Finding, Severity, by_severity
from xlkit.output.files import mask_id, mask_ids_in, put_stream
from xlkit.output.layout import FONT_NAME, text_width
from xlkit.output.xlsx_rows import RowWriter, pixels
from xlkit.output.xlsx_stream import MAX_LINKS, fit_to_width, row_height, set_widths, write_stream_workbook
from xlkit.schema import FINDING_HEADERS, RESULT_SHEET, header

SUMMARY_SHEET = "汇总"
COLUMNS = tuple(zip(FINDING_HEADERS, (9, 7, 12, 16, 12, 20, 46, 46), strict=True))
COLUMNS_SHEET = "表头识别"
#: the findings table starts below the two title lines (0-based row of its header)
HEADER_ROW = 2
FONT_SIZE = 10
#: a 值 longer than this (display width) is cut with "…": the cell itself is one click away
VALUE_LIMIT = 3 * (dict(COLUMNS)["值"] - 1)
_ID_HEADER = header("id_number")


def rule_title(code: str) -> str:
    return lookup(code).title


def ledger_link(report: Path, ledger: Path) -> str:
    """The ledger's path as a link target from the report's folder: relative when they share a drive."""
    try:
        return os.path.relpath(ledger.resolve(), report.resolve().parent).replace(os.sep, "/")
    except ValueError:  # another drive on Windows
        return str(ledger.resolve())


def title_lines(result: CheckResult) -> tuple[str, str]:
    """The report's title and the line under it: which ledger, as of which day, how many of each severity."""
    ledger = result.ledger
    counts = "，".join(f"{name} {count} 条" for name, count in result.counts.items())
    return (f"台账校验结果：{ledger.path.name}",
            f"工作表“{ledger.sheet}”，{len(ledger)} 件案件；校验基准日 {fmt(result.today)}；{counts}")


def shown_row(finding: Finding, mask: bool) -> list:
    """The finding's table row as printed: the 身份证号 masked, a very long 值 shortened."""
    values = finding.table_row()
    value, message = values[5], values[6]
    if mask:
        if finding.column == _ID_HEADER and isinstance(value, str) and value:
            message = message.replace(value, mask_id(value))
            value = mask_id(value)
        value = _masked(value) if isinstance(value, str) else value
        message = _masked(message)
    if isinstance(value, str) and 2 * len(value) > VALUE_LIMIT and text_width(value) > VALUE_LIMIT:  # a whole 诉求内容 typed into 乡镇…
        short = _cut(value, VALUE_LIMIT)
        message = message.replace(value, short)
        value = short
    values[5], values[6] = value, message
    return values


@lru_cache(maxsize=8192)
def _masked(text: str) -> str:
    # a rule's message repeats over many findings: each is searched for a 身份证号 once
    return mask_ids_in(text)


def _cut(text: str, limit: int) -> str:
    width = 0
    for index, ch in enumerate(text):
        width += text_width(ch)
        if width > limit - 1:
            return text[:index] + "…"
    return text


# XlsxWriter formats: the same look as the openpyxl styles the report had (issue 15 moved it to streaming)
_FONT = {"font_name": FONT_NAME, "font_size": FONT_SIZE}
_WRAP = {**_FONT, "text_wrap": True, "valign": "top", "align": "left"}
_FILL_COLOURS = {Severity.ERROR: "#F8CBAD", Severity.WARNING: "#FFE699", Severity.INFO: "#DDEBF7"}
_HEADER = {**_FONT, "bold": True, "pattern": 1, "fg_color": "#D9D9D9", "text_wrap": True, "valign": "vcenter"}
_LINK = {"font_color": "#0563C1", "underline": 1}


def build_workbook(workbook, result: CheckResult, path: Path, mask: bool = True) -> None:
    """Both sheets into an XlsxWriter workbook (constant_memory: rows are written in order, once)."""
    formats = {
        "header": workbook.add_format(_HEADER),
        "wrap": workbook.add_format(_WRAP),
        "link": workbook.add_format({**_WRAP, **_LINK}),
        "date": workbook.add_format({**_WRAP, "num_format": "yyyy-mm-dd"}),
        "plain": workbook.add_format(_FONT),
        "bold": workbook.add_format({**_FONT, "bold": True}),
        "title": workbook.add_format({**_FONT, "bold": True, "font_size": 14}),
        "day": workbook.add_format({**_FONT, "num_format": 'yyyy"年"m"月"d"日"', "align": "left"}),
        "number": workbook.add_format({**_FONT, "num_format": "0"}),
        "number_left": workbook.add_format({**_FONT, "num_format": "0", "align": "left"}),
    }
    for severity, colour in _FILL_COLOURS.items():
        formats[severity] = workbook.add_format({**_WRAP, "pattern": 1, "fg_color": colour})
        formats[severity, "plain"] = workbook.add_format({**_FONT, "pattern": 1, "fg_color": colour})
    findings = workbook.add_worksheet(RESULT_SHEET)
    _findings(findings, result, path, formats, mask)
    _summary(workbook.add_worksheet(SUMMARY_SHEET), result, formats)
    # last: printing the whole book (LibreOffice, WPS) starts with the findings, not with pages of
    # "案件编号 → 案件编号, 标准列名" for a template ledger
    _columns(workbook.add_worksheet(COLUMNS_SHEET), result, formats)
    findings.activate()


def _columns(sheet, result: CheckResult, formats: dict) -> None:
    """Last sheet: how the ledger was understood (sheet, header row, each column), as `xlkit columns` says."""
    from xlkit.read.understanding import TABLE_HEADERS, column_rows, summary_lines

    widths = (10, 24, 16, 26, 48)
    set_widths(sheet, widths)
    fit_to_width(sheet)
    put_stream(sheet, 0, 0, "台账是怎么读的", formats["title"])
    row = 1
    for line in summary_lines(result.ledger):
        put_stream(sheet, row, 0, line, formats["plain"])
        row += 1
    row += 1
    sheet.repeat_rows(row)
    for index, title in enumerate(TABLE_HEADERS):
        put_stream(sheet, row, index, title, formats["header"])
    for values in column_rows(result.ledger):
        row += 1
        height = row_height(values, widths, FONT_SIZE)
        if height is not None:
            sheet.set_row(row, height)
        for index, value in enumerate(values):
            put_stream(sheet, row, index, value, formats["wrap"])


def _findings(sheet, result: CheckResult, path: Path, formats: dict, mask: bool) -> None:
    findings = by_severity(result.findings)
    widths = [width for _, width in COLUMNS]
    widths[2] = place_width(findings, widths[2])
    widths[4] = case_width(findings, widths[4])
    set_widths(sheet, widths)
    first = HEADER_ROW + 1
    sheet.freeze_panes(first, 0)
    sheet.autofilter(HEADER_ROW, 0, HEADER_ROW + max(len(findings), 1), len(COLUMNS) - 1)
    sheet.repeat_rows(HEADER_ROW)
    fit_to_width(sheet)
    heading, line = title_lines(result)
    put_stream(sheet, 0, 0, heading, formats["title"])
    put_stream(sheet, 1, 0, line, formats["plain"])
    sheet.set_row(HEADER_ROW, row_height(FINDING_HEADERS, widths, FONT_SIZE))
    for index, (title, _) in enumerate(COLUMNS):
        put_stream(sheet, HEADER_ROW, index, title, formats["header"])
    # '#' starts the link's place in the book (#'台账'!H5): one in the ledger's own path must be escaped
    target = ledger_link(path, result.ledger.path).replace("%", "%25").replace("#", "%23")
    wrap, date, link_format = formats["wrap"], formats["date"], formats["link"]
    looks = [*(formats[severity] for severity in Severity), wrap, link_format, date]
    rows = RowWriter(sheet, looks, date_look=len(looks) - 1)
    first_look = {severity: index for index, severity in enumerate(Severity)}
    wrapped, linked = len(Severity), len(Severity) + 1
    links = 0
    for number, finding in enumerate(findings, start=first):
        values = shown_row(finding, mask)
        height = row_height(values, widths, FONT_SIZE)
        link = None
        if finding.sheet and links < MAX_LINKS:
            quoted = finding.sheet.replace("'", "''")  # 王's台账 is '王''s台账' in a reference
            link = (2, f"external:{target}#'{quoted}'!{finding.cell or 'A1'}",
                    f"打开台账并定位到 {finding.where}")
        cells = [(value, wrapped) for value in values]
        cells[0] = (values[0], first_look[finding.severity])
        if link is not None:
            cells[2] = (values[2], linked)
        if rows.write(number, cells, None if height is None else pixels(height), link):
            links += link is not None
            continue
        # the public calls: what RowWriter does not write itself (or an XlsxWriter it does not know)
        if height is not None:
            sheet.set_row(number, height)
        put_stream(sheet, number, 0, values[0], formats[finding.severity])
        put_stream(sheet, number, 1, values[1], wrap)
        if link is not None:
            links += 1
            sheet.write_url(number, 2, link[1], link_format, values[2], link[2])
        else:
            put_stream(sheet, number, 2, values[2], wrap)
        for index in range(3, len(values)):
            put_stream(sheet, number, index, values[index], wrap, date)
    if not findings:
        put_stream(sheet, first, 0, "未发现问题", formats["plain"])


def place_width(findings: list[Finding], least: float) -> float:
    """The 位置 column as wide as its longest link text (`2020年信访登记!AB123`), up to `MAX_PLACE_WIDTH`:
    LibreOffice never wraps a link's text, so a long sheet name printed over the 列 beside it."""
    sheets = {f.sheet for f in findings if f.sheet}
    if not sheets:
        return least
    longest = max(map(text_width, sheets)) + 1 + max(len(f.cell) for f in findings)
    return min(max(least, longest + 1), MAX_PLACE_WIDTH)


#: a sheet name longer than this still prints over its neighbour, but the table keeps its shape
MAX_PLACE_WIDTH = 36


def case_width(findings: list[Finding], least: float) -> float:
    """The 案件编号 column as wide as its longest case number, up to `MAX_CASE_WIDTH`: 开综治〔2019〕104-3号
    wrapped in the 12-wide column onto three printed lines (broken inside 104), one more than its row had."""
    ids = {f.case_id for f in findings if f.case_id}
    room = int(least) - 1
    long = [case_id for case_id in ids if 2 * len(str(case_id)) > room]  # the rest fit whatever they are made of
    if not long:
        return least
    return min(max(least, max(map(text_width, long)) + 2), MAX_CASE_WIDTH)


#: a longer case number wraps (its row is measured for it)
MAX_CASE_WIDTH = 24


def _summary(sheet, result: CheckResult, formats: dict) -> None:
    fit_to_width(sheet)
    counts = Counter((f.code, f.severity) for f in result.findings)
    # 说明 as wide as its longest rule title: text cut off by the 严重程度 beside it prints over it
    titles = [text_width(rule_title(code)) + 2 for code, _ in counts]
    set_widths(sheet, (16, max([48, *titles]), 10, 10))
    put_stream(sheet, 0, 0, "台账校验汇总", formats["title"])
    # numbers and the day as numbers and a date, so they can be summed and sorted
    rows = [("台账文件", str(result.ledger.path.resolve()), None), ("工作表", result.ledger.sheet, None),
            ("校验基准日", result.today, formats["day"]), ("案件数", len(result.ledger), formats["number_left"])]
    for offset, (label, value, cell_format) in enumerate(rows, start=1):
        put_stream(sheet, offset, 0, label, formats["bold"])
        put_stream(sheet, offset, 1, value, cell_format or formats["plain"], cell_format)
    line = len(rows) + 2
    for index, title in enumerate(("严重程度", "条数")):
        put_stream(sheet, line, index, title, formats["header"])
    for offset, (severity, count) in enumerate(result.counts.items(), start=1):
        put_stream(sheet, line + offset, 0, severity, formats[Severity(severity), "plain"])
        put_stream(sheet, line + offset, 1, count, formats["number_left"])
    line += len(Severity) + 2
    for index, title in enumerate(("规则", "说明", "严重程度", "条数")):
        put_stream(sheet, line, index, title, formats["header"])
    ordered = sorted(counts.items(), key=lambda item: (item[0][1].rank, item[0][0]))
    for offset, ((code, severity), count) in enumerate(ordered, start=1):
        put_stream(sheet, line + offset, 0, code, formats["plain"])
        put_stream(sheet, line + offset, 1, rule_title(code), formats["plain"])
        put_stream(sheet, line + offset, 2, severity.value, formats[severity, "plain"])
        put_stream(sheet, line + offset, 3, count, formats["number"])
    if not counts:
        put_stream(sheet, line + 1, 0, "未发现问题", formats["plain"])


def write_check_report(result: CheckResult, path: str | Path, force: bool = False, mask: bool = True) -> Path:
    """Write 校验结果.xlsx atomically; never over an existing file without force, never over the ledger.

    `mask`: the full 身份证号 in 值 and 问题 shown as 511723********1234 (`--no-mask` keeps it).
    """
    path = Path(path)
    return write_stream_workbook(path, lambda workbook: build_workbook(workbook, result, path, mask), force,
                                 (result.ledger.path,), report=RESULT_SHEET)
