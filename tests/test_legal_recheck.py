"""The county 法制审核's second re-check (2026-12-02): each case a ledger row, the article quoted, what xlkit must say.

Cases of the earlier rounds live in test_legal_review.py, test_law_rules.py and test_lawdocs.py.
"""

from __future__ import annotations

import datetime as dt

import helpers
import pytest

from xlkit.deadlines import engine as dl
from xlkit.documents import generate as documents
from xlkit.read.ledger import read_ledger
from xlkit.schema import header

D = dt.date
TODAY = D(2026, 12, 1)


def case(case_id: str, **fields):
    return {"case_id": case_id, "petitioner": "张三", "source": "本办受理", "address": "新宁镇XX村", "unit": "市容股",
            "handler": "李四", "assigner": "王五", **fields}


text_of = helpers.docx_text


ASSIGNED = [
    # 2022 art. 29(1): a 建议意见类 matter is “认真研究论证……并予以回复” — no 60 days, no extension (art. 34 is for
    # 31(六) only); the 交办单 is made before acceptance, from receipt on 2023-03-01
    (case("J01", registered_on=D(2023, 3, 1), assigned_on=D(2023, 3, 2), petition_type="建议意见类"),
     "2022年《信访工作条例》第二十九条第一款", False),
    (case("J02", registered_on=D(2023, 3, 1), assigned_on=D(2023, 3, 2), accepted_on=D(2023, 3, 3),
          acceptance_decision="受理", petition_type="检举控告类"), "2022年《信访工作条例》第三十条第一款", False),
    (case("J03", registered_on=D(2023, 3, 1), assigned_on=D(2023, 3, 2), petition_type="求决类"),
     "2022年《信访工作条例》第三十四条", True),
    # 2005 art. 33: every accepted matter has the 60 (+30) days
    (case("J04", registered_on=D(2019, 9, 2), assigned_on=D(2019, 9, 3), petition_type="建议意见类"),
     "2005年《信访条例》第三十三条", True),
]

# (a 行政复议 reason: the legal-route provisions, see test_legal_trial3.py)
# 不予受理 and 转送 are decisions made on 受理日期: the notice states the rule in force on that day (as the 受理告知书
# does for the handling period, and the 处理意见书 for 复查), though the 15 days ran from receipt under 2005
DECISIONS = [
    (case("K01", registered_on=D(2022, 4, 25), accepted_on=D(2022, 5, 6), acceptance_decision="不予受理",
          decision_reason="已经通过行政复议途径解决", competent_body="开江县人民法院"),
     "不予受理告知书", "2022年《信访工作条例》第三十一条第（四）项"),  # 行政复议: art. 31(四), not 28(2)
    (case("K02", registered_on=D(2022, 4, 20), accepted_on=D(2022, 4, 28), acceptance_decision="不予受理",
          decision_reason="已经通过行政复议途径解决", competent_body="开江县人民法院"),
     "不予受理告知书", "2005年《信访条例》第十四条第二款、第二十一条第一款第（一）项"),
    (case("K03", registered_on=D(2022, 4, 25), accepted_on=D(2022, 5, 6), acceptance_decision="转送其他机关",
          competent_body="开江县住房和城乡建设局"), "转送告知书", "2022年《信访工作条例》第二十三条第一款"),
]


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    rows = [c for c, *_ in ASSIGNED] + [c for c, *_ in DECISIONS]
    path = helpers.write_ledger(tmp_path_factory.mktemp("ledger") / "台账.xlsx", rows)
    ledger = read_ledger(path)
    made = documents.generate(ledger, tmp_path_factory.mktemp("docs") / "文书", today=TODAY,
                              kinds=["交办单", "不予受理告知书", "转送告知书"])
    return ledger, made


def _document(run, case_id: str, name: str) -> str:
    _, made = run
    return text_of(next(i.path for i in made.made if i.case_id == case_id and i.kind.name == name))


@pytest.mark.parametrize(("fields", "article", "has_period"), ASSIGNED, ids=[c["case_id"] for c, *_ in ASSIGNED])
def test_the_assignment_form_orders_only_the_period_the_law_sets(run, fields, article, has_period):
    text = _document(run, fields["case_id"], "交办单")
    assert article in text
    if has_period:
        assert "自受理之日起60日内调查核实完毕" in text and "最多延长30日" in text
    else:
        assert "60日" not in text and "延长" not in text
        assert "认真研究办理" in text


