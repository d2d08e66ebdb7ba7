"""The ledger's columns, dictionaries and settings: the single source of truth.

Everything that knows a Chinese header, a dictionary or a setting reads it from here:
the template builder, the reader, the rules, the documents, the reports and the docs.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache
from typing import Any


class Kind(StrEnum):
    TEXT = "文本"
    DATE = "日期"
    INT = "整数"
    CHOICE = "字典选项"
    YESNO = "是/否"


class Group(StrEnum):
    REGISTER = "登记"
    ASSIGN = "交办"
    ACCEPT = "受理"
    HANDLE = "办理"
    SERVE = "送达与评价"
    SETTLE = "息访与结案"
    REVIEW = "审核与归档"


@dataclass(frozen=True)
class Column:
    field: str
    header: str
    kind: Kind
    group: Group
    help: str
    dictionary: str | None = None  # the 字典 list a CHOICE column draws from
    required: bool = False  # a ledger without this header cannot be read
    identity: bool = False  # read as text exactly as typed, never as a number
    width: int = 12
    aliases: tuple[str, ...] = ()
    min_value: int | None = None
    max_value: int | None = None


YES, NO = "是", "否"

C = Column
K = Kind
G = Group

COLUMNS: tuple[Column, ...] = (
    # 登记
    C("case_id", "案件编号", K.TEXT, G.REGISTER, "每件唯一，建议“年份-序号”，如 2019-001；按文本填写。",
      required=True, identity=True, width=11, aliases=("编号", "案号", "序号编号", "信访编号", "件号", "信访件编号", "信访事项编号", "信件编号", "来件编号",
               "来信编号", "受理编号", "登记编号", "工单编号", "工单号", "线索编号", "档案号", "档案编号", "序号", "id")),
    C("registered_on", "登记日期", K.DATE, G.REGISTER, "收到信访事项并登记的日期，格式 2019-09-03。",
      width=11, aliases=("信访日期", "来信来访日期", "收件日期", "登记时间", "收件时间", "来件时间", "接件时间", "接到日期",
               "来信日期", "来信时间", "来访日期", "来访时间", "来电时间", "信访时间", "反映时间", "举报时间",
               "投诉时间", "诉求时间", "收信日期", "接件日期", "接待日期", "接待时间", "排查日期", "排查时间",
               "收信时间", "来电日期", "接访日期", "接访时间", "提交时间", "提交日期", "时间", "日期")),
    C("registrar", "登记人", K.TEXT, G.REGISTER, "登记此件的工作人员姓名（谁登记）。", width=8,
      aliases=("登记员", "录入人", "接待人", "接访人", "接谈人", "接待人员", "排查人", "排查人员")),
    C("source", "案件来源", K.CHOICE, G.REGISTER, "从下拉列表选择：县纪委、县监察委、县信访局、县扶贫移民局、本办受理、其他。",
      dictionary="案件来源", width=12, aliases=("来源", "信访来源", "线索来源", "举报来源", "诉求来源", "转来机关", "来件单位")),
    C("form", "信访形式", K.CHOICE, G.REGISTER, "来信、来访、来电、网上信访或其他。", dictionary="信访形式", width=9,
      aliases=("形式", "信访方式", "来源渠道", "受理渠道", "诉求渠道", "渠道", "反映方式", "来信来访方式", "信访渠道",
               "来信来访")),
    C("petition_type", "信访类型", K.CHOICE, G.REGISTER, "攻坚行动只统计“求决类”，其他类型照常登记。",
      dictionary="信访类型", width=10, aliases=("类型", "信访性质", "诉求类型", "工单类型", "信访目的")),
    C("petitioner", "信访人", K.TEXT, G.REGISTER, "信访人姓名；联名信访填第一署名人并在备注写明人数。",
      required=True, width=9, aliases=("姓名", "信访人姓名", "来访人", "来访人姓名", "反映人", "反映人姓名", "举报人", "举报人姓名", "来信人",
               "来信人姓名", "投诉人", "投诉人姓名", "来电人", "来电人姓名", "诉求人", "诉求人姓名", "检举人",
               "控告人", "上访人", "来信来访人", "来访人员", "信访人员", "当事人", "当事人姓名", "纠纷当事人", "申请人",
               "申请人姓名")),
    C("id_number", "身份证号", K.TEXT, G.REGISTER,
      "18 位公民身份号码，末位可为 X；单元格须为文本格式，否则 Excel 会丢掉后几位。匿名或单位信访可空。",
      identity=True, width=20, aliases=("身份证号码", "公民身份号码", "身份证", "信访人身份证", "信访人身份证号",
                                          "身份证件号码", "证件号码", "证件号", "来访人身份证号")),
    C("phone", "联系电话", K.TEXT, G.REGISTER, "手机 11 位，或带区号的座机，如 0818-8221234。", identity=True,
      width=14, aliases=("电话", "联系方式", "手机号码", "电话号码", "手机", "手机号", "联系手机", "信访人联系方式",
                          "信访人电话", "举报人电话", "投诉人电话", "来信人电话", "来电号码", "诉求人号码", "回访号码")),
    C("address", "住址", K.TEXT, G.REGISTER, "信访人住址，用作送达地点。", width=18, aliases=("家庭住址", "送达地点", "地址", "信访人现住址",
                                                                      "现住址", "信访人住址", "通讯地址", "联系地址", "居住地址", "诉求人地址", "来信人地址")),
    C("people_count", "涉及人数", K.INT, G.REGISTER, "本件涉及的人数，填整数（1–9999）。", width=8,
      aliases=("人数", "信访人数", "来访人数", "反映人数", "上访人数"), min_value=1, max_value=9999),
    C("township", "问题属地乡镇", K.CHOICE, G.REGISTER,
      "问题发生地所在乡镇（街道），按登记当时的行政区划从下拉列表选择。", dictionary="乡镇", width=11,
      aliases=("乡镇", "属地乡镇", "所属乡镇", "问题属地", "乡镇（街道）", "所在乡镇", "所属街道", "街道名称", "镇（街道）", "乡镇街道", "所属镇街", "镇街", "所属区域",
               "所在区域", "所属街镇", "所在街镇", "所属镇", "所在镇", "乡镇名称", "属地")),
    C("village", "村(社区)", K.TEXT, G.REGISTER, "问题发生地所在村或社区。", width=10,
      aliases=("村（社区）", "村社区", "村", "村/社区", "社区名称", "所在村", "村组", "涉及村组", "所在村组", "村（组）")),
    C("poor_household", "是否建档立卡贫困户", K.YESNO, G.REGISTER, "信访人是否为建档立卡贫困户：是/否。",
      dictionary="是否", width=9, aliases=("建档立卡贫困户", "是否贫困户")),
    C("category", "问题类别", K.CHOICE, G.REGISTER, "从下拉列表选择最主要的问题类别。", dictionary="问题类别",
      width=10, aliases=("类别", "问题分类", "问题类型", "问题属性", "事项类别", "信访事项类别", "内容分类", "诉求分类", "纠纷类型", "纠纷类别", "矛盾类型",
               "矛盾纠纷类型", "矛盾纠纷类别")),
    C("demand", "诉求内容", K.TEXT, G.REGISTER, "信访人的具体诉求，写清要求解决什么。", width=30,
      aliases=("信访诉求", "反映问题", "主要诉求", "诉求", "信访事项", "问题描述", "反映的主要问题", "举报反映的主要问题",
               "主要问题", "概况", "投诉件内容", "诉求件内容", "信访内容", "反映内容", "投诉内容", "举报内容",
               "来信内容", "来电内容", "工单内容", "事项内容", "反映事项", "主要内容", "内容摘要", "问题摘要",
               "反映情况", "诉求事项", "来访事由", "来信事由", "信访事由", "事由", "纠纷简要情况", "纠纷情况",
               "纠纷概况", "矛盾纠纷简要情况", "矛盾纠纷情况", "简要情况", "纠纷基本情况", "矛盾纠纷基本情况",
               "来信内容摘要", "来访内容", "信访问题", "反映的问题", "诉求摘要", "诉求描述", "内容")),
    C("key_case", "重点案件", K.YESNO, G.REGISTER, "领导包案或需重点调度的案件填“是”。", dictionary="是否", width=8,
      aliases=("是否重点案件", "领导包案")),
    C("upper_ref", "上级交办文号", K.TEXT, G.REGISTER, "上级机关交办时的文号，没有可空。", identity=True, width=16,
      aliases=("交办文号", "转办文号", "转来编号")),
    C("upper_deadline", "上级报结期限", K.DATE, G.REGISTER, "上级机关要求报结的日期，没有可空。", width=11,
      aliases=("报结期限",)),
    # 交办
    C("assigned_on", "交办日期", K.DATE, G.ASSIGN, "领导小组办公室交办到责任股室的日期；受理告知期限从此日起算。",
      width=11, aliases=("交办时间", "转办时间", "转办日期", "派单时间")),
    C("assigner", "交办人", K.TEXT, G.ASSIGN, "交办此件的工作人员姓名（谁交办）。", width=8, aliases=("交办领导",)),
    C("unit", "责任股室", K.CHOICE, G.ASSIGN, "承办此件的股室，从下拉列表选择。", dictionary="责任股室", width=9,
      aliases=("承办单位", "承办股室", "办理单位", "承办科室", "承办部门", "办理科室", "处理部门", "承办室",
               "具体承办单位", "责任科室", "责任部门", "交办股室")),
    C("handler", "承办人", K.TEXT, G.ASSIGN, "股室具体承办人姓名。", width=8, aliases=("经办人", "承办人员", "办理人", "处理人")),
    # 受理
    C("accepted_on", "受理日期", K.DATE, G.ACCEPT,
      "决定受理的日期（不予受理、转送的，填作出该决定的日期）；60 日办理期限从受理之日起算。", width=11,
      aliases=("受理时间",)),
    C("acceptance_decision", "受理结论", K.CHOICE, G.ACCEPT,
      "受理、不予受理或转送其他机关；不予受理和转送的件不计办理期限，同样须在期限内书面告知信访人。",
      dictionary="受理结论", width=10, aliases=("受理情况",)),
    C("decision_reason", "不予受理理由", K.TEXT, G.ACCEPT,
      "不予受理的理由，写入不予受理告知书（如“已经通过行政复议途径解决”）。", width=18, aliases=("不受理理由",)),
    C("competent_body", "有权处理机关", K.TEXT, G.ACCEPT,
      "转送其他机关的，填转送去向；不予受理的，填告知信访人向其提出的有权处理机关或法定途径。", width=16,
      aliases=("转送机关", "转送去向", "告知去向")),
    C("acceptance_ref", "受理告知书文号", K.TEXT, G.ACCEPT, "如 开城治信受〔2019〕3号。", identity=True, width=20,
      aliases=("受理告知文号", "告知书文号")),
    C("acceptance_served_on", "受理告知书送达日期", K.DATE, G.ACCEPT, "受理告知书当面送达信访人的日期。", width=11,
      aliases=("告知书送达日期", "受理告知日期", "受理告知时间", "告知书送达时间", "告知日期", "告知时间")),
    # 办理
    C("extended", "是否延期", K.YESNO, G.HANDLE, "60 日内无法出具意见、经批准延期的填“是”。", dictionary="是否", width=8),
    C("extension_days", "延期天数", K.INT, G.HANDLE, "延长的日数，最多 30 日。", width=8, min_value=1, max_value=30),
    C("extension_notice_on", "延期告知日期", K.DATE, G.HANDLE, "告知信访人延期理由的日期，须在原办理期限届满前。",
      width=11),
    C("extension_reason", "延期理由", K.TEXT, G.HANDLE, "情况复杂需要延期的具体理由。", width=18),
    C("extension_approver", "延期批准人", K.TEXT, G.HANDLE, "批准延期的本机关负责人。", width=9),
    C("investigation", "调查核实情况", K.TEXT, G.HANDLE, "调查核实的事实和理由，写入处理意见书。", width=24,
      aliases=("调查情况", "核实情况", "查核情况")),
    C("legal_basis", "法规政策依据", K.TEXT, G.HANDLE, "作出处理意见所依据的法律法规和政策，写入处理意见书。", width=20,
      aliases=("政策依据", "法律法规依据", "依据")),
    C("opinion_ref", "处理意见书文号", K.TEXT, G.HANDLE, "如 开城治信处〔2019〕3号。", identity=True, width=20,
      aliases=("意见书文号", "处理意见文号")),
    C("opinion_on", "处理意见出具日期", K.DATE, G.HANDLE, "书面处理意见出具的日期。", width=11,
      aliases=("答复日期", "处理意见日期", "出具意见日期", "答复时间", "回复时间", "回复日期")),
    C("demand_finding", "诉求认定", K.CHOICE, G.HANDLE, "合理、部分合理或不合理。", dictionary="诉求认定", width=9,
      aliases=("诉求合理性",)),
    C("measure", "化解措施", K.CHOICE, G.HANDLE, "解决到位、思想教育、帮扶救助或依法处理。", dictionary="化解措施", width=9),
    C("result", "处理结果", K.TEXT, G.HANDLE, "处理意见的要点及落实情况。", width=24, aliases=("办理结果", "处理意见", "办理答复情况", "调查结果", "答复意见", "办理情况", "处理情况", "答复内容",
               "回复内容", "处置结果", "办结情况", "化解情况", "化解结果", "调处情况", "调处结果", "调解情况",
               "调解结果", "回复情况", "答复情况", "回复意见")),
    # 送达与评价
    C("opinion_served_on", "处理意见送达日期", K.DATE, G.SERVE, "处理意见书送达信访人的日期。", width=11,
      aliases=("送达日期", "意见书送达日期", "答复送达日期")),
    C("service_method", "送达方式", K.CHOICE, G.SERVE, "直接送达、留置送达、邮寄送达或委托送达。", dictionary="送达方式",
      width=9),
    C("receipt_signed", "送达回证签字", K.YESNO, G.SERVE, "信访人是否在送达回证上签字：是/否。", dictionary="是否", width=8,
      aliases=("是否签字", "回证签字")),
    C("satisfaction", "满意度评价", K.CHOICE, G.SERVE, "满意、基本满意、不满意或未参评。", dictionary="满意度", width=9,
      aliases=("满意度", "评价结果", "回访满意度", "结果满意度", "满意度回访", "群众满意度", "满意程度", "满意度评价结果", "满意度测评结果",
               "回访结果", "回访情况", "是否满意")),
    C("evaluated_on", "评价日期", K.DATE, G.SERVE, "信访人作出满意度评价的日期。", width=11,
      aliases=("评价时间", "满意度评价日期", "满意度评价时间", "回访日期", "回访时间")),
    # 息访与结案
    C("settled", "是否息诉息访", K.YESNO, G.SETTLE, "信访人是否已息诉息访：是/否。", dictionary="是否", width=9,
      aliases=("是否息访", "息诉息访", "是否息诉罢访", "息诉罢访", "是否息诉", "是否已息诉息访", "是否已息访",
               "是否息诉停访", "是否停访", "是否化解")),
    C("settled_on", "息访日期", K.DATE, G.SETTLE, "信访人签署息诉息访书的日期。", width=11, aliases=("息诉息访日期",)),
    C("rebounded", "是否反弹", K.YESNO, G.SETTLE, "息访后又再次信访的填“是”。", dictionary="是否", width=8),
    C("rebounded_on", "反弹日期", K.DATE, G.SETTLE, "再次信访的日期。", width=11),
    C("unsettled_analysis", "未息访原因分析", K.TEXT, G.SETTLE, "受理 60 日仍未息访或反弹的，分析原因及症结。", width=20,
      aliases=("未息访原因",)),
    C("next_steps", "下步措施", K.TEXT, G.SETTLE, "针对未息访或反弹制定的下一步工作措施。", width=20,
      aliases=("下一步措施", "下一步工作措施")),
    C("closed_on", "办结日期", K.DATE, G.SETTLE, "形成结案报告或办理情况报告、办结的日期。", width=11,
      aliases=("结案日期", "办结时间", "结案时间")),
    C("reported_on", "报结日期", K.DATE, G.SETTLE, "向上级交办机关报结的日期。", width=11),
    # 审核与归档
    C("reviewer", "审核人", K.TEXT, G.REVIEW, "领导小组办公室审核此件的人员（谁审核）。", width=8),
    C("review_conclusion", "审核结论", K.CHOICE, G.REVIEW, "通过或需整改。", dictionary="审核结论", width=9),
    C("review_opinion", "审核意见", K.TEXT, G.REVIEW, "审核发现的问题和整改要求。", width=20),
    C("rectified_on", "整改完成日期", K.DATE, G.REVIEW, "需整改的件整改完成的日期。", width=11),
    C("dossier_no", "卷宗编号", K.TEXT, G.REVIEW, "归档后的卷宗编号。", identity=True, width=12, aliases=("档号", "卷号")),
    C("remarks", "备注", K.TEXT, G.REVIEW, "其他需要说明的情况。", width=16, aliases=("说明",)),
)

del C, K, G

BY_FIELD: dict[str, Column] = {c.field: c for c in COLUMNS}
BY_HEADER: dict[str, Column] = {c.header: c for c in COLUMNS}
REQUIRED_FIELDS: tuple[str, ...] = tuple(c.field for c in COLUMNS if c.required)

#: Fields whose filling makes a case "建档立卡" (DESIGN §7).
REGISTRATION_FIELDS: tuple[str, ...] = (
    "case_id", "registered_on", "registrar", "source", "form", "petitioner", "township", "category", "demand",
)


#: What a ledger writes for a petitioner without a name or an address to serve at: 信访人 beginning with one of
#: `NAMELESS` (匿名群众, 匿名来信), or a cell holding nothing but one of `UNKNOWN` (不详, 住址不详). A word inside a
#: longer address (“XX村，门牌号不详”) leaves it an address a notice can reach. The deadlines' 姓名、住址不清 and the
#: masked name of a report (a 匿名 is no name to hide) read them here.
NAMELESS = ("匿名", "佚名", "无名氏", "未署名")
UNKNOWN = ("不详", "不清", "未知", "未留")
UNKNOWN_NAMES = (*UNKNOWN, *(f"姓名{w}" for w in UNKNOWN))
UNKNOWN_ADDRESSES = (*UNKNOWN, *(f"住址{w}" for w in UNKNOWN), *(f"地址{w}" for w in UNKNOWN))


def no_name(petitioner: str) -> bool:
    """Whether a 信访人 cell names nobody (匿名群众, 不详, 姓名不详), as Excel's TRIM leaves it."""
    text = petitioner.strip(" ")
    return text.startswith(NAMELESS) or text in UNKNOWN_NAMES


