"""校验台账 and 到期提醒 as library calls: what `xlkit check`/`overdue` and the Excel buttons run.

Importing this module has no side effects; the buttons call `run_check(ledger, today)` and
`overdue_report(ledger, today, within)` on a ledger they have read themselves.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from xlkit.check.rules import run_rules
from xlkit.deadlines import engine as dl
from xlkit.deadlines import stages as st
from xlkit.findings import Finding, Severity, count_by_severity, sort_findings
from xlkit.read.ledger import Ledger, read_ledger


def run_check(ledger: Ledger, today: dt.date) -> list[Finding]:
    """The reader's findings and every rule's, ordered by row (file-level notes first)."""
    return sort_findings(chain(ledger.findings, run_rules(ledger, today)))


@dataclass
class CheckResult:
    ledger: Ledger
    today: dt.date
    findings: list[Finding] = field(default_factory=list)

    @property
    def counts(self) -> dict[str, int]:
        return count_by_severity(self.findings)

    @property
    def exit_code(self) -> int:
        """0 when nothing is an 错误, 1 otherwise (DESIGN §8; 2 is for an unreadable ledger)."""
        return 1 if any(f.severity is Severity.ERROR for f in self.findings) else 0

    def to_json(self) -> dict[str, Any]:
        """The `xlkit check --json` document, exactly DESIGN §8's shape."""
        keys = ("severity", "code", "sheet", "cell", "row", "column", "case_id", "value", "message", "hint")
        findings = []
        for finding in self.findings:
            data = finding.to_dict()
            findings.append({k: data[k] for k in keys})
        return {"ledger": str(self.ledger.path), "today": self.today.isoformat(), "cases": len(self.ledger),
                "findings": findings}


def check_ledger(ledger: Ledger, today: dt.date) -> CheckResult:
    return CheckResult(ledger, today, run_check(ledger, today))


def check_file(path: str | Path, today: dt.date) -> CheckResult:
    """Read and check a ledger file (LedgerError propagates: the file cannot be read)."""
    return check_ledger(read_ledger(path), today)


def overdue_items(ledger: Ledger, today: dt.date, within: int | None = None,
                  table: pd.DataFrame | None = None) -> list[dict[str, Any]]:
    """Open stages past due (超期) or due within `within` days (临期; default 设置's 临期提醒天数), and open tasks (待办).

    Each item: case_id, row, stage (its name for the case: 提出异议 for 2022 art. 23(3)'s objection, which
    is the 受理告知 stage), key (the stage's: notice, opinion…), due (YYYY-MM-DD), days_left (due − today,
    negative when overdue), state. The 息访分析 task has no due date (the plan sets no time limit): its items have state 待办,
    due and days_left null, `since` (day 60 after acceptance, or the rebound) and `days_since`.
    Ordered most urgent first, then by row; the tasks after every timed stage, oldest first.
    """
    if within is None:
        within = int(ledger.settings.due_soon_days)
    table = dl.compute(ledger, today) if table is None else table
    open_ = dl.judgeable(ledger)
    case_ids = ledger.frame["case_id"].to_numpy(dtype=object)
    rows = ledger.frame.index.to_numpy()
    items: list[dict[str, Any]] = []
    tasks: list[dict[str, Any]] = []
    for key in dl.STAGE_KEYS.values():
        if not open_[key]:
            continue
        state = table[f"{key}_state"].to_numpy(dtype=object)
        left = table[f"{key}_days_left"].to_numpy(dtype="float64")
        due = table[f"{key}_due"].to_numpy(dtype="datetime64[ns]").astype("datetime64[D]")
        named = st.names(key, table[f"{key}_basis"].to_numpy(dtype=np.int64))  # 提出异议 where it is no 受理告知
        for i in np.flatnonzero(state == dl.TODO):
            tasks.append({"case_id": None if case_ids[i] is None else str(case_ids[i]), "row": int(rows[i]),
                          "stage": named[i], "key": key, "due": None, "days_left": None, "state": dl.TODO,
                          "since": str(due[i]), "days_since": int(-left[i])})
        is_open = np.isin(state, dl.OPEN_STATES) & ~np.isnan(left)
        overdue = is_open & (left < 0)
        soon = is_open & (left >= 0) & (left <= within)
        for i in np.flatnonzero(overdue | soon):
            items.append({"case_id": None if case_ids[i] is None else str(case_ids[i]), "row": int(rows[i]),
                          "stage": named[i], "key": key, "due": str(due[i]), "days_left": int(left[i]),
                          "state": dl.OVERDUE if overdue[i] else dl.DUE_SOON})
    items.sort(key=lambda item: (item["days_left"], item["row"]))
    tasks.sort(key=lambda item: (-item["days_since"], item["row"]))
    return items + tasks



