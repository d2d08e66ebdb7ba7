"""领导摘要: the one page an office head reads first, the first sheet of 月度调度 and 季度分析.

The six plan indicators against their targets, 超期/临期 by 责任股室, the key cases, and the 60-day
unsettled and rebounded counts — fitted to one A4 page, readable in black and white (未达标 is a
word in bold, not only a colour).
"""

from __future__ import annotations

from collections.abc import Sequence
from copy import copy
from dataclasses import dataclass
from typing import Any

import pandas as pd
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from xlkit.analysis.kpi import (
    DASH,
    FAIL,
    NO_UNIT,
    PENDING_SERVICE,
    TARGETS,
    KpiTable,
    RateNotes,
    indicators_name,
)
from xlkit.deadlines.engine import DUE_SOON, OVERDUE
from xlkit.output import xlsx_style as style
from xlkit.output.files import mask_name, put
from xlkit.read.ledger import Ledger
from xlkit.schema import header

SHEET = "领导摘要"
#: The plan's six targets (§二); 按期答复率 has no target and stays on the 指标 sheet.
PLAN_KPIS: tuple[str, ...] = tuple(name for name, target in TARGETS.items() if target is not None)
#: Key cases listed on the page; the rest are on the 重点案件 sheet.
KEY_CASES_SHOWN = 8
COLUMNS = 7
#: The summary's type is this much larger than the data sheets' (10 pt → 12 pt).
LARGER = 1.2
#: 87 characters: the page is fitted to one A4 width at 120 % type. Column A holds 未填原因分析或下步措施 and
#: 重点案件（领导包案） on one line (at 17 they wrapped, the last character or the closing bracket alone on line 2).
WIDTHS = (24, 8, 11, 11, 11, 11, 11)
BOLD = Font(name=style.FONT_NAME, size=10, bold=True)
SECTION = Font(name=style.FONT_NAME, size=12, bold=True)


@dataclass
class LeaderSummary:
    ledger: Ledger
    title: str
    note: str
    blocks: Sequence[tuple[str, KpiTable]]  # (column label, table): 本月/累计, or 本季度/上季度
    items: pd.DataFrame  # open stages 超期/临期 with their 股室 (monthly.overdue_items)
    unsettled: pd.DataFrame  # monthly.unsettled_cases
    key_cases: pd.DataFrame  # monthly.key_cases
    within: int
    mask: bool = False


def unit_counts(items: pd.DataFrame) -> list[list]:
    """[股室, 超期, 临期, 合计] per 股室 with anything open, then 全办."""
    units = items["unit"].fillna(NO_UNIT).replace("", NO_UNIT) if len(items) else pd.Series(dtype=object)
    rows = []
    for unit in sorted(set(units), key=lambda u: (u == NO_UNIT, u)):
        states = items.loc[units == unit, "state"]
        late, soon = int((states == OVERDUE).sum()), int((states == DUE_SOON).sum())
        rows.append([unit, late, soon, late + soon])
    late, soon = int((items["state"] == OVERDUE).sum()), int((items["state"] == DUE_SOON).sum())
    rows.append(["全办", late, soon, late + soon])
    return rows


def _section(ws, row: int, text: str) -> int:
    cell = ws.cell(row, 1)
    put(cell, text)
    cell.font = SECTION
    ws.row_dimensions[row].height = 20
    return row + 1


