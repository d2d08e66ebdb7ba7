"""The case dossier (卷宗): what each case folder must hold, checked against the ledger, and packed into one PDF.

The real dossier holds the **signed** papers, scanned or photographed, not the drafts `xlkit docs` prints
(plan §五(四)). `check()` reads a folder of case folders and says, per case and by stage, which signed
papers are missing, present only as an unsigned draft, empty or unreadable; `pack()` joins one case folder
into a single PDF for the archive.

卷宗命名规则（与 doc_templates/卷宗命名规则.md 相同）
=====================================================

一、卷宗文件夹
  每件一个文件夹，放在同一个总文件夹下，命名为“案件编号-信访人”，如 ``2019-001-张三``，
  与 ``xlkit docs`` 生成文书的文件夹完全一致（文书草稿可直接放在里面）。
  文件夹名只有案件编号（如 ``2019-001``）也能识别。台账中找不到案件编号的文件夹、信访人与台账不一致的文件夹会被报告。
  其他证据材料可以放在子文件夹里（如“证据材料/现场照片1.jpg”），同样会被检查和打包。

二、签字件（扫描件或照片）
  格式：``.pdf``、``.jpg``、``.jpeg``、``.png``。按下列任一方式命名即可识别为“已签字”：
  1. ``<文书名>-签字.<扩展名>``，如 ``受理告知书-签字.pdf``、``满意度评价表-签字.jpg``、
     ``信访事项处理意见书-签字.pdf``（“签字”也可写作“签字版”“签名”“扫描件”）；
  2. 送达回证写成 ``送达回证-<所送达的文书>.<扩展名>``，如 ``送达回证-受理告知书.jpg``、
     ``送达回证-处理意见书.pdf``、``送达回证-延期告知书.png``；
  3. 前面可以带两位序号，如 ``03-受理告知书-签字.pdf``；
  4. 一份文书拍成多张照片时，末尾加页序：``满意度评价表-签字-1.jpg``、``满意度评价表-签字-2.jpg``。
  文书名可用全称或简称：受理告知书、延期办理告知书（延期告知书）、信访事项处理意见书（处理意见书）、
  满意度评价表（评价表）、息诉息访书（息访书）、结案报告、办理情况报告、交办单、卷宗封面、卷内目录、备考表。
  注意：与草稿同名的 PDF（如 ``07-信访事项处理意见书.pdf``，``xlkit docs --pdf`` 生成的就是这种）
  视为未签字的草稿，不算签字件。

三、卷内目录.xlsx（可选）
  文件夹里可以放一个 ``卷内目录.xlsx``，第一行为表头：
  ``序号 | 文书名称 | 文件名 | 页数 | 备注``。
  每行登记一份材料：“文书名称”写文书名（全称或简称）或其他证据材料的名称，“文件名”写本文件夹中的
  文件名（含扩展名；在子文件夹里的写成“证据材料/照片1.jpg”）。登记在目录里的扫描件（.pdf/.jpg/.jpeg/.png）按“文书名称”算作该文书的签字件，
  不论文件怎样命名；“页数”填了的，会与文件实际页数核对。打包成 PDF 时按目录的序号排列。

四、需要哪些签字件
  按台账中该件的进度决定，未办结的件需要的少：
  受理告知书及其送达回证（已送达受理告知书后）、延期办理告知书及其送达回证（延期并已告知后）、
  信访事项处理意见书及其送达回证（处理意见已送达后）、满意度评价表（已评价后）、息诉息访书（已息访后）。
  已办结的件（填了“办结日期”或“是否息诉息访”为“是”）需要全部适用的签字件，
  并需有结案报告或办理情况报告（草稿或扫描件均可）。
  0 字节的空文件、打不开的 PDF、不是图片的图片文件都不算数。
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import shutil
import tempfile
import unicodedata
import zipfile
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from xlkit.documents.catalog import BY_KEY, CATALOG, DocKind, applies, case_folder_name
from xlkit.dossier.codes import DOSSIER
from xlkit.errors import XlkitError
from xlkit.findings import Finding, Severity
from xlkit.output.files import atomic_write, check_writable
from xlkit.output.office import OfficeError, convert_to_pdf
from xlkit.read.ledger import Ledger
from xlkit.read.package_errors import PACKAGE_ERRORS
from xlkit.read.select import find_cases
from xlkit.schema import NO_UNIT, YES, header

SCAN_SUFFIXES = (".pdf", ".jpg", ".jpeg", ".png")
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png")
DRAFT_SUFFIXES = (".docx", ".doc")
INDEX_FILE_NAME = "卷内目录.xlsx"
INDEX_HEADERS = ("序号", "文书名称", "文件名", "页数", "备注")

#: paper states
FILED, UNSIGNED, MISSING, DAMAGED = "已签字归档", "仅有未签字草稿", "缺失", "文件为空或无法读取"
#: a case's dossier as a whole: a closed case's is 齐全 or 不齐全; an open case's is complete only so far
#: (目前齐全), or holds nothing to sign yet (暂不要求), never plainly 齐全
COMPLETE, INCOMPLETE = "齐全", "不齐全"
OPEN_COMPLETE, OPEN_INCOMPLETE, NOT_YET = "目前齐全（未办结）", "不齐全（未办结）", "暂不要求（未办结）"
UNCHECKED = "未对照台账"
#: the summary's rows for cases without a 责任股室 and for folders of no case in the ledger
STRAY_FOLDERS = "（台账中没有的文件夹）"
#: each state's column in the 股室汇总 sheet and the console's count: (group, label)
STATE_COLUMNS = {COMPLETE: ("已办结", "齐全"), INCOMPLETE: ("已办结", "不齐全"), OPEN_COMPLETE: ("未办结", "目前齐全"),
                 OPEN_INCOMPLETE: ("未办结", "不齐全"), NOT_YET: ("未办结", "暂不要求")}

#: short names clerks use → catalog key
_SHORT_NAMES = {
    "处理意见书": "opinion",
    "意见书": "opinion",
    "延期告知书": "extension",
    "延期办理告知书": "extension",
    "评价表": "satisfaction",
    "满意度评价": "satisfaction",
    "息访书": "settlement",
    "封面": "cover",
    "目录": "index",
}
_SIGNED_MARK = re.compile(r"[-_ ]*(签字版|签字|签名|扫描件|扫描)$")
_PAGE_SUFFIX = re.compile(r"(?:[-_ ]+第?\d{1,3}页?|\(\d{1,3}\))$")
_NUMBER_PREFIX = re.compile(r"^\d{1,3}[-_ .、]+")
_RECEIPT = "送达回证"


def _fold(text: str) -> str:
    """NFKC (full-width brackets and digits folded) without spaces: how names are compared."""
    return "".join(unicodedata.normalize("NFKC", text).split())


_NAMES: dict[str, str] = {_fold(k.name): k.key for k in CATALOG} | {_fold(k): v for k, v in _SHORT_NAMES.items()}


def kind_for_name(name: str) -> DocKind | None:
    """The catalog document a (full or short) name means; `送达回证-处理意见书` → the opinion's receipt."""
    text = _fold(name).strip("-_ ")
    if text.startswith(_RECEIPT):
        target = text[len(_RECEIPT):].strip("-_ ()")
        target_key = _NAMES.get(target)
        for kind in CATALOG:
            if kind.delivers and kind.delivers == target_key:
                return kind
        return None
    key = _NAMES.get(text)
    return BY_KEY[key] if key else None


