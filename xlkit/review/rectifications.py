"""Cases reviewed as 需整改 and not yet rectified (plan §四(三)): the rule the 月度调度 and `xlkit review` share.

Apart from `review.assess` (which re-exports it) so that the 月度调度 imports neither the dossier nor the
document catalogue for it (0.015 s of each 月度调度 click).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd

from xlkit.read.ledger import Ledger
from xlkit.schema import DICTIONARIES, header

APPROVED, RECTIFY = DICTIONARIES["审核结论"]
#: keys of open_rectifications() besides the ledger headers
SINCE_KEY, DAYS_OPEN_KEY = "起算日期", "整改天数"


def open_rectifications(ledger: Ledger, today: dt.date) -> list[dict[str, Any]]:
    """Cases reviewed as 需整改 whose 整改完成日期 is still empty, oldest first.

    Keys: the headers 案件编号, 信访人, 责任股室, 承办人, 审核人, 审核意见, then 起算日期 (the ledger has no
    review date: 办结日期, else 处理意见出具日期) and 整改天数 (today minus 起算日期; None when unknown).
    """
    frame = ledger.frame
    mask = (frame["review_conclusion"] == RECTIFY).fillna(False) & frame["rectified_on"].isna()
    picked = frame[mask.astype(bool)]
    since = picked["closed_on"].fillna(picked["opinion_on"])
    items = []
    for row, start in zip(picked.index, since, strict=True):
        item = {header(f): _plain(picked.at[row, f]) for f in
                ("case_id", "petitioner", "unit", "handler", "reviewer", "review_opinion")}
        start_day = None if pd.isna(start) else start.date()
        item[SINCE_KEY] = start_day
        item[DAYS_OPEN_KEY] = (today - start_day).days if start_day else None
        items.append(item)
    items.sort(key=lambda i: -(i[DAYS_OPEN_KEY] if i[DAYS_OPEN_KEY] is not None else -1))
    return items


def _plain(value: Any) -> Any:
    return None if value is None or pd.isna(value) else value
