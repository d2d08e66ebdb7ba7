"""KPIs on a hand-built ledger whose answers are worked out here, case by case (DESIGN §7)."""

from __future__ import annotations

import datetime as dt

import helpers
import pytest
from kpi_cases import ROWS, TODAY, case

from xlkit.analysis.kpi import KPI_NAMES, NO_TARGET, NO_UNIT, TARGETS, Period, compute_kpis, mark
from xlkit.deadlines.engine import compute
from xlkit.read.ledger import read_ledger

d = dt.date

EXPECTED_Q3 = {
    "建档立卡率": (7, 8),  # A..J minus E and F = 8 cases; B lacks 登记人
    "答复率": (4, 5),  # base: A B C I J (D not yet due, G not accepted, H not handled); answered A B I J
    "按期答复率": (3, 5),  # B was late
    "书面送达签字率": (3, 4),  # served A B I J; B not signed
    "化解率": (2, 4),  # answered A B I J; A and J settled, B rebounded, I not settled
    "参评率": (3, 4),  # served A B I J; J 未参评
    "满意率": (2, 3),  # evaluated A B I; A 满意, B 基本满意
}

EXPECTED_UNITS = {
    "环卫股": {"建档立卡率": (2, 3), "答复率": (2, 3), "按期答复率": (1, 3), "书面送达签字率": (1, 2),
             "化解率": (1, 2), "参评率": (2, 2), "满意率": (2, 2)},
    "市容股": {"建档立卡率": (3, 3), "答复率": (0, 0), "按期答复率": (0, 0), "书面送达签字率": (0, 0),
             "化解率": (0, 0), "参评率": (0, 0), "满意率": (0, 0)},
    "村镇股": {"建档立卡率": (2, 2), "答复率": (2, 2), "按期答复率": (2, 2), "书面送达签字率": (2, 2),
             "化解率": (1, 2), "参评率": (1, 2), "满意率": (0, 1)},
}


@pytest.fixture(scope="module")
def ledger(tmp_path_factory):
    path = helpers.write_ledger(tmp_path_factory.mktemp("kpi") / "台账.xlsx", ROWS)
    return read_ledger(path)


def test_the_due_dates_the_expectations_rely_on(ledger):
    due = compute(ledger, TODAY).set_index(ledger.frame["case_id"])["opinion_due"].dt.date
    assert due["Q3-01"] == d(2019, 9, 30)
    assert due["Q3-02"] == d(2019, 9, 9)  # day 60 is Sunday 9-8
    assert due["Q3-03"] == d(2019, 11, 19)
    assert due["Q3-04"] == d(2019, 12, 25)  # 11-25 + 30 days
    assert due["Q3-06"] == d(2019, 12, 9)


def test_quarter_kpis_worked_by_hand(ledger):
    table = compute_kpis(ledger, TODAY, Period.quarter("2019Q3"))
    assert table.cases == 8
    assert table.untyped == 1
    for name, (numerator, denominator) in EXPECTED_Q3.items():
        rate = table.overall[name]
        assert (rate.numerator, rate.denominator) == (numerator, denominator), name
        assert rate.value == pytest.approx(numerator / denominator)


def test_by_unit_with_empty_denominators_as_none(ledger):
    table = compute_kpis(ledger, TODAY, Period.quarter("2019Q3"))
    assert list(table.by_unit) == ["市容股", "环卫股", "村镇股"]  # the 字典's order
    for unit, expected in EXPECTED_UNITS.items():
        for name, (numerator, denominator) in expected.items():
            rate = table.by_unit[unit][name]
            assert (rate.numerator, rate.denominator) == (numerator, denominator), (unit, name)
            assert rate.value == (numerator / denominator if denominator else None)
    empty = table.by_unit["市容股"]["答复率"]
    assert empty.text() == "—" and mark(empty, "答复率") == "—"


def test_a_flags_row_without_a_unit_counts_for_the_office_only(ledger):
    # kpi_frame fills 未填; flags made otherwise are grouped as pandas groups them (an empty 股室 is no group)
    from xlkit.analysis.kpi import kpi_frame, table_from_flags

    quarter = Period.quarter("2019Q3")
    flags = kpi_frame(ledger, TODAY)
    whole = table_from_flags(flags, quarter, TODAY)
    first = flags.index[(flags["unit"] == "环卫股").to_numpy()][0]
    flags.loc[first, "unit"] = None
    table = table_from_flags(flags, quarter, TODAY)
    assert table.overall == whole.overall and table.cases == whole.cases
    assert set(table.by_unit) == set(whole.by_unit)
    assert table.unit_cases == {**whole.unit_cases, "环卫股": whole.unit_cases["环卫股"] - 1}


