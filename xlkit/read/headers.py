"""Matching an office's headers to the schema's columns, and saying how each was understood.

Real ledgers write headers their own way: `信访人\\n（姓名）`, `登记日期*`, `案件编号（必填）`, `ＩＤ`,
`举报人姓  名`. A header is folded (full-width characters, spaces and line breaks, a trailing `*` or
`（必填）`) and looked up among the schema's headers and aliases; failing that, once more without a
bracketed note. An office's own 表头对照 (see `mapping.py`) comes before all of that. A header the
schema lists as ambiguous (责任单位: a 股室 or a township?) is never guessed.
"""

from __future__ import annotations

import difflib
import functools
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from xlkit.schema import AMBIGUOUS_HEADERS, BY_FIELD, COLUMNS, HELPER_HEADERS, Column

#: How a column was understood (shown by `xlkit columns` and the check report).
BY_NAME, BY_ALIAS, BY_MAPPING = "标准列名", "别名", "表头对照"
UNKNOWN, AMBIGUOUS, SKIPPED, SECOND, REPEATED, HELPER, NOT_YET, SERIAL = (
    "未识别", "含义不明确", "按表头对照不读取", "另一列已读作此列", "表头重复", "模板公式列", "原台账没有、尚未填写",
    "序号有重复，不作案件编号")
CHANNELS = "填的是信访渠道，不作信访类型"

_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_REQUIRED_MARK = re.compile(r"(?:[(\[【<]\s*(?:必填|必填项|选填|可选|必选)\s*[)\]】>]|[*※★]+)$")
_LEADING_MARK = re.compile(r"^[*※★]+")
_NUMBERING = re.compile(r"^(?:\d{1,2}|[一二三四五六七八九十]{1,3})[、.．]")
_BRACKETED = re.compile(r"[(\[【<][^()\[\]【】<>]*[)\]】>]")


def fold(text: Any) -> str:
    """Full-width to half-width, invisible characters, spaces and line breaks gone; ASCII in lower case."""
    if text is None:
        return ""
    folded = unicodedata.normalize("NFKC", str(text)).translate(_INVISIBLE)
    folded = "".join(folded.split()).replace("（", "(").replace("）", ")")
    return folded.lower() if folded.isascii() else folded


def normalize(text: Any) -> str:
    """A header as it is compared: folded, without a required-mark (`*`, `（必填）`) or leading numbering."""
    folded = fold(text)
    previous = None
    while previous != folded:
        previous = folded
        folded = _REQUIRED_MARK.sub("", folded)
        folded = _LEADING_MARK.sub("", folded)
        folded = _NUMBERING.sub("", folded)
    return folded


def without_notes(text: str) -> str:
    """A normalized header without its bracketed notes: `信访人(姓名)` → `信访人`."""
    return _BRACKETED.sub("", text)


@dataclass(frozen=True)
class Spelling:
    column: Column
    name: str  # the schema's spelling that matched (header or alias)
    rank: int  # 0 for the header itself, then the alias's place: the lower wins when two columns compete

    @property
    def how(self) -> str:
        return BY_NAME if self.rank == 0 else BY_ALIAS


def _spellings() -> dict[str, Spelling]:
    table: dict[str, Spelling] = {}
    for column in COLUMNS:
        for rank, name in enumerate((column.header, *column.aliases)):
            table.setdefault(normalize(name), Spelling(column, name, rank))
    return table


SPELLINGS: dict[str, Spelling] = _spellings()
AMBIGUOUS_KEYS: dict[str, tuple[str, ...]] = {normalize(k): v for k, v in AMBIGUOUS_HEADERS.items()}
HELPERS: frozenset[str] = frozenset(normalize(h) for h in HELPER_HEADERS)


#: The petitioner's own details: a header naming the petitioner before one of them (当事人身份证号, 反映人联系电话,
#: 来访人住址) is that column, however the register calls its petitioner.
_PERSONAL_FIELDS = frozenset({"id_number", "phone", "address"})


def _petitioner_words() -> tuple[str, ...]:
    """The words for the petitioner (信访人, 当事人, 举报人…, from the schema), longest first."""
    petitioner = BY_FIELD["petitioner"]
    words = {normalize(w) for w in (petitioner.header, *petitioner.aliases) if w.endswith(("人", "人员"))}
    return tuple(sorted(words, key=len, reverse=True))


_PETITIONER_WORDS = _petitioner_words()


def _petitioners_detail(key: str) -> Spelling | None:
    """`当事人身份证号` → 身份证号: the petitioner's word, then a spelling of one of the petitioner's details."""
    for word in _PETITIONER_WORDS:
        if key.startswith(word) and len(key) > len(word):
            rest = key[len(word):]
            found = SPELLINGS.get(rest) or SPELLINGS.get(without_notes(rest))
            if found is not None and found.column.field in _PERSONAL_FIELDS:
                return Spelling(found.column, word + found.name, found.rank + len(found.column.aliases) + 1)
            return None
    return None


