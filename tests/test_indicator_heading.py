"""The indicators' heading follows the period: 攻坚行动指标 within the 2018–2020 campaign, 工作指标 outside it,
the same in the 月度调度 pack, the 季度分析 workbook and the report draft (one place: kpi.indicators_name)."""

from __future__ import annotations

import datetime as dt

import helpers
import openpyxl
import pytest
from click.testing import CliRunner
from docx import Document

from xlkit.analysis.kpi import Period, indicators_name
from xlkit.cli import cli

d = dt.date


def case(case_id: str, day: dt.date, **extra) -> dict:
    return dict(case_id=case_id, registered_on=day, registrar="王登记", source="县信访局", form="来访",
                petition_type="求决类", petitioner="张三", township="新宁镇", category="生活垃圾", demand="请求清运垃圾",
                assigned_on=day, assigner="李交办", unit="环卫股", handler="赵承办", accepted_on=day,
                acceptance_served_on=day) | extra


def texts(path) -> list[str]:
    """Every text a clerk reads in an output: cells of every sheet, or paragraphs and table cells."""
    if path.suffix == ".docx":
        document = Document(path)
        return [p.text for p in document.paragraphs] + [c.text for t in document.tables for r in t.rows
                                                         for c in r.cells]
    book = openpyxl.load_workbook(path)
    return [v for ws in book for row in ws.iter_rows(values_only=True) for v in row if isinstance(v, str)]


def outputs(tmp_path, year: int) -> list:
    ledger = helpers.write_ledger(tmp_path / f"台账{year}.xlsx", [
        case(f"{year}-001", d(year, 4, 7), opinion_on=d(year, 5, 6)),
        case(f"{year}-002", d(year, 5, 12)),
        case(f"{year}-003", d(year, 5, 20), petition_type="建议意见类"),
    ])
    today = f"{year}-06-30"
    runner = CliRunner()
    monthly = tmp_path / f"月度调度_{year}.xlsx"
    result = runner.invoke(cli, ["monthly", str(ledger), "--month", f"{year}-05", "--today", today, "-o", str(monthly)])
    assert result.exit_code == 0, result.output
    quarterly = tmp_path / f"季度分析_{year}.xlsx"
    result = runner.invoke(cli, ["quarterly", str(ledger), "--quarter", f"{year}Q2", "--today", today,
                                 "-o", str(quarterly)])
    assert result.exit_code == 0, result.output
    report = next(tmp_path.glob(f"*{year}Q2*.docx"))
    return [monthly, quarterly, report]


@pytest.mark.parametrize("period, name", [
    (Period.quarter("2018Q3"), "攻坚行动指标"),  # the campaign began 2018-08-01
    (Period.month("2020-12"), "攻坚行动指标"),
    (Period.quarter("2021Q1"), "工作指标"),
    (Period.month("2018-07"), "工作指标"),
    (Period.month("2025-05"), "工作指标"),
])
def test_the_heading_names_the_campaign_only_within_it(period, name):
    assert indicators_name(period) == name


def test_a_2025_ledger_heads_its_indicators_neutrally_in_every_output(tmp_path):
    """A clerk's 2025 reports headed their indicators 攻坚行动指标, five years after the campaign ended."""
    for path in outputs(tmp_path, 2025):
        found = texts(path)
        assert not [t for t in found if "攻坚" in t], (path.name, [t for t in found if "攻坚" in t])
        assert any("工作指标" in t for t in found), path.name


def test_a_campaign_ledger_keeps_the_campaign_heading_in_every_output(tmp_path):
    for path in outputs(tmp_path, 2019):
        found = texts(path)
        assert any("攻坚行动指标" in t for t in found), path.name
        assert not any("工作指标" in t for t in found), path.name
