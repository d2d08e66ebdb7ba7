"""The case documents: names, order in the dossier, when each is made, and which must come back signed.

One catalogue for `xlkit docs` (what to generate), `xlkit dossier` (what a folder must hold) and
`xlkit review` (which papers exist). DESIGN §6; plan §五(四). Each kind's facts live here: when it is
made (`applies`) and why not yet (`stage_reason`), what the 卷内目录 shows of it, which ledger fields show
that its event happened.
"""

from __future__ import annotations

from dataclasses import dataclass

from xlkit import resources
from xlkit.deadlines.law import refusal_ground
from xlkit.deadlines.stages import unclear_petitioner
from xlkit.schema import CAMPAIGN_END, CAMPAIGN_START, NOT_HANDLED_DECISIONS, YES

#: the built-in Word templates (staff may edit them; `xlkit docs --templates DIR` uses others)
TEMPLATE_DIR = resources.doc_templates()


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
    not_yet: str = "尚未到此环节"  # the run list's reason when the case has not reached this document
    frame: bool = False  # 封面, 卷内目录, 备考表: every dossier has them; the 卷内目录 does not list them
    states_due: bool = False  # prints a due date (its run-list line warns when the date lies beyond the holiday data)
    index_date: str | None = None  # the field whose date the 卷内目录 gives it (for a 送达回证: the day served)
    index_ref: str | None = None  # the field holding its 文号
    events: tuple[str, ...] = ()  # fields that show its event happened (an open case's dossier then needs it signed)
    service_method: str | None = None  # for a 送达回证: the field holding how it was served

    @property
    def file_name(self) -> str:
        return f"{self.number:02d}-{self.name}.docx"

    @property
    def signed_copy(self) -> str:
        """The signed paper the dossier keeps, as a hint names it: a 送达回证 signed by whoever received the
        document, the 满意度评价表 and 息诉息访书 by the petitioner, the office's own notices and opinion
        sealed by the office (the petitioner signs their 送达回证, never the notice itself)."""
        if self.delivers:
            return f"受送达人签字后的{self.name}"
        if self.key in PETITIONER_SIGNS:
            return f"信访人签字后的{self.name}"
        return f"盖章签发的{self.name}（本机关留存件）"


#: the papers the petitioner signs (评价人签名, 信访人签名并按手印)
PETITIONER_SIGNS = frozenset({"satisfaction", "settlement"})


def _k(*args, **kwargs) -> DocKind:
    return DocKind(*args, **kwargs)


_NOT_ACCEPTED = "尚未受理（受理日期为空）"
_NOT_EXTENDED = "未延期（是否延期不是“是”）"
_NO_OPINION = "尚未出具处理意见（处理意见出具日期为空）"
_NOT_REFUSED = "受理结论不是“不予受理”"
_NOT_REFERRED = "受理结论不是“转送其他机关”"
REFUSED, REFERRED = NOT_HANDLED_DECISIONS

