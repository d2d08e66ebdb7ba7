"""Deadlines per case on real .xlsx ledgers: compute() agrees with explain(), states, extensions."""

from __future__ import annotations

import datetime as dt

import helpers
import pandas as pd
import pytest

from xlkit.deadlines import engine as dl
from xlkit.read.ledger import read_ledger

D = dt.date
TODAY = D(2019, 11, 15)


def case(case_id: str, **fields):
    base = dict(case_id=case_id, petitioner="张三", registered_on=D(2019, 9, 16), assigned_on=D(2019, 9, 16),
                acceptance_decision="受理")
    return {**base, **fields}


# (case, expected {stage: state}, why) — judged as of TODAY (Fri 2019-11-15), 临期 = within 7 days
CASES = [
    (case("A-on-time", accepted_on=D(2019, 9, 20), acceptance_served_on=D(2019, 9, 20), opinion_on=D(2019, 11, 1),
          settled="是", settled_on=D(2019, 11, 5)),
     {dl.NOTICE: dl.ON_TIME, dl.OPINION: dl.ON_TIME, dl.ANALYSIS: None}, "everything in time"),
    (case("B-late", assigned_on=D(2019, 9, 2), accepted_on=D(2019, 8, 2), acceptance_served_on=D(2019, 9, 10),
          opinion_on=D(2019, 10, 9), settled="是", settled_on=D(2019, 10, 20)),
     {dl.NOTICE: dl.LATE, dl.OPINION: dl.LATE, dl.ANALYSIS: dl.LAPSED},
     "notice due Mon 09-09 served 09-10; opinion due 10-08 given 10-09; settled after day 60, never analysed"),
    (case("C-open", accepted_on=D(2019, 10, 8), acceptance_served_on=D(2019, 9, 20)),
     {dl.NOTICE: dl.ON_TIME, dl.OPINION: dl.OPEN, dl.ANALYSIS: None}, "opinion due 2019-12-09; day 60 not yet come"),
    (case("D-soon", accepted_on=D(2019, 9, 20), acceptance_served_on=D(2019, 9, 20)),
     {dl.NOTICE: dl.ON_TIME, dl.OPINION: dl.DUE_SOON, dl.ANALYSIS: None},
     "due Tue 11-19, 4 days left; the analysis is no deadline: nothing until day 60"),
    (case("E-overdue", assigned_on=D(2019, 11, 4), accepted_on=D(2019, 8, 2)),
     {dl.NOTICE: dl.OVERDUE, dl.OPINION: dl.OVERDUE, dl.ANALYSIS: dl.TODO},
     "notice due at the latest by the law's 15 days from 登记 Mon 09-16: Tue 10-01 (国庆) → Tue 10-08, the plan's 5 "
     "days from the late 交办 (Sat 11-09 → Mon 11-11) cannot extend it; opinion due 10-08, both open; the analysis "
     "a task since Tue 10-08"),
    (case("F-yanqi", accepted_on=D(2019, 8, 2), acceptance_served_on=D(2019, 9, 18), extended="是",
          extension_days=30, extension_notice_on=D(2019, 9, 30), extension_reason="情况复杂", extension_approver="李主任"),
     {dl.NOTICE: dl.ON_TIME, dl.OPINION: dl.OVERDUE, dl.ANALYSIS: dl.TODO},
     "approved, notified before the original due Tue 10-08: due 10-08 + 30 = Thu 11-07, 8 days ago"),
    (case("F2-yanqi-unapproved", accepted_on=D(2019, 8, 2), acceptance_served_on=D(2019, 9, 18), extended="是",
          extension_days=30, extension_notice_on=D(2019, 9, 30), extension_reason="情况复杂"),
     {dl.NOTICE: dl.ON_TIME, dl.OPINION: dl.OVERDUE, dl.ANALYSIS: dl.TODO},
     "no 延期批准人: the extension does not count, due stays Tue 10-08"),
    (case("G-yanqi-late", accepted_on=D(2019, 8, 2), acceptance_served_on=D(2019, 9, 18), extended="是",
          extension_days=30, extension_notice_on=D(2019, 10, 9), extension_reason="情况复杂", extension_approver="李主任"),
     {dl.NOTICE: dl.ON_TIME, dl.OPINION: dl.OVERDUE, dl.ANALYSIS: dl.TODO},
     "notice of extension after the original due date: not counted"),
    (case("H-rejected", acceptance_decision="不予受理", accepted_on=D(2019, 8, 2)),
     {dl.NOTICE: dl.OVERDUE, dl.OPINION: None, dl.ANALYSIS: None},
     "不予受理: its notice is due Sat 09-21 → Mon 09-23 and unserved; no handling deadlines"),
    (case("I-transferred", acceptance_decision="转送其他机关", accepted_on=D(2019, 8, 2),
          acceptance_served_on=D(2019, 9, 20)),
     {dl.NOTICE: dl.ON_TIME, dl.OPINION: None, dl.ANALYSIS: None},
     "转送其他机关: the notice served Fri 09-20, in time; no handling deadlines"),
    (case("J-analysed", accepted_on=D(2019, 8, 2), acceptance_served_on=D(2019, 9, 18), opinion_on=D(2019, 9, 30),
          unsettled_analysis="诉求过高", next_steps="继续做思想工作"),
     {dl.NOTICE: dl.ON_TIME, dl.OPINION: dl.ON_TIME, dl.ANALYSIS: dl.DONE}, "unsettled but analysed"),
    (case("K-rebounded", accepted_on=D(2019, 8, 2), acceptance_served_on=D(2019, 9, 18), opinion_on=D(2019, 9, 30),
          settled="是", settled_on=D(2019, 10, 1), rebounded="是", rebounded_on=TODAY),
     {dl.NOTICE: dl.ON_TIME, dl.OPINION: dl.ON_TIME, dl.ANALYSIS: dl.TODO},
     "rebounded after day 60: the analysis is a task from the rebound day (today)"),
    (case("L-2027", registered_on=D(2027, 1, 20), assigned_on=D(2027, 1, 22), accepted_on=D(2027, 1, 26)),
     {dl.NOTICE: dl.OPEN, dl.OPINION: dl.OPEN, dl.ANALYSIS: None}, "a year without holiday data"),
]


