"""One catalogue of finding codes: every code xlkit can emit is declared once, with a title, and looked up by code."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import helpers
import openpyxl
import pytest

from xlkit.check.report import write_check_report
from xlkit.check.run import check_file
from xlkit.codes import catalogue, lookup
from xlkit.read.codes import READER

PACKAGE = Path(__file__).resolve().parents[1] / "xlkit"
EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "示例台账.xlsx"
CODE_LITERAL = re.compile(r"""["']([RCD]\d{3})["']""")


def test_codes_are_declared_once_with_a_title():
    codes = [c.code for c in catalogue()]
    assert len(codes) == len(set(codes))
    assert all(c.title and c.severity.value in ("错误", "警告", "提示") for c in catalogue())


def test_every_code_written_in_the_source_is_catalogued():
    written = {(path.relative_to(PACKAGE).as_posix(), code) for path in PACKAGE.rglob("*.py")
               for code in CODE_LITERAL.findall(path.read_text(encoding="utf-8"))}
    assert written, "the pattern finds the codes"
    declared = {c.code for c in catalogue()}
    assert [(where, code) for where, code in sorted(written) if code not in declared] == []


def test_an_undeclared_code_fails_where_it_is_raised():
    with pytest.raises(KeyError):
        READER["R999"].finding("不应出现")
    with pytest.raises(KeyError, match="R999"):
        lookup("R999")


def test_emitted_findings_match_their_declaration():
    findings = check_file(EXAMPLE, dt.date(2020, 12, 31)).findings
    assert findings
    for finding in findings:
        assert finding.severity is lookup(finding.code).severity, finding


def test_report_summary_titles_every_code_found(tmp_path):
    headers = ["案件编号", "信访人", "登记日期", "信访人"]  # 信访人 twice: R006
    path = tmp_path / "台账.xlsx"
    helpers.write_ledger(path, [{"案件编号": "2019-001", "信访人": "张三", "登记日期": "2019年13月1日"}], headers)
    result = check_file(path, dt.date(2019, 12, 31))
    assert {"R006", "R001"} <= {f.code for f in result.findings}
    report = write_check_report(result, tmp_path / "校验结果.xlsx")
    summary = openpyxl.load_workbook(report)["汇总"]
    titles = {row[0]: row[1] for row in summary.iter_rows(values_only=True) if row[0] in {f.code for f in result.findings}}
    assert titles["R006"] == "表头重复出现，只读取了第一列"
    assert all(titles.values())
