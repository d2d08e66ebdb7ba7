"""Every rule `xlkit check` applies to a ledger, vectorised over `ledger.frame` (issue 3, DESIGN §4–§5).

Each rule has a stable code, a severity, a title (listed on the template's 说明 sheet via `xlkit.codes`),
and a hint telling the clerk how to fix it. A rule is a generator of findings: the masks are computed
with pandas/numpy over whole columns; Python only loops over the findings that come out.

A rule that needs a column the ledger does not have is skipped, and `C001` says so once per rule.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import unicodedata
from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import replace
from functools import lru_cache

import numpy as np
import pandas as pd

from xlkit.deadlines import engine as dl
from xlkit.deadlines import stages as st
from xlkit.deadlines.calendar import UNCOVERED
from xlkit.findings import Code, Finding, Severity
from xlkit.read.ledger import Ledger
from xlkit.schema import (
    BY_FIELD,
    CAMPAIGN_END,
    CAMPAIGN_START,
    CAMPAIGN_TYPE,
    COLUMNS,
    NOT_HANDLED_DECISIONS,
    REGISTRATION_FIELDS,
    YES,
    Kind,
    header,
)

E, W, N = Severity.ERROR, Severity.WARNING, Severity.INFO  # N: a note (提示)


#: a check's code: code, severity, title (the 说明 sheet, the report's 汇总), hint
Rule = Code

RULES: tuple[Rule, ...] = (
    Rule("C001", N, "检查所需的列不在台账中", "如需这项检查，请按标准模板（xlkit template）补上这些列。"),
    Rule("C002", N, "表头不是标准列名", "这一列不会被读取；如是标准列的别名，请改成模板中的列名，否则可忽略。"),
    Rule("C101", E, "建档立卡必填项为空", "请补填登记信息（建档立卡率要求 100%）。"),
    Rule("C102", E, "已到某一环节但该环节必填项为空", "请按该环节的文书和记录补填此项。"),
    Rule("C110", E, "内容不在字典列表中", "请从下拉列表选择；如确需新增选项，请先在“字典”表中添加。"),
    Rule("C111", E, "乡镇名称不在乡镇表中", "请从下拉列表选择乡镇（街道）；如是新设乡镇，请先在“字典”表的乡镇列添加。"),
    Rule("C113", W, "内容不在内置字典中（台账没有自己的字典表）",
         "台账没有自己的“字典”表，按 xlkit 内置的开江县字典核对，仅供参考：如是本单位的写法，可在表头对照的“原值 | 标准值”里"
         "对应到内置选项（xlkit columns 台账 --write 生成对照表），或在标准台账的“字典”表中添加这一项。"),
    Rule("C112", N, "乡镇在登记时已撤并或尚未设立", "按登记当时的行政区划填写即可；统计时会归入并入后的乡镇。"),
    Rule("C120", E, "身份证号格式或校验位不对", "请对照身份证重新核对号码（18 位，末位可为 X）。"),
    Rule("C121", E, "身份证号中的出生日期不合理", "请对照身份证核对第 7–14 位（出生年月日）。"),
    Rule("C122", N, "15 位旧身份证号", "可以使用；如信访人已换发 18 位身份证，建议更新为新号码。"),
    Rule("C130", E, "联系电话格式不对", "手机填 11 位数字；座机带区号，如 0818-8221234；多个号码用“、”分隔。"),
    Rule("C140", E, "数值超出允许范围", "请填写范围内的整数。"),
    Rule("C150", E, "案件编号重复", "每件案件的编号必须唯一：请核对是否重复登记，或给其中一件改用新编号。"),
    Rule("C160", E, "日期先后顺序不对", "请核对两个日期，通常是其中一个填错了年份或月份。"),
    Rule("C161", W, "日期晚于今天", "请核对日期是否填错（未来的日期尚未发生）。"),
    Rule("C301", E, "已评价满意度但未送达处理意见", "满意度评价须在处理意见书送达之后：请补填处理意见送达日期，或核对满意度。"),
    Rule("C302", E, "已办结但既未息诉息访也未出具处理意见", "办结须有结案报告（已息诉息访）或办理情况报告（已出具处理意见）："
         "请补填是否息诉息访或处理意见出具日期，或清空办结日期。"),
    Rule("C303", E, "填了延期但缺延期天数、告知日期或理由", "延期须经批准并书面告知信访人：请补填延期天数、延期告知日期和延期理由。"),
    Rule("C304", W, "有延期信息但“是否延期”未填“是”", "如确已延期，请把“是否延期”填为“是”；否则清空延期天数和延期告知日期。"),
    Rule("C305", E, "延期超过 30 日", "依法最多延长 30 日：请核对延期天数（超出部分不计入期限）。"),
    Rule("C306", E, "延期告知晚于原办理期限", "延期须在原期限届满前告知信访人，逾期告知的延期不计入期限：请核对延期告知日期。"),
    Rule("C307", W, "处理意见已送达但送达回证未签字", "书面送达签字率要求 100%：请补签送达回证；留置送达的请在备注写明见证人。"),
    Rule("C308", W, "受理 60 日仍未息访或反弹，缺未息访原因分析/下步措施（待办，不计超期）",
         "请填写未息访原因分析和下步措施（攻坚行动案件：实施方案五(二)，未规定完成时限；其他案件为本办做法）。"),
    Rule("C309", N, "非求决类信访，不在攻坚行动统计范围", "照常办理；攻坚行动的指标只统计求决类。"),
    Rule("C310", N, "登记日期早于攻坚行动起始日（2018年8月1日）", "如属历史积案可保留；否则请核对登记日期。"),
    Rule("C311", N, "重复信访人（同一人有多件案件）",
         "请核对是否同一诉求重复登记，必要时合并办理、统一答复。同一事项已出具处理意见、信访人不服的，应告知其自收到书面"
         "答复之日起 30 日内向上一级机关请求复查（2005年《信访条例》第三十四条、2022年《信访工作条例》第三十五条）；"
         "已经复核、仍以同一事实和理由提出的，不再受理（第三十五条第三款、第三十六条第三款），受理结论填“不予受理”。"),
    Rule("C312", W, "审核需整改但未填整改完成日期", "整改完成后请填写整改完成日期；未完成的请督促承办股室尽快整改。"),
    Rule("C313", W, "期限所在年份没有节假日数据", f"已{UNCOVERED}；请在“设置”表的“节假日调整”中补录该年的法定节假日和调休后重新校验"
         "（可用“节假日调整”按钮或 xlkit holidays 读入国务院的放假安排通知）。"),
    Rule("C314", E, "延期未经负责人批准（缺延期批准人）",
         "延期须经本机关负责人批准（2005年《信访条例》第三十三条、2022年《信访工作条例》第三十四条）：请填写延期批准人；"
         "未经批准的延期不计入期限，也不生成延期办理告知书。"),
    Rule("C401", W, "受理告知超期未完成", "请尽快送达受理告知书并填写送达日期；已送达的请补填日期。"),
    Rule("C402", W, "处理意见超期未出具", "请尽快出具处理意见书；确需延期的须在原期限前批准并告知。"),
    Rule("C403", W, "上级报结期限已过仍未报结", "请尽快向上级交办机关报结并填写报结日期；已报结的请补填日期。"),
    Rule("C411", N, "受理告知逾期完成", "已完成但超过期限，计入按期情况统计；无需修改台账。"),
    Rule("C412", N, "处理意见逾期出具", "已出具但超过期限，计入按期答复率；无需修改台账。"),
    Rule("C413", W, "报结晚于上级报结期限", "上级机关会就逾期报结通报：请核对报结日期；确已逾期的，在备注写明原因。"),
)

BY_CODE: dict[str, Rule] = {r.code: r for r in RULES}


# ---------------------------------------------------------------------------
# Plumbing shared by the rules


class Context:
    """What every rule reads: the ledger, its frame, today, the deadlines (computed once)."""

    def __init__(self, ledger: Ledger, today: dt.date):
        self.ledger = ledger
        self.frame = ledger.frame
        self.today = today
        self.rows = ledger.frame.index.to_numpy()
        self.case_ids = ledger.frame["case_id"].to_numpy(dtype=object)
        self.missing: dict[str, set[str]] = {}  # rule code → absent fields it needed
        # cells the reader already said it could not read (a formula error, an unparseable date…): a rule
        # would call them 为空, a second and wrong message for the same cell
        self.unreadable = ledger.unreadable_cells()
        self._deadlines: pd.DataFrame | None = None
        self._columns: dict[tuple[str, str], np.ndarray] = {}
        number_rows = {f.row for f in ledger.findings if f.code == "R003"}
        self.id_as_number = ledger.frame.index.isin(list(number_rows))

    @property
    def deadlines(self) -> pd.DataFrame:
        if self._deadlines is None:
            self._deadlines = dl.compute(self.ledger, self.today)
        return self._deadlines

    def has(self, *fields: str, rule: str) -> bool:
        """True when every field is present; otherwise remember the absent ones for C001."""
        absent = [f for f in fields if not self.ledger.has(f)]
        if absent:
            self.missing.setdefault(rule, set()).update(absent)
        return not absent

    def filled(self, field_name: str) -> np.ndarray:
        return self._once(("filled", field_name), lambda: self.frame[field_name].notna().to_numpy(dtype=bool))

    def yes(self, field_name: str) -> np.ndarray:
        return self._once(("yes", field_name),
                          lambda: (self.frame[field_name] == YES).to_numpy(dtype=bool, na_value=False))

    def days(self, field_name: str) -> np.ndarray:
        return self._once(("days", field_name), lambda: self.frame[field_name].to_numpy(
            dtype="datetime64[ns]").astype("datetime64[D]"))

    def _once(self, key: tuple[str, str], make: Callable[[], np.ndarray]) -> np.ndarray:
        """A column's mask or days, made once for every rule that asks (issue 15: a text column's notna is a
        loop over its cells, asked 70 times a check); read-only, so no rule changes another's."""
        try:
            return self._columns[key]
        except KeyError:
            array = self._columns[key] = make()
            array.flags.writeable = False
            return array

    def emit(self, code: str, mask: np.ndarray, field_name: str,
             message: str | Callable[[int], str], value: Callable[[int], object] | None = None,
             hint: str | None = None) -> Iterator[Finding]:
        """One finding per True in `mask`, at `field_name`'s cell; `message(i)` gets the row's position."""
        rule = BY_CODE[code]
        column = header(field_name)
        positions = np.flatnonzero(mask)
        if not len(positions):
            return
        # the cells' values taken at once, not one pandas look-up a finding (issue 15)
        shown = self.frame[field_name].iloc[positions].tolist() if value is None else None
        letter, sheet, hint = self.ledger.column_of(field_name), self.ledger.sheet, hint or rule.hint
        for k, i in enumerate(positions):
            row = int(self.rows[i])
            cell = f"{letter}{row}"
            if self.unreadable and cell in self.unreadable:
                continue
            text = message(i) if callable(message) else message
            yield rule.finding(text, hint, sheet, cell, row, column, _case(self.case_ids[i]),
                               value(i) if value is not None else _display(shown[k]))


