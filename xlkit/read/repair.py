"""A package with a few damaged cells, read as Excel's "repair" would read it: cell by cell.

calamine gives up on a whole sheet for one cell it cannot read — a shared-string index past the table's end,
an unknown cell type (`t="zz"`), an error value it does not know (`#SPILL!`, `#CALC!` from Excel 365), a
boolean that is not 0/1, an address like `E0`, broken markup or an HTML entity (`&nbsp;`) inside one cell,
bytes that are not UTF-8 — and a shared-strings table with one such item loses every sheet. Then the
package is copied once with each damaged cell (or shared string) rewritten as what can still be read of it:
the text recovered from its markup, else an empty cell. Every other cell is copied as it was, and each
rewritten one is listed (`DamagedCell`) for the reader to report at its address.

Only asked when calamine failed, so an ordinary file costs nothing.
"""

from __future__ import annotations

import contextlib
import html
import os
import re
import tempfile
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from xml.etree import ElementTree

from xlkit.read.package_errors import PACKAGE_ERRORS

#: a sheet or shared-strings part bigger than this is not repaired (it is held in memory while rewritten)
MAX_REPAIR_BYTES = 400_000_000
#: the error values calamine reads (any other `t="e"` value makes it refuse the sheet)
KNOWN_ERRORS = frozenset({"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A"})
_TYPES = frozenset({"", "n", "s", "str", "inlineStr", "b", "e", "d"})
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_SST_TYPE = "/sharedStrings"
_REF = re.compile(r"([A-Z]{1,3})([0-9]{1,7})")
_ATTR = re.compile(r"""([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_NS_DECL = re.compile(r"""\bxmlns(?::[\w.-]+)?\s*=\s*(?:"[^"]*"|'[^']*')""")
_ROOT = re.compile(r"<(?:[\w.-]+:)?worksheet\b[^>]*>")
_SHEET_DATA = re.compile(r"<((?:[\w.-]+:)?)sheetData\b[^>]*?(/?)>")
_ROW_START = re.compile(r"(?=<(?:[\w.-]+:)?row[\s>/])")
_CELL_START = re.compile(r"(?=<(?:[\w.-]+:)?c[\s>/])")
_TAG = re.compile(r"<[^>]*>|<[^>]*$")
_PHONETIC = re.compile(r"<(?:[\w.-]+:)?rPh\b.*?</(?:[\w.-]+:)?rPh\s*>", re.S)
_TEXT_RUN = re.compile(r"<(?:[\w.-]+:)?t\b[^>]*>(.*?)(?=</(?:[\w.-]+:)?t\s*>|<(?:[\w.-]+:)?t\b|$)", re.S)
_VALUE = re.compile(r"<(?:[\w.-]+:)?v\b[^>]*>(.*?)(?=</(?:[\w.-]+:)?v\s*>|<|$)", re.S)
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_MERGES = re.compile(r"<(?:[\w.-]+:)?mergeCells\b.*?</(?:[\w.-]+:)?mergeCells\s*>", re.S)


@dataclass(frozen=True)
class DamagedCell:
    """A cell the copy holds otherwise than the file: `text` is what was recovered (None: read as empty)."""

    row: int  # 1-based
    column: int  # 1-based
    written: str  # the cell's XML as the file has it, shortened (for the finding's value)
    reason: str  # in Chinese, for the clerk: what is wrong with it
    text: str | None = None  # the text recovered (shown to the clerk); None when nothing could be
    lost: bool = True  # read as empty (else read as `text`, or as the shared string it names)
    error: str | None = None  # a formula's error value calamine does not know (#SPILL!), read as empty


@dataclass
class Repair:
    """What the copy changed: sheet part → its damaged cells; and whether the shared strings were rebuilt."""

    cells: dict[str, list[DamagedCell]] = field(default_factory=dict)
    shared_strings: bool = False


class NotRepairable(Exception):
    """Nothing was found to repair (or the part is too big): the reader says the file is damaged."""


