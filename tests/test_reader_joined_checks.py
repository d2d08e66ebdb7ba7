"""The reader asks whole-column questions of a column's joined text once (issue 15): what the control-character
and look-alike checks found is what the identity shortcut then uses, without searching the text again. These
pin that the answer is the one it would find by itself, on each kind of cell that makes a column not plain."""

from __future__ import annotations

import pytest

from xlkit.read import ledger as reader
from xlkit.schema import COLUMNS

IDENTITY = [c for c in COLUMNS if c.identity]
CELLS = {
    "plain": ["2019-001", "2019-002", ""],
    "a control character": ["2019-001", "2019\x0b-002", ""],
    "a C1 control": ["2019-001\x85", "2019-002"],
    "a bell (no space)": ["2019-001", "2019\x07-002"],
    "a C1 control (no space)": ["2019-001\x9f", "2019-002"],
    "a zero-width space": ["2019-001", "2019\u200b-002"],
    "an en dash": ["2019–001", "2019-002"],
    "full-width digits": ["２０１９-001", "2019-002"],
    "a space": ["2019 001", "2019-002"],
    "Chinese, plain": ["开综治〔2019〕12号", "开综治〔2019〕13号"],
    "Chinese with a radical": ["开综治〔2019〕⼈号", "开综治〔2019〕13号"],
    "a DEL typed": ["2019\x7f001", "2019-002"],
    "empty": ["", ""],
}


@pytest.mark.parametrize("column", IDENTITY, ids=[c.field for c in IDENTITY])
@pytest.mark.parametrize("cells", CELLS.values(), ids=CELLS.keys())
def test_what_the_odd_text_check_found_gives_the_identity_shortcut_its_own_answer(column, cells):
    shared = (reader._ColumnTexts.SEP.join(cells), cells, True)
    found = reader._report_odd_text(column, cells, lambda *args, **kwargs: None, shared)
    assert reader._plain_identities(cells, shared, found) == reader._plain_identities(cells, shared)
    assert reader._plain_identities(cells, shared) == reader._plain_identities(cells)  # (joined otherwise)
