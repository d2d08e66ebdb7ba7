"""Real ledgers on first contact, second round (issue 11): a clerk's whole first hour on nine more shapes —
`columns`, `check`, `import` and `check` of the import, `monthly`, `quarterly`, `overdue` — and each class of
failure the round found, with its own test."""

from __future__ import annotations

import datetime as dt
import json

import first_contact_shapes as shapes
import helpers
import openpyxl
import pytest
from click.testing import CliRunner
from first_contact_shapes import BUILDERS, D

from xlkit.analysis.kpi import Period, compute_kpis
from xlkit.check.run import check_ledger
from xlkit.cli import cli
from xlkit.findings import Severity
from xlkit.read.ledger import read_ledger

TODAY = "2019-12-31"


def _run(*args: str):
    result = CliRunner().invoke(cli, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert "Traceback" not in result.output
    return result


@pytest.mark.parametrize("build", BUILDERS, ids=[b.__name__ for b in BUILDERS])
def test_a_clerks_first_hour_on_each_shape(tmp_path, build):
    path, expect = build(tmp_path / "原")
    columns = _run("columns", str(path))
    assert columns.exit_code == 0 and f"{expect.cases} 件案件" in columns.output
    check = _run("check", str(path), "--today", TODAY, "--json")
    report = json.loads(check.output)
    assert report["cases"] == expect.cases
    assert [f for f in report["findings"] if f["severity"] == "错误"] == [] and check.exit_code == 0
    imported = tmp_path / "标准台账.xlsx"
    assert _run("import", str(path), "-o", str(imported)).exit_code == 0
    again = json.loads(_run("check", str(imported), "--today", TODAY, "--json").output)
    assert again["cases"] == expect.cases and [f for f in again["findings"] if f["severity"] == "错误"] == []
    monthly = _run("monthly", str(path), "--month", "2019-09", "--today", TODAY, "-o", str(tmp_path / "月.xlsx"))
    assert monthly.exit_code == 0, monthly.output
    quarterly = _run("quarterly", str(path), "--quarter", "2019Q3", "--today", TODAY, "--json",
                     "-o", str(tmp_path / "季" / "季度.xlsx"))
    assert quarterly.exit_code == 0, quarterly.output
    overdue = _run("overdue", str(path), "--today", TODAY, "--json")
    assert overdue.exit_code in (0, 1) and "unjudged" in json.loads(overdue.output)


def test_a_sample_row_under_the_header_is_not_a_case(tmp_path):
    path, _ = shapes.deep_header_register(tmp_path)
    ledger = read_ledger(path)
    assert ledger.header_row == 5 and list(ledger.frame.index) == [7, 8]
    sample = [f for f in ledger.findings if f.code == "R040"]
    assert [(f.cell, f.severity) for f in sample] == [("A6", Severity.INFO)] and "填写示例" in sample[0].message


@pytest.mark.parametrize("text", ["（示例）2019-000", "示例", "例：张三", "【样例】", "填写示例："])
def test_sample_marks_as_templates_write_them(tmp_path, text):
    from helpers import write_ledger

    path = write_ledger(tmp_path / "台账.xlsx", [
        {"案件编号": text, "信访人": "张三", "登记日期": "2019-09-03"},
        {"案件编号": "2019-001", "信访人": "例行检查组", "登记日期": "2019-09-04"},
    ], headers=["案件编号", "信访人", "登记日期"])
    ledger = read_ledger(path)
    assert list(ledger.frame["case_id"]) == ["2019-001"]


def test_a_case_that_merely_begins_with_the_character_is_kept(tmp_path):
    from helpers import write_ledger

    path = write_ledger(tmp_path / "台账.xlsx", [{"案件编号": "例行-001", "信访人": "张三", "登记日期": "2019-09-03"}],
                        headers=["案件编号", "信访人", "登记日期"])
    assert list(read_ledger(path).frame["case_id"]) == ["例行-001"]


def test_a_summary_sheet_is_not_taken_for_the_ledger_even_when_it_knows_as_many_headers(tmp_path):
    path, _ = shapes.summary_first_book(tmp_path)
    ledger = read_ledger(path)
    assert ledger.sheet == "明细" and len(ledger) == 4
    assert ("汇总统计", 5) in ledger.other_sheets
    assert read_ledger(path, sheet="汇总统计").sheet == "汇总统计"  # still readable when asked for


def test_dispute_ledgers_words_are_understood_and_their_unclear_ones_listed(tmp_path):
    path, _ = shapes.disputes_ledger(tmp_path)
    ledger = read_ledger(path)
    by_cell = {info.cell: info for info in ledger.columns}
    assert by_cell["C2"].field == "petitioner" and by_cell["G2"].field == "demand"
    assert by_cell["J2"].how == "含义不明确" and "息访日期" in by_cell["J2"].note  # 化解时间
    assert {f.cell for f in ledger.findings if f.code == "R007"} == {"H2", "J2"}


def test_a_visits_register_leaves_the_assigning_unit_unguessed(tmp_path):
    path, _ = shapes.visits_register(tmp_path)
    ledger = read_ledger(path)
    by_cell = {info.cell: info for info in ledger.columns}
    assert by_cell["I3"].how == "含义不明确"  # 交办单位: our 股室, or the body that assigned it to us?
    assert list(ledger.frame["registered_on"].dt.day) == [3, 5, 12]


def test_other_names_of_built_in_values_are_read_as_them_in_a_foreign_ledger(tmp_path):
    path, _ = shapes.hotline_workorders(tmp_path)
    ledger = read_ledger(path)
    assert list(ledger.frame["satisfaction"])[:2] == ["满意", "满意"]  # 非常满意 on a five-step scale
    said = [f for f in ledger.findings if f.code == "R041"]
    assert len(said) == 1 and "“非常满意”读作“满意”（1 处）" in said[0].message and said[0].cell == "L2"
    findings = check_ledger(ledger, D(2019, 12, 31)).findings
    assert not any(f.code == "C113" and f.value == "非常满意" for f in findings)


def test_the_2022_name_of_the_type_counts_in_the_meetings(tmp_path):
    from helpers import write_ledger

    rows = [{"案件编号": f"2019-00{i}", "信访人": "甲", "信访类型": kind, "受理日期": "2019-09-05"}
            for i, kind in enumerate(["申诉求决类", "求决类", "建议意见类"], start=1)]
    path = write_ledger(tmp_path / "台账.xlsx", rows, headers=["案件编号", "信访人", "信访类型", "受理日期"])
    ledger = read_ledger(path)
    assert list(ledger.frame["petition_type"]) == ["求决类", "求决类", "建议意见类"]
    assert compute_kpis(ledger, D(2019, 12, 31), Period.month("2019-09")).cases == 2


def test_a_ledger_with_its_own_dictionary_keeps_its_own_words(tmp_path):
    from helpers import write_ledger

    path = write_ledger(tmp_path / "台账.xlsx", [{"案件编号": "1", "信访人": "甲", "满意度评价": "非常满意"}],
                        headers=["案件编号", "信访人", "满意度评价"])
    workbook = openpyxl.load_workbook(path)
    sheet = workbook.create_sheet("字典")
    for row in (["满意度"], ["非常满意"], ["满意"]):
        sheet.append(row)
    workbook.save(path)
    ledger = read_ledger(path)
    assert list(ledger.frame["satisfaction"]) == ["非常满意"] and not any(f.code == "R041" for f in ledger.findings)


def test_a_hidden_sheet_is_not_read_in_place_of_the_one_the_clerk_sees(tmp_path):
    path, _ = shapes.hidden_old_sheet(tmp_path)
    ledger = read_ledger(path)
    assert ledger.sheet == "信访台账" and list(ledger.frame["case_id"]) == ["2019-001", "2019-002"]
    said = [f for f in ledger.findings if f.code == "R026"]
    assert len(said) == 1 and "“原始数据”（隐藏的表）也像台账" in said[0].message


def test_an_official_forms_column_numbers_are_not_a_case(tmp_path):
    path, _ = shapes.statistical_form(tmp_path)
    ledger = read_ledger(path)
    assert list(ledger.frame.index) == [4, 5, 6]
    assert [(f.cell, f.severity) for f in ledger.findings if f.code == "R042"] == [("A3", Severity.INFO)]


def test_a_first_case_whose_numbers_run_in_order_is_still_a_case(tmp_path):
    from helpers import write_ledger

    path = write_ledger(tmp_path / "台账.xlsx", [
        {"案件编号": "1", "信访人": "张三", "涉及人数": "2", "延期天数": "3", "是否延期": "是"},
        {"案件编号": "2", "信访人": "李四", "涉及人数": "1"}], headers=["案件编号", "信访人", "涉及人数", "延期天数", "是否延期"])
    ledger = read_ledger(path)
    assert len(ledger) == 2 and not any(f.code == "R042" for f in ledger.findings)


@pytest.mark.parametrize(("text", "day"), [("2019-09-03（星期二）", D(2019, 9, 3)), ("2019-09-05 周四", D(2019, 9, 5)),
                                          ("2019年9月8日 礼拜天 上午", D(2019, 9, 8)),
                                          ("二〇一九年九月三日", D(2019, 9, 3)), ("二○一九年十二月二十三日", D(2019, 12, 23)),
                                          ("二〇一九年十三月一日", None)])
def test_weekdays_and_dates_in_chinese_numerals(text, day):
    from xlkit.read.dates import parse_date

    assert parse_date(text) == day


@pytest.mark.parametrize(("text", "count"), [("五人", 5), ("约20人", 20), ("20余人", 20), ("十二名", 12),
                                            ("一百零三人", 103), ("两人", 2), ("3户", None), ("五五", None)])
def test_counts_as_clerks_write_them(text, count):
    from xlkit.read.numbers import parse_count

    assert parse_count(text) == count


def test_phones_grouped_with_spaces_or_a_dash_look_alike_are_phones(tmp_path):
    path, _ = shapes.statistical_form(tmp_path)
    findings = check_ledger(read_ledger(path), D(2019, 12, 31)).findings
    assert not [f for f in findings if f.code == "C130"]
    from helpers import write_ledger

    bad = write_ledger(tmp_path / "错.xlsx", [{"案件编号": "1", "信访人": "甲", "联系电话": "138 0000 111"}],
                       headers=["案件编号", "信访人", "联系电话"])
    assert [f.code for f in check_ledger(read_ledger(bad), D(2019, 12, 31)).findings if f.code == "C130"] == ["C130"]


def test_a_township_written_with_its_county_is_read_as_the_township(tmp_path):
    path, _ = shapes.online_petitions_export(tmp_path)
    ledger = read_ledger(path)
    assert list(ledger.frame["township"]) == ["新宁镇", "普安镇"]
    said = [f for f in ledger.findings if f.code == "R043"]
    assert len(said) == 1 and said[0].cell == "H2" and "2 处" in said[0].message
    assert list(ledger.frame["petition_type"]) == ["求决类", "求决类"]  # 信访目的 求决
    findings = check_ledger(ledger, D(2019, 12, 31)).findings
    assert not any(f.column == "问题属地乡镇" and f.code in ("C111", "C113") for f in findings)


@pytest.mark.parametrize(("value", "township"), [
    ("四川省达州市开江县新宁镇", "新宁镇"), ("达州市任市镇", "任市镇"), ("任市镇", "任市镇"), ("梅家乡政府", "梅家乡"),
    ("淙城街道办事处", "淙城街道"), ("城区街道", "城区街道"), ("普安镇东街", "普安镇东街")])
def test_township_names_in_full(value, township):
    from xlkit.read.ledger import _township_name

    assert _township_name(value) == township


def test_meetings_say_which_rows_they_left_out_for_their_type_instead_of_a_silent_zero(tmp_path):
    path, _ = shapes.hotline_workorders(tmp_path / "原")
    table = compute_kpis(read_ledger(path), D(2019, 12, 31), Period.month("2019-09"))
    assert table.cases == 0 and table.other_types == {"投诉": 2, "求助": 1, "建议": 1, "咨询": 1}
    assert table.to_json()["not_counted"] == table.other_types
    monthly = _run("monthly", str(path), "--month", "2019-09", "--today", TODAY, "-o", str(tmp_path / "月.xlsx"))
    assert "另有 5 件信访类型不是“求决类”（“投诉”2 件、“求助”1 件" in monthly.output.replace("\n", "")
    quarterly = _run("quarterly", str(path), "--quarter", "2019Q3", "--today", TODAY, "-o", str(tmp_path / "季.xlsx"))
    assert "另有 5 件信访类型不是“求决类”" in quarterly.output.replace("\n", "")
    for name in ("月.xlsx", "季.xlsx"):  # the leader's page and 总览 say it too
        sheets = openpyxl.load_workbook(tmp_path / name).worksheets
        said = [ws.title for ws in sheets for row in ws.iter_rows(values_only=True) for v in row
                if isinstance(v, str) and "另有 5 件信访类型不是" in v]
        assert sheets[0].title in said, (name, said)


def test_a_date_without_its_year_says_so(tmp_path):
    from helpers import write_ledger

    path = write_ledger(tmp_path / "台账.xlsx", [{"案件编号": "1", "信访人": "甲", "登记日期": "9月3日"},
                                                {"案件编号": "2", "信访人": "乙", "登记日期": "9.5"}],
                        headers=["案件编号", "信访人", "登记日期"])
    said = [f for f in read_ledger(path).findings if f.code == "R001"]
    assert [f.cell for f in said] == ["C3", "C4"] and all("没有年份" in f.message for f in said)


def test_an_office_that_knows_what_its_status_words_mean_says_so_in_its_mapping(tmp_path):
    path, _ = shapes.status_instead_of_dates(tmp_path)
    assert {f.cell for f in read_ledger(path).findings if f.code == "R007"} == {"H1"}  # never guessed
    workbook = openpyxl.load_workbook(path)
    mapping = workbook.create_sheet("表头对照")
    for row in (["原表头", "标准列", "说明"], ["办理状态", "是否息诉息访", "本办的已办结即息诉息访"], [],
                ["列", "原值", "标准值"], ["办理状态", "已办结", "是"], ["办理状态", "办理中", "否"],
                ["办理状态", "未办结", "否"]):
        mapping.append(row)
    workbook.save(path)
    ledger = read_ledger(path)
    assert list(ledger.frame["settled"]) == ["是", "否", "否", "是"]
    assert not any(f.code == "R007" for f in ledger.findings)


def test_a_group_header_naming_another_person_keeps_its_sub_headers_from_the_petitioner(tmp_path):
    path, _ = shapes.people_groups_register(tmp_path)
    ledger = read_ledger(path)
    assert list(ledger.frame["petitioner"]) == ["张三", "李四"] and list(ledger.frame["handler"]) == ["何某", "何某"]
    assert list(ledger.frame["phone"]) == ["13800001111", "13900002222"]
    by_cell = {info.cell: info for info in ledger.columns}
    assert by_cell["E2"].alias == "承办人" and by_cell["G2"].field is None and by_cell["F2"].field is None


def test_a_serial_number_that_starts_again_is_not_a_case_number(tmp_path):
    path, _ = shapes.yearly_tables_sheet(tmp_path)
    ledger = read_ledger(path)
    assert not ledger.has("case_id") and list(ledger.frame["petitioner"]) == ["甲", "乙", "丙", "丁"]
    said = [f for f in ledger.findings if f.code == "R009"]
    assert len(said) == 1 and "第3行和第8行都是“1”" in said[0].message
    assert not any(f.code == "C150" for f in check_ledger(ledger, D(2019, 12, 31)).findings)


def test_a_serial_number_that_never_repeats_is_the_case_number(tmp_path):
    path, _ = shapes.visits_register(tmp_path)
    assert read_ledger(path).has("case_id")


def test_a_type_column_holding_the_way_petitions_came_is_not_read_as_the_type(tmp_path):
    # many offices write 群众来访, 电话来访, 12345市民热线, 部门转入 under “信访类型”: the channel, not the type
    from helpers import write_ledger

    headers = ["序号", "来信编号", "信访类型", "接件时间", "信访人姓名", "信访内容", "案件地点", "办理情况"]
    channels = ["群众来访", "12345市民热线", "部门转入", "电话来访"]
    rows = [{"序号": i, "来信编号": f"XF2019-00{i}", "信访类型": kind, "接件时间": D(2019, 9, i), "信访人姓名": "甲",
             "信访内容": "垃圾无人清运", "案件地点": "新宁镇XX村3组", "办理情况": "已现场处理"}
            for i, kind in enumerate(channels, start=1)]
    path = write_ledger(tmp_path / "街道台账.xlsx", rows, headers=headers)
    ledger = read_ledger(path)
    assert not ledger.has("petition_type") and ledger.frame["petition_type"].isna().all()
    [said] = [f for f in ledger.findings if f.code == "R050"]
    assert said.cell == "C2" and "“群众来访”、“12345市民热线”、“部门转入”" in said.message and "共 4 件" in said.message
    assert {f.cell for f in ledger.findings if f.code == "R007"} == {"G2"}  # 案件地点: a township or an address?
    findings = check_ledger(ledger, D(2019, 12, 31)).findings
    assert not [f for f in findings if f.code in ("C113", "C309")]  # no warning a row, no case left out
    assert compute_kpis(ledger, D(2019, 12, 31), Period.month("2019-09")).cases == 4
    columns = _run("columns", str(path))
    assert "填的是信访渠道，不作信访类型" in columns.output

    rows[0]["信访类型"] = "涉法涉诉"  # a value neither a channel nor a type goes with the column, and is said
    path = write_ledger(tmp_path / "街道台账2.xlsx", rows, headers=headers)
    [said] = [f for f in read_ledger(path).findings if f.code == "R050"]
    assert "共 3 件" in said.message and "另有 1 件填的是“涉法涉诉”等，也随这一列未读" in said.message

    # a column that also holds a type, or 12345's own types (投诉, 咨询), is the type column as before
    for kinds in (["群众来访", "求决类", "电话来访"], ["投诉", "咨询", "来电求助"]):
        rows = [{"案件编号": f"2019-00{i}", "信访人": "甲", "信访类型": k, "受理日期": "2019-09-05"}
                for i, k in enumerate(kinds, start=1)]
        ledger = read_ledger(write_ledger(tmp_path / "类型.xlsx", rows, headers=["案件编号", "信访人", "信访类型", "受理日期"]))
        assert ledger.has("petition_type") and not any(f.code == "R050" for f in ledger.findings), kinds


@pytest.mark.parametrize("spelling", ["是否息诉", "是否已息诉息访", "是否已息访", "是否息诉停访", "是否停访"])
def test_the_settled_column_is_read_under_the_names_townships_give_it(tmp_path, spelling):
    """A township's 矛盾纠纷排查 ledger heads it “是否息诉”: it was left unread (“像是‘是否息诉息访’”), so 化解率
    and the 60-day analysis had no column to count."""
    path = helpers.write_ledger(tmp_path / "乡.xlsx", [{"信访人": "张三", "登记日期": dt.date(2019, 9, 2),
                                                     spelling: "是"}],
                                headers=["信访人", "登记日期", spelling], title=None)
    ledger = read_ledger(path)
    assert "settled" in ledger.positions, [(i.cell, i.field, i.how) for i in ledger.columns]
    assert ledger.frame["settled"].tolist() == ["是"]


@pytest.mark.parametrize("spelling", ["村组", "涉及村组", "所在村组", "村（组）"])
def test_the_village_column_is_read_under_a_township_registers_names(tmp_path, spelling):
    """A township's 接待登记簿 heads the village “涉及村组”: it was left unread (C002)."""
    path = helpers.write_ledger(tmp_path / "乡.xlsx", [{"信访人": "张三", "登记日期": dt.date(2019, 9, 2),
                                                     spelling: "一村三组"}],
                                headers=["信访人", "登记日期", spelling], title=None)
    ledger = read_ledger(path)
    assert "village" in ledger.positions, [(i.cell, i.field, i.how) for i in ledger.columns]
    assert ledger.frame["village"].tolist() == ["一村三组"]


@pytest.mark.parametrize("typed", ["未留", "无", "不详", " 拒绝提供 "])
def test_a_petitioner_who_left_no_phone_is_no_wrong_phone(tmp_path, typed):
    """A clerk's anonymous letter had 联系电话 “未留”: check called it an 错误 (不是有效的手机号) and exited 1."""
    from helpers import write_ledger

    path = write_ledger(tmp_path / "台账.xlsx", [{"案件编号": "1", "信访人": "匿名", "联系电话": typed}],
                        headers=["案件编号", "信访人", "联系电话"])
    assert not [f for f in check_ledger(read_ledger(path), D(2019, 12, 31)).findings if f.code == "C130"]


@pytest.mark.parametrize("title", ["是否满意", "回访情况"])
def test_a_petition_system_export_s_yes_no_satisfaction_is_read_as_satisfaction(tmp_path, title):
    # 信访信息系统 exports ask 是否满意 and answer 是/否 (or 满意/不满意), a township's 登记簿 writes 回访情况:
    # the column was left unread (C002)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["信访件编号", "登记时间", "信访人", "办结时间", title])
    sheet.append(["510000201900123", "2019-09-03", "张三", "2019-10-20", "是"])
    sheet.append(["510000201900124", "2019-09-04", "李四", "2019-10-21", "否"])
    sheet.append(["510000201900125", "2019-09-05", "王五", "2019-10-22", "基本满意"])
    book.save(tmp_path / "导出.xlsx")
    ledger = read_ledger(tmp_path / "导出.xlsx")
    assert list(ledger.frame["satisfaction"]) == ["满意", "不满意", "基本满意"]


def test_suggesting_a_column_for_thousands_of_unknown_headers_compares_few_in_full(monkeypatch):
    # a sheet of 16,381 unknown headers asked difflib for 6.7 million full comparisons (2 minutes of reading);
    # a spelling is compared in full only when its quick bounds could beat the best so far, same answers
    import difflib

    from xlkit.read import headers as hd

    full = []
    ratio = difflib.SequenceMatcher.ratio
    monkeypatch.setattr(difflib.SequenceMatcher, "ratio", lambda self: full.append(1) or ratio(self))
    hd._most_like.cache_clear()
    assert [hd.suggest(t).header if hd.suggest(t) else None for t in ("信访人姓", "受理日", "联系电")] \
        == ["信访人", "受理日期", "联系电话"]
    full.clear()
    hd._most_like.cache_clear()
    for number in range(300):
        hd.suggest(f"备用栏{number}")
    assert len(full) < 300 * len(hd.SPELLINGS) / 10