def _case(value: object) -> str | None:
    return None if value is None or (isinstance(value, float) and value != value) else str(value)


def _display(value: object) -> object:
    if value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    if isinstance(value, np.integer):
        return int(value)
    return value


def _between_dates(days: np.ndarray, first: dt.date, last: dt.date) -> np.ndarray:
    return ~np.isnat(days) & (days >= np.datetime64(first, "D")) & (days <= np.datetime64(last, "D"))


@lru_cache(maxsize=8192)
def _date_text(day: np.datetime64) -> str:
    # a few thousand distinct days over tens of thousands of messages: each made once (issue 15)
    return dl.fmt(pd.Timestamp(day).date())


RuleFunction = Callable[[Context], Iterator[Finding]]
#: every rule with the codes its findings carry, so a caller may run only the rules of some codes
_REGISTRY: list[tuple[RuleFunction, frozenset[str]]] = []


def _rule(*codes: str) -> Callable[[RuleFunction], RuleFunction]:
    """Register a rule that gives findings of `codes` (each declared in RULES: an unknown one fails here)."""
    declared = frozenset(BY_CODE[code].code for code in codes)

    def register(function: RuleFunction) -> RuleFunction:
        _REGISTRY.append((function, declared))
        return function

    return register


# ---------------------------------------------------------------------------
# Required fields


