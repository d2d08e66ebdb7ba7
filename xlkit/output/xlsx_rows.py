"""Many plain rows into an XlsxWriter sheet as finished row XML (issue 15).

XlsxWriter's public cell calls cost about 12 µs a cell (argument decoding, a bounds check, a cell
tuple, then its own XML writer escaping every attribute): for a 校验结果 of 27,000 findings or a
季度分析 of 310,000 cells that was most of the time the writing took. `RowWriter` writes a whole
row at once: each cell's XML is made from cached pieces (a column's letter, a format's style index,
a repeated text's escaped form) and the row is handed to the worksheet in one piece.

The XML is exactly what XlsxWriter writes for the same cells, so the workbook does not change:
text as inline strings (constant_memory) or shared strings, XlsxWriter's own `_xHHHH_` escaping of
control characters and of text that looks like such an escape, xml:space="preserve" for leading or
trailing white space, never a formula; dates as serial numbers in their date format; row heights in
whole pixels. It relies on XlsxWriter internals (the row stream, the dimension and hyperlink
bookkeeping), so it is used only with the XlsxWriter versions it was tested with and only when those
internals are there; otherwise, and for any row holding something it does not write itself (a
datetime, a date before 1900-03-01, NaN, a very long text, a numpy number), `write` returns False and
the caller writes that row through the public API, as it always did.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import Any

from xlkit.output.files import xml_safe

#: False: every row through the public calls (the tests write each workbook both ways and compare)
ENABLED = True
#: XlsxWriter versions whose internals this module was checked against (the tests compare both ways).
#: 3.2 keeps rows and columns otherwise (no row_info, col_info as lists, no xlsxwriter.url): it gets the
#: public calls, as will any later version until it has been tried here.
TESTED_VERSIONS = ((3, 3),)
#: Excel's serial day numbers count from 1899-12-30 from 1900-03-01 on (before it, its phantom 1900-02-29)
_SERIAL_BASE = dt.date(1899, 12, 30).toordinal()
_SERIAL_FROM = dt.date(1900, 3, 1)
#: a text longer than this may pass Excel's 32,767 UTF-16 units: XlsxWriter cuts it, the public call does it
_LONG_TEXT = 16_383
_LOOKS_ESCAPED = re.compile("(_x[0-9a-fA-F]{4}_)")
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f]")
_LEADING_SPACE = re.compile(r"^\s")
_TRAILING_SPACE = re.compile(r"\s$")
_CACHED = 50_000
_MAX_LINKS = 65_530
_INF = float("inf")


def _columns(count: int) -> list[str]:
    """Excel's first `count` column letters (A … XFD): built by whole runs of one, two and three letters, at
    import (one loop of divisions a column cost 10 ms of every button click that writes a workbook)."""
    one = [chr(65 + i) for i in range(26)]
    two = [a + b for a in one for b in one]
    three = [a + b for a in two for b in one]
    return (one + two + three)[:count]


_LETTERS = _columns(16_384)


def _version() -> tuple[int, ...]:
    import xlsxwriter

    try:
        return tuple(int(part) for part in xlsxwriter.__version__.split(".")[:2])
    except (AttributeError, ValueError):
        return ()


def pixels(height: float) -> int:
    """A row height in points as XlsxWriter's `set_row` keeps it: whole pixels, rounded."""
    return int(height * 4.0 / 3.0 + 0.5)


def inline_text(text: str) -> str:
    """The `<is>` of an inline string cell, as XlsxWriter writes it in constant_memory mode."""
    # most text has nothing to escape and no space to keep. isprintable() is false for every control
    # character, \ufffe and \uffff and every white space but " " (Unicode's Other and Separator)
    if (text.isprintable() and "&" not in text and "<" not in text and ">" not in text and "_x" not in text
            and text[:1] != " " and text[-1:] != " "):
        return f"<is><t>{text}</t></is>"
    if "_x" in text:
        text = _LOOKS_ESCAPED.sub(r"_x005F\1", text)
    text = _CONTROL.sub(lambda match: f"_x{ord(match.group()):04X}_", text)
    text = text.replace("\ufffe", "_xFFFE_").replace("\uffff", "_xFFFF_")
    preserve = ' xml:space="preserve"' if _LEADING_SPACE.search(text) or _TRAILING_SPACE.search(text) else ""
    if "&" in text or "<" in text or ">" in text:
        text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return f"<is><t{preserve}>{text}</t></is>"


