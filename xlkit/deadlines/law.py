"""The law the deadlines and documents cite: regulation names, article texts, which one applies when.

The texts are those of `shared/reference/` (2005 《信访条例》, 2022 《信访工作条例》, the campaign plan),
quoted verbatim where a document or an explanation repeats them. Which regulation applies is decided
by a date of the case: its receipt (登记日期) for the period of the acceptance decision, the day a 不予受理
or 转送 decision is made (受理日期) for what its notice cites, its acceptance for the handling period, and the
date of the opinion for the 复查/复核 rights the opinion announces: a document cites the rule in force on its date.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from xlkit.schema import ACCUSATION_TYPE, REGULATION_2022_FROM, SUGGESTION_TYPE

REGULATION_2005 = "2005年《信访条例》"
REGULATION_2022 = "2022年《信访工作条例》"
PLAN = "《三年攻坚行动实施方案》"


def regulation(day: dt.date | None) -> str:
    """The regulation in force on `day` (the 2022 one from 2022-05-01, its art. 50)."""
    return REGULATION_2022 if day is not None and day >= REGULATION_2022_FROM else REGULATION_2005


def handling_article(accepted_on: dt.date | None) -> tuple[str, str]:
    """(regulation, article) of the handling period and its extension, by the date of acceptance: 2005 art. 33,
    from 2022-05-01 the 2022 art. 34 (what the 延期办理告知书 cites and the docs run's reasons name)."""
    if regulation(accepted_on) == REGULATION_2022:
        return REGULATION_2022, "第三十四条"
    return REGULATION_2005, "第三十三条"


def split_citation(citation: str) -> tuple[str, str]:
    """(regulation, article) of a citation such as 2022年《信访工作条例》第三十四条; the plan's and other
    citations that name no regulation come back whole as the article."""
    for law in (REGULATION_2022, REGULATION_2005):
        if citation.startswith(law):
            return law, citation[len(law):]
    return "", citation


#: when each civil-law rule on counting periods took effect: 《民法总则》 on 2017-10-01 (its art. 206), 《民法典》
#: on 2021-01-01 (its art. 1260, which repealed both earlier laws)
CIVIL_GENERAL_RULES_FROM = dt.date(2017, 10, 1)
CIVIL_CODE_FROM = dt.date(2021, 1, 1)


def period_law(day: dt.date, working: bool = False) -> str:
    """How periods are counted (start day excluded, a last day off rolls), by the law in force on `day`:
    《民法通则》第一百五十四条 before 2017-10-01, 《民法总则》 arts. 201/203 to 2020, 《民法典》 arts. 201/203 from 2021.

    A period in working days (2022 art. 23(3)) ends on a working day by construction: art. 203's roll has nothing to
    act on, only art. 201's start day not counted applies (the 工作日 periods are all from 2022, under the 《民法典》)."""
    if day >= CIVIL_CODE_FROM:
        return "《民法典》第二百零一条" if working else "《民法典》第二百零一条、第二百零三条"
    if day >= CIVIL_GENERAL_RULES_FROM:
        return "《民法总则》第二百零一条" if working else "《民法总则》第二百零一条、第二百零三条"
    return "《民法通则》第一百五十四条"


#: Verbatim texts, keyed by (regulation, citation). Only what xlkit's documents and explanations quote.
ARTICLES: dict[tuple[str, str], str] = {
    (REGULATION_2005, "第二十一条第一款第（一）项"):
        "对本条例第十五条规定的信访事项，应当告知信访人分别向有关的人民代表大会及其常务委员会、人民法院、人民检察院提出。"
        "对已经或者依法应当通过诉讼、仲裁、行政复议等法定途径解决的，不予受理，但应当告知信访人依照有关法律、行政法规规定"
        "程序向有关机关提出。",
    (REGULATION_2005, "第二十一条第二款"):
        "按照前款第(二)项至第(四)项规定，有关行政机关应当自收到转送、交办的信访事项之日起15日内决定是否受理并书面告知"
        "信访人，并按要求通报信访工作机构。",
    (REGULATION_2005, "第二十二条第一款"):
        "信访人按照本条例规定直接向各级人民政府信访工作机构以外的行政机关提出的信访事项，有关行政机关应当予以登记；"
        "对符合本条例第十四条第一款规定并属于本机关法定职权范围的信访事项，应当受理，不得推诿、敷衍、拖延；对不属于本机关"
        "职权范围的信访事项，应当告知信访人向有权的机关提出。",
    (REGULATION_2005, "第二十二条第二款"):
        "有关行政机关收到信访事项后，能够当场答复是否受理的，应当当场书面答复；不能当场答复的，应当自收到信访事项之日起"
        "15日内书面告知信访人。但是，信访人的姓名(名称)、住址不清的除外。",
    (REGULATION_2005, "第三十三条"):
        "信访事项应当自受理之日起60日内办结；情况复杂的，经本行政机关负责人批准，可以适当延长办理期限，但延长期限不得超过"
        "30日，并告知信访人延期理由。法律、行政法规另有规定的，从其规定。",
    (REGULATION_2005, "第三十四条"):
        "信访人对行政机关作出的信访事项处理意见不服的，可以自收到书面答复之日起30日内请求原办理行政机关的上一级行政机关"
        "复查。收到复查请求的行政机关应当自收到复查请求之日起30日内提出复查意见，并予以书面答复。",
    (REGULATION_2005, "第三十五条"):
        "信访人对复查意见不服的，可以自收到书面答复之日起30日内向复查机关的上一级行政机关请求复核。收到复核请求的行政机关"
        "应当自收到复核请求之日起30日内提出复核意见。",
    (REGULATION_2022, "第二十三条第一款"):
        "党委和政府信访部门以外的其他机关、单位收到信访人直接提出的信访事项，应当予以登记；对属于本机关、单位职权范围的，"
        "应当告知信访人接收情况以及处理途径和程序；对属于本系统下级机关、单位职权范围的，应当转送、交办有权处理的机关、单位，"
        "并告知信访人转送、交办去向；对不属于本机关、单位或者本系统职权范围的，应当告知信访人向有权处理的机关、单位提出。",
    (REGULATION_2022, "第二十三条第二款"):
        "对信访人直接提出的信访事项，有关机关、单位能够当场告知的，应当当场书面告知；不能当场告知的，应当自收到信访事项之日起"
        "15日内书面告知信访人，但信访人的姓名（名称）、住址不清的除外。",
    (REGULATION_2022, "第二十三条第三款"):
        "对党委和政府信访部门或者本系统上级机关、单位转送、交办的信访事项，属于本机关、单位职权范围的，有关机关、单位应当自"
        "收到之日起15日内书面告知信访人接收情况以及处理途径和程序；不属于本机关、单位或者本系统职权范围的，有关机关、单位应当"
        "自收到之日起5个工作日内提出异议，并详细说明理由，经转送、交办的信访部门或者上级机关、单位核实同意后，交还相关材料。",
    (REGULATION_2022, "第二十九条第一款"):
        "对信访人反映的情况、提出的建议意见类事项，有权处理的机关、单位应当认真研究论证。对科学合理、具有现实可行性的，应当"
        "采纳或者部分采纳，并予以回复。",
    (REGULATION_2022, "第三十条第一款"):
        "对信访人提出的检举控告类事项，纪检监察机关或者有权处理的机关、单位应当依规依纪依法接收、受理、办理和反馈。",
    (REGULATION_2022, "第三十四条"):
        "对本条例第三十一条第六项规定的信访事项应当自受理之日起60日内办结；情况复杂的，经本机关、单位负责人批准，可以适当"
        "延长办理期限，但延长期限不得超过30日，并告知信访人延期理由。",
    (REGULATION_2022, "第三十五条"):
        "信访人对信访处理意见不服的，可以自收到书面答复之日起30日内请求原办理机关、单位的上一级机关、单位复查。收到复查请求的"
        "机关、单位应当自收到复查请求之日起30日内提出复查意见，并予以书面答复。",
    (REGULATION_2022, "第三十六条"):
        "信访人对复查意见不服的，可以自收到书面答复之日起30日内向复查机关、单位的上一级机关、单位请求复核。收到复核请求的"
        "机关、单位应当自收到复核请求之日起30日内提出复核意见。",
}


def article_text(law: str, citation: str) -> str:
    """The verbatim text of one cited article (KeyError for one xlkit does not quote)."""
    return ARTICLES[(law, citation)]


@dataclass(frozen=True)
class ReviewRights:
    """What an opinion tells the petitioner about 复查 and 复核 (30 days each from the written answer)."""

    law: str  # 2005年《信访条例》 or 2022年《信访工作条例》
    review: str  # the 复查 article, e.g. 第三十五条
    recheck: str  # the 复核 article, e.g. 第三十六条
    days: int = 30
    #: whether the matter has the rights at all: under 2022 复查/复核 follow a 信访处理意见 (arts. 35, 36), the
    #: 处理意见书 of a 申诉求决类 matter (arts. 31(六), 32); a 建议意见类 matter is answered (art. 29), a 检举控告类
    #: one handled and fed back under its own rules (art. 30), neither is 复查'd
    applies: bool = True

    @property
    def review_citation(self) -> str:
        return f"{self.law}{self.review}"

    @property
    def recheck_citation(self) -> str:
        return f"{self.law}{self.recheck}"

    @property
    def citation(self) -> str:
        """Both articles in one citation: 2022年《信访工作条例》第三十五条、第三十六条."""
        return f"{self.law}{self.review}、{self.recheck}"


#: the 2022 kinds of matter without 复查/复核 (arts. 29, 30); an empty 信访类型 counts as 求决类
NO_REVIEW_TYPES_2022 = (SUGGESTION_TYPE, ACCUSATION_TYPE)


def review_rights(opinion_on: dt.date | None, petition_type: str | None = None) -> ReviewRights:
    """The 复查/复核 articles an opinion cites, by the date it is issued (not the date of acceptance).

    An opinion issued from 2022-05-01 is governed by the 2022 《信访工作条例》 (arts. 35, 36) whatever
    the case's acceptance date; an earlier one by the 2005 《信访条例》 (arts. 34, 35: “信访人对行政机关作出的
    信访事项处理意见不服的”, every matter answered). Without a date (a document printed before the opinion is
    dated) the rule in force today applies. Under 2022 a 建议意见类 or 检举控告类 matter has none (`applies`).
    """
    day = opinion_on or dt.date.today()
    if day >= REGULATION_2022_FROM:
        return ReviewRights(REGULATION_2022, "第三十五条", "第三十六条",
                            applies=petition_type not in NO_REVIEW_TYPES_2022)
    return ReviewRights(REGULATION_2005, "第三十四条", "第三十五条")


#: a 不予受理 reason's words → which provision it rests on (the reason is the clerk's own sentence)
#: 2005 art. 35(3), 2022 art. 36(3): a 复核 done (its 意见 given, 终结), the same facts and reasons again
_REVIEWED = re.compile(r"复核(?:意见|终结|后|完毕|结论|决定)|(?:已经|已|经)[^，。；]{0,20}?复核")
_SAME_WORDS = ("同一", "相同", "不再受理", "终结")
_PENDING_WORDS = ("正在办理", "正在处理", "已经受理", "已受理", "办理期限内", "尚在办理")  # 2005 art. 16, 2022 art. 19(3)
_PENDING = re.compile(r"已由.{1,30}?受理|已向.{1,30}?提出.{0,10}正在")
_LITIGATION_WORDS = ("诉讼", "起诉", "法院", "涉法涉诉", "审判", "检察", "公安")  # 2022 arts. 28(2), 31(一)
_ARBITRATION_WORDS = ("仲裁",)  # 2022 art. 31(二)
_ADMINISTRATIVE_WORDS = ("行政复议", "复议", "行政裁决", "行政确认", "行政许可", "行政处罚")  # 2022 art. 31(四)
_LEGAL_WORDS = (*_LITIGATION_WORDS, *_ARBITRATION_WORDS, *_ADMINISTRATIVE_WORDS, "法定途径", "法律程序")


def refusal_ground(reason: str | None) -> str:
    """What a 不予受理 rests on, from the words of its reason: 复核终结 (the matter has been through 复核 and comes
    back on the same facts), 正在办理 (already accepted or being handled, 复核 included, within its period), 法定途径
    (诉讼, 仲裁, 行政复议 …) or, by default, 职权以外 (not within the office's powers)."""
    text = reason or ""
    pending = any(w in text for w in _PENDING_WORDS) or _PENDING.search(text) is not None
    if (_REVIEWED.search(text) is not None and any(w in text for w in _SAME_WORDS)
            and not ("正在" in text or "尚在" in text)):
        return "复核终结"
    if any(w in text for w in _LEGAL_WORDS):  # before 正在办理: “已由人民法院受理” is a legal route taken
        return "法定途径"
    if pending:  # “复核机关正在办理”: a 复核 under way is a matter being handled, not one finished
        return "正在办理"
    return "职权以外"


def legal_route_articles(reason: str | None) -> tuple[str, ...]:
    """The 2022 provisions of a 法定途径 refusal, by the route its reason names: 诉讼 and the other 政法 procedures
    art. 28(2) (诉讼与信访分离) and 31(一), 仲裁 31(二), 行政复议 and the other administrative procedures 31(四);
    a reason naming none of them (“法定途径”) art. 31."""
    text = reason or ""
    items = [item for words, item in ((_LITIGATION_WORDS, "第（一）项"), (_ARBITRATION_WORDS, "第（二）项"),
                                      (_ADMINISTRATIVE_WORDS, "第（四）项")) if any(w in text for w in words)]
    litigation = any(w in text for w in _LITIGATION_WORDS)
    article = "第三十一条" + "、".join(items) if items else "第三十一条"
    return ("第二十八条第二款", article) if litigation else (article,)


@dataclass(frozen=True)
class DecisionNotice:
    """The written notice of a 不予受理 or 转送 decision: its document and what it cites for its content."""

    decision: str
    document: str  # 不予受理告知书 / 转送告知书
    law: str
    articles: tuple[str, ...]  # the citations for what the notice must say (the period is the notice stage's)
    #: what the notice tells the petitioner, by its ground: 法定途径, 复核终结, 正在办理, 职权以外 (不予受理);
    #: 转送 (2022 art. 23(1): sent on to a lower body of the system, its destination told) or 告知提出 (2005
    #: art. 22(1)/21(2): a department does not 转送, it tells the petitioner where to turn)
    ground: str = ""
    content: str = ""  # the same in a few words, for explanations
    #: 2022 art. 23(3): a matter sent to the office and not within its powers is answered by an objection to the
    #: body that sent it within 5 working days, not by a notice to the petitioner (no document is made)
    objection: bool = False

    @property
    def citation(self) -> str:
        return self.law + "、".join(self.articles)


_REFUSAL_ARTICLES = {  # ground → (2005 articles, 2022 articles)
    "复核终结": (("第三十五条第三款",), ("第三十六条第三款",)),
    "正在办理": (("第十六条",), ("第十九条第三款",)),
    "法定途径": (("第十四条第二款", "第二十一条第一款第（一）项"), ("第二十八条第二款", "第三十一条")),
}
_CONTENT = {
    "复核终结": "写明该事项已经复核、以同一事实和理由提出的不再受理",
    "正在办理": "写明该事项已由有关机关受理、正在办理，不予受理",
    "法定途径": "写明不予受理的理由，并告知依照法定途径向有关机关提出",
    "职权以外": "写明不属本机关职权范围，并告知向有权处理的机关提出",
    "转送": "告知信访人转送、交办去向",
    "异议": "自收到之日起 5 个工作日内向转送、交办机关提出异议并详细说明理由，经核实同意后交还相关材料，不向信访人出具告知书",
    "告知提出": "告知信访人向有权处理的机关提出（本机关不是信访工作机构，不转送）",
}


def decision_notice(decision: str, decided_on: dt.date | None, reason: str | None = None,
                    transferred: bool = False, received_on: dt.date | None = None) -> DecisionNotice | None:
    """The notice a 受理结论 other than 受理 calls for, under the regulation in force on the day the decision is
    made (受理日期; the caller falls back to receipt while it is not recorded): a notice dated 2022-05-06 cites the
    2022 条例 though the matter came in on 2022-04-25 (its 15 days ran from receipt, under 2005 art. 22).

    A 不予受理 cites the provision its reason rests on (`refusal_ground`). A 转送其他机关 of a matter petitioned
    directly (`transferred` False): under 2005 a department that is not a 信访工作机构 does not 转送 — art. 22(1)
    “对不属于本机关职权范围的信访事项，应当告知信访人向有权的机关提出”; under 2022 art. 23(1) it 转送s to a lower
    body of its system “并告知信访人转送、交办去向”. A matter 转送/交办 to the office and not within its powers:
    2005 art. 21(2) (decide within 15 days, tell the petitioner in writing, 通报 the 信访工作机构); 2022 art. 23(3)
    is an objection to the sender, not a notice (`objection`: no document is made; the stage table's row).

    A matter sent to the office that is not within its powers (转送其他机关, or 不予受理 on that ground) is governed by
    the rule in force when it was received (`received_on`): received from 2022-05-01 it is handed back (23(3)),
    received before it was owed the written decision of 2005 art. 21(2) within its 15 days, whenever decided.
    """
    law = regulation(decided_on)
    new = law == REGULATION_2022
    ground = refusal_ground(reason) if decision == "不予受理" else ""
    if transferred and (decision == "转送其他机关" or ground == "职权以外"):
        document = "不予受理告知书" if decision == "不予受理" else "转送告知书"
        if regulation(received_on or decided_on) == REGULATION_2022:
            return DecisionNotice(decision, "", REGULATION_2022, ("第二十三条第三款",), "异议", _CONTENT["异议"],
                                  objection=True)
        ground = ground or "告知提出"
        return DecisionNotice(decision, document, REGULATION_2005, ("第二十一条第二款",), ground, _CONTENT[ground])
    if decision == "不予受理":
        if ground == "法定途径" and new:
            articles = legal_route_articles(reason)
        elif ground in _REFUSAL_ARTICLES:
            articles = _REFUSAL_ARTICLES[ground][new]
        else:
            articles = ("第二十三条第一款",) if new else ("第二十二条第一款",)
        return DecisionNotice(decision, "不予受理告知书", law, articles, ground, _CONTENT[ground])
    if decision == "转送其他机关":
        if new:
            return DecisionNotice(decision, "转送告知书", law, ("第二十三条第一款",), "转送", _CONTENT["转送"])
        return DecisionNotice(decision, "转送告知书", law, ("第二十二条第一款",), "告知提出", _CONTENT["告知提出"])
    return None
