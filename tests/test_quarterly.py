"""xlkit quarterly: the 季度分析 workbook and the report draft, their numbers against the JSON's,
masking, charts, and both files opened by real LibreOffice."""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import zipfile

import helpers
import openpyxl
import pytest
from click.testing import CliRunner
from docx import Document
from kpi_cases import ROWS, TODAY

from xlkit.analysis.kpi import KPI_NAMES, Period, compute_kpis
from xlkit.analysis.quarterly_report import PROMPTS
from xlkit.cli import cli
from xlkit.read.ledger import read_ledger
from xlkit.schema import header

d = dt.date
ID, PHONE = "511723199001011234", "13812345678"

QUARTER_ROWS = [
    {**ROWS[0], "id_number": ID, "phone": PHONE, "petitioner": "张三丰"},
    ROWS[1],
    {**ROWS[2], "demand": "=1+1 请求清运"},  # a clerk's text that looks like a formula
    *ROWS[3:],
    # the same petitioner (same 身份证号) a quarter before: a repeat petitioner, and 环比 has data
    dict(case_id="Q2-01", petitioner="张三丰", id_number=ID, petition_type="求决类", unit="环卫股",
         registered_on=d(2019, 5, 1), accepted_on=d(2019, 5, 6), opinion_on=d(2019, 6, 10), category="污水治理",
         township="普安镇", measure="解决到位"),
]


