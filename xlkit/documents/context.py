"""The context of a case's documents: every placeholder's value for one case, and what each document adds."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from xlkit.deadlines.engine import fmt as fmt_date
from xlkit.deadlines.law import handling_article, review_rights, split_citation
from xlkit.deadlines.stages import case_notice, transferred
from xlkit.documents.catalog import BY_KEY, DocKind, reviewing_body
from xlkit.documents.placeholders import (
    ALIAS_PLACEHOLDERS,
    BLANK_DATE,
    BLANK_LINES,
    BLANK_TEXT,
    FIELD_PLACEHOLDERS,
)
from xlkit.documents.plan import Case
from xlkit.output.layout import text_width
from xlkit.read.ledger import Ledger
from xlkit.schema import BY_FIELD, NOT_HANDLED_DECISIONS, Kind

#: text fields a template prints inside a sentence: their own end punctuation would double the template's
#: (“因需现场核查。，经……”)
MID_SENTENCE_FIELDS = ("extension_reason", "decision_reason", "competent_body")
_END_PUNCTUATION = "。．.，,；;：:、！!？?\n\r\t 　"
_QUOTES = "“”\"'‘’「」"


def mid_sentence(text: str) -> str:
    """A value written into a sentence: without its own end punctuation, spaces or wrapping quotes."""
    return text.strip().strip(_QUOTES).rstrip(_END_PUNCTUATION).strip(_QUOTES).rstrip(_END_PUNCTUATION)


#: The most characters of 诉求内容 a sentence quotes (“反映的“…”信访事项”): a 700-character 诉求 quoted whole made
#: the 息诉息访书 three pages long; the 处理意见书 prints it whole under 一、信访诉求.
SUMMARY_LIMIT = 100
#: One-page forms signed or checked by hand: a text longer than `FORM_TEXT_LIMIT` is cut (at a sentence end
#: where there is one) and says where the whole text is, so the form's signature lines stay on its one page
#: (a 700-character 诉求内容 put the 满意度评价表's 评价结果 and 签名 on page 2, a long 审核意见 the 备考表's 立卷人).
FORM_TEXT_LIMIT = 80
#: The 卷宗封面's items are cut shorter, to two of its lines each (about 26 characters a line; 信访人 also
#: stands in the 案卷题名), ending “……”: a 联名 信访人, a long 村(社区) and a long 股室 put its 立卷日期 on page 2.
#: The documents inside the dossier print them whole.
COVER_LIMITS = {"petitioner": 30, "unit": 30, "handler": 12}
COVER_PLACE_LIMIT = 40
#: How wide (CJK counting 2) a 送达回证's 送达文书 line is: 《信访事项处理意见书》（开城治信处〔2020〕100号） is 49 and
#: printed its 号 alone under 100; a longer name and 文号 puts the 文号 on a line of its own.
RECEIPT_LINE_WIDTH = 48
FORM_TEXTS: dict[str, dict[str, tuple[str | None, int]]] = {  # kind → placeholder cut → (where its whole text is, limit)
    "satisfaction": {FIELD_PLACEHOLDERS["demand"]: ("处理意见书", FORM_TEXT_LIMIT)},
    "closing_note": {FIELD_PLACEHOLDERS["review_opinion"]: ("审核表", FORM_TEXT_LIMIT),
                     FIELD_PLACEHOLDERS["remarks"]: ("台账", FORM_TEXT_LIMIT)},
    "cover": {**{FIELD_PLACEHOLDERS[field]: (None, limit) for field, limit in COVER_LIMITS.items()},
              "问题属地": (None, COVER_PLACE_LIMIT)},
}


def shortened(text: str, limit: int, where: str | None = None) -> str:
    """`text` if it has at most `limit` characters; else its beginning up to a sentence end (or `limit`),
    then “……” and, with `where`, （全文见…）."""
    if len(text) <= limit:
        return text
    head = text[:limit]
    end = max(head.rfind(mark) for mark in "。；！？")
    if where:  # a form's field: the sentences that fit, then where the rest is (never a “……” broken in two)
        head = head[:end + 1] if end >= limit // 2 else head.rstrip(_END_PUNCTUATION) + "……"
        return f"{head}（下略，全文见{where}）"
    return (head[:end] if end >= limit // 2 else head.rstrip(_END_PUNCTUATION)) + "……"


def place(township: Any, village: Any) -> str:
    """问题属地乡镇 and 村(社区) as one place, the township not written twice where the 村(社区) already names it
    (“普安镇宝泉塘社区”, “开江县普安镇宝泉塘社区”); a blank to fill by hand for what is missing."""
    town = str(township).strip() if township not in (None, "") else ""
    spot = str(village).strip() if village not in (None, "") else ""
    if town and spot and town in spot:
        return spot
    return f"{town or BLANK_TEXT}{spot or BLANK_TEXT}"


#: what stands between two telephone numbers typed in one cell (“13800001111、0818-8221234”, “138… / 139…”)
_PHONE_SEPARATOR = re.compile(r"\s*[、，,；;/／|]\s*")


def phone_lines(phone: Any) -> str | None:
    """Several numbers of one 联系电话 cell one under the other, as the forms' narrow 联系电话 box prints them; None
    for one number. LibreOffice finds no place to break “13800001111、0818-8221234” (digits, a comma, digits) and
    cut the mobile number after its tenth digit."""
    if not isinstance(phone, str):
        return None
    parts = []
    for part in _PHONE_SEPARATOR.split(phone.strip()):
        pieces = part.split()
        # “13800001111 13900002222” is two numbers; “138 0000 1111” and “0818 8221234” are one, as typed
        if len(pieces) > 1 and all(sum(ch.isdigit() for ch in piece) >= 7 for piece in pieces):
            parts += pieces
        elif part:
            parts.append(part)
    if len(parts) < 2 or sum(any(ch.isdigit() for ch in part) for part in parts) < 2:
        return None
    return "\n".join(parts)


def demand_summary(demand: str | None) -> str | None:
    """The 诉求内容 as quoted in a sentence (“反映的“…”信访事项”): one line, without a leading 反映
    (“反映的“反映……”) or its end punctuation (“……。”的), at most `SUMMARY_LIMIT` characters."""
    if not demand:
        return None
    text = "；".join(line.strip().rstrip(_END_PUNCTUATION) for line in str(demand).splitlines() if line.strip())
    text = mid_sentence(text)
    for verb in ("反映", "信访反映"):
        if text.startswith(verb) and len(text) > len(verb):
            text = text[len(verb):].lstrip("：:，, ")
    return shortened(text, SUMMARY_LIMIT) or None


def settings_context(ledger: Ledger, today: dt.date) -> dict[str, Any]:
    """What every document of the run prints from 设置, and the day it was made."""
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


def case_context(ledger: Ledger, case: Case, base: dict[str, Any], listed: list[DocKind]) -> dict[str, Any]:
    """Everything a template of this case may print, keyed by placeholder."""
    values = case.values
    context = dict(base)
    for field_name, name in FIELD_PLACEHOLDERS.items():
        context[name] = _value(field_name, values.get(field_name))
    if "case_id" not in ledger.positions:  # no 案件编号 column: “第5行” names the case, it is no number to print
        context[FIELD_PLACEHOLDERS["case_id"]] = BLANK_TEXT
    for name, field_name in ALIAS_PLACEHOLDERS.items():
        context[name] = context[FIELD_PLACEHOLDERS[field_name]]
    for field_name in MID_SENTENCE_FIELDS:
        if isinstance(values.get(field_name), str) and mid_sentence(values[field_name]):
            context[FIELD_PLACEHOLDERS[field_name]] = mid_sentence(values[field_name])
    context["诉求摘要"] = demand_summary(values.get("demand")) or BLANK_TEXT
    context["问题属地"] = place(values.get("township"), values.get("village"))
    phones = phone_lines(values.get("phone"))
    if phones:
        context[FIELD_PLACEHOLDERS["phone"]] = phones
    context["交办审核机构"] = reviewing_body(ledger.settings, values) or BLANK_TEXT
    accepted = values.get("accepted_on")
    d = case.deadlines
    # the handling period's article is the stage table's row for this case (2022 arts. 29/30 have no period)
    rule = d.get("opinion_rule")
    law, clause = (split_citation(rule.article) if rule is not None
                   else handling_article(accepted or values.get("registered_on")))
    context["适用条例"], context["办理条款"] = law, clause
    context["办理期限天数"] = str(rule.days) if rule is not None and rule.days else ""
    context.update(review_context(values, base["_today"]))
    # the decision is made on 受理日期: its notice cites the rule in force that day (receipt while not recorded)
    sent = transferred(values.get("source"))
    notice = case_notice(values)
    context["告知依据"] = notice.citation if notice else BLANK_TEXT
    context["告知情形"] = notice.ground if notice else ""
    # 2005 art. 21(2): the decision on a matter sent to the office is also reported (通报) to the body that sent it
    reported = sent and notice is not None and notice.citation.endswith(("第二十一条第二款", "第二十三条第三款"))
    context["转送交办机关"] = ("" if not reported else values["source"] if values["source"] != "其他"
                         else "转送、交办机关")
    context["受理告知期限"] = fmt_date(d.get("notice_due")) or BLANK_DATE
    # the notice stage's row: the 2022 art. 23(3) objection is owed to the sender, not a notice to the petitioner;
    # a petitioner whose name or address is unclear is owed none (2005 art. 22(2), 2022 art. 23(2))
    notice_rule = d.get("notice_rule")
    objection = (notice_rule is not None and notice_rule.done == "accepted_on") or (notice is not None and notice.objection)
    context["受理告知方式"] = ("异议" if objection else
                         "不告知" if notice_rule is not None and notice_rule.days is None else "告知")
    context["受理告知依据"] = notice_rule.article if notice_rule is not None else BLANK_TEXT
    decision = values.get("acceptance_decision")
    context["告知文书"] = {"不予受理": "不予受理告知书", "转送其他机关": "转送告知书"}.get(decision, "受理告知书")
    context["不予办理"] = "是" if decision in NOT_HANDLED_DECISIONS else ""
    context["来件机关"] = ("" if not sent else values["source"] if values["source"] != "其他"
                       else "转送、交办机关")
    context["办理期限"] = fmt_date(d.get("opinion_due")) or BLANK_DATE
    context["原办理期限"] = fmt_date(d.get("opinion_original_due")) or BLANK_DATE
    context["延期后期限"] = fmt_date(d.get("opinion_extended_due")) or BLANK_DATE
    year = (values.get("extension_notice_on") or accepted or base["_today"]).year
    context["延期告知书文号"] = f"{ledger.settings.ref_prefix or ''}延〔{year}〕＿＿号"
    for label in ("满意", "基本满意", "不满意"):  # never pre-ticked: the petitioner marks the form
        context[f"{label}框"] = "☐"
    context["空行"] = BLANK_LINES
    entries = [k for k in listed if not k.frame]
    context["文书目录"] = [_index_line(ledger, i, k, values, context) for i, k in enumerate(entries, 1)]
    context["文书件数"] = str(len(entries))
    context.pop("_today", None)
    return context


def _index_line(ledger, number: int, kind: DocKind, values: dict, context: dict) -> dict[str, Any]:
    ref = values.get(kind.index_ref) if kind.index_ref else None
    if kind.key == "extension":
        ref = context["延期告知书文号"]
    if kind.key in ("settlement", "satisfaction"):
        author = values.get("petitioner")
    elif kind.key in ("closing_report", "progress_report"):
        author = values.get("unit") or ledger.settings.office_name
    elif kind.key == "assignment":
        author = reviewing_body(ledger.settings, values) or ledger.settings.office_name
    else:
        author = ledger.settings.office_name
    day = values.get(kind.index_date) if kind.index_date else None
    return {"序号": str(number), "文号": ref or "", "责任者": author or "", "题名": kind.name,
            "日期": fmt_date(day), "页号": ""}


#: the date a document that restates the 复查/复核 rights is signed on, where it is not the opinion's own
_REVIEW_DATE = {"settlement": "settled_on"}


def review_context(values: dict, today: dt.date | None, kind: DocKind | None = None) -> dict[str, str]:
    """The 复查/复核 placeholders of a document: the rights of the regulation in force on the document's own date —
    the 处理意见书's 出具日期 (whatever the acceptance date), the 息诉息访书's 息访日期 (an opinion of 2022-04-26
    signed off on 2022-05-25 is 复查'd under 2022 art. 35) — or, while that date is blank (printed to be signed),
    on the day it is printed. 2022 arts. 29, 30, 35: a 建议意见类 or 检举控告类 matter's answer announces none."""
    field_name = _REVIEW_DATE.get(kind.key, "opinion_on") if kind is not None else "opinion_on"
    rights = review_rights(values.get(field_name) or today, values.get("petition_type"))
    return {"复查告知": "是" if rights.applies else "", "复查条款": rights.review, "复查依据": rights.review_citation,
            "复查复核依据": rights.citation}


def kind_context(context: dict[str, Any], kind: DocKind, values: dict,
                 today: dt.date | None = None) -> dict[str, Any]:
    """The case's context plus what one document adds (its name; for a 送达回证 the document served; the 复查/复核
    rights of its own date, `review_context`)."""
    result = dict(context)
    result["文书名称"] = kind.name
    if kind.key in _REVIEW_DATE:
        result.update(review_context(values, today, kind))
    for name, (where, limit) in FORM_TEXTS.get(kind.key, {}).items():
        if isinstance(result.get(name), str):
            result[name] = shortened(result[name], limit, where)
    if kind.delivers:
        served_kind = BY_KEY[kind.delivers]
        name = served_kind.name
        ref = values.get(served_kind.index_ref) if served_kind.index_ref else context["延期告知书文号"]
        result["送达文书名称"] = name
        result["送达文书文号"] = ref or BLANK_TEXT
        both = f"《{name}》（{ref}）" if ref else f"《{name}》"
        result["送达文书名称及文号"] = f"《{name}》\n（{ref}）" if ref and text_width(both) > RECEIPT_LINE_WIDTH else both
        served = values.get(kind.index_date)
        result["送达时间"] = fmt_date(served) if served else BLANK_DATE
        method = values.get(kind.service_method) if kind.service_method else None
        result["本次送达方式"] = method or BLANK_TEXT
    else:
        for name in ("送达文书名称", "送达文书文号", "送达文书名称及文号", "本次送达方式"):
            result[name] = BLANK_TEXT
        result["送达时间"] = BLANK_DATE
    return result
