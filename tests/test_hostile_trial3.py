"""Third hostile trial: registers and files not seen before, built as real workbooks.

Each test is one class of failure found by building the file and running the commands on it: the columns a
real register heads its own way (an online-petition export, a 矛盾纠纷 ledger's 当事人身份证号, an acceptance and
handling ledger's 告知时间), an Excel table's totals row, and more below.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest
from real_shapes import id_number

from xlkit.check.run import check_ledger
from xlkit.findings import Severity
from xlkit.read.headers import lookup
from xlkit.read.ledger import read_ledger

D = dt.date


def _book(path: Path, headers: list, *rows: list, title: str = "Sheet1") -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = title
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def _read_as(ledger) -> dict[str, str]:
    return {info.field: info.cell for info in ledger.columns if info.read}


def test_an_online_petition_export_is_read_with_its_dates_and_satisfaction(tmp_path):
    path = _book(tmp_path / "网上信访.xlsx",
                 ["信访编号", "提交时间", "诉求人", "手机号", "标题", "信访内容", "所属街镇", "办理单位", "答复时间",
                  "答复内容", "满意度评价结果", "评价时间"],
                 ["WX201909030001", "2019-09-03 09:00", "张三", "13800001111", "污水", "门前污水横流", "新宁镇",
                  "村镇股", "2019-10-20", "已疏通", "满意", "2019-10-25"])
    ledger = read_ledger(path)
    read_as = _read_as(ledger)
    assert read_as["registered_on"] == "B1" and read_as["township"] == "G1"
    assert read_as["satisfaction"] == "K1" and read_as["evaluated_on"] == "L1"
    _, record = next(ledger.records())
    assert record["registered_on"] == D(2019, 9, 3) and record["evaluated_on"] == D(2019, 10, 25)
    assert record["satisfaction"] == "满意" and record["township"] == "新宁镇"


def test_a_disputes_ledger_reads_the_parties_id_number_and_whether_it_was_settled(tmp_path):
    number = id_number("51172319800101123")
    path = _book(tmp_path / "矛盾纠纷排查台账.xlsx",
                 ["编号", "排查日期", "纠纷当事人", "当事人身份证号", "联系方式", "纠纷类别", "纠纷基本情况",
                  "调处结果", "是否化解"],
                 ["MD-001", "2019.9.3", "张三", number, "13800001111", "其他", "宅基地边界争议", "达成调解协议", "是"])
    ledger = read_ledger(path)
    read_as = _read_as(ledger)
    assert read_as["id_number"] == "D1" and read_as["demand"] == "G1" and read_as["settled"] == "I1"
    _, record = next(ledger.records())
    assert record["id_number"] == number and record["settled"] == "是" and record["demand"] == "宅基地边界争议"


def test_an_acceptance_ledgers_notice_and_a_letters_register_summary_are_read(tmp_path):
    path = _book(tmp_path / "受理办理台账.xlsx",
                 ["信访事项编号", "登记时间", "信访人姓名", "属地", "来信来访", "来信内容摘要", "交办领导",
                  "受理时间", "告知时间", "答复时间", "回复情况"],
                 ["2019-001", "2019-09-03", "张三", "普安镇", "来信", "垃圾池破损", "王主任", "2019-09-05",
                  "2019-09-06", "2019-10-20", "已修复"])
    ledger = read_ledger(path)
    assert {f: c for f, c in _read_as(ledger).items() if f in (
        "township", "form", "demand", "assigner", "acceptance_served_on", "result")} == {
        "township": "D1", "form": "E1", "demand": "F1", "assigner": "G1", "acceptance_served_on": "I1",
        "result": "K1"}


@pytest.mark.parametrize(("header", "column"), [
    ("当事人身份证号", "身份证号"), ("举报人身份证号码", "身份证号"), ("反映人联系电话", "联系电话"),
    ("投诉人联系方式", "联系电话"), ("来访人住址", "住址"), ("申请人（甲方）地址", "住址"),
])
def test_the_petitioners_details_are_read_whatever_the_register_calls_the_petitioner(header, column):
    assert lookup(header).column.header == column


@pytest.mark.parametrize("header", ["被反映人身份证号", "承办人电话", "当事人人数", "信访人签字"])
def test_someone_elses_details_or_other_words_after_the_petitioner_are_not_read_as_the_petitioners(header):
    assert lookup(header) is None


def test_the_petitioners_id_column_in_a_register_is_checked(tmp_path):
    """A wrong check digit under 当事人身份证号 is now said (before, the column was left unread)."""
    wrong = id_number("51172319800101123")[:-1] + ("0" if id_number("51172319800101123")[-1] != "0" else "1")
    path = _book(tmp_path / "登记.xlsx", ["编号", "当事人", "当事人身份证号", "反映问题"], ["1", "张三", wrong, "污水"])
    findings = check_ledger(read_ledger(path), D(2019, 12, 31)).findings
    assert [(f.code, f.cell) for f in findings if f.code == "C120" and f.severity is Severity.ERROR] == [("C120", "C2")]


def _cases(count: int) -> list[list]:
    return [[f"2019-{i:03d}", D(2019, 9, i), "张" + "一二三四五六七八九"[i - 1], "生活垃圾", "清运垃圾", i]
            for i in range(1, count + 1)]


_TABLE_HEADERS = ["案件编号", "登记日期", "信访人", "问题类别", "诉求内容", "涉及人数"]


@pytest.mark.parametrize("label", [None, "汇总"])
def test_an_excel_tables_totals_row_is_not_a_case(tmp_path, label):
    """插入 → 表格 with 汇总行 ticked: a count under 案件编号 and a sum under 涉及人数, labelled or not."""
    from openpyxl.worksheet.table import Table

    path = tmp_path / "台账.xlsx"
    _book(path, _TABLE_HEADERS, *_cases(3), [label, None, None, None, None, 6], title="台账")
    workbook = openpyxl.load_workbook(path)
    sheet = workbook["台账"]
    table = Table(displayName="表1", ref="A1:F5", totalsRowCount=1)
    table._initialise_columns()
    for column, name in zip(table.tableColumns, _TABLE_HEADERS, strict=True):
        column.name = name
    sheet.add_table(table)
    workbook.save(path)
    ledger = read_ledger(path)
    assert len(ledger) == 3 and list(ledger.frame.index) == [2, 3, 4]
    totals = [f for f in ledger.findings if f.code == "R032"]
    assert [(f.cell, f.row) for f in totals] == [("A5" if label else "F5", 5)]
    assert "表1" in totals[0].message or "汇总" in totals[0].message


def test_a_row_labelled_as_excel_labels_a_totals_row_is_not_a_case(tmp_path):
    path = _book(tmp_path / "台账.xlsx", _TABLE_HEADERS, *_cases(3), ["汇总", None, None, None, None, 6])
    ledger = read_ledger(path)
    assert len(ledger) == 3
    assert [(f.code, f.cell) for f in ledger.findings if f.code == "R032"] == [("R032", "A5")]


def _full_ledger(path: Path, **changes) -> Path:
    """A template-shaped ledger of two accepted cases (2019-001, 2019-002), with `changes` per header:
    {header: [value for 2019-001, value for 2019-002]}."""
    import helpers

    done = dict(registered_on=D(2019, 9, 2), registrar="李登记", source="县信访局", form="来访",
                petition_type="求决类", township="新宁镇", category="生活垃圾", demand="清运垃圾",
                assigned_on=D(2019, 9, 2), assigner="王交办", unit="综合股", handler="赵承办",
                accepted_on=D(2019, 9, 3), acceptance_decision="受理", id_number=id_number("51172319800101123"),
                phone="13800001111")
    rows = [dict(done, case_id="2019-001", petitioner="张三"), dict(done, case_id="2019-002", petitioner="李四")]
    for header, values in changes.items():
        for row, value in zip(rows, values, strict=True):
            row[header] = value
    return helpers.write_ledger(path, rows)


def test_slashes_and_dashes_typed_for_nothing_are_read_as_empty_and_said_once_a_column(tmp_path):
    """Offices put / or — in a cell that does not apply. Before: an unreadable date that left the stage
    unjudged (an overdue notice was not flagged), a wrong ID number, a bad phone."""
    path = _full_ledger(tmp_path / "台账.xlsx", 受理告知书送达日期=["/", "—"], 身份证号=["无", None],
                        联系电话=["——", "－"], 涉及人数=["/", 2], 是否延期=["无", "/"])
    ledger = read_ledger(path)
    notes = {f.column: f for f in ledger.findings if f.code == "R044"}
    assert set(notes) == {"受理告知书送达日期", "身份证号", "联系电话", "涉及人数", "是否延期"}
    assert "2 格" in notes["受理告知书送达日期"].message and "第3行、第4行" in notes["受理告知书送达日期"].message
    assert notes["受理告知书送达日期"].cell.endswith("3") and notes["受理告知书送达日期"].severity is Severity.INFO
    findings = check_ledger(ledger, D(2019, 11, 1)).findings
    codes = {(f.code, f.cell) for f in findings}
    assert not [c for c in codes if c[0] in ("R001", "R002", "C120", "C130")], codes
    served = ledger.column_of("acceptance_served_on")
    assert {("C401", f"{served}3"), ("C401", f"{served}4")} <= codes  # the notice is overdue: judged, not skipped
    yes_no = [f for f in findings if f.column == "是否延期" and f.code == "C113"]
    assert [f.value for f in yes_no] == ["无"]  # a word in a 是否 column may mean 否: left to the dictionary


def test_a_case_number_of_a_slash_is_kept_as_written(tmp_path):
    path = _full_ledger(tmp_path / "台账.xlsx", 案件编号=["/", "2019-002"])
    ledger = read_ledger(path)
    assert list(ledger.frame["case_id"]) == ["/", "2019-002"]
    assert not [f for f in ledger.findings if f.code == "R044"]


def test_a_placeholder_on_a_row_that_is_no_case_or_inside_a_cell_is_not_said(tmp_path):
    # the placeholders are found in the sheet column's joined text (issue 15), which also holds the rows that are
    # not cases (a 合计 row) and splits a cell with a DEL typed in it: neither is a placeholder of a case
    import helpers

    rows = [dict(case_id=f"2019-{i:03d}", petitioner="张三", registered_on=D(2019, 9, 2), phone=f"0818-{i:07d}",
                 dossier_no=f"KJ-2019-{i:03d}") for i in range(1, 30)]
    rows[5]["phone"] = "0818-1234567\x7f/"  # a DEL typed before a slash: one cell, said as a control character
    rows[7]["dossier_no"] = "—"  # a placeholder of a case: said
    rows.append(dict(case_id="合计", phone="/", dossier_no="/"))
    ledger = read_ledger(helpers.write_ledger(tmp_path / "台账.xlsx", rows))
    assert len(ledger) == 29
    notes = {f.column: f for f in ledger.findings if f.code == "R044"}
    assert set(notes) == {"卷宗编号"}
    assert "1 格只填了“—”（" in notes["卷宗编号"].message  # (not the 合计 row's “/”)
    assert [f.cell for f in ledger.findings if f.code == "R032"] == [f"{ledger.column_of('case_id')}32"]  # (under the title and header)
    assert [f.column for f in ledger.findings if f.code == "R021"] == ["联系电话"]


# --- ledgers exported as text (.csv / .tsv) ------------------------------------------------------------------

def _csv_export(path: Path, encoding: str, separator: str = ",") -> Path:
    import csv
    import io

    rows = [["信访件编号", "信访日期", "信访人", "证件号码", "联系电话", "信访形式", "问题属地", "诉求内容", "受理时间",
             "答复时间"]]
    for i in (1, 2, 3):
        rows.append([f'="0019{i:03d}"', f"2019-09-0{i} 10:00:00", f"张{i}", id_number("51172319800101123"),
                     "13800001111", "来访", "新宁镇", "门前污水横流，\n多次反映" if i == 2 else "垃圾清运",
                     f"2019-09-0{i + 1}", "2019-10-20" if i == 2 else ""])
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=separator).writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


@pytest.mark.parametrize(("name", "encoding", "separator"), [
    ("信访系统导出.csv", "utf-8-sig", ","), ("信访系统导出.csv", "gb18030", ","), ("工单.tsv", "utf-16", "\t"),
    ("工单.csv", "utf-8", ";"),
])
def test_a_ledger_exported_as_text_is_read_with_its_numbers_as_typed(tmp_path, name, encoding, separator):
    """Before: refused with “请用 Excel 打开……另存为”, where Excel would drop the leading 0s of ="0019001"."""
    ledger = read_ledger(_csv_export(tmp_path / name, encoding, separator))
    assert ledger.sheet == Path(name).stem and ledger.header_row == 1
    assert list(ledger.frame["case_id"]) == ["0019001", "0019002", "0019003"]
    records = dict(ledger.records())
    assert records[3]["id_number"] == id_number("51172319800101123") and records[3]["demand"] == "门前污水横流，\n多次反映"
    assert records[3]["registered_on"] == D(2019, 9, 2) and records[3]["opinion_on"] == D(2019, 10, 20)
    assert ledger.address("accepted_on", 4) == "I4"


def test_every_command_reads_a_text_export_and_leaves_it_unchanged(tmp_path):
    from click.testing import CliRunner

    from xlkit.cli import cli

    path = _csv_export(tmp_path / "导出.csv", "gb18030")
    before = path.read_bytes()
    runner = CliRunner()
    today = ["--today", "2019-11-01"]
    for args in (["check", path, "--json", *today], ["overdue", path, "--json", *today],
                 ["explain", path, "0019002", *today], ["docs", path, "-o", tmp_path / "文书", *today],
                 ["merge", path, "-o", tmp_path / "合并.xlsx"], ["import", path, "-o", tmp_path / "标准台账.xlsx"]):
        result = runner.invoke(cli, [str(a) for a in args])
        assert result.exception is None or isinstance(result.exception, SystemExit), (args, result.output)
        assert result.exit_code in (0, 1), (args, result.output)
        assert args[0] != "explain" or "案件 0019002" in result.output, result.output
    assert path.read_bytes() == before
    imported = read_ledger(tmp_path / "标准台账.xlsx")
    assert list(imported.frame["case_id"]) == ["0019001", "0019002", "0019003"]


def test_a_text_file_with_a_header_and_no_cases_is_read_as_an_empty_ledger(tmp_path):
    path = tmp_path / "台账.csv"
    path.write_bytes(b"\xef\xbb\xbf" + "案件编号\t信访人\r\n".encode())
    ledger = read_ledger(path)
    assert len(ledger) == 0 and ledger.header_row == 1


def test_a_workbook_named_csv_is_read_as_the_workbook_and_binary_garbage_is_a_message(tmp_path):
    from xlkit.read.ledger import LedgerError

    workbook = _book(tmp_path / "台账.xlsx", _TABLE_HEADERS, *_cases(2))
    renamed = tmp_path / "台账.csv"
    renamed.write_bytes(workbook.read_bytes())
    assert len(read_ledger(renamed)) == 2
    garbage = tmp_path / "导出.csv"
    garbage.write_bytes(bytes(range(256)) * 8)
    with pytest.raises(LedgerError) as raised:
        read_ledger(garbage)
    assert "导出.csv" in str(raised.value) and "另存为" in str(raised.value)


# --- numbers shown through a custom number format ----------------------------------------------------------

def test_case_numbers_typed_as_numbers_under_a_custom_format_are_read_as_the_clerk_sees_them(tmp_path):
    """设置单元格格式 → 自定义 "2019-"000: the clerk types 1 and sees 2019-001 (before: read as 1, and
    `xlkit explain 台账 2019-001` found no such case)."""
    from click.testing import CliRunner

    from xlkit.cli import cli

    path = tmp_path / "台账.xlsx"
    _book(path, _TABLE_HEADERS + ["联系电话"], *[row + [8221230 + i] for i, row in enumerate(_cases(3), start=1)],
          ["007", D(2019, 9, 4), "李四", "生活垃圾", "清运垃圾", 1, 13800001111], title="台账")
    workbook = openpyxl.load_workbook(path)
    sheet = workbook["台账"]
    for row in (2, 3, 4):
        sheet.cell(row, 1).number_format = '"2019-"000'
        sheet.cell(row, 7).number_format = '"0818-"0'
        sheet.cell(row, 6).number_format = "0.00"  # a count shown with decimals stays the count
    sheet.cell(5, 7).number_format = "#,##0"  # a separator: no one types a phone so, left as the number
    workbook.save(path)
    ledger = read_ledger(path)
    assert list(ledger.frame["case_id"]) == ["2019-001", "2019-002", "2019-003", "007"]
    assert list(ledger.frame["phone"]) == ["0818-8221231", "0818-8221232", "0818-8221233", "13800001111"]
    assert list(ledger.frame["people_count"]) == [1, 2, 3, 1]
    result = CliRunner().invoke(cli, ["explain", str(path), "2019-002", "--today", "2019-11-01"])
    assert result.exit_code == 0 and "案件 2019-002" in result.output, result.output


@pytest.mark.parametrize(("code", "number", "shown"), [
    ('"2019-"000', 1, "2019-001"), ("000", 7, "007"), ('"XF"0000', 12345, "XF12345"), ("000-000", 1234, "001-234"),
    ("\\X\\F000", 3, "XF003"), ("[Blue]000;-000", 5, "005"),
])
def test_number_formats_of_literal_text_and_digit_places_show_a_number_as_excel_does(code, number, shown):
    from xlkit.read.numfmt import renderer

    assert renderer(code)(number) == shown


@pytest.mark.parametrize("code", ["General", "0", "#", "0.00", "#,##0", "0%", "yyyy-mm-dd", "@", "0.00E+00", "# ?/?"])
def test_number_formats_that_show_the_plain_number_or_no_identity_are_left_alone(code):
    from xlkit.read.numfmt import renderer

    assert renderer(code) is None


# --- a form, one case a sheet (一案一表), is not a table of cases --------------------------------------------

def _form_sheet(sheet, number: int) -> None:
    sheet.append(["信访事项登记表"])
    sheet.merge_cells("A1:D1")
    sheet.append(["编号", f"2019-00{number}", "登记日期", f"2019-09-0{number}"])
    sheet.append(["姓名", f"张{number}", "联系电话", "13800001111"])
    sheet.append(["身份证号", None, "住址", "新宁镇东街"])
    sheet.append(["反映问题", "门前污水横流"])
    sheet.merge_cells("B5:D5")
    sheet.append(["办理情况", "已疏通"])


def test_a_workbook_of_registration_forms_is_said_to_be_forms_not_read_as_cases(tmp_path):
    """Before: 4 “cases” named 姓名, 身份证号…, with 联系电话 and 门前污水横流 as unreadable 登记日期 (errors)."""
    from xlkit.read.ledger import LedgerError

    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for number in (1, 2, 3):
        _form_sheet(workbook.create_sheet(f"{number}号"), number)
    path = tmp_path / "登记表.xlsx"
    workbook.save(path)
    with pytest.raises(LedgerError) as raised:
        read_ledger(path)
    message = str(raised.value)
    assert "登记表.xlsx" in message and "“1号”" in message and "一件一表" in message and "A3“姓名”" in message


def test_a_ledger_beside_a_form_sheet_for_printing_is_read(tmp_path):
    workbook = openpyxl.Workbook()
    _form_sheet(workbook.active, 1)
    workbook.active.title = "登记表"
    ledger_sheet = workbook.create_sheet("2019年")
    ledger_sheet.append(_TABLE_HEADERS)
    for row in _cases(3):
        ledger_sheet.append(row)
    path = tmp_path / "台账.xlsx"
    workbook.save(path)
    ledger = read_ledger(path)
    assert ledger.sheet == "2019年" and len(ledger) == 3


def test_a_two_row_header_is_not_taken_for_a_form(tmp_path):
    path = tmp_path / "台账.xlsx"
    _book(path, ["案件编号", "登记日期", "信访人", None, None, "诉求内容"],
          [None, None, "姓名", "身份证号", "联系电话", None],
          ["2019-001", D(2019, 9, 1), "张三", id_number("51172319800101123"), "13800001111", "清运垃圾"],
          ["2019-002", D(2019, 9, 2), "李四", None, "13900002222", "清运垃圾"])
    ledger = read_ledger(path)
    assert len(ledger) == 2 and _read_as(ledger)["phone"] == "E2"


def test_yes_no_columns_answered_with_their_own_verb_are_read_as_yes_and_no(tmp_path):
    """已息访 / 未息访 under 是否息诉息访 (before: advice, and 已息访 counted as not settled in 化解率)."""
    path = _full_ledger(tmp_path / "台账.xlsx", 是否息诉息访=["已息访", "未息访"], 送达回证签字=["已签字", "Y"],
                        是否延期=["未延期", "否"])
    records = dict(read_ledger(path).records())
    assert [records[r]["settled"] for r in (3, 4)] == ["是", "否"]
    assert [records[r]["receipt_signed"] for r in (3, 4)] == ["是", "是"]
    assert [records[r]["extended"] for r in (3, 4)] == ["否", "否"]


def test_a_verb_for_one_yes_no_column_is_not_read_in_another(tmp_path):
    path = _full_ledger(tmp_path / "台账.xlsx", 是否反弹=["已息访", None])
    findings = check_ledger(read_ledger(path), D(2019, 12, 31)).findings
    assert [f.value for f in findings if f.code == "C113" and f.column == "是否反弹"] == ["已息访"]


def test_a_header_under_a_long_block_of_instructions_is_found(tmp_path):
    """A 填表说明 of 34 lines above the header (before: “前 30 行里找不到表头行”, nothing read)."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["××县信访事项台账"])
    for number in range(1, 35):
        sheet.append([f"{number}. 填表说明：第{number}条"])
    sheet.append(_TABLE_HEADERS)
    for row in _cases(3):
        sheet.append(row)
    path = tmp_path / "台账.xlsx"
    workbook.save(path)
    ledger = read_ledger(path)
    assert ledger.header_row == 36 and len(ledger) == 3 and list(ledger.frame.index) == [37, 38, 39]