@pytest.mark.parametrize(("fields", "name", "citation"), DECISIONS, ids=[c["case_id"] for c, *_ in DECISIONS])
def test_a_decision_notice_cites_the_rule_in_force_when_it_is_made(run, fields, name, citation):
    assert f"根据{citation}的规定" in _document(run, fields["case_id"], name)
    ledger, _ = run
    row = int(ledger.frame.index[ledger.frame["case_id"] == fields["case_id"]][0])
    [notice] = dl.explain(ledger, row)
    assert f"（{citation}）" in notice.note


# -- a deadline finding names the article of the date it holds the case to --------------------------------
# the 校验 report is read against the law case by case: C401/C402 (超期) and C411/C412 (逾期完成) cite the row whose
# date stands — the law's 15 days where they bind a campaign case's 5 (plan §五(三) cannot extend 2005 art. 22(2))
FINDINGS = [
    # 登记 Mon 2019-09-02 + 15 = Tue 09-17; 交办 Wed 09-25 + 5 = Mon 09-30 is later: the law's date and article
    (case("P01", registered_on=D(2019, 9, 2), assigned_on=D(2019, 9, 25)), "C401", "2019年9月17日",
     "（依据：2005年《信访条例》第二十二条第二款）"),
    # 交办 Tue 2019-09-03 + 5 = Sun 09-08 → Mon 09-09, served Tue 09-10: late under the plan's row
    (case("P02", registered_on=D(2019, 9, 2), assigned_on=D(2019, 9, 3), acceptance_served_on=D(2019, 9, 10)),
     "C411", "2019年9月9日", "（依据：《三年攻坚行动实施方案》四(一)、五(三)）"),
    # 转送 to the office: 登记 Mon 2022-06-06 + 15 = Tue 06-21
    (case("P03", registered_on=D(2022, 6, 6), source="县信访局"), "C401", "2022年6月21日",
     "（依据：2022年《信访工作条例》第二十三条第三款）"),
    # 受理 Fri 2022-06-10 + 60 = Tue 08-09
    (case("P04", registered_on=D(2022, 6, 6), accepted_on=D(2022, 6, 10), acceptance_decision="受理",
          acceptance_served_on=D(2022, 6, 10)), "C402", "2022年8月9日", "（依据：2022年《信访工作条例》第三十四条）"),
    # 受理 Mon 2021-03-01 + 60 = Fri 04-30, opinion Thu 05-06
    (case("P05", registered_on=D(2021, 2, 26), accepted_on=D(2021, 3, 1), acceptance_decision="受理",
          acceptance_served_on=D(2021, 3, 2), opinion_on=D(2021, 5, 6)), "C412", "2021年4月30日",
     "（依据：2005年《信访条例》第三十三条）"),
]


def test_a_deadline_finding_cites_the_article_of_its_date(tmp_path):
    from xlkit.check.run import check_ledger

    ledger = read_ledger(helpers.write_ledger(tmp_path / "台账.xlsx", [c for c, *_ in FINDINGS]))
    found = {(f.case_id, f.code): f.message for f in check_ledger(ledger, TODAY).findings}
    for fields, code, due, citation in FINDINGS:
        message = found[(fields["case_id"], code)]
        assert due in message and message.endswith(f"{citation}。"), message


