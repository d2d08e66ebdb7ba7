"""The ledger sheet read on a second core (xlkit.read.prefetch): the same ledger as reading it in turn, and
never a sheet whose extent is unknown or too big, or a file that changed since."""

from __future__ import annotations

import datetime as dt
import json
import os

import helpers
import openpyxl
import pytest
from click.testing import CliRunner
from openpyxl.utils import get_column_letter

from xlkit.cli import cli
from xlkit.read import extent, prefetch
from xlkit.read.ledger import read_ledger
from xlkit.schema import BY_FIELD, COLUMNS

D = dt.date
ROW = dict(registered_on=D(2019, 9, 16), source="县信访局", form="来访", petition_type="求决类", township="新宁镇",
           category="生活垃圾", demand="清运垃圾", unit="综合股", accepted_on=D(2019, 9, 20))


def cell(field: str, row: int) -> str:
    headers = [c.header for c in COLUMNS]
    return f"{get_column_letter(headers.index(BY_FIELD[field].header) + 1)}{row}"


@pytest.fixture
def ledger(tmp_path):
    """A ledger with what the threaded read must carry over: a formula error, a formula without a result, a
    merged 登记人 over two cases, a note under the table and a second sheet."""
    path = helpers.write_ledger(tmp_path / "台账.xlsx", [
        dict(ROW, case_id=f"2019-{i:03d}", petitioner=f"信访人{i}", registrar="李登记" if i == 1 else None)
        for i in range(1, 7)])
    book = openpyxl.load_workbook(path)
    sheet = book["台账"]
    sheet[cell("opinion_on", 3)] = "=TODAY()"  # no cached result
    sheet[cell("opinion_on", 4)] = "#N/A"  # an error value
    sheet.merge_cells(f"{cell('registrar', 3)}:{cell('registrar', 4)}")
    sheet["A12"] = "注：本表由综合股填报。"
    book.create_sheet("备注")["A1"] = "其他"
    book.save(path)
    return path


def findings(ledger):
    return [(f.code, f.where, f.message) for f in ledger.findings]


def test_the_threaded_read_gives_the_same_ledger(ledger, monkeypatch):
    """The same ledger, and the workbook opened once: the reader takes the sheet names from the thread's
    opening (calamine reads the shared texts then), opening the file itself only to read another sheet."""
    opened = helpers.spy(monkeypatch, prefetch, "opened_book")
    threaded = read_ledger(ledger)
    assert opened == [True]
    assert threaded.frame.loc[4, "registrar"] == "李登记"  # the merge reached the second case
    with monkeypatch.context() as patch:
        patch.setattr(prefetch, "start", lambda *args, **kwargs: None)
        in_turn = read_ledger(ledger)
    assert opened == [True, False]  # (no read begun: the reader opens the file)
    assert findings(threaded) == findings(in_turn)
    assert {f.code for f in threaded.findings} >= {"R024", "R025", "R000"}
    assert threaded.frame.equals(in_turn.frame)
    assert prefetch._pending == {}


def test_a_command_reads_through_the_thread(ledger, monkeypatch):
    """`check` starts the read before its imports and takes the rows the thread read."""
    taken = helpers.spy(monkeypatch, prefetch, "take")
    result = CliRunner().invoke(cli, ["check", str(ledger), "--today", "2019-11-15", "--json"])
    assert result.exit_code in (0, 1), result.output
    assert taken[0] is True  # the ledger sheet came from the thread
    codes = {f["code"] for f in json.loads(result.output)["findings"]}
    assert {"R024", "R025"} <= codes


def test_a_sheet_reaching_far_is_never_given_to_calamine_on_the_thread(tmp_path, monkeypatch):
    path = helpers.write_ledger(tmp_path / "远.xlsx", [dict(ROW, case_id="2019-001", petitioner="张三")])
    book = openpyxl.load_workbook(path)
    book["台账"]["XFD1048576"] = "远处"
    book.save(path)
    begun = helpers.spy(monkeypatch, prefetch._Read, "begin")  # (the file is opened at once, the sheet read after)
    prefetch.start(path)
    assert begun == [] and prefetch._pending == {}
    ledger = read_ledger(path)  # read cell by cell, the far value reported
    assert "R020" in {f.code for f in ledger.findings} and len(ledger) == 1


def test_a_file_changed_after_the_read_began_is_read_again(ledger):
    prefetch.start(ledger)
    read = prefetch._pending[ledger]
    read.thread.join()
    book = openpyxl.load_workbook(ledger)
    book["台账"][cell("petitioner", 3)] = "改过的名字"
    book.save(ledger)
    os.utime(ledger, ns=(read.stamp[1] + 10**9, read.stamp[1] + 10**9))  # a later time, whatever the clock says
    parts = extent.sheet_parts(ledger)
    assert prefetch.take(ledger, "台账", parts["台账"]) is None  # not trusted
    assert read_ledger(ledger).frame.loc[3, "petitioner"] == "改过的名字"


def test_another_sheet_asked_for_leaves_the_started_read_unused(ledger):
    book = openpyxl.load_workbook(ledger)
    copy = book.copy_worksheet(book["台账"])
    copy.title = "二股"
    copy[cell("petitioner", 3)] = "二股的人"
    book.save(ledger)
    prefetch.start(ledger)  # (the likeliest sheet: 台账)
    assert read_ledger(ledger, "二股").frame.loc[3, "petitioner"] == "二股的人"
    assert prefetch._pending == {}


def test_a_command_that_stops_before_reading_leaves_no_read_behind(ledger):
    """A command begins reading, then stops on an error before it reads the ledger: the read is dropped."""
    from xlkit.cli.options import FatalError, begin_reading, handle_errors
    from xlkit.errors import XlkitError

    @handle_errors
    def command(path):
        begin_reading(path)
        assert prefetch._pending  # (the read began)
        raise XlkitError("输出文件已存在。")

    with pytest.raises(FatalError):
        command(ledger)
    assert prefetch._pending == {}


def test_the_settings_sheet_is_read_from_the_thread_s_opening(ledger, monkeypatch):
    # calamine reads the whole table of shared texts each time it opens a file (0.2 s of a 100,000-row ledger
    # saved by Excel): the 设置 read after the ledger sheet uses the thread's opening, not a second one
    book = openpyxl.load_workbook(ledger)
    settings = book.create_sheet("设置")
    settings.append(["项目", "值"])
    settings.append(["临期提醒天数", 3])
    book.save(ledger)
    opened = helpers.spy(monkeypatch, prefetch, "_open")
    read = read_ledger(ledger)
    assert read.settings.due_soon_days == 3
    assert opened == [True]