def header(field_name: str) -> str:
    """The Chinese header of a field."""
    return BY_FIELD[field_name].header


def normalize_header(text: Any) -> str:
    """Fold full-width characters, drop spaces and line breaks: how headers are compared."""
    if text is None:
        return ""
    folded = unicodedata.normalize("NFKC", str(text))
    return "".join(folded.split()).replace("（", "(").replace("）", ")")


#: Headers real offices use that could mean more than one column: never guessed, left unread and listed
#: (an office that knows what its column means says so in its 表头对照). header → the fields it might be.
AMBIGUOUS_HEADERS: dict[str, tuple[str, ...]] = {
    "责任单位": ("unit", "township"),  # a 股室, or the township answerable for the matter
    "属事责任单位": ("unit", "township"),
    "责任主体": ("unit", "township"),
    "单位": ("unit", "address"),  # 纪检 registers: the reported official's unit, not the handler
    "发生地点": ("township", "village", "address"),
    "问题发生地": ("township", "village", "address"),
    "事件发生地": ("township", "village", "address"),
    "案件地点": ("township", "village", "address"),  # “新宁镇XX村3组”: the place of the matter, written whole
    "问题地点": ("township", "village", "address"),
    "事发地点": ("township", "village", "address"),
    "问题发生地点": ("township", "village", "address"),
    "责任人": ("handler",),  # 稳控 ledgers: the person answerable for keeping the petitioner steady
    "包案领导": ("handler", "key_case"),
    "化解责任人": ("handler",),  # 矛盾纠纷 ledgers: often a village cadre, not the 股室's 承办人
    "调处责任人": ("handler",),
    "包案责任人": ("handler", "key_case"),
    "交办单位": ("unit", "source"),  # the 股室 it was assigned to, or the higher body that assigned it to us
    "化解时间": ("settled_on", "closed_on"),  # the dispute settled, or the case closed?
    "化解日期": ("settled_on", "closed_on"),
    "状态": ("settled", "closed_on"),
    "办理状态": ("settled", "closed_on"),
    "办结状态": ("settled", "closed_on"),
    "创建时间": ("registered_on",),  # a system's record time, not when the petition arrived
}