CATALOG: tuple[DocKind, ...] = (
    _k("cover", "卷宗封面", 0, "卷宗封面.docx", ("case_id", "petitioner"), False, "审核与归档", frame=True),
    _k("index", "卷内目录", 1, "卷内目录.docx", ("case_id", "petitioner"), False, "审核与归档", frame=True),
    _k("assignment", "交办单", 2, "交办单.docx", ("case_id", "petitioner", "assigned_on", "unit"), False, "交办",
       not_yet="尚未交办（交办日期、责任股室均为空）", states_due=True, index_date="assigned_on"),
    # the 卷内目录 lists the office's own 文号 only: the 交办单 is an internal form (the higher body's
    # 上级交办文号 numbers that body's own document, not this one)
    _k("acceptance", "受理告知书", 3, "受理告知书.docx", ("case_id", "petitioner", "accepted_on"), True, "受理",
       not_yet=_NOT_ACCEPTED, states_due=True, index_date="accepted_on", index_ref="acceptance_ref",
       events=("acceptance_served_on",)),
    _k("acceptance_receipt", "送达回证（受理告知书）", 4, "送达回证.docx", ("case_id", "petitioner", "accepted_on"),
       True, "受理", delivers="acceptance", not_yet=_NOT_ACCEPTED, index_date="acceptance_served_on",
       events=("acceptance_served_on",)),
    # 不予受理 / 转送其他机关: the decision's written notice takes the 受理告知书's place (its number and date)
    _k("refusal", "不予受理告知书", 3, "不予受理告知书.docx",
       ("case_id", "petitioner", "decision_reason", "competent_body"), True, "受理", not_yet=_NOT_REFUSED,
       index_date="accepted_on", index_ref="acceptance_ref", events=("acceptance_served_on",)),
    _k("refusal_receipt", "送达回证（不予受理告知书）", 4, "送达回证.docx",
       ("case_id", "petitioner", "decision_reason", "competent_body"), True, "受理", delivers="refusal",
       not_yet=_NOT_REFUSED, index_date="acceptance_served_on", events=("acceptance_served_on",)),
    _k("referral", "转送告知书", 3, "转送告知书.docx", ("case_id", "petitioner", "competent_body"), True, "受理",
       not_yet=_NOT_REFERRED, index_date="accepted_on", index_ref="acceptance_ref", events=("acceptance_served_on",)),
    _k("referral_receipt", "送达回证（转送告知书）", 4, "送达回证.docx", ("case_id", "petitioner", "competent_body"),
       True, "受理", delivers="referral", not_yet=_NOT_REFERRED, index_date="acceptance_served_on",
       events=("acceptance_served_on",)),
    _k("extension", "延期办理告知书", 5, "延期办理告知书.docx",
       ("case_id", "petitioner", "accepted_on", "extension_days"), True, "办理", not_yet=_NOT_EXTENDED,
       states_due=True, index_date="extension_notice_on", events=("extension_notice_on",)),
    _k("extension_receipt", "送达回证（延期办理告知书）", 6, "送达回证.docx",
       ("case_id", "petitioner", "accepted_on", "extension_days"), True, "办理", delivers="extension",
       not_yet=_NOT_EXTENDED, index_date="extension_notice_on", events=("extension_notice_on",)),
    _k("opinion", "信访事项处理意见书", 7, "信访事项处理意见书.docx", ("case_id", "petitioner", "opinion_on"), True,
       "办理", not_yet=_NO_OPINION, index_date="opinion_on", index_ref="opinion_ref",
       events=("opinion_served_on",)),
    _k("opinion_receipt", "送达回证（处理意见书）", 8, "送达回证.docx", ("case_id", "petitioner", "opinion_on"), True,
       "送达与评价", delivers="opinion", not_yet=_NO_OPINION, index_date="opinion_served_on",
       events=("opinion_served_on",), service_method="service_method"),
    _k("satisfaction", "满意度评价表", 9, "满意度评价表.docx", ("case_id", "petitioner", "opinion_on"), True,
       "送达与评价", not_yet=_NO_OPINION, index_date="evaluated_on", events=("satisfaction", "evaluated_on")),
    _k("settlement", "息诉息访书", 10, "息诉息访书.docx", ("case_id", "petitioner", "opinion_served_on"), True,
       "息访与结案", not_yet="尚未息诉息访（是否息诉息访不是“是”）", index_date="settled_on", events=("settled",)),
    _k("closing_report", "结案报告", 11, "结案报告.docx", ("case_id", "petitioner", "opinion_on"), False, "息访与结案",
       not_yet="尚未息诉息访，应出办理情况报告", index_date="closed_on"),
    # a rebounded case (是否反弹 = 是) is not closed: the plan (§五(二)、(四)) asks for the 办理情况报告
    _k("progress_report", "办理情况报告", 11, "办理情况报告.docx", ("case_id", "petitioner", "opinion_on"), False,
       "息访与结案", index_date="closed_on"),
    _k("closing_note", "备考表", 12, "备考表.docx", ("case_id", "petitioner"), False, "审核与归档", frame=True),
)

