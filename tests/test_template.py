"""The official ledger template: built from the schema, committed, read back, and computed by LibreOffice."""

from __future__ import annotations

import datetime as dt

import helpers
import openpyxl
import pytest
from click.testing import CliRunner

from xlkit.cli import cli
from xlkit.codes import catalogue
from xlkit.deadlines import engine as dl
from xlkit.deadlines.calendar import WorkCalendar
from xlkit.read.ledger import read_ledger
from xlkit.schema import (
    BY_FIELD,
    COLUMNS,
    DICTIONARIES,
    HELPER_HEADERS,
    HOLIDAY_BLOCK_TITLE,
    MARK_HEADERS,
    MARK_SHEET,
    SETTINGS,
    TOWNSHIPS,
    Kind,
)
from xlkit.template.builder import (
    CALENDAR_END,
    CALENDAR_SHEET,
    CALENDAR_START,
    FIRST_DATA_ROW,
    HEADER_ROW,
    TEMPLATE_PATH,
    build_workbook,
    column_letters,
    dictionary_name,
    holiday_block_rows,
    template_signature,
    write_template,
)

D = dt.date
TODAY = dt.date.today()  # LibreOffice's TODAY() is the real date
OVERRIDE_DAY = D(2021, 3, 5)  # a Friday the test's 设置 declares a day off


def _accepted_due_soon() -> dt.date:
    """An acceptance date whose 60-day due falls 0–7 days from today, even around a long holiday."""
    calendar = WorkCalendar()
    day = TODAY - dt.timedelta(days=60)
    while not 0 <= (calendar.add_days(day, dl.OPINION_DAYS).due - TODAY).days <= 7:
        day += dt.timedelta(days=1)
    return day


_ACCEPTED_DUE_SOON = _accepted_due_soon()


def _case(case_id: str, **fields):
    return {"case_id": case_id, "petitioner": f"信访人{case_id[-2:]}", "petition_type": "求决类", **fields}


