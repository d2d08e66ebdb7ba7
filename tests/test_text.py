"""Characters a clerk cannot see or tell apart (xlkit.read.text): the one search for them agrees with unicodedata."""

from __future__ import annotations

from xlkit.read.text import has_odd, is_dash, is_invisible


def test_the_search_for_odd_characters_finds_exactly_what_unicodedata_calls_invisible_or_a_dash():
    # planes 0, 1 and 14 hold every format character and dash there is (2, 3: ideographs; 15, 16: private use);
    # a Python with a newer Unicode that adds one fails here, and the pattern in text.py is regenerated
    for plane in (range(0x0000, 0x10000), range(0x10000, 0x20000), range(0xE0000, 0xF0000)):
        for code in plane:
            ch = chr(code)
            if 0xD800 <= code <= 0xDFFF:
                continue
            assert has_odd("字" + ch) == (is_invisible(ch) or is_dash(ch)), f"U+{code:04X}"


def test_odd_characters_in_identity_texts():
    assert has_odd("开城治信处〔2019〕1号\u200b")  # a zero-width space from a web page
    assert has_odd("2019\u20131")  # an en dash for a hyphen
    assert not has_odd("开城治信处〔2019〕1号")
    assert not has_odd("2019-001")  # ASCII's own hyphen
    assert has_odd("２０１９－００１")  # the full-width hyphen is a dash (the reader folds it with NFKC first)
