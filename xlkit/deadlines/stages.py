"""The stage table: every timed stage of a case in one place (issue 16 item 8; DESIGN §5).

A row (`Period`) says, for one kind of case: from which field the stage starts, how many days, calendar
or working days (or a date given by someone else), how long it may be extended, and the rule and
article that apply. Which row a case gets is decided by a few facts about the case (`FACTS`: is it a
campaign case, which regulation was in force, was it petitioned directly or transferred, what kind of
matter it is), the first row whose facts all hold winning.

Three engines read this table and nothing else for the rules: `deadlines.compute` (vectorised over the
ledger), `deadlines.explain` (one case, step by step) and the template's helper formulas (Excel/WPS).
Each fact is written once per engine, side by side below, and the tests hold the three to one answer.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum

import numpy as np
import pandas as pd

from xlkit.deadlines.law import PLAN, REGULATION_2005, REGULATION_2022, DecisionNotice, decision_notice
from xlkit.schema import (
    ACCUSATION_TYPE,
    CAMPAIGN_END,
    CAMPAIGN_START,
    CAMPAIGN_TYPE,
    NAMELESS,
    NOT_HANDLED_DECISIONS,
    PLAN_ISSUED,
    REGULATION_2022_FROM,
    SUGGESTION_TYPE,
    UNKNOWN_ADDRESSES,
    UNKNOWN_NAMES,
    header,
    no_name,
)

DIRECT_SOURCE = "本办受理"


def transferred(source: object) -> bool:
    """Whether a 案件来源 names a body that sent the matter (转送, 交办), not the office's own receipt."""
    return source not in (None, "", DIRECT_SOURCE)


def case_notice(values: Mapping) -> DecisionNotice | None:
    """The written notice of a case's 不予受理 or 转送 decision (`law.decision_notice`), from its ledger values: made
    on 受理日期 (receipt while that is not recorded); a matter sent to the office follows the rule of its receipt."""
    return decision_notice(values.get("acceptance_decision") or "",
                           values.get("accepted_on") or values.get("registered_on"), values.get("decision_reason"),
                           transferred(values.get("source")), values.get("registered_on"))
REFERRED = NOT_HANDLED_DECISIONS[1]  # 转送其他机关

#: A period's start that is not a column: the 设置 entry 受理告知起算 chooses 交办日期 or 登记日期.
NOTICE_START = "notice_start"


class Unit(StrEnum):
    CALENDAR = "日"  # calendar days, start excluded, a last day off rolls to the next working day
    WORKING = "工作日"  # working days (the 2022 条例 writes some periods so)
    GIVEN = "指定日期"  # the due date itself is given (a higher body's 报结期限): no counting, no rolling


@dataclass(frozen=True)
class Stage:
    key: str  # notice / opinion / analysis: the prefix of compute()'s columns
    name: str  # the Chinese name `overdue` and `explain` print
    done: tuple[str, ...]  # the fields whose filling completes the stage
    handled_only: bool  # only for cases whose 受理结论 is 受理 (or empty)
    task: bool = False  # an open task without a time limit (待办), never 超期
    #: the other fields its arithmetic reads (besides its periods' start fields and `done`): a cell among
    #: them that the reader could not read leaves the stage unjudged for that case (`inputs()`)
    reads: tuple[str, ...] = ()


STAGES: tuple[Stage, ...] = (
    # 不予受理 and 转送 are decisions too: the same written notice within the same period (issue 10 item 3)
    Stage("notice", "受理告知", ("acceptance_served_on",), handled_only=False,
          reads=("registered_on", "petition_type", "source", "petitioner", "address", "acceptance_decision")),
    Stage("opinion", "处理意见", ("opinion_on",), handled_only=True,
          reads=("acceptance_decision", "petition_type", "extended", "extension_days", "extension_notice_on",
                 "extension_approver")),
    # plan §五(二) sets no time limit: an open task (待办) from day 60 or the rebound, never 超期 (issue 10 item 5)
    Stage("analysis", "息访分析", ("unsettled_analysis", "next_steps"), handled_only=True, task=True,
          reads=("acceptance_decision", "registered_on", "petition_type", "settled", "settled_on", "rebounded",
                 "rebounded_on")),
    # the higher body's own date for the report (上级报结期限), closed by 报结日期 (issue 10 item 9)
    Stage("upper", "上级报结", ("reported_on",), handled_only=False),
)
STAGE_BY_KEY: dict[str, Stage] = {s.key: s for s in STAGES}


