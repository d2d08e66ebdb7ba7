"""Writing output files safely (DESIGN §9): new files only, written atomically, never the ledger read."""

from __future__ import annotations

import datetime as dt
import numbers
import os
import re
import tempfile
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from xlkit.errors import XlkitError
from xlkit.read.package_errors import PACKAGE_ERRORS
from xlkit.read.text import CONTROL


class OutputExists(XlkitError):
    """The output exists and --force was not given; the message is for the clerk."""


def check_writable(path: Path, force: bool = False, sources: tuple[Path, ...] = ()) -> None:
    """Refuse to overwrite an existing file without force, and never the ledger being read."""
    resolved = path.resolve()
    for source in sources:
        if Path(source).resolve() == resolved:
            raise OutputExists(f"输出文件“{path}”就是正在读取的台账，不能覆盖台账本身。请换一个输出文件名。")
    if path.is_dir():
        raise OutputExists(f"“{path}”是一个文件夹，不能作为输出文件。请用 -o 指定文件名，如 {path / '结果.xlsx'}。")
    if path.exists() and not force:
        raise OutputExists(f"“{path}”已存在，未覆盖。如需覆盖请加 --force，或用 -o 指定新文件名。")


@contextmanager
def atomic_path(path: Path):
    """Yield a temporary path beside `path`; rename it over `path` only when the block succeeds."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temp = tempfile.mkstemp(prefix=".~xlkit-", suffix=path.suffix, dir=path.parent)
    except (FileExistsError, NotADirectoryError):  # a file where the output's folder should be
        raise OutputExists(f"不能写入“{path}”：“{_first_file(path.parent)}”是一个文件，不是文件夹。"
                           "请用 -o 指定一个文件夹（或文件夹里的文件名）。") from None
    except PermissionError:  # name the output the clerk asked for, not our temporary file
        raise OutputExists(f"不能在文件夹“{path.parent}”里写入“{path.name}”：没有写入权限（文件夹只读或受保护）。"
                           "请用 -o 换一个可以写入的文件夹，如“我的文档”。") from None
    except OSError as error:  # named as the output asked for, not our temporary file (os_error_message says why)
        raise OSError(error.errno, error.strerror, str(path)) from None
    os.close(handle)
    temp_path = Path(temp)
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(temp_path, 0o666 & ~umask)  # mkstemp makes 0600; outputs are ordinary files
    try:
        yield temp_path
        try:
            os.replace(temp_path, path)
        except PermissionError:
            raise OutputExists(f"无法写入“{path}”：文件被占用或没有写入权限。请关闭正在打开它的 Excel/WPS，"
                               "或用 -o 换一个文件名后重试。") from None
        except OSError as error:
            raise OSError(error.errno, error.strerror, str(path)) from None
    finally:
        if temp_path.exists():
            temp_path.unlink()


#: errno → why a file could not be written, and what the clerk can do, for the errors a PC really gives
_OS_REASONS = {
    "ENOSPC": ("磁盘空间不足", "请清理磁盘空间，或用 -o 写到另一个磁盘的文件夹后重试。"),
    "EDQUOT": ("磁盘空间不足（超出配额）", "请清理磁盘空间，或用 -o 写到另一个磁盘的文件夹后重试。"),
    "ENAMETOOLONG": ("文件名或文件夹路径太长", "请用 -o 指定短一些的文件名，或放到层级浅一些的文件夹里。"),
    "EROFS": ("所在的磁盘是只读的（如写保护的 U 盘、光盘）", "请用 -o 换一个可以写入的文件夹，如“我的文档”。"),
    "ENOENT": ("文件夹不存在，或不能在其中建立文件", "请用 -o 换一个可以写入的文件夹，如“我的文档”。"),
    "EIO": ("磁盘读写出错（U 盘或网络盘可能已断开）", "请检查磁盘或网络连接后重试，或换一个文件夹。"),
}


def os_error_message(error: OSError) -> str:
    """The clerk's message for a file the system would not read or write (a full disk, a name too long, a
    write-protected drive…): the file, why, and what to do, never a traceback."""
    import errno

    name = error.filename2 or error.filename
    where = f"“{name}”" if name else "文件"
    reason, hint = _OS_REASONS.get(errno.errorcode.get(error.errno or 0, ""),
                                   (f"系统报告：{error.strerror or error}", "请检查文件和文件夹后重试，或用 -o 换一个文件夹。"))
    return f"无法读写{where}：{reason}。{hint}"


def _first_file(folder: Path) -> Path:
    """The first part of `folder` that is a file (what stops the folder being made)."""
    for part in reversed((folder, *folder.parents)):
        if part.exists() and not part.is_dir():
            return part
    return folder


def atomic_write(path: Path, write: Callable[[Path], Any], force: bool = False,
                 sources: tuple[Path, ...] = ()) -> Path:
    """Check, then write through `write(temp_path)` and rename into place."""
    path = Path(path)
    check_writable(path, force, sources)
    with atomic_path(path) as temp:
        write(temp)
    return path


def require_xlsx(path: Path) -> Path:
    """An output workbook's name must end in .xlsx: under .xls/.csv/.docx its bytes would not open."""
    if path.suffix.lower() != ".xlsx" and not path.is_dir():  # a folder gets check_writable's message
        raise OutputExists(f"输出文件“{path.name}”的扩展名不是 .xlsx：这里写出的是 Excel 工作簿（.xlsx）。"
                           f"请改用如“{path.stem or '结果'}.xlsx”的文件名。")
    return path


