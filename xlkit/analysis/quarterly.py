"""The 季度分析 workbook (plan §四(四); DESIGN §7): the quarter's cases by category, region, source,
form, 股室 and month, the effectiveness of measures, 诉求认定, repeat petitioners and rebounds,
overdue cases and the detail, with native charts; personal data masked unless asked otherwise.

`analyse()` computes every table once (vectorised: 100,000 rows in a few seconds); `write_quarterly()`
lays them out and `quarterly_report.write_report()` writes the same numbers as prose.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from xlkit.analysis.charts import TREND_SHEET, quarter_trend, trend_sheet
from xlkit.analysis.kpi import (
    DASH,
    FAIL,
    KPI_NAMES,
    NO_TARGET,
    PASS,
    PENDING_SERVICE,
    TARGETS,
    KpiTable,
    Period,
    RateNotes,
    change,
    indicators_name,
    kpi_frame,
    table_from_flags,
)
from xlkit.analysis.monthly import _cell, current_stage, kpi_sheet, list_table, plain_rows
from xlkit.deadlines import stages as st
from xlkit.deadlines.engine import LATE, OVERDUE, STAGE_KEYS, compute, judgeable
from xlkit.output import xlsx_style as style
from xlkit.output.files import mark_report, mask_id, mask_name, mask_phone, save_workbook
from xlkit.read.ledger import Ledger
from xlkit.schema import DICTIONARIES, YES, header

UNFILLED = "（未填）"

#: (field, sheet name, dictionary) of the plain groupings, in the order of the sheets.
GROUPINGS: tuple[tuple[str, str, str], ...] = (
    ("category", "按问题类别", "问题类别"),
    ("township", "按乡镇", "乡镇"),
    ("source", "按案件来源", "案件来源"),
    ("form", "按信访形式", "信访形式"),
    ("unit", "按责任股室", "责任股室"),
)
GROUP_HEADERS = ("件数", "占比", "已出具意见", "已化解", "化解率", "已参评", "满意", "满意率", "上季度件数",
                 "环比", "去年同期件数", "同比")
#: The 明细 sheet's columns (those the ledger has): what the analysis groups and judges by. The whole row
#: stays in the ledger; a 100,000-row ledger's quarter is 10,000+ rows, and every column costs a second.
DETAIL_FIELDS: tuple[str, ...] = (
    "case_id", "registered_on", "source", "form", "petitioner", "id_number", "phone", "township", "category",
    "demand", "key_case", "unit", "accepted_on", "opinion_on", "demand_finding", "measure", "opinion_served_on",
    "receipt_signed", "satisfaction", "settled", "settled_on", "rebounded", "closed_on",
)


@dataclass
class QuarterlyAnalysis:
    ledger: Ledger
    quarter: Period
    today: dt.date
    mask: bool
    kpis: KpiTable
    previous: KpiTable
    last_year: KpiTable
    counts: pd.DataFrame  # 项目 × (本季度, 上季度, 去年同期)
    groups: dict[str, pd.DataFrame]  # field → table indexed by the group's label
    months: pd.DataFrame
    measures: pd.DataFrame
    findings: pd.DataFrame
    repeats: pd.DataFrame
    rebounds: pd.DataFrame
    overdue: pd.DataFrame
    detail: pd.DataFrame
    trend: list[KpiTable]  # every quarter of the campaign so far (charts.quarter_trend)
    deadlines: pd.DataFrame | None = None  # `deadlines.engine.compute` as of `today`, for the 领导摘要

    def to_json(self) -> dict[str, Any]:
        return self.kpis.to_json()


def _label(series: pd.Series) -> pd.Series:
    return series.fillna(UNFILLED).astype(object)


def _order(index: pd.Index, counts: pd.Series, dictionary: str | None) -> list[Any]:
    """Largest first; ties in the 字典's order; 未填 last."""
    known = list(DICTIONARIES.get(dictionary, ())) if dictionary else []
    rank = {name: i for i, name in enumerate(known)}
    labels = [x for x in index if x != UNFILLED]
    labels.sort(key=lambda x: (-int(counts.get(x, 0)), rank.get(x, len(rank)), str(x)))
    return labels + ([UNFILLED] if UNFILLED in index else [])


