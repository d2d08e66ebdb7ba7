"""A ledger exported as text (.csv, .tsv): 12345 and petition systems' "导出" often writes one.

Read as Excel would show it after choosing 文本 for every column on import, which is better than opening it
in Excel: every cell stays the text it is (a 身份证号 keeps its 18 digits, a 工单编号 its leading 0s), dates
and numbers are read from their text as in any ledger. The encoding is the file's mark (UTF-8/UTF-16 BOM),
else UTF-8, else GB18030 (Excel and WPS in China save CSV in GBK). The separator is the one the first line
uses most in its first lines (a title line may come first): comma, tab, semicolon or bar. A cell an exporter wrote as ="00123" (so that Excel keeps the
zeros) is 00123. The sheet is named after the file, as Excel names it.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SUFFIXES = (".csv", ".tsv")
#: a text ledger larger than this is not one an office keeps (100,000 cases of 60 columns are ~60 MB), and
#: reading it whole would take gigabytes
MAX_BYTES = 200 << 20
_SEPARATORS = (",", "\t", ";", "|")
_FORCED_TEXT = re.compile(r'^="(.*)"$', re.S)


@dataclass
class TextRows:
    name: str  # the sheet's name, as Excel names it: the file's
    rows: list[list[Any]]
    swallowed: list[tuple[int, int, list[str]]]  # `swallowed_lines`
    utf8_lines: list[int]  # in a GBK file, the 0-based lines that are UTF-8 (`MixedText`)


class TextLedgerError(ValueError):
    """The text file cannot be read; the message says why and what to do (in Chinese)."""


def _decode(data: bytes, name: str) -> str:
    for bom, codec in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
                       (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(codec)
            except UnicodeDecodeError:
                break
    else:
        if len(data) >= 2 and data[1:2] == b"\x00" and data[:1] != b"\x00":  # UTF-16 without its mark
            try:
                return data.decode("utf-16-le")
            except UnicodeDecodeError:
                pass
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            pass
        try:
            text = data.decode("gb18030")
        except UnicodeDecodeError:
            pass
        else:
            return _mixed(data) or text
    raise TextLedgerError(
        f"“{name}”是文本文件，但编码无法识别（不是 UTF-8、GBK 或 UTF-16），可能已损坏。请用 Excel 或 WPS 打开它，"
        "“另存为”Excel 工作簿（*.xlsx）后再运行。")


#: non-ASCII bytes a line needs before its being valid UTF-8 says it is UTF-8: a GBK line of a few characters
#: may be valid UTF-8 by chance, one of three characters or more almost never is
_UTF8_EVIDENCE = 9
_HIGH_BYTES = bytes(range(128, 256))


class MixedText(str):
    """A text file's text decoded line by line, some lines UTF-8 and the rest GBK (two exports joined, or rows
    added by another program); `utf8_lines` are the 0-based numbers of the UTF-8 lines."""

    utf8_lines: list[int]


def _mixed(data: bytes) -> MixedText | None:
    """A file that is not UTF-8 as a whole but has lines that plainly are (GB18030 read them as other
    characters without a word: 张三 as 寮犱笁): each line in its own encoding; None when no line is."""
    lines = data.splitlines(keepends=True)  # (no GBK character holds a line end's byte)
    utf8: list[int] = []
    for number, line in enumerate(lines):
        if len(line) - len(line.translate(None, _HIGH_BYTES)) >= _UTF8_EVIDENCE:
            try:
                line.decode("utf-8")
            except UnicodeDecodeError:
                continue
            utf8.append(number)
    if not utf8:
        return None
    chosen = set(utf8)
    text = MixedText("".join(line.decode("utf-8" if number in chosen else "gb18030", "replace")
                               for number, line in enumerate(lines)))
    text.utf8_lines = utf8
    return text


def _separator(text: str) -> str:
    """The separator the header uses most: looked for in the first lines, as a title line may come first."""
    lines = [line for line in text[:1 << 16].splitlines()[:20] if line.strip()]
    counts = {s: max((line.count(s) for line in lines), default=0) for s in _SEPARATORS}
    best = max(counts, key=counts.get)
    return best if counts[best] else ","


def _cell(value: str) -> Any:
    forced = _FORCED_TEXT.match(value)
    if forced is not None:
        return forced[1]
    return value


def swallowed_lines(rows: list[list[Any]], separator: str) -> list[tuple[int, int, list[str]]]:
    """The cells (row, column, 0-based) whose text runs over lines that look like rows of their own, with
    those lines: a cell that opens with a quote never closed (or closed lines later) takes in every line up
    to the next quote, as in Excel, and the cases on those lines are not read as cases."""
    widths = sorted(len(row) for row in rows if len(row) > 1)
    if not widths:
        return []
    least = max(1, widths[len(widths) // 2] - 2)  # separators a line needs to look like a row of the table
    found = []
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value.__class__ is str and separator in value and ("\n" in value or "\r" in value):
                lines = [line for line in value.splitlines()[1:] if line.count(separator) >= least]
                if lines:
                    found.append((r, c, lines))
    return found


def read_text_rows(path: Path) -> TextRows:
    """The rows from A1 of a .csv/.tsv ledger, with what reading them noticed; TextLedgerError when it cannot
    be read."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise TextLedgerError(
                f"“{path.name}”有 {size / (1 << 20):,.0f} MB，远超一本台账，无法读取。请确认选对了文件，"
                "或按年份分成几个文件。")
        data = path.read_bytes()
    except PermissionError:
        raise TextLedgerError(
            f"无法读取“{path.name}”：文件被占用或没有读取权限。请关闭占用它的程序后再试。") from None
    text = _decode(data, path.name)
    if "\x00" in text:
        raise TextLedgerError(
            f"“{path.name}”不是文本文件（里面有二进制内容），扩展名可能被改过。请选择台账的 Excel 文件（.xlsx/.xls）。")
    csv.field_size_limit(max(csv.field_size_limit(), MAX_BYTES))  # a cell may hold a whole letter
    separator = _separator(text)
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator)
        rows = [[_cell(value) for value in row] for row in reader]
    except csv.Error as error:
        raise TextLedgerError(
            f"“{path.name}”的文本格式有误（{error}），无法按表格读取。请用 Excel 或 WPS 打开它，"
            "“另存为”Excel 工作簿（*.xlsx）后再运行。") from None
    # (a cell runs over lines only when the file has more line ends than rows: else no cell is looked at)
    several = '"' in text and (text.count("\n") or text.count("\r")) > len(rows)
    swallowed = swallowed_lines(rows, separator) if several else []
    return TextRows(path.stem[:31] or "Sheet1", rows, swallowed, getattr(text, "utf8_lines", []))