#: The keywords (docProps/core.xml) of every report workbook xlkit writes — 校验结果, 到期提醒, 月度调度,
#: 季度分析, 审核汇总 … — whose title is the report's name. A ledger's folder fills with them, and a clerk picking
#: the wrong file (or `xlkit merge *.xlsx`) had xlkit read its own 季度分析 as a ledger of its 明细 cases; the
#: reader now tells one by this mark (`report_kind`). Ledgers xlkit writes (init, import, merge) carry none.
REPORT_KEYWORD = "xlkit-report"
_CORE_PART = "docProps/core.xml"
_CORE_FIELD = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(keywords|title)\b[^>]*>([^<]*)</")


def report_properties(kind: str) -> dict[str, str]:
    """The properties that mark a report workbook of `kind` (XlsxWriter's `set_properties` keys)."""
    return {"title": kind, "keywords": REPORT_KEYWORD, "author": "xlkit"}


def mark_report(workbook, kind: str) -> None:
    """Mark an openpyxl workbook as xlkit's `kind` report (saved by `save_workbook`, either writer)."""
    workbook.properties.title = kind
    workbook.properties.keywords = REPORT_KEYWORD
    workbook.properties.creator = "xlkit"


def report_kind(path: Path) -> str | None:
    """The report's name (季度分析 …) if `path` is a workbook xlkit wrote as a report, else None."""
    import html
    import zipfile

    try:
        with zipfile.ZipFile(path) as package, package.open(_CORE_PART) as part:
            head = part.read(1 << 16)
    except PACKAGE_ERRORS:
        return None
    found = {name.decode(): html.unescape(value.decode("utf-8", "replace")).strip()
             for name, value in _CORE_FIELD.findall(head)}
    if found.get("keywords") != REPORT_KEYWORD:
        return None
    return found.get("title") or "报表"


def save_workbook(workbook, path: Path, force: bool = False, sources: tuple[Path, ...] = (),
                  xlsxwriter: bool = False) -> Path:
    """Every output workbook is saved here: made ready to print (`xlsx_style.ready_to_print`), written atomically.

    With `xlsxwriter` the openpyxl workbook is written by XlsxWriter (`xlsx_save`: big report workbooks,
    and the only way their charts are drawn).
    """
    from xlkit.output.xlsx_style import ready_to_print  # xlsx_style imports this module

    path = require_xlsx(Path(path))
    ready_to_print(workbook)
    if xlsxwriter:
        from xlkit.output.xlsx_save import write_workbook

        return atomic_write(path, lambda temp: write_workbook(workbook, temp), force, sources)
    if any(ws.__dict__.get("_xlkit_charts") or ws.__dict__.get("_xlkit_blocks") for ws in workbook.worksheets):
        raise ValueError("图表和 stream=True 的表格只由 XlsxWriter 写出：请用 save_workbook(..., xlsxwriter=True)")
    return atomic_write(path, lambda temp: workbook.save(temp), force, sources)


_FORMULA_START = ("=", "+", "-", "@")
_LINE_BREAKS = "\x0b\x0c"


def xml_safe(text: str) -> str:
    """Text every writer (workbook or Word) accepts, its visible text kept: Word's line and page breaks
    become a new line, the other control characters are dropped."""
    if CONTROL.search(text) is None:
        return text
    return CONTROL.sub(lambda m: "\n" if m.group() in _LINE_BREAKS else "", text)


def put(cell, value: Any) -> None:
    """Set an openpyxl cell: text is never taken for a formula and never holds what XML forbids.

    Every write of text into an output workbook goes through here (DESIGN §9).
    """
    if isinstance(value, str):
        value = xml_safe(value)
        cell.value = value
        if value.startswith(_FORMULA_START):
            cell.data_type = "s"
        return
    cell.value = value


def add_text(paragraph, text: str):
    """A run of text in a python-docx paragraph, cleaned as `put` cleans a cell (lxml refuses controls)."""
    return paragraph.add_run(xml_safe(text))


