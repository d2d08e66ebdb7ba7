"""The template linter: missing files, tags Word split across runs, unknown placeholders, Jinja syntax errors."""

from __future__ import annotations

import re
import sys
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from xlkit.documents.catalog import CATALOG, TEMPLATE_DIR, DocKind
from xlkit.documents.placeholders import KNOWN_NAMES
from xlkit.documents.render import TAGGED, code_digest, environment, patched
from xlkit.errors import XlkitError


class TemplateProblems(XlkitError):
    """Templates that cannot be used; nothing was generated. `problems` lists them."""

    exit_code = 1

    def __init__(self, problems: list[TemplateProblem]):
        self.problems = problems
        super().__init__("文书模板有问题，未生成任何文书。请修正模板后重试（xlkit docs --check-templates）：\n"
                         + "\n".join(f"  模板问题：{p}" for p in problems))


@dataclass(frozen=True)
class TemplateProblem:
    template: str  # file name
    message: str
    placeholder: str | None = None

    def __str__(self) -> str:
        return f"{self.template}：{self.message}"


_PARAGRAPH = re.compile(r"<w:p[ >].*?</w:p>", re.DOTALL)
_TEXT = re.compile(r"<w:t(?: [^>]*)?>([^<]*)</w:t>")
_TAG = re.compile(r"{{.*?}}|{%.*?%}|{#.*?#}", re.DOTALL)


def check_templates(template_dir: Path | None = None, kinds: Iterable[DocKind] | None = None) -> list[TemplateProblem]:
    """Problems in the templates the given kinds (default all) use: missing files, tags Word split across
    runs, unknown placeholders, Jinja syntax errors. Cached per file version (a button click stays fast)."""
    template_dir = Path(template_dir or TEMPLATE_DIR)
    problems: list[TemplateProblem] = []
    for name in sorted({k.template for k in (kinds or CATALOG)}):
        path = template_dir / name
        if not path.exists():
            problems.append(TemplateProblem(name, f"找不到模板文件“{path}”。请恢复该文件或重新运行 build_templates.py。"))
            continue
        stat = path.stat()
        key = (str(path.resolve()), stat.st_mtime_ns, stat.st_size)
        if key not in _LINTED:
            _LINTED[key] = _kept_lint(path)
        problems.extend(_LINTED[key])
    return problems


_LINTED: dict[tuple[str, int, int], list[TemplateProblem]] = {}


def _kept_lint(path: Path) -> list[TemplateProblem]:
    """`_lint`, kept in the user's cache (`xlkit.cache`) under the template's bytes, this code and the names
    a placeholder may use: a button click does not import docxtpl to check an unchanged template."""
    from xlkit import cache

    data = path.read_bytes()
    digest = cache.key(data, code_digest(), cache.source_digest([sys.modules[__name__]]), "|".join(sorted(KNOWN_NAMES)))
    found = cache.cached("lint", digest, lambda: [(p.template, p.message, p.placeholder) for p in _lint(path)])
    return [TemplateProblem(*problem) for problem in found]


def _lint(path: Path) -> list[TemplateProblem]:
    from jinja2 import TemplateSyntaxError, meta

    name = path.name
    problems: list[TemplateProblem] = []
    try:
        with zipfile.ZipFile(path) as archive:
            xml_parts = {n: archive.read(n).decode("utf-8") for n in archive.namelist()
                         if n.endswith(".xml") and n.startswith("word/")}
    except (zipfile.BadZipFile, OSError, UnicodeDecodeError):
        return [TemplateProblem(name, "不是有效的 Word（.docx）文件，请用 Word 或 WPS 另存为 .docx。")]
    for part, xml in xml_parts.items():
        if not TAGGED.search(xml):
            continue
        for paragraph in _PARAGRAPH.findall(xml):
            texts = _TEXT.findall(paragraph)
            joined = "".join(texts)
            for tag in _TAG.findall(joined):
                if not any(tag in text for text in texts):
                    problems.append(TemplateProblem(
                        name, f"占位符“{_unescape(tag)}”被 Word 拆成了几段不同格式的文字。请在模板中删除它，"
                              "再一次性重新输入（中间不要改格式）。", _unescape(tag)))
            stripped = _TAG.sub("", joined)
            if "{{" in stripped or "{%" in stripped or "}}" in stripped or "%}" in stripped:
                problems.append(TemplateProblem(
                    name, f"段落“{_unescape(joined)[:40]}”中的花括号不成对，请检查占位符的写法（如 {{{{ 信访人 }}}}）。"))
        try:
            parsed = environment().parse(patched(xml))
        except TemplateSyntaxError as error:
            problems.append(TemplateProblem(name, f"模板语法错误：{error.message}（{part}）。"))
            continue
        for unknown in sorted(meta.find_undeclared_variables(parsed) - KNOWN_NAMES):
            problems.append(TemplateProblem(
                name, f"占位符“{{{{ {unknown} }}}}”不是台账的列名，也不是可用的派生值。请改成台账列名"
                      f"（如 {{{{ 信访人 }}}}；列名中的括号要省略，如 {{{{ 村社区 }}}}）或派生值（如 {{{{ 办理期限 }}}}）。",
                unknown))
    return problems


def _unescape(text: str) -> str:
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&amp;", "&")
