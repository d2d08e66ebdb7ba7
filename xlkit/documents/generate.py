"""Case documents from ledger rows (DESIGN §6): plan what each case's data allows, render, list the run.

docxtpl's own `render()` re-opens the .docx, re-parses every part and recompiles the Jinja on every
call. Here each template is prepared once: the parts holding tags go through docxtpl's `patch_xml`
(so its tag syntax — `{%tr for %}`, `{%p if %}` … — keeps working) and are compiled with a Jinja
environment that escapes every value; the untouched parts are kept as ready-made zip entries. A
render is then one Jinja call per templated part and one small zip write.

Values: dates print as `2019年9月20日`, an empty value prints as a blank line to fill by hand
(falsy, so `{% if 延期理由 %}` still works), text is XML-escaped, characters XML cannot hold are
dropped, line breaks become `<w:br/>`, 4-byte characters (𠮷) are kept.

The Excel button calls `generate()`; this module imports docxtpl, jinja2 and openpyxl only when used.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from xlkit.deadlines.engine import fmt as fmt_date
from xlkit.documents.catalog import CATALOG, DocKind, applies, case_folder_name, missing_fields, not_handled
from xlkit.errors import XlkitError
from xlkit.output.files import OutputExists, atomic_path, atomic_write, put
from xlkit.read.ledger import Ledger, LedgerError
from xlkit.schema import BY_FIELD, COLUMNS, REGULATION_2022_FROM, YES, Kind, header

TEMPLATE_DIR = Path(__file__).resolve().parents[2] / "doc_templates"
LIST_NAME = "生成清单"

MADE, SKIPPED, FAILED = "生成", "跳过", "失败"


class SelectionError(LedgerError):
    """A --case / --rows / --kind selection that names nothing in the ledger (message for the clerk)."""


class TemplateProblems(XlkitError):
    """Templates that cannot be used; nothing was generated. `problems` lists them."""

    exit_code = 1

    def __init__(self, problems: list[TemplateProblem]):
        self.problems = problems
        super().__init__("文书模板有问题，未生成任何文书。请修正模板后重试（xlkit docs --check-templates）：\n"
                         + "\n".join(f"  模板问题：{p}" for p in problems))


class PdfError(XlkitError):
    """PDF conversion impossible or failed (message for the clerk); the documents themselves were made."""

    exit_code = 1


# ---------------------------------------------------------------------------
# Placeholders


def placeholder(header_text: str) -> str:
    """The Jinja name of a ledger header: the header itself, minus what a name cannot hold (村(社区) → 村社区)."""
    return re.sub(r"\W", "", header_text)


#: Derived values a template may use besides the ledger's headers (name → what it holds).
DERIVED: dict[str, str] = {
    "单位名称": "设置表的单位名称（落款）",
    "文号代字": "设置表的文号代字，如“开城治信”",
    "复查机关": "设置表的复查机关（处理意见书的复查告知）",
    "单位地址": "设置表的单位地址",
    "单位联系电话": "设置表的单位联系电话",
    "领导小组办公室": "设置表的领导小组办公室名称（交办单、报告的主送）",
    "今天": "生成日期（--today），如 2019年9月20日",
    "受理告知期限": "受理告知书送达期限（交办日期起 5 日，非攻坚案件 15 日，遇节假日顺延）",
    "办理期限": "处理意见的办理期限（含已计入的延期）",
    "原办理期限": "受理之日起 60 日的原办理期限",
    "延期后期限": "原办理期限延长“延期天数”后的期限",
    "适用条例": "2005年《信访条例》或 2022年《信访工作条例》（按受理日期）",
    "办理条款": "办理期限条款：第三十三条（2005）或第三十四条（2022）",
    "复查条款": "复查条款：第三十四条（2005）或第三十五条（2022）",
    "延期告知书文号": "延期办理告知书的文号（代字＋延〔年份〕＿号，号数手填）",
    "送达文书名称": "送达回证：所送达文书的名称",
    "送达文书文号": "送达回证：所送达文书的文号",
    "送达文书名称及文号": "送达回证：名称（文号）",
    "送达时间": "送达回证：已送达的日期，未送达时为空白待填",
    "本次送达方式": "送达回证：处理意见书取台账的送达方式，其他文书空白待填",
    "满意框": "满意度评价为“满意”时为 ☑，否则 ☐",
    "基本满意框": "满意度评价为“基本满意”时为 ☑，否则 ☐",
    "不满意框": "满意度评价为“不满意”时为 ☑，否则 ☐",
    "文书目录": "卷内目录的行：每项有 序号、文号、责任者、题名、日期、页号",
    "文书件数": "本卷文书件数（卷内目录所列）",
    "文书名称": "本文书的名称",
    "空行": "三行空白横线，供手写（用法：{{ 调查核实情况 or 空行 }}）",
}

FIELD_PLACEHOLDERS: dict[str, str] = {c.field: placeholder(c.header) for c in COLUMNS}


def _alias_placeholders() -> dict[str, str]:
    """Other spellings the reader accepts for a header (`姓名` for 信访人) also work in a template."""
    taken = set(FIELD_PLACEHOLDERS.values()) | set(DERIVED)
    aliases: dict[str, str] = {}
    for column in COLUMNS:
        for alias in column.aliases:
            name = placeholder(alias)
            if name.isidentifier() and name not in taken and name not in aliases:
                aliases[name] = column.field
    return aliases


#: placeholder → field, for the aliases
ALIAS_PLACEHOLDERS: dict[str, str] = _alias_placeholders()
KNOWN_NAMES: frozenset[str] = (frozenset(FIELD_PLACEHOLDERS.values()) | frozenset(DERIVED)
                               | frozenset(ALIAS_PLACEHOLDERS))


# ---------------------------------------------------------------------------
# Values as XML text


class Blank(str):
    """An empty value: prints as a line to fill by hand, but is falsy in `{% if %}` and `or`."""

    def __bool__(self) -> bool:
        return False

    def __html__(self) -> str:
        return str(self)


_BR = '</w:t><w:br/><w:t xml:space="preserve">'
_TAB = '</w:t><w:tab/><w:t xml:space="preserve">'
BLANK_TEXT = Blank("＿＿＿＿＿＿")
BLANK_DATE = Blank("＿＿＿＿年＿＿月＿＿日")
BLANK_LINES = Blank(_BR.join(["＿" * 24] * 3))
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def xml_text(value: str) -> str:
    """Escape for a `<w:t>`; drop characters XML forbids; line breaks and tabs become Word's own."""
    text = _INVALID_XML.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    return text.replace("\n", _BR).replace("\t", _TAB)


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