def write_summary(ws, summary: LeaderSummary) -> None:
    """Fill `ws` with the one-page summary and set it to print on one A4 page."""
    ws.title = SHEET
    for index, width in enumerate(WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    row = style.title(ws, summary.title, COLUMNS, summary.note)

    row = _section(ws, row + 1, f"一、{indicators_name(summary.blocks[0][1].period)}对照目标")
    headers = ["指标", "目标"]
    for label, _ in summary.blocks:
        headers += [label, f"{label}\n是否达标"]  # broken where a reader would, not as 本月是否达 | 标
    headers += ["分子/分母"] if len(summary.blocks) == 1 else []
    body = []
    reasons = RateNotes(narrow=True)  # 台账没有……列 goes under the table, not into the narrow 是否达标 cells
    for name in PLAN_KPIS:
        line: list = [name, TARGETS[name]]
        for _, table in summary.blocks:
            rate = table.overall[name]
            line += [DASH if rate.value is None else rate.value, reasons.mark(rate, name)]
        first = summary.blocks[0][1].overall[name]
        if len(summary.blocks) == 1:
            line.append(f"{first.numerator}/{first.denominator}")
        body.append(line)
    formats = {1: style.PERCENT, **{2 + 2 * i: style.PERCENT for i in range(len(summary.blocks))}}
    top, last = style.write_table(ws, row, headers, body, formats, max_width=16)
    for r in range(top + 1, last + 1):
        for c in range(1, len(headers) + 1):
            if ws.cell(r, c).value == FAIL:
                ws.cell(r, c).font = BOLD
    counts = "；".join(f"{label} {table.cases} 件" for label, table in summary.blocks)
    pending = summary.blocks[0][1].pending
    kpis = summary.blocks[0][1]
    left_out = kpis.unplaced_note() + kpis.other_types_note() + kpis.unreadable_note()  # never a silent 0 件
    row = style.note(ws, last + 1, f"案件数：{counts}。{left_out}{PENDING_SERVICE} {pending} 件（已出具意见未送达，计入送达签字率和"
                                   "参评率的分母）。“—”：分母为 0，无从计算。", COLUMNS)
    for line in reasons.lines():
        row = style.note(ws, row, line, COLUMNS)

    row = _section(ws, row + 1, f"二、超期和临期环节（按{header('unit')}，临期指 {summary.within} 日内到期）")
    top, last = style.write_table(ws, row, [header("unit"), "超期", "临期", "合计"], unit_counts(summary.items))
    for c in range(1, 5):
        ws.cell(last, c).font = BOLD

    unsettled = summary.unsettled
    rebounds = int((unsettled["why"] == "息访后反弹").sum()) if len(unsettled) else 0
    sixty = len(unsettled) - rebounds
    gaps = int((unsettled["missing"] != "").sum()) if len(unsettled) else 0
    key = summary.key_cases
    alerted = int((key["alert"] != "").sum()) if len(key) else 0
    row = _section(ws, last + 2, "三、需要关注")
    facts = [
        ["受理满60日未息访", sixty, "件"],
        ["息诉息访后反弹", rebounds, "件"],
        ["未填原因分析或下步措施", gaps, "件"],
        ["重点案件（领导包案）", len(key), "件"],
        ["其中有超期或临期环节", alerted, "件"],
    ]
    top, last = style.write_table(ws, row, ["事项", "件数", "单位"], facts, min_widths={0: 16})

    # the order is said only of a list (“0 件，有期限提醒的和未办结的在前” over nothing)
    row = _section(ws, last + 2, f"四、重点案件（{len(key)} 件，有期限提醒的和未办结的在前）" if len(key) else "四、重点案件")
    if len(key):
        order = pd.DataFrame({"alert": key["alert"] == "", "done": key["stage"] == "已办结"}, index=key.index)
        shown = key.loc[order.sort_values(["alert", "done"], kind="stable").index].head(KEY_CASES_SHOWN)
        names = shown["petitioner"].map(lambda v: mask_name(v) if summary.mask and isinstance(v, str) else v)
        body = [[r.case_id, name, r.unit, r.stage, r.alert or "无"]
                for r, name in zip(shown.itertuples(index=False), names, strict=True)]
        top, last = style.write_table(ws, row, [header("case_id"), header("petitioner"), header("unit"), "当前环节",
                                                "期限提醒"], body, wrap=(4,), max_width=30)
        ws.merge_cells(start_row=top, start_column=5, end_row=top, end_column=COLUMNS)
        for r in range(top + 1, last + 1):
            ws.merge_cells(start_row=r, start_column=5, end_row=r, end_column=COLUMNS)
        row = last + 1
        if len(key) > KEY_CASES_SHOWN:
            row = style.note(ws, row, f"另有 {len(key) - KEY_CASES_SHOWN} 件，见“重点案件”表。", COLUMNS)
    else:
        row = style.note(ws, row, "没有标为重点案件的案件。", COLUMNS)
    for r in range(1, row):
        for c in range(1, COLUMNS + 1):
            cell = ws.cell(r, c)
            if cell.alignment.horizontal is None and (isinstance(cell.value, int | float) or cell.value == DASH):
                # at the top, level with the label and the mark of a two-line row
                cell.alignment = Alignment(horizontal="center", vertical="top")
    for index, width in enumerate(WIDTHS, start=1):  # the tables may have widened them
        ws.column_dimensions[get_column_letter(index)].width = width
    _wrap_what_no_longer_fits(ws, row - 1)
    _enlarge(ws, LARGER)
    one_page(ws)


def _wrap_what_no_longer_fits(ws, last_row: int) -> None:
    """Table text wider than its column once the widths are back to `WIDTHS` wraps (its row grows when the
    book is saved): 未填原因分析或下步措施 and 开综治〔2019〕96-3号 were cut off at the column's edge."""
    for cells in ws.iter_rows(min_row=1, max_row=last_row, max_col=COLUMNS):
        for cell in cells:
            value = cell.value
            if (value.__class__ is str and cell.border.left.style and not cell.alignment.wrap_text
                    and style.text_width(value) + 1 > WIDTHS[cell.column - 1]):
                cell.alignment = Alignment(horizontal=cell.alignment.horizontal, vertical="top", wrap_text=True)


def _enlarge(ws, factor: float) -> None:
    """Type a size larger than the data sheets (the page has room), widths grown to match."""
    done: dict[tuple[int, ...], Any] = {}  # style before → after: openpyxl hashes a font at every assignment
    for row in ws.iter_rows():
        for cell in row:
            if not cell.has_style:
                continue
            key = tuple(cell._style)
            if key in done:
                cell._style = copy(done[key])
                continue
            if cell.font is not None and cell.font.sz:
                font = copy(cell.font)
                font.sz = round(cell.font.sz * factor, 1)
                cell.font = font
            done[key] = copy(cell._style)
    for dimension in ws.column_dimensions.values():
        if dimension.width:
            dimension.width = round(dimension.width * factor, 1)
    for row in range(1, ws.max_row + 1):
        dimension = ws.row_dimensions[row]
        dimension.height = round((dimension.height or 15) * factor, 1)


def one_page(ws) -> None:
    """Printed on exactly one A4 page, portrait, in black and white."""
    style.print_setup(ws, landscape=False)
    ws.page_setup.fitToHeight = 1
    ws.page_setup.blackAndWhite = True
