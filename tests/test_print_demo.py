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
        # an absent fitToWidth/fitToHeight is 1, the OOXML default (XlsxWriter writes only other values)
        assert ws.page_setup.fitToWidth in (None, 1) and ws.page_setup.fitToHeight in (None, 1)
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


def pdf_lines(pdf) -> list[tuple[int, str]]:
    """(page, text) of every printed line, per `pdftotext -bbox-layout` (a table cell's lines are lines too)."""
    import html
    import re

    text = subprocess.run(["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    lines = []
    for number, page in enumerate(text.split("<page ")[1:], start=1):
        for line in page.split("<line")[1:]:
            words = [html.unescape(w) for w in re.findall(r"<word [^>]*>(.*?)</word>", line)]
            if words:
                lines.append((number, "".join(words)))
    return lines


#: What must never begin a printed line (GB/T 15834 标点禁则): closing marks and those written after a word.
CLOSING = set("，。、；：？！）」』》〉】〕〗”’…%％,.;:?!)]}")


@pytest.mark.libreoffice
def test_no_printed_line_starts_with_closing_punctuation(pdfs):
    starting = [(pdf.name, page, line[:30]) for source, pdf in pdfs.items() if source.suffix == ".docx"
                for page, line in pdf_lines(pdf) if line[0] in CLOSING]
    assert not starting, starting


def test_documents_ask_for_chinese_line_breaking(demo):
    """Word and WPS break Chinese lines by the file's own rules: text marked 中文(简体), 标点禁则 on in the
    paragraph defaults, and the zh-CN lists of marks that may not start or end a line. (LibreOffice breaks by
    Unicode's line-breaking rules, which never start a line with these marks, w:kinsoku on or off.)"""
    import zipfile
    from xml.etree import ElementTree

    from xlkit.output.gbt9704 import NO_LINE_END, NO_LINE_START

    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    assert all(mark in NO_LINE_START for mark in "，。、；：）」》！？") and "（" in NO_LINE_END
    for path in documents(demo):
        with zipfile.ZipFile(path) as archive:
            settings = ElementTree.fromstring(archive.read("word/settings.xml"))
            defaults = ElementTree.fromstring(archive.read("word/styles.xml")).find(f"{w}docDefaults")
        assert defaults.find(f"{w}rPrDefault/{w}rPr/{w}lang").get(f"{w}eastAsia") == "zh-CN", path.name
        paragraph = defaults.find(f"{w}pPrDefault/{w}pPr")
        for tag in ("kinsoku", "overflowPunct"):
            assert paragraph.find(f"{w}{tag}").get(f"{w}val") == "1", (path.name, tag)
        for tag, marks in (("noLineBreaksBefore", NO_LINE_START), ("noLineBreaksAfter", NO_LINE_END)):
            rule = settings.find(f"{w}{tag}")
            assert rule is not None and rule.get(f"{w}lang") == "zh-CN" and rule.get(f"{w}val") == marks, path.name


@pytest.fixture(scope="module")
def unfinished_cover(demo, tmp_path_factory):
    """The 卷宗封面 of a case not yet 办结 (its 起止日期 ends in a blank date), printed."""
    from xlkit.read.ledger import read_ledger
    from xlkit.resources import example_ledger

    frame = read_ledger(example_ledger()).frame
    open_ids = set(frame.loc[frame["closed_on"].isna(), "case_id"])
    cover = next(p for p in sorted((demo / "文书").glob("*/00-卷宗封面.docx"), key=str)
                 if p.parent.name.rsplit("-", 1)[0] in open_ids)
    return helpers.convert(cover, "pdf", tmp_path_factory.mktemp("cover"))


def printed_rows(pdf) -> list[str]:
    """The text of each printed row of the first page: words sharing a baseline, left to right (a date's
    年, 月 and 日 apart by blanks to fill are one row)."""
    import re

    text = subprocess.run(["pdftotext", "-bbox", "-f", "1", "-l", "1", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    rows: dict[float, list[tuple[float, str]]] = {}
    for x0, y1, word in re.findall(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="[\d.]+" yMax="([\d.]+)">(.*?)</word>',
                                   text):
        base = next((y for y in rows if abs(y - float(y1)) < 2), float(y1))
        rows.setdefault(base, []).append((float(x0), word))
    return ["".join(w for _, w in sorted(words)) for _, words in sorted(rows.items())]


@pytest.mark.libreoffice
def test_signer_and_dates_print_on_one_line(pdfs, unfinished_cover):
    office = "开江县城乡环境综合治理办公室"  # the example ledger's 设置 单位名称
    by_kind = {source.stem.rsplit("-", 1)[-1]: pdf for source, pdf in pdfs.items() if source.suffix == ".docx"}
    notice = printed_rows(by_kind["整改意见书"])
    assert office in notice, notice[-6:]  # the 署名: the office's full name, whole on its row
    assert notice[notice.index(office) + 1] == "年月日"  # and its date below it, whole
    assert f"审核单位：{office}" in printed_rows(by_kind["审核表"])
    for pdf in (by_kind["卷宗封面"], unfinished_cover):
        lines = printed_rows(pdf)
        for label in ("起止日期", "立卷日期"):
            line = next(t for t in lines if t.startswith(label))
            assert line.endswith("日"), (pdf.name, line)
        assert "日" not in lines, pdf.name  # no date's last character alone on a line


@pytest.mark.libreoffice
def test_check_report_prints_a_title_groups_by_severity_and_masks_id_numbers(demo, pdfs):
    """校验结果 as printed: the ledger, the day and the counts on top, 错误 → 警告 → 提示, the header on
    every page, numbered pages, no full 身份证号 (issue 13 item 6)."""
    import re

    pages = _page_texts(pdfs[demo / "校验结果.xlsx"])
    findings = [p for p in pages if "修改建议" in p]
    assert findings, "the 校验结果 sheet did not print"
    top = " ".join(findings[0].split())
    assert "台账校验结果：示例台账.xlsx" in top and "校验基准日 2021年1月15日" in top
    assert re.search(r"错误 11 条，警告 \d+ 条，提示 \d+ 条", top)
    severities = [line.split()[0] for page in findings for line in page.splitlines()
                  if line.split() and line.split()[0] in ("错误", "警告", "提示") and re.search(r"[CR]\d{3}", line)]
    rank = {"错误": 0, "警告": 1, "提示": 2}
    assert severities and severities == sorted(severities, key=rank.get) and len(set(severities)) == 3
    for number, page in enumerate(findings, start=1):
        assert "严重程度" in page and "修改建议" in page, f"page {number} lacks the header row"
    assert all(re.search(r"第 \d+ 页，共 \d+ 页", p) for p in pages if p.strip())
    assert not [m for p in findings for m in re.findall(r"\d{17}[\dX]", p)]  # masked: 511723********0070


@pytest.mark.libreoffice
def test_review_summary_prints_its_dossier_and_conclusion_columns(demo, pdfs):
    pages = [p for p in _page_texts(pdfs[demo / "审核表" / "审核汇总.xlsx"]) if "需人工核对" in p]
    summary = [p for p in pages if "审核要点" not in p]  # not the 审核明细 sheet's pages
    assert len(summary) > 2
    for page in summary:  # the header row, 卷宗签字件 and 核对结论 with it, on every page of the summary
        assert "卷宗签字件" in page and "核对结论" in page and "复核提示" in page
