"""Due dates and states of each case's stages (DESIGN §5), vectorised over the whole ledger.

Three stages are timed:
- 受理告知: the acceptance notice, 5 days from 交办日期 for campaign cases (plan §四(二)、§五(三)),
  15 days otherwise (2005 《信访条例》 art. 21; 2022 《信访工作条例》 art. 23);
- 处理意见: the written opinion, 60 days from 受理日期 (2005 art. 33; 2022 art. 34), plus 延期天数
  (≤ 30) when the extension was notified on or before the original due date;
- 息访分析: 60 days from 受理日期 a case not settled (or rebounded) needs 未息访原因分析 and 下步措施
  (plan §五(二)).

`compute()` does every case at once; `explain()` does one case step by step with the same calendar,
and the tests hold the two to the same answers.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from xlkit.deadlines.calendar import WorkCalendar
from xlkit.read.ledger import Ledger
from xlkit.schema import (
    CAMPAIGN_END,
    CAMPAIGN_START,
    NOT_HANDLED_DECISIONS,
    REGULATION_2022_FROM,
    YES,
    header,
)

NOTICE, OPINION, ANALYSIS = "受理告知", "处理意见", "息访分析"
STAGES = (NOTICE, OPINION, ANALYSIS)
STAGE_KEYS = {NOTICE: "notice", OPINION: "opinion", ANALYSIS: "analysis"}

ON_TIME, LATE, OPEN, DUE_SOON, OVERDUE, DONE = "已按期完成", "逾期完成", "办理中", "临期", "超期", "已完成"
OPEN_STATES = (OPEN, DUE_SOON, OVERDUE)

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
    }


def judgeable(ledger: Ledger) -> dict[str, bool]:
    """Which stages this ledger's columns allow judging (key → bool)."""
    return {key: all(ledger.has(f) for f in fields) for key, fields in stage_fields(ledger).items()}


def _days(series: pd.Series) -> np.ndarray:
    return series.to_numpy(dtype="datetime64[ns]").astype("datetime64[D]")


def _yes(series: pd.Series) -> np.ndarray:
    return (series == YES).to_numpy(dtype=bool, na_value=False)


def _filled(series: pd.Series) -> np.ndarray:
    return series.notna().to_numpy(dtype=bool)