def parse_file_name(file_name: str) -> tuple[DocKind | None, bool]:
    """(document, signed) a file's name says by the naming convention (module docstring §二)."""
    stem = _fold(Path(file_name).stem)
    stem = _NUMBER_PREFIX.sub("", stem)
    stem = _PAGE_SUFFIX.sub("", stem)
    signed = bool(_SIGNED_MARK.search(stem))
    stem = _SIGNED_MARK.sub("", stem)
    stem = _PAGE_SUFFIX.sub("", stem)
    kind = kind_for_name(stem)
    if kind is not None and kind.delivers and re.match(rf"^{_RECEIPT}[-_ ]", stem):
        signed = True  # `送达回证-受理告知书.jpg` is the plan's own name for the signed receipt
    return kind, signed


# ---------------------------------------------------------------------------
# The files of one folder


@dataclass
class DossierFile:
    path: Path
    name: str  # the path inside the case folder, with "/" (a file in a subfolder: 照片/1.jpg)
    kind: DocKind | None  # the catalog document it is, None for other evidence
    role: str  # "scan" (signed), "draft" (generated, unsigned), "other" (evidence), "ignored"
    title: str  # what the 卷内目录 or the name calls it
    pages: int | None = None
    problem: str | None = None  # "empty" / "unreadable"
    listed: bool = False  # registered in 卷内目录.xlsx
    order: float | None = None  # 序号 in 卷内目录.xlsx
    listed_pages: int | None = None


def folder_of(finding: Finding) -> str:
    """The case folder a dossier finding sits in ("" for a case without one)."""
    return finding.file.split("/", 1)[0]


def file_of(finding: Finding) -> str:
    """The file inside the case folder a dossier finding names ("" for one about the folder or a paper)."""
    return finding.file.split("/", 1)[1] if "/" in finding.file else ""


def stage_of(finding: Finding) -> str:
    """The ledger stage (受理, 办理…) of the paper a dossier finding concerns."""
    kind = kind_for_name(finding.column) if finding.column else None
    return kind.stage if kind else ""


