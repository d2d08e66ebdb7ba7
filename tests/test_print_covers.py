"""The one-page papers of a dossier with everything long at once: a 联名 信访人, a 村(社区) that names its
township again, a long 股室 and two telephone numbers in one cell, printed through LibreOffice."""

from __future__ import annotations

import datetime as dt
import subprocess
import unicodedata
from pathlib import Path

import helpers
import pytest
from click.testing import CliRunner
from docx import Document

from xlkit.cli import cli
from xlkit.documents.context import phone_lines, place
from xlkit.output.files import save_workbook
from xlkit.schema import DICTIONARIES
from xlkit.template.builder import build_workbook

UNIT = "农村人居环境整治和城乡环境综合治理督查考核股（扶贫领域信访专班）"
VILLAGE = "普安镇宝泉塘社区第十二居民小组（原宝泉塘村十二组）"
PEOPLE = "张三、李四、王五、赵六、钱七、孙八、周九、吴十等23户村民"
PHONES = "13800001111、0818-8221234"


def case(n: int) -> dict:
    day = dt.datetime(2019, 4, 19)
    return dict(case_id=f"开综治信〔2019〕第{1000 + n}号", registered_on=day, registrar="罗晓燕", source="本办受理",
                form="来访", petition_type="求决类", petitioner=PEOPLE, phone=PHONES,
                address="四川省达州市开江县" + VILLAGE + "幸福路188号附3号", township="普安镇", village=VILLAGE,
                category="污水治理", demand="反映村道两旁长期有人随意倾倒建筑垃圾和生活垃圾。", assigned_on=day,
                assigner="刘春华", unit=UNIT, handler="何勇、陈晓明", accepted_on=day, acceptance_decision="受理",
                acceptance_ref=f"开城治信受〔2019〕{n}号", acceptance_served_on=day, dossier_no=f"卷-2019-{n:03d}")


