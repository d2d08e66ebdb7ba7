"""The chart sheets a leader turns to after the 领导摘要 (issue 13 item 11).

月度调度 › 图表: 超期/临期 by 责任股室 as bars, new and closed cases per month as lines.
季度分析 › 指标趋势: each plan indicator for every quarter of the campaign so far, as bars with their
values on them and the target as a dashed line across.

Each sheet prints on one landscape A4 page with its charts first and the charts' own numbers below
them (the charts are drawn from those cells), never over them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import pandas as pd

from xlkit.analysis.kpi import TARGETS, KpiTable, Period, counted_cases, indicators_name, table_from_flags
from xlkit.output import xlsx_charts as charts
from xlkit.output import xlsx_style as style
from xlkit.read.ledger import Ledger
from xlkit.schema import CAMPAIGN_START, header

MONTHLY_SHEET = "图表"
TREND_SHEET = "指标趋势"
#: The plan's six indicators (§二), those with a target.
PLAN_KPIS: tuple[str, ...] = tuple(name for name, target in TARGETS.items() if target is not None)
#: How far back the month and quarter series reach (a ledger kept for years stays readable).
MAX_MONTHS = 36
MAX_QUARTERS = 12
CHART_ROWS = 18  # rows of 15 pt under each chart
#: 指标趋势's two rows of charts and its title fit one landscape page (at 18 rows the second row's bottom and
#: legends printed on the next page, the charts cut in two).
TREND_ROWS = 14


def _first(dates: pd.Series, kind: str, last: Period) -> Period:
    """The first period of a series: the campaign's start or the first case, whichever is later."""
    first = dates.min()
    start = CAMPAIGN_START if pd.isna(first) else max(CAMPAIGN_START, first.date())
    period = Period.month_of(start) if kind == "month" else Period.quarter_of(start)
    limit = MAX_MONTHS if kind == "month" else MAX_QUARTERS
    if (last.year, last.number) < (period.year, period.number):
        return last
    earliest = last.shift(1 - limit)
    return period if (period.year, period.number) >= (earliest.year, earliest.number) else earliest


def periods(first: Period, last: Period) -> list[Period]:
    result = [first]
    while (result[-1].year, result[-1].number) < (last.year, last.number):
        result.append(result[-1].shift(1))
    return result


def month_series(ledger: Ledger, month: Period) -> pd.DataFrame:
    """新增 (registered) and 办结 (closed) campaign cases per month, from the campaign's start (or the first
    case) to `month`, at most MAX_MONTHS."""
    frame = ledger.frame[counted_cases(ledger.frame)]
    months = periods(_first(frame["registered_on"], "month", month), month)
    index = pd.PeriodIndex([pd.Period(year=m.year, month=m.number, freq="M") for m in months])

    def per_month(dates: pd.Series) -> list[int]:
        counts = dates.dropna().dt.to_period("M").value_counts()
        return [int(counts.get(p, 0)) for p in index]

    # a column the ledger lacks is no series (a line of zeros would say nothing was registered or closed)
    series = {name: per_month(frame[f]) for name, f in (("新增", "registered_on"), ("办结", "closed_on"))
              if ledger.has(f)}
    return pd.DataFrame(series, index=pd.Index(month_labels(months), name="月份"))


def month_labels(months: Sequence[Period]) -> list[str]:
    """`2019年1月` for the first month and each January, `2月` for the rest: short enough to stand upright
    under a chart of three years."""
    return [m.title if i == 0 or m.number == 1 else f"{m.number}月" for i, m in enumerate(months)]


def quarter_label(quarter: Period) -> str:
    """`2019\n一季度`: two short lines under a bar."""
    return f"{quarter.year}\n{'一二三四'[quarter.number - 1]}季度"


def quarter_trend(flags: pd.DataFrame, quarter: Period, today: dt.date) -> list[KpiTable]:
    """The KPI table of every quarter from the campaign's first (or the first case's) to `quarter`, at most
    MAX_QUARTERS, each as of `today` (flags: `kpi.kpi_frame`)."""
    first = _first(flags["period_date"], "quarter", quarter)
    return [table_from_flags(flags, q, today) for q in periods(first, quarter)]


