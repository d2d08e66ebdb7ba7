"""Where the notice's days go in a ledger's 设置 → 节假日调整 block, without touching anything else.

The block is the one range of 设置 the tool owns: a cell reading 节假日调整 in column A, a header row
日期 | 类型 | 说明 below it (the template's), then one day per row. In a template-made ledger the rows the
期限 formulas see are the named range 节假日调整_日期; new days go only into its empty rows, so every
row written is one the formulas read. A day already in the block is updated in place; the office's
rows for other days stay as they are.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from xlkit.errors import XlkitError
from xlkit.read.ledger import parse_date
from xlkit.schema import HOLIDAY_BLOCK_TITLE, SETTINGS_SHEET, normalize_header

#: the template's defined name for the block's 日期 cells (xlkit/template/builder.py)
BLOCK_DATES_NAME = "节假日调整_日期"


class BlockError(XlkitError, ValueError):
    """The block is missing or full; the message says what to do."""


@dataclass
class BlockUpdate:
    """The rows to write (1-based sheet row → 日期, 类型, 说明) and what they do."""

    writes: dict[int, tuple[dt.date, str, str]] = field(default_factory=dict)
    added: list[dt.date] = field(default_factory=list)
    updated: list[dt.date] = field(default_factory=list)
    unchanged: list[dt.date] = field(default_factory=list)


def _cell(rows: Sequence[Sequence[Any]], row: int, column: int) -> Any:
    """Value at 1-based (row, column), None beyond the values read."""
    if row - 1 >= len(rows):
        return None
    values = rows[row - 1]
    return values[column - 1] if column - 1 < len(values) else None


def _empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def block_rows(rows: Sequence[Sequence[Any]], named: tuple[int, int] | None = None) -> tuple[int, int | None]:
    """(first, last) 1-based rows of the block's entries; last is None when the block runs to the sheet's end."""
    if named is not None:
        return named
    for index in range(1, len(rows) + 1):
        if normalize_header(_cell(rows, index, 1)) == HOLIDAY_BLOCK_TITLE:
            first = index + 1
            if normalize_header(_cell(rows, first, 1)) == "日期":
                first += 1
            return first, None
    raise BlockError(f"“{SETTINGS_SHEET}”表里找不到“{HOLIDAY_BLOCK_TITLE}”一栏。请在“{SETTINGS_SHEET}”表 A 列空处写"
                     f"“{HOLIDAY_BLOCK_TITLE}”，下一行写表头“日期、类型、说明”，再点按钮；或用 xlkit init 新建的台账。")


def plan_update(rows: Sequence[Sequence[Any]], table: Sequence[tuple[dt.date, str, str]],
                named: tuple[int, int] | None = None) -> BlockUpdate:
    """What to write so the block holds every (日期, 类型, 说明) of `table`."""
    first, last = block_rows(rows, named)
    end = last if last is not None else max(len(rows), first - 1) + len(table)
    existing: dict[dt.date, int] = {}
    free: list[int] = []
    for row in range(first, end + 1):
        values = [_cell(rows, row, column) for column in (1, 2, 3)]
        day = parse_date(values[0])
        if day is not None:
            existing.setdefault(day, row)
        elif all(_empty(v) for v in values):
            free.append(row)
    update = BlockUpdate()
    new = [entry for entry in table if entry[0] not in existing]
    if len(new) > len(free):
        raise BlockError(
            f"“{SETTINGS_SHEET}”表“{HOLIDAY_BLOCK_TITLE}”一栏只剩 {len(free)} 个空行，要写入 {len(new)} 行，还差 "
            f"{len(new) - len(free)} 行。请在这一栏中间（第 {first + 1} 行到第 {end} 行之间）插入 "
            f"{len(new) - len(free)} 行空行后再点按钮：插在中间，台账的期限公式才会读到新行。")
    for day, kind, note in table:
        row = existing.get(day)
        if row is None:
            row = free.pop(0)
            update.added.append(day)
        elif (normalize_header(_cell(rows, row, 2)), _cell(rows, row, 3)) == (kind, note):
            update.unchanged.append(day)
            continue
        else:
            update.updated.append(day)
        update.writes[row] = (day, kind, note)
    return update
