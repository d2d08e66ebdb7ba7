"""An office's own 表头对照: which of its headers is which column, and which of its values is which.

It lives in a sheet named 表头对照 inside the ledger, or in a workbook 表头对照.xlsx beside it (one
mapping for every ledger in that folder; the sheet wins when both exist). `xlkit columns --write`
makes the workbook, filled with how xlkit understood the ledger, for the office to correct. Layout:

    原表头      | 标准列        | 说明                 ← first table: headers
    举报人姓名  | 信访人        |
    责任单位    | 问题属地乡镇  |
    内部流水号  | 不读取        |
    (blank row)
    列          | 原值          | 标准值               ← second table: values
    信访形式    | 电话          | 来电

Every command reads ledgers through `read_ledger`, which applies the mapping, so every command honours it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from xlkit.read.headers import fold, lookup, normalize
from xlkit.schema import BY_HEADER, MAPPING_HEADERS, MAPPING_SKIP, MAPPING_VALUE_HEADERS


@dataclass
class Mapping:
    source: str  # where it came from, for messages: "表头对照.xlsx" or "工作表“表头对照”"
    headers: dict[str, str] = field(default_factory=dict)  # normalized office header → field, or MAPPING_SKIP
    values: dict[str, dict[str, str]] = field(default_factory=dict)  # field → folded office value → standard
    problems: list[tuple[str, str]] = field(default_factory=list)  # (cell, message) lines it could not use

    def __bool__(self) -> bool:
        return bool(self.headers or self.values)

    def field_for(self, text: Any) -> str | None:
        return self.headers.get(normalize(text))

    def translate(self, field_name: str, value: Any) -> Any:
        """The standard value for an office's value in a column (unchanged when the mapping has none)."""
        table = self.values.get(field_name)
        if not table or not isinstance(value, str):
            return value
        return table.get(fold(value), value)


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _field_of(name: str, headers: dict[str, str]) -> str | None:
    """A 标准列 or 列 cell: a standard header, an alias, or one of the office's headers mapped above."""
    column = BY_HEADER.get(name.strip())
    if column is not None:
        return column.field
    spelling = lookup(name)
    if spelling is not None:
        return spelling.column.field
    mapped = headers.get(normalize(name))
    return mapped if mapped and mapped != MAPPING_SKIP else None


def parse_mapping(rows: list[list[Any]], source: str) -> Mapping:
    """A Mapping from a 表头对照 sheet's values (from A1)."""
    mapping = Mapping(source)
    block = None
    for number, row in enumerate(rows, start=1):
        cells = [_text(v) for v in (list(row) + [None, None, None])[:3]]
        if cells[:2] == list(MAPPING_HEADERS[:2]):
            block = "headers"
            continue
        if cells == list(MAPPING_VALUE_HEADERS):
            block = "values"
            continue
        if not any(cells):
            continue
        if block == "headers":
            original, standard = cells[0], cells[1]
            if not original or not standard:
                continue  # a line the office has not filled yet
            if standard == MAPPING_SKIP:
                mapping.headers[normalize(original)] = MAPPING_SKIP
                continue
            column = BY_HEADER.get(standard) or (lookup(standard).column if lookup(standard) else None)
            if column is None:
                mapping.problems.append((f"B{number}", f"“{standard}”不是标准台账的列名，这一行未使用"))
                continue
            mapping.headers[normalize(original)] = column.field
        elif block == "values":
            name, original, standard = cells
            if not name or not original or not standard:
                continue
            field_name = _field_of(name, mapping.headers)
            if field_name is None:
                mapping.problems.append((f"A{number}", f"“{name}”不是标准台账的列名或本表上面的原表头，这一行未使用"))
                continue
            mapping.values.setdefault(field_name, {})[fold(original)] = standard
    return mapping


def find_mapping(path: Path, sheet_rows, sheet_names: list[str]) -> Mapping | None:
    """The ledger's own 表头对照 sheet (`sheet_rows(name)` gives its values), else 表头对照.xlsx beside it."""
    from xlkit.schema import MAPPING_FILE, MAPPING_SHEET

    if MAPPING_SHEET in sheet_names:
        return parse_mapping(sheet_rows(MAPPING_SHEET), f"工作表“{MAPPING_SHEET}”")
    beside = path.parent / MAPPING_FILE
    if beside.is_file() and beside.resolve() != path.resolve():
        from python_calamine import CalamineWorkbook

        from xlkit.read.panics import calamine_failed, quiet_panics

        try:
            with quiet_panics():
                book = CalamineWorkbook.from_path(str(beside))
                names = book.sheet_names
                name = MAPPING_SHEET if MAPPING_SHEET in names else names[0]
                rows = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
        except BaseException as error:  # a broken mapping must not stop the ledger from being read; it is reported
            if not calamine_failed(error):
                raise
            return Mapping(MAPPING_FILE, problems=[("", f"“{beside.name}”无法打开，未使用")])
        return parse_mapping(rows, MAPPING_FILE)
    return None
