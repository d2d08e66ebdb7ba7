"""Every rule has a failing row and a passing row (table-driven), on one real .xlsx ledger."""

from __future__ import annotations

import datetime as dt
import itertools

import helpers
import openpyxl
import pytest

from xlkit.check.rules import _REGISTRY, RULES, Context, id_check_ok, run_rules
from xlkit.check.run import run_check
from xlkit.codes import catalogue
from xlkit.dossier.codes import DOSSIER_CODES
from xlkit.findings import Severity
from xlkit.read.codes import READER_CODES
from xlkit.read.ledger import read_ledger
from xlkit.schema import header

D = dt.date
TODAY = D(2020, 3, 31)
_serial = itertools.count(1)


def valid_id(birth: str = "19800101") -> str:
    body = f"511723{birth}{next(_serial):03d}"
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    return body + "10X98765432"[sum(int(c) * w for c, w in zip(body, weights, strict=True)) % 11]


def complete_case(case_id: str, **changes):
    """A case done by the book, with nothing to report as of TODAY; `changes` make it fail (or pass) a rule."""
    n = next(_serial)
    base = dict(
        case_id=case_id, registered_on=D(2019, 9, 16), registrar="李登记", source="县信访局", form="来访",
        petition_type="求决类", petitioner=f"张{n}", id_number=valid_id(), phone=f"138{n:08d}", people_count=1,
        township="新宁镇", category="生活垃圾", demand="清运垃圾", assigned_on=D(2019, 9, 16), assigner="王交办",
        unit="综合股", handler="赵承办", accepted_on=D(2019, 9, 20), acceptance_decision="受理",
        acceptance_ref="开城治信受〔2019〕1号", acceptance_served_on=D(2019, 9, 20), opinion_ref="开城治信处〔2019〕1号",
        opinion_on=D(2019, 10, 30), demand_finding="合理", measure="解决到位", result="已清运",
        opinion_served_on=D(2019, 11, 1), service_method="直接送达", receipt_signed="是", satisfaction="满意",
        evaluated_on=D(2019, 11, 1), settled="是", settled_on=D(2019, 11, 1), rebounded="否",
        closed_on=D(2019, 11, 5), reviewer="周审核", review_conclusion="通过",
    )
    return {**base, **changes}


UNSETTLED = dict(settled="否", settled_on=None, closed_on=None)
#: The same life, lived in early 2020 (after the township merger).
IN_2020 = dict(registered_on=D(2020, 1, 2), assigned_on=D(2020, 1, 2), accepted_on=D(2020, 1, 3),
               acceptance_served_on=D(2020, 1, 3), opinion_on=D(2020, 1, 20), opinion_served_on=D(2020, 1, 20),
               evaluated_on=D(2020, 1, 20), settled_on=D(2020, 1, 20), closed_on=D(2020, 1, 21))

