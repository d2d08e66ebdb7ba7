"""One case lookup, one period from 设置, one overdue report: what the command line and the buttons share."""

from __future__ import annotations

import datetime as dt
import json

import helpers
import openpyxl
import pytest
from click.testing import CliRunner

from xlkit.analysis.kpi import Period, SettingsError
from xlkit.check.run import overdue_report
from xlkit.cli import cli
from xlkit.read.ledger import read_ledger
from xlkit.read.select import SelectionError, find_cases, match_case

D = dt.date
CASES = [
    dict(case_id="KJ2019-001", petitioner="张三", registered_on=D(2019, 9, 2), assigned_on=D(2019, 9, 3),
         accepted_on=D(2019, 9, 5), opinion_on=D(2019, 10, 8), closed_on=D(2019, 10, 20)),
    dict(case_id="KJ2019-002", petitioner="李四", registered_on=D(2019, 9, 4), assigned_on=D(2019, 9, 5),
         accepted_on=D(2019, 9, 6)),
]  # sheet rows 3, 4


@pytest.fixture
def ledger_path(tmp_path):
    return helpers.write_ledger(tmp_path / "台账.xlsx", CASES)


def test_a_case_number_as_typed_or_folded(ledger_path):
    ledger = read_ledger(ledger_path)
    assert match_case(ledger, "KJ2019-001") == [3]
    assert match_case(ledger, " ｋｊ２０１９－００２ ") == [4]  # full-width, lower case, spaces
    assert match_case(ledger, "KJ2019-003") == []
    assert find_cases(ledger, ["kj2019-001", "KJ2019-002"]) == {"kj2019-001": [3], "KJ2019-002": [4]}
    with pytest.raises(SelectionError, match="找不到案件编号：KJ2019-009、X"):
        find_cases(ledger, ["KJ2019-001", "KJ2019-009", "X"])


def test_every_command_taking_case_numbers_folds_them_alike(ledger_path, tmp_path):
    runner = CliRunner()
    typed = "ｋｊ２０１９－００１"
    docs = runner.invoke(cli, ["docs", str(ledger_path), "--case", typed, "--kind", "交办单", "-o", str(tmp_path / "d"),
                               "--today", "2019-12-31"])
    assert docs.exit_code == 0, docs.output
    review = runner.invoke(cli, ["review", str(ledger_path), "--case", typed, "-o", str(tmp_path / "r"),
                                 "--today", "2019-12-31"])
    assert review.exit_code == 0, review.output
    assert "已审核 1 件" in review.output
    explain = runner.invoke(cli, ["explain", str(ledger_path), typed, "--today", "2019-12-31"])
    assert explain.exit_code == 0 and "第3行" in explain.output
    (tmp_path / "卷宗").mkdir()
    dossier = runner.invoke(cli, ["dossier", "check", str(tmp_path / "卷宗"), "--ledger", str(ledger_path),
                                  "--case", typed, "--today", "2019-12-31", "--json"])
    assert [c["case_id"] for c in json.loads(dossier.stdout)["cases"]] == ["KJ2019-001"]
    unknown = runner.invoke(cli, ["dossier", "check", str(tmp_path / "卷宗"), "--ledger", str(ledger_path),
                                  "--case", "KJ2030-1"])
    assert unknown.exit_code == 2 and "找不到案件编号：KJ2030-1" in unknown.output


def _settings(path, **values):
    workbook = openpyxl.load_workbook(path)
    sheet = workbook.create_sheet("设置")
    for label, value in values.items():
        sheet.append([label, value])
    workbook.save(path)
    return path


def test_the_period_in_settings(ledger_path, tmp_path):
    today = D(2019, 12, 31)
    assert Period.from_settings(read_ledger(ledger_path), "month", today) == Period.month("2019-12")
    _settings(ledger_path, 统计月份="2019-09", 统计季度="2019年第三季")
    ledger = read_ledger(ledger_path)
    assert Period.from_settings(ledger, "month", today) == Period.month("2019-09")
    with pytest.raises(SettingsError, match="“设置”表中“统计季度”填的是“2019年第三季”"):
        Period.from_settings(ledger, "quarter", today)
    # the command line says so too (it used to warn and count another quarter), unless --quarter is given
    result = CliRunner().invoke(cli, ["quarterly", str(ledger_path), "--today", "2019-12-31", "--json"])
    assert result.exit_code == 2 and "统计季度" in result.output
    given = CliRunner().invoke(cli, ["quarterly", str(ledger_path), "--quarter", "2019Q3", "--today", "2019-12-31",
                                     "-o", str(tmp_path / "q.xlsx"), "--json"])
    assert given.exit_code == 0, given.output


def test_overdue_report_counts_and_unjudged(tmp_path):
    path = helpers.write_ledger(tmp_path / "t.xlsx", [dict(case_id="1", petitioner="甲", accepted_on=D(2019, 9, 20))],
                                headers=["案件编号", "信访人", "受理日期"])
    report = overdue_report(read_ledger(path), D(2019, 12, 31))
    assert {u["stage"] for u in report.unjudged} >= {"处理意见"}
    assert next(u for u in report.unjudged if u["stage"] == "处理意见")["missing"] == ["处理意见出具日期"]
    data = json.loads(CliRunner().invoke(cli, ["overdue", str(path), "--today", "2019-12-31", "--json"]).stdout)
    assert data["unjudged"] == report.unjudged and data["items"] == report.items
    assert len(report.overdue) + len(report.due_soon) == len(report.items)