@contextlib.contextmanager
def repaired_copy(path: Path) -> Iterator[tuple[Path, Repair]]:
    """A temporary copy of the package at `path` with its damaged cells rewritten; removed afterwards.
    Raises NotRepairable when no damaged cell or shared string was found."""
    repair = Repair()
    try:
        with zipfile.ZipFile(path) as package:
            sheets, sst_part = _parts(package)
            names = set(package.NameToInfo)
            sst_text, recovered = None, {}
            count = None
            if sst_part in names:
                sst_text, count, recovered = _repair_shared_strings(_read(package, sst_part))
                repair.shared_strings = sst_text is not None
            new_parts: dict[str, bytes] = {}
            if sst_text is not None:
                new_parts[sst_part] = sst_text.encode("utf-8")
            for part in sheets:
                if part not in names:
                    continue
                text, damaged = _repair_sheet(_read(package, part), count, recovered)
                if damaged or text is not None:
                    repair.cells[part] = damaged
                if text is not None:
                    new_parts[part] = text.encode("utf-8")
            if not new_parts:
                raise NotRepairable
            handle, name = tempfile.mkstemp(prefix="xlkit-repaired-", suffix=path.suffix.lower() or ".xlsx")
            os.close(handle)
            copy = Path(name)
            try:
                with zipfile.ZipFile(copy, "w", zipfile.ZIP_DEFLATED) as target:
                    for info in package.infolist():
                        if info.is_dir():
                            continue
                        data = new_parts.get(info.filename)
                        if data is None:
                            with package.open(info) as stream, target.open(info.filename, "w", force_zip64=True) as out:
                                while chunk := stream.read(1 << 22):
                                    out.write(chunk)
                        else:
                            target.writestr(info.filename, data)
            except BaseException:
                copy.unlink(missing_ok=True)
                raise
    except PACKAGE_ERRORS as error:
        if isinstance(error, OSError) and error.errno is not None:
            raise  # a full disk: the reader says so
        raise NotRepairable from None
    try:
        yield copy, repair
    finally:
        copy.unlink(missing_ok=True)


def _read(package: zipfile.ZipFile, part: str) -> bytes:
    if package.getinfo(part).file_size > MAX_REPAIR_BYTES:
        raise NotRepairable
    return package.read(part)


def _parts(package: zipfile.ZipFile) -> tuple[list[str], str]:
    """The package's worksheet parts and its shared-strings part (by the workbook's relationships)."""
    from xlkit.read.extent import normalise_part

    sheets, sst = [], "xl/sharedStrings.xml"
    try:
        rels = package.read("xl/_rels/workbook.xml.rels").decode("utf-8", "replace")
    except KeyError:
        rels = ""
    for attrs in re.findall(r"<(?:[\w.-]+:)?Relationship\b([^>]*)>", rels):
        values = {k: a or b for k, a, b in _ATTR.findall(attrs)}
        target, kind = values.get("Target", ""), values.get("Type", "")
        if not target:
            continue
        part = normalise_part(target.lstrip("/") if target.startswith("/") else str(PurePosixPath("xl") / target))
        if kind.endswith("/worksheet"):
            sheets.append(part)
        elif kind.endswith(_SST_TYPE):
            sst = part
    if not sheets:
        sheets = [n for n in package.NameToInfo if n.startswith("xl/worksheets/") and n.endswith(".xml")]
    return sheets, sst


def _decode(data: bytes) -> tuple[str, bool]:
    """The part's text, and whether some of its bytes were not UTF-8 (kept as surrogates, see `_text_of`)."""
    try:
        return data.decode("utf-8"), False
    except UnicodeDecodeError:
        return data.decode("utf-8", "surrogateescape"), True


def _undecodable(text: str) -> str:
    """Bytes that were not UTF-8, read as GB18030 where they are (a Chinese writer's own encoding), else �."""
    def decoded(match: re.Match) -> str:
        raw = match[0].encode("utf-8", "surrogateescape")
        try:
            return raw.decode("gb18030")
        except UnicodeDecodeError:
            return "\ufffd"
    return re.sub("[\udc80-\udcff]+", decoded, text)


def _recovered_text(markup: str, runs: bool) -> str:
    """The text a piece of broken markup holds: its `<t>` runs (inline or shared strings), else its `<v>`,
    entities decoded leniently (`&nbsp;`, a lone `&`), characters XML cannot hold dropped."""
    markup = _PHONETIC.sub("", markup)
    pieces = _TEXT_RUN.findall(markup) if runs else []
    if not pieces:
        pieces = _VALUE.findall(markup)
    text = "".join(_TAG.sub("", p) for p in pieces)
    text = _undecodable(html.unescape(text))
    return _XML_ILLEGAL.sub("", text)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _short(markup: str) -> str:
    markup = _undecodable(markup)
    return markup if len(markup) <= 120 else markup[:117] + "…"