#: The office's own mapping of headers and values: a sheet in the ledger or a workbook beside it.
MAPPING_SHEET = "表头对照"
MAPPING_FILE = "表头对照.xlsx"
MAPPING_HEADERS = ("原表头", "标准列", "说明")
MAPPING_VALUE_HEADERS = ("列", "原值", "标准值")
#: What a 标准列 cell says for a column the office wants left unread.
MAPPING_SKIP = "不读取"

#: What `xlkit import` adds to the ledger it makes: how it was made, and the columns it could not place.
IMPORT_NOTES_SHEET = "导入说明"
KEPT_ASIDE_SHEET = "原表其他列"
#: In 导入说明: the block listing the template's columns the original ledger did not have. While such a
#: column is still empty, the imported ledger is read as the original was (the column counts as absent).
IMPORT_ABSENT_TITLE = "原台账没有的列"
#: In 导入说明: a line saying the 字典 sheet is the template's, not the office's (its lists stay advice).
IMPORT_DICTIONARY_LABEL = "字典来源"
IMPORT_BUILTIN_DICTIONARY = "模板内置字典（原台账没有字典表）"


@cache
def header_lookup() -> dict[str, Column]:
    """Every accepted spelling of a header (normalized) → its column."""
    lookup: dict[str, Column] = {}
    for column in COLUMNS:
        for name in (column.header, *column.aliases):
            lookup.setdefault(normalize_header(name), column)
    return lookup


