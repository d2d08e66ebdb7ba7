"""Issue 10's documents: decision notices, extension approver, rebound reports, blank evaluation, rights kept,
receipts with 签收日期 and 留置送达, GB/T 9704 layout (落款 never alone, odd/even page numbers, short 署名 centred)."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from pathlib import Path

import docx
import helpers
import pytest

from xlkit.documents import generate as documents
from xlkit.read.ledger import read_ledger

D = dt.date
TODAY = D(2024, 6, 30)

BASE = dict(registrar="李登记", form="来访", petition_type="求决类", township="新宁镇", category="生活垃圾",
            address="开江县新宁镇东街1号", assigner="王交办", unit="环卫股", handler="赵承办")
#: 不予受理, campaign period, petitioned to the office directly; the reason ends with its own 。
REFUSED = dict(BASE, case_id="2019-101", registered_on=D(2019, 9, 16), source="本办受理", petitioner="周一",
               demand="反映门前排水沟堵塞。", acceptance_decision="不予受理", accepted_on=D(2019, 9, 20),
               acceptance_ref="开城治信受〔2019〕21号", acceptance_served_on=D(2019, 9, 23),
               decision_reason="该事项已经通过行政复议途径解决。", competent_body="开江县人民政府行政复议机构")
#: 转送其他机关 under the 2022 regulation, of a matter petitioned directly (art. 23(1): 转送…并告知信访人转送去向; one
#: sent to the office goes back to the body that sent it instead, art. 23(3), tests/test_legal_recheck.py)
REFERRED = dict(BASE, case_id="2023-001", registered_on=D(2023, 1, 6), source="本办受理", petitioner="吴二",
                demand="要求拆除邻居违建", acceptance_decision="转送其他机关", accepted_on=D(2023, 1, 10),
                acceptance_ref="开城治信受〔2023〕2号", competent_body="开江县住房和城乡建设局")
REFUSED_NO_REASON = dict(BASE, case_id="2023-002", registered_on=D(2023, 2, 1), petitioner="郑三",
                         acceptance_decision="不予受理", competent_body="开江县人民法院")
#: an extension nobody approved (2005 art. 33 / 2022 art. 34 require the 负责人's approval)
UNAPPROVED = dict(BASE, case_id="2019-102", registered_on=D(2019, 9, 3), petitioner="王四", assigned_on=D(2019, 9, 5),
                  accepted_on=D(2019, 9, 20), extended="是", extension_days=15, extension_notice_on=D(2019, 11, 10),
                  extension_reason="需会同乡镇现场核查。")
#: settled, then rebounded: 办理情况报告, never 结案报告
REBOUND = dict(BASE, case_id="2020-005", registered_on=D(2020, 3, 2), source="县纪委", petitioner="冯五",
               demand="要求清运垃圾。", assigned_on=D(2020, 3, 3), accepted_on=D(2020, 3, 5),
               opinion_on=D(2020, 4, 20), opinion_ref="开城治信处〔2020〕9号", opinion_served_on=D(2020, 4, 21),
               settled="是", settled_on=D(2020, 4, 25), rebounded="是", rebounded_on=D(2020, 6, 1),
               unsettled_analysis="清运后又有新堆放，信访人认为整治不彻底", next_steps="每周巡查并设置固定垃圾桶",
               closed_on=D(2020, 6, 20), upper_ref="开纪信转〔2020〕3号")
#: accepted under 2005, opinion after 2022-05-01, post-campaign: 2022 arts. 35/36, signers from 设置
LATE_OPINION = dict(BASE, case_id="2022-010", registered_on=D(2022, 3, 1), source="本办受理", petitioner="陈六",
                    demand="要求修复村道边沟", assigned_on=D(2022, 3, 2), accepted_on=D(2022, 3, 10),
                    acceptance_ref="开城治信受〔2022〕5号", extended="是", extension_days=30,
                    extension_notice_on=D(2022, 4, 20), extension_reason="需委托第三方检测", extension_approver="刘主任",
                    opinion_on=D(2022, 6, 1), opinion_ref="开城治信处〔2022〕3号", opinion_served_on=D(2022, 6, 2),
                    service_method="直接送达", receipt_signed="是", satisfaction="满意", evaluated_on=D(2022, 6, 2),
                    settled="是", settled_on=D(2022, 6, 5), rebounded="否", closed_on=D(2022, 6, 10))
ROWS = [REFUSED, REFERRED, REFUSED_NO_REASON, UNAPPROVED, REBOUND, LATE_OPINION]


def text_of(path: Path) -> str:
    document = docx.Document(str(path))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    path = helpers.write_ledger(tmp_path_factory.mktemp("ledger") / "台账.xlsx", ROWS)
    return documents.generate(read_ledger(path), tmp_path_factory.mktemp("docs") / "文书", today=TODAY)


def made(run, case) -> dict[str, Path]:
    return {i.kind.key: i.path for i in run.made if i.case_id == case["case_id"]}


def skipped(run, case) -> dict[str, str]:
    return {i.kind.key: i.reason for i in run.skipped if i.case_id == case["case_id"]}


# ---------------------------------------------------------------------------
# Item 3: the decision notices


def test_refusal_notice_gives_the_reason_the_body_and_the_2005_articles(run):
    files = made(run, REFUSED)
    assert {"refusal", "refusal_receipt"} <= set(files)
    assert not {"acceptance", "acceptance_receipt", "referral", "opinion"} & set(files)
    assert files["refusal"].name == "03-不予受理告知书.docx"
    text = text_of(files["refusal"])
    assert "开城治信受〔2019〕21号" in text and "周一：" in text
    assert "经审查，该事项已经通过行政复议途径解决。根据" in text  # the reason's own 。 is not doubled
    # a matter already taken through 行政复议: the legal-route provisions (art. 14(2) and 21(1)(一)), not art. 22(1)
    assert "2005年《信访条例》第十四条第二款、第二十一条第一款第（一）项的规定，本机关决定不予受理" in text
    assert "向开江县人民政府行政复议机构提出" in text
    assert "反映的“门前排水沟堵塞”信访事项" in text  # no “反映的“反映……。”的”
    assert "2019年9月20日" in text  # the decision's date signs it
    receipt = text_of(files["refusal_receipt"])
    assert "《不予受理告知书》（开城治信受〔2019〕21号）" in receipt and "2019年9月23日" in receipt


def test_referral_notice_names_where_it_was_sent_under_2022_art_23(run):
    files = made(run, REFERRED)
    assert {"referral", "referral_receipt"} <= set(files) and "refusal" not in files
    text = text_of(files["referral"])
    assert "2022年《信访工作条例》第二十三条第一款的规定，本机关已于2023年1月10日将该信访事项转送开江县住房和城乡建设局" in text
    assert "不予受理" not in text
    assert "《转送告知书》（开城治信受〔2023〕2号）" in text_of(files["referral_receipt"])


def test_refusal_without_reason_is_not_made_and_says_what_is_missing(run):
    reasons = skipped(run, REFUSED_NO_REASON)
    assert reasons["refusal"] == "缺少字段：不予受理理由"
    assert reasons["acceptance"] == "受理结论为“不予受理”，不出此文书"


def test_index_lists_the_decision_notice_with_the_offices_own_number(run):
    document = docx.Document(str(made(run, REFUSED)["index"]))
    rows = [[c.text for c in row.cells] for row in document.tables[0].rows][1:]
    assert [r[3] for r in rows] == ["不予受理告知书", "送达回证（不予受理告知书）"]
    assert rows[0][1] == "开城治信受〔2019〕21号"


# ---------------------------------------------------------------------------
# Item 6: no 延期办理告知书 without the approver


def test_extension_notice_needs_its_approver(run):
    reasons = skipped(run, UNAPPROVED)
    for key in ("extension", "extension_receipt"):
        assert reasons[key] == ("延期须经本机关负责人批准（2005年《信访条例》第三十三条），延期批准人为空：请先在台账填写批准人")
    text = text_of(made(run, LATE_OPINION)["extension"])
    assert "经本机关负责人刘主任批准" in text and "因需委托第三方检测，经" in text


def test_extension_reason_with_its_own_full_stop_is_not_doubled(tmp_path):
    case = dict(UNAPPROVED, extension_approver="刘主任")
    path = helpers.write_ledger(tmp_path / "台账.xlsx", [case])
    run = documents.generate(read_ledger(path), tmp_path / "out", kinds=["延期办理告知书"], today=TODAY)
    text = text_of(made(run, case)["extension"])
    assert "因需会同乡镇现场核查，经本机关负责人刘主任批准" in text and "。，" not in text


# ---------------------------------------------------------------------------
# Item 7: 复查/复核 by the opinion's date; post-campaign signers from 设置


def test_opinion_after_may_2022_cites_2022_arts_35_36_though_accepted_before(run):
    files = made(run, LATE_OPINION)
    opinion = text_of(files["opinion"])
    assert "根据2022年《信访工作条例》第三十五条、第三十六条的规定" in opinion
    assert "2005年《信访条例》第三十四条" not in opinion
    # the handling period still follows the acceptance date (2005 art. 33)
    assert "2005年《信访条例》第三十三条" in text_of(files["extension"])


def test_post_campaign_documents_are_signed_by_the_standing_body(run):
    late = made(run, LATE_OPINION)
    assignment = text_of(late["assignment"])
    assert "交办机构\n综合股" in assignment and "领导小组办公室" not in assignment
    assert text_of(late["closing_report"]).split("\n")[1] == "综合股："
    campaign = text_of(made(run, REBOUND)["assignment"])
    assert "三年攻坚行动领导小组办公室" in campaign


# ---------------------------------------------------------------------------
# Items 12–15


def test_rebounded_case_gets_the_progress_report_with_date_analysis_and_steps(run):
    files = made(run, REBOUND)
    assert "progress_report" in files and "closing_report" not in files
    assert skipped(run, REBOUND)["closing_report"] == "息访后反弹（是否反弹为“是”），应出办理情况报告"
    text = text_of(files["progress_report"])
    assert "于2020年6月1日再次信访，该信访事项反弹" in text
    assert "清运后又有新堆放，信访人认为整治不彻底" in text and "每周巡查并设置固定垃圾桶" in text
    assert "诉求为：要求清运垃圾。" in text and "。。" not in text
    assert "settlement" in files  # the settlement it signed before stays in the dossier


def test_satisfaction_form_is_printed_blank(run):
    text = text_of(made(run, LATE_OPINION)["satisfaction"])  # the ledger says 满意
    assert "☐ 满意　　☐ 基本满意　　☐ 不满意" in text and "☑" not in text


def test_settlement_keeps_the_review_rights_and_waives_nothing(run):
    for case, citation in ((REBOUND, "2005年《信访条例》第三十四条、第三十五条"),
                           (LATE_OPINION, "2022年《信访工作条例》第三十五条、第三十六条")):
        text = text_of(made(run, case)["settlement"])
        assert f"签署本书不影响本人依照{citation}的规定" in text
        assert "请求复查" in text and "请求复核的权利" in text
        assert "不再" not in text and "重复信访" not in text


def test_receipt_has_signing_date_and_room_for_a_refusal(run):
    document = docx.Document(str(made(run, LATE_OPINION)["opinion_receipt"]))
    rows = [[c.text for c in row.cells] for row in document.tables[0].rows]
    signing = next(r for r in rows if r[0] == "受送达人\n签名")
    assert signing[2] == "签收日期" and signing[3] == "　　年　　月　　日"
    refusal = next(r for r in rows if r[0] == "留置送达")
    assert "拒收事由" in refusal[1] and "见证人（签名）" in refusal[1]
    assert any(r[0] == "送达日期" or r[2] == "送达日期" for r in rows)


# ---------------------------------------------------------------------------
# Item 16: layout (page numbers, signature) in the file itself


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def test_page_numbers_odd_right_even_left(run):
    document = docx.Document(str(made(run, LATE_OPINION)["opinion"]))
    assert document.settings.odd_and_even_pages_header_footer
    section = document.sections[0]
    odd, even = section.footer.paragraphs[0], section.even_page_footer.paragraphs[0]
    assert odd.alignment == docx.enum.text.WD_ALIGN_PARAGRAPH.RIGHT and "PAGE" in odd._p.xml
    assert even.alignment == docx.enum.text.WD_ALIGN_PARAGRAPH.LEFT and "PAGE" in even._p.xml


def test_index_does_not_give_the_higher_bodys_number_to_the_assignment_form(run):
    document = docx.Document(str(made(run, REBOUND)["index"]))
    rows = [[c.text for c in row.cells] for row in document.tables[0].rows][1:]
    assignment = next(r for r in rows if r[3] == "交办单")
    assert assignment[1] == ""  # 开纪信转〔2020〕3号 numbers the 县纪委's letter, not this form
    assert next(r for r in rows if r[3] == "信访事项处理意见书")[1] == "开城治信处〔2020〕9号"


# ---------------------------------------------------------------------------
# Real client: LibreOffice lays the documents out; pdftotext -bbox reads where every word landed

_PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', re.S)
_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>')


def pages_of(pdf: Path) -> list[tuple[float, list[tuple[float, float, float, float, str]]]]:
    """Per page: its width and its words as (x0, y0, x1, y1, text)."""
    html = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return [(float(w), [(float(a), float(b), float(c), float(d), t) for a, b, c, d, t in _WORD.findall(body)])
            for w, _, body in _PAGE.findall(html)]


def overlaps(words) -> list[tuple[str, str]]:
    """Pairs of words whose boxes intersect (more than a rounding error)."""
    found = []
    for i, (a0, b0, a1, b1, s) in enumerate(words):
        for c0, d0, c1, d1, t in words[i + 1:]:
            if min(a1, c1) - max(a0, c0) > 1.0 and min(b1, d1) - max(b0, d0) > 1.0:
                found.append((s, t))
    return found


def line_text(words, y0: float, y1: float) -> str:
    return "".join(w[4] for w in words if w[1] >= y0 - 1 and w[3] <= y1 + 1)


FOOTER_TOP = 842 - 90  # pt: below this on an A4 page is the footer (page numbers)


SWEEP = 28  # × 11 characters ≈ 0.8 line each: 22 lines, a whole page


@pytest.fixture(scope="module")
def pdfs(run, tmp_path_factory):
    """Every new or changed document of the module's cases, plus opinions whose end sweeps over a page break."""
    from xlkit.documents.pdf import convert_pdf

    helpers.need_soffice()
    keys = {REFUSED["case_id"]: ("refusal", "refusal_receipt", "index"), REFERRED["case_id"]: ("referral",),
            REBOUND["case_id"]: ("progress_report", "settlement", "assignment", "opinion_receipt"),
            LATE_OPINION["case_id"]: ("opinion", "closing_report", "satisfaction", "assignment", "extension")}
    paths = {(i.case_id, i.kind.key): i.path for i in run.made if i.kind.key in keys.get(i.case_id, ())}
    # opinions 0.8 line longer each, over a whole page: one of them would leave its 落款 alone on the last page
    sweep_dir = tmp_path_factory.mktemp("sweep")
    cases = [dict(LATE_OPINION, case_id=f"2022-S{n:02d}", investigation="经现场核查，情况属实。" * (30 + 2 * n))
             for n in range(SWEEP)]
    ledger = read_ledger(helpers.write_ledger(sweep_dir / "台账.xlsx", cases))
    sweep = documents.generate(ledger, sweep_dir / "out", kinds=["信访事项处理意见书"], today=TODAY)
    paths.update({(i.case_id, i.kind.key): i.path for i in sweep.made})
    # 交办单 whose 诉求内容 pushes the table's end over the page, in steps of about a line of the table
    forms = [dict(REBOUND, case_id=f"2020-A{n:02d}", demand="门前垃圾堆积，长期无人清运。" * (22 + 2 * n))
             for n in range(8)]
    ledger = read_ledger(helpers.write_ledger(sweep_dir / "交办.xlsx", forms))
    sweep = documents.generate(ledger, sweep_dir / "forms", kinds=["交办单"], today=TODAY)
    paths.update({(i.case_id, i.kind.key): i.path for i in sweep.made})
    convert_pdf(list(paths.values()))
    return {key: path.with_suffix(".pdf") for key, path in paths.items()}