class RowWriter:
    """Write rows into one XlsxWriter worksheet; `write` returns False when the caller must write the row.

    `looks`: the formats a row's cells use (a cell names one by its index; None: no format of its own).
    `date_look`: the index of the format every date takes instead of its cell's (`put_stream`'s
    `date_format`). `clean`: text goes through `files.xml_safe` first (what `files.put_stream` does);
    `blank_empty`: an empty text is an empty cell (what openpyxl does), not an empty text cell.
    """

    def __init__(self, sheet, looks: Sequence[Any], *, date_look: int | None = None, clean: bool = True,
                 blank_empty: bool = False, fast: bool | None = None) -> None:
        self.sheet = sheet
        self.looks = list(looks)
        self.date_look = date_look
        self.clean = clean
        self.blank_empty = blank_empty
        self.fast = bool(ENABLED if fast is None else fast) and _usable(sheet)
        # a look's ' s="N"' is asked for when first used, as XlsxWriter does: the style numbers stay the same
        self._styles: list[str | None] = [None] * len(self.looks)
        self._texts: dict[str, str] = {}
        self._links: dict[str, Any] = {}
        self._clone_links = True
        self._checked = False
        if self.fast:
            self.stream = bool(sheet.constant_memory)
            self._shared = None if self.stream else sheet.str_table
            self._dy = ' x14ac:dyDescent="0.25"' if sheet.excel_version == 2010 else ""
            # a cell without a format of its own takes its column's (XlsxWriter's rule)
            self._column_formats = {column: info.column_format for column, info in sheet.col_info.items()
                                    if info.column_format is not None}
            self._column_styles: dict[int, str] = {}
            if not self.stream:
                _RowsAtClose.of(sheet)

    def write(self, row: int, cells: Sequence[tuple[Any, int] | None], height: int | None = None,
              link: tuple[int, str, str] | None = None) -> bool:
        """Row `row` (0-based) from column A: `cells[i]` is None (nothing) or (value, index into `looks`);
        `height` in pixels or None; `link` = (column, external url, tip): that cell's text links to the url.
        False: nothing was written, the caller writes the row."""
        if not self.fast:
            return False
        sheet = self.sheet
        if self.stream:
            if row < sheet.previous_row or (row == sheet.previous_row and (sheet.table or row in sheet.row_info)):
                return False  # the row is under way through the public calls (or already written)
        elif sheet.table.get(row) or row in sheet.row_info or row in _RowsAtClose.of(sheet).rows:
            return False
        url = None
        if link is not None:
            item = cells[link[0]] if link[0] < len(cells) else None
            if item is None or item[0].__class__ is not str:
                return False
            url = self._link(link[1], item[0], link[2])
            if url is None:
                return False
        if self.stream and row > sheet.previous_row:
            # what a public call does first: the row before it is finished (and its formats numbered before
            # this row's, as XlsxWriter numbers them: a header row written just before kept the same numbers)
            sheet._write_single_row(row)
        made = self._cells(row, cells, link[0] if link is not None else -1)
        if made is None:
            return False
        parts, first, last = made
        number = row + 1
        if height is not None and height <= 0:
            return False
        shown = sheet.default_row_height if height is None else height
        if shown != sheet.original_row_height or shown != sheet.default_row_height:
            head = f'<row r="{number}" ht="{shown * 0.75:.16g}" customHeight="1"{self._dy}>'
        else:
            head = f'<row r="{number}"{self._dy}>'
        if height is not None and sheet._check_dimensions(row, sheet.dim_colmin or 0):
            return False
        if first is not None and (sheet._check_dimensions(row, first) or sheet._check_dimensions(row, last)):
            return False
        if url is not None:
            sheet.hlink_count += 1
            sheet.hyperlinks[row][link[0]] = url
            if self.stream:
                _LinksAtClose.of(sheet)
        if first is None and height is None:
            return True
        xml = f"{head}{''.join(parts)}</row>" if first is not None else f"{head[:-1]}/>"
        if self.stream:
            sheet.fh.write(xml)
            sheet.previous_row = row + 1  # a later public call for this row is refused, as for any row passed
        else:
            _RowsAtClose.of(sheet).rows[row] = xml
        return True

    def _cells(self, row: int, cells: Sequence[tuple[Any, int] | None], raw: int) -> tuple | None:
        styles, texts, shared = self._styles, self._texts, self._shared
        clean, blank_empty = self.clean, self.blank_empty
        number = str(row + 1)
        parts = []
        first = last = None
        for column, item in enumerate(cells):
            if item is None:
                continue
            value, index = item
            kind = value.__class__
            if kind is str:
                if not value and blank_empty:
                    body = "/>"
                elif shared is not None:
                    if len(value) > _LONG_TEXT:
                        return None
                    text = xml_safe(value) if clean and column != raw else value
                    body = f' t="s"><v>{shared._get_shared_string_index(text)}</v></c>'
                else:
                    key = value if clean and column != raw else "\0" + value
                    body = texts.get(key)
                    if body is None:
                        if len(value) > _LONG_TEXT:
                            return None
                        text = xml_safe(value) if clean and column != raw else value
                        body = f' t="inlineStr">{inline_text(text)}</c>'
                        if len(texts) < _CACHED:
                            texts[key] = body
            elif kind is float or kind is int:
                if value != value or value == _INF or value == -_INF:
                    return None
                body = f"><v>{value:.16G}</v></c>"
            elif kind is dt.date:
                if value < _SERIAL_FROM or self.sheet.date_1904:
                    return None
                if self.date_look is not None:
                    index = self.date_look
                body = f"><v>{value.toordinal() - _SERIAL_BASE}</v></c>"
            elif value is None:
                body = "/>"
            elif kind is bool:
                body = f' t="b"><v>{int(value)}</v></c>'
            else:
                return None
            if body == "/>" and self.looks[index] is None:
                continue  # an empty cell without a format of its own is not written (write_blank's rule)
            if column == raw and self.looks[index] is None:
                style = self._url_style(column)
            else:
                style = styles[index]
                if style is None:
                    style = self._style(index, column)
            parts.append(f'<c r="{_LETTERS[column]}{number}"{style}{body}')
            if first is None:
                first = column
            last = column
        return parts, first, last

    def _style(self, index: int, column: int) -> str:
        look = self.looks[index]
        if look is None:
            if self._column_formats:  # the column decides, each time
                return self._column_style(column)
            self._styles[index] = ""
            return ""
        style = self._styles[index] = f' s="{look._get_xf_index()}"'
        return style

    def _url_style(self, column: int) -> str:
        look = self.sheet.default_url_format  # what write_url gives a link without a format
        return self._column_style(column) if look is None else f' s="{look._get_xf_index()}"'

    def _column_style(self, column: int) -> str:
        style = self._column_styles.get(column)
        if style is None:
            look = self._column_formats.get(column)
            style = self._column_styles[column] = "" if look is None else f' s="{look._get_xf_index()}"'
        return style

    def _link(self, url: str, text: str, tip: str):
        """The hyperlink as XlsxWriter's `write_url` would keep it, or None (the public call decides)."""
        from xlsxwriter.url import Url

        sheet = self.sheet
        if sheet.hlink_count + 1 > _MAX_LINKS or not url.startswith("external:"):
            return None
        target, _, anchor = url.partition("#")
        if max(len(target), len(anchor)) * 2 > sheet.max_url_length and _too_long(url, sheet.max_url_length):
            return None
        base = self._links.get(target) if self._clone_links else None
        if base is None:
            made = Url(url)
            made.text = text
            made.tip = tip
            if self._clone_links:
                self._links[target] = made
            return made
        # the same file, another cell: Url's parse and escaping of the path done once (0.2 s for 27,000 links)
        made = object.__new__(Url)
        made.__dict__.update(base.__dict__)
        made._anchor = anchor
        made._original_url = url
        made.text = text
        made.tip = tip
        if not self._checked:
            self._checked = True
            full = Url(url)
            full.text = text
            full.tip = tip
            if vars(full) != vars(made):  # Url changed: make every link the public way
                self._clone_links = False
                return full
        return made