def test_several_id_numbers_in_one_cell_stay_apart_and_each_is_checked(tmp_path):
    """联名信访: two numbers in one cell, one a line or with 、 between. Before: the line break was dropped and
    the two ran together into one 36-digit number (so written by import and merge), an error either way."""
    first, second = id_number("51172319800101123"), id_number("51172319750505432")
    wrong = second[:-1] + ("0" if second[-1] != "0" else "1")
    path = _full_ledger(tmp_path / "台账.xlsx", 身份证号=[f"{first}\n{second}", f"{first}、{wrong}"])
    ledger = read_ledger(path)
    records = dict(ledger.records())
    assert records[3]["id_number"] == f"{first}、{second}"
    findings = [f for f in check_ledger(ledger, D(2019, 12, 31)).findings if f.code == "C120"]
    assert [(f.row, wrong in f.message) for f in findings] == [(4, True)]
    from click.testing import CliRunner

    from xlkit.cli import cli

    result = CliRunner().invoke(cli, ["import", str(path), "-o", str(tmp_path / "标准台账.xlsx")])
    assert result.exit_code == 0, result.output
    assert dict(read_ledger(tmp_path / "标准台账.xlsx").records())[3]["id_number"] == f"{first}、{second}"


def test_an_id_number_typed_in_groups_with_spaces_is_still_one_number(tmp_path):
    number = id_number("51172319800101123")
    path = _full_ledger(tmp_path / "台账.xlsx", 身份证号=[f"{number[:6]} {number[6:14]} {number[14:]}", None])
    assert dict(read_ledger(path).records())[3]["id_number"] == number


