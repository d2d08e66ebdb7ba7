"""Shared test helpers: build ledgers as real .xlsx files, convert with real LibreOffice."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from xlkit.schema import BY_FIELD, COLUMNS


def write_ledger(path: Path, rows: Iterable[dict[str, Any]], headers: Sequence[str] | None = None,
                 title: str | None = "信访工作台账", sheet: str = "台账") -> Path:
    """Write a plain ledger: optional title row, a header row, then one row per dict.

    Row dicts may be keyed by field name (`case_id`) or by header (`案件编号`). `headers` defaults to
    every schema column in schema order. Values are written as given (str stays text — also one starting
    with "=" — and dates stay dates).
    """
    headers = list(headers or [c.header for c in COLUMNS])
    workbook = openpyxl.Workbook()
    sheet_ = workbook.active
    sheet_.title = sheet
    if title:
        sheet_.append([title])
    sheet_.append(headers)
    number = sheet_.max_row
    for row in rows:
        by_header = {(BY_FIELD[k].header if k in BY_FIELD else k): v for k, v in row.items()}
        values = [by_header.get(h) for h in headers]
        sheet_.append(values)
        number += 1  # (max_row looks at every cell: thousands of rows took a minute)
        if any(isinstance(v, str) and v.startswith("=") for v in values):
            for cell in sheet_[number]:
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    cell.data_type = "s"  # typed text, as a clerk's cell would hold it, never a formula
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(path)
    return path


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def need_soffice() -> str:
    """The soffice binary; skip locally when absent, but fail in CI where it must be installed."""
    binary = soffice()
    if binary is None:
        if os.environ.get("CI"):
            pytest.fail("CI 环境必须安装 LibreOffice（.ci/run 负责安装）")
        pytest.skip("LibreOffice (soffice) is not installed")
    return binary


def convert(source: Path, fmt: str, outdir: Path, extra: Sequence[str] = ()) -> Path:
    """Convert with headless LibreOffice in its own profile; return the produced file."""
    binary = need_soffice()
    outdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="lo-profile-") as profile:
        subprocess.run(
            [binary, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
             "--convert-to", fmt, "--outdir", str(outdir), *extra, str(source)],
            check=True, capture_output=True, timeout=180,
        )
    produced = outdir / (source.stem + "." + fmt.split(":")[0])
    assert produced.exists(), f"LibreOffice produced nothing for {source}"
    return produced


def windows_style_install(root: Path) -> dict[str, str]:
    """LibreOffice laid out as its Windows installer does (`<Program Files>/LibreOffice/program/soffice.exe`,
    here a script running the real one) and an environment where only that folder has it (not PATH)."""
    binary = Path(need_soffice()).resolve()
    program = root / "Program Files" / "LibreOffice" / "program"
    program.mkdir(parents=True)
    launcher = program / "soffice.exe"
    launcher.write_text(f'#!/bin/sh\nPATH=/usr/bin:/bin exec "{binary}" "$@"\n', encoding="utf-8")
    launcher.chmod(0o755)
    empty = root / "bin"
    empty.mkdir()
    return {"PATH": str(empty), "PROGRAMFILES": str(root / "Program Files")}


_WORD = None


def pdf_overlaps(pdf: Path) -> list[tuple[int, str, str]]:
    """Words of different text lines whose boxes overlap (text printed over text), per `pdftotext -bbox-layout`.

    Returns (page, word, other word) for each pair; boxes must overlap by more than a quarter of the
    smaller word's height (glyph boxes of neighbouring lines touch without any ink overlapping).
    """
    import html
    import re

    global _WORD
    _WORD = _WORD or re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>')
    if shutil.which("pdftotext") is None:
        pytest.fail("pdftotext (poppler-utils) is not installed")
    text = subprocess.run(["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    found = []
    for page_number, page in enumerate(text.split("<page ")[1:], start=1):
        words = []
        for line_number, line in enumerate(page.split("<line")[1:]):
            for match in _WORD.finditer(line):
                x0, y0, x1, y1 = map(float, match.groups()[:4])
                words.append((y0, y1, x0, x1, line_number, html.unescape(match.group(5))))
        words.sort()
        for index, (y0, y1, x0, x1, line, word) in enumerate(words):
            for oy0, oy1, ox0, ox1, other_line, other in words[index + 1:]:
                if oy0 >= y1:
                    break
                if other_line == line:
                    continue
                wide = min(x1, ox1) - max(x0, ox0)
                high = min(y1, oy1) - max(y0, oy0)
                if wide > 1 and high > 0.25 * min(y1 - y0, oy1 - oy0):
                    found.append((page_number, word, other))
    return found


def convert_many(sources: Sequence[Path], fmt: str, outdir: Path, timeout: int = 600) -> list[Path]:
    """Convert many files in one LibreOffice start (its own profile); return the produced files in order."""
    binary = need_soffice()
    outdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="lo-profile-") as profile:
        subprocess.run([binary, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
                        "--convert-to", fmt, "--outdir", str(outdir), *map(str, sources)],
                       check=True, capture_output=True, timeout=timeout)
    produced = [outdir / (Path(s).stem + "." + fmt.split(":")[0]) for s in sources]
    missing = [p.name for p in produced if not p.exists()]
    assert not missing, f"LibreOffice produced nothing for {missing}"
    return produced


def docx_text(path: Path) -> str:
    """A Word document's text as a reader sees it: its paragraphs, then each table row's cells (a merged cell once)."""
    import docx

    document = docx.Document(str(path))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(dict.fromkeys(cell.text for cell in row.cells))
    return "\n".join(parts)


def documents_text(tmp_path: Path, rows: list[dict], kinds: list[str], today) -> dict[tuple[str, str], str]:
    """(case number, document kind) → the text of each document `xlkit docs` makes for a ledger of `rows`."""
    from xlkit.documents import generate as documents
    from xlkit.read.ledger import read_ledger

    ledger = read_ledger(write_ledger(tmp_path / "台账.xlsx", rows))
    made = documents.generate(ledger, tmp_path / "文书", today=today, kinds=kinds)
    return {(i.case_id, i.kind.name): docx_text(i.path) for i in made.made}


def legal_case(case_id: str, **fields) -> dict[str, Any]:
    """A case as the legal reviewer's trials write it: a 本办受理 来访 about uncollected rubbish, and `fields`."""
    return {"case_id": case_id, "petitioner": "张三", "source": "本办受理", "form": "来访", "address": "新宁镇XX村",
            "unit": "市容股", "handler": "李四", "assigner": "王五", "registrar": "赵六",
            "demand": "反映村里垃圾无人清运", **fields}


def spy(monkeypatch, owner: Any, name: str) -> list[bool]:
    """Replace `owner.name` by a wrapper that calls it and records, per call, whether it returned something
    (not None); the list it returns fills as the code under test runs."""
    calls: list[bool] = []
    original = getattr(owner, name)

    def wrapper(*args, **kwargs):
        got = original(*args, **kwargs)
        calls.append(got is not None)
        return got

    monkeypatch.setattr(owner, name, wrapper)
    return calls
