"""The Excel buttons, driven for real through xlwings' remote engine (no Excel needed).

Each test builds a real ledger .xlsx, turns it into the payload the xlwings VBA client would send for
the open workbook, runs the button function on `xw.Book(json=payload)`, then replays the queued actions
onto a copy with openpyxl and reads the result back the way a clerk would see it.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import helpers
import openpyxl
import pytest
import xlwings_payload as xp
from openpyxl.styles import PatternFill

from xlkit.check.run import overdue_items, run_check
from xlkit.excel import buttons as buttons
from xlkit.findings import by_severity
from xlkit.read.ledger import read_ledger
from xlkit.schema import FINDING_HEADERS

TODAY = dt.date(2019, 10, 20)
D = dt.date

CASES = [
    # complete registration, accepted, notice served late, opinion still open (due 2019-10-23 → 临期)
    dict(case_id="0371", registered_on=D(2019, 8, 20), registrar="赵敏", source="县信访局", form="来访",
         petition_type="求决类", petitioner="张三", id_number="-12", township="新宁镇", category="生活垃圾",
         demand="门前垃圾堆放", assigned_on=D(2019, 8, 21), assigner="钱七", unit="环卫股", handler="李四",
         accepted_on=D(2019, 8, 24), acceptance_served_on=D(2019, 9, 20)),
    # accepted 2019-08-01: opinion overdue, analysis due
    dict(case_id="KJ2019-002", registered_on=D(2019, 7, 30), registrar="赵敏", source="本办受理", form="来信",
         petition_type="求决类", petitioner="王五", township="普安镇", category="污水治理", demand="污水横流",
         assigned_on=D(2019, 7, 31), assigner="钱七", unit="村镇股", handler="孙八",
         accepted_on=D(2019, 8, 1), acceptance_served_on=D(2019, 8, 2)),
    # an unreadable date and a township that never existed
    dict(case_id="KJ2019-003", registered_on="2019.9.x", registrar="赵敏", source="县纪委", form="来电",
         petition_type="求决类", petitioner="周九", township="火星镇", category="村庄清洁", demand="清理沟渠"),
    # a finished case with nothing to report
    dict(case_id="KJ2019-004", registered_on=D(2019, 7, 1), registrar="赵敏", source="县信访局", form="来访",
         petition_type="建议意见类", petitioner="吴十", township="回龙镇", category="其他", demand="建议"),
]


@pytest.fixture(autouse=True)
def _licence(monkeypatch):
    # xlwings' remote engine is licence-gated; the office qualifies for the free noncommercial licence.
    monkeypatch.setenv("XLWINGS_LICENSE_KEY", "noncommercial")


def _ledger(folder: Path, rows=CASES, **kwargs) -> Path:
    return helpers.write_ledger(folder / "台账.xlsx", rows, **kwargs)


def _click(button, source: Path, out: Path, selection: str = "A3", payload: dict | None = None,
           name: str | None = None) -> tuple[xp.Replayed, list[dict]]:
    payload = payload or xp.payload_from_xlsx(source, selection=selection, name=name or str(source))
    book = xp.open_payload(payload)
    button(book, TODAY)
    actions = book.json()["actions"]
    return xp.replay(actions, source, out), actions


def _cells(workbook, name: str) -> dict[str, object]:
    return {c.coordinate: c.value for row in workbook[name].iter_rows() for c in row if c.value is not None}


LINK = re.compile(r'^=HYPERLINK\("#\'(?P<sheet>[^\']+)\'!(?P<cell>[A-Z]+\d+)","(?P<text>[^"]+)"\)$')


# ---------------------------------------------------------------------------
# 校验台账


def test_check_lists_every_finding_with_a_link_and_marks_the_cells(tmp_path):
    source = _ledger(tmp_path)
    in_ledger_order = run_check(read_ledger(source), TODAY)
    expected = by_severity(in_ledger_order)  # 错误 → 警告 → 提示, as on screen and in 校验结果.xlsx
    assert expected != in_ledger_order
    replayed, actions = _click(buttons.check, source, tmp_path / "out.xlsx")

    workbook = replayed.workbook()
    assert workbook.sheetnames == ["台账", "校验结果", "校验标记"]
    rows = xp.sheet_values(workbook, "校验结果")
    assert tuple(rows[0][:8]) == FINDING_HEADERS
    body = [r[:8] for r in rows[1:] if any(v is not None for v in r[:8])]
    assert len(body) == len(expected) > 5
    for row, finding in zip(body, expected, strict=True):
        severity, code, place, column, case_id, value, message, hint = row
        assert (severity, code, message) == (finding.severity.value, finding.code, finding.message)
        assert case_id == finding.case_id
        assert column == (finding.column or None)
        match = LINK.match(place)
        assert match, place
        assert (match["sheet"], match["cell"], match["text"]) == (finding.sheet, finding.cell, f"台账!{finding.cell}")
        assert hint == (finding.hint or None)
    # text that Excel would turn into numbers stays text (the apostrophe rule)
    id_rows = [r for r in body if r[1] == "C120"]
    assert id_rows and id_rows[0][4] == "0371" and id_rows[0][5] == "-12"
    assert isinstance(id_rows[0][5], str)

    marks = xp.sheet_values(workbook, "校验标记")
    assert tuple(marks[0]) == buttons.MARK_HEADERS
    marked = {r[0]: r for r in marks[1:]}
    wanted = {f.cell for f in expected if f.severity.value in ("错误", "警告") and f.sheet == "台账"}
    assert set(marked) == wanted
    bad_date = next(f for f in expected if f.code == "R001")
    assert "R001" in marked[bad_date.cell][1]
    assert bad_date.message in marked[bad_date.cell][2]

    # the clerk's cells are untouched, and no action was aimed at the ledger sheet
    assert _cells(workbook, "台账") == _cells(openpyxl.load_workbook(source), "台账")
    assert all(a["sheet_position"] != 0 for a in actions if a["sheet_position"] is not None)
    assert replayed.active_sheet == "校验结果"
    [alert] = replayed.alerts
    assert alert["mode"] == "info" and "校验完成（4 件案件）" in alert["prompt"]
    assert f"错误 {sum(f.severity.value == '错误' for f in expected)} 条" in alert["prompt"]


def test_check_reads_the_open_book_not_the_saved_file(tmp_path):
    source = _ledger(tmp_path)
    payload = xp.payload_from_xlsx(source, name=str(source))
    # the clerk typed into row 6 (KJ2019-004) without saving: an unknown township
    header = payload["sheets"][0]["values"][1]
    payload["sheets"][0]["values"][5][header.index("问题属地乡镇")] = "月亮乡"
    replayed, _ = _click(buttons.check, source, tmp_path / "out.xlsx", payload=payload)
    rows = xp.sheet_values(replayed.workbook(), "校验结果")
    assert any(r[4] == "KJ2019-004" and "月亮乡" in (r[6] or "") for r in rows), "unsaved edit not seen"
    assert not any("月亮乡" in f.message for f in run_check(read_ledger(source), TODAY))  # not on disk


def test_sheet_rows_on_the_remote_engine_are_the_values_xlwings_gives(tmp_path):
    # sheet_rows converts the remote engine's JSON values itself (one pass, issue 15): exactly as xlwings would
    source = _ledger(tmp_path)
    payload = xp.payload_from_xlsx(source, name=str(source))
    odd = ["", None, "2019-08-20T00:00:00.000Z", "2019-08-20T10:30:05.000Z", "#N/A",
           "#DIV/0!", "#DATA!", "12:30", "T12:30:00Z", "2019-13-01T00:00:00.000Z", " ", "0371", True, False, 0,
           3.5, -12, "=A1", "受理：2019-08-20T00:00:00.000Z"]
    payload["sheets"].append({"name": "杂项", "values": [odd, list(reversed(odd))], "pictures": [], "tables": []})
    payload["sheets"].append({"name": "空表", "values": [[]], "pictures": [], "tables": []})
    book = xp.open_payload(payload)
    for sheet in book.sheets:
        last = sheet.used_range.last_cell
        expected = sheet.range((1, 1), (last.row, last.column)).options(ndim=2).value or []
        got = buttons.sheet_rows(sheet)
        assert got == expected and [[type(v) for v in r] for r in got] == [[type(v) for v in r] for r in expected]
    assert buttons.sheet_rows(book.sheets["杂项"])[0][:6] == [None, None, dt.datetime(2019, 8, 20),
                                                            dt.datetime(2019, 8, 20, 10, 30, 5), None, None]
    assert list(book.sheets["杂项"].range("A1:S2").raw_value[0]) == odd  # the payload itself is not changed


def test_second_run_replaces_results_and_keeps_the_template_sheet_formatting(tmp_path):
    source = _ledger(tmp_path)
    workbook = openpyxl.load_workbook(source)
    marks = workbook.create_sheet("校验标记", 1)  # as the template reserves it, styled header
    marks.append(list(buttons.MARK_HEADERS))
    marks["A1"].fill = PatternFill("solid", start_color="FFC000", end_color="FFC000")
    workbook.save(source)

    first, _ = _click(buttons.check, source, tmp_path / "first.xlsx")
    wb1 = first.workbook()
    assert wb1.sheetnames == ["台账", "校验标记", "校验结果"]
    many = len([r for r in xp.sheet_values(wb1, "校验结果")[1:] if r[0]])
    many_marks = len(xp.sheet_values(wb1, "校验标记")) - 1

    # the clerk fixes KJ2019-003's registration date and township, then clicks again
    ledger_sheet = wb1["台账"]
    headers = [c.value for c in ledger_sheet[2]]
    ledger_sheet.cell(5, headers.index("登记日期") + 1).value = D(2019, 9, 3)
    ledger_sheet.cell(5, headers.index("问题属地乡镇") + 1).value = "新宁镇"
    wb1.save(tmp_path / "first.xlsx")
    second, _ = _click(buttons.check, tmp_path / "first.xlsx", tmp_path / "second.xlsx")
    wb2 = second.workbook()
    assert wb2.sheetnames == ["台账", "校验标记", "校验结果"]
    expected = run_check(read_ledger(tmp_path / "first.xlsx"), TODAY)
    rows = [r for r in xp.sheet_values(wb2, "校验结果")[1:] if any(v is not None for v in r[:8])]
    assert len(rows) == len(expected) < many
    mark_rows = [r for r in xp.sheet_values(wb2, "校验标记")[1:] if r[0] is not None]
    assert len(mark_rows) < many_marks
    assert not any(r[1] and "R001" in r[1] for r in mark_rows)
    assert wb2["校验标记"]["A1"].fill.start_color.rgb.endswith("FFC000")  # the template's style survives


def test_missing_column_is_a_chinese_message_and_a_log_entry(tmp_path):
    source = helpers.write_ledger(tmp_path / "台账.xlsx", [{"举报人姓氏": "张三", "日子": D(2019, 9, 1)}],
                                  headers=["举报人姓氏", "日子"])
    replayed, actions = _click(buttons.check, source, tmp_path / "out.xlsx")
    assert [a["func"] for a in actions] == ["alert"]
    [alert] = replayed.alerts
    assert alert["mode"] == "critical"
    assert "像是“信访人”" in alert["prompt"] and "Traceback" not in alert["prompt"]
    log = (tmp_path / buttons.LOG_NAME).read_text(encoding="utf-8")
    assert "校验台账" in log and "信访人" in log


def test_book_without_a_ledger_sheet(tmp_path):
    workbook = openpyxl.Workbook()
    workbook.active.title = "Sheet1"
    workbook.active["A1"] = "随便写的"
    workbook.save(tmp_path / "别的.xlsx")
    replayed, actions = _click(buttons.overdue, tmp_path / "别的.xlsx", tmp_path / "out.xlsx")
    assert [a["func"] for a in actions] == ["alert"]
    assert "找不到台账" in replayed.alerts[0]["prompt"]


def test_internal_error_shows_a_short_message_and_logs_the_traceback(tmp_path, monkeypatch):
    import xlkit.check.run

    def broken(ledger, today):
        raise RuntimeError("规则模块坏了")

    monkeypatch.setattr(xlkit.check.run, "run_check", broken)
    source = _ledger(tmp_path)
    replayed, _ = _click(buttons.check, source, tmp_path / "out.xlsx")
    [alert] = replayed.alerts
    assert "内部出错（RuntimeError）" in alert["prompt"] and "Traceback" not in alert["prompt"]
    assert buttons.LOG_NAME in alert["prompt"]
    log = (tmp_path / buttons.LOG_NAME).read_text(encoding="utf-8")
    assert "Traceback" in log and "规则模块坏了" in log


# ---------------------------------------------------------------------------
# 到期提醒


def test_overdue_sheet_lists_overdue_and_due_soon_stages(tmp_path):
    source = _ledger(tmp_path)
    ledger = read_ledger(source)
    expected = overdue_items(ledger, TODAY, ledger.settings.due_soon_days)
    assert {i["state"] for i in expected} == {"超期", "临期", "待办"}
    replayed, _ = _click(buttons.overdue, source, tmp_path / "out.xlsx")
    workbook = replayed.workbook()
    rows = xp.sheet_values(workbook, "到期提醒")
    assert tuple(rows[0][:10]) == buttons.OVERDUE_HEADERS
    body = [r[:10] for r in rows[1:] if r[0] is not None]
    tasks = [r for r in body if r[0] == "待办"]  # 息访分析: no time limit, after the timed stages, with its start day
    assert tasks and body[-len(tasks):] == tasks and all(r[1] is None and r[2] is None for r in tasks)
    assert [(r[3].date(), r[5]) for r in tasks] == [
        (dt.date.fromisoformat(i["since"]), i["case_id"]) for i in expected if i["state"] == "待办"]
    body = body[:-len(tasks)]
    expected = sorted((i for i in expected if i["state"] != "待办"), key=lambda i: (i["days_left"], i["row"]))
    # an overdue stage's days under 超期天数, counted up (a clerk read “-12” under 剩余天数 as a typo)
    assert [(r[0], r[1], r[2], r[3].date(), r[4], r[5]) for r in body] == [
        (i["state"], i["days_left"] if i["days_left"] >= 0 else None, -i["days_left"] if i["days_left"] < 0 else None,
         dt.date.fromisoformat(str(i["due"])), i["stage"], i["case_id"]) for i in expected]
    assert any(r[2] for r in body) and all(v is None or v >= 0 for r in body for v in r[1:3])
    first = body[0]
    match = LINK.match(first[9])
    assert match and match["sheet"] == "台账" and match["cell"] == f"A{expected[0]['row']}"
    assert workbook["到期提醒"]["D2"].number_format == "yyyy-mm-dd"
    assert "超期" in replayed.alerts[0]["prompt"]
    assert _cells(workbook, "台账") == _cells(openpyxl.load_workbook(source), "台账")


# ---------------------------------------------------------------------------
# Small pieces


@pytest.mark.parametrize(("address", "rows"), [
    ("B5", [5]),
    ("$B$5:$D$7", [5, 6, 7]),
    ("B5:C6,A9", [5, 6, 9]),
    ("7:5", [5, 6, 7]),
    ("$3:$4", [3, 4]),
    ("A:C", None),
    ("$1:$1048576", None),
    ("", []),
])
def test_selected_rows(address, rows):
    assert buttons.selected_rows(address) == rows


@pytest.mark.parametrize("address", ["$A$5:$C$5,$A", "$A$5,B7:", "A", "A5,,A7", "$B$5:$C"])
def test_a_cut_off_address_is_unreadable_not_every_row(address):
    with pytest.raises(buttons.SelectionUnreadable):
        buttons.selected_rows(address)


class _ComAreas:
    """Stands in for Excel's Range.Areas over COM (Count, Item(i) with its own short Address)."""

    def __init__(self, addresses):
        self.addresses = addresses
        self.Count = len(addresses)

    def Item(self, index):  # noqa: N802 (COM's name)
        return type("Area", (), {"Address": self.addresses[index - 1]})()


