"""The 审核表 (review worksheet) per finished case, the 整改意见书, and 整改 tracking (plan §四(三)).

The plan makes the 领导小组办公室 review every finished case "from substance and procedure" on seven
points. For each, xlkit writes down what the ledger (and, when given, the dossier folder) establishes and
marks it 自动核对通过 / 需人工核对 / 不符合. It never decides the case: the reviewer's opinion, the
conclusion, the signature and the date stay blank on the form. Points that are a matter of judgement
(回应是否全面, 认定是否准确, 依据是否充分) are never marked 自动核对通过, nor is 文书格式 (a file's presence
says nothing of its layout, number and seal: the best it gets is 需人工核对, and 不符合 only when a
document's own number is wrong). Missing or unsigned papers are a 卷宗 matter: they go in the 审核汇总's
卷宗签字件 column and its 核对结论, never into 文书格式.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

import pandas as pd

from xlkit.check.rules import run_rules
from xlkit.deadlines import engine as deadlines
from xlkit.deadlines.engine import DUE_SOON, LATE, OPEN, OVERDUE, UNJUDGED, fmt
from xlkit.documents.catalog import case_folder_name, not_handled, reviewing_body
from xlkit.dossier.papers import (
    DAMAGED,
    FILED,
    MISSING,
    MISSING_FOLDER,
    PAPER_CODES,
    REPORT_MISSING,
    UNSIGNED,
    CaseDossier,
    assess_case,
    case_folders,
    match_folders,
    print_setup,
)
from xlkit.errors import XlkitError
from xlkit.findings import Finding
from xlkit.output.files import (
    add_text,
    atomic_write,
    check_writable,
    mark_report,
    put,
    save_workbook,
    xml_safe,
)
from xlkit.output.gbt9704 import (
    BODY_FONT,
    BODY_SIZE,
    TITLE_FONT,
    TITLE_SIZE,
    keep_row_whole,
    official_document,
    place_signature,
    set_fonts,
)
from xlkit.output.layout import text_width
from xlkit.read.ledger import Ledger
from xlkit.read.select import find_cases
from xlkit.review.rectifications import (
    APPROVED,
    DAYS_OPEN_KEY,
    RECTIFY,
    SINCE_KEY,
    open_rectifications,
)
from xlkit.schema import NOT_HANDLED_DECISIONS, SATISFIED, YES, header

PASS, MANUAL, FAIL = "自动核对通过", "需人工核对", "不符合"
MARKS = (PASS, MANUAL, FAIL)

#: the plan's seven points, in its order (§四(三))
POINTS = (
    "办理程序是否正确",
    "文书格式是否规范",
    "送达是否及时",
    "信访人诉求回应是否全面",
    "诉求合理性是否认定准确",
    "法律法规政策依据是否充分",
    "处理意见是否明确并落实到位",
)

SUMMARY_FILE = "审核汇总.xlsx"
#: the 审核汇总's 卷宗 column and 核对结论 (the signed papers are a 卷宗 matter, not a review point)
DOSSIER_COLUMN, VERDICT_COLUMN, DISAGREEMENT_COLUMN = "卷宗签字件", "核对结论", "复核提示"
DOSSIER_COMPLETE, DOSSIER_NO_FOLDER, DOSSIER_UNCHECKED = "齐全", "无卷宗文件夹", "未核对"
DOSSIER_INCOMPLETE = "卷宗不齐全"

_REF_FORMAT = re.compile(r"^\S+〔\d{4}〕\d+号$")
#: plan §五(二): 合理 → 解决到位, 无理 → 思想教育, 生活困难 → 帮扶救助, 违法 → 依法处理
_EXPECTED_MEASURES = {"合理": ("解决到位",), "不合理": ("思想教育", "依法处理", "帮扶救助")}


class ReviewError(XlkitError):
    """A review request that cannot be carried out; the message is for the clerk."""


@dataclass
class ReviewPoint:
    title: str
    facts: list[str]
    mark: str
    problems: list[str] = field(default_factory=list)  # why 不符合, one line each
    notes: list[str] = field(default_factory=list)  # what the reviewer must check by hand


@dataclass
class CaseReview:
    row: int
    case: dict[str, Any]
    points: list[ReviewPoint]
    dossier: CaseDossier | None = None

    @property
    def case_id(self) -> str:
        return self.case["case_id"]

    @property
    def failed(self) -> list[ReviewPoint]:
        return [p for p in self.points if p.mark == FAIL]

    @property
    def needs_rectification(self) -> bool:
        return self.case.get("review_conclusion") == RECTIFY

    @property
    def dossier_gaps(self) -> list[str]:
        """What the dossier lacks (empty when it is complete or was not looked at)."""
        return dossier_gaps(self.dossier)

    @property
    def dossier_state(self) -> str:
        """The 卷宗 column of the 审核汇总: 齐全, 缺 N 份, 无卷宗文件夹, or 未核对 without --dossier."""
        if self.dossier is None:
            return DOSSIER_UNCHECKED
        if self.dossier.folder is None:
            return DOSSIER_NO_FOLDER
        gaps = self.dossier_gaps
        return f"缺 {len(gaps)} 份" if gaps else DOSSIER_COMPLETE

    @property
    def verdict(self) -> str:
        """What the checks conclude, in agreement with the marks and the 卷宗 column (the reviewer decides)."""
        if self.failed:
            return f"不符合 {len(self.failed)} 项"
        if self.dossier_gaps:
            return DOSSIER_INCOMPLETE
        return MANUAL if any(p.mark == MANUAL for p in self.points) else PASS

    @property
    def disagreement(self) -> str | None:
        """The reviewer's 审核结论 is 通过 while a point is 不符合: said, so it is looked at again (a 卷宗
        gap is not: papers are often scanned after the review, and the 卷宗签字件 column already says it)."""
        if self.case.get("review_conclusion") != APPROVED or not self.failed:
            return None
        return f"审核结论为“{APPROVED}”，但有 {len(self.failed)} 项不符合，请复核"

    @property
    def folder_name(self) -> str:
        return case_folder_name(self.case_id, self.case.get("petitioner"))


def is_finished(case: dict) -> bool:
    """处理意见 issued or 办结, or a 不予受理/转送 decision taken or notified: the cases the plan has reviewed."""
    if not_handled(case) and (case.get("accepted_on") or case.get("acceptance_served_on")):
        return True
    return case.get("opinion_on") is not None or case.get("closed_on") is not None


def select_cases(ledger: Ledger, case_ids: tuple[str, ...] | list[str] = ()) -> list[tuple[int, dict]]:
    """The named cases (finished or not), else every finished case; a name not in the ledger is a SelectionError.

    Like `xlkit docs --case`: naming a case asks for that case only, not for it on top of all the others.
    """
    return _choose(ledger, case_ids)[0]


def skipped_cases(ledger: Ledger, case_ids: tuple[str, ...] | list[str] = ()) -> list[tuple[int, str]]:
    """(row, why) for each row the review would have taken but did not: no 案件编号, or one already reviewed."""
    return _choose(ledger, case_ids)[1]


def _choose(ledger: Ledger, case_ids) -> tuple[list[tuple[int, dict]], list[tuple[int, str]]]:
    wanted = {row for rows in find_cases(ledger, case_ids).values() for row in rows}
    chosen, skipped, seen = [], [], {}
    for row, case in ledger.records():
        if not ((row in wanted) if case_ids else is_finished(case)):
            continue
        case_id = case.get("case_id")
        if case_id is None:
            skipped.append((row, "没有案件编号，未审核（请补填案件编号）"))
        elif case_id.casefold() in seen:
            skipped.append((row, f"案件编号“{case_id}”与第 {seen[case_id.casefold()]} 行重复，只审核了第 "
                                 f"{seen[case_id.casefold()]} 行（请更正编号）"))
        else:
            seen[case_id.casefold()] = row
            chosen.append((row, case))
    return chosen, skipped


def review(ledger: Ledger, today: dt.date, case_ids: tuple[str, ...] | list[str] = (),
           dossier_dir: Path | None = None) -> list[CaseReview]:
    """The seven points for each selected case (finished ones by default)."""
    chosen = select_cases(ledger, case_ids)
    timing = deadlines.compute(ledger, today)
    folders: dict[str, list[Path]] = {}
    if dossier_dir is not None:
        dossier_dir = Path(dossier_dir)
        if not dossier_dir.is_dir():
            raise ReviewError(f"卷宗文件夹“{dossier_dir}”不存在。请检查 --dossier 的路径。")
        folders, _ = match_folders(case_folders(dossier_dir), ledger)
    findings: dict[int, list[Finding]] = {}
    for finding in run_rules(ledger, today):  # the checks' verdicts; the review adds the judgement
        if finding.row is not None:
            findings.setdefault(finding.row, []).append(finding)
    reviews = []
    for row, case in chosen:
        dossier = None
        if dossier_dir is not None:
            found = folders.get(case["case_id"], [])
            dossier = assess_case(found[0] if found else None, case, row)
        if not_handled(case):
            points = assess_decision(ledger, case, timing.loc[row], dossier, dossier_dir is not None,
                                     findings.get(row, []))
        else:
            points = assess(ledger, case, timing.loc[row], dossier, dossier_dir is not None,
                            findings.get(row, []))
        reviews.append(CaseReview(row, case, points, dossier))
    return reviews


# ---------------------------------------------------------------------------
# The seven points


#: Which checks' findings about the case make each point 不符合 (`xlkit.check.rules` codes; a C101/C102
#: finding counts for the point whose fields it names). What no rule checks stays in `assess`: the
#: review's own requirements of a finished case (交办/受理 dates, 依据, 息诉息访, 文号 format)
#: and the judgement notes.
POINT_RULES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    POINTS[0]: (("C160", "C303", "C305", "C306", "C314", "C101", "C102"),
                ("registered_on", "registrar", "assigned_on", "assigner", "unit", "accepted_on", "opinion_on",
                 "opinion_served_on", "extended", "extension_days", "extension_notice_on", "extension_reason")),
    POINTS[1]: (("C102",), ("acceptance_ref", "opinion_ref")),
    POINTS[2]: (("C401", "C402", "C411", "C412", "C307", "C102"), ("receipt_signed",)),
    POINTS[3]: (("C101", "C102"), ("demand", "result")),
    POINTS[4]: (("C102",), ("demand_finding",)),
    POINTS[5]: ((), ()),
    POINTS[6]: (("C302", "C308", "C102"), ("measure",)),
}
_DATE_RULES = {"C160"}  # findings whose column any date of the procedure may be
_STAGE_OF_CODE = {"C401": deadlines.NOTICE, "C411": deadlines.NOTICE, "C402": deadlines.OPINION,
                  "C412": deadlines.OPINION}


def _point_findings(title: str, findings: list[Finding], table=POINT_RULES) -> list[Finding]:
    codes, fields = table.get(title, ((), ()))
    columns = {header(f) for f in fields}
    return [f for f in findings if f.code in codes
            and (f.code not in ("C101", "C102") or f.column in columns)
            and (f.code not in _DATE_RULES or f.column in columns)]


def assess(ledger: Ledger, case: dict, timing: pd.Series, dossier: CaseDossier | None,
           dossier_given: bool, findings: list[Finding] = ()) -> list[ReviewPoint]:
    """The seven review points of one case, from the checks' findings about it (`POINT_RULES`), its ledger
    row, its deadlines and its dossier."""

    value = case.get
    shown = partial(_shown, ledger, case)

    def empty(*names: str) -> tuple[list[str], list[str]]:
        """(headers of empty cells, headers of columns the ledger lacks)."""
        blank = [header(n) for n in names if ledger.has(n) and value(n) in (None, "")]
        absent = [header(n) for n in names if not ledger.has(n)]
        return blank, absent

    def ruled(title: str) -> list[str]:
        """The point's problems as the checks found them, in the review's words."""
        return [_problem_text(f, case, timing) for f in _point_findings(title, list(findings))
                if not _unsigned_but_witnessed(f, case)]

    def point(title: str, facts: list[str], problems: list[str], manual: list[str], judgement: bool = False):
        problems = list(dict.fromkeys(ruled(title) + problems))  # a problem said once
        mark = FAIL if problems else (MANUAL if manual or judgement else PASS)
        return ReviewPoint(title, facts, mark, problems, manual + (["需审核人判断"] if judgement and not manual
                                                                   else []))

    points = []

    # 1 办理程序是否正确
    facts = [f"登记：{shown('registered_on')}，登记人 {shown('registrar')}",
             f"交办：{shown('assigned_on')} 交{shown('unit')}，交办人 {shown('assigner')}，承办人 {shown('handler')}",
             f"受理：{shown('accepted_on')}" + (f"（{value('acceptance_decision')}）"
                                              if value('acceptance_decision') else "")]
    # 交办日期 and 受理日期: a finished case must have them, which no check requires (C102 asks for them
    # only once a later stage's date is filled)
    blank, _ = empty("assigned_on", "accepted_on")
    _, absent = empty("registered_on", "registrar", "assigned_on", "assigner", "unit", "accepted_on")
    problems = [f"未填{h}" for h in blank]
    manual = [f"台账没有“{h}”列，需查看卷宗" for h in absent]
    if value("extended") == YES:
        days = value("extension_days")
        facts.append(f"延期：{days if days is not None else '（未填）'} 日，告知 {shown('extension_notice_on')}，"
                     f"批准人 {shown('extension_approver')}，理由 {shown('extension_reason')}")
    points.append(point(POINTS[0], facts, problems, manual))

    # 2 文书格式是否规范
    facts, problems, manual = [], [], []
    for ref_field in ("acceptance_ref", "opinion_ref"):
        ref = value(ref_field)
        facts.append(f"{header(ref_field)}：{shown(ref_field)}")
        if wrong := _ref_problem(ref_field, ref, "开城治信处〔2019〕3号"):
            problems.append(wrong)
    if dossier is not None:
        # a paper missing from the dossier is a 卷宗 matter (`dossier_gaps`, its own column in the
        # 审核汇总), not a fault of the documents' format: that is judged on the papers that are there
        filed = [p.kind.name for p in dossier.papers if p.status == FILED]
        facts.append("卷宗签字件：" + ("、".join(filed) if filed else "无"))
    manual += _format_notes(dossier, dossier_given)
    points.append(point(POINTS[1], facts, problems, manual))

    # 3 送达是否及时
    facts, problems, manual = [], [], []
    for key, stage, done_field in (("notice", deadlines.NOTICE, "acceptance_served_on"),
                                   ("opinion", deadlines.OPINION, "opinion_on")):
        due, state = timing[f"{key}_due"], timing[f"{key}_state"]
        if pd.isna(due):
            facts.append(f"{stage}：无期限（缺起算日期或未受理）")
            continue
        facts.append(f"{stage}：期限 {fmt(due.date())}，实际 {shown(done_field)}（{state}）")
        if state in (OPEN, DUE_SOON):
            manual.append(f"{stage}尚未完成")
        elif state == UNJUDGED:
            manual.append(f"{stage}是否按期无法判断（台账里有单元格无法读取），需人工核对")
    facts.append(f"处理意见送达：{shown('opinion_served_on')}，{shown('service_method')}，回证签字 {shown('receipt_signed')}")
    if value("opinion_on") and not value("opinion_served_on") and ledger.has("opinion_served_on"):
        problems.append("处理意见已出具，未填送达日期")
    if value("opinion_served_on") and value("receipt_signed") != YES and _witnessed(case):
        manual.append(f"{value('service_method')}，无信访人签字，需核对留置见证或邮寄凭证")
    points.append(point(POINTS[2], facts, problems, manual))

    # 4 信访人诉求回应是否全面
    facts = [f"诉求内容：{shown('demand')}", f"处理结果：{shown('result')}"]
    _, absent = empty("demand", "result")
    points.append(point(POINTS[3], facts, [],
                        [f"台账没有“{h}”列" for h in absent] + ["处理结果是否逐项回应诉求，需审核人对照判断"],
                        judgement=True))

    # 5 诉求合理性是否认定准确
    facts = [f"诉求认定：{shown('demand_finding')}；化解措施：{shown('measure')}"]
    _, absent = empty("demand_finding")
    manual = [f"台账没有“{h}”列" for h in absent]
    finding, measure = value("demand_finding"), value("measure")
    expected = _EXPECTED_MEASURES.get(finding)
    if expected and measure and measure not in expected:
        manual.append(f"诉求认定为“{finding}”而化解措施为“{measure}”，按方案五(二)应为“{'/'.join(expected)}”，请核实")
    manual.append("认定是否准确需对照调查核实情况判断")
    points.append(point(POINTS[4], facts, [], manual, judgement=True))

    # 6 法律法规政策依据是否充分
    facts = [f"法规政策依据：{shown('legal_basis')}", f"调查核实情况：{shown('investigation')}"]
    blank, absent = empty("legal_basis", "investigation")
    points.append(point(POINTS[5], facts, [f"未填{h}" for h in blank],
                        [f"台账没有“{h}”列，需查看处理意见书" for h in absent] + ["依据是否充分、引用是否准确需审核人判断"],
                        judgement=True))

    # 7 处理意见是否明确并落实到位
    facts = [f"处理意见书：{shown('opinion_ref')}，{shown('opinion_on')} 出具；化解措施 {shown('measure')}",
             f"息诉息访：{shown('settled')}" + (f"（{shown('settled_on')}）" if value("settled_on") else "")
             + f"，反弹 {shown('rebounded')}，满意度 {shown('satisfaction')}"]
    problems, manual = [], []
    if not value("opinion_on"):
        problems.append("未出具处理意见")
    blank, _ = empty("settled")
    _, absent = empty("measure", "settled")
    problems += [f"未填{h}" for h in blank]
    manual += [f"台账没有“{h}”列" for h in absent]
    if not pd.isna(timing["analysis_due"]):
        facts.append(f"未息访原因分析及下步措施：自 {fmt(timing['analysis_due'].date())} 起需要"
                     f"（{timing['analysis_state'] or '未到'}；方案未规定完成时限）")
    if value("rebounded") == YES:
        manual.append("息访后反弹，需核实下步措施落实情况")
    elif value("settled") != YES and value("opinion_on"):
        manual.append("尚未息诉息访，需核实处理意见落实情况")
    if value("satisfaction") and value("satisfaction") not in SATISFIED:
        manual.append(f"满意度评价为“{value('satisfaction')}”，需核实原因")
    points.append(point(POINTS[6], facts, problems, manual))
    return points


def dossier_gaps(dossier: CaseDossier | None) -> list[str]:
    """What the case's dossier lacks, one line per finding of `xlkit.dossier` that makes it incomplete: a 卷宗
    matter, kept apart from the seven points."""
    return [_gap_text(f) for f in dossier.gaps] if dossier is not None else []


#: a dossier finding in the review's words, by code ({} is the paper the finding names)
_GAP_WORDS = {
    **dict.fromkeys(MISSING_FOLDER, "卷宗文件夹中没有本件的文件夹"),
    **dict.fromkeys((*PAPER_CODES[MISSING], REPORT_MISSING), "卷宗缺{}"),
    **dict.fromkeys(PAPER_CODES[UNSIGNED], "{}只有未签字草稿"),
    **dict.fromkeys(PAPER_CODES[DAMAGED], "{}文件为空或无法打开"),
}


def _gap_text(finding: Finding) -> str:
    words = _GAP_WORDS.get(finding.code)
    return words.format(finding.column) if words else finding.message.rstrip("。")


def _shown(ledger: Ledger, case: dict, name: str) -> str:
    """A ledger value as the 审核表 states it: （空） when empty, （台账无此列） when the ledger has no such column."""
    v = case.get(name)
    if v is None or v == "":
        return "（空）" if ledger.has(name) else "（台账无此列）"
    return fmt(v) if isinstance(v, dt.date) else str(v)


def _ref_problem(field_name: str, ref: Any, example: str) -> str | None:
    """A document number not written as 代字〔年份〕序号号."""
    if ref and not _REF_FORMAT.match(str(ref).strip()):
        return f"{header(field_name)}“{ref}”格式不规范，应如“{example}”（年份用六角括号〔〕）"
    return None


def _format_notes(dossier: CaseDossier | None, dossier_given: bool) -> list[str]:
    """What the reviewer checks by hand of the documents' format: the signed papers, or the dossier itself."""
    if dossier is not None:
        notes = ["签字件的版式、文号、印章需对照原件查看"]
        if dossier_gaps(dossier):
            notes.append("卷宗签字件不齐全，补齐后再核对其版式（见“卷宗签字件”）")
        return notes
    if not dossier_given:
        # printed on the 审核表 a reviewer signs: no option names (a clerk who clicked a button never typed one)
        return ["本次审核未核对卷宗文件夹，文书是否齐全、格式是否规范需查看卷宗"]
    return []


