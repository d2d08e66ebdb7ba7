"""Due dates and states of each case's stages (DESIGN §5), vectorised over the whole ledger.

The rules — which stage, from which field, how many days, which article — are the rows of the stage
table (`xlkit.deadlines.stages`); this module does the arithmetic with the working calendar:
- 受理告知: the written decision on acceptance (5 days for campaign cases, else 15);
- 处理意见: the written opinion, 60 days from 受理日期, plus 延期天数 (≤ 30) when the extension was
  notified on or before the original due date;
- 息访分析: 60 days from 受理日期 a case not settled (or rebounded) needs 未息访原因分析 and 下步措施.

`compute()` does every case at once; `explain()` does one case step by step with the same calendar and
the same table rows, and the tests hold the two to the same answers.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from xlkit.deadlines import stages as st
from xlkit.deadlines.calendar import UNCOVERED, WorkCalendar
from xlkit.deadlines.law import decision_notice, period_law
from xlkit.read.ledger import Ledger, column_letter
from xlkit.schema import NOT_HANDLED_DECISIONS as NOT_HANDLED_DECISIONS
from xlkit.schema import PLAN_ISSUED, YES, header

STAGES = tuple(s.name for s in st.STAGES)
STAGE_KEYS = {s.name: s.key for s in st.STAGES}
NOTICE, OPINION, ANALYSIS, UPPER = STAGES

ON_TIME, LATE, OPEN, DUE_SOON, OVERDUE, DONE = "已按期完成", "逾期完成", "办理中", "临期", "超期", "已完成"
OPEN_STATES = (OPEN, DUE_SOON, OVERDUE)
#: the 息访分析 task: open (待办) from day 60 or the rebound; a case settled after day 60 without it is 已息访未分析
TODO, LAPSED = "待办", "已息访未分析"
#: a stage one of whose input cells the reader could not read (a formula without a result or with an error,
#: an unparseable date…): read as empty it would look 超期, so it is neither judged nor counted (issue 12)
UNJUDGED = "无法判断"

CAMPAIGN_NOTICE_DAYS = 5
STATUTORY_NOTICE_DAYS = 15
OPINION_DAYS = 60
ANALYSIS_DAYS = 60
MAX_EXTENSION_DAYS = 30


def calendar_for(ledger: Ledger) -> WorkCalendar:
    return WorkCalendar(dict(ledger.settings.holiday_overrides))


def notice_start_field(ledger: Ledger) -> str:
    return "registered_on" if ledger.settings.notice_start == header("registered_on") else "assigned_on"


def stage_fields(ledger: Ledger) -> dict[str, tuple[str, ...]]:
    """The columns each stage needs before it can be judged (key → fields).

    Without a stage's completion column every case would look overdue, so a ledger lacking any of
    these columns has that stage left unjudged (never cry wolf); rules say so once instead.
    """
    return {
        "notice": (notice_start_field(ledger), "acceptance_served_on"),
        "opinion": ("accepted_on", "opinion_on"),
        "analysis": ("accepted_on", "settled", "unsettled_analysis", "next_steps"),
        "upper": ("upper_deadline", "reported_on"),
    }


def judgeable(ledger: Ledger) -> dict[str, bool]:
    """Which stages this ledger's columns allow judging (key → bool)."""
    return {key: all(ledger.has(f) for f in fields) for key, fields in stage_fields(ledger).items()}


@dataclass(frozen=True)
class UnreadableInput:
    """A case whose stage cannot be judged: the input cells the reader could not read, and why."""

    row: int
    case_id: str | None
    fields: tuple[str, ...]
    cells: tuple[str, ...]
    reasons: tuple[str, ...]  # the reader's finding titles (公式没有计算结果, 公式出错…), one per cell


