"""Hostile input (issue 12): each kind of file a tester builds to break spreadsheet tools, one test each.

Every file is built here; the fuzz-style run over every command is in test_hostile_fuzz.py.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

import helpers
import openpyxl
import pytest
from click.testing import CliRunner

from xlkit.cli import cli

D = dt.date
BASE = dict(registered_on=D(2019, 9, 2), registrar="李登记", source="县信访局", form="来访", petition_type="求决类",
            township="新宁镇", category="生活垃圾", demand="清运垃圾", assigned_on=D(2019, 9, 2), assigner="王交办",
            unit="综合股", handler="赵承办", accepted_on=D(2019, 9, 3), acceptance_decision="受理")


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def ledger(path: Path, *rows: dict, **kwargs) -> Path:
    return helpers.write_ledger(path, [dict(BASE, **r) for r in rows], **kwargs)


def xlkit_process(*args, limit_bytes: int = 1 << 30, timeout: int = 60) -> subprocess.CompletedProcess:
    """The real program in its own process under a memory ceiling (an abort must not take pytest with it)."""

    def ceiling() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (limit_bytes, limit_bytes))

    return subprocess.run([sys.executable, "-m", "xlkit", *map(str, args)], capture_output=True, text=True,
                          timeout=timeout, preexec_fn=ceiling, env={**os.environ, "PYTHONUTF8": "1"})


# --- 2. a stray cell far away -------------------------------------------------------------------


@pytest.mark.parametrize("far", ["XFD1048576", "BJ1048576", "AZZ70000", "B1048576"])
def test_a_far_stray_cell_is_reported_and_reading_stays_small(tmp_path, far):
    path = ledger(tmp_path / "远处.xlsx", dict(case_id="2019-001", petitioner="张三"))
    book = openpyxl.load_workbook(path)
    book["台账"][far] = "误按的字"
    book.save(path)
    start = time.perf_counter()
    result = xlkit_process("check", path, "--json", "--today", "2019-10-01", limit_bytes=1 << 30)
    elapsed = time.perf_counter() - start
    assert result.returncode in (0, 1), result.stderr[-2000:]
    report = json.loads(result.stdout)
    assert report["cases"] == 1
    stray = [f for f in report["findings"] if f["cell"] == far]
    assert stray and stray[0]["code"] == "R020" and "误按的字" in stray[0]["message"]
    assert elapsed < 20  # the 2 s target is measured by hand (issue note); CI machines are shared


def test_values_scattered_over_a_million_rows_are_a_clear_exit_2(tmp_path):
    from xlkit.read.sparse import GAP_ROWS

    path = ledger(tmp_path / "散.xlsx", dict(case_id="2019-001", petitioner="张三"))
    book = openpyxl.load_workbook(path)
    sheet = book["台账"]
    for row in range(4, 1_048_576, GAP_ROWS):  # never a gap long enough to end the table
        sheet.cell(row, 7, "某")
    book.save(path)
    result = xlkit_process("check", path, "--today", "2019-10-01")
    assert result.returncode == 2, result.stderr[-2000:]
    assert "超出能读取的范围" in result.stderr and "Ctrl+End" in result.stderr
