"""xlkit monthly: the 月度调度 pack, with last month's ledger for “较上月变化”."""

from __future__ import annotations

import datetime as dt
import json

import helpers
import openpyxl
import pytest
from click.testing import CliRunner

from xlkit.analysis.kpi import KPI_NAMES
from xlkit.cli import cli
from xlkit.schema import header

d = dt.date
TODAY = d(2019, 11, 25)


def case(case_id, unit, registered, **extra):
    row = dict(case_id=case_id, registered_on=registered, registrar="王登记", source="县信访局", form="来访",
               petition_type="求决类", petitioner="信访人" + case_id[-1], township="新宁镇", category="生活垃圾",
               demand="请求清运垃圾", assigned_on=registered + dt.timedelta(days=1), assigner="李交办", unit=unit,
               handler="赵承办")
    row.update(extra)
    return row


CURRENT = [
    # M1: new this month, accepted this month; opinion due 2020-01-03.
    case("M1", "环卫股", d(2019, 11, 1), accepted_on=d(2019, 11, 4), acceptance_served_on=d(2019, 11, 4)),
    # M2: opinion due 2019-11-04 (day 60 is Sunday 11-03): 超期 21 days; 60 days unsettled, no analysis; key case.
    case("M2", "市容股", d(2019, 9, 2), accepted_on=d(2019, 9, 4), acceptance_served_on=d(2019, 9, 5),
         key_case="是", handler="钱承办"),
    # M3: opinion (and 60-day analysis) due 2019-11-26: 临期 (1 day left).
    case("M3", "村镇股", d(2019, 9, 25), accepted_on=d(2019, 9, 27), acceptance_served_on=d(2019, 9, 28)),
    # M4: settled, then rebounded on 11-10 with analysis and next steps; closed 10-15; review 需整改, open.
    case("M4", "市容股", d(2019, 7, 30), accepted_on=d(2019, 8, 1), acceptance_served_on=d(2019, 8, 2),
         opinion_on=d(2019, 9, 10), opinion_served_on=d(2019, 9, 12), receipt_signed="是", satisfaction="满意",
         settled="是", settled_on=d(2019, 9, 20), rebounded="是", rebounded_on=d(2019, 11, 10),
         unsettled_analysis="对补偿标准仍有异议", next_steps="再次入户解释政策", closed_on=d(2019, 10, 15),
         review_conclusion="需整改", review_opinion="送达回证缺签字日期"),
    # M5: answered and settled this month.
    case("M5", "环卫股", d(2019, 10, 5), accepted_on=d(2019, 10, 8), acceptance_served_on=d(2019, 10, 9),
         opinion_on=d(2019, 11, 12), opinion_served_on=d(2019, 11, 13), receipt_signed="是", satisfaction="基本满意",
         settled="是", settled_on=d(2019, 11, 20)),
]

PREVIOUS = [
    {**CURRENT[1], "handler": "赵承办"},
    CURRENT[2],
    {k: v for k, v in CURRENT[3].items() if k not in ("rebounded_on", "unsettled_analysis", "next_steps")}
    | {"rebounded": "否"},
    {k: v for k, v in CURRENT[4].items() if k not in ("opinion_on", "opinion_served_on", "receipt_signed",
                                                      "satisfaction", "settled", "settled_on")},
]


def sheet_rows(ws, first=1):
    return [list(r) for r in ws.iter_rows(min_row=first, values_only=True)]


def find_row(rows, first_cell):
    return [r for r in rows if r and r[0] == first_cell]


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    folder = tmp_path_factory.mktemp("monthly")
    current = helpers.write_ledger(folder / "台账11月.xlsx", CURRENT)
    previous = helpers.write_ledger(folder / "台账10月.xlsx", PREVIOUS)
    output = folder / "月度调度_2019-11.xlsx"
    result = CliRunner().invoke(cli, ["monthly", str(current), "--month", "2019-11", "--today", TODAY.isoformat(),
                                      "--previous", str(previous), "-o", str(output), "--json"])
    assert result.exit_code == 0, result.output
    return folder, output, json.loads(result.stdout), openpyxl.load_workbook(output)