@dataclass(frozen=True)
class Period:
    """One row of the stage table."""

    stage: str  # Stage.key
    label: str  # which cases, in a few Chinese words (the 说明 sheet lists the rows)
    when: tuple[tuple[str, bool], ...]  # (fact, required value): all must hold
    start: str  # a field name, or NOTICE_START
    days: int | None  # None: the law sets no time limit (the rule says so)
    unit: Unit
    rule: str
    article: str
    extension: int = 0  # at most this many days more (approved and notified before the original due date)
    #: the due date is at the latest that of the first later row whose facts hold: the plan's 5 days from 交办
    #: add to the law, they cannot extend its 15 days from receipt (登记日期)
    within_law: bool = False
    #: the field whose filling completes the stage for this row, when not the stage's own (`Stage.done[0]`)
    done: str | None = None
    #: what the stage is called for these cases, where not the stage's name (2022 art. 23(3): an objection to the
    #: sender is no 受理告知), and what to do when it is overdue (else the rule's own hint)
    name: str | None = None
    hint: str | None = None


_NO_LIMIT = "条例未规定办理期限，不计 60 日期限"
#: 2022 art. 23(3)'s stage for a matter sent to the office and outside its powers: an objection to the sender
OBJECTION = "提出异议"

def _unclear(proviso: str) -> str:
    return (f"信访人的姓名（名称）、住址不清，无从书面告知，不计受理告知期限（条文：“{proviso}”；转送、交办来的事项"
            "条文未写此但书，同样无从告知，按同一但书掌握）")

