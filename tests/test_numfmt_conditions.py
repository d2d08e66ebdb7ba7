"""A custom number format with conditions is not guessed at (review finding): Excel picks the section by the
number's size, and the first section alone showed 123456789012 as 12345678-9012 under
[<=99999999]0000-0000;000-0000-0000. The cell keeps its plain number, as before number formats were read."""

from __future__ import annotations

import pytest

from xlkit.read.numfmt import renderer


@pytest.mark.parametrize("code", ["[<=99999999]0000-0000;000-0000-0000", "[>100]\"A-\"000;\"B-\"000", "[=1]\"一\";0"])
def test_a_format_with_conditions_is_left_alone(code):
    assert renderer(code) is None


@pytest.mark.parametrize(("code", "shown"), [('"2019-"000', "2019-012"), ('[Red]"A-"000', "A-012"),
                                             ('[$-804]"开综治-"0000', "开综治-0012")])
def test_a_colour_or_locale_tag_is_no_condition(code, shown):
    assert renderer(code)(12) == shown