#: (stage name, trigger field, trigger is "是" rather than "filled", fields that stage requires)
STAGE_REQUIREMENTS: tuple[tuple[str, str, bool, tuple[str, ...]], ...] = (
    ("交办", "assigned_on", False, ("assigner", "unit", "handler")),
    ("受理告知", "acceptance_served_on", False, ("accepted_on", "acceptance_ref")),
    ("处理意见", "opinion_on", False, ("opinion_ref", "demand_finding", "measure", "result")),
    ("送达", "opinion_served_on", False, ("opinion_on", "service_method", "receipt_signed")),
    ("满意度评价", "evaluated_on", False, ("satisfaction",)),
    ("息诉息访", "settled", True, ("settled_on",)),
    ("反弹", "rebounded", True, ("rebounded_on",)),
    ("办结", "closed_on", False, ("reviewer",)),
)


@_rule("C101")
def required_registration(ctx: Context) -> Iterator[Finding]:
    for field_name in REGISTRATION_FIELDS:
        if not ctx.has(field_name, rule="C101"):
            continue
        label = header(field_name)
        yield from ctx.emit("C101", ~ctx.filled(field_name), field_name, f"“{label}”为空（建档立卡必填）。",
                            hint=f"请补填“{label}”：{BY_FIELD[field_name].help}")


@_rule("C102")
def required_per_stage(ctx: Context) -> Iterator[Finding]:
    for stage, trigger, by_yes, needed in STAGE_REQUIREMENTS:
        if not ctx.has(trigger, rule="C102"):
            continue
        reached = ctx.yes(trigger) if by_yes else ctx.filled(trigger)
        how = f"“{header(trigger)}”为“是”" if by_yes else f"已填“{header(trigger)}”"
        for field_name in needed:
            if not ctx.has(field_name, rule="C102"):
                continue
            label = header(field_name)
            yield from ctx.emit("C102", reached & ~ctx.filled(field_name), field_name,
                                f"{how}（{stage}环节），但“{label}”为空。",
                                hint=f"请补填“{label}”：{BY_FIELD[field_name].help}")


# ---------------------------------------------------------------------------
# Dictionaries, townships, numbers


@_rule("C110", "C113")
def dictionary_values(ctx: Context) -> Iterator[Finding]:
    for column in COLUMNS:
        if column.dictionary is None or column.field == "township" or not ctx.ledger.has(column.field):
            continue
        allowed = ctx.ledger.dictionaries.get(column.dictionary, ())
        series = ctx.frame[column.field]
        bad = (series.notna() & ~series.isin(allowed)).to_numpy(dtype=bool)
        choices = "、".join(allowed)
        if not ctx.ledger.own_dictionaries:  # a foreign ledger: the built-in lists are advice, never an 错误
            yield from _advice(ctx, column.field, bad, allowed)
            continue
        yield from ctx.emit("C110", bad, column.field,
                            lambda i, s=series, c=column: f"“{c.header}”填了“{s.iat[i]}”，不在字典的可选项中。",
                            hint=f"请从下拉列表选择：{choices}。")


def nearest(value: object, choices: Sequence[str]) -> str | None:
    """The built-in choice a foreign value most resembles (a hint, never a correction)."""
    text = str(value)
    best, score = None, 0.0
    for choice in choices:
        ratio = difflib.SequenceMatcher(None, text, choice).ratio()
        if choice in text or text in choice:
            ratio = max(ratio, 0.6)
        if ratio > score:
            best, score = choice, ratio
    return best if score >= 0.3 else None


def _advice(ctx: Context, field_name: str, bad: np.ndarray, allowed: Sequence[str]) -> Iterator[Finding]:
    label = header(field_name)
    series = ctx.frame[field_name]
    rule = BY_CODE["C113"]
    towns = {t.name for t in ctx.ledger.townships} if field_name == "unit" else set()
    for finding in ctx.emit("C113", bad, field_name, lambda i: f"“{label}”填了“{series.iat[i]}”，不在内置字典中。"):
        if finding.value in towns:  # a hotline's 承办单位 is a township: 村镇股 was "closest", and wrong
            yield replace(finding, message=finding.message + f"“{finding.value}”是乡镇名，不是本办的股室。",
                          hint=f"如这一列写的是承办乡镇，请在表头对照中把它对应到“{header('township')}”"
                               f"（xlkit columns 台账 --write 生成对照表）；否则请填本办股室：{'、'.join(allowed)}。")
            continue
        near = nearest(finding.value, allowed)
        extra = f"最接近的内置选项是“{near}”。" if near else f"内置选项：{'、'.join(allowed)}。"
        yield replace(finding, message=finding.message + extra, hint=rule.hint)


@_rule("C111", "C112", "C113")
def township_names(ctx: Context) -> Iterator[Finding]:
    if not ctx.has("township", rule="C111"):
        return
    towns = {t.name: t for t in ctx.ledger.townships}
    series = ctx.frame["township"]
    unknown = (series.notna() & ~series.isin(list(towns))).to_numpy(dtype=bool)
    if ctx.ledger.own_dictionaries:
        yield from ctx.emit("C111", unknown, "township",
                            lambda i: f"乡镇“{series.iat[i]}”不在乡镇表中（也不是已撤并的旧名）。")
    else:
        yield from _advice(ctx, "township", unknown, list(towns))
    if not ctx.has("registered_on", rule="C112"):
        return
    registered = ctx.frame["registered_on"]
    limited = [t for t in towns.values() if t.valid_from or t.valid_to]
    for town in limited:
        is_town = (series == town.name).to_numpy(dtype=bool, na_value=False)
        if not is_town.any():
            continue
        after = (registered > pd.Timestamp(town.valid_to)).to_numpy(dtype=bool, na_value=False) \
            if town.valid_to else np.zeros(len(series), bool)
        before = (registered < pd.Timestamp(town.valid_from)).to_numpy(dtype=bool, na_value=False) \
            if town.valid_from else np.zeros(len(series), bool)
        if town.valid_to:
            successor = f"，已并入{town.successor}" if town.successor else "（并入乡镇未知）"
            text = f"乡镇“{town.name}”已于{dl.fmt(town.valid_to)}后撤并{successor}；本件登记时已不存在该乡镇。"
            hint = (f"按登记当时的区划，问题属地应为“{town.successor}”，请核对后修改。" if town.successor
                    else "请按登记当时的行政区划核对问题属地乡镇。")
            yield from ctx.emit("C112", is_town & after, "township", text, hint=hint)
        if town.valid_from:
            text = f"乡镇（街道）“{town.name}”自{dl.fmt(town.valid_from)}起设立，本件登记时尚未设立。"
            yield from ctx.emit("C112", is_town & before, "township", text,
                                hint="请按登记当时的行政区划核对问题属地乡镇。")