def lookup(text: Any) -> Spelling | None:
    """The schema column a header names, or None (ambiguous headers are None too)."""
    key = normalize(text)
    if not key or key in AMBIGUOUS_KEYS:
        return None
    found = SPELLINGS.get(key)
    if found is None:
        bare = without_notes(key)
        if bare != key and bare not in AMBIGUOUS_KEYS:
            found = SPELLINGS.get(bare)
    if found is None:
        found = _petitioners_detail(without_notes(key))
    return found


#: The office's own people: a group header naming one of them (承办人 over 姓名/联系电话) is about that person, not
#: the petitioner; so is a group naming the one complained about (被反映人 over 姓名/单位).
STAFF_FIELDS = frozenset({"registrar", "assigner", "handler", "reviewer", "extension_approver"})
_NAME_WORDS = frozenset({"姓名", "名字"})


def under_group(group: str, text: Any) -> tuple[bool, Spelling | None]:
    """For a sub-header under a group header: (may the sub-header be read on its own, the column it names when
    the group names the person it belongs to). `信访人`/`基本情况` over `姓名`: (True, None), read as 姓名 is;
    `承办人` over `姓名`: (False, 承办人); `承办人` over `联系电话`, `被反映人` over `姓名`: (False, None)."""
    key = normalize(group)
    if key.startswith("被"):
        return False, None
    owner = lookup(group)
    if owner is None or owner.column.field not in STAFF_FIELDS:
        return True, None
    return False, owner if without_notes(normalize(text)) in _NAME_WORDS else None


def ambiguous(text: Any) -> tuple[str, ...] | None:
    """The fields an ambiguous header might be, or None when it is not one of them."""
    key = normalize(text)
    return AMBIGUOUS_KEYS.get(key) or AMBIGUOUS_KEYS.get(without_notes(key))


def is_helper(text: Any) -> bool:
    return normalize(text) in HELPERS


def suggest(text: Any) -> Column | None:
    """The schema column a header most looks like, as a suggestion only (never read as it)."""
    key = without_notes(normalize(text))
    if len(key) < 2 or key.startswith("被"):  # 被反映人 is the one complained about, never the petitioner
        return None
    candidates = ambiguous(text)
    if candidates:
        return BY_FIELD[candidates[0]]
    return _most_like(key)


@functools.lru_cache(maxsize=4096)
def _most_like(key: str) -> Column | None:
    # A spelling is compared in full only when the quick upper bounds of its score could beat the best so far
    # (as difflib.get_close_matches does): a sheet of 16,381 unknown headers asked 6.7 million full
    # comparisons (2 minutes); the answer is the same.
    bounds = difflib.SequenceMatcher(None)  # the header as b: its character counts made once, not per spelling
    bounds.set_seq2(key)
    best: tuple[float, Column] | None = None
    for name, spelling in SPELLINGS.items():
        if len(name) < 2:
            continue
        score = 0.75 if len(name) >= 3 and (name in key or key in name) else 0.0
        bounds.set_seq1(name)
        floor = max(score, best[0] if best else -1.0, 0.6 - 1e-9)
        if bounds.real_quick_ratio() > floor and bounds.quick_ratio() > floor:  # (both bounds are symmetric)
            score = max(score, difflib.SequenceMatcher(None, key, name).ratio())
        if best is None or score > best[0]:
            best = (score, spelling.column)
    return best[1] if best and best[0] >= 0.6 else None


@dataclass
class ColumnInfo:
    """One header cell of the ledger and how it was understood."""

    cell: str  # A1 address of the header cell
    index: int  # 0-based sheet column
    text: str  # the header as written (spaces and line breaks shown as they are)
    field: str | None = None  # the schema field it is read as
    how: str = UNKNOWN  # 标准列名 / 别名 / 表头对照, or why it is not read
    alias: str | None = None  # the schema spelling (or the 表头对照 line) that matched
    suggestion: str | None = None  # for an unread column: the field it most looks like
    note: str = ""

    @property
    def read(self) -> bool:
        return self.field is not None and self.how in (BY_NAME, BY_ALIAS, BY_MAPPING)

    @property
    def header(self) -> str | None:
        return BY_FIELD[self.field].header if self.field else None

    def describe(self) -> str:
        """One line in Chinese: `D3 “举报人姓名” → 信访人（别名“举报人姓名”）`."""
        shown = self.text.replace("\n", "⏎")
        if self.read:
            via = "标准列名" if self.how == BY_NAME else f"{self.how}“{self.alias}”"
            return f"{self.cell}“{shown}” → {self.header}（{via}）{('，' + self.note) if self.note else ''}"
        hint = f"，像是“{BY_FIELD[self.suggestion].header}”" if self.suggestion and self.how == UNKNOWN else ""
        return f"{self.cell}“{shown}” → {self.how}{hint}{('：' + self.note) if self.note else ''}"