def _witnessed(case: dict) -> bool:
    """留置 or 邮寄 service: no signature is expected, the reviewer checks the witness or the postal proof."""
    return case.get("service_method") in ("留置送达", "邮寄送达")


def _unsigned_but_witnessed(finding: Finding, case: dict) -> bool:
    return finding.column == header("receipt_signed") and _witnessed(case)


def _problem_text(finding: Finding, case: dict, timing: pd.Series) -> str:
    """A check's finding in the review's words (the 审核表 states what is wrong, not how to fix the ledger)."""
    code = finding.code
    if code == "C307" or finding.column == header("receipt_signed"):
        return "送达回证没有信访人签字（目标：书面送达签字 100%）"
    if code in ("C101", "C102"):
        return f"未填{finding.column}"
    if code == "C303":
        missing = "、".join(header(f) for f in ("extension_days", "extension_notice_on", "extension_reason")
                           if case.get(f) in (None, ""))
        return f"是否延期为“是”，但未填{missing}，延期不成立"
    if code == "C305":
        return f"延期 {case.get('extension_days')} 日，超过最多 {deadlines.MAX_EXTENSION_DAYS} 日"
    if code == "C314":
        return "延期未填延期批准人（须经本机关负责人批准），延期不成立"
    if code == "C306":
        return (f"延期告知日期（{fmt(case.get('extension_notice_on'))}）晚于原办理期限 "
                f"{fmt(timing['opinion_original_due'].date())}，延期不成立")
    if code in _STAGE_OF_CODE:
        stage = _STAGE_OF_CODE[code]
        key = deadlines.STAGE_KEYS[stage]
        return f"{stage}{timing[f'{key}_state']}（期限 {fmt(timing[f'{key}_due'].date())}）"
    if code == "C308":
        return "受理 60 日未息访（或反弹），未分析原因、制定下步措施（方案未规定完成时限）"
    return finding.message.rstrip("。")


