"""What a template may print: the ledger's headers as Jinja names, the derived values, and values as XML text.

Values: dates print as `2019年9月20日`, an empty value prints as a blank line to fill by hand (falsy,
so `{% if 延期理由 %}` still works), text is XML-escaped, characters XML cannot hold are dropped, line
breaks become `<w:br/>`, 4-byte characters (𠮷) are kept.
"""

from __future__ import annotations

import re

from xlkit.output.files import xml_safe
from xlkit.schema import COLUMNS, PLAN_ISSUED


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
    "领导小组办公室": "设置表的领导小组办公室名称（攻坚行动期间的交办、审核机构）",
    "交办审核机构": "交办单署名、报告主送：攻坚行动期间（2018年8月1日至2020年12月31日登记）为领导小组办公室，"
              "此后为设置表的日常交办审核机构",
    "诉求摘要": "诉求内容去掉句末标点和开头的“反映”、多行并为一行，供引在句中（“反映的“…”信访事项”）；超过 100 字的只引前面部分（以“……”结束）",
    "问题属地": "问题属地乡镇和村(社区)连写；村(社区)已写明乡镇的（如“普安镇宝泉塘社区”）不重复乡镇；卷宗封面只印前 40 字",
    "今天": "生成日期（--today），如 2019年9月20日",
    "受理告知期限": (f"受理告知书送达期限（攻坚行动案件自实施方案印发之日（{PLAN_ISSUED.year}年{PLAN_ISSUED.month}月"
                     f"{PLAN_ISSUED.day}日）起交办的，交办日期起 5 日；其余按法规 15 日；末日遇节假日顺延）"),
    "办理期限": "处理意见的办理期限（含已计入的延期）",
    "原办理期限": "受理之日起 60 日的原办理期限",
    "延期后期限": "原办理期限延长“延期天数”后的期限",
    "适用条例": "2005年《信访条例》或 2022年《信访工作条例》（按受理日期）",
    "办理条款": "办理期限条款：第三十三条（2005）或第三十四条（2022）；2022年5月1日起受理的建议意见类为第二十九条第一款、"
            "检举控告类为第三十条第一款（不设办理期限）",
    "办理期限天数": "办理期限的日数（60）；条例未规定办理期限的（2022年5月1日起受理的建议意见类、检举控告类）为空，"
              "用法：{% if 办理期限天数 %}…{% endif %}",
    "复查条款": "复查条款：第三十四条（2005）或第三十五条（2022），按文书日期（处理意见书为处理意见出具日期，息诉息访书为息访日期）",
    "复查依据": "复查的完整出处，按文书日期（同复查条款），如 2022年《信访工作条例》第三十五条",
    "复查复核依据": "复查、复核的出处，按文书日期（同复查条款），如 2005年《信访条例》第三十四条、第三十五条",
    "复查告知": "处理意见书、息诉息访书是否告知复查、复核权利：“是”，或 2022年5月1日起出具的建议意见类、检举控告类为空"
            "（2022年《信访工作条例》第二十九条、第三十条、第三十五条），用法：{% if 复查告知 %}…{% endif %}",
    "告知依据": "不予受理、转送告知书的条款（按作出决定之日即受理日期，未填的按登记日期；不予受理按其理由："
            "复核终结 2005年《信访条例》第三十五条第三款、2022年《信访工作条例》第三十六条第三款，正在办理 第十六条、"
            "第十九条第三款，法定途径 第十四条第二款和第二十一条第一款第（一）项、2022年按途径 第二十八条第二款和第三十一条"
            "第（一）项、第（二）项或第（四）项，其他 第二十二条第一款、第二十三条第一款；转送、交办来的不属本机关职权范围的，"
            "2022年5月1日前收到的 2005年条例第二十一条第二款，此后收到的向转送、交办机关提出异议、不出告知书）",
    "告知情形": "不予受理告知书：复核终结、正在办理、法定途径、职权以外；转送告知书：转送（2022年5月1日起，第二十三条第一款）、"
            "告知提出（此前：本机关不是信访工作机构，依 2005年《信访条例》第二十二条第一款告知信访人向有权的机关提出）",
    "受理告知方式": "交办单的受理告知要求：告知（出具告知书）、异议（2022年5月1日起收到的转送、交办事项不属本机关职权范围，"
              "5 个工作日内向转送、交办机关提出异议，2022年《信访工作条例》第二十三条第三款）、不告知（信访人姓名、住址不清）",
    "受理告知依据": "受理告知期限的条款（期限表），如 2005年《信访条例》第二十二条第二款",
    "告知文书": "受理结论对应的告知书：受理告知书、不予受理告知书或转送告知书",
    "不予办理": "受理结论为不予受理或转送其他机关时为“是”（不计办理期限），否则为空",
    "来件机关": "转送、交办来的事项的案件来源（未写明的为“转送、交办机关”），信访人直接提出的为空",
    "转送交办机关": "转送、交办来的事项的案件来源（如 县信访局），信访人直接提出的为空",
    "延期告知书文号": "延期办理告知书的文号（代字＋延〔年份〕＿号，号数手填）",
    "送达文书名称": "送达回证：所送达文书的名称",
    "送达文书文号": "送达回证：所送达文书的文号",
    "送达文书名称及文号": "送达回证：名称（文号）",
    "送达时间": "送达回证：已送达的日期，未送达时为空白待填",
    "本次送达方式": "送达回证：处理意见书取台账的送达方式，其他文书空白待填",
    "满意框": "始终为 ☐：评价表空白打印，由信访人本人勾选",
    "基本满意框": "始终为 ☐（同上）",
    "不满意框": "始终为 ☐（同上）",
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


def xml_text(value: str) -> str:
    """Escape for a `<w:t>`; drop characters XML forbids; line breaks and tabs become Word's own."""
    text = xml_safe(value.replace("\r\n", "\n").replace("\r", "\n"))
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    return text.replace("\n", _BR).replace("\t", _TAB)