def test_a_text_export_with_a_title_line_above_its_header_is_read(tmp_path):
    path = tmp_path / "工单.tsv"
    path.write_text("12345热线工单导出（2019年9月）\n工单编号\t来电时间\t来电人\t诉求内容\n"
                    "0012019\t2019-09-03 10:00\t王女士\t垃圾满溢\n", encoding="utf-8")
    ledger = read_ledger(path)
    assert ledger.header_row == 2 and list(ledger.frame["case_id"]) == ["0012019"]


def test_a_text_file_too_big_for_a_ledger_is_a_message_before_it_is_read(tmp_path, monkeypatch):
    from xlkit.read import csvfile
    from xlkit.read.ledger import LedgerError

    path = _csv_export(tmp_path / "导出.csv", "utf-8")
    monkeypatch.setattr(csvfile, "MAX_BYTES", 100)
    with pytest.raises(LedgerError) as raised:
        read_ledger(path)
    assert "导出.csv" in str(raised.value) and "远超一本台账" in str(raised.value)


def test_a_township_written_with_its_village_is_read_as_the_township_and_the_village_kept(tmp_path):
    """问题属地 新宁镇东街村: before, a warning and a township of its own in every 乡镇 table of the meetings."""
    path = _full_ledger(tmp_path / "台账.xlsx", 问题属地乡镇=["开江县普安镇龙井村3组", "新宁"], **{"村(社区)": [None, "东街村"]})
    ledger = read_ledger(path)
    records = dict(ledger.records())
    assert (records[3]["township"], records[3]["village"]) == ("普安镇", "龙井村3组")
    assert (records[4]["township"], records[4]["village"]) == ("新宁镇", "东街村")
    assert [f.code for f in ledger.findings if f.code == "R045"] == ["R045"]
    assert not [f for f in check_ledger(ledger, D(2019, 12, 31)).findings
                if f.column == "问题属地乡镇" and f.code.startswith("C")]  # no “not in the dictionary”


