"""Hostile and foreign ledgers, second round: classes of file the earlier rounds did not build.

Each test builds its file and reads it through the command line or the reader, as a clerk's run would.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import helpers
import openpyxl
import pytest
from click.testing import CliRunner
from openpyxl.utils.datetime import CALENDAR_MAC_1904

from xlkit.cli import cli
from xlkit.read.ledger import read_ledger

D = dt.date
HEADERS = ["案件编号", "登记日期", "登记人", "案件来源", "信访形式", "信访人", "问题属地乡镇", "问题类别", "诉求内容",
           "受理日期"]


def case(number: int, **changes) -> list:
    values = dict(zip(HEADERS, [f"2019-{number:03d}", D(2019, 9, 2), "李登记", "县信访局", "来访", f"张{number}",
                                "新宁镇", "生活垃圾", "清运垃圾", D(2019, 9, 3)], strict=True))
    values.update(changes)
    return [values[h] for h in HEADERS]


def check_json(path: Path) -> dict:
    result = CliRunner().invoke(cli, ["check", str(path), "--json", "--today", "2019-12-01"])
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.output)


# --- the 1904 date system ------------------------------------------------------------------------


def _ledger_1904(path: Path) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "台账"
    sheet.append(HEADERS)
    sheet.append(case(1))  # dates in date cells: openpyxl writes them as 1904 serials with a date format
    sheet.append(case(2, 登记日期=42248, 受理日期=42249))  # serials typed in cells formatted as numbers
    sheet.append(case(3, 登记日期=20190902, 受理日期="2019-09-03"))  # 8-digit dates and text are no serials
    workbook.epoch = CALENDAR_MAC_1904
    workbook.save(path)
    return path


def test_a_1904_workbook_reads_its_plain_serials_as_excel_shows_them(tmp_path):
    # Excel for Mac's old default: serial 42248 is 2019-09-02 there, 2015-09-01 in the 1900 system
    ledger = read_ledger(_ledger_1904(tmp_path / "mac.xlsx"))
    frame = ledger.frame
    assert [d.date() for d in frame["registered_on"]] == [D(2019, 9, 2)] * 3
    assert [d.date() for d in frame["accepted_on"]] == [D(2019, 9, 3)] * 3
    assert not [f for f in check_json(tmp_path / "mac.xlsx")["findings"] if f["code"] != "C001"]


@pytest.mark.libreoffice
def test_an_xls_in_the_1904_date_system_reads_its_plain_serials_too(tmp_path):
    xls = helpers.convert(_ledger_1904(tmp_path / "mac.xlsx"), "xls", tmp_path / "xls")
    frame = read_ledger(xls).frame
    assert [d.date() for d in frame["registered_on"]] == [D(2019, 9, 2)] * 3
    assert [d.date() for d in frame["accepted_on"]] == [D(2019, 9, 3)] * 3


# --- rows a clerk cleared with the space bar --------------------------------------------------------


def test_a_row_of_cells_cleared_with_spaces_is_not_a_case(tmp_path):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "台账"
    sheet.append(HEADERS)
    sheet.append(case(1))
    sheet.append([" "] * len(HEADERS))  # every cell "cleared" with a space
    sheet.append(["\u3000", None, " ", "  ", "\t", None, " ", " ", " ", None])  # ideographic space, a tab
    sheet.append(case(2))
    sheet.append(case(3, 案件编号=" ", 信访人="王五"))  # a case whose number is missing: still a case
    path = tmp_path / "spaces.xlsx"
    workbook.save(path)
    report = check_json(path)
    assert report["cases"] == 3
    assert {f["row"] for f in report["findings"] if f["code"] == "C101"} == {6}  # only the case without a number


# --- formula errors seen through the Excel buttons ------------------------------------------------


def _ledger_with_errors(path: Path) -> Path:
    import xlsxwriter

    workbook = xlsxwriter.Workbook(str(path))
    sheet = workbook.add_worksheet("台账")
    dates = workbook.add_format({"num_format": "yyyy-mm-dd"})
    sheet.write_row(0, 0, HEADERS)
    for r in range(1, 4):
        for c, value in enumerate(case(r)):
            if isinstance(value, dt.date):
                sheet.write_datetime(r, c, dt.datetime.combine(value, dt.time()), dates)
            else:
                sheet.write(r, c, value)
    # a lookup that found nothing, in a date and in a text column, as Excel saved them (cached error values)
    sheet.write_formula(2, HEADERS.index("受理日期"), "=VLOOKUP(A3,交办!A:B,2,FALSE)", None, "#N/A")
    sheet.write_formula(3, HEADERS.index("信访人"), "=1/0", None, "#DIV/0!")
    settings = workbook.add_worksheet("设置")
    settings.write_row(0, 0, ["项目", "值"])
    settings.write(1, 0, "临期提醒天数")
    settings.write_formula(1, 1, "=NA()", None, "#N/A")
    workbook.close()
    return path


def test_formula_errors_in_the_open_book_are_said_by_the_check_button_as_by_the_command(tmp_path, monkeypatch):
    import xlwings_payload as xp

    from xlkit.excel import buttons

    monkeypatch.setenv("XLWINGS_LICENSE_KEY", "noncommercial")
    source = _ledger_with_errors(tmp_path / "台账.xlsx")
    by_command = sorted((f["code"], f["sheet"], f["cell"]) for f in check_json(source)["findings"]
                        if f["code"] == "R024")
    assert by_command == [("R024", "台账", "F4"), ("R024", "台账", "J3"), ("R024", "设置", "B2")]
    payload = xp.payload_from_xlsx(source, name=str(source))
    # what Excel's VBA client sends for those cells (calamine, which built the payload, reads them as empty)
    payload["sheets"][0]["values"][2][HEADERS.index("受理日期")] = "#N/A"
    payload["sheets"][0]["values"][3][HEADERS.index("信访人")] = "#DIV/0!"
    payload["sheets"][1]["values"][1][1] = "#N/A"
    book = xp.open_payload(payload)
    ledger = buttons.read_book(book)
    by_button = sorted((f.code, f.sheet, f.cell) for f in ledger.findings if f.code == "R024")
    assert by_button == by_command
    assert ledger.frame.loc[[3, 4], ["accepted_on", "petitioner"]].isna().to_numpy().tolist() == [[True, False],
                                                                                                  [False, True]]


def test_excel_error_values_from_com_are_taken_out_and_noted_at_their_cell():
    from xlkit.excel.buttons import _take_errors

    spill = -2146828288 + 2045  # #SPILL!: COM's int, which xlwings' err_to_str leaves as it is
    rows = [["案件编号", "受理日期"], ["2019-001", "#N/A"], ["2019-002", spill], ["2019-003", -2146826246.0]]
    errors: dict = {}
    _take_errors(rows, errors)
    assert errors == {(2, 2): "#N/A", (3, 2): "#SPILL!"}
    assert rows[1:] == [["2019-001", None], ["2019-002", None], ["2019-003", -2146826246.0]]  # a float is a number


# --- an OpenDocument spreadsheet reaching far -------------------------------------------------------

_ODS_NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
           'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
           'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"')


def _ods_cell(value) -> str:
    return f'<table:table-cell office:value-type="string"><text:p>{value}</text:p></table:table-cell>'


def _ods(path: Path, after: str = "") -> Path:
    """An .ods as a spreadsheet program writes one: a ledger table, then `after` (more rows) in it."""
    import zipfile

    rows = "".join("<table:table-row>" + "".join(_ods_cell(v) for v in values) + "</table:table-row>"
                   for values in [["案件编号", "信访人", "登记日期", "诉求内容"],
                                  *([f"2019-00{i}", f"张{i}", "2019-09-03", "清运垃圾"] for i in range(1, 4))])
    content = (f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {_ODS_NS} office:version="1.2">'
               f'<office:body><office:spreadsheet><table:table table:name="台账">{rows}{after}</table:table>'
               "</office:spreadsheet></office:body></office:document-content>")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet", zipfile.ZIP_STORED)
        package.writestr("META-INF/manifest.xml", (
            '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:'
            'xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type='
            '"application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" '
            'manifest:media-type="text/xml"/></manifest:manifest>'))
        package.writestr("content.xml", content)
    return path


#: a million empty rows written as one repeated row (as LibreOffice saves them), then a value in column BI
_FAR = ('<table:table-row table:number-rows-repeated="1048570"><table:table-cell table:number-columns-repeated='
        f'"1024"/></table:table-row><table:table-row><table:table-cell table:number-columns-repeated="60"/>'
        f'{_ods_cell("x")}</table:table-row>')
#: one value repeated over 200,000 rows of 50 columns (a whole block filled at once)
_FILLED = ('<table:table-row table:number-rows-repeated="200000"><table:table-cell office:value-type="string" '
           'table:number-columns-repeated="50"><text:p>同</text:p></table:table-cell></table:table-row>')


@pytest.mark.parametrize(("after", "name", "cell"), [(_FAR, "远.ods", "BI1048575"), (_FAR, "远.xlsx", "BI1048575"),
                                                     (_FILLED, "满.ods", "AX200004")],
                         ids=["far value", "far value under an xlsx name", "repeated block"])
def test_an_ods_reaching_far_is_a_clear_exit_2_not_gigabytes(tmp_path, after, name, cell):
    from test_hostile import measured

    path = _ods(tmp_path / name, after)
    code, _, err, seconds, peak = measured("check", path, "--json")
    assert code == 2, err
    assert "工作表“台账”" in err and cell in err and "Ctrl+End" in err and "Traceback" not in err
    assert peak < 400 << 20 and seconds < 30  # calamine alone took 2 GB for a value at Z1048576


def test_an_ods_of_ordinary_size_is_read_after_the_scan(tmp_path):
    from xlkit.read.ods_extent import table_extents

    path = _ods(tmp_path / "台账.ods", '<table:table-row table:number-rows-repeated="1000"><table:table-cell '
                                      'table:number-columns-repeated="1024"/></table:table-row>')
    [table] = table_extents(path)
    assert (table.name, table.rows, table.columns) == ("台账", 4, 4)  # empty repeated rows reach nowhere
    assert check_json(path)["cases"] == 3


# --- a UTF-16 package carrying a huge part --------------------------------------------------------


def _utf16_package(path: Path, padding_bytes: int) -> Path:
    """A ledger whose sheet is UTF-16 (as some .NET exporters write it), with an extra UTF-16 XML part of
    `padding_bytes` unpacked (a custom XML part nobody reads), written a MB at a time."""
    import zipfile

    source = path.with_name("utf8.xlsx")
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "台账"
    sheet.append(HEADERS)
    sheet.append(case(1))
    sheet.append(case(2))
    workbook.save(source)
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        for info in original.infolist():
            data = original.read(info)
            if info.filename.startswith("xl/worksheets/"):
                data = b"\xff\xfe" + data.decode("utf-8").replace('encoding="UTF-8"', 'encoding="UTF-16"').encode(
                    "utf-16-le")
            package.writestr(info.filename, data)
        with package.open("customXml/item1.xml", "w", force_zip64=True) as part:
            part.write(b"\xff\xfe" + "<a>".encode("utf-16-le"))
            block = (" " * (1 << 19)).encode("utf-16-le")
            for _ in range(padding_bytes // len(block)):
                part.write(block)
            part.write("</a>".encode("utf-16-le"))
    return path


def test_a_utf16_package_is_copied_a_chunk_at_a_time_not_held_whole(tmp_path):
    from test_hostile import measured

    path = _utf16_package(tmp_path / "导出.xlsx", 400 << 20)  # 400 MB unpacked: read whole, about 1.2 GB
    code, out, err, _, peak = measured("check", path, "--json", "--today", "2019-12-01", limit_bytes=2 << 30)
    assert code == 0, err
    assert json.loads(out)["cases"] == 2
    assert peak < 300 << 20, peak


def test_a_utf16_package_unpacking_past_the_bound_is_a_clear_exit_2(tmp_path, monkeypatch):
    from xlkit.read import utf16

    monkeypatch.setattr(utf16, "MAX_COPY_BYTES", 1 << 20)  # (the bound is 2 GB: not built in a test)
    path = _utf16_package(tmp_path / "导出.xlsx", 2 << 20)
    result = CliRunner().invoke(cli, ["check", str(path), "--json"])
    assert result.exit_code == 2
    assert "导出.xlsx" in result.output and "customXml/item1.xml" in result.output and "另存为" in result.output


# --- an Excel binary workbook (.xlsb) reaching far ---------------------------------------------------


def _varint(number: int) -> bytes:
    out = b""
    while True:
        low, number = number & 0x7F, number >> 7
        if not number:
            return out + bytes([low])
        out += bytes([low | 0x80])


def _record(kind: int, data: bytes = b"") -> bytes:
    return _varint(kind) + _varint(len(data)) + data


def _wide(text: str) -> bytes:
    return len(text).to_bytes(4, "little") + text.encode("utf-16-le")


def _xlsb(path: Path, far: tuple[int, int] | None = None) -> Path:
    """An .xlsb as Excel writes one (BIFF12 records: BrtRowHdr, then BrtCellSt/BrtCellReal cells), its stated
    dimension A1:D4 whatever it holds; `far`: (row, column), 0-based, of one more text cell."""
    import struct
    import zipfile

    def row(number: int) -> bytes:
        return _record(0x0000, struct.pack("<IIH", number, 0, 300) + b"\x00\x00\x00" + struct.pack("<I", 0))

    def text(column: int, value: str) -> bytes:
        return _record(0x0006, struct.pack("<II", column, 0) + _wide(value))

    def number(column: int, value: float) -> bytes:
        return _record(0x0005, struct.pack("<IId", column, 0, value))

    body = row(0) + b"".join(text(c, h) for c, h in enumerate(["案件编号", "信访人", "登记日期", "诉求内容"]))
    for i in range(1, 4):
        body += row(i) + text(0, f"2019-00{i}") + text(1, f"张{i}") + number(2, 43710 + i) + text(3, "清运垃圾")
    if far is not None:
        body += row(far[0]) + text(far[1], "误按的字")
    sheet = (_record(0x0081) + _record(0x0094, struct.pack("<IIII", 0, 3, 0, 3)) + _record(0x0091) + body
             + _record(0x0092) + _record(0x0082))
    book = (_record(0x0083) + _record(0x008F) + _record(0x009C, struct.pack("<II", 0, 1) + _wide("rId1") + _wide("台账"))
            + _record(0x0090) + _record(0x0084))
    rels = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
            '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/{kind}" Target="{target}"/></Relationships>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", (
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Default Extension="bin" ContentType="application/vnd.ms-excel.sheet.binary.macroEnabled'
            '.main"/><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.bin" ContentType="application/vnd.ms-excel.worksheet"/></Types>'))
        package.writestr("_rels/.rels", rels.format(kind="officeDocument", target="xl/workbook.bin"))
        package.writestr("xl/_rels/workbook.bin.rels", rels.format(kind="worksheet", target="worksheets/sheet1.bin"))
        package.writestr("xl/workbook.bin", book)
        package.writestr("xl/worksheets/sheet1.bin", sheet)
    return path


@pytest.mark.parametrize("name", ["远.xlsb", "远.xlsx"])
def test_an_xlsb_reaching_far_is_a_clear_exit_2_not_gigabytes(tmp_path, name):
    from test_hostile import measured

    path = _xlsb(tmp_path / name, far=(1048575, 40))  # AO1048576: 40 s and 1.8 GB in calamine
    code, _, err, seconds, peak = measured("check", path, "--json")
    assert code == 2, err
    assert "工作表“台账”" in err and "AO1048576" in err and "Ctrl+End" in err and "Traceback" not in err
    assert peak < 400 << 20 and seconds < 30


def test_an_xlsb_of_ordinary_size_is_read_after_the_walk(tmp_path):
    from xlkit.read.xlsb_extent import sheet_extents

    path = _xlsb(tmp_path / "台账.xlsb", far=(30, 2))
    [sheet] = sheet_extents(path)
    assert (sheet.name, sheet.rows, sheet.columns) == ("台账", 31, 4)
    report = check_json(path)
    assert report["cases"] == 3 and not [f for f in report["findings"] if f["code"] not in ("C001", "R000")]


# --- a two-row header typed without merging cells ----------------------------------------------------


def test_a_two_row_header_typed_without_merging_reads_the_upper_rows_lone_headers(tmp_path):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "台账"
    sheet.append(["2019年信访工作台账"])  # a title: no header, stays a title
    sheet.append(["案件编号", "登记日期", "信访人", None, "诉求内容", "办理情况", None])  # nothing merged
    sheet.append([None, None, "姓名", "身份证号", None, "受理日期", "办结日期"])
    for i in range(1, 4):
        sheet.append([f"2019-00{i}", D(2019, 9, i), f"张{i}", None, "清运垃圾", D(2019, 9, i + 1), None])
    path = tmp_path / "两行表头.xlsx"
    workbook.save(path)
    ledger = read_ledger(path)
    assert ledger.header_row == 3
    assert {f: ledger.column_of(f) for f in ("case_id", "registered_on", "petitioner", "id_number", "demand",
                                              "accepted_on", "closed_on")} == dict(
        case_id="A", registered_on="B", petitioner="C", id_number="D", demand="E", accepted_on="F", closed_on="G")
    assert list(ledger.frame["case_id"]) == ["2019-001", "2019-002", "2019-003"]
    assert [f.code for f in ledger.findings if f.code in ("R009", "R034")] == []  # no column left unread


def test_the_satisfaction_column_as_petition_systems_head_it_is_read():
    from xlkit.read.headers import lookup

    assert {lookup(h).column.field for h in ("群众满意度", "满意程度")} == {"satisfaction"}


def test_a_utf16_part_cut_mid_character_is_a_message_not_a_traceback(tmp_path):
    """A damaged export: the UTF-16 sheet part ends with half a character (an odd byte). The streamed copy
    raised UnicodeDecodeError at the part's end, past every handler: the clerk saw a traceback."""
    import io
    import zipfile

    from xlkit.read.utf16 import _copy_part

    out = io.BytesIO()
    _copy_part(io.BytesIO(b"\xff\xfe" + "<a>hi</a>".encode("utf-16-le") + b"\x00"), out, True, 0, "x.xml")
    assert b"<a>hi</a>" in out.getvalue()
    path = _utf16_package(tmp_path / "导出.xlsx", 0)
    damaged = tmp_path / "坏导出.xlsx"
    with zipfile.ZipFile(path) as original, zipfile.ZipFile(damaged, "w", zipfile.ZIP_DEFLATED) as package:
        for info in original.infolist():
            data = original.read(info)
            package.writestr(info.filename, data + b"\x00" if info.filename.startswith("xl/worksheets/") else data)
    result = CliRunner().invoke(cli, ["check", str(damaged), "--json", "--today", "2019-10-01"])
    assert result.exit_code in (0, 1, 2), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
