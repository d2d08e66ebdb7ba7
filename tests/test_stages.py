"""The stage table itself: well-formed, every row reachable, one selection for compute and explain."""

from __future__ import annotations

import datetime as dt

import helpers
import numpy as np
import pytest

from xlkit.deadlines import engine as dl
from xlkit.deadlines import stages as st
from xlkit.read.ledger import read_ledger
from xlkit.schema import BY_FIELD

D = dt.date


def test_every_row_names_known_facts_stages_and_fields():
    for period in st.PERIODS:
        assert period.stage in st.STAGE_BY_KEY
        assert all(fact in st.FACTS for fact, _ in period.when), period
        assert period.start == st.NOTICE_START or period.start in BY_FIELD, period
        assert period.days is None or period.days >= 0
        assert period.rule and period.article, period
    for stage in st.STAGES:
        assert st.periods(stage.key), stage
        assert all(field in BY_FIELD for field in stage.done)


def test_each_stage_ends_with_a_catch_all_row_or_says_why_not():
    # a case no row matches has no due date; only stages meant to leave some cases out may do so
    for stage in st.STAGES:
        last = st.periods(stage.key)[-1]
        assert last.when == () or stage.key in {"analysis", "upper"}, stage


def test_the_first_matching_row_wins():
    facts = {"campaign": np.array([True, False, False]), "received_2022": np.array([True, True, False]),
             "accepted_2022": np.array([False, False, False]), "plan_issued": np.array([True, True, True])}
    facts = {name: facts.get(name, np.zeros(3, bool)) for name in st.FACTS}
    chosen = st.select("notice", facts, 3)
    labels = [st.periods("notice")[i].label for i in chosen]
    assert labels[0].startswith("攻坚行动求决类案件")  # campaign beats the 2022 row listed after it


def test_the_guide_lists_every_row():
    assert len(st.table_rows()) == len(st.PERIODS)


# (case, stage, the row's article contains) — compute and explain pick the same row
ROWS = [
    (dict(case_id="T1", registered_on=D(2019, 9, 16), assigned_on=D(2019, 9, 17)), "notice", "实施方案"),
    (dict(case_id="T2", registered_on=D(2021, 3, 1), assigned_on=D(2021, 3, 1)), "notice", "2005年《信访条例》"),
    (dict(case_id="T3", registered_on=D(2022, 6, 1), assigned_on=D(2022, 6, 1)), "notice", "2022年《信访工作条例》"),
    (dict(case_id="T4", accepted_on=D(2022, 4, 29)), "opinion", "第三十三条"),  # Fri: 2005 regime
    (dict(case_id="T5", accepted_on=D(2022, 5, 5)), "opinion", "第三十四条"),  # Thu: 2022 regime
]


@pytest.mark.parametrize(("fields", "stage", "article"), ROWS, ids=[r[0]["case_id"] for r in ROWS])
def test_compute_and_explain_use_the_same_row(tmp_path, fields, stage, article):
    path = helpers.write_ledger(tmp_path / "t.xlsx", [dict(petitioner="甲", acceptance_decision="受理", **fields)])
    ledger = read_ledger(path)
    row = int(ledger.frame.index[0])
    table = dl.compute(ledger, D(2023, 1, 1))
    period = st.periods(stage)[int(table.at[row, f"{stage}_period"])]
    assert article in period.article
    [explained] = [e for e in dl.explain(ledger, row) if e.stage == st.STAGE_BY_KEY[stage].name]
    assert explained.article.startswith(period.article)
    assert explained.due == table.at[row, f"{stage}_due"].date()