@pytest.mark.libreoffice
def test_nothing_overlaps_in_any_new_document(pdfs):
    for key, pdf in pdfs.items():
        for page, (_, words) in enumerate(pages_of(pdf), 1):
            assert not overlaps(words), (key, page, overlaps(words)[:3])


@pytest.mark.libreoffice
def test_the_signature_never_stands_alone_on_a_page(pdfs):
    checked = 0
    for (case_id, key), pdf in pdfs.items():
        if key not in ("opinion", "closing_report", "progress_report", "refusal", "referral", "extension",
                       "settlement"):
            continue
        pages = pages_of(pdf)
        _, words = pages[-1]
        body = [w for w in words if w[1] < FOOTER_TOP]
        # the 落款 is the last two lines: 署名 and 成文日期; the page must hold text above them
        lines = sorted({round(w[1]) for w in body})
        assert len(lines) > 2, (case_id, key, "落款单独成页")
        checked += 1 if len(pages) > 1 else 0
    assert checked >= SWEEP  # the sweep did reach a second page


@pytest.mark.libreoffice
def test_page_numbers_sit_right_on_odd_and_left_on_even_pages(pdfs):
    seen = set()
    for pdf in pdfs.values():
        for number, (width, words) in enumerate(pages_of(pdf), 1):
            marks = [w for w in words if w[4] == str(number) and w[1] > FOOTER_TOP]
            if not marks:
                continue
            x = (marks[0][0] + marks[0][2]) / 2
            assert (x > width * 0.75) if number % 2 else (x < width * 0.25), (pdf, number, x)
            seen.add(number % 2)
    assert seen == {0, 1}