@_rule("C140")
def number_ranges(ctx: Context) -> Iterator[Finding]:
    for column in COLUMNS:
        if column.kind is not Kind.INT or not ctx.ledger.has(column.field):
            continue
        values = ctx.frame[column.field].to_numpy(dtype="float64", na_value=np.nan)
        low = column.min_value if column.min_value is not None else -np.inf
        high = column.max_value if column.max_value is not None else np.inf
        if column.field == "extension_days":
            high = np.inf  # more than 30 days is C305's finding
        bad = ~np.isnan(values) & ((values < low) | (values > high))
        yield from ctx.emit("C140", bad, column.field,
                            lambda i, c=column, v=values: f"“{c.header}”为 {int(v[i])}，应在 {c.min_value}–"
                            f"{c.max_value} 之间。")


# ---------------------------------------------------------------------------
# Identity: ID number, phone


_ID_WEIGHTS = np.array([7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2], dtype=np.int64)
_ID_CHECK = np.frombuffer(b"10X98765432", dtype=np.uint8)


def id_check_ok(ids: Sequence[str]) -> np.ndarray:
    """GB 11643 check digit of 18-character IDs (17 digits + digit/X), vectorised."""
    if not len(ids):
        return np.zeros(0, bool)
    codes = np.frombuffer("".join(ids).encode("ascii"), dtype=np.uint8).reshape(-1, 18)
    digits = codes[:, :17].astype(np.int64) - 48
    return _ID_CHECK[(digits @ _ID_WEIGHTS) % 11] == codes[:, 17]


_ID18 = r"[0-9]{17}[0-9X]"  # [0-9], not \d: other scripts' digits are not ID digits
_ID15 = r"[0-9]{15}"
_SEVERAL_IDS = rf"(?:{_ID18}|{_ID15})(?:、(?:{_ID18}|{_ID15}))+"
_ID_SHAPES = re.compile(rf"({_ID18})|({_ID15})|({_SEVERAL_IDS})")


@_rule("C120", "C121", "C122")
def id_numbers(ctx: Context) -> Iterator[Finding]:
    if not ctx.has("id_number", rule="C120"):
        return
    series = ctx.frame["id_number"].astype(object)
    present = series.notna().to_numpy(dtype=bool) & ~ctx.id_as_number  # R003 already told the clerk
    text = series.where(present, "")
    # each cell's shape in one pass (three pandas passes cost 0.25 s of 100,000 rows, issue 15): 18 digits,
    # 15, or 联名: several numbers, 、 between them (as the reader writes them), each of which must be right
    shapes = np.fromiter((0 if value.__class__ is not str or (found := _ID_SHAPES.fullmatch(value)) is None
                          else found.lastindex for value in text.to_numpy(dtype=object)), dtype=np.int8, count=len(text))
    is18, is15, several = (shapes == 1) & present, (shapes == 2) & present, (shapes == 3) & present
    wrong_one: dict[int, str] = {}
    for i in np.flatnonzero(several):
        wrong = [p for p in text.iat[i].split("、") if len(p) == 18 and not id_check_ok([p])[0]]
        if wrong:
            wrong_one[int(i)] = wrong[0]
    yield from ctx.emit("C120", np.isin(np.arange(len(series)), list(wrong_one)), "id_number",
                        lambda i: f"身份证号“{text.iat[i]}”中的“{wrong_one[i]}”校验位（最后一位）不对，号码中有数字抄错了。")
    malformed = present & ~is18 & ~is15 & ~several
    yield from ctx.emit("C120", malformed, "id_number",
                        lambda i: f"身份证号“{text.iat[i]}”有 {len(text.iat[i])} 位或含非法字符，应为 18 位"
                        "（前 17 位数字，末位数字或 X）。")
    check_ok = np.ones(len(series), bool)
    check_ok[is18] = id_check_ok(text[is18].tolist())
    yield from ctx.emit("C120", is18 & ~check_ok, "id_number",
                        lambda i: f"身份证号“{text.iat[i]}”的校验位（最后一位）不对，号码中有数字抄错了。")
    # birth date: 18-digit positions 7–14, 15-digit positions 7–12 (19YYMMDD)
    births = pd.Series(pd.NaT, index=series.index, dtype="datetime64[ns]")
    births[is18] = pd.to_datetime(text[is18].str.slice(6, 14), format="%Y%m%d", errors="coerce")
    births[is15] = pd.to_datetime("19" + text[is15].str.slice(6, 12), format="%Y%m%d", errors="coerce")
    reference = ctx.frame["registered_on"].fillna(pd.Timestamp(ctx.today))
    born = births.to_numpy(dtype="datetime64[ns]")
    implausible = (is18 | is15) & (np.isnat(born) | (births < pd.Timestamp(1900, 1, 1)).to_numpy(bool)
                                   | (births > reference).to_numpy(dtype=bool, na_value=False))
    yield from ctx.emit("C121", implausible & (check_ok | is15), "id_number",
                        lambda i: f"身份证号“{text.iat[i]}”中的出生日期“{text.iat[i][6:14] if is18[i] else text.iat[i][6:12]}”"
                        "不是合理的日期。")
    yield from ctx.emit("C122", is15 & ~implausible, "id_number",
                        f"“{header('id_number')}”是 15 位旧号码。")