def values(ws, first=1):
    return [list(r) for r in ws.iter_rows(min_row=first, values_only=True)]


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    folder = tmp_path_factory.mktemp("quarterly")
    ledger = helpers.write_ledger(folder / "台账.xlsx", QUARTER_ROWS)
    output = folder / "季度分析_2019Q3.xlsx"
    result = CliRunner().invoke(cli, ["quarterly", str(ledger), "--quarter", "2019Q3", "--today", TODAY.isoformat(),
                                      "-o", str(output), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    return folder, ledger, output, data


@pytest.fixture(scope="module")
def pdfs(run):
    """One LibreOffice run per file: the workbook and the report, each to PDF text."""
    folder, _, output, data = run
    texts = {}
    for source in (output, folder / "季度总结分析报告_2019Q3.docx"):
        pdf = helpers.convert(source, "pdf", folder / "pdf")
        texts[source.suffix] = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                                              text=True, check=True).stdout
    return texts


def test_json_is_the_kpi_engine(run):
    _, ledger, _, data = run
    expected = compute_kpis(read_ledger(ledger), TODAY, Period.quarter("2019Q3")).to_json()
    assert {k: data[k] for k in expected} == expected
    assert data["cases"] == 8
    assert data["report"].endswith("季度总结分析报告_2019Q3.docx")


def test_overview_numbers_equal_the_json(run):
    _, _, output, data = run
    rows = values(openpyxl.load_workbook(output)["总览"])
    kpi_rows = {r[0]: r for r in rows if r[0] in KPI_NAMES}
    assert list(kpi_rows) == list(KPI_NAMES)
    for name in KPI_NAMES:
        cell, expected = kpi_rows[name][2], data["kpis"][name]
        assert (cell == "—") if expected is None else cell == pytest.approx(expected), name
    counts = {r[0]: r for r in rows if r[0] and str(r[0]).endswith(("（件）", "（人）", "（项）"))}
    cases = counts["受理求决类信访问题（件）"]
    assert cases[1:4] == [8, 1, 7.0]  # this quarter, last quarter, 环比 +700 %
    assert counts["重复信访人（人）"][1] == 1
    assert counts["反弹（件）"][1] == 1


def test_unit_sheet_numbers_equal_the_json(run):
    _, _, output, data = run
    rows = values(openpyxl.load_workbook(output)["指标（按股室）"])
    for unit, rates in data["by_unit"].items():
        row = next(r for r in rows if r[0] == unit)
        for name, cell in zip(KPI_NAMES, row[2:9], strict=True):
            assert (cell == "—") if rates[name] is None else cell == pytest.approx(rates[name]), (unit, name)


def test_grouping_sheets_and_percent_formats(run):
    _, _, output, _ = run
    book = openpyxl.load_workbook(output)
    assert book.sheetnames == ["领导摘要", "指标趋势", "总览", "指标（按股室）", "按问题类别", "按乡镇", "按案件来源", "按信访形式", "按责任股室",
                               "按月份", "化解措施成效", "诉求认定", "重复信访与反弹", "超期案件", "明细"]
    ws = book["按问题类别"]
    rows = values(ws, 3)
    assert rows[0][:4] == [header("category"), "件数", "占比", "已出具意见"]
    assert rows[1][:3] == ["生活垃圾", 8, 1.0]
    assert rows[1][10] == "—"  # no 生活垃圾 case last quarter: no 环比
    assert ws.cell(4, 3).number_format == "0.0%"
    months = {r[0]: r for r in values(book["按月份"], 3)}
    assert months["2019年9月"][1] == 3  # C, D accepted and G registered in September
    measures = values(book["化解措施成效"], 3)
    assert measures[1][0] == "（未填）" and measures[1][1] == 4  # the four answered cases name no measure


def test_repeat_rebound_overdue_and_masking(run):
    _, _, output, _ = run
    book = openpyxl.load_workbook(output)
    repeats = values(book["重复信访与反弹"], 3)
    assert repeats[1][:5] == ["张某", "511723********1234", "新宁镇", 2, 1]
    assert "Q3-01" in repeats[1][5] and "Q2-01" in repeats[1][5]
    assert any(r[0] == "Q3-02" for r in repeats)  # the rebounded case
    overdue = {(r[0], r[3]): r for r in values(book["超期案件"], 3) if r[0]}
    assert overdue[("Q3-03", "处理意见")][6] == "超期"
    assert overdue[("Q3-02", "处理意见")][6] == "逾期完成"
    assert overdue[("Q3-02", "处理意见")][7] == 41  # answered 2019-10-20, due 2019-09-09
    detail = values(book["明细"], 2)
    headers = detail[0]
    first = dict(zip(headers, next(r for r in detail if r[0] == "Q3-01"), strict=False))
    assert first[header("petitioner")] == "张某"
    assert first[header("id_number")] == "511723********1234"
    assert first[header("phone")] == "138****5678"
    assert header("address") not in headers
    text = "".join(str(v) for r in detail for v in r if v)
    assert ID not in text and PHONE not in text and "张三丰" not in text


def test_text_that_looks_like_a_formula_stays_text(run):
    _, _, output, _ = run
    ws = openpyxl.load_workbook(output)["明细"]
    cell = next(c for row in ws.iter_rows() for c in row if c.value == "=1+1 请求清运")
    assert cell.data_type == "s"


def test_native_charts_are_in_the_file(run):
    _, _, output, _ = run
    with zipfile.ZipFile(output) as archive:
        charts = [n for n in archive.namelist() if n.startswith("xl/charts/chart")]
        kinds = "".join(archive.read(n).decode() for n in charts)
    assert len(charts) == 13  # six in 指标趋势, five groupings, months, measures
    for kind in ("barChart", "pieChart", "lineChart"):  # with or without the c: prefix (XlsxWriter writes it)
        assert re.search(rf"<(c:)?{kind}>", kinds), kind


def test_no_mask_keeps_personal_data(run, tmp_path):
    _, ledger, _, _ = run
    output = tmp_path / "内部.xlsx"
    result = CliRunner().invoke(cli, ["quarterly", str(ledger), "--quarter", "2019Q3", "--today",
                                      TODAY.isoformat(), "-o", str(output), "--no-mask"])
    assert result.exit_code == 0, result.output
    detail = values(openpyxl.load_workbook(output)["明细"], 2)
    row = dict(zip(detail[0], next(r for r in detail if r[0] == "Q3-01"), strict=False))
    assert (row[header("petitioner")], row[header("id_number")], row[header("phone")]) == ("张三丰", ID, PHONE)


def test_report_draft_states_the_numbers_and_leaves_analysis_to_staff(run):
    folder, _, _, data = run
    document = Document(folder / "季度总结分析报告_2019Q3.docx")
    text = [p.text for p in document.paragraphs]
    body = "\n".join(text)
    assert "本季度共受理求决类信访问题8件，环比增长700.0%（上季度1件）" in body
    assert "生活垃圾类最多，8件，占100.0%" in body
    assert f"满意率{data['kpis']['满意率']:.1%}" in body
    for heading, prompt in PROMPTS.items():
        index = next(i for i, t in enumerate(text) if t.endswith("、" + heading))
        assert text[index + 1] == prompt
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert [round(m.mm) for m in (section.top_margin, section.bottom_margin, section.left_margin,
                                   section.right_margin)] == [37, 35, 28, 26]
    assert len(document.tables) == 4


def test_both_files_open_in_libreoffice(pdfs, run):
    _, _, _, data = run
    sheet = pdfs[".xlsx"]
    assert "2019年第三季度求决类信访问题分析" in sheet
    assert "建档立卡率（目标100%）" in sheet.replace(" ", "")  # a chart's title, drawn by LibreOffice
    assert "满意率" in sheet and f"{data['kpis']['满意率']:.1%}" in sheet
    report = pdfs[".docx"]
    assert "总结分析报告" in report.replace(" ", "") and "下步打算" in report


def test_default_quarter_and_name_and_no_overwrite(run, tmp_path, monkeypatch):
    _, ledger, _, _ = run
    monkeypatch.chdir(tmp_path)
    first = CliRunner().invoke(cli, ["quarterly", str(ledger), "--today", "2019-10-15"])
    assert first.exit_code == 0, first.output
    assert (tmp_path / "季度分析_2019Q4.xlsx").exists() and (tmp_path / "季度总结分析报告_2019Q4.docx").exists()
    again = CliRunner().invoke(cli, ["quarterly", str(ledger), "--today", "2019-10-15"])
    assert again.exit_code == 2 and "已存在" in again.output


def test_a_quarter_without_cases_shows_dashes_not_zeros(run, tmp_path):
    _, ledger, _, _ = run
    output = tmp_path / "空.xlsx"
    result = CliRunner().invoke(cli, ["quarterly", str(ledger), "--quarter", "2017Q1", "--today", TODAY.isoformat(),
                                      "-o", str(output), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["cases"] == 0 and set(data["kpis"].values()) == {None} and data["by_unit"] == {}
    rows = values(openpyxl.load_workbook(output)["总览"])
    assert {r[2] for r in rows if r[0] in KPI_NAMES} == {"—"}
    report = "\n".join(p.text for p in Document(tmp_path / "季度总结分析报告_2017Q1.docx").paragraphs)
    assert "本季度共受理求决类信访问题0件，环比无可比数据（上季度0件）" in report


def test_missing_ledger_is_a_chinese_error(tmp_path):
    result = CliRunner().invoke(cli, ["quarterly", str(tmp_path / "没有.xlsx"), "-o", str(tmp_path / "q.xlsx")])
    assert result.exit_code == 2
    assert "找不到文件" in result.output and not (tmp_path / "q.xlsx").exists()


def test_quarter_from_the_settings_sheet(tmp_path, monkeypatch):
    from xlkit.template.builder import build_workbook

    path = tmp_path / "模板台账.xlsx"
    build_workbook(QUARTER_ROWS[:2], {"report_quarter": "2019Q3"}).save(path)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["quarterly", str(path), "--today", "2020-03-01", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["period"] == "2019Q3"
    assert (tmp_path / "季度分析_2019Q3.xlsx").exists()


def test_an_empty_ledger_gives_an_empty_analysis_not_a_crash(tmp_path):
    ledger = tmp_path / "新台账.xlsx"
    assert CliRunner().invoke(cli, ["init", str(ledger)]).exit_code == 0
    result = CliRunner().invoke(cli, ["quarterly", str(ledger), "--quarter", "2019Q3", "--today", "2019-10-15",
                                      "-o", str(tmp_path / "季度分析_2019Q3.xlsx"), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["cases"] == 0 and all(rate is None for rate in data["kpis"].values())


# ---------------------------------------------------------------------------
# The report draft written by a second Python (the 季度汇总 button, issue 15)


def _parts(path):
    with zipfile.ZipFile(path) as package:
        return {name: package.read(name) for name in package.namelist()}


@pytest.fixture(scope="module")
def analysis(run):
    from xlkit.analysis.quarterly import analyse

    _, ledger, _, _ = run
    return analyse(read_ledger(ledger), Period.quarter("2019Q3"), TODAY)


def test_the_report_written_beside_is_the_report_written_here(analysis, tmp_path):
    from xlkit.analysis.quarterly_report import start_report, write_report

    here = write_report(analysis, tmp_path / "here.docx")
    aside = start_report(analysis, tmp_path / "beside.docx")
    assert aside.finish() == tmp_path / "beside.docx"
    assert aside.beside  # the second Python wrote it
    assert _parts(tmp_path / "beside.docx") == _parts(here)
    assert not list(tmp_path.glob(".~xlkit-*"))


def test_a_second_python_that_fails_or_cannot_start_leaves_the_report_to_this_one(analysis, tmp_path, monkeypatch):
    from xlkit.analysis import report_docx
    from xlkit.analysis.quarterly_report import start_report, write_report

    here = _parts(write_report(analysis, tmp_path / "here.docx"))
    monkeypatch.setattr(report_docx, "_CHILD", "raise SystemExit(3)")
    aside = start_report(analysis, tmp_path / "failed.docx")
    assert aside.finish() == tmp_path / "failed.docx" and not aside.beside
    assert _parts(tmp_path / "failed.docx") == here
    monkeypatch.setattr(report_docx.sys, "executable", str(tmp_path / "python-missing"))
    aside = start_report(analysis, tmp_path / "none.docx")
    assert aside.finish() == tmp_path / "none.docx" and not aside.beside
    assert _parts(tmp_path / "none.docx") == here
    # a host that embeds Python (its executable is not a Python) is never started with Python's arguments
    host = tmp_path / "EXCEL.EXE"
    host.write_text(f"#!/bin/sh\ntouch {tmp_path / 'started'}\n")
    host.chmod(0o755)
    monkeypatch.setattr(report_docx.sys, "executable", str(host))
    aside = start_report(analysis, tmp_path / "hosted.docx")
    assert aside.process is None and aside.finish() == tmp_path / "hosted.docx" and not aside.beside
    assert not (tmp_path / "started").exists() and _parts(tmp_path / "hosted.docx") == here


def test_a_python_started_before_the_plan_writes_the_report_even_from_a_chinese_temp_folder(analysis, tmp_path,
                                                                                          monkeypatch):
    import tempfile

    from xlkit.analysis import report_docx
    from xlkit.analysis.quarterly_report import start_report, write_report

    here = _parts(write_report(analysis, tmp_path / "here.docx"))
    temp = tmp_path / "临时文件夹 张三"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    beside = report_docx.Beside()
    assert beside.process is not None and beside.process.poll() is None  # waiting for its plan
    aside = start_report(analysis, tmp_path / "早.docx", beside=beside)
    assert beside.process is None and aside.finish() == tmp_path / "早.docx"
    assert aside.beside and aside.process is None
    assert _parts(tmp_path / "早.docx") == here
    assert not list(temp.iterdir())  # its job file removed


def test_a_python_started_for_a_report_that_never_comes_ends_without_writing(tmp_path):
    from xlkit.analysis import report_docx

    beside = report_docx.Beside()
    process = beside.process
    beside.close()
    assert process.wait(timeout=60) == 0 and beside.process is None
    beside.close()  # twice is harmless


def test_a_cancelled_report_leaves_nothing(analysis, tmp_path):
    from xlkit.analysis.quarterly_report import start_report

    aside = start_report(analysis, tmp_path / "report.docx")
    job = aside.job
    aside.cancel()
    assert not (tmp_path / "report.docx").exists() and not list(tmp_path.iterdir())
    assert job is not None and not job.exists()


@pytest.mark.libreoffice
def test_a_quarter_with_nothing_to_list_says_so_in_one_line(tmp_path):
    """A quarter without a late stage, a repeat petitioner or a rebound printed 超期案件 as a header over an
    empty page and 重复信访人 as a header over nothing; each now says so in one line."""
    day = d(2019, 7, 8)
    ledger = helpers.write_ledger(tmp_path / "台账.xlsx", [dict(
        case_id="Q3-09", petitioner="李四", petition_type="求决类", unit="环卫股", registered_on=day, assigned_on=day,
        accepted_on=day, acceptance_served_on=day, opinion_on=d(2019, 8, 1), opinion_served_on=d(2019, 8, 2),
        receipt_signed="是", satisfaction="满意", settled="是", settled_on=d(2019, 8, 5), rebounded="否",
        closed_on=d(2019, 8, 5), category="污水治理", township="普安镇", measure="解决到位")])
    output = tmp_path / "季度分析.xlsx"
    result = CliRunner().invoke(cli, ["quarterly", str(ledger), "--quarter", "2019Q3", "--today", "2019-10-10",
                                      "-o", str(output)])
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(output)
    lines = {name: [v for r in values(book[name]) for v in r if isinstance(v, str)]
             for name in ("超期案件", "重复信访与反弹")}
    assert lines["超期案件"][-1] == "本季度的案件没有超期未完成或逾期完成的环节。"
    assert header("case_id") not in lines["超期案件"]
    assert "本季度没有重复信访人。" in lines["重复信访与反弹"] and "本季度没有息访后反弹的案件。" in lines["重复信访与反弹"]
    assert header("id_number") not in lines["重复信访与反弹"]
    pdf = helpers.convert(output, "pdf", tmp_path / "pdf")
    printed = "".join(subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                                     check=True).stdout.split())
    for sentence in ("本季度的案件没有超期未完成或逾期完成的环节。", "本季度没有重复信访人。", "本季度没有息访后反弹的案件。"):
        assert sentence in printed