@pytest.mark.libreoffice
def test_short_signature_is_centred_over_the_date(pdfs):
    _, words = pages_of(pdfs[(REBOUND["case_id"], "progress_report")])[-1]
    unit = next(w for w in words if w[4] == "环卫股")
    date_words = [w for w in words if w[1] > unit[3] and w[1] < unit[3] + 40]
    centre = lambda ws: (min(w[0] for w in ws) + max(w[2] for w in ws)) / 2  # noqa: E731
    assert abs(centre([unit]) - centre(date_words)) < 4, (unit, date_words)
    assert "".join(w[4] for w in date_words) == "2020年6月20日"


@pytest.mark.libreoffice
def test_assignment_form_keeps_its_issuing_body_with_the_assignment_rows(pdfs):
    spilled = 0
    for (case_id, key), pdf in pdfs.items():
        if key != "assignment":
            continue
        pages = pages_of(pdf)
        last = "".join(w[4] for w in pages[-1][1] if w[1] < FOOTER_TOP)
        assert "交办机构" in last and "交办人" in last and "审核要求" in last, (case_id, last[:40])
        spilled += len(pages) > 1
    assert spilled >= 4  # the long ones did run over a page


# ---------------------------------------------------------------------------
# Item 3 (review) and item 16's 整改意见书: the 审核表 of a 不予受理 / 转送 case