# -- 2022 art. 23(3): a matter sent to the office that is not within its powers -----------------------------------
# “……不属于本机关、单位或者本系统职权范围的，有关机关、单位应当自收到之日起5个工作日内提出异议，并详细说明理由，经转送、
# 交办的信访部门或者上级机关、单位核实同意后，交还相关材料。” — the one period the 条例 writes in 工作日; it is the office's
# decision (受理日期, 转送其他机关) that is due, not a notice to the petitioner, so neither 15 days nor a 转送告知书.
# 登记 Fri 2022-09-30; 10-01…10-07 国庆, Sat 10-08 and Sun 10-09 调休 working days: the 5th working day is Wed 10-12
# (15 calendar days would be Sat 10-15 → Mon 10-17).
OBJECTIONS = [
    (case("Q01", registered_on=D(2022, 9, 30), source="县信访局", acceptance_decision="转送其他机关"),
     D(2022, 10, 12), dl.OVERDUE, "2022年《信访工作条例》第二十三条第三款"),
    (case("Q02", registered_on=D(2022, 9, 30), source="县信访局", acceptance_decision="转送其他机关",
          accepted_on=D(2022, 10, 12)), D(2022, 10, 12), dl.ON_TIME, "第二十三条第三款"),
    (case("Q03", registered_on=D(2022, 9, 30), source="县纪委", acceptance_decision="转送其他机关",
          accepted_on=D(2022, 10, 13), acceptance_served_on=D(2022, 10, 10)), D(2022, 10, 12), dl.LATE, "第二十三条第三款"),
    # the objection goes to the body that sent it: an unknown petitioner does not lift it
    (case("Q04", petitioner="匿名", registered_on=D(2022, 9, 30), source="县信访局", acceptance_decision="转送其他机关"),
     D(2022, 10, 12), dl.OVERDUE, "第二十三条第三款"),
    # petitioned directly: art. 23(2)'s 15 days from receipt, Sat 10-15 → Mon 10-17
    (case("Q05", registered_on=D(2022, 9, 30), acceptance_decision="转送其他机关", competent_body="县住建局"),
     D(2022, 10, 17), dl.OVERDUE,
     "2022年《信访工作条例》第二十三条第二款"),
    # sent to the office and accepted: art. 23(3)'s 15 days
    (case("Q06", registered_on=D(2022, 9, 30), source="县信访局", acceptance_decision="受理"), D(2022, 10, 17),
     dl.OVERDUE, "第二十三条第三款"),
    # received under 2005 (art. 21(2): 15 days to decide and notify), Thu 2021-09-30 → Fri 10-15
    (case("Q07", registered_on=D(2021, 9, 30), source="县信访局", acceptance_decision="转送其他机关",
          competent_body="县住建局"),
     D(2021, 10, 15), dl.OVERDUE, "2005年《信访条例》第二十一条第二款"),
]


@pytest.fixture(scope="module")
def objections(tmp_path_factory):
    path = helpers.write_ledger(tmp_path_factory.mktemp("objection") / "台账.xlsx", [c for c, *_ in OBJECTIONS])
    return read_ledger(path)


def test_a_matter_sent_and_not_ours_is_objected_to_within_five_working_days(objections):
    table = dl.compute(objections, TODAY)
    calendar = dl.calendar_for(objections)
    for (fields, due, state, article), row in zip(OBJECTIONS, objections.frame.index, strict=True):
        [notice] = dl.explain(objections, row)
        got = (table.at[row, "notice_due"].date(), table.at[row, "notice_state"], notice.due)
        assert got == (due, state, due), fields["case_id"]
        assert article in notice.article, fields["case_id"]
    [q01] = dl.explain(objections, objections.frame.index[0])
    text = "\n".join(q01.lines(calendar))
    assert "期间：5 个工作日，第 5 个工作日为 2022年10月12日" in text and "5 个工作日内向转送、交办机关提出异议" in text
    assert "10月7日（法定节假日）" in text and "顺延" not in text
    assert "向县信访局提出异议" in q01.note and "无须出具转送告知书" in q01.note


def test_the_objection_is_found_at_the_decision_cell_with_its_article(objections):
    from xlkit.check.run import check_ledger

    found = {(f.case_id, f.code): f for f in check_ledger(objections, TODAY).findings if f.code in ("C401", "C411")}
    for case_id, code in (("Q01", "C401"), ("Q03", "C411"), ("Q04", "C401")):
        finding = found[(case_id, code)]
        assert finding.column == "受理日期" and "2022年10月12日" in finding.message
        assert finding.message.endswith("（依据：2022年《信访工作条例》第二十三条第三款）。")
    assert found[("Q05", "C401")].column == "受理告知书送达日期"
    assert ("Q02", "C401") not in found and ("Q02", "C411") not in found
    # named as what it is: an objection to the sender, with what to do about it, not a notice to serve
    assert found[("Q01", "C401")].message.startswith("提出异议期限") and "提出异议" in found[("Q01", "C401")].hint
    assert "受理告知书" not in found[("Q01", "C401")].hint
    assert found[("Q03", "C411")].message.startswith("提出异议于2022年10月13日完成")
    assert found[("Q05", "C401")].message.startswith("受理告知期限") and "受理告知书" in found[("Q05", "C401")].hint


