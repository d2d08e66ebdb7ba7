"""Charts where a leader looks (issue 13 item 11): 月度调度 › 图表 (超期/临期 by 股室 as bars, new and
closed per month as lines) and 季度分析 › 指标趋势 (each plan rate for every quarter so far as bars with
their values, the target as a line), second in their workbooks, covering no cell, drawn by LibreOffice.

openpyxl reads charts back poorly, so the charts are read from the file's own parts: the drawing that
anchors each chart and the chart XML with its series, ranges and data labels."""

from __future__ import annotations

import datetime as dt
import json
import posixpath
import subprocess
import zipfile
from dataclasses import dataclass, field
from xml.etree import ElementTree

import helpers
import openpyxl
import pytest
from click.testing import CliRunner
from openpyxl.utils import range_boundaries
from test_monthly import CURRENT
from test_monthly import TODAY as MONTH_TODAY
from test_quarterly import QUARTER_ROWS

from xlkit.analysis.kpi import Period, compute_kpis
from xlkit.cli import cli
from xlkit.read.ledger import read_ledger

C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
XDR = "{http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
PLAN_RATES = ("建档立卡率", "答复率", "书面送达签字率", "化解率", "参评率", "满意率")


@dataclass
class Series:
    kind: str  # barChart / lineChart
    name: str  # the cell reference of its title
    categories: str
    values: str
    labels: bool  # values written on the bars/points


@dataclass
class Chart:
    title: str
    anchor: str  # twoCellAnchor / oneCellAnchor
    top_left: tuple[int, int]  # 1-based (row, column)
    bottom_right: tuple[int, int] | None  # the cell the far corner lies in (two-cell anchors)
    height_emu: int | None
    series: list[Series] = field(default_factory=list)


def _rels(archive, part: str) -> dict[str, str]:
    folder, name = posixpath.split(part)
    rels = ElementTree.fromstring(archive.read(f"{folder}/_rels/{name}.rels"))
    return {r.get("Id"): posixpath.normpath(posixpath.join(folder, r.get("Target"))).lstrip("/")
            for r in rels.iter(f"{REL}Relationship")}


def read_charts(path) -> dict[str, list[Chart]]:
    """Sheet name → its charts, from the xlsx parts (workbook → sheet → drawing → chart)."""
    found: dict[str, list[Chart]] = {}
    with zipfile.ZipFile(path) as archive:
        book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
        sheets = _rels(archive, "xl/workbook.xml")
        for sheet in book.iter(f"{MAIN}sheet"):
            part = sheets[sheet.get(f"{R}id")]
            xml = ElementTree.fromstring(archive.read(part))
            drawing = xml.find(f"{MAIN}drawing")
            charts = found.setdefault(sheet.get("name"), [])
            if drawing is None:
                continue
            drawing_part = _rels(archive, part)[drawing.get(f"{R}id")]
            chart_parts = _rels(archive, drawing_part)
            for anchor in ElementTree.fromstring(archive.read(drawing_part)):
                start = anchor.find(f"{XDR}from")
                end = anchor.find(f"{XDR}to")
                ext = anchor.find(f"{XDR}ext")
                ref = anchor.find(f".//{C}chart")
                chart_xml = ElementTree.fromstring(archive.read(chart_parts[ref.get(f"{R}id")]))
                title = "".join(t.text or "" for t in chart_xml.find(f"{C}chart/{C}title").iter(
                    "{http://schemas.openxmlformats.org/drawingml/2006/main}t"))
                chart = Chart(title, anchor.tag.replace(XDR, ""), _cell(start),
                              _cell(end) if end is not None else None,
                              int(ext.get("cy")) if ext is not None else None)
                for plot in chart_xml.find(f"{C}chart/{C}plotArea"):
                    kind = plot.tag.replace(C, "")
                    if not kind.endswith("Chart"):
                        continue
                    shared = plot.find(f"{C}dLbls/{C}showVal")
                    for ser in plot.findall(f"{C}ser"):
                        own = ser.find(f"{C}dLbls/{C}showVal")
                        shown = own if own is not None else shared
                        chart.series.append(Series(kind, ser.findtext(f"{C}tx/{C}strRef/{C}f"),
                                                   ser.findtext(f"{C}cat//{C}f"), ser.findtext(f"{C}val//{C}f"),
                                                   shown is not None and shown.get("val") == "1"))
                charts.append(chart)
    return found


