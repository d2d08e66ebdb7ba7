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
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.shared import Pt

from xlkit.analysis.kpi import KPI_NAMES, NO_TARGET, TARGETS, mark
from xlkit.analysis.quarterly import UNFILLED, QuarterlyAnalysis
from xlkit.output.files import add_text, atomic_write, xml_safe
from xlkit.output.gbt9704 import (
    BODY_FONT,
    BODY_SIZE,
    HEADING_FONT,
    SUBHEADING_FONT,
    TITLE_FONT,
    TITLE_SIZE,
    official_document,
    page_number_footer,
    set_fonts,
)

SIZE_2, SIZE_3, SIZE_4 = Pt(TITLE_SIZE), Pt(BODY_SIZE), Pt(14)
SIZE_TABLE = Pt(10.5)  # 五号: a rate like 100.0% fits its column

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
    return text


def kpi_sentence(a: QuarterlyAnalysis) -> str:
    parts, failing = [], []
    for name in KPI_NAMES:
        rate = a.kpis.overall[name]
        parts.append(f"{name}{pct(rate.value)}")
        if mark(rate, name) == "未达标":
            failing.append(name)
    text = "本季度" + "，".join(parts) + "。"
    text += ("未达到方案目标的有：" + "、".join(failing) + "。") if failing else "有数据的指标均达到方案目标。"
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
# python-docx layout


def _font(run, name: str, size: Pt, bold: bool = False) -> None:
    run.font.size = size
    run.font.bold = bold
    set_fonts(run._element, name)


def _paragraph(doc, text: str, font: str = BODY_FONT, size: Pt = SIZE_3, bold: bool = False,
               align=None, indent: bool = True):
    paragraph = doc.add_paragraph()
    fmt = paragraph.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(28)
    fmt.space_before = fmt.space_after = Pt(0)
    if indent:
        fmt.first_line_indent = Pt(32)  # two characters of 三号
    if align is not None:
        paragraph.alignment = align
    _font(add_text(paragraph, text), font, size, bold)
    return paragraph


#: The type area's width (A4 less the 28 and 26 mm margins) and a table's label column, in cm.
TYPE_WIDTH_CM, LABEL_WIDTH_CM = 15.6, 2.9