def test_the_objection_is_named_so_in_overdue_lists(objections, tmp_path):
    from xlkit.analysis.monthly import overdue_items as monthly_items
    from xlkit.check.run import overdue_items

    listed = {(item["case_id"], item["key"]): item for item in overdue_items(objections, TODAY)}
    assert listed[("Q01", "notice")]["stage"] == "提出异议" and listed[("Q04", "notice")]["stage"] == "提出异议"
    assert listed[("Q05", "notice")]["stage"] == "受理告知" and listed[("Q06", "notice")]["stage"] == "受理告知"
    table = monthly_items(objections, TODAY)
    q01 = table[table["case_id"] == "Q01"].iloc[0]
    assert q01["stage"] == "提出异议" and q01["start"].date() == D(2022, 9, 30)


def test_no_referral_notice_for_a_matter_handed_back(objections, tmp_path):
    run = documents.generate(objections, tmp_path / "文书", today=TODAY, kinds=["转送告知书"])
    made = {i.case_id for i in run.made}
    assert made == {"Q05", "Q07"}  # petitioned directly, or received under 2005
    reasons = {i.case_id: i.reason for i in run.skipped if i.kind.name == "转送告知书"}
    for case_id in ("Q01", "Q02", "Q03", "Q04"):
        assert "2022年《信访工作条例》第二十三条第三款" in reasons[case_id] and "不出转送告知书" in reasons[case_id]


def test_an_unreadable_decision_date_leaves_only_the_objection_unjudged(tmp_path):
    import openpyxl

    from xlkit.schema import BY_FIELD, COLUMNS

    path = helpers.write_ledger(tmp_path / "台账.xlsx", [c for c, *_ in OBJECTIONS[:1]] + [
        case("Q08", registered_on=D(2022, 9, 30), acceptance_served_on=D(2022, 10, 10), acceptance_decision="受理")])
    column = openpyxl.utils.get_column_letter([c.header for c in COLUMNS].index(BY_FIELD["accepted_on"].header) + 1)
    book = openpyxl.load_workbook(path)
    for row in (3, 4):
        book["台账"][f"{column}{row}"] = "=TODAY()"  # saved by a script: no cached result
    book.save(path)
    table = dl.compute(read_ledger(path), TODAY)
    states = dict(zip(table.index, table["notice_state"], strict=True))
    # the objection is completed by 受理日期: unjudged, never 超期; Q08's notice is completed by its 送达 date
    assert states == {3: dl.UNJUDGED, 4: dl.ON_TIME}


def test_the_objection_names_the_sending_body_only_when_the_ledger_names_one(tmp_path):
    """案件来源 “其他” is the dictionary's catch-all, not a body: the note said “向其他提出异议”."""
    path = helpers.write_ledger(tmp_path / "台账.xlsx", [
        case("Q08", registered_on=D(2022, 9, 30), source="其他", acceptance_decision="转送其他机关")])
    ledger = read_ledger(path)
    [notice] = dl.explain(ledger, ledger.frame.index[0])
    assert "向转送、交办机关提出异议" in notice.note and "向其他" not in notice.note, notice.note


def test_an_objection_in_a_ledger_without_the_acceptance_date_column_is_not_called_overdue(tmp_path):
    """Art. 23(3)'s objection is done when 受理日期 is filled: a ledger without that column cannot show it
    done, and every such case was 超期 in 到期提醒 and the 催办单 (never cry wolf)."""
    headers = [header(f) for f in ("case_id", "petitioner", "registered_on", "source", "acceptance_decision",
                                   "acceptance_served_on")]
    path = helpers.write_ledger(tmp_path / "台账.xlsx", [
        case("Q09", registered_on=D(2022, 9, 30), source="县信访局", acceptance_decision="转送其他机关")],
        headers=headers)
    ledger = read_ledger(path)
    table = dl.compute(ledger, TODAY)
    assert table["notice_state"].iloc[0] == dl.UNJUDGED
    from xlkit.check.run import overdue_items

    assert not overdue_items(ledger, TODAY)