def test_json_shape_is_design_section_8(ledger):
    data = compute_kpis(ledger, TODAY, Period.quarter("2019Q3")).to_json()
    assert set(data) == {"period", "cases", "kpis", "by_unit", "unplaced", "unreadable", "not_counted", "uncountable"}
    assert data["period"] == "2019Q3" and data["cases"] == 8
    assert list(data["kpis"]) == list(KPI_NAMES)
    assert data["kpis"]["满意率"] == pytest.approx(2 / 3)
    assert data["by_unit"]["市容股"]["满意率"] is None


def test_case_crossing_quarters_counts_by_acceptance_date(ledger):
    q4 = compute_kpis(ledger, TODAY, Period.quarter("2019Q4"))
    assert q4.cases == 1
    assert (q4.overall["答复率"].numerator, q4.overall["答复率"].denominator) == (0, 1)
    september = compute_kpis(ledger, TODAY, Period.month("2019-09"))
    # accepted in September: C and D; registered in September and not accepted: G (F was accepted in October)
    assert september.cases == 3


def test_extension_keeps_a_case_out_of_the_answer_base_until_due(ledger):
    before = compute_kpis(ledger, d(2019, 12, 25), Period.quarter("2019Q3"))
    after = compute_kpis(ledger, d(2019, 12, 26), Period.quarter("2019Q3"))
    assert before.overall["答复率"].denominator == 5
    assert after.overall["答复率"].denominator == 6  # D's extended due date has now passed


def test_targets_and_marks(ledger):
    table = compute_kpis(ledger, TODAY, Period.quarter("2019Q3"))
    assert mark(table.by_unit["村镇股"]["答复率"], "答复率") == "达标"
    assert mark(table.overall["满意率"], "满意率") == "未达标"  # 66.7 % < 90 %
    perfect = compute_kpis(ledger, TODAY, Period.month("2019-08"))  # accepted in August: A, E(out), H, I, J
    assert mark(perfect.overall["建档立卡率"], "建档立卡率") == "达标"


def test_on_time_answers_are_the_statutory_figure_without_a_plan_target(ledger):
    table = compute_kpis(ledger, TODAY, Period.quarter("2019Q3"))
    assert TARGETS["按期答复率"] is None  # not one of the plan's six targets (§二)
    assert mark(table.overall["按期答复率"], "按期答复率") == NO_TARGET
    assert table.overall["按期答复率"].passed(TARGETS["按期答复率"]) is None


# (case, counts in the 书面送达签字率/参评率 denominator, counts as 待送达) — as of TODAY (Fri 2019-12-20)
ISSUED = [
    (case("S-1", "环卫股", accepted_on=d(2019, 10, 8), opinion_on=d(2019, 11, 1), opinion_served_on=d(2019, 11, 4),
          receipt_signed="是", satisfaction="满意"), True, False),
    (case("S-2", "环卫股", accepted_on=d(2019, 10, 8), opinion_on=d(2019, 12, 18)), True, True),  # Wed: not served yet
    (case("S-3", "环卫股", accepted_on=d(2019, 10, 8), opinion_on=d(2019, 12, 20)), True, True),  # Fri: today
    (case("S-4", "市容股", accepted_on=d(2019, 10, 8), opinion_on=d(2019, 12, 23)), False, False),  # Mon: after today
    (case("S-5", "市容股", accepted_on=d(2019, 10, 8)), False, False),  # no opinion
]


def test_every_issued_opinion_is_owed_a_signature_and_an_evaluation(tmp_path):
    ledger = read_ledger(helpers.write_ledger(tmp_path / "t.xlsx", [c for c, _, _ in ISSUED]))
    table = compute_kpis(ledger, TODAY, Period.quarter("2019Q4"))
    base = sum(1 for _, counted, _ in ISSUED if counted)
    assert (table.overall["书面送达签字率"].numerator, table.overall["书面送达签字率"].denominator) == (1, base)
    assert (table.overall["参评率"].numerator, table.overall["参评率"].denominator) == (1, base)
    assert table.pending == sum(1 for *_, pending in ISSUED if pending) == 2
    assert table.unit_pending == {"市容股": 0, "环卫股": 2}