#: the points of a 不予受理 / 转送 case: no handling, so the plan's seven points shrink to the decision's own
DECISION_POINTS = (
    "办理程序是否正确",
    "告知书是否按期送达",
    "不予受理（转送）理由及去向是否说明",
    "文书格式是否规范",
)


#: `POINT_RULES` for a decision case's points
DECISION_POINT_RULES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    DECISION_POINTS[0]: (("C160", "C101", "C102"), ("registered_on", "registrar", "accepted_on")),
}

#: where a decision case's point shows in the 审核汇总's seven columns (the rest are 不适用)
_SUMMARY_COLUMN = {DECISION_POINTS[1]: POINTS[2], DECISION_POINTS[2]: POINTS[5]}
NOT_APPLICABLE = "不适用"


def summary_marks(r: CaseReview) -> list[str]:
    """The marks under the plan's seven points, in their order (a 不予受理/转送 case has only four points)."""
    marks = {_SUMMARY_COLUMN.get(p.title, p.title): p.mark for p in r.points}
    return [marks.get(title, NOT_APPLICABLE) for title in POINTS]


def assess_decision(ledger: Ledger, case: dict, timing: pd.Series, dossier: CaseDossier | None,
                    dossier_given: bool, findings: list[Finding] = ()) -> list[ReviewPoint]:
    """The review points of a 不予受理 or 转送 case: procedure, the written notice served in time, the reason
    and the body to turn to given (2005 《信访条例》 arts. 21, 22; 2022 《信访工作条例》 art. 23), from the
    checks' findings about it (`DECISION_POINT_RULES`), its ledger row, its deadlines and its dossier."""
    from xlkit.deadlines.stages import case_notice

    value = case.get
    shown = partial(_shown, ledger, case)

    def point(title: str, facts: list[str], problems: list[str], manual: list[str]) -> ReviewPoint:
        ruled = [_problem_text(f, case, timing) for f in _point_findings(title, list(findings), DECISION_POINT_RULES)]
        problems = list(dict.fromkeys(ruled + problems))  # a problem said once
        return ReviewPoint(title, facts, FAIL if problems else (MANUAL if manual else PASS), problems, manual)

    decision = value("acceptance_decision")
    # the notice's own citation: the rule in force on the day the decision is made (受理日期), else on receipt
    notice = case_notice(case)
    document = notice.document if notice else "告知书"
    points = []

    facts = [f"登记：{shown('registered_on')}，登记人 {shown('registrar')}，来源 {shown('source')}",
             f"受理结论：{decision}，决定日期 {shown('accepted_on')}"]
    if notice:
        facts.append(f"依据：{notice.citation}")
    # an empty 登记日期/登记人 and the dates' order are the checks' (C101, C160); the decision's date the
    # review asks of every decision case, which a check does only once its notice is served (C102)
    problems = [f"未填{header('accepted_on')}"] if ledger.has("accepted_on") and not value("accepted_on") else []
    manual = [f"台账没有“{header(name)}”列，需查看卷宗" for name in ("registered_on", "registrar", "accepted_on")
              if not ledger.has(name)]
    later = [header(n) for n in ("opinion_on", "extended", "opinion_served_on")
             if value(n) not in (None, "") and not (n == "extended" and value(n) != YES)]
    if later:
        problems.append(f"受理结论为“{decision}”，却填了{'、'.join(later)}：不予受理、转送的件不办理，请核对受理结论")
    points.append(point(DECISION_POINTS[0], facts, problems, manual))

    facts, problems, manual = [], [], []
    due, state = timing.get("notice_due"), timing.get("notice_state")
    served = value("acceptance_served_on")
    facts.append(f"{document}送达：{shown('acceptance_served_on')}")
    if due is None or pd.isna(due):
        manual.append(f"{document}的送达期限未能计算，需人工核对是否在收到信访事项之日起 15 日内"
                      "（攻坚行动案件 5 日内）书面告知")
    else:
        facts.append(f"期限 {fmt(due.date())}（{state}）")
        if state in (LATE, OVERDUE):
            problems.append(f"{document}{state}（期限 {fmt(due.date())}）")
        elif state in (OPEN, DUE_SOON):
            manual.append(f"{document}尚未送达")
        elif state == UNJUDGED:
            manual.append(f"{document}是否按期送达无法判断（台账里有单元格无法读取），需人工核对")
    if (due is not None and not pd.isna(due) and served is None
            and state not in (LATE, OVERDUE, OPEN, DUE_SOON, UNJUDGED)):
        problems.append(f"未填{header('acceptance_served_on')}")
    points.append(point(DECISION_POINTS[1], facts, problems, manual))

    facts = [f"{header('decision_reason')}：{shown('decision_reason')}",
             f"{header('competent_body')}：{shown('competent_body')}"]
    problems, manual = [], []
    needed = ("decision_reason", "competent_body") if decision == NOT_HANDLED_DECISIONS[0] else ("competent_body",)
    if notice is not None and notice.ground == "复核终结":  # “不再受理”: no body to turn to (2005 35(3), 2022 36(3))
        needed = ("decision_reason",)
    for name in needed:
        if not ledger.has(name):
            manual.append(f"台账没有“{header(name)}”列，需查看{document}")
        elif value(name) in (None, ""):
            problems.append(f"未填{header(name)}（{document}须写明" + ("不予受理的理由）" if name == "decision_reason"
                                                                  else "有权处理的机关或法定途径）"))
    manual.append("理由是否成立、去向是否正确需审核人判断")
    points.append(point(DECISION_POINTS[2], facts, problems, manual))

    facts, problems, manual = [f"{header('acceptance_ref')}：{shown('acceptance_ref')}"], [], []
    ref = value("acceptance_ref")
    if wrong := _ref_problem("acceptance_ref", ref, "开城治信受〔2019〕3号"):
        problems.append(wrong)
    elif not ref and ledger.has("acceptance_ref"):
        problems.append(f"未填{header('acceptance_ref')}（{document}的文号）")
    manual += _format_notes(dossier, dossier_given)
    points.append(point(DECISION_POINTS[3], facts, problems, manual))
    return points


