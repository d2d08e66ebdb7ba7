"""xlkit's own report workbooks are not read as ledgers: they lie beside the ledger, and a clerk picking the
wrong file (or `xlkit merge *.xlsx`) had xlkit check its 季度分析 as a ledger of the 明细 sheet's cases and make
documents from a 生成清单, one "case" per document listed. The ledgers xlkit writes stay ledgers."""

from __future__ import annotations

import datetime as dt

import helpers
import openpyxl
import pytest
from click.testing import CliRunner

from xlkit.cli import cli
from xlkit.output.files import REPORT_KEYWORD, report_kind

TODAY = "2019-11-15"
D = dt.date


def case(n: int, **extra) -> dict:
    day = D(2019, 8, 1) + dt.timedelta(days=n)
    return dict(case_id=f"2019-{n:03d}", registered_on=day, registrar="罗晓燕", source="本办受理", form="来访",
                petition_type="求决类", petitioner=f"信访人{n}", township="新宁镇", category="生活垃圾",
                demand="反映垃圾清运不及时。", assigned_on=day, unit="综合股", handler="何勇", accepted_on=day,
                acceptance_decision="受理", acceptance_served_on=day, **extra)


def run(*args) -> object:
    return CliRunner().invoke(cli, [str(a) for a in args])


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    folder = tmp_path_factory.mktemp("报表")
    closed = dict(opinion_on=D(2019, 9, 20), opinion_served_on=D(2019, 9, 21), settled="是", closed_on=D(2019, 9, 30))
    ledger = helpers.write_ledger(folder / "台账.xlsx", [case(n, **(closed if n < 3 else {})) for n in range(1, 6)])
    commands = [
        ("check", ledger, "--today", TODAY, "-o", folder / "校验结果.xlsx"),
        ("overdue", ledger, "--today", TODAY, "-o", folder / "到期提醒.xlsx"),
        ("monthly", ledger, "--today", TODAY, "--month", "2019-09", "-o", folder / "月度调度.xlsx"),
        ("quarterly", ledger, "--today", TODAY, "--quarter", "2019Q3", "-o", folder / "季度分析.xlsx"),
        ("review", ledger, "--today", TODAY, "-o", folder / "审核表"),
        ("docs", ledger, "--today", TODAY, "--case", "2019-001", "-o", folder / "文书"),
        ("dossier", "check", folder / "文书", "--ledger", ledger, "--today", TODAY, "-o", folder / "卷宗检查.xlsx"),
        ("columns", ledger, "--write", "-o", folder / "表头对照-导出.xlsx"),
        ("merge", ledger, "-o", folder / "合并台账.xlsx"),
        ("import", ledger, "-o", folder / "导入台账.xlsx"),
        ("init", folder / "新台账.xlsx"),
    ]
    for command in commands:
        result = run(*command)
        assert result.exit_code in (0, 1), (command, result.output)
    return folder


REPORTS = {"校验结果.xlsx": "校验结果", "到期提醒.xlsx": "到期提醒", "月度调度.xlsx": "月度调度",
           "季度分析.xlsx": "季度分析", "审核表/审核汇总.xlsx": "审核汇总", "文书/生成清单.xlsx": "生成清单",
           "卷宗检查.xlsx": "卷宗检查", "表头对照-导出.xlsx": "表头对照"}


@pytest.mark.parametrize("name", REPORTS)
def test_a_report_is_refused_as_a_ledger_by_name(folder, name):
    assert report_kind(folder / name) == REPORTS[name]
    result = run("check", folder / name, "--today", TODAY)
    assert result.exit_code == 2, result.output
    assert f"是 xlkit 生成的“{REPORTS[name]}”工作簿，不是台账" in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("name", ["合并台账.xlsx", "导入台账.xlsx", "新台账.xlsx", "台账.xlsx"])
def test_the_ledgers_xlkit_writes_are_still_ledgers(folder, name):
    assert report_kind(folder / name) is None
    assert run("check", folder / name, "--today", TODAY).exit_code in (0, 1)


def test_a_report_saved_again_in_a_spreadsheet_program_keeps_its_mark(folder, tmp_path):
    book = openpyxl.load_workbook(folder / "季度分析.xlsx")
    assert book.properties.keywords == REPORT_KEYWORD
    book.save(tmp_path / "季度分析（改）.xlsx")
    assert report_kind(tmp_path / "季度分析（改）.xlsx") == "季度分析"


def test_merge_of_a_folder_skips_the_reports_beside_the_ledgers(folder, tmp_path):
    result = run("merge", folder / "台账.xlsx", folder / "季度分析.xlsx", folder / "校验结果.xlsx",
                 "-o", tmp_path / "合并.xlsx")
    assert result.exit_code in (0, 1), result.output
    assert "跳过“季度分析.xlsx”：这是 xlkit 生成的“季度分析”工作簿，不是台账。" in result.output
    merged = openpyxl.load_workbook(tmp_path / "合并.xlsx", read_only=True)["台账"]
    cases = [row[0] for row in merged.iter_rows(min_row=3, values_only=True) if row[0]]
    assert cases == [f"2019-{n:03d}" for n in range(1, 6)]  # no 明细 rows taken for cases a second time


def test_merge_of_reports_alone_says_what_they_are(folder, tmp_path):
    result = run("merge", folder / "季度分析.xlsx", folder / "校验结果.xlsx", "-o", tmp_path / "合并.xlsx")
    assert result.exit_code == 2 and "不是台账" in result.output, result.output
