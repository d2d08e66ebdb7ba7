"""What a file that is not an Excel workbook really is, so the message tells the clerk what to do with it.

Business systems' "导出 Excel" often writes a web page (HTML) or an Excel 2003 XML file and names it .xls;
others write text (CSV). Excel opens all of them (after a warning), so a clerk believes they are workbooks.
Only asked once a file failed to open as a workbook.
"""

from __future__ import annotations

import codecs
import struct
import zipfile
from pathlib import Path

from xlkit.read.package_errors import PACKAGE_ERRORS

_SAVE_AS = "请用 Excel 或 WPS 打开它，“文件 → 另存为”选择“Excel 工作簿（*.xlsx）”，再对另存的文件运行。"


def _head_text(path: Path, size: int = 4096) -> str:
    try:
        with path.open("rb") as handle:
            head = handle.read(size)
    except OSError:
        return ""
    for bom, codec in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
                       (codecs.BOM_UTF16_BE, "utf-16-be")):
        if head.startswith(bom):
            return head[len(bom):].decode(codec, "ignore")
    if head[1:2] == b"\x00":  # UTF-16 without its mark (some exporters' text files)
        return head.decode("utf-16-le", "ignore")
    for codec in ("utf-8", "gb18030"):
        try:
            return head.decode(codec)
        except UnicodeDecodeError as error:
            if error.start > len(head) - 4:  # cut in the middle of a character at the end of the block
                return head[:error.start].decode(codec, "ignore")
    return ""


def not_a_workbook_message(path: Path) -> str:
    """The message for a file that is neither a package (.xlsx) nor an OLE file (.xls)."""
    text = _head_text(path)
    lowered = text.lstrip().lower()
    name = path.name
    if "urn:schemas-microsoft-com:office:spreadsheet" in lowered:
        return (f"“{name}”是 Excel 2003 XML 格式的表格，不是 Excel 文件（一些业务系统“导出 Excel”时这样保存）。"
                + _SAVE_AS)
    if lowered.startswith("mime-version") or "multipart/related" in lowered[:1000]:
        return f"“{name}”是“单个文件网页”（MHT）格式，不是 Excel 文件（一些业务系统“导出 Excel”时这样保存）。" + _SAVE_AS
    if "<table" in lowered or "<html" in lowered or lowered.startswith("<!doctype html"):
        return f"“{name}”其实是网页（HTML）格式的表格，不是 Excel 文件（业务系统“导出 Excel”时常这样保存）。" + _SAVE_AS
    if lowered.startswith("%pdf"):
        return f"“{name}”是 PDF 文件，不是表格。请选择台账的 Excel 文件（.xlsx/.xlsm/.xls）。"
    first = text.splitlines()[0] if text.strip() else ""
    if first and ("," in first or "\t" in first or "，" in first) and "\x00" not in text:
        return (f"“{name}”是文本文件（CSV 或制表符分隔），不是 Excel 文件。请用 Excel 或 WPS 打开它"
                "（身份证号、电话、案件编号列在导入时设为“文本”，否则开头的 0 和后几位会丢失），"
                "再“另存为”Excel 工作簿（*.xlsx）后运行；也可以把扩展名改成 .csv，xlkit 直接读取（每格按原文）。")
    return (f"“{name}”不是 Excel 文件（.xlsx/.xlsm/.xls）。如果是 WPS 的 .et 或 CSV 文件，"
            "请先在 WPS/Excel 中“另存为”Excel 工作簿（.xlsx）。")


def other_package_message(path: Path) -> str | None:
    """The message for a zip package that is another kind of document (a Word file named .xlsx) or is cut
    short, else None."""
    try:
        with zipfile.ZipFile(path) as package:
            names = package.namelist()
    except (zipfile.BadZipFile, EOFError):  # no directory at the end: the copy or download stopped short
        return (f"“{path.name}”不完整（文件的结尾缺失），可能没有拷贝或下载完。请重新拷贝或下载原文件；"
                "如 Excel/WPS 能打开并修复它，修复后另存为 .xlsx 再运行。")
    except PACKAGE_ERRORS:  # a damaged directory entry (an unknown zip version): calamine's message stands
        return None
    if any(n.startswith("word/") for n in names):
        return f"“{path.name}”是 Word 文档，不是表格（扩展名被改成了 {path.suffix}）。请选择台账的 Excel 文件。"
    if any(n.startswith("ppt/") for n in names):
        return f"“{path.name}”是 PowerPoint 演示文稿，不是表格。请选择台账的 Excel 文件。"
    return None


#: FAT entries that mark no sector in use (FREESECT) or the FAT's own bookkeeping (MS-CFB 2.3)
_FREE_SECTOR = 0xFFFFFFFF
_SPECIAL_SECTOR = 0xFFFFFFFA


def ole_cut_short(path: Path) -> bool:
    """Whether an OLE file (.xls, encrypted .xlsx) misses its end: a size that is no whole number of its
    sectors (512 or 4,096 bytes, the header says which), or a sector its allocation table (FAT) says is in
    use lying past the end. A copy or download that stopped short leaves either; asked only once the file
    failed to open."""
    try:
        with path.open("rb") as handle:
            header = handle.read(512)
            size = path.stat().st_size
            if len(header) < 512:
                return True
            shift = int.from_bytes(header[30:32], "little")
            if shift not in (9, 12):
                return False
            sector = 1 << shift
            if size % sector:
                return True
            count = size // sector - 1  # the sectors after the header's
            fat = [s for s in struct.unpack_from("<109I", header, 76) if s < _SPECIAL_SECTOR]
            if any(s >= count for s in fat):
                return True
            for place, number in enumerate(fat):  # (FAT sectors past the header's first 109 are not looked at)
                handle.seek((number + 1) * sector)
                entries = struct.unpack(f"<{sector // 4}I", handle.read(sector))
                used = [i for i, entry in enumerate(entries) if entry != _FREE_SECTOR]
                if used and place * (sector // 4) + used[-1] >= count:
                    return True
    except (OSError, struct.error):
        return False
    return False
