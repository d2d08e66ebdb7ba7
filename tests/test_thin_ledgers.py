"""Honest answers on thin ledgers and the `xlkit columns` door (issue 11 items 3, 4, 8)."""

from __future__ import annotations

import json

import helpers
import openpyxl
import real_shapes
from click.testing import CliRunner
from real_shapes import D

from xlkit.analysis.kpi import Period, compute_kpis, mark
from xlkit.analysis.merge import merge_ledgers
from xlkit.cli import cli
from xlkit.read.ledger import read_ledger

TODAY = D(2019, 12, 31)


def _run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def test_a_rate_whose_columns_are_missing_is_a_dash_with_the_reason_not_zero_percent(tmp_path):
    path = helpers.write_ledger(tmp_path / "台账.xlsx", [
        {"案件编号": "1", "信访人": "甲", "登记日期": D(2019, 9, 3), "诉求内容": "垃圾"},
        {"案件编号": "2", "信访人": "乙", "登记日期": D(2019, 9, 5), "诉求内容": "污水"},
    ], headers=["案件编号", "信访人", "登记日期", "诉求内容"])
    table = compute_kpis(read_ledger(path), TODAY, Period.quarter("2019Q3"))
    rate = table.overall["建档立卡率"]
    assert table.cases == 2 and rate.value is None and rate.text() == "—"
    assert "登记人" in mark(rate, "建档立卡率") and "无法计算" in mark(rate, "建档立卡率")
    assert table.to_json()["uncountable"]["建档立卡率"] == ["登记人", "案件来源", "信访形式", "问题属地乡镇", "问题类别"]


def test_quarterly_says_how_many_cases_it_could_not_place_in_a_period(tmp_path):
    path = helpers.write_ledger(tmp_path / "台账.xlsx", [
        {"案件编号": "1", "信访人": "甲", "诉求内容": "垃圾"}, {"案件编号": "2", "信访人": "乙", "诉求内容": "污水"},
    ], headers=["案件编号", "信访人", "诉求内容"])
    table = compute_kpis(read_ledger(path), TODAY, Period.quarter("2019Q3"))
    assert table.cases == 0 and table.unplaced == 2
    assert "2 件" in table.unplaced_note() and "无法归入" in table.unplaced_note()
    result = _run("quarterly", path, "--quarter", "2019Q3", "--today", TODAY, "-o", tmp_path / "季度.xlsx")
    assert result.exit_code == 0, result.output
    assert "另有 2 件没有受理日期也没有登记日期" in result.output


def test_cases_whose_dates_cannot_be_read_are_told_apart_from_cases_without_dates(tmp_path):
    path = helpers.write_ledger(tmp_path / "台账.xlsx", [
        {"案件编号": "1", "信访人": "甲", "诉求内容": "垃圾", "登记日期": "2019.13.45"},
        {"案件编号": "2", "信访人": "乙", "诉求内容": "污水", "受理日期": "九月五日"},
        {"案件编号": "3", "信访人": "丙", "诉求内容": "厕所"},
        {"案件编号": "4", "信访人": "丁", "诉求内容": "道路", "登记日期": D(2019, 8, 1), "受理日期": "2019.8.x"},
    ], headers=["案件编号", "信访人", "诉求内容", "登记日期", "受理日期"])
    table = compute_kpis(read_ledger(path), TODAY, Period.quarter("2019Q3"))
    assert table.cases == 1  # case 4 is placed by its 登记日期
    assert (table.unplaced, table.unplaced_unreadable) == (3, 2)
    note = table.unplaced_note()
    assert "另有 3 件无法归入任何期间" in note and "其中 1 件没有受理日期也没有登记日期" in note
    assert "2 件的受理日期或登记日期写法不对" in note and "校验台账" in note
    only_wrong = helpers.write_ledger(tmp_path / "错.xlsx", [
        {"案件编号": "1", "信访人": "甲", "诉求内容": "垃圾", "登记日期": "2019.13.45"},
    ], headers=["案件编号", "信访人", "诉求内容", "登记日期"])
    note = compute_kpis(read_ledger(only_wrong), TODAY, Period.quarter("2019Q3")).unplaced_note()
    assert note.startswith("另有 1 件的受理日期或登记日期写法不对") and "没有受理日期" not in note
    result = _run("quarterly", only_wrong, "--quarter", "2019Q3", "--today", TODAY, "-o", tmp_path / "季度.xlsx")
    assert result.exit_code == 0, result.output
    assert "写法不对" in result.output and "没有受理日期" not in result.output
    import docx

    report = docx.Document(tmp_path / "季度总结分析报告_2019Q3.docx")
    [prompt] = [p.text for p in report.paragraphs if "请核对后删除本段" in p.text]
    assert "1 件的受理日期或登记日期写法不对" in prompt  # the draft for circulation says it too


def test_overdue_json_lists_the_stages_it_could_not_judge(tmp_path):
    path, _ = real_shapes.jijian_register(tmp_path)
    data = json.loads(_run("overdue", path, "--json", "--today", TODAY).output)
    assert data["items"] == [] and {"受理告知", "处理意见", "息访分析"} <= {u["stage"] for u in data["unjudged"]}
    path, _ = real_shapes.marked_headers_ledger(tmp_path / "b")  # 受理时间 but no 处理意见出具日期
    data = json.loads(_run("overdue", path, "--json", "--today", TODAY).output)
    assert "处理意见" in [u["stage"] for u in data["unjudged"]]
    explained = _run("explain", path, "2019-001", "--today", TODAY)
    assert explained.exit_code == 0, explained.output
    assert "无法判断（台账没有“处理意见出具日期”列）" in explained.output