def group_table(flags: pd.DataFrame, labels: pd.Series, before: pd.Series, last_year: pd.Series,
                dictionary: str | None = None) -> pd.DataFrame:
    """Counts and rates per group of the quarter's cases, with the same group's count a quarter and a
    year before. `flags` are the quarter's rows of `kpi.kpi_frame`; `before`/`last_year` the labels of
    the earlier periods' cases."""
    sums = flags[["建档立卡率_d", "化解率_d", "化解率_n", "满意率_d", "满意率_n"]].astype("int64").groupby(
        labels).sum()
    total = int(sums["建档立卡率_d"].sum())
    prev = before.value_counts()
    ly = last_year.value_counts()
    table = pd.DataFrame(index=pd.Index(_order(sums.index, sums["建档立卡率_d"], dictionary), name="分组"))
    table["件数"] = sums["建档立卡率_d"]
    table["占比"] = table["件数"] / total if total else np.nan
    table["已出具意见"] = sums["化解率_d"]
    table["已化解"] = sums["化解率_n"]
    table["化解率"] = _ratio(sums["化解率_n"], sums["化解率_d"])
    table["已参评"] = sums["满意率_d"]
    table["满意"] = sums["满意率_n"]
    table["满意率"] = _ratio(sums["满意率_n"], sums["满意率_d"])
    table["上季度件数"] = prev.reindex(table.index).fillna(0).astype("int64")
    table["环比"] = [change(c, p) for c, p in zip(table["件数"], table["上季度件数"], strict=True)]
    table["去年同期件数"] = ly.reindex(table.index).fillna(0).astype("int64")
    table["同比"] = [change(c, p) for c, p in zip(table["件数"], table["去年同期件数"], strict=True)]
    return table


def _ratio(numerator: pd.Series, denominator: pd.Series) -> pd.Series:
    return (numerator / denominator.where(denominator > 0)).astype("float64")


def identity_keys(frame: pd.DataFrame) -> pd.Series:
    """Who petitioned: the 身份证号 when filled, else 信访人 + 问题属地乡镇."""
    # astype(object): an empty ledger's text columns come back as float and cannot be joined as text
    by_name = (frame["petitioner"].astype(object).fillna("").astype(str) + "|"
               + frame["township"].astype(object).fillna("").astype(str))
    return frame["id_number"].where(frame["id_number"].notna(), by_name)