def _too_long(url: str, limit: int) -> bool:
    target, _, anchor = url.partition("#")
    return any(len(part.encode("utf-16-le", "surrogatepass")) // 2 > limit for part in (target, anchor))


def _usable(sheet) -> bool:
    """This XlsxWriter's internals are the ones `RowWriter` writes into."""
    if _version()[:2] not in TESTED_VERSIONS:
        return False
    needed = ("previous_row", "table", "row_info", "col_info", "dim_colmin", "_check_dimensions",
              "_write_single_row", "hyperlinks", "hlink_count", "max_url_length", "default_row_height",
              "original_row_height", "excel_version", "date_1904", "fh", "str_table", "_write_rows", "default_url_format",
              "_write_hyperlinks", "rel_count", "external_hyper_links")
    if not all(hasattr(sheet, name) for name in needed):
        return False
    if sheet.constant_memory and sheet.fh is not getattr(sheet, "row_data_fh", None):
        return False
    return True


class _AtClose:
    """One per sheet: stands in for one of the sheet's own writing methods (`METHOD`, kept as `original`)
    when the workbook is closed; found again by `of` under the sheet's attribute `KEY`."""

    KEY = ""
    METHOD = ""

    def __init__(self, sheet) -> None:
        self.sheet = sheet
        self.original = getattr(sheet, self.METHOD)
        setattr(sheet, self.METHOD, self.write)

    @classmethod
    def of(cls, sheet):
        kept = sheet.__dict__.get(cls.KEY)
        if kept is None:
            kept = sheet.__dict__[cls.KEY] = cls(sheet)
        return kept

    def write(self) -> None:
        raise NotImplementedError


class _RowsAtClose(_AtClose):
    """Rows of a sheet that is not streamed, kept as XML until XlsxWriter writes the sheet's rows.

    XlsxWriter writes a sheet's `<sheetData>` row by row from its cell table when the workbook is
    closed; the rows kept here take their place in row order. The rows in between are left to its own
    writer, which is given just their range each time.
    """

    KEY = "_xlkit_rows"
    METHOD = "_write_rows"

    def __init__(self, sheet) -> None:
        self.rows: dict[int, str] = {}
        self.written = False
        super().__init__(sheet)

    def write(self) -> None:
        sheet = self.sheet
        low, high = sheet.dim_rowmin, sheet.dim_rowmax
        start = low
        table, row_info = sheet.table, sheet.row_info
        try:
            for row in sorted(self.rows):
                if table.get(row) or row in row_info:  # a public call wrote into the row afterwards
                    raise ValueError(f"第 {row + 1} 行写了两次（内部错误：成行写出之后又逐格写入）")
                if row > start:
                    sheet.dim_rowmin, sheet.dim_rowmax = start, row - 1
                    self.original()
                sheet.fh.write(self.rows[row])
                start = row + 1
            if start <= high:
                sheet.dim_rowmin, sheet.dim_rowmax = start, high
                self.original()
        finally:
            sheet.dim_rowmin, sheet.dim_rowmax = low, high
        self.written = True


class _LinksAtClose(_AtClose):
    """The `<hyperlinks>` of a streamed sheet whose links are all external ones made here, written at once.

    XlsxWriter writes each link through its general tag writer (an attribute list escaped item by item,
    5 µs a link: 0.15 s for a 校验结果's 27,000); the element, the relationship numbers and the list the
    packager makes the relationships from are the same as it makes them. Anything else in the table
    (a link of another kind, a cell overwriting one) is left to XlsxWriter's own method.
    """

    KEY = "_xlkit_links"
    METHOD = "_write_hyperlinks"

    def write(self) -> None:
        from xlsxwriter.url import UrlTypes

        sheet = self.sheet
        links = sheet.hyperlinks
        external = UrlTypes.EXTERNAL
        if not links or sheet.table or any(url._link_type is not external or url._is_object_link
                                           for row in links.values() for url in row.values()):
            self.original()
            return
        parts = ["<hyperlinks>"]
        targets = sheet.external_hyper_links
        number = sheet.rel_count
        for row in sorted(links):
            in_row = links[row]
            for column in sorted(in_row) if len(in_row) > 1 else in_row:
                url = in_row[column]
                number += 1
                location = f' location="{_attribute(url._anchor)}"' if url._anchor else ""
                tip = f' tooltip="{_attribute(url._tip)}"' if url._tip else ""
                parts.append(f'<hyperlink ref="{_LETTERS[column]}{row + 1}" r:id="rId{number}"{location}{tip}/>')
                targets.append(["/hyperlink", url._target(), "External"])
        parts.append("</hyperlinks>")
        sheet.rel_count = number
        sheet.fh.write("".join(parts))


def _attribute(text: str) -> str:
    """An attribute value escaped as XlsxWriter escapes one."""
    if "&" in text or '"' in text or "<" in text or ">" in text or "\n" in text:
        text = (text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;").replace(">", "&gt;")
                .replace("\n", "&#xA;"))
    return text


def rows_written(sheet) -> bool:
    """After the workbook is closed: the rows kept for `sheet` were written (always true of a streamed one)."""
    kept = sheet.__dict__.get(_RowsAtClose.KEY)
    return kept is None or kept.written or not kept.rows
