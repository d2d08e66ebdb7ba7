"""Numbers shown through a custom number format in an .xlsx/.xlsm: `"2019-"000` shows 1 as 2019-001.

Offices number cases with such a format (设置单元格格式 → 自定义) so that typing 1 gives 2019-001, or 000
so that 7 shows as 007. The cell holds the number; the clerk sees, prints and quotes the text. An identity
column (案件编号, 电话, 文号…) is read as the clerk sees it. Only formats made of literal text and digit
placeholders (0 # ?) are understood; a format with a decimal point, thousands separator, exponent, percent,
fraction or date part shows an identity number no one would type that way, and is left alone.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable, Iterable
from pathlib import Path
from xml.etree import ElementTree

from xlkit.read.package_errors import PACKAGE_ERRORS

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_STRICT_MAIN = "{http://purl.oclc.org/ooxml/spreadsheetml/main}"
_PLACEHOLDERS = "0#?"
_REJECT = set(".,%/@*_Ee") | set("yYmMdDhHsSgGbBaApP")
_CELL = re.compile(rb"<(?:\w+:)?c\b([^>]*)>")
_ATTR = re.compile(rb'\b(r|s|t)\s*=\s*["\']([^"\']*)["\']')
_CHUNK = 1 << 23
_MAX_STYLES = 64 << 20


def _tokens(code: str) -> list[tuple[str, str]] | None:
    """('lit', text) and ('ph', 0/#/?) for the first section of a format code; None when not understood."""
    section = ""
    quoted = False
    for ch in code:  # the first section: up to a ; outside quotes
        if ch == '"':
            quoted = not quoted
        elif ch == ";" and not quoted:
            break
        section += ch
    if re.search(r"\[(?:<|>|=)", section):  # [<=99999999]0000-0000;…: which section shows a number is Excel's
        return None
    section = re.sub(r"\[[^\]]*\]", "", section)  # [Red], [$-804]
    out: list[tuple[str, str]] = []
    i = 0
    while i < len(section):
        ch = section[i]
        if ch == '"':
            end = section.find('"', i + 1)
            if end < 0:
                return None
            out.append(("lit", section[i + 1:end]))
            i = end + 1
            continue
        if ch == "\\" and i + 1 < len(section):
            out.append(("lit", section[i + 1]))
            i += 2
            continue
        if ch in _PLACEHOLDERS:
            out.append(("ph", ch))
        elif ch in _REJECT:
            return None
        else:
            out.append(("lit", ch))
        i += 1
    return out if any(kind == "ph" for kind, _ in out) else None


def renderer(code: str) -> Callable[[int], str] | None:
    """A function showing a whole number as the format does, or None when the format would show it as the
    plain number anyway (General, 0, #) or is not understood."""
    tokens = _tokens(code)
    if tokens is None:
        return None
    places = [p for kind, p in tokens if kind == "ph"]
    if not any(kind == "lit" and text for kind, text in tokens) and places.count("0") <= 1:
        return None

    def show(number: int) -> str:
        digits = str(number)
        count = len(places)
        if len(digits) >= count:  # digits beyond the placeholders all go into the first
            slots = [digits[:len(digits) - count + 1], *digits[len(digits) - count + 1:]]
        else:  # right-aligned; the placeholders left over show 0, nothing (#) or a space (?)
            pad = count - len(digits)
            slots = ["" if p == "#" else " " if p == "?" else "0" for p in places[:pad]] + list(digits)
        slot = iter(slots)
        return "".join(next(slot) if kind == "ph" else text for kind, text in tokens)

    return show


def style_renderers(path: Path) -> dict[int, Callable[[int], str]]:
    """Cell style index (the `s` of a cell) → how it shows a whole number, for the styles whose format shows
    one otherwise than as the plain number; {} for none (the usual case) or a package that cannot say."""
    try:
        with zipfile.ZipFile(path) as package:
            if package.getinfo("xl/styles.xml").file_size > _MAX_STYLES:  # not one a spreadsheet program wrote
                return {}
            styles = ElementTree.fromstring(package.read("xl/styles.xml"))
    except (*PACKAGE_ERRORS, ElementTree.ParseError):
        return {}
    main = _MAIN if styles.find(f"{_MAIN}cellXfs") is not None else _STRICT_MAIN
    codes = {int(f.get("numFmtId", -1)): f.get("formatCode", "") for f in styles.iter(f"{main}numFmt")}
    shown = {number: r for number, code in codes.items() if number >= 164 and (r := renderer(code)) is not None}
    if not shown:
        return {}
    xfs = styles.find(f"{main}cellXfs")
    out: dict[int, Callable[[int], str]] = {}
    for index, xf in enumerate(xfs if xfs is not None else ()):
        number = int(xf.get("numFmtId") or 0)
        if number in shown:
            out[index] = shown[number]
    return out


def _column(letters: bytes) -> int:
    number = 0
    for code in letters:
        number = number * 26 + code - 64
    return number - 1


def styled_numbers(path: Path, part: str, styles: Iterable[int], columns: set[int]) -> dict[tuple[int, int], int]:
    """(row, column), both 0-based → style index, for the number cells of `columns` (0-based) styled one of
    `styles`, in the sheet stored at `part`. Streamed: a few MB of XML at a time."""
    wanted = {str(s).encode() for s in styles}
    found: dict[tuple[int, int], int] = {}
    if not wanted or not columns:
        return found
    # only the cells styled one of `wanted` are looked at, found by their s="…" (a regex with a literal in C):
    # taking every cell's attributes apart was 7 s of CPU on 100,000 rows (review finding)
    styled = re.compile(rb'\bs\s*=\s*["\'](?:' + b"|".join(sorted(wanted)) + rb')["\']')
    try:
        with zipfile.ZipFile(path) as package, package.open(part) as stream:
            tail = b""
            while True:
                chunk = stream.read(_CHUNK)
                data = tail + chunk
                cut = data.rfind(b"<") if chunk else len(data)
                for hit in styled.finditer(data, 0, cut):
                    match = _CELL.match(data, data.rfind(b"<", 0, hit.start()))
                    if match is None or match.end() < hit.end():  # a row's or another element's s="…"
                        continue
                    attrs = dict(_ATTR.findall(match[1]))
                    style, ref = attrs.get(b"s"), attrs.get(b"r")
                    if style not in wanted or ref is None or attrs.get(b"t", b"n") != b"n":
                        continue
                    split = re.match(rb"([A-Z]{1,3})([0-9]{1,7})$", ref)
                    if split is None:
                        continue
                    column = _column(split[1])
                    if column in columns:
                        found[(int(split[2]) - 1, column)] = int(style)
                if not chunk:
                    break
                tail = data[cut:]
    except PACKAGE_ERRORS:
        return {}
    return found
