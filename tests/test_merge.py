"""xlkit merge: 股室 files in different layouts (.xlsx and .xls) into one ledger, nothing dropped silently."""

from __future__ import annotations

import datetime as dt
import hashlib
import json

import helpers
import openpyxl
import pytest
import xlwt
from click.testing import CliRunner

from xlkit.analysis.merge import CONFLICTS_SHEET, NOTES_SHEET, SOURCES_SHEET, merge_files, merged_ledger
from xlkit.check.run import check_ledger
from xlkit.cli import cli
from xlkit.read.ledger import read_ledger
from xlkit.schema import COLUMNS, header

d = dt.date
TODAY = d(2019, 12, 20)


def row(case_id, petitioner, unit, **extra):
    base = dict(case_id=case_id, registered_on=d(2019, 9, 2), registrar="王登记", source="县信访局", form="来访",
                petition_type="求决类", petitioner=petitioner, township="新宁镇", category="生活垃圾",
                demand="请求清运垃圾", assigned_on=d(2019, 9, 3), assigner="李交办", unit=unit, handler="赵承办",
                accepted_on=d(2019, 9, 4), acceptance_decision="受理", acceptance_served_on=d(2019, 9, 5))
    base.update(extra)
    return base


DUP = row("2019-DUP", "钱七", "市容股", opinion_on=d(2019, 10, 10), measure="解决到位")
CON_FIRST = row("2019-CON", "孙八", "市容股", opinion_on=d(2019, 10, 12), satisfaction="满意")
CON_SECOND = row("2019-CON", "孙八", "市容股", opinion_on=d(2019, 10, 15), satisfaction="基本满意")
SHIRONG = [row("2019-S01", "张三", "市容股"), row("2019-S02", "李四", "市容股"), DUP, CON_FIRST]
HUANWEI = [row("2019-H01", "王五", "环卫股"), DUP, CON_SECOND]
CUNZHEN = [row("2019-V01", "赵六", "村镇股")]

#: The .xls file holds fewer columns, in reverse order.
XLS_FIELDS = [c.field for c in COLUMNS if c.field in set().union(*HUANWEI)][::-1]


def write_xls(path, rows, fields):
    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("台账")
    date_style = xlwt.easyxf(num_format_str="YYYY-MM-DD")
    for column, name in enumerate(fields):
        sheet.write(0, column, header(name))
    for r, values in enumerate(rows, start=1):
        for column, name in enumerate(fields):
            value = values.get(name)
            if isinstance(value, dt.date):
                sheet.write(r, column, value, date_style)
            elif value is not None:
                sheet.write(r, column, value)
    book.save(str(path))
    return path


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("股室")
    first = helpers.write_ledger(folder / "市容股.xlsx", SHIRONG)
    second = write_xls(folder / "环卫股.xls", HUANWEI, XLS_FIELDS)
    shuffled = [c.header for c in COLUMNS][::2] + ["领导批示"] + [c.header for c in COLUMNS][1::2]
    third = helpers.write_ledger(folder / "村镇股.xlsx", [{**CUNZHEN[0], "领导批示": "抓紧办理"}],
                                 headers=shuffled, title=None)
    return [first, second, third]


@pytest.fixture(scope="module")
def merged(files, tmp_path_factory):
    digests = [hashlib.sha256(p.read_bytes()).hexdigest() for p in files]
    output = tmp_path_factory.mktemp("out") / "合并台账.xlsx"
    result = CliRunner().invoke(cli, ["merge", *map(str, files), "-o", str(output), "--json"])
    assert result.exit_code == 0, result.output
    assert [hashlib.sha256(p.read_bytes()).hexdigest() for p in files] == digests  # inputs never written
    return output, json.loads(result.stdout)


def test_json_lists_cases_and_the_conflict(merged):
    output, data = merged
    assert data["cases"] == 6
    assert data["output"] == str(output)
    conflicts = {c["column"]: c for c in data["conflicts"]}
    assert set(conflicts) == {header("opinion_on"), header("satisfaction")}
    opinion = conflicts[header("opinion_on")]
    assert opinion["case_id"] == "2019-CON"
    assert opinion["values"] == ["2019-10-12", "2019-10-15"]
    assert opinion["sources"] == ["市容股.xlsx 第6行", "环卫股.xls 第4行"]
    assert conflicts[header("satisfaction")]["values"] == ["满意", "基本满意"]


def test_merged_ledger_reads_back_with_first_file_values(merged):
    output, _ = merged
    ledger = read_ledger(output)
    # sorted by case number (issue 13 item 7), whatever the order of the files
    assert list(ledger.frame["case_id"]) == ["2019-CON", "2019-DUP", "2019-H01", "2019-S01", "2019-S02", "2019-V01"]
    con = ledger.frame.set_index("case_id").loc["2019-CON"]
    assert con["opinion_on"].date() == d(2019, 10, 12) and con["satisfaction"] == "满意"
    assert "领导批示" not in ledger.unknown_headers.values()
    assert not [f for f in ledger.findings if f.severity == "错误"]


