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
    # 登记 Mon 2022-06-06 + 15 = Tue 06-21 (a 转送其他机关 of a matter sent to the office is 2022 art. 23(3)'s objection
    # within 5 working days instead: tests/test_legal_recheck.py)
    (case("N11", registered_on=D(2022, 6, 6), source="县信访局", acceptance_decision="不予受理",
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
    # 2022 art. 23(3): sent to the office and not within its powers (the default ground of a refusal): the
    # objection to the sender, no notice to the petitioner (review finding: 23(3) was cited in a 不予受理告知书)
    transferred = _explained(notice_ledger, "N11", dl.NOTICE).note
    assert "5 个工作日内向转送、交办机关提出异议" in transferred and "不向信访人出具告知书" in transferred


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


# -- item 5: the 60-day unsettled analysis is a task, not a deadline ----------------------------------
def answered(case_id: str, **fields):
    """A case whose notice and opinion came in time: only its settling is open."""
    accepted = fields["accepted_on"]
    return case(case_id, acceptance_served_on=accepted, opinion_on=accepted + dt.timedelta(days=30), **fields)


# (case, state as of TODAY, the day it became a task, article in the explanation)
ANALYSIS = [
    # campaign 求决类: 受理 Fri 2019-08-02 + 60 = Tue 10-01 (国庆) → Tue 10-08
    (answered("A01", registered_on=D(2019, 7, 30), accepted_on=D(2019, 8, 2), settled="否"),
     dl.TODO, D(2019, 10, 8), "《三年攻坚行动实施方案》五(二)"),
    # after the campaign: the office's own practice, no plan cited; 受理 Mon 2021-03-01 + 60 = Fri 04-30
    (answered("A02", registered_on=D(2021, 2, 26), accepted_on=D(2021, 3, 1), settled="否"),
     dl.TODO, D(2021, 4, 30), "本办工作做法"),
    # rebounded long after day 60: a task from the rebound day, Mon 2022-01-10
    (answered("A03", registered_on=D(2021, 2, 26), accepted_on=D(2021, 3, 1), settled="是", settled_on=D(2021, 4, 1),
          rebounded="是", rebounded_on=D(2022, 1, 10)), dl.TODO, D(2022, 1, 10), "本办工作做法"),
    # settled only after day 60 and never analysed: no longer open
    (answered("A04", registered_on=D(2021, 2, 26), accepted_on=D(2021, 3, 1), settled="是", settled_on=D(2021, 6, 1)),
     dl.LAPSED, D(2021, 4, 30), "本办工作做法"),
    (answered("A05", registered_on=D(2019, 7, 30), accepted_on=D(2019, 8, 2), settled="否", unsettled_analysis="诉求过高",
          next_steps="包案化解"), dl.DONE, D(2019, 10, 8), "五(二)"),
    # day 60 still ahead: 受理 Wed 2023-02-01 + 60 = Sun 04-02 → Mon 04-03
    (answered("A06", registered_on=D(2023, 1, 30), accepted_on=D(2023, 2, 1), settled="否"), None, D(2023, 4, 3),
     "本办工作做法"),
    # settled in time: no task
    (answered("A07", registered_on=D(2021, 2, 26), accepted_on=D(2021, 3, 1), settled="是", settled_on=D(2021, 4, 1)),
     None, None, None),
]


@pytest.fixture(scope="module")
def analysis_ledger(tmp_path_factory):
    return _ledger(tmp_path_factory, "analysis", [c for c, *_ in ANALYSIS])


@pytest.mark.parametrize(("fields", "state", "since", "article"), ANALYSIS, ids=[c["case_id"] for c, *_ in ANALYSIS])
def test_the_unsettled_analysis_is_an_open_task(analysis_ledger, fields, state, since, article):
    table = dl.compute(analysis_ledger, TODAY)
    row = _row(analysis_ledger, fields["case_id"])
    got = table.at[row, "analysis_state"]
    assert (None if pd.isna(got) else got) == state
    due = table.at[row, "analysis_due"]
    assert (None if pd.isna(due) else due.date()) == since
    explained = _explained(analysis_ledger, fields["case_id"], dl.ANALYSIS)
    if since is None:
        assert explained is None
        return
    assert explained.due == since and article in explained.article
    text = "\n".join(explained.lines(dl.calendar_for(analysis_ledger)))
    assert "待办" in text and "方案未规定完成时限" in text and "期限" not in text.splitlines()[0]
    if "本办" in article:
        assert "实施方案》五" not in explained.article  # nothing cited from the plan after the campaign


def test_an_open_task_is_never_overdue(analysis_ledger, tmp_path):
    from click.testing import CliRunner

    from xlkit.check.run import overdue_items
    from xlkit.cli import cli

    items = overdue_items(analysis_ledger, TODAY)
    assert {(i["case_id"], i["state"]) for i in items} == {("A01", "待办"), ("A02", "待办"), ("A03", "待办")}
    a01 = next(i for i in items if i["case_id"] == "A01")
    assert a01["since"] == "2019-10-08" and a01["days_since"] == (TODAY - D(2019, 10, 8)).days
    result = CliRunner().invoke(cli, ["overdue", str(analysis_ledger.path), "--today", TODAY.isoformat()])
    assert result.exit_code == 0, result.output  # only tasks: nothing 超期
    assert "超期 0 项" in result.output and "待办 3 项" in result.output
    findings = [f for f in check_ledger(analysis_ledger, TODAY).findings if f.code in ("C308", "C402", "C401")]
    assert {f.case_id for f in findings if f.code == "C308"} == {"A01", "A02", "A03", "A04"}
    assert all("超期" not in f.message for f in findings if f.code == "C308")


def test_a_setting_drops_the_task_outside_the_campaign(tmp_path):
    import openpyxl

    path = helpers.write_ledger(tmp_path / "台账.xlsx", [c for c, *_ in ANALYSIS])
    workbook = openpyxl.load_workbook(path)
    workbook.create_sheet("设置").append(["攻坚期外息访分析", "否"])
    workbook.save(path)
    ledger = read_ledger(path)
    table = dl.compute(ledger, TODAY).set_index(ledger.frame["case_id"])
    assert table.loc["A01", "analysis_state"] == dl.TODO  # a campaign case keeps the plan's task
    assert table.loc[["A02", "A03", "A04", "A06"], "analysis_due"].isna().all()


# -- item 6: an extension needs its approver -----------------------------------------------------------
EXTENDED = dict(registered_on=D(2019, 9, 16), assigned_on=D(2019, 9, 17), accepted_on=D(2019, 9, 20), extended="是",
                extension_days=30, extension_notice_on=D(2019, 11, 10), extension_reason="情况复杂")
# (case, due) — 受理 Fri 2019-09-20 + 60 = Tue 11-19; approved: + 30 = Thu 12-19
EXTENSIONS = [
    (case("E01", **EXTENDED, extension_approver="李主任"), D(2019, 12, 19)),
    (case("E02", **EXTENDED), D(2019, 11, 19)),  # no approver: the extension does not count
]


def test_an_extension_counts_only_with_its_approver(tmp_path):
    ledger = read_ledger(helpers.write_ledger(tmp_path / "t.xlsx", [c for c, _ in EXTENSIONS]))
    table = dl.compute(ledger, TODAY)
    for fields, due in EXTENSIONS:
        row = _row(ledger, fields["case_id"])
        assert table.at[row, "opinion_due"].date() == due
        assert _explained(ledger, fields["case_id"], dl.OPINION).due == due
    assert "没有延期批准人" in _explained(ledger, "E02", dl.OPINION).note
    c314 = [f for f in check_ledger(ledger, TODAY).findings if f.code == "C314"]
    assert [(f.case_id, f.column, f.severity.value) for f in c314] == [("E02", "延期批准人", "错误")]


def test_without_an_approver_column_the_extension_still_counts(tmp_path):
    headers = ["案件编号", "信访人", "登记日期", "受理日期", "是否延期", "延期天数", "延期告知日期", "延期理由"]
    ledger = read_ledger(helpers.write_ledger(tmp_path / "t.xlsx", [case("E03", **EXTENDED)], headers=headers))
    assert dl.compute(ledger, TODAY).iloc[0]["opinion_due"].date() == D(2019, 12, 19)
    notes = [f for f in check_ledger(ledger, TODAY).findings if f.code == "C001" and "C314" in f.message]
    assert notes and "延期批准人" in notes[0].message


# -- item 9: the higher body's deadline --------------------------------------------------------------
UPPER = dict(registered_on=D(2021, 3, 1), source="县纪委", acceptance_served_on=D(2021, 3, 5))
# (case, state, C-code) — 上级报结期限 Sat 2021-05-15 is the due date itself: given, so not rolled
REPORTS = [
    (case("U01", **UPPER, upper_deadline=D(2021, 5, 15), reported_on=D(2021, 5, 15)), dl.ON_TIME, None),
    (case("U02", **UPPER, upper_deadline=D(2021, 5, 15), reported_on=D(2021, 5, 17)), dl.LATE, "C413"),  # Mon
    (case("U03", **UPPER, upper_deadline=D(2021, 5, 15)), dl.OVERDUE, "C403"),
    # a 转送 case still owes the higher body its report
    (case("U04", **UPPER, acceptance_decision="转送其他机关", upper_deadline=D(2021, 5, 15)), dl.OVERDUE, "C403"),
    # a 报结期限 before the case was received: a finding
    (case("U05", **UPPER, upper_deadline=D(2021, 2, 26), reported_on=D(2021, 2, 26)), dl.ON_TIME, "C160"),
    (case("U06", **UPPER), None, None),
]


def test_the_higher_bodys_deadline_is_a_stage(tmp_path):
    ledger = read_ledger(helpers.write_ledger(tmp_path / "t.xlsx", [c for c, *_ in REPORTS]))
    table = dl.compute(ledger, TODAY)
    findings = check_ledger(ledger, TODAY).findings
    from xlkit.check.run import overdue_items

    overdue = {i["case_id"] for i in overdue_items(ledger, TODAY) if i["stage"] == dl.UPPER}
    for fields, state, code in REPORTS:
        row = _row(ledger, fields["case_id"])
        got = table.at[row, "upper_state"]
        assert (None if pd.isna(got) else got) == state, fields["case_id"]
        explained = _explained(ledger, fields["case_id"], dl.UPPER)
        if state is None:
            assert explained is None and pd.isna(table.at[row, "upper_due"])
            continue
        assert explained.due == table.at[row, "upper_due"].date() == fields["upper_deadline"]
        assert "不顺延" in "\n".join(explained.lines(dl.calendar_for(ledger)))
        codes = {f.code for f in findings if f.case_id == fields["case_id"] and f.code in ("C403", "C413", "C160")}
        assert codes == ({code} if code else set()), fields["case_id"]
        assert (fields["case_id"] in overdue) == (state == dl.OVERDUE)
