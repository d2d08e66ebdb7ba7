"""What a ribbon button runs: `RibbonMyAddin.RunMain` in `xlkit_check.xlam` calls `main("xlkit_check")`.

The add-in passes its own file name; the module lives in the installed package, so an add-in works
wherever it was built and copied to, as long as its interpreter setting names a Python with xlkit.
"""

from __future__ import annotations

import sys


def main(addin: str) -> None:
    from xlkit.excel.addin import ADDIN_BUTTONS
    from xlkit.excel.buttons import run

    keys = {button.module: button.key for button in ADDIN_BUTTONS}
    if addin.lower() not in keys:  # a renamed .xlam: VBA shows stderr in the ANSI code page, keep it ASCII
        print(f"xlkit: the add-in file {addin!r} was renamed; its name must be one of "
              f"{', '.join(sorted(keys))}. Run: xlkit excel install", file=sys.stderr)
        raise SystemExit(1)
    run(keys[addin.lower()])