def test_a_long_multi_area_selection_is_read_area_by_area():
    addresses = [f"$A${row}:$F${row}" for row in range(3, 403, 2)]  # 200 areas, about 2,400 characters
    selection = type("Selection", (), {"api": type("Api", (), {"Areas": _ComAreas(addresses)})(),
                                       "address": ",".join(addresses)[:255]})()
    joined = buttons._area_addresses(selection)
    assert len(joined) > 255
    assert buttons.selected_rows(joined) == list(range(3, 403, 2))


def test_docs_refuses_a_selection_excel_cut_at_255_characters(tmp_path):
    source = _ledger(tmp_path)
    long_address = ",".join(f"A{row}" for row in range(3, 200))[:255]
    payload = xp.payload_from_xlsx(source, selection=long_address, name=str(source))
    replayed, actions = _click(buttons.docs, source, tmp_path / "out.xlsx", payload=payload)
    assert [a["func"] for a in actions] == ["alert"]
    assert "选中的区域太多" in replayed.alerts[0]["prompt"]
    assert not (tmp_path / "文书").exists()


@pytest.mark.parametrize(("value", "stored"), [
    ("0371", "0371"), ("=1+1", "=1+1"), ("-12", "-12"), ("2019-9-3", "2019-9-3"), ("张三", "张三"),
    (3, 3), (None, None),
])
def test_text_cells_survive_excel_parsing(value, stored):
    assert xp.excel_value(buttons.text_cell(value))[0] == stored