def unreadable_inputs(ledger: Ledger) -> dict[str, dict[int, UnreadableInput]]:
    """For each stage key: row → the stage's input cells (`stages.inputs`) the reader reported and read as empty."""
    from xlkit.read.codes import READER
    from xlkit.read.ledger import UNREADABLE_CODES

    by_letter = {column_letter(position): f for f, position in ledger.positions.items()}
    rows = set(ledger.frame.index)
    found: dict[int, dict[str, tuple[str, str, str | None]]] = {}  # row → field → (cell, reason, case_id)
    for finding in ledger.findings:
        if finding.code not in UNREADABLE_CODES or finding.sheet != ledger.sheet or finding.row not in rows:
            continue
        field_name = by_letter.get(finding.cell.rstrip("0123456789"))
        if field_name is not None:
            title = READER[finding.code].title
            if finding.code == "R024" and finding.value:
                title = f"公式出错 {finding.value}"
            found.setdefault(finding.row, {}).setdefault(field_name, (finding.cell, title, finding.case_id))
    result: dict[str, dict[int, UnreadableInput]] = {key: {} for key in STAGE_KEYS.values()}
    if not found:
        return result
    start = notice_start_field(ledger)
    for key in result:
        wanted = st.inputs(key, start)
        for row, cells in found.items():
            hits = [f for f in wanted if f in cells]
            if hits:
                result[key][row] = UnreadableInput(row, cells[hits[0]][2], tuple(hits),
                                                   tuple(cells[f][0] for f in hits), tuple(cells[f][1] for f in hits))
    return result


def _set_unjudged(ledger: Ledger, out: dict[str, np.ndarray]) -> None:
    """A stage whose input cell could not be read is 无法判断 (never 超期) where it would have a state, or
    where the unreadable cell is the date it counts from (it would otherwise silently have no due date)."""
    unreadable = unreadable_inputs(ledger)
    if not any(unreadable.values()):
        return
    positions = {row: i for i, row in enumerate(ledger.frame.index)}
    start = notice_start_field(ledger)
    for key, cases in unreadable.items():
        rows = st.periods(key)
        starts = {st.start_field(p, start) for p in rows}
        # a completion field only some rows read (受理日期 for 2022 art. 23(3)'s objection) matters to those rows only
        own, basis = {p.done for p in rows if p.done}, out[f"{key}_basis"]
        state, left = out[f"{key}_state"], out[f"{key}_days_left"]
        for row, case in cases.items():
            i = positions[row]
            used = {st.done_field(rows[basis[i]])} if basis[i] >= 0 else set()
            if not set(case.fields) - (own - used):
                continue
            if state[i] is not None or starts.intersection(case.fields):
                state[i] = UNJUDGED
                left[i] = np.nan


def _days(series: pd.Series) -> np.ndarray:
    return series.to_numpy(dtype="datetime64[ns]").astype("datetime64[D]")


def _yes(series: pd.Series) -> np.ndarray:
    return (series == YES).to_numpy(dtype=bool, na_value=False)


def _filled(series: pd.Series) -> np.ndarray:
    return series.notna().to_numpy(dtype=bool)


def _inputs(ledger: Ledger) -> st.Inputs:
    return st.Inputs(ledger.frame, notice_start_field(ledger), ledger.settings.values)


def _nat(length: int) -> np.ndarray:
    return np.full(length, np.datetime64("NaT"), dtype="datetime64[D]")


def _timing(ledger: Ledger, calendar: WorkCalendar) -> dict[str, tuple[np.ndarray, ...]]:
    """For each stage: (the index of its table row per case, start, raw end, due, the index of the row whose due
    date stands: the law's row where it binds a `within_law` one) — the table's arithmetic."""
    inputs = _inputs(ledger)
    length = len(ledger.frame)
    facts = st.case_facts(inputs)
    handled = st.handled(ledger.frame)
    timing = {}
    for stage in st.STAGES:
        chosen = st.select(stage.key, facts, length)
        if stage.handled_only:
            chosen = np.where(handled, chosen, -1)
        start, raw, due = _nat(length), _nat(length), _nat(length)
        basis = chosen.copy()
        rows = st.periods(stage.key)
        for index, period in enumerate(rows):
            mask = chosen == index
            if period.days is None or not mask.any():
                continue
            _period_dates(period, inputs, calendar, mask, start, raw, due)
            if not period.within_law:
                continue
            # the law's own period binds too: the earlier of the two due dates (a missing one yields)
            law = st.select(stage.key, facts, length, after=index)
            for other_index, other in enumerate(rows):
                within = mask & (law == other_index)
                if other.days is None or not within.any():
                    continue
                law_start, law_raw, law_due = _nat(length), _nat(length), _nat(length)
                _period_dates(other, inputs, calendar, within, law_start, law_raw, law_due)
                earlier = within & ~np.isnat(law_due) & (np.isnat(due) | (law_due < due))
                start[earlier], raw[earlier], due[earlier] = law_start[earlier], law_raw[earlier], law_due[earlier]
                basis[earlier] = other_index
        timing[stage.key] = (chosen, start, raw, due, basis)
    return timing


