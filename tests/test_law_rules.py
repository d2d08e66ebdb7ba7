"""The legal rules of issue 10, one table per rule (Signalen style: start, days, expected, weekday).

Each case is a ledger row built here; compute(), explain() and check agree on every one, and the
template's formulas are held to compute() by tests/test_template.py on the same kinds of cases.
"""

from __future__ import annotations

import datetime as dt

import helpers
import pandas as pd
import pytest

from xlkit.check.run import check_ledger
from xlkit.deadlines import engine as dl
from xlkit.read.ledger import read_ledger

D = dt.date
TODAY = D(2023, 3, 1)  # Wednesday


def case(case_id: str, **fields):
    return {"case_id": case_id, "petitioner": "张三", "acceptance_decision": "受理", **fields}


# -- items 1–3: the written acceptance decision, counted from receipt ------------------------------
# (case, due, article in the explanation) — 15 calendar days from 登记日期, start excluded, rolled
NOTICE = [
    # 登记 Tue 2021-09-28 + 15 = Wed 10-13 (the 交办 date does not matter outside the campaign)
    (case("N01", registered_on=D(2021, 9, 28), assigned_on=D(2021, 10, 8), source="本办受理"),
     D(2021, 10, 13), "2005年《信访条例》第二十二条第二款"),
    (case("N02", registered_on=D(2021, 9, 28), assigned_on=D(2021, 10, 8), source="县信访局"),
     D(2021, 10, 13), "2005年《信访条例》第二十一条第二款"),
    # 登记 Fri 2023-01-06 + 15 = Sat 01-21 (春节) → Sat 01-28, a 调休 working day
    (case("N03", registered_on=D(2023, 1, 6), assigned_on=D(2023, 1, 9), source="本办受理"),
     D(2023, 1, 28), "2022年《信访工作条例》第二十三条第二款"),
    (case("N04", registered_on=D(2023, 1, 6), assigned_on=D(2023, 1, 9), source="县纪委"),
     D(2023, 1, 28), "2022年《信访工作条例》第二十三条第三款"),
    # an empty 案件来源 counts as petitioned directly
    (case("N05", registered_on=D(2023, 1, 6)), D(2023, 1, 28), "2022年《信访工作条例》第二十三条第二款"),
    # item 2: in the campaign years only 求决类 gets the 5-day rule; 登记 Mon 2019-09-16 + 15 = Tue 10-01 (国庆)
    # → Tue 10-08
    (case("N06", registered_on=D(2019, 9, 16), assigned_on=D(2019, 9, 17), source="县信访局", petition_type="建议意见类"),
     D(2019, 10, 8), "2005年《信访条例》第二十一条第二款"),
    (case("N07", registered_on=D(2019, 9, 16), assigned_on=D(2019, 9, 17), source="本办受理", petition_type="检举控告类"),
     D(2019, 10, 8), "2005年《信访条例》第二十二条第二款"),
    # 交办 Tue 2019-09-17 + 5 = Sun 09-22 → Mon 09-23 (求决类, and an empty 信访类型 counts as 求决类)
    (case("N08", registered_on=D(2019, 9, 16), assigned_on=D(2019, 9, 17), petition_type="求决类"),
     D(2019, 9, 23), "《三年攻坚行动实施方案》四(一)、五(三)"),
    (case("N09", registered_on=D(2019, 9, 16), assigned_on=D(2019, 9, 17)), D(2019, 9, 23), "五(三)"),
    # item 3: 不予受理 and 转送 are decisions with the same notice period
    (case("N10", registered_on=D(2019, 9, 16), assigned_on=D(2019, 9, 17), acceptance_decision="不予受理",
          accepted_on=D(2019, 9, 18)), D(2019, 9, 23), "五(三)"),
    # 登记 Mon 2022-06-06 + 15 = Tue 06-21
    (case("N11", registered_on=D(2022, 6, 6), source="县信访局", acceptance_decision="转送其他机关",
          accepted_on=D(2022, 6, 8)), D(2022, 6, 21), "2022年《信访工作条例》第二十三条第三款"),
    # 登记 Mon 2021-03-01 + 15 = Tue 03-16, though 交办 came nine days later
    (case("N12", registered_on=D(2021, 3, 1), assigned_on=D(2021, 3, 10), acceptance_decision="不予受理"),
     D(2021, 3, 16), "2005年《信访条例》第二十二条第二款"),
]

# -- item 4: handling periods by kind ----------------------------------------------------------------
# (case, due or None, article)
OPINION = [
    # 受理 Fri 2022-06-10 + 60 = Tue 08-09 for 申诉求决类 (an empty or 其他 信访类型 too)
    (case("O01", registered_on=D(2022, 6, 6), accepted_on=D(2022, 6, 10), petition_type="求决类"),
     D(2022, 8, 9), "2022年《信访工作条例》第三十四条"),
    (case("O02", registered_on=D(2022, 6, 6), accepted_on=D(2022, 6, 10)), D(2022, 8, 9), "第三十四条"),
    (case("O03", registered_on=D(2022, 6, 6), accepted_on=D(2022, 6, 10), petition_type="其他"),
     D(2022, 8, 9), "第三十四条"),
    # 建议意见类 and 检举控告类 under the 2022 条例: no 60-day deadline
    (case("O04", registered_on=D(2022, 6, 6), accepted_on=D(2022, 6, 10), petition_type="建议意见类"),
     None, "2022年《信访工作条例》第二十九条第一款"),
    (case("O05", registered_on=D(2022, 6, 6), accepted_on=D(2022, 6, 10), petition_type="检举控告类"),
     None, "2022年《信访工作条例》第三十条第一款"),
    # under 2005 art. 33 every accepted matter has 60 days: 受理 Fri 2022-04-29 + 60 = Tue 06-28
    (case("O06", registered_on=D(2022, 4, 25), accepted_on=D(2022, 4, 29), petition_type="建议意见类"),
     D(2022, 6, 28), "2005年《信访条例》第三十三条"),
    # 受理 Mon 2021-03-01 + 60 = Fri 04-30
    (case("O07", registered_on=D(2021, 2, 26), accepted_on=D(2021, 3, 1), petition_type="检举控告类"),
     D(2021, 4, 30), "2005年《信访条例》第三十三条"),
]