def test_link_quotes_sheet_names():
    assert buttons.link("台账", "H5") == '=HYPERLINK("#\'台账\'!H5","台账!H5")'
    assert buttons.link("张's 台账", "A1", 'say "hi"') == '=HYPERLINK("#\'张\'\'s 台账\'!A1","say ""hi""")'


def test_links_work_in_a_real_spreadsheet_program(tmp_path):
    """LibreOffice recalculates the replayed workbook: every link formula evaluates to its text."""
    source = _ledger(tmp_path)
    replayed, _ = _click(buttons.check, source, tmp_path / "out.xlsx")
    converted = helpers.convert(replayed.path, "xlsx", tmp_path / "lo")
    computed = openpyxl.load_workbook(converted, data_only=True)["校验结果"]
    formulas = replayed.workbook()["校验结果"]
    checked = 0
    for row in range(2, formulas.max_row + 1):
        formula = formulas.cell(row, 3).value
        if isinstance(formula, str) and formula.startswith("=HYPERLINK"):
            assert computed.cell(row, 3).value == LINK.match(formula)["text"]
            checked += 1
    assert checked > 5


# ---------------------------------------------------------------------------
# 生成文书


def _docs_folders(folder: Path) -> set[str]:
    out = folder / buttons.DOCS_FOLDER
    return {p.name for p in out.iterdir() if p.is_dir()} if out.exists() else set()