PERIODS: tuple[Period, ...] = (
    # 2022 art. 23(3): a matter 转送/交办 to the office that is not within its powers (受理结论 转送其他机关) is handed
    # back, not passed on: an objection to the body that sent it within 5 working days of receipt — the one period the
    # 条例 writes in 工作日. Its decision (受理日期) is the objection; no notice to the petitioner is owed, so an unclear
    # name or address does not lift it
    Period("notice", "2022年5月1日起收到、上级转送交办、不属本机关职权（转送其他机关）",
           (("received_2022", True), ("direct", False), ("referred", True)), "registered_on", 5, Unit.WORKING,
           "转送、交办的信访事项不属于本机关职权范围的，自收到之日起 5 个工作日内向转送、交办机关提出异议并详细说明理由，"
           f"经核实同意后交还相关材料（不由本机关转送）；完成以“{header('accepted_on')}”（作出该决定、提出异议之日）为准",
           f"{REGULATION_2022}第二十三条第三款", done="accepted_on", name=OBJECTION,
           hint="请尽快向转送、交办机关提出异议、详细说明理由，经其核实同意后交还材料，并填写“"
                f"{header('accepted_on')}”（提出异议之日）；已提出的请补填日期。"),
    # 受理告知: the written decision on acceptance (受理, 不予受理 or 转送), counted from receipt.
    # 2005 art. 22(2), 2022 art. 23(2): no notice is owed to a petitioner whose name or address is unclear
    Period("notice", "2022年5月1日起收到、信访人姓名住址不清", (("unclear_petitioner", True), ("received_2022", True)),
           "registered_on", None, Unit.CALENDAR, _unclear("但信访人的姓名（名称）、住址不清的除外"),
           f"{REGULATION_2022}第二十三条第二款"),
    Period("notice", "此前收到、信访人姓名住址不清", (("unclear_petitioner", True),), "registered_on", None, Unit.CALENDAR,
           _unclear("但是，信访人的姓名(名称)、住址不清的除外"), f"{REGULATION_2005}第二十二条第二款"),
    Period("notice", "攻坚行动求决类案件（2018年11月7日方案印发后交办）", (("campaign", True), ("plan_issued", True)),
           NOTICE_START, 5, Unit.CALENDAR,
           "攻坚行动求决类案件：收到交办后 5 日内出具受理告知书并当面送达信访人；不得晚于法定的自收到（登记）之日起 15 日",
           f"{PLAN}四(一)、五(三)", within_law=True),
    Period("notice", "2022年5月1日起收到、信访人直接提出", (("received_2022", True), ("direct", True)), "registered_on",
           15, Unit.CALENDAR, "收到信访人直接提出的信访事项之日起 15 日内书面告知信访人（能当场告知的，当场书面告知）",
           f"{REGULATION_2022}第二十三条第二款"),
    Period("notice", "2022年5月1日起收到、上级转送交办", (("received_2022", True),), "registered_on", 15, Unit.CALENDAR,
           "收到转送、交办的信访事项之日起 15 日内书面告知信访人", f"{REGULATION_2022}第二十三条第三款"),
    Period("notice", "此前收到、信访人直接提出", (("direct", True),), "registered_on", 15, Unit.CALENDAR,
           "收到信访事项之日起 15 日内书面告知信访人是否受理（能当场答复的，当场书面答复）",
           f"{REGULATION_2005}第二十二条第二款"),
    Period("notice", "此前收到、上级转送交办", (), "registered_on", 15, Unit.CALENDAR,
           "收到转送、交办的信访事项之日起 15 日内决定是否受理并书面告知信访人", f"{REGULATION_2005}第二十一条第二款"),
    # 处理意见: 60 (+30) days from acceptance; under the 2022 条例 only for 申诉求决类 matters (art. 34)
    Period("opinion", "2022年5月1日起受理的建议意见类", (("accepted_2022", True), ("suggestion", True)), "accepted_on",
           None, Unit.CALENDAR, f"建议意见类事项应认真研究论证，科学合理、具有现实可行性的采纳或部分采纳并予以回复；{_NO_LIMIT}",
           f"{REGULATION_2022}第二十九条第一款"),
    Period("opinion", "2022年5月1日起受理的检举控告类", (("accepted_2022", True), ("accusation", True)), "accepted_on",
           None, Unit.CALENDAR, f"检举控告类事项依规依纪依法接收、受理、办理和反馈；{_NO_LIMIT}",
           f"{REGULATION_2022}第三十条第一款"),
    Period("opinion", "2022年5月1日起受理的申诉求决类", (("accepted_2022", True),), "accepted_on", 60, Unit.CALENDAR,
           "申诉求决类事项（第三十一条第（六）项）自受理之日起 60 日内办结，出具信访处理意见书；情况复杂的，经本机关负责人"
           "批准可适当延长，最多 30 日，并告知信访人延期理由", f"{REGULATION_2022}第三十四条", extension=30),
    Period("opinion", "此前受理的案件", (), "accepted_on", 60, Unit.CALENDAR,
           "自受理之日起 60 日内办结，出具书面处理意见；情况复杂的，经本机关负责人批准可适当延长，最多 30 日，"
           "并告知信访人延期理由", f"{REGULATION_2005}第三十三条", extension=30),
    # 息访分析: from day 60 after acceptance (or a later rebound) an open task without a time limit
    Period("analysis", "攻坚行动求决类案件", (("campaign", True),), "accepted_on", 60, Unit.CALENDAR,
           "自受理之日起 60 日内信访人仍未息访或息访后反弹的，应认真分析未息访原因及症结，并制定下一步工作措施；"
           "方案未规定完成时限，列为待办，不计超期", f"{PLAN}五(二)"),
    Period("analysis", "其他案件（本办做法）", (("analysis_practice", True),), "accepted_on", 60, Unit.CALENDAR,
           "受理满 60 日仍未息访或息访后反弹的，按本办做法分析未息访原因、制定下步措施；无完成时限，列为待办，不计超期",
           "本办工作做法（实施方案只适用于攻坚行动案件，法规未作规定；“设置”表“攻坚期外息访分析”填“否”即不列）"),
    # 上级报结: the date is given by the higher body, so it is neither counted nor rolled
    Period("upper", "上级交办并给定报结期限的件", (), "upper_deadline", 0, Unit.GIVEN,
           "在上级交办机关给定的报结期限内向其报结（填“报结日期”）；期限是给定的日期，不计日数、不顺延",
           "上级交办文件（见“上级交办文号”）的要求"),
)


def periods(stage: str) -> tuple[Period, ...]:
    """The rows of one stage, in the order they are tried."""
    return tuple(p for p in PERIODS if p.stage == stage)


def names(stage: str, rows: np.ndarray) -> np.ndarray:
    """What the stage is called for each case, by the index of its stage-table row (`compute`'s `<key>_basis`
    or `<key>_period`, -1 for none): the row's own name (提出异议), else the stage's (受理告知)."""
    own = STAGE_BY_KEY[stage].name
    return np.array([p.name or own for p in periods(stage)] + [own], dtype=object)[rows]


