"""Case documents: what each case gets, what the documents say, that hostile values never break a file."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import zipfile
from pathlib import Path

import docx
import helpers
import openpyxl
import pytest

from xlkit.documents import catalog, lint, placeholders, plan, render
from xlkit.documents import generate as documents
from xlkit.documents.catalog import BY_KEY, CATALOG
from xlkit.documents.context import case_context, kind_context, settings_context
from xlkit.documents.pdf import convert_pdf
from xlkit.read.ledger import read_ledger

D = dt.date
TODAY = D(2019, 12, 31)
HOSTILE = '&<>"'

COMPLETE = dict(
    case_id="2019-001", registered_on=D(2019, 9, 3), registrar="李登记", source="县信访局", form="来访",
    petition_type="求决类", petitioner="张三", id_number="51172319900101123X", phone="13812345678",
    address="开江县新宁镇东街1号", people_count=1, township="新宁镇", village="东街社区", poor_household="是",
    category="生活垃圾", demand="要求清运门前垃圾堆。\n另请设置垃圾桶。", assigned_on=D(2019, 9, 5), assigner="王交办",
    unit="环卫股", handler="赵承办", accepted_on=D(2019, 9, 20), acceptance_decision="受理",
    acceptance_ref="开城治信受〔2019〕3号", acceptance_served_on=D(2019, 9, 23), extended="是", extension_days=15,
    extension_notice_on=D(2019, 11, 10), extension_reason="需会同乡镇现场核查", extension_approver="刘主任",
    investigation="经现场核查，垃圾堆确实存在。", legal_basis="《四川省城乡环境综合治理条例》第十条",
    opinion_ref="开城治信处〔2019〕7号", opinion_on=D(2019, 11, 25), demand_finding="合理", measure="解决到位",
    result="已于11月20日清运完毕。", opinion_served_on=D(2019, 11, 26), service_method="直接送达", receipt_signed="是",
    satisfaction="满意", evaluated_on=D(2019, 11, 26), settled="是", settled_on=D(2019, 11, 28), rebounded="否",
    closed_on=D(2019, 11, 30), reviewer="孙审核", review_conclusion="通过", dossier_no="JZ-2019-001",
)
OPEN = dict(case_id="2019-002", registered_on=D(2019, 10, 3), petitioner="李四", assigned_on=D(2019, 10, 8),
            unit="市容股", accepted_on=D(2019, 10, 10), opinion_on=D(2019, 12, 1), demand="修复村道边沟")
HOSTILE_CASE = {k: (HOSTILE + v if isinstance(v, str) else v) for k, v in COMPLETE.items()}
HOSTILE_CASE.update(case_id="2019-003", petitioner=f"𠮷{HOSTILE}王", demand="长" * 1995 + HOSTILE + "尾",
                    extended="是", settled="是", satisfaction="基本满意", receipt_signed="是", source="其他",
                    form="来信", township="新宁镇", category="生活垃圾", unit="环卫股", demand_finding="合理",
                    measure="解决到位", service_method="直接送达", rebounded="否", review_conclusion="通过",
                    poor_household="是", petition_type="求决类", acceptance_decision="受理")
NEW_RULES = dict(case_id="2022-001", registered_on=D(2022, 5, 20), petitioner="王五", accepted_on=D(2022, 6, 1),
                 opinion_on=D(2022, 7, 20), opinion_ref="开城治信处〔2022〕1号")
NO_ASSIGN_DATE = dict(case_id="2019-004", petitioner="赵六", unit="村镇股")
BEYOND_DATA = dict(case_id="2027-001", registered_on=D(2027, 1, 4), petitioner="钱七", assigned_on=D(2027, 1, 5),
                   unit="综合股", accepted_on=D(2027, 1, 6))
ROWS = [COMPLETE, OPEN, HOSTILE_CASE, NEW_RULES, NO_ASSIGN_DATE, BEYOND_DATA]  # sheet rows 3..8


DECISION_NOTICES = ("refusal", "refusal_receipt", "referral", "referral_receipt")


def folder_of(case: dict) -> str:
    from xlkit.documents.catalog import case_folder_name

    return case_folder_name(case["case_id"], case["petitioner"])


def text_of(path: Path) -> str:
    """Everything a reader sees: paragraphs, table cells, footers."""
    document = docx.Document(str(path))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                parts.append(cell.text)
    return "\n".join(parts)


def raw_xml(path: Path) -> str:
    with zipfile.ZipFile(path) as archive:
        return "".join(archive.read(n).decode("utf-8") for n in archive.namelist() if n.endswith(".xml"))


@pytest.fixture(scope="module")
def ledger(tmp_path_factory):
    path = helpers.write_ledger(tmp_path_factory.mktemp("ledger") / "台账.xlsx", ROWS)
    return read_ledger(path)


@pytest.fixture(scope="module")
def run(ledger, tmp_path_factory):
    return documents.generate(ledger, tmp_path_factory.mktemp("docs") / "文书", today=TODAY)


def made(run, case) -> dict[str, Path]:
    return {i.kind.key: i.path for i in run.made if i.case_id == case["case_id"]}


# ---------------------------------------------------------------------------
# What each case gets


def test_complete_case_gets_every_document_but_the_progress_report(run):
    files = made(run, COMPLETE)
    assert set(files) == {k.key for k in CATALOG} - {"progress_report", *DECISION_NOTICES}
    folder = run.out_dir / "2019-001-张三"
    assert files["acceptance"] == folder / "03-受理告知书.docx"
    assert files["opinion_receipt"] == folder / "08-送达回证（处理意见书）.docx"
    assert all(p.exists() for p in files.values())


def test_open_case_gets_only_what_its_data_allows(run):
    files = made(run, OPEN)
    assert "closing_report" not in files and "settlement" not in files
    assert "extension" not in files and "extension_receipt" not in files
    assert {"progress_report", "opinion", "opinion_receipt", "satisfaction", "acceptance"} <= set(files)
    skipped = {i.kind.key: i.reason for i in run.skipped if i.case_id == OPEN["case_id"]}
    assert "尚未息诉息访" in skipped["closing_report"]
    assert "未延期" in skipped["extension"]


def test_missing_essential_field_is_listed_with_its_header(run):
    item = next(i for i in run.items if i.case_id == "2019-004" and i.kind.key == "assignment")
    assert item.status == plan.SKIPPED
    assert item.missing == ("交办日期",)
    assert "缺少字段：交办日期" in item.reason
    assert not item.stage_skip


def test_due_date_beyond_holiday_data_is_made_with_a_note(run):
    item = next(i for i in run.items if i.case_id == "2027-001" and i.kind.key == "acceptance")
    assert item.status == plan.MADE
    assert "2027 年尚无节假日安排数据" in item.note


def test_run_list_workbook(run):
    assert run.list_path == run.out_dir / "生成清单.xlsx"
    sheet = openpyxl.load_workbook(run.list_path).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == documents.LIST_HEADERS
    assert len(rows) == 1 + len(run.items)
    by_doc = {(r[1], r[3]): r for r in rows[1:]}
    assert by_doc[("2019-001", "受理告知书")][4] == "生成"
    assert by_doc[("2019-001", "受理告知书")][7] == "2019-001-张三/03-受理告知书.docx"
    assert by_doc[("2019-004", "交办单")][4:6] == ("跳过", "缺少字段：交办日期")
    assert "2027 年" in by_doc[("2027-001", "受理告知书")][6]
    # the row number is centred: right-aligned beside the left-aligned 案件编号 it printed as “32019-001”
    assert {sheet.cell(r, 1).alignment.horizontal for r in range(2, sheet.max_row + 1)} == {"center"}


# ---------------------------------------------------------------------------
# What the documents say


def test_no_template_tag_or_none_survives_anywhere(run):
    for item in run.made:
        xml = raw_xml(item.path)
        assert "{{" not in xml and "{%" not in xml, item.path
        assert "None" not in text_of(item.path), item.path


def test_acceptance_notice_text(run):
    text = text_of(made(run, COMPLETE)["acceptance"])
    assert "受理告知书" in text and "开城治信受〔2019〕3号" in text
    assert "张三：" in text
    assert "本机关已于2019年9月20日依法受理" in text
    assert "2005年《信访条例》第三十三条" in text
    assert "最迟于2019年11月19日出具书面处理意见" in text  # 60 days from 2019-09-20 (DESIGN §5), the day included
    assert "开江县城乡环境综合治理办公室" in text


def test_opinion_states_facts_basis_and_review_right(run):
    text = text_of(made(run, COMPLETE)["opinion"])
    assert "关于张三信访事项的处理意见" in text and "开城治信处〔2019〕7号" in text
    assert "经现场核查，垃圾堆确实存在。" in text and "《四川省城乡环境综合治理条例》第十条" in text
    assert "本机关认定你（们）的诉求合理" in text
    assert ("根据2005年《信访条例》第三十四条、第三十五条的规定，如对本处理意见不服，可自收到本处理意见书之日起30日内"
            "向开江县人民政府请求复查；对复查意见不服的，可自收到书面复查意见之日起30日内向复查机关的上一级机关请求复核。") in text
    assert "2019年11月25日" in text


def test_opinion_under_2022_rules_cites_article_35(run):
    text = text_of(made(run, NEW_RULES)["opinion"])
    assert "2022年《信访工作条例》第三十五条" in text


def test_opinion_without_facts_leaves_lines_to_write_by_hand(run):
    text = text_of(made(run, OPEN)["opinion"])
    assert "＿" * 24 in text
    assert "None" not in text


def test_extension_notice_dates(run):
    text = text_of(made(run, COMPLETE)["extension"])
    # original due 2019-11-19; notified 11-10 (before it); +15 days → 12-04 (Wednesday)
    assert "原办理期限至2019年11月19日" in text
    assert "办理期限延长15日，延长后的办理期限至2019年12月4日" in text
    assert "需会同乡镇现场核查" in text and "刘主任" in text


def test_extension_notice_printed_before_it_is_notified_states_the_engines_extended_due(tmp_path):
    """Printed before its date is filled, the notice states the due date the deadline engine gives the 延期天数
    (opinion_extended_due), not one of its own: 2019-11-19 + 15 days = 12-04, and 45 days count as 30."""
    from xlkit.deadlines.engine import compute

    rows = [dict(COMPLETE, extension_notice_on=None),
            dict(COMPLETE, case_id="2019-009", petitioner="钱九", extension_notice_on=None, extension_days=45)]
    ledger = read_ledger(helpers.write_ledger(tmp_path / "台账.xlsx", rows))
    due = compute(ledger, TODAY)
    assert [d.date() for d in due["opinion_extended_due"]] == [D(2019, 12, 4), D(2019, 12, 19)]
    assert not due["extension_counted"].any()
    run = documents.generate(ledger, tmp_path / "out", kinds=["延期办理告知书"], today=TODAY)
    assert "办理期限延长15日，延长后的办理期限至2019年12月4日" in text_of(made(run, rows[0])["extension"])


def test_receipts_name_the_document_served(run):
    files = made(run, COMPLETE)
    acceptance = text_of(files["acceptance_receipt"])
    assert "《受理告知书》（开城治信受〔2019〕3号）" in acceptance
    assert "2019年9月23日" in acceptance  # 受理告知书送达日期
    opinion = text_of(files["opinion_receipt"])
    assert "《信访事项处理意见书》（开城治信处〔2019〕7号）" in opinion
    assert "直接送达" in opinion and "开江县新宁镇东街1号" in opinion
    for label in ("受送达人\n签名", "签收日期", "送达人", "见证人", "送达日期", "留置送达", "拒收事由", "备注"):
        assert label in opinion
    open_receipt = text_of(made(run, OPEN)["opinion_receipt"])
    assert "＿＿＿＿年＿＿月＿＿日" in open_receipt  # not served yet: the date is left to fill


def test_satisfaction_form_is_never_pre_ticked(run):
    """The petitioner marks the form (issue 10 item 13): printed blank even when the ledger holds the result."""
    for case in (COMPLETE, HOSTILE_CASE, OPEN):
        text = text_of(made(run, case)["satisfaction"])
        assert "☐ 满意　　☐ 基本满意　　☐ 不满意" in text and "☑" not in text
        assert "评价日期\n　　年　月　日" in text  # the ledger's 评价日期 is not printed either
    assert "2019年11月26日" not in text_of(made(run, COMPLETE)["satisfaction"])


def test_settlement_and_closing_report(run):
    files = made(run, COMPLETE)
    settlement = text_of(files["settlement"])
    assert "本人张三" in settlement and "自愿息诉息访" in settlement and "2019年11月28日" in settlement
    report = text_of(files["closing_report"])
    assert "关于张三信访事项的结案报告" in report and "2019年11月28日签署息诉息访书" in report
    progress = text_of(made(run, OPEN)["progress_report"])
    assert "办理情况报告" in progress and "未息访原因分析" in progress


def test_the_reports_say_the_receipt_and_the_rebound_in_sentences(run):
    """The 结案报告 read “…送达，送达回证签字：是。” and “息诉息访。是否反弹：否。”, the ledger's columns pasted into a
    report; it now says 信访人已在送达回证上签字 and 息诉息访，未反弹. A receipt not signed says so; an empty
    cell is still a blank to fill in."""
    report = text_of(made(run, COMPLETE)["closing_report"])
    assert "直接送达方式送达，信访人已在送达回证上签字。" in report
    assert "签署息诉息访书，息诉息访，未反弹。" in report
    assert "是否反弹：" not in report and "送达回证签字：" not in report
    progress = text_of(made(run, OPEN)["progress_report"])  # 送达回证签字 empty
    assert "送达回证签字情况：＿＿＿＿＿＿。" in progress


def test_dossier_index_lists_the_documents_with_refs_and_dates(run):
    document = docx.Document(str(made(run, COMPLETE)["index"]))
    rows = [[c.text for c in row.cells] for row in document.tables[0].rows]
    assert rows[0] == ["序号", "文号", "责任者", "题名", "日期", "页号"]
    titles = [r[3] for r in rows[1:]]
    assert titles == [BY_KEY[k].name for k in (
        "assignment", "acceptance", "acceptance_receipt", "extension", "extension_receipt", "opinion",
        "opinion_receipt", "satisfaction", "settlement", "closing_report")]
    acceptance = rows[2]
    assert acceptance[1] == "开城治信受〔2019〕3号" and acceptance[4] == "2019年9月20日"
    cover = text_of(made(run, COMPLETE)["cover"])
    assert "JZ-2019-001" in cover and "本卷文件：10件" in cover


def test_multiline_cell_becomes_line_break(run):
    xml = raw_xml(made(run, COMPLETE)["opinion"])
    assert "要求清运门前垃圾堆。</w:t><w:br/><w:t xml:space=\"preserve\">另请设置垃圾桶。" in xml


def test_hostile_values_never_break_a_file(run):
    files = made(run, HOSTILE_CASE)
    assert len(files) == 13
    for key, path in files.items():
        # python-docx parses every document (the XML is intact) and the name reads back exactly
        assert f"𠮷{HOSTILE}王" in text_of(path), key
    opinion = text_of(files["opinion"])
    assert "长" * 1995 + HOSTILE + "尾" in opinion
    assert HOSTILE + "经现场核查" in opinion
    assert HOSTILE + "开城治信处〔2019〕7号" in opinion
    assert "𠮷" in files["opinion"].parent.name and '"' not in files["opinion"].parent.name


def test_engine_output_matches_docxtpl(run, ledger, tmp_path):
    """The fast path renders what docxtpl itself renders from the same template and values."""
    from docxtpl import DocxTemplate

    case = next(c for c in plan.load_cases(ledger, [5], TODAY))
    listing = [k for k in CATALOG]
    base = settings_context(ledger, TODAY) | {"_today": TODAY}
    for key in ("opinion", "index", "opinion_receipt"):
        kind = BY_KEY[key]
        context = kind_context(case_context(ledger, case, base, listing), kind, case.values)
        ours = tmp_path / f"ours-{key}.docx"
        render.prepare(catalog.TEMPLATE_DIR / kind.template).write(context, ours)
        reference = DocxTemplate(catalog.TEMPLATE_DIR / kind.template)
        reference.render(context, jinja_env=render._environment())
        theirs = tmp_path / f"theirs-{key}.docx"
        reference.save(theirs)
        assert text_of(ours) == text_of(theirs), key


def test_worker_processes_write_the_same_documents(ledger, tmp_path):
    one = documents.generate(ledger, tmp_path / "one", rows=[3, 4], today=TODAY, workers=1)
    two = documents.generate(ledger, tmp_path / "two", rows=[3, 4], today=TODAY, workers=2)
    assert [i.status for i in one.items] == [i.status for i in two.items]
    for a, b in zip(one.made, two.made, strict=True):
        assert text_of(a.path) == text_of(b.path)


# ---------------------------------------------------------------------------
# Safety: no overwrite, selection


def test_existing_files_are_kept_without_force(ledger, tmp_path):
    first = documents.generate(ledger, tmp_path, case_ids=["2019-002"], today=TODAY)
    target = first.made[0].path
    target.write_bytes(b"edited by hand")
    second = documents.generate(ledger, tmp_path, case_ids=["2019-002"], today=TODAY)
    assert not second.made and target.read_bytes() == b"edited by hand"
    assert all("文件已存在" in i.reason for i in second.skipped if not i.stage_skip)
    assert second.list_path.name == "生成清单-2.xlsx" and first.list_path.exists()
    third = documents.generate(ledger, tmp_path, case_ids=["2019-002"], today=TODAY, force=True)
    assert len(third.made) == len(first.made) and target.read_bytes() != b"edited by hand"
    assert third.list_path.name == "生成清单.xlsx"  # --force replaces the list too, no 生成清单-3
    assert not (tmp_path / "生成清单-3.xlsx").exists()


def test_selection_by_rows_and_kind(ledger, tmp_path):
    run = documents.generate(ledger, tmp_path, rows=[4], kinds=["送达回证"], today=TODAY)
    assert {i.kind.key for i in run.items} == {"acceptance_receipt", "refusal_receipt", "referral_receipt",
                                               "extension_receipt", "opinion_receipt"}
    assert {i.case_id for i in run.items} == {"2019-002"}
    with pytest.raises(plan.SelectionError, match="找不到案件编号：X-1"):
        documents.generate(ledger, tmp_path, case_ids=["X-1"])
    with pytest.raises(plan.SelectionError, match="没有案件"):
        documents.generate(ledger, tmp_path, rows=[40, 41])
    with pytest.raises(plan.SelectionError, match="没有名为“通知书”的文书"):
        plan.resolve_kinds(["通知书"])


def test_parse_rows():
    assert plan.parse_rows("5-7, 9") == [5, 6, 7, 9]
    assert plan.parse_rows("9-7") == [7, 8, 9]
    with pytest.raises(ValueError, match="看不懂"):
        plan.parse_rows("a-b")


# ---------------------------------------------------------------------------
# Templates


def test_shipped_templates_pass_the_lint():
    assert lint.check_templates() == []
    for kind in CATALOG:
        assert (catalog.TEMPLATE_DIR / kind.template).exists()


def test_templates_are_built_by_the_script(tmp_path):
    """The .docx files in the repository are what build_templates.py makes (structure reviewable)."""
    result = subprocess.run([__import__("sys").executable, str(catalog.TEMPLATE_DIR / "build_templates.py"),
                             str(tmp_path)], capture_output=True, text=True, check=True)
    assert result.returncode == 0
    for kind in CATALOG:
        with zipfile.ZipFile(tmp_path / kind.template) as fresh, \
                zipfile.ZipFile(catalog.TEMPLATE_DIR / kind.template) as shipped:
            assert fresh.read("word/document.xml") == shipped.read("word/document.xml"), kind.template


def test_template_layout_follows_gbt_9704():
    document = docx.Document(str(catalog.TEMPLATE_DIR / "信访事项处理意见书.docx"))
    section = document.sections[0]
    mm = [round(x / 36000) for x in (section.page_width, section.page_height, section.top_margin,
                                     section.bottom_margin, section.left_margin, section.right_margin)]
    assert mm == [210, 297, 37, 35, 28, 26]
    title = document.styles["公文标题"]
    assert title.font.size.pt == 22
    assert title.element.rPr.rFonts.get(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia") == "方正小标宋简体"
    body = document.styles["正文"]
    assert body.font.size.pt == 16 and body.paragraph_format.line_spacing.pt == pytest.approx(28.95)
    assert "PAGE" in section.footer._element.xml
    with zipfile.ZipFile(catalog.TEMPLATE_DIR / "信访事项处理意见书.docx") as archive:
        fonts = archive.read("word/fontTable.xml").decode()
    assert 'w:name="方正小标宋简体"' in fonts and 'w:val="宋体"' in fonts


def _bad_templates(tmp_path: Path) -> Path:
    folder = tmp_path / "templates"
    folder.mkdir()
    for kind in CATALOG:
        (folder / kind.template).write_bytes((catalog.TEMPLATE_DIR / kind.template).read_bytes())
    bad = docx.Document()
    paragraph = bad.add_paragraph()
    paragraph.add_run("{{ 信访")
    paragraph.add_run("人 }}").bold = True
    bad.add_paragraph("{{ 不存在的列 }}")
    bad.save(folder / "受理告知书.docx")
    return folder


def test_lint_finds_split_tags_and_unknown_placeholders(tmp_path):
    problems = lint.check_templates(_bad_templates(tmp_path))
    messages = [str(p) for p in problems]
    assert any("受理告知书.docx" in m and "拆成了几段" in m for m in messages)
    assert any(p.placeholder == "不存在的列" for p in problems)


def test_bad_template_stops_the_run_before_anything_is_written(ledger, tmp_path):
    out = tmp_path / "out"
    with pytest.raises(lint.TemplateProblems, match="不存在的列"):
        documents.generate(ledger, out, template_dir=_bad_templates(tmp_path))
    assert not out.exists()


def test_xml_text_escapes_and_drops_what_xml_cannot_hold():
    # Word's manual line break (\x0b) pasted into a cell stays a line break; other control characters go
    assert placeholders.xml_text('a&b<c>"d"\x0b\x01𠮷') == \
        'a&amp;b&lt;c&gt;&quot;d&quot;</w:t><w:br/><w:t xml:space="preserve">𠮷'
    assert placeholders.xml_text("a\r\nb") == 'a</w:t><w:br/><w:t xml:space="preserve">b'
    assert not placeholders.BLANK_TEXT and str(placeholders.BLANK_TEXT).startswith("＿")


# ---------------------------------------------------------------------------
# Real client: LibreOffice opens every document (one batched conversion for the module)


@pytest.mark.libreoffice
def test_libreoffice_converts_every_document(run):
    helpers.need_soffice()
    # every template (the complete case has all but the progress report), plus the hostile opinion;
    # LibreOffice needs ~1 s for each document carrying the 2,000-character demand, so not all of them
    paths = [i.path for i in run.made if i.case_id == "2019-001"]
    paths += [made(run, OPEN)["progress_report"], made(run, HOSTILE_CASE)["opinion"]]
    pdfs = convert_pdf(paths)
    assert len(pdfs) == len(paths)
    for docx_path, pdf in zip(paths, pdfs, strict=True):
        assert pdf == docx_path.with_suffix(".pdf")
        text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                              check=True).stdout
        name = {"2019-001": "张三", "2019-002": "李四", "2019-003": "2019-003"}[pdf.parent.name[:8]]
        assert name in re.sub(r"\s", "", text), pdf
    opinion = subprocess.run(["pdftotext", str(made(run, HOSTILE_CASE)["opinion"].with_suffix(".pdf")), "-"],
                             capture_output=True, text=True, check=True).stdout
    assert HOSTILE in opinion


def test_minimal_ledger_and_duplicate_case_numbers(tmp_path):
    """A ledger with only 案件编号 and 信访人 still gets its dossier frame; a repeated number is not made twice."""
    path = helpers.write_ledger(tmp_path / "台账.xlsx", [
        {"case_id": "2019-010", "petitioner": "孙八"}, {"case_id": "2019-010", "petitioner": "孙八"},
    ], headers=["案件编号", "信访人"])
    run = documents.generate(read_ledger(path), tmp_path / "out", today=TODAY)
    assert {(i.row, i.kind.key) for i in run.made} == {(3, "cover"), (3, "index"), (3, "closing_note")}
    duplicates = [i for i in run.skipped if i.row == 4 and i.cause == "duplicate"]
    assert len(duplicates) == 3 and "与第 3 行" in duplicates[0].reason
    assert "None" not in text_of(run.made[0].path) and "孙八" in text_of(run.made[0].path)


def test_header_aliases_work_as_placeholders(ledger, tmp_path):
    """A template written with another accepted spelling of a header (`姓名` for 信访人) is fine."""
    folder = tmp_path / "templates"
    folder.mkdir()
    for kind in CATALOG:
        (folder / kind.template).write_bytes((catalog.TEMPLATE_DIR / kind.template).read_bytes())
    own = docx.Document()
    own.add_paragraph("{{ 姓名 }}住{{ 家庭住址 }}，{{ 村社区 }}")
    own.save(folder / "受理告知书.docx")
    assert lint.check_templates(folder) == []
    run = documents.generate(ledger, tmp_path / "out", case_ids=["2019-001"], kinds=["受理告知书"],
                             template_dir=folder, today=TODAY)
    assert text_of(run.made[0].path) == "张三住开江县新宁镇东街1号，东街社区"


# ---------------------------------------------------------------------------
# Documents the ledger's own data contradicts are not made


@pytest.mark.parametrize(("change", "skipped", "reason"), [
    (dict(acceptance_decision="不予受理"), {"acceptance", "acceptance_receipt", "extension", "extension_receipt"},
     "受理结论为“不予受理”"),
    (dict(acceptance_decision="转送其他机关"), {"acceptance", "acceptance_receipt"}, "受理结论为“转送其他机关”"),
    (dict(extension_days=45), {"extension", "extension_receipt"}, "超过法定最长 30 日"),
    (dict(extension_notice_on=D(2019, 11, 25)), {"extension", "extension_receipt"}, "延期告知日期晚于原办理期限"),
])
def test_documents_the_ledger_contradicts_are_skipped_with_the_reason(tmp_path, change, skipped, reason):
    path = helpers.write_ledger(tmp_path / "台账.xlsx", [{**COMPLETE, **change}])
    run = documents.generate(read_ledger(path), tmp_path / "out", today=TODAY)
    not_made = {i.kind.key: i.reason for i in run.items if i.status != "生成"}
    assert skipped <= set(not_made)
    assert all(reason in not_made[key] for key in skipped)
    assert {i.kind.key for i in run.made}.isdisjoint(skipped)
    assert "opinion" in {i.kind.key for i in run.made}  # the rest of the case is still made


def test_the_checks_say_which_extension_notices_the_ledger_contradicts(tmp_path):
    """The docs run refuses a 延期办理告知书 where a check (C305, C314, C306) finds the extension unlawful, and
    only there: a notice date with no 受理日期 has no 原办理期限 to be late for (the run used to check on its own
    and called it late)."""
    from xlkit.check.rules import run_rules

    changes = [{}, dict(extension_days=45), dict(extension_approver=None), dict(extension_notice_on=D(2019, 11, 25)),
               dict(accepted_on=None), dict(accepted_on=D(2022, 6, 1), extension_notice_on=D(2022, 7, 20),
                                            extension_approver=None)]
    rows = [{**COMPLETE, **change, "case_id": f"2019-10{i}", "petitioner": f"甲{i}"} for i, change in enumerate(changes)]
    ledger = read_ledger(helpers.write_ledger(tmp_path / "台账.xlsx", rows))
    entries = {p.row: p for p in plan.plan(ledger, kinds=["延期办理告知书"], today=TODAY)}
    refused = {row: p.reason for row, p in entries.items() if p.cause == "invalid"}
    assert refused == {
        4: "延期天数为 45 日，超过法定最长 30 日：请先改正台账",
        5: "延期须经本机关负责人批准（2005年《信访条例》第三十三条），延期批准人为空：请先在台账填写批准人",
        6: "延期告知日期晚于原办理期限，延期不计入期限：请先核对台账",
        8: "延期须经本机关负责人批准（2022年《信访工作条例》第三十四条），延期批准人为空：请先在台账填写批准人",
    }
    assert set(refused) == {f.row for f in run_rules(ledger, TODAY, codes=plan.CONTRADICTION_CODES)}
    assert entries[3].status == plan.MADE
    assert entries[7].reason == "缺少字段：受理日期"


def test_without_an_approver_column_the_extension_notice_is_made_for_hand_filling(tmp_path):
    """A ledger that records no approvers: check cannot judge C314 (it says so in C001) and the deadlines count
    the extension, so the notice is made with the approver left blank to fill in (it used to be refused)."""
    from xlkit.schema import COLUMNS

    headers = [c.header for c in COLUMNS if c.field != "extension_approver"]
    path = helpers.write_ledger(tmp_path / "台账.xlsx", [COMPLETE], headers=headers)
    run = documents.generate(read_ledger(path), tmp_path / "out", kinds=["延期办理告知书"], today=TODAY)
    text = text_of(made(run, COMPLETE)["extension"])
    assert "经本机关负责人＿＿＿＿＿＿批准" in text and "延长后的办理期限至2019年12月4日" in text
