"""Printing outputs of a ledger unlike the bundled example: long case numbers, names, addresses and 股室 names,
long 诉求 text with line breaks. Each output is printed through LibreOffice (one start for all of them)."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess

import helpers
import openpyxl
import pytest
from click.testing import CliRunner

from xlkit.cli import cli
from xlkit.output.files import save_workbook
from xlkit.schema import DICTIONARIES
from xlkit.template.builder import build_workbook

TODAY = "2021-01-15"
LONG_UNIT = "城乡环境综合治理农村生活垃圾和生活污水治理暨厕所革命专项工作股"
LONG_NAME = "开江县讲治镇红花村第三、第四、第五村民小组全体村民代表（联名）"
ADDRESS = ("四川省达州市开江县讲治镇红花村第三村民小组原村小学旁边的巷子往里走到底左手边第二户"
           "（现暂住新宁镇东街社区幸福家园小区7栋2单元1102室）")
#: 600+ characters with a URL, an ID number and phone numbers that cannot break between CJK characters: more
#: than Excel's tallest row holds at the 诉求内容 column's width (it printed over the next case).
VERY_LONG = ("反映本村三组至五组之间的村道两旁长期有人随意倾倒建筑垃圾和生活垃圾，雨天污水横流、气味难闻、蚊蝇滋生，"
             "严重影响周边群众生产生活和身体健康。" * 7 + "详见网上信访平台 https://www.sczwfw.gov.cn/jiq/front/transition/"
             "ywTransToDetail?areaCode=511723000000&itemCode=5117230000012345678901 身份证511723198001011236 "
             "电话13800001111/0818-8221234")
DEMAND = ("反映村道旁有人随意倾倒建筑垃圾和生活垃圾，气味难闻、蚊蝇滋生。\n1. 要求清理已倾倒的垃圾；\n"
          "2. 要求设置围挡和警示牌，制止乱倒行为；\n3. 要求对倾倒者依法处理，并公开处理结果。")


@pytest.mark.libreoffice
def test_libreoffice_measures_calibri_as_excel_does():
    """Output workbooks are measured in Calibri digits (their base font): without Carlito, LibreOffice takes
    DejaVu Sans (9.3 px a digit, not 7), prints every column a third wider than Excel, and the print tests
    judge rows and clipped text on widths no user sees (Makefile SYSTEM_PACKAGES: fonts-crosextra-carlito)."""
    helpers.need_soffice()
    assert shutil.which("fc-match"), "fontconfig (fc-match) is not installed"
    font = subprocess.run(["fc-match", "Calibri"], capture_output=True, text=True, check=True).stdout
    assert "Carlito" in font, font


def case(n: int, **extra) -> dict:
    day = dt.datetime(2019, 9, 2) + dt.timedelta(days=n % 20)
    opinion = day + dt.timedelta(days=30)
    row = dict(case_id=f"开综治〔2019〕{100 + n}-3号", registered_on=day, registrar="罗晓燕", source="本办受理",
               form="来访", petition_type="求决类", petitioner=LONG_NAME if n % 2 else "欧阳司马诸葛",
               id_number="511723198001011236" if n % 3 == 0 else None, address=ADDRESS,
               township="讲治镇", category="生活垃圾", demand=DEMAND, assigned_on=day, assigner="刘春华",
               unit=LONG_UNIT if n % 2 else "综合股", handler="何勇", accepted_on=day, acceptance_decision="受理",
               acceptance_ref=f"开城治信受〔2019〕{n}-3号", acceptance_served_on=day,
               opinion_ref=f"开城治信处〔2019〕{n}-12号", opinion_on=opinion, demand_finding="合理",
               measure="解决到位", result="已清理。\n已设置围挡。", opinion_served_on=opinion, service_method="直接送达",
               receipt_signed="是", satisfaction="满意", evaluated_on=opinion, settled="是", settled_on=opinion,
               rebounded="否", closed_on=opinion, reviewer="黄丽君", review_conclusion="通过",
               key_case="是" if n % 4 == 0 else "否")
    row.update(extra)
    return row


@pytest.fixture(scope="module")
def ledger(tmp_path_factory):
    rows = [case(n) for n in range(1, 31)]
    rows[6].update(demand=VERY_LONG, result=VERY_LONG, investigation=VERY_LONG, review_opinion=VERY_LONG)
    rows += [case(n, opinion_on=None, opinion_served_on=None, closed_on=None, settled=None) for n in range(31, 36)]
    dictionaries = dict(DICTIONARIES)
    dictionaries["责任股室"] = (*DICTIONARIES["责任股室"], LONG_UNIT)
    path = tmp_path_factory.mktemp("丑") / "丑台账.xlsx"
    save_workbook(build_workbook(rows, dictionaries=dictionaries), path)
    return path


@pytest.fixture(scope="module")
def outputs(ledger):
    out = ledger.parent / "输出"
    runner = CliRunner()
    for args in (["check", str(ledger), "--today", TODAY, "-o", str(out / "校验结果.xlsx")],
                 ["review", str(ledger), "--today", TODAY, "-o", str(out / "审核表")],
                 ["monthly", str(ledger), "--today", TODAY, "--month", "2019-10", "-o", str(out / "月度调度.xlsx")],
                 ["merge", str(ledger), "-o", str(out / "合并台账.xlsx")],
                 ["docs", str(ledger), "--today", TODAY, "--case", "开综治〔2019〕101-3号", "--kind", "送达回证",
                  "-o", str(out / "文书")],
                 ["docs", str(ledger), "--today", TODAY, "--case", "开综治〔2019〕107-3号", "--kind", "满意度评价表",
                  "--kind", "备考表", "-o", str(out / "表格")]):
        result = runner.invoke(cli, args)
        assert result.exit_code in (0, 1), result.output
    receipts = sorted((out / "文书").glob("*/*送达回证*.docx"))
    assert len(receipts) == 2
    forms = sorted((out / "表格").glob("*/*.docx"))
    assert len(forms) == 2
    return {**{p.stem: p for p in receipts + forms}, "校验结果": out / "校验结果.xlsx", "审核汇总": out / "审核表" / "审核汇总.xlsx", "月度调度": out / "月度调度.xlsx", "生成清单": out / "表格" / "生成清单.xlsx",
            "合并台账": out / "合并台账.xlsx"}


@pytest.fixture(scope="module")
def pdfs(outputs, tmp_path_factory):
    names = list(outputs)
    produced = helpers.convert_many([outputs[n] for n in names], "pdf", tmp_path_factory.mktemp("pdf"))
    return dict(zip(names, produced, strict=True))


def page_texts(pdf) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return [p for p in text.split("\f") if p.strip()]


@pytest.mark.libreoffice
def test_check_report_prints_its_findings_first(outputs, pdfs):
    """The 表头识别 sheet (how each column was read) is the book's last: printing the whole book began
    with pages of 案件编号 → 案件编号 for a template ledger."""
    pages = page_texts(pdfs["校验结果"])
    assert "台账校验结果" in pages[0] and "修改建议" in pages[0]
    helper = next(i for i, p in enumerate(pages) if "台账是怎么读的" in p)
    assert helper > max(i for i, p in enumerate(pages) if "修改建议" in p)
    assert openpyxl.load_workbook(outputs["校验结果"], read_only=True).sheetnames[0] == "校验结果"


@pytest.mark.libreoffice
def test_no_text_is_printed_over_text(pdfs):
    """Long case numbers (开综治〔2019〕104-3号) in the 案件编号 columns, long 股室 and petitioner names."""
    overlapping = {name: found[:3] for name, pdf in pdfs.items() if (found := helpers.pdf_overlaps(pdf))}
    assert not overlapping, overlapping


def test_leader_summary_wraps_what_its_columns_cannot_show(outputs):
    """领导摘要 sets its own widths after the tables: a label or case number wider than its column wraps
    (未填原因分析或下步措施 and 开综治〔2019〕120-3号 were cut off at the column's edge)."""
    from xlkit.output.layout import text_width

    ws = openpyxl.load_workbook(outputs["月度调度"])["领导摘要"]
    widths = {c: ws.column_dimensions[openpyxl.utils.get_column_letter(c)].width for c in range(1, 8)}
    merged = {cell for r in ws.merged_cells.ranges for cell in r.cells}
    cut = [cell.value for row in ws.iter_rows() for cell in row
           if isinstance(cell.value, str) and cell.border.left.style and (cell.row, cell.column) not in merged
           and not cell.alignment.wrap_text and text_width(cell.value) + 1 > widths[cell.column] / 1.2]  # 120 % type
    assert not cut, cut
    texts = [c.value for row in ws.iter_rows() for c in row]
    assert "未填原因分析或下步措施" in texts and any(str(t).startswith("开综治〔2019〕") for t in texts)


def test_merged_ledger_widens_its_numbers_and_wraps_long_names(outputs):
    """合并台账 (the template's 台账 with the cases): a 案件编号 or 文号 longer than its column widens the column
    (never broken), a long 信访人 or 责任股室 wraps in its cell instead of being cut off by the next one."""
    from xlkit.output.layout import text_width
    from xlkit.schema import BY_FIELD, COLUMNS
    from xlkit.template.builder import FIRST_DATA_ROW

    ws = openpyxl.load_workbook(outputs["合并台账"])["台账"]
    letter = {c.field: openpyxl.utils.get_column_letter(i) for i, c in enumerate(COLUMNS, start=1)}
    assert ws.column_dimensions[letter["case_id"]].width > text_width("开综治〔2019〕135-3号")
    assert ws.column_dimensions[letter["opinion_ref"]].width > BY_FIELD["opinion_ref"].width + 1
    name = ws[f"{letter['petitioner']}{FIRST_DATA_ROW}"]
    assert name.value == LONG_NAME and name.alignment.wrap_text
    assert ws.row_dimensions[FIRST_DATA_ROW].height > 30


@pytest.mark.libreoffice
def test_a_receipt_for_a_long_name_and_address_prints_on_one_page(pdfs):
    """送达回证 with a 5-line 受送达人 and a 3-line 送达地点: its closing note no longer goes alone onto page 2."""
    receipts = [pdf for name, pdf in pdfs.items() if "送达回证" in name]
    assert len(receipts) == 2
    for pdf in receipts:
        assert len(page_texts(pdf)) == 1, pdf.name


@pytest.mark.libreoffice
def test_one_page_forms_stay_on_one_page_with_a_long_demand_and_review_opinion(outputs, pdfs):
    """满意度评价表 and 备考表 of a case with a 600-character 诉求内容 and 审核意见 and a 4-line 联名 name: the
    评价结果 and 签名 rows (and the office's name) went onto page 2, the 备考表's 立卷人 alone onto page 2. A form
    quotes the first sentences and says where the whole text is."""
    from docx import Document

    forms = {name: pdf for name, pdf in pdfs.items() if name.endswith(("满意度评价表", "备考表"))}
    assert len(forms) == 2
    for name, pdf in forms.items():
        assert len(page_texts(pdf)) == 1, name
    texts = {name: "".join(p.text for t in Document(outputs[name]).tables for r in t.rows for c in r.cells
                           for p in c.paragraphs) for name in forms}
    evaluation, note = (texts[n] for n in sorted(forms, key=lambda n: "备考表" in n))
    assert "（下略，全文见处理意见书）" in evaluation and VERY_LONG not in evaluation
    assert "（下略，全文见审核表）" in note


@pytest.mark.libreoffice
def test_the_documents_list_prints_every_column_on_each_page_and_whole_names(outputs, pdfs):
    """生成清单 (193 characters of columns, portrait, not fitted) printed its 原因, 说明 and 文件 columns on pages of
    their own, and cut a 联名 信访人 off at 10 characters."""
    ws = openpyxl.load_workbook(outputs["生成清单"]).active
    assert ws.page_setup.orientation == "landscape" and ws.sheet_properties.pageSetUpPr.fitToPage
    pages = page_texts(pdfs["生成清单"])
    assert all("台账行" in page and "文件" in page for page in pages), len(pages)
    raw = subprocess.run(["pdftotext", "-raw", str(pdfs["生成清单"]), "-"], capture_output=True, text=True,
                         check=True).stdout
    assert LONG_NAME in re.sub(r"\s", "", raw)  # whole, over its wrapped lines (-raw keeps a cell's lines together)


def test_review_form_rows_never_split_across_pages(outputs):
    """审核表: 办理程序是否正确 printed two lines at the foot of page 1 and the rest on page 2 (w:cantSplit);
    the header row repeats on every page."""
    from docx import Document
    from docx.oxml.ns import qn

    form = next((outputs["审核汇总"].parent).glob("*审核表.docx"))
    table = Document(form).tables[-1]
    assert table.rows[0].cells[0].text == "序号"
    properties = [row._tr.trPr for row in table.rows]
    assert properties[0].find(qn("w:tblHeader")) is not None
    assert all(p is not None and p.find(qn("w:cantSplit")) is not None for p in properties[1:])
