"""The draft 季度总结分析报告 (plan §四(四)): the quarter's statistics written out, with tables, and
headings for the analysis staff write themselves — 成因分析, 措施成效, 下步打算 — each with a short
bracketed prompt. Nothing here invents analysis: every sentence is a number from `quarterly.analyse`.

Layout after GB/T 9704-2012: A4, margins 37/35/28/26 mm (top/bottom/left/right), title 小标宋 二号,
body 仿宋 三号, first-level headings 黑体, second-level 楷体, 28 pt line spacing.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from xlkit.analysis import report_docx
from xlkit.analysis.kpi import KPI_NAMES, NO_TARGET, TARGETS, RateNotes, indicators_name, mark
from xlkit.analysis.quarterly import UNFILLED, QuarterlyAnalysis
from xlkit.output.gbt9704 import BODY_FONT, BODY_SIZE, HEADING_FONT, SUBHEADING_FONT, TITLE_FONT, TITLE_SIZE

#: sizes in points: 二号, 三号, 四号, and 五号 in tables (a rate like 100.0% fits its column)
SIZE_2, SIZE_3, SIZE_4, SIZE_TABLE = TITLE_SIZE, BODY_SIZE, 14.0, report_docx.TABLE_SIZE

PROMPTS = {
    "成因分析": "〔请结合上述统计，从问题类别、发生区域、各信访事项的共性和差异等方面，分析引发矛盾纠纷的成因。〕",
    "措施成效": "〔请对照“化解措施与结果”表，评价解决到位、思想教育、帮扶救助、依法处理等措施的有效性，"
            "说明未化解、反弹和超期案件的症结。〕",
    "下步打算": "〔请针对成因和薄弱环节，提出化解同类问题的措施和方法，以及下季度的工作安排。〕",
}


def default_name(analysis: QuarterlyAnalysis) -> str:
    return f"季度总结分析报告_{analysis.quarter.label}.docx"


def pct(value: float | None) -> str:
    return "—" if value is None or value != value else f"{value:.1%}"


def trend(current: int, before: int | None, label: str) -> str:
    """“环比增长20.0%（上季度5件）” — or a plain statement when there is nothing to compare."""
    if not before:
        return f"{label}无可比数据（{'上季度' if label == '环比' else '去年同期'}0件）"
    delta = (current - before) / before
    word = "持平" if delta == 0 else ("增长" if delta > 0 else "下降")
    amount = "" if delta == 0 else f"{abs(delta):.1%}"
    return f"{label}{word}{amount}（{'上季度' if label == '环比' else '去年同期'}{before}件）"


def ranking(table: pd.DataFrame, what: str, top: int = 3) -> str:
    """“生活垃圾类最多，5件，占50.0%；其次是污水治理类（3件，占30.0%）…”; equal counts are named together
    (“生活垃圾类、污水治理类并列最多，各5件”), never as first and second."""
    rows = [(label, int(r["件数"]), r["占比"]) for label, r in table.iterrows() if label != UNFILLED and r["件数"]]
    if not rows:
        return f"{what}均未填写"
    tiers: list[list[tuple]] = []
    for row in rows:
        if tiers and tiers[-1][0][1] == row[1]:
            tiers[-1].append(row)
        else:
            tiers.append([row])
    first, *rest = tiers
    if len(first) == 1:
        text = f"{first[0][0]}{what}最多，{first[0][1]}件，占{pct(first[0][2])}"
    else:
        names = "、".join(f"{label}{what}" for label, _, _ in first)
        text = f"{names}并列最多，各{first[0][1]}件，各占{pct(first[0][2])}"
    shown = [row for tier in rest for row in tier][:max(top - len(first), 0)]
    if shown:
        text += "；其次是" + "、".join(f"{label}（{n}件，占{pct(share)}）" for label, n, share in shown)
    unfilled = table.loc[UNFILLED, "件数"] if UNFILLED in table.index else 0
    if unfilled:
        text += f"；另有{int(unfilled)}件未填写"
    return text


def statistics_paragraphs(a: QuarterlyAnalysis) -> list[str]:
    """The statistics as sentences (the first part of the report)."""
    counts = a.counts
    n = int(a.kpis.cases)
    before = int(counts.at["受理求决类信访问题（件）", "上季度"] or 0)
    last_year = int(counts.at["受理求决类信访问题（件）", "去年同期"] or 0)
    text = [f"本季度共受理求决类信访问题{n}件，{trend(n, before, '环比')}，{trend(n, last_year, '同比')}。"]
    if n:
        text[0] += (f"从问题类别看，{ranking(a.groups['category'], '类')}。"
                    f"从发生区域看，{ranking(a.groups['township'], '')}。")
        text.append(f"从案件来源看，{ranking(a.groups['source'], '')}；从信访形式看，{ranking(a.groups['form'], '')}。"
                    f"从承办股室看，{ranking(a.groups['unit'], '')}。")
        answered = int(counts.at["已出具处理意见（件）", "本季度"])
        settled = int(counts.at["已化解（息诉息访且未反弹，件）", "本季度"])
        evaluated = int(counts.at["已参评（件）", "本季度"])
        satisfied = int(counts.at["满意及基本满意（件）", "本季度"])
        text.append(f"截至{a.today.year}年{a.today.month}月{a.today.day}日，已出具处理意见{answered}件，"
                    f"化解（息诉息访且未反弹）{settled}件；参与满意度评价{evaluated}件，其中满意和基本满意{satisfied}件。"
                    f"重复信访{int(counts.at['重复信访人（人）', '本季度'] or 0)}人，"
                    f"反弹{int(counts.at['反弹（件）', '本季度'] or 0)}件，"
                    f"超期未完成或逾期完成的办理环节{int(counts.at['超期或逾期完成的环节（项）', '本季度'] or 0)}项。")
    # what the numbers leave out, as the workbook says it: a bracketed prompt staff delete once it is dealt with
    left_out = a.kpis.unplaced_note() + a.kpis.other_types_note() + a.kpis.unreadable_note()
    if left_out:
        text.append(f"〔请核对后删除本段：{left_out}〕")
    return text


def kpi_sentence(a: QuarterlyAnalysis) -> str:
    parts, failing = [], []
    for name in KPI_NAMES:
        rate = a.kpis.overall[name]
        parts.append(f"{name}{pct(rate.value)}")
        if mark(rate, name) == "未达标":
            failing.append(name)
    text = "本季度" + "，".join(parts) + "。"
    if failing:
        text += "未达到方案目标的有：" + "、".join(failing) + "。"
    elif any(a.kpis.overall[n].value is not None for n in KPI_NAMES):
        text += "有数据的指标均达到方案目标。"
    if any(a.kpis.overall[n].value is None for n in KPI_NAMES):
        text += "“—”表示该指标本季度尚无可计算的案件。"
    return text


def measure_sentence(a: QuarterlyAnalysis) -> str:
    table = a.measures
    rows = [(label, r) for label, r in table.iterrows() if r["件数"]]
    if not rows:
        return "本季度尚无出具处理意见的案件。"
    parts = [f"{label}{int(r['件数'])}件、化解率{pct(r['化解率'])}、满意率{pct(r['满意率'])}" for label, r in rows]
    return "已出具处理意见的案件中，按化解措施分：" + "；".join(parts) + "。"


# ---------------------------------------------------------------------------
# The plan of the document (laid out by `report_docx`)


def _p(text: str, font: str = BODY_FONT, size: float = SIZE_3, bold: bool = False, align: str | None = None,
       indent: bool = True) -> list[Any]:
    """A paragraph block of the plan (see `report_docx`)."""
    return ["p", text, font, size, bold, align, indent]


def _t(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> list[Any]:
    """A table block of the plan: every value as its text (None: empty)."""
    return ["table", [str(h) for h in headers], [["" if v is None else str(v) for v in values] for values in rows]]


#: Table 1/2 headers: 化解率 beside its denominator (已出具意见) and numerator (已化解); long headers broken
#: where a reader would break them.
GROUP_HEADERS = ("件数", "占比", "已出具\n意见", "已化解", "化解率", "满意率", "上季度\n件数")


def _group_rows(table: pd.DataFrame, limit: int | None = None) -> list[list[Any]]:
    rows = []
    for label, r in table.iterrows():
        rows.append([label, int(r["件数"]), pct(r["占比"]), int(r["已出具意见"]), int(r["已化解"]), pct(r["化解率"]),
                     pct(r["满意率"]), int(r["上季度件数"])])
    return rows[:limit] if limit else rows


def report_plan(a: QuarterlyAnalysis) -> list[list[Any]]:
    """The draft report as a plan of paragraphs and tables (plain values; `report_docx` lays it out)."""
    office = a.ledger.settings.office_name
    q = a.quarter
    plan = [
        _p(f"{office}", TITLE_FONT, SIZE_2, align="center", indent=False),
        _p(f"{q.title}城乡环境综合治理扶贫领域求决类信访问题总结分析报告", TITLE_FONT, SIZE_2, align="center",
           indent=False),
        _p("（初稿：统计部分据工作台账生成，分析部分请撰写）", BODY_FONT, SIZE_4, align="center", indent=False),
        _p(""),
        _p("一、基本情况", HEADING_FONT),
    ]
    plan += [_p(text) for text in statistics_paragraphs(a)]
    plan.append(_p("表1  按问题类别统计", SUBHEADING_FONT, SIZE_4, align="center", indent=False))
    plan.append(_t(["问题\n类别", *GROUP_HEADERS], _group_rows(a.groups["category"])))
    plan.append(_p("表2  按问题属地乡镇统计", SUBHEADING_FONT, SIZE_4, align="center", indent=False))
    plan.append(_t(["乡镇", *GROUP_HEADERS], _group_rows(a.groups["township"])))
    plan.append(_p("化解率 = 已化解 ÷ 已出具意见；满意率 = 满意及基本满意 ÷ 已参评。", BODY_FONT, SIZE_TABLE, indent=False))

    indicators = indicators_name(q)
    plan.append(_p(f"二、{indicators}完成情况", HEADING_FONT))
    plan.append(_p(kpi_sentence(a)))
    rows = []
    reasons = RateNotes(narrow=True)  # the narrow 是否达标 column says 无法计算（见注1）; the missing columns are noted below
    for name in KPI_NAMES:
        rate = a.kpis.overall[name]
        target = TARGETS[name]
        rows.append([name, NO_TARGET if target is None else f"{target:.0%}" + ("以上" if target < 1 else ""),
                     pct(rate.value),
                     f"{rate.numerator}/{rate.denominator}", reasons.mark(rate, name),
                     pct(a.previous.overall[name].value)])
    plan.append(_p(f"表3  {indicators}", SUBHEADING_FONT, SIZE_4, align="center", indent=False))
    plan.append(_t(["指标", "目标", "本季度", "分子/\n分母", "是否\n达标", "上季度"], rows))
    plan += [_p(line, BODY_FONT, SIZE_TABLE, indent=False) for line in reasons.lines()]

    plan.append(_p("三、化解措施与结果", HEADING_FONT))
    plan.append(_p(measure_sentence(a)))
    rows = [[label, int(r["件数"]), int(r["已化解"]), int(r["反弹"]), pct(r["化解率"]), pct(r["满意率"])]
            for label, r in a.measures.iterrows()]
    plan.append(_p("表4  化解措施与结果", SUBHEADING_FONT, SIZE_4, align="center", indent=False))
    plan.append(_t(["化解\n措施", "件数", "已化解", "反弹", "化解率", "满意率"], rows))

    for number, heading in zip(("四", "五", "六"), PROMPTS, strict=True):
        plan += [_p(f"{number}、{heading}", HEADING_FONT), _p(PROMPTS[heading]), _p("")]

    plan += [_p(""), _p(office, align="right", indent=False), _p("    年  月  日", align="right", indent=False)]
    return plan


def build_document(a: QuarterlyAnalysis):
    """The draft report as a python-docx Document."""
    return report_docx.render(report_plan(a))


def write_report(analysis: QuarterlyAnalysis, output: Path, force: bool = False,
                 sources: tuple[Path, ...] = ()) -> Path:
    """Write the draft report atomically."""
    return report_docx.write(report_plan(analysis), Path(output), force, sources)


def start_report(analysis: QuarterlyAnalysis, output: Path, sources: tuple[Path, ...] = (),
                 beside: report_docx.Beside | None = None) -> report_docx.Aside:
    """Begin writing the draft report to the new file `output` in a second Python (`report_docx.start`; the
    one started earlier, `beside`, if given): `finish()` on the result waits for it and gives its path."""
    return report_docx.start(report_plan(analysis), Path(output), sources, beside)
