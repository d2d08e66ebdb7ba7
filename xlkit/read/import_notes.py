"""The facts `xlkit import` leaves in the 导入说明 sheet that the reader honours.

An imported ledger is checked as its original was until the office fills it further: a template column
the original did not have counts as absent while it is still empty (so no rule reports 62 columns of
blanks the original never had), and a 字典 sheet that came from the template (the original had none)
stays advice, as the built-in lists were for the original. Deleting the 导入说明 sheet makes the
ledger an ordinary template ledger, checked in full.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from xlkit.schema import IMPORT_ABSENT_TITLE, IMPORT_BUILTIN_DICTIONARY, IMPORT_DICTIONARY_LABEL


@dataclass
class ImportNotes:
    absent: set[str] = field(default_factory=set)  # headers of the template columns the original lacked
    builtin_dictionaries: bool = False


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def read_import_notes(rows: list[list[Any]]) -> ImportNotes:
    notes = ImportNotes()
    in_absent = False
    for row in rows:
        first = _text(row[0]) if row else ""
        second = _text(row[1]) if len(row) > 1 else ""
        if first == IMPORT_DICTIONARY_LABEL:
            notes.builtin_dictionaries = second == IMPORT_BUILTIN_DICTIONARY
            in_absent = False
        elif first == IMPORT_ABSENT_TITLE:
            in_absent = True
        elif in_absent:
            if not first:
                in_absent = False
            else:
                notes.absent.update(h.strip() for h in first.replace("、", "\n").splitlines() if h.strip())
    return notes


def absent_lines(headers: list[str]) -> list[list[str]]:
    """The 导入说明 rows that record the absent columns (read back by read_import_notes): a title row,
    one row listing them joined by “、”, a blank row."""
    return [[IMPORT_ABSENT_TITLE, f"共 {len(headers)} 列；这些列填了内容以后才参与校验和统计"], ["、".join(headers)], []]


def dictionary_line(builtin: bool) -> list[str]:
    return [IMPORT_DICTIONARY_LABEL, IMPORT_BUILTIN_DICTIONARY if builtin else "原台账的字典表"]