# ---------------------------------------------------------------------------
# Dictionaries (the 字典 sheet starts from these; the office edits them there)

@dataclass(frozen=True)
class Township:
    name: str
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    successor: str | None = None

    def valid_on(self, day: dt.date) -> bool:
        return (self.valid_from is None or day >= self.valid_from) and (self.valid_to is None or day <= self.valid_to)


_MERGE_END = dt.date(2019, 12, 31)
_NEW_FROM = dt.date(2020, 1, 1)

TOWNSHIPS: tuple[Township, ...] = (
    *(Township(n) for n in ("新宁镇", "普安镇", "回龙镇", "永兴镇", "讲治镇", "甘棠镇", "任市镇", "广福镇",
                            "长岭镇", "八庙镇", "灵岩镇", "梅家乡")),
    Township("天师镇", valid_to=_MERGE_END, successor="回龙镇"),
    Township("长田乡", valid_to=_MERGE_END, successor="回龙镇"),
    Township("宝石镇", valid_to=_MERGE_END, successor="讲治镇"),
    Township("沙坝场乡", valid_to=_MERGE_END, successor="新宁镇"),
    Township("骑龙乡", valid_to=_MERGE_END, successor="普安镇"),  # successor inferred, see DESIGN §4
    Township("新太乡", valid_to=_MERGE_END),
    Township("新街乡", valid_to=_MERGE_END),
    Township("靖安乡", valid_to=_MERGE_END),
    Township("淙城街道", valid_from=_NEW_FROM),
)

