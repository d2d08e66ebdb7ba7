"""审核: the seven-point 审核表, the 整改意见书 and 整改 tracking (plan §四(三), issue 7)."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil

import docx
import helpers
import openpyxl
import pytest
from click.testing import CliRunner

from xlkit.cli import cli
from xlkit.read.ledger import read_ledger
from xlkit.review.assess import (
    DAYS_OPEN_KEY,
    FAIL,
    MANUAL,
    MARKS,
    PASS,
    POINTS,
    REVIEWER_COLUMN,
    SINCE_KEY,
    open_rectifications,
    review,
)
from xlkit.schema import header

D = dt.date
TODAY = D(2019, 12, 20)

GOOD = dict(
    case_id="2019-001", registered_on=D(2019, 9, 2), registrar="刘丽", source="县信访局", form="来访",
    petition_type="求决类", petitioner="张三", township="新宁镇", category="生活垃圾",
    demand="村口垃圾堆放点长期未清运，要求清运并设置垃圾桶。", assigned_on=D(2019, 9, 3), assigner="陈明",
    unit="环卫股", handler="王强", accepted_on=D(2019, 9, 5), acceptance_decision="受理",
    acceptance_ref="开城治信受〔2019〕1号", acceptance_served_on=D(2019, 9, 6),
    investigation="经现场核实，垃圾点确未按期清运。", legal_basis="《四川省城乡环境综合治理条例》第十五条",
    opinion_ref="开城治信处〔2019〕1号", opinion_on=D(2019, 10, 20), demand_finding="合理", measure="解决到位",
    result="已清运垃圾并设置垃圾桶 4 个。", opinion_served_on=D(2019, 10, 22), service_method="直接送达",
    receipt_signed="是", satisfaction="满意", evaluated_on=D(2019, 10, 22), settled="是", settled_on=D(2019, 10, 25),
    closed_on=D(2019, 10, 28), reviewer="周敏", review_conclusion="通过",
)
# late, unsigned, no basis, bad document number, unsettled without analysis: reviewed 需整改
BAD = GOOD | dict(
    case_id="2019-002", petitioner="李四", unit="村镇股", handler="赵亮", accepted_on=D(2019, 9, 20),
    acceptance_ref="开城治信受[2019]2号", acceptance_served_on=D(2019, 9, 24), opinion_ref="开城治信处〔2019〕2号",
    opinion_on=D(2019, 11, 25), measure="思想教育", opinion_served_on=D(2019, 11, 28), receipt_signed="否",
    satisfaction="不满意", evaluated_on=D(2019, 11, 28), settled="否", settled_on=None, closed_on=D(2019, 12, 5),
    legal_basis=None, investigation=None, review_conclusion="需整改",
    review_opinion="送达回证未签字，依据未写明，请补正后重新报送。",
)
OPEN = dict(case_id="2019-003", petitioner="王五", registered_on=D(2019, 10, 8), assigned_on=D(2019, 10, 9),
            unit="市容股", accepted_on=D(2019, 10, 10), acceptance_served_on=D(2019, 10, 12))
FIXED = BAD | dict(case_id="2019-004", petitioner="孙八", rectified_on=D(2019, 12, 15))


@pytest.fixture(scope="module")
def ledger_path(tmp_path_factory):
    return helpers.write_ledger(tmp_path_factory.mktemp("review") / "台账.xlsx", [GOOD, BAD, OPEN, FIXED])


def marks(case_review) -> dict[str, str]:
    return {p.title: p.mark for p in case_review.points}


def test_finished_cases_are_reviewed_by_default(ledger_path):
    reviews = review(read_ledger(ledger_path), TODAY)
    assert [r.case_id for r in reviews] == ["2019-001", "2019-002", "2019-004"]
    assert all([p.title for p in r.points] == list(POINTS) for r in reviews)
    named = review(read_ledger(ledger_path), TODAY, ["2019-003", "2019-001"])
    assert [r.case_id for r in named] == ["2019-001", "2019-003"]  # only those named, open ones too


def test_a_clean_case(ledger_path):
    good = review(read_ledger(ledger_path), TODAY, ["2019-001"])[0]
    assert marks(good) == {
        "办理程序是否正确": PASS, "文书格式是否规范": MANUAL, "送达是否及时": PASS,
        # matters of judgement are never passed automatically
        "信访人诉求回应是否全面": MANUAL, "诉求合理性是否认定准确": MANUAL, "法律法规政策依据是否充分": MANUAL,
        "处理意见是否明确并落实到位": PASS,
    }
    timely = good.points[2]
    assert "期限 2019年9月9日，实际 2019年9月6日（已按期完成）" in "\n".join(timely.facts)
    assert any("2019年11月4日" in f for f in timely.facts)  # 60 days from 2019-09-05


def test_a_case_with_problems(ledger_path):
    bad = next(r for r in review(read_ledger(ledger_path), TODAY) if r.case_id == "2019-002")
    assert marks(bad) == {
        "办理程序是否正确": PASS, "文书格式是否规范": FAIL, "送达是否及时": FAIL, "信访人诉求回应是否全面": MANUAL,
        "诉求合理性是否认定准确": MANUAL, "法律法规政策依据是否充分": FAIL, "处理意见是否明确并落实到位": FAIL,
    }
    problems = {p.title: " ".join(p.problems) for p in bad.points}
    assert "开城治信受[2019]2号" in problems["文书格式是否规范"]
    assert "处理意见逾期完成" in problems["送达是否及时"] and "签字" in problems["送达是否及时"]
    assert "未填法规政策依据" in problems["法律法规政策依据是否充分"]
    assert "未分析原因" in problems["处理意见是否明确并落实到位"]
    reasonable = next(p for p in bad.points if p.title == "诉求合理性是否认定准确")
    assert any("解决到位" in n for n in reasonable.notes)  # 合理 but only 思想教育 (plan 五(二))


@pytest.mark.parametrize(("extension", "problem"), [
    (dict(extension_days=None, extension_notice_on=D(2019, 10, 1)), "未填延期天数"),
    (dict(extension_days=20, extension_notice_on=None), "未填延期告知日期"),
    (dict(extension_days=20, extension_notice_on=D(2019, 11, 20)), "延期告知日期（2019年11月20日）晚于原办理期限 2019年11月4日"),
    (dict(extension_days=45, extension_notice_on=D(2019, 10, 1)), "延期 45 日，超过最多 30 日"),
    (dict(extension_days=20, extension_notice_on=D(2019, 10, 1), extension_approver=None), "延期未填延期批准人"),
])
def test_extension_procedure(tmp_path, extension, problem):
    case = GOOD | dict(extended="是", extension_approver="李局", extension_reason="需第三方检测") | extension
    path = helpers.write_ledger(tmp_path / "延期.xlsx", [case])
    procedure = review(read_ledger(path), TODAY)[0].points[0]
    assert procedure.mark == FAIL
    assert any(problem in p for p in procedure.problems), procedure.problems


def test_missing_columns_ask_for_a_person_not_a_failure(tmp_path):
    headers = [header(f) for f in ("case_id", "petitioner", "accepted_on", "opinion_on")]
    path = helpers.write_ledger(tmp_path / "少列.xlsx", [dict(case_id="1", petitioner="甲", accepted_on=D(2019, 9, 5),
                                                               opinion_on=D(2019, 10, 1))], headers=headers)
    only = review(read_ledger(path), TODAY)[0]
    basis = next(p for p in only.points if p.title == "法律法规政策依据是否充分")
    assert basis.mark == MANUAL and any("台账没有" in n for n in basis.notes)


def test_review_with_dossier_lists_the_papers(ledger_path, tmp_path):
    root = tmp_path / "卷宗"
    folder = root / "2019-001-张三"
    folder.mkdir(parents=True)
    for name in ("受理告知书-签字.pdf", "送达回证-受理告知书.pdf", "信访事项处理意见书-签字.pdf",
                 "送达回证-处理意见书.pdf", "满意度评价表-签字.pdf"):
        (folder / name).write_bytes(b"%PDF-1.4 broken on purpose")  # unreadable scans do not count
    reviews = review(read_ledger(ledger_path), TODAY, dossier_dir=root)
    good = next(r for r in reviews if r.case_id == "2019-001")
    # the missing and unreadable scans are the 卷宗's gaps, not a fault of the documents' format
    documents = good.points[1]
    assert documents.mark == MANUAL and documents.problems == []
    assert "卷宗缺息诉息访书" in good.dossier_gaps
    assert "受理告知书文件为空或无法打开" in good.dossier_gaps
    assert good.failed == [] and good.verdict == "卷宗不齐全"
    assert good.dossier_state == f"缺 {len(good.dossier_gaps)} 份"
    bad = next(r for r in reviews if r.case_id == "2019-002")
    assert bad.dossier_gaps == ["卷宗文件夹中没有本件的文件夹"] and bad.dossier_state == "无卷宗文件夹"
    # a document's own content still fails the point: 受理告知书文号 written with [ ] instead of 〔 〕
    assert bad.points[1].mark == FAIL
    assert bad.points[1].problems == ["受理告知书文号“开城治信受[2019]2号”格式不规范，应如“开城治信处〔2019〕3号”（年份用六角括号〔〕）"]


def test_dossier_gaps_are_what_the_dossier_check_finds(tmp_path):
    """The review's 卷宗 gaps are xlkit.dossier's findings (the one producer), in the review's words: a closed case
    with every signed paper but no 结案报告 is 不齐全 in both (the review judged the papers itself and said 齐全)."""
    from PIL import Image

    from xlkit.documents.catalog import BY_KEY
    from xlkit.dossier.papers import GAP_CODES, check, required_papers

    root = tmp_path / "卷宗"
    folder = root / "2019-001-张三"
    folder.mkdir(parents=True)
    for kind in required_papers(GOOD):
        name = f"送达回证-{BY_KEY[kind.delivers].name}" if kind.delivers else f"{kind.name}-签字"
        Image.new("RGB", (60, 80), "white").save(folder / f"{name}.png")
    ledger = read_ledger(helpers.write_ledger(tmp_path / "台账.xlsx", [GOOD, BAD]))

    def both():
        found = {c.case_id: [f for f in c.problems if f.code in GAP_CODES] for c in check(root, ledger, TODAY).cases}
        return found, {r.case_id: r for r in review(ledger, TODAY, dossier_dir=root)}

    found, reviews = both()
    assert [(f.code, f.column) for f in found["2019-001"]] == [("D141", "结案报告")]
    good = reviews["2019-001"]
    assert good.dossier_gaps == ["卷宗缺结案报告"] and good.dossier_state == "缺 1 份"
    assert good.verdict == "卷宗不齐全"
    assert [f.code for f in found["2019-002"]] == ["D101"]
    assert reviews["2019-002"].dossier_gaps == ["卷宗文件夹中没有本件的文件夹"]
    docx.Document().save(folder / "11-结案报告.docx")  # a draft report is enough (卷宗命名规则 四)
    found, reviews = both()
    assert found["2019-001"] == [] and reviews["2019-001"].dossier_gaps == []
    assert reviews["2019-001"].dossier_state == "齐全" and reviews["2019-001"].verdict == MANUAL


def test_no_folder_is_a_gap_only_when_papers_are_due(tmp_path):
    """A finished case with nothing signed yet (处理意见 issued, nothing served) needs no folder, as the dossier
    check says (no D102): the review says 无卷宗文件夹 but does not call the 卷宗 不齐全."""
    (tmp_path / "卷宗").mkdir()
    unserved = dict(case_id="2019-009", petitioner="周九", registered_on=D(2019, 11, 1), accepted_on=D(2019, 11, 4),
                    opinion_on=D(2019, 12, 10))
    ledger = read_ledger(helpers.write_ledger(tmp_path / "台账.xlsx", [unserved]))
    [r] = review(ledger, TODAY, dossier_dir=tmp_path / "卷宗")
    assert r.dossier.problems == [] and r.dossier_gaps == []
    assert r.dossier_state == "无卷宗文件夹" and r.verdict != "卷宗不齐全"


def test_summary_keeps_the_dossier_apart_and_its_conclusion_agrees(tmp_path):
    """审核汇总: unsigned drafts in the dossier do not make 文书格式 不符合 (issue 13 item 3); the 卷宗 has
    its own column, 核对结论 follows the columns, and a 通过 that disagrees with them is said."""
    from xlkit.review.assess import write_all

    root = tmp_path / "卷宗"
    for name in ("2019-001-张三", "2019-002-李四"):
        (root / name).mkdir(parents=True)
        draft = docx.Document()
        draft.add_paragraph("受理告知书（未签字草稿）")
        draft.save(root / name / "受理告知书.docx")
    unfounded = GOOD | dict(case_id="2019-005", petitioner="钱七", legal_basis=None)
    ledger = read_ledger(helpers.write_ledger(tmp_path / "台账.xlsx", [GOOD, BAD, OPEN, FIXED, unfounded]))
    reviews = review(ledger, TODAY, dossier_dir=root)
    write_all(ledger, reviews, tmp_path / "out", TODAY)
    book = openpyxl.load_workbook(tmp_path / "out" / "审核汇总.xlsx")
    rows = list(book["审核汇总"].iter_rows(values_only=True))
    heads = rows[0]
    column = {h: i for i, h in enumerate(heads)}
    assert heads[11] == "卷宗签字件"  # right after the seven points
    by_case = {r[0]: r for r in rows[1:]}
    good, bad = by_case["2019-001"], by_case["2019-002"]
    assert good[column["文书格式是否规范"]] == MANUAL
    assert good[column["卷宗签字件"]].startswith("缺 ") and good[column["不符合项数"]] == 0
    assert good[column["核对结论"]] == "卷宗不齐全"
    assert good[column["审核结论"]] == "通过" and good[column["复核提示"]] is None  # the 卷宗 column says it
    assert bad[column["核对结论"]] == f"不符合 {bad[column['不符合项数']]} 项"
    assert bad[column["复核提示"]] is None  # 需整改 agrees with what the checks found
    # reviewed 通过 with no 法规政策依据 in the ledger: the disagreement is said
    assert by_case["2019-005"][column["核对结论"]] == "不符合 1 项"
    assert by_case["2019-005"][column["复核提示"]] == "审核结论为“通过”，但有 1 项不符合，请复核"
    for row in rows[1:]:  # no row says 通过 beside a 不符合 without saying so
        if row[column["审核结论"]] == "通过" and FAIL in row[4:11]:
            assert row[column["复核提示"]]
        assert (row[column["核对结论"]].startswith("不符合")) == (FAIL in row[4:11])
    detail = [r for r in book["审核明细"].iter_rows(min_row=2, values_only=True) if r[2] == "卷宗签字件"]
    assert [r[0] for r in detail] == ["2019-001", "2019-002", "2019-004", "2019-005"]
    # counts are centred: right-aligned against the left-aligned 核对结论 beside them (no borders), a
    # 需人工核对项数 of 4 printed as “4卷宗不齐全”; the same for the 审核明细's 序号 before its 审核要点
    counts = [c for name in ("审核汇总", "审核明细") for r in book[name].iter_rows(min_row=2) for c in r
              if type(c.value) is int]
    assert len(counts) > 10 and {c.alignment.horizontal for c in counts} == {"center"}
    assert "受理告知书只有未签字草稿" in detail[0][5]
    notice = "\n".join(p.text for p in docx.Document(tmp_path / "out" / "2019-002-李四-整改意见书.docx").paragraphs)
    assert "关于卷宗：受理告知书只有未签字草稿" in notice
    assert by_case["2019-004"][column["卷宗签字件"]] == "无卷宗文件夹"
    form = "\n".join(p.text for p in docx.Document(tmp_path / "out" / "2019-001-张三-审核表.docx").paragraphs)
    assert "卷宗签字件：缺 " in form and "受理告知书只有未签字草稿" in form


def test_open_rectifications(ledger_path):
    items = open_rectifications(read_ledger(ledger_path), TODAY)
    assert [i[header("case_id")] for i in items] == ["2019-002"]  # 2019-004 is rectified
    item = items[0]
    assert item[header("unit")] == "村镇股" and item[header("reviewer")] == "周敏"
    assert item[header("review_opinion")].startswith("送达回证未签字")
    assert item[SINCE_KEY] == D(2019, 12, 5) and item[DAYS_OPEN_KEY] == 15


# ---------------------------------------------------------------------------
# the command and the documents it writes


@pytest.fixture(scope="module")
def written(ledger_path, tmp_path_factory):
    out = tmp_path_factory.mktemp("审核输出")
    result = CliRunner().invoke(cli, ["review", str(ledger_path), "-o", str(out), "--today", TODAY.isoformat()])
    assert result.exit_code == 0, result.output
    return out, result.output


def test_cli_writes_forms_and_summary(written):
    out, output = written
    names = sorted(p.name for p in out.iterdir())
    assert names == ["2019-001-张三-审核表.docx", "2019-002-李四-审核表.docx", "2019-002-李四-整改意见书.docx",
                     "2019-004-孙八-审核表.docx", "2019-004-孙八-整改意见书.docx", "审核汇总.xlsx"]
    assert "已审核 3 件" in output


def test_review_form_reads_back(written):
    out, _ = written
    document = docx.Document(out / "2019-002-李四-审核表.docx")
    section = document.sections[0]
    assert round(section.page_width.mm) == 210 and round(section.top_margin.mm) == 37
    assert round(section.left_margin.mm) == 28 and round(section.right_margin.mm) == 26
    assert document.paragraphs[0].text == "信访事项办理审核表"
    title_style = document.paragraphs[0].style
    east_asia = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia"
    assert title_style.font.size.pt == 22 and title_style.element.rPr.rFonts.get(east_asia) == "方正小标宋简体"
    normal = document.styles["Normal"]
    assert normal.font.size.pt == 16 and normal.element.rPr.rFonts.get(east_asia) == "仿宋_GB2312"
    info, points = document.tables
    assert info.cell(0, 1).text == "2019-002" and info.cell(0, 3).text == "李四"
    header_row = [c.text for c in points.rows[0].cells]
    assert header_row == ["序号", "审核要点", "台账及卷宗核对情况", "核对结果", REVIEWER_COLUMN]
    body = points.rows[1:]
    assert [r.cells[1].text for r in body] == list(POINTS)
    assert [r.cells[3].text for r in body] == [PASS, FAIL, FAIL, MANUAL, MANUAL, FAIL, FAIL]
    assert all(r.cells[3].text in MARKS for r in body)
    assert all(r.cells[4].text == "" for r in body)  # the reviewer's judgement is left blank
    text = "\n".join(p.text for p in document.paragraphs)
    assert "审核结论：□ 通过    □ 需整改" in text
    signature = next(p.text for p in document.paragraphs if p.text.startswith("审核人（签字）"))
    assert signature.replace(" ", "") == "审核人（签字）：审核日期：年月日"  # blanks, no name or date filled in


def test_rectification_notice(written):
    out, _ = written
    document = docx.Document(out / "2019-002-李四-整改意见书.docx")
    text = "\n".join(p.text for p in document.paragraphs)
    assert document.paragraphs[0].text == "信访事项整改意见书"
    assert text.splitlines()[2] == "村镇股："
    for point in ("文书格式是否规范", "送达是否及时", "法律法规政策依据是否充分", "处理意见是否明确并落实到位"):
        assert f"关于“{point}”" in text
    assert "办理程序是否正确" not in text  # passed points are not listed
    assert "审核意见：送达回证未签字，依据未写明，请补正后重新报送。" in text
    assert not (out / "2019-001-张三-整改意见书.docx").exists()


def test_summary_workbook(written):
    out, _ = written
    book = openpyxl.load_workbook(out / "审核汇总.xlsx")
    assert book.sheetnames == ["审核汇总", "审核明细", "整改跟踪"]
    summary = list(book["审核汇总"].iter_rows(values_only=True))
    assert list(summary[0][4:11]) == list(POINTS)
    assert summary[2][:2] == ("2019-002", "李四") and summary[2][summary[0].index("不符合项数")] == 4
    assert summary[1][summary[0].index("卷宗签字件")] == "未核对"  # no --dossier
    detail = list(book["审核明细"].iter_rows(min_row=2, values_only=True))
    assert len(detail) == 3 * 7
    tracking = list(book["整改跟踪"].iter_rows(min_row=2, values_only=True))
    assert [(r[0], r[-1]) for r in tracking] == [("2019-002", 15)]


def test_cli_refuses_to_overwrite_and_bad_input(ledger_path, written, tmp_path):
    out, _ = written
    before = (out / "审核汇总.xlsx").stat().st_mtime_ns
    runner = CliRunner()
    again = runner.invoke(cli, ["review", str(ledger_path), "-o", str(out), "--today", TODAY.isoformat()])
    assert again.exit_code == 2 and "已存在" in again.output and "--force" in again.output
    assert (out / "审核汇总.xlsx").stat().st_mtime_ns == before
    unknown = runner.invoke(cli, ["review", str(ledger_path), "--case", "2099-999", "-o", str(tmp_path / "x")])
    assert unknown.exit_code == 2 and "2099-999" in unknown.output
    missing = runner.invoke(cli, ["review", str(tmp_path / "无.xlsx"), "-o", str(tmp_path / "y")])
    assert missing.exit_code == 2 and "Traceback" not in missing.output
    forced = runner.invoke(cli, ["review", str(ledger_path), "-o", str(out), "--force", "--json", "--case", "2019-003"])
    assert forced.exit_code == 0, forced.output
    data = json.loads(forced.output)
    assert [c["case_id"] for c in data["cases"]] == ["2019-003"]
    assert (out / "2019-003-王五-审核表.docx").exists()


@pytest.mark.libreoffice
def test_review_form_renders_in_libreoffice(written, tmp_path):
    """A real client opens it: the form keeps its seven rows and the signature line, on at most two pages."""
    import subprocess

    out, _ = written
    if not (shutil.which("pdfinfo") and shutil.which("pdftotext")):
        if os.environ.get("CI"):
            pytest.fail("CI 环境必须安装 poppler-utils（pdfinfo、pdftotext）")
        pytest.skip("poppler-utils is not installed")
    pdf = helpers.convert(out / "2019-002-李四-审核表.docx", "pdf", tmp_path)
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    assert pages <= 2
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    compact = "".join(text.split())
    assert "信访事项办理审核表" in compact and "审核人（签字）" in compact
    for point in POINTS:
        assert point[:4] in compact



@pytest.mark.libreoffice
def test_the_review_form_prints_its_column_headers_whole(written, tmp_path):
    """The 审核表 printed its headers 序号 as 序 over 号 and 审核人意见 as 审核人意 over 见: their columns were
    narrower than the words at 小四. Each header now prints on one line."""
    import subprocess

    out, _ = written
    pdf = helpers.convert(out / "2019-002-李四-审核表.docx", "pdf", tmp_path)
    lines = [line.replace(" ", "") for line in subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout.splitlines()]
    assert any(line.startswith("序号审核要点") and line.endswith(REVIEWER_COLUMN) for line in lines), lines


def test_printed_review_names_no_command_line_option(written):
    """A clerk who reviewed by the button saw “未指定卷宗文件夹（--dossier）” on the 审核表 she signs and in the
    审核汇总: an option of the command line, not words of the office."""
    out, _ = written
    texts = []
    for path in out.glob("*.docx"):
        document = docx.Document(path)
        texts += [p.text for p in document.paragraphs]
        texts += [c.text for t in document.tables for r in t.rows for c in r.cells]
    book = openpyxl.load_workbook(out / "审核汇总.xlsx")
    texts += [str(v) for sheet in book for row in sheet.iter_rows(values_only=True) for v in row if v]
    assert any("需查看卷宗" in t for t in texts)
    assert not [t for t in texts if "--" in t or "dossier" in t]


def test_no_open_rectification_says_so_on_its_sheet(tmp_path):
    """The clerk's 审核汇总 printed its last page as the 整改跟踪 header over nothing, as if left blank by mistake."""
    ledger = helpers.write_ledger(tmp_path / "台账.xlsx", [GOOD])
    out = tmp_path / "审核"
    result = CliRunner().invoke(cli, ["review", str(ledger), "-o", str(out), "--today", TODAY.isoformat()])
    assert result.exit_code == 0, result.output
    tracking = list(openpyxl.load_workbook(out / "审核汇总.xlsx")["整改跟踪"].iter_rows(min_row=2, values_only=True))
    assert [row[0] for row in tracking] == ["截至统计日，没有审核需整改、尚未整改完成的案件。"]