def _cell(marker) -> tuple[int, int]:
    return int(marker.findtext(f"{XDR}row")) + 1, int(marker.findtext(f"{XDR}col")) + 1


def cells(book, reference: str) -> list:
    """The values of a chart's range like `'图表'!$B$22:$B$24` (or a single cell)."""
    sheet, _, address = reference.rpartition("!")
    ws = book[sheet.strip("'")]
    min_col, min_row, max_col, max_row = range_boundaries(address.replace("$", ""))
    return [ws.cell(r, c).value for r in range(min_row, max_row + 1) for c in range(min_col, max_col + 1)]


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("charts")
    monthly_ledger = helpers.write_ledger(folder / "台账11月.xlsx", CURRENT)
    monthly = folder / "月度调度_2019-11.xlsx"
    result = CliRunner().invoke(cli, ["monthly", str(monthly_ledger), "--month", "2019-11", "--today",
                                      MONTH_TODAY.isoformat(), "-o", str(monthly)])
    assert result.exit_code == 0, result.output
    quarterly_ledger = helpers.write_ledger(folder / "台账Q3.xlsx", QUARTER_ROWS)
    quarterly = folder / "季度分析_2019Q3.xlsx"
    today = dt.date(2019, 12, 20)
    result = CliRunner().invoke(cli, ["quarterly", str(quarterly_ledger), "--quarter", "2019Q3", "--today",
                                      today.isoformat(), "-o", str(quarterly), "--json"])
    assert result.exit_code == 0, result.output
    return {"monthly": monthly, "quarterly": quarterly, "quarterly_ledger": quarterly_ledger, "today": today,
            "json": json.loads(result.stdout)}


def test_monthly_charts_come_right_after_the_leader_summary(files):
    book = openpyxl.load_workbook(files["monthly"])
    assert book.sheetnames[:2] == ["领导摘要", "图表"]
    charts = read_charts(files["monthly"])["图表"]
    assert len(charts) == 2
    bars, lines = charts
    # 超期/临期 by 股室: M2 (市容股) is 超期, M3 (村镇股) 临期, each bar with its number on it
    assert {s.kind for s in bars.series} == {"barChart"} and len(bars.series) == 2
    assert [cells(book, s.name)[0] for s in bars.series] == ["超期", "临期"]
    assert all(s.labels for s in bars.series)
    units = cells(book, bars.series[0].categories)
    counts = {unit: (late, soon) for unit, late, soon in zip(units, cells(book, bars.series[0].values),
                                                             cells(book, bars.series[1].values), strict=True)}
    assert counts == {"市容股": (1, 0), "村镇股": (0, 1)}  # 全办 is not a bar
    # new and closed per month, from the first case (2019-07) to the report month
    assert {s.kind for s in lines.series} == {"lineChart"}
    assert [cells(book, s.name)[0] for s in lines.series] == ["新增", "办结"]
    assert cells(book, lines.series[0].categories) == ["2019年7月", "8月", "9月", "10月", "11月"]
    assert cells(book, lines.series[0].values) == [1, 0, 2, 1, 1]  # M4; -; M2, M3; M5; M1
    assert cells(book, lines.series[1].values) == [0, 0, 0, 1, 0]  # M4 closed 2019-10-15


def test_quarterly_trend_has_each_plan_rate_with_its_target_as_a_line(files):
    book = openpyxl.load_workbook(files["quarterly"])
    assert book.sheetnames[:3] == ["领导摘要", "指标趋势", "总览"]
    charts = read_charts(files["quarterly"])
    assert not charts["总览"]  # the old chart drew the target as a second (red) bar
    trend = charts["指标趋势"]
    assert [c.title.split("（")[0] for c in trend] == list(PLAN_RATES)
    ledger = read_ledger(files["quarterly_ledger"])
    expected = {q: compute_kpis(ledger, files["today"], Period.quarter(q)).to_json()["kpis"]
                for q in ("2019Q2", "2019Q3")}
    assert expected["2019Q3"] == files["json"]["kpis"]
    for chart, name in zip(trend, PLAN_RATES, strict=True):
        kinds = [s.kind for s in chart.series]
        assert kinds == ["barChart", "lineChart"], chart.title  # one bar series, one target line
        bar, target = chart.series
        assert bar.labels and not target.labels
        assert cells(book, bar.name) == [name]
        # every quarter from the first case's (2019Q2: case Q2-01) to the report quarter
        assert cells(book, bar.categories) == ["2019\n二季度", "2019\n三季度"]
        assert target.categories == bar.categories
        values = cells(book, bar.values)
        for value, quarter in zip(values, ("2019Q2", "2019Q3"), strict=True):
            want = expected[quarter][name]
            assert value is None if want is None else value == pytest.approx(want), (name, quarter)
        goal = 0.9 if name == "满意率" else 1.0
        assert cells(book, target.values) == [goal, goal], name
        assert f"目标 {goal:.0%}" in chart.title