DICTIONARIES: dict[str, tuple[str, ...]] = {
    "案件来源": ("县纪委", "县监察委", "县信访局", "县扶贫移民局", "本办受理", "其他"),
    "信访形式": ("来信", "来访", "来电", "网上信访", "其他"),
    "信访类型": ("求决类", "建议意见类", "检举控告类", "其他"),
    "问题类别": ("生活垃圾", "污水治理", "村庄清洁", "厕所改造", "畜禽粪污", "容貌秩序", "环境卫生", "设施建设",
              "公共服务", "绿化生态", "违规建设", "其他"),
    "乡镇": tuple(t.name for t in TOWNSHIPS),
    "责任股室": ("综合股", "市容股", "环卫股", "村镇股", "督查股"),
    "受理结论": ("受理", "不予受理", "转送其他机关"),
    "诉求认定": ("合理", "部分合理", "不合理"),
    "化解措施": ("解决到位", "思想教育", "帮扶救助", "依法处理"),
    "送达方式": ("直接送达", "留置送达", "邮寄送达", "委托送达"),
    "满意度": ("满意", "基本满意", "不满意", "未参评"),
    "审核结论": ("通过", "需整改"),
    "是否": (YES, NO),
}

#: Other names of the same built-in value, read as it in a ledger without its own 字典 (a foreign ledger): the
#: 2022 条例 names the type 申诉求决类, 12345 lines rate on five steps. Only words that cannot mean another value —
#: 电话 (来电? 12345?) or 网络 stay advice and are for the office's 表头对照.
VALUE_SYNONYMS: dict[str, dict[str, str]] = {
    "信访类型": {"申诉求决类": "求决类", "申诉求决": "求决类", "求决": "求决类", "建议意见": "建议意见类",
             "意见建议类": "建议意见类", "意见建议": "建议意见类", "检举控告": "检举控告类", "控告检举类": "检举控告类",
             "揭发控告": "检举控告类", "揭发控告类": "检举控告类", "检举揭发": "检举控告类"},
    # a 是否满意 column (信访信息系统 exports) holds 是/否
    "满意度": {"非常满意": "满意", "非常不满意": "不满意", "未评价": "未参评", "未参与评价": "未参评", "不参评": "未参评",
            "是": "满意", "否": "不满意"},
    # a CSV round trip turns a 是否 cell's TRUE into text; forms tick √ and cross ×
    "是否": {"TRUE": "是", "FALSE": "否", "True": "是", "False": "否", "√": "是", "×": "否", "是的": "是",
           "Y": "是", "N": "否", "YES": "是", "NO": "否", "Yes": "是", "No": "否"},
}