def _table(doc, headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    from docx.shared import Cm

    table = doc.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        _cell_text(cell, str(text), bold=True)
    model = None
    for values in rows:
        line = ["" if value is None else str(value) for value in values]
        if model is not None and _one_run_each(line):
            # a row like the first plain body row, its texts changed: the same XML, without python-docx
            # building and styling every cell and run again (the report's tables: 0.1 s → 0.02 s)
            _append_like(table, model, line)
            continue
        row = table.add_row()
        for cell, text in zip(row.cells, line, strict=True):
            _cell_text(cell, text)
        if model is None and _one_run_each(line):
            model = row._tr
    # the label column wide enough for 问题类别 and 乡镇 names, the numbers sharing the rest
    widths = [LABEL_WIDTH_CM] + [(TYPE_WIDTH_CM - LABEL_WIDTH_CM) / (len(headers) - 1)] * (len(headers) - 1)
    for index, width in enumerate(widths):
        table.columns[index].width = Cm(width)
        for cell in table.columns[index].cells:
            cell.width = Cm(width)
    doc.add_paragraph()


def _one_run_each(texts: Sequence[str]) -> bool:
    """Every cell's text is one run of one `w:t` (python-docx makes no run for "", breaks for \n and \t)."""
    return all(text and "\n" not in text and "\t" not in text for text in map(xml_safe, texts))


def _append_like(table, model, texts: Sequence[str]) -> None:
    """Add a row to `table` that is `model` (a body row's `w:tr`, one run per cell) with other texts."""
    from copy import deepcopy

    from docx.oxml.ns import qn

    row = deepcopy(model)
    for tc, text in zip(row.iterchildren(qn("w:tc")), texts, strict=True):
        (t,) = tc.iter(qn("w:t"))
        t.text = text = xml_safe(text)
        if text != text.strip():  # as python-docx marks it
            t.set(qn("xml:space"), "preserve")
        else:
            t.attrib.pop(qn("xml:space"), None)
    table._tbl.append(row)


def _cell_text(cell, text: str, bold: bool = False) -> None:
    """Centred table text; a header's "\n" is a line break of our choosing (a word is never split by wrapping)."""
    paragraph = cell.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE  # not the body's fixed 28 pt
    for index, line in enumerate(text.split("\n")):
        if index:
            paragraph.runs[-1].add_break()
        _font(add_text(paragraph, line), BODY_FONT, SIZE_TABLE, bold)


#: Table 1/2 headers: 化解率 beside its denominator (已出具意见) and numerator (已化解); long headers broken
#: where a reader would break them.
GROUP_HEADERS = ("件数", "占比", "已出具\n意见", "已化解", "化解率", "满意率", "上季度\n件数")


def _group_rows(table: pd.DataFrame, limit: int | None = None) -> list[list[Any]]:
    rows = []
    for label, r in table.iterrows():
        rows.append([label, int(r["件数"]), pct(r["占比"]), int(r["已出具意见"]), int(r["已化解"]), pct(r["化解率"]),
                     pct(r["满意率"]), int(r["上季度件数"])])
    return rows[:limit] if limit else rows


def build_document(a: QuarterlyAnalysis):
    """The draft report as a python-docx Document."""
    doc = official_document()
    page_number_footer(doc.sections[0])  # like the 文书 (GB/T 9704-2012 7.5)

    office = a.ledger.settings.office_name
    q = a.quarter
    _paragraph(doc, f"{office}", TITLE_FONT, SIZE_2, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
    _paragraph(doc, f"{q.title}城乡环境综合治理扶贫领域求决类信访问题总结分析报告", TITLE_FONT, SIZE_2,
               align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
    _paragraph(doc, "（初稿：统计部分据工作台账生成，分析部分请撰写）", BODY_FONT, SIZE_4,
               align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
    _paragraph(doc, "")

    _paragraph(doc, "一、基本情况", HEADING_FONT)
    for text in statistics_paragraphs(a):
        _paragraph(doc, text)
    _paragraph(doc, "表1  按问题类别统计", SUBHEADING_FONT, SIZE_4, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
    _table(doc, ["问题\n类别", *GROUP_HEADERS], _group_rows(a.groups["category"]))
    _paragraph(doc, "表2  按问题属地乡镇统计", SUBHEADING_FONT, SIZE_4, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
    _table(doc, ["乡镇", *GROUP_HEADERS], _group_rows(a.groups["township"]))
    _paragraph(doc, "化解率 = 已化解 ÷ 已出具意见；满意率 = 满意及基本满意 ÷ 已参评。", BODY_FONT, SIZE_TABLE, indent=False)

    _paragraph(doc, "二、攻坚行动指标完成情况", HEADING_FONT)
    _paragraph(doc, kpi_sentence(a))
    rows = []
    for name in KPI_NAMES:
        rate = a.kpis.overall[name]
        target = TARGETS[name]
        rows.append([name, NO_TARGET if target is None else f"{target:.0%}" + ("以上" if target < 1 else ""),
                     pct(rate.value),
                     f"{rate.numerator}/{rate.denominator}", mark(rate, name),
                     pct(a.previous.overall[name].value)])
    _paragraph(doc, "表3  攻坚行动指标", SUBHEADING_FONT, SIZE_4, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
    _table(doc, ["指标", "目标", "本季度", "分子/\n分母", "是否\n达标", "上季度"], rows)

    _paragraph(doc, "三、化解措施与结果", HEADING_FONT)
    _paragraph(doc, measure_sentence(a))
    rows = [[label, int(r["件数"]), int(r["已化解"]), int(r["反弹"]), pct(r["化解率"]), pct(r["满意率"])]
            for label, r in a.measures.iterrows()]
    _paragraph(doc, "表4  化解措施与结果", SUBHEADING_FONT, SIZE_4, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
    _table(doc, ["化解\n措施", "件数", "已化解", "反弹", "化解率", "满意率"], rows)

    for number, heading in zip(("四", "五", "六"), PROMPTS, strict=True):
        _paragraph(doc, f"{number}、{heading}", HEADING_FONT)
        _paragraph(doc, PROMPTS[heading])
        _paragraph(doc, "")

    _paragraph(doc, "")
    _paragraph(doc, office, align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)
    _paragraph(doc, "    年  月  日", align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)
    return doc


def write_report(analysis: QuarterlyAnalysis, output: Path, force: bool = False,
                 sources: tuple[Path, ...] = ()) -> Path:
    """Write the draft report atomically."""
    doc = build_document(analysis)
    return atomic_write(Path(output), lambda temp: doc.save(temp), force, sources)