def test_a_township_and_village_is_left_as_written_where_the_village_would_be_lost(tmp_path):
    import helpers

    path = helpers.write_ledger(tmp_path / "台账.xlsx", [dict(case_id="2019-001", petitioner="张三",
                                                              township="新宁镇东街村")],
                                headers=["案件编号", "信访人", "问题属地乡镇"])
    assert dict(read_ledger(path).records())[3]["township"] == "新宁镇东街村"  # no 村(社区) column to keep 东街村
    path = _full_ledger(tmp_path / "另一.xlsx", 问题属地乡镇=["新宁镇东街村", "新宁镇"], **{"村(社区)": ["西街村", None]})
    assert dict(read_ledger(path).records())[3]["township"] == "新宁镇东街村"  # another village already there


def test_section_titles_and_the_signature_line_under_a_table_are_not_cases(tmp_path):
    """一、在办案件 … 二、已办结案件 on one sheet, then 制表人：李某 | 审核人：王某 | 2019年11月1日 under it (before: the
    signature line was a case named 制表人:李某 with 审核人 as its petitioner, and 二、已办结案件 a reserved row)."""
    path = tmp_path / "台账.xlsx"
    rows = [["一、在办案件"], _TABLE_HEADERS, *_cases(2), [], ["二、已办结案件"], _TABLE_HEADERS,
            ["2019-003", D(2019, 9, 3), "王五", "生活垃圾", "清运垃圾", 1], [],
            ["制表人：李某", None, "审核人：王某", None, "2019年11月1日"]]
    _book(path, *rows)
    ledger = read_ledger(path)
    assert list(ledger.frame["case_id"]) == ["2019-001", "2019-002", "2019-003"]
    notes = {f.cell: f.message for f in ledger.findings if f.code == "R000"}
    assert "落款" in notes["A10"] and "A6" in notes