# ---------------------------------------------------------------------------
# 整改 tracking


# ---------------------------------------------------------------------------
# Writing: the 审核表, the 整改意见书 and the summary workbook


def _stems(reviews: list[CaseReview]) -> list[str]:
    """Each review's file name stem, unique within the run (`2018/009` and `2018:009` are two files)."""
    from xlkit.output.names import UniqueNames

    names = UniqueNames()
    return [names.claim(r.folder_name, r.row) for r in reviews]


def output_paths(reviews: list[CaseReview], outdir: Path) -> dict[str, list[Path]]:
    """Every file `write_all` will write, keyed by kind."""
    stems = _stems(reviews)
    return {
        "审核表": [outdir / f"{s}-审核表.docx" for s in stems],
        "整改意见书": [outdir / f"{s}-整改意见书.docx" for r, s in zip(reviews, stems, strict=True)
                  if r.needs_rectification],
        "审核汇总": [outdir / SUMMARY_FILE],
    }


def write_all(ledger: Ledger, reviews: list[CaseReview], outdir: Path, today: dt.date,
              force: bool = False) -> dict[str, list[Path]]:
    """Write every 审核表, 整改意见书 and 审核汇总.xlsx; refuse before writing anything if one exists."""
    outdir = Path(outdir)
    paths = output_paths(reviews, outdir)
    sources = (ledger.path,)
    for group in paths.values():
        for path in group:
            check_writable(path, force, sources)
    settings = ledger.settings
    for r, stem in zip(reviews, _stems(reviews), strict=True):
        atomic_write(outdir / f"{stem}-审核表.docx", lambda t, r=r: review_docx(r, settings).save(t), True)
        if r.needs_rectification:
            atomic_write(outdir / f"{stem}-整改意见书.docx",
                         lambda t, r=r: rectification_docx(r, settings).save(t), True)
    write_summary(ledger, reviews, outdir / SUMMARY_FILE, today, force=True)
    return paths