def _parses(markup: str, namespaces: str) -> ElementTree.Element | None:
    try:
        return ElementTree.fromstring(f"<w {namespaces}>{markup}</w>")[0]
    except (ElementTree.ParseError, IndexError):
        return None


# ---------------------------------------------------------------------------
# Shared strings


def _repair_shared_strings(data: bytes) -> tuple[str | None, int | None, dict[int, str]]:
    """(the rebuilt part or None when it was sound, its item count, item index → recovered text)."""
    text, bad_bytes = _decode(data)
    if not bad_bytes:
        try:
            root = ElementTree.fromstring(data)
        except ElementTree.ParseError:
            pass
        else:
            return None, sum(1 for child in root if child.tag.rsplit("}", 1)[-1] == "si"), {}
    root_tag = re.search(r"<(?:[\w.-]+:)?sst\b[^>]*>", text)
    namespaces = " ".join(_NS_DECL.findall(root_tag[0])) if root_tag else f'xmlns="{_MAIN}"'
    items: list[str] = []
    recovered: dict[int, str] = {}
    for chunk in re.split(r"(?=<(?:[\w.-]+:)?si[\s>/])", text)[1:]:
        empty = re.match(r"<(?:[\w.-]+:)?si\s*/>", chunk)
        close = re.search(r"</(?:[\w.-]+:)?si\s*>", chunk)
        if empty:
            markup = empty[0]
        elif close:
            markup = chunk[:close.end()]
        else:  # an item left unclosed: up to the table's end
            markup = re.split(r"</(?:[\w.-]+:)?sst\s*>", chunk)[0]
        if not _has_surrogates(markup) and _parses(markup, namespaces) is not None:
            items.append(markup)
            continue
        value = _recovered_text(markup, runs=True)
        recovered[len(items)] = value
        items.append(f'<si><t xml:space="preserve">{_escape(value)}</t></si>')
    if not recovered:
        return None, len(items), {}
    head = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst {namespaces}>'
    return head + "".join(items) + "</sst>", len(items), recovered


def _has_surrogates(text: str) -> bool:
    return re.search("[\udc80-\udcff]", text) is not None


# ---------------------------------------------------------------------------
# Sheets


def _column_letters(number: int) -> str:
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _valid_ref(ref: str) -> tuple[int, int] | None:
    from xlkit.read.extent import column_number

    match = _REF.fullmatch(ref.upper())  # (calamine reads r="e4" as E4)
    if match is None:
        return None
    column, row = column_number(match[1]), int(match[2])
    if not (1 <= column <= 16384 and 1 <= row <= 1048576):
        return None
    return row, column


