"""The 节假日调整 button, driven through xlwings' remote engine on a template-made ledger.

It reads the notices a clerk pasted into a 放假通知 sheet (or .txt files beside the ledger) and writes
their days into 设置 → 节假日调整, the one range of 设置 the tool owns: nothing else may change.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import openpyxl
import pytest
import xlwings_payload as xp

from xlkit.deadlines.notice import read_schedule
from xlkit.excel import buttons
from xlkit.read.ledger import read_ledger

D = dt.date
NOTICES = Path(__file__).parent / "notices"
TEMPLATE = Path(__file__).parents[1] / "ledger_template.xlsx"


@pytest.fixture(autouse=True)
def _licence(monkeypatch):
    monkeypatch.setenv("XLWINGS_LICENSE_KEY", "noncommercial")


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> Path:
    """The template's workbook, lighter: its 设置 sheet and defined names as built, 工作日历 and the
    pre-formatted 台账 rows dropped (they make every openpyxl load and save take seconds)."""
    workbook = openpyxl.load_workbook(TEMPLATE)
    del workbook["工作日历"]
    workbook["台账"].delete_rows(20, workbook["台账"].max_row)
    path = tmp_path_factory.mktemp("base") / "台账.xlsx"
    workbook.save(path)
    return path


def _ledger(base: Path, folder: Path, notice_texts: list[str] | None = None, office_rows=()) -> Path:
    path = folder / "台账.xlsx"
    shutil.copy(base, path)
    workbook = openpyxl.load_workbook(path)
    settings = workbook["设置"]
    first, _ = _block(workbook)
    for offset, (day, kind, note) in enumerate(office_rows):
        settings.cell(first + offset, 1, day)
        settings.cell(first + offset, 2, kind)
        settings.cell(first + offset, 3, note)
    if notice_texts is not None:
        sheet = workbook.create_sheet("放假通知")
        for line in "\n".join(notice_texts).splitlines():
            sheet.append([line or None])
    workbook.save(path)
    return path


def _block(workbook) -> tuple[int, int]:
    [(sheet, address)] = list(workbook.defined_names["节假日调整_日期"].destinations)
    assert sheet == "设置"
    first, last = (int("".join(c for c in part if c.isdigit())) for part in address.split(":"))
    return first, last


def _click(source: Path, out: Path):
    book = xp.open_payload(xp.payload_from_xlsx(source, name=str(source)))
    result = buttons.holidays(book, D(2026, 12, 1))
    return result, xp.replay(book.json()["actions"], source, out)


def _values(path: Path, sheet: str) -> list[tuple]:
    return [tuple(row) for row in openpyxl.load_workbook(path)[sheet].iter_rows(values_only=True)]


def test_button_writes_the_notices_into_the_settings_block_only(base, tmp_path):
    texts = [(NOTICES / f"{n}.txt").read_text(encoding="utf-8") for n in ("2020", "2020-春节延长")]
    source = _ledger(base, tmp_path, texts, office_rows=[(D(2020, 2, 1), "工作日", "按原通知补录"),
                                                   (D(2019, 11, 19), "休息日", "县里临时调整")])
    update, replayed = _click(source, tmp_path / "after.xlsx")
    expected = read_schedule([NOTICES / "2020.txt", NOTICES / "2020-春节延长.txt"]).settings_table()
    assert update.updated == [D(2020, 2, 1)] and len(update.added) == len(expected) - 1

    before, after = openpyxl.load_workbook(source), replayed.workbook()
    first, last = _block(after)
    # every other cell of every sheet is as it was
    for name in before.sheetnames:
        for row in before[name].iter_rows():
            for cell in row:
                inside = name == "设置" and first <= cell.row <= last and cell.column <= 3
                if not inside:
                    assert after[name][cell.coordinate].value == cell.value, (name, cell.coordinate)
    assert after.sheetnames == before.sheetnames
    # the block, read back as xlkit reads it: the office's own day kept, the cancelled 调休 corrected
    ledger = read_ledger(replayed.path)
    overrides = ledger.settings.holiday_overrides
    assert overrides[D(2019, 11, 19)] is False
    assert overrides[D(2020, 2, 1)] is False  # Saturday: the extension cancelled the working day
    assert overrides[D(2020, 1, 19)] is True  # Sunday worked
    assert {d: (k == "工作日") for d, k, _ in expected}.items() <= overrides.items()
    rows = {r[0]: r[1:3] for r in _values(replayed.path, "设置")[first - 1:last] if r[0]}
    assert rows[dt.datetime(2020, 1, 31)] == ("休息日", "春节放假")
    assert "新增" in replayed.alerts[-1]["prompt"] and "2020 年" in replayed.alerts[-1]["prompt"]


def test_clicking_twice_changes_nothing(base, tmp_path):
    source = _ledger(base, tmp_path, [(NOTICES / "2026.txt").read_text(encoding="utf-8")])
    _, once = _click(source, tmp_path / "once.xlsx")
    update, twice = _click(once.path, tmp_path / "twice.xlsx")
    assert update.writes == {} and update.unchanged
    assert _values(once.path, "设置") == _values(twice.path, "设置")
    assert "无需改动" in twice.alerts[-1]["prompt"]


def test_notice_files_beside_the_ledger(base, tmp_path):
    source = _ledger(base, tmp_path)
    shutil.copy(NOTICES / "2019.txt", tmp_path / "2019年放假通知.txt")
    shutil.copy(NOTICES / "2019-劳动节调整.txt", tmp_path / "2019年放假通知-劳动节调整.txt")
    (tmp_path / "备忘.txt").write_text("不是通知", encoding="utf-8")
    _, replayed = _click(source, tmp_path / "after.xlsx")
    overrides = read_ledger(replayed.path).settings.holiday_overrides
    assert overrides[D(2019, 5, 2)] is False and overrides[D(2019, 5, 5)] is True


def test_a_notice_it_cannot_read_is_refused_and_nothing_is_written(base, tmp_path):
    text = (NOTICES / "2025.txt").read_text(encoding="utf-8").replace("共8天", "共7天")
    source = _ledger(base, tmp_path, [text])
    update, replayed = _click(source, tmp_path / "after.xlsx")
    assert update is None
    assert _values(replayed.path, "设置") == _values(source, "设置")
    assert "共7天" in replayed.alerts[-1]["prompt"] and replayed.alerts[-1]["mode"] == "critical"


def test_a_full_block_asks_for_rows_instead_of_writing_past_it(base, tmp_path):
    first, last = _block(openpyxl.load_workbook(base))
    office = [(D(2030, 1, 1) + dt.timedelta(days=i), "休息日", "县里") for i in range(last - first - 3)]
    source = _ledger(base, tmp_path, [(NOTICES / "2026.txt").read_text(encoding="utf-8")], office_rows=office)
    update, replayed = _click(source, tmp_path / "after.xlsx")
    assert update is None and "插入" in replayed.alerts[-1]["prompt"]
    assert _values(replayed.path, "设置") == _values(source, "设置")


def test_no_notice_explains_where_to_put_it(base, tmp_path):
    source = _ledger(base, tmp_path)
    update, replayed = _click(source, tmp_path / "after.xlsx")
    assert update is None and "放假通知" in replayed.alerts[-1]["prompt"]
