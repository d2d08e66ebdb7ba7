"""The render engine: a Word template prepared once, then one Jinja call per templated part for each document.

docxtpl's own `render()` re-opens the .docx, re-parses every part and recompiles the Jinja on every
call. Here each template is prepared once: the parts holding tags go through docxtpl's `patch_xml`
(so its tag syntax — `{%tr for %}`, `{%p if %}` … — keeps working) and are compiled with a Jinja
environment that escapes every value; the untouched parts are kept as ready-made zip entries. A
render is then one Jinja call per templated part and one small zip write.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import sys
import zipfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from xlkit.deadlines.engine import fmt as fmt_date
from xlkit.documents.placeholders import BLANK_TEXT, Blank, xml_text
from xlkit.output.files import atomic_path


def _finalize(value: Any):
    """Every `{{ }}` output passes here before autoescape: make it XML, mark it safe."""
    from markupsafe import Markup

    if isinstance(value, Blank):
        return Markup(str(value))
    if isinstance(value, Markup):
        return value
    if value is None:
        return Markup(BLANK_TEXT)
    if isinstance(value, dt.date):
        return Markup(fmt_date(value))
    return Markup(xml_text(str(value)))



@dataclass
class PreparedTemplate:
    path: Path
    prefix: bytes  # a complete zip holding the parts without tags, compressed once
    parts: dict[str, Any]  # part name → compiled jinja2.Template
    fix_tables: bool  # docxtpl's column fix, only for templates that loop over cells

    def render(self, context: dict[str, Any]) -> bytes:
        """The .docx bytes for one context."""
        buffer = io.BytesIO(self.prefix)
        buffer.seek(0, io.SEEK_END)
        with zipfile.ZipFile(buffer, "a", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
            for name, template in self.parts.items():
                archive.writestr(name, _render_part(template, context, self.fix_tables))
        return buffer.getvalue()

    def write(self, context: dict[str, Any], path: Path) -> None:
        data = self.render(context)
        with atomic_path(path) as temp:
            temp.write_bytes(data)


@lru_cache(maxsize=1)
def _docx_tool():
    """A docxtpl template object used only for its XML clean-up (`patch_xml`) and table fix (`fix_tables`):
    neither reads the object's own file, so it is given an empty one and never opens it."""
    from docxtpl import DocxTemplate

    return DocxTemplate(io.BytesIO())


def _environment():
    from jinja2 import Environment

    return Environment(autoescape=True, finalize=_finalize)


_ENV = None


def environment():
    global _ENV
    if _ENV is None:
        _ENV = _environment()
    return _ENV


#: a part holding any Jinja tag
TAGGED = re.compile(r"{{|{%|{#")
_PARAGRAPH_START = re.compile(r"<w:p([ >])")
_PARAGRAPH_MARK = re.compile(r"\n<w:p([ >])")


@lru_cache(maxsize=64)
def patched(xml: str) -> str:
    """docxtpl's own clean-up of Word's XML around tags, then its paragraph line marks (error context)."""
    cleaned = _docx_tool().patch_xml(xml)
    return _PARAGRAPH_START.sub(r"\n<w:p\1", cleaned)


def _render_part(template, context: dict[str, Any], fix_tables: bool) -> bytes:
    xml = template.render(context)
    xml = _PARAGRAPH_MARK.sub(r"<w:p\1", xml)
    xml = xml.replace("{_{", "{{").replace("}_}", "}}").replace("{_%", "{%").replace("%_}", "%}")
    if fix_tables:
        from lxml import etree

        head, _, body = xml.partition("?>") if xml.startswith("<?xml") else ("", "", xml)
        tree = _docx_tool().fix_tables(body)
        xml = (head + "?>" if head else "") + etree.tostring(tree, encoding="unicode")
    return xml.encode("utf-8")


_PREPARED: dict[tuple[str, int, int], PreparedTemplate] = {}


def prepare(path: Path) -> PreparedTemplate:
    """Parse and compile a template once (cached per file version, in memory and in the user's cache).

    A button click is a fresh Python: the patched and compiled parts and the ready-made zip of the
    untouched parts are kept in the user's cache folder (`xlkit.cache`, keyed by the template's bytes and
    this code), so a click neither imports docxtpl nor recompresses the template's 800 KB of styles.
    """
    from xlkit import cache

    path = Path(path)
    stat = path.stat()
    key = (str(path.resolve()), stat.st_mtime_ns, stat.st_size)
    cached = _PREPARED.get(key)
    if cached is not None:
        return cached
    data = path.read_bytes()
    entry = cache.cached("template", cache.key(data, code_digest()), lambda: _compile(data))
    env = environment()
    parts = {name: env.template_class.from_code(env, code, env.make_globals(None), None)
             for name, code in entry["parts"].items()}
    prepared = PreparedTemplate(path, entry["prefix"], parts, entry["fix"])
    _PREPARED[key] = prepared
    return prepared


def _compile(data: bytes) -> dict[str, Any]:
    """A template's untouched parts as a zip, and its tagged parts patched and compiled to code."""
    env = environment()
    parts: dict[str, Any] = {}
    prefix = io.BytesIO()
    fix = False
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(prefix, "w", zipfile.ZIP_DEFLATED) as static:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename.endswith(".xml") and TAGGED.search(content.decode("utf-8", "replace")):
                xml = patched(content.decode("utf-8"))
                fix = fix or "{%tc" in xml or "{%hm" in xml or "colspan" in xml
                parts[info.filename] = env.compile(xml)
            else:
                static.writestr(info.filename, content)
    return {"prefix": prefix.getvalue(), "parts": parts, "fix": fix}


@lru_cache(maxsize=1)
def code_digest() -> str:
    """What a cached template depends on besides its bytes: this code, the placeholders, Jinja and docxtpl."""
    from importlib.metadata import version

    import jinja2

    from xlkit import cache
    from xlkit.documents import placeholders

    return cache.key(cache.source_digest([sys.modules[__name__], placeholders]), jinja2.__version__,
                     version("docxtpl"))