_MOBILE = r"(?:\+?86[- ]?)?1[3-9][0-9](?:[- ]?[0-9]){8}"  # 138 0000 1111 and 138-0000-1111 too
_LANDLINE = r"(?:\(0[0-9]{2,3}\)|0[0-9]{2,3}-?)[2-9][0-9]{6,7}(?:-[0-9]{1,5})?"
_PHONE = re.compile(rf"(?:{_MOBILE}|{_LANDLINE})(?:[、,，;；/ ]+(?:{_MOBILE}|{_LANDLINE}))*")


_DASH_LIKE = str.maketrans(dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212", "-"))


#: what a clerk types for a petitioner who left no number (an anonymous letter, a 联名 of villagers): no number,
#: not a wrong one (C130 was an 错误 on every anonymous case)
NO_PHONE = frozenset({"无", "未留", "没留", "未提供", "拒绝提供", "不详", "未知", "无电话", "未留电话", "不愿提供"})


def _phone_ok(value: object) -> bool:
    """A 联系电话 as typed: full-width digits and dash-like marks fold first (plain ASCII needs no folding:
    one pass a value instead of pandas' four over the column, issue 15)."""
    if not isinstance(value, str):
        return False
    if value.strip() in NO_PHONE:
        return True
    return _PHONE.fullmatch(_folded(value).strip()) is not None


def _folded(text: str) -> str:
    """Full-width digits and dash-like marks as ASCII (plain ASCII, most numbers, is left as it is)."""
    return text if text.isascii() else unicodedata.normalize("NFKC", text).translate(_DASH_LIKE)


@_rule("C130")
def phones(ctx: Context) -> Iterator[Finding]:
    if not ctx.has("phone", rule="C130"):
        return
    series = ctx.frame["phone"].astype(object)
    present = series.notna().to_numpy(dtype=bool)
    values = series.to_numpy()
    ok = np.fromiter((_phone_ok(value) for value in values), bool, len(values))
    yield from ctx.emit("C130", present & ~ok, "phone",
                        lambda i: f"联系电话“{series.iat[i]}”不是有效的手机号（11 位）或带区号的座机号"
                                  f"{_phone_problem(series.iat[i])}。")


_LOCAL_FROM_0_OR_1 = re.compile(r"(?:\(0[0-9]{2,3}\)|0[0-9]{2,3}-)[01][0-9]{6,7}")
_WORDS = re.compile(r"[\u3400-\u9fff]+")


def _phone_problem(value: object) -> str:
    """Why a 联系电话 is not a number (for C130's message, one row at a time): what a clerk can correct."""
    text = _folded(str(value)).strip()
    words = _WORDS.findall(text)
    if words:
        return f"：号码里夹有文字“{'、'.join(words)}”，这一栏只填号码（多个号码用“、”分隔）"
    if _LOCAL_FROM_0_OR_1.fullmatch(text):
        return "：区号后的本地号码不能以 0 或 1 开头，请核对是否抄错"
    digits = re.sub(r"[^0-9]", "", text)
    if digits.startswith("1") and len(digits) != 11 and "-" not in text.lstrip("+"):
        return f"：手机号应为 11 位，这里是 {len(digits)} 位"
    if len(digits) == 11 and digits.startswith("1") and digits[1] in "012":
        return f"：手机号第二位应为 3—9，这里是“{digits[1]}”"
    if re.fullmatch(r"[2-9][0-9]{6,7}", text):
        return "：座机号要带区号，如 0818-8221234"
    return ""


# ---------------------------------------------------------------------------
# Duplicates and repeat petitioners


def _groups(keys: pd.Series) -> dict[object, list[int]]:
    """key → positions, for keys that occur more than once (nulls ignored)."""
    duplicated = keys.notna().to_numpy(dtype=bool) & keys.duplicated(keep=False).to_numpy(dtype=bool)
    positions = np.flatnonzero(duplicated)
    groups: dict[object, list[int]] = {}
    for position, key in zip(positions, keys.to_numpy(dtype=object)[positions], strict=True):
        groups.setdefault(key, []).append(int(position))
    return groups


@_rule("C150")
def duplicate_case_ids(ctx: Context) -> Iterator[Finding]:
    if not ctx.has("case_id", rule="C150"):
        return
    groups = _groups(ctx.frame["case_id"])
    others: dict[int, str] = {}
    for positions in groups.values():
        for p in positions:
            others[p] = "、".join(f"第{int(ctx.rows[q])}行" for q in positions if q != p)
    mask = np.zeros(len(ctx.frame), bool)
    mask[list(others)] = True
    yield from ctx.emit("C150", mask, "case_id",
                        lambda i: f"案件编号“{ctx.case_ids[i]}”与{others[i]}重复。")


@_rule("C311")
def repeat_petitioners(ctx: Context) -> Iterator[Finding]:
    frame = ctx.frame
    keys: list[tuple[str, pd.Series, str]] = []
    if ctx.ledger.has("id_number"):
        ids = frame["id_number"].astype(object).where(~ctx.id_as_number)
        keys.append(("id_number", ids, "同一身份证号"))
    if ctx.ledger.has("phone"):
        both = frame["petitioner"].notna() & frame["phone"].notna()
        pair = (frame["petitioner"].astype(object) + "|" + frame["phone"].astype(object)).where(both)
        keys.append(("petitioner", pair, "同名同电话"))
    if not keys:
        ctx.has("id_number", "phone", rule="C311")
        return
    others: dict[int, tuple[str, list[str]]] = {}
    field_of: dict[int, str] = {}
    for field_name, series, why in keys:
        for positions in _groups(series).values():
            ids = [ctx.case_ids[p] for p in positions]
            if len(set(ids)) < 2:
                continue  # the same case twice is C150's finding
            for p in positions:
                if p in others:
                    continue
                mine = ctx.case_ids[p]
                others[p] = (why, sorted({str(c) for c in ids if c != mine}))
                field_of[p] = field_name
    for field_name in ("id_number", "petitioner"):
        mask = np.zeros(len(frame), bool)
        mask[[p for p, f in field_of.items() if f == field_name]] = True
        yield from ctx.emit("C311", mask, field_name,
                            lambda i: f"信访人“{frame['petitioner'].iat[i]}”还有其他案件（{others[i][0]}）："
                            f"{'、'.join(others[i][1])}。")


# ---------------------------------------------------------------------------
# Dates


#: The case's life in order: each must be on or after every earlier one that is filled.
DATE_CHAIN = ("registered_on", "assigned_on", "accepted_on", "opinion_on", "opinion_served_on", "evaluated_on")
#: (later, earlier): further pairs outside the chain.
DATE_PAIRS = (
    ("acceptance_served_on", "accepted_on"),
    ("extension_notice_on", "accepted_on"),
    # an extension is of a period still running: notified after the opinion was issued, one of the dates is wrong
    ("opinion_on", "extension_notice_on"),
    ("settled_on", "opinion_served_on"),
    ("closed_on", "opinion_served_on"),
    ("rebounded_on", "settled_on"),
    ("rectified_on", "registered_on"),
    ("upper_deadline", "registered_on"),  # a 上级报结期限 before the case was even received
)
#: Dates that may lie in the future.
FUTURE_OK = ("upper_deadline",)


@_rule("C160")
def date_order(ctx: Context) -> Iterator[Finding]:
    needed = set(DATE_CHAIN) | {f for pair in DATE_PAIRS for f in pair}
    present = [f for f in DATE_CHAIN if ctx.ledger.has(f)]
    ctx.has(*sorted(needed, key=lambda f: list(BY_FIELD).index(f)), rule="C160")
    latest = np.full(len(ctx.frame), np.datetime64("NaT"), dtype="datetime64[D]")
    latest_field = np.full(len(ctx.frame), -1)
    checks: list[tuple[str, np.ndarray, np.ndarray]] = []  # (field, earlier date, earlier field index)
    for index, field_name in enumerate(present):
        day = ctx.days(field_name)
        checks.append((field_name, latest.copy(), latest_field.copy()))
        newer = ~np.isnat(day) & (np.isnat(latest) | (day > latest))
        latest = np.where(newer, day, latest)
        latest_field = np.where(newer, index, latest_field)
    for field_name, earlier, earlier_field in checks:
        day = ctx.days(field_name)
        bad = ~np.isnat(day) & ~np.isnat(earlier) & (day < earlier)
        label = header(field_name)
        yield from ctx.emit(
            "C160", bad, field_name,
            lambda i, d=day, e=earlier, f=earlier_field, lb=label: f"“{lb}”{_date_text(d[i])}早于"
            f"“{header(present[f[i]])}”{_date_text(e[i])}。")
    for later, earlier_name in DATE_PAIRS:
        if not (ctx.ledger.has(later) and ctx.ledger.has(earlier_name)):
            continue
        day, earlier = ctx.days(later), ctx.days(earlier_name)
        bad = ~np.isnat(day) & ~np.isnat(earlier) & (day < earlier)
        yield from ctx.emit(
            "C160", bad, later,
            lambda i, d=day, e=earlier, a=later, b=earlier_name: f"“{header(a)}”{_date_text(d[i])}早于"
            f"“{header(b)}”{_date_text(e[i])}。")


@_rule("C161")
def future_dates(ctx: Context) -> Iterator[Finding]:
    today = np.datetime64(ctx.today, "D")
    for column in COLUMNS:
        if column.kind is not Kind.DATE or column.field in FUTURE_OK or not ctx.ledger.has(column.field):
            continue
        day = ctx.days(column.field)
        yield from ctx.emit("C161", ~np.isnat(day) & (day > today), column.field,
                            lambda i, d=day, c=column: f"“{c.header}”{_date_text(d[i])}晚于今天"
                            f"（{dl.fmt(ctx.today)}）。")


# ---------------------------------------------------------------------------
# Stage consistency


@_rule("C301")
def satisfaction_without_service(ctx: Context) -> Iterator[Finding]:
    if not ctx.has("satisfaction", "opinion_served_on", rule="C301"):
        return
    mask = ctx.filled("satisfaction") & ~ctx.filled("opinion_served_on")
    yield from ctx.emit("C301", mask, "satisfaction",
                        lambda i: f"已填满意度评价“{ctx.frame['satisfaction'].iat[i]}”，但没有处理意见送达日期。")


@_rule("C302")
def closed_without_path(ctx: Context) -> Iterator[Finding]:
    if not ctx.has("closed_on", "settled", "opinion_on", rule="C302"):
        return
    mask = ctx.filled("closed_on") & ~ctx.yes("settled") & ~ctx.filled("opinion_on")
    yield from ctx.emit("C302", mask, "closed_on", "已填办结日期，但既未息诉息访，也没有出具处理意见（无法形成结案报告或办理情况报告）。")


@_rule("C303", "C304")
def extension_consistency(ctx: Context) -> Iterator[Finding]:
    if not ctx.has("extended", rule="C303"):
        return
    extended = ctx.yes("extended")
    parts = [f for f in ("extension_days", "extension_notice_on", "extension_reason") if ctx.ledger.has(f)]
    ctx.has("extension_days", "extension_notice_on", "extension_reason", rule="C303")
    lacking = {f: extended & ~ctx.filled(f) for f in parts}
    reported = np.zeros(len(ctx.frame), bool)
    for field_name, mask in lacking.items():
        # one finding per case, at the first empty cell the clerk has to fill
        yield from ctx.emit("C303", mask & ~reported, field_name,
                            lambda i: "“是否延期”为“是”，但缺少" + "、".join(
                                f"“{header(f)}”" for f, m in lacking.items() if m[i]) + "。")
        reported |= mask
    info = np.zeros(len(ctx.frame), bool)
    for f in ("extension_days", "extension_notice_on"):
        if ctx.ledger.has(f):
            info |= ctx.filled(f)
    yield from ctx.emit("C304", info & ~extended, "extended",
                        "填了延期天数或延期告知日期，但“是否延期”不是“是”。")


def _without_period(ctx: Context) -> np.ndarray:
    """Cases whose handling row sets no period to extend: 2022 arts. 29, 30 (建议意见类, 检举控告类 accepted from
    2022-05-01); art. 34's 60 (+30) days and its approval are for 31(六) matters only."""
    rows = st.periods("opinion")
    chosen = ctx.deadlines["opinion_period"].to_numpy(dtype=np.int64)
    none = np.array([p.days is None for p in rows] + [False])  # index -1: no row chosen, the rules stand
    return none[chosen]


@_rule("C314")
def extension_approver(ctx: Context) -> Iterator[Finding]:
    """C314: 2005 art. 33 / 2022 art. 34 — an extension needs the head's approval (延期批准人); not where the
    law sets no period to extend (C309 says so)."""
    if not ctx.has("extended", "extension_approver", rule="C314"):
        return
    unapproved = ctx.yes("extended") & ~ctx.filled("extension_approver") & ~_without_period(ctx)
    yield from ctx.emit("C314", unapproved, "extension_approver",
                        "“是否延期”为“是”，但没有填写延期批准人：未经本机关负责人批准的延期不计入期限。")


@_rule("C305")
def extension_too_long(ctx: Context) -> Iterator[Finding]:
    if not ctx.has("extension_days", rule="C305"):
        return
    values = ctx.frame["extension_days"].to_numpy(dtype="float64", na_value=np.nan)
    too_long = ~np.isnan(values) & (values > dl.MAX_EXTENSION_DAYS) & ~_without_period(ctx)
    yield from ctx.emit("C305", too_long, "extension_days",
                        lambda i: f"延期天数为 {int(values[i])} 日，超过法定最长 30 日。")


@_rule("C306")
def extension_notice_late(ctx: Context) -> Iterator[Finding]:
    if not ctx.has("extension_notice_on", "accepted_on", rule="C306"):
        return
    notice = ctx.days("extension_notice_on")
    original = ctx.deadlines["opinion_original_due"].to_numpy(dtype="datetime64[ns]").astype("datetime64[D]")
    late = ~np.isnat(notice) & ~np.isnat(original) & (notice > original)
    yield from ctx.emit("C306", late, "extension_notice_on",
                        lambda i: f"延期告知日期{_date_text(notice[i])}晚于原办理期限{_date_text(original[i])}，"
                        "该延期不计入期限。")


@_rule("C307")
def unsigned_receipt(ctx: Context) -> Iterator[Finding]:
    if not ctx.has("receipt_signed", "opinion_served_on", rule="C307"):
        return
    unsigned = (ctx.frame["receipt_signed"] == "否").to_numpy(dtype=bool, na_value=False)
    yield from ctx.emit("C307", unsigned & ctx.filled("opinion_served_on"), "receipt_signed",
                        "处理意见书已送达，但送达回证签字为“否”。")


@_rule("C309", "C310")
def campaign_scope(ctx: Context) -> Iterator[Finding]:
    if ctx.has("petition_type", rule="C309"):
        kind = ctx.frame["petition_type"]
        other = (kind.notna() & (kind != CAMPAIGN_TYPE)).to_numpy(dtype=bool)
        # in the campaign's years such a case keeps the statutory notice period: say which, as explain does
        in_years = _between_dates(ctx.days("registered_on"), CAMPAIGN_START, CAMPAIGN_END)
        notice_rows, opinion_rows = st.periods("notice"), st.periods("opinion")
        chosen = ctx.deadlines["notice_period"].to_numpy(dtype=np.int64)
        handling = ctx.deadlines["opinion_period"].to_numpy(dtype=np.int64)
        # 2022 arts. 29, 30: no period, so nothing to extend; the extension rules (C305, C314) leave such a case alone
        extended = ctx.yes("extended") if ctx.ledger.has("extended") else np.zeros(len(kind), bool)
        idle = extended & _without_period(ctx)

        def message(i: int) -> str:
            text = f"信访类型为“{kind.iat[i]}”，不计入求决类攻坚行动的指标"
            if in_years[i] and chosen[i] >= 0:
                period = notice_rows[chosen[i]]
                text += (f"；受理告知不适用方案的 5 日规定，按法定期限：{period.rule}（{period.article}）")
            if idle[i]:
                text += (f"；该件适用{opinion_rows[handling[i]].article}，条例未规定办理期限，无需延期（延期及其批准"
                         "只适用第三十四条的申诉求决类事项），请核对“是否延期”")
            return text + "。"

        yield from ctx.emit("C309", other, "petition_type", message)
    if ctx.has("registered_on", rule="C310"):
        early = ctx.days("registered_on") < np.datetime64(CAMPAIGN_START, "D")
        yield from ctx.emit("C310", early, "registered_on",
                            lambda i: f"登记日期{dl.fmt(ctx.frame['registered_on'].iat[i].date())}早于攻坚行动起始日"
                            f"{dl.fmt(CAMPAIGN_START)}。")


@_rule("C312")
def rectification(ctx: Context) -> Iterator[Finding]:
    if not ctx.has("review_conclusion", rule="C312"):
        return
    needs = (ctx.frame["review_conclusion"] == "需整改").to_numpy(dtype=bool, na_value=False)
    done = ctx.filled("rectified_on") if ctx.ledger.has("rectified_on") else np.zeros(len(needs), bool)
    target = "rectified_on" if ctx.ledger.has("rectified_on") else "review_conclusion"  # the cell to fill
    yield from ctx.emit("C312", needs & ~done, target, "审核结论为“需整改”，但没有整改完成日期。")


# ---------------------------------------------------------------------------
# Deadlines


@_rule("C401", "C402", "C403", "C411", "C412", "C413", "C308")
def deadline_findings(ctx: Context) -> Iterator[Finding]:
    # A stage is judged only when both its start and its completion column exist: without the
    # completion column every case would look overdue (never cry wolf).
    d = ctx.deadlines
    handled = ~ctx.frame["acceptance_decision"].isin(NOT_HANDLED_DECISIONS).to_numpy(dtype=bool)
    needs = dl.stage_fields(ctx.ledger)
    stages = (
        ("notice", "C401", "C411"),
        ("opinion", "C402", "C412"),
        ("upper", "C403", "C413"),
    )
    for key, overdue_code, late_code in stages:
        if not ctx.has(*needs[key], rule=overdue_code):
            continue
        state = d[f"{key}_state"].to_numpy(dtype=object)
        due = d[f"{key}_due"].to_numpy(dtype="datetime64[ns]").astype("datetime64[D]")
        done = d[f"{key}_done"].to_numpy(dtype="datetime64[ns]").astype("datetime64[D]")
        left = d[f"{key}_days_left"].to_numpy(dtype="float64")
        applies = handled if st.STAGE_BY_KEY[key].handled_only else np.ones(len(handled), dtype=bool)
        # the article of the row whose date stands (the law's where it binds the plan's), as explain names it
        basis = d[f"{key}_basis"].to_numpy(dtype=np.int64)
        rows = st.periods(key)
        articles = [p.article for p in rows]

        def cited(i: int, b=basis, a=articles) -> str:
            return f"（依据：{a[b[i]]}）" if b[i] >= 0 else ""

        # each finding sits at the cell whose filling completes the stage under the case's row, named as that
        # row names the stage (2022 art. 23(3): 提出异议, not 受理告知), with the row's own hint if it has one
        by_field = np.array([st.done_field(p) for p in rows] + [st.STAGE_BY_KEY[key].done[0]], dtype=object)[basis]
        named, hinted = st.names(key, basis), st.hints(key, basis)
        for done_field, name, hint in dict.fromkeys(zip(by_field, named, hinted, strict=True)):
            if not ctx.ledger.has(done_field):
                continue
            here = applies & (by_field == done_field) & (named == name) & (hinted == hint)
            yield from ctx.emit(overdue_code, here & (state == dl.OVERDUE), done_field,
                                lambda i, du=due, lf=left, s=name, c=cited: f"{s}期限{_date_text(du[i])}已过 "
                                f"{int(-lf[i])} 日，尚未完成{c(i)}。", hint=hint)
            yield from ctx.emit(late_code, here & (state == dl.LATE), done_field,
                                lambda i, du=due, dn=done, s=name, c=cited: f"{s}于{_date_text(dn[i])}完成，晚于期限"
                                f"{_date_text(du[i])}（逾期 {int((dn[i] - du[i]).astype(int))} 日）{c(i)}。")
    # 60 days after acceptance without settling, or rebounded: 未息访原因分析 and 下步措施 are due
    if not ctx.has(*needs["analysis"], rule="C308"):
        return
    state = d["analysis_state"].to_numpy(dtype=object)
    due = d["analysis_due"].to_numpy(dtype="datetime64[ns]").astype("datetime64[D]")
    rebounded = ctx.yes("rebounded")
    filled = {f: ctx.filled(f) for f in ("unsettled_analysis", "next_steps")}
    target = np.where(filled["unsettled_analysis"], 1, 0)
    # an open task (待办) or one that lapsed when the case settled after day 60; never counted as 超期
    todo = handled & np.isin(state, [dl.TODO, dl.LAPSED])
    lapsed = state == dl.LAPSED

    def message(i: int) -> str:
        missing = "和".join(f"“{header(f)}”" for f in ("unsettled_analysis", "next_steps") if not filled[f][i])
        if lapsed[i]:
            return f"受理满 60 日（{_date_text(due[i])}）时仍未息诉息访（其后才息访），但未填写{missing}；卷宗宜补记。"
        when = f"已反弹（{_date_text(due[i])}）" if rebounded[i] else f"受理满 60 日（{_date_text(due[i])}）仍未息诉息访"
        return f"{when}，未填写{missing}：列为待办（方案未规定完成时限）。"

    for field_name, which in (("unsettled_analysis", 0), ("next_steps", 1)):
        # point at the first empty one of the two cells
        yield from ctx.emit("C308", todo & (target == which), field_name, message)


@_rule("C313")
def uncovered_years(ctx: Context) -> Iterator[Finding]:
    years = ctx.deadlines["uncovered_year"].to_numpy(dtype="float64", na_value=np.nan)
    target = "accepted_on" if ctx.ledger.has("accepted_on") else "case_id"
    yield from ctx.emit("C313", ~np.isnan(years), target,
                        lambda i: f"期限落在 {int(years[i])} 年，节假日数据尚未覆盖该年，期限{UNCOVERED}。")


# ---------------------------------------------------------------------------
# Whole-ledger notes


@_rule("C002")
def unknown_headers(ctx: Context) -> Iterator[Finding]:
    rule = BY_CODE["C002"]
    looks_like = {info.cell: info for info in ctx.ledger.columns}
    for cell, text in ctx.ledger.unknown_headers.items():
        row = int("".join(ch for ch in cell if ch.isdigit()))
        info = looks_like.get(cell)
        extra = ""
        if info is not None and info.note:
            extra = f"（{info.note}）"
        elif info is not None and info.suggestion:
            extra = f"（像是“{header(info.suggestion)}”）"
        yield rule.finding(f"表头“{text}”不是台账的标准列名，该列未读取{extra}。", rule.hint, ctx.ledger.sheet, cell, row,
                           text, None, text)


def missing_column_notes(ctx: Context) -> Iterator[Finding]:
    """C001: one note per rule that could not (fully) run because columns are absent."""
    rule = BY_CODE["C001"]
    order = list(BY_FIELD)
    for code in sorted(ctx.missing):
        fields = sorted(ctx.missing[code], key=order.index)
        names = "、".join(f"“{header(f)}”" for f in fields)
        yield rule.finding(f"台账没有{names}列，“{BY_CODE[code].title}”（{code}）的相应检查已跳过。", rule.hint,
                           ctx.ledger.sheet, "", None, "、".join(header(f) for f in fields))


def run_rules(ledger: Ledger, today: dt.date, codes: Collection[str] | None = None) -> Iterator[Finding]:
    """Every rule's findings, lazily; C001 notes come last, once the rules have said what they missed.

    With `codes`, only the rules giving those codes run, and only findings of those codes come out (C001
    among them when asked for): how another part asks the checks one question instead of checking again.
    """
    wanted = None if codes is None else frozenset(BY_CODE[code].code for code in codes)
    ctx = Context(ledger, today)
    for function, declared in _REGISTRY:
        if wanted is None:
            yield from function(ctx)
        elif not wanted.isdisjoint(declared):
            yield from (f for f in function(ctx) if f.code in wanted)
    if wanted is None or "C001" in wanted:
        yield from missing_column_notes(ctx)