def test_ledger_without_type_or_unit_columns(tmp_path):
    headers = ["案件编号", "信访人", "受理日期", "处理意见出具日期"]
    path = helpers.write_ledger(tmp_path / "少列.xlsx", [
        {"案件编号": "1", "信访人": "甲", "受理日期": d(2019, 7, 1), "处理意见出具日期": d(2019, 8, 1)},
        {"案件编号": "2", "信访人": "乙", "受理日期": d(2019, 7, 2)},
    ], headers=headers)
    table = compute_kpis(read_ledger(path), TODAY, Period.quarter("2019Q3"))
    assert table.cases == 2
    assert list(table.by_unit) == [NO_UNIT]
    assert table.overall["建档立卡率"].value is None  # registration fields absent: “—” with the reason, not 0%
    assert "无法计算" in mark(table.overall["建档立卡率"], "建档立卡率")
    assert (table.overall["答复率"].numerator, table.overall["答复率"].denominator) == (1, 2)
    assert table.overall["满意率"].value is None


@pytest.mark.parametrize(("text", "label", "start", "end", "previous", "last_year"), [
    ("2019-09", "2019-09", d(2019, 9, 1), d(2019, 9, 30), "2019-08", "2018-09"),
    ("2020年1月", "2020-01", d(2020, 1, 1), d(2020, 1, 31), "2019-12", "2019-01"),
])
def test_months(text, label, start, end, previous, last_year):
    period = Period.month(text)
    assert (period.label, period.start, period.end) == (label, start, end)
    assert period.previous().label == previous and period.last_year().label == last_year


@pytest.mark.parametrize(("text", "label", "start", "end", "previous"), [
    ("2019Q3", "2019Q3", d(2019, 7, 1), d(2019, 9, 30), "2019Q2"),
    ("2019q1", "2019Q1", d(2019, 1, 1), d(2019, 3, 31), "2018Q4"),
    ("2020年第四季度", "2020Q4", d(2020, 10, 1), d(2020, 12, 31), "2020Q3"),
])
def test_quarters(text, label, start, end, previous):
    period = Period.quarter(text)
    assert (period.label, period.start, period.end, period.previous().label) == (label, start, end, previous)
    assert period.title.endswith("季度")


@pytest.mark.parametrize("text", ["2019-13", "201909", "九月"])
def test_bad_month_is_a_chinese_error(text):
    with pytest.raises(ValueError, match="YYYY-MM"):
        Period.month(text)


def test_cases_counted_with_an_unreadable_cell_are_said_in_every_output(tmp_path):
    # a 处理意见出具日期 typed 2019.13.45 is read as empty (R001): the case counts as not answered, and the
    # monthly and quarterly outputs say how many cases were counted so instead of a silently low 答复率
    import openpyxl
    from click.testing import CliRunner

    from xlkit.cli import cli

    rows = [dict(row) for row in ROWS]
    rows[0]["opinion_on"] = "2019.13.45"  # Q3-01: answered, but its date cannot be read
    rows[8]["settled"] = "大概"  # Q3-09: a choice outside the dictionary is a value, not an unreadable cell
    path = helpers.write_ledger(tmp_path / "台账.xlsx", rows)
    ledger = read_ledger(path)
    table = compute_kpis(ledger, TODAY, Period.quarter("2019Q3"))
    clean = compute_kpis(read_ledger(helpers.write_ledger(tmp_path / "好.xlsx", ROWS)), TODAY,
                         Period.quarter("2019Q3"))
    assert table.unreadable == 1 and clean.unreadable == 0 and clean.unreadable_note() == ""
    assert table.overall["答复率"].numerator == clean.overall["答复率"].numerator - 1
    assert "1 件" in table.unreadable_note() and "校验台账" in table.unreadable_note()
    assert table.to_json()["unreadable"] == 1
    assert compute_kpis(ledger, TODAY, Period.quarter("2019Q4")).unreadable == 0  # Q3-01 is a Q3 case
    runner = CliRunner()
    quarterly = runner.invoke(cli, ["quarterly", str(path), "--quarter", "2019Q3", "--today", "2019-12-20",
                                    "-o", str(tmp_path / "q" / "季度.xlsx")])
    assert quarterly.exit_code == 0, quarterly.output
    assert table.unreadable_note() in quarterly.output
    texts = [cell for ws in openpyxl.load_workbook(tmp_path / "q" / "季度.xlsx").worksheets
             for row in ws.iter_rows(values_only=True) for cell in row if isinstance(cell, str)]
    assert any(table.unreadable_note() in text for text in texts)
    monthly = runner.invoke(cli, ["monthly", str(path), "--month", "2019-08", "--today", "2019-12-20",
                                  "-o", str(tmp_path / "月度.xlsx")])
    assert monthly.exit_code == 0, monthly.output
    assert "无法识别" in monthly.output
    texts = [cell for ws in openpyxl.load_workbook(tmp_path / "月度.xlsx").worksheets
             for row in ws.iter_rows(values_only=True) for cell in row if isinstance(cell, str)]
    assert any("无法识别" in text and "按未填写计" in text for text in texts)
