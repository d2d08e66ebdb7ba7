"""Hostile input, fourth round: files damaged on the way (a copy cut short, bytes broken inside a package).

Each used to end in a Python traceback (or a Rust backtrace) instead of a message naming the file.
"""

from __future__ import annotations

import struct
import zipfile
from pathlib import Path

import pytest
import xlwt
from test_hostile import ledger, xlkit_process

from xlkit.read.ledger import LedgerError, read_ledger


def _xls(path: Path, cases: int = 30) -> Path:
    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("台账")
    for column, text in enumerate(["案件编号", "信访人", "联系电话", "诉求内容"]):
        sheet.write(0, column, text)
    for row in range(1, cases + 1):
        for column, value in enumerate([f"2019-{row:03d}", f"信访人{row}", "13800001111", "清运垃圾" * row]):
            sheet.write(row, column, value)
    book.save(str(path))
    return path


# --- an .xls cut short ----------------------------------------------------------------------------

#: where the copy stopped: a byte count (mid-sector) or a whole number of 512-byte sectors
CUTS = [("30%", 0.3), ("90%", 0.9), ("99%", 0.99), ("8 sectors", 8 * 512), ("16 sectors", 16 * 512)]


@pytest.mark.parametrize(("label", "cut"), CUTS, ids=[c[0] for c in CUTS])
def test_an_xls_cut_short_is_said_to_be_incomplete(tmp_path, label, cut):
    # calamine's Rust code panicked on most cuts ("slice index starts at 12288 but ends at 11929"): pyo3's
    # PanicException is no Exception, so it went past every `except Exception` as a traceback
    whole = _xls(tmp_path / "whole.xls").read_bytes()
    size = int(len(whole) * cut) if isinstance(cut, float) else cut
    path = tmp_path / "台账 拷贝.xls"
    path.write_bytes(whole[:size])
    with pytest.raises(LedgerError) as raised:
        read_ledger(path)
    assert "“台账 拷贝.xls”不完整" in str(raised.value) and "重新拷贝或下载" in str(raised.value)


def test_a_whole_xls_is_not_called_incomplete(tmp_path):
    from xlkit.read.sniff import ole_cut_short

    path = _xls(tmp_path / "台账.xls")
    assert not ole_cut_short(path) and len(read_ledger(path)) == 30


def test_a_panic_reading_an_xls_prints_no_backtrace(tmp_path):
    # before pyo3 raises, Rust's panic hook printed the panic and (RUST_BACKTRACE=1) some seventy frames
    whole = _xls(tmp_path / "whole.xls").read_bytes()
    path = tmp_path / "断.xls"
    path.write_bytes(whole[:int(len(whole) * 0.9)])
    for command in (["check", path], ["check", path, "-o", tmp_path / "结果.xlsx"], ["docs", path, "-o", tmp_path / "文书"],
                    ["merge", path, _xls(tmp_path / "好.xls"), "-o", tmp_path / "合并.xlsx"]):
        result = xlkit_process(*command, env={"RUST_BACKTRACE": "1"})
        assert result.returncode == 2, result.stderr[-2000:]
        assert "panicked" not in result.stderr and "Traceback" not in result.stderr and "backtrace" not in result.stderr
        assert "“断.xls”不完整" in result.stderr


# --- a package with damaged bytes -----------------------------------------------------------------


def _entry(data: bytes, part: str) -> tuple[int, int]:
    """Where the part's central directory entry and its local header start."""
    at = data.find(b"PK\x01\x02")
    while at != -1:
        length = struct.unpack_from("<H", data, at + 28)[0]
        if data[at + 46:at + 46 + length] == part.encode():
            return at, struct.unpack_from("<I", data, at + 42)[0]
        at = data.find(b"PK\x01\x02", at + 4)
    raise KeyError(part)


def _break(path: Path, part: str, how: str) -> Path:
    """The package with one part damaged as a copy or a disk damages it."""
    data = bytearray(path.read_bytes())
    central, local = _entry(data, part)
    if how == "deflate":  # bytes in the middle of the part's compressed data: zlib.error
        with zipfile.ZipFile(path) as package:
            packed = package.getinfo(part).compress_size
        name, extra = struct.unpack_from("<HH", data, local + 26)
        middle = local + 30 + name + extra + packed // 2
        data[middle:middle + 8] = b"\xff" * 8
    elif how == "version":  # the version needed to extract (a flipped byte): NotImplementedError
        struct.pack_into("<H", data, central + 6, 233)
    elif how == "method":  # Deflate64, written by some zip tools: NotImplementedError
        struct.pack_into("<H", data, central + 10, 9)
        struct.pack_into("<H", data, local + 8, 9)
    path.write_bytes(data)
    return path