# Hand-picked cases; the comment says what each one proves.
CASES = [
    # 2019-08-02 + 60 = 10-01 (国庆) → 2019-10-08
    _case("2019-01", registered_on=D(2019, 7, 30), assigned_on=D(2019, 7, 31), accepted_on=D(2019, 8, 2),
          acceptance_served_on=D(2019, 8, 5), id_number="51172319900101123X"),
    # 2019-07-31 + 60 = Sunday 09-29, a 调休 working day → 2019-09-29
    _case("2019-02", registered_on=D(2019, 7, 29), assigned_on=D(2019, 7, 29), accepted_on=D(2019, 7, 31),
          opinion_on=D(2019, 9, 29), settled="是", settled_on=D(2019, 9, 20), phone="03710000001"),
    # 交办 2020-01-22 + 5 = 01-27 (春节, extended to 02-02) → 2020-02-03
    _case("2020-03", registered_on=D(2020, 1, 21), assigned_on=D(2020, 1, 22), acceptance_served_on=D(2020, 2, 5)),
    # 交办 2018-09-24, before the plan was issued (2018-11-07): the law's 15 days, 登记 09-21 + 15 = Sat 10-06 (国庆)
    # → Mon 2018-10-08, not the plan's 5 (Saturday 09-29)
    _case("2018-04", registered_on=D(2018, 9, 21), assigned_on=D(2018, 9, 24)),
    # 交办 on the day the plan was issued: its 5 days, Wed 2018-11-07 → Mon 11-12
    _case("2018-32", registered_on=D(2018, 11, 6), assigned_on=D(2018, 11, 7)),
    # extension counted: original 2019-11-19, +30 → 2019-12-19
    _case("2019-05", registered_on=D(2019, 9, 16), assigned_on=D(2019, 9, 17), accepted_on=D(2019, 9, 20),
          extended="是", extension_days=30, extension_notice_on=D(2019, 11, 10), opinion_on=D(2019, 12, 18),
          settled="是", settled_on=D(2019, 12, 30)),
    # extension notified after the original due: not counted
    _case("2019-06", registered_on=D(2019, 9, 16), assigned_on=D(2019, 9, 17), accepted_on=D(2019, 9, 20),
          extended="是", extension_days=20, extension_notice_on=D(2019, 11, 25)),
    # 不予受理: no deadlines at all
    _case("2019-07", registered_on=D(2019, 10, 8), assigned_on=D(2019, 10, 9), accepted_on=D(2019, 10, 10),
          acceptance_decision="不予受理"),
    # unsettled, analysis written
    _case("2019-08", registered_on=D(2019, 3, 1), assigned_on=D(2019, 3, 4), accepted_on=D(2019, 3, 6),
          opinion_on=D(2019, 4, 20), settled="否", unsettled_analysis="诉求过高", next_steps="继续做工作"),
    # rebounded after the 60 days: the analysis is due on the rebound day
    _case("2019-09", registered_on=D(2019, 4, 1), assigned_on=D(2019, 4, 2), accepted_on=D(2019, 4, 3),
          opinion_on=D(2019, 5, 10), settled="是", settled_on=D(2019, 5, 20), rebounded="是",
          rebounded_on=D(2019, 8, 15)),
    # settled only after day 60 and no analysis: 超期
    _case("2019-10", registered_on=D(2019, 5, 6), assigned_on=D(2019, 5, 6), accepted_on=D(2019, 5, 8),
          opinion_on=D(2019, 6, 30), settled="是", settled_on=D(2019, 7, 20)),
    # outside the campaign: 15 days; 03-05 is declared a day off in 设置 → 2021-03-08
    _case("2021-11", registered_on=D(2021, 2, 18), assigned_on=D(2021, 2, 18)),
    # no 登记日期: the campaign is judged by the 交办日期
    _case("2019-12", assigned_on=D(2019, 12, 27)),
    # issue 10: the acceptance decision from receipt, article by 案件来源 (15 days: Wed 2021-10-13)
    _case("2021-15", registered_on=D(2021, 9, 28), assigned_on=D(2021, 10, 8), source="本办受理"),
    # 2022 条例, transferred by 县纪委: Sat 2023-01-21 (春节) → Sat 01-28, a 调休 working day
    _case("2023-16", registered_on=D(2023, 1, 6), assigned_on=D(2023, 1, 9), source="县纪委"),
    # campaign years but 建议意见类: the statutory 15 days from 登记, Tue 10-01 → Tue 2019-10-08
    _case("2019-17", registered_on=D(2019, 9, 16), assigned_on=D(2019, 9, 17), source="县信访局",
          petition_type="建议意见类"),
    # 2022 建议意见类: no handling deadline; 2022 求决类: 60 days, Tue 2022-08-09
    _case("2022-18", registered_on=D(2022, 6, 6), accepted_on=D(2022, 6, 10), petition_type="建议意见类",
          acceptance_served_on=D(2022, 6, 10)),
    _case("2022-19", registered_on=D(2022, 6, 6), accepted_on=D(2022, 6, 10), acceptance_served_on=D(2022, 6, 10),
          opinion_on=D(2022, 8, 1), settled="是", settled_on=D(2022, 8, 2)),
    # 不予受理 of a matter sent to the office: only the decision notice (Tue 2022-06-21), served late
    _case("2022-20", registered_on=D(2022, 6, 6), source="县信访局", acceptance_decision="不予受理",
          accepted_on=D(2022, 6, 8), acceptance_served_on=D(2022, 6, 22)),
    # 2022 art. 23(3): 转送其他机关 of a matter sent to the office is an objection within 5 working days of receipt,
    # done on 受理日期: Fri 2022-09-30 → 10-08 (Sat), 10-09 (Sun) are 调休 working days → Wed 10-12; decided 10-13
    _case("2022-30", registered_on=D(2022, 9, 30), source="县信访局", acceptance_decision="转送其他机关"),
    _case("2022-31", registered_on=D(2022, 9, 30), source="县信访局", acceptance_decision="转送其他机关",
          accepted_on=D(2022, 10, 13), acceptance_served_on=D(2022, 10, 10)),
    # an extension without its approver does not count: due stays 2019-11-19 (approved: 2019-12-19, case 2019-05)
    _case("2019-22", registered_on=D(2019, 9, 16), assigned_on=D(2019, 9, 17), accepted_on=D(2019, 9, 20),
          acceptance_served_on=D(2019, 9, 20), extended="是", extension_days=30, extension_notice_on=D(2019, 11, 10),
          opinion_on=D(2019, 12, 18), settled="是", settled_on=D(2019, 12, 30)),
    # 上级报结: the given date, not rolled (Sat 2021-05-15); reported late on 05-17, or not at all
    _case("2021-23", registered_on=D(2021, 3, 1), source="县纪委", upper_deadline=D(2021, 5, 15),
          reported_on=D(2021, 5, 17), acceptance_served_on=D(2021, 3, 5)),
    _case("2021-24", registered_on=D(2021, 3, 1), source="县信访局", upper_deadline=D(2021, 5, 15),
          acceptance_served_on=D(2021, 3, 5)),
    # after the campaign, 60 days unsettled: the office's own 待办 (no time limit)
    _case("2021-25", registered_on=D(2021, 3, 1), accepted_on=D(2021, 3, 2), acceptance_served_on=D(2021, 3, 2),
          opinion_on=D(2021, 4, 20), settled="否"),
    # the plan's 5 days cannot extend the law's 15 from receipt: 登记 Mon 2019-09-02 → Tue 09-17, though 交办 came
    # on 09-25 (plan: Mon 09-30), or not at all
    _case("2019-26", registered_on=D(2019, 9, 2), assigned_on=D(2019, 9, 25), acceptance_served_on=D(2019, 9, 28)),
    _case("2019-27", registered_on=D(2019, 9, 2)),
    # the petitioner's name or address unclear: no notice deadline (2005 art. 22(2), 2022 art. 23(2))
    _case("2021-28", petitioner="匿名群众", registered_on=D(2021, 3, 1), accepted_on=D(2021, 3, 5)),
    _case("2019-29", registered_on=D(2019, 9, 2), assigned_on=D(2019, 9, 3), address="住址不详"),
    # nothing dated yet: no deadline, no state
    _case("0000-21"),
    # open cases relative to the real today: 临期 and 办理中
    _case("2099-13", registered_on=_ACCEPTED_DUE_SOON - dt.timedelta(days=2),
          assigned_on=_ACCEPTED_DUE_SOON - dt.timedelta(days=1), accepted_on=_ACCEPTED_DUE_SOON,
          acceptance_served_on=_ACCEPTED_DUE_SOON),
    _case("2099-14", registered_on=TODAY - dt.timedelta(days=3), assigned_on=TODAY - dt.timedelta(days=3),
          accepted_on=TODAY - dt.timedelta(days=2), acceptance_served_on=TODAY - dt.timedelta(days=2)),
]


