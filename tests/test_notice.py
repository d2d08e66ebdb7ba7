"""Reading the State Council's 放假安排 notices, checked day by day against chinesecalendar's tables.

The texts in tests/notices/ are the published notices as a clerk copies them from the government
website (titles, addressees, numbered items, closing paragraph, signature), for 2006 (the notice the
calendar's correction cites), 2008, 2009, 2012, 2015, 2019 with its 劳动节 adjustment, 2020 with its
Spring Festival extension, 2023, 2024, 2025 and 2026; for 2010, 2011, 2013, 2014, 2016–2018, 2021 and 2022
the title and numbered items only.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from xlkit.cli import cli
from xlkit.deadlines.calendar import WorkCalendar
from xlkit.deadlines.notice import NoticeError, parse_notice, read_notice_file, read_schedule

D = dt.date
NOTICES = Path(__file__).parent / "notices"

#: chinesecalendar's festival names → the names the notices use
PACKAGE_NAMES = {"New Year's Day": "元旦", "Spring Festival": "春节", "Tomb-sweeping Day": "清明节",
                 "Labour Day": "劳动节", "Dragon Boat Festival": "端午节", "Mid-autumn Festival": "中秋节",
                 "National Day": "国庆节"}

YEARS = [
    # files, in the order given (a later notice changes an earlier one)
    ("2006",),
    ("2008",),
    ("2009",),  # items 一–五 (the copy found ends there): 其中…新年/农历清明当日, titles without a colon
    ("2010",), ("2011",),  # 2010–2011, 2013–2014, 2016–2018, 2021–2022: title and numbered items only
    ("2012",),
    ("2013",), ("2014",),
    ("2015",),
    ("2016",), ("2017",), ("2018",),
    ("2019", "2019-劳动节调整"),
    ("2020", "2020-春节延长"),
    ("2021",), ("2022",),
    ("2023",),
    ("2024",),
    ("2025",),
    ("2026",),
]


def _paths(*names: str) -> list[Path]:
    return [NOTICES / f"{name}.txt" for name in names]


def _text(name: str) -> str:
    return (NOTICES / f"{name}.txt").read_text(encoding="utf-8")


def _kinds(schedule) -> dict[dt.date, str]:
    return {d.day: d.kind for d in schedule.days}


@pytest.mark.parametrize("files", YEARS, ids=lambda f: "+".join(f))
def test_notices_agree_with_chinesecalendar_day_by_day(files):
    from chinese_calendar import constants

    schedule = read_schedule(_paths(*files))
    calendar = WorkCalendar()  # chinesecalendar's tables with the cited corrections
    by_name: dict[str, list] = {}
    for day in schedule.days:
        by_name.setdefault(day.name, []).append(day)
    assert len(by_name) >= 4
    listed = {d.day: d.working for d in schedule.days}
    for name, days in by_name.items():
        first, last = min(d.day for d in days), max(d.day for d in days)
        # every day from the festival's first to its last arranged day: off, 调休 working, or a plain day
        # (2026's 国庆节 runs from Sun 09-20 to Sat 10-10, around the 中秋节 holiday 09-25…27)
        for offset in range((last - first).days + 1):
            day = first + dt.timedelta(days=offset)
            expected = listed.get(day, day.weekday() < 5)
            assert calendar.is_working_day(day) == expected, (name, day)
        # a weekday off or a working weekend is the same festival in the package's table
        for day, working in ((d.day, d.working) for d in days):
            if working != (day.weekday() < 5):
                package = constants.workdays.get(day) if working else constants.holidays.get(day)
                assert package is None or PACKAGE_NAMES[package] in name.split("、"), (day, name, package)


def test_the_2006_notice_decides_the_calendar_correction():
    from chinese_calendar import constants

    schedule = read_schedule(_paths("2006"))
    assert _kinds(schedule)[D(2005, 12, 31)] == "工作日"  # Saturday: 12月31日（星期六）上班
    assert D(2005, 12, 31) not in constants.workdays  # what chinesecalendar 1.11 lacks (its issue #125)
    assert WorkCalendar().is_working_day(D(2005, 12, 31))


def test_2020_spring_festival_extension_cancels_the_working_saturday():
    before = read_schedule(_paths("2020"))
    after = read_schedule(_paths("2020", "2020-春节延长"))
    assert _kinds(before)[D(2020, 2, 1)] == "工作日"  # Saturday, 调休 in the November notice
    kinds = _kinds(after)
    assert [kinds[D(2020, 1, 24) + dt.timedelta(days=i)] for i in range(10)] == ["休息日"] * 10  # Fri 01-24 … Sun 02-02
    assert D(2020, 2, 3) not in kinds  # Monday: 2月3日（星期一）起正常上班
    assert kinds[D(2020, 1, 19)] == "工作日"  # Sunday, still worked
    rows = {day: (kind, note) for day, kind, note in after.settings_table()}
    assert rows[D(2020, 2, 1)] == ("休息日", "春节放假（后发通知调整）")  # a Saturday, listed because it changed
    assert rows[D(2020, 1, 31)] == ("休息日", "春节放假")  # Friday
    assert D(2020, 2, 2) not in rows  # a Sunday off, as always


def test_2019_labour_day_adjustment_replaces_the_first_arrangement():
    first = read_schedule(_paths("2019"))
    assert [d.day for d in first.days if d.name == "劳动节"] == [D(2019, 5, 1)]  # Wednesday only
    adjusted = read_schedule(_paths("2019", "2019-劳动节调整"))
    labour = {d.day: d.kind for d in adjusted.days if d.name == "劳动节"}
    assert labour == {D(2019, 4, 28): "工作日", D(2019, 5, 1): "休息日", D(2019, 5, 2): "休息日",
                      D(2019, 5, 3): "休息日", D(2019, 5, 4): "休息日", D(2019, 5, 5): "工作日"}


def test_an_extension_without_the_notice_it_extends_is_refused():
    with pytest.raises(NoticeError, match="原来的放假安排"):
        read_schedule(_paths("2020-春节延长"))


def test_year_only_in_the_title_and_cross_year_new_year():
    schedule = read_schedule(_paths("2015"))
    assert _kinds(schedule)[D(2015, 1, 4)] == "工作日"  # 1月4日（星期日）上班, year from the title
    notice = parse_notice("一、元旦：12月31日至1月2日放假调休，共3天。\n二、春节：1月21日至27日放假调休，共7天。", year=2023)
    assert sorted(d for a in notice.arrangements for d in a.off)[:3] == [D(2022, 12, 31), D(2023, 1, 1), D(2023, 1, 2)]


def test_year_written_in_the_lines_when_the_title_is_missing():
    body = _text("2023").split("通知如下。", 1)[1]  # only the numbered items, as a clerk may copy them
    notice = parse_notice(body)
    assert notice.year == 2023
    assert D(2022, 12, 31) in notice.arrangements[0].off


def test_no_year_anywhere_asks_for_it():
    body = _text("2015").split("通知如下。", 1)[1]
    with pytest.raises(NoticeError, match="--year"):
        parse_notice(body)
    assert parse_notice(body, year=2015).year == 2015
    with pytest.raises(NoticeError, match="星期日.*星期"):  # 1月4日（星期日） is a Monday in 2016
        parse_notice(body, year=2016)


@pytest.mark.parametrize("variant", [
    lambda t: t.translate(str.maketrans("（），：；。", "(),:;.")).replace(".", "。"),  # half-width punctuation
    lambda t: t.replace("星期", "周"),
    lambda t: t.replace("至", "—"),
    lambda t: "".join(t.splitlines()),  # pasted as one paragraph
    lambda t: t.replace("\n", "\n\n　　"),  # blank lines and full-width indents from the web page
])
def test_wordings_read_alike(variant):
    expected = read_schedule(_paths("2012")).as_json()
    assert _schedule_of(variant(_text("2012"))).as_json() == expected


def _schedule_of(text: str, year: int | None = None):
    from xlkit.deadlines.notice import combine

    return combine([parse_notice(text, "通知", year)])


def test_two_festivals_on_one_line_share_one_name():
    kinds = {d.day: d.name for d in read_schedule(_paths("2023")).days}
    assert kinds[D(2023, 9, 29)] == kinds[D(2023, 10, 8)] == "中秋节、国庆节"


def test_2024_new_years_eve_advice_is_not_a_holiday():
    schedule = read_schedule(_paths("2024"))
    assert D(2024, 2, 9) not in _kinds(schedule)  # Friday: 鼓励…安排职工在除夕（2月9日）休息
    assert any("倡议" in note for note in schedule.notices[0].notes)


@pytest.mark.parametrize(("old", "new", "quoted"), [
    ("共8天。9月28日", "共7天。9月28日", "共7天"),  # 共N天 checked against the range
    ("9月28日（周日）、10月11日（周六）上班", "9月28日（周日）、10月11日（周六）可能上班", "可能上班"),  # unknown wording
    ("4月27日（周日）上班", "4月27日（周六）上班", "4月27日"),  # weekday does not match
    ("4月27日（周日）上班", "4月28日（周一）上班", "本来就上班"),  # a weekday is no 调休 working day
    ("一、元旦：1月1日（周三）放假1天，不调休。", "一、元旦：1月1日（周三）放假1天，不调休。12月28日（周日）上班。", "不调休"),
])
def test_text_it_cannot_account_for_is_refused_with_the_line_quoted(old, new, quoted):
    text = _text("2025")
    assert old in text
    with pytest.raises(NoticeError) as error:
        parse_notice(text.replace(old, new, 1), "2025.txt")
    assert quoted in str(error.value) and "2025.txt" in str(error.value)


def test_older_wording_contradictions_are_refused():
    text = _text("2008").replace("其中：4月4日（清明节），为法定节假日", "其中：4月7日（星期一），为法定节假日")
    with pytest.raises(NoticeError, match="不在放假日期内"):
        parse_notice(text)


def test_a_dated_line_after_the_notice_is_refused():
    text = _text("2012") + "\n2012年端午节放假安排：6月23日至25日放假公休，共3天。\n"
    with pytest.raises(NoticeError, match="不属于任何一条放假安排") as error:
        parse_notice(text)
    assert "6月23日至25日" in str(error.value)


def test_gbk_file_from_notepad(tmp_path):
    path = tmp_path / "放假通知.txt"
    path.write_bytes(_text("2025").encode("gb18030"))
    [notice] = read_notice_file(path)
    assert notice.year == 2025 and notice.issued == D(2024, 11, 12)


def test_settings_rows_list_only_what_differs_from_a_plain_week():
    rows = read_schedule(_paths("2026")).settings_table()
    assert rows[:3] == [
        (D(2026, 1, 1), "休息日", "元旦放假"),  # Thursday
        (D(2026, 1, 2), "休息日", "元旦放假"),  # Friday (Sat 01-03 is off anyway)
        (D(2026, 1, 4), "工作日", "元旦调休上班"),  # Sunday
    ]
    assert all((kind == "工作日") == (day.weekday() >= 5) for day, kind, _ in rows)


# ---------------------------------------------------------------------------
# xlkit holidays


def test_cli_json_lists_every_day():
    result = CliRunner().invoke(cli, ["holidays", *map(str, _paths("2020", "2020-春节延长")), "--json"])
    assert result.exit_code == 0, result.output
    days = json.loads(result.output)["days"]
    assert {"date": "2020-02-01", "type": "休息日", "name": "春节"} in days
    assert {"date": "2020-01-19", "type": "工作日", "name": "春节"} in days
    assert [d["date"] for d in days] == sorted(d["date"] for d in days)


def test_cli_writes_rows_ready_to_paste(tmp_path):
    out = tmp_path / "节假日调整.xlsx"
    result = CliRunner().invoke(cli, ["holidays", str(NOTICES / "2026.txt"), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "春节：2026年2月15日（周日）至2月23日（周一）放假，共9天" in result.output
    sheet = openpyxl.load_workbook(out)["节假日调整"]
    rows = [r[:3] for r in sheet.iter_rows(values_only=True)]
    assert rows[0] == ("日期", "类型", "说明")
    assert rows[1] == (dt.datetime(2026, 1, 1), "休息日", "元旦放假")
    assert len([r for r in rows[1:] if r[0]]) == len(read_schedule([NOTICES / "2026.txt"]).settings_rows())
    again = CliRunner().invoke(cli, ["holidays", str(NOTICES / "2026.txt"), "-o", str(out)])
    assert again.exit_code == 2 and "--force" in again.output


def test_cli_refuses_with_the_line_and_exit_2(tmp_path):
    path = tmp_path / "通知.txt"
    path.write_text(_text("2025").replace("共8天", "共7天"), encoding="utf-8")
    result = CliRunner().invoke(cli, ["holidays", str(path)])
    assert result.exit_code == 2
    assert "共7天" in result.output and "Traceback" not in result.output
    missing = CliRunner().invoke(cli, ["holidays", str(tmp_path / "没有.txt")])
    assert missing.exit_code == 2 and "找不到文件" in missing.output


def test_later_notice_wins_by_its_date_and_one_file_may_hold_both(tmp_path):
    both = tmp_path / "2020年两份通知.txt"
    both.write_text(_text("2020-春节延长") + "\n\n" + _text("2020"), encoding="utf-8")  # the later one first
    schedule = read_schedule([both])
    assert [n.issued for n in schedule.notices] == [D(2019, 11, 21), D(2020, 1, 26)]
    assert _kinds(schedule)[D(2020, 2, 1)] == "休息日"