def test_a_trend_starts_with_the_campaign_and_stops_at_the_report_quarter():
    import pandas as pd

    from xlkit.analysis.charts import MAX_QUARTERS, _first, periods

    dates = pd.Series(pd.to_datetime(["2016-03-01", "2019-05-02"]))  # a case from before the campaign
    quarters = periods(_first(dates, "quarter", Period.quarter("2020Q4")), Period.quarter("2020Q4"))
    assert [q.label for q in quarters][:2] == ["2018Q3", "2018Q4"] and quarters[-1].label == "2020Q4"
    late = periods(_first(dates, "quarter", Period.quarter("2024Q4")), Period.quarter("2024Q4"))
    assert len(late) == MAX_QUARTERS and late[-1].label == "2024Q4"


def _covered(chart: Chart) -> tuple[int, int, int, int]:
    """(top, left, bottom, right) cells under a chart; a one-cell anchor counts its height in 15 pt rows
    and every column to the right."""
    top, left = chart.top_left
    if chart.bottom_right is not None:
        return top, left, *chart.bottom_right
    return top, left, top + -(-chart.height_emu // 190500), 16384


@pytest.mark.parametrize("name", ["monthly", "quarterly"])
def test_no_chart_covers_a_filled_cell(files, name):
    book = openpyxl.load_workbook(files[name])
    covered = []
    for sheet, charts in read_charts(files[name]).items():
        ws = book[sheet]
        for chart in charts:
            top, left, bottom, right = _covered(chart)
            for row in ws.iter_rows(min_row=top, max_row=bottom, min_col=left, max_col=min(right, ws.max_column)):
                covered += [f"{sheet}!{c.coordinate} 在“{chart.title}”下" for c in row if c.value is not None]
            if sheet in ("图表", "指标趋势"):
                assert chart.anchor == "twoCellAnchor", chart.title  # covers the same cells in every program
    assert not covered, covered


@pytest.mark.libreoffice
def test_libreoffice_draws_the_charts_on_the_second_page_without_overlaps(files, tmp_path):
    sources = [files["monthly"], files["quarterly"]]
    for source, pdf in zip(sources, helpers.convert_many(sources, "pdf", tmp_path), strict=True):
        pages = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                               check=True).stdout.split("\f")
        second = pages[1].replace(" ", "")
        if source == files["monthly"]:
            assert "调度图表" in second and "超期、临期环节（按责任股室）" in second and "每月新增、办结案件" in second
        else:
            assert "各季度攻坚行动指标趋势" in second
            for name in PLAN_RATES:
                assert f"{name}（目标" in second, name
            assert "100%" in second  # a bar's data label
            third = [line for line in pages[2].splitlines() if line.strip()]
            assert "案件数" in "".join(third[:3]), third[:3]  # the table, not the cut-off bottom of the second row of charts
        assert not helpers.pdf_overlaps(pdf), source.name


def test_a_column_the_ledger_lacks_draws_no_line_of_zeros(tmp_path):
    rows = [{"案件编号": f"T{i}", "信访人": "甲", "登记日期": dt.date(2019, 9, 3 + i), "信访类型": "求决类"}
            for i in range(3)]
    ledger = helpers.write_ledger(tmp_path / "台账.xlsx", rows, headers=["案件编号", "信访人", "登记日期", "信访类型"])
    output = tmp_path / "月度调度.xlsx"
    result = CliRunner().invoke(cli, ["monthly", str(ledger), "--month", "2019-09", "--today", "2019-10-10",
                                      "-o", str(output)])
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(output)
    (lines,) = [c for c in read_charts(output)["图表"] if c.series[0].kind == "lineChart"]
    assert [cells(book, s.name)[0] for s in lines.series] == ["新增"]  # no 办结日期 column: no 办结 line
    assert cells(book, lines.series[0].values) == [3]