@pytest.fixture(scope="module")
def reviewed(tmp_path_factory):
    from xlkit.review.assess import review, write_all

    # 不予受理 served late: registered 2023-02-01 (not a campaign case: 15 days) → due 2023-02-16 (Thursday)
    late = dict(REFUSED_NO_REASON, registrar="李登记", source="本办受理", accepted_on=D(2023, 2, 10),
                acceptance_ref="开城治信受〔2023〕9号", acceptance_served_on=D(2023, 2, 20),
                review_conclusion="需整改", reviewer="孙审核")
    clean = dict(REFERRED, registrar="李登记", acceptance_served_on=D(2023, 1, 12), review_conclusion="需整改",
                 reviewer="孙审核", review_opinion="请补充转送函的回执。")
    path = helpers.write_ledger(tmp_path_factory.mktemp("review") / "台账.xlsx", [late, clean, LATE_OPINION])
    ledger = read_ledger(path)
    reviews = {r.case_id: r for r in review(ledger, TODAY)}
    out = tmp_path_factory.mktemp("审核")
    write_all(ledger, list(reviews.values()), out, TODAY)
    return reviews, out


def test_decision_cases_are_reviewed_on_their_own_points(reviewed):
    from xlkit.review.assess import DECISION_POINTS, FAIL, PASS

    reviews, _ = reviewed
    assert set(reviews) == {"2023-002", "2023-001", "2022-010"}
    late = {p.title: p for p in reviews["2023-002"].points}
    assert list(late) == list(DECISION_POINTS)
    reason = late["不予受理（转送）理由及去向是否说明"]
    assert reason.mark == FAIL and any("未填不予受理理由" in x for x in reason.problems)
    procedure = late["办理程序是否正确"]
    assert "依据：2022年《信访工作条例》第二十三条第一款" in procedure.facts
    referred = {p.title: p for p in reviews["2023-001"].points}
    assert referred["办理程序是否正确"].mark == PASS
    assert referred["不予受理（转送）理由及去向是否说明"].facts[1] == "有权处理机关：开江县住房和城乡建设局"


