"""Cases as the clerk names them: a 案件编号 typed as in the ledger, or with full-width digits, spaces or another case.

One lookup for every command and button that takes case numbers (`docs --case`, `review --case`,
`dossier check --case`, `explain`).
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from xlkit.read.ledger import Ledger, LedgerError
from xlkit.read.text import canonical_identity


class SelectionError(LedgerError):
    """A --case / --rows / --kind selection that names nothing in the ledger (message for the clerk)."""


def fold_case_id(text: object) -> str:
    """A case number as compared when it is not found as typed: NFKC (full-width → ASCII), no spaces, casefolded."""
    return canonical_identity(str(text)).casefold()


def match_case(ledger: Ledger, case_id: str) -> list[int]:
    """The sheet rows of one case number: as typed, else as folded (both sides); [] when none."""
    ids = ledger.frame["case_id"]
    wanted = str(case_id).strip()
    rows = ids.index[(ids == wanted).to_numpy(dtype=bool, na_value=False)]
    if not len(rows):
        folded = ids.map(lambda v: None if v is None or pd.isna(v) else fold_case_id(v))
        rows = ids.index[(folded == fold_case_id(wanted)).to_numpy(dtype=bool, na_value=False)]
    return [int(r) for r in rows]


def find_cases(ledger: Ledger, case_ids: Iterable[str]) -> dict[str, list[int]]:
    """Each named case number (stripped) → its sheet rows; a SelectionError names the ones not in the ledger."""
    found = {str(c).strip(): match_case(ledger, c) for c in case_ids}
    unknown = [c for c, rows in found.items() if not rows]
    if unknown:
        raise SelectionError(f"台账“{ledger.path.name}”中找不到案件编号：{'、'.join(unknown)}。"
                             "请核对编号（按文本填写，注意前导零）。")
    return found