def analyse(ledger: Ledger, quarter: Period, today: dt.date, mask: bool = True) -> QuarterlyAnalysis:
    """Every table of the 季度分析 workbook and report, computed once."""
    frame = ledger.frame
    deadlines = compute(ledger, today)
    flags = kpi_frame(ledger, today, deadlines["opinion_due"])
    previous_q, last_year_q = quarter.previous(), quarter.last_year()
    kpis = table_from_flags(flags, quarter, today)
    previous = table_from_flags(flags, previous_q, today)
    last_year = table_from_flags(flags, last_year_q, today)
    in_q = quarter.contains(flags["period_date"]).to_numpy(dtype=bool)
    in_prev = previous_q.contains(flags["period_date"]).to_numpy(dtype=bool)
    in_ly = last_year_q.contains(flags["period_date"]).to_numpy(dtype=bool)
    cases = frame.loc[flags.index]
    q_flags, q_cases = flags[in_q], cases[in_q]

    groups = {}
    for field, _, dictionary in GROUPINGS:
        labels = _label(cases[field])
        groups[field] = group_table(q_flags, labels[in_q], labels[in_prev], labels[in_ly], dictionary)

    # by month: the quarter's months, and the same months a year before
    month_rows = []
    for month in quarter.month_periods():
        before = month.last_year()
        month_rows.append({
            "月份": month.title,
            "件数": int(month.contains(flags["period_date"]).sum()),
            "受理": int(month.contains(cases["accepted_on"]).sum()),
            "出具意见": int(month.contains(cases["opinion_on"]).sum()),
            "息诉息访": int((month.contains(cases["settled_on"]) & (cases["settled"] == YES).fillna(False)).sum()),
            "去年同月件数": int(before.contains(flags["period_date"]).sum()),
        })
    months = pd.DataFrame(month_rows).set_index("月份")

    # measures × outcome (the effectiveness of measures), over the quarter's answered cases
    answered = q_flags["化解率_d"].to_numpy(dtype=bool)
    a_cases = q_cases[answered]
    measure = _label(a_cases["measure"])
    satisfaction = a_cases["satisfaction"].fillna("未评价")
    measure_table = pd.DataFrame({
        "件数": measure.value_counts(),
        "已化解": q_flags.loc[answered, "化解率_n"].astype("int64").groupby(measure).sum(),
        "反弹": (a_cases["rebounded"] == YES).fillna(False).astype("int64").groupby(measure).sum(),
    })
    levels = ("满意", "基本满意", "不满意", "未参评", "未评价")
    cross = pd.crosstab(measure, satisfaction).reindex(columns=list(levels), fill_value=0)
    measure_table = measure_table.join(cross).fillna(0).astype("int64")
    measure_table["化解率"] = _ratio(measure_table["已化解"], measure_table["件数"])
    evaluated = measure_table[["满意", "基本满意", "不满意"]].sum(axis=1)
    measure_table["满意率"] = _ratio(measure_table["满意"] + measure_table["基本满意"], evaluated)
    measure_table = measure_table.loc[_order(measure_table.index, measure_table["件数"], "化解措施")]
    measure_table.index.name = "化解措施"

    # 诉求认定 × 化解措施 (plan §五(二): 合理的解决到位, 无理的思想教育到位 …)
    finding = _label(a_cases["demand_finding"])
    finding_table = pd.crosstab(finding, measure).reindex(
        columns=[m for m in (*DICTIONARIES["化解措施"], UNFILLED) if m in set(measure)], fill_value=0)
    finding_table["合计"] = finding_table.sum(axis=1)
    finding_table["已化解"] = q_flags.loc[answered, "化解率_n"].astype("int64").groupby(finding).sum()
    finding_table["化解率"] = _ratio(finding_table["已化解"], finding_table["合计"])
    sat = a_cases["satisfaction"]
    finding_table["满意率"] = _ratio(sat.isin(("满意", "基本满意")).astype("int64").groupby(finding).sum(),
                                  sat.isin(("满意", "基本满意", "不满意")).astype("int64").groupby(finding).sum())
    finding_table = finding_table.loc[_order(finding_table.index, finding_table["合计"], "诉求认定")]
    finding_table.index.name = "诉求认定"

    # repeat petitioners: anyone with a case this quarter and more than one case to the quarter's end
    keys = identity_keys(cases)
    upto = (flags["period_date"] <= pd.Timestamp(quarter.end)).to_numpy(dtype=bool)
    keys_upto = keys[upto]
    totals = keys_upto.value_counts()
    repeat_keys = set(totals[totals > 1].index) & set(keys[in_q])
    chosen = upto & keys.isin(repeat_keys).to_numpy(dtype=bool)
    rep = cases[chosen].assign(_key=keys[chosen].to_numpy(), _inq=in_q[chosen])
    repeats = rep.groupby("_key", sort=False).agg(
        petitioner=("petitioner", "first"), id_number=("id_number", "first"), township=("township", "first"),
        total=("case_id", "size"), this_quarter=("_inq", "sum"),
        case_ids=("case_id", lambda s: "、".join(str(x) for x in s if x)),
        categories=("category", lambda s: "、".join(dict.fromkeys(str(x) for x in s if x))),
    ).sort_values(["total", "this_quarter"], ascending=False)
    repeats["this_quarter"] = repeats["this_quarter"].astype("int64")

    rebounded = (cases["rebounded"] == YES).fillna(False).to_numpy(dtype=bool)
    rebound_rows = cases[rebounded & (in_q | quarter.contains(cases["rebounded_on"]).to_numpy(dtype=bool))]
    rebounds = rebound_rows[["case_id", "petitioner", "unit", "category", "settled_on", "rebounded_on",
                             "unsettled_analysis", "next_steps"]]

    # overdue: the quarter's cases with a stage past due (open) or done late
    parts = []
    q_index = q_cases.index
    judged = judgeable(ledger)  # a stage whose completion column is absent would look overdue everywhere
    for key in STAGE_KEYS.values():
        if not judged[key]:
            continue
        state = deadlines.loc[q_index, f"{key}_state"]
        chosen = q_index[state.isin([OVERDUE, LATE]).to_numpy(dtype=bool)]
        if not len(chosen):
            continue
        due = deadlines.loc[chosen, f"{key}_due"]
        done = deadlines.loc[chosen, f"{key}_done"]
        late_by = (done.fillna(pd.Timestamp(today)) - due).dt.days
        parts.append(pd.DataFrame({
            "case_id": cases.loc[chosen, "case_id"], "petitioner": cases.loc[chosen, "petitioner"],
            "unit": cases.loc[chosen, "unit"],
            # 提出异议 where the stage-table row calls the stage so (2022 art. 23(3))
            "stage": st.names(key, deadlines.loc[chosen, f"{key}_basis"].to_numpy(dtype=np.int64)),
            "due": due, "done": done,
            "state": deadlines.loc[chosen, f"{key}_state"], "late_by": late_by.astype("int64"),
        }))
    overdue = (pd.concat(parts).sort_values("late_by", ascending=False, kind="stable") if parts else
               pd.DataFrame(columns=["case_id", "petitioner", "unit", "stage", "due", "done", "state", "late_by"]))

    detail = q_cases[[f for f in DETAIL_FIELDS if ledger.has(f)]].copy()
    detail["_opinion_due"] = deadlines.loc[q_index, "opinion_due"]
    detail["_stage"] = current_stage(q_cases)

    counts = pd.DataFrame({
        "本季度": _count_row(kpis, q_flags, len(repeats), rebounds, overdue),
        "上季度": _count_row(previous, flags[in_prev]),
        "去年同期": _count_row(last_year, flags[in_ly]),
    })

    analysis = QuarterlyAnalysis(ledger, quarter, today, mask, kpis, previous, last_year, counts, groups, months,
                                 measure_table, finding_table, repeats, rebounds, overdue, detail,
                                 quarter_trend(flags, quarter, today), deadlines)
    if mask:
        _mask(analysis)
    return analysis