def test_decision_procedure_takes_the_checks_findings(tmp_path):
    """A 不予受理 case's 办理程序 states what check finds (C160 date order, C101 registration fields), in check's
    words: the review no longer compares the dates itself."""
    from xlkit.check.run import run_check
    from xlkit.review.assess import FAIL, review

    early = dict(REFUSED, registrar=None, accepted_on=D(2019, 9, 10))  # decided before it was registered
    ledger = read_ledger(helpers.write_ledger(tmp_path / "台账.xlsx", [early]))
    [procedure] = [p for p in review(ledger, TODAY)[0].points if p.title == "办理程序是否正确"]
    [order] = [f for f in run_check(ledger, TODAY) if f.code == "C160"]
    assert procedure.mark == FAIL
    assert procedure.problems == ["未填登记人", order.message.rstrip("。")]
    assert "“受理日期”2019年9月10日早于“登记日期”2019年9月16日" in procedure.problems[1]


def test_decision_notice_served_in_time_is_judged_when_the_stage_is_tracked(reviewed):
    """The notice stage of a 不予受理 case comes from deadlines (the law engineer's stage); until it
    has a due date the point asks for a person, never passes silently."""
    from xlkit.review.assess import FAIL, MANUAL

    reviews, _ = reviewed
    served = {p.title: p for p in reviews["2023-002"].points}["告知书是否按期送达"]
    assert "不予受理告知书送达：2023年2月20日" in served.facts
    if any(f.startswith("期限") for f in served.facts):
        assert served.mark == FAIL and "期限 2023年2月16日" in served.facts[1]
    else:
        assert served.mark == MANUAL