# (code, changes that make a row fail, changes for a passing row that is close to failing)
TABLE = [
    ("C101", dict(registrar=None), {}),
    ("C101", dict(category=None), {}),
    ("C102", dict(unit=None), {}),
    ("C102", dict(opinion_ref=None), {}),
    ("C110", dict(source="不知道"), dict(source="本办受理")),
    ("C110", dict(receipt_signed="签了"), {}),
    ("C111", dict(township="火星镇"), dict(township="讲治镇")),
    ("C112", dict(IN_2020, township="天师镇"), dict(township="天师镇")),
    ("C112", dict(township="淙城街道"), dict(IN_2020, township="淙城街道")),
    ("C120", dict(id_number="511723198001010010"), {}),  # a digit mistyped: wrong check digit
    ("C120", dict(id_number="51172319800101001"), {}),  # 17 digits
    ("C121", dict(id_number=valid_id("19801332")), dict(id_number=valid_id("19801231"))),
    ("C121", dict(id_number=valid_id("20300101")), {}),  # born after registration
    ("C122", dict(id_number="511723800101001"), {}),
    ("C130", dict(phone="12345"), dict(phone="0818-8221234")),
    ("C130", dict(phone="8221234"), dict(phone="13800000000、(0818)8221234")),  # landline without area code
    ("C140", dict(people_count=0), dict(people_count=9999)),
    ("C150", dict(case_id="T-DUP"), {}),
    ("C160", dict(accepted_on=D(2019, 9, 10)), {}),
    ("C160", dict(settled_on=D(2019, 10, 31)), dict(settled_on=D(2019, 11, 1))),
    ("C160", dict(upper_deadline=D(2019, 9, 13), reported_on=D(2019, 11, 6)),  # 报结期限 before 登记 (Mon 09-16)
     dict(upper_deadline=D(2019, 11, 8), reported_on=D(2019, 11, 6))),
    ("C161", dict(closed_on=TODAY + dt.timedelta(days=1)), dict(closed_on=TODAY)),
    ("C301", dict(opinion_served_on=None, service_method=None, receipt_signed=None, settled=None, settled_on=None,
                  closed_on=None, unsettled_analysis="正在沟通", next_steps="尽快送达"),
     dict(opinion_served_on=None, service_method=None, receipt_signed=None, satisfaction=None, evaluated_on=None,
          settled=None, settled_on=None, closed_on=None, unsettled_analysis="正在沟通", next_steps="尽快送达")),
    ("C302", dict(opinion_on=None, opinion_ref=None, demand_finding=None, measure=None, result=None,
                  opinion_served_on=None, service_method=None, receipt_signed=None, satisfaction=None,
                  evaluated_on=None, settled=None, settled_on=None, accepted_on=D(2019, 11, 1)),
     dict(settled="否", settled_on=None, unsettled_analysis="诉求过高", next_steps="继续教育")),
    ("C303", dict(extended="是", extension_days=10, extension_notice_on=D(2019, 10, 20)),
     dict(extended="是", extension_days=10, extension_notice_on=D(2019, 10, 20), extension_reason="情况复杂",
          extension_approver="李主任")),
    ("C304", dict(extension_days=10), dict(extended="否")),
    ("C305", dict(extended="是", extension_days=40, extension_notice_on=D(2019, 10, 20), extension_reason="复杂", extension_approver="李主任"),
     dict(extended="是", extension_days=30, extension_notice_on=D(2019, 10, 20), extension_reason="复杂", extension_approver="李主任")),
    ("C306", dict(extended="是", extension_days=10, extension_notice_on=D(2019, 11, 20), extension_reason="复杂", extension_approver="李主任"),
     dict(extended="是", extension_days=10, extension_notice_on=D(2019, 11, 19), extension_reason="复杂", extension_approver="李主任")),
    # 2005 art. 33 / 2022 art. 34: an extension needs the head's approval
    ("C314", dict(extended="是", extension_days=10, extension_notice_on=D(2019, 10, 20), extension_reason="复杂"),
     dict(extended="是", extension_days=10, extension_notice_on=D(2019, 10, 20), extension_reason="复杂", extension_approver="李主任")),
    ("C307", dict(receipt_signed="否"), {}),
    ("C308", dict(UNSETTLED), dict(UNSETTLED, unsettled_analysis="诉求过高", next_steps="继续做思想工作")),
    ("C308", dict(rebounded="是", rebounded_on=D(2019, 12, 1)),
     dict(rebounded="是", rebounded_on=D(2019, 12, 1), unsettled_analysis="诉求过高", next_steps="包案化解")),
    ("C309", dict(petition_type="建议意见类"), {}),
    ("C310", dict(registered_on=D(2018, 7, 31)), dict(registered_on=D(2018, 8, 1))),
    ("C311", dict(petitioner="王重复", phone="13900000001"), {}),
    ("C312", dict(review_conclusion="需整改"), dict(review_conclusion="需整改", rectified_on=D(2019, 11, 20))),
    ("C313", dict(registered_on=D(2027, 1, 20), assigned_on=D(2027, 1, 22), accepted_on=D(2027, 1, 26),
                  acceptance_served_on=D(2027, 1, 26), opinion_on=None, opinion_ref=None, opinion_served_on=None,
                  satisfaction=None, evaluated_on=None, settled=None, settled_on=None, closed_on=None), {}),
    ("C401", dict(acceptance_served_on=None), {}),
    ("C402", dict(opinion_on=None, opinion_ref=None, opinion_served_on=None, satisfaction=None, evaluated_on=None,
                  settled=None, settled_on=None, closed_on=None), {}),
    # 上级报结: the given date, not rolled — Sat 2019-11-09 is the last day even though it is a day off
    ("C403", dict(upper_deadline=D(2019, 11, 9)), dict(upper_deadline=D(2019, 11, 9), reported_on=D(2019, 11, 8))),
    ("C411", dict(acceptance_served_on=D(2019, 9, 24)), dict(acceptance_served_on=D(2019, 9, 23))),
    ("C412", dict(opinion_on=D(2019, 11, 20), opinion_served_on=D(2019, 11, 20), evaluated_on=D(2019, 11, 20),
                  settled_on=D(2019, 11, 20), closed_on=D(2019, 11, 21)),
     dict(opinion_on=D(2019, 11, 19), opinion_served_on=D(2019, 11, 20), evaluated_on=D(2019, 11, 20),
          settled_on=D(2019, 11, 20), closed_on=D(2019, 11, 21))),
    ("C413", dict(upper_deadline=D(2019, 11, 9), reported_on=D(2019, 11, 11)),  # Mon after the given Sat: late
     dict(upper_deadline=D(2019, 11, 9), reported_on=D(2019, 11, 9))),
]


