"""Where the files xlkit ships with live: the one place that answers it.

The source of truth is the checkout's top level (`doc_templates/`, `ledger_template.xlsx`, `macros/`,
`examples/`, as the design card lays it out). A built wheel carries copies of them inside the package,
under `xlkit/_data/` (setup.py's build step copies them there), so a plain `pip install xlkit-….whl`
finds them through importlib.resources. An editable install or a run from the checkout has no
`_data`: the files are read where they are, beside the package.

Every other module asks here (`resources.doc_templates()`, `resources.example_ledger()`, …) instead of
computing a path from its own `__file__`.
"""

from __future__ import annotations

from importlib.resources import as_file, files
from pathlib import Path

#: Top-level entries of the checkout that the wheel carries (setup.py copies exactly these).
SHIPPED = ("doc_templates", "ledger_template.xlsx", "macros", "examples")
PACKAGED_DIR = "_data"


def root() -> Path:
    """The folder holding the shipped files: the package's `_data` in a wheel, else the checkout."""
    packaged = files("xlkit") / PACKAGED_DIR
    if packaged.is_dir():
        # a wheel is installed as plain files, so this is a real folder (as_file returns it unchanged)
        with as_file(packaged) as folder:
            return Path(folder)
    return Path(__file__).resolve().parent.parent


def path(relative: str) -> Path:
    """The shipped file or folder `relative` (e.g. "doc_templates/交办单.docx")."""
    return root() / relative


def missing_message(found: Path) -> str:
    """What to tell the clerk when a shipped file is not there (a broken install)."""
    return (f"找不到 xlkit 自带的文件“{found}”：安装不完整。"
            "请重新安装 xlkit（pip install --force-reinstall xlkit-….whl，或重新运行 安装.bat）。")


def doc_templates() -> Path:
    """The folder of the Word document templates."""
    return path("doc_templates")


def ledger_template() -> Path:
    """The committed ledger template (`xlkit template` rebuilds it from the schema)."""
    return path("ledger_template.xlsx")


def macros() -> Path:
    """The add-in sources: the VBA module, the ribbon parts and the entry modules."""
    return path("macros")


def examples() -> Path:
    return path("examples")


def example_ledger() -> Path:
    """The synthetic 300-case ledger `xlkit demo` runs on."""
    return path("examples/示例台账.xlsx")


def example_unit_files() -> list[Path]:
    """The example 股室 quarterly files `xlkit demo` merges."""
    return sorted(p for p in path("examples/股室").glob("*.xls*") if not p.name.startswith("~$"))