def _repair_sheet(data: bytes, sst_count: int | None, recovered: dict[int, str]
                  ) -> tuple[str | None, list[DamagedCell]]:
    """(the rebuilt part or None when nothing in it needed rewriting, the cells damaged or recovered)."""
    text, bad_bytes = _decode(data)
    opening = _SHEET_DATA.search(text)
    if opening is None or opening[2] == "/":
        return None, []
    prefix = opening[1]
    closing = re.compile(rf"</{re.escape(prefix)}sheetData\s*>").search(text, opening.end())
    body_end = closing.start() if closing else len(text)
    head, body = text[:opening.end()], text[opening.end():body_end]
    tail = text[closing.end():] if closing else f"</{prefix}worksheet>"
    root = _ROOT.search(head)
    namespaces = " ".join(_NS_DECL.findall(root[0])) if root else f'xmlns="{_MAIN}"'

    damaged: list[DamagedCell] = []
    changed = False
    out: list[str] = []
    row_number = 0
    for row_chunk in _ROW_START.split(body):
        if not re.match(r"<(?:[\w.-]+:)?row[\s>/]", row_chunk):
            continue  # text between rows (whitespace, or damage without a cell)
        cells = _CELL_START.split(row_chunk)
        row_tag = cells[0]
        tag = re.match(r"<(?:[\w.-]+:)?row\b[^<>]*?/?>", row_tag)
        stated = re.search(r"""\br\s*=\s*["']([0-9]{1,7})["']""", tag[0]) if tag else None
        row_number = int(stated[1]) if stated else row_number + 1
        if tag is None or tag[0].endswith("/>"):
            changed = changed or tag is None
            if tag is not None and len(cells) == 1:
                out.append(tag[0])
                continue
            out.append(f'<{prefix}row r="{row_number}">')
        else:
            out.append(tag[0])
            if tag.end() != len(row_tag.rstrip()) and not re.fullmatch(
                    r"\s*</(?:[\w.-]+:)?row\s*>\s*", row_tag[tag.end():]):
                changed = True  # something between the row's tag and its first cell
        column = 0
        for chunk in cells[1:]:
            markup, cell_changed = _cell_markup(chunk)
            changed = changed or cell_changed
            written, column, problem = _check_cell(markup, namespaces, row_number, column, sst_count, recovered)
            if problem is not None:
                damaged.append(problem)
            if written is not markup:
                changed = True
            out.append(written)
        out.append(f"</{prefix}row>")
    if bad_bytes:
        changed = True
    if not changed:
        return None, damaged
    head = _undecodable(head) if bad_bytes else head
    tail = _undecodable(tail) if bad_bytes else tail
    rebuilt = head + "".join(out) + f"</{prefix}sheetData>" + tail
    if not _well_formed(rebuilt):
        merges = _MERGES.search(tail)
        root_tag = root[0] if root else f'<worksheet xmlns="{_MAIN}">'
        rebuilt = (root_tag + f"<{prefix}sheetData>" + "".join(out) + f"</{prefix}sheetData>"
                   + (merges[0] if merges and _well_formed(f"<w {namespaces}>{merges[0]}</w>") else "")
                   + f"</{prefix}worksheet>")
    return rebuilt, damaged


def _well_formed(text: str) -> bool:
    try:
        ElementTree.fromstring(text.encode("utf-8", "replace"))
    except ElementTree.ParseError:
        return False
    return True


def _cell_markup(chunk: str) -> tuple[str, bool]:
    """One cell's markup from its `<c` to its `</c>` (or `/>`), and whether anything followed it in the row."""
    open_end = chunk.find(">")
    lt = chunk.find("<", 1)
    if open_end == -1 or (lt != -1 and lt < open_end):  # an opening tag left unclosed
        cut = lt if lt != -1 else len(chunk)
        rest = chunk[cut:]
        close = re.search(r"</(?:[\w.-]+:)?c\s*>", rest)
        end = cut + close.end() if close else len(re.split(r"</(?:[\w.-]+:)?row\s*>", chunk)[0])
        return chunk[:end], True
    if chunk[open_end - 1] == "/":
        markup, rest = chunk[:open_end + 1], chunk[open_end + 1:]
    else:
        close = re.search(r"</(?:[\w.-]+:)?c\s*>", chunk)
        if close is None:
            markup = re.split(r"</(?:[\w.-]+:)?row\s*>", chunk)[0].rstrip()
            return markup, True
        markup, rest = chunk[:close.end()], chunk[close.end():]
    extra = re.sub(r"</(?:[\w.-]+:)?row\s*>", "", rest, count=1).strip()
    return markup, bool(extra)