def _rows():
    rows, cases = [complete_case("T-BASE")], {}
    for number, (code, failing, passing) in enumerate(TABLE):
        fail_id, pass_id = f"T{number:02d}-{code}-错", f"T{number:02d}-{code}-对"
        failing = dict(failing)
        fail_id = failing.pop("case_id", fail_id)
        rows.append(complete_case(fail_id, **failing))
        if code == "C150":
            rows.append(complete_case(fail_id))
        if code == "C311":
            rows.append(complete_case(fail_id + "-另一件", petitioner="王重复", phone="13900000001"))
        rows.append(complete_case(pass_id, **passing))
        cases[number] = (fail_id, pass_id)
    return rows, cases


@pytest.fixture(scope="module")
def table_ledger(tmp_path_factory):
    """The TABLE's rows in one ledger, and the (failing, passing) case numbers of each TABLE entry."""
    rows, cases = _rows()
    path = helpers.write_ledger(tmp_path_factory.mktemp("rules") / "台账.xlsx", rows)
    _add_dictionary_sheet(path)  # the office's own 字典: values outside it are 错误 (C110/C111), not advice
    return read_ledger(path), cases


@pytest.fixture(scope="module")
def checked(table_ledger):
    ledger, cases = table_ledger
    return run_check(ledger, TODAY), cases


def _add_dictionary_sheet(path, lists=None):
    from xlkit.schema import DICTIONARIES

    lists = lists or DICTIONARIES
    workbook = openpyxl.load_workbook(path)
    sheet = workbook.create_sheet("字典")
    names = list(lists)
    sheet.append(names)
    for i in range(max(len(v) for v in lists.values())):
        sheet.append([lists[n][i] if i < len(lists[n]) else None for n in names])
    workbook.save(path)


def test_without_its_own_dictionary_values_outside_the_built_in_lists_are_advice(tmp_path):
    path = helpers.write_ledger(tmp_path / "台账.xlsx", [complete_case("A-1", source="市纪委", township="火星镇")])
    findings = run_check(read_ledger(path), TODAY)
    advice = {f.column: f for f in findings if f.code == "C113"}
    assert set(advice) == {"案件来源", "问题属地乡镇"}
    assert all(f.severity is Severity.WARNING for f in advice.values())
    assert "最接近的内置选项是“县纪委”" in advice["案件来源"].message
    assert not [f for f in findings if f.code in ("C110", "C111")]


