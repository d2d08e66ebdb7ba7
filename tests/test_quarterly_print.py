"""季度分析 agrees with itself (issue 13 item 4): counts beside rates, 百分点 as points, ties named together,
the report's tables with their denominators and page numbers."""

from __future__ import annotations

import openpyxl
import pandas as pd
import pytest
from docx import Document
from test_quarterly import run, values  # noqa: F401  (the module's workbook fixture)

from xlkit.analysis.quarterly import POINTS, _pp
from xlkit.analysis.quarterly_report import ranking


def test_rate_changes_are_points_not_percent():
    assert _pp(0.95, 0.91) == pytest.approx(4.0)
    assert "个百分点" in POINTS and "%" not in POINTS


def test_ties_are_named_together_not_as_first_and_second():
    table = pd.DataFrame({"件数": [5, 5, 2], "占比": [5 / 12, 5 / 12, 2 / 12]}, index=["生活垃圾", "污水治理", "厕所改造"])
    text = ranking(table, "类")
    assert text.startswith("生活垃圾类、污水治理类并列最多，各5件")
    assert "其次是厕所改造（2件" in text
    single = ranking(table.iloc[[0, 2]], "类")
    assert single.startswith("生活垃圾类最多，5件")


def test_overview_counts_agree_with_the_rates(run):  # noqa: F811
    _, _, output, data = run
    ws = openpyxl.load_workbook(output)["总览"]
    rows = {r[0]: r for r in values(ws) if r and r[0]}
    evaluated = rows["已参评（件）"][1]
    assert evaluated == rows["参评率"][4]  # 参评率's numerator
    kpi_rows = [r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value in ("建档立卡率", "答复率", "化解率", "满意率")]
    changes = [ws.cell(r, c) for r in kpi_rows for c in (8, 10) if isinstance(ws.cell(r, c).value, float | int)]
    assert changes and all(cell.number_format == POINTS for cell in changes)


def test_report_tables_show_denominators_and_pages_are_numbered(run):  # noqa: F811
    folder, _, _, _ = run
    document = Document(folder / "季度总结分析报告_2019Q3.docx")
    header = [c.text for c in document.tables[0].rows[0].cells]
    assert header[3].replace("\n", "") == "已出具意见" and header[5] == "化解率"
    from docx.oxml.ns import qn

    for table in document.tables:  # a rate's row never half on each page; the header repeats on the next page
        assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
        assert all(row._tr.trPr.find(qn("w:cantSplit")) is not None for row in table.rows)
    footer = document.sections[0].footer._element.xml
    assert "PAGE" in footer


def test_a_report_table_label_column_holds_its_longest_label_on_one_line(run):  # noqa: F811
    """书面送达签字率 is seven characters: in the 2.9 cm label column its 率 stood alone on a second line."""
    from docx.shared import Cm

    from xlkit.analysis.report_docx import CELL_PADDING_CM, MIN_NUMBER_CM, TABLE_SIZE, TYPE_WIDTH_CM

    folder, _, _, _ = run
    document = Document(folder / "季度总结分析报告_2019Q3.docx")
    kpis = next(t for t in document.tables if any(row.cells[0].text == "书面送达签字率" for row in t.rows))
    label, *numbers = (cell.width for cell in kpis.rows[1].cells)
    needed = 7 * TABLE_SIZE * 2.54 / 72 + CELL_PADDING_CM
    assert label >= Cm(needed)
    assert all(width >= Cm(MIN_NUMBER_CM) - 1 for width in numbers)
    assert abs(label + sum(numbers) - Cm(TYPE_WIDTH_CM)) < Cm(0.05)


@pytest.mark.libreoffice
def test_a_heading_of_the_report_never_ends_a_page_without_its_text(tmp_path):
    """The example's 2020Q4 report printed 二、攻坚行动指标完成情况 as page 2's last line, its text on page 3."""
    import subprocess

    import helpers

    from xlkit.analysis.report_docx import write
    from xlkit.output.gbt9704 import BODY_FONT, HEADING_FONT

    # 21 lines of text: the heading is the 22nd, the last a page holds at 28 pt a line
    plan = [["p", f"第{i}行。", BODY_FONT, 16.0, False, None, True] for i in range(21)]
    plan += [["p", "二、攻坚行动指标完成情况", HEADING_FONT, 16.0, False, None, True],
             ["p", "本季度建档立卡率100.0%。", BODY_FONT, 16.0, False, None, True]]
    pdf = helpers.convert(write(plan, tmp_path / "报告.docx"), "pdf", tmp_path)
    pages = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout.split("\f")
    heading = next(i for i, page in enumerate(pages) if "二、攻坚行动指标完成情况" in page)
    assert "本季度建档立卡率" in pages[heading], pages