def _check_cell(markup: str, namespaces: str, row: int, previous_column: int, sst_count: int | None,
                recovered: dict[int, str]) -> tuple[str, int, DamagedCell | None]:
    """(the markup to write — `markup` itself when sound —, the cell's column, what was wrong with it)."""
    opening = markup[:markup.find(">") + 1] if ">" in markup else markup
    attrs = {k.rsplit(":", 1)[-1]: a or b for k, a, b in _ATTR.findall(opening)}
    tag = re.match(r"<((?:[\w.-]+:)?)c\b", markup)
    prefix = tag[1] if tag else ""
    ref = attrs.get("r")
    place = _valid_ref(ref) if ref is not None else None
    if place is not None and place[0] == row:
        column = place[1]
    else:
        column = previous_column + 1
    address = f"{_column_letters(column)}{row}"
    style = f' s="{attrs["s"]}"' if re.fullmatch(r"[0-9]{1,6}", attrs.get("s", "")) else ""
    kind = attrs.get("t", "")

    def rewritten(reason: str, text: str | None, number: bool = False) -> tuple[str, int, DamagedCell]:
        if text is None or text == "":
            new = f'<{prefix}c r="{address}"{style}/>'
            text = None
        elif number:
            new = f'<{prefix}c r="{address}"{style}><{prefix}v>{text}</{prefix}v></{prefix}c>'
        else:
            new = (f'<{prefix}c r="{address}"{style} t="inlineStr"><{prefix}is><{prefix}t xml:space="preserve">'
                   f"{_escape(text)}</{prefix}t></{prefix}is></{prefix}c>")
        return new, column, DamagedCell(row, column, _short(markup), reason, text, lost=text is None)

    element = None if _has_surrogates(markup) else _parses(markup, namespaces)
    if element is None:
        text = _recovered_text(markup, runs=kind in ("inlineStr", ""))
        if kind == "s" and text.strip().isdigit() and sst_count is not None and int(text) < sst_count:
            new = f'<{prefix}c r="{address}"{style} t="s"><{prefix}v>{int(text)}</{prefix}v></{prefix}c>'
            return new, column, DamagedCell(row, column, _short(markup),
                                            "标记不完整，它引用的共享文字仍可读出", None, lost=False)
        if kind == "s":
            return rewritten("标记不完整，它引用的共享文字无法确定", None)
        number = kind in ("", "n") and _is_number(text)
        return rewritten("标记不完整，或含有无法识别的字符", text, number)
    value_element = next((c for c in element if c.tag.rsplit("}", 1)[-1] == "v"), None)
    value = (value_element.text or "") if value_element is not None else None
    if ref is not None and (place is None or place[0] != row):
        fixed = re.sub(r"""\br\s*=\s*(?:"[^"]*"|'[^']*')""", f'r="{address}"', markup, count=1)
        return fixed, column, DamagedCell(row, column, _short(markup),
                                          f"地址写成了“{ref}”，按它在行中的位置读作 {address}",
                                          _plain_value(element, kind, value), lost=False)
    if kind not in _TYPES:
        return rewritten(f"类型“{kind}”无法识别", value)
    if kind == "s" and value is not None and value.strip():
        index = value.strip()
        plain = _plain_index(index)
        if plain is not None and plain != value and sst_count is not None and int(plain) < sst_count:
            # ` 16 ` or `16.0`: calamine reads an index it cannot parse as the first shared text
            new = f'<{prefix}c r="{address}"{style} t="s"><{prefix}v>{plain}</{prefix}v></{prefix}c>'
            return new, column, DamagedCell(row, column, _short(markup),
                                            f"引用共享文字的编号写成了“{value}”，按第 {plain} 条读取",
                                            recovered.get(int(plain)), lost=False)
        if not index.isdigit() or sst_count is None or int(index) >= sst_count:
            total = "文件里没有共享文字表" if sst_count is None else f"文件里只有 {sst_count} 条"
            return rewritten(f"引用的第 {index} 条共享文字不存在，{total}", None)
        if int(index) in recovered:
            return markup, column, DamagedCell(row, column, _short(markup),
                                               "它引用的共享文字标记不完整，或含有无法识别的字符",
                                               recovered[int(index)], lost=not recovered[int(index)])
    if kind == "b" and value is not None and value.strip() not in ("0", "1", "true", "false", ""):
        return rewritten(f"是“是/否”类型，但值“{value}”不是 0 或 1", value)
    if kind == "e" and value is not None and value.strip() not in KNOWN_ERRORS:  # #SPILL!, #CALC! (Excel 365)
        new, column, damaged = rewritten("公式出错", None)
        return new, column, DamagedCell(row, column, damaged.written, damaged.reason, None, error=value.strip())
    return markup, column, None


def _plain_index(text: str) -> str | None:
    """A shared-text index as digits alone (`16` of ` 16 `, `16.0`, `+16`), or None when it names no whole number."""
    try:
        number = float(text)
    except ValueError:
        return None
    if not number.is_integer() or number < 0 or number >= 1 << 31:
        return None
    return str(int(number))


def _plain_value(element: ElementTree.Element, kind: str, value: str | None) -> str | None:
    if kind == "inlineStr":
        return "".join(t.text or "" for t in element.iter() if t.tag.rsplit("}", 1)[-1] == "t") or None
    return value


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return bool(re.fullmatch(r"\s*-?[0-9.]+(?:[eE][-+]?[0-9]+)?\s*", text))
