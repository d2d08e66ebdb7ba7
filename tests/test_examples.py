"""The example ledger and the 股室 files: deterministic, lawful, and exactly as documented."""

from __future__ import annotations

import datetime as dt
import importlib.util
import re
import sys
from pathlib import Path

import helpers
import openpyxl
import pandas as pd
import pytest

from xlkit.deadlines import engine as deadlines
from xlkit.read.ledger import read_ledger
from xlkit.schema import BY_HEADER, COLUMNS, DICTIONARIES, EVALUATED, TOWNSHIPS, YES, header

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
LEDGER = EXAMPLES / "示例台账.xlsx"
UNIT_DIR = EXAMPLES / "股室"


def _load_generator():
    spec = importlib.util.spec_from_file_location("xlkit_examples_generate", EXAMPLES / "generate.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the file executes
    spec.loader.exec_module(module)
    return module


gen = _load_generator()
TODAY = gen.TODAY
MISTAKE_CASES = {case_id for case_id, _, _ in gen.DELIBERATE_MISTAKES}
TOWNS = {t.name: t for t in TOWNSHIPS}


@pytest.fixture(scope="module")
def generated():
    cases, planted = gen.generate_cases()
    return cases, planted


@pytest.fixture(scope="module")
def ledger():
    return read_ledger(LEDGER)


@pytest.fixture(scope="module")
def frame(ledger):
    return ledger.frame


def clean(frame: pd.DataFrame) -> pd.DataFrame:
    return frame[~frame["case_id"].isin(MISTAKE_CASES)]


# ---------------------------------------------------------------------------
# The generator


def test_same_seed_same_rows_and_another_seed_other_rows():
    first, planted = gen.generate_cases(seed=7, rows=80)
    again, planted_again = gen.generate_cases(seed=7, rows=80)
    other, _ = gen.generate_cases(seed=8, rows=80)
    assert first == again and planted == planted_again
    assert len(first) == 80
    assert [c["petitioner"] for c in first] != [c["petitioner"] for c in other]


def test_default_generation_plants_exactly_the_documented_mistakes(generated):
    _, planted = generated
    assert sorted(planted) == sorted(gen.DELIBERATE_MISTAKES)
    assert 8 <= len(planted) <= 13
    assert len({(field, description[:6]) for _, field, description in planted}) == len(planted)


def test_expected_hints_name_real_cases(generated):
    cases, _ = generated
    by_id = {c["case_id"]: c for c in cases}
    for case_id, field, _ in gen.EXPECTED_HINTS:
        assert by_id[case_id][field] is not None
    types = {by_id[c]["petition_type"] for c, f, _ in gen.EXPECTED_HINTS if f == "petition_type"}
    assert types == {"建议意见类", "检举控告类"}
    repeat = [c for c, f, _ in gen.EXPECTED_HINTS if f == "id_number"]
    assert len(repeat) == 2 and by_id[repeat[0]]["id_number"] == by_id[repeat[1]]["id_number"]


def test_gb11643_check_digit():
    assert gen.id_check_digit("11010519491231002") == "X"  # the standard's own example
    assert gen.id_is_valid("11010519491231002X")
    assert not gen.id_is_valid("110105194912310021")


def test_small_ledgers_still_generate():
    cases, planted = gen.generate_cases(seed=1, rows=5)
    assert len(cases) == 5
    assert all(c["case_id"] for c in cases)
    assert len(planted) <= len(gen.MISTAKES) + 1


# ---------------------------------------------------------------------------
# The committed example ledger


@pytest.fixture(scope="module")
def fresh(tmp_path_factory):
    """A fresh run of the generator command with the default seed and size."""
    out = tmp_path_factory.mktemp("fresh-examples")
    assert gen.main(["--out", str(out)]) == 0
    return out


def _sheet_values(path: Path, sheet: str, width: int | None = None) -> list[list]:
    from python_calamine import CalamineWorkbook

    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_name(sheet).to_python(skip_empty_area=False)
    return [list(r[:width]) for r in rows if any(v not in ("", None) for v in r[:width])]


def test_committed_examples_equal_a_fresh_generation(generated, fresh):
    cases, _ = generated
    width = len(COLUMNS)
    committed, regenerated = _sheet_values(LEDGER, "台账", width), _sheet_values(fresh / gen.LEDGER_NAME, "台账", width)
    assert committed[1] == [c.header for c in COLUMNS]
    assert len(committed) == len(regenerated) == 2 + len(cases)  # title, header, cases
    hint = "与重新生成的不同：请运行 python examples/generate.py --force 并提交"
    for row, (old, new) in enumerate(zip(committed, regenerated, strict=True), start=1):
        assert old == new, f"示例台账第 {row} 行{hint}"
    for name in gen.UNIT_FILES:
        assert _sheet_values(UNIT_DIR / name, "台账") == _sheet_values(fresh / gen.UNIT_DIR / name, "台账"), name + hint
    assert openpyxl.load_workbook(LEDGER, read_only=True).sheetnames == \
        openpyxl.load_workbook(fresh / gen.LEDGER_NAME, read_only=True).sheetnames


def test_example_ledger_reads_cleanly_with_about_300_cases(ledger, frame):
    assert ledger.sheet == "台账"
    assert 280 <= len(frame) <= 320
    assert ledger.findings == []
    assert ledger.present == frozenset(c.field for c in COLUMNS)
    first, last = frame["registered_on"].min(), frame["registered_on"].max()
    assert (first.year, first.month) == (2018, 8) and (last.year, last.month) == (2020, 12)
    assert frame["registered_on"].dt.date.le(TODAY).all()
    for year in (2018, 2019, 2020):
        assert (frame["registered_on"].dt.year == year).sum() >= 40
    duplicated = frame["case_id"][frame["case_id"].duplicated(keep=False)]
    assert set(duplicated) == {gen.DUPLICATE_OF} and len(duplicated) == 2
    assert frame["case_id"].str.fullmatch(r"20(18|19|20)-\d{3}").all()


def test_every_dictionary_value_and_every_unit_is_used(frame):
    for field, dictionary in (("unit", "责任股室"), ("source", "案件来源"), ("category", "问题类别"),
                              ("satisfaction", "满意度"), ("measure", "化解措施"), ("demand_finding", "诉求认定"),
                              ("acceptance_decision", "受理结论"), ("review_conclusion", "审核结论"),
                              ("service_method", "送达方式"), ("form", "信访形式")):
        used = set(frame[field].dropna())
        assert used <= set(DICTIONARIES[dictionary]), field
        if field not in ("service_method",):  # 留置送达 would contradict a signed receipt
            assert used == set(DICTIONARIES[dictionary]), field
    satisfaction = frame["satisfaction"].value_counts()
    assert satisfaction["满意"] > 0.7 * satisfaction.sum()


def test_every_stage_of_a_case_life_is_present(frame):
    has = frame.notna()
    stages = {
        "只登记未交办": ~has["assigned_on"],
        "已交办未受理": has["assigned_on"] & ~has["accepted_on"] & frame["acceptance_decision"].isna(),
        "不予受理或转送": frame["acceptance_decision"].isin(["不予受理", "转送其他机关"]),
        "已受理未答复": has["accepted_on"] & ~has["opinion_on"],
        "延期": frame["extended"].eq(YES) & has["extension_days"],
        "已送达签字": has["opinion_served_on"] & frame["receipt_signed"].eq(YES),
        "已评价": frame["satisfaction"].isin(EVALUATED),
        "未参评": frame["satisfaction"].eq("未参评"),
        "已息访": frame["settled"].eq(YES),
        "60日未息访有分析": frame["settled"].eq("否") & has["unsettled_analysis"] & has["next_steps"],
        "反弹": frame["rebounded"].eq(YES) & has["rebounded_on"] & has["unsettled_analysis"],
        "审核通过": frame["review_conclusion"].eq("通过"),
        "需整改已整改": frame["review_conclusion"].eq("需整改") & has["rectified_on"],
        "已归档": has["dossier_no"],
        "上级交办已报结": has["upper_ref"] & has["reported_on"],
        "重点案件": frame["key_case"].eq(YES),
        "联名信访": frame["people_count"].gt(1),
    }
    missing = [name for name, mask in stages.items() if not mask.any()]
    assert not missing, missing


def test_townships_follow_the_validity_table(frame):
    rows = clean(frame)
    for town, day in zip(rows["township"], rows["registered_on"].dt.date, strict=True):
        assert town in TOWNS and TOWNS[town].valid_on(day), (town, day)
    years = rows["registered_on"].dt.year
    assert rows.loc[years < 2020, "township"].isin(["天师镇", "宝石镇", "沙坝场乡", "骑龙乡"]).any()
    assert rows.loc[years == 2020, "township"].eq("淙城街道").any()
    assert not rows.loc[years < 2020, "township"].eq("淙城街道").any()
    wrong = frame.set_index("case_id")["township"]
    unknown = [c for c, f, _ in gen.DELIBERATE_MISTAKES if f == "township" and wrong[c] not in TOWNS]
    abolished = [c for c, f, _ in gen.DELIBERATE_MISTAKES if f == "township" and wrong[c] in TOWNS]
    assert len(unknown) == 1 and len(abolished) == 1


def test_id_numbers_and_phones_are_valid_except_the_deliberate_ones(frame):
    bad_ids = [c for c, n in zip(frame["case_id"], frame["id_number"], strict=True) if not gen.id_is_valid(n)]
    assert bad_ids == [c for c, f, _ in gen.DELIBERATE_MISTAKES if f == "id_number"]
    for number, registered in zip(frame["id_number"], frame["registered_on"].dt.date, strict=True):
        assert number.startswith("5117")
        born = dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
        assert 18 <= (registered - born).days / 365.25 <= 90
    bad_phones = [c for c, p in zip(frame["case_id"], frame["phone"], strict=True)
                  if not re.fullmatch(r"1[3-9]\d{9}", p)]
    assert bad_phones == [c for c, f, _ in gen.DELIBERATE_MISTAKES if f == "phone"]


def test_dates_follow_the_case_life_and_nothing_is_after_today(frame):
    rows = clean(frame)
    chain = ["registered_on", "assigned_on", "accepted_on", "opinion_on", "opinion_served_on", "evaluated_on"]
    for earlier, later in zip(chain, chain[1:], strict=False):
        both = rows[earlier].notna() & rows[later].notna()
        assert (rows.loc[both, earlier] <= rows.loc[both, later]).all(), (earlier, later)
    for after_service in ("settled_on", "closed_on"):
        both = rows["opinion_served_on"].notna() & rows[after_service].notna()
        assert (rows.loc[both, after_service] >= rows.loc[both, "opinion_served_on"]).all()
    assert (rows["rebounded_on"].dropna() > rows.loc[rows["rebounded_on"].notna(), "settled_on"]).all()
    dates = [c.field for c in COLUMNS if c.kind == "日期" and c.field != "upper_deadline"]
    assert (frame[dates].max().dropna() <= pd.Timestamp(TODAY)).all()
    assert rows["extension_days"].dropna().le(30).all()


def test_every_correct_case_meets_the_law_deadlines(ledger, frame):
    result = deadlines.compute(ledger, TODAY)
    ids = frame["case_id"]
    for stage in ("notice", "opinion", "analysis"):
        states = result[f"{stage}_state"]
        late = set(ids[states.isin([deadlines.LATE, deadlines.OVERDUE])])
        assert late <= MISTAKE_CASES, (stage, late - MISTAKE_CASES)
    # the story's open ends on 2021-01-15: acceptance notices and opinions due within days
    assert result["notice_state"].eq(deadlines.DUE_SOON).any()
    assert result["opinion_state"].eq(deadlines.DUE_SOON).any()
    assert result["opinion_state"].eq(deadlines.OPEN).any()
    # the late extension notice makes its opinion late; the missing analysis is overdue
    late_opinion = set(ids[result["opinion_state"].eq(deadlines.LATE)])
    assert late_opinion == {c for c, f, _ in gen.DELIBERATE_MISTAKES if f in ("extension_notice_on", "extension_approver")}
    # the missing analysis is an open task (待办: the plan sets no time limit), never 超期
    open_analysis = set(ids[result["analysis_state"].eq(deadlines.TODO)])
    assert open_analysis == {c for c, f, _ in gen.DELIBERATE_MISTAKES if f == "unsettled_analysis"}
    assert not result["analysis_state"].eq(deadlines.OVERDUE).any()
    assert result["extension_counted"].sum() >= 10


def test_document_numbers_follow_the_office_pattern(frame):
    for field, letter in (("acceptance_ref", "受"), ("opinion_ref", "处")):
        refs = frame[field].dropna()
        assert refs.str.fullmatch(rf"开城治信{letter}〔20(18|19|20|21)〕\d+号").all()
        assert refs.is_unique


# ---------------------------------------------------------------------------
# The 股室 quarterly files


@pytest.fixture(scope="module")
def unit_ledgers():
    return {name: read_ledger(UNIT_DIR / name) for name in gen.UNIT_FILES}


def test_three_unit_files_one_a_real_xls(unit_ledgers):
    assert sorted(p.name for p in UNIT_DIR.iterdir()) == sorted(gen.UNIT_FILES)
    xls = UNIT_DIR / gen.UNIT_FILES[2]
    assert xls.read_bytes()[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # OLE2: Excel 97-2003
    for name, unit_ledger in unit_ledgers.items():
        assert len(unit_ledger) >= 3, name
        assert unit_ledger.findings == [], name
        assert unit_ledger.frame["accepted_on"].between(pd.Timestamp(gen.QUARTER[0]),
                                                         pd.Timestamp(gen.QUARTER[1])).all()


def test_one_unit_file_has_its_own_column_order_and_an_extra_column(unit_ledgers):
    orders = {name: sorted(led.positions, key=led.positions.get) for name, led in unit_ledgers.items()}
    schema_order = [c.field for c in COLUMNS]
    odd = [name for name, order in orders.items() if order != schema_order]
    assert odd == [gen.UNIT_FILES[1]]
    assert list(unit_ledgers[gen.UNIT_FILES[1]].unknown_headers.values()) == [gen.UNIT_EXTRA_HEADER]
    assert all(not led.unknown_headers for name, led in unit_ledgers.items() if name != gen.UNIT_FILES[1])


def _rows(unit_ledger) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for _, record in unit_ledger.records():
        out.setdefault(record["case_id"], []).append(record)
    return out


def test_overlaps_are_identical_except_the_one_documented_conflict(generated, unit_ledgers, ledger):
    cases, planted = generated
    _, facts = gen.unit_files(cases, planted)
    main = {r["case_id"]: r for _, r in ledger.records()}
    files = {name: _rows(led) for name, led in unit_ledgers.items()}
    seen: dict[str, list[tuple[str, dict]]] = {}
    for name, rows in files.items():
        for case_id, records in rows.items():
            assert len(records) == 1, (name, case_id)
            seen.setdefault(case_id, []).append((name, records[0]))
    overlapping = {c: copies for c, copies in seen.items() if len(copies) > 1}
    assert set(overlapping) == {*facts["shared"], facts["conflict"]}
    assert len(facts["shared"]) >= 2
    for case_id, copies in overlapping.items():
        differing = {f for f in copies[0][1] if copies[0][1][f] != copies[1][1][f]}
        if case_id == facts["conflict"]:
            assert differing == set(facts["conflict_values"])
        else:
            assert differing == set()
    # each 股室 row is the main ledger's row (the conflicting copy aside), and no deliberate mistake is in them
    for case_id, copies in seen.items():
        assert case_id not in MISTAKE_CASES
        for name, record in copies:
            if case_id == facts["conflict"] and name == gen.UNIT_FILES[0]:
                continue
            assert record == main[case_id], (name, case_id)


def test_generator_command_refuses_to_overwrite_without_force(fresh, capsys):
    written = fresh / gen.LEDGER_NAME
    stamp = written.stat().st_mtime_ns
    assert gen.main(["--out", str(fresh)]) == 2
    assert "--force" in capsys.readouterr().err
    assert written.stat().st_mtime_ns == stamp


@pytest.mark.libreoffice
def test_libreoffice_opens_the_xls_unit_file(tmp_path):
    converted = helpers.convert(UNIT_DIR / gen.UNIT_FILES[2], "xlsx", tmp_path)
    back = read_ledger(converted)
    original = read_ledger(UNIT_DIR / gen.UNIT_FILES[2])
    assert list(back.frame["case_id"]) == list(original.frame["case_id"])
    assert back.frame["opinion_on"].equals(original.frame["opinion_on"])
    assert header("case_id") in openpyxl.load_workbook(converted, read_only=True)["台账"]["A2"].value


def test_readme_documents_every_mistake_hint_and_the_conflict(ledger, frame, generated):
    readme = (EXAMPLES / "README.md").read_text(encoding="utf-8")
    lines = readme.splitlines()
    for case_id, field, description in [*gen.DELIBERATE_MISTAKES, *gen.EXPECTED_HINTS]:
        cells = "、".join(ledger.address(field, row) for row in frame.index[frame["case_id"] == case_id])
        row = f"| {case_id} | {header(field)} | {cells} |"
        assert any(line.startswith(row) for line in lines), row
        if (case_id, field, description) in gen.DELIBERATE_MISTAKES:
            assert f"{row} {description}" in readme
    cases, planted = generated
    _, facts = gen.unit_files(cases, planted)
    assert f"**一处冲突**：{facts['conflict']}" in readme
    assert "、".join(facts["shared"]) in readme
    for old, new in facts["conflict_values"].values():
        assert str(old) in readme and str(new) in readme


# ---------------------------------------------------------------------------
# The law-case ledger (issue 10): rules of the 2022 条例 and after the campaign


@pytest.fixture(scope="module")
def law_ledger():
    return read_ledger(Path(gen.__file__).parent / gen.LAW_LEDGER_NAME)


def test_law_cases_are_committed_as_generated(law_ledger):
    committed = law_ledger.frame
    fresh = gen.law_cases()
    assert list(committed["case_id"]) == [c["case_id"] for c in fresh]
    for case in fresh:
        row = committed[committed["case_id"] == case["case_id"]].iloc[0]
        for field, value in case.items():
            got = row[field]
            got = got.date() if isinstance(got, pd.Timestamp) else (None if got is None or got != got else got)
            assert got == value, (case["case_id"], field, "请运行 python examples/generate.py --force 并提交")


def test_law_cases_have_only_the_deliberate_error(law_ledger):
    from xlkit.check.run import check_ledger

    findings = check_ledger(law_ledger, gen.LAW_TODAY).findings
    errors = {(f.case_id, BY_HEADER[f.column].field) for f in findings if f.severity.value == "错误"}
    assert errors == {(c, f) for c, f, _ in gen.LAW_MISTAKES}
    table = deadlines.compute(law_ledger, gen.LAW_TODAY).set_index(law_ledger.frame["case_id"])
    assert not (table[[f"{k}_state" for k in deadlines.STAGE_KEYS.values()]] == deadlines.OVERDUE).any().any()
    assert table.at["2021-201", "notice_due"].date() == dt.date(2021, 10, 13)
    assert table.at["2023-001", "notice_due"].date() == dt.date(2023, 1, 28)  # 春节 → 调休 Saturday
    assert pd.isna(table.at["2022-101", "opinion_due"]) and pd.isna(table.at["2022-106", "opinion_due"])
    assert table.at["2022-105", "opinion_state"] == deadlines.LATE  # the unapproved extension does not count
    assert pd.isna(table.at["2022-103", "opinion_due"]) and table.at["2022-103", "notice_state"] == deadlines.ON_TIME
    # 2022 art. 23(3): the objection within 5 working days (Mon 07-11 → Mon 07-18), made on 受理日期 07-14
    assert table.at["2022-104", "notice_due"].date() == dt.date(2022, 7, 18)
    assert table.at["2022-104", "notice_state"] == deadlines.ON_TIME
    assert set(table.index[table["analysis_state"] == deadlines.TODO]) == {"2021-201", "2022-106"}
