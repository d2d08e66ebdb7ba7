"""Printing: rows fit their wrapped text, the printed 台账 repeats its identity columns and numbers its pages."""

from __future__ import annotations

import openpyxl
import pytest

from xlkit.output import xlsx_style as style
from xlkit.output.files import save_workbook
from xlkit.schema import BY_FIELD, CALENDAR_SHEET, COLUMNS, HELPER_HEADERS, MARK_SHEET
from xlkit.template.builder import BLANK_PRINT_ROWS, FIRST_DATA_ROW, build_workbook, write_template

LONG = "反映村道旁有人随意倾倒建筑垃圾和生活垃圾，气味难闻、蚊蝇滋生，要求清理并制止乱倒行为。" * 2


def test_a_row_grows_to_fit_its_wrapped_text(tmp_path):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    style.write_table(sheet, 1, ["编号", "诉求内容"], [["2019-001", LONG], ["2019-002", "短"]], wrap=(1,),
                      max_width=30)
    path = save_workbook(workbook, tmp_path / "t.xlsx")
    sheet = openpyxl.load_workbook(path).active
    lines = style.lines_needed(LONG, sheet.column_dimensions["B"].width)
    assert lines >= 5
    assert sheet.row_dimensions[2].height >= lines * 10 * 1.3
    assert sheet.row_dimensions[3].height in (None, 15)  # one line: left alone


def test_a_merged_note_counts_the_width_of_every_column_it_spans(tmp_path):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for letter in "ABCD":
        sheet.column_dimensions[letter].width = 20
    style.note(sheet, 1, LONG, columns=4)
    style.fit_rows(sheet)
    assert sheet.row_dimensions[1].height == pytest.approx(
        style.lines_needed(LONG, 80) * 9 * style.LINE_SPACING + style.ROW_PADDING, abs=0.2)


@pytest.fixture(scope="module")
def blank(tmp_path_factory):
    path = write_template(tmp_path_factory.mktemp("tpl") / "台账.xlsx")
    return openpyxl.load_workbook(path)


def test_printed_ledger_repeats_header_and_identity_columns_and_numbers_pages(blank):
    ws = blank["台账"]
    petitioner = openpyxl.utils.get_column_letter(COLUMNS.index(BY_FIELD["petitioner"]) + 1)
    assert ws.print_title_rows.replace("$", "") == "2:2"
    assert ws.print_title_cols.replace("$", "") == f"A:{petitioner}"
    assert "&P" in ws.oddFooter.center.text and "&N" in ws.oddFooter.center.text
    assert ws.page_setup.orientation == "landscape" and int(ws.page_setup.paperSize) == int(ws.PAPERSIZE_A3)
    # a blank template prints one page of empty rows, not its 2,000 pre-formatted ones
    assert ws.print_area.endswith(f"${FIRST_DATA_ROW + BLANK_PRINT_ROWS - 1}")


def test_tool_sheets_are_hidden_and_formulas_protected_without_password(blank):
    assert blank[CALENDAR_SHEET].sheet_state == "hidden"
    assert blank[MARK_SHEET].sheet_state == "hidden"
    assert blank["台账"].sheet_state == "visible" and blank["说明"].sheet_state == "visible"
    for name in ("台账", CALENDAR_SHEET):
        protection = blank[name].protection
        assert protection.sheet and not protection.password
    ws = blank["台账"]
    helper = len(COLUMNS) + 1
    assert ws.cell(FIRST_DATA_ROW, helper).value.startswith("=")
    assert ws.cell(FIRST_DATA_ROW, helper).protection.locked
    assert ws.cell(FIRST_DATA_ROW + 5, helper + len(HELPER_HEADERS) - 1).protection.locked
    date_column = COLUMNS.index(BY_FIELD["registered_on"]) + 1
    assert not ws.cell(FIRST_DATA_ROW, date_column).protection.locked  # a pre-formatted cell stays editable
    assert not ws.cell(1, 1).protection.locked
    # a clerk can still filter, sort and add rows on the protected sheet
    assert ws.protection.autoFilter is False and ws.protection.sort is False and ws.protection.insertRows is False


