"""The campaign's KPIs (DESIGN §7; plan §二), vectorised over a ledger's frame.

One case = one row whose 信访类型 is 求决类. A row with an empty 信访类型 (or a ledger without that
column) is counted as 求决类: the ledger is the campaign's own ledger, and dropping such a row would
hide it from 建档立卡率 itself; `xlkit check` reports the empty cell. Rows typed 建议意见类,
检举控告类 or 其他 are left out.

A case belongs to the period of its 受理日期, or of its 登记日期 while it has no 受理日期; a row with
neither date belongs to no period. Everything is judged as of `today`. Rows whose 受理结论 is
不予受理 or 转送其他机关 count only in 建档立卡率 (DESIGN §4): they have no handling to measure.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from xlkit.errors import XlkitError
from xlkit.read.ledger import PLAUSIBLE_DATES, UNREADABLE_CODES, Ledger
from xlkit.schema import (
    CAMPAIGN_END,
    CAMPAIGN_START,
    CAMPAIGN_TYPE,
    EVALUATED,
    NO_UNIT,
    NOT_HANDLED_DECISIONS,
    REGISTRATION_FIELDS,
    SATISFIED,
    YES,
    header,
)

#: The KPI names, exactly as DESIGN §7 and the JSON spell them, in the plan's order.
KPI_NAMES: tuple[str, ...] = ("建档立卡率", "答复率", "按期答复率", "书面送达签字率", "化解率", "参评率", "满意率")

#: Targets (plan §二). 按期答复率 is not one of the plan's six targets: it is the statutory timeliness
#: figure (2005 《信访条例》 art. 33; 2022 《信访工作条例》 art. 34), shown without a target (None).
TARGETS: dict[str, float | None] = {
    "建档立卡率": 1.0, "答复率": 1.0, "按期答复率": None, "书面送达签字率": 1.0,
    "化解率": 1.0, "参评率": 1.0, "满意率": 0.9,
}

#: How each rate is defined, for the 说明 lines of the workbooks (numerator / denominator).
DEFINITIONS: dict[str, tuple[str, str]] = {
    "建档立卡率": ("登记要素（案件编号、登记日期、登记人、案件来源、信访形式、信访人、问题属地乡镇、问题类别、诉求内容）齐全的件数",
               "本期案件数"),
    "答复率": ("已出具处理意见的件数", "已出具处理意见或处理意见期限（含延期）已届满的件数"),
    "按期答复率": ("在处理意见期限（含延期）内出具处理意见的件数", "同答复率的分母"),
    "书面送达签字率": ("送达回证签字为“是”的件数", "已出具处理意见的件数（处理意见出具日期不晚于统计日；未送达的计入分母）"),
    "化解率": ("已息诉息访且未反弹的件数", "已出具处理意见的件数"),
    "参评率": ("满意度评价为满意、基本满意或不满意的件数", "已出具处理意见的件数（处理意见出具日期不晚于统计日；未送达的计入分母）"),
    "满意率": ("满意度评价为满意或基本满意的件数", "满意度评价为满意、基本满意或不满意的件数"),
}

DASH = "—"
PASS, FAIL = "达标", "未达标"
NO_TARGET = "不设目标"  # 按期答复率: the law's timeliness figure, not a plan target
#: The count shown beside 书面送达签字率 and 参评率: opinions issued but not yet served (why a fresh one dips them).
PENDING_SERVICE = "待送达"
_EPSILON = 1e-9


# ---------------------------------------------------------------------------
# Periods


class SettingsError(XlkitError):
    """A 设置 entry that cannot be used (message for the clerk)."""


#: the years a period may name: those the reader accepts in a date
_PLAUSIBLE_YEARS = (PLAUSIBLE_DATES[0].year, PLAUSIBLE_DATES[1].year)


@dataclass(frozen=True)
class Period:
    """A calendar month or quarter: `Period.month("2019-09")`, `Period.quarter("2019Q3")`."""

    kind: str  # "month" | "quarter"
    year: int
    number: int  # month 1–12 or quarter 1–4

    @classmethod
    def month(cls, text: str) -> Period:
        match = re.fullmatch(r"\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?\s*", str(text))
        if not match or not 1 <= int(match[2]) <= 12 or not _PLAUSIBLE_YEARS[0] <= int(match[1]) <= _PLAUSIBLE_YEARS[1]:
            raise ValueError(f"“{text}”不是月份，请写成 YYYY-MM（年份在 {_PLAUSIBLE_YEARS[0]}—{_PLAUSIBLE_YEARS[1]} 之间），"
                             "如 2019-09。")
        return cls("month", int(match[1]), int(match[2]))

    @classmethod
    def quarter(cls, text: str) -> Period:
        match = re.fullmatch(r"\s*(\d{4})\s*[-年]?\s*[Qq第]?\s*([1-4一二三四])\s*(季度)?\s*", str(text))
        if not match or not _PLAUSIBLE_YEARS[0] <= int(match[1]) <= _PLAUSIBLE_YEARS[1]:
            raise ValueError(f"“{text}”不是季度，请写成 YYYYQn（年份在 {_PLAUSIBLE_YEARS[0]}—{_PLAUSIBLE_YEARS[1]} 之间），"
                             "如 2019Q3。")
        number = "1234".find(match[2]) + 1 or "一二三四".find(match[2]) + 1
        return cls("quarter", int(match[1]), number)

    @classmethod
    def month_of(cls, day: dt.date) -> Period:
        return cls("month", day.year, day.month)

    @classmethod
    def from_settings(cls, ledger: Ledger, kind: str, today: dt.date) -> Period:
        """The period 设置 names (统计月份 / 统计季度), else the one `today` falls in; a SettingsError when
        设置 holds something that is not a period (never a silent other period)."""
        key, label, unit = ("report_month", "统计月份", "月") if kind == "month" else ("report_quarter", "统计季度", "季度")
        text = str(getattr(ledger.settings, key, "") or "").strip()
        if not text:
            return cls.month_of(today) if kind == "month" else cls.quarter_of(today)
        try:
            return cls.month(text) if kind == "month" else cls.quarter(text)
        except ValueError as error:
            raise SettingsError(f"台账“{ledger.path.name}”的“设置”表中“{label}”填的是“{text}”：{error}"
                                f"留空则统计当前{unit}。") from None

    @classmethod
    def quarter_of(cls, day: dt.date) -> Period:
        return cls("quarter", day.year, (day.month - 1) // 3 + 1)

    @property
    def label(self) -> str:
        """`2019-09` or `2019Q3`: what file names and JSON use."""
        return f"{self.year}-{self.number:02d}" if self.kind == "month" else f"{self.year}Q{self.number}"

    @property
    def title(self) -> str:
        """`2019年9月` or `2019年第三季度`: what people read."""
        if self.kind == "month":
            return f"{self.year}年{self.number}月"
        return f"{self.year}年第{'一二三四'[self.number - 1]}季度"

    @property
    def first_month(self) -> int:
        return self.number if self.kind == "month" else 3 * self.number - 2

    @property
    def months(self) -> int:
        return 1 if self.kind == "month" else 3

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, self.first_month, 1)

    @property
    def end(self) -> dt.date:
        """The last day of the period."""
        return (self.shift(1).start - dt.timedelta(days=1))

    def shift(self, steps: int) -> Period:
        index = self.year * 12 + self.first_month - 1 + steps * self.months
        year, month0 = divmod(index, 12)
        return Period(self.kind, year, month0 + 1 if self.kind == "month" else month0 // 3 + 1)

    def previous(self) -> Period:
        """The period before (环比)."""
        return self.shift(-1)

    def last_year(self) -> Period:
        """The same period a year before (同比)."""
        return Period(self.kind, self.year - 1, self.number)

    def month_periods(self) -> list[Period]:
        return [Period("month", self.year, self.first_month + i) for i in range(self.months)]

    def contains(self, dates: pd.Series) -> pd.Series:
        """A boolean mask: which dates fall in the period (NaT never does)."""
        return between(dates, self.start, self.end)

    def __str__(self) -> str:
        return self.label


def between(dates: pd.Series, start: dt.date, end: dt.date) -> pd.Series:
    """Which dates fall from `start` to `end`, both included (NaT never does)."""
    if dates.dtype == "datetime64[ns]":  # compared in numpy: pandas' two comparisons and `&` cost 0.2 ms a call
        values = dates.to_numpy()
        inside = (values >= pd.Timestamp(start).to_datetime64()) & (values <= pd.Timestamp(end).to_datetime64())
        return pd.Series(inside, index=dates.index, name=dates.name)
    return (dates >= pd.Timestamp(start)) & (dates <= pd.Timestamp(end))


@dataclass(frozen=True)
class Span:
    """Any stretch of days (e.g. 攻坚行动开始至本月末, for cumulative figures); works where a Period does."""

    start: dt.date
    end: dt.date
    label: str
    title: str

    def contains(self, dates: pd.Series) -> pd.Series:
        return between(dates, self.start, self.end)

    def __str__(self) -> str:
        return self.label


#: What the indicators are headed in every output: the campaign's name for a period within 三年攻坚行动
#: (2018-08 to 2020-12), a neutral one for a period outside it (a 2025 report is no campaign's).
CAMPAIGN_INDICATORS, WORK_INDICATORS = "攻坚行动指标", "工作指标"


def indicators_name(period: Period | Span) -> str:
    """攻坚行动指标 for a period that overlaps the campaign, 工作指标 for one wholly before or after it."""
    return CAMPAIGN_INDICATORS if period.start <= CAMPAIGN_END and period.end >= CAMPAIGN_START else WORK_INDICATORS


# ---------------------------------------------------------------------------
# Rates


#: The columns each rate is counted from: without one of them the rate is “—” with the reason, never 0%.
RATE_FIELDS: dict[str, tuple[str, ...]] = {
    "建档立卡率": REGISTRATION_FIELDS,
    "答复率": ("opinion_on", "accepted_on"),
    "按期答复率": ("opinion_on", "accepted_on"),
    "书面送达签字率": ("opinion_on", "opinion_served_on", "receipt_signed"),
    "化解率": ("opinion_on", "settled"),
    "参评率": ("opinion_on", "opinion_served_on", "satisfaction"),
    "满意率": ("satisfaction",),
}


def missing_for_rates(present: frozenset[str] | set[str]) -> dict[str, tuple[str, ...]]:
    """rate name → the columns it needs that the ledger lacks (only rates that lack some)."""
    return {name: tuple(f for f in fields if f not in present) for name, fields in RATE_FIELDS.items()
            if any(f not in present for f in fields)}


@dataclass(frozen=True)
class Rate:
    numerator: int
    denominator: int
    missing: tuple[str, ...] = ()  # columns the ledger lacks: the rate cannot be counted

    @property
    def value(self) -> float | None:
        """numerator / denominator; None for an empty denominator or missing columns (shown “—”, null in JSON)."""
        if self.missing:
            return None
        return self.numerator / self.denominator if self.denominator else None

    @property
    def reason(self) -> str:
        """Why the rate is “—” when columns are missing (empty otherwise)."""
        return "台账没有" + "、".join(f"“{header(f)}”" for f in self.missing) + "列，无法计算" if self.missing else ""

    def passed(self, target: float | None) -> bool | None:
        """Whether the rate meets `target`; None without a target or without a denominator."""
        value = self.value
        return None if value is None or target is None else value + _EPSILON >= target

    def text(self) -> str:
        value = self.value
        return DASH if value is None else f"{value:.1%}"


def mark(rate: Rate, name: str) -> str:
    """达标 / 未达标 / — for a rate against its target (不设目标 for 按期答复率)."""
    if rate.missing:
        return rate.reason
    if TARGETS[name] is None:
        return NO_TARGET
    passed = rate.passed(TARGETS[name])
    return DASH if passed is None else (PASS if passed else FAIL)


#: What a 是否达标 cell says of a rate its ledger lacks the columns for; the reason is a numbered note under the table.
UNCOUNTABLE = "无法计算"


class RateNotes:
    """Why rates cannot be counted, said once under their table instead of in a narrow 是否达标 cell.

    `mark` gives the cell's short text (“无法计算（见注1）”: 台账没有……列 in a column 11 characters wide made
    each indicator row 8–10 lines tall); `lines` the numbered notes, one per set of missing columns, naming
    the indicators it stops.
    """

    def __init__(self, narrow: bool = False) -> None:
        self._names: dict[tuple[str, ...], list[str]] = {}
        self._between = "\n" if narrow else ""  # a narrow column breaks before （见注1）, not after its （

    def mark(self, rate: Rate, name: str) -> str:
        if not rate.missing:
            return mark(rate, name)
        names = self._names.setdefault(rate.missing, [])
        if name not in names:
            names.append(name)
        return f"{UNCOUNTABLE}{self._between}（见注{list(self._names).index(rate.missing) + 1}）"

    def lines(self) -> list[str]:
        return [f"注{number}：台账没有" + "、".join(f"“{header(f)}”" for f in missing) + f"列，{'、'.join(names)}无法计算。"
                for number, (missing, names) in enumerate(self._names.items(), start=1)]

    def __bool__(self) -> bool:
        return bool(self._names)


def counted_cases(frame: pd.DataFrame) -> pd.Series:
    """Which rows count as cases of the campaign (求决类, or 信访类型 left empty)."""
    kind = frame["petition_type"]
    return (kind == CAMPAIGN_TYPE).fillna(False).astype(bool) | kind.isna()


def period_dates(frame: pd.DataFrame) -> pd.Series:
    """The date that places a case in a period: 受理日期, else 登记日期."""
    return frame["accepted_on"].where(frame["accepted_on"].notna(), frame["registered_on"])


def case_flags(frame: pd.DataFrame, opinion_due: pd.Series, today: dt.date) -> pd.DataFrame:
    """One boolean column per numerator and denominator, for every row (vectorised)."""
    today_ts = pd.Timestamp(today)

    def yes(name: str) -> pd.Series:
        return (frame[name] == YES).fillna(False).astype(bool)

    def filled(name: str) -> pd.Series:
        return frame[name].notna().astype(bool)

    handled = ~frame["acceptance_decision"].isin(NOT_HANDLED_DECISIONS).fillna(False).astype(bool)
    registered = pd.Series(True, index=frame.index)
    for name in REGISTRATION_FIELDS:
        registered &= filled(name)
    answered = handled & filled("opinion_on")
    due = opinion_due.reindex(frame.index)
    due_passed = handled & due.notna() & (due < today_ts)
    answer_base = answered | due_passed
    on_time = answered & due.notna() & (frame["opinion_on"] <= due)
    # every issued opinion (dated on or before today) is owed a signed receipt and an evaluation (plan §二):
    # one never served counts against both rates, and is counted as 待送达 beside them
    issued = answered & (frame["opinion_on"] <= today_ts)
    served = handled & filled("opinion_served_on")
    signed = issued & served & yes("receipt_signed")
    settled = answered & yes("settled") & ~yes("rebounded")
    evaluated_any = handled & frame["satisfaction"].isin(EVALUATED).fillna(False).astype(bool)
    evaluated = issued & served & evaluated_any
    satisfied = evaluated_any & frame["satisfaction"].isin(SATISFIED).fillna(False).astype(bool)
    return pd.DataFrame({
        "建档立卡率_n": registered, "建档立卡率_d": pd.Series(True, index=frame.index),
        "答复率_n": answered, "答复率_d": answer_base,
        "按期答复率_n": on_time, "按期答复率_d": answer_base,
        "书面送达签字率_n": signed, "书面送达签字率_d": issued,
        "化解率_n": settled, "化解率_d": answered,
        "参评率_n": evaluated, "参评率_d": issued,
        "满意率_n": satisfied, "满意率_d": evaluated_any,
        PENDING_SERVICE: issued & ~served,
    }, index=frame.index)


@dataclass
class KpiTable:
    """The seven rates of one period, for the whole office and per 责任股室."""

    period: Period | Span
    today: dt.date
    cases: int
    overall: dict[str, Rate]
    by_unit: dict[str, dict[str, Rate]]
    unit_cases: dict[str, int] = field(default_factory=dict)
    untyped: int = 0  # cases counted although 信访类型 is empty
    rows: pd.Index = field(default_factory=lambda: pd.Index([]))  # the sheet rows of the period's cases
    pending: int = 0  # 待送达: opinions issued, not yet served
    unit_pending: dict[str, int] = field(default_factory=dict)
    unplaced: int = 0  # counted cases with neither 受理日期 nor 登记日期: in no period at all
    #: the period's rows left out because their 信访类型 is not 求决类, by value (a foreign ledger's 投诉 and 咨询 too)
    other_types: dict[str, int] = field(default_factory=dict)
    #: the period's cases with a cell the statistics read from that could not be read (counted as empty)
    unreadable: int = 0
    #: of the unplaced cases, those whose 受理日期 or 登记日期 is there but cannot be read (2019.13.45): to correct
    unplaced_unreadable: int = 0

    def unplaced_note(self) -> str:
        """Said instead of a silent “0 件” when cases could not be placed in any period: dates missing (to fill)
        and dates written so that they cannot be read (to correct) are told apart."""
        if not self.unplaced:
            return ""
        unreadable = min(self.unplaced_unreadable, self.unplaced)
        empty = self.unplaced - unreadable
        missing = "没有受理日期也没有登记日期（或台账没有这两列）"
        wrong = "受理日期或登记日期写法不对、无法识别（如 2019.13.45）"
        if not unreadable:
            return f"另有 {empty} 件{missing}，无法归入任何期间，未计入本期统计。请补填登记日期。"
        if not empty:
            return (f"另有 {unreadable} 件的{wrong}，无法归入任何期间，未计入本期统计。"
                    "请先用“校验台账”找到并改正这些日期。")
        return (f"另有 {self.unplaced} 件无法归入任何期间，未计入本期统计：其中 {empty} 件{missing}，请补填登记日期；"
                f"{unreadable} 件的{wrong}，请先用“校验台账”找到并改正。")

    def unreadable_note(self) -> str:
        """Said when some of the period's cases were counted with a cell read as empty because it could not be
        read (a date typed 2019.13.45, a formula error): their rates may be too low."""
        if not self.unreadable:
            return ""
        return (f"本期统计的案件中，有 {self.unreadable} 件的统计用单元格无法识别（如日期写法不对、公式出错），"
                "按未填写计，相关比率可能偏低；请先用“校验台账”找到并改正这些单元格。")

    def other_types_note(self) -> str:
        """Said instead of a silent “0 件” when the period's rows are of other types (建议意见类, a hotline's 咨询)."""
        if not self.other_types:
            return ""
        kinds = "、".join(f"“{kind}”{n} 件" for kind, n in self.other_types.items())
        return (f"另有 {sum(self.other_types.values())} 件{header('petition_type')}不是“{CAMPAIGN_TYPE}”（{kinds}），"
                f"按{indicators_name(self.period)}的口径不计入本期统计。")

    def values(self) -> dict[str, float | None]:
        return {name: rate.value for name, rate in self.overall.items()}

    def to_json(self) -> dict[str, Any]:
        """DESIGN §8: {"period", "cases", "kpis": {name: rate}, "by_unit": {unit: {name: rate}}}."""
        return {
            "period": self.period.label,
            "cases": self.cases,
            "kpis": self.values(),
            "by_unit": {unit: {name: rate.value for name, rate in rates.items()}
                        for unit, rates in self.by_unit.items()},
            "unplaced": self.unplaced,
            "unreadable": self.unreadable,
            "not_counted": self.other_types,
            "uncountable": {name: [header(f) for f in rate.missing] for name, rate in self.overall.items()
                            if rate.missing},
        }


def _rates(sums: pd.Series | dict[str, Any], missing: dict[str, tuple[str, ...]] | None = None) -> dict[str, Rate]:
    missing = missing or {}
    return {name: Rate(int(sums[f"{name}_n"]), int(sums[f"{name}_d"]), missing.get(name, ())) for name in KPI_NAMES}


class Shared:
    """A value kept in a frame's `attrs` that the frames and columns taken from it share, never copy.

    pandas deep-copies `attrs` into every frame and column derived from a frame: the flags' table of other
    信访类型 was copied each time a column of the flags was read (40 ms of a 5,000-row 季度分析). It is only
    ever read, so sharing it is safe.
    """

    __slots__ = ("value",)

    def __init__(self, value: Any) -> None:
        self.value = value

    def __deepcopy__(self, memo: dict) -> Shared:
        return self


def kpi_frame(ledger: Ledger, today: dt.date, opinion_due: pd.Series | None = None) -> pd.DataFrame:
    """Every counted case with its period date, 责任股室 and KPI flags (the base of every KPI table).

    `opinion_due`: the 处理意见 due dates when the caller has computed them (else computed here)."""
    frame = ledger.frame
    if opinion_due is None:
        from xlkit.deadlines.engine import compute

        opinion_due = compute(ledger, today)["opinion_due"]
    counted = counted_cases(frame)
    cases = frame[counted]
    flags = case_flags(cases, opinion_due, today)
    flags.insert(0, "period_date", period_dates(cases))
    flags.insert(1, "unit", cases["unit"].fillna(NO_UNIT))
    flags.insert(2, "untyped", cases["petition_type"].isna())
    flags.insert(3, "unreadable", cases.index.isin(_unreadable_rows(ledger)))
    flags.attrs["missing"] = missing_for_rates(ledger.present)
    unplaced = flags["period_date"].isna()
    flags.attrs["unplaced"] = int(unplaced.sum())
    wrong_dates = _unreadable_rows(ledger, ("accepted_on", "registered_on"))
    flags.attrs["unplaced_unreadable"] = int((unplaced & flags.index.isin(wrong_dates)).sum())
    others = frame[~counted]
    flags.attrs["other_types"] = Shared(pd.DataFrame({"period_date": period_dates(others),
                                                      "kind": others["petition_type"]}))
    return flags


#: what the rates and a case's period are read from: a cell there the reader could not read counts as empty
COUNTED_FIELDS = frozenset({"accepted_on", "registered_on", "acceptance_decision", "petition_type", "unit",
                            *(f for fields in RATE_FIELDS.values() for f in fields)})


def _unreadable_rows(ledger: Ledger, fields=COUNTED_FIELDS) -> set[int]:
    """Rows with a cell of `fields` the reader reported it could not read (R001 an unreadable date, R024 a
    formula error…): the statistics count such a cell as empty, which the tables then say."""
    headers = {header(f) for f in fields}
    return {f.row for f in ledger.findings
            if f.code in UNREADABLE_CODES and f.sheet == ledger.sheet and f.row is not None and f.column in headers}


def table_from_flags(flags: pd.DataFrame, period: Period | Span, today: dt.date) -> KpiTable:
    """Sum the flags of the period's cases into a KpiTable."""
    missing = flags.attrs.get("missing", {})
    chosen = flags[period.contains(flags["period_date"])]
    numbers = chosen.drop(columns=["period_date", "unit", "untyped", "unreadable"], errors="ignore").astype("int64")
    overall = _rates(numbers.sum(), missing)
    by_unit: dict[str, dict[str, Rate]] = {}
    unit_cases: dict[str, int] = {}
    unit_pending: dict[str, int] = {}
    if len(chosen):
        # summed in numpy and looked up in dicts: pandas' groupby and .loc cost 1 ms a table, and a 季度分析
        # makes a dozen tables (every quarter of the 指标趋势)
        codes, units = pd.factorize(chosen["unit"], sort=False)
        if (codes < 0).any():  # a 股室 left empty (kpi_frame fills 未填): grouped as pandas groups it
            grouped = numbers.groupby(chosen["unit"], sort=False).sum()
            units, totals = grouped.index, grouped.to_numpy()
        else:
            totals = np.zeros((len(units), numbers.shape[1]), dtype="int64")
            np.add.at(totals, codes, numbers.to_numpy(dtype="int64"))
        columns = list(numbers.columns)
        sums = {unit: dict(zip(columns, row, strict=True)) for unit, row in zip(units, totals.tolist(), strict=True)}
        for unit in unit_order(pd.Index(units)):
            by_unit[unit] = _rates(sums[unit], missing)
            unit_cases[unit] = int(sums[unit]["建档立卡率_d"])
            unit_pending[unit] = int(sums[unit][PENDING_SERVICE])
    others = flags.attrs.get("other_types")
    others = others.value if isinstance(others, Shared) else others
    other_types: dict[str, int] = {}
    if others is not None and len(others):
        inside = others.loc[period.contains(others["period_date"]), "kind"]
        other_types = {str(kind): int(n) for kind, n in inside.value_counts().items()}
    return KpiTable(period, today, len(chosen), overall, by_unit, unit_cases, int(chosen["untyped"].sum()),
                    chosen.index, int(numbers[PENDING_SERVICE].sum()), unit_pending,
                    int(flags.attrs.get("unplaced", 0)), other_types,
                    int(chosen["unreadable"].sum()) if "unreadable" in chosen else 0,
                    int(flags.attrs.get("unplaced_unreadable", 0)))


def compute_kpis(ledger: Ledger, today: dt.date, period: Period | Span,
                 opinion_due: pd.Series | None = None) -> KpiTable:
    """The seven KPIs of `period` as of `today` (DESIGN §7), overall and per 责任股室 (due dates from
    `xlkit.deadlines.engine.compute` unless given)."""
    return table_from_flags(kpi_frame(ledger, today, opinion_due), period, today)


def unit_order(units: pd.Index) -> list[str]:
    """The 字典's 股室 first, then others alphabetically, 未填 last."""
    from xlkit.schema import DICTIONARIES

    known = [u for u in DICTIONARIES["责任股室"] if u in units]
    others = sorted(u for u in units if u not in known and u != NO_UNIT)
    return known + others + ([NO_UNIT] if NO_UNIT in units else [])


def change(current: float | None, before: float | None) -> float | None:
    """Relative change for counts (环比/同比): None when the earlier figure is 0 or missing."""
    if current is None or not before:
        return None
    return (current - before) / before