def _period_dates(period: st.Period, inputs: st.Inputs, calendar: WorkCalendar, mask: np.ndarray,
                  start: np.ndarray, raw: np.ndarray, due: np.ndarray) -> None:
    """One table row's start, last day and due date, written into the arrays where `mask` holds."""
    values = inputs.days(st.start_field(period, inputs.notice_start_field))
    start[mask] = values[mask]
    if period.unit is st.Unit.GIVEN:
        raw[mask] = due[mask] = values[mask]
    elif period.unit is st.Unit.WORKING:
        for i in np.flatnonzero(mask & ~np.isnat(values)):
            end = calendar.add_working_days(values[i].astype(dt.date), period.days)
            raw[i] = due[i] = np.datetime64(end.due, "D")
    else:
        raw[mask] = values[mask] + np.timedelta64(period.days, "D")
        due[mask] = calendar.roll_many(raw[mask])


def _done(frame: pd.DataFrame, stage: str, basis: np.ndarray) -> np.ndarray:
    """Each case's completion date of a stage: the field its row (`basis`) names, else the stage's own."""
    done = _days(frame[st.STAGE_BY_KEY[stage].done[0]])
    for index, period in enumerate(st.periods(stage)):
        if period.done and (basis == index).any():
            done = np.where(basis == index, _days(frame[period.done]), done)
    return done


def _extension_max(chosen: np.ndarray, stage: str) -> np.ndarray:
    limits = np.array([p.extension for p in st.periods(stage)] + [0], dtype=np.int64)
    return limits[chosen]  # -1 (no row) picks the trailing 0