#: The rules the documents follow, as the 说明 sheet states them (issue 10; articles as cited in the documents).
DOCUMENT_RULES: tuple[str, ...] = (
    "受理结论为“不予受理”的件出不予受理告知书，按“不予受理理由”引用条文、告知去向：已经复核、仍以同一事实和理由提出的，"
    "2005年《信访条例》第三十五条第三款、2022年《信访工作条例》第三十六条第三款（不再受理，不指向别的机关）；已由有关机关"
    "受理、正在办理（含复核正在办理）的，第十六条、第十九条第三款；应当通过诉讼、仲裁、行政复议等法定途径解决的，"
    "2005年条例第十四条第二款和第二十一条第一款第（一）项，2022年条例按途径引第二十八条第二款和第三十一条第（一）项（诉讼等"
    "政法程序）、第三十一条第（二）项（仲裁）、第三十一条第（四）项（行政复议等行政程序）；其他（不属本机关职权范围，告知向有权"
    "处理机关提出）的，第二十二条第一款、第二十三条第一款。转送、交办来的事项不属本机关职权范围的，按收到之日：2022年5月1日前"
    "收到的依 2005年条例第二十一条第二款书面告知信访人并通报转送、交办机关；此后收到的依 2022年条例第二十三条第三款自收到之日起"
    " 5 个工作日内向转送、交办机关提出异议，不出不予受理告知书（受理结论宜填“转送其他机关”）。",
    "受理结论为“转送其他机关”的件出转送告知书：2022年5月1日起依 2022年《信访工作条例》第二十三条第一款转送本系统下级机关、"
    "单位并告知转送去向（系统外的机关不转送，请填“不予受理”，告知信访人向其提出）；此前本机关不是信访工作机构，不转送，"
    "依 2005年《信访条例》第二十二条第一款告知信访人向有权的机关提出（转送、交办来的依第二十一条第二款，并通报转送、交办机关，"
    "2022年5月1日前收到、此后决定的也是）；2022年5月1日起收到的转送、交办件不出转送告知书（第二十三条第三款：提出异议）。"
    "不予受理、转送告知书各带送达回证，不出受理告知书；条例按作出决定之日（受理日期，未填的按登记日期）；文号取"
    "“受理告知书文号”，落款日期取“受理日期”（作出决定的日期）。",
    "信访人姓名（名称）、住址不清的（信访人为匿名、不详等，或住址写明不详、不清），不出受理告知书、不予受理告知书、"
    "转送告知书及其送达回证，卷宗也不要求其签字件（2005年《信访条例》第二十二条第二款、2022年《信访工作条例》第二十三条"
    "第二款的但书）。",
    "交办单的办理要求按受理告知环节写：2022年5月1日起收到的转送、交办事项受理结论为“转送其他机关”（或以不属本机关职权"
    "范围“不予受理”）的，写 5 个工作日内向"
    "转送、交办机关提出异议（2022年《信访工作条例》第二十三条第三款），不写受理告知书；信访人姓名（名称）、住址不清的，"
    "写明无从书面告知（2005年《信访条例》第二十二条第二款、2022年条例第二十三条第二款）；不予受理、转送的件写其告知书，"
    "不写办理期限。",
    "是否延期为“是”而延期批准人为空的，不出延期办理告知书：延期须经本机关负责人批准（2005年《信访条例》第三十三条、"
    "2022年《信访工作条例》第三十四条）。",
    "处理意见书按处理意见出具日期、息诉息访书按息访日期（其签署之日；未填的按打印之日）引用复查、复核条款：2022年5月1日起"
    "为 2022年《信访工作条例》第三十五条、第三十六条，此前为 2005年《信访条例》第三十四条、第三十五条。2022年5月1日起出具的建议意见类（第二十九条：研究论证、"
    "予以回复）、检举控告类（第三十条：依规依纪依法办理和反馈）事项的答复不是第三十五条的信访处理意见（第三十一条第（六）项、"
    "第三十二条），不写复查复核告知。",
    "攻坚行动期间（2018年8月1日至2020年12月31日登记）的交办单署名、报告主送、审核表和整改意见书署领导小组办公室，"
    "此后署“设置”表的日常交办审核机构。",
    "是否反弹为“是”的件出办理情况报告（写明反弹日期、未息访原因分析、下步措施），不出结案报告。",
    "满意度评价表空白打印，由信访人本人勾选并填写日期；息诉息访书写明不影响信访人请求复查、复核的权利。",
    "送达回证在受送达人签名旁有签收日期（复查请求期限自收到之日起算），并有留置送达栏（拒收事由、日期、送达人和见证人签名）。",
    "版式按 GB/T 9704-2012：单页码居右、双页码居左；落款与正文末段同页，不单独成页；股室等短署名以成文日期为准居中。",
)

BY_KEY: dict[str, DocKind] = {k.key: k for k in CATALOG}
BY_NAME: dict[str, DocKind] = {k.name: k for k in CATALOG}