def _count_row(table: KpiTable, flags: pd.DataFrame, repeats: int | None = None, rebounds=None,
               overdue=None) -> dict[str, Any]:
    return {
        "受理求决类信访问题（件）": table.cases,
        "已出具处理意见（件）": int(flags["化解率_d"].sum()),
        "已化解（息诉息访且未反弹，件）": int(flags["化解率_n"].sum()),
        "已参评（件）": int(flags["参评率_n"].sum()),  # 参评率's numerator: the same count the rate shows
        "满意及基本满意（件）": int(flags["满意率_n"].sum()),
        "重复信访人（人）": repeats,
        "反弹（件）": None if rebounds is None else len(rebounds),
        "超期或逾期完成的环节（项）": None if overdue is None else len(overdue),
    }


def _mask(analysis: QuarterlyAnalysis) -> None:
    """Names, 身份证号 and 联系电话 as `张某`, `511723********1234`, `138****5678`."""
    for frame in (analysis.rebounds, analysis.overdue, analysis.detail, analysis.repeats):
        if "petitioner" in frame:
            frame["petitioner"] = frame["petitioner"].map(mask_name, na_action="ignore")
        if "id_number" in frame:
            frame["id_number"] = frame["id_number"].map(mask_id, na_action="ignore")
        if "phone" in frame:
            frame["phone"] = frame["phone"].map(mask_phone, na_action="ignore")


def default_name(quarter: Period) -> str:
    return f"季度分析_{quarter.label}.xlsx"


# ---------------------------------------------------------------------------
# The workbook


#: A change of a rate, in percentage points: the cell holds 4.0 and prints “+4.0 个百分点” (not a % format).
POINTS = '+0.0" 个百分点";-0.0" 个百分点";0.0" 个百分点"'


def _pp(value: float | None, before: float | None) -> Any:
    """A rate's change in percentage points (0.95 after 0.91 → 4.0), or —."""
    return DASH if value is None or before is None else round((value - before) * 100, 6)