def test_docs_for_the_selected_rows_only(tmp_path):
    from docx import Document

    from xlkit.documents.catalog import case_folder_name

    source = _ledger(tmp_path)
    replayed, actions = _click(buttons.docs, source, tmp_path / "out.xlsx", selection="B3:C3,A5")
    assert [a["func"] for a in actions] == ["alert"]  # nothing written into the book
    assert _docs_folders(tmp_path) == {case_folder_name("0371", "张三"), case_folder_name("KJ2019-003", "周九")}
    made = sorted((tmp_path / "文书" / case_folder_name("0371", "张三")).glob("*.docx"))
    assert any("受理告知书" in p.name for p in made)
    text = "\n".join(p.text for p in Document(made[0]).paragraphs)
    assert "0371" in text or "张三" in text
    prompt = replayed.alerts[0]["prompt"]
    assert "选中的 2 件案件" in prompt and str(tmp_path / "文书") in prompt

    # a second click keeps what exists and says so
    replayed, _ = _click(buttons.docs, source, tmp_path / "out2.xlsx", selection="A3")
    assert "已存在，未覆盖" in replayed.alerts[0]["prompt"]


def test_docs_for_the_active_row(tmp_path):
    from xlkit.documents.catalog import case_folder_name

    source = _ledger(tmp_path)
    _click(buttons.docs, source, tmp_path / "out.xlsx", selection="F4")
    assert _docs_folders(tmp_path) == {case_folder_name("KJ2019-002", "王五")}


