"""The county legal reviewer's fourth round (2026-12-02): cases built as a reviewer would, each a ledger row, the
article quoted, what xlkit must say. Earlier rounds: test_law_rules.py, test_legal_review.py, test_legal_recheck.py,
test_legal_trial3.py, test_lawdocs.py.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import helpers
import pytest

from xlkit.read.ledger import read_ledger

D = dt.date
TODAY = D(2026, 12, 1)


case = helpers.legal_case


text_of = helpers.docx_text


def documents_of(tmp_path: Path, rows: list[dict], kinds: list[str]) -> dict[tuple[str, str], str]:
    return helpers.documents_text(tmp_path, rows, kinds, TODAY)


# ---------------------------------------------------------------------------
# 复查/复核 across 2022-05-01. 2022 art. 50: “本条例自2022年5月1日起施行”; art. 35: “信访人对信访处理意见不服的，可以
# 自收到书面答复之日起30日内请求……复查”. An opinion issued on 2022-04-26 states the 2005 rights (art. 34, in force that
# day); the petitioner who receives it on 2022-05-05 and signs the 息诉息访书 on 2022-05-25 asks for 复查, if at all,
# under the 2022 条例 — the 息诉息访书 is signed on its own date and states the rule in force then, as every document
# of xlkit cites the rule in force on its date. Under 2022 a 建议意见类 answer has no 复查 (arts. 29, 35): the
# 息诉息访书 then says nothing of it (and waives nothing).

STRADDLING = dict(registered_on=D(2022, 3, 1), accepted_on=D(2022, 3, 3), acceptance_served_on=D(2022, 3, 4),
                  opinion_on=D(2022, 4, 26), opinion_served_on=D(2022, 5, 5), settled="是")
SETTLEMENTS = [
    (case("Y1", petition_type="求决类", settled_on=D(2022, 5, 25), **STRADDLING),
     "2005年《信访条例》第三十四条、第三十五条", "2022年《信访工作条例》第三十五条、第三十六条"),
    (case("Y2", petition_type="建议意见类", settled_on=D(2022, 5, 25), **STRADDLING),
     "2005年《信访条例》第三十四条、第三十五条", None),
    # signed before 2022-05-01: the 2005 rights
    (case("Y3", petition_type="求决类", settled_on=D(2022, 4, 29),
          **{**STRADDLING, "opinion_served_on": D(2022, 4, 27)}),
     "2005年《信访条例》第三十四条、第三十五条", "2005年《信访条例》第三十四条、第三十五条"),
    # not yet signed (息访日期 blank, printed to be signed): the rule in force on the day it is printed
    (case("Y4", petition_type="求决类", **STRADDLING),
     "2005年《信访条例》第三十四条、第三十五条", "2022年《信访工作条例》第三十五条、第三十六条"),
]


@pytest.mark.parametrize(("row", "opinion_law", "settlement_law"), SETTLEMENTS,
                         ids=[c["case_id"] for c, *_ in SETTLEMENTS])
def test_the_settlement_states_the_review_rights_of_its_own_date(tmp_path, row, opinion_law, settlement_law):
    texts = documents_of(tmp_path, [row], ["信访事项处理意见书", "息诉息访书"])
    opinion, settlement = texts[(row["case_id"], "信访事项处理意见书")], texts[(row["case_id"], "息诉息访书")]
    assert f"根据{opinion_law}的规定，如对本处理意见不服" in opinion
    if settlement_law is None:
        assert "复查" not in settlement and "复核" not in settlement and "特此确认。" in settlement
    else:
        assert f"不影响本人依照{settlement_law}的规定" in settlement, settlement


# ---------------------------------------------------------------------------
# The plan's 5 days before the plan existed. The campaign plan is dated “2018年11月7日” (its 印发 notice) and takes in
# cases petitioned “2018年8月1日起” (§四(一)); its §五(三) “有权处理机关在收到交办信访事项后,应当在5日内向信访人出具
# 受理告知书并当面送达信访人” cannot have bound a 交办 received before it was issued — such a notice was owed under the
# law alone: 2005 art. 22(2) “应当自收到信访事项之日起15日内书面告知信访人” (art. 21(2) for a matter sent to the office).
# xlkit held a case 交办 on 2018-08-02 to the plan's 5 days (due Tue 08-07) and called it 超期 from then.

PLAN_START = [
    # 登记 Wed 2018-08-01, 交办 Thu 08-02: the law's 15 days, Thu 08-16 (the plan's would be Tue 08-07)
    (case("G01", registered_on=D(2018, 8, 1), assigned_on=D(2018, 8, 2)), D(2018, 8, 16), "超期",
     "2005年《信访条例》第二十二条第二款"),
    # served on Fri 08-10: in time under the law (it was 逾期完成 under the plan's 5 days)
    (case("G02", registered_on=D(2018, 8, 1), assigned_on=D(2018, 8, 2), acceptance_served_on=D(2018, 8, 10)),
     D(2018, 8, 16), "已按期完成", "2005年《信访条例》第二十二条第二款"),
    # sent by 县信访局, 交办 the day before the plan: 登记 Thu 11-01 + 15 = Fri 11-16 (art. 21(2))
    (case("G03", source="县信访局", registered_on=D(2018, 11, 1), assigned_on=D(2018, 11, 6)), D(2018, 11, 16), "超期",
     "2005年《信访条例》第二十一条第二款"),
    # 交办 on the day the plan was issued: its 5 days, Wed 11-07 + 5 = Mon 11-12
    (case("G04", registered_on=D(2018, 11, 6), assigned_on=D(2018, 11, 7)), D(2018, 11, 12), "超期",
     "《三年攻坚行动实施方案》四(一)、五(三)"),
    # already right: registered 2018-07-31, before the campaign's cases: the law's 15 days, Wed 08-15
    (case("G05", registered_on=D(2018, 7, 31), assigned_on=D(2018, 8, 1)), D(2018, 8, 15), "超期",
     "2005年《信访条例》第二十二条第二款"),
]


def test_the_plans_five_days_bind_only_assignments_after_it_was_issued(tmp_path):
    from xlkit.check.run import check_ledger
    from xlkit.deadlines import engine as dl

    ledger = read_ledger(helpers.write_ledger(tmp_path / "台账.xlsx", [c for c, *_ in PLAN_START]))
    table = dl.compute(ledger, TODAY)
    findings = {(f.case_id, f.code): f.message for f in check_ledger(ledger, TODAY).findings}
    for (row, due, state, article), index in zip(PLAN_START, ledger.frame.index, strict=True):
        [notice, *_] = dl.explain(ledger, index)
        got = (table.at[index, "notice_due"].date(), table.at[index, "notice_state"], notice.due)
        assert got == (due, state, due), row["case_id"]
        assert notice.article.startswith(article), (row["case_id"], notice.article)
        if state == "超期":
            assert f"（依据：{article}）" in findings[(row["case_id"], "C401")]
    assert ("G02", "C411") not in findings
    g01 = dl.explain(ledger, ledger.frame.index[0])[0]
    assert "2018年11月7日" in g01.note and "方案的 5 日不适用" in g01.note, g01.note


# ---------------------------------------------------------------------------
# A period in working days does not roll. 2022 art. 23(3): “自收到之日起5个工作日内提出异议” — the 5th working day is a
# working day by construction; 《民法典》 art. 203 (“期间的最后一日是法定休假日的，以法定休假日结束的次日为期间的最后
# 一日”) has nothing to act on, only art. 201 (“开始的当日不计入，自下一日开始计算”) does. explain cited both.

def test_a_working_day_period_cites_only_the_start_day_rule(tmp_path):
    from xlkit.deadlines import engine as dl

    rows = [case("Q01", source="县信访局", registered_on=D(2023, 1, 19), acceptance_decision="转送其他机关"),
            case("Q02", source="县信访局", registered_on=D(2023, 1, 19))]
    ledger = read_ledger(helpers.write_ledger(tmp_path / "台账.xlsx", rows))
    objection = dl.explain(ledger, ledger.frame.index[0])[0]
    # Thu 2023-01-19; 01-21…01-27 春节, Sat 01-28 and Sun 01-29 调休 working days: the 5th working day is Tue 01-31
    assert objection.due == D(2023, 1, 31)
    assert objection.article == "2022年《信访工作条例》第二十三条第三款；《民法典》第二百零一条", objection.article
    notice = dl.explain(ledger, ledger.frame.index[1])[0]  # 15 calendar days: Sat 02-03 … → the rule that rolls stays
    assert notice.article.endswith("《民法典》第二百零一条、第二百零三条"), notice.article


# ---------------------------------------------------------------------------
# The 月度调度 workbook's 超期案件 sheet said “期限按法定期间计算，遇节假日顺延” over every row: a campaign case's 5 days are
# the plan's (§五(三)), not the law's; a 上级报结期限 is the date the higher body gave, never rolled; the 2022 art. 23(3)
# objection (“5个工作日内”) is counted in working days, which do not roll either. (The 催办单 already says 办理期限.)

def test_the_monthly_overdue_sheet_does_not_call_every_date_statutory(tmp_path):
    import openpyxl

    from xlkit.analysis.kpi import Period
    from xlkit.analysis.monthly import build_monthly, write_monthly

    rows = [case("M01", registered_on=D(2019, 9, 2), assigned_on=D(2019, 9, 3)),  # the plan's 5 days
            case("M02", source="县纪委", registered_on=D(2021, 3, 1), acceptance_served_on=D(2021, 3, 5),
                 upper_deadline=D(2021, 5, 15)),  # Sat 2021-05-15, given: not rolled
            case("M03", source="县信访局", registered_on=D(2022, 9, 30), acceptance_decision="转送其他机关")]
    ledger = read_ledger(helpers.write_ledger(tmp_path / "台账.xlsx", rows))
    path = write_monthly(build_monthly(ledger, Period.month("2022-10"), D(2022, 10, 31)), tmp_path / "月度.xlsx")
    sheet = openpyxl.load_workbook(path)["超期案件"]
    text = "\n".join(str(c.value) for row in sheet.iter_rows(max_row=4) for c in row if c.value is not None)
    assert {"M01", "M02", "M03"} <= {c.value for c in sheet["A"]}
    assert "期限按法定期间计算" not in text and "遇节假日顺延" not in text.replace("按日计算的末日遇节假日顺延", ""), text
    assert "上级交办机关给定的报结期限" in text and "不顺延" in text and "实施方案" in text, text
