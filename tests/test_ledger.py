"""The reader on messy, real-looking ledger files built here."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
import xlwt
from helpers import write_ledger

from xlkit.read.ledger import LedgerError, parse_date, read_ledger
from xlkit.schema import header

D = dt.date


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("2019.9.3", D(2019, 9, 3)),
        ("2019/09/03", D(2019, 9, 3)),
        ("2019-9-3", D(2019, 9, 3)),
        ("2019年9月3日", D(2019, 9, 3)),
        (" 2019 年 9 月 3 日 ", D(2019, 9, 3)),
        ("２０１９－０９－０３", D(2019, 9, 3)),  # full-width digits and dash
        ("20190903", D(2019, 9, 3)),
        (20190903, D(2019, 9, 3)),
        (43711.0, D(2019, 9, 3)),  # an Excel serial in a cell formatted as a number
        (dt.datetime(2019, 9, 3, 0, 0), D(2019, 9, 3)),
        ("2019-09-03 10:30", D(2019, 9, 3)),
        ("2019年13月3日", None),
        ("九月三日", None),
        ("", None),
    ],
)
def test_dates_in_every_form_clerks_type(typed, expected):
    assert parse_date(typed) == expected


def test_title_rows_merged_cells_reordered_unknown_columns_notes_and_blank_rows(tmp_path):
    path = tmp_path / "台账.xlsx"
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "2019年台账"
    sheet.append(["开江县城乡环境综合治理办公室"])
    sheet.merge_cells("A1:H1")
    sheet.append(["信访工作台账（2019年）"])
    sheet.merge_cells("A2:H2")
    # full-width parentheses, spaces, an alias (编号, 信访日期, 承办单位) and an unknown column
    sheet.append(["序号", " 编 号 ", "信访人", "信访日期", "承办单位", "村（社区）", "领导批示", "涉及人数"])
    sheet.append([1, "2019-001", " 张三 ", "2019.9.3", "市容股", "红花村", "已阅", "３"])
    sheet.append([None] * 8)
    sheet.append([2, "2019-002", "李四", 43712, "环卫股 ", None, None, 2])
    sheet.append([3, "2019-003", "王五", "2019年9月5日", "村镇股", None, None, None])
    sheet.append([])
    sheet.append([None, "注：本表由综合股每月更新，每件一行。"])
    sheet.append(["合计", 3])  # only the unknown 序号 column and a number: not a case, nothing to say
    workbook.save(path)

    ledger = read_ledger(path)

    assert ledger.sheet == "2019年台账"
    assert ledger.header_row == 3
    assert list(ledger.frame.index) == [4, 6, 7]
    frame = ledger.frame
    assert list(frame["case_id"]) == ["2019-001", "2019-002", "2019-003"]
    assert list(frame["petitioner"]) == ["张三", "李四", "王五"]
    assert [d.date() for d in frame["registered_on"]] == [D(2019, 9, 3), D(2019, 9, 4), D(2019, 9, 5)]
    assert list(frame["unit"]) == ["市容股", "环卫股", "村镇股"]
    assert frame["people_count"].iloc[0] == 3
    assert frame["village"].iloc[0] == "红花村"
    assert ledger.address("registered_on", 6) == "D6"
    assert ledger.unknown_headers == {"A3": "序号", "G3": "领导批示"}
    # the note row under the table is not a case and is said to be skipped
    notes = [f for f in ledger.findings if f.code == "R000"]
    assert [(f.cell, f.severity.value) for f in notes] == [("B9", "提示")]


def test_identity_columns_stay_text_and_a_numeric_id_number_is_reported(tmp_path):
    path = write_ledger(tmp_path / "t.xlsx", [
        {"case_id": "03710000001", "petitioner": "张三", "id_number": 511723199001011234.0, "phone": 13812345678},
        {"case_id": "2019-002", "petitioner": "李四", "id_number": "51172319900101123x", "phone": "0818-8221234"},
        {"case_id": "F-extension", "petitioner": "王五", "id_number": " 51172319900101123x ",
         "acceptance_ref": "开城治信受〔2019〕3号"},
    ])
    ledger = read_ledger(path)
    assert ledger.frame["case_id"].iloc[0] == "03710000001"
    assert ledger.frame["phone"].iloc[0] == "13812345678"
    assert ledger.frame["id_number"].iloc[1] == "51172319900101123X"
    assert ledger.frame["id_number"].iloc[2] == "51172319900101123X"
    assert ledger.frame["case_id"].iloc[2] == "F-extension"  # only the ID's check digit is upper-cased
    assert ledger.frame["acceptance_ref"].iloc[2] == "开城治信受〔2019〕3号"
    lost = [f for f in ledger.findings if f.code == "R003"]
    assert len(lost) == 1
    assert lost[0].severity.value == "错误"
    assert lost[0].cell == f"{ledger.address('id_number', 3)}"
    assert lost[0].case_id == "03710000001"


def test_an_unreadable_date_is_an_error_naming_the_cell_and_keeps_the_row(tmp_path):
    path = write_ledger(tmp_path / "t.xlsx", [{"case_id": "1", "petitioner": "甲", "accepted_on": "九月三日"}])
    ledger = read_ledger(path)
    assert len(ledger) == 1
    [finding] = [f for f in ledger.findings if f.code == "R001"]
    assert finding.cell == ledger.address("accepted_on", 3)
    assert finding.column == header("accepted_on")
    assert finding.value == "九月三日"


def test_xls_files_are_read(tmp_path):
    path = tmp_path / "股室.xls"
    book = xlwt.Workbook()
    sheet = book.add_sheet("台账")
    date_style = xlwt.easyxf(num_format_str="yyyy-mm-dd")
    for col, text in enumerate(["案件编号", "信访人", "受理日期", "身份证号"]):
        sheet.write(0, col, text)
    sheet.write(1, 0, "2019-010")
    sheet.write(1, 1, "赵六")
    sheet.write(1, 2, dt.datetime(2019, 9, 20), date_style)
    sheet.write(1, 3, "511723199001011234")
    book.save(str(path))

    ledger = read_ledger(path)

    assert ledger.frame["case_id"].tolist() == ["2019-010"]
    assert ledger.frame["accepted_on"].iloc[0].date() == D(2019, 9, 20)
    assert ledger.frame["id_number"].iloc[0] == "511723199001011234"


def test_dictionary_and_settings_sheets_are_read(tmp_path):
    path = write_ledger(tmp_path / "t.xlsx", [{"case_id": "1", "petitioner": "甲"}])
    workbook = openpyxl.load_workbook(path)
    words = workbook.create_sheet("字典")
    words.append(["责任股室", "乡镇"])
    words.append(["一股", "新宁镇"])
    words.append(["二股", "新乡"])
    settings = workbook.create_sheet("设置")
    settings.append(["单位名称", "某某办公室"])
    settings.append(["临期提醒天数", 3])
    settings.append([])
    settings.append(["节假日调整"])
    settings.append(["日期", "类型", "说明"])
    settings.append([dt.datetime(2027, 1, 1), "休息日", "元旦"])
    settings.append(["2027-02-06", "工作日", "春节调休"])
    workbook.save(path)

    ledger = read_ledger(path)

    assert ledger.dictionaries["责任股室"] == ("一股", "二股")
    assert ledger.dictionaries["问题类别"][0] == "生活垃圾"  # absent lists stay built-in
    assert [t.name for t in ledger.townships] == ["新宁镇", "新乡"]
    assert ledger.settings.office_name == "某某办公室"
    assert ledger.settings.due_soon_days == 3
    assert ledger.settings.holiday_overrides == {D(2027, 1, 1): False, D(2027, 2, 6): True}


def test_a_ledger_without_a_petitioner_column_is_read_with_one_note(tmp_path):
    path = write_ledger(tmp_path / "缺列.xlsx", [{"案件编号": "1", "登记日期": "2019-9-3"}],
                        headers=["案件编号", "登记日期", "诉求内容"])
    ledger = read_ledger(path)
    assert len(ledger) == 1 and not ledger.has("petitioner")
    assert [f.code for f in ledger.findings] == ["R010"]


def test_a_sheet_without_a_recognisable_header_is_a_chinese_error_naming_the_near_misses(tmp_path):
    path = write_ledger(tmp_path / "缺列.xlsx", [{"举报人姓氏": "张", "收到的日子": "2019-9-3"}],
                        headers=["举报人姓氏", "收到的日子", "杂项"])
    with pytest.raises(LedgerError) as raised:
        read_ledger(path)
    message = str(raised.value)
    assert "缺列.xlsx" in message and "台账" in message and "第2行" in message
    assert "A2的“举报人姓氏”像是“信访人”" in message, message


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("台账.xlsx", b"this is not a spreadsheet", "不是 Excel 文件"),
        ("台账.xlsx", b"", "空文件"),
        ("加密.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "EncryptedPackage".encode("utf-16-le") + b"\0" * 600,
         "密码"),
        ("坏.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "无法作为 Excel 文件打开"),
        ("坏.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "无法作为 Excel 文件打开"),
        ("~$台账.xlsx", b"lock", "临时锁定文件"),
    ],
)
def test_files_that_are_not_ledgers_get_a_clear_message(tmp_path, name, content, words):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(LedgerError) as raised:
        read_ledger(path)
    assert words in str(raised.value)
    assert name in str(raised.value)


def test_a_missing_file(tmp_path):
    with pytest.raises(LedgerError, match="找不到文件"):
        read_ledger(tmp_path / "没有.xlsx")


def test_a_workbook_without_any_ledger_sheet(tmp_path):
    path = tmp_path / "other.xlsx"
    workbook = openpyxl.Workbook()
    workbook.active.append(["姓名表", "年龄"])
    workbook.save(path)
    with pytest.raises(LedgerError, match="找不到"):
        read_ledger(Path(path))


def test_pre_numbered_empty_rows_are_not_cases(tmp_path):
    path = write_ledger(tmp_path / "t.xlsx", [
        {"case_id": "2019-001", "petitioner": "甲"},
        {"case_id": "2019-002"},
        {"case_id": "2019-003"},
    ])
    ledger = read_ledger(path)
    assert ledger.frame["case_id"].tolist() == ["2019-001"]
    assert not [f for f in ledger.findings if f.code == "R000"]


def test_merged_data_cells_and_a_two_row_merged_header(tmp_path):
    path = tmp_path / "合并.xlsx"
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "台账"
    sheet.append(["案件编号", "信访人", "登记", None])
    sheet.append([None, None, "登记日期", "登记人"])
    sheet.merge_cells("A1:A2")
    sheet.merge_cells("B1:B2")
    sheet.merge_cells("C1:D1")
    sheet.append(["2019-001", "张三", "2019-9-3", "刘某"])
    sheet.append(["2019-002", "李四", "2019-9-4", None])
    sheet.append(["2019-003", "王五", "2019-9-5", None])
    sheet.merge_cells("D3:D5")  # one 登记人 for three cases
    workbook.save(path)
    ledger = read_ledger(path)
    assert ledger.header_row == 2
    assert ledger.frame["case_id"].tolist() == ["2019-001", "2019-002", "2019-003"]
    assert ledger.frame["registrar"].tolist() == ["刘某"] * 3


def test_a_repeated_header_is_a_warning_not_an_unknown_column(tmp_path):
    path = write_ledger(tmp_path / "t.xlsx", [{"案件编号": "1", "信访人": "甲", "受理日期": "2019-9-20"}],
                        headers=["案件编号", "信访人", "受理日期", "处理意见出具日期", "受理日期"])
    ledger = read_ledger(path)
    [repeated] = [f for f in ledger.findings if f.code == "R006"]
    assert repeated.cell == "E2" and "C2" in repeated.message and repeated.severity.value == "警告"
    assert ledger.unknown_headers == {}


def test_a_row_with_only_the_petitioner_is_a_case(tmp_path):
    path = write_ledger(tmp_path / "t.xlsx", [{"case_id": "1", "petitioner": "甲"}, {"petitioner": "张三"}])
    assert read_ledger(path).frame["petitioner"].tolist() == ["甲", "张三"]


@pytest.mark.parametrize("typed", [dt.datetime(2919, 9, 3), "9999-12-31", 9.3, "1900-01-08"])
def test_implausible_dates_are_errors_not_other_dates(tmp_path, typed):
    path = write_ledger(tmp_path / "t.xlsx", [{"case_id": "1", "petitioner": "甲", "accepted_on": typed}])
    ledger = read_ledger(path)
    assert ledger.frame["accepted_on"].isna().all()
    assert [f.code for f in ledger.findings] == ["R001"]


def test_phones_keep_one_space_and_a_15_digit_id_number_is_whole(tmp_path):
    path = write_ledger(tmp_path / "t.xlsx", [{"case_id": "1", "petitioner": "甲", "phone": " 13812345678  13912345678",
                                               "id_number": 511723900101123.0}])
    ledger = read_ledger(path)
    assert ledger.frame["phone"].iloc[0] == "13812345678 13912345678"
    assert ledger.frame["id_number"].iloc[0] == "511723900101123"
    assert not [f for f in ledger.findings if f.code == "R003"]


def test_an_xls_renamed_to_xlsx_is_read(tmp_path):
    source = tmp_path / "旧.xls"
    book = xlwt.Workbook()
    sheet = book.add_sheet("台账")
    for col, text in enumerate(["案件编号", "信访人"]):
        sheet.write(0, col, text)
    sheet.write(1, 0, "2019-010")
    sheet.write(1, 1, "赵六")
    book.save(str(source))
    renamed = source.rename(tmp_path / "旧.xlsx")
    assert read_ledger(renamed).frame["case_id"].tolist() == ["2019-010"]


def test_report_month_and_quarter_typed_into_general_cells_become_dates_in_excel(tmp_path):
    path = write_ledger(tmp_path / "t.xlsx", [{"case_id": "1", "petitioner": "甲"}])
    workbook = openpyxl.load_workbook(path)
    settings = workbook.create_sheet("设置")
    settings.append(["统计月份", dt.datetime(2019, 9, 1)])
    settings.append(["统计季度", dt.datetime(2019, 7, 1)])
    workbook.save(path)
    ledger = read_ledger(path)
    assert (ledger.settings.report_month, ledger.settings.report_quarter) == ("2019-09", "2019Q3")


def test_cells_filled_per_row_are_exact_where_a_row_may_not_be_a_case():
    # the reader counts each row's true cells column by column, and stops early once few rows are in doubt
    # (issue 15): wherever the count decides (0, 1–4, more) it must equal the plain count of every column
    import random

    import numpy as np

    from xlkit.read.ledger import _true_counts

    randomness = random.Random(15)
    for trial in range(200):
        width = randomness.randint(1, 40)
        count = randomness.choice([1, 3, 50, 400, 2000])
        sparse = randomness.random()
        body = [[randomness.choice(["", "甲", 0, None, 3, " "]) if randomness.random() < sparse else "值"
                 for _ in range(width)] for _ in range(count)]
        known = sorted(randomness.sample(range(width), randomness.randint(1, width)))
        columns = list(zip(*body, strict=True))
        got = _true_counts(columns, body, known, count)
        plain = np.array([sum(1 for c in known if row[c]) for row in body])
        assert (np.minimum(got, 5) == np.minimum(plain, 5)).all(), trial
        assert (got[plain <= 4] == plain[plain <= 4]).all(), trial


def test_counts_and_choices_read_once_per_value_keep_a_true_apart_from_a_one():
    # a count or a choice is converted once for each distinct value (issue 15); TRUE, 1 and 1.0 are one key in
    # Python, so a column holding a TRUE beside numbers is read cell by cell: the TRUE is no count (R002) and
    # reads 是 as a choice, the 1 stays 1
    from xlkit.read.ledger import ledger_from_rows

    rows = [["案件编号", "信访人", "登记日期", "涉及人数", "信访形式"],
            ["2019-001", "张三", "2019-09-03", 1, True],
            ["2019-002", "李四", "2019-09-04", True, 1],
            ["2019-003", "王五", "2019-09-05", 1.0, "来信"],
            ["2019-004", "赵六", "2019-09-06", "3", " 来 访 "],
            ["2019-005", "钱七", "2019-09-07", 2_000_000, "来信"],
            ["2019-006", "孙八", "2019-09-08", "若干", ""]]
    ledger = ledger_from_rows("台账.xlsx", "台账", rows)
    assert ledger.frame["people_count"].tolist()[:4] == [1, pd.NA, 1, 3]
    assert ledger.frame["people_count"].isna().tolist() == [False, True, False, False, True, True]
    assert ledger.frame["form"].tolist()[:5] == ["是", "1", "来信", "来访", "来信"]
    by_cell = {(f.code, f.where.split("!")[-1]) for f in ledger.findings if f.code in ("R002", "R022")}
    assert by_cell == {("R002", "D3"), ("R022", "D6"), ("R002", "D7")}
    # the TRUE is named as Excel and WPS show it (a clerk's trial: 现为“True”)
    logical = next(f for f in ledger.findings if f.code == "R002" and f.where.endswith("D3"))
    assert "现为“TRUE”" in logical.message and logical.value == "TRUE"
