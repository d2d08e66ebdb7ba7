"""Work kept between runs (xlkit.cache, issue 15): a button click reuses checked and compiled templates, but
never an entry for other bytes, and a broken or unwritable cache only means the work is done again."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import zipfile
from pathlib import Path

import pytest

from xlkit import cache
from xlkit.documents import lint, render
from xlkit.documents.catalog import CATALOG, TEMPLATE_DIR
from xlkit.documents.generate import generate
from xlkit.read.ledger import read_ledger

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "示例台账.xlsx"
ACCEPTANCE = next(kind for kind in CATALOG if kind.key == "acceptance")


@pytest.fixture
def fresh(tmp_path, monkeypatch):
    """An empty cache folder and a process that has seen no template yet (as a new button click)."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("XLKIT_CACHE_DIR", str(folder))
    monkeypatch.setattr(lint, "_LINTED", {})
    monkeypatch.setattr(render, "_PREPARED", {})
    return folder


def _template_with(tmp_path, old: str, new: str):
    """The acceptance template with one placeholder renamed, in a folder of templates of its own."""
    folder = tmp_path / "模板"
    shutil.copytree(TEMPLATE_DIR, folder)
    path = folder / ACCEPTANCE.template
    with zipfile.ZipFile(TEMPLATE_DIR / ACCEPTANCE.template) as source:
        parts = {info: source.read(info) for info in source.infolist()}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info, data in parts.items():
            if info.filename == "word/document.xml":
                assert old.encode() in data
                data = data.replace(old.encode(), new.encode())
            out.writestr(info, data)
    return folder, path


def test_an_edited_template_is_checked_again_even_with_its_old_date(fresh, tmp_path):
    folder, path = _template_with(tmp_path, "{{ 信访人 }}", "{{ 没有这一列 }}")  # not a ledger column
    stamp = path.stat().st_mtime_ns
    assert [p.placeholder for p in lint.check_templates(folder, [ACCEPTANCE])] == ["没有这一列"]
    assert list(fresh.glob("lint-*"))  # kept for the next click
    shutil.copyfile(TEMPLATE_DIR / ACCEPTANCE.template, path)  # the clerk puts the right template back …
    os.utime(path, ns=(stamp, stamp))  # … and it carries the old file's date
    lint._LINTED.clear()  # the next click
    assert lint.check_templates(folder, [ACCEPTANCE]) == []
    assert len(list(fresh.glob("lint-*"))) == 2


def test_documents_made_from_the_cache_are_the_documents_made_without_it(fresh, tmp_path):
    ledger = read_ledger(EXAMPLE)
    today = dt.date(2019, 12, 31)
    first = generate(ledger, tmp_path / "一", rows=[3, 4], today=today)
    assert first.made and list(fresh.glob("template-*"))
    lint._LINTED.clear()
    render._PREPARED.clear()
    second = generate(ledger, tmp_path / "二", rows=[3, 4], today=today)
    assert [i.path.name for i in second.made] == [i.path.name for i in first.made]
    for a, b in zip(first.made, second.made, strict=True):
        with zipfile.ZipFile(a.path) as one, zipfile.ZipFile(b.path) as two:
            assert one.namelist() == two.namelist()
            assert all(one.read(n) == two.read(n) for n in one.namelist()), a.path.name


def test_a_broken_or_unwritable_cache_only_means_the_work_is_done_again(fresh, tmp_path, monkeypatch):
    assert lint.check_templates(TEMPLATE_DIR) == []
    entries = list(fresh.iterdir())
    assert entries
    for entry in entries:
        entry.write_bytes(b"\x00not marshal")
    lint._LINTED.clear()
    render._PREPARED.clear()
    assert lint.check_templates(TEMPLATE_DIR) == []
    assert render.prepare(TEMPLATE_DIR / ACCEPTANCE.template).parts
    blocked = tmp_path / "文件"  # the cache folder's place is taken by a file: nothing can be kept
    blocked.write_text("x")
    monkeypatch.setenv("XLKIT_CACHE_DIR", str(blocked / "cache"))
    lint._LINTED.clear()
    render._PREPARED.clear()
    assert lint.check_templates(TEMPLATE_DIR) == []
    assert render.prepare(TEMPLATE_DIR / ACCEPTANCE.template).parts


def test_the_cache_folder_is_the_users_not_the_ledgers(monkeypatch, tmp_path):
    monkeypatch.delenv("XLKIT_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.setattr(cache.sys, "platform", "linux")
    assert cache.folder() == tmp_path / "xdg" / "xlkit"
    monkeypatch.setattr(cache.sys, "platform", "win32")
    monkeypatch.setenv("LOCALAPPDATA", str(tmp_path / "AppData" / "Local"))
    assert cache.folder() == tmp_path / "AppData" / "Local" / "xlkit" / "cache"