def write_summary(ledger: Ledger, reviews: list[CaseReview], path: Path, today: dt.date,
                  force: bool = False) -> Path:
    """审核汇总.xlsx: a line per case (the seven marks), the detail per point, and the open 整改."""
    import openpyxl
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    fills = {PASS: "C6EFCE", MANUAL: "FFEB9C", FAIL: "FFC7CE", DOSSIER_COMPLETE: "C6EFCE",
             DOSSIER_NO_FOLDER: "FFC7CE", DOSSIER_INCOMPLETE: "FFC7CE"}
    workbook = openpyxl.Workbook()
    mark_report(workbook, "审核汇总")
    base = [header(f) for f in ("case_id", "petitioner", "unit", "handler")]
    summary_rows = []
    for r in reviews:
        c = r.case
        summary_rows.append([c.get("case_id"), c.get("petitioner"), c.get("unit"), c.get("handler"),
                             *summary_marks(r), r.dossier_state, len(r.failed),
                             sum(p.mark == MANUAL for p in r.points), r.verdict, c.get("reviewer"),
                             c.get("review_conclusion"), c.get("review_opinion"), r.disagreement])
    detail_rows = []
    for r in reviews:
        detail_rows += [[r.case_id, i, p.title, p.mark, "\n".join(p.facts), "\n".join(p.problems),
                         "\n".join(p.notes)] for i, p in enumerate(r.points, start=1)]
        if r.dossier is not None:  # the 卷宗 after the points, not numbered among them
            filed = [p.kind.name for p in r.dossier.papers if p.status == FILED]
            detail_rows.append([r.case_id, None, DOSSIER_COLUMN, r.dossier_state,
                                "已归档签字件：" + ("、".join(filed) if filed else "无"), "\n".join(r.dossier_gaps),
                                "卷宗问题，补齐签字件后归档（详见 xlkit dossier check 的卷宗检查）"
                                if r.dossier_gaps else None])
    rect_keys = [header(f) for f in ("case_id", "petitioner", "unit", "handler", "reviewer", "review_opinion")]
    rect_rows = [[item[k] for k in rect_keys] + [item[SINCE_KEY], item[DAYS_OPEN_KEY]]
                 for item in open_rectifications(ledger, today)]
    sheets = [
        ("审核汇总", base + list(POINTS) + [DOSSIER_COLUMN, "不符合项数", "需人工核对项数", VERDICT_COLUMN,
                                           header("reviewer"), header("review_conclusion"), header("review_opinion"),
                                           DISAGREEMENT_COLUMN],
         summary_rows, [11, 9, 9, 8] + [12] * 7 + [12, 8, 8, 11, 8, 9, 32, 18]),  # 卷宗签字件 on one line
        ("审核明细", [header("case_id"), "序号", "审核要点", "核对结果", "台账及卷宗核对情况", "不符合之处", "需人工核对事项"],
         detail_rows, [11, 5, 24, 12, 60, 40, 40]),
        ("整改跟踪", rect_keys + [SINCE_KEY, DAYS_OPEN_KEY], rect_rows, [11, 9, 9, 8, 8, 36, 12, 9]),
    ]
    for index, (title, headers, rows, widths) in enumerate(sheets):
        sheet = workbook.active if index == 0 else workbook.create_sheet()
        sheet.title = title
        sheet.append(headers)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(wrap_text=True, vertical="center")
        sheet.row_dimensions[1].height = 32  # the seven points' titles wrap onto two lines
        for values in rows:
            sheet.append([None] * len(headers))
            for column, v in enumerate(values, start=1):
                cell = sheet.cell(sheet.max_row, column)
                put(cell, v)
                # counts centred: right-aligned against the left-aligned text beside them (no borders), a
                # 需人工核对项数 of 4 printed as “4卷宗不齐全”
                cell.alignment = Alignment(wrap_text=True, vertical="top",
                                           horizontal="center" if type(v) is int else None)
                fill = fills.get(v) if isinstance(v, str) else None
                if fill is None and isinstance(v, str) and (v.startswith("缺 ") or v.startswith("不符合 ")):
                    fill = fills[FAIL]
                if fill:
                    cell.fill = PatternFill("solid", fgColor=fill)
                if isinstance(v, dt.date):
                    cell.number_format = "yyyy-mm-dd"
        if not rows and title == "整改跟踪":
            # printed, a header over nothing read as a page left blank by mistake
            sheet.append([NO_OPEN_RECTIFICATIONS])
        # 案件编号 as wide as the longest (up to 24): 开综治〔2019〕104-3号 wrapped in 11 printed over the next row
        longest = max((text_width(r[0]) for r in rows if isinstance(r[0], str)), default=0)
        widths = [max(widths[0], min(longest + 2, 24)), *widths[1:]]
        for column, width in enumerate(widths, start=1):
            sheet.column_dimensions[get_column_letter(column)].width = width
        sheet.freeze_panes = "B2"
        sheet.auto_filter.ref = sheet.dimensions
        print_setup(sheet)
    return save_workbook(workbook, path, force, (ledger.path,))