BREAKS = [(part, how) for part in ("xl/worksheets/sheet1.xml", "xl/workbook.xml", "xl/styles.xml")
          for how in ("deflate", "version", "method")]


@pytest.mark.parametrize(("part", "how"), BREAKS, ids=[f"{p.split('/')[-1]}-{h}" for p, h in BREAKS])
def test_a_package_with_a_damaged_part_is_read_or_named_never_a_traceback(tmp_path, part, how):
    # zipfile raises zlib.error, NotImplementedError… for a part's damaged bytes, not BadZipFile: each place that
    # opened the package caught its own few types, and the rest went past them as a traceback
    path = _break(ledger(tmp_path / "台账.xlsx", dict(case_id="2019-001", petitioner="张三")), part, how)
    try:
        read = read_ledger(path)
    except LedgerError as error:
        assert "“台账.xlsx”" in str(error) and "损坏" in str(error)
    else:  # calamine reads what zipfile cannot (a version field it does not check)
        assert list(read.frame["case_id"]) == ["2019-001"] and list(read.frame["petitioner"]) == ["张三"]


def test_the_commands_say_a_package_is_damaged(tmp_path):
    path = _break(ledger(tmp_path / "台账.xlsx", dict(case_id="2019-001", petitioner="张三")),
                  "xl/styles.xml", "deflate")
    for command in (["check", path, "-o", tmp_path / "结果.xlsx"], ["quarterly", path, "-o", tmp_path / "季度.xlsx"]):
        result = xlkit_process(*command)
        assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr[-2000:]
        assert "“台账.xlsx”无法作为 Excel 文件打开" in result.stderr and "损坏" in result.stderr


# --- an output the system will not write ----------------------------------------------------------

#: a name past the 255 bytes a file name may have (86 Chinese characters are 258 bytes of UTF-8)
LONG_NAME = "二零一九年度开江县城乡环境综合治理办公室求决类信访工作台账校验结果" * 3 + ".xlsx"


@pytest.mark.parametrize("command", ["check", "quarterly", "monthly", "merge"])
def test_an_output_the_system_refuses_is_a_message_naming_it(tmp_path, command):
    # an OSError that is no PermissionError (a name too long, a write-protected drive, a full disk) went past
    # the commands as a traceback
    path = ledger(tmp_path / "台账.xlsx", dict(case_id="2019-001", petitioner="张三"))
    output = tmp_path / LONG_NAME
    extra = ["--today", "2019-10-01"] if command == "check" else []
    result = xlkit_process(command, path, *extra, "-o", output)
    assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr[-2000:]
    assert "文件名或文件夹路径太长" in result.stderr and LONG_NAME in result.stderr and "-o" in result.stderr


def test_an_os_error_is_said_with_its_file_and_what_to_do():
    import errno

    from xlkit.output.files import os_error_message

    said = os_error_message(OSError(errno.EROFS, "Read-only file system", "E:/结果.xlsx"))
    assert said.startswith("无法读写“E:/结果.xlsx”：所在的磁盘是只读的") and "换一个可以写入的文件夹" in said
    assert "磁盘空间不足" in os_error_message(OSError(errno.ENOSPC, "No space left on device"))
    assert "系统报告" in os_error_message(OSError(errno.EMLINK, "Too many links", "x.xlsx"))


# --- a text export with a quote not closed ---------------------------------------------------------


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_cases_taken_into_a_cell_by_a_quote_not_closed_are_said(tmp_path, newline):
    # “"未结束 …” opens a quoted cell that runs to the next quote: the cases on the lines after were read into
    # 2019-003's 诉求内容 (as Excel reads them) and the ledger had two cases fewer, without a word
    lines = ["案件编号,信访人,联系电话,诉求内容", '2019-001,张三,13800001111,"第一行', '第二行,有逗号"',
             '2019-002,"李四,王五",13900002222,清运垃圾', '2019-003,赵六,13700003333,"未结束',
             "2019-004,孙七,13600004444,清运垃圾", "2019-005,周八,13500005555,清运垃圾"]
    path = tmp_path / "系统导出.csv"
    path.write_bytes(newline.join(lines).encode("gb18030"))
    read = read_ledger(path)
    assert list(read.frame["case_id"]) == ["2019-001", "2019-002", "2019-003"]  # as Excel reads it
    said = [f for f in read.findings if f.code == "R047"]
    assert [(f.cell, f.case_id, f.column) for f in said] == [("D4", "2019-003", "诉求内容")]
    assert "后面 2 行像是另外的案件" in said[0].message and "2019-004,孙七" in said[0].message
    assert len(said[0].value) < 40


def test_a_text_cell_of_several_lines_is_no_quote_left_open(tmp_path):
    path = tmp_path / "导出.csv"
    path.write_text('案件编号,信访人,联系电话,诉求内容\n2019-001,张三,13800001111,"一、清运垃圾,\n二、修路,补灯"\n',
                    encoding="utf-8")
    assert not [f for f in read_ledger(path).findings if f.code == "R047"]