@dataclass
class PaperStatus:
    kind: DocKind
    status: str
    files: list[str] = field(default_factory=list)


@dataclass
class CaseDossier:
    folder: Path | None
    case_id: str | None
    petitioner: str | None
    row: int | None
    closed: bool
    files: list[DossierFile] = field(default_factory=list)
    papers: list[PaperStatus] = field(default_factory=list)
    problems: list[Finding] = field(default_factory=list)
    unit: str | None = None  # 责任股室
    judged: bool = True  # checked against the ledger (which says what the case must hold)

    @property
    def gaps(self) -> list[Finding]:
        """The findings of what the dossier must hold and lacks (`GAP_CODES`): what the review says of it too."""
        return [p for p in self.problems if p.code in GAP_CODES]

    @property
    def complete(self) -> bool:
        return not self.gaps

    @property
    def state(self) -> str:
        """齐全 / 不齐全 for a closed case; 目前齐全 / 不齐全 / 暂不要求（未办结） for an open one."""
        if not self.judged:
            return UNCHECKED
        if self.closed:
            return COMPLETE if self.complete else INCOMPLETE
        if not self.papers:
            return NOT_YET
        return OPEN_COMPLETE if self.complete else OPEN_INCOMPLETE

    def to_dict(self) -> dict[str, Any]:
        return {
            "case_id": self.case_id, "petitioner": self.petitioner, "row": self.row,
            "folder": self.folder.name if self.folder else None, "unit": self.unit, "closed": self.closed,
            "complete": self.complete, "state": self.state,
            "papers": [{"document": p.kind.name, "stage": p.kind.stage, "status": p.status, "files": p.files}
                       for p in self.papers],
            "files": [{"file": f.name, "document": f.kind.name if f.kind else None, "role": f.role,
                       "pages": f.pages, "problem": f.problem} for f in self.files],
            "problems": [p.to_dict() for p in self.problems],
        }


#: (closed case, open case) codes of each paper state and of a missing folder
PAPER_CODES = {MISSING: ("D111", "D112"), UNSIGNED: ("D121", "D122"), DAMAGED: ("D131", "D132")}
MISSING_FOLDER = ("D101", "D102")
REPORT_MISSING = "D141"
#: what makes a dossier incomplete: no folder for the papers due, a paper due that is missing, only a draft or
#: broken, and a closed case's missing report (a paper without a folder is said once, by the folder's code)
GAP_CODES = frozenset({*MISSING_FOLDER, *(code for codes in PAPER_CODES.values() for code in codes), REPORT_MISSING})
_FILE_CODES = {"empty": "D201", "unreadable": "D202"}


def _integrity(path: Path) -> tuple[int | None, str | None]:
    """(pages, problem) — problem is "empty" or "unreadable"."""
    try:
        size = path.stat().st_size
    except OSError:
        return None, "unreadable"
    if size == 0:
        return None, "empty"
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        from pypdf import PdfReader

        quiet = logging.getLogger("pypdf")
        level = quiet.level
        quiet.setLevel(logging.CRITICAL)  # a broken scan is reported once, in Chinese, not as pypdf's warnings
        try:
            reader = PdfReader(path)
            pages = len(reader.pages)
        except Exception:  # pypdf raises many types for a broken file
            return None, "unreadable"
        finally:
            quiet.setLevel(level)
        return (pages, None) if pages else (None, "unreadable")
    if suffix in IMAGE_SUFFIXES:
        from PIL import Image

        try:
            with Image.open(path) as image:
                image.verify()
        except Exception:
            return None, "unreadable"
        return 1, None
    if suffix == ".docx":
        try:
            with zipfile.ZipFile(path) as archive:
                archive.getinfo("word/document.xml")
        except PACKAGE_ERRORS:
            return None, "unreadable"
    return None, None


def read_index(folder: Path) -> list[dict[str, Any]]:
    """The rows of a folder's 卷内目录.xlsx: {序号, 文书名称, 文件名, 页数, 备注}; raise ValueError if unreadable."""
    import openpyxl

    path = folder / INDEX_FILE_NAME
    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as error:
        raise ValueError(f"“{path.name}”无法打开（{type(error).__name__}）") from None
    try:
        rows = [list(r) for r in workbook.worksheets[0].iter_rows(values_only=True)]
    finally:
        workbook.close()
    header_index, columns = None, {}
    for index, row in enumerate(rows[:10]):
        names = [_fold(str(v)) if v is not None else "" for v in row]
        if "文件名" in names:
            header_index, columns = index, {h: names.index(h) for h in INDEX_HEADERS if h in names}
            break
    if header_index is None:
        raise ValueError(f"“{path.name}”前 10 行中没有“文件名”表头")
    entries = []
    for row in rows[header_index + 1:]:
        def cell(name: str, row=row) -> Any:
            index = columns.get(name)
            return row[index] if index is not None and index < len(row) else None

        file_name = cell("文件名")
        if file_name is None or not str(file_name).strip():
            continue
        entries.append({name: cell(name) for name in INDEX_HEADERS} | {"文件名": str(file_name).strip()})
    return entries


