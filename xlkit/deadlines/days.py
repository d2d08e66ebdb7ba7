"""How a list a clerk prints shows a stage's days: days left before its due date, or days past it.

Standard library only: the Excel buttons import it when Python starts for a click.
"""

from __future__ import annotations

#: The two columns a printed list shows a stage's days in: a clerk read “-12” under 剩余天数 as a typo.
DAYS_LEFT, DAYS_OVERDUE = "剩余天数", "超期天数"


def days_columns(days_left: float | None) -> tuple[int | None, int | None]:
    """(剩余天数, 超期天数) of a stage due `days_left` days from today: one of them, never a negative number
    (a stage 12 days past its due date: (None, 12), as 校验结果 says 期限…已过 12 日)."""
    if days_left is None or days_left != days_left:
        return None, None
    return (int(days_left), None) if days_left >= 0 else (None, int(-days_left))