def _ledger(tmp_path_factory, name, rows):
    return read_ledger(helpers.write_ledger(tmp_path_factory.mktemp(name) / "台账.xlsx", rows))


@pytest.fixture(scope="module")
def notice_ledger(tmp_path_factory):
    return _ledger(tmp_path_factory, "notice", [c for c, _, _ in NOTICE])


@pytest.fixture(scope="module")
def opinion_ledger(tmp_path_factory):
    return _ledger(tmp_path_factory, "opinion", [c for c, _, _ in OPINION])


def _row(ledger, case_id):
    return int(ledger.frame.index[ledger.frame["case_id"] == case_id][0])


def _explained(ledger, case_id, stage):
    found = [e for e in dl.explain(ledger, _row(ledger, case_id)) if e.stage == stage]
    return found[0] if found else None


@pytest.mark.parametrize(("fields", "due", "article"), NOTICE, ids=[c["case_id"] for c, _, _ in NOTICE])
def test_the_acceptance_decision_is_due_from_receipt(notice_ledger, fields, due, article):
    table = dl.compute(notice_ledger, TODAY)
    row = _row(notice_ledger, fields["case_id"])
    assert table.at[row, "notice_due"].date() == due
    explained = _explained(notice_ledger, fields["case_id"], dl.NOTICE)
    assert explained.due == due and article in explained.article
    assert explained.start == (fields["assigned_on"] if "实施方案" in explained.article or "五(三)" in article
                               else fields["registered_on"])
    assert table.at[row, "notice_state"] == dl.OVERDUE  # no 受理告知书送达日期: tracked like any stage


def test_not_accepted_cases_have_only_the_notice(notice_ledger):
    table = dl.compute(notice_ledger, TODAY)
    for case_id in ("N10", "N11", "N12"):
        row = _row(notice_ledger, case_id)
        assert pd.isna(table.at[row, "opinion_due"]) and pd.isna(table.at[row, "analysis_due"])
        [notice] = dl.explain(notice_ledger, row)
        assert "此类案件不计处理意见期限" in notice.note
    assert "不予受理告知书" in _explained(notice_ledger, "N10", dl.NOTICE).note
    transferred = _explained(notice_ledger, "N11", dl.NOTICE).note
    assert "转送告知书" in transferred and "5 个工作日内向转送、交办机关提出异议" in transferred


def test_overdue_lists_the_decision_notice(notice_ledger):
    from xlkit.check.run import overdue_items

    items = {(i["case_id"], i["stage"]) for i in overdue_items(notice_ledger, TODAY)}
    assert {("N10", dl.NOTICE), ("N11", dl.NOTICE), ("N12", dl.NOTICE)} <= items


def test_check_c309_says_what_explain_says(notice_ledger):
    """Item 2: a 建议意见类/检举控告类 case of the campaign years is outside the campaign, with the statutory notice."""
    findings = [f for f in check_ledger(notice_ledger, TODAY).findings if f.code == "C309"]
    by_case = {f.case_id: f.message for f in findings}
    assert set(by_case) == {"N06", "N07"}
    for case_id in ("N06", "N07"):
        explained = _explained(notice_ledger, case_id, dl.NOTICE)
        assert "15 日" in by_case[case_id] and explained.article.split("；")[0] in by_case[case_id]


@pytest.mark.parametrize(("fields", "due", "article"), OPINION, ids=[c["case_id"] for c, _, _ in OPINION])
def test_handling_periods_by_kind(opinion_ledger, fields, due, article):
    table = dl.compute(opinion_ledger, TODAY)
    row = _row(opinion_ledger, fields["case_id"])
    got = table.at[row, "opinion_due"]
    assert (None if pd.isna(got) else got.date()) == due
    explained = _explained(opinion_ledger, fields["case_id"], dl.OPINION)
    assert explained.due == due and article in explained.article
    if due is None:
        assert pd.isna(table.at[row, "opinion_state"])
        text = "\n".join(explained.lines(dl.calendar_for(opinion_ledger)))
        assert "不设期限" in text and "条例未规定办理期限" in text


def test_a_case_without_a_handling_period_is_never_overdue(opinion_ledger):
    findings = check_ledger(opinion_ledger, TODAY).findings
    late = {f.case_id for f in findings if f.code == "C402"}
    assert late == {"O01", "O02", "O03", "O06", "O07"}  # not O04 (建议意见类) nor O05 (检举控告类)