def scan_folder(folder: Path) -> tuple[list[DossierFile], list[Finding]]:
    """Classify every file of one case folder (naming convention, then 卷内目录.xlsx) and test it opens."""
    problems: list[Finding] = []

    def at(name: str) -> str:
        return f"{folder.name}/{name}"

    files: dict[str, DossierFile] = {}
    for path in sorted(folder.rglob("*"), key=lambda p: p.relative_to(folder).as_posix()):
        relative = path.relative_to(folder)
        if path.is_dir() or any(part.startswith(("~$", ".")) for part in relative.parts) \
                or relative.as_posix() == INDEX_FILE_NAME:
            continue
        suffix = path.suffix.lower()
        kind, signed = parse_file_name(path.name)
        if suffix in SCAN_SUFFIXES:
            role = "scan" if kind and signed else ("draft" if kind else "other")
        elif suffix in DRAFT_SUFFIXES:
            role = "draft" if kind else "other"
        else:
            role = "ignored"
            problems.append(DOSSIER["D203"].finding(
                f"“{relative.as_posix()}”不是 PDF、图片或 Word 文件，未计入卷宗", file=at(relative.as_posix())))
        pages, problem = _integrity(path)
        title = kind.name if kind else path.stem
        files[relative.as_posix()] = DossierFile(path, relative.as_posix(), kind, role, title, pages, problem)
    if (folder / INDEX_FILE_NAME).exists():
        try:
            entries = read_index(folder)
        except ValueError as error:
            problems.append(DOSSIER["D211"].finding(f"卷内目录无法读取：{error}", file=at(INDEX_FILE_NAME)))
            entries = []
        for position, entry in enumerate(entries):
            name = entry["文件名"].replace("\\", "/").strip("/")
            found = files.get(name) or next((f for f in files.values() if _fold(f.name) == _fold(name)), None)
            if found is None:
                problems.append(DOSSIER["D212"].finding(
                    f"卷内目录第 {position + 2} 行登记的文件“{name}”不在文件夹中", file=at(INDEX_FILE_NAME)))
                continue
            title = str(entry["文书名称"] or "").strip()
            kind = kind_for_name(title) if title else found.kind
            found.listed = True
            found.order = _number(entry["序号"], position + 1)
            found.listed_pages = _int_or_none(entry["页数"])
            if title:
                found.title = title
            found.kind = kind
            if found.path.suffix.lower() in SCAN_SUFFIXES:
                found.role = "scan" if kind else "other"
            if found.listed_pages and found.pages and found.listed_pages != found.pages:
                problems.append(DOSSIER["D213"].finding(
                    f"卷内目录登记“{name}”为 {found.listed_pages} 页，文件实际 {found.pages} 页",
                    column=found.kind.name if found.kind else "", file=at(found.name)))
    for f in files.values():
        if f.problem:
            what = "是空文件（0 字节）" if f.problem == "empty" else "无法打开（文件损坏或不是所写的格式）"
            problems.append(DOSSIER[_FILE_CODES[f.problem]].finding(
                f"“{f.name}”{what}", column=f.kind.name if f.kind else "", file=at(f.name)))
    return list(files.values()), problems


def _number(value: Any, default: float) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        return float(default)


