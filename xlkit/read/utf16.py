"""A package whose XML parts are written in UTF-16, read as Excel reads it.

The Open Packaging Conventions allow UTF-16 as well as UTF-8 for every XML part, and some exporters (.NET
writers left at their default encoding) use it. calamine reads only UTF-8: a UTF-16 sheet comes back empty
(the clerk was told there is no header row), a UTF-16 workbook or shared-strings part fails to open. Such a
package is copied once with its UTF-16 parts re-encoded as UTF-8, and the copy is read instead.

Excel's "Strict Open XML" save uses other namespaces (purl.oclc.org): calamine reads it, openpyxl (the
cell-by-cell reader of a sheet reaching far, `xlkit.read.sparse`) does not; the same copy renames them.

Only asked when a sheet reads as empty or a package fails to open, so an ordinary file costs nothing.
"""

from __future__ import annotations

import codecs
import contextlib
import itertools
import os
import re
import tempfile
import zipfile
from collections.abc import Iterator
from pathlib import Path

from xlkit.read.package_errors import PACKAGE_ERRORS

_DECLARED = re.compile(r"""^(\s*<\?xml[^>]*?\bencoding\s*=\s*)(["'])[^"']*\2""")


def _utf16_codec(head: bytes) -> str | None:
    """The codec of a part starting with `head` when it is UTF-16 (with or without its byte-order mark)."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    if head.startswith(b"<\x00"):
        return "utf-16-le"
    if head.startswith(b"\x00<"):
        return "utf-16-be"
    return None


def _is_xml(info: zipfile.ZipInfo) -> bool:
    return info.filename.lower().endswith((".xml", ".rels", ".vml")) and not info.is_dir()


def has_utf16_parts(path: Path) -> bool:
    """Whether any XML part of the package at `path` is UTF-16 (False for anything that is not a package)."""
    try:
        with zipfile.ZipFile(path) as package:
            for info in filter(_is_xml, package.infolist()):
                with package.open(info) as stream:
                    if _utf16_codec(stream.read(4)):
                        return True
    except PACKAGE_ERRORS:
        return False
    return False


#: Strict namespaces → their Transitional twins (ISO/IEC 29500-1 and -4 name the same elements)
_STRICT = ((b"http://purl.oclc.org/ooxml/spreadsheetml/main", b"http://schemas.openxmlformats.org/spreadsheetml/2006/main"),
           (b"http://purl.oclc.org/ooxml/officeDocument/relationships",
            b"http://schemas.openxmlformats.org/officeDocument/2006/relationships"),
           (b"http://purl.oclc.org/ooxml/drawingml/main", b"http://schemas.openxmlformats.org/drawingml/2006/main"),
           (b"http://purl.oclc.org/ooxml/officeDocument/", b"http://schemas.openxmlformats.org/officeDocument/2006/"))


def is_strict(path: Path) -> bool:
    """Whether the package's workbook part is written in Strict Open XML."""
    try:
        with zipfile.ZipFile(path) as package:
            return _STRICT[0][0] in package.read("xl/workbook.xml")[:4096]
    except PACKAGE_ERRORS:
        return False


#: a package whose parts unpack to more than this is no ledger (its copy would fill the disk first)
MAX_COPY_BYTES = 2_000_000_000
_CHUNK = 1 << 22
#: the bytes kept back between chunks, so that a Strict namespace split by a chunk's end is still renamed
_KEEP = max(len(strict) for strict, _ in _STRICT) - 1


class PackageTooBig(ValueError):
    """The package unpacks to more than `MAX_COPY_BYTES`; args[0] is the part that went over."""


@contextlib.contextmanager
def utf8_copy(path: Path) -> Iterator[Path]:
    """A temporary copy of the package with every UTF-16 part re-encoded as UTF-8, Strict namespaces renamed
    Transitional and the shared-string table's counts left out; removed afterwards. Each part is streamed a few MB at a time (a part of a gigabyte never
    sits in memory); raises PackageTooBig past `MAX_COPY_BYTES` unpacked.

    A part that does not decode as UTF-16 is copied as it is from there on (the reader then says the file is
    damaged)."""
    handle, name = tempfile.mkstemp(prefix="xlkit-utf8-", suffix=path.suffix.lower() or ".xlsx")
    os.close(handle)
    copy = Path(name)
    try:
        with zipfile.ZipFile(path) as source, zipfile.ZipFile(copy, "w", zipfile.ZIP_DEFLATED) as target:
            total = 0
            for info in source.infolist():
                if info.is_dir():
                    target.writestr(info.filename, b"")
                    continue
                if total + info.file_size > MAX_COPY_BYTES:
                    raise PackageTooBig(info.filename)
                with source.open(info) as stream, target.open(info.filename, "w", force_zip64=True) as out:
                    total = _copy_part(stream, out, _is_xml(info), total, info.filename,
                                       info.filename.lower().endswith("sharedstrings.xml"))
        yield copy
    finally:
        copy.unlink(missing_ok=True)


#: the shared-string table's counts (optional: the table's items say how many there are)
_COUNTS = re.compile(r"""\s(?:uniqueCount|count)\s*=\s*(?:"[^"]*"|'[^']*')""")


def _copy_part(stream, out, xml: bool, total: int, name: str, strings: bool = False) -> int:
    """Copy one part, re-encoded and renamed as `utf8_copy` says; the package's bytes read so far returned.
    `strings`: the shared-string table, whose counts are left out (one may overstate it, see
    `extent.overstated_shared_strings`)."""
    chunks = iter(lambda: stream.read(_CHUNK), b"")
    first = next(chunks, b"")
    codec = _utf16_codec(first[:4]) if xml else None
    decoder = codecs.getincrementaldecoder(codec)() if codec else None
    carry = b""
    for index, chunk in enumerate(itertools.chain((first,), chunks)):
        total += len(chunk)
        if total > MAX_COPY_BYTES:
            raise PackageTooBig(name)
        if decoder is not None:
            try:
                text = decoder.decode(chunk)
                if index == 0:
                    text = _DECLARED.sub(lambda m: f"{m[1]}{m[2]}UTF-8{m[2]}", text, count=1)
                chunk = text.encode("utf-8")
            except UnicodeDecodeError:
                decoder = None  # not UTF-16 after all: the rest as it is
        if not xml:
            out.write(chunk)
            continue
        if strings and index == 0:
            # the counts stand on the table's own tag: the first tag after the declaration
            text = chunk.decode("utf-8", "surrogateescape")
            opening = re.search(r"<(?:[\w.-]+:)?sst\b[^>]*>", text[:8192])
            if opening is not None:
                text = text[:opening.start()] + _COUNTS.sub("", opening[0]) + text[opening.end():]
                chunk = text.encode("utf-8", "surrogateescape")
        data = carry + chunk
        for strict, transitional in _STRICT:
            data = data.replace(strict, transitional)
        out.write(data[:-_KEEP] if len(data) > _KEEP else b"")
        carry = data[-_KEEP:] if len(data) > _KEEP else data
    if decoder is not None:
        try:
            carry += decoder.decode(b"", final=True).encode("utf-8")
        except UnicodeDecodeError:  # an odd byte at the end of a damaged part: calamine says what is wrong
            pass
    out.write(carry)
    return total
