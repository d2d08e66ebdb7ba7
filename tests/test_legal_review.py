"""The county 法制审核's cases: each a ledger row, what the law says (article quoted), what xlkit must say.

Found in the legal re-check of 2026-12 (the earlier round's cases live in test_law_rules.py/test_lawdocs.py):
a handling period promised where the 2022 条例 sets none, an extension notice for such a case, and the civil-law
rule cited for counting periods before the 《民法总则》 took effect.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import docx
import helpers
import pandas as pd
import pytest

from xlkit.deadlines import engine as dl
from xlkit.documents import generate as documents
from xlkit.read.ledger import read_ledger

D = dt.date
TODAY = D(2026, 12, 1)


def case(case_id: str, **fields):
    return {"case_id": case_id, "petitioner": "张三", "acceptance_decision": "受理", "source": "本办受理", **fields}


def text_of(path: Path) -> str:
    document = docx.Document(str(path))
    return "\n".join(p.text for p in document.paragraphs)


def explained(tmp_path, *rows) -> dict[str, dict[str, dl.Explanation]]:
    ledger = read_ledger(helpers.write_ledger(tmp_path / "台账.xlsx", rows))
    return {ledger.frame.at[row, "case_id"]: {e.stage: e for e in dl.explain(ledger, row)}
            for row in ledger.frame.index}


# -- the handling period the acceptance notice promises ------------------------------------------------
# 2022 art. 34: “对本条例第三十一条第六项规定的信访事项应当自受理之日起60日内办结” — only 申诉求决类; art. 29(1)
# (建议意见类: “认真研究论证……并予以回复”) and art. 30(1) (检举控告类: “依规依纪依法接收、受理、办理和反馈”) set no period.
NOTICES = [
    (case("A01", registered_on=D(2022, 6, 6), accepted_on=D(2022, 6, 10), petition_type="建议意见类"),
     "2022年《信访工作条例》第二十九条第一款", None),
    (case("A02", registered_on=D(2022, 6, 6), accepted_on=D(2022, 6, 10), petition_type="检举控告类"),
     "2022年《信访工作条例》第三十条第一款", None),
    # 受理 Fri 2022-06-10 + 60 = Tue 08-09
    (case("A03", registered_on=D(2022, 6, 6), accepted_on=D(2022, 6, 10), petition_type="求决类"),
     "2022年《信访工作条例》第三十四条", "2022年8月9日"),
    # accepted under 2005 art. 33 (“信访事项应当自受理之日起60日内办结”): every kind has 60 days;
    # 受理 Tue 2019-09-10 + 60 = Sat 11-09 → Mon 11-11
    (case("A04", registered_on=D(2019, 9, 6), accepted_on=D(2019, 9, 10), petition_type="建议意见类"),
     "2005年《信访条例》第三十三条", "2019年11月11日"),
    # registered under 2005, accepted from 2022-05-01: the handling period is the 2022 one (by 受理日期)
    (case("A05", registered_on=D(2022, 4, 25), accepted_on=D(2022, 5, 6), petition_type="建议意见类"),
     "2022年《信访工作条例》第二十九条第一款", None),
]


@pytest.fixture(scope="module")
def notice_run(tmp_path_factory):
    rows = [fields for fields, _, _ in NOTICES]
    # an extension recorded on a matter without a handling period
    rows.append(case("A06", registered_on=D(2022, 6, 6), accepted_on=D(2022, 6, 10), petition_type="建议意见类",
                     extended="是", extension_days=20, extension_notice_on=D(2022, 7, 1), extension_approver="李主任",
                     extension_reason="需会同乡镇调研"))
    path = helpers.write_ledger(tmp_path_factory.mktemp("ledger") / "台账.xlsx", rows)
    return documents.generate(read_ledger(path), tmp_path_factory.mktemp("docs") / "文书", today=TODAY,
                              kinds=["受理告知书", "延期办理告知书"])


@pytest.mark.parametrize(("fields", "article", "due"), NOTICES, ids=[c[0]["case_id"] for c in NOTICES])
def test_the_acceptance_notice_promises_only_the_period_the_law_sets(notice_run, fields, article, due):
    path = next(i.path for i in notice_run.made if i.case_id == fields["case_id"] and i.kind.key == "acceptance")
    text = text_of(path)
    assert f"根据{article}的规定" in text
    if due is None:
        assert "60日" not in text and "延长办理期限" not in text
        assert "本机关将认真研究办理，并将办理结果回复你（们）" in text
    else:
        assert f"自受理之日起60日内办结，即最迟于{due}出具书面处理意见" in text


def test_no_extension_notice_where_the_law_sets_no_period(notice_run):
    reasons = {i.kind.key: i.reason for i in notice_run.skipped if i.case_id == "A06"}
    assert "第二十九条第一款" in reasons["extension"] and "无需延期" in reasons["extension"]
    assert "extension" not in {i.kind.key for i in notice_run.made if i.case_id == "A06"}


# -- the civil-law rule on counting periods, by the day the period ends --------------------------------
# 《民法通则》 art. 154 until 2017-09-30; 《民法总则》 (in force 2017-10-01, its art. 206) arts. 201/203; from
# 2021-01-01 the 《民法典》 arts. 201/203.
PERIOD_LAW = [
    # 登记 Fri 2005-12-16 + 15 = Sat 12-31, a 调休 working day (国办发明电〔2005〕35号)
    (case("L01", registered_on=D(2005, 12, 16)), D(2005, 12, 31), "《民法通则》第一百五十四条"),
    # 登记 Thu 2017-09-14 + 15 = Fri 09-29
    (case("L02", registered_on=D(2017, 9, 14)), D(2017, 9, 29), "《民法通则》第一百五十四条"),
    # 登记 Fri 2017-09-15 + 15 = Sat 09-30, a 调休 working day (国庆、中秋 2017)
    (case("L03", registered_on=D(2017, 9, 15)), D(2017, 9, 30), "《民法通则》第一百五十四条"),
    # 登记 Sat 2017-09-16 + 15 = Sun 10-01 (国庆) → Mon 10-09: the period ends under the 《民法总则》
    (case("L04", registered_on=D(2017, 9, 16)), D(2017, 10, 9), "《民法总则》第二百零一条、第二百零三条"),
    # 登记 Wed 2020-12-16 + 15 = Thu 12-31 (not 求决类: the campaign's 5 days do not apply)
    (case("L05", registered_on=D(2020, 12, 16), petition_type="建议意见类"), D(2020, 12, 31), "《民法总则》第二百零一条、第二百零三条"),
    # 登记 Thu 2020-12-17 + 15 = Fri 2021-01-01 (元旦) → Mon 01-04
    (case("L06", registered_on=D(2020, 12, 17), petition_type="建议意见类"), D(2021, 1, 4), "《民法典》第二百零一条、第二百零三条"),
]


def test_periods_are_counted_under_the_civil_law_then_in_force(tmp_path):
    cases = explained(tmp_path, *[fields for fields, _, _ in PERIOD_LAW])
    for fields, due, law in PERIOD_LAW:
        notice = cases[fields["case_id"]][dl.NOTICE]
        assert (notice.due, notice.article.split("；")[-1]) == (due, law), fields["case_id"]


# -- the plan's 5 days cannot extend the law's 15 -----------------------------------------------------
# Plan §五(三): “有权处理机关在收到交办信访事项后,应当在5日内向信访人出具受理告知书”; 2005 art. 22(2): “应当自收到
# 信访事项之日起15日内书面告知信访人” (art. 21(2) for matters 转送/交办 to the office). An internal plan adds to the
# law and cannot take from it: a campaign case is due by the earlier of the two.
CAMPAIGN = [
    # 登记 Mon 2019-09-02 + 15 = Tue 09-17; 交办 Wed 09-25 + 5 = Mon 09-30 is later: the law binds, served late
    (case("K01", registered_on=D(2019, 9, 2), assigned_on=D(2019, 9, 25), accepted_on=D(2019, 9, 26),
          acceptance_served_on=D(2019, 9, 28)),
     D(2019, 9, 17), dl.LATE, "2005年《信访条例》第二十二条第二款"),
    (case("K02", registered_on=D(2019, 9, 2), assigned_on=D(2019, 9, 25), source="县信访局"),
     D(2019, 9, 17), dl.OVERDUE, "2005年《信访条例》第二十一条第二款"),
    # not assigned yet: the plan's days have no start, the law's run from receipt
    (case("K03", registered_on=D(2019, 9, 2)), D(2019, 9, 17), dl.OVERDUE, "2005年《信访条例》第二十二条第二款"),
    # 交办 the next day: 09-03 + 5 = Sun 09-08 → Mon 09-09, earlier than the law's: the plan's row
    (case("K04", registered_on=D(2019, 9, 2), assigned_on=D(2019, 9, 3), acceptance_served_on=D(2019, 9, 9)),
     D(2019, 9, 9), dl.ON_TIME, "《三年攻坚行动实施方案》四(一)、五(三)"),
    # 春节 2020: 登记 Fri 01-10 + 15 = Sat 01-25 (春节, extended) → Mon 02-03; 交办 Mon 01-13 + 5 = Sat 01-18 → Sun
    # 01-19, a 调休 working day: the plan's
    (case("K05", registered_on=D(2020, 1, 10), assigned_on=D(2020, 1, 13), acceptance_served_on=D(2020, 1, 19)),
     D(2020, 1, 19), dl.ON_TIME, "五(三)"),
    # 交办 Wed 2020-01-22 + 5 = Mon 01-27 (春节) → Mon 02-03; 登记 Mon 01-06 + 15 = Tue 01-21: the law's
    (case("K06", registered_on=D(2020, 1, 6), assigned_on=D(2020, 1, 22), acceptance_served_on=D(2020, 2, 3)),
     D(2020, 1, 21), dl.LATE, "2005年《信访条例》第二十二条第二款"),
]


def _ledger(tmp_path, rows):
    return read_ledger(helpers.write_ledger(tmp_path / "台账.xlsx", rows))


def test_the_campaigns_five_days_never_outrun_the_laws_fifteen(tmp_path):
    ledger = _ledger(tmp_path, [fields for fields, *_ in CAMPAIGN])
    table = dl.compute(ledger, TODAY)
    for (fields, due, state, article), row in zip(CAMPAIGN, ledger.frame.index, strict=True):
        [notice, *_] = dl.explain(ledger, row)
        got = (table.loc[row, "notice_due"].date(), table.loc[row, "notice_state"], notice.due)
        assert got == (due, state, due), fields["case_id"]
        assert article in notice.article, fields["case_id"]
        if article.startswith("2005"):
            assert "方案不能延长法定期限" in notice.note


def test_check_and_overdue_use_the_laws_date_for_a_late_assignment(tmp_path):
    from xlkit.check.run import check_ledger

    ledger = _ledger(tmp_path, [fields for fields, *_ in CAMPAIGN])
    found = {(f.case_id, f.code): f.message for f in check_ledger(ledger, TODAY).findings
             if f.code in ("C401", "C411")}
    assert "2019年9月17日" in found[("K01", "C411")] and "逾期 11 日" in found[("K01", "C411")]
    assert "2019年9月17日" in found[("K03", "C401")]
    assert ("K04", "C411") not in found and ("K05", "C411") not in found


# -- no notice is owed to a petitioner whose name or address is unclear -------------------------------
# 2005 art. 22(2): “……应当自收到信访事项之日起15日内书面告知信访人。但是，信访人的姓名(名称)、住址不清的除外。”
# 2022 art. 23(2): “……应当自收到信访事项之日起15日内书面告知信访人，但信访人的姓名（名称）、住址不清的除外。”
UNCLEAR = [
    (case("U01", petitioner="匿名", registered_on=D(2021, 3, 1), accepted_on=D(2021, 3, 5)),
     "2005年《信访条例》第二十二条第二款"),
    (case("U02", petitioner="匿名群众", registered_on=D(2023, 3, 1), source="县信访局"),
     "2022年《信访工作条例》第二十三条第二款"),
    # a campaign case: the plan's 当面送达 is as impossible as the law's written notice
    (case("U03", registered_on=D(2019, 9, 2), assigned_on=D(2019, 9, 3), address="不详"),
     "2005年《信访条例》第二十二条第二款"),
]


def test_no_notice_deadline_when_the_petitioner_is_unknown(tmp_path):
    rows = [fields for fields, _ in UNCLEAR]
    # an empty 住址 is only unrecorded, not unclear: the 15 days run (登记 Mon 2021-03-01 → Tue 03-16)
    rows.append(case("U04", registered_on=D(2021, 3, 1)))
    # nor is an address with a part unknown, or a name with a remark: a notice reaches them
    rows.append(case("U05", registered_on=D(2021, 3, 1), address="新宁镇XX村，门牌号不详"))
    rows.append(case("U06", petitioner="张三（电话未留）", registered_on=D(2021, 3, 1)))
    ledger = _ledger(tmp_path, rows)
    table = dl.compute(ledger, TODAY)
    for (fields, article), row in zip(UNCLEAR, ledger.frame.index, strict=False):
        assert pd.isna(table.loc[row, "notice_due"]) and pd.isna(table.loc[row, "notice_state"]), fields["case_id"]
        notice = dl.explain(ledger, row)[0]
        assert (notice.stage, notice.due, notice.article) == (dl.NOTICE, None, article)
        assert "住址不清" in notice.rule
    u01 = ledger.frame.index[0]
    assert table.loc[u01, "opinion_due"].date() == D(2021, 5, 6)  # the handling period still runs
    for index in (3, 4, 5):
        assert table.loc[ledger.frame.index[index], "notice_due"].date() == D(2021, 3, 16), index


def test_a_campaign_case_not_yet_assigned_says_the_plans_days_have_no_start(tmp_path):
    ledger = _ledger(tmp_path, [fields for fields, *_ in CAMPAIGN])
    notice = dl.explain(ledger, ledger.frame.index[2])[0]  # K03
    assert "尚未填写交办日期，方案的 5 日无从起算" in notice.note and "更早" not in notice.note


# -- contradictory dates -------------------------------------------------------------------------------
# 2005 art. 33 / 2022 art. 34: an extension lengthens the handling period still running ("适当延长办理期限"): one
# notified after the opinion was issued means one of the two dates is wrong.
def test_an_extension_notified_after_the_opinion_is_a_date_contradiction(tmp_path):
    from xlkit.check.run import check_ledger

    ledger = _ledger(tmp_path, [case("X01", registered_on=D(2021, 3, 1), accepted_on=D(2021, 3, 5),
                                     opinion_on=D(2021, 4, 1), extended="是", extension_days=20,
                                     extension_notice_on=D(2021, 4, 20), extension_approver="李主任",
                                     extension_reason="需现场核查")])
    found = [f for f in check_ledger(ledger, TODAY).findings if f.code == "C160"]
    assert [(f.column, f.message) for f in found] == [
        ("处理意见出具日期", "“处理意见出具日期”2021年4月1日早于“延期告知日期”2021年4月20日。")]