def test_json_has_the_month_and_cumulative_kpis(run):
    _, _, data, _ = run
    assert data["period"] == "2019-11" and data["cases"] == 1  # only M1 was accepted in November
    assert data["kpis"]["答复率"] is None  # M1 is not yet due: empty denominator
    assert data["kpis"]["建档立卡率"] == 1.0
    cumulative = data["cumulative"]
    assert cumulative["cases"] == 5
    assert cumulative["kpis"]["答复率"] == pytest.approx(2 / 3)  # M2 overdue, M4 and M5 answered
    assert cumulative["kpis"]["化解率"] == pytest.approx(1 / 2)  # M4 rebounded
    assert cumulative["kpis"]["满意率"] == 1.0  # 满意 and 基本满意
    # M2 and M3's 处理意见; their 息访分析 is a task without a time limit (the 60日未息访 list), never 超期/临期
    assert data["overdue"] == 1 and data["due_soon"] == 1


def test_kpi_sheet_equals_json(run):
    _, _, data, book = run
    rows = sheet_rows(book["指标"])
    office_rows = find_row(rows, "全办")
    assert len(office_rows) == 2  # this month, then cumulative
    for values, source in zip(office_rows, (data, data["cumulative"]), strict=True):
        assert values[1] == source["cases"]
        for name, cell in zip(KPI_NAMES, values[2:9], strict=True):
            expected = source["kpis"][name]
            assert (cell == "—") if expected is None else cell == pytest.approx(expected), name
    unit_rows = {r[0]: r for r in rows[: rows.index(office_rows[1])] if r[0] in data["by_unit"]}
    assert set(unit_rows) == {"环卫股"}
    target = find_row(rows, "目标")[0]
    assert target[2:9] == [1.0, 1.0, "不设目标", 1.0, 1.0, 1.0, 0.9]  # 按期答复率: no plan target
    headers = find_row(rows, header("unit"))[0]
    assert headers[9] == "待送达" and office_rows[0][9] == 0


def test_counts_this_month_and_totals(run):
    _, _, _, book = run
    rows = sheet_rows(book["本月情况"])
    headers = find_row(rows, header("unit"))[0]
    total = dict(zip(headers, find_row(rows, "合计")[0], strict=True))
    assert (total["本月新增"], total["本月受理"], total["本月答复"], total["本月化解"]) == (1, 1, 1, 1)
    assert total["本月办结"] == 0 and total["累计办结"] == 1  # M4, closed in October
    assert (total["累计登记"], total["累计受理"], total["累计答复"], total["累计化解"], total["在办"]) == (5, 5, 2, 1, 4)


def test_overdue_and_due_soon_lists(run):
    _, _, _, book = run
    overdue = [r for r in sheet_rows(book["超期案件"], 4) if r[0]]
    # 21 days past its due date, under 超期天数: “-21” under 剩余天数 read as a typo
    assert book["超期案件"]["H3"].value == "超期天数" and book["临期案件"]["H3"].value == "剩余天数"
    # a comma parts the date from the window: “截至 2019-11-25 7 日内到期” read as one number
    assert book["临期案件"]["A1"].value == "截至 2019-11-25，7 日内到期的环节（1 项）"
    assert book["超期案件"]["A1"].value == "截至 2019-11-25，已过期限仍未完成的环节（1 项）"
    assert {(r[0], r[4], r[6], r[7]) for r in overdue} == {("M2", "处理意见", dt.datetime(2019, 11, 4), 21)}
    soon = [r for r in sheet_rows(book["临期案件"], 4) if r[0]]
    # M3 is not settled either, so its 60-day analysis falls due the same day
    assert [(r[0], r[4], r[7], r[8]) for r in soon] == [("M3", "处理意见", 1, "临期")]
    # 剩余天数 centred: right-aligned against the left-aligned 状态 beside it, 1 and 临期 printed as “1临期”
    days = [row[7] for name in ("超期案件", "临期案件") for row in book[name].iter_rows(min_row=4)
            if row[0].value and isinstance(row[7].value, int)]
    assert len(days) == 2 and {c.alignment.horizontal for c in days} == {"center"}