def put_stream(sheet, row: int, column: int, value: Any, cell_format=None, date_format=None) -> None:
    """`put` for a sheet XlsxWriter streams (0-based row and column): text is cleaned by `xml_safe` and
    written as text, never a formula; a date is written as a date with `date_format`."""
    if isinstance(value, str):
        value = xml_safe(value)
        if value.startswith("<r>") and value.endswith("</r>") and getattr(sheet, "constant_memory", False):
            # XlsxWriter streams such a text into the file unescaped, taking it for rich-text XML (an "&" in it
            # left the workbook unreadable): written as two runs in the cell's own font, it is the same text
            if cell_format is None:  # XlsxWriter wants more than two fragments
                sheet.write_rich_string(row, column, value[:1], value[1:2], value[2:])
            else:
                sheet.write_rich_string(row, column, cell_format, value[:1], cell_format, value[1:], cell_format)
        else:
            sheet.write_string(row, column, value, cell_format)
    elif value is None:
        if cell_format is not None:
            sheet.write_blank(row, column, None, cell_format)
    elif isinstance(value, bool):
        sheet.write_boolean(row, column, value, cell_format)
    elif isinstance(value, numbers.Real):  # numpy's integers too: a count is a number, never text
        sheet.write_number(row, column, float(value), cell_format)
    elif isinstance(value, dt.date):
        sheet.write_datetime(row, column, value, date_format or cell_format)
    else:
        sheet.write_string(row, column, xml_safe(str(value)), cell_format)


_ID_LIST = re.compile(r"(\s*[、,，;；/／\s]\s*)")


def mask_id(value: str | None) -> str | None:
    """511723199001011234 → 511723********1234; each number of a 联名 list the same way (two joined by 、 were
    masked as one: 511723***************************4127)."""
    if not value:
        return value
    parts = _ID_LIST.split(value.strip())
    if len(parts) > 1:
        return "".join(part if index % 2 else mask_id(part) for index, part in enumerate(parts))
    return value[:6] + "*" * max(len(value) - 10, 0) + value[-4:] if len(value) > 10 else "*" * len(value)


#: a full 身份证号 inside a text: 17 digits and a digit or X, or the old 15 digits
_ID_IN_TEXT = re.compile(r"(?<![0-9A-Za-z])(?:\d{17}[\dXx]|\d{15})(?![0-9A-Za-z])")


def mask_ids_in(text: str) -> str:
    """Every full 身份证号 inside `text` masked as `mask_id` masks one (a message that quotes the number)."""
    return _ID_IN_TEXT.sub(lambda m: mask_id(m.group()), text) if text else text


_PHONE_LIST = re.compile(r"(\s*[、,，;；/／]\s*)")  # not a space: 138 0000 1111 is one number


def mask_phone(value: str | None) -> str | None:
    """13812345678 → 138****5678; 0818-8221234 → 0818-***1234; each number of a list the same way
    (13881812345、13990876543 was masked as one: *******2345、*******6543)."""
    if not value:
        return value
    parts = _PHONE_LIST.split(value.strip())
    if len(parts) > 1:
        return "".join(part if index % 2 else _mask_one_phone(part) for index, part in enumerate(parts))
    return _mask_one_phone(value)


def _mask_one_phone(value: str) -> str:
    digits = re.sub(r"\D", "", value)
    if len(digits) == 11 and digits.startswith("1"):
        return digits[:3] + "****" + digits[-4:]
    return re.sub(r"\d(?=\d{4})", "*", value)


#: Two-character surnames (复姓) kept whole when a name is masked: 欧阳娜娜 → 欧阳某, not 欧某. Only those whose
#: first character is no common surname of its own: 钟离平 may be 钟 离平, 单于飞 单 于飞 (钟离, 单于, 夏侯, 宗政,
#: 濮阳, 闻人, 申屠, 左丘, 万俟 are left out), and a mask must not show a given name's character.
COMPOUND_SURNAMES = frozenset(
    "欧阳 司马 诸葛 上官 东方 皇甫 尉迟 公孙 慕容 长孙 宇文 司徒 轩辕 令狐 独孤 南宫 西门 端木 百里 呼延 "
    "太史 澹台 公冶 淳于 太叔 仲孙 赫连 拓跋 司空 东郭 第五 闾丘 公羊".split())
_NAME_LIST = re.compile(r"[、，,；;/／]")


def mask_name(value: str | None) -> str | None:
    """张三 → 张某 (the surname kept, the rest replaced); 欧阳娜娜 → 欧阳某; a 联名 list (张三、李四等23户村民)
    → 张某等; a petitioner without a name (匿名, 不详) is no name to hide and stays as written."""
    if not value:
        return value
    from xlkit.schema import no_name

    text = str(value).strip()
    if not text or no_name(text):
        return value
    several = _NAME_LIST.search(text) is not None or "等" in text[1:]
    first = _NAME_LIST.split(text, maxsplit=1)[0].strip() or text
    surname = first[:2] if first[:2] in COMPOUND_SURNAMES and len(first) > 2 else first[0]
    return surname + "某" + ("等" if several else "")