#: A 是否 column answered with its own verb (是否息诉息访: 已息访 / 未息访), read as 是 / 否 in that column only.
FIELD_VALUE_SYNONYMS: dict[str, dict[str, str]] = {
    "settled": {"已息访": "是", "已息诉息访": "是", "已息诉": "是", "已息诉罢访": "是", "已停访": "是",
                "未息访": "否", "未息诉息访": "否", "未息诉": "否", "未停访": "否",
                # the answers under 是否化解, a header read as 是否息诉息访
                "已化解": "是", "未化解": "否"},
    "extended": {"已延期": "是", "未延期": "否", "不延期": "否"},
    "rebounded": {"已反弹": "是", "有反弹": "是", "未反弹": "否", "无反弹": "否"},
    "receipt_signed": {"已签字": "是", "已签收": "是", "已签": "是", "未签字": "否", "未签收": "否", "拒签": "否"},
    "key_case": {"重点": "是", "非重点": "否"},
    "poor_household": {"贫困户": "是", "非贫困户": "否"},
}

#: What many offices write under “信访类型”: the way a petition came (群众来访、电话来访、12345市民热线、部门转入),
#: which is 信访形式 or 案件来源, not its type. A value with one of these words and none of `TYPE_WORDS` is a channel.
CHANNEL_WORDS = ("来访", "来信", "来电", "电话", "网上", "网信", "网络", "热线", "12345", "信箱", "转入", "转办", "转交",
                 "交办", "转送", "走访", "上访", "接访", "书信", "信件", "邮件", "邮寄", "短信", "微信", "留言")
