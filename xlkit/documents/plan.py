"""What each selected case gets: the kinds and cases a run names, and per (case, kind) made or skipped and why."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from xlkit.deadlines.calendar import UNCOVERED
from xlkit.documents.catalog import CATALOG, DocKind, applies, case_folder_name, missing_fields, stage_reason
from xlkit.findings import Finding
from xlkit.read.ledger import Ledger
from xlkit.read.select import SelectionError, find_cases
from xlkit.schema import header

MADE, SKIPPED, FAILED = "生成", "跳过", "失败"


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


#: the checks (`xlkit.check.rules` codes) whose finding about a case means a document would state something
#: unlawful, so it is not made; in the order the reason is given (the approver before the late notice: an
#: extension without its approver never counts, so its notice looks late too)
CONTRADICTIONS: dict[str, tuple[str, ...]] = {
    "extension": ("C305", "C314", "C306"),
    "extension_receipt": ("C305", "C314", "C306"),
}
CONTRADICTION_CODES = frozenset(code for codes in CONTRADICTIONS.values() for code in codes)


def _handed_back(kind: DocKind, case: Case) -> str | None:
    """2022 art. 23(3): a matter sent to the office and not within its powers goes back to the body that sent it —
    no 转送告知书, whoever the petitioner (the stage table's objection row comes before its unclear-petitioner rows)."""
    notice = case.deadlines.get("notice_rule")
    if kind.key in ("referral", "referral_receipt") and notice is not None and notice.done == "accepted_on":
        return (f"该件适用{notice.article}：上级转送、交办的事项不属本机关职权范围的，向转送、交办机关提出异议、"
                "经核实同意后交还材料，不由本机关转送，不出转送告知书")
    if kind.key in ("refusal", "refusal_receipt", "referral", "referral_receipt"):
        # 不予受理 as not within the office's powers, of a matter sent to it from 2022-05-01: the same objection
        from xlkit.deadlines.stages import case_notice

        what = case_notice(case.values)
        if what is not None and what.objection:
            return (f"该件适用{what.citation}：上级转送、交办的事项不属本机关职权范围的，向转送、交办机关提出异议、"
                    f"经核实同意后交还材料，不向信访人出具{kind.name}（受理结论宜填“转送其他机关”）")
    return None


def _contradiction(kind: DocKind, case: Case) -> str | None:
    """Why a document would state something unlawful, as the checks found it in the case (it is then not made)."""
    rule = case.deadlines.get("opinion_rule")
    if kind.key in CONTRADICTIONS and rule is not None and rule.days is None:
        # 2022 arts. 29, 30, 34: only 申诉求决类 matters have the 60-day period an extension would extend
        return f"该件适用{rule.article}，条例未规定办理期限，无需延期：请核对信访类型和是否延期"
    found = {f.code for f in case.findings}
    code = next((c for c in CONTRADICTIONS.get(kind.key, ()) if c in found), None)
    if code == "C305":
        from xlkit.deadlines.engine import MAX_EXTENSION_DAYS

        return f"延期天数为 {case.values.get('extension_days')} 日，超过法定最长 {MAX_EXTENSION_DAYS} 日：请先改正台账"
    if code == "C314":
        from xlkit.deadlines.law import handling_article

        article = "".join(handling_article(case.values.get("accepted_on")))
        return f"延期须经本机关负责人批准（{article}），延期批准人为空：请先在台账填写批准人"
    if code == "C306":
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
    for found in find_cases(ledger, case_ids).values():
        chosen.update(found)
    index = {int(r) for r in frame.index}
    if rows:
        present = [r for r in rows if r in index]
        if not present:
            shown = f"{min(rows)}-{max(rows)}" if len(rows) > 1 else str(rows[0])
            raise SelectionError(
                f"台账“{ledger.path.name}”的第 {shown} 行没有案件（表头在第 {ledger.header_row} 行）。请按 Excel 左侧的行号选择。")
        chosen.update(present)
    return sorted(chosen)


def parse_rows(text: str, limit: int = 1_048_576) -> list[int]:
    """`5-9`, `5,7,10-12` → row numbers (each at most `limit`); a ValueError with a Chinese message otherwise."""
    rows: list[int] = []
    for piece in re.split(r"[,，、\s]+", text.strip()):
        if not piece:
            continue
        match = re.fullmatch(r"(\d+)\s*[-－~～至]\s*(\d+)|(\d+)", piece)
        if not match:
            raise ValueError(f"行号“{piece}”看不懂，请写成 5-9 或 5,7,10-12。")
        numbers = [int(n) for n in match.groups() if n is not None]
        if max(numbers) > limit:
            raise ValueError(f"行号“{piece}”超过了工作表的最后一行（{limit}），请核对。")
        if match.group(3):
            rows.append(int(match.group(3)))
        else:
            low, high = sorted((int(match.group(1)), int(match.group(2))))
            rows.extend(range(low, high + 1))
    if not rows:
        raise ValueError("没有给出行号，请写成 5-9 或 5,7,10-12。")
    return rows


@dataclass
class Case:
    """One selected case: its sheet row, its values (field → value), the dates `deadlines` computed and
    the checks' findings about it that stop a document (`CONTRADICTIONS`)."""

    row: int
    values: dict[str, Any]
    deadlines: dict[str, Any]
    findings: list[Finding] = field(default_factory=list)


def stage_row(stage: str, index: int):
    """A stage-table row of a case by its index in `periods(stage)`, None for -1."""
    from xlkit.deadlines.stages import periods

    return periods(stage)[index] if index >= 0 else None


def opinion_row(index: int):
    """The stage table's 处理意见 row of a case (`compute()`'s opinion_period), None for a case without one."""
    from xlkit.deadlines.stages import periods

    return periods("opinion")[index] if index >= 0 else None


def load_cases(ledger: Ledger, rows: Sequence[int], today: dt.date) -> list[Case]:
    import pandas as pd

    from xlkit.check.rules import run_rules
    from xlkit.deadlines.engine import compute

    due = compute(ledger, today) if len(ledger.frame) and rows else None
    found: dict[int | None, list[Finding]] = {}
    if due is not None:
        for finding in run_rules(ledger, today, codes=CONTRADICTION_CODES):
            found.setdefault(finding.row, []).append(finding)
    records = dict(ledger.records(rows))  # the chosen cases only (a click makes 10 cases' documents of 5,000)
    result = []
    for row in rows:
        deadline = {}
        if due is not None:
            line = due.loc[row]
            for key in ("notice_due", "opinion_due", "opinion_original_due", "opinion_extended_due"):
                value = line[key]
                deadline[key] = None if pd.isna(value) else value.date()
            year = line["uncovered_year"]
            deadline["uncovered_year"] = None if pd.isna(year) else int(year)
            # the stage-table row of the handling period: what the documents cite and promise for it
            deadline["opinion_rule"] = opinion_row(int(line["opinion_period"]))
            deadline["notice_rule"] = stage_row("notice", int(line["notice_basis"]))
        result.append(Case(row, records[row], deadline, found.get(row, [])))
    return result


def plan(ledger: Ledger, rows: Iterable[int] | None = None, kinds: Iterable[str | DocKind] | None = None,
         out_dir: Path | None = None, force: bool = False, today: dt.date | None = None) -> list[Planned]:
    """What the run will make and what it skips and why, one entry per (case, kind), in sheet order."""
    today = today or dt.date.today()
    rows = list(rows) if rows is not None else [int(r) for r in ledger.frame.index]
    chosen = resolve_kinds(kinds)
    return [p for _, entries in plan_cases(ledger, load_cases(ledger, rows, today), chosen, out_dir, force)
            for p in entries]


def plan_cases(ledger: Ledger, cases: Sequence[Case], kinds: Sequence[DocKind], out_dir: Path | None,
               force: bool) -> list[tuple[Case, list[Planned]]]:
    """Each case with its entries, one per kind: made, or skipped and why."""
    from xlkit.output.names import UniqueNames

    seen_cases: dict[tuple[str, str | None], int] = {}
    folders = UniqueNames()  # `2018/009` and `2018:009` are two cases, so two folders
    result = []
    for case in cases:
        values = case.values
        case_id = values.get("case_id")
        petitioner = values.get("petitioner")
        key = (str(case_id).casefold(), petitioner)
        duplicate_of = seen_cases.get(key) if case_id else None
        folder = None
        if case_id and duplicate_of is None:
            seen_cases[key] = case.row
            folder = folders.claim(case_folder_name(str(case_id), petitioner), key)
        entries = []
        for kind in kinds:
            entry = Planned(case.row, case_id, petitioner, kind, MADE)
            if handed_back := _handed_back(kind, case):
                entry.status, entry.reason, entry.cause = SKIPPED, handed_back, "invalid"
            elif not applies(kind, values):
                entry.status, entry.reason, entry.cause = SKIPPED, stage_reason(kind, values), "stage"
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
                if kind.states_due and case.deadlines.get("uncovered_year"):
                    year = case.deadlines["uncovered_year"]
                    entry.note = f"期限所在的 {year} 年尚无节假日安排数据，文书中的期限{UNCOVERED}，请核对"
            entries.append(entry)
        result.append((case, entries))
    return result