def test_review_forms_of_decision_and_post_campaign_cases(reviewed):
    _, out = reviewed
    form = docx.Document(str(out / "2023-002-郑三-审核表.docx"))
    texts = [p.text for p in form.paragraphs]
    assert "审核单位：开江县城乡环境综合治理办公室" in texts  # the 单位's full name (设置 单位名称), not a 股室
    rows = [[c.text for c in r.cells] for r in form.tables[1].rows][1:]
    assert [r[1] for r in rows] == ["办理程序是否正确", "告知书是否按期送达", "不予受理（转送）理由及去向是否说明",
                                    "文书格式是否规范"]
    # a 需整改 case whose ledger shows nothing wrong: the notice never says both things
    clean = "\n".join(p.text for p in docx.Document(str(out / "2023-001-吴二-整改意见书.docx")).paragraphs)
    assert "未发现不符合项" in clean and "存在问题" not in clean
    assert "报送综合股" in clean and "领导小组办公室" not in clean
    failing = "\n".join(p.text for p in docx.Document(str(out / "2023-002-郑三-整改意见书.docx")).paragraphs)
    assert "存在问题" in failing and "未发现不符合项" not in failing
    assert "。。" not in failing and "；。" not in failing


def test_guide_sheet_states_the_document_rules(tmp_path):
    import openpyxl

    from xlkit.documents.catalog import DOCUMENT_RULES
    from xlkit.template.builder import write_template

    guide = openpyxl.load_workbook(write_template(tmp_path / "模板.xlsx"))["说明"]
    text = {str(c.value) for row in guide.iter_rows() for c in row if c.value is not None}
    assert any(t.startswith("七、文书规则") for t in text)
    for number, rule in enumerate(DOCUMENT_RULES, start=1):
        assert f"{number}. {rule}" in text


@pytest.mark.libreoffice
def test_rectification_notice_centres_its_short_signature_over_the_date(reviewed, tmp_path):
    from xlkit.documents.pdf import convert_pdf
    from xlkit.output.gbt9704 import SIGNATURE_AXIS_PT

    helpers.need_soffice()
    _, out = reviewed
    source = tmp_path / "整改意见书.docx"
    source.write_bytes((out / "2023-002-郑三-整改意见书.docx").read_bytes())
    (pdf,) = convert_pdf([source])
    _, words = pages_of(pdf)[0]
    body = next(w for w in words if w[4] == "开江县城乡环境综合治理办公室" and w[0] > 200)  # 署名: 设置 单位名称
    date_line = [w for w in words if body[3] < w[1] < body[3] + 30]
    assert "".join(w[4] for w in date_line) == "年月日"  # blanks to fill: the spaces print nothing to measure
    # both lines are centred on one axis; the 署名 on it, the date's end short of the right margin
    axis = 28 * 72 / 25.4 + SIGNATURE_AXIS_PT
    assert abs((body[0] + body[2]) / 2 - axis) < 3
    assert axis < max(w[2] for w in date_line) < (210 - 26) * 72 / 25.4 - 16
    assert not overlaps(words)