TYPE_WORDS = ("求决", "建议", "意见", "检举", "控告", "揭发", "申诉", "咨询", "投诉", "求助", "举报")

#: The campaign's scope (plan §四(一)) and the rule-set boundaries (DESIGN §5).
CAMPAIGN_START = dt.date(2018, 8, 1)
CAMPAIGN_END = dt.date(2020, 12, 31)
#: the day the plan was issued (印发, its 落款 2018年11月7日): its own time limits bind what happens from then on
PLAN_ISSUED = dt.date(2018, 11, 7)
REGULATION_2022_FROM = dt.date(2022, 5, 1)
CAMPAIGN_TYPE = "求决类"
#: the 2022 kinds of matter answered without a 处理意见 period or 复查 (2022 arts. 29, 30)
SUGGESTION_TYPE, ACCUSATION_TYPE = "建议意见类", "检举控告类"
NOT_HANDLED_DECISIONS = ("不予受理", "转送其他机关")
EVALUATED = ("满意", "基本满意", "不满意")
SATISFIED = ("满意", "基本满意")


# ---------------------------------------------------------------------------
# Settings (the 设置 sheet)

@dataclass(frozen=True)
class Setting:
    key: str  # English name used in code
    label: str  # the Chinese label in column A of 设置
    default: Any
    help: str
    kind: Kind = Kind.TEXT
    #: what a value may be: bounds of an integer, a list to choose from, a pattern — declared once here, enforced
    #: by the reader (through pydantic, `validate_setting`) and by the template's data validation
    low: int | None = None
    high: int | None = None
    choices: tuple[str, ...] = ()
    pattern: str | None = None
    rule_text: str = ""  # the rule in words, for messages: "0–60 之间的整数"

    def validate(self, value: Any) -> Any:
        """The value as the setting takes it; raises ValueError when the value breaks the declared rule."""
        return validate_setting(self, value)


SETTINGS: tuple[Setting, ...] = (
    Setting("office_name", "单位名称", "开江县城乡环境综合治理办公室", "文书落款和报表标题使用的单位全称。"),
    Setting("ref_prefix", "文号代字", "开城治信", "文号的代字，如“开城治信受〔2019〕3号”中的“开城治信”。"),
    Setting("due_soon_days", "临期提醒天数", 7, "距期限不超过此天数的环节标为“临期”。", Kind.INT,
            low=0, high=60, rule_text="0–60 之间的整数"),
    Setting("notice_start", "受理告知起算", "交办日期",
            "攻坚行动案件受理告知书 5 日期限从“交办日期”或“登记日期”起算（其他案件一律自登记日期起算 15 日）。",
            choices=("交办日期", "登记日期"), rule_text="“交办日期”或“登记日期”"),
    Setting("analysis_practice", "攻坚期外息访分析", "是",
            "攻坚行动以外的案件受理满 60 日未息访或反弹时，是否也列出“未息访原因分析、下步措施”待办（本办做法，"
            "非法定要求）：是/否。", choices=("是", "否"), rule_text="“是”或“否”"),
    Setting("review_body", "复查机关", "开江县人民政府", "处理意见书告知的复查机关（原办理机关的上一级）。"),
    Setting("office_address", "单位地址", "开江县新宁镇", "送达回证、告知书上的单位地址。"),
    Setting("office_phone", "单位联系电话", "0818-8221234", "告知书上留给信访人的联系电话。"),
    Setting("leader_group", "领导小组办公室", "城乡环境综合治理扶贫领域信访问题三年攻坚行动领导小组办公室",
            "交办单、审核表上的署名。"),
    Setting("standing_office", "日常交办审核机构", "综合股",
            "攻坚行动结束（2020年12月31日）后登记的件，交办单、报告主送、审核表和整改意见书的署名。"),
    # 统计月份/统计季度 are judged by analysis.kpi.Period.from_settings (the one parser of periods), which
    # refuses a bad one naming the cell rather than counting another period
    Setting("report_month", "统计月份", "", "按钮“月度调度”统计的月份，如 2019-09；空则为当月。"),
    Setting("report_quarter", "统计季度", "", "按钮“季度汇总”统计的季度，如 2019Q3；空则为当季。"),
)
SETTINGS_BY_KEY: dict[str, Setting] = {s.key: s for s in SETTINGS}


