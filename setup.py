"""Build step: copy the top-level shipped files into the wheel, under the xlkit package.

`doc_templates/`, `ledger_template.xlsx`, `macros/` and `examples/` stay at the checkout's top level
(the source of truth, as the design card lays it out). `build_py` copies them to `xlkit/_data/` in the
build tree, so the wheel carries them and `xlkit.resources` finds them through importlib.resources.
The project's metadata is in pyproject.toml; MANIFEST.in puts the same files into the sdist.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
SHIPPED = ("doc_templates", "ledger_template.xlsx", "macros", "examples")  # = xlkit.resources.SHIPPED
SKIP = shutil.ignore_patterns("__pycache__", "*.pyc", "~$*", ".~*")


class BuildWithData(build_py):
    def run(self):
        super().run()
        if self.editable_mode:  # an editable install reads the checkout itself
            return
        target = Path(self.build_lib) / "xlkit" / "_data"
        if target.exists():
            shutil.rmtree(target)
        target.mkdir(parents=True)
        for name in SHIPPED:
            source = HERE / name
            if source.is_dir():
                shutil.copytree(source, target / name, ignore=SKIP)
            elif source.is_file():
                shutil.copy2(source, target / name)
            else:
                raise SystemExit(f"setup.py: {source} is missing; the wheel would be incomplete")


setup(cmdclass={"build_py": BuildWithData})