def test_unsettled_rectification_and_key_cases(run):
    _, _, _, book = run
    unsettled = {r[0]: r for r in sheet_rows(book["60日未息访与反弹"], 4) if r[0]}
    assert set(unsettled) == {"M2", "M4"}
    assert unsettled["M2"][5] == "受理满60日未息访" and unsettled["M2"][8] == "缺未息访原因分析、下步措施"
    assert unsettled["M4"][5] == "息访后反弹" and unsettled["M4"][8] is None
    rectify = [r for r in sheet_rows(book["需整改"], 4) if r[0]]
    assert [(r[0], r[7]) for r in rectify] == [("M4", 41)]  # 2019-10-15 → 2019-11-25
    key = [r for r in sheet_rows(book["重点案件"], 4) if r[0]]
    assert [(r[0], r[6]) for r in key] == [("M2", "已受理")]
    assert "处理意见超期" in key[0][7]


def test_changes_since_last_month(run):
    _, _, _, book = run
    changes = [tuple(r) for r in sheet_rows(book["较上月变化"], 4) if r[0]]
    kinds = {(r[0], r[2], r[3]) for r in changes}
    assert ("M1", "新增案件", None) in kinds
    assert ("M2", "内容变更", header("handler")) in kinds
    assert ("M5", "环节完成", header("opinion_on")) in kinds
    assert ("M5", "环节完成", header("settled_on")) in kinds
    assert ("M4", "环节完成", header("rebounded_on")) in kinds
    assert ("M4", "内容变更", header("rebounded")) in kinds
    handler = next(r for r in changes if r[0] == "M2" and r[3] == header("handler"))
    assert handler[4:] == ("赵承办", "钱承办")
    assert not any(r[0] == "M3" for r in changes)  # unchanged


def test_several_unit_files_are_merged_first(run):
    folder, _, data, _ = run
    first = helpers.write_ledger(folder / "甲.xlsx", CURRENT[:3])
    second = helpers.write_ledger(folder / "乙.xlsx", CURRENT[3:] + CURRENT[:1])  # M1 again, identical
    result = CliRunner().invoke(cli, ["monthly", str(first), str(second), "--month", "2019-11", "--today",
                                      TODAY.isoformat(), "-o", str(folder / "合并.xlsx"), "--json"])
    assert result.exit_code == 0, result.output
    merged = json.loads(result.stdout)
    assert merged["kpis"] == data["kpis"] and merged["cumulative"] == data["cumulative"]


def test_refuses_to_overwrite_and_rejects_a_bad_month(run):
    folder, output, _, _ = run
    again = CliRunner().invoke(cli, ["monthly", str(folder / "台账11月.xlsx"), "--today", TODAY.isoformat(),
                                     "-o", str(output)])
    assert again.exit_code == 2 and "已存在" in again.output
    bad = CliRunner().invoke(cli, ["monthly", str(folder / "台账11月.xlsx"), "--month", "2019-13"])
    assert bad.exit_code == 2 and "YYYY-MM" in bad.output


def test_a_ledger_without_settlement_columns_lists_no_unsettled_cases(tmp_path):
    from xlkit.analysis.kpi import Period
    from xlkit.analysis.monthly import build_monthly
    from xlkit.read.ledger import read_ledger

    headers = [header(f) for f in ("case_id", "petitioner", "accepted_on", "opinion_on")]
    path = helpers.write_ledger(tmp_path / "少列.xlsx", [
        {"case_id": "1", "petitioner": "甲", "accepted_on": d(2019, 8, 1)}], headers=headers)
    pack = build_monthly(read_ledger(path), Period.month("2019-10"), d(2019, 10, 15))
    assert pack.unsettled.empty  # no 是否息诉息访 column: not judged, rather than every case “unsettled”
    assert list(pack.items["stage"]) == ["处理意见"]  # due 2019-09-30, no opinion: judged and overdue