def hints(stage: str, rows: np.ndarray) -> np.ndarray:
    """What to do about an overdue stage, by stage-table row as `names`: the row's own hint, else None."""
    return np.array([p.hint for p in periods(stage)] + [None], dtype=object)[rows]


# ---------------------------------------------------------------------------
# Facts: each written for numpy (a whole ledger) and for Excel (one row's formula)


@dataclass(frozen=True)
class Inputs:
    """What the numpy side of a fact reads."""

    frame: pd.DataFrame
    notice_start_field: str  # registered_on / assigned_on, from 设置
    settings: Mapping[str, object]

    def days(self, field_name: str) -> np.ndarray:
        return self.frame[field_name].to_numpy(dtype="datetime64[ns]").astype("datetime64[D]")

    def text(self, field_name: str) -> pd.Series:
        return self.frame[field_name]

    def reference(self) -> np.ndarray:
        """The date of receipt: 登记日期, else the notice's start (a ledger that leaves 登记日期 empty)."""
        registered = self.days("registered_on")
        return np.where(np.isnat(registered), self.days(self.notice_start_field), registered)


@dataclass(frozen=True)
class Cells:
    """What the Excel side of a fact reads: each field's cell in the row, and the 设置 names."""

    cell: Mapping[str, str]  # field → "$H5"
    notice_start: str  # the expression choosing 交办日期 or 登记日期 by 设置
    setting: Callable[[str], str]  # setting key → its defined name

    def __getitem__(self, field_name: str) -> str:
        return self.cell[field_name]

    def reference(self) -> str:
        registered = self.cell["registered_on"]
        return f"IF(ISNUMBER({registered}),{registered},{self.notice_start})"


def _date(day: dt.date) -> str:
    return f"DATE({day.year},{day.month},{day.day})"


def _between(days: np.ndarray, first: dt.date, last: dt.date | None = None) -> np.ndarray:
    inside = days >= np.datetime64(first, "D")
    if last is not None:
        inside &= days <= np.datetime64(last, "D")
    return inside & ~np.isnat(days)


def _excel_between(expression: str, first: dt.date, last: dt.date | None = None) -> str:
    parts = [f"ISNUMBER({expression})", f"{expression}>={_date(first)}"]
    if last is not None:
        parts.append(f"{expression}<={_date(last)}")
    return f"AND({','.join(parts)})"


@dataclass(frozen=True)
class Fact:
    name: str
    meaning: str  # Chinese, for the 说明 sheet
    numpy: Callable[[Inputs], np.ndarray]
    excel: Callable[[Cells], str]


def _petition_type(inputs: Inputs, wanted: str) -> np.ndarray:
    return (inputs.text("petition_type") == wanted).to_numpy(dtype=bool, na_value=False)


_UNKNOWN_ADDRESSES = frozenset(UNKNOWN_ADDRESSES)


# the cell without the spaces Excel's TRIM removes, as the template's formula reads it
def _nameless(v: object) -> bool:
    return v.__class__ is str and no_name(v)


def _homeless(v: object) -> bool:
    return v.__class__ is str and v.strip(" ") in _UNKNOWN_ADDRESSES


def unclear_petitioner(petitioner: object, address: object) -> bool:
    """The fact `unclear_petitioner` of one case: no notice can be served (2005 art. 22(2), 2022 art. 23(2))."""
    return _nameless(petitioner) or _homeless(address)


def _unclear_numpy(inputs: Inputs) -> np.ndarray:
    # the cells as one object array: iterating the pandas column itself costs twice as much (issue 15)
    petitioner = inputs.text("petitioner").to_numpy(dtype=object, na_value=None)
    address = inputs.text("address").to_numpy(dtype=object, na_value=None)
    nameless = np.fromiter(map(_nameless, petitioner), dtype=bool, count=len(petitioner))
    homeless = np.fromiter(map(_homeless, address), dtype=bool, count=len(address))
    return nameless | homeless


def _unclear_excel(cells: Cells) -> str:
    def listed(words) -> str:
        return "{" + ",".join(f'"{w}"' for w in words) + "}"

    person, place = f"TRIM({cells['petitioner']})", f"TRIM({cells['address']})"
    lengths = "{" + ",".join(str(len(w)) for w in NAMELESS) + "}"
    return (f"OR(SUMPRODUCT(--(LEFT({person},{lengths})={listed(NAMELESS)}))>0,"
            f"ISNUMBER(MATCH({person},{listed(UNKNOWN_NAMES)},0)),ISNUMBER(MATCH({place},{listed(UNKNOWN_ADDRESSES)},0)))")