def test_a_ledger_with_cases_prints_to_its_last_case(tmp_path):
    rows = [{"case_id": f"2019-{n:03d}", "petitioner": "张三", "demand": LONG} for n in range(1, 41)]
    path = tmp_path / "t.xlsx"
    save_workbook(build_workbook(rows), path)
    ws = openpyxl.load_workbook(path)["台账"]
    assert ws.print_area.endswith(f"${FIRST_DATA_ROW + 39}")
    demand = COLUMNS.index(BY_FIELD["demand"]) + 1
    assert ws.cell(FIRST_DATA_ROW, demand).alignment.wrap_text
    assert ws.row_dimensions[FIRST_DATA_ROW].height > 30


@pytest.mark.parametrize(("text", "width", "lines"), [
    ("开综治〔2019〕104-3号", 12, 3),  # 开综治 | 〔2019〕10 … the number is not broken: 〔2019〕 | 104-3号
    ("中" * 19, 20, 3),  # 9 characters a line (19 units): 9 + 9 + 1, not 38 / 19 = 2
    ("中" * 18, 20, 2),
    ("开城治信处〔2019〕12-12号", 12, 3),  # 开城治信处 | 〔2019〕12- | 12号
    ("2019-9008、2019-9045", 12, 2),  # broken after its hyphen when it must be
    ("2019-001", 12, 1),
    ("", 10, 1),
    ("第一行\n\n第三行", 10, 3),
])
def test_lines_are_counted_as_excel_and_libreoffice_wrap_them(text, width, lines):
    assert style.lines_needed(text, width) == lines


#: Text that cannot break between CJK characters: a URL, an ID number, phone numbers, lists of case numbers.
URL_TEXT = ("详见网上信访平台 https://www.sczwfw.gov.cn/jiq/front/transition/ywTransToDetail?areaCode=511723000000"
            "&itemCode=5117230000012345678901 身份证511723198001011236 电话13800001111/0818-8221234") * 2
CASE_LIST = "信访人“欧阳司马诸葛”还有其他案件（同一身份证号）：" + "、".join(f"2019-{n:04d}" for n in range(2, 41))
VERY_LONG = LONG * 8 + URL_TEXT  # more than Excel's tallest row (409 pt) holds at 46 characters


def test_a_text_longer_than_the_tallest_row_widens_its_column(tmp_path):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    style.write_table(sheet, 1, ["编号", "诉求内容"], [["2019-001", VERY_LONG], ["2019-002", "短"]], wrap=(1,),
                      max_width=46)
    style.fit_rows(sheet)
    width = sheet.column_dimensions["B"].width
    assert 46 < width <= style.MAX_WRAP_WIDTH
    lines = style.lines_needed(VERY_LONG, width, style.CJK_FONT_ASCII)
    assert lines * 10 * style.LINE_SPACING + style.ROW_PADDING <= style.MAX_ROW_HEIGHT
    assert sheet.row_dimensions[2].height >= lines * 10 * style.LINE_SPACING


