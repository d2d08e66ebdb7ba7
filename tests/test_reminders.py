"""`xlkit overdue -o 到期提醒.xlsx`: one sheet per 股室 to hand out, a 催办单 per 股室, exit 1 when anything is 超期."""

from __future__ import annotations

import datetime as dt

import helpers
import openpyxl
import pytest
from click.testing import CliRunner
from docx import Document

from xlkit.check.reminders import HEADERS, SUMMARY_SHEET
from xlkit.cli import cli

D = dt.date
BASE = dict(petition_type="求决类", acceptance_decision="受理")


def case(case_id, unit, handler, accepted, **extra):
    return dict(BASE, case_id=case_id, petitioner=f"信访人{case_id[-1]}", unit=unit, handler=handler,
                assigned_on=accepted, accepted_on=accepted, acceptance_served_on=accepted, **extra)


@pytest.fixture(scope="module")
def ledger(tmp_path_factory):
    folder = tmp_path_factory.mktemp("提醒")
    return helpers.write_ledger(folder / "台账.xlsx", [
        case("2019-001", "市容股", "甲", D(2019, 8, 2)),       # 处理意见 due 2019-10-08: 超期 on 11-15
        case("2019-002", "环卫股", "乙", D(2019, 9, 20)),      # due 2019-11-19: 临期
        case("2019-003", "市容股", "丙", D(2019, 9, 18)),      # due 2019-11-18: 临期
        case("2019-004", "环卫股", "丁", D(2019, 7, 1), opinion_on=D(2019, 8, 1), settled="是"),  # nothing open
    ])


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def test_workbook_has_a_sheet_per_unit_sorted_by_due_date(ledger, tmp_path):
    out = tmp_path / "到期提醒.xlsx"
    result = run("overdue", ledger, "--today", "2019-11-15", "-o", out)
    assert result.exit_code == 1, result.output  # 2019-001 is 超期
    assert "到期提醒已另存为" in result.output
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == [SUMMARY_SHEET, "市容股", "环卫股"]
    for name in book.sheetnames:
        ws = book[name]
        header_row = next(r for r in range(1, 6) if ws.cell(r, 1).value == HEADERS[0])
        rows = [[c.value for c in row] for row in ws.iter_rows(min_row=header_row + 1) if row[0].value]
        units = [r[0] for r in rows]
        assert units == sorted(units)
        for unit in set(units):
            dues = [r[5] for r in rows if r[0] == unit]
            assert dues == sorted(dues)
        if name != SUMMARY_SHEET:
            assert set(units) == {name}
        assert ws.print_title_rows and "&P" in ws.oddFooter.center.text
        # 剩余天数, 超期天数 and 台账行 centred: right-aligned, a 3 printed against the 状态 beside it as “3临期”
        numbers = [ws.cell(r, c) for r in range(header_row + 1, header_row + 1 + len(rows)) for c in (7, 8, 10)
                   if ws.cell(r, c).value is not None]
        assert numbers and {c.alignment.horizontal for c in numbers} == {"center"}
    summary = book[SUMMARY_SHEET]
    cases = [c.value for c in summary["C"] if c.value and str(c.value).startswith("2019-")]
    assert "2019-004" not in cases and {"2019-001", "2019-002", "2019-003"} <= set(cases)


def test_one_notice_per_unit_lists_its_stages(ledger, tmp_path):
    out = tmp_path / "到期提醒.xlsx"
    run("overdue", ledger, "--today", "2019-11-15", "-o", out)
    notices = sorted(p.name for p in (tmp_path / "催办单").glob("*.docx"))
    assert notices == ["催办单_市容股.docx", "催办单_环卫股.docx"]
    text = "\n".join(p.text for p in Document(tmp_path / "催办单" / "催办单_市容股.docx").paragraphs)
    assert text.startswith("信访事项催办单") and "市容股：" in text and "已超过办理期限" in text
    # the campaign's 5 days are the plan's (§五(三)), not the law's: the notice does not call them 法定期限
    assert "法定期限" not in text
    table = Document(tmp_path / "催办单" / "催办单_市容股.docx").tables[0]
    ids = [row.cells[1].text for row in table.rows[1:]]
    assert "2019-001" in ids and "2019-002" not in ids
    assert any(row.cells[6].text.startswith("超期") for row in table.rows[1:])
    from docx.oxml.ns import qn

    # a list longer than a page goes on under its header row; no row is split across two pages
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert all(row._tr.trPr.find(qn("w:cantSplit")) is not None for row in table.rows)


