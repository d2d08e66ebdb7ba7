"""Hostile and foreign ledgers, second round: classes of file the earlier rounds did not build.

Each test builds its file and reads it through the command line or the reader, as a clerk's run would.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import helpers
import openpyxl
import pytest
from click.testing import CliRunner
from openpyxl.utils.datetime import CALENDAR_MAC_1904

from xlkit.cli import cli
from xlkit.read.ledger import read_ledger

D = dt.date
HEADERS = ["案件编号", "登记日期", "登记人", "案件来源", "信访形式", "信访人", "问题属地乡镇", "问题类别", "诉求内容",
           "受理日期"]


def case(number: int, **changes) -> list:
    values = dict(zip(HEADERS, [f"2019-{number:03d}", D(2019, 9, 2), "李登记", "县信访局", "来访", f"张{number}",
                                "新宁镇", "生活垃圾", "清运垃圾", D(2019, 9, 3)], strict=True))
    values.update(changes)
    return [values[h] for h in HEADERS]


def check_json(path: Path) -> dict:
    result = CliRunner().invoke(cli, ["check", str(path), "--json", "--today", "2019-12-01"])
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.output)


# --- the 1904 date system ------------------------------------------------------------------------


def _ledger_1904(path: Path) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "台账"
    sheet.append(HEADERS)
    sheet.append(case(1))  # dates in date cells: openpyxl writes them as 1904 serials with a date format
    sheet.append(case(2, 登记日期=42248, 受理日期=42249))  # serials typed in cells formatted as numbers
    sheet.append(case(3, 登记日期=20190902, 受理日期="2019-09-03"))  # 8-digit dates and text are no serials
    workbook.epoch = CALENDAR_MAC_1904
    workbook.save(path)
    return path


def test_a_1904_workbook_reads_its_plain_serials_as_excel_shows_them(tmp_path):
    # Excel for Mac's old default: serial 42248 is 2019-09-02 there, 2015-09-01 in the 1900 system
    ledger = read_ledger(_ledger_1904(tmp_path / "mac.xlsx"))
    frame = ledger.frame
    assert [d.date() for d in frame["registered_on"]] == [D(2019, 9, 2)] * 3
    assert [d.date() for d in frame["accepted_on"]] == [D(2019, 9, 3)] * 3
    assert not [f for f in check_json(tmp_path / "mac.xlsx")["findings"] if f["code"] != "C001"]


@pytest.mark.libreoffice
def test_an_xls_in_the_1904_date_system_reads_its_plain_serials_too(tmp_path):
    xls = helpers.convert(_ledger_1904(tmp_path / "mac.xlsx"), "xls", tmp_path / "xls")
    frame = read_ledger(xls).frame
    assert [d.date() for d in frame["registered_on"]] == [D(2019, 9, 2)] * 3
    assert [d.date() for d in frame["accepted_on"]] == [D(2019, 9, 3)] * 3


# --- rows a clerk cleared with the space bar --------------------------------------------------------


def test_a_row_of_cells_cleared_with_spaces_is_not_a_case(tmp_path):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "台账"
    sheet.append(HEADERS)
    sheet.append(case(1))
    sheet.append([" "] * len(HEADERS))  # every cell "cleared" with a space
    sheet.append(["\u3000", None, " ", "  ", "\t", None, " ", " ", " ", None])  # ideographic space, a tab
    sheet.append(case(2))
    sheet.append(case(3, 案件编号=" ", 信访人="王五"))  # a case whose number is missing: still a case
    path = tmp_path / "spaces.xlsx"
    workbook.save(path)
    report = check_json(path)
    assert report["cases"] == 3
    assert {f["row"] for f in report["findings"] if f["code"] == "C101"} == {6}  # only the case without a number
