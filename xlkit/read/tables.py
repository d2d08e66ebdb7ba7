"""The totals rows of the Excel tables (插入 → 表格) on a sheet of an .xlsx/.xlsm.

A clerk who formats the ledger as a table and ticks 汇总行 gets a row under the cases holding 汇总 (or
nothing) in the first column and a count or sum in others: a reader that only sees cells takes it for a case.
The package says which rows they are: the table part's `ref` and `totalsRowCount`.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from xml.etree import ElementTree

from xlkit.read.extent import column_number, normalise_part
from xlkit.read.package_errors import PACKAGE_ERRORS

_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_TABLE_TYPE = re.compile(r"/table$")
_REF = re.compile(r"^\$?([A-Z]{1,3})\$?([0-9]{1,7}):\$?([A-Z]{1,3})\$?([0-9]{1,7})$")
#: a table part bigger than this is not one Excel wrote for a ledger (its columns' names: a few KB)
_MAX_PART = 4 << 20


@dataclass(frozen=True)
class TotalsRows:
    table: str  # the table's name as Excel shows it (表1, 台账表)
    first: int  # 1-based sheet rows of its totals row(s)
    last: int
    left: int = 0  # 0-based sheet columns the table spans (a small table beside the ledger spans none of it)
    right: int = 1 << 14




def _target(base: PurePosixPath, target: str) -> str:
    return normalise_part(target.lstrip("/") if target.startswith("/") else str(base / target))


def totals_rows(path: Path, part: str) -> list[TotalsRows]:
    """The totals rows of each table on the sheet stored at `part`; [] when there are none or the package
    cannot say (a damaged part is the sheet reader's to report, not this one's)."""
    sheet = PurePosixPath(part)
    rels_name = str(sheet.parent / "_rels" / (sheet.name + ".rels"))
    found: list[TotalsRows] = []
    try:
        with zipfile.ZipFile(path) as package:
            names = set(package.namelist())
            if rels_name not in names:
                return []
            rels = ElementTree.fromstring(package.read(rels_name))
            for rel in rels.iter(f"{_PKG_REL}Relationship"):
                if not _TABLE_TYPE.search(rel.get("Type", "")) or rel.get("TargetMode") == "External":
                    continue
                name = _target(sheet.parent, rel.get("Target", ""))
                if name not in names or package.getinfo(name).file_size > _MAX_PART:
                    continue
                table = ElementTree.fromstring(package.read(name))
                count = int(table.get("totalsRowCount") or 0)
                match = _REF.match(table.get("ref", ""))
                if count <= 0 or match is None:
                    continue
                last = int(match[4])
                found.append(TotalsRows(table.get("displayName") or table.get("name") or "", last - count + 1, last,
                                        column_number(match[1]) - 1, column_number(match[3]) - 1))
    except (*PACKAGE_ERRORS, ElementTree.ParseError):
        return []
    return found