@pytest.mark.parametrize(("selection", "name", "active", "message"), [
    ("A1:C2", None, None, "没有案件"),  # the title and header rows
    ("A3", "工作簿1", None, "还没有保存"),  # never saved: no folder to write into
    ("A3", None, "说明", "请先在“台账”表中选中"),
])
def test_docs_tells_the_clerk_what_to_do(tmp_path, monkeypatch, selection, name, active, message):
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))  # a never-saved book logs there, not in /tmp
    source = _ledger(tmp_path)
    workbook = openpyxl.load_workbook(source)
    workbook.create_sheet("说明")["A1"] = "填表说明"
    workbook.save(source)
    payload = xp.payload_from_xlsx(source, selection=selection, name=name or str(source), active_sheet=active)
    replayed, actions = _click(buttons.docs, source, tmp_path / "out.xlsx", payload=payload)
    assert [a["func"] for a in actions] == ["alert"]
    assert message in replayed.alerts[0]["prompt"] and replayed.alerts[0]["mode"] == "critical"
    assert not (tmp_path / "文书").exists()


# ---------------------------------------------------------------------------
# 月度调度 / 季度汇总


def _with_settings(source: Path, **values: str) -> Path:
    from xlkit.schema import SETTINGS

    workbook = openpyxl.load_workbook(source)
    sheet = workbook.create_sheet("设置")
    labels = {s.key: s.label for s in SETTINGS}
    for key, value in values.items():
        sheet.append([labels[key], value])
    workbook.save(source)
    return source