# ---------------------------------------------------------------------------
# Prepared templates


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


def _docxtpl():
    from docxtpl import DocxTemplate

    return DocxTemplate


def _environment():
    from jinja2 import Environment

    return Environment(autoescape=True, finalize=_finalize)


_ENV = None


def environment():
    global _ENV
    if _ENV is None:
        _ENV = _environment()
    return _ENV


_TAGGED = re.compile(r"{{|{%|{#")
_PARAGRAPH_START = re.compile(r"<w:p([ >])")
_PARAGRAPH_MARK = re.compile(r"\n<w:p([ >])")


@lru_cache(maxsize=64)
def _patched(xml: str) -> str:
    """docxtpl's own clean-up of Word's XML around tags, then its paragraph line marks (error context)."""
    patched = _docxtpl().patch_xml(None, xml)
    return _PARAGRAPH_START.sub(r"\n<w:p\1", patched)


def _render_part(template, context: dict[str, Any], fix_tables: bool) -> bytes:
    xml = template.render(context)
    xml = _PARAGRAPH_MARK.sub(r"<w:p\1", xml)
    xml = xml.replace("{_{", "{{").replace("}_}", "}}").replace("{_%", "{%").replace("%_}", "%}")
    if fix_tables:
        from lxml import etree

        head, _, body = xml.partition("?>") if xml.startswith("<?xml") else ("", "", xml)
        tree = _docxtpl().fix_tables(None, body)
        xml = (head + "?>" if head else "") + etree.tostring(tree, encoding="unicode")
    return xml.encode("utf-8")


_PREPARED: dict[tuple[str, int, int], PreparedTemplate] = {}