@pytest.mark.parametrize("number", range(len(TABLE)), ids=[f"{n:02d}-{t[0]}" for n, t in enumerate(TABLE)])
def test_rule_fails_and_passes(checked, number):
    findings, cases = checked
    code = TABLE[number][0]
    fail_id, pass_id = cases[number]
    hits = [f for f in findings if f.code == code and f.case_id == fail_id]
    assert hits, f"{code} not reported for the failing row"
    assert all(f.cell and f.row and f.column and f.message and f.hint for f in hits)
    assert not [f for f in findings if f.code == code and f.case_id == pass_id], f"{code} cried wolf"


def test_complete_case_has_no_findings(checked):
    findings, cases = checked
    assert [f for f in findings if f.case_id == "T-BASE"] == []
    passing = {pass_id for _, pass_id in cases.values()}
    others = [f for f in findings if f.case_id in passing and f.code not in {t[0] for t in TABLE}]
    assert [f for f in others if f.severity is Severity.ERROR] == []


def test_every_rule_is_tested():
    tested = {code for code, _, _ in TABLE} | {"C001", "C002", "C113"}
    assert {r.code for r in RULES} == tested
    assert [c.code for c in catalogue()][:1] == ["R000"] and all(c.severity.value in ("错误", "警告", "提示")
                                                                for c in catalogue())
    # every reader code, then every rule in RULES' order (then the dossier's), each with a title and a hint
    assert [c.code for c in catalogue()] == ([c.code for c in READER_CODES] + [r.code for r in RULES]
                                             + [c.code for c in DOSSIER_CODES])
    assert all(c.title and c.hint for c in catalogue())


def test_each_rule_declares_the_codes_it_gives(table_ledger):
    ledger, _ = table_ledger
    context = Context(ledger, TODAY)
    given: set[str] = set()
    for function, declared in _REGISTRY:
        codes = {f.code for f in function(context)}
        assert codes <= declared, f"{function.__name__} gives {sorted(codes - declared)} it does not declare"
        given |= codes
    assert set().union(*(declared for _, declared in _REGISTRY)) == {r.code for r in RULES} - {"C001"}
    assert given == {r.code for r in RULES} - {"C001", "C002", "C113"}  # the TABLE's codes, each heard


def test_rules_of_some_codes_give_just_what_the_whole_check_gives_of_them(table_ledger):
    ledger, _ = table_ledger
    everything = list(run_rules(ledger, TODAY))
    for codes in ({"C305", "C306", "C314"}, {"C160"}, {"C001", "C402"}):
        assert list(run_rules(ledger, TODAY, codes=codes)) == [f for f in everything if f.code in codes]
    with pytest.raises(KeyError):
        list(run_rules(ledger, TODAY, codes={"C999"}))


def test_findings_are_sorted_by_row(checked):
    findings, _ = checked
    rows = [f.row or 0 for f in findings]
    assert rows == sorted(rows)


def test_duplicate_names_both_rows(checked):
    findings, cases = checked
    dups = [f for f in findings if f.code == "C150"]
    assert len(dups) == 2
    assert f"第{dups[1].row}行" in dups[0].message and f"第{dups[0].row}行" in dups[1].message


def test_repeat_petitioner_names_the_other_case(checked):
    findings, _ = checked
    [first, second] = [f for f in findings if f.code == "C311"]
    assert second.case_id in first.message and first.case_id in second.message


def test_abolished_township_names_its_successor(checked):
    findings, _ = checked
    [finding] = [f for f in findings if f.code == "C112" and f.value == "天师镇"]
    assert "回龙镇" in finding.message + finding.hint and finding.severity is Severity.INFO


def test_id_check_digit_vectorised():
    ids = ["11010519491231002X", "110105194912310021", "511723198001010011"]
    assert id_check_ok(ids).tolist() == [True, False, False]
    assert id_check_ok([valid_id()]).tolist() == [True]


