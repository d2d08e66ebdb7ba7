"""One shape for every problem xlkit finds in a ledger (DESIGN §7, STYLE: frictionless)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, fields
from enum import StrEnum
from typing import Any


class Severity(StrEnum):
    ERROR = "错误"
    WARNING = "警告"
    INFO = "提示"

    @property
    def rank(self) -> int:
        return {"错误": 0, "警告": 1, "提示": 2}[self.value]


@dataclass(frozen=True)
class Finding:
    severity: Severity
    code: str
    message: str
    hint: str = ""
    sheet: str = ""
    cell: str = ""  # bare A1 address, e.g. "H5"; empty for a finding about the whole file
    row: int | None = None  # the sheet's own row number (header row counts)
    column: str = ""  # the Chinese header
    case_id: str | None = None
    value: Any = None
    # a finding about a file or folder, not a cell (the dossier's): its path under the folder checked,
    # e.g. "2019-001-张三/受理告知书-签字.pdf"; then `column` names the paper (文书) it concerns
    file: str = ""

    @property
    def where(self) -> str:
        """`台账!H5` (or the sheet alone, or the file) for messages."""
        return f"{self.sheet}!{self.cell}" if self.cell else (self.sheet or self.file)

    def table_row(self) -> list[Any]:
        """The finding as a row of the findings table (`schema.FINDING_HEADERS`)."""
        return [self.severity.value, self.code, self.where, self.column, self.case_id, self.value, self.message,
                self.hint]

    def to_dict(self) -> dict[str, Any]:
        # built field by field: dataclasses.asdict deep-copies every value and cost ~0.2 ms a finding (issue 15)
        data = {name: getattr(self, name) for name in _FIELD_NAMES}
        data["severity"] = self.severity.value
        value = self.value
        if value is not None and not isinstance(value, str | int | float | bool):
            data["value"] = str(value)
        if not self.file:  # a ledger finding keeps the ten keys of `xlkit check --json` (DESIGN §8)
            del data["file"]
        return data


_FIELD_NAMES = tuple(f.name for f in fields(Finding))


@dataclass(frozen=True)
class Code:
    """A kind of finding, declared once beside the code that emits it (listed by `xlkit.codes.catalogue`)."""

    code: str  # R… the reader, C… the checks, D… the dossier
    severity: Severity
    title: str  # one line for the 说明 sheet and the check report's 汇总
    hint: str = ""  # the usual way to fix it (a finding may say more)

    def finding(self, message: str, hint: str | None = None, sheet: str = "", cell: str = "", row: int | None = None,
                column: str = "", case_id: str | None = None, value: Any = None, file: str = "") -> Finding:
        """A finding of this kind: the severity and code come from here, never typed where it is raised."""
        return Finding(self.severity, self.code, message, self.hint if hint is None else hint, sheet, cell, row,
                       column, case_id, value, file)


def sort_findings(findings: Iterable[Finding]) -> list[Finding]:
    """Ordered by row (file-level findings first), then column position, then severity."""
    return sorted(findings, key=lambda f: (f.row or 0, _col_key(f.cell), f.severity.rank, f.code))


def by_severity(findings: Iterable[Finding]) -> list[Finding]:
    """错误, then 警告, then 提示, each in the order given: as the screen, the report and the button list them."""
    return sorted(findings, key=lambda f: f.severity.rank)


def _col_key(cell: str) -> tuple[int, str]:
    letters = cell.rstrip("0123456789")  # "AB12" → "AB": one C call (a join over a generator was 6 µs a finding)
    if not letters.isalpha():
        letters = "".join(ch for ch in cell if ch.isalpha())
    return (len(letters), letters)


def count_by_severity(findings: Iterable[Finding]) -> dict[str, int]:
    counts = Counter(f.severity.value for f in findings)
    return {s.value: counts.get(s.value, 0) for s in Severity}