@pytest.fixture(scope="module")
def computed(tmp_path_factory):
    """The template with CASES and one holiday override, as LibreOffice computed it (one conversion)."""
    folder = tmp_path_factory.mktemp("template")
    source = folder / "台账.xlsx"
    build_workbook(CASES, settings={"holiday_overrides": {OVERRIDE_DAY: False}}).save(source)
    converted = helpers.convert(source, "xlsx", folder / "lo")
    return source, openpyxl.load_workbook(converted, data_only=True)


@pytest.fixture(scope="module")
def template_file(tmp_path_factory):
    """A freshly written empty template (written once for the module)."""
    return write_template(tmp_path_factory.mktemp("fresh") / "模板.xlsx")


@pytest.fixture(scope="module")
def template_book(template_file):
    return openpyxl.load_workbook(template_file)


# -- the committed file -------------------------------------------------------


def test_committed_template_matches_the_builder(template_file):
    committed, built = template_signature(TEMPLATE_PATH), template_signature(template_file)
    stale = [key for key in built if committed.get(key) != built[key]]
    assert not stale, f"ledger_template.xlsx 已过时（{stale}）：请运行 xlkit template --force 重新生成并提交"


# -- reading the template back -------------------------------------------------


def test_template_reads_back_with_every_header_dictionary_and_setting(template_file):
    ledger = read_ledger(template_file)
    assert ledger.sheet == "台账" and ledger.header_row == HEADER_ROW
    assert ledger.present == {c.field for c in COLUMNS}
    assert [ledger.header_address(c.field) for c in COLUMNS[:2]] == ["A2", "B2"]
    assert ledger.unknown_headers == {}
    assert len(ledger) == 0  # formatted, formula-carrying rows are not cases
    assert ledger.dictionaries == DICTIONARIES
    assert ledger.townships == TOWNSHIPS
    assert ledger.settings.values == {s.key: s.default for s in SETTINGS}
    assert ledger.settings.holiday_overrides == {}
    assert ledger.findings == []