def test_monthly_uses_the_month_in_settings_and_never_overwrites(tmp_path):
    source = _with_settings(_ledger(tmp_path), report_month="2019-09")
    replayed, actions = _click(buttons.monthly, source, tmp_path / "out.xlsx")
    assert [a["func"] for a in actions] == ["alert"]
    first = tmp_path / "月度调度_2019-09.xlsx"
    assert first.exists() and str(first) in replayed.alerts[0]["prompt"]
    texts = {c.value for ws in openpyxl.load_workbook(first).worksheets for row in ws.iter_rows() for c in row}
    assert "KJ2019-002" in texts  # its opinion is overdue: listed for the meeting
    replayed, _ = _click(buttons.monthly, source, tmp_path / "out2.xlsx")
    assert (tmp_path / "月度调度_2019-09(2).xlsx").exists()
    assert "月度调度_2019-09(2).xlsx" in replayed.alerts[0]["prompt"]


def test_monthly_defaults_to_this_month(tmp_path):
    source = _ledger(tmp_path)
    _click(buttons.monthly, source, tmp_path / "out.xlsx")
    assert (tmp_path / f"月度调度_{TODAY:%Y-%m}.xlsx").exists()


def test_a_bad_period_in_settings_is_a_message(tmp_path):
    source = _with_settings(_ledger(tmp_path), report_quarter="明年")
    replayed, _ = _click(buttons.quarterly, source, tmp_path / "out.xlsx")
    assert "统计季度" in replayed.alerts[0]["prompt"] and "明年" in replayed.alerts[0]["prompt"]
    assert not list(tmp_path.glob("季度分析_*"))


def test_quarterly_writes_the_masked_workbook_and_the_report_next_to_the_ledger(tmp_path):
    source = _with_settings(_ledger(tmp_path), report_quarter="2019Q3")
    replayed, _ = _click(buttons.quarterly, source, tmp_path / "out.xlsx")
    workbook_path = tmp_path / "季度分析_2019Q3.xlsx"
    report = next(tmp_path.glob("*2019Q3.docx"))
    assert workbook_path.exists() and report.exists()
    texts = {str(c.value) for ws in openpyxl.load_workbook(workbook_path).worksheets
             for row in ws.iter_rows() for c in row if c.value is not None}
    assert not any("张三" in t or "王五" in t for t in texts)  # personal data masked for circulation
    assert str(workbook_path) in replayed.alerts[0]["prompt"]