def made_documents(folder: Path, row: dict, today: str, *kinds: str) -> Path:
    """`xlkit docs --kind …` for a ledger of one case whose 责任股室 may be the long `UNIT`; the documents' folder."""
    dictionaries = dict(DICTIONARIES)
    dictionaries["责任股室"] = (*DICTIONARIES["责任股室"], UNIT)
    ledger = folder / "台账.xlsx"
    save_workbook(build_workbook([row], dictionaries=dictionaries), ledger)
    out = folder / "文书"
    asked = [part for kind in kinds for part in ("--kind", kind)]
    result = CliRunner().invoke(cli, ["docs", str(ledger), "--today", today, *asked, "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out


def printed_lines(pdf) -> list[str]:
    lines = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                           check=True).stdout.splitlines()
    return [line.replace(" ", "") for line in lines]  # pdftotext spaces digits from characters


@pytest.fixture(scope="module")
def papers(tmp_path_factory):
    out = made_documents(tmp_path_factory.mktemp("封面"), case(7), "2019-05-06", "卷宗封面", "交办单")
    folder = next(out.glob("开综治信*"))
    return {"卷宗封面": folder / "00-卷宗封面.docx", "交办单": folder / "02-交办单.docx"}


def text_of(path) -> str:
    document = Document(path)
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def test_the_cover_names_the_place_once_and_shortens_what_the_dossier_prints_whole(papers):
    cover = text_of(papers["卷宗封面"])
    assert "问题属地：普安镇宝泉塘社区第十二居民小组（原宝泉塘村十二组）" in cover  # not 普安镇普安镇…
    assert "信 访 人：" + PEOPLE in cover  # 29 characters: whole
    unit = unicodedata.normalize("NFKC", UNIT)  # a 股室 is a choice: read as its dictionary entry, NFKC-folded
    assert unit not in cover and unit[:30] + "……" in cover
    assignment = text_of(papers["交办单"])
    assert unit in assignment and "普安镇普安镇" not in assignment


@pytest.mark.libreoffice
def test_the_cover_stays_on_one_page_and_phone_numbers_print_whole(papers, tmp_path):
    cover, assignment = helpers.convert_many([papers["卷宗封面"], papers["交办单"]], "pdf", tmp_path)
    pages = subprocess.run(["pdfinfo", str(cover)], capture_output=True, text=True, check=True).stdout
    assert "Pages:           1" in pages, pages  # the 立卷日期 printed alone on page 2
    text = subprocess.run(["pdftotext", str(assignment), "-"], capture_output=True, text=True, check=True).stdout
    assert "13800001111" in text and "0818-8221234" in text  # was 1380000111 | 1、0818- | 8221234
    assert not helpers.pdf_overlaps(cover) and not helpers.pdf_overlaps(assignment)


@pytest.mark.parametrize(("typed", "printed"), [
    ("13800001111、0818-8221234", "13800001111\n0818-8221234"),
    ("13800001111 13900002222", "13800001111\n13900002222"),
    ("张三13800001111；李四13900002222", "张三13800001111\n李四13900002222"),
    ("0818-8221234（办）/13800001111", "0818-8221234（办）\n13800001111"),
    ("138 0000 1111", None),  # one number, spaced as typed
    ("0818 8221234", None),
    ("13800001111", None),
    (13800001111, None),
])
def test_several_phone_numbers_print_one_under_the_other(typed, printed):
    assert phone_lines(typed) == printed


def test_the_place_is_the_township_and_the_village_written_once():
    assert place("普安镇", "宝泉塘社区") == "普安镇宝泉塘社区"
    assert place("普安镇", "开江县普安镇宝泉塘社区") == "开江县普安镇宝泉塘社区"
    assert place("普安镇", None).startswith("普安镇＿")  # a blank to fill by hand, as before
    assert place(None, "宝泉塘社区").endswith("宝泉塘社区")


@pytest.mark.libreoffice
def test_the_dossier_index_prints_each_date_and_heading_on_one_line(tmp_path):
    """A clerk's 卷内目录 printed 2024年12月26日 as “2024年12” over “月26日”, and 序号 as 序 over 号: the 日期
    column was too narrow for a date with a two-digit month and day. A 文号 keeps 〔2024〕25号 together."""
    day = dt.datetime(2024, 10, 28)
    row = case(8) | dict(case_id="2024-025", registered_on=day, assigned_on=day, accepted_on=day,
                         acceptance_ref="开城治信受〔2024〕25号", acceptance_served_on=dt.datetime(2024, 10, 29),
                         investigation="经现场核查，反映情况属实。", legal_basis="《四川省城乡环境综合治理条例》第三条",
                         opinion_ref="开城治信处〔2024〕25号", opinion_on=dt.datetime(2024, 12, 26),
                         demand_finding="合理", measure="解决到位", result="已清理。",
                         opinion_served_on=dt.datetime(2024, 12, 27), service_method="直接送达", receipt_signed="是")
    out = made_documents(tmp_path, row, "2025-01-06", "卷内目录")
    index = next(out.glob("2024-025*/01-卷内目录.docx"))
    pdf = helpers.convert(index, "pdf", tmp_path / "pdf")
    printed = printed_lines(pdf)
    for whole in ("2024年10月28日", "2024年12月26日", "2024年12月27日", "序号", "页号", "〔2024〕25号"):
        assert any(whole in line for line in printed), (whole, printed)
    assert helpers.pdf_overlaps(pdf) == []


@pytest.mark.libreoffice
def test_the_satisfaction_form_prints_its_dates_and_labels_on_one_line(tmp_path):
    """A clerk's 满意度评价表 printed the 出具日期 as “2020年12月” over “26日” (in Word's 仿宋 the 日 alone) and the
    label 处理意见书文号 as 处理意见书文 over 号: the date's column was 40 mm wide for a 14 pt date of 2 digits a
    month and day. The date keeps one line; the label breaks between 处理意见书 and 文号."""
    day = dt.datetime(2020, 10, 28)
    row = case(9) | dict(case_id="2020-072", registered_on=day, assigned_on=day, accepted_on=day,
                         acceptance_ref="开城治信受〔2020〕100号", acceptance_served_on=day, phone="13387987690",
                         petitioner="龚平海", unit="村镇股", handler="余国华",
                         opinion_ref="开城治信处〔2020〕100号", opinion_on=dt.datetime(2020, 12, 26),
                         demand_finding="合理", measure="解决到位", result="已清理。")
    out = made_documents(tmp_path, row, "2021-01-06", "满意度评价表")
    form = next(out.glob("2020-072*/*满意度评价表.docx"))
    pdf = helpers.convert(form, "pdf", tmp_path / "pdf")
    printed = printed_lines(pdf)
    assert any("2020年12月26日" in line for line in printed), printed
    assert any(line.startswith("处理意见书") and "处理意见书文" not in line for line in printed), printed
    assert not any(line.startswith("号") for line in printed), printed
    assert len([p for p in subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                                          check=True).stdout.split("\f") if p.strip()]) == 1
    assert helpers.pdf_overlaps(pdf) == []


