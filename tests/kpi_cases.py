"""The hand-built ledger of the KPI tests (test_kpi, test_quarterly), each case's answer worked out in a comment.

A data module beside helpers.py (not a test module): both test modules build their ledger from it, and
its rows can feed parametrize tables, which a fixture cannot.
"""

from __future__ import annotations

import datetime as dt

d = dt.date
TODAY = d(2019, 12, 20)

REGISTERED = dict(registrar="王登记", source="县信访局", form="来访", township="新宁镇", category="生活垃圾",
                  demand="垃圾清运不及时")


def case(case_id, unit, petition_type="求决类", **fields):
    row = dict(case_id=case_id, petitioner="张" + case_id[-2:], petition_type=petition_type, unit=unit,
               registered_on=fields.pop("registered_on", d(2019, 7, 1)), **REGISTERED)
    row.update(fields)
    return row


ROWS = [
    # A: answered on time (due 2019-09-30), served and signed, 满意, settled.
    case("Q3-01", "环卫股", accepted_on=d(2019, 8, 1), opinion_on=d(2019, 9, 10), opinion_served_on=d(2019, 9, 12),
         receipt_signed="是", satisfaction="满意", settled="是"),
    # B: 登记人 missing; answered late (due 2019-09-09); not signed; 基本满意 (counts as satisfied);
    #    settled but rebounded: not 化解.
    case("Q3-02", "环卫股", registrar=None, accepted_on=d(2019, 7, 10), opinion_on=d(2019, 10, 20),
         opinion_served_on=d(2019, 10, 22), receipt_signed="否", satisfaction="基本满意", settled="是",
         rebounded="是"),
    # C: 信访类型 left empty (counted); due 2019-11-19 passed without an answer.
    case("Q3-03", "环卫股", petition_type=None, accepted_on=d(2019, 9, 20)),
    # D: due 2019-11-25, extended 30 days (notified in time) to 2019-12-25: not yet due on TODAY.
    case("Q3-04", "市容股", accepted_on=d(2019, 9, 25), extended="是", extension_days=30,
         extension_notice_on=d(2019, 11, 1), extension_approver="李主任"),
    # E: 检举控告类: not a campaign case.
    case("Q3-05", "市容股", petition_type="检举控告类", accepted_on=d(2019, 8, 1)),
    # F: registered in Q3, accepted in Q4: belongs to Q4 (受理日期); due 2019-12-09 passed.
    case("Q3-06", "市容股", registered_on=d(2019, 9, 28), accepted_on=d(2019, 10, 8)),
    # G: registered in Q3, not accepted yet: belongs to Q3 (登记日期), no due date.
    case("Q3-07", "市容股", registered_on=d(2019, 9, 15)),
    # H: 不予受理: counts only in 建档立卡率.
    case("Q3-08", "市容股", accepted_on=d(2019, 8, 6), acceptance_decision="不予受理"),
    # I: on time (due 2019-10-14), signed, 不满意, not settled.
    case("Q3-09", "村镇股", accepted_on=d(2019, 8, 15), opinion_on=d(2019, 9, 30), opinion_served_on=d(2019, 10, 8),
         receipt_signed="是", satisfaction="不满意", settled="否"),
    # J: on time, signed, 未参评 (served but no evaluation), settled, not rebounded.
    case("Q3-10", "村镇股", accepted_on=d(2019, 8, 20), opinion_on=d(2019, 9, 20), opinion_served_on=d(2019, 9, 22),
         receipt_signed="是", satisfaction="未参评", settled="是", rebounded="否"),
]