def monthly_sheet(ws, office: str, month: Period, unit_rows: Sequence[list], series: pd.DataFrame) -> None:
    """月度调度 › 图表: `unit_rows` are [股室, 超期, 临期, 合计] rows ending with 全办 (`summary.unit_counts`)."""
    ws.title = MONTHLY_SHEET
    columns = 11
    charts.grid(ws, columns)
    row = style.title(ws, f"{office}{month.title}调度图表", columns,
                      "超期、临期：截至统计日尚未完成的环节；新增、办结：求决类案件按登记日期、办结日期归月。图表下方是作图的数字。")
    charts_row = row
    row += CHART_ROWS + 1

    units = [r for r in unit_rows if r[0] != "全办"]
    u_top, u_last = style.write_table(ws, row, [header("unit"), "超期", "临期", "合计"], unit_rows,
                                      max_width=charts.GRID_WIDTH)
    for c in range(1, 5):
        ws.cell(u_last, c).font = style.HEADER_FONT
    if units:
        chart = charts.bars(ws, "超期、临期环节（按责任股室）", u_top, u_top + len(units), 1, [2, 3])
        charts.place(ws, chart, charts_row, 1, CHART_ROWS, 4)
    else:
        style.note(ws, charts_row, "没有超期或临期的环节。", 4)

    row = u_last + 2
    style.page_break_before(ws, row)
    m_top, m_last = style.write_table(ws, row, ["月份", *series.columns],
                                      [[label, *map(int, v)] for label, v in series.iterrows()],
                                      max_width=charts.GRID_WIDTH)
    if len(series.columns):
        what = "、".join(series.columns)
        chart = charts.lines(ws, f"每月{what}案件（{series.index[0]}至{month.title}）", m_top, m_last, 1,
                             list(range(2, 2 + len(series.columns))))
        charts.place(ws, chart, charts_row, 5, CHART_ROWS, columns - 4)
    else:
        style.note(ws, charts_row, f"台账没有{header('registered_on')}、{header('closed_on')}列，无法按月作图。", 4)
    style.print_setup(ws, (m_top, m_top))


def trend_sheet(ws, office: str, quarter: Period, tables: Sequence[KpiTable]) -> None:
    """季度分析 › 指标趋势: six charts (two rows of three), then the table they are drawn from."""
    ws.title = TREND_SHEET
    columns = 12
    charts.grid(ws, columns)
    first = tables[0].period
    row = style.title(ws, f"{office}各季度{indicators_name(quarter)}趋势（{first.title}至{quarter.title}）", columns,
                      f"柱：各季度案件的比率（截至 {tables[-1].today.isoformat()}，案件按受理日期、未受理的按登记日期归季度）；"
                      "虚线：实施方案的目标。分母为 0 的季度无柱，表中留空。")
    chart_rows = (row, row + TREND_ROWS)
    row = chart_rows[1] + TREND_ROWS + 1
    style.page_break_before(ws, row)

    targets = sorted({TARGETS[name] for name in PLAN_KPIS}, reverse=True)
    target_headers = [f"目标 {t:.0%}" for t in targets]
    headers = ["季度", "案件数", *PLAN_KPIS, *target_headers]
    body = []
    for table in tables:
        rates = [table.overall[name].value for name in PLAN_KPIS]
        body.append([quarter_label(table.period), table.cases, *rates, *targets])
    top, last = style.write_table(ws, row, headers, body, {i: style.PERCENT for i in range(2, len(headers))},
                                  wrap=(0,), max_width=charts.GRID_WIDTH)
    for index, name in enumerate(PLAN_KPIS):
        target_col = 3 + len(PLAN_KPIS) + targets.index(TARGETS[name])
        chart = charts.rate_with_target(ws, f"{name}（目标 {TARGETS[name]:.0%}）", top, last, 1, 3 + index,
                                        target_col)
        charts.place(ws, chart, chart_rows[index // 3], 1 + 4 * (index % 3), TREND_ROWS - 1, 4)
    style.print_setup(ws, (top, top))