def test_exit_0_when_nothing_is_overdue(ledger, tmp_path):
    result = run("overdue", ledger, "--today", "2019-10-01")
    assert result.exit_code == 0, result.output


def test_existing_output_is_kept_without_force(ledger, tmp_path):
    out = tmp_path / "到期提醒.xlsx"
    out.write_bytes(b"keep")
    result = run("overdue", ledger, "--today", "2019-11-15", "-o", out)
    assert result.exit_code == 2 and "已存在" in result.output
    assert out.read_bytes() == b"keep"


def test_days_left_and_row_stand_at_the_top_of_their_row(ledger, tmp_path):
    """Centred across, at the top like the rest of the row: in the middle of a row made two lines high by
    a long 股室, -1688 printed below its 期限."""
    out = tmp_path / "到期提醒.xlsx"
    run("overdue", ledger, "--today", "2019-11-15", "-o", out)
    ws = openpyxl.load_workbook(out)[SUMMARY_SHEET]
    header = next(r for r in range(1, 10) if ws.cell(r, 1).value == HEADERS[0])
    for column in (HEADERS.index("超期天数") + 1, HEADERS.index("台账行") + 1):  # the first row: 2019-001, 超期
        cell = ws.cell(header + 1, column)
        assert isinstance(cell.value, int)
        assert (cell.alignment.horizontal, cell.alignment.vertical) == ("center", "top")


def test_an_overdue_stage_shows_its_days_past_due_never_a_negative_number(ledger, tmp_path):
    """A clerk read 剩余天数 “-38” as a typo: an overdue stage has its days under 超期天数 (38, as 校验结果
    says 期限…已过 38 日), a stage still open its days under 剩余天数; no printed day count is negative."""
    out = tmp_path / "到期提醒.xlsx"
    run("overdue", ledger, "--today", "2019-11-15", "-o", out)
    ws = openpyxl.load_workbook(out)[SUMMARY_SHEET]
    header = next(r for r in range(1, 10) if ws.cell(r, 1).value == HEADERS[0])
    rows = {r[2]: dict(zip(HEADERS, r, strict=False)) for r in ws.iter_rows(min_row=header + 1, values_only=True)
            if r[0]}
    assert (rows["2019-001"]["剩余天数"], rows["2019-001"]["超期天数"], rows["2019-001"]["状态"]) == (None, 38, "超期")
    assert (rows["2019-002"]["剩余天数"], rows["2019-002"]["超期天数"], rows["2019-002"]["状态"]) == (4, None, "临期")
    numbers = [v for r in ws.iter_rows(values_only=True) for v in r if isinstance(v, int | float)]
    assert numbers and min(numbers) >= 0
    check = run("check", ledger, "--today", "2019-11-15", "--json")
    import json

    messages = [f["message"] for f in json.loads(check.stdout)["findings"] if f["case_id"] == "2019-001"]
    assert any("已过 38 日" in m for m in messages), messages


def test_nothing_due_is_said_in_one_line_without_an_empty_table(ledger, tmp_path):
    """With nothing overdue or due soon the sheet said so, then printed the table's header over nothing."""
    from xlkit.check.reminders import NOTHING_DUE

    out = tmp_path / "到期提醒.xlsx"
    result = run("overdue", ledger, "--today", "2019-08-05", "-o", out)
    assert result.exit_code == 0, result.output
    ws = openpyxl.load_workbook(out)[SUMMARY_SHEET]
    texts = [v for row in ws.iter_rows(values_only=True) for v in row if v is not None]
    assert texts[-1] == NOTHING_DUE and HEADERS[0] not in texts


def test_a_notice_for_cases_without_a_unit_asks_for_their_assignment(tmp_path):
    """The 催办单 of cases with no 责任股室 was addressed to “（未填责任股室）：” and spoke of “你股室承办的信访事项”:
    a notice to nobody. It now says the cases have no 责任股室 and asks for one to be named and filled in."""
    from xlkit.schema import NO_UNIT

    path = helpers.write_ledger(tmp_path / "台账.xlsx", [case("2019-009", None, "", D(2019, 8, 2))])
    result = run("overdue", path, "--today", "2019-11-15", "-o", tmp_path / "到期提醒.xlsx")
    assert result.exit_code == 1, result.output
    notice = next((tmp_path / "催办单").glob("*.docx"))
    text = "\n".join(p.text for p in Document(notice).paragraphs)
    assert f"{NO_UNIT}：" not in text and "你股室" not in text
    assert "下列信访事项台账未填写责任股室" in text and "明确责任股室并在台账中补填" in text
    assert Document(notice).tables[0].rows[1].cells[1].text == "2019-009"