def prepare(path: Path) -> PreparedTemplate:
    """Parse and compile a template once (cached per file version)."""
    path = Path(path)
    stat = path.stat()
    key = (str(path.resolve()), stat.st_mtime_ns, stat.st_size)
    cached = _PREPARED.get(key)
    if cached is not None:
        return cached
    env = environment()
    parts: dict[str, Any] = {}
    prefix = io.BytesIO()
    fix = False
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(prefix, "w", zipfile.ZIP_DEFLATED) as static:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename.endswith(".xml") and _TAGGED.search(data.decode("utf-8", "replace")):
                xml = _patched(data.decode("utf-8"))
                fix = fix or "{%tc" in xml or "{%hm" in xml or "colspan" in xml
                parts[info.filename] = env.from_string(xml)
            else:
                static.writestr(info.filename, data)
    prepared = PreparedTemplate(path, prefix.getvalue(), parts, fix)
    _PREPARED[key] = prepared
    return prepared


# ---------------------------------------------------------------------------
# Template lint


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
            _LINTED[key] = _lint(path)
        problems.extend(_LINTED[key])
    return problems


_LINTED: dict[tuple[str, int, int], list[TemplateProblem]] = {}


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
        if not _TAGGED.search(xml):
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
            parsed = environment().parse(_patched(xml))
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


# ---------------------------------------------------------------------------
# What each case gets


@dataclass
class Planned:
    row: int
    case_id: str | None
    petitioner: str | None
    kind: DocKind
    status: str  # 生成 / 跳过 / 失败
    reason: str = ""
    missing: tuple[str, ...] = ()  # Chinese headers of missing essential fields
    path: Path | None = None
    note: str = ""  # e.g. a due date beyond the holiday data
    cause: str = ""  # why skipped: stage / missing / exists / duplicate; failed: write / render

    @property
    def stage_skip(self) -> bool:
        """Skipped only because the case has not reached this document (normal)."""
        return self.status == SKIPPED and self.cause == "stage"


_STAGE_REASON = {
    "assignment": "尚未交办（交办日期、责任股室均为空）",
    "acceptance": "尚未受理（受理日期为空）",
    "acceptance_receipt": "尚未受理（受理日期为空）",
    "extension": "未延期（是否延期不是“是”）",
    "extension_receipt": "未延期（是否延期不是“是”）",
    "opinion": "尚未出具处理意见（处理意见出具日期为空）",
    "opinion_receipt": "尚未出具处理意见（处理意见出具日期为空）",
    "satisfaction": "尚未出具处理意见（处理意见出具日期为空）",
    "settlement": "尚未息诉息访（是否息诉息访不是“是”）",
    "closing_report": "尚未息诉息访，应出办理情况报告",
}

#: kinds that state a due date (their run-list line warns when the date lies beyond the holiday data)
_STATES_DUE = {"assignment", "acceptance", "extension"}

#: kind → (date field, 文号 field) for the 卷内目录
_INDEX_FIELDS: dict[str, tuple[str | None, str | None]] = {
    "assignment": ("assigned_on", "upper_ref"),
    "acceptance": ("accepted_on", "acceptance_ref"),
    "acceptance_receipt": ("acceptance_served_on", None),
    "extension": ("extension_notice_on", None),
    "extension_receipt": ("extension_notice_on", None),
    "opinion": ("opinion_on", "opinion_ref"),
    "opinion_receipt": ("opinion_served_on", None),
    "satisfaction": ("evaluated_on", None),
    "settlement": ("settled_on", None),
    "closing_report": ("closed_on", None),
    "progress_report": ("closed_on", None),
}
_DOSSIER_FRAME = ("cover", "index", "closing_note")


def _stage_reason(kind: DocKind, case: dict) -> str:
    if kind.key in ("acceptance", "acceptance_receipt", "extension", "extension_receipt") and not_handled(case):
        return f"受理结论为“{case.get('acceptance_decision')}”，不出此文书"
    if kind.key == "progress_report":
        return "已息诉息访，应出结案报告" if case.get("settled") == YES else "尚未出具处理意见（处理意见出具日期为空）"
    return _STAGE_REASON.get(kind.key, "尚未到此环节")


def _contradiction(kind: DocKind, case: _Case) -> str | None:
    """Why a document would state something unlawful given the ledger's own data (it is then not made)."""
    if kind.key not in ("extension", "extension_receipt"):
        return None
    from xlkit.deadlines.engine import MAX_EXTENSION_DAYS

    days = case.values.get("extension_days")
    if days is not None and days > MAX_EXTENSION_DAYS:
        return f"延期天数为 {days} 日，超过法定最长 {MAX_EXTENSION_DAYS} 日：请先改正台账"
    if case.values.get("extension_notice_on") is not None and case.deadlines and not case.deadlines.get(
            "extension_counted"):
        return "延期告知日期晚于原办理期限，延期不计入期限：请先核对台账"
    return None


