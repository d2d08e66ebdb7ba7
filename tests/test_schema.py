"""The schema is the one place that knows the columns; everything else derives from it."""

from __future__ import annotations

import pytest

from xlkit.schema import (
    COLUMNS,
    DICTIONARIES,
    Group,
    Kind,
    header_lookup,
    normalize_header,
)


def test_every_field_and_header_is_unique():
    assert len({c.field for c in COLUMNS}) == len(COLUMNS)
    assert len({c.header for c in COLUMNS}) == len(COLUMNS)


def test_no_alias_points_at_two_columns():
    seen: dict[str, str] = {}
    for column in COLUMNS:
        for name in (column.header, *column.aliases):
            key = normalize_header(name)
            assert seen.setdefault(key, column.field) == column.field, f"{name} is ambiguous"


def test_choice_columns_name_an_existing_dictionary():
    for column in COLUMNS:
        if column.kind in (Kind.CHOICE, Kind.YESNO):
            assert column.dictionary in DICTIONARIES, column.header


def test_every_group_has_columns_and_every_column_has_help():
    assert {c.group for c in COLUMNS} == set(Group)
    assert all(c.help and len(c.help) <= 255 for c in COLUMNS)  # Excel's input-message limit


@pytest.mark.parametrize(("typed", "field"), [
    ("编号", "case_id"), ("信访日期", "registered_on"), ("承办单位", "unit"), (" 村（社区） ", "village"),
    ("案件\n编号", "case_id"), ("ＩＤ", None),
])
def test_headers_real_ledgers_use_are_recognised(typed, field):
    column = header_lookup().get(normalize_header(typed))
    assert (column.field if column else None) == field


def test_public_names_import_from_the_package_root():
    import xlkit

    for name in xlkit.__all__:
        assert getattr(xlkit, name) is not None, name