def _accepted_or_received(inputs: Inputs) -> np.ndarray:
    accepted = inputs.days("accepted_on")
    return np.where(np.isnat(accepted), inputs.reference(), accepted)


FACTS: dict[str, Fact] = {f.name: f for f in (
    # plan §二, §四(一), §五(三): 求决类 matters received from 2018-08-01 to the campaign's end; an empty
    # 信访类型 counts as 求决类 (as the KPIs count it)
    Fact("campaign", f"{header('petition_type')}为求决类（或未填）且{header('registered_on')}在 2018年8月1日至"
                     "2020年12月31日之间（攻坚行动案件）",
         lambda i: (_between(i.reference(), CAMPAIGN_START, CAMPAIGN_END)
                    & (i.text("petition_type").isna() | (i.text("petition_type") == CAMPAIGN_TYPE)).to_numpy(dtype=bool)),
         lambda c: (f'AND(OR({c["petition_type"]}="",{c["petition_type"]}="{CAMPAIGN_TYPE}"),'
                    f"{_excel_between(c.reference(), CAMPAIGN_START, CAMPAIGN_END)})")),
    # the plan is dated 2018-11-07: its §五(三) 5 days bind a 交办 received from that day; the cases it took in from
    # 2018-08-01 (§四(一)) and 交办 before it was issued were owed the law's notice only (no rule runs before it exists)
    Fact("plan_issued", f"{header('assigned_on')}（或按“设置”为{header('registered_on')}）不早于实施方案印发之日"
                        f"（{PLAN_ISSUED.year}年{PLAN_ISSUED.month}月{PLAN_ISSUED.day}日；未填的不论）",
         lambda i: ~(i.days(i.notice_start_field) < np.datetime64(PLAN_ISSUED, "D")),
         lambda c: f"NOT(AND(ISNUMBER({c.notice_start}),{c.notice_start}<{_date(PLAN_ISSUED)}))"),
    Fact("received_2022", f"{header('registered_on')}（收到信访事项之日）在 2022年5月1日以后",
         lambda i: _between(i.reference(), REGULATION_2022_FROM),
         lambda c: _excel_between(c.reference(), REGULATION_2022_FROM)),
    # 案件来源 本办受理 (or not recorded): petitioned to the office directly; any other source passed it on
    Fact("direct", f"{header('source')}为{DIRECT_SOURCE}（或未填）：信访人直接向本机关提出",
         lambda i: (i.text("source").isna() | (i.text("source") == DIRECT_SOURCE)).to_numpy(dtype=bool),
         lambda c: f'OR({c["source"]}="",{c["source"]}="{DIRECT_SOURCE}")'),
    # not yet accepted: the regime it will be accepted under, by receipt (what the 交办单 orders before 受理)
    Fact("accepted_2022", f"{header('accepted_on')}在 2022年5月1日以后（尚未受理的，按{header('registered_on')}）",
         lambda i: _between(_accepted_or_received(i), REGULATION_2022_FROM),
         lambda c: _excel_between(f"IF(ISNUMBER({c['accepted_on']}),{c['accepted_on']},{c.reference()})",
                                  REGULATION_2022_FROM)),
    # 2005 art. 22(2) / 2022 art. 23(2): “但是，信访人的姓名(名称)、住址不清的除外”
    Fact("unclear_petitioner", f"{header('petitioner')}为匿名、不详等，或{header('address')}写明不详、不清（姓名、住址不清）",
         _unclear_numpy, _unclear_excel),
    Fact("referred", f"{header('acceptance_decision')}为{REFERRED}",
         lambda i: (i.text("acceptance_decision") == REFERRED).to_numpy(dtype=bool, na_value=False),
         lambda c: f'{c["acceptance_decision"]}="{REFERRED}"'),
    # 设置 攻坚期外息访分析 = 否 drops the analysis task for cases outside the campaign
    Fact("analysis_practice", "“设置”表“攻坚期外息访分析”不为“否”",
         lambda i: np.full(len(i.frame), str(i.settings.get("analysis_practice", "是")).strip() != "否"),
         lambda c: f'{c.setting("analysis_practice")}<>"否"'),
    Fact("suggestion", f"{header('petition_type')}为建议意见类",
         lambda i: _petition_type(i, SUGGESTION_TYPE), lambda c: f'{c["petition_type"]}="{SUGGESTION_TYPE}"'),
    Fact("accusation", f"{header('petition_type')}为检举控告类",
         lambda i: _petition_type(i, ACCUSATION_TYPE), lambda c: f'{c["petition_type"]}="{ACCUSATION_TYPE}"'),
)}


