"""`xlkit demo` runs the whole job on the bundled example ledger (the README's first quick-start command)."""

from __future__ import annotations

import datetime as dt
import re

import docx
import openpyxl
from click.testing import CliRunner

from xlkit import resources
from xlkit.analysis.kpi import Period, compute_kpis
from xlkit.cli import cli
from xlkit.cli.demo_cmd import EXAMPLE_TODAY
from xlkit.read.ledger import read_ledger
from xlkit.review.assess import POINTS, is_finished


def cells(path, sheet=None) -> list[tuple]:
    book = openpyxl.load_workbook(path, read_only=True)
    return list((book[sheet] if sheet else book.worksheets[0]).iter_rows(values_only=True))


def check_contents(out):
    """Each output says what the example ledger, worked out here another way, says."""
    ledger, today = read_ledger(resources.example_ledger()), dt.date.fromisoformat(EXAMPLE_TODAY)
    month = compute_kpis(ledger, today, Period.month("2020-12"))
    assert any(row[0] == f"本期：2020年12月（{month.cases} 件）" for row in cells(out / "月度调度_2020-12.xlsx", "指标"))
    quarter = compute_kpis(ledger, today, Period.quarter("2020Q4"))
    report = "\n".join(p.text for p in docx.Document(out / "季度总结分析报告_2020Q4.docx").paragraphs)
    assert f"本季度共受理求决类信访问题{quarter.cases}件" in report
    detail = [v for row in cells(out / "季度分析_2020Q4.xlsx", "明细") for v in row if isinstance(v, str)]
    assert detail and not [v for v in detail if re.fullmatch(r"\d{17}[\dX]", v)]  # 身份证号 masked
    units = {c for path in resources.example_unit_files() for c in read_ledger(path).frame["case_id"].dropna()}
    merged = {row[0] for row in cells(out / "合并台账_2020Q3.xlsx", "台账")[2:] if row[0]}
    assert merged == units
    finished = {c["case_id"] for _, c in ledger.records() if is_finished(c)}
    summary = cells(out / "审核表" / "审核汇总.xlsx", "审核汇总")
    assert list(summary[0][4:11]) == list(POINTS) and {row[0] for row in summary[1:] if row[0]} == finished
    made = [row for row in cells(out / "文书" / "生成清单.xlsx")[1:] if row[4] == "生成"]
    assert len(made) == len(list((out / "文书").glob("*/*.docx")))
    assert all((out / "文书" / row[7]).is_file() for row in made)
    head, *dossier = cells(out / "卷宗检查.xlsx", "卷宗问题")
    dossier = [dict(zip(head, row, strict=True)) for row in dossier]
    assert dossier and {row["严重程度"] for row in dossier} <= {"错误", "警告", "提示"}
    # drafts are not signed papers
    assert any(str(row["问题"]).endswith("只有未签字的草稿，没有签字件") for row in dossier)


def test_demo_produces_every_output(tmp_path):
    out = tmp_path / "演示输出"
    result = CliRunner().invoke(cli, ["demo", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "演示完成" in result.output
    for name in ("校验结果.xlsx", "到期提醒.xlsx", "月度调度_2020-12.xlsx", "季度分析_2020Q4.xlsx", "季度总结分析报告_2020Q4.docx",
                 "合并台账_2020Q3.xlsx", "卷宗检查.xlsx", "审核表/审核汇总.xlsx", "文书/生成清单.xlsx"):
        assert (out / name).stat().st_size > 0, name
    assert len(list((out / "文书").glob("*/*.docx"))) > 2000
    # the check step found the example's deliberate mistakes
    findings = openpyxl.load_workbook(out / "校验结果.xlsx", read_only=True)["校验结果"]
    # 11: one more since the extension without its approver (2020-030, C314)
    assert sum(1 for row in findings.iter_rows(min_row=2, values_only=True) if row[0] == "错误") == 11
    check_contents(out)
    # a second run without --force keeps every file and says so instead of failing
    again = CliRunner().invoke(cli, ["demo", "-o", str(out)])
    assert "已存在" in again.output
