"""Work kept between runs in the user's cache folder (issue 15): each button click is a fresh Python.

What is kept is derived from files only (a template's checked and compiled form), stored under a key
made of the file's own bytes (its SHA-256), the code that derives it and the library versions, so a
changed file, a new xlkit or another Python never reads an old entry. Entries are `marshal` data
(plain values and code objects, no pickled objects). A missing, unreadable, corrupt or unwritable
cache only means the work is done again; it is never an error, and nothing is written beside a
ledger or a template.

The folder: `XLKIT_CACHE_DIR` when set (tests set it), else `%LOCALAPPDATA%\\xlkit\\cache` on
Windows and `$XDG_CACHE_HOME/xlkit` (default `~/.cache/xlkit`) elsewhere.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import sys
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

FORMAT = 1


def folder() -> Path:
    """The user's xlkit cache folder (not created here)."""
    chosen = os.environ.get("XLKIT_CACHE_DIR")
    if chosen:
        return Path(chosen)
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
        return Path(base) / "xlkit" / "cache"
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "xlkit"


def key(*parts: bytes | str) -> str:
    """A cache key from the bytes and texts an entry depends on (with the Python version: marshal's format)."""
    digest = hashlib.sha256(f"{FORMAT}|{sys.version}".encode())
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "little"))
        digest.update(data)
    return digest.hexdigest()


def source_digest(modules: Iterable[Any]) -> str:
    """The SHA-256 of the source files of `modules`: an entry derived by that code is keyed by it."""
    digest = hashlib.sha256()
    for module in modules:
        digest.update(Path(module.__file__).read_bytes())
    return digest.hexdigest()


def cached(kind: str, entry_key: str, make: Callable[[], Any]) -> Any:
    """The value kept under (`kind`, `entry_key`), or `make()` — then kept for the next run."""
    path = folder() / f"{kind}-{entry_key[:40]}.marshal"
    try:
        stored = marshal.loads(path.read_bytes())
        if isinstance(stored, dict) and stored.get("key") == entry_key:
            return stored["value"]
    except (OSError, EOFError, ValueError, TypeError, KeyError):
        pass
    value = make()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temp = tempfile.mkstemp(prefix=".~xlkit-", dir=path.parent)
        try:
            with os.fdopen(handle, "wb") as out:
                marshal.dump({"key": entry_key, "value": value}, out)
            os.replace(temp, path)
        finally:
            if os.path.exists(temp):
                os.unlink(temp)
    except (OSError, ValueError):  # read-only or full disk, or a value marshal cannot hold: not kept
        pass
    return value