def compute(ledger: Ledger, today: dt.date, calendar: WorkCalendar | None = None) -> pd.DataFrame:
    """One row per case (same index as the ledger): for each stage its start, due, done, days_left and state.

    Columns are `<key>_start`, `<key>_due`, `<key>_done`, `<key>_days_left`, `<key>_state` and `<key>_period`
    (the index of the stage-table row in `stages.periods(key)`, -1 for none) and `<key>_basis` (the row whose due
    date stands, whose article a finding cites: the law's where it binds the plan's) for each stage key, plus
    `opinion_original_due`, `opinion_extended_due` (what the 延期天数 would make of it), `extension_counted` and
    `uncovered_year`. A stage that does not apply (no start
    date, a 不予受理/转送 case's handling, or a row of the table without a time limit) has no due date and no state;
    one whose input cell the reader could not read has the state 无法判断 (`UNJUDGED`) and no days_left.
    """
    calendar = calendar or calendar_for(ledger)
    frame = ledger.frame
    soon = int(ledger.settings.due_soon_days)
    today64 = np.datetime64(today, "D")
    nat = np.datetime64("NaT", "D")
    out: dict[str, np.ndarray] = {}
    timing = _timing(ledger, calendar)
    for key, (chosen, *_rest, basis) in timing.items():
        out[f"{key}_period"] = chosen
        out[f"{key}_basis"] = basis

    # 受理告知: completed by 受理告知书送达日期, or by the field a row names (2022 art. 23(3)'s objection: 受理日期)
    _, start, raw, notice_due, notice_basis = timing["notice"]
    _stage(out, "notice", start, notice_due, _done(frame, "notice", notice_basis), today64, soon)
    for index, period in enumerate(st.periods("notice")):  # completed by a column this ledger lacks: never 超期
        lacking = (notice_basis == index) & (out["notice_state"] != None)  # noqa: E711 - elementwise
        if period.done and not ledger.has(period.done) and lacking.any():
            out["notice_state"][lacking] = UNJUDGED
            out["notice_days_left"][lacking] = np.nan

    # 处理意见: the table's period, extended when approved in time
    chosen, accepted, raw_opinion, original_due, _ = timing["opinion"]
    limit = _extension_max(chosen, "opinion")
    extension = frame["extension_days"].to_numpy(dtype="float64", na_value=np.nan)
    notice_on = _days(frame["extension_notice_on"])
    # without a 是否延期 column, a filled 延期天数 says the case was extended
    extended = _yes(frame["extended"]) if ledger.has("extended") else np.ones(len(frame), dtype=bool)
    # 2005 art. 33 / 2022 art. 34: only an extension approved by the office's head counts (when the ledger
    # records approvers at all)
    approved = _filled(frame["extension_approver"]) if ledger.has("extension_approver") else np.ones(len(frame), bool)
    possible = (limit > 0) & ~np.isnan(extension) & (extension > 0) & ~np.isnat(original_due)
    counted = possible & extended & approved & ~np.isnat(notice_on) & (notice_on <= original_due)
    extra = np.where(possible, np.minimum(np.nan_to_num(extension), limit), 0).astype("timedelta64[D]")
    # the due date the 延期天数 give once approved and notified in time (the 延期办理告知书 states it, and may
    # be printed before it is notified)
    extended_due = calendar.roll_many(np.where(possible, original_due + extra, nat))
    raw_extended = np.where(counted, original_due + extra, raw_opinion)
    opinion_due = np.where(counted, extended_due, original_due)
    _stage(out, "opinion", accepted, opinion_due, _days(frame["opinion_on"]), today64, soon)
    out["opinion_original_due"] = original_due
    out["opinion_extended_due"] = extended_due
    out["extension_counted"] = counted

    # 息访分析: due when the case is not settled by day 60, or has rebounded
    _, analysis_start, _, day_60, _ = timing["analysis"]
    settled = _yes(frame["settled"])
    settled_on = _days(frame["settled_on"])
    settled_in_time = settled & (np.isnat(settled_on) | (settled_on <= day_60))
    rebounded = _yes(frame["rebounded"])
    applies = ~np.isnat(day_60) & (~settled_in_time | rebounded)
    rebound_day = _days(frame["rebounded_on"])
    analysis_due = np.where(applies, day_60, nat)
    later_rebound = rebounded & ~np.isnat(rebound_day) & (rebound_day > day_60)
    analysis_due = np.where(later_rebound, rebound_day, analysis_due)
    analysed = _filled(frame["unsettled_analysis"]) & _filled(frame["next_steps"])
    _stage(out, "analysis", np.where(applies, analysis_start, nat), analysis_due, np.full(len(frame), nat), today64,
           soon)
    # a task, not a deadline: open (待办) once day 60 (or the rebound) has come, never 超期; days_left is then
    # minus the days since. A case settled after day 60 needed it only while unsettled: 已息访未分析
    state = np.full(len(frame), None, dtype=object)
    state[applies & (analysis_due <= today64)] = TODO
    state[applies & analysed] = DONE
    state[applies & ~rebounded & settled & ~analysed & ~np.isnat(settled_on)] = LAPSED
    out["analysis_state"] = state

    # 上级报结: the given date, closed by 报结日期
    _, upper_start, _, upper_due, _ = timing["upper"]
    _stage(out, "upper", upper_start, upper_due, _days(frame["reported_on"]), today64, soon)

    uncovered = np.full(len(frame), np.nan)
    for days in (raw, notice_due, raw_extended, opinion_due):
        mask = calendar.uncovered_mask(days)
        years = days.astype("datetime64[Y]").astype(np.int64) + 1970
        uncovered = np.where(mask & np.isnan(uncovered), years, uncovered)
    out["uncovered_year"] = uncovered
    _set_unjudged(ledger, out)

    result = pd.DataFrame(out, index=frame.index)
    for key in STAGE_KEYS.values():
        for part in ("start", "due", "done"):
            result[f"{key}_{part}"] = pd.to_datetime(result[f"{key}_{part}"])
    for name in ("opinion_original_due", "opinion_extended_due"):
        result[name] = pd.to_datetime(result[name])
    result["uncovered_year"] = result["uncovered_year"].astype("Int64")
    return result


