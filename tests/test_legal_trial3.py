"""The county legal reviewer's third trial (2026-12-02): cases built as a reviewer would, each a ledger row, the
article quoted, what xlkit must say. Earlier rounds: test_law_rules.py, test_legal_review.py, test_legal_recheck.py,
test_lawdocs.py.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import helpers
import pytest

from xlkit.deadlines import engine as dl
from xlkit.deadlines.law import decision_notice, refusal_ground, review_rights
from xlkit.documents import generate as documents
from xlkit.read.ledger import read_ledger

D = dt.date
TODAY = D(2026, 12, 1)


case = helpers.legal_case


text_of = helpers.docx_text


def documents_of(tmp_path: Path, rows: list[dict], kinds: list[str]) -> dict[tuple[str, str], str]:
    return helpers.documents_text(tmp_path, rows, kinds, TODAY)


# ---------------------------------------------------------------------------
# 转送其他机关. 2005 art. 22(1): a department that is not a 信访工作机构 receiving a matter outside its powers
# “应当告知信访人向有权的机关提出” — it does not 转送 (only the 信访工作机构 does, art. 21(1)(二)(三)); a matter
# 转送/交办 to it: art. 21(2) “决定是否受理并书面告知信访人，并按要求通报信访工作机构”. 2022 art. 23(1): “对属于本系统
# 下级机关、单位职权范围的，应当转送、交办有权处理的机关、单位，并告知信访人转送、交办去向”.

REFERRALS = [
    (case("T01", registered_on=D(2019, 9, 2), accepted_on=D(2019, 9, 10), acceptance_decision="转送其他机关",
          competent_body="开江县住房和城乡建设局"),
     "根据2005年《信访条例》第二十二条第一款的规定，请你（们）向开江县住房和城乡建设局提出。", "通报"),
    (case("T02", source="县信访局", registered_on=D(2019, 9, 2), accepted_on=D(2019, 9, 10),
          acceptance_decision="转送其他机关", competent_body="开江县自然资源局"),
     "根据2005年《信访条例》第二十一条第二款的规定，请你（们）向开江县自然资源局提出。本机关已将上述情况通报县信访局。",
     None),
    (case("T03", registered_on=D(2023, 6, 1), accepted_on=D(2023, 6, 5), acceptance_decision="转送其他机关",
          competent_body="新宁镇人民政府"),
     "根据2022年《信访工作条例》第二十三条第一款的规定，本机关已于2023年6月5日将该信访事项转送新宁镇人民政府依法处理",
     "通报"),
]


def test_a_referral_notice_says_what_the_law_lets_the_office_do(tmp_path):
    texts = documents_of(tmp_path, [c for c, *_ in REFERRALS], ["转送告知书"])
    for row, sentence, absent in REFERRALS:
        text = texts[(row["case_id"], "转送告知书")]
        assert sentence in text, (row["case_id"], text)
        if absent:
            assert absent not in text, row["case_id"]
    # under 2005 the notice never claims the office sent the matter on
    for case_id in ("T01", "T02"):
        assert "将该信访事项转送" not in texts[(case_id, "转送告知书")]


def test_explain_states_what_a_2005_referral_notice_must_say(tmp_path):
    ledger = read_ledger(helpers.write_ledger(tmp_path / "台账.xlsx", [REFERRALS[0][0]]))
    notice = dl.explain(ledger, ledger.frame.index[0])[0]
    assert "告知信访人向有权处理的机关提出" in notice.note and "2005年《信访条例》第二十二条第一款" in notice.note
    assert "转送去向" not in notice.note


# ---------------------------------------------------------------------------
# 不予受理: the provision the reason rests on.
# 2005 art. 35(3) / 2022 art. 36(3): “信访人对复核意见不服，仍然以同一事实和理由提出投诉请求的，……不再受理”;
# 2005 art. 16 / 2022 art. 19(3): accepted or being handled, the same matter to a higher body: “不予受理”;
# 2005 arts. 14(2), 21(1)(一) / 2022 arts. 28(2), 31: 诉讼、仲裁、行政复议 … by the legal route;
# otherwise not within the office's powers: 2005 art. 22(1) (sent to it: art. 21(2)), 2022 art. 23(1).

FINAL = "该事项已经开江县人民政府复核，信访人仍以同一事实和理由提出投诉请求"
PENDING = "该信访事项已由新宁镇人民政府受理、正在办理期限内，信访人又提出同一信访事项"
LEGAL = "该诉求系土地承包合同纠纷，应当通过诉讼或者仲裁途径解决"
OUTSIDE = "该事项属于林业主管部门职责"

REFUSALS = [
    ("R01", D(2020, 6, 8), FINAL, "2005年《信访条例》第三十五条第三款", "不再受理"),
    ("R02", D(2023, 6, 5), FINAL, "2022年《信访工作条例》第三十六条第三款", "不再受理"),
    ("R03", D(2020, 6, 8), PENDING, "2005年《信访条例》第十六条", "请你（们）等候新宁镇人民政府依法作出处理意见"),
    ("R04", D(2023, 6, 5), PENDING, "2022年《信访工作条例》第十九条第三款", "请你（们）等候新宁镇人民政府依法作出处理意见"),
    ("R05", D(2020, 6, 8), LEGAL, "2005年《信访条例》第十四条第二款、第二十一条第一款第（一）项",
     "请你（们）依照有关法律、法规规定的程序向新宁镇人民政府提出"),
    ("R06", D(2023, 6, 5), LEGAL, "2022年《信访工作条例》第二十八条第二款、第三十一条第（一）项、第（二）项",
     "请你（们）依照有关法律、法规规定的程序向新宁镇人民政府提出"),
    ("R07", D(2020, 6, 8), OUTSIDE, "2005年《信访条例》第二十二条第一款", "请你（们）向新宁镇人民政府提出"),
    ("R08", D(2023, 6, 5), OUTSIDE, "2022年《信访工作条例》第二十三条第一款", "请你（们）向新宁镇人民政府提出"),
]


def test_a_refusal_notice_cites_the_provision_of_its_ground(tmp_path):
    rows = [case(case_id, registered_on=decided - dt.timedelta(days=4), accepted_on=decided,
                 acceptance_decision="不予受理", decision_reason=reason, competent_body="新宁镇人民政府")
            for case_id, decided, reason, *_ in REFUSALS]
    texts = documents_of(tmp_path, rows, ["不予受理告知书"])
    for case_id, _, reason, citation, told in REFUSALS:
        text = texts[(case_id, "不予受理告知书")]
        assert f"根据{citation}的规定，本机关决定不予受理" in text, (case_id, text)
        assert told in text, (case_id, text)
        if reason == FINAL:  # reviewed twice: no body to turn to any more
            assert "向新宁镇人民政府提出" not in text


@pytest.mark.parametrize(("reason", "ground"), [
    (FINAL, "复核终结"), (PENDING, "正在办理"), (LEGAL, "法定途径"), (OUTSIDE, "职权以外"), (None, "职权以外"),
    ("该纠纷已由开江县人民法院受理", "法定途径"),  # a court has it: the legal route, not a petition being handled
    ("已经通过行政复议途径解决", "法定途径"),
])
def test_the_ground_of_a_refusal_is_read_from_its_reason(reason, ground):
    assert refusal_ground(reason) == ground


def test_a_refusal_of_a_matter_sent_to_the_office_before_2022_reports_to_the_sender(tmp_path):
    row = case("R09", source="县信访局", registered_on=D(2020, 6, 2), accepted_on=D(2020, 6, 8),
               acceptance_decision="不予受理", decision_reason=OUTSIDE, competent_body="开江县林业局")
    text = documents_of(tmp_path, [row], ["不予受理告知书"])[("R09", "不予受理告知书")]
    assert "根据2005年《信访条例》第二十一条第二款的规定" in text and "本机关已将上述情况通报县信访局。" in text
    assert decision_notice("不予受理", D(2023, 6, 8), OUTSIDE, transferred=True).citation.endswith("第二十三条第三款")


def test_the_review_sheet_cites_the_rule_of_the_decision_day(tmp_path):
    """The 审核表 states the notice's own citation: decided 2022-05-06 on a matter received 2022-04-25 is 2022's."""
    from xlkit.review.assess import review

    row = case("R10", registered_on=D(2022, 4, 25), accepted_on=D(2022, 5, 6), acceptance_decision="不予受理",
               decision_reason=OUTSIDE, competent_body="开江县林业局", acceptance_served_on=D(2022, 5, 7))
    ledger = read_ledger(helpers.write_ledger(tmp_path / "台账.xlsx", [row]))
    [procedure] = [p for p in review(ledger, TODAY)[0].points if p.title == "办理程序是否正确"]
    assert "依据：2022年《信访工作条例》第二十三条第一款" in procedure.facts


# ---------------------------------------------------------------------------
# 复查/复核. 2022 art. 35: “信访人对信访处理意见不服的” — the 信访处理意见书 of art. 31(六)/32, a 申诉求决类 matter;
# a 建议意见类 matter is answered (art. 29 “予以回复”), a 检举控告类 one handled and fed back (art. 30): neither is
# 复查'd. 2005 art. 34: “信访人对行政机关作出的信访事项处理意见不服的” — every matter answered.

OPINIONS = [
    (case("V01", petition_type="建议意见类", registered_on=D(2023, 3, 1), accepted_on=D(2023, 3, 3),
          opinion_on=D(2023, 4, 20), opinion_served_on=D(2023, 4, 21), settled="是", settled_on=D(2023, 4, 25)), False),
    (case("V02", petition_type="检举控告类", registered_on=D(2023, 3, 1), accepted_on=D(2023, 3, 3),
          opinion_on=D(2023, 4, 20), opinion_served_on=D(2023, 4, 21), settled="是", settled_on=D(2023, 4, 25)), False),
    (case("V03", petition_type="求决类", registered_on=D(2023, 3, 1), accepted_on=D(2023, 3, 3),
          opinion_on=D(2023, 4, 20), opinion_served_on=D(2023, 4, 21), settled="是", settled_on=D(2023, 4, 25)), True),
    # an empty 信访类型 counts as 求决类
    (case("V04", registered_on=D(2023, 3, 1), accepted_on=D(2023, 3, 3), opinion_on=D(2023, 4, 20),
          opinion_served_on=D(2023, 4, 21), settled="是", settled_on=D(2023, 4, 25)), True),
    # 2005: every matter answered has the 复查 right
    (case("V05", petition_type="建议意见类", registered_on=D(2019, 9, 2), accepted_on=D(2019, 9, 5),
          opinion_on=D(2019, 10, 20), opinion_served_on=D(2019, 10, 21), settled="是", settled_on=D(2019, 10, 25)),
     True),
    # accepted under 2005, answered under 2022: the opinion's date decides, and a suggestion is not 复查'd
    (case("V06", petition_type="建议意见类", registered_on=D(2022, 4, 20), accepted_on=D(2022, 4, 28),
          opinion_on=D(2022, 5, 20), opinion_served_on=D(2022, 5, 21), settled="是", settled_on=D(2022, 5, 25)), False),
]


@pytest.fixture(scope="module")
def answered(tmp_path_factory):
    return documents_of(tmp_path_factory.mktemp("answered"), [c for c, _ in OPINIONS],
                        ["信访事项处理意见书", "息诉息访书", "送达回证（处理意见书）"])


@pytest.mark.parametrize(("row", "reviewed"), OPINIONS, ids=[c["case_id"] for c, _ in OPINIONS])
def test_only_an_opinion_the_law_lets_be_reviewed_announces_review(answered, row, reviewed):
    opinion = answered[(row["case_id"], "信访事项处理意见书")]
    settlement = answered[(row["case_id"], "息诉息访书")]
    receipt = answered[(row["case_id"], "送达回证（处理意见书）")]
    law = "2005年《信访条例》第三十四条、第三十五条" if row["opinion_on"].year < 2022 else \
        "2022年《信访工作条例》第三十五条、第三十六条"
    if reviewed:
        assert "五、复查复核告知" in opinion and f"根据{law}的规定，如对本处理意见不服" in opinion
        assert f"不影响本人依照{law}的规定" in settlement
        assert "复查请求期限自该日起算" in receipt
    else:
        for text in (opinion, settlement, receipt):
            assert "复查" not in text and "复核" not in text, (row["case_id"], text)
        assert "特此确认。" in settlement and "四、处理意见" in opinion  # the rest of the documents stands
    assert "{%" not in opinion + settlement + receipt


def test_review_rights_follow_the_kind_of_matter_under_2022():
    assert not review_rights(D(2023, 4, 20), "建议意见类").applies
    assert not review_rights(D(2023, 4, 20), "检举控告类").applies
    assert review_rights(D(2023, 4, 20), "求决类").applies and review_rights(D(2023, 4, 20), None).applies
    assert review_rights(D(2019, 10, 20), "建议意见类").applies  # 2005 art. 34 makes no such distinction


# ---------------------------------------------------------------------------
# DESIGN §5 lags the code (it names only 《民法总则》/《民法典》 and no 工作日 period): the README's 期限规则 and the
# template's 说明 sheet are what a user reads, and both must state the rules as xlkit applies them.

def test_readme_and_guide_sheet_state_the_period_rules(tmp_path):
    import openpyxl

    from xlkit.template.builder import write_template

    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    rules = readme[readme.index("期限规则（DESIGN §5"):readme.index("### xlkit holidays")]
    guide = openpyxl.load_workbook(write_template(tmp_path / "模板.xlsx"))["说明"]
    sheet = "\n".join(str(c.value) for row in guide.iter_rows() for c in row if c.value is not None)
    for text in (rules, sheet):
        assert "《民法通则》第一百五十四条" in text and "2017" in text  # before 2017-10-01
        assert "第二十三条第三款" in text and "5 个工作日" in text and "调休上班的周末计入" in text
        assert "第三十条" in text and "第二十九条" in text  # the 2022 kinds without a period or 复查


# ---------------------------------------------------------------------------
# Extensions. 2022 art. 34 (60 days, “经本机关、单位负责人批准，可以适当延长办理期限，但延长期限不得超过30日”) is for
# the matters of art. 31(六); a 建议意见类 (art. 29) or 检举控告类 (art. 30) matter accepted from 2022-05-01 has no period
# to extend, so C305 (more than 30 days) and C314 (no approver) do not hold it to art. 34: C309 says to check it.

EXTENSIONS = [
    (case("X01", petition_type="检举控告类", registered_on=D(2023, 3, 1), accepted_on=D(2023, 3, 3),
          extended="是", extension_days=40, extension_notice_on=D(2023, 4, 1), extension_reason="需核查"), set()),
    (case("X02", petition_type="建议意见类", registered_on=D(2023, 3, 1), accepted_on=D(2023, 3, 3),
          extended="是", extension_days=40, extension_notice_on=D(2023, 4, 1), extension_reason="需论证"), set()),
    (case("X03", petition_type="求决类", registered_on=D(2023, 3, 1), accepted_on=D(2023, 3, 3),
          extended="是", extension_days=40, extension_notice_on=D(2023, 4, 1), extension_reason="需测绘"),
     {"C305", "C314"}),
    # 2005 art. 33 binds every accepted matter, a suggestion too
    (case("X04", petition_type="建议意见类", registered_on=D(2019, 9, 2), accepted_on=D(2019, 9, 5),
          extended="是", extension_days=40, extension_notice_on=D(2019, 10, 1), extension_reason="需论证"),
     {"C305", "C314"}),
]


def test_extension_rules_hold_only_the_matters_with_a_period(tmp_path):
    from xlkit.check.run import run_check

    ledger = read_ledger(helpers.write_ledger(tmp_path / "台账.xlsx", [c for c, _ in EXTENSIONS]))
    findings = run_check(ledger, TODAY)
    for row, codes in EXTENSIONS:
        found = {f.code for f in findings if f.case_id == row["case_id"]}
        assert found & {"C305", "C314"} == codes, (row["case_id"], found)
        if not codes:
            [scope] = [f for f in findings if f.case_id == row["case_id"] and f.code == "C309"]
            assert "条例未规定办理期限，无需延期" in scope.message and "第三十四条" in scope.message


# ---------------------------------------------------------------------------
# The 交办单's 办理要求 follow the notice stage's row: 2022 art. 23(3) (“不属于本机关……职权范围的，……应当自收到之日起
# 5个工作日内提出异议……交还相关材料”) owes the sender an objection, not the petitioner a 受理告知书; 2005 art. 22(2) /
# 2022 art. 23(2) (“但信访人的姓名（名称）、住址不清的除外”) owe no notice; a 不予受理 case is owed its own notice and
# has no handling period (2005 art. 33 / 2022 art. 34 are for accepted matters).

ASSIGNMENTS = [
    (case("J01", source="县信访局", registered_on=D(2023, 9, 27), assigned_on=D(2023, 9, 27),
          acceptance_decision="转送其他机关"),
     ["请于2023年10月10日前向县信访局提出异议", "2022年《信访工作条例》第二十三条第三款"],
     ["受理告知书", "60日", "第三十三条", "第三十四条", "结案报告"]),
    (case("J02", petitioner="匿名群众", registered_on=D(2023, 6, 1), assigned_on=D(2023, 6, 2)),
     ["住址不清，无从书面告知是否受理（2022年《信访工作条例》第二十三条第二款）", "第三十四条"], ["出具受理告知书"]),
    (case("J03", petitioner="匿名群众", registered_on=D(2019, 9, 2), assigned_on=D(2019, 9, 3)),
     ["住址不清，无从书面告知是否受理（2005年《信访条例》第二十二条第二款）"], ["出具受理告知书"]),
    (case("J04", registered_on=D(2023, 6, 1), assigned_on=D(2023, 6, 2), accepted_on=D(2023, 6, 5),
          acceptance_decision="不予受理", decision_reason=LEGAL, competent_body="开江县人民法院"),
     ["前向信访人出具不予受理告知书", "该件受理结论为“不予受理”，不计办理期限。"],
     ["60日", "第三十三条", "第三十四条", "出具受理告知书"]),
    (case("J05", registered_on=D(2023, 6, 1), assigned_on=D(2023, 6, 2)),
     ["请于2023年6月16日前向信访人出具受理告知书", "自受理之日起60日内", "2022年《信访工作条例》第三十四条"], []),
]


def test_the_assignment_form_asks_what_the_notice_stage_owes(tmp_path):
    texts = documents_of(tmp_path, [c for c, *_ in ASSIGNMENTS], ["交办单"])
    for row, present, absent in ASSIGNMENTS:
        text = texts[(row["case_id"], "交办单")]
        requirement = text[text.index("办理要求"):text.index("交办人")]
        for words in present:
            assert words in requirement, (row["case_id"], words, requirement)
        for words in absent:
            assert words not in requirement, (row["case_id"], words, requirement)


def test_a_matter_sent_before_2022_and_referred_after_is_not_cited_as_a_direct_petition(tmp_path):
    """Received from 县信访局 on 2022-04-28, decided 2022-05-10: its written decision was owed under 2005 art. 21(2)
    (“自收到转送、交办的信访事项之日起15日内决定是否受理并书面告知信访人”), and it cites that — not 2022 art. 23(1),
    which is for petitions made to the office directly, nor 23(3), an objection to the sender that tells the
    petitioner nothing (review finding)."""
    row = case("T04", source="县信访局", registered_on=D(2022, 4, 28), accepted_on=D(2022, 5, 10),
               acceptance_decision="转送其他机关", competent_body="开江县自然资源局")
    text = documents_of(tmp_path, [row], ["转送告知书"])[("T04", "转送告知书")]
    assert "根据2005年《信访条例》第二十一条第二款的规定，请你（们）向开江县自然资源局提出。" in text
    assert "本机关已将上述情况通报县信访局。" in text and "第二十三条" not in text


def test_a_matter_sent_from_2022_and_refused_as_outside_the_powers_is_handed_back(tmp_path):
    """2022 art. 23(3): “不属于本机关、单位或者本系统职权范围的，……自收到之日起5个工作日内提出异议……交还相关材料”
    — no 不予受理告知书 to the petitioner citing it (it said “根据……第二十三条第三款的规定……请你（们）向开江县林业局
    提出”), and the 交办单 asks for the objection, not for a notice within 15 days."""
    row = case("R20", source="县信访局", registered_on=D(2023, 6, 1), accepted_on=D(2023, 6, 5),
               acceptance_decision="不予受理", decision_reason=OUTSIDE, competent_body="开江县林业局",
               assigned_on=D(2023, 6, 2))
    ledger = read_ledger(helpers.write_ledger(tmp_path / "台账.xlsx", [row]))
    made = documents.generate(ledger, tmp_path / "文书", today=TODAY, kinds=["不予受理告知书", "交办单"])
    assert {i.kind.name for i in made.made} == {"交办单"}
    [skipped] = [i for i in made.skipped if i.kind.name == "不予受理告知书"]
    assert "第二十三条第三款" in skipped.reason and "提出异议" in skipped.reason
    assignment = text_of(made.made[0].path)
    requirement = assignment[assignment.index("办理要求"):assignment.index("交办人")]
    assert "提出异议" in requirement and "受理告知书" not in requirement, requirement


def test_a_repeat_petition_is_pointed_to_review_or_refused_after_recheck(tmp_path):
    """重复信访: the same matter again after an opinion is a 复查 request to the higher body (2005 art. 34, 2022 art. 35);
    after 复核 on the same facts and reasons it is not accepted again (2005 art. 35(3), 2022 art. 36(3))."""
    from xlkit.check.run import run_check

    rows = [case(f"P0{i}", petitioner="李某", phone="13800001111", registered_on=D(2023, 3, i)) for i in (1, 2)]
    ledger = read_ledger(helpers.write_ledger(tmp_path / "台账.xlsx", rows))
    [hint] = {f.hint for f in run_check(ledger, TODAY) if f.code == "C311"}
    assert "2005年《信访条例》第三十四条、2022年《信访工作条例》第三十五条" in hint
    assert "第三十五条第三款、第三十六条第三款" in hint and "不再受理" in hint


def test_a_refusal_after_recheck_needs_no_body_to_turn_to(tmp_path):
    """2005 art. 35(3) / 2022 art. 36(3): “……不再受理” — the notice names no 有权处理机关, so an empty one does not
    stop it (as it still stops a refusal that must say where to turn), and the 审核表 does not ask for one."""
    from xlkit.review.assess import review

    rows = [case("R11", registered_on=D(2023, 6, 1), accepted_on=D(2023, 6, 5), acceptance_decision="不予受理",
                 decision_reason=FINAL, acceptance_served_on=D(2023, 6, 6)),
            case("R12", registered_on=D(2023, 6, 1), accepted_on=D(2023, 6, 5), acceptance_decision="不予受理",
                 decision_reason=LEGAL)]
    texts = documents_of(tmp_path, rows, ["不予受理告知书"])
    assert "第三十六条第三款" in texts[("R11", "不予受理告知书")] and ("R12", "不予受理告知书") not in texts
    ledger = read_ledger(tmp_path / "台账.xlsx")
    points = {r.case_id: {p.title: p for p in r.points} for r in review(ledger, TODAY)}
    reason = "不予受理（转送）理由及去向是否说明"
    assert not any("有权处理机关" in x for x in points["R11"][reason].problems)
    assert any("未填有权处理机关" in x for x in points["R12"][reason].problems)


# ---------------------------------------------------------------------------
# Anonymous petitioners. 2005 art. 22(2) / 2022 art. 23(2): the written notice on acceptance is owed “但信访人的姓名
# （名称）、住址不清的除外” — the stage table sets no period; no 受理告知书 (or 不予受理/转送告知书) addressed to
# “匿名群众：” with a 送达回证 for 匿名群众 to sign is made, and the dossier does not ask for its signed scan.

def test_no_notice_on_acceptance_is_made_for_a_petitioner_who_cannot_be_reached(tmp_path):
    rows = [case("N01", petitioner="匿名群众", form="来信", registered_on=D(2023, 6, 1), accepted_on=D(2023, 6, 5),
                 acceptance_decision="受理", acceptance_served_on=D(2023, 6, 6), opinion_on=D(2023, 7, 20)),
            case("N02", address="住址不详", registered_on=D(2019, 9, 2), accepted_on=D(2019, 9, 10),
                 acceptance_decision="不予受理", decision_reason=LEGAL, competent_body="开江县人民法院"),
            case("N03", registered_on=D(2023, 6, 1), accepted_on=D(2023, 6, 5), acceptance_decision="受理")]
    ledger = read_ledger(helpers.write_ledger(tmp_path / "台账.xlsx", rows))
    made = documents.generate(ledger, tmp_path / "文书", today=TODAY)
    kinds = {(i.case_id, i.kind.key) for i in made.made}
    for case_id, key in (("N01", "acceptance"), ("N01", "acceptance_receipt"), ("N02", "refusal"),
                         ("N02", "refusal_receipt")):
        assert (case_id, key) not in kinds
        [skipped] = [i for i in made.skipped if i.case_id == case_id and i.kind.key == key]
        assert "住址不清" in skipped.reason and "第二十二条第二款" in skipped.reason and skipped.stage_skip
    assert ("N01", "opinion") in kinds and ("N03", "acceptance") in kinds  # the rest stands; a clear one has it


def test_the_dossier_asks_no_signed_notice_of_an_anonymous_case():
    from xlkit.documents.catalog import BY_KEY, applies

    anonymous = {"petitioner": "匿名", "accepted_on": D(2023, 6, 5), "acceptance_served_on": D(2023, 6, 6)}
    assert not applies(BY_KEY["acceptance"], anonymous) and not applies(BY_KEY["acceptance_receipt"], anonymous)
    assert applies(BY_KEY["acceptance"], {**anonymous, "petitioner": "张三"})


def test_only_the_opinions_receipt_says_the_review_period_runs_from_its_signing(tmp_path):
    """2022 art. 35 / 2005 art. 34: 复查 within 30 days “自收到书面答复之日起” — of the 处理意见书; the 受理告知书's
    送达回证 said it too (law helper's report)."""
    row = case("S01", registered_on=D(2023, 3, 1), accepted_on=D(2023, 3, 3), acceptance_decision="受理",
               acceptance_served_on=D(2023, 3, 4), opinion_on=D(2023, 4, 20), opinion_served_on=D(2023, 4, 21))
    texts = documents_of(tmp_path, [row], ["送达回证（受理告知书）", "送达回证（处理意见书）"])
    assert "复查请求期限自该日起算" in texts[("S01", "送达回证（处理意见书）")]
    assert "复查请求期限" not in texts[("S01", "送达回证（受理告知书）")]