def test_settings_and_a_holiday_override_round_trip(tmp_path):
    workbook = build_workbook(settings={"单位名称": "开江县测试办", "due_soon_days": 3})
    sheet = workbook["设置"]
    first, _ = holiday_block_rows({})
    assert sheet.cell(first - 2, 1).value == HOLIDAY_BLOCK_TITLE
    sheet.cell(first, 1, D(2027, 10, 8))  # typed by the office
    sheet.cell(first, 2, "工作日")
    sheet.cell(first + 1, 1, D(2027, 10, 4))
    sheet.cell(first + 1, 2, "休息日")
    path = tmp_path / "设置.xlsx"
    workbook.save(path)
    ledger = read_ledger(path)
    assert ledger.settings.office_name == "开江县测试办"
    assert ledger.settings.due_soon_days == 3
    assert ledger.settings.holiday_overrides == {D(2027, 10, 8): True, D(2027, 10, 4): False}
    assert workbook["台账"]["A1"].value == "开江县测试办信访工作台账"


def test_rows_are_written_as_typed_dates_and_text(tmp_path):
    path = tmp_path / "rows.xlsx"
    build_workbook(CASES).save(path)
    sheet = openpyxl.load_workbook(path)["台账"]
    letters = column_letters()
    first = sheet[f"{letters['id_number']}{FIRST_DATA_ROW}"]
    assert first.value == "51172319900101123X" and first.number_format == "@" and first.data_type == "s"
    phone = sheet[f"{letters['phone']}{FIRST_DATA_ROW + 1}"]
    assert phone.value == "03710000001" and phone.data_type == "s"
    accepted = sheet[f"{letters['accepted_on']}{FIRST_DATA_ROW}"]
    assert accepted.is_date and accepted.number_format == "yyyy-mm-dd"
    ledger = read_ledger(path)
    assert list(ledger.frame["case_id"]) == [c["case_id"] for c in CASES]
    assert ledger.frame.loc[FIRST_DATA_ROW, "id_number"] == "51172319900101123X"
    assert ledger.frame.loc[FIRST_DATA_ROW + 1, "phone"] == "03710000001"


def test_formula_like_text_stays_text():
    sheet = build_workbook([_case("2019-99", demand="=HYPERLINK(\"x\")")])["台账"]
    cell = sheet[f"{column_letters()['demand']}{FIRST_DATA_ROW}"]
    assert cell.data_type == "s"


def test_missing_values_leave_cells_empty_and_unknown_columns_are_refused():
    import pandas as pd

    sheet = build_workbook([_case("2019-98", accepted_on=pd.NaT, people_count=pd.NA, demand=float("nan"),
                                  remarks="", registered_on=pd.Timestamp("2019-01-02"))])["台账"]
    letters = column_letters()
    assert [sheet[f"{letters[f]}{FIRST_DATA_ROW}"].value for f in ("accepted_on", "people_count", "demand",
                                                                  "remarks")] == [None] * 4
    assert sheet[f"{letters['registered_on']}{FIRST_DATA_ROW}"].value == D(2019, 1, 2)
    assert sheet[f"{letters['petitioner']}{FIRST_DATA_ROW}"].value == "信访人98"
    with pytest.raises(KeyError, match="没有"):
        build_workbook([{"no_such_field": 1}])