def _stage(out, key, start, due, done, today64, soon):
    has_due = ~np.isnat(due)
    due = np.where(has_due, due, np.datetime64("NaT", "D"))
    days_left = (due - today64).astype("timedelta64[D]").astype("float64")
    days_left[~has_due] = np.nan
    is_done = ~np.isnat(done) & has_due
    state = np.full(len(due), None, dtype=object)
    state[has_due & ~is_done & (days_left > soon)] = OPEN
    state[has_due & ~is_done & (days_left >= 0) & (days_left <= soon)] = DUE_SOON
    state[has_due & ~is_done & (days_left < 0)] = OVERDUE
    state[is_done & (done <= due)] = ON_TIME
    state[is_done & (done > due)] = LATE
    out[f"{key}_start"] = np.where(has_due, start, np.datetime64("NaT", "D"))
    out[f"{key}_due"] = due
    out[f"{key}_done"] = np.where(is_done, done, np.datetime64("NaT", "D"))
    out[f"{key}_days_left"] = days_left
    out[f"{key}_state"] = state


# ---------------------------------------------------------------------------
# Explanations, one case at a time


@dataclass(frozen=True)
class Explanation:
    stage: str
    start_label: str  # the header the period counts from
    start: dt.date
    days: int | None  # None: the law sets no time limit for this case (due and raw_end are None too)
    raw_end: dt.date | None
    due: dt.date | None
    skipped: tuple[dt.date, ...]
    rule: str
    article: str
    uncovered_years: tuple[int, ...] = ()
    note: str = ""
    kind: str = "deadline"  # deadline / task (an open task from `due` on, no time limit) / given (a date set by others)
    working: bool = False  # counted in working days (2022 art. 23(3)): `skipped` are the days off inside the period

    def lines(self, calendar: WorkCalendar) -> list[str]:
        if self.due is None:
            text = [f"【{self.stage}】不设期限", f"  规则：{self.rule}", f"  依据：{self.article}"]
            return text + ([f"  说明：{self.note}"] if self.note else [])
        if self.kind == "given":
            text = [f"【{self.stage}】期限 {fmt(self.due)}（{weekday(self.due)}）",
                    f"  期限：{self.start_label}，由上级交办机关给定，不计日数、不顺延",
                    f"  规则：{self.rule}", f"  依据：{self.article}"]
            return text + ([f"  说明：{self.note}"] if self.note else [])
        if self.kind == "task" and self.days == 0:
            text = [f"【{self.stage}】待办任务，自 {fmt(self.due)} 起（方案未规定完成时限）",
                    f"  起算：{self.start_label} {fmt(self.start)}（当日即成为待办）",
                    f"  规则：{self.rule}", f"  依据：{self.article}"]
            return text + ([f"  说明：{self.note}"] if self.note else [])
        if self.days == 0:  # due on the day itself (a rebound after day 60)
            text = [f"【{self.stage}】期限 {fmt(self.due)}", f"  起算：{self.start_label} {fmt(self.start)}（当日即到期）",
                    f"  规则：{self.rule}", f"  依据：{self.article}"]
            return text + ([f"  说明：{self.note}"] if self.note else [])
        if self.working:
            text = [f"【{self.stage}】期限 {fmt(self.due)}（{weekday(self.due)}）",
                    f"  起算：{self.start_label} {fmt(self.start)}（当日不计入）",
                    f"  期间：{self.days} 个工作日，第 {self.days} 个工作日为 {fmt(self.due)}（{weekday(self.due)}，"
                    f"{calendar.day_kind(self.due)}）"]
            if self.skipped:
                days = "、".join(f"{d.month}月{d.day}日（{calendar.day_kind(d)}）" for d in self.skipped)
                text.append(f"  不计：期间内的 {days}（按工作日计算，调休上班的周末计入）")
            text += [f"  规则：{self.rule}", f"  依据：{self.article}"]
            text += [f"  说明：{self.note}"] if self.note else []
            for year in self.uncovered_years:
                text.append(f"  注意：{year} 年的节假日安排尚无数据，已{UNCOVERED}；请在“设置”表的“节假日调整”中补录后重新计算。")
            return text
        title = (f"待办任务，自 {fmt(self.due)} 起（方案未规定完成时限，不计超期）" if self.kind == "task"
                 else f"期限 {fmt(self.due)}")
        text = [
            f"【{self.stage}】{title}",
            f"  起算：{self.start_label} {fmt(self.start)}（当日不计入）",
            f"  期间：{self.days} 日，第 {self.days} 日为 {fmt(self.raw_end)}（{weekday(self.raw_end)}，"
            f"{calendar.day_kind(self.raw_end)}）",
        ]
        if self.skipped:
            days = "、".join(f"{d.month}月{d.day}日（{calendar.day_kind(d)}）" for d in self.skipped)
            text.append(f"  顺延：跳过 {days}，至下一个工作日 {fmt(self.due)}（{weekday(self.due)}）")
        else:
            text.append("  顺延：末日为工作日，无需顺延")
        text.append(f"  规则：{self.rule}")
        text.append(f"  依据：{self.article}")
        if self.note:
            text.append(f"  说明：{self.note}")
        for year in self.uncovered_years:
            text.append(f"  注意：{year} 年的节假日安排尚无数据，已{UNCOVERED}；请在“设置”表的“节假日调整”中补录后重新计算。")
        return text