@pytest.fixture(scope="module")
def ledger(tmp_path_factory):
    path = helpers.write_ledger(tmp_path_factory.mktemp("deadlines") / "台账.xlsx", [c for c, _, _ in CASES])
    return read_ledger(path)


@pytest.fixture(scope="module")
def table(ledger):
    return dl.compute(ledger, TODAY)


def _row(ledger, case_id):
    return int(ledger.frame.index[ledger.frame["case_id"] == case_id][0])


@pytest.mark.parametrize(("case_", "states", "why"), CASES, ids=[c["case_id"] for c, _, _ in CASES])
def test_states(ledger, table, case_, states, why):
    row = _row(ledger, case_["case_id"])
    for stage, expected in states.items():
        got = table.loc[row, f"{dl.STAGE_KEYS[stage]}_state"]
        assert (None if pd.isna(got) else got) == expected, f"{stage}: {why}"


def test_compute_agrees_with_explain_for_every_row(ledger, table):
    calendar = dl.calendar_for(ledger)
    for row in ledger.frame.index:
        explained = {e.stage: e for e in dl.explain(ledger, int(row), calendar)}
        for stage, key in dl.STAGE_KEYS.items():
            due = table.loc[row, f"{key}_due"]
            if stage in explained and explained[stage].due is not None:
                assert due.date() == explained[stage].due, (row, stage)
            else:
                assert pd.isna(due), (row, stage)


def test_explained_dates(ledger, table):
    row = _row(ledger, "E-overdue")
    # 交办 11-04 + 5 = Sat 11-09 → Mon 11-11 is later than the law's 登记 09-16 + 15 = Tue 10-01 (国庆) → Tue 10-08
    assert table.loc[row, "notice_due"].date() == D(2019, 10, 8)
    assert table.loc[row, "opinion_due"].date() == D(2019, 10, 8)
    assert table.loc[row, "opinion_days_left"] == -38
    [notice, opinion, analysis] = dl.explain(ledger, row)
    assert notice.skipped == tuple(D(2019, 10, d) for d in range(1, 8))
    assert notice.article.startswith("2005年《信访条例》第二十二条第二款") and "方案不能延长法定期限" in notice.note
    assert len(opinion.skipped) == 7 and "第三十三条" in opinion.article
    assert analysis.stage == dl.ANALYSIS


def test_extension_counted_from_the_rolled_original_due(ledger, table):
    row = _row(ledger, "F-yanqi")
    assert bool(table.loc[row, "extension_counted"])
    assert table.loc[row, "opinion_original_due"].date() == D(2019, 10, 8)
    assert table.loc[row, "opinion_due"].date() == D(2019, 11, 7)  # Tue 10-08 + 30 = Thu 11-07
    [_, opinion, _] = dl.explain(ledger, row)
    assert opinion.start == D(2019, 10, 8) and opinion.days == 30 and "已告知延期" in opinion.note