def _int_or_none(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


# ---------------------------------------------------------------------------
# What a case needs


def is_closed(case: dict) -> bool:
    """办结日期 filled or 是否息诉息访 = 是."""
    return case.get("closed_on") is not None or case.get("settled") == YES


def required_papers(case: dict) -> list[DocKind]:
    """The signed papers the dossier must hold now: all that apply once closed, those whose event happened before."""
    closed = is_closed(case)
    needed = []
    for kind in CATALOG:
        if not kind.signed or not applies(kind, case):
            continue
        if closed or any(case.get(f) is not None for f in kind.events):
            needed.append(kind)
    return needed


def assess_case(folder: Path | None, case: dict | None, row: int | None = None) -> CaseDossier:
    """The state of one case's dossier; `case` (field → value) is None when no ledger was given."""
    case_id = case.get("case_id") if case else None
    closed = bool(case) and is_closed(case)
    result = CaseDossier(folder, case_id, case.get("petitioner") if case else None, row, closed,
                         unit=case.get("unit") if case else None, judged=case is not None)
    if folder is not None:
        result.files, result.problems = scan_folder(folder)
    folder_name = folder.name if folder else ""
    which = 0 if closed else 1  # the closed case's code (错误) or the open case's (警告)
    if case is not None:
        needed = required_papers(case)
    else:  # without a ledger: only the papers whose draft or scan is there
        needed = [k for k in CATALOG if k.signed and any(f.kind is k for f in result.files)]
    if folder is None and needed:
        result.problems.append(DOSSIER[MISSING_FOLDER[which]].finding(
            f"案件 {case_id} 没有卷宗文件夹（应有 {len(needed)} 份签字件）",
            f"请建立文件夹“{case_folder_name(case_id, result.petitioner)}”并放入签字件扫描件。"))
    for kind in needed:
        mine = [f for f in result.files if f.kind is kind]
        good_scans = [f for f in mine if f.role == "scan" and not f.problem]
        if good_scans:
            status = FILED
        elif any(f.role == "scan" for f in mine):
            status = DAMAGED
        elif any(f.role == "draft" and not f.problem for f in mine):
            status = UNSIGNED
        else:
            status = MISSING
        result.papers.append(PaperStatus(kind, status, [f.name for f in mine]))
        if status == FILED or folder is None:
            continue
        message, hint = {
            MISSING: (f"缺少{kind.name}（签字件）", f"请扫描{kind.signed_copy}，按“{_scan_name(kind)}”命名放入文件夹。"),
            UNSIGNED: (f"{kind.name}只有未签字的草稿，没有签字件",
                       f"请扫描{kind.signed_copy}，按“{_scan_name(kind)}”命名放入，或登记在卷内目录中。"),
            DAMAGED: (f"{kind.name}的签字件为空文件或无法打开", "请重新扫描或拍照后替换。"),
        }[status]
        if not closed:
            hint += "（本件尚未办结）"
        result.problems.append(DOSSIER[PAPER_CODES[status][which]].finding(message, hint, column=kind.name,
                                                                           file=folder_name))
    if closed and folder is not None:
        report = next((k for k in CATALOG if k.key in ("closing_report", "progress_report") and applies(k, case)),
                      None)
        has_report = any(f.kind is not None and f.kind.key in ("closing_report", "progress_report")
                         and not f.problem for f in result.files)
        if report is not None and not has_report:
            result.problems.append(DOSSIER[REPORT_MISSING].finding(
                f"已办结，但卷宗中没有{report.name}", f"请放入{report.name}（可用 xlkit docs 生成后盖章扫描）。",
                column=report.name, file=folder_name))
    result.problems = [replace(p, case_id=p.case_id or case_id) for p in result.problems]
    return result


def _scan_name(kind: DocKind) -> str:
    if kind.delivers:
        return f"{_RECEIPT}-{BY_KEY[kind.delivers].name}.pdf"
    return f"{kind.name}-签字.pdf"


# ---------------------------------------------------------------------------
# The whole dossier folder


@dataclass
class DossierReport:
    root: Path
    ledger_path: Path | None
    today: dt.date
    cases: list[CaseDossier]
    stray: list[Finding]

    @property
    def problems(self) -> list[Finding]:
        return [p for c in self.cases for p in c.problems] + self.stray

    @property
    def incomplete_closed(self) -> list[CaseDossier]:
        return [c for c in self.cases if c.closed and not c.complete]

    @property
    def exit_code(self) -> int:
        """1 when a closed case's dossier is incomplete, else 0 (DESIGN-style exit codes)."""
        return 1 if self.incomplete_closed else 0

    def summary(self) -> DossierSummary:
        """Cases by state and problems by severity, per 责任股室 and in total: what the 股室汇总 sheet and the
        console both print."""
        states = list(STATE_COLUMNS) if self.ledger_path else []  # without the ledger no case is judged
        columns = [("", "检查件数"), *(STATE_COLUMNS[s] for s in states), *(("问题", s.value) for s in Severity)]

        def counts(cases: list[CaseDossier], problems: list[Finding], with_cases: bool = True) -> list[int | None]:
            by_state = Counter(c.state for c in cases)
            by_severity = Counter(p.severity for p in problems)
            head = [len(cases), *(by_state[s] for s in states)] if with_cases else [None] * (1 + len(states))
            return [*head, *(by_severity[s] for s in Severity)]

        rows: list[tuple[str, list[int | None]]] = []
        if self.ledger_path:
            units = sorted({c.unit for c in self.cases}, key=lambda u: (u is None, u or ""))
            for unit in units:
                mine = [c for c in self.cases if c.unit == unit]
                rows.append((unit or NO_UNIT, counts(mine, [p for c in mine for p in c.problems])))
            if self.stray:
                rows.append((STRAY_FOLDERS, counts([], self.stray, with_cases=False)))
        rows.append(("合计", counts(self.cases, self.problems)))
        return DossierSummary(columns, rows)

    def to_dict(self) -> dict[str, Any]:
        return {
            "dir": str(self.root), "ledger": str(self.ledger_path) if self.ledger_path else None,
            "today": self.today.isoformat(), "cases": [c.to_dict() for c in self.cases],
            "incomplete_closed": [c.case_id for c in self.incomplete_closed],
            "problems": [p.to_dict() for p in self.problems],
        }


@dataclass
class DossierSummary:
    columns: list[tuple[str, str]]  # (group, label) of each count: 检查件数, the states, the severities
    rows: list[tuple[str, list[int | None]]]  # (责任股室, counts); the last row is 合计

    @property
    def total(self) -> list[int | None]:
        return self.rows[-1][1]


def case_folders(root: Path) -> list[Path]:
    return sorted((p for p in root.iterdir() if p.is_dir() and not p.name.startswith((".", "~$"))),
                  key=lambda p: p.name)


def match_folders(folders: list[Path], ledger: Ledger) -> tuple[dict[str, list[Path]], list[Path]]:
    """Folder → case by `<案件编号>-<信访人>` or `<案件编号>` (longest case number first); the rest are strays."""
    ids = sorted({str(c) for c in ledger.frame["case_id"].dropna()}, key=len, reverse=True)
    matched: dict[str, list[Path]] = {}
    stray: list[Path] = []
    for folder in folders:
        name = _fold(folder.name)
        case_id = next((c for c in ids for key in {_fold(c), _fold(case_folder_name(c, None))}
                        if name == key or name.startswith(key + "-")), None)
        if case_id is None:
            stray.append(folder)
        else:
            matched.setdefault(case_id, []).append(folder)
    return matched, stray


def check(root: Path, ledger: Ledger | None = None, today: dt.date | None = None,
          case_ids: tuple[str, ...] | list[str] = (), units: tuple[str, ...] | list[str] = ()) -> DossierReport:
    """Check every case folder under `root` (against the ledger's cases when given).

    `case_ids` / `units` narrow the ledger's cases that must have a dossier (a 股室 checking its own);
    a folder of a case outside them is still not a stray. A case number not in the ledger is a SelectionError.
    """
    root = Path(root)
    today = today or dt.date.today()
    folders = case_folders(root)
    cases: list[CaseDossier] = []
    stray: list[Finding] = []
    if ledger is None:
        for folder in folders:
            cases.append(assess_case(folder, None))
        return DossierReport(root, None, today, cases, stray)
    if case_ids:  # as the ledger spells them (the clerk may have typed full-width digits)
        case_ids = {ledger.frame.at[row, "case_id"] for rows in find_cases(ledger, case_ids).values() for row in rows}
    matched, strays = match_folders(folders, ledger)
    for folder in strays:
        stray.append(DOSSIER["D301"].finding(
            f"文件夹“{folder.name}”的案件编号在台账中找不到",
            f"请核对文件夹名是否为“案件编号-信访人”，或该件是否漏登{header('case_id')}。", file=folder.name))
    seen: set[str] = set()
    for row, case in ledger.records():
        case_id = case.get("case_id")
        if case_id is None or case_id in seen:
            continue
        seen.add(case_id)
        if (case_ids and case_id not in case_ids) or (units and case.get("unit") not in units):
            continue
        folders_of_case = matched.get(case_id, [])
        result = assess_case(folders_of_case[0] if folders_of_case else None, case, row)
        if folders_of_case:
            name, expected = _fold(folders_of_case[0].name), case_folder_name(case_id, case.get("petitioner"))
            if name not in (_fold(case_id), _fold(case_folder_name(case_id, None)), _fold(expected)):
                result.problems.append(DOSSIER["D302"].finding(
                    f"文件夹“{folders_of_case[0].name}”中的信访人与台账不一致（台账为“{expected}”）",
                    case_id=case_id, file=folders_of_case[0].name))
        for extra in folders_of_case[1:]:
            result.problems.append(DOSSIER["D303"].finding(
                f"案件 {case_id} 有多个卷宗文件夹：“{folders_of_case[0].name}”和“{extra.name}”，只检查了前者",
                case_id=case_id, file=extra.name))
        if folders_of_case or result.problems:
            cases.append(result)
    return DossierReport(root, ledger.path, today, cases, stray)


def print_setup(sheet) -> None:
    """A4 landscape, all columns on one page wide, the header row repeated: a report someone prints."""
    from xlkit.output.xlsx_style import fit_to_width

    fit_to_width(sheet)
    sheet.print_title_rows = "1:1"
    sheet.print_options.gridLines = True


# ---------------------------------------------------------------------------
# Packing one case folder into a PDF


class PackError(XlkitError):
    """The folder cannot be packed; the message is for the clerk."""


def pack_order(files: list[DossierFile]) -> list[DossierFile]:
    """What goes into the PDF and in which order.

    With a 卷内目录.xlsx: cover and index first, then the listed files by 序号. Without: catalog order
    (a signed scan replaces its draft), other evidence before the 备考表. Unusable files are left out.
    """
    usable = [f for f in files if f.role != "ignored" and not f.problem]
    scanned = {f.kind.key for f in usable if f.kind and f.role == "scan"}
    chosen = [f for f in usable if not (f.role == "draft" and f.kind and f.kind.key in scanned)]
    first = {"cover": 0, "index": 1}

    def catalog_key(f: DossierFile) -> tuple:
        if f.kind is None:
            number = BY_KEY["closing_note"].number - 0.5  # evidence before the 备考表
        else:
            number = f.kind.number
        return (number, f.role != "scan", f.name)

    if any(f.listed for f in chosen):
        head = sorted((f for f in chosen if f.kind and f.kind.key in first), key=lambda f: (first[f.kind.key],
                                                                                           f.name))
        listed = sorted((f for f in chosen if f.listed and f not in head), key=lambda f: (f.order, f.name))
        rest = sorted((f for f in chosen if f not in head and f not in listed), key=catalog_key)
        return head + listed + rest
    return sorted(chosen, key=catalog_key)


def pack(case_dir: Path, output: Path | None = None, force: bool = False,
         soffice: str | None = None) -> tuple[Path, list[tuple[DossierFile, int, int]]]:
    """Join a case folder into one PDF with archive page numbers; return (path, [(file, first, last page)]).

    pypdf (pure Python, BSD) merges the PDFs and stamps the page numbers; Pillow turns photos into A4 pages;
    LibreOffice converts the Word drafts that have no signed scan, all in one headless call.
    """
    from pypdf import PdfReader, PdfWriter

    case_dir = Path(case_dir)
    if not case_dir.is_dir():
        raise PackError(f"“{case_dir}”不是卷宗文件夹。请指定一个案件的文件夹（如 2019-001-张三）。")
    output = Path(output) if output else case_dir.parent / f"{case_dir.name}.pdf"
    check_writable(output, force)
    files, _ = scan_folder(case_dir)
    order = pack_order(files)
    if not order:
        raise PackError(f"“{case_dir.name}”中没有可打包的文件（PDF、图片或 Word 文书）。")
    with tempfile.TemporaryDirectory(prefix="xlkit-pack-") as temp_name:
        temp = Path(temp_name)
        converted = _convert_drafts([f.path for f in order if f.path.suffix.lower() in DRAFT_SUFFIXES], temp,
                                    soffice)
        sources: list[Path] = []
        for f in order:
            suffix = f.path.suffix.lower()
            if suffix == ".pdf":
                sources.append(f.path)
            elif suffix in IMAGE_SUFFIXES:
                sources.append(_image_pdf(f.path, temp))
            else:
                sources.append(converted[f.path])
        readers = [PdfReader(source) for source in sources]
        spans: list[tuple[DossierFile, int, int]] = []
        first = 1
        for f, reader in zip(order, readers, strict=True):
            spans.append((f, first, first + len(reader.pages) - 1))
            first += len(reader.pages)
        _fill_index_pages(order, readers, spans, temp, soffice)
        writer = PdfWriter()
        for reader in readers:
            for page in reader.pages:
                writer.add_page(page)
        for number, page in enumerate(writer.pages, start=1):
            _stamp(page, number)
        writer.add_metadata({"/Title": f"卷宗 {case_dir.name}", "/Producer": "xlkit"})

        def write(path: Path) -> None:
            with path.open("wb") as handle:
                writer.write(handle)

        atomic_write(output, write, force)
    return output, spans


PAGE_COLUMN, TITLE_COLUMN = "页号", "题名"


def _fill_index_pages(order, readers, spans, temp: Path, soffice: str | None) -> None:
    """Write each document's first page into the 页号 column of the 卷内目录 draft (`xlkit docs` leaves it blank).

    Only for a Word 卷内目录 whose table has 题名 and 页号 columns; the filled copy replaces the index pages
    when it converts to the same number of pages (so no other page number moves).
    """
    from pypdf import PdfReader

    position = next((i for i, f in enumerate(order) if f.kind is BY_KEY["index"]
                     and f.path.suffix.lower() == ".docx"), None)
    if position is None:
        return
    import docx

    document = docx.Document(order[position].path)
    pages_by_title: dict[str, str] = {}
    for f, first, _last in spans:
        if f.kind is not None and f.kind.key in ("cover", "index"):
            continue
        pages_by_title.setdefault(_fold(f.title), str(first))  # 页号: the document's first page (DA/T 22)
    filled = 0
    for table in document.tables:
        head = [_fold(c.text) for c in table.rows[0].cells]
        if PAGE_COLUMN not in head or TITLE_COLUMN not in head:
            continue
        page_at, title_at = head.index(PAGE_COLUMN), head.index(TITLE_COLUMN)
        for row in table.rows[1:]:
            cells = row.cells
            pages = pages_by_title.get(_fold(cells[title_at].text))
            if pages and not cells[page_at].text.strip():
                paragraph = cells[page_at].paragraphs[0]
                run = paragraph.runs[0] if paragraph.runs else paragraph.add_run()
                run.text = pages
                filled += 1
    if not filled:
        return
    copy = temp / "index-filled.docx"
    document.save(copy)
    pdf = _convert_drafts([copy], temp, soffice, tag="index")[copy]
    reader = PdfReader(pdf)
    if len(reader.pages) == len(readers[position].pages):
        readers[position] = reader


def _convert_drafts(paths: list[Path], outdir: Path, soffice: str | None, tag: str = "draft") -> dict[Path, Path]:
    """Convert Word drafts to PDF in one LibreOffice call, with a private profile."""
    if not paths:
        return {}
    # copies with ASCII names: the names of two drafts may differ only in a way LibreOffice folds
    staged = []
    for i, path in enumerate(paths):
        copy = outdir / f"{tag}{i:03d}{path.suffix.lower()}"
        shutil.copyfile(path, copy)
        staged.append(copy)
    try:
        convert_to_pdf(staged, outdir / tag, timeout=600, binary=soffice)
    except OfficeError as error:
        raise PackError(f"打包 Word 草稿时，{error}也可先把草稿另存为 PDF 放入卷宗文件夹。") from None
    result = {}
    for path, copy in zip(paths, staged, strict=True):
        pdf = outdir / tag / (copy.stem + ".pdf")
        if not pdf.exists():
            raise PackError(f"LibreOffice 未能转换“{path.name}”。请用 Word 打开确认文件完好。")
        result[path] = pdf
    return result


A4_POINTS = (595.28, 841.89)


def _image_pdf(path: Path, outdir: Path) -> Path:
    """A photo or scan as one A4 page, scaled to fit within 10 mm margins, turned upright by its EXIF."""
    from PIL import Image, ImageOps

    target = outdir / f"image-{abs(hash(path))}.pdf"
    with Image.open(path) as image:
        image = ImageOps.exif_transpose(image)
        if image.mode in ("RGBA", "LA", "P"):  # transparency onto white paper, not black
            image = image.convert("RGBA")
            paper = Image.new("RGB", image.size, "white")
            paper.paste(image, mask=image.getchannel("A"))
            image = paper
        elif image.mode not in ("RGB", "L"):
            image = image.convert("RGB")
        margin = 28.35  # 10 mm
        width, height = A4_POINTS
        if image.width > image.height:  # landscape photos go on a landscape page
            width, height = height, width
        scale = min((width - 2 * margin) / image.width, (height - 2 * margin) / image.height)
        page = Image.new(image.mode, (round(width / scale), round(height / scale)), "white" if image.mode == "RGB"
                         else 255)
        page.paste(image, ((page.width - image.width) // 2, (page.height - image.height) // 2))
        page.save(target, "PDF", resolution=72 / scale)
    return target


def _stamp(page, number: int) -> None:
    """Write the archive page number at the top right (档案页号 practice: recto pages, upper right corner)."""
    from pypdf import PageObject
    from pypdf.generic import DictionaryObject, NameObject, StreamObject

    box = page.mediabox
    rotation = (page.get("/Rotate") or 0) % 360
    width, height = float(box.width), float(box.height)
    x0, y0 = float(box.left), float(box.bottom)
    text = str(number).encode()
    # place in the visual upper right corner whatever the page's /Rotate
    if rotation == 0:
        matrix = f"1 0 0 1 {x0 + width - 40:.2f} {y0 + height - 30:.2f}"
    elif rotation == 90:  # shown turned clockwise: the visual top right is the page's top left
        matrix = f"0 1 -1 0 {x0 + 30:.2f} {y0 + height - 40:.2f}"
    elif rotation == 180:
        matrix = f"-1 0 0 -1 {x0 + 40:.2f} {y0 + 30:.2f}"
    else:  # 270: the visual top right is the page's bottom right
        matrix = f"0 -1 1 0 {x0 + width - 30:.2f} {y0 + 40:.2f}"
    overlay = PageObject.create_blank_page(width=width, height=height)
    overlay.mediabox = box
    font = DictionaryObject({NameObject("/Type"): NameObject("/Font"), NameObject("/Subtype"): NameObject("/Type1"),
                             NameObject("/BaseFont"): NameObject("/Helvetica")})
    overlay[NameObject("/Resources")] = DictionaryObject(
        {NameObject("/Font"): DictionaryObject({NameObject("/XlkitPageNo"): font})})
    stream = StreamObject()
    stream.set_data(b"BT /XlkitPageNo 12 Tf " + matrix.encode() + b" Tm (" + text + b") Tj ET")
    overlay[NameObject("/Contents")] = stream
    page.merge_page(overlay)