def fmt(day: dt.date | None) -> str:
    return f"{day.year}年{day.month}月{day.day}日" if day else ""


def weekday(day: dt.date) -> str:
    return "星期" + "一二三四五六日"[day.weekday()]


def _row_periods(ledger: Ledger, row: int) -> dict[str, st.Period | None]:
    """The stage-table row each stage of one case gets (the same selection `compute` makes)."""
    inputs = _inputs(ledger)
    facts = st.case_facts(inputs)
    position = ledger.frame.index.get_loc(row)
    handled = st.handled(ledger.frame)[position]
    chosen: dict[str, st.Period | None] = {}
    for stage in st.STAGES:
        index = int(st.select(stage.key, facts, len(ledger.frame))[position])
        chosen[stage.key] = None if index < 0 or (stage.handled_only and not handled) else st.periods(stage.key)[index]
    return chosen


def _period_end(calendar: WorkCalendar, period: st.Period, start: dt.date):
    """A stage-table row's end from `start`: calendar days rolled, or working days counted."""
    if period.unit is st.Unit.WORKING:
        return calendar.add_working_days(start, period.days)
    return calendar.add_days(start, period.days)


def _decision_note(case: dict, notice: st.Period) -> str:
    """What a 不予受理 or 转送 notice must say, and that such a case has no handling deadline."""
    decision = case["acceptance_decision"]
    if notice.done == "accepted_on":  # 2022 art. 23(3): handed back to the body that sent it, no notice to serve
        # the body that sent it, when the ledger names one (not 本办受理, not the dictionary's catch-all 其他)
        named = case["source"] not in (None, "", st.DIRECT_SOURCE, "其他")
        source = case["source"] if named else "转送、交办机关"
        return (f"受理结论为“{decision}”：上级转送、交办的事项不属本机关职权范围，在此期限内向{source}提出异议、"
                f"详细说明理由，经其核实同意后交还相关材料（{notice.article}），不由本机关转送，无须出具转送告知书；"
                "此类案件不计处理意见期限")
    decided = case["accepted_on"] or case["registered_on"] or case["assigned_on"]  # as the notice itself cites
    transferred = st.transferred(case["source"])
    what = (decision_notice(decision, decided, case.get("decision_reason"), transferred, case["registered_on"])
            if decision else None)
    if what is None:
        return ""
    if what.objection:  # 不予受理 as not within the office's powers of a matter sent to it: 2022 art. 23(3)
        return (f"受理结论为“{decision}”：上级转送、交办的事项不属本机关职权范围，应{what.content}（{what.citation}）；"
                "受理结论宜填“转送其他机关”；此类案件不计处理意见期限")
    note = (f"受理结论为“{decision}”：在此期限内送达{what.document}，{what.content}（{what.citation}）；"
            "此类案件不计处理意见期限")
    if notice.article.endswith("第二十三条第三款"):
        note += ("。转送、交办来的事项不属本机关职权范围的，还应自收到之日起 5 个工作日内向转送、交办机关提出异议"
                 "（同款）")
    return note