def test_extension_notified_late_is_not_counted(ledger, table):
    row = _row(ledger, "G-yanqi-late")
    assert not bool(table.loc[row, "extension_counted"])
    assert table.loc[row, "opinion_due"].date() == D(2019, 10, 8)
    [_, opinion, _] = dl.explain(ledger, row)
    assert "延期不计入期限" in opinion.note


def test_not_handled_decisions_have_no_handling_deadlines(ledger, table):
    for case_id in ("H-rejected", "I-transferred"):
        row = _row(ledger, case_id)
        assert [e.stage for e in dl.explain(ledger, row)] == [dl.NOTICE]  # the decision notice only
        assert table.loc[row, "notice_due"].date() == D(2019, 9, 23)
        assert table.loc[row, ["opinion_due", "analysis_due"]].isna().all()


def test_uncovered_year_is_reported(ledger, table):
    row = _row(ledger, "L-2027")
    assert table.loc[row, "uncovered_year"] == 2027
    assert table["uncovered_year"].notna().sum() == 1
    [notice, opinion, _] = dl.explain(ledger, row)
    assert opinion.uncovered_years == (2027,) and opinion.due == D(2027, 3, 29)
    assert any("2027 年的节假日安排尚无数据" in line for line in opinion.lines(dl.calendar_for(ledger)))


def test_notice_start_setting_switches_to_registration(tmp_path):
    import openpyxl

    path = helpers.write_ledger(tmp_path / "台账.xlsx", [case("X", registered_on=D(2019, 9, 2),
                                                              assigned_on=D(2019, 9, 16))])
    workbook = openpyxl.load_workbook(path)
    settings = workbook.create_sheet("设置")
    settings.append(["受理告知起算", "登记日期"])
    workbook.save(path)
    ledger = read_ledger(path)
    table = dl.compute(ledger, TODAY)
    assert table.iloc[0]["notice_due"].date() == D(2019, 9, 9)  # Mon 09-02 + 5 = Sat 09-07 → Mon 09-09
    [notice] = dl.explain(ledger, int(ledger.frame.index[0]))
    assert notice.start_label == "登记日期"


def test_statutory_notice_outside_the_campaign(tmp_path):
    path = helpers.write_ledger(tmp_path / "台账.xlsx", [case("Y", registered_on=D(2021, 3, 1),
                                                              assigned_on=D(2021, 3, 1), source="县信访局")])
    ledger = read_ledger(path)
    [notice] = dl.explain(ledger, int(ledger.frame.index[0]))
    assert notice.days == 15 and "第二十一条第二款" in notice.article  # transferred by 县信访局
    assert dl.compute(ledger, TODAY).iloc[0]["notice_due"].date() == D(2021, 3, 16)


def test_a_rebound_after_day_60_is_explained_as_computed(tmp_path):
    path = helpers.write_ledger(tmp_path / "t.xlsx", [dict(
        case_id="R1", petitioner="甲", accepted_on=D(2019, 9, 2), opinion_on=D(2019, 10, 1), settled="是",
        settled_on=D(2019, 10, 10), rebounded="是", rebounded_on=D(2020, 3, 2))])
    ledger = read_ledger(path)
    table = dl.compute(ledger, D(2020, 3, 1))
    [analysis] = [e for e in dl.explain(ledger, 3) if e.stage == dl.ANALYSIS]
    assert analysis.due == table.at[3, "analysis_due"].date() == D(2020, 3, 2)
    assert table.at[3, "analysis_state"] is None  # the task arises on Mon 03-02, tomorrow
    assert "当日即成为待办" in "\n".join(analysis.lines(dl.calendar_for(ledger)))


def test_without_a_extended_column_filled_extension_days_count(tmp_path):
    path = helpers.write_ledger(tmp_path / "t.xlsx", [dict(
        case_id="E1", petitioner="甲", accepted_on=D(2019, 9, 20), extension_days=30,
        extension_notice_on=D(2019, 11, 10), opinion_on=D(2019, 12, 10))],
        headers=["案件编号", "信访人", "受理日期", "延期天数", "延期告知日期", "处理意见出具日期"])
    ledger = read_ledger(path)
    table = dl.compute(ledger, D(2020, 1, 1))
    assert table.at[3, "opinion_due"].date() == D(2019, 12, 19)
    assert table.at[3, "opinion_state"] == dl.ON_TIME
    assert [e.due for e in dl.explain(ledger, 3) if e.stage == dl.OPINION] == [D(2019, 12, 19)]