#: the 整改跟踪 sheet's only line when no case waits for its 整改
NO_OPEN_RECTIFICATIONS = "截至统计日，没有审核需整改、尚未整改完成的案件。"


def reviews_to_dict(reviews: list[CaseReview]) -> list[dict[str, Any]]:
    return [{"case_id": r.case_id, "row": r.row, "needs_rectification": r.needs_rectification,
             "verdict": r.verdict, "dossier": r.dossier_state, "dossier_gaps": r.dossier_gaps,
             "points": [{"point": p.title, "mark": p.mark, "facts": p.facts, "problems": p.problems,
                        "notes": p.notes}
                        for p in r.points]} for r in reviews]


# ---------------------------------------------------------------------------
# The two Word documents (python-docx; GB/T 9704-2012 page: A4, margins 37/35/28/26 mm,
# title 小标宋 二号, body 仿宋 三号; the form's table in 仿宋 小四 so seven points fit one page)

TABLE_SIZE = 12  # 小四 (points)
BLANK_DATE = "        年    月    日"


def _new_document():
    document = official_document()
    normal = document.styles["Normal"]
    normal.paragraph_format.line_spacing = None  # forms: single spacing, the tables set their own
    # fonts live in paragraph styles (editable in Word, and far faster than formatting every run)
    from docx.enum.style import WD_STYLE_TYPE

    for (name, size), style_name in _STYLES.items():
        style = document.styles.add_style(style_name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = normal
        _font(style.font, style.element, name, size)
        _STYLE_IDS[style_name] = style.style_id
    return document


_STYLE_IDS: dict[str, str] = {}


_STYLES = {(TITLE_FONT, TITLE_SIZE): "审核文书标题", (BODY_FONT, TABLE_SIZE): "表格文字", (BODY_FONT, 10.5): "表格小字"}


def _styled(paragraph, name: str, size: float) -> None:
    style = _STYLES.get((name, size))
    if style:
        paragraph._p.style = _STYLE_IDS[style]  # by id: assigning by name scans every style each time
    elif (name, size) != (BODY_FONT, BODY_SIZE):
        raise ValueError((name, size))


def _font(font, element, name: str, size: float, bold: bool = False) -> None:
    from docx.shared import Pt

    font.size = Pt(size)
    font.bold = bold
    set_fonts(element, name)


def _paragraph(container, text: str = "", size: float = BODY_SIZE, name: str = BODY_FONT, bold: bool = False,
               align: str | None = None, indent: bool = False, space_after: float = 0):
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    paragraph = container.add_paragraph()
    if align:
        paragraph.alignment = {"center": WD_ALIGN_PARAGRAPH.CENTER, "right": WD_ALIGN_PARAGRAPH.RIGHT,
                               "left": WD_ALIGN_PARAGRAPH.LEFT}[align]
    if indent:
        paragraph.paragraph_format.first_line_indent = Pt(size * 2)
    paragraph.paragraph_format.space_after = Pt(space_after)
    _styled(paragraph, name, size)
    if text:
        add_text(paragraph, text).bold = bold or None
    return paragraph


def _cell(cell, text: str, size: float = TABLE_SIZE, bold: bool = False, align: str | None = None) -> None:
    from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT

    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    lines = xml_safe(text).split("\n") if text else [""]
    first = cell.paragraphs[0]
    for i, line in enumerate(lines):
        paragraph = first if i == 0 else cell.add_paragraph()
        if align:
            from docx.enum.text import WD_ALIGN_PARAGRAPH

            paragraph.alignment = {"center": WD_ALIGN_PARAGRAPH.CENTER, "left": WD_ALIGN_PARAGRAPH.LEFT}[align]
        _styled(paragraph, BODY_FONT, size)
        if line:
            add_text(paragraph, line).bold = bold or None


def _widths(table, millimetres: list[float]) -> None:
    """Column widths in the grid (what LibreOffice and WPS read) and in every cell (what Word reads)."""
    from docx.shared import Mm

    table.autofit = False
    for column, width in zip(table.columns, millimetres, strict=False):
        column.width = Mm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, millimetres, strict=False):
            cell.width = Mm(width)