def _law_row(ledger: Ledger, row: int, stage: str, period: st.Period) -> st.Period | None:
    """The row that applies to the case besides a `within_law` row (the first later row whose facts hold)."""
    rows = st.periods(stage)
    facts = st.case_facts(_inputs(ledger))
    index = int(st.select(stage, facts, len(ledger.frame), after=rows.index(period))[ledger.frame.index.get_loc(row)])
    return rows[index] if index >= 0 else None


def _before_plan_note(ledger: Ledger, row: int, case: dict) -> str:
    """Why a campaign case is held to the law's notice period alone: its 交办 came before the plan was issued."""
    facts = st.case_facts(_inputs(ledger))
    position = ledger.frame.index.get_loc(row)
    if not facts["campaign"][position] or facts["plan_issued"][position]:
        return ""
    field_name = notice_start_field(ledger)
    return (f"攻坚行动案件，但{header(field_name)} {fmt(case[field_name])} 早于实施方案印发之日 {fmt(PLAN_ISSUED)}："
            "方案的 5 日不适用于此前的交办，按法定期限")


def _explain_notice(ledger: Ledger, row: int, case: dict, notice: st.Period,
                    calendar: WorkCalendar) -> list[Explanation]:
    field_name = st.start_field(notice, notice_start_field(ledger))
    start = case[field_name]
    if notice.days is None:  # the petitioner's name or address unclear: no notice is owed
        if not (start or case["assigned_on"]):
            return []
        who = (f"{header('petitioner')}为“{case['petitioner']}”" if case["petitioner"] else "")
        if case["address"]:
            who += ("，" if who else "") + f"{header('address')}为“{case['address']}”"
        return [Explanation(NOTICE, header(field_name), start or case["assigned_on"], None, None, None, (),
                            notice.rule, notice.article, (), who)]
    end = _period_end(calendar, notice, start) if start else None
    law = _law_row(ledger, row, "notice", notice) if notice.within_law else None
    law_start = case[st.start_field(law, notice_start_field(ledger))] if law is not None and law.days else None
    law_end = _period_end(calendar, law, law_start) if law_start else None
    if law_end is not None and (end is None or law_end.due < end.due):
        # the plan's days cannot extend the law's: its period binds
        plan = (f"方案的期限为 {fmt(end.due)}（{header(field_name)}起 {notice.days} 日）；法定期限自"
                f"{header(law.start)}起 {law.days} 日，至 {fmt(law_end.due)}，更早" if end is not None
                else f"尚未填写{header(field_name)}，方案的 {notice.days} 日无从起算；法定期限自{header(law.start)}起 "
                f"{law.days} 日，至 {fmt(law_end.due)}")
        note = f"攻坚行动案件（{notice.article}）：{plan}，方案不能延长法定期限，以法定期限为准"
        extra = _decision_note(case, law)
        return [Explanation(NOTICE, header(law.start), law_start, law.days, law_end.raw_end, law_end.due,
                            law_end.skipped, law.rule,
                            f"{law.article}；{period_law(law_end.raw_end, law.unit is st.Unit.WORKING)}",
                            law_end.uncovered_years, note + (f"。{extra}" if extra else ""))]
    if end is None:
        return []
    note = _decision_note(case, notice)
    if law is None and not notice.within_law:
        note = "；".join(filter(None, (_before_plan_note(ledger, row, case), note)))
    if law_end is not None:
        note = (f"法定期限（{law.article}，自{header(law.start)}起 {law.days} 日）为 {fmt(law_end.due)}，"
                "方案的期限不晚于它" + (f"。{note}" if note else ""))
    return [Explanation(NOTICE, header(field_name), start, notice.days, end.raw_end, end.due, end.skipped,
                        notice.rule, f"{notice.article}；{period_law(end.raw_end, notice.unit is st.Unit.WORKING)}",
                        end.uncovered_years, note,
                        working=notice.unit is st.Unit.WORKING)]


