"""`xlkit demo` runs the whole job on the bundled example ledger (the README's first quick-start command)."""

from __future__ import annotations

import openpyxl
from click.testing import CliRunner

from xlkit.cli import cli


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
    assert sum(1 for row in findings.iter_rows(min_row=2, values_only=True) if row[0] == "错误") == 10
    # a second run without --force keeps every file and says so instead of failing
    again = CliRunner().invoke(cli, ["demo", "-o", str(out)])
    assert "已存在" in again.output