def write_quarterly(analysis: QuarterlyAnalysis, output: Path, force: bool = False,
                    sources: tuple[Path, ...] = ()) -> Path:
    """Write the 季度分析 workbook atomically."""
    from openpyxl import Workbook

    a = analysis
    q = a.quarter
    office = a.ledger.settings.office_name
    workbook = Workbook()
    mark_report(workbook, "季度分析")
    _leader_summary(workbook.active, a, office)
    trend_sheet(workbook.create_sheet(), office, q, a.trend)
    ws = workbook.create_sheet("总览")
    masked = "信访人姓名、身份证号、联系电话已隐去部分字符。" if a.mask else "未隐去个人信息，仅限内部使用。"
    row = style.title(ws, f"{office}{q.title}求决类信访问题分析", 9,
                      f"截至 {a.today.isoformat()}；案件按受理日期（未受理的按登记日期）归入季度；{masked}")
    row = style.note(ws, row, "一、案件数量", 9)
    body = []
    for item, values in a.counts.iterrows():
        current, before, ly = (_cell(values["本季度"]), _cell(values["上季度"]), _cell(values["去年同期"]))
        body.append([item, current, _or_dash(before), _rel(current, before), _or_dash(ly), _rel(current, ly)])
    top, last = style.write_table(ws, row, ["项目", q.title, q.previous().title, "环比", q.last_year().title, "同比"],
                                  body, {3: style.PERCENT, 5: style.PERCENT}, min_widths={0: 30})
    row = last + 2
    row = style.note(ws, row, f"二、{indicators_name(q)}（方案二：建档立卡、答复、书面送达签字、化解、参评 100%，满意 90% 以上）",
                     9)
    body = []
    reasons = RateNotes()
    for name in KPI_NAMES:
        rate = a.kpis.overall[name]
        before, ly = a.previous.overall[name].value, a.last_year.overall[name].value
        body.append([name, TARGETS[name] if TARGETS[name] is not None else NO_TARGET, _rate(rate.value),
                     reasons.mark(rate, name), rate.numerator, rate.denominator,
                     _rate(before), _pp(rate.value, before), _rate(ly), _pp(rate.value, ly)])
    headers = ["指标", "目标", "本季度", "是否达标", "分子", "分母", "上季度", "环比（百分点）", "去年同期", "同比（百分点）"]
    pct = {1: style.PERCENT, 2: style.PERCENT, 6: style.PERCENT, 7: POINTS, 8: style.PERCENT, 9: POINTS}
    k_top, k_last = style.write_table(ws, row, headers, body, pct)
    style.mark_cells(ws, [(r, 4) for r in range(k_top + 1, k_last + 1)], PASS, FAIL)
    row = k_last + 1
    for line in reasons.lines():
        row = style.note(ws, row, line, 9)
    row = style.note(ws, row, f"{PENDING_SERVICE}：{a.kpis.pending} 件（已出具处理意见、尚未送达，计入书面送达签字率和"
                                     "参评率的分母）。按期答复率按法定期限计算，不是方案的目标。", 9)
    row = style.note(ws, row, "“—”：分母为 0 或该期没有数据，无从计算。指标的环比、同比是两期比率之差，以百分点计。"
                              f"各季度的趋势图见“{TREND_SHEET}”表。", 9)
    if a.kpis.unplaced:
        row = style.note(ws, row, a.kpis.unplaced_note(), 9)
    if a.kpis.other_types:
        row = style.note(ws, row, a.kpis.other_types_note(), 9)
    if a.kpis.unreadable:
        row = style.note(ws, row, a.kpis.unreadable_note(), 9)
    style.print_setup(ws)

    ws = workbook.create_sheet("指标（按股室）")
    kpi_sheet(ws, a.kpis, None, f"{q.title}{indicators_name(q)}（按责任股室）", f"截至 {a.today.isoformat()}。")

    charts = {"category": "col", "township": "col", "source": "pie", "form": "pie", "unit": "col"}
    for field, sheet, _ in GROUPINGS:
        ws = workbook.create_sheet(sheet)
        table = a.groups[field]
        name = header(field)
        row = style.title(ws, f"{q.title}求决类信访问题{sheet}统计", len(GROUP_HEADERS) + 1,
                          "化解率 = 已化解 / 已出具意见；满意率 = 满意及基本满意 / 已参评；环比、同比为件数的增减幅度。")
        body = [[label, *(_rate(v) if v is None or isinstance(v, float) else _cell(v) for v in values)]
                for label, values in table.iterrows()]
        formats = {2: style.PERCENT, 5: style.PERCENT, 8: style.PERCENT, 10: style.PERCENT, 12: style.PERCENT}
        top, last = style.write_table(ws, row, [name, *GROUP_HEADERS], body, formats, min_widths={0: 12})
        if len(body):
            style.add_chart(ws, charts[field], f"A{last + 3}", f"{q.title}{sheet}件数", top, last, 1, [2],
                            y_title="件", width=18 if field != "township" else 24)
        style.freeze_below(ws, top)
        style.print_setup(ws, (top, top))

    ws = workbook.create_sheet("按月份")
    headers = ["月份", *a.months.columns]
    row = style.title(ws, f"{q.title}各月情况", len(headers), "件数按受理日期（未受理的按登记日期）归月；其余按各自日期归月。")
    body = [[label, *map(int, values)] for label, values in a.months.iterrows()]
    top, last = style.write_table(ws, row, headers, body, min_widths={0: 14})
    style.add_chart(ws, "line", f"A{last + 3}", "各月件数（与去年同月比较）", top, last, 1, [2, 6], y_title="件",
                    width=20)
    style.print_setup(ws, (top, top))

    ws = workbook.create_sheet("化解措施成效")
    table = a.measures
    headers = ["化解措施", *table.columns]
    row = style.title(ws, f"{q.title}化解措施成效（已出具处理意见的案件）", len(headers),
                      "方案四(四)：问题解决措施的有效性。化解率 = 已化解 / 件数；满意率 = (满意 + 基本满意) / (满意 + 基本满意 + 不满意)。")
    body = _counts_and_rates(table)
    n = len(headers)
    top, last = style.write_table(ws, row, headers, body, {n - 2: style.PERCENT, n - 1: style.PERCENT},
                                  min_widths={0: 12})
    style.add_chart(ws, "col", f"A{last + 3}", "各化解措施的化解率与满意率", top, last, 1, [n - 1, n], percent=True,
                    width=18)
    style.print_setup(ws, (top, top))

    ws = workbook.create_sheet("诉求认定")
    table = a.findings
    headers = ["诉求认定 \\ 化解措施", *table.columns]
    row = style.title(ws, f"{q.title}诉求认定与化解措施（已出具处理意见的案件）", len(headers),
                      "方案五(二)：诉求合理的解决到位，诉求无理的思想教育到位，生活困难的帮扶救助到位，行为违法的依法处理。")
    body = _counts_and_rates(table)
    n = len(headers)
    top, last = style.write_table(ws, row, headers, body, {n - 2: style.PERCENT, n - 1: style.PERCENT},
                                  min_widths={0: 16})
    style.print_setup(ws, (top, top))

    ws = workbook.create_sheet("重复信访与反弹")
    headers = [header("petitioner"), header("id_number"), header("township"), "累计件数", "本季度件数", "案件编号",
               header("category")]
    row = style.title(ws, f"重复信访人（本季度有案件、截至季末累计 2 件以上，{len(a.repeats)} 人）", len(headers) + 1,
                      "同一人按身份证号识别；没有身份证号的按“信访人 + 问题属地乡镇”识别。")
    body = plain_rows(a.repeats)
    if body:
        row = style.write_table(ws, row, headers, body, wrap=(5,), max_width=36, stream=True)[1] + 2
    else:  # a header over nothing read as a table left unfilled
        row = style.nothing_to_list(ws, row, "本季度没有重复信访人。", len(headers) + 1) + 1
    headers = [header("case_id"), header("petitioner"), header("unit"), header("category"), header("settled_on"),
               header("rebounded_on"), header("unsettled_analysis"), header("next_steps")]
    row = style.title(ws, f"反弹案件（{len(a.rebounds)} 件）", len(headers), row=row)
    body = plain_rows(a.rebounds)
    if body:
        style.write_table(ws, row, headers, body, wrap=(6, 7), max_width=36, stream=True)
    else:
        style.nothing_to_list(ws, row, "本季度没有息访后反弹的案件。", len(headers))
    style.print_setup(ws)

    ws = workbook.create_sheet("超期案件")
    headers = [header("case_id"), header("petitioner"), header("unit"), "环节", "期限", "完成日期", "状态", "超期天数"]
    row = style.title(ws, f"本季度案件中超期未完成或逾期完成的环节（{len(a.overdue)} 项，截至 {a.today.isoformat()}）",
                      len(headers), "超期天数：已完成的按完成日期计，未完成的按统计日计。")
    list_table(ws, row, headers, plain_rows(a.overdue), "本季度的案件没有超期未完成或逾期完成的环节。")

    ws = workbook.create_sheet("明细")
    detail = a.detail
    fields = [c for c in detail.columns if not c.startswith("_")]
    headers = [header(f) for f in fields] + ["处理意见期限", "当前环节"]
    row = style.title(ws, f"{q.title}求决类信访问题明细（{len(detail)} 件）", min(len(headers), 12))
    body = _detail_rows(detail)
    formats = {i: style.DATE for i, f in enumerate(fields) if _is_date(detail[f])}
    # printed on A3 landscape at a readable size: 诉求内容 wraps, the other columns stay narrow
    wrap = tuple(i for i, f in enumerate(fields) if f == "demand")
    floors = {i: 30 for i in wrap} | {i: 20 for i, f in enumerate(fields) if f == "id_number"}
    top, _ = style.write_table(ws, row, headers, body, formats, wrap=wrap, min_widths=floors, max_width=14,
                               stream=True)
    style.freeze_below(ws, top, 1)
    style.print_setup(ws, (top, top))
    ws.page_setup.paperSize = ws.PAPERSIZE_A3
    ws.auto_filter.ref = f"A{top}:{ws.cell(top, len(headers)).column_letter}{top + len(detail)}"

    return save_workbook(workbook, Path(output), force, sources, xlsxwriter=True)