def unjudged_stages(ledger: Ledger, today: dt.date, table: pd.DataFrame | None = None) -> list[dict[str, Any]]:
    """Stages that could not be judged, never counted 超期: first those this ledger's columns do not allow
    (`{"stage", "missing": [Chinese headers], "case_id": None, "row": None, "cells": [], "reasons": []}`), then
    each case's stage whose input cell the reader could not read (`missing` names those columns, `cells` the
    cells, `reasons` why: 公式没有计算结果, 公式出错 #N/A…), in row order. `table`: `dl.compute(ledger, today)`, if at hand."""
    from xlkit.schema import header

    judged, needs = dl.judgeable(ledger), dl.stage_fields(ledger)
    result: list[dict[str, Any]] = [
        {"stage": stage, "missing": [header(f) for f in needs[key] if not ledger.has(f)], "case_id": None,
         "row": None, "cells": [], "reasons": []}
        for stage, key in dl.STAGE_KEYS.items() if not judged[key]]
    unreadable = dl.unreadable_inputs(ledger)
    if not any(unreadable.values()):
        return result
    table = dl.compute(ledger, today) if table is None else table
    cases = []
    for stage, key in dl.STAGE_KEYS.items():
        if not judged[key]:
            continue
        state = table[f"{key}_state"]
        for row, case in unreadable[key].items():
            if state.at[row] == dl.UNJUDGED:
                cases.append({"stage": stage, "missing": [header(f) for f in case.fields], "case_id": case.case_id,
                              "row": row, "cells": list(case.cells), "reasons": list(case.reasons)})
    order = list(dl.STAGE_KEYS)
    cases.sort(key=lambda item: (item["row"], order.index(item["stage"])))
    return result + cases



@dataclass
class OverdueReport:
    """到期提醒: the open stages past due or due soon, and the stages that could not be judged."""

    today: dt.date
    within: int  # the 临期 window in days
    items: list[dict[str, Any]]  # overdue_items(), most urgent first
    unjudged: list[dict[str, Any]]  # unjudged_stages(): never counted 超期

    @property
    def overdue(self) -> list[dict[str, Any]]:
        return [i for i in self.items if i["state"] == dl.OVERDUE]

    @property
    def due_soon(self) -> list[dict[str, Any]]:
        return [i for i in self.items if i["state"] == dl.DUE_SOON]

    @property
    def tasks(self) -> list[dict[str, Any]]:
        """The open 息访分析 tasks (待办): no time limit, never 超期."""
        return [i for i in self.items if i["state"] == dl.TODO]

    def to_dict(self) -> dict[str, Any]:
        """DESIGN §8 `xlkit overdue --json`."""
        return {"today": self.today.isoformat(), "items": self.items, "unjudged": self.unjudged}


def overdue_report(ledger: Ledger, today: dt.date, within: int | None = None) -> OverdueReport:
    """What `xlkit overdue` and the 到期提醒 button report (`within` defaults to 设置's 临期提醒天数)."""
    if within is None:
        within = int(ledger.settings.due_soon_days)
    table = dl.compute(ledger, today)
    return OverdueReport(today, within, overdue_items(ledger, today, within, table),
                         unjudged_stages(ledger, today, table))
