"""Hostile input, second round: files from other offices' systems and files built to break readers.

Each class a tester found still reading wrong (or saying the wrong thing) has its file built here.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
import zipfile
from pathlib import Path

import helpers
import openpyxl
import pytest
from click.testing import CliRunner
from test_hostile import BASE, ledger, xlkit_process

from xlkit.cli import cli
from xlkit.read.ledger import LedgerError, read_ledger

D = dt.date


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def _rewrite(path: Path, change) -> None:
    """Rewrite the package at `path`, each part through change(name, bytes) -> bytes."""
    with zipfile.ZipFile(path) as package:
        parts = [(info, package.read(info.filename)) for info in package.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        for info, data in parts:
            package.writestr(info, change(info.filename, data))


# --- UTF-16 XML parts ----------------------------------------------------------------------------

def _utf16(data: bytes, how: str) -> bytes:
    text = data.decode("utf-8")
    declaration = '<?xml version="1.0" encoding="UTF-16" standalone="yes"?>'
    text = re.sub(r"^<\?xml[^>]*\?>", declaration, text) if text.startswith("<?xml") else declaration + text
    if how == "le":
        return b"\xff\xfe" + text.encode("utf-16-le")
    if how == "be":
        return b"\xfe\xff" + text.encode("utf-16-be")
    return text.encode("utf-16-le")  # no byte-order mark (allowed when the declaration says UTF-16)


@pytest.mark.parametrize(("parts", "how"), [("sheet", "le"), ("sheet", "be"), ("sheet", "bare"), ("every", "le")])
def test_a_package_written_in_utf16_is_read_as_excel_reads_it(tmp_path, parts, how):
    # calamine reads UTF-8 only: a UTF-16 sheet came back empty ("找不到表头行", a misleading message) and a
    # UTF-16 workbook part failed to open; Excel reads both (OPC allows either encoding)
    path = ledger(tmp_path / "系统导出.xlsx", dict(case_id="2019-001", petitioner="张三"),
                  dict(case_id="2019-002", petitioner="李四", township="火星镇"))
    book = openpyxl.load_workbook(path)
    sheet = book["台账"]
    sheet["XFD1048576"] = "误按的字"  # the far-cell guard must still see the re-encoded sheet
    top = next(c for row in sheet.iter_rows(max_row=5, max_col=80) for c in row if c.value == "登记日期")
    sheet.cell(top.row + 1, top.column).value = "#N/A"
    book.save(path)
    original = xlkit_process("check", path, "--json", "--today", "2019-10-01")

    def change(name: str, data: bytes) -> bytes:
        if name.startswith("xl/worksheets/sheet") or (parts == "every" and name.endswith((".xml", ".rels"))):
            return _utf16(data, how)
        return data

    _rewrite(path, change)
    # a temporary folder of its own: other suites running at the same time leave their copies in the shared one
    private = tmp_path / "临时"
    private.mkdir()
    result = xlkit_process("check", path, "--json", "--today", "2019-10-01", env={"TMPDIR": str(private)})
    assert result.returncode == original.returncode and result.returncode in (0, 1), result.stdout + result.stderr
    found = json.loads(result.stdout)
    assert found["cases"] == 2
    assert ([(f["code"], f["cell"]) for f in found["findings"]]
            == [(f["code"], f["cell"]) for f in json.loads(original.stdout)["findings"]])
    codes = {(f["code"], f["cell"]) for f in found["findings"]}
    assert ("R020", "XFD1048576") in codes and ("R024", f"{top.column_letter}{top.row + 1}") in codes
    assert found["ledger"].endswith("系统导出.xlsx")
    assert not list(private.iterdir())  # the copy is removed


def test_an_empty_sheet_is_said_to_be_empty_not_headerless(tmp_path):
    # it was "前 30 行里找不到表头行"; an empty sheet is not taken for UTF-16 either
    path = tmp_path / "空表.xlsx"
    book = openpyxl.Workbook()
    book.active.title = "台账"
    book.save(path)
    with pytest.raises(LedgerError, match="“空表.xlsx”的工作表“台账”是空的") as raised:
        read_ledger(path)
    assert "--sheet" in str(raised.value)


# --- DEL and the C1 controls ---------------------------------------------------------------------

def _package_texts(path: Path) -> str:
    with zipfile.ZipFile(path) as package:
        return html.unescape("".join(package.read(n).decode("utf-8") for n in package.namelist()
                                     if n.endswith(".xml")))


def test_del_and_c1_controls_are_said_at_their_cell_and_read_as_the_visible_text(tmp_path):
    # DEL (U+007F) and U+0080–U+009F are allowed in XML, so nothing reported them: 责任股室 “综合股␡” was
    # “not in the dictionary, nearest 综合股”, a duplicate 案件编号 went unseen, a phone was “not a phone”
    path = ledger(tmp_path / "删除符.xlsx",
                  dict(case_id="2019-001", petitioner="张\x7f三", unit="综合股\x7f", phone="138\x7f0000\x7f1111"),
                  dict(case_id="2019-001\x7f", petitioner="李四", demand="清运\x85垃圾\x9f"))
    report = json.loads(run("check", path, "--today", "2019-10-01", "--json").output)
    said = {f["cell"]: f["message"] for f in report["findings"] if f["code"] == "R021"}
    assert set(said) == {"G3", "V3", "I3", "A4", "P4"}, said
    assert "U+007F" in said["G3"] and "U+0085" in said["P4"] and "U+009F" in said["P4"]
    codes = {(f["code"], f["cell"]) for f in report["findings"]}
    assert ("C150", "A3") in codes and ("C150", "A4") in codes  # the same number
    assert not any(code in ("C113", "C130") for code, _ in codes), codes
    for args in (["check", path, "--today", "2019-10-01", "-o", tmp_path / "校验.xlsx"],
                 ["merge", path, "-o", tmp_path / "合并.xlsx"]):
        result = run(*args)
        assert result.exit_code in (0, 1), result.output
    for output in (tmp_path / "校验.xlsx", tmp_path / "合并.xlsx"):
        text = _package_texts(output)
        assert "张三" in text and not re.search("[\x7f-\x9f]", text), output.name


# --- dates as other systems and input methods write them ------------------------------------------

@pytest.mark.parametrize("typed", ["2019。9。3", "2019.09.03.", "2019年9月3日。", "43711", "43711.5", "03-Sep-2019",
                                   "Sep 3, 2019", "3 September 2019", "3-SEP-2019 10:22:11"])
def test_dates_typed_with_a_chinese_full_stop_exported_as_serial_text_or_with_english_months(typed):
    # 。 is what a Chinese input method types for "."; exporters write serials as text and Oracle's 03-SEP-2019
    from xlkit.read.dates import parse_date

    assert parse_date(typed) == D(2019, 9, 3)


@pytest.mark.parametrize("typed", ["20199", "12345", "May 2019", "abc 3, 2019"])
def test_numbers_and_words_that_only_look_like_those_dates_are_not_read(typed):
    from xlkit.read.dates import parse_date

    assert parse_date(typed) is None


def test_a_day_the_month_lacks_and_a_two_digit_year_are_said_plainly(tmp_path):
    # both were "不是能识别的日期（或年份不在 1949—2100 年之间）", which sends the clerk to check the year
    path = ledger(tmp_path / "日期.xlsx", dict(case_id="2019-001", petitioner="张三", accepted_on="2019.9.31"),
                  dict(case_id="2019-002", petitioner="李四", accepted_on="2019-02-29"),
                  dict(case_id="2019-003", petitioner="王五", accepted_on="19-9-3"),
                  dict(case_id="2019-004", petitioner="赵六", accepted_on="2019。9。3"))
    said = {f.cell: f.message for f in read_ledger(path).findings if f.code == "R001"}
    assert set(said) == {"X3", "X4", "X5"}, said
    assert "2019年9月只有 30 天，没有31日" in said["X3"] and "2019年2月只有 28 天" in said["X4"]
    assert "年份只写了两位" in said["X5"]


# --- long numbers a spreadsheet already turned into 5.11723E+17 -----------------------------------

def test_numbers_saved_in_scientific_notation_are_said_to_have_lost_their_digits(tmp_path):
    # a CSV opened in Excel and saved keeps "5.11723E+17" as text: it was "有 11 位或含非法字符" (C120) and
    # "不是有效的手机号" (C130), which sends the clerk to look for a typing slip in digits that are gone
    path = ledger(tmp_path / "科学计数.xlsx",
                  dict(case_id="2019-001", petitioner="张三", id_number="5.11723E+17", phone="1.38E+10"),
                  dict(case_id="2019-002", petitioner="李四", id_number="5.11723199001011e+17", phone="13800001111"))
    report = json.loads(run("check", path, "--today", "2019-10-01", "--json").output)
    by_cell = {}
    for f in report["findings"]:
        by_cell.setdefault(f["cell"], []).append(f["code"])
    assert by_cell["H3"] == ["R035"] and by_cell["I3"] == ["R035"] and by_cell["H4"] == ["R035"], by_cell
    assert "I4" not in by_cell
    message = next(f for f in report["findings"] if f["cell"] == "H3")
    assert "科学计数法“5.11723E+17”" in message["message"] and "文本" in message["hint"]
    assert read_ledger(path).frame["id_number"].isna().all()  # never a number with its tail made up


# --- a ledger open in Excel: its ~$ lock file beside it --------------------------------------------

def test_a_ledger_open_in_a_spreadsheet_program_is_said_to_be_read_as_last_saved(tmp_path):
    # WPS users run the .bat shortcuts with the ledger open: unsaved edits were silently not in the result
    path = ledger(tmp_path / "市容股.xlsx", dict(case_id="2019-001", petitioner="张三"))
    other = ledger(tmp_path / "环卫股.xlsx", dict(case_id="2019-002", petitioner="李四"))
    report = json.loads(run("check", path, "--today", "2019-10-01", "--json").output)
    assert "R036" not in {f["code"] for f in report["findings"]}
    lock = tmp_path / "~$市容股.xlsx"
    lock.write_bytes(b"\x08li deng ji" + b"\x00" * 40)
    report = json.loads(run("check", path, "--today", "2019-10-01", "--json").output)
    opened = [f for f in report["findings"] if f["code"] == "R036"]
    assert len(opened) == 1 and "~$市容股.xlsx" in opened[0]["message"] and "保存" in opened[0]["hint"]
    result = CliRunner().invoke(cli, ["overdue", str(path), "--today", "2019-10-01"])
    assert "正在 Excel、WPS 或 LibreOffice 中打开" in result.stderr
    # a shell's *.xlsx takes the lock file too: it is skipped and said, the others merged
    result = run("merge", other, lock, path, "-o", tmp_path / "合并.xlsx")
    assert result.exit_code == 0, result.output
    assert "合并 2 个文件，共 2 件" in result.output and "跳过“~$市容股.xlsx”" in result.output
    result = run("merge", lock, "-o", tmp_path / "只有锁.xlsx")  # alone it is still the reader's error
    assert result.exit_code == 2 and "临时锁定文件" in result.output


# --- files that are not workbooks, named as if they were ------------------------------------------

@pytest.mark.parametrize(("name", "content", "words"), [
    ("系统导出.xls", "<html><head><meta charset='gbk'></head><body><table><tr><td>案件编号</td><td>信访人</td></tr>"
                     "<tr><td>2019-001</td><td>张三</td></tr></table></body></html>".encode("gbk"), "网页（HTML）"),
    ("系统导出.xls", ('<?xml version="1.0"?><?mso-application progid="Excel.Sheet"?><Workbook xmlns='
                      '"urn:schemas-microsoft-com:office:spreadsheet"><Worksheet ss:Name="台账"><Table><Row><Cell>'
                      '<Data ss:Type="String">案件编号</Data></Cell></Row></Table></Worksheet></Workbook>').encode(),
     "Excel 2003 XML"),
    ("系统导出.xls", "案件编号,信访人,身份证号\r\n2019-001,张三,511723199001011234\r\n".encode("gbk"), "文本文件（CSV"),
    ("网页.xls", b"MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=x\r\n", "MHT"),
])
def test_web_pages_xml_and_text_exports_named_xls_say_what_they_are(tmp_path, name, content, words):
    # each was "不是 Excel 文件……如果是 WPS 的 .et 或 CSV 文件", which names neither what it is nor why
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(LedgerError) as raised:
        read_ledger(path)
    assert words in str(raised.value) and name in str(raised.value) and "另存为" in str(raised.value)


def test_other_packages_under_an_xlsx_name_are_read_or_named(tmp_path):
    import docx

    word = tmp_path / "台账.xlsx"
    docx.Document().save(word)
    with pytest.raises(LedgerError, match="是 Word 文档"):
        read_ledger(word)
    whole = ledger(tmp_path / "原件.xlsx", dict(case_id="2019-001", petitioner="张三"))
    cut = tmp_path / "拷了一半.xlsx"
    cut.write_bytes(whole.read_bytes()[:-40])
    with pytest.raises(LedgerError, match="不完整"):
        read_ledger(cut)


@pytest.mark.libreoffice
def test_an_ods_under_an_xlsx_name_is_read(tmp_path):
    import helpers

    original = ledger(tmp_path / "原件.xlsx", dict(case_id="2019-001", petitioner="张三"),
                      dict(case_id="2019-002", petitioner="李四"))
    ods = helpers.convert(original, "ods", tmp_path / "ods")
    renamed = tmp_path / "另存.xlsx"
    ods.rename(renamed)
    assert list(read_ledger(renamed).case_ids()) == ["2019-001", "2019-002"]


# --- a ledger kept a sheet a month --------------------------------------------------------------

def _month_sheets(path: Path, months=(7, 8, 9), extra: str | None = None) -> Path:
    book = openpyxl.Workbook()
    book.remove(book.active)
    names = [f"{m}月" for m in months] + ([extra] if extra else [])
    number = 0
    for name in names:
        sheet = book.create_sheet(name)
        sheet.append([f"2019年{name}信访登记台账"])
        sheet.append(["序号", "登记日期", "信访人", "信访形式", "诉求内容", "责任股室", "受理日期"])
        month = int(name[:-1]) if name[:-1].isdigit() else 7
        for k in range(3):
            number += 1
            sheet.append([k + 1, D(2019, month, 3 + k), f"信访人{number}", "来访", "垃圾清运", "综合股",
                          D(2019, month, 4 + k)])
    book.save(path)
    return path


def test_a_ledger_kept_a_sheet_a_month_is_counted_whole_by_the_meeting_workbooks_and_merge(tmp_path):
    # only the first sheet (7月) was read: 季度分析 said 3 cases for a quarter of 9, 月度调度 of September 0,
    # with one 提示 among twenty in check; and merging sheets numbered 1, 2, 3 each made 3 cases of 9
    path = _month_sheets(tmp_path / "2019年台账.xlsx")
    result = run("quarterly", path, "--quarter", "2019Q3", "--today", "2019-11-01", "--json",
                 "-o", tmp_path / "季" / "季度分析.xlsx")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["cases"] == 9
    assert "合并 1 个文件的 3 张工作表（7月、8月、9月）" in result.stderr
    result = run("monthly", path, "--month", "2019-09", "--today", "2019-11-01", "-o", tmp_path / "月.xlsx")
    assert "本月案件 3 件，累计 9 件" in result.output, result.output
    result = run("merge", path, "-o", tmp_path / "合并.xlsx", "--json")
    assert json.loads(result.stdout)["cases"] == 9
    report = json.loads(run("check", path, "--today", "2019-11-01", "--json").output)
    said = [f for f in report["findings"] if f["code"] == "R037"]
    assert len(said) == 1 and "“7月”“8月”“9月”表头相同" in said[0]["message"] and "--sheet 8月" in said[0]["hint"]
    assert report["cases"] == 3  # check still reads one sheet, and says so
    result = run("overdue", path, "--today", "2019-11-01")  # as does every command that reads one sheet
    assert "注意：“7月”“8月”“9月”表头相同" in result.stderr


def test_sheets_alike_with_a_summary_among_them_are_not_added_up(tmp_path):
    # a 汇总 sheet holds the months' rows again: reading them together would count every case twice
    path = _month_sheets(tmp_path / "台账.xlsx", months=(7, 8), extra="全年汇总")
    result = run("quarterly", path, "--quarter", "2019Q3", "--today", "2019-11-01", "--json",
                 "-o", tmp_path / "季" / "季度分析.xlsx")
    assert json.loads(result.stdout)["cases"] == 3 and "合并" not in result.stderr
    report = json.loads(run("check", path, "--today", "2019-11-01", "--json").output)
    assert {f["code"] for f in report["findings"]} >= {"R026"} and "R037" not in {f["code"] for f in report["findings"]}


def test_section_files_each_numbered_from_one_are_merged_as_different_cases(tmp_path):
    first = _month_sheets(tmp_path / "市容股.xlsx", months=(7,))
    second = _month_sheets(tmp_path / "环卫股.xlsx", months=(8,))
    result = run("merge", first, second, "-o", tmp_path / "合并.xlsx", "--json")
    assert json.loads(result.stdout)["cases"] == 6 and not json.loads(result.stdout)["conflicts"]


def test_true_false_and_ticks_in_a_yes_no_column_are_read_as_yes_and_no(tmp_path):
    # a CSV round trip leaves TRUE as text; paper forms tick √: each was C113 “不在内置字典中”
    path = ledger(tmp_path / "勾选.xlsx", dict(case_id="2019-001", petitioner="张三", poor_household="TRUE"),
                  dict(case_id="2019-002", petitioner="李四", poor_household="√"),
                  dict(case_id="2019-003", petitioner="王五", poor_household="×"))
    read = read_ledger(path)
    assert list(read.frame["poor_household"]) == ["是", "是", "否"]
    assert [f.code for f in read.findings if f.column == "是否建档立卡贫困户"] == ["R041"]


# --- numbers no JSON or workbook can hold --------------------------------------------------------

def test_a_number_beyond_any_float_is_said_and_written_as_text(tmp_path):
    # <v>1E+400</v> reads as inf: check -o died in XlsxWriter (NAN/INF not supported), --json printed Infinity
    # (not JSON); 1E+300 was printed as a 301-digit integer
    path = ledger(tmp_path / "溢出.xlsx", dict(case_id="2019-001", petitioner="张三", accepted_on=D(2019, 9, 3)),
                  dict(case_id="2019-002", petitioner="李四", accepted_on=D(2019, 9, 3), people_count=1e300))
    top = next(c for row in openpyxl.load_workbook(path)["台账"].iter_rows(max_row=3) for c in row
               if c.value == "受理日期")
    cell = f"{top.column_letter}{top.row + 1}"
    _rewrite(path, lambda name, data: re.sub(
        rf'(<c r="{cell}"[^>]*?)(?: t="\w+")?>.*?</c>'.encode(), rb'\1><v>1E+400</v></c>', data)
        if name.startswith("xl/worksheets/") else data)
    result = run("check", path, "--today", "2019-10-01", "--json")

    def refuse(constant):
        raise ValueError(constant)

    report = json.loads(result.output, parse_constant=refuse)
    values = {f["cell"]: f["value"] for f in report["findings"]}
    assert values[cell] == "inf" and values["K4"] == "1e+300", values
    result = run("check", path, "--today", "2019-10-01", "-o", tmp_path / "校验.xlsx")
    assert result.exit_code in (0, 1) and result.exception is None or isinstance(result.exception, SystemExit), \
        result.output
    assert (tmp_path / "校验.xlsx").exists()


def test_an_empty_template_sheet_beside_the_sheet_holding_the_cases_is_not_read_instead(tmp_path):
    # 台账 kept empty from the template, the cases pasted into 2019年台账: it read 0 cases, 0 findings, all green
    path = ledger(tmp_path / "台账.xlsx")
    book = openpyxl.load_workbook(path)
    cases = book.create_sheet("2019年台账")
    for row in book["台账"].iter_rows(values_only=True):
        cases.append(row)
    cases.append(["2019-001", D(2019, 9, 2), "李登记"] + [None] * 3 + ["张三"])
    book.save(path)
    read = read_ledger(path)
    assert read.sheet == "2019年台账" and len(read) == 1
    assert any(f.code == "R026" and "“台账”也像台账" in f.message for f in read.findings)
    fresh = ledger(tmp_path / "新台账.xlsx")  # a ledger with no case yet is still read as such
    assert read_ledger(fresh).sheet == "台账" and len(read_ledger(fresh)) == 0


def test_the_report_link_to_a_sheet_named_with_an_apostrophe_is_a_valid_reference(tmp_path):
    # '王's台账'!L3 is no reference Excel can follow: the apostrophe is doubled inside the quotes
    path = helpers.write_ledger(tmp_path / "台账.xlsx", [dict(BASE, case_id="2019-001", petitioner="张三",
                                                           township="火星镇")], sheet="王's台账")
    result = run("check", path, "--today", "2019-10-01", "-o", tmp_path / "校验.xlsx")
    assert result.exit_code in (0, 1), result.output
    links = [c.hyperlink.location for ws in openpyxl.load_workbook(tmp_path / "校验.xlsx") for row in ws.iter_rows()
             for c in row if c.hyperlink is not None and c.hyperlink.location]
    assert links and all(link.startswith("'王''s台账'!") for link in links), links


# --- a text longer than an Excel cell holds ------------------------------------------------------

def test_a_text_longer_than_an_excel_cell_is_said_before_an_output_cuts_it(tmp_path):
    # a system's export held a 40,003-character 诉求内容: the merged ledger kept 32,767 of them, unsaid; and
    # the control-character finding printed the whole text as its value
    path = ledger(tmp_path / "长文.xlsx", dict(case_id="2019-001", petitioner="张三", demand="占位"))
    long_text = "清运垃圾" * 10000 + "_x000B_尾巴"
    _rewrite(path, lambda name, data: data.replace("占位".encode("ascii", "xmlcharrefreplace"),
                                                   long_text.encode("ascii", "xmlcharrefreplace"))
             if name.startswith("xl/worksheets/") else data)
    read = read_ledger(path)
    assert len(read.frame["demand"].iloc[0]) == 40_003  # read whole
    said = {f.code: f for f in read.findings if f.cell == "P3"}
    assert "40,003 个字符" in said["R038"].message and len(said["R038"].value) < 50
    assert len(said["R021"].value) < 300


def test_an_encrypted_xls_says_how_to_lift_a_protection_that_asks_no_password(tmp_path):
    # an .xls with 保护工作簿 is RC4-encrypted with Excel's built-in password and opens without asking:
    # "请去掉打开密码" left the clerk looking for a password there is none of
    import os
    import struct

    import xlwt

    class Encrypted(xlwt.Workbook):
        def _Workbook__bof_rec(self):  # a FILEPASS record (RC4) right after the workbook's BOF
            body = struct.pack("<HHH", 1, 1, 1) + os.urandom(48)
            return super()._Workbook__bof_rec() + struct.pack("<HH", 0x002F, len(body)) + body

    book = Encrypted(encoding="utf-8")
    book.add_sheet("台账").write(0, 0, "案件编号")
    path = tmp_path / "保护.xls"
    book.save(str(path))
    with pytest.raises(LedgerError) as raised:
        read_ledger(path)
    assert "保护.xls" in str(raised.value) and "取消保护" in str(raised.value) and "不要求密码" in str(raised.value)


def test_case_numbers_excel_turned_into_dates_are_said(tmp_path):
    # “2019-1” typed into a General cell becomes 2019-01-01: the case was silently “2019-01-01” everywhere
    path = ledger(tmp_path / "编号.xlsx", dict(case_id=dt.datetime(2019, 1, 1), petitioner="张三"),
                  dict(case_id="2019-2", petitioner="李四"))
    said = [f for f in read_ledger(path).findings if f.code == "R039"]
    assert [(f.cell, f.case_id) for f in said] == [("A3", "2019-01-01")]
    assert "“2019-1”" in said[0].message and "文本" in said[0].hint


def test_of_two_columns_with_one_header_the_one_holding_the_data_is_read(tmp_path):
    # an emptied (hidden) copy of 信访人 before the real one: every case was “信访人为空” at a hidden cell
    path = tmp_path / "重复列.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "台账"
    sheet.append(["案件编号", "信访人", "登记日期", "信访人", "诉求内容"])
    sheet.append(["2019-001", None, "2019-09-02", "张三", "清运垃圾"])
    sheet.append(["2019-002", None, "2019-09-03", "李四", "清运垃圾"])
    sheet.column_dimensions["B"].hidden = True
    book.save(path)
    read = read_ledger(path)
    assert list(read.frame["petitioner"]) == ["张三", "李四"] and read.column_of("petitioner") == "D"
    said = [f.message for f in read.findings if f.code == "R006"]
    assert said == ["表头“信访人”在 D1 和 B1 重复出现，只读取了 D1 所在的列（B1 所在的列是空的）。"]


# --- Excel's “Strict Open XML” save ----------------------------------------------------------------

_STRICT = {b"http://schemas.openxmlformats.org/spreadsheetml/2006/main": b"http://purl.oclc.org/ooxml/spreadsheetml/main",
           b"http://schemas.openxmlformats.org/officeDocument/2006/relationships":
               b"http://purl.oclc.org/ooxml/officeDocument/relationships"}


def test_a_strict_open_xml_workbook_reaching_far_is_read_not_aborted(tmp_path):
    # the extent scan knew only the Transitional namespaces: a Strict file's sheets went unscanned, and a far
    # stray cell had calamine allocate 512 GB and abort the process (SIGABRT, a Rust backtrace)
    path = ledger(tmp_path / "严格.xlsx", dict(case_id="2019-001", petitioner="张三"),
                  dict(case_id="2019-002", petitioner="李四"))
    book = openpyxl.load_workbook(path)
    book["台账"]["XFD1048576"] = "误按的字"
    book.save(path)

    def strict(name: str, data: bytes) -> bytes:
        for transitional, purl in _STRICT.items():
            data = data.replace(transitional, purl)
        return data

    _rewrite(path, strict)
    result = xlkit_process("check", path, "--json", "--today", "2019-10-01")
    assert result.returncode in (0, 1), result.stderr[-2000:]
    assert "Warning" not in result.stderr
    found = json.loads(result.stdout)
    assert found["cases"] == 2
    assert ("R020", "XFD1048576") in {(f["code"], f["cell"]) for f in found["findings"]}


def test_a_date_in_year_zero_or_past_9999_is_unreadable_not_a_crash(tmp_path):
    rows = [{"案件编号": f"2019-00{i}", "信访人": "甲", "登记日期": text} for i, text in
            enumerate(["0000-02-30", "9999-12-32", "2019.9.31"], start=1)]
    path = helpers.write_ledger(tmp_path / "台账.xlsx", rows, headers=["案件编号", "信访人", "登记日期"])
    said = {f.value: f.message for f in read_ledger(path).findings if f.code == "R001"}
    assert set(said) == {"0000-02-30", "9999-12-32", "2019.9.31"}
    assert "9月只有 30 天" in said["2019.9.31"]


def test_an_id_number_stored_as_a_number_is_shown_whole(tmp_path):
    path = helpers.write_ledger(tmp_path / "台账.xlsx", [{"案件编号": "1", "信访人": "甲", "身份证号": 511723198001011234}],
                                headers=["案件编号", "信访人", "身份证号"])
    [said] = [f for f in read_ledger(path).findings if f.code == "R003"]
    assert "511723198001011" in str(said.value)  # the digits Excel kept, findable in the sheet; not 5.11723e+17