def resolve_kinds(names: Iterable[str | DocKind] | None) -> list[DocKind]:
    """Kinds by key, exact name, or a name's beginning or part (`送达回证` → the three receipts)."""
    if not names:
        return list(CATALOG)
    chosen: list[DocKind] = []
    for name in names:
        if isinstance(name, DocKind):
            found = [name]
        else:
            term = name.strip().removesuffix(".docx")
            found = [k for k in CATALOG if term in (k.key, k.name, k.template.removesuffix(".docx"))]
            found = found or [k for k in CATALOG if k.name.startswith(term)] or [k for k in CATALOG if term in k.name]
        if not found:
            valid = "、".join(k.name for k in CATALOG)
            raise SelectionError(f"没有名为“{name}”的文书。可选：{valid}。")
        chosen.extend(k for k in found if k not in chosen)
    return sorted(chosen, key=lambda k: (k.number, CATALOG.index(k)))


def select_rows(ledger: Ledger, case_ids: Iterable[str] | None = None, rows: Iterable[int] | None = None) -> list[int]:
    """Sheet rows for the given case numbers and/or rows (all cases when neither is given)."""
    frame = ledger.frame
    case_ids = [str(c).strip() for c in case_ids or ()]
    rows = list(rows or ())
    if not case_ids and not rows:
        return [int(r) for r in frame.index]
    chosen: set[int] = set()
    by_id: dict[str, list[int]] = {}
    for row, value in frame["case_id"].items():
        if value is not None and value == value:
            by_id.setdefault(str(value).strip(), []).append(int(row))
    unknown = [c for c in case_ids if c not in by_id]
    if unknown:
        raise SelectionError(f"台账“{ledger.path.name}”中找不到案件编号：{'、'.join(unknown)}。请核对编号（按文本填写，注意前导零）。")
    for c in case_ids:
        chosen.update(by_id[c])
    index = {int(r) for r in frame.index}
    if rows:
        present = [r for r in rows if r in index]
        if not present:
            shown = f"{min(rows)}-{max(rows)}" if len(rows) > 1 else str(rows[0])
            raise SelectionError(
                f"台账“{ledger.path.name}”的第 {shown} 行没有案件（表头在第 {ledger.header_row} 行）。请按 Excel 左侧的行号选择。")
        chosen.update(present)
    return sorted(chosen)


def parse_rows(text: str) -> list[int]:
    """`5-9`, `5,7,10-12` → row numbers; a ValueError with a Chinese message otherwise."""
    rows: list[int] = []
    for piece in re.split(r"[,，、\s]+", text.strip()):
        if not piece:
            continue
        match = re.fullmatch(r"(\d+)\s*[-－~～至]\s*(\d+)|(\d+)", piece)
        if not match:
            raise ValueError(f"行号“{piece}”看不懂，请写成 5-9 或 5,7,10-12。")
        if match.group(3):
            rows.append(int(match.group(3)))
        else:
            low, high = sorted((int(match.group(1)), int(match.group(2))))
            rows.extend(range(low, high + 1))
    if not rows:
        raise ValueError("没有给出行号，请写成 5-9 或 5,7,10-12。")
    return rows


@dataclass
class _Case:
    row: int
    values: dict[str, Any]
    deadlines: dict[str, Any]


def _cases(ledger: Ledger, rows: Sequence[int], today: dt.date) -> list[_Case]:
    import pandas as pd

    from xlkit.deadlines.engine import compute

    due = compute(ledger, today) if len(ledger.frame) and rows else None
    records = dict(ledger.records())
    result = []
    for row in rows:
        deadline = {}
        if due is not None:
            line = due.loc[row]
            for key in ("notice_due", "opinion_due", "opinion_original_due"):
                value = line[key]
                deadline[key] = None if pd.isna(value) else value.date()
            deadline["extension_counted"] = bool(line["extension_counted"])
            year = line["uncovered_year"]
            deadline["uncovered_year"] = None if pd.isna(year) else int(year)
        result.append(_Case(row, records[row], deadline))
    return result