def test_sources_conflicts_and_notes_sheets(merged):
    output, _ = merged
    book = openpyxl.load_workbook(output)
    sources = [r for r in book[SOURCES_SHEET].iter_rows(min_row=3, values_only=True)]
    assert len(sources) == 8  # every source row: 4 + 3 + 1
    by_where = {(r[2], r[3]): (r[0], r[4]) for r in sources}
    assert by_where[("环卫股.xls", 3)] == ("2019-DUP", "相同重复，已合并")
    assert by_where[("环卫股.xls", 4)][1].startswith("有冲突")
    assert by_where[("市容股.xlsx", 6)][1].startswith("保留")
    assert by_where[("村镇股.xlsx", 2)] == ("2019-V01", "保留")
    conflicts = [r for r in book[CONFLICTS_SHEET].iter_rows(min_row=3, values_only=True)]
    assert ("2019-CON", header("satisfaction"), "满意", "市容股.xlsx 第6行", "已采用") in conflicts
    assert ("2019-CON", header("satisfaction"), "基本满意", "环卫股.xls 第4行", None) in conflicts
    notes = "\n".join(str(r[0]) for r in book[NOTES_SHEET].iter_rows(values_only=True) if r[0])
    assert "村镇股.xlsx" in notes and "领导批示" in notes
    assert "环卫股.xls 缺少以下列" in notes and "村镇股.xlsx 缺少" not in notes  # the .xls has fewer columns
    assert "1 行与先出现的同一案件完全相同" in notes


def test_merged_ledger_checks_like_a_ledger_typed_by_hand(merged, files, tmp_path):
    output, _ = merged
    result = merge_files(files)
    by_hand = read_ledger(helpers.write_ledger(tmp_path / "手工.xlsx", result.rows))
    codes = sorted((f.code, f.case_id) for f in check_ledger(read_ledger(output), TODAY).findings)
    expected = sorted((f.code, f.case_id) for f in check_ledger(by_hand, TODAY).findings)
    assert codes == expected
    cli_run = CliRunner().invoke(cli, ["check", str(output), "--today", TODAY.isoformat(), "--json"])
    assert cli_run.exit_code in (0, 1), cli_run.output


def test_terminal_names_unknown_headers_and_refuses_to_overwrite(files, merged):
    output, _ = merged
    again = CliRunner().invoke(cli, ["merge", *map(str, files), "-o", str(output)])
    assert again.exit_code == 2
    assert "已存在" in again.output
    forced = CliRunner().invoke(cli, ["merge", *map(str, files), "-o", str(output), "--force"])
    assert forced.exit_code == 0
    assert "领导批示" in forced.output and "共 6 件" in forced.output
    onto_input = CliRunner().invoke(cli, ["merge", *map(str, files), "-o", str(files[0]), "--force"])
    assert onto_input.exit_code == 2 and "不能覆盖台账本身" in onto_input.output


def test_unreadable_input_is_a_chinese_error(files, tmp_path):
    broken = tmp_path / "坏文件.xlsx"
    broken.write_text("not a workbook")
    run = CliRunner().invoke(cli, ["merge", str(files[0]), str(broken), "-o", str(tmp_path / "x.xlsx")])
    assert run.exit_code == 2
    assert "坏文件.xlsx" in run.output and "Traceback" not in run.output
    assert not (tmp_path / "x.xlsx").exists()


def test_merged_in_memory_ledger_matches_the_file(merged, files):
    output, _ = merged
    memory = merged_ledger(merge_files(files))
    written = read_ledger(output)
    left = memory.frame.reset_index(drop=True)
    right = written.frame.reset_index(drop=True)
    for name in ("case_id", "petitioner", "unit", "opinion_on", "satisfaction", "measure"):
        assert left[name].tolist() == right[name].tolist(), name


def test_files_with_the_same_name_in_different_folders_are_told_apart(tmp_path):
    first = helpers.write_ledger(tmp_path / "市容股" / "台账.xlsx", [dict(case_id="2020-001", petitioner="甲",
                                                                        unit="市容股")])
    second = helpers.write_ledger(tmp_path / "环卫股" / "台账.xlsx", [dict(case_id="2020-001", petitioner="甲",
                                                                        unit="环卫股")])
    result = CliRunner().invoke(cli, ["merge", str(first), str(second), "-o", str(tmp_path / "合并.xlsx"), "--json"])
    [conflict] = json.loads(result.stdout)["conflicts"]
    assert conflict["column"] == header("unit")
    assert conflict["sources"] == ["市容股/台账.xlsx 第3行", "环卫股/台账.xlsx 第3行"]


def test_conflicting_cells_are_marked_and_merge_sheets_follow_the_ledger(merged):
    output, _ = merged
    book = openpyxl.load_workbook(output)
    assert book.sheetnames[:4] == ["台账", "合并来源", "合并冲突", "合并说明"]
    ws = book["台账"]
    marked = [c for row in ws.iter_rows(min_row=3) for c in row if c.comment is not None]
    assert marked and all("合并冲突" in c.comment.text for c in marked)
    assert all(c.fill.fgColor.rgb.endswith("FFEB9C") for c in marked)
    assert {ws.cell(c.row, 1).value for c in marked} == {"2019-CON"}
    notes = book["合并说明"]
    assert notes.page_setup.fitToWidth == 1 and notes.column_dimensions["A"].width <= 90


def test_notes_count_only_the_cells_merge_leaves_empty(tmp_path):
    # One unreadable date (its cell is empty in the merged ledger); a 合计 row and a stray cell far away are
    # about the sheet, not cells that merge empties: they are said apart, not counted as 无法识别的内容.
    path = helpers.write_ledger(tmp_path / "股室.xlsx", [
        {"案件编号": "2020-001", "信访人": "张三", "登记日期": "2020.13.45"},
        {"案件编号": "2020-002", "信访人": "李四", "登记日期": "2020-03-02"},
        {"案件编号": "合计", "信访人": "2件"}], headers=["案件编号", "信访人", "登记日期"])
    book = openpyxl.load_workbook(path)
    book.active["AZZ70000"] = "误按的字"
    book.save(path)
    notes = "\n".join(merge_files([path]).notes)
    assert "1 处无法识别的内容" in notes
    assert "另有 2 条说明" in notes  # R032 (合计) and R020 (far cell)