def test_within_widens_the_due_soon_list(run):
    folder, _, _, _ = run
    result = CliRunner().invoke(cli, ["monthly", str(folder / "台账11月.xlsx"), "--month", "2019-11", "--today",
                                      TODAY.isoformat(), "--within", "60", "-o", str(folder / "宽.xlsx"), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["due_soon"] == 2  # M3's 处理意见, and M1's (due 2020-01-03)


#: a month where everything is done: the list sheets have nothing to list
DONE = [case("D1", "环卫股", d(2019, 10, 8), accepted_on=d(2019, 10, 9), acceptance_served_on=d(2019, 10, 10),
             opinion_on=d(2019, 11, 5), opinion_served_on=d(2019, 11, 6), receipt_signed="是", satisfaction="满意",
             evaluated_on=d(2019, 11, 6), settled="是", settled_on=d(2019, 11, 8), rebounded="否",
             closed_on=d(2019, 11, 8), reviewer="黄审核", review_conclusion="通过")]
NOTHING_TO_LIST = {
    "超期案件": "截至 2019-11-25，没有已过期限仍未完成的环节。",
    "临期案件": "截至 2019-11-25，没有 7 日内到期的环节。",
    "60日未息访与反弹": "没有受理满60日未息访或息访后反弹的案件。",
    "需整改": "截至统计日，没有审核需整改、尚未整改完成的案件。",
    "重点案件": "没有标为重点案件的案件。",
    "较上月变化": "与上月台账相比，没有新增案件，也没有改动。",
}


@pytest.mark.libreoffice
def test_a_list_with_nothing_to_list_says_so_in_one_line(tmp_path):
    """A month with nothing overdue, due soon, unsettled, to rectify, no key case and no change printed six
    pages each with a table header over nothing (a page that looked printed by mistake). Each now says so in
    one line under its title, without the header."""
    import subprocess

    ledger = helpers.write_ledger(tmp_path / "台账.xlsx", DONE)
    output = tmp_path / "月度调度.xlsx"
    result = CliRunner().invoke(cli, ["monthly", str(ledger), "--month", "2019-11", "--today", TODAY.isoformat(),
                                      "--previous", str(ledger), "-o", str(output)])
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(output)
    summary = [v for row in book["领导摘要"].iter_rows(values_only=True) for v in row if isinstance(v, str)]
    assert "四、重点案件" in summary and "没有标为重点案件的案件。" in summary  # no order said of an empty list
    for name, sentence in NOTHING_TO_LIST.items():
        texts = [v for row in book[name].iter_rows(values_only=True) for v in row if v is not None]
        assert texts[-1] == sentence, (name, texts)
        assert header("case_id") not in texts, name
        assert not book[name].print_title_rows, name
    pdf = helpers.convert(output, "pdf", tmp_path / "pdf")
    pages = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                           check=True).stdout.split("\f")
    for sentence in NOTHING_TO_LIST.values():
        page = [p for p in pages[1:] if sentence in p.replace("  ", " ")]  # after the 领导摘要
        assert len(page) == 1 and header("petitioner") not in page[0], (sentence, page)  # no header row


def test_a_ledger_begun_after_the_campaign_counts_its_totals_from_its_first_month(tmp_path):
    """A 2025 ledger's 累计 read “2018年8月至2025年5月末累计”: the campaign's start, years before its first case."""
    from xlkit.analysis.kpi import Period
    from xlkit.analysis.monthly import build_monthly
    from xlkit.read.ledger import read_ledger

    path = helpers.write_ledger(tmp_path / "2025.xlsx", [case("N1", "环卫股", d(2025, 3, 14), accepted_on=d(2025, 3, 17))])
    pack = build_monthly(read_ledger(path), Period.month("2025-05"), d(2025, 5, 31))
    assert pack.cumulative.period.title == "2025年3月至2025年5月末累计"
    campaign = build_monthly(read_ledger(helpers.write_ledger(tmp_path / "2019.xlsx", CURRENT)),
                             Period.month("2019-11"), TODAY)
    assert campaign.cumulative.period.title == "2018年8月至2019年11月末累计"  # the campaign's own ledger: unchanged