def test_quarterly_writes_no_report_draft_when_its_workbook_fails(tmp_path, monkeypatch):
    # the draft is written by a second Python meanwhile (issue 15); a failed workbook takes it back
    import xlkit.analysis.quarterly as quarterly
    from xlkit.output.files import OutputExists

    def fail(*args, **kwargs):
        raise OutputExists("季度分析表无法写入（测试）")

    import xlkit.analysis.quarterly_report as report

    started = []
    original = report.start_report

    def start(*args, **kwargs):
        started.append(original(*args, **kwargs))
        return started[-1]

    monkeypatch.setattr(quarterly, "write_quarterly", fail)
    monkeypatch.setattr(report, "start_report", start)
    source = _with_settings(_ledger(tmp_path), report_quarter="2019Q3")
    replayed, _ = _click(buttons.quarterly, source, tmp_path / "out.xlsx")
    assert "季度分析表无法写入（测试）" in replayed.alerts[0]["prompt"]
    [aside] = started
    if aside.process is not None:  # still running: what it writes must not stay
        aside.process.wait()
    assert not list(tmp_path.glob("*2019Q3*")) and not list(tmp_path.glob(".~xlkit-*"))


def test_quarterly_starts_the_report_python_before_reading_and_lets_it_go_when_reading_fails(tmp_path, monkeypatch):
    from xlkit.analysis import report_docx

    started = []
    original = report_docx.Beside.__init__

    def init(self):
        original(self)
        started.append(self.process)

    read = buttons.read_book

    def read_book(book):
        assert started and started[0].poll() is None  # already started, and waiting
        return read(book)

    monkeypatch.setattr(report_docx.Beside, "__init__", init)
    monkeypatch.setattr(buttons, "read_book", read_book)
    source = helpers.write_ledger(tmp_path / "台账.xlsx", [{"举报人姓氏": "张三", "日子": D(2019, 9, 1)}],
                                  headers=["举报人姓氏", "日子"])
    replayed, _ = _click(buttons.quarterly, source, tmp_path / "out.xlsx")
    assert "像是“信访人”" in replayed.alerts[0]["prompt"]  # the clerk's message, as before
    [process] = started
    assert process.wait(timeout=60) == 0  # ended without a report
    assert not list(tmp_path.glob("*.docx")) and not list(tmp_path.glob("季度分析_*"))


# ---------------------------------------------------------------------------
# With the real template (its 校验标记 sheet and the conditional format that reads it)


def test_check_on_the_template_fills_its_mark_sheet_that_the_colouring_reads(tmp_path):
    from xlkit.template.builder import build_workbook

    source = tmp_path / "台账.xlsx"
    template = build_workbook(rows=CASES)
    # keep the test fast: drop what the button never reads (the 4,749-row calendar, the empty
    # pre-formatted rows under the cases); the sheets, validations and conditional formats stay
    del template["工作日历"]
    template["台账"].delete_rows(len(CASES) + 4, template["台账"].max_row)
    template.save(source)
    before = openpyxl.load_workbook(source)
    rules = [rule.formula[0] for cf in before["台账"].conditional_formatting for rule in cf.rules]
    assert any("校验标记" in f and "ADDRESS(ROW(),COLUMN(),4)" in f for f in rules)

    replayed, actions = _click(buttons.check, source, tmp_path / "out.xlsx")
    workbook = replayed.workbook()
    assert workbook.sheetnames == before.sheetnames + ["校验结果"]  # 校验标记 kept in its place
    marks = [r for r in xp.sheet_values(workbook, "校验标记")[1:] if r[0]]
    expected = run_check(read_ledger(source), TODAY)
    assert {r[0] for r in marks} == {f.cell for f in expected if f.severity.value in ("错误", "警告")
                                     and f.sheet == "台账"}
    assert all(re.fullmatch(r"[A-Z]+\d+", r[0]) for r in marks)  # what ADDRESS(ROW(),COLUMN(),4) returns
    for name in ("台账", "字典", "设置", "说明"):
        assert _cells(workbook, name) == _cells(before, name), f"{name} changed"


