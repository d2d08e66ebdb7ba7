"""The built wheel does the whole job: installed into a fresh venv outside the checkout, `xlkit demo` runs."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from xlkit import resources
from xlkit.excel.addin import ADDIN_BUTTONS

ROOT = Path(__file__).resolve().parent.parent
BIN = "Scripts" if os.name == "nt" else "bin"


def _run(args: list, cwd: Path, **kwargs) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    return subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True,
                          encoding="utf-8", **kwargs)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    built = _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", out, ROOT], cwd=out)
    assert built.returncode == 0, built.stderr
    (found,) = out.glob("xlkit-*.whl")
    return found


def _shipped_files() -> set[str]:
    files = set()
    for name in resources.SHIPPED:
        path = ROOT / name
        candidates = [path] if path.is_file() else [p for p in path.rglob("*") if p.is_file()]
        files |= {p.relative_to(ROOT).as_posix() for p in candidates
                  if "__pycache__" not in p.parts and not p.name.startswith("~$")}
    return files


def test_wheel_carries_every_shipped_file_under_the_package(wheel):
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    expected = {f"xlkit/{resources.PACKAGED_DIR}/{f}" for f in _shipped_files()}
    assert expected <= names, sorted(expected - names)
    assert "xlkit/_data/examples/股室/2020Q3-村镇股.xls" in names
    assert "xlkit/_data/macros/RibbonMyAddin.bas" in names
    # the licence as an SPDX expression (a TOML table is deprecated in setuptools)
    metadata = next(n for n in names if n.endswith(".dist-info/METADATA"))
    with zipfile.ZipFile(wheel) as archive:
        assert "License-Expression: MIT" in archive.read(metadata).decode("utf-8").splitlines()
    # nothing of the checkout outside the package (no top-level doc_templates/ in site-packages)
    assert all(n.startswith(("xlkit/", "xlkit-")) for n in names), sorted(names)


def test_the_checkout_finds_its_own_top_level_files():
    assert resources.root() == ROOT
    assert resources.doc_templates() == ROOT / "doc_templates"
    assert resources.example_ledger().exists()


@pytest.mark.slow
def test_installed_wheel_runs_demo_init_docs_and_excel_install_outside_the_checkout(wheel, tmp_path):
    venv = tmp_path / "venv"
    made = _run([sys.executable, "-m", "venv", venv], cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    python, xlkit = venv / BIN / "python", venv / BIN / "xlkit"
    installed = _run([python, "-m", "pip", "install", "-q", wheel], cwd=tmp_path, timeout=900)
    assert installed.returncode == 0, installed.stderr
    work = tmp_path / "某股室"
    work.mkdir()

    where = _run([python, "-c", "from xlkit import resources; print(resources.root())"], cwd=work)
    assert where.returncode == 0, where.stderr
    packaged = Path(where.stdout.strip())
    assert packaged.name == resources.PACKAGED_DIR and venv in packaged.parents  # not the checkout

    demo = _run([xlkit, "demo", "-o", "演示输出"], cwd=work, timeout=900)
    assert demo.returncode == 0, demo.stdout[-3000:] + demo.stderr[-3000:]
    assert "演示完成" in demo.stdout
    out = work / "演示输出"
    for name in ("校验结果.xlsx", "月度调度_2020-12.xlsx", "季度分析_2020Q4.xlsx", "合并台账_2020Q3.xlsx",
                 "卷宗检查.xlsx", "审核表/审核汇总.xlsx", "文书/生成清单.xlsx"):
        assert (out / name).stat().st_size > 0, name
    assert len(list((out / "文书").glob("*/*.docx"))) > 2000

    init = _run([xlkit, "init", "新台账.xlsx"], cwd=work)
    assert init.returncode == 0 and (work / "新台账.xlsx").stat().st_size > 0, init.stderr
    templates = _run([xlkit, "docs", "--check-templates"], cwd=work)
    assert templates.returncode == 0, templates.stdout + templates.stderr
    addin = _run([xlkit, "excel", "install", "--dir", work / "加载项", "--no-xlstart"], cwd=work)
    assert addin.returncode == 0, addin.stdout + addin.stderr
    assert len(list((work / "加载项").glob("xlkit_*.xlam"))) == len(ADDIN_BUTTONS)