def test_columns_prints_every_column_and_writes_a_mapping_the_reader_then_honours(tmp_path):
    path, _ = real_shapes.jijian_register(tmp_path)
    result = _run("columns", path)
    assert result.exit_code == 0, result.output
    assert "工作表：“信访举报登记”，表头在第3行，3 件案件" in result.output
    assert "E3“举报人姓名” → 信访人（别名“举报人姓名”）" in result.output
    assert "N3“责任单位” → 含义不明确" in result.output
    before = path.read_bytes()
    written = _run("columns", path, "--write")
    assert written.exit_code == 0, written.output and path.read_bytes() == before
    mapping = tmp_path / "表头对照.xlsx"
    workbook = openpyxl.load_workbook(mapping)
    sheet = workbook["表头对照"]
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    line = next(i for i, r in enumerate(rows, start=1) if r[0] == "责任单位")
    sheet.cell(line, 2, "问题属地乡镇")
    value_line = next(i for i, r in enumerate(rows, start=1) if r[1] == "本级受理")
    sheet.cell(value_line, 3, "本办受理")
    workbook.save(mapping)
    ledger = read_ledger(path)
    assert ledger.has("township") and ledger.frame.loc[5, "source"] == "本办受理"
    assert _run("columns", path, "--write").exit_code == 2  # an existing mapping is not overwritten


def test_merging_ledgers_without_numbers_matches_cases_by_content(tmp_path):
    first, _ = real_shapes.stability_ledger(tmp_path / "a")
    second, _ = real_shapes.stability_ledger(tmp_path / "b")
    result = merge_ledgers([read_ledger(first), read_ledger(second)])
    assert result.cases == 2 and [s.status for s in result.sources].count("相同重复，已合并") == 2


def test_a_rate_that_cannot_be_counted_says_so_briefly_and_explains_in_a_note_under_its_table(tmp_path):
    """A thin ledger (信访人/登记日期/诉求内容): the 是否达标 cells held “台账没有“登记人”、“案件来源”……列，无法计算”
    in columns 11 characters wide, and each indicator row of 领导摘要 printed 8–10 lines tall. The cell now says
    无法计算（见注1）; the numbered note under the table names the columns and the indicators they stop."""
    from docx import Document

    path = helpers.write_ledger(tmp_path / "台账.xlsx", [
        {"信访人": "甲", "登记日期": D(2019, 9, 3), "诉求内容": "垃圾"},
        {"信访人": "乙", "登记日期": D(2019, 9, 5), "诉求内容": "污水"},
    ], headers=["信访人", "登记日期", "诉求内容"])
    monthly, quarterly = tmp_path / "月度.xlsx", tmp_path / "季度.xlsx"
    assert _run("monthly", path, "--month", "2019-09", "--today", "2019-09-30", "-o", monthly).exit_code == 0
    assert _run("quarterly", path, "--quarter", "2019Q3", "--today", "2019-09-30", "-o", quarterly).exit_code == 0
    sheets = [(monthly, "领导摘要"), (monthly, "指标"), (quarterly, "领导摘要"), (quarterly, "总览")]
    for book, name in sheets:
        ws = openpyxl.load_workbook(book)[name]
        texts = [(c.row, c.value) for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
        marks = [(r, t) for r, t in texts if t.startswith("无法计算")]
        notes = [t for _, t in texts if t.startswith("注")]
        assert len(marks) >= 6, (name, marks)
        assert all(t.replace("\n", "") in {f"无法计算（见注{n}）" for n in range(1, 7)} for _, t in marks), (name, marks)
        assert all(not t.startswith("台账没有") for _, t in texts), name  # never a reason in a table cell
        assert any(n.startswith("注1：台账没有") and "“登记人”" in n and "建档立卡率无法计算" in n for n in notes), (name, notes)
        assert any("答复率" in n and "“受理日期”" in n for n in notes), (name, notes)
        for row, _ in marks:  # two lines at most (12 pt type on 领导摘要)
            assert (ws.row_dimensions[row].height or 15) <= 2 * 12 * 1.4 + 5, (name, row, ws.row_dimensions[row].height)
    summary = openpyxl.load_workbook(monthly)["领导摘要"]
    labels = {c.value: c.row for row in summary.iter_rows() for c in row if c.column == 1 and isinstance(c.value, str)}
    for label in ("未填原因分析或下步措施", "重点案件（领导包案）", "其中有超期或临期环节"):  # one line, not 2 with “）” alone
        assert (summary.row_dimensions[labels[label]].height or 15) <= 15 * 1.2 + 1, label
    report = Document(tmp_path / "季度总结分析报告_2019Q3.docx")
    table = report.tables[2]
    assert [c.text for c in table.rows[0].cells][4].replace("\n", "") == "是否达标"
    assert all(row.cells[4].text.startswith("无法计算") and len(row.cells[4].text) <= 12 for row in table.rows[1:])
    assert any(p.text.startswith("注1：台账没有") for p in report.paragraphs)
