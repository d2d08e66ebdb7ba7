"""The speed-ups of issue 15 give the same answers as the plain definitions they replace."""

from __future__ import annotations

import unicodedata

from xlkit.output.xlsx_style import text_width
from xlkit.read.text import canonical_identity, has_odd, odd_characters


def test_odd_characters_are_found_after_their_neighbours_were_seen_plain():
    assert not has_odd("开城治信受〔2019〕3号") and canonical_identity("开城治信受〔2019〕3号") == "开城治信受〔2019〕3号"
    # the same characters again, now with an en dash and a zero-width space among them
    assert has_odd("开城治信受〔2019–3号\u200b")
    assert canonical_identity("开城治信受〔2019–3号\u200b") == "开城治信受〔2019-3号"
    assert odd_characters("开城\u200b治信–") == ["U+200B 零宽空格", "U+2013 短破折号"]
    assert odd_characters("开城治信") == [] and not has_odd("2019-001")


def test_text_width_is_the_east_asian_width():
    for text in ("2019-001", "张三 abc", "〔2019〕", "ｱｲ", "😀x", "Ｆ全角", "\u200b"):
        assert text_width(text) == sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
    assert text_width(12345) == 5 and text_width(None) == 0 and text_width(1.5) == 8
