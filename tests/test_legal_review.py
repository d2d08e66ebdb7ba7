"""The county 法制审核's cases: each a ledger row, what the law says (article quoted), what xlkit must say.

Found in the legal re-check of 2026-12 (the earlier round's cases live in test_law_rules.py/test_lawdocs.py):
a handling period promised where the 2022 条例 sets none, an extension notice for such a case, and the civil-law
rule cited for counting periods before the 《民法总则》 took effect.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import docx
import helpers
import pytest

from xlkit.deadlines import engine as dl
from xlkit.documents import generate as documents
from xlkit.read.ledger import read_ledger

D = dt.date
TODAY = D(2026, 12, 1)


def case(case_id: str, **fields):
    return {"case_id": case_id, "petitioner": "张三", "acceptance_decision": "受理", "source": "本办受理", **fields}


def text_of(path: Path) -> str:
    document = docx.Document(str(path))
    return "\n".join(p.text for p in document.paragraphs)


def explained(tmp_path, *rows) -> dict[str, dict[str, dl.Explanation]]:
    ledger = read_ledger(helpers.write_ledger(tmp_path / "台账.xlsx", rows))
    return {ledger.frame.at[row, "case_id"]: {e.stage: e for e in dl.explain(ledger, row)}
            for row in ledger.frame.index}


# -- the handling period the acceptance notice promises ------------------------------------------------
# 2022 art. 34: “对本条例第三十一条第六项规定的信访事项应当自受理之日起60日内办结” — only 申诉求决类; art. 29(1)
# (建议意见类: “认真研究论证……并予以回复”) and art. 30(1) (检举控告类: “依规依纪依法接收、受理、办理和反馈”) set no period.
NOTICES = [
    (case("A01", registered_on=D(2022, 6, 6), accepted_on=D(2022, 6, 10), petition_type="建议意见类"),
     "2022年《信访工作条例》第二十九条第一款", None),
    (case("A02", registered_on=D(2022, 6, 6), accepted_on=D(2022, 6, 10), petition_type="检举控告类"),
     "2022年《信访工作条例》第三十条第一款", None),
    # 受理 Fri 2022-06-10 + 60 = Tue 08-09
    (case("A03", registered_on=D(2022, 6, 6), accepted_on=D(2022, 6, 10), petition_type="求决类"),
     "2022年《信访工作条例》第三十四条", "2022年8月9日"),
    # accepted under 2005 art. 33 (“信访事项应当自受理之日起60日内办结”): every kind has 60 days;
    # 受理 Tue 2019-09-10 + 60 = Sat 11-09 → Mon 11-11
    (case("A04", registered_on=D(2019, 9, 6), accepted_on=D(2019, 9, 10), petition_type="建议意见类"),
     "2005年《信访条例》第三十三条", "2019年11月11日"),
    # registered under 2005, accepted from 2022-05-01: the handling period is the 2022 one (by 受理日期)
    (case("A05", registered_on=D(2022, 4, 25), accepted_on=D(2022, 5, 6), petition_type="建议意见类"),
     "2022年《信访工作条例》第二十九条第一款", None),
]


@pytest.fixture(scope="module")
def notice_run(tmp_path_factory):
    rows = [fields for fields, _, _ in NOTICES]
    # an extension recorded on a matter without a handling period
    rows.append(case("A06", registered_on=D(2022, 6, 6), accepted_on=D(2022, 6, 10), petition_type="建议意见类",
                     extended="是", extension_days=20, extension_notice_on=D(2022, 7, 1), extension_approver="李主任",
                     extension_reason="需会同乡镇调研"))
    path = helpers.write_ledger(tmp_path_factory.mktemp("ledger") / "台账.xlsx", rows)
    return documents.generate(read_ledger(path), tmp_path_factory.mktemp("docs") / "文书", today=TODAY,
                              kinds=["受理告知书", "延期办理告知书"])


@pytest.mark.parametrize(("fields", "article", "due"), NOTICES, ids=[c[0]["case_id"] for c in NOTICES])
def test_the_acceptance_notice_promises_only_the_period_the_law_sets(notice_run, fields, article, due):
    path = next(i.path for i in notice_run.made if i.case_id == fields["case_id"] and i.kind.key == "acceptance")
    text = text_of(path)
    assert f"根据{article}的规定" in text
    if due is None:
        assert "60日" not in text and "延长办理期限" not in text
        assert "本机关将认真研究办理，并将办理结果回复你（们）" in text
    else:
        assert f"自受理之日起60日内办结，即最迟于{due}出具书面处理意见" in text


def test_no_extension_notice_where_the_law_sets_no_period(notice_run):
    reasons = {i.kind.key: i.reason for i in notice_run.skipped if i.case_id == "A06"}
    assert "第二十九条第一款" in reasons["extension"] and "无需延期" in reasons["extension"]
    assert "extension" not in {i.kind.key for i in notice_run.made if i.case_id == "A06"}


# -- the civil-law rule on counting periods, by the day the period ends --------------------------------
# 《民法通则》 art. 154 until 2017-09-30; 《民法总则》 (in force 2017-10-01, its art. 206) arts. 201/203; from
# 2021-01-01 the 《民法典》 arts. 201/203.
PERIOD_LAW = [
    # 登记 Fri 2005-12-16 + 15 = Sat 12-31, a 调休 working day (国办发明电〔2005〕35号)
    (case("L01", registered_on=D(2005, 12, 16)), D(2005, 12, 31), "《民法通则》第一百五十四条"),
    # 登记 Thu 2017-09-14 + 15 = Fri 09-29
    (case("L02", registered_on=D(2017, 9, 14)), D(2017, 9, 29), "《民法通则》第一百五十四条"),
    # 登记 Fri 2017-09-15 + 15 = Sat 09-30, a 调休 working day (国庆、中秋 2017)
    (case("L03", registered_on=D(2017, 9, 15)), D(2017, 9, 30), "《民法通则》第一百五十四条"),
    # 登记 Sat 2017-09-16 + 15 = Sun 10-01 (国庆) → Mon 10-09: the period ends under the 《民法总则》
    (case("L04", registered_on=D(2017, 9, 16)), D(2017, 10, 9), "《民法总则》第二百零一条、第二百零三条"),
    # 登记 Wed 2020-12-16 + 15 = Thu 12-31 (not 求决类: the campaign's 5 days do not apply)
    (case("L05", registered_on=D(2020, 12, 16), petition_type="建议意见类"), D(2020, 12, 31), "《民法总则》第二百零一条、第二百零三条"),
    # 登记 Thu 2020-12-17 + 15 = Fri 2021-01-01 (元旦) → Mon 01-04
    (case("L06", registered_on=D(2020, 12, 17), petition_type="建议意见类"), D(2021, 1, 4), "《民法典》第二百零一条、第二百零三条"),
]


def test_periods_are_counted_under_the_civil_law_then_in_force(tmp_path):
    cases = explained(tmp_path, *[fields for fields, _, _ in PERIOD_LAW])
    for fields, due, law in PERIOD_LAW:
        notice = cases[fields["case_id"]][dl.NOTICE]
        assert (notice.due, notice.article.split("；")[-1]) == (due, law), fields["case_id"]