def test_every_dictionary_column_has_a_dropdown_fed_by_a_defined_name(template_book):
    workbook = template_book
    names = workbook.defined_names
    sheet = workbook["台账"]
    by_range = {str(v.sqref).split(":")[0]: v for v in sheet.data_validations.dataValidation}
    letters = column_letters()
    for column in COLUMNS:
        validation = by_range[f"{letters[column.field]}{FIRST_DATA_ROW}"]
        assert validation.prompt == column.help and validation.showInputMessage
        assert str(validation.sqref).endswith(str(FIRST_DATA_ROW + 1999))
        if column.kind in (Kind.CHOICE, Kind.YESNO):
            assert validation.type == "list"
            assert validation.formula1 == dictionary_name(column.dictionary)
            assert dictionary_name(column.dictionary) in names
            assert "字典" in names[dictionary_name(column.dictionary)].attr_text
        elif column.kind is Kind.DATE:
            assert validation.type == "date" and validation.showErrorMessage and validation.error
    assert "设置_临期提醒天数" in names
    last = FIRST_DATA_ROW + 1999
    assert sheet[f"{letters['accepted_on']}{last}"].number_format == "yyyy-mm-dd"
    assert sheet[f"{letters['id_number']}{last}"].number_format == "@"
    assert sheet[f"{letters[HELPER_HEADERS[0]]}{last}"].value.startswith("=IF")  # IF(… or IFERROR(…
    assert sheet.freeze_panes == f"{letters['petitioner']}{FIRST_DATA_ROW}".replace(
        letters["petitioner"], chr(ord(letters["petitioner"]) + 1))
    headers = [c.value for c in sheet[HEADER_ROW]]
    assert headers == [c.header for c in COLUMNS] + list(HELPER_HEADERS)
    assert sheet.column_dimensions[letters["demand"]].width == BY_FIELD["demand"].width + 1
    assert workbook[MARK_SHEET]["A1"].value == MARK_HEADERS[0]
    rules = [r.formula[0] for rng in sheet.conditional_formatting for r in rng.rules]
    assert any(MARK_SHEET in f and "ADDRESS(ROW(),COLUMN(),4)" in f for f in rules)
    assert any("超期" in f for f in rules) and any("临期" in f for f in rules)


def test_guide_lists_every_column_and_the_kpis(template_book):
    guide = template_book["说明"]
    text = {str(c.value) for row in guide.iter_rows() for c in row if c.value is not None}
    assert {c.header for c in COLUMNS} <= text
    assert {"建档立卡率", "答复率", "按期答复率", "书面送达签字率", "化解率", "参评率", "满意率"} <= text
    assert any("第三十三条" in t for t in text)
    assert {c.code for c in catalogue()} <= text  # the 校验规则 section lists every code


# -- the CLI --------------------------------------------------------------------


def test_init_makes_a_ledger_and_refuses_to_overwrite(tmp_path):
    runner = CliRunner()
    target = tmp_path / "新台账.xlsx"
    result = runner.invoke(cli, ["init", str(target), "--office", "开江县某办"])
    assert result.exit_code == 0, result.output
    assert read_ledger(target).settings.office_name == "开江县某办"
    before = target.read_bytes()
    again = runner.invoke(cli, ["init", str(target)])
    assert again.exit_code == 2 and "已存在" in again.output
    assert target.read_bytes() == before
    forced = runner.invoke(cli, ["init", str(target), "--force"])
    assert forced.exit_code == 0 and read_ledger(target).settings.office_name == SETTINGS[0].default
    wrong = runner.invoke(cli, ["init", str(tmp_path / "台账.xls")])
    assert wrong.exit_code == 2 and ".xlsx" in wrong.output


def test_template_command_writes_the_default_name(tmp_path, monkeypatch):
    runner = CliRunner()
    monkeypatch.chdir(tmp_path)
    assert runner.invoke(cli, ["template"]).exit_code == 0
    assert read_ledger(tmp_path / "ledger_template.xlsx").header_row == HEADER_ROW
    refused = runner.invoke(cli, ["template"])
    assert refused.exit_code == 2 and "--force" in refused.output
    assert runner.invoke(cli, ["template", "--force"]).exit_code == 0


# -- LibreOffice computes the helper columns like xlkit.deadlines.engine ------------------


@pytest.mark.libreoffice
def test_libreoffice_due_dates_equal_the_python_engine(computed):
    source, workbook = computed
    ledger = read_ledger(source)
    assert ledger.settings.holiday_overrides == {OVERRIDE_DAY: False}
    expected = dl.compute(ledger, TODAY)
    sheet = workbook["台账"]
    letters = column_letters()
    for row in ledger.frame.index:
        for stage, name in zip(("notice", "opinion", "analysis"), HELPER_HEADERS, strict=False):
            due = expected.loc[row, f"{stage}_due"]
            got = sheet[f"{letters[name]}{row}"].value
            want = None if due is None or due != due else due.date()
            got = got.date() if isinstance(got, dt.datetime) else (got or None)
            assert got == want, (ledger.frame.loc[row, "case_id"], name, got, want)


def _state(value):
    return value if isinstance(value, str) else None