def compute(ledger: Ledger, today: dt.date, calendar: WorkCalendar | None = None) -> pd.DataFrame:
    """One row per case (same index as the ledger): for each stage its start, due, done, days_left and state.

    Columns are `<key>_start`, `<key>_due`, `<key>_done`, `<key>_days_left`, `<key>_state` for key in
    notice/opinion/analysis, plus `opinion_original_due`, `extension_counted` and `uncovered_year`.
    A stage that does not apply (no start date, or the case was not accepted) has no due date and no state.
    """
    calendar = calendar or calendar_for(ledger)
    frame = ledger.frame
    soon = int(ledger.settings.due_soon_days)
    today64 = np.datetime64(today, "D")
    handled = ~frame["acceptance_decision"].isin(NOT_HANDLED_DECISIONS).to_numpy(dtype=bool)
    nat = np.datetime64("NaT", "D")
    out: dict[str, np.ndarray] = {}

    # 受理告知
    start = _days(frame[notice_start_field(ledger)])
    registered = _days(frame["registered_on"])
    reference = np.where(np.isnat(registered), start, registered)
    campaign = (reference >= np.datetime64(CAMPAIGN_START)) & (reference <= np.datetime64(CAMPAIGN_END))
    notice_days = np.where(campaign, CAMPAIGN_NOTICE_DAYS, STATUTORY_NOTICE_DAYS).astype("timedelta64[D]")
    raw = np.where(handled, start + notice_days, nat)
    notice_due = calendar.roll_many(raw)
    _stage(out, "notice", start, notice_due, _days(frame["acceptance_served_on"]), today64, soon, raw)

    # 处理意见
    accepted = np.where(handled, _days(frame["accepted_on"]), nat)
    raw_opinion = accepted + np.timedelta64(OPINION_DAYS, "D")
    original_due = calendar.roll_many(raw_opinion)
    extension = frame["extension_days"].to_numpy(dtype="float64", na_value=np.nan)
    notice_on = _days(frame["extension_notice_on"])
    # without a 是否延期 column, a filled 延期天数 says the case was extended
    extended = _yes(frame["extended"]) if ledger.has("extended") else np.ones(len(frame), dtype=bool)
    counted = (extended & ~np.isnan(extension) & (extension > 0) & ~np.isnat(notice_on)
               & ~np.isnat(original_due) & (notice_on <= original_due))
    extra = np.where(counted, np.minimum(np.nan_to_num(extension), MAX_EXTENSION_DAYS), 0).astype("timedelta64[D]")
    raw_extended = np.where(counted, original_due + extra, raw_opinion)
    opinion_due = np.where(counted, calendar.roll_many(raw_extended), original_due)
    _stage(out, "opinion", accepted, opinion_due, _days(frame["opinion_on"]), today64, soon, raw_extended)
    out["opinion_original_due"] = original_due
    out["extension_counted"] = counted

    # 息访分析: due when the case is not settled by day 60, or has rebounded
    settled = _yes(frame["settled"])
    settled_on = _days(frame["settled_on"])
    settled_in_time = settled & (np.isnat(settled_on) | (settled_on <= original_due))
    rebounded = _yes(frame["rebounded"])
    applies = ~np.isnat(original_due) & (~settled_in_time | rebounded)
    rebound_day = _days(frame["rebounded_on"])
    analysis_due = np.where(applies, original_due, nat)
    later_rebound = rebounded & ~np.isnat(rebound_day) & (rebound_day > original_due)
    analysis_due = np.where(later_rebound, rebound_day, analysis_due)
    analysed = _filled(frame["unsettled_analysis"]) & _filled(frame["next_steps"])
    # a case settled after day 60 needed the analysis only while it was unsettled: judge it as of settling
    _stage(out, "analysis", np.where(applies, accepted, nat), analysis_due, np.full(len(frame), nat), today64,
           soon, raw_opinion)
    state = out["analysis_state"].astype(object)
    state[applies & analysed] = DONE
    late_settled = applies & ~rebounded & settled & ~analysed & ~np.isnat(settled_on)
    state[late_settled] = OVERDUE
    out["analysis_state"] = state

    uncovered = np.full(len(frame), np.nan)
    for raw_days, due in ((raw, notice_due), (raw_extended, opinion_due)):
        for days in (raw_days, due):
            mask = calendar.uncovered_mask(days)
            years = days.astype("datetime64[Y]").astype(np.int64) + 1970
            uncovered = np.where(mask & np.isnan(uncovered), years, uncovered)
    out["uncovered_year"] = uncovered

    result = pd.DataFrame(out, index=frame.index)
    for key in ("notice", "opinion", "analysis"):
        for part in ("start", "due", "done"):
            result[f"{key}_{part}"] = pd.to_datetime(result[f"{key}_{part}"])
    result["opinion_original_due"] = pd.to_datetime(result["opinion_original_due"])
    result["uncovered_year"] = result["uncovered_year"].astype("Int64")
    return result


