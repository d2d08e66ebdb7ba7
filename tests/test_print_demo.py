"""Every output workbook and document of `xlkit demo`, printed through LibreOffice: no text printed over
text on any page, and the page setups read back (repeated rows/columns, page-numbered footers, one-pagers)."""

from __future__ import annotations

import subprocess

import helpers
import openpyxl
import pytest
from click.testing import CliRunner

from xlkit.cli import cli
from xlkit.template.builder import TEMPLATE_PATH


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    out = tmp_path_factory.mktemp("演示") / "演示输出"
    result = CliRunner().invoke(cli, ["demo", "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out


def workbooks(demo) -> list:
    return sorted(demo.rglob("*.xlsx"), key=str) + [TEMPLATE_PATH]


def documents(demo) -> list:
    """One of each kind of document: the case documents, the 审核表 and 整改意见书, the 催办单, the report."""
    chosen: dict[str, object] = {}
    for path in sorted(demo.rglob("*.docx"), key=str):
        kind = path.stem.split("-")[-1] if path.parent.parent.name == "文书" else path.stem.rsplit("-", 1)[-1]
        kind = kind.split("_")[0] if kind.startswith("催办单") else kind
        chosen.setdefault(kind, path)
    return list(chosen.values())


@pytest.fixture(scope="module")
def pdfs(demo, tmp_path_factory):
    sources = workbooks(demo) + documents(demo)
    names = [p.stem for p in sources]
    assert len(names) == len(set(names)), "two sources would print to the same PDF name"
    return dict(zip(sources, helpers.convert_many(sources, "pdf", tmp_path_factory.mktemp("pdf")), strict=True))


@pytest.mark.libreoffice
def test_no_text_is_printed_over_text(pdfs):
    kinds = {p.stem for p in pdfs}
    for expected in ("卷宗封面", "受理告知书", "信访事项处理意见书", "审核表", "整改意见书", "催办单", "季度总结分析报告_2020Q4"):
        assert any(expected in k for k in kinds), expected
    overlapping = {}
    for source, pdf in pdfs.items():
        found = helpers.pdf_overlaps(pdf)
        if found:
            overlapping[source.name] = found[:3]
    assert not overlapping, overlapping


def _page_texts(pdf) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return text.split("\f")


@pytest.mark.libreoffice
def test_leader_summary_prints_on_one_page_before_the_rest(demo, pdfs):
    for name in ("月度调度_2020-12.xlsx", "季度分析_2020Q4.xlsx"):
        pages = _page_texts(pdfs[demo / name])
        assert "领导摘要" in pages[0] and "四、重点案件" in pages[0], name
        assert "领导摘要" not in pages[1], name


@pytest.mark.libreoffice
def test_blank_template_prints_a_few_pages_not_a_hundred(pdfs):
    pages = _page_texts(pdfs[TEMPLATE_PATH])
    assert any("信访工作台账" in p for p in pages[:1])  # the 台账 sheet prints first
    assert len(pages) < 40  # the 2,000 pre-formatted rows printed 117 pages


def test_every_printed_sheet_numbers_its_pages_and_repeats_its_header(demo):
    missing = []
    for path in workbooks(demo):
        book = openpyxl.load_workbook(path)
        for ws in book.worksheets:
            if ws.sheet_state != "visible":
                continue
            if "&P" not in (ws.oddFooter.center.text or ""):
                missing.append(f"{path.name}/{ws.title}: 页脚没有页码")
            header = sum(1 for cell in ws[1] if isinstance(cell.value, str)) >= 3  # a table from row 1
            if ws.max_row > 40 and header and not ws.print_title_rows:
                missing.append(f"{path.name}/{ws.title}: 长表没有重复表头行")
    assert not missing, missing


def test_one_pagers_fit_one_page(demo):
    for name in ("月度调度_2020-12.xlsx", "季度分析_2020Q4.xlsx"):
        ws = openpyxl.load_workbook(demo / name).worksheets[0]
        assert ws.title == "领导摘要"
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 1
        assert ws.page_setup.orientation == "portrait"


def test_printed_ledgers_repeat_identity_columns(demo):
    for path in (TEMPLATE_PATH, demo / "合并台账_2020Q3.xlsx"):
        ws = openpyxl.load_workbook(path)["台账"]
        assert ws.print_title_cols and ws.print_title_cols.replace("$", "").startswith("A:")
        assert ws.print_title_rows
        assert ws.print_area


def test_review_summary_keeps_the_dossier_out_of_the_document_format(demo):
    """The demo's dossier holds only unsigned drafts: that is the 卷宗签字件 column's matter, and 文书格式
    stays 需人工核对 (it was 不符合 for every case beside 审核结论 通过); 核对结论 agrees with the columns."""
    ws = openpyxl.load_workbook(demo / "审核表" / "审核汇总.xlsx")["审核汇总"]
    rows = list(ws.iter_rows(values_only=True))
    column = {h: i for i, h in enumerate(rows[0])}
    body = [r for r in rows[1:] if r[0]]
    assert {r[column["文书格式是否规范"]] for r in body} <= {"需人工核对", "自动核对通过"}
    assert all(r[column["卷宗签字件"]].startswith("缺 ") for r in body)
    for r in body:
        failed = sum(v == "不符合" for v in r[4:11])
        assert r[column["不符合项数"]] == failed
        assert r[column["核对结论"]] == (f"不符合 {failed} 项" if failed else "卷宗不齐全")
        assert bool(r[column["复核提示"]]) == (failed > 0 and r[column["审核结论"]] == "通过")
    assert ws.print_title_rows and "&P" in ws.oddFooter.center.text
