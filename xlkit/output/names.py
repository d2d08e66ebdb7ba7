"""File and folder names made from a clerk's text, valid on Windows and unique within one run.

One place for docs (case folders), review (审核表, 整改意见书) and dossier: case numbers like `2018/009`
and `2018:009` both become `2018_009`, `..` and `...` both vanish, `CON` is a device on Windows, and a
120-character joint petitioner's name makes a name too long to create. Names are compared as Windows
compares them: case-insensitively (and full-width as half-width, so what looks the same is the same).
"""

from __future__ import annotations

import unicodedata

from xlkit.read.text import NOT_XML, is_invisible

#: Characters Windows forbids in a file name.
FORBIDDEN = frozenset('<>:"/\\|?*')
#: Windows' reserved device names (with any extension: `CON.txt` is the console too).
RESERVED = frozenset({"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"}
                     | {f"{d}{n}" for d in ("COM", "LPT") for n in (*"123456789", "¹", "²", "³")})
#: A name part's length in UTF-8 bytes (a Linux component holds 255 bytes, a Windows path 260 characters):
#: room left for `-整改意见书.docx` and a `(2)`.
MAX_NAME_BYTES = 120


def file_component(text: str, limit: int = MAX_NAME_BYTES) -> str:
    """One path component from any text: forbidden and invisible characters replaced or dropped (control
    characters, DEL and C1 included: a “李四” with a DEL typed after it made a folder that looks like
    “李四” and cannot be typed), no trailing dot or space, never a reserved device name, at most `limit` UTF-8 bytes; never empty."""
    out = []
    for ch in str(text):
        if ch in FORBIDDEN or ch in "\r\n\t" or NOT_XML.match(ch) or ord(ch) < 32 or 0x7F <= ord(ch) <= 0x9F:
            out.append("_")
        elif is_invisible(ch):
            continue
        else:
            out.append(ch)
    name = "".join(out).strip(" .")
    if not name:
        return "_"
    if name.split(".")[0].strip().upper() in RESERVED:
        name = "_" + name
    if len(name.encode("utf-8")) > limit:
        cut = name
        while len((cut + "…").encode("utf-8")) > limit:
            cut = cut[:-1]
        name = cut.rstrip(" .") + "…"
    return name


def name_key(name: str) -> str:
    """How Windows (and a clerk's eye) tells two names apart."""
    return unicodedata.normalize("NFKC", name).casefold()


class UniqueNames:
    """Hands out names within one run: a name already given to another owner gets ` (2)`, ` (3)`…"""

    def __init__(self) -> None:
        self._owners: dict[str, object] = {}

    def claim(self, name: str, owner: object = None) -> str:
        """`name`, or the first free variant of it; the same owner asking again gets its own name back."""
        candidate, number = name, 1
        while True:
            key = name_key(candidate)
            taken = self._owners.get(key, _FREE)
            if taken is _FREE or (owner is not None and taken == owner):
                self._owners[key] = owner
                return candidate
            number += 1
            candidate = f"{name} ({number})"


_FREE = object()