def test_a_register_headed_whether_resolved_answers_with_its_own_words(tmp_path):
    """Another office's 登记簿: a title block, no 案件编号, its 是否化解 column (read as 是否息诉息访) answered 已化解 /
    未化解 — eight 提示 and every case counted as not settled before (the lead's clerk trial)."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "2023年信访登记"
    sheet["A1"] = "开江县普安镇2023年信访事项登记簿"
    sheet["A2"] = "填报单位：普安镇综治办    填报日期：2023年12月1日"
    sheet.append([])
    sheet.append(["序号", "来访日期", "来访人", "联系方式", "所在村组", "反映问题", "承办科室", "办理结果", "是否化解"])
    for n, answer in enumerate(["已化解", "未化解", "已化解"], start=1):
        sheet.append([n, D(2023, 3, n), f"王{n}", "13800001111", "宝泉塘社区三组", "反映垃圾无人清运", "综合股",
                      "已清理", answer])
    path = tmp_path / "普安镇登记簿.xlsx"
    workbook.save(path)
    ledger = read_ledger(path)
    assert list(ledger.frame["settled"]) == ["是", "否", "是"]
    findings = check_ledger(ledger, D(2023, 12, 20)).findings
    assert not [f for f in findings if f.code == "C113" and f.column == "是否息诉息访"]