@pytest.mark.libreoffice
def test_long_and_unbreakable_text_prints_inside_its_row(tmp_path):
    """Printed through LibreOffice (宋体 falls back to DejaVu Sans for Latin, a third wider than Calibri's digits):
    a URL, an ID number and a list of 39 case numbers in a 46-character column, and a 700-character 诉求内容,
    each followed by a short row. They printed their last lines over the next row: the estimate counted
    Latin letters at Calibri's width, and a 700-character text cannot fit Excel's 409-point row at 46 characters.
    The 校验结果 sheet (streamed with XlsxWriter, its own row estimate) prints the same list of case numbers."""
    import datetime as dt

    import helpers
    from click.testing import CliRunner

    from xlkit.cli import cli

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    body = []
    for number, text in enumerate((URL_TEXT, CASE_LIST, VERY_LONG, CASE_LIST + "。" + URL_TEXT)):
        body += [[f"2019-{number}", text], [f"2019-{number}b", "下一件：短短的诉求内容"]]
    style.write_table(sheet, 1, ["编号", "诉求内容"], body, wrap=(1,), max_width=46)
    style.print_setup(sheet, (1, 1))
    table = save_workbook(workbook, tmp_path / "长文本.xlsx")
    rows = [{"case_id": f"2019-{n:04d}", "petitioner": "欧阳司马诸葛", "id_number": "511723198001011236",
             "registered_on": dt.datetime(2019, 9, 2), "demand": "清理垃圾"} for n in range(1, 41)]
    ledger = helpers.write_ledger(tmp_path / "台账.xlsx", rows)
    report = tmp_path / "校验结果.xlsx"
    result = CliRunner().invoke(cli, ["check", str(ledger), "--today", "2019-12-20", "-o", str(report)])
    assert result.exit_code in (0, 1), result.output
    pdfs = helpers.convert_many([table, report], "pdf", tmp_path / "pdf")
    overlapping = {pdf.name: found[:3] for pdf in pdfs if (found := helpers.pdf_overlaps(pdf))}
    assert not overlapping, overlapping


@pytest.mark.libreoffice
def test_two_id_numbers_of_a_joint_petition_print_inside_their_column(tmp_path):
    """A 联名 case's 身份证号 cell holds two numbers joined by 、 (37 characters): the merged 台账 widened the column
    to its limit and printed the second number over the 联系电话 beside it. It now breaks after 、."""
    import helpers

    ids = "511723196005053111、511723196207084127"
    phones = "13881812345、13990876543"
    rows = [{"case_id": "2019-012", "petitioner": "张德明、李秀英等12人", "id_number": ids, "phone": phones},
            {"case_id": "2019-013", "petitioner": "李四", "id_number": "511723196207084127", "phone": "13881812345"}]
    path = tmp_path / "合并台账.xlsx"
    save_workbook(build_workbook(rows), path)
    sheet = openpyxl.load_workbook(path)["台账"]
    id_cell = sheet.cell(FIRST_DATA_ROW, COLUMNS.index(BY_FIELD["id_number"]) + 1)
    assert id_cell.alignment.wrap_text and sheet.row_dimensions[FIRST_DATA_ROW].height >= 28
    pdf = helpers.convert(path, "pdf", tmp_path / "pdf")
    assert helpers.pdf_overlaps(pdf) == []
    import subprocess
    words = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "511723196207084127" in words.replace("、", " ").split()


@pytest.mark.libreoffice
def test_a_title_wider_than_its_table_wraps_instead_of_being_cut_off(tmp_path):
    """季度分析 超期案件 printed its title as “本季度案件中超期未完成或逾期完成的环节（0 项，截至 20”: the merged
    title was cut at the narrow table's last column. It wraps, and its row grows to hold both lines."""
    import subprocess

    import helpers

    from xlkit.output.files import save_workbook

    title = "本季度案件中超期未完成或逾期完成的环节（0 项，截至 2021-01-15）"
    workbook = openpyxl.Workbook()
    ws = workbook.active
    row = style.title(ws, title, 8, "超期天数：已完成的按完成日期计，未完成的按统计日计。")
    style.write_table(ws, row, ["案件编号", "信访人", "责任股室", "环节", "期限", "完成日期", "状态", "超期天数"], [])
    path = save_workbook(workbook, tmp_path / "t.xlsx")
    assert openpyxl.load_workbook(path).active.row_dimensions[1].height > 40
    pdf = helpers.convert(path, "pdf", tmp_path / "pdf")
    printed = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                             check=True).stdout
    assert title.replace(" ", "") in "".join(printed.split()), printed
