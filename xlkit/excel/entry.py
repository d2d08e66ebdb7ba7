"""What a ribbon button runs: `RibbonMyAddin.RunMain` in `xlkit_check.xlam` calls `main("xlkit_check")`.

The add-in passes its own file name; the module lives in the installed package, so an add-in works
wherever it was built and copied to, as long as its interpreter setting names a Python with xlkit.
"""

from __future__ import annotations


def main(addin: str) -> None:
    from xlkit.excel.addin import ADDIN_BUTTONS
    from xlkit.excel.buttons import run

    keys = {button.module: button.key for button in ADDIN_BUTTONS}
    run(keys[addin.lower()])