def test_a_ledger_sheet_with_another_name_is_found_and_linked(tmp_path):
    source = helpers.write_ledger(tmp_path / "2019年.xlsx", CASES, sheet="2019年 台账")
    replayed, _ = _click(buttons.check, source, tmp_path / "out.xlsx")
    rows = xp.sheet_values(replayed.workbook(), "校验结果")[1:]
    places = [LINK.match(r[2]) for r in rows if isinstance(r[2], str) and r[2].startswith("=")]
    assert places and all(m["sheet"] == "2019年 台账" for m in places)
    assert xp.sheet_values(replayed.workbook(), "校验标记")[1:]


def test_the_buttons_read_the_office_mapping_sheet_as_the_command_line_does(tmp_path):
    import real_shapes

    source, expect = real_shapes.mapping_sheet_ledger(tmp_path)
    book = xp.open_payload(xp.payload_from_xlsx(source, selection="A2", name=str(source)))
    from_button = buttons.read_book(book)
    from_file = read_ledger(source)
    assert from_button.positions == from_file.positions
    assert list(from_button.frame["township"]) == list(from_file.frame["township"]) == ["灵岩镇", "梅家乡", "长岭镇"]
    assert len(from_button.frame) == expect.cases


CLICK = """
import datetime as dt, gc, json, sys
import xlwings as xw
from xlkit.excel import buttons
book = xw.Book(json=json.load(open(sys.argv[1], encoding="utf-8")))
written = buttons.click(sys.argv[2], book, dt.date.fromisoformat(sys.argv[3]))
print(json.dumps({"frozen": gc.get_freeze_count(), "written": [str(p) for p in written],
                  "actions": book.json()["actions"]}, ensure_ascii=False, default=str))
"""


def test_a_click_in_its_own_python_runs_the_button_and_leaves_the_collector_off_its_objects(tmp_path):
    import json
    import subprocess
    import sys

    source = _ledger(tmp_path)
    payload = tmp_path / "payload.json"
    payload.write_text(json.dumps(xp.payload_from_xlsx(source, selection="A3", name=str(source)),
                                  ensure_ascii=False, default=str), encoding="utf-8")
    done = subprocess.run([sys.executable, "-c", CLICK, str(payload), "quarterly", TODAY.isoformat()],
                          capture_output=True, text=True, encoding="utf-8", check=True)
    result = json.loads(done.stdout)
    assert [Path(p).name for p in result["written"]] == ["季度分析_2019Q4.xlsx", "季度总结分析报告_2019Q4.docx"]
    assert all(Path(p).is_file() for p in result["written"])
    [alert] = [a for a in result["actions"] if a["func"] == "alert"]
    assert alert["args"][0].startswith("已生成2019年第四季度分析表和报告初稿")
    assert result["frozen"] > 10_000  # the imported modules and what the click made, out of the collector's passes


def test_a_click_in_a_long_lived_udf_server_leaves_the_collector_alone(tmp_path):
    # RunPython with xlwings' “Use UDF Server”: the click runs in a COM server that lives on (xlwings.server loaded)
    import json
    import subprocess
    import sys

    source = _ledger(tmp_path)
    payload = tmp_path / "payload.json"
    payload.write_text(json.dumps(xp.payload_from_xlsx(source, selection="A3", name=str(source)),
                                  ensure_ascii=False, default=str), encoding="utf-8")
    code = "import sys, types; sys.modules['xlwings.server'] = types.ModuleType('xlwings.server')\n" + CLICK
    done = subprocess.run([sys.executable, "-c", code, str(payload), "quarterly", TODAY.isoformat()],
                          capture_output=True, text=True, encoding="utf-8", check=True)
    result = json.loads(done.stdout)
    assert len(result["written"]) == 2 and result["frozen"] == 0
