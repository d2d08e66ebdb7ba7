"""The buttons read an Excel table's 汇总行 as the command line does (review finding): from the open workbook's
tables (xlwings' ListObjects), not as a case with counts under several columns."""

from __future__ import annotations

import openpyxl
import pytest
import xlwings_payload as xp
from openpyxl.worksheet.table import Table

from xlkit.excel import buttons
from xlkit.read.ledger import read_ledger


@pytest.fixture(autouse=True)
def _licence(monkeypatch):
    monkeypatch.setenv("XLWINGS_LICENSE_KEY", "noncommercial")


def test_a_tables_totals_row_is_no_case_on_the_buttons_either(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "台账"
    sheet.append(["案件编号", "登记日期", "信访人", "涉及人数", "问题属地乡镇", "信访类型", "诉求内容"])
    for n in (1, 2, 3):
        sheet.append([f"2019-00{n}", f"2019-09-0{n}", f"信访人{n}", n, "新宁镇", "求决类", "反映垃圾清运不及时"])
    sheet.append([None, "3", "3", 6, "3", "3", "3"])  # 汇总行: counts (计数) under several columns, a sum under 涉及人数
    table = Table(displayName="台账表", ref="A1:G5")
    table.totalsRowCount = 1
    sheet.add_table(table)
    path = tmp_path / "台账.xlsx"
    book.save(path)

    from_file = read_ledger(path)
    from_button = buttons.read_book(xp.open_payload(xp.payload_from_xlsx(path, name=str(path))))
    assert list(from_button.frame["case_id"]) == list(from_file.frame["case_id"]) == ["2019-001", "2019-002", "2019-003"]
    assert [f.cell for f in from_button.findings if f.code == "R032"] == ["B5"]


def test_a_book_whose_client_lists_no_tables_is_read_as_before():
    class Sheet:
        @property
        def tables(self):
            raise AttributeError("tables")  # an older xlwings, or WPS

    assert buttons.table_totals(Sheet()) == []