def plan(ledger: Ledger, rows: Iterable[int] | None = None, kinds: Iterable[str | DocKind] | None = None,
         out_dir: Path | None = None, force: bool = False, today: dt.date | None = None) -> list[Planned]:
    """What the run will make and what it skips and why, one entry per (case, kind), in sheet order."""
    today = today or dt.date.today()
    rows = list(rows) if rows is not None else [int(r) for r in ledger.frame.index]
    chosen = resolve_kinds(kinds)
    return [p for _, entries in _plan_cases(ledger, _cases(ledger, rows, today), chosen, out_dir, force)
            for p in entries]


def _plan_cases(ledger, cases, kinds, out_dir, force):
    seen_folders: dict[str, int] = {}
    result = []
    for case in cases:
        values = case.values
        case_id = values.get("case_id")
        petitioner = values.get("petitioner")
        folder = case_folder_name(str(case_id), petitioner) if case_id else None
        duplicate_of = seen_folders.get(folder) if folder else None
        if folder and duplicate_of is None:
            seen_folders[folder] = case.row
        entries = []
        for kind in kinds:
            entry = Planned(case.row, case_id, petitioner, kind, MADE)
            if not applies(kind, values):
                entry.status, entry.reason, entry.cause = SKIPPED, _stage_reason(kind, values), "stage"
            elif invalid := _contradiction(kind, case):
                entry.status, entry.reason, entry.cause = SKIPPED, invalid, "invalid"
            elif missing := missing_fields(kind, values):
                entry.status, entry.cause = SKIPPED, "missing"
                entry.missing = tuple(header(f) for f in missing)
                entry.reason = "缺少字段：" + "、".join(entry.missing)
            elif duplicate_of is not None:
                entry.status, entry.cause = SKIPPED, "duplicate"
                entry.reason = f"与第 {duplicate_of} 行的案件编号、信访人相同，未重复生成（请先在台账中更正编号）"
            else:
                if out_dir is not None:
                    entry.path = Path(out_dir) / folder / kind.file_name
                    if entry.path.exists() and not force:
                        entry.status, entry.cause = SKIPPED, "exists"
                        entry.reason = "文件已存在，未覆盖（如需重新生成请加 --force）"
                if kind.key in _STATES_DUE and case.deadlines.get("uncovered_year"):
                    year = case.deadlines["uncovered_year"]
                    entry.note = f"期限所在的 {year} 年尚无节假日安排数据，文书中的期限只按周末顺延，请核对"
            entries.append(entry)
        result.append((case, entries))
    return result


# ---------------------------------------------------------------------------
# Context


def _settings_context(ledger: Ledger, today: dt.date) -> dict[str, Any]:
    s = ledger.settings
    return {
        "单位名称": s.office_name or BLANK_TEXT,
        "文号代字": s.ref_prefix or BLANK_TEXT,
        "复查机关": s.review_body or BLANK_TEXT,
        "单位地址": s.office_address or BLANK_TEXT,
        "单位联系电话": s.office_phone or BLANK_TEXT,
        "领导小组办公室": s.leader_group or BLANK_TEXT,
        "今天": fmt_date(today),
    }


def _value(field_name: str, value: Any) -> Any:
    if value is None or value == "":
        return BLANK_DATE if BY_FIELD[field_name].kind is Kind.DATE else BLANK_TEXT
    if isinstance(value, dt.date):
        return fmt_date(value)
    return value if isinstance(value, str) else str(value)


def case_context(ledger: Ledger, case: _Case, base: dict[str, Any], listed: list[DocKind]) -> dict[str, Any]:
    """Everything a template of this case may print, keyed by placeholder."""
    values = case.values
    context = dict(base)
    for field_name, name in FIELD_PLACEHOLDERS.items():
        context[name] = _value(field_name, values.get(field_name))
    for name, field_name in ALIAS_PLACEHOLDERS.items():
        context[name] = context[FIELD_PLACEHOLDERS[field_name]]
    accepted = values.get("accepted_on")
    new_rules = accepted is not None and accepted >= REGULATION_2022_FROM
    context["适用条例"] = "2022年《信访工作条例》" if new_rules else "2005年《信访条例》"
    context["办理条款"] = "第三十四条" if new_rules else "第三十三条"
    context["复查条款"] = "第三十五条" if new_rules else "第三十四条"
    d = case.deadlines
    context["受理告知期限"] = fmt_date(d.get("notice_due")) or BLANK_DATE
    context["办理期限"] = fmt_date(d.get("opinion_due")) or BLANK_DATE
    context["原办理期限"] = fmt_date(d.get("opinion_original_due")) or BLANK_DATE
    context["延期后期限"] = fmt_date(_extended_due(ledger, case)) or BLANK_DATE
    year = (values.get("extension_notice_on") or accepted or base["_today"]).year
    context["延期告知书文号"] = f"{ledger.settings.ref_prefix or ''}延〔{year}〕＿＿号"
    chosen = values.get("satisfaction")
    for label in ("满意", "基本满意", "不满意"):
        context[f"{label}框"] = "☑" if chosen == label else "☐"
    context["空行"] = BLANK_LINES
    entries = [k for k in listed if k.key not in _DOSSIER_FRAME]
    context["文书目录"] = [_index_line(ledger, i, k, values, context) for i, k in enumerate(entries, 1)]
    context["文书件数"] = str(len(entries))
    context.pop("_today", None)
    return context


