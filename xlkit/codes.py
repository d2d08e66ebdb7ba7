"""Every finding code in one catalogue: the reader's (R), the checks' (C) and the dossier's (D).

Each code is declared once, beside the code that emits it (`read/codes.py`, `check/rules.py`,
`dossier/codes.py`), and a finding takes its severity from that declaration, so an undeclared code
fails where it is raised. This module lists them for the template's 说明 sheet, the check report's
汇总 and the tests.
"""

from __future__ import annotations

from xlkit.findings import Code


def catalogue() -> tuple[Code, ...]:
    """Every code, in the order of the 说明 sheet: the reader's, the checks', then the dossier's."""
    from xlkit.check.rules import RULES
    from xlkit.dossier.codes import DOSSIER_CODES
    from xlkit.read.codes import READER_CODES

    return (*READER_CODES, *RULES, *DOSSIER_CODES)


def lookup(code: str) -> Code:
    """The declaration of a code; KeyError for one that is not catalogued."""
    for declared in catalogue():
        if declared.code == code:
            return declared
    raise KeyError(f"finding code {code!r} is not in the catalogue (xlkit.codes)")