def _stage(out, key, start, due, done, today64, soon, raw):
    del raw
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
    days: int
    raw_end: dt.date
    due: dt.date
    skipped: tuple[dt.date, ...]
    rule: str
    article: str
    uncovered_years: tuple[int, ...] = ()
    note: str = ""

    def lines(self, calendar: WorkCalendar) -> list[str]:
        if self.days == 0:  # due on the day itself (a rebound after day 60)
            text = [f"【{self.stage}】期限 {fmt(self.due)}", f"  起算：{self.start_label} {fmt(self.start)}（当日即到期）",
                    f"  规则：{self.rule}", f"  依据：{self.article}"]
            return text + ([f"  说明：{self.note}"] if self.note else [])
        text = [
            f"【{self.stage}】期限 {fmt(self.due)}",
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
            text.append(f"  注意：{year} 年的节假日安排尚无数据，已只按周末计算；请在“设置”表的“节假日调整”中补录后重新计算。")
        return text


def fmt(day: dt.date | None) -> str:
    return f"{day.year}年{day.month}月{day.day}日" if day else ""


def weekday(day: dt.date) -> str:
    return "星期" + "一二三四五六日"[day.weekday()]


def period_law(day: dt.date) -> str:
    return "《民法典》第二百零一条、第二百零三条" if day.year >= 2021 else "《民法总则》第二百零一条、第二百零三条"


def regulation(accepted: dt.date | None) -> str:
    return "2022年《信访工作条例》" if accepted and accepted >= REGULATION_2022_FROM else "2005年《信访条例》"


def explain(ledger: Ledger, row: int, calendar: WorkCalendar | None = None) -> list[Explanation]:
    """Every due date of the case in `row`, computed step by step."""
    calendar = calendar or calendar_for(ledger)
    case = dict(next(r for r in ledger.records() if r[0] == row)[1])
    result: list[Explanation] = []
    if case["acceptance_decision"] in NOT_HANDLED_DECISIONS:
        return result
    start_field = notice_start_field(ledger)
    start = case[start_field]
    reference = case["registered_on"] or start
    if start:
        campaign = reference is not None and CAMPAIGN_START <= reference <= CAMPAIGN_END
        days = CAMPAIGN_NOTICE_DAYS if campaign else STATUTORY_NOTICE_DAYS
        end = calendar.add_days(start, days)
        if campaign:
            rule, article = "攻坚行动案件：收到交办后 5 日内出具受理告知书并当面送达", "《三年攻坚行动实施方案》四(二)、五(三)"
        elif start >= REGULATION_2022_FROM:
            rule, article = "收到交办信访事项之日起 15 日内书面告知", "2022年《信访工作条例》第二十三条"
        else:
            rule, article = "收到转送、交办信访事项之日起 15 日内书面告知", "2005年《信访条例》第二十一条"
        result.append(Explanation(NOTICE, header(start_field), start, days, end.raw_end, end.due, end.skipped,
                                  rule, f"{article}；{period_law(end.raw_end)}", end.uncovered_years))
    accepted = case["accepted_on"]
    if accepted:
        law = regulation(accepted)
        art = "第三十四条" if accepted >= REGULATION_2022_FROM else "第三十三条"
        original = calendar.add_days(accepted, OPINION_DAYS)
        extension = case["extension_days"]
        notice_on = case["extension_notice_on"]
        extended = case["extended"] == YES or not ledger.has("extended")
        counted = (extended and extension and extension > 0 and notice_on is not None
                   and notice_on <= original.due)
        rule = "自受理之日起 60 日内出具书面处理意见"
        if counted:
            extra = min(int(extension), MAX_EXTENSION_DAYS)
            extended = calendar.add_days(original.due, extra)
            note = (f"原期限 {fmt(original.due)}；{fmt(notice_on)} 已告知延期（在原期限届满前），"
                    f"自原期限起延长 {extra} 日")
            if extension > MAX_EXTENSION_DAYS:
                note += f"（台账填 {extension} 日，超过 30 日的部分不计）"
            result.append(Explanation(
                OPINION, "原办理期限", original.due, extra, extended.raw_end, extended.due, extended.skipped,
                rule + "；经批准可延长，最多 30 日", f"{law}{art}；{period_law(extended.raw_end)}",
                tuple(sorted(set(original.uncovered_years) | set(extended.uncovered_years))), note))
        else:
            note = ""
            if case["extended"] == YES:
                note = ("台账填了延期，但" + ("延期告知日期晚于原期限，" if notice_on else "没有延期告知日期，")
                        + "延期不计入期限")
            result.append(Explanation(OPINION, header("accepted_on"), accepted, OPINION_DAYS, original.raw_end,
                                      original.due, original.skipped, rule,
                                      f"{law}{art}；{period_law(original.raw_end)}", original.uncovered_years,
                                      note))
        settled_in_time = case["settled"] == YES and (case["settled_on"] is None
                                                          or case["settled_on"] <= original.due)
        rebound_day = case["rebounded_on"]
        if case["rebounded"] == YES and rebound_day is not None and rebound_day > original.due:
            # as compute(): a rebound after day 60 calls for the analysis from the rebound itself
            result.append(Explanation(
                ANALYSIS, header("rebounded_on"), rebound_day, 0, rebound_day, rebound_day, (),
                "息访后反弹的，应分析未息访原因并制定下步措施（受理满 60 日后反弹，自反弹之日起即应完成）",
                "《三年攻坚行动实施方案》五(二)", (),
                f"受理满 60 日为 {fmt(original.due)}，反弹在其后"))
        elif not settled_in_time or case["rebounded"] == YES:
            result.append(Explanation(
                ANALYSIS, header("accepted_on"), accepted, ANALYSIS_DAYS, original.raw_end, original.due,
                original.skipped, "受理之日起 60 日内仍未息访或息访后反弹的，应分析未息访原因并制定下步措施",
                "《三年攻坚行动实施方案》五(二)", original.uncovered_years))
    return result