def _extended_due(ledger: Ledger, case: _Case) -> dt.date | None:
    d = case.deadlines
    if d.get("extension_counted"):
        return d.get("opinion_due")
    days = case.values.get("extension_days")
    original = d.get("opinion_original_due")
    if not days or original is None:
        return None
    from xlkit.deadlines.engine import MAX_EXTENSION_DAYS, calendar_for

    return calendar_for(ledger).add_days(original, min(int(days), MAX_EXTENSION_DAYS)).due


def _index_line(ledger, number: int, kind: DocKind, values: dict, context: dict) -> dict[str, Any]:
    date_field, ref_field = _INDEX_FIELDS.get(kind.key, (None, None))
    ref = values.get(ref_field) if ref_field else None
    if kind.key == "extension":
        ref = context["延期告知书文号"]
    if kind.key in ("settlement", "satisfaction"):
        author = values.get("petitioner")
    elif kind.key in ("closing_report", "progress_report"):
        author = values.get("unit") or ledger.settings.office_name
    else:
        author = ledger.settings.office_name
    day = values.get(date_field) if date_field else None
    return {"序号": str(number), "文号": ref or "", "责任者": author or "", "题名": kind.name,
            "日期": fmt_date(day), "页号": ""}


_RECEIPTS = {
    "acceptance": ("受理告知书", "acceptance_ref", "acceptance_served_on", None),
    "extension": ("延期办理告知书", None, "extension_notice_on", None),
    "opinion": ("信访事项处理意见书", "opinion_ref", "opinion_served_on", "service_method"),
}


def kind_context(context: dict[str, Any], kind: DocKind, values: dict) -> dict[str, Any]:
    """The case's context plus what one document adds (its name; for a 送达回证 the document served)."""
    result = dict(context)
    result["文书名称"] = kind.name
    if kind.delivers:
        name, ref_field, date_field, method_field = _RECEIPTS[kind.delivers]
        ref = values.get(ref_field) if ref_field else context["延期告知书文号"]
        result["送达文书名称"] = name
        result["送达文书文号"] = ref or BLANK_TEXT
        result["送达文书名称及文号"] = f"《{name}》（{ref}）" if ref else f"《{name}》"
        served = values.get(date_field)
        result["送达时间"] = fmt_date(served) if served else BLANK_DATE
        method = values.get(method_field) if method_field else None
        result["本次送达方式"] = method or BLANK_TEXT
    else:
        for name in ("送达文书名称", "送达文书文号", "送达文书名称及文号", "本次送达方式"):
            result[name] = BLANK_TEXT
        result["送达时间"] = BLANK_DATE
    return result


# ---------------------------------------------------------------------------
# The run


@dataclass
class DocsRun:
    out_dir: Path
    items: list[Planned] = field(default_factory=list)
    list_path: Path | None = None
    seconds: float = 0.0

    @property
    def made(self) -> list[Planned]:
        return [i for i in self.items if i.status == MADE]

    @property
    def skipped(self) -> list[Planned]:
        return [i for i in self.items if i.status == SKIPPED]

    @property
    def failed(self) -> list[Planned]:
        return [i for i in self.items if i.status == FAILED]

    @property
    def exit_code(self) -> int:
        """DESIGN §6: 0 when everything the data allows was made, 1 when a document failed."""
        return 1 if self.failed else 0


Progress = Callable[[int, int], None]

#: below this many documents a second process costs more than it saves (a spawned Windows worker
#: re-imports pandas and re-prepares the templates, a forked Linux one starts ready)
POOL_THRESHOLD = 150 if sys.platform.startswith("linux") else 600


