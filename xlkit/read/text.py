"""Characters a clerk cannot see or tell apart, found once for every reader and matcher.

A case number copied from a web page or a chat carries a zero-width space, a BOM or a right-to-left
mark (Unicode category Cf), or an en dash or a minus sign where a hyphen was meant; full-width digits
come from a Chinese input method. Two such numbers look identical and are different strings.
"""

from __future__ import annotations

import re
import unicodedata

#: What XML 1.0 forbids (openpyxl and lxml refuse it): C0 controls but tab, newline and CR; lone surrogates;
#: U+FFFE/U+FFFF. Word's manual line break (\x0b) and page break (\x0c) pasted into a cell are among them.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
#: Control characters no one types and no one sees: what XML forbids, and DEL and the C1 controls (U+0080–U+009F,
#: left by text decoded with the wrong code page), which XML allows but Word and Excel show as boxes or nothing.
#: Reported at their cell (R021), dropped from choice values and from every output.
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
#: The same without DEL, for text whose cells were joined with DEL (`xlkit.read.ledger._ColumnTexts`)
CONTROL_BUT_DEL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x80-\x9f\ud800-\udfff\ufffe\uffff]")

#: dashes that stand for "-" (Unicode Pd, plus the minus sign and the modifier minus)
_EXTRA_DASHES = frozenset("\u2212\u02d7\u2043")


def is_invisible(ch: str) -> bool:
    """A format character (Cf: zero-width space, BOM, direction marks, soft hyphen…)."""
    return unicodedata.category(ch) == "Cf"


def is_dash(ch: str) -> bool:
    return ch != "-" and (ch in _EXTRA_DASHES or unicodedata.category(ch) == "Pd")


#: Every character `has_odd` looks for: format characters (Cf), dashes (Pd) but "-" itself, and the extra dashes,
#: as of Unicode 14 (Python 3.11), for one search in C. Collecting a column's distinct characters (`set(text)`)
#: made a string object for each of its characters: 0.1 s for a 100,000-row 文号 column (issue 15).
#: tests/test_text.py checks it against the running Python's unicodedata (planes 0, 1 and 14 hold them all).
_ODD = re.compile(
    "["
    "\u00ad\u02d7\u058a\u05be\u0600-\u0605\u061c\u06dd\u070f\u0890-\u0891\u08e2\u1400\u1806\u180e\u200b-\u2015"
    "\u202a-\u202e\u2043\u2060-\u2064\u2066-\u206f\u2212\u2e17\u2e1a\u2e3a-\u2e3b\u2e40\u2e5d\u301c\u3030\u30a0"
    "\ufe31-\ufe32\ufe58\ufe63\ufeff\uff0d\ufff9-\ufffb\U00010ead\U000110bd\U000110cd\U00013430-\U00013438"
    "\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f"
    "]")


def has_odd(text: str) -> bool:
    """Whether `text` holds an invisible or look-alike character (`is_invisible`, `is_dash`)."""
    if text.isascii():
        return False  # ASCII has no format character, and its one dash is "-" itself
    return _ODD.search(text) is not None


def canonical_identity(text: str) -> str:
    """An identity text (案件编号, 身份证号, 文号) as it is matched: full-width folded (NFKC), no spaces, no
    invisible or control characters, every dash a hyphen."""
    text = unicodedata.normalize("NFKC", text)
    if not text.isprintable():  # a control character (said at its cell, R021) is no part of the number
        text = CONTROL.sub("", text)
    if has_odd(text):
        text = "".join("-" if is_dash(ch) else ch for ch in text if not is_invisible(ch))
    return "".join(text.split())


def odd_characters(text: str) -> list[str]:
    """The invisible and look-alike characters in a text, named for the clerk (`U+200B 零宽空格`)."""
    found: list[str] = []
    if not has_odd(text):
        return found
    for ch in text:
        if is_invisible(ch) or is_dash(ch):
            name = _NAMES.get(ch) or unicodedata.name(ch, "").lower() or "不可见字符"
            label = f"U+{ord(ch):04X} {name}"
            if label not in found:
                found.append(label)
    return found


_NAMES = {
    "\u200b": "零宽空格", "\u200c": "零宽不连字", "\u200d": "零宽连字", "\ufeff": "BOM（零宽不换行空格）",
    "\u200e": "从左到右标记", "\u200f": "从右到左标记", "\u202a": "方向嵌入符", "\u202b": "方向嵌入符",
    "\u202c": "方向结束符", "\u202d": "方向覆盖符", "\u202e": "从右到左覆盖符", "\u2060": "零宽不换行符",
    "\u00ad": "软连字符", "\u2010": "连字符", "\u2011": "不换行连字符", "\u2012": "数字线", "\u2013": "短破折号",
    "\u2014": "破折号", "\u2015": "横线", "\u2212": "减号", "\ufe63": "小连字符", "\u301c": "波浪线",
}


_CONTROL_NAMES = {"\x0b": "Word 的换行符", "\x0c": "Word 的分页符", "\x7f": "删除符 DEL", "\x85": "下一行符 NEL",
                  "\x00": "空字符 NUL"}


def control_names(text: str) -> list[str]:
    """The control characters of a text (`CONTROL`), named for the clerk (`U+000B Word 的换行符`)."""
    found: list[str] = []
    for ch in dict.fromkeys(CONTROL.findall(text)):
        found.append(f"U+{ord(ch):04X} {_CONTROL_NAMES.get(ch, '控制字符')}")
    return found