def _summary(expected, row) -> str:
    """期限状态 as the template states it: the most urgent stage's state (earliest stage on ties)."""
    rank = {None: 0, dl.LAPSED: 0, dl.ON_TIME: 1, dl.DONE: 1, dl.LATE: 2, dl.OPEN: 3, dl.TODO: 4, dl.DUE_SOON: 5,
            dl.OVERDUE: 6}
    scored = [(rank[_state(expected.loc[row, f"{key}_state"])], len(dl.STAGES) - i, stage)
              for i, (stage, key) in enumerate(dl.STAGE_KEYS.items())]
    best, _, stage = max(scored)
    word = ["", dl.ON_TIME, dl.LATE, dl.OPEN, dl.TODO, dl.DUE_SOON, dl.OVERDUE][best]
    return word + (f"（{stage}）" if best >= 3 else "")


@pytest.mark.libreoffice
def test_libreoffice_state_column_equals_the_python_states(computed):
    source, workbook = computed
    ledger = read_ledger(source)
    expected = dl.compute(ledger, TODAY)
    sheet = workbook["台账"]
    state_letter = column_letters()[HELPER_HEADERS[-1]]
    got = {ledger.frame.loc[r, "case_id"]: sheet[f"{state_letter}{r}"].value or "" for r in ledger.frame.index}
    want = {ledger.frame.loc[r, "case_id"]: _summary(expected, r) for r in ledger.frame.index}
    assert got == want
    # the hand-picked cases really cover the states the colours depend on
    assert {"超期（受理告知）", "临期（处理意见）", "办理中（处理意见）", "待办（息访分析）", "超期（上级报结）", ""} <= set(
        got.values())
    assert got["2021-23"] == "逾期完成" and got["2021-25"] == "待办（息访分析）"
    assert got["2019-07"] == "超期（受理告知）"  # 不予受理: its notice is tracked, no handling deadlines
    assert got["2022-20"] == "逾期完成"  # 不予受理 notice served a day late
    # the objection of 2022 art. 23(3): counted in working days, completed by 受理日期 (not the 送达 date)
    assert got["2022-30"] == "超期（受理告知）" and got["2022-31"] == "逾期完成"


@pytest.mark.libreoffice
def test_libreoffice_keeps_dropdowns_names_and_colouring(computed):
    _, workbook = computed
    assert {"字典_乡镇", "日历_顺延", "设置_临期提醒天数", "节假日调整_日期"} <= set(workbook.defined_names)
    sheet = workbook["台账"]
    formulas = {v.formula1 for v in sheet.data_validations.dataValidation}
    assert {"字典_乡镇", "字典_是否", "字典_责任股室"} <= formulas
    rules = [r.formula[0] for rng in sheet.conditional_formatting for r in rng.rules]
    assert any(MARK_SHEET in f for f in rules) and any("超期" in f for f in rules)


@pytest.mark.libreoffice
def test_libreoffice_working_calendar_equals_workcalendar_roll(computed):
    _, workbook = computed
    calendar = WorkCalendar({OVERRIDE_DAY: False})
    rows = list(workbook[CALENDAR_SHEET].iter_rows(min_row=2, values_only=True))
    assert len(rows) == (CALENDAR_END - CALENDAR_START).days + 1
    wrong = []
    for day, _weekday, _kind, working, rolled, _note in rows:
        day = day.date()
        if rolled is None or rolled == "":
            wrong.append((day, None))  # every date up to 2030-12-31 has a working day within the window
            continue
        if rolled.date() != calendar.roll(day)[0] or (working == "是") != calendar.is_working_day(day):
            wrong.append((day, rolled))
    assert wrong == []


def test_dates_and_counts_stand_apart_from_their_neighbours_in_print():
    # right-aligned, a date printed against the name beside it as one word (合并台账: “2020-06-30罗晓燕”)
    from openpyxl.utils import get_column_letter

    from xlkit.schema import COLUMNS, Kind

    ws = build_workbook([{"case_id": "2019-001", "registered_on": dt.date(2019, 9, 3), "registrar": "罗晓燕",
                          "people_count": 1, "township": "广福镇"}])["台账"]
    for index, column in enumerate(COLUMNS, start=1):
        if column.field in ("registered_on", "people_count"):
            assert ws.cell(FIRST_DATA_ROW, index).alignment.horizontal == "center", column.header
        if column.kind in (Kind.DATE, Kind.INT):
            assert ws.column_dimensions[get_column_letter(index)].alignment.horizontal == "center", column.header