def generate(ledger: Ledger, out_dir: Path, case_ids: Iterable[str] | None = None, rows: Iterable[int] | None = None,
             kinds: Iterable[str | DocKind] | None = None, force: bool = False, today: dt.date | None = None,
             progress: Progress | None = None, template_dir: Path | None = None,
             workers: int | None = None) -> DocsRun:
    """Make the documents the selected cases' data allows; write `生成清单.xlsx`; return what happened.

    Raises SelectionError for a selection naming nothing, TemplateProblems when a template needed is
    unusable (before anything is written). `progress(done, total)` is called as documents are written.
    `workers`: processes to use (default: 2 on a multi-core machine for large runs, else 1).
    """
    started = time.perf_counter()
    today = today or dt.date.today()
    out_dir = Path(out_dir)
    if out_dir.exists() and not out_dir.is_dir():
        raise OutputExists(f"输出位置“{out_dir}”是一个文件，不是文件夹。请用 -o 指定一个文件夹。")
    template_dir = Path(template_dir or TEMPLATE_DIR)
    chosen = resolve_kinds(kinds)
    selected = select_rows(ledger, case_ids, rows)
    problems = check_templates(template_dir, chosen)
    if problems:
        raise TemplateProblems(problems)

    cases = _cases(ledger, selected, today)
    base = _settings_context(ledger, today)
    base["_today"] = today
    # the 卷内目录 lists what the case's data allows, whichever kinds this run makes
    listing = {case.row: [p.kind for p in entries if p.status == MADE]
               for case, entries in _plan_cases(ledger, cases, list(CATALOG), None, True)}
    planned = _plan_cases(ledger, cases, chosen, out_dir, force)

    jobs: list[tuple[str, dict[str, Any], str]] = []
    targets: list[Planned] = []
    for case, entries in planned:
        todo = [p for p in entries if p.status == MADE]
        if not todo:
            continue
        context = case_context(ledger, case, base, listing[case.row])
        for entry in todo:
            jobs.append((str(template_dir / entry.kind.template), kind_context(context, entry.kind, case.values),
                         str(entry.path)))
            targets.append(entry)

    errors = _run_jobs(jobs, progress, workers)
    for entry, error in zip(targets, errors, strict=True):
        if error:
            entry.status, entry.reason, entry.cause = FAILED, error, "failed"
    run = DocsRun(out_dir, [p for _, entries in planned for p in entries])
    if run.items:
        run.list_path = write_list(run, ledger, force)
    run.seconds = time.perf_counter() - started
    return run


#: template path → prepared template for the current run (filled before rendering; forked workers inherit it)
_RUN_TEMPLATES: dict[str, PreparedTemplate] = {}


def _render_job(job: tuple[str, dict[str, Any], str]) -> str | None:
    template, context, path = job
    try:
        prepared = _RUN_TEMPLATES.get(template)
        if prepared is None:
            prepared = _RUN_TEMPLATES[template] = prepare(Path(template))
        prepared.write(context, Path(path))
    except PermissionError:
        return f"无法写入“{path}”：文件被占用（可能正在 Word/WPS 中打开）或没有写入权限。请关闭后重试。"
    except OSError as error:
        return f"写入“{path}”失败：{error.strerror or error}。"
    except Exception as error:  # noqa: BLE001 - one broken document must not stop the others
        return f"生成失败：{type(error).__name__}: {error}"
    return None


def _render_chunk(jobs: list[tuple[str, dict[str, Any], str]]) -> list[str | None]:
    return [_render_job(job) for job in jobs]


