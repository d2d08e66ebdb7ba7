"""A column that holds two of the petitioner's details, as other offices' ledgers have them.

Headers: `信访人姓名及联系电话`, `姓名/电话`, `姓名电话`, `信访人（姓名、电话）`, `身份证号码及住址`, `住址及电话`,
`联系人及电话`; cells: `张三 13800001111`, `511723199001011234 开江县新宁镇东街5号`. The header is read as the
first detail it names; the cells are split: a phone number or an ID number (the parts with a shape) goes to its
own field, the rest stays. A phone typed beside the name under a plain `信访人` header is split the same way.
Nothing is dropped without a word: each column is said once (R048), each cell that could not be split where
it belongs is said at its address.

The header words are the schema's (`xlkit.read.headers.lookup`); only the joining words are here.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from xlkit.read import headers as hd

#: the details that are split out of one cell; the first two have no shape of their own
PERSONAL = ("petitioner", "address", "id_number", "phone")
SHAPED = ("id_number", "phone")
_JOINERS = re.compile(r"及|和|与|/|／|、|\+|＋|&|＆|,|，|;|；")
_NOTE = re.compile(r"(.+?)[(\[【](.+)[)\]】]")
#: words for someone who is not named as the petitioner but whose phone is given (联系人及电话)
#: the longest header looked at: `信访人姓名、身份证号码及家庭住址` has 16 characters
_LONGEST_HEADER = 40
_OTHER_PERSON = re.compile(r".{0,4}(?:联系人|代表|代理人|联络人)$")

_ID = re.compile(r"(?<![0-9])(?:[0-9]{17}[0-9Xx]|[0-9]{15})(?![0-9Xx])")
_LABEL = re.compile(r"(?:联系)?(?:电话|手机|手机号|号码|座机|TEL|Tel|tel|身份证号?码?|住址|地址)\s*[:：]?\s*$")
_EDGE = " \t\r\n,，、;；/／:：()（）[]【】<>《》-—|"


def _phone_pattern() -> re.Pattern:
    from xlkit.check.rules import _LANDLINE, _MOBILE  # the shapes C130 accepts, written once there

    return re.compile(rf"(?<![0-9])(?:{_MOBILE}|{_LANDLINE})(?![0-9])")


_PHONE: re.Pattern | None = None


@functools.cache
def _detail_words() -> tuple[str, ...]:
    """The schema's spellings of the details a second part can name (电话, 住址, 身份证号…)."""
    return tuple(sorted({name for name, spelling in hd.SPELLINGS.items()
                         if spelling.column.field in PERSONAL and spelling.column.field != "petitioner"
                         and len(name) >= 2}, key=len))


def _field(part: str) -> str | None:
    spelling = hd.lookup(part)
    return spelling.column.field if spelling is not None and spelling.column.field in PERSONAL else None


def combined_fields(text: Any) -> tuple[str | None, ...] | None:
    """The petitioner's details a header names together, in order, when it names two or more (None for the
    first when it names someone else's phone: 联系人及电话 → (None, "phone")); None for a header of one thing."""
    if text.__class__ is not str or not 3 <= len(text) <= _LONGEST_HEADER:  # (every cell of a row is asked: a
        return None  # long text is no header, and its splits would cost the square of its length)
    return _combined(text)


@functools.lru_cache(maxsize=4096)
def _combined(text: str) -> tuple[str | None, ...] | None:
    key = hd.normalize(text)
    if len(key) < 3 or not any(word in key for word in _detail_words()):
        return None  # (most cells name no detail at all: one look for the words, issue 15)
    candidates: list[list[str]] = []
    note = _NOTE.fullmatch(key)
    if note is not None:  # 信访人（姓名、电话）
        candidates.append([note[1], *(p for p in _JOINERS.split(note[2]) if p)])
    elif hd.lookup(key) is not None:  # one of the schema's spellings (信访人身份证: the petitioner's ID)
        return None
    parts = [p for p in _JOINERS.split(key) if p]
    if len(parts) >= 2:
        candidates.append(parts)
    else:  # 姓名电话, 住址联系电话: two spellings written together
        candidates.extend([key[:i], key[i:]] for i in range(2, len(key) - 1))
    for parts in candidates:
        fields = [_field(hd.without_notes(p)) or _field(p) for p in parts]
        if None in fields[1:]:
            continue
        if fields[0] is None:
            if len(parts) == 2 and fields[1] == "phone" and _OTHER_PERSON.fullmatch(parts[0]):
                return None, "phone"
            continue
        distinct = tuple(dict.fromkeys(fields))
        if len(distinct) >= 2:
            return distinct
    return None


@dataclass(frozen=True)
class Split:
    rest: str | None  # what is left for the column's first field (the name, the address)
    found: dict[str, str]  # shaped field → the numbers found (several joined by 、)


def split_cell(value: Any, fields: tuple[str | None, ...]) -> Split | None:
    """A cell's shaped details taken out of it (`张三 13800001111` → 张三 and 13800001111); None when the cell
    holds none of them."""
    global _PHONE
    if value is None or value != value or value == "":
        return None
    text = value if isinstance(value, str) else _number_text(value)
    if text is None:
        return None
    folded = unicodedata.normalize("NFKC", text)
    found: dict[str, str] = {}
    for field_name in SHAPED:
        if field_name not in fields:
            continue
        if field_name == "phone":
            _PHONE = _PHONE or _phone_pattern()
            pattern = _PHONE
        else:
            pattern = _ID
        numbers = [m[0] for m in pattern.finditer(folded)]
        if field_name == "phone" and "id_number" in fields:  # an ID's digits are no phone
            numbers = [n for n in numbers if not _ID.search(n)]
        if not numbers:
            continue
        found[field_name] = "、".join(n.upper() if field_name == "id_number" else n for n in numbers)
        for number in numbers:
            folded = folded.replace(number, " ", 1)
    if not found:
        return None
    rest = " ".join(_LABEL.sub("", piece).strip(_EDGE) for piece in re.split(r"\s{2,}|\n", folded))
    rest = " ".join(rest.split()).strip(_EDGE)
    return Split(rest or None, found)


def _number_text(value: Any) -> str | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    if isinstance(value, float) and not value.is_integer():
        return None
    return str(int(value))