def applies(kind: DocKind, case: dict) -> bool:
    """Whether a case's stage calls for this document at all (DESIGN §6 'made when').

    `case` maps field names to values (None when empty). Missing essential fields are a separate
    question (`missing_fields`): a document that applies but lacks them is reported, not made.
    """
    if kind.frame:
        return True
    if kind.key == "assignment":
        return case.get("assigned_on") is not None or case.get("unit") is not None
    if kind.key in NOTICE_KINDS and unclear(case):
        return False  # 2005 art. 22(2), 2022 art. 23(2): no written notice to a petitioner who cannot be reached
    if kind.key in ("acceptance", "acceptance_receipt"):
        return case.get("accepted_on") is not None and not not_handled(case)
    if kind.key in ("refusal", "refusal_receipt"):
        return case.get("acceptance_decision") == REFUSED
    if kind.key in ("referral", "referral_receipt"):
        return case.get("acceptance_decision") == REFERRED
    if kind.key in ("extension", "extension_receipt"):
        return case.get("extended") == YES and not not_handled(case)
    if kind.key in ("opinion", "opinion_receipt", "satisfaction"):
        return case.get("opinion_on") is not None
    if kind.key == "settlement":
        return case.get("settled") == YES
    if kind.key == "closing_report":
        return case.get("settled") == YES and not rebounded(case)
    if kind.key == "progress_report":
        return case.get("opinion_on") is not None and (case.get("settled") != YES or rebounded(case))
    raise KeyError(kind.key)


def stage_reason(kind: DocKind, case: dict) -> str:
    """Why `applies` is False for this case: the run list's reason for skipping the document."""
    if kind.key in NOTICE_KINDS and unclear(case):
        return ("信访人姓名（名称）、住址不清，无从书面告知是否受理（2005年《信访条例》第二十二条第二款、"
                "2022年《信访工作条例》第二十三条第二款“……住址不清的除外”），不出此文书")
    if kind.key in ("acceptance", "acceptance_receipt", "extension", "extension_receipt") and not_handled(case):
        return f"受理结论为“{case.get('acceptance_decision')}”，不出此文书"
    if kind.key == "progress_report":
        return "已息诉息访，应出结案报告" if case.get("settled") == YES else _NO_OPINION
    if kind.key == "closing_report" and rebounded(case):
        return "息访后反弹（是否反弹为“是”），应出办理情况报告"
    return kind.not_yet


#: the written decision on acceptance and its receipt: owed only to a petitioner whose name and address are known
NOTICE_KINDS = frozenset(("acceptance", "acceptance_receipt", "refusal", "refusal_receipt", "referral",
                          "referral_receipt"))


def unclear(case: dict) -> bool:
    """The petitioner's name or address is unclear (匿名, 不详 …), as the stage table reads it."""
    return unclear_petitioner(case.get("petitioner"), case.get("address"))


def rebounded(case: dict) -> bool:
    return case.get("rebounded") == YES


def not_handled(case: dict) -> bool:
    """受理结论 不予受理 or 转送其他机关: no acceptance notice, no handling deadlines (DESIGN §4)."""
    return case.get("acceptance_decision") in NOT_HANDLED_DECISIONS


def in_campaign(values: dict) -> bool:
    """Registered within the campaign (plan §四(一)): its 领导小组办公室 assigns, receives the reports, reviews."""
    day = values.get("registered_on") or values.get("assigned_on") or values.get("accepted_on")
    return day is not None and CAMPAIGN_START <= day <= CAMPAIGN_END


def reviewing_body(settings, values: dict) -> str:
    """Who assigns, receives the reports and reviews: the campaign's 领导小组办公室 for campaign-period cases,
    the office's standing body (设置 日常交办审核机构) after it."""
    if in_campaign(values):
        return settings.leader_group
    return settings.standing_office


def needed_fields(kind: DocKind, case: dict) -> tuple[str, ...]:
    """The fields this case's document cannot do without: a refusal of a matter already through 复核 names no body
    to turn to (2005 art. 35(3), 2022 art. 36(3): “……不再受理”), so it needs no 有权处理机关."""
    if kind.key in ("refusal", "refusal_receipt"):
        if refusal_ground(case.get("decision_reason")) == "复核终结":
            return tuple(f for f in kind.essential if f != "competent_body")
    return kind.essential


def missing_fields(kind: DocKind, case: dict) -> list[str]:
    """The essential fields (English names) that are empty."""
    return [f for f in needed_fields(kind, case) if case.get(f) in (None, "")]


def case_folder_name(case_id: str, petitioner: str | None) -> str:
    """`<案件编号>-<信访人>` as a valid file name (output/names.py: forbidden characters, length, CON…)."""
    from xlkit.output.names import file_component

    raw = f"{case_id}-{petitioner}" if petitioner else str(case_id)
    return file_component(raw)