@pytest.mark.libreoffice
def test_the_assignment_form_breaks_its_long_labels_where_a_reader_would(papers, tmp_path):
    """交办单 printed 上级交办文号 as 上级交办文 over 号 and 上级报结期限 as 上级报结期 over 限 (six characters at 四号
    in a 32 mm column): each label now breaks before its last word."""
    pdf = helpers.convert(papers["交办单"], "pdf", tmp_path / "pdf")
    printed = printed_lines(pdf)
    assert not [line for line in printed if line.startswith(("号", "限"))], printed
    assert any(line.startswith("上级交办") and "上级报结" in line for line in printed), printed
    assert any(line.startswith("文号") and "期限" in line for line in printed), printed


@pytest.mark.libreoffice
def test_the_dossier_index_keeps_a_three_digit_document_number_together(tmp_path):
    """The example's 卷内目录 printed 开城治信处〔2020〕100号 as 〔2020〕100 over 号 (and an unnumbered 〔2020〕＿＿号
    alike): its 文号 column held two-digit numbers only. 〔2020〕100号 now prints on one line."""
    day = dt.datetime(2020, 8, 10)
    row = case(9) | dict(case_id="2020-072", registered_on=day, assigned_on=day, accepted_on=day,
                         acceptance_ref="开城治信受〔2020〕172号", acceptance_served_on=day, extended="是",
                         extension_days=30, extension_notice_on=dt.datetime(2020, 9, 25), extension_reason="需现场核查",
                         extension_approver="刘春华", opinion_ref="开城治信处〔2020〕100号",
                         opinion_on=dt.datetime(2020, 10, 26), demand_finding="合理", measure="解决到位",
                         result="已清理。", opinion_served_on=dt.datetime(2020, 11, 2), service_method="直接送达",
                         receipt_signed="是")
    out = made_documents(tmp_path, row, "2020-11-20", "卷内目录")
    pdf = helpers.convert(next(out.glob("2020-072*/01-卷内目录.docx")), "pdf", tmp_path / "pdf")
    printed = printed_lines(pdf)
    for whole in ("〔2020〕172号", "〔2020〕100号", "〔2020〕＿＿号"):
        assert any(whole in line for line in printed), (whole, printed)
    assert helpers.pdf_overlaps(pdf) == []


@pytest.mark.libreoffice
def test_a_receipt_keeps_a_three_digit_document_number_together(tmp_path):
    """送达回证 of a 处理意见书 numbered 〔2020〕100号 printed “…（开城治信处〔2020〕100” over “号）”: a name and
    文号 too long for one line now put the 文号 on a line of its own, whole; a short one stays on one line."""
    day = dt.datetime(2020, 8, 10)
    row = case(9) | dict(case_id="2020-072", petitioner="龚平海", phone="13387987690", registered_on=day,
                         assigned_on=day, accepted_on=day, acceptance_ref="开城治信受〔2020〕72号",
                         acceptance_served_on=day, opinion_ref="开城治信处〔2020〕100号",
                         opinion_on=dt.datetime(2020, 10, 26), demand_finding="合理", measure="解决到位",
                         result="已清理。", opinion_served_on=dt.datetime(2020, 11, 2), service_method="直接送达",
                         receipt_signed="是")
    out = made_documents(tmp_path, row, "2020-11-20", "送达回证")
    receipts = {p.stem: p for p in out.glob("2020-072*/*送达回证*.docx")}
    pdfs = dict(zip(receipts, helpers.convert_many(list(receipts.values()), "pdf", tmp_path / "pdf"), strict=True))
    opinion = printed_lines(next(pdf for name, pdf in pdfs.items() if "处理意见书" in name))
    assert any("（开城治信处〔2020〕100号）" in line for line in opinion), opinion
    assert not [line for line in opinion if line.startswith(("号", "100号"))], opinion
    notice = printed_lines(next(pdf for name, pdf in pdfs.items() if "受理告知书" in name))
    assert any("《受理告知书》（开城治信受〔2020〕72号）" in line for line in notice), notice