def test_a_text_export_joining_gbk_and_utf8_lines_reads_each_line_in_its_own(tmp_path):
    # two exports joined (copy a.csv+b.csv), one saved in GBK and one in UTF-8: the file is no UTF-8 as a whole,
    # so all of it was read as GBK and the UTF-8 cases became 寮犱笁 (张三) everywhere, without a word
    head = "案件编号,信访人,联系电话,诉求内容\r\n2019-001,李四,13900002222,清运村口垃圾\r\n".encode("gbk")
    tail = "2019-002,张三,13800001111,修复村道路灯\r\n2019-003,王五,13700003333,治理污水\r\n".encode()
    path = tmp_path / "合并导出.csv"
    path.write_bytes(head + tail)
    read = read_ledger(path)
    assert list(read.frame["petitioner"]) == ["李四", "张三", "王五"]
    assert list(read.frame["demand"]) == ["清运村口垃圾", "修复村道路灯", "治理污水"]
    said = [f for f in read.findings if f.code == "R047"]
    assert len(said) == 1 and "第 3 行起有 2 行是 UTF-8 编码" in said[0].message


def test_a_gbk_export_is_not_taken_for_mixed(tmp_path):
    path = tmp_path / "导出.csv"
    path.write_bytes(("案件编号,信访人,联系电话,诉求内容\n" + "".join(
        f"2019-{n:03d},信访人{n},13800001111,清运垃圾、修复路灯、治理污水、整治乱搭乱建\n" for n in range(1, 500))
    ).encode("gbk"))
    read = read_ledger(path)
    assert len(read) == 499 and not [f for f in read.findings if f.code == "R047"]


# --- a shared-string table that overstates its size ------------------------------------------------


@pytest.mark.parametrize("counts", ['count="2000000000" uniqueCount="2000000000"', 'uniqueCount = "4294967295"'])
def test_a_shared_string_table_claiming_billions_of_strings_is_read(tmp_path, counts):
    # calamine reserved room for uniqueCount strings before reading one: the process aborted (SIGABRT, exit
    # 134, nothing said); the counts are optional, the copy read leaves them out
    import xlsxwriter

    path = tmp_path / "台账.xlsx"
    book = xlsxwriter.Workbook(str(path))  # (shared strings, as Excel writes them)
    sheet = book.add_worksheet("台账")
    for row, values in enumerate([["案件编号", "信访人", "诉求内容"], ["2019-001", "张三", "清运垃圾"]]):
        sheet.write_row(row, 0, values)
    book.close()
    with zipfile.ZipFile(path) as source:
        parts = {info.filename: source.read(info) for info in source.infolist()}
    table = parts["xl/sharedStrings.xml"].decode()
    assert 'uniqueCount="' in table
    import re

    parts["xl/sharedStrings.xml"] = re.sub(r'count="\d+" uniqueCount="\d+"', counts, table).encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            target.writestr(name, data)
    result = xlkit_process("check", path, "--json", "--today", "2019-10-01")
    assert result.returncode in (0, 1), (result.returncode, result.stderr[-2000:])
    import json

    assert json.loads(result.stdout)["cases"] == 1
    read = read_ledger(path)
    assert list(read.frame["petitioner"]) == ["张三"] and list(read.frame["demand"]) == ["清运垃圾"]


# --- an .xls whose sheet states a block it does not have -------------------------------------------


def test_an_xls_stating_billions_of_rows_is_read(tmp_path):
    # a DIMENSIONS record stating 4,294,967,295 rows × 65,535 columns over 31 rows of cells: calamine reserves
    # the block it states, and the process aborted (SIGABRT, exit 134, nothing said)
    import olefile

    path = _xls(tmp_path / "台账.xls")
    with olefile.OleFileIO(str(path), write_mode=True) as ole:
        stream = bytearray(ole.openstream("Workbook").read())
        at, stated = 0, 0
        while at + 4 <= len(stream):
            kind, length = struct.unpack_from("<HH", stream, at)
            if kind == 0x0200:  # DIMENSIONS: first row, last row + 1, first column, last column + 1
                struct.pack_into("<IIHH", stream, at + 4, 0, 0xFFFFFFFF, 0, 0xFFFF)
                stated += 1
            at += 4 + length
        assert stated == 1
        ole.write_stream("Workbook", bytes(stream))
    result = xlkit_process("check", path, "--json", "--today", "2019-10-01")
    assert result.returncode in (0, 1), (result.returncode, result.stderr[-2000:])
    import json

    assert json.loads(result.stdout)["cases"] == 30
    assert list(read_ledger(path).frame["petitioner"])[:2] == ["信访人1", "信访人2"]