def test_minimal_ledger_notes_missing_columns_once(tmp_path):
    path = helpers.write_ledger(tmp_path / "台账.xlsx", [{"case_id": "2019-001", "petitioner": "张三"},
                                                         {"case_id": "2019-002", "petitioner": "李四"}],
                                headers=[header("case_id"), header("petitioner"), "经办备忘"])
    findings = run_check(read_ledger(path), TODAY)
    notes = [f for f in findings if f.code == "C001"]
    assert notes and len({f.message for f in notes}) == len(notes)
    assert all(f.severity is Severity.INFO for f in notes)
    assert not [f for f in findings if f.code.startswith("C4") or f.code == "C308"]  # never cry wolf
    assert {f.code for f in findings if f.severity is not Severity.INFO} == set()
    [unknown] = [f for f in findings if f.code == "C002"]
    assert unknown.cell == "C2" and unknown.value == "经办备忘"


def test_id_stored_as_number_is_reported_once(tmp_path):
    row = complete_case("N-1", id_number=511723198001010011.0)
    path = helpers.write_ledger(tmp_path / "台账.xlsx", [row])
    findings = run_check(read_ledger(path), TODAY)
    codes = [f.code for f in findings if f.column == header("id_number")]
    assert codes == ["R003"]


def test_dictionary_from_the_workbook(tmp_path):
    import openpyxl

    path = helpers.write_ledger(tmp_path / "台账.xlsx", [complete_case("W-1", unit="信访股"),
                                                        complete_case("W-2", unit="综合股")])
    workbook = openpyxl.load_workbook(path)
    sheet = workbook.create_sheet("字典")
    sheet.append(["责任股室"])
    sheet.append(["信访股"])
    workbook.save(path)
    findings = run_check(read_ledger(path), TODAY)
    bad = [f.case_id for f in findings if f.code == "C110"]
    assert bad == ["W-2"]  # the office renamed its units: 综合股 is no longer in its 字典


@pytest.mark.parametrize(("phone", "why"), [
    ("0818-1234567", "区号后的本地号码不能以 0 或 1 开头"),
    ("张三 13800001111", "号码里夹有文字“张三”"),
    ("1380000111", "手机号应为 11 位，这里是 10 位"),
    ("12800001111", "手机号第二位应为 3—9，这里是“2”"),
    ("8221234", "座机号要带区号"),
])
def test_a_wrong_phone_number_says_what_is_wrong_with_it(tmp_path, phone, why):
    # "不是有效的手机号或带区号的座机号" beside 0818-1234567 left the clerk looking at what is a landline's shape
    path = helpers.write_ledger(tmp_path / "台账.xlsx", [complete_case("A-1", phone=phone)])
    (finding,) = [f for f in run_check(read_ledger(path), TODAY) if f.code == "C130"]
    assert why in finding.message, finding.message


def test_a_phone_number_without_a_known_slip_keeps_the_plain_message(tmp_path):
    path = helpers.write_ledger(tmp_path / "台账.xlsx", [complete_case("A-1", phone="abc")])
    (finding,) = [f for f in run_check(read_ledger(path), TODAY) if f.code == "C130"]
    assert finding.message == "联系电话“abc”不是有效的手机号（11 位）或带区号的座机号。"


def test_a_township_in_the_section_column_is_named_a_township_not_matched_to_a_section(tmp_path):
    # a 12345 hotline export's 承办单位 (read as 责任股室) holds townships: “最接近的内置选项是‘村镇股’” was wrong advice
    book = openpyxl.Workbook()
    book.active.append(["工单编号", "来电时间", "来电人", "承办单位"])
    book.active.append(["GD1", "2019-09-03", "张三", "新宁镇"])
    book.save(tmp_path / "工单.xlsx")
    (finding,) = [f for f in run_check(read_ledger(tmp_path / "工单.xlsx"), TODAY) if f.code == "C113"]
    assert "“新宁镇”是乡镇名，不是本办的股室" in finding.message and "村镇股" not in finding.message
    assert "问题属地乡镇" in finding.hint