def _repeat_header(row) -> None:
    """The header row repeats at the top of each page the table runs onto."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    properties = row._tr.get_or_add_trPr()
    marker = OxmlElement("w:tblHeader")
    marker.set(qn("w:val"), "true")
    properties.append(marker)


def _title(document, text: str) -> None:
    _paragraph(document, text, TITLE_SIZE, TITLE_FONT, align="center", space_after=12)


def _text(case: dict, name: str) -> str:
    v = case.get(name)
    if v is None:
        return ""
    return fmt(v) if isinstance(v, dt.date) else str(v)


#: what the reviewer fills in: left blank on purpose
REVIEWER_COLUMN = "审核人意见"
SIGNATURE_LINE = "审核人（签字）：                    审核日期：" + BLANK_DATE


def review_docx(r: CaseReview, settings):
    """The 审核表 of one case: case facts, the seven points with marks, blanks for the reviewer."""
    document = _new_document()
    _title(document, "信访事项办理审核表")
    case = r.case
    _paragraph(document, f"审核单位：{settings.office_name or reviewing_body(settings, case)}", TABLE_SIZE,
               space_after=4)
    info = document.add_table(rows=5, cols=4)
    info.style = "Table Grid"
    pairs = [("case_id", "petitioner"), ("unit", "handler"), ("category", "township"), ("accepted_on", "closed_on")]
    for i, (left, right) in enumerate(pairs):
        cells = info.rows[i].cells
        _cell(cells[0], header(left), bold=True, align="center")
        _cell(cells[1], _text(case, left))
        _cell(cells[2], header(right), bold=True, align="center")
        _cell(cells[3], _text(case, right))
    last = info.rows[4].cells
    _cell(last[0], header("demand"), bold=True, align="center")
    merged = last[1].merge(last[3])
    _cell(merged, _text(case, "demand"))
    _widths(info, [30, 48, 30, 48])

    _paragraph(document, "", TABLE_SIZE, space_after=2)
    table = document.add_table(rows=1 + len(r.points), cols=5)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, ("序号", "审核要点", "台账及卷宗核对情况", "核对结果", REVIEWER_COLUMN),
                          strict=True):
        _cell(cell, text, bold=True, align="center")
    _repeat_header(table.rows[0])
    for i, p in enumerate(r.points, start=1):
        cells = table.rows[i].cells
        _cell(cells[0], str(i), align="center")
        _cell(cells[1], p.title)
        details = "\n".join(p.facts + [f"※{x}" for x in p.problems + p.notes])
        _cell(cells[2], details, size=10.5)
        _cell(cells[3], p.mark, align="center", bold=p.mark == FAIL)
        _cell(cells[4], "")
        keep_row_whole(table.rows[i]._tr)  # 办理程序是否正确 printed two lines on page 1, the rest on page 2
    # 序号 and 审核人意见 on one line at 小四 (at 10 and 24 mm they printed as 序 | 号 and 审核人意 | 见)
    _widths(table, [13, 22, 71, 24, 26])
    if r.dossier is not None:
        _paragraph(document, f"{DOSSIER_COLUMN}：{r.dossier_state}" + (
            "（" + "；".join(r.dossier_gaps) + "）" if r.dossier_gaps and r.dossier.folder is not None else ""),
            10.5, space_after=2)

    _paragraph(document, "", TABLE_SIZE, space_after=2)
    _paragraph(document, "审核结论：□ 通过    □ 需整改", BODY_SIZE, space_after=4)
    _paragraph(document, "审核意见：", BODY_SIZE)
    for _ in range(3):
        _paragraph(document, "_" * 52, BODY_SIZE)
    _paragraph(document, "", BODY_SIZE)
    _paragraph(document, SIGNATURE_LINE, BODY_SIZE, space_after=8)
    _paragraph(document, "注：“核对结果”由台账工具依据台账" + ("及卷宗" if r.dossier is not None else "")
               + "自动核对得出；“自动核对通过”只表示台账记载完整、无矛盾，审核人仍须对照卷宗原件作出判断。",
               10.5)
    return document


def rectification_docx(r: CaseReview, settings):
    """The 整改意见书 for a case reviewed as 需整改: the failed points and the reviewer's opinion."""
    document = _new_document()
    _title(document, "信访事项整改意见书")
    case = r.case
    _paragraph(document, f"（案件编号：{r.case_id}）", BODY_SIZE, align="center", space_after=12)
    _paragraph(document, f"{_text(case, 'unit') or '承办股室'}：")
    failed = r.failed
    gaps = r.dossier_gaps
    matter = (f"经审核，你股室承办的{_text(case, 'petitioner')}信访事项（案件编号 {r.case_id}"
              + (f"，承办人 {_text(case, 'handler')}" if case.get("handler") else "") + "）")
    # one statement or the other: problems found, or none in the ledger and the reviewer's own points
    if failed or gaps:
        _paragraph(document, matter + "在以下方面存在问题，需要整改：", indent=True)
    else:
        _paragraph(document, matter + "，台账核对未发现不符合项；审核人提出的整改事项见审核意见。", indent=True)
    numerals = "一二三四五六七八九十"
    for i, p in enumerate(failed):
        _paragraph(document, f"{numerals[i]}、关于“{p.title}”："
                   + "；".join(x.rstrip("。；") for x in p.problems) + "。", indent=True)
    if gaps:
        _paragraph(document, f"{numerals[len(failed)]}、关于卷宗：" + "；".join(gaps) + "，请补齐签字件后归档。",
                   indent=True)
    opinion = _text(case, "review_opinion")
    _paragraph(document, f"审核意见：{opinion}" if opinion else "审核意见：" + "_" * 24, indent=True)
    body = reviewing_body(settings, case)
    _paragraph(document, "请于" + BLANK_DATE + f"前完成整改，将整改情况书面报送{body}，"
               f"并在台账“{header('rectified_on')}”栏填写整改完成日期。", indent=True)
    _paragraph(document, "")
    _paragraph(document, f"审核人：{_text(case, 'reviewer')}", align="right")
    # signed by the office (设置 单位名称, its full name), on one line over its date (GB/T 9704-2012 7.3.5)
    place_signature([_paragraph(document, line) for line in (settings.office_name or body, BLANK_DATE)])
    _paragraph(document, "")
    _paragraph(document, "承办股室签收：                签收日期：" + BLANK_DATE, TABLE_SIZE)
    return document