def explain(ledger: Ledger, row: int, calendar: WorkCalendar | None = None) -> list[Explanation]:
    """Every due date of the case in `row`, computed step by step from its rows of the stage table."""
    calendar = calendar or calendar_for(ledger)
    case = dict(next(r for r in ledger.records() if r[0] == row)[1])
    chosen = _row_periods(ledger, row)
    result: list[Explanation] = []

    notice = chosen["notice"]
    if notice is not None:
        result.extend(_explain_notice(ledger, row, case, notice, calendar))
    opinion = chosen["opinion"]
    accepted = case["accepted_on"]
    if opinion is not None and accepted and opinion.days is None:
        result.append(Explanation(OPINION, header("accepted_on"), accepted, None, None, None, (), opinion.rule,
                                  opinion.article, (), f"不是申诉求决类事项（{header('petition_type')}为"
                                  f"“{case['petition_type']}”），2022年《信访工作条例》第三十四条的 60 日期限不适用"))
    elif opinion is not None and accepted:
        original = calendar.add_days(accepted, opinion.days)
        extension = case["extension_days"]
        notice_on = case["extension_notice_on"]
        extended = case["extended"] == YES or not ledger.has("extended")
        approved = bool(case["extension_approver"]) or not ledger.has("extension_approver")
        counted = (opinion.extension > 0 and extended and approved and extension and extension > 0
                   and notice_on is not None and notice_on <= original.due)
        rule = opinion.rule
        if counted:
            extra = min(int(extension), opinion.extension)
            extended = calendar.add_days(original.due, extra)
            note = (f"原期限 {fmt(original.due)}；{fmt(notice_on)} 已告知延期（在原期限届满前），"
                    f"自原期限起延长 {extra} 日")
            if extension > opinion.extension:
                note += f"（台账填 {extension} 日，超过 {opinion.extension} 日的部分不计）"
            result.append(Explanation(
                OPINION, "原办理期限", original.due, extra, extended.raw_end, extended.due, extended.skipped,
                # the rules of 2005 art. 33 and 2022 art. 34 already say so: said again, the 规则 line repeated it
                rule if "延长" in rule else rule + f"；经批准可延长，最多 {opinion.extension} 日",
                f"{opinion.article}；{period_law(extended.raw_end)}",
                tuple(sorted(set(original.uncovered_years) | set(extended.uncovered_years))), note))
        else:
            note = ""
            if case["extended"] == YES:
                why = ("没有延期告知日期，" if notice_on is None else
                       "延期告知日期晚于原期限，" if notice_on > original.due else
                       "没有延期批准人（须经本机关负责人批准），" if not approved else "")
                note = f"台账填了延期，但{why}延期不计入期限"
            result.append(Explanation(OPINION, header("accepted_on"), accepted, opinion.days, original.raw_end,
                                      original.due, original.skipped, rule,
                                      f"{opinion.article}；{period_law(original.raw_end)}", original.uncovered_years,
                                      note))
    analysis = chosen["analysis"]
    if analysis is not None and accepted:
        day_60 = calendar.add_days(accepted, analysis.days)
        settled_in_time = case["settled"] == YES and (case["settled_on"] is None
                                                          or case["settled_on"] <= day_60.due)
        rebound_day = case["rebounded_on"]
        if case["rebounded"] == YES and rebound_day is not None and rebound_day > day_60.due:
            # as compute(): a rebound after day 60 calls for the analysis from the rebound itself
            result.append(Explanation(
                ANALYSIS, header("rebounded_on"), rebound_day, 0, rebound_day, rebound_day, (), analysis.rule,
                analysis.article, (), f"受理满 60 日为 {fmt(day_60.due)}，反弹在其后，自反弹之日起列为待办",
                kind="task"))
        elif not settled_in_time or case["rebounded"] == YES:
            note = ""
            analysed = bool(case["unsettled_analysis"]) and bool(case["next_steps"])
            if case["settled"] == YES and case["settled_on"] and case["rebounded"] != YES and not analysed:
                note = f"{fmt(case['settled_on'])} 已息诉息访（在受理满 60 日之后），此后不再需要"
            result.append(Explanation(
                ANALYSIS, header("accepted_on"), accepted, analysis.days, day_60.raw_end, day_60.due,
                day_60.skipped, analysis.rule, analysis.article, day_60.uncovered_years, note, kind="task"))
    upper = chosen["upper"]
    deadline = case["upper_deadline"]
    if upper is not None and deadline:
        result.append(Explanation(UPPER, header("upper_deadline"), deadline, 0, deadline, deadline, (), upper.rule,
                                  upper.article, (), f"完成以“{header('reported_on')}”为准", kind="given"))
    return result
