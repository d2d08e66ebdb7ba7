"""xlkit: tools for the 信访工作台账 (petition ledger) kept in Excel.

The package follows the data flow (DESIGN §3): ``read`` → ``check`` / ``deadlines`` → ``documents`` /
``dossier`` / ``review`` → ``analysis`` → ``output``; ``template`` builds the official workbook; ``cli`` and
``excel`` are the two doors. The public names below import lazily, so ``xlkit --help`` stays fast.
"""

from importlib import import_module

__version__ = "0.1.0"

_PUBLIC = {
    "read_ledger": "xlkit.read.ledger",
    "Ledger": "xlkit.read.ledger",
    "LedgerError": "xlkit.read.ledger",
    "Finding": "xlkit.findings",
    "Severity": "xlkit.findings",
    "check_ledger": "xlkit.check.run",
    "check_file": "xlkit.check.run",
    "run_check": "xlkit.check.run",
    "overdue_items": "xlkit.check.run",
    "compute": "xlkit.deadlines.engine",
    "explain": "xlkit.deadlines.engine",
    "WorkCalendar": "xlkit.deadlines.calendar",
    "generate": "xlkit.documents.generate",
    "merge_files": "xlkit.analysis.merge",
    "build_monthly": "xlkit.analysis.monthly",
    "analyse": "xlkit.analysis.quarterly",
    "Period": "xlkit.analysis.kpi",
    "write_template": "xlkit.template.builder",
}

__all__ = ["__version__", *_PUBLIC]


def __getattr__(name: str):
    module = _PUBLIC.get(name)
    if module is None:
        raise AttributeError(f"module 'xlkit' has no attribute {name!r}")
    return getattr(import_module(module), name)