def test_a_rate_near_its_target_keeps_its_label_clear_of_the_target_line(files):
    """The rate's value is written inside the foot of its bar: written above it, a 96.3 % bar's label sat on
    the 100 % target's dashed line and printed struck through (seen printing the demo's 季度分析); inside the
    bar's top, a 0 % bar's label printed over the quarter's name (the LibreOffice test below)."""
    with zipfile.ZipFile(files["quarterly"]) as archive:
        parts = [ElementTree.fromstring(archive.read(n)) for n in archive.namelist()
                 if n.startswith("xl/charts/chart")]
    positions = [p.get("val") for chart in parts for bar in chart.iter(f"{C}barChart")
                 for p in bar.iter(f"{C}dLblPos")]
    assert len(positions) >= len(PLAN_RATES) and set(positions) == {"inBase"}


@pytest.mark.libreoffice
def test_twelve_quarters_of_rates_print_their_labels_apart(tmp_path):
    """A clerk's 季度分析 for 2025Q2 drew twelve quarters a chart: the bars were narrower than “100%” and the labels
    printed into one another (pdftotext read “100%100%100%100%100%100%100%”). Past eight bars they stand upright."""
    rows = []
    for n in range(12):
        year, month = 2022 + (7 + 3 * n - 1) // 12, (7 + 3 * n - 1) % 12 + 1
        day = dt.date(year, month, 5)
        rows.append(dict(case_id=f"{year}-{n + 1:03d}", registered_on=day, registrar="罗晓燕", source="县信访局",
                         form="来访", petition_type="求决类", petitioner=f"张{n}", township="新宁镇", category="生活垃圾",
                         demand="垃圾未清运。", assigned_on=day, unit="环卫股", accepted_on=day, acceptance_decision="受理",
                         acceptance_served_on=day, opinion_on=day + dt.timedelta(days=20),
                         opinion_served_on=day + dt.timedelta(days=21), receipt_signed="是", satisfaction="满意",
                         evaluated_on=day + dt.timedelta(days=22), settled="是", settled_on=day + dt.timedelta(days=23),
                         rebounded="否"))
    ledger = helpers.write_ledger(tmp_path / "台账.xlsx", rows)
    output = tmp_path / "季度分析_2025Q2.xlsx"
    result = CliRunner().invoke(cli, ["quarterly", str(ledger), "--quarter", "2025Q2", "--today", "2025-06-30",
                                      "-o", str(output)])
    assert result.exit_code == 0, result.output
    pdf = helpers.convert(output, "pdf", tmp_path / "pdf")
    words = subprocess.run(["pdftotext", "-f", "2", "-l", "2", "-raw", str(pdf), "-"], capture_output=True,
                           text=True, check=True).stdout.split()
    assert "各季度工作指标趋势" in "".join(words)  # 2022–2025: after the campaign
    assert not [w for w in words if w.count("%") > 1], words


@pytest.mark.libreoffice
def test_thirty_six_months_of_numbers_repeat_their_header_on_the_next_page(tmp_path):
    """A clerk's 月度调度 for 2025-06 charted 36 months; the numbers under the chart ran onto a fourth page as four
    bare rows (3月 1 0 …) with no 月份/新增/办结 above them. The table's header row now repeats on that page."""
    rows = [dict(case_id=f"C{n:03d}", petitioner=f"张{n}", petition_type="求决类",
                 registered_on=dt.date(2022 + (6 + n) // 12, (6 + n) % 12 + 1, 10)) for n in range(36)]
    ledger = helpers.write_ledger(tmp_path / "台账.xlsx", rows)
    output = tmp_path / "月度调度_2025-06.xlsx"
    result = CliRunner().invoke(cli, ["monthly", str(ledger), "--month", "2025-06", "--today", "2025-06-30",
                                      "-o", str(output)])
    assert result.exit_code == 0, result.output
    pdf = helpers.convert(output, "pdf", tmp_path / "pdf")
    pages = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                           check=True).stdout.split("\f")
    with_months = [page for page in pages if any(line.split()[:1] == ["6月"] for line in page.splitlines()
                                                 if line.strip())]
    assert len(with_months) >= 2, "36 months no longer take two pages: the test checks nothing"
    for page in with_months:
        assert "月份" in page.split(), page[:300]
