"""The 月度调度 pack (plan §三: 月度工作总结调度会; DESIGN §7) as a workbook.

What the meeting needs on one file: the KPIs per 股室 against the plan's targets (this month's cases
and the campaign to the month's end), what happened this month, the overdue and due-soon lists, the
60-day unsettled and rebounded cases with their analysis, open 整改, the key cases and — given last
month's ledger — what changed since.

Lists of work to do (overdue, 60-day, 整改, key cases) take every row of the ledger: a missed deadline
is missed whatever the 信访类型. The KPIs and counts take only the campaign's cases (`kpi.counted_cases`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from openpyxl.styles import Alignment

from xlkit.analysis.kpi import (
    DASH,
    DEFINITIONS,
    FAIL,
    KPI_NAMES,
    NO_TARGET,
    NO_UNIT,
    PASS,
    PENDING_SERVICE,
    TARGETS,
    KpiTable,
    Period,
    RateNotes,
    Span,
    counted_cases,
    indicators_name,
    kpi_frame,
    table_from_flags,
    unit_order,
)
from xlkit.deadlines import stages as st
from xlkit.deadlines.days import DAYS_LEFT, DAYS_OVERDUE, days_columns
from xlkit.deadlines.engine import DUE_SOON, OVERDUE, STAGE_KEYS, compute, judgeable
from xlkit.output import xlsx_style as style
from xlkit.output.files import mark_report, save_workbook
from xlkit.read.ledger import Ledger
from xlkit.schema import CAMPAIGN_END, CAMPAIGN_START, COLUMNS, YES, header

#: Date columns whose first filling means a stage was completed (for 较上月变化).
STAGE_FIELDS: tuple[str, ...] = (
    "assigned_on", "accepted_on", "acceptance_served_on", "extension_notice_on", "opinion_on",
    "opinion_served_on", "evaluated_on", "settled_on", "rebounded_on", "closed_on", "reported_on", "rectified_on",
)

#: The stage a case has reached, latest first (`current_stage`).
_STAGE_ORDER: tuple[tuple[str, str], ...] = (
    ("closed_on", "已办结"), ("settled_on", "已息访"), ("opinion_served_on", "意见已送达"),
    ("opinion_on", "已出具意见"), ("accepted_on", "已受理"), ("assigned_on", "已交办"),
)


def current_stage(frame: pd.DataFrame) -> pd.Series:
    """The furthest stage each case has reached (已办结 … 已登记), vectorised."""
    conditions = [frame[f].notna().to_numpy(dtype=bool) for f, _ in _STAGE_ORDER]
    conditions.insert(1, (frame["settled"] == YES).fillna(False).to_numpy(dtype=bool))
    choices = [name for _, name in _STAGE_ORDER]
    choices.insert(1, "已息访")
    stage = np.select(conditions, choices, default="已登记")
    decided = frame["acceptance_decision"].fillna("")
    stage = np.where(decided.isin(["不予受理", "转送其他机关"]), decided, stage)
    return pd.Series(stage, index=frame.index)


def overdue_items(ledger: Ledger, today: dt.date, deadlines: pd.DataFrame | None = None,
                  within: int | None = None) -> pd.DataFrame:
    """Open stages 超期 or 临期 (within `within` days, default the ledger's 临期提醒天数), one row per case and stage.

    The items are `xlkit.check.run.overdue_items` (what `xlkit overdue` reports: a stage whose
    completion column the ledger lacks is not judged), with the case's 信访人, 股室, 承办人 and the
    stage's start date added; most urgent first.
    """
    from xlkit.check.run import overdue_items as check_items

    deadlines = compute(ledger, today) if deadlines is None else deadlines
    columns = ["row", "case_id", "petitioner", "unit", "handler", "stage", "start", "due", "days_left", "state"]
    items = pd.DataFrame(check_items(ledger, today, within, deadlines),
                         columns=["case_id", "row", "stage", "key", "due", "days_left", "state"])
    if items.empty:
        return pd.DataFrame(columns=columns)
    frame = ledger.frame
    rows = items["row"].to_numpy()
    for name in ("petitioner", "unit", "handler"):
        items[name] = frame.loc[rows, name].to_numpy()
    keys = items["key"].to_numpy()
    start = pd.Series(pd.NaT, index=items.index, dtype="datetime64[ns]")
    for key in STAGE_KEYS.values():  # one lookup per stage, not one per item
        chosen = keys == key
        if chosen.any():
            start[chosen] = deadlines.loc[rows[chosen], f"{key}_start"].to_numpy()
    items["start"] = start
    items["due"] = pd.to_datetime(items["due"])
    return items[columns]


def unsettled_cases(ledger: Ledger, today: dt.date, deadlines: pd.DataFrame) -> pd.DataFrame:
    """Cases 60 days past 受理日期 and not settled, or rebounded: with their analysis and what is missing."""
    frame = ledger.frame
    if not judgeable(ledger)["analysis"]:  # without 是否息诉息访 etc. every case would look unsettled
        frame = frame.iloc[:0]
        deadlines = deadlines.iloc[:0]
    due = deadlines["analysis_due"]
    settled = (frame["settled"] == YES).fillna(False)
    rebounded = (frame["rebounded"] == YES).fillna(False)
    chosen = (due.notna() & ~settled & (due < pd.Timestamp(today))) | rebounded
    cases = frame[chosen]
    missing = np.where(cases["unsettled_analysis"].isna(), header("unsettled_analysis"), "")
    steps = np.where(cases["next_steps"].isna(), header("next_steps"), "")
    gap = pd.Series([("缺" + "、".join(p for p in pair if p)) if any(pair) else "" for pair in zip(missing, steps,
                                                                                                       strict=True)],
                    index=cases.index, dtype=object)
    return pd.DataFrame({
        "case_id": cases["case_id"], "petitioner": cases["petitioner"], "unit": cases["unit"],
        "accepted_on": cases["accepted_on"], "due": due[chosen],
        "why": np.where(rebounded[chosen], "息访后反弹", "受理满60日未息访"),
        "analysis": cases["unsettled_analysis"], "next_steps": cases["next_steps"], "missing": gap,
    })


def open_rectifications(ledger: Ledger, today: dt.date) -> pd.DataFrame:
    """Cases whose 审核结论 is 需整改 and 整改完成日期 is empty, with their age in days (oldest first).

    The rule and the age's starting day live in `review.open_rectifications`; this is its table form.
    """
    from xlkit.review.rectifications import DAYS_OPEN_KEY, SINCE_KEY
    from xlkit.review.rectifications import open_rectifications as open_items

    fields = ("case_id", "petitioner", "unit", "handler", "reviewer", "review_opinion")
    items = open_items(ledger, today)
    table = pd.DataFrame({
        **{name: [item[header(f)] for item in items] for name, f in zip(
            ("case_id", "petitioner", "unit", "handler", "reviewer", "opinion"), fields, strict=True)},
        "since": pd.to_datetime(pd.Series([item[SINCE_KEY] for item in items], dtype="object")),
        "age": pd.array([item[DAYS_OPEN_KEY] for item in items], dtype="Int64"),
    })
    return table


def key_cases(ledger: Ledger, deadlines: pd.DataFrame) -> pd.DataFrame:
    frame = ledger.frame
    chosen = (frame["key_case"] == YES).fillna(False)
    cases = frame[chosen]
    states = []
    for key in STAGE_KEYS.values():
        state = deadlines.loc[cases.index, f"{key}_state"]
        named = st.names(key, deadlines.loc[cases.index, f"{key}_basis"].to_numpy(dtype=np.int64))  # 提出异议 too
        states.append(np.where(state.isin([OVERDUE, DUE_SOON]), named + state.to_numpy(dtype=object, na_value=""), ""))
    alert = ["、".join(s for s in group if s) for group in zip(*states, strict=True)] if states else []
    return pd.DataFrame({
        "case_id": cases["case_id"], "petitioner": cases["petitioner"], "unit": cases["unit"],
        "handler": cases["handler"], "category": cases["category"], "demand": cases["demand"],
        "stage": current_stage(cases), "alert": pd.Series(alert, index=cases.index, dtype=object),
        "next_steps": cases["next_steps"],
    })


# ---------------------------------------------------------------------------
# Counts


COUNT_HEADERS = ("本月新增", "本月受理", "本月答复", "本月化解", "本月办结", "累计登记", "累计受理", "累计答复", "累计化解",
                 "累计办结", "在办")


def monthly_counts(ledger: Ledger, month: Period) -> pd.DataFrame:
    """Per 责任股室 (and 合计): cases registered, accepted, answered, settled and closed (办结) this month
    and to its end.

    在办 = accepted, not 不予受理/转送, not yet 办结 by the month's end.
    """
    frame = ledger.frame[counted_cases(ledger.frame)]
    end = pd.Timestamp(month.end)
    settled = (frame["settled"] == YES).fillna(False) & (frame["rebounded"] != YES).fillna(True)
    columns = {
        "本月新增": month.contains(frame["registered_on"]),
        "本月受理": month.contains(frame["accepted_on"]),
        "本月答复": month.contains(frame["opinion_on"]),
        "本月化解": settled & month.contains(frame["settled_on"]),
        "本月办结": month.contains(frame["closed_on"]),
        "累计登记": frame["registered_on"] <= end,
        "累计受理": frame["accepted_on"] <= end,
        "累计答复": frame["opinion_on"] <= end,
        "累计化解": settled & (frame["settled_on"] <= end),
        "累计办结": frame["closed_on"] <= end,
        "在办": (frame["accepted_on"] <= end) & ~frame["acceptance_decision"].isin(["不予受理", "转送其他机关"])
        & ~(frame["closed_on"] <= end),
    }
    flags = pd.DataFrame({k: v.fillna(False).astype("int64") for k, v in columns.items()}, index=frame.index)
    table = flags.groupby(frame["unit"].fillna(NO_UNIT)).sum()
    table = table.loc[unit_order(table.index)] if len(table) else table
    table.loc["合计"] = flags.sum()
    return table


# ---------------------------------------------------------------------------
# Changes since last month


@dataclass
class Change:
    case_id: str
    petitioner: str | None
    kind: str  # 新增案件 / 环节完成 / 内容变更 / 本月台账中不见
    column: str = ""
    before: Any = None
    after: Any = None


def changes_since(previous: Ledger, current: Ledger) -> list[Change]:
    """New cases, stages completed (a stage date newly filled) and values changed, by 案件编号."""
    cur = current.frame.dropna(subset=["case_id"]).drop_duplicates("case_id").set_index("case_id")
    old = previous.frame.dropna(subset=["case_id"]).drop_duplicates("case_id").set_index("case_id")
    result: list[Change] = []
    for case_id in cur.index.difference(old.index, sort=False):
        result.append(Change(case_id, cur.at[case_id, "petitioner"], "新增案件"))
    common = cur.index.intersection(old.index, sort=False)
    fields = [c.field for c in COLUMNS if c.field != "case_id" and previous.has(c.field) and current.has(c.field)]
    found: list[tuple[int, int, Change]] = []
    order = {case_id: i for i, case_id in enumerate(common)}
    for position, name in enumerate(fields):
        after, before = cur.loc[common, name], old.loc[common, name]
        same = (after == before).fillna(False).astype(bool) | (after.isna() & before.isna())
        for case_id in common[~same.to_numpy(dtype=bool)]:
            a, b = _plain(after.at[case_id]), _plain(before.at[case_id])
            kind = "环节完成" if name in STAGE_FIELDS and b is None and a is not None else "内容变更"
            found.append((order[case_id], position, Change(case_id, cur.at[case_id, "petitioner"], kind,
                                                            header(name), b, a)))
    result.extend(change for _, _, change in sorted(found, key=lambda t: (t[0], t[1])))
    for case_id in old.index.difference(cur.index, sort=False):
        result.append(Change(case_id, old.at[case_id, "petitioner"], "本月台账中不见",
                             "", None, None))
    return result


def _plain(value: Any) -> Any:
    """A pandas/numpy scalar as a plain Python value (None for every kind of missing)."""
    if value is None or (np.ndim(value) == 0 and pd.isna(value)):
        return None
    if isinstance(value, pd.Timestamp | np.datetime64):
        return pd.Timestamp(value).date()
    if isinstance(value, np.floating):
        return float(value)
    if isinstance(value, np.integer):
        return int(value)
    return value


# ---------------------------------------------------------------------------
# The pack


@dataclass
class MonthlyPack:
    ledger: Ledger
    month: Period
    today: dt.date
    kpis: KpiTable  # the month's cases
    cumulative: KpiTable  # 攻坚行动开始 (or an earlier first case; a later ledger's first month) to the month's end
    counts: pd.DataFrame
    items: pd.DataFrame  # overdue and due-soon stages
    unsettled: pd.DataFrame
    rectifications: pd.DataFrame
    key_cases: pd.DataFrame
    changes: list[Change] | None = None
    previous_path: Path | None = None
    sources: list[Path] = field(default_factory=list)
    within: int = 7  # the 临期 window used for `items`

    def to_json(self) -> dict[str, Any]:
        data = self.kpis.to_json()
        data["cumulative"] = self.cumulative.to_json()
        data["overdue"] = int((self.items["state"] == OVERDUE).sum())
        data["due_soon"] = int((self.items["state"] == DUE_SOON).sum())
        if self.changes is not None:
            data["changes"] = len(self.changes)
        return data


def build_monthly(ledger: Ledger, month: Period, today: dt.date, previous: Ledger | None = None,
                  within: int | None = None) -> MonthlyPack:
    """Everything the 月度调度 workbook shows, computed once."""
    deadlines = compute(ledger, today)
    flags = kpi_frame(ledger, today, deadlines["opinion_due"])
    kpis = table_from_flags(flags, month, today)
    first = flags["period_date"].min()
    start = min(CAMPAIGN_START, first.date()) if pd.notna(first) else CAMPAIGN_START
    if pd.notna(first) and first.date() > CAMPAIGN_END:
        # a ledger begun after the campaign counts from its first month, not from 2018年8月
        start = first.date().replace(day=1)
    span = Span(start, month.end, f"至{month.label}", f"{start.year}年{start.month}月至{month.title}末累计")
    cumulative = table_from_flags(flags, span, today)
    return MonthlyPack(
        ledger, month, today, kpis, cumulative, monthly_counts(ledger, month), overdue_items(ledger, today, deadlines, within),
        unsettled_cases(ledger, today, deadlines), open_rectifications(ledger, today), key_cases(ledger, deadlines),
        changes_since(previous, ledger) if previous is not None else None,
        previous.path if previous is not None else None, [ledger.path],
        int(ledger.settings.due_soon_days) if within is None else within,
    )


def default_name(month: Period) -> str:
    return f"月度调度_{month.label}.xlsx"


def kpi_sheet(ws, table: KpiTable, cumulative: KpiTable | None, title: str, note: str | None = None) -> None:
    """KPIs by 股室 against the targets: one row per 股室, a target row, marks coloured; then the office's
    numerators and denominators. Shared with the quarterly workbook."""
    headers = [header("unit"), "案件数", *KPI_NAMES, PENDING_SERVICE, "未达标指标"]
    row = style.title(ws, title, len(headers), note=note)
    blocks = [(table, "本期")] + ([(cumulative, "累计")] if cumulative is not None else [])
    marks: list[tuple[int, int]] = []
    for block, label in blocks:
        row = style.note(ws, row, f"{label}：{block.period.title}（{block.cases} 件）", len(headers))
        body: list[list[Any]] = [["目标", None, *(TARGETS[n] if TARGETS[n] is not None else NO_TARGET
                                                   for n in KPI_NAMES), None, None]]
        body.append(_unit_row("全办", block.cases, block.overall, block.pending))
        for unit, rates in block.by_unit.items():
            body.append(_unit_row(unit, block.unit_cases.get(unit, 0), rates, block.unit_pending.get(unit, 0)))
        formats = {i + 2: style.PERCENT for i in range(len(KPI_NAMES))}
        top, last = style.write_table(ws, row, headers, body, formats, min_widths={0: 12, len(headers) - 1: 24})
        for r in range(top + 2, last + 1):
            for c, name in enumerate(KPI_NAMES, start=3):
                cell = ws.cell(r, c)
                target = TARGETS[name]
                if isinstance(cell.value, float) and target is not None and cell.value + 1e-9 < target:
                    cell.font = style.FAIL_FONT
            marks.append((r, len(headers)))
        ws.cell(top + 1, 1).font = style.HEADER_FONT
        row = last + 2

    headers2 = ["指标", "目标", "分子", "分母", "比率", "是否达标"]
    row = style.note(ws, row, f"全办本期分子、分母（{table.period.title}，截至 {table.today.isoformat()}）", len(headers))
    body2 = []
    reasons = RateNotes()
    for name in KPI_NAMES:
        rate = table.overall[name]
        body2.append([name, TARGETS[name] if TARGETS[name] is not None else NO_TARGET, rate.numerator,
                      rate.denominator, DASH if rate.value is None else rate.value, reasons.mark(rate, name)])
    top, last = style.write_table(ws, row, headers2, body2, {1: style.PERCENT, 4: style.PERCENT})
    style.mark_cells(ws, [(r, 6) for r in range(top + 1, last + 1)], PASS, FAIL)
    row = last + 1
    for line in reasons.lines():
        row = style.note(ws, row, line, len(headers))
    row = style.note(ws, row + 1, "口径：", len(headers))
    for name in KPI_NAMES:
        numerator, denominator = DEFINITIONS[name]
        row = style.note(ws, row, f"{name} = {numerator} ÷ {denominator}", len(headers))
    row = style.note(ws, row, f"{PENDING_SERVICE}：已出具处理意见、尚未送达的件数（本期全办 {table.pending} 件），"
                              "计入书面送达签字率和参评率的分母，新出具的意见会使两率暂时下降。", len(headers))
    style.note(ws, row, "“—”表示分母为 0、无从计算（不是 0% 也不是 100%）。按期答复率不是方案二的目标，是按法定期限"
                        "（2005年《信访条例》第三十三条、2022年《信访工作条例》第三十四条）计算的按期情况，不设目标。",
               len(headers))
    style.print_setup(ws)


def _unit_row(unit: str, cases: int, rates: dict, pending: int) -> list[Any]:
    values = [DASH if rates[n].value is None else rates[n].value for n in KPI_NAMES]
    failing = [n for n in KPI_NAMES if rates[n].passed(TARGETS[n]) is False]
    return [unit, cases, *values, pending, "、".join(failing) if failing else "无"]


def write_monthly(pack: MonthlyPack, output: Path, force: bool = False, sources: tuple[Path, ...] = ()) -> Path:
    """Write the 月度调度 workbook atomically."""
    from openpyxl import Workbook

    from xlkit.analysis.charts import month_series, monthly_sheet
    from xlkit.analysis.summary import LeaderSummary, unit_counts, write_summary

    workbook = Workbook()
    mark_report(workbook, "月度调度")
    office = pack.ledger.settings.office_name
    write_summary(workbook.active, LeaderSummary(
        pack.ledger, f"{office}{pack.month.title}信访工作领导摘要",
        f"截至 {pack.today.isoformat()}；指标只统计求决类；超期、临期、重点案件、未息访为全部案件的当前情况。",
        [("本月", pack.kpis), ("累计", pack.cumulative)], pack.items, pack.unsettled, pack.key_cases, pack.within))
    monthly_sheet(workbook.create_sheet(), office, pack.month, unit_counts(pack.items),
                  month_series(pack.ledger, pack.month))
    ws = workbook.create_sheet("指标")
    kpi_sheet(ws, pack.kpis, pack.cumulative, f"{office}{pack.month.title}信访问题{indicators_name(pack.month)}（按责任股室）",
              f"截至 {pack.today.isoformat()}；只统计求决类（信访类型未填的按求决类计）；案件按受理日期（未受理的按登记日期）归月。")

    ws = workbook.create_sheet("本月情况")
    headers = [header("unit"), *COUNT_HEADERS]
    row = style.title(ws, f"{pack.month.title}新增、受理、答复、化解、办结情况", len(headers),
                      f"“累计”为截至 {pack.month.end.isoformat()}；在办 = 已受理、未办结。")
    body = [[unit, *(int(v) for v in values)] for unit, values in pack.counts.iterrows()]
    top, last = style.write_table(ws, row, headers, body, min_widths={0: 14})
    for c in range(1, len(headers) + 1):
        ws.cell(last, c).font = style.HEADER_FONT
    style.print_setup(ws, (top, top))

    items = pack.items
    for state, name in ((OVERDUE, "超期案件"), (DUE_SOON, "临期案件")):
        ws = workbook.create_sheet(name)
        chosen = items[items["state"] == state]
        late = state == OVERDUE
        # an overdue stage's days counted past its due date (a clerk read “-12” under 剩余天数 as a typo)
        days = DAYS_OVERDUE if late else DAYS_LEFT
        headers = [header("case_id"), header("petitioner"), header("unit"), header("handler"), "环节", "起算日期",
                   "期限", days, "状态"]
        soon = pack.within
        # a comma after the date: “截至 2021-01-15 7 日内到期” read as one number
        text = (f"截至 {pack.today.isoformat()}，已过期限仍未完成的环节（{len(chosen)} 项）" if late else
                f"截至 {pack.today.isoformat()}，{soon} 日内到期的环节（{len(chosen)} 项）")
        meaning = "超期天数：期限已过的天数。" if late else "剩余天数：距期限的天数，0 为今天到期。"
        # not “法定期间” for every row: a campaign case's 5 days are the plan's, a 上级报结期限 is the higher body's date
        # (never rolled), 2022 art. 23(3)'s objection is counted in working days (the stage table's units)
        row = style.title(ws, text, len(headers), f"{meaning}期限依据各异（法规、实施方案，或上级交办机关给定的报结期限，"
                          "逐件见 xlkit explain）：按日计算的末日遇节假日顺延，按工作日计算的和上级给定的报结期限不顺延。")
        # three lines in the merged note row, which does not grow by itself
        ws.cell(row - 1, 1).alignment = Alignment(vertical="top", wrap_text=True)
        ws.row_dimensions[row - 1].height = 42
        body = plain_rows(chosen[["case_id", "petitioner", "unit", "handler", "stage", "start", "due", "days_left",
                                  "state"]])
        for line in body:
            line[7] = days_columns(line[7])[1 if late else 0]
        none = (f"截至 {pack.today.isoformat()}，没有已过期限仍未完成的环节。" if state == OVERDUE else
                f"截至 {pack.today.isoformat()}，没有 {soon} 日内到期的环节。")
        # 剩余天数 centred: right-aligned against the 状态 beside it, 3 and 临期 printed as “3临期”
        list_table(ws, row, headers, body, none, centred=(7,))

    ws = workbook.create_sheet("60日未息访与反弹")
    headers = [header("case_id"), header("petitioner"), header("unit"), header("accepted_on"), "满60日", "情形",
               header("unsettled_analysis"), header("next_steps"), "缺项"]
    row = style.title(ws, f"受理满60日未息访及息访后反弹的案件（{len(pack.unsettled)} 件）", len(headers),
                      "方案五(二)：应认真分析未息访原因及症结，并制定下一步工作措施。“缺项”列出尚未填写的内容。")
    body = plain_rows(pack.unsettled)
    list_table(ws, row, headers, body, "没有受理满60日未息访或息访后反弹的案件。", wrap=(6, 7), max_width=30,
               fonts={8: lambda missing: style.FAIL_FONT if missing else None})

    ws = workbook.create_sheet("需整改")
    headers = [header("case_id"), header("petitioner"), header("unit"), header("handler"), header("reviewer"),
               header("review_opinion"), "起算（办结日期）", "已过天数"]
    row = style.title(ws, f"审核需整改、尚未整改完成的案件（{len(pack.rectifications)} 件）", len(headers),
                      "台账没有审核日期：已过天数自办结日期起算（未填办结日期的自处理意见出具日期起算）。")
    body = plain_rows(pack.rectifications)
    list_table(ws, row, headers, body, "截至统计日，没有审核需整改、尚未整改完成的案件。", wrap=(5,), max_width=30)

    ws = workbook.create_sheet("重点案件")
    headers = [header("case_id"), header("petitioner"), header("unit"), header("handler"), header("category"),
               header("demand"), "当前环节", "期限提醒", header("next_steps")]
    row = style.title(ws, f"重点案件（{len(pack.key_cases)} 件）", len(headers), "研究分析重点案件的化解思路（方案三）。")
    body = plain_rows(pack.key_cases)
    list_table(ws, row, headers, body, "没有标为重点案件的案件。", wrap=(5, 8), max_width=30)

    if pack.changes is not None:
        ws = workbook.create_sheet("较上月变化")
        headers = [header("case_id"), header("petitioner"), "变化", "列", "上月", "本月"]
        name = pack.previous_path.name if pack.previous_path else "上月台账"
        row = style.title(ws, f"较上月变化（与“{name}”比较，{len(pack.changes)} 项）", len(headers),
                          "新增案件：上月台账没有的案件编号；环节完成：上月为空、本月填写的日期；内容变更：其他改动。")
        body = [[c.case_id, c.petitioner, c.kind, c.column, _cell(c.before), _cell(c.after)] for c in pack.changes]
        list_table(ws, row, headers, body, "与上月台账相比，没有新增案件，也没有改动。", wrap=(4, 5), max_width=30)

    return save_workbook(workbook, Path(output), force, sources or tuple(pack.sources), xlsxwriter=True)


def list_table(ws, row: int, headers: list[str], body: list[list[Any]], none: str, **table: Any) -> None:
    """A list sheet's table, its header repeated on every printed page; with no rows, the one line `none`
    instead (a header over an empty page read as a page printed by mistake)."""
    if not body:
        style.nothing_to_list(ws, row, none, len(headers))
        style.print_setup(ws)
        return
    top, _ = style.write_table(ws, row, headers, body, stream=True, **table)
    style.freeze_below(ws, top)
    style.print_setup(ws, (top, top))


def plain_rows(frame: pd.DataFrame) -> list[list[Any]]:
    """A table's rows as plain cell values (`_cell`), converted a column at a time."""
    columns = [map(_cell, frame[name].tolist()) for name in frame.columns]
    return [list(row) for row in zip(*columns, strict=True)]


def _cell(value: Any) -> Any:
    kind = value.__class__
    if kind is str or kind is int:  # most cells: nothing to convert
        return value
    if kind is pd.Timestamp:
        return value.date()
    value = _plain(value)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value