def _leader_summary(ws, a: QuarterlyAnalysis, office: str) -> None:
    """领导摘要 (first sheet): the quarter's indicators beside the previous quarter's, and today's open work."""
    from xlkit.analysis.monthly import key_cases, overdue_items, unsettled_cases
    from xlkit.analysis.summary import LeaderSummary, write_summary

    deadlines = compute(a.ledger, a.today) if a.deadlines is None else a.deadlines
    within = int(a.ledger.settings.due_soon_days)
    write_summary(ws, LeaderSummary(
        a.ledger, f"{office}{a.quarter.title}信访工作领导摘要",
        f"截至 {a.today.isoformat()}；指标只统计求决类；超期、临期、重点案件、未息访为全部案件的当前情况。",
        [("本季度", a.kpis), ("上季度", a.previous)], overdue_items(a.ledger, a.today, deadlines, within),
        unsettled_cases(a.ledger, a.today, deadlines), key_cases(a.ledger, deadlines), within, mask=a.mask))


def _is_date(series: pd.Series) -> bool:
    return pd.api.types.is_datetime64_any_dtype(series)


def _detail_rows(detail: pd.DataFrame) -> list[list[Any]]:
    """Plain Python values column by column (fast for 10,000s of rows)."""
    columns = []
    for name in detail.columns:
        series = detail[name]
        if _is_date(series):
            columns.append([None if pd.isna(v) else v.date() for v in series])
        elif pd.api.types.is_integer_dtype(series):
            columns.append([None if pd.isna(v) else int(v) for v in series])
        else:
            columns.append([None if v is None or v is pd.NA or v != v else v for v in series.tolist()])
    return [list(r) for r in zip(*columns, strict=True)] if columns else []


def _counts_and_rates(table) -> list[list[Any]]:
    """Rows of a counts-and-rates table: counts as integers, rates as fractions (None for "—")."""
    return [[label, *(_rate(v) if isinstance(v, float) else int(v) for v in values)]
            for label, values in table.iterrows()]


def _rate(value: float | None) -> Any:
    return DASH if value is None or (isinstance(value, float) and np.isnan(value)) else value


def _rel(current: Any, before: Any) -> Any:
    """环比/同比 of a count: the relative change, or — when the earlier figure is 0 or not computed."""
    value = None if current is None or before is None else change(current, before)
    return DASH if value is None else value


def _or_dash(value: Any) -> Any:
    return DASH if value is None else value