def _run_jobs(jobs, progress: Progress | None, workers: int | None) -> list[str | None]:
    total = len(jobs)
    _RUN_TEMPLATES.clear()
    for template in {job[0] for job in jobs}:  # once per run: a template edited since is picked up
        _RUN_TEMPLATES[template] = prepare(Path(template))
    if workers is None:
        workers = 2 if total >= POOL_THRESHOLD and (os.cpu_count() or 1) > 1 else 1
    if workers <= 1 or total < 2:
        errors = []
        for done, job in enumerate(jobs, 1):
            errors.append(_render_job(job))
            if progress:
                progress(done, total)
        return errors
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    method = "fork" if sys.platform.startswith("linux") else None
    context = multiprocessing.get_context(method)
    size = max(1, min(50, total // (workers * 8) or 1))
    chunks = [jobs[i:i + size] for i in range(0, total, size)]
    errors: list[str | None] = []
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        for chunk_errors in pool.map(_render_chunk, chunks):
            errors.extend(chunk_errors)
            if progress:
                progress(len(errors), total)
    return errors


# ---------------------------------------------------------------------------
# The run's list


LIST_HEADERS = ("台账行", header("case_id"), header("petitioner"), "文书", "状态", "原因/缺少字段", "说明", "文件")


def _free_list_path(out_dir: Path, force: bool = False) -> Path:
    path = out_dir / f"{LIST_NAME}.xlsx"
    number = 2
    while path.exists() and not force:
        path = out_dir / f"{LIST_NAME}-{number}.xlsx"
        number += 1
    return path


def write_list(run: DocsRun, ledger: Ledger, force: bool = False) -> Path:
    """`生成清单.xlsx` in the output folder (an existing one is kept unless force: the new list gets `-2`, `-3` …)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = LIST_NAME
    sheet.append(list(LIST_HEADERS))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    fills = {SKIPPED: PatternFill("solid", fgColor="FFF2CC"), FAILED: PatternFill("solid", fgColor="F8CBAD")}
    for r, item in enumerate(run.items, start=2):
        path = item.path.relative_to(run.out_dir).as_posix() if item.path and item.status == MADE else ""
        values = (item.row, item.case_id, item.petitioner, item.kind.name, item.status, item.reason, item.note, path)
        for c, value in enumerate(values, start=1):
            put(sheet.cell(r, c), value)
        if item.status in fills:
            sheet.cell(r, 5).fill = fills[item.status]
    for letter, width in zip("ABCDEFGH", (7, 12, 10, 26, 6, 44, 40, 48), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:H{len(run.items) + 1}"
    path = _free_list_path(run.out_dir, force)
    return atomic_write(path, workbook.save, force=force, sources=(ledger.path,))


# ---------------------------------------------------------------------------
# PDF


def soffice_binary() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert_pdf(paths: Sequence[Path], timeout_per_file: float = 20.0) -> list[Path]:
    """Convert .docx files to PDF beside them with ONE LibreOffice run (its own profile).

    Same-named files of different case folders are linked under unique names in a temporary folder,
    converted together, and each PDF is moved next to its .docx.
    """
    paths = [Path(p) for p in paths]
    if not paths:
        return []
    binary = soffice_binary()
    if binary is None:
        raise PdfError("未找到 LibreOffice（soffice），无法转换 PDF。Word 文书已生成；如需 PDF，请安装 LibreOffice"
                       "（Linux：apt-get install libreoffice-writer-nogui），或在 Word/WPS 中“另存为 PDF”。")
    with tempfile.TemporaryDirectory(prefix="xlkit-pdf-") as work:
        work_dir = Path(work)
        staged = []
        for number, path in enumerate(paths):
            link = work_dir / f"{number:05d}.docx"
            try:
                os.link(path, link)
            except OSError:
                shutil.copyfile(path, link)
            staged.append(link)
        profile = (work_dir / "profile").as_uri()
        command = [binary, f"-env:UserInstallation={profile}", "--headless", "--norestore",
                   "--convert-to", "pdf", "--outdir", str(work_dir / "pdf"), *map(str, staged)]
        try:
            subprocess.run(command, check=True, capture_output=True, timeout=60 + timeout_per_file * len(paths))
        except subprocess.TimeoutExpired:
            raise PdfError("LibreOffice 转换 PDF 超时，请稍后重试或减少一次转换的文书数量。") from None
        except subprocess.CalledProcessError as error:
            detail = error.stderr.decode("utf-8", "replace").strip()[-300:]
            raise PdfError(f"LibreOffice 转换 PDF 失败：{detail or '无输出'}") from None
        produced = []
        missing = []
        for path, link in zip(paths, staged, strict=True):
            pdf = work_dir / "pdf" / (link.stem + ".pdf")
            if not pdf.exists():
                missing.append(path.name)
                continue
            target = path.with_suffix(".pdf")
            shutil.move(str(pdf), target)
            produced.append(target)
        if missing:
            raise PdfError(f"以下文书未能转换为 PDF：{'、'.join(missing[:5])}{' 等' if len(missing) > 5 else ''}。")
    return produced