def case_facts(inputs: Inputs) -> dict[str, np.ndarray]:
    """Every fact for every row of the ledger (name → bool array)."""
    return {name: fact.numpy(inputs).astype(bool) for name, fact in FACTS.items()}


def handled(frame: pd.DataFrame) -> np.ndarray:
    """Rows whose 受理结论 is not 不予受理/转送其他机关: they have handling stages."""
    return ~frame["acceptance_decision"].isin(NOT_HANDLED_DECISIONS).to_numpy(dtype=bool)


def select(stage: str, facts: Mapping[str, np.ndarray], length: int, after: int = -1) -> np.ndarray:
    """For each row, the index in `periods(stage)` of the row that applies (-1: none); with `after`, the first
    row after that index whose facts hold (what applies to a case besides a `within_law` row)."""
    chosen = np.full(length, -1, dtype=np.int64)
    for index, period in enumerate(periods(stage)):
        if index <= after:
            continue
        mask = chosen == -1
        for fact, wanted in period.when:
            mask &= facts[fact] == wanted
        chosen[mask] = index
    return chosen


def excel_choice(stage: str, cells: Cells, branch: Callable[[Period], str], default: str = '""',
                 after: int = -1) -> str:
    """An Excel expression choosing, as `select` does, the branch of the first row whose facts hold (only
    rows after index `after`, as `select`).

    Consecutive rows with the same branch text share one test (an OR of their conditions).
    """
    groups: list[tuple[list[tuple[tuple[str, bool], ...]], str]] = []
    for period in periods(stage)[after + 1:]:
        text = branch(period)
        if groups and groups[-1][1] == text:
            # A∧B ∨ A is A: a row whose facts include a later row's (same branch) adds nothing to the test
            kept = [w for w in groups[-1][0] if not set(period.when) <= set(w)]
            groups[-1] = ([*kept, period.when], text)
        else:
            groups.append(([period.when], text))

    def condition(when: tuple[tuple[str, bool], ...]) -> str:
        if not when:
            return "TRUE"
        tests = [FACTS[f].excel(cells) if v else f"NOT({FACTS[f].excel(cells)})" for f, v in when]
        return tests[0] if len(tests) == 1 else "AND(" + ",".join(tests) + ")"

    expression = default
    for whens, text in reversed(groups):
        conditions = [condition(w) for w in whens]
        if "TRUE" in conditions:
            expression = text
            continue
        test = conditions[0] if len(conditions) == 1 else "OR(" + ",".join(conditions) + ")"
        expression = f"IF({test},{text},{expression})"
    return expression


def inputs(stage: str, notice_start_field: str) -> tuple[str, ...]:
    """Every field a stage's due date and state are computed from, for the ledger's 受理告知起算."""
    fields = [start_field(p, notice_start_field) for p in periods(stage)]
    fields += [*STAGE_BY_KEY[stage].done, *(p.done for p in periods(stage) if p.done), *STAGE_BY_KEY[stage].reads]
    return tuple(dict.fromkeys(fields))


def start_field(period: Period, notice_start_field: str) -> str:
    """The ledger field a period counts from."""
    return notice_start_field if period.start == NOTICE_START else period.start


def done_field(period: Period) -> str:
    """The ledger field whose filling completes the stage under this row."""
    return period.done or STAGE_BY_KEY[period.stage].done[0]


def table_rows() -> list[tuple[str, str, str, str, str, str]]:
    """The table as the 说明 sheet and the README show it: 环节, 适用, 起算, 期间, 规则, 依据."""
    rows = []
    for period in PERIODS:
        start = ("交办日期（或按“设置”为登记日期）" if period.start == NOTICE_START else header(period.start))
        if period.days is None:
            length = "不设期限"
        elif period.unit is Unit.GIVEN:
            length = "上级给定的日期，不顺延"
        else:
            unit = "个工作日" if period.unit is Unit.WORKING else period.unit.value
            length = f"{period.days} {unit}" + (f"，可延长至多 {period.extension} 日" if period.extension else "")
        rows.append((period.name or STAGE_BY_KEY[period.stage].name, period.label, start, length, period.rule,
                     period.article))
    return rows
