"""The case documents: names, order in the dossier, when each is made, and which must come back signed.

One catalogue for `xlkit docs` (what to generate), `xlkit dossier` (what a folder must hold) and
`xlkit review` (which papers exist). DESIGN §6; plan §五(四).
"""

from __future__ import annotations

from dataclasses import dataclass

from xlkit.schema import NOT_HANDLED_DECISIONS, YES


@dataclass(frozen=True)
class DocKind:
    key: str  # English, used in code and in template file names
    name: str  # the Chinese title; also the file name: NN-<name>.docx
    number: int  # NN: the order in the case folder and the 卷内目录
    template: str  # file in doc_templates/
    essential: tuple[str, ...]  # fields without which the document is not produced
    signed: bool  # whether the dossier must hold a signed scan of it
    stage: str  # the ledger group this paper belongs to
    delivers: str | None = None  # for a 送达回证: the key of the document it proves delivery of

    @property
    def file_name(self) -> str:
        return f"{self.number:02d}-{self.name}.docx"


def _k(*args, **kwargs) -> DocKind:
    return DocKind(*args, **kwargs)


CATALOG: tuple[DocKind, ...] = (
    _k("cover", "卷宗封面", 0, "卷宗封面.docx", ("case_id", "petitioner"), False, "审核与归档"),
    _k("index", "卷内目录", 1, "卷内目录.docx", ("case_id", "petitioner"), False, "审核与归档"),
    _k("assignment", "交办单", 2, "交办单.docx", ("case_id", "petitioner", "assigned_on", "unit"), False, "交办"),
    _k("acceptance", "受理告知书", 3, "受理告知书.docx", ("case_id", "petitioner", "accepted_on"), True, "受理"),
    _k("acceptance_receipt", "送达回证（受理告知书）", 4, "送达回证.docx", ("case_id", "petitioner", "accepted_on"),
       True, "受理", delivers="acceptance"),
    _k("extension", "延期办理告知书", 5, "延期办理告知书.docx",
       ("case_id", "petitioner", "accepted_on", "extension_days"), True, "办理"),
    _k("extension_receipt", "送达回证（延期办理告知书）", 6, "送达回证.docx",
       ("case_id", "petitioner", "accepted_on", "extension_days"), True, "办理", delivers="extension"),
    _k("opinion", "信访事项处理意见书", 7, "信访事项处理意见书.docx", ("case_id", "petitioner", "opinion_on"), True,
       "办理"),
    _k("opinion_receipt", "送达回证（处理意见书）", 8, "送达回证.docx", ("case_id", "petitioner", "opinion_on"), True,
       "送达与评价", delivers="opinion"),
    _k("satisfaction", "满意度评价表", 9, "满意度评价表.docx", ("case_id", "petitioner", "opinion_on"), True,
       "送达与评价"),
    _k("settlement", "息诉息访书", 10, "息诉息访书.docx", ("case_id", "petitioner", "opinion_served_on"), True,
       "息访与结案"),
    _k("closing_report", "结案报告", 11, "结案报告.docx", ("case_id", "petitioner", "opinion_on"), False, "息访与结案"),
    _k("progress_report", "办理情况报告", 11, "办理情况报告.docx", ("case_id", "petitioner", "opinion_on"), False,
       "息访与结案"),
    _k("closing_note", "备考表", 12, "备考表.docx", ("case_id", "petitioner"), False, "审核与归档"),
)

BY_KEY: dict[str, DocKind] = {k.key: k for k in CATALOG}
BY_NAME: dict[str, DocKind] = {k.name: k for k in CATALOG}


def applies(kind: DocKind, case: dict) -> bool:
    """Whether a case's stage calls for this document at all (DESIGN §6 'made when').

    `case` maps field names to values (None when empty). Missing essential fields are a separate
    question (`missing_fields`): a document that applies but lacks them is reported, not made.
    """
    if kind.key in ("cover", "index", "closing_note"):
        return True
    if kind.key == "assignment":
        return case.get("assigned_on") is not None or case.get("unit") is not None
    if kind.key in ("acceptance", "acceptance_receipt"):
        return case.get("accepted_on") is not None and not not_handled(case)
    if kind.key in ("extension", "extension_receipt"):
        return case.get("extended") == YES and not not_handled(case)
    if kind.key in ("opinion", "opinion_receipt", "satisfaction"):
        return case.get("opinion_on") is not None
    if kind.key == "settlement":
        return case.get("settled") == YES
    if kind.key == "closing_report":
        return case.get("settled") == YES
    if kind.key == "progress_report":
        return case.get("settled") != YES and case.get("opinion_on") is not None
    raise KeyError(kind.key)


def not_handled(case: dict) -> bool:
    """受理结论 不予受理 or 转送其他机关: no acceptance notice, no handling deadlines (DESIGN §4)."""
    return case.get("acceptance_decision") in NOT_HANDLED_DECISIONS


def missing_fields(kind: DocKind, case: dict) -> list[str]:
    """The essential fields (English names) that are empty."""
    return [f for f in kind.essential if case.get(f) in (None, "")]


def case_folder_name(case_id: str, petitioner: str | None) -> str:
    """`<案件编号>-<信访人>`, with characters Windows forbids in file names replaced."""
    raw = f"{case_id}-{petitioner}" if petitioner else str(case_id)
    return "".join("_" if ch in '<>:"/\\|?*' or ord(ch) < 32 else ch for ch in raw).strip(" .")