@cache
def _setting_adapter(key: str):
    """A pydantic validator built from the setting's declared rule (pydantic is imported only when 设置 is read)."""
    from typing import Annotated, Literal

    from pydantic import Field, StrictStr, TypeAdapter

    setting = SETTINGS_BY_KEY[key]
    if setting.kind is Kind.INT:
        rule: Any = Annotated[int, Field(ge=setting.low, le=setting.high)]
    elif setting.choices:
        rule = Literal[setting.choices]
    elif setting.pattern:
        rule = Annotated[StrictStr, Field(pattern=setting.pattern)]
    else:
        rule = Annotated[StrictStr, Field(max_length=200)]
    return TypeAdapter(rule)


def validate_setting(setting: Setting, value: Any) -> Any:
    if isinstance(value, bool) or (setting.kind is Kind.INT and isinstance(value, float) and not value.is_integer()):
        raise ValueError(setting.label)
    if setting.kind is Kind.INT and isinstance(value, float):
        value = int(value)  # a whole number as Excel stores it (7.0), as pydantic's int takes it
    if value.__class__ is setting.default.__class__ and value == setting.default:
        return value  # the declared default keeps its rule (tested): no pydantic for a 设置 left as it came
    from pydantic import ValidationError

    try:
        return _setting_adapter(setting.key).validate_python(value)
    except ValidationError:
        raise ValueError(setting.label) from None

SETTINGS_BY_LABEL: dict[str, Setting] = {s.label: s for s in SETTINGS}

#: The 设置 sheet's holiday-override block: a header cell with this text, then rows of 日期 | 类型 | 说明.
HOLIDAY_BLOCK_TITLE = "节假日调整"
HOLIDAY_KINDS = ("休息日", "工作日")


@dataclass
class Settings:
    """The office's settings, from a ledger's 设置 sheet or the defaults."""

    values: dict[str, Any] = field(default_factory=lambda: {s.key: s.default for s in SETTINGS})
    #: date → True when the office declares it a working day, False when a day off (节假日调整).
    holiday_overrides: dict[dt.date, bool] = field(default_factory=dict)

    def __getattr__(self, key: str) -> Any:
        values = self.__dict__.get("values", {})
        if key in values:
            return values[key]
        raise AttributeError(key)


# ---------------------------------------------------------------------------
# Layout facts other modules share

#: Columns the template adds right of the ledger: formulas computing due dates and the state in Excel/WPS.
#: The reader ignores them (they are recomputed from the law's arithmetic, never trusted, DESIGN §3).
HELPER_HEADERS: tuple[str, ...] = ("受理告知期限", "处理意见期限", "息访分析期限", "期限状态")

#: The validity columns beside 乡镇 on the 字典 sheet.
TOWNSHIP_EXTRA_HEADERS: tuple[str, str, str] = ("启用日期", "停用日期", "并入乡镇")

# ---------------------------------------------------------------------------
# The workbook's sheets (DESIGN §4, §9): the clerk's, and those the tool owns and rewrites

LEDGER_SHEET = "台账"
DICTIONARY_SHEET = "字典"
SETTINGS_SHEET = "设置"
GUIDE_SHEET = "说明"
CALENDAR_SHEET = "工作日历"
#: How a case without 责任股室 is grouped wherever cases are counted or listed by 股室
NO_UNIT = "（未填责任股室）"
RESULT_SHEET = "校验结果"  # the 校验台账 button's findings, and the check report's first sheet
MARK_SHEET = "校验标记"  # the cells the button marked; the template's conditional formatting reads it
OVERDUE_SHEET = "到期提醒"
NOTICE_SHEET = "放假通知"  # where the clerk pastes the State Council's notice for the 节假日调整 button to read
#: Sheets the template or the buttons own besides the ledger (and the pasted notice, the office's 表头对照 and
#: what xlkit import adds); never taken for the ledger.
TOOL_SHEETS = (DICTIONARY_SHEET, SETTINGS_SHEET, GUIDE_SHEET, CALENDAR_SHEET, RESULT_SHEET, MARK_SHEET, OVERDUE_SHEET,
               NOTICE_SHEET, MAPPING_SHEET, IMPORT_NOTES_SHEET, KEPT_ASIDE_SHEET)
#: 校验标记's columns: the marked cell's address (the conditional formatting looks it up), its codes, messages
MARK_HEADERS: tuple[str, str, str] = ("单元格", "规则", "说明")
#: The findings table (the 校验结果 sheet of the button and of the report): `Finding.table_row()` fills it
FINDING_HEADERS: tuple[str, ...] = ("严重程度", "规则", "位置", "列", "案件编号", "值", "问题", "修改建议")
