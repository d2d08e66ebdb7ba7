"""合计/小计/汇总 rows are skipped, and only they: a case whose first cell begins with such a word, and a case
sharing its sheet row with a small table's 汇总行 beside the ledger, are cases (review findings)."""

from __future__ import annotations

import openpyxl
import pytest
from openpyxl.worksheet.table import Table

from xlkit.read.ledger import read_ledger

HEADER = ["诉求内容", "信访人", "登记日期", "联系电话", "问题属地乡镇", "信访类型"]


def ledger(tmp_path, rows, header=HEADER):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "台账"
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    path = tmp_path / "台账.xlsx"
    book.save(path)
    return path


def skipped(result) -> list[str]:
    return [f.cell for f in result.findings if f.code == "R032"]


def test_a_case_whose_first_cell_begins_with_a_totals_word_is_a_case(tmp_path):
    path = ledger(tmp_path, [
        ["累计拖欠工资3万元", "张三", "2019-09-03", "13800001111", "新宁镇", "求决类"],
        ["汇总反映村民意见", "李四", "2019-09-04", "13800002222", "新宁镇", "求决类"],
        ["合计拖欠两年的垃圾清运费", "王五", "2019-09-05", "13800003333", "新宁镇", "求决类"],
    ])
    result = read_ledger(path)
    assert list(result.frame["petitioner"]) == ["张三", "李四", "王五"]
    assert skipped(result) == []


@pytest.mark.parametrize("label", ["合计", "合 计", "小计：", "共计12件", "合计（3人）", "汇总", "累计 5 件"])
def test_a_totals_row_is_skipped_by_its_label(tmp_path, label):
    path = ledger(tmp_path, [
        ["反映垃圾清运不及时", "张三", "2019-09-03", "13800001111", "新宁镇", "求决类"],
        [label, None, None, None, None, None],
    ])
    result = read_ledger(path)
    assert list(result.frame["petitioner"]) == ["张三"]


def test_a_totals_row_with_counts_beside_its_words_is_skipped(tmp_path):
    header = ["案件编号", "信访人", "登记日期", "涉及人数", "问题属地乡镇", "信访类型", "诉求内容"]
    path = ledger(tmp_path, [
        ["2019-001", "张三", "2019-09-03", 3, "新宁镇", "求决类", "反映垃圾清运不及时"],
        ["2019-002", "李四", "2019-09-04", 2, "新宁镇", "求决类", "反映污水横流"],
        ["合计2件，其中已办结1件", None, None, 5, None, None, None],
    ], header)
    result = read_ledger(path)
    assert list(result.frame["case_id"]) == ["2019-001", "2019-002"]
    assert skipped(result) == ["A4"]


def test_a_small_tables_totals_row_beside_the_ledger_keeps_the_case_on_its_row(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "台账"
    sheet.append(["案件编号", "登记日期", "信访人", "联系电话", "问题属地乡镇", "信访类型", "诉求内容", None, "股室", "件数"])
    for i in range(1, 8):
        sheet.append([f"2019-00{i}", f"2019-09-0{i}", f"张{i}", "13800001111", "新宁镇", "求决类", f"事项{i}", None,
                      "村镇股" if i < 4 else None, i if i < 4 else None])
    sheet["J4"] = "=SUBTOTAL(109,[件数])"
    table = Table(displayName="股室统计", ref="I1:J4")
    table.totalsRowCount = 1
    sheet.add_table(table)
    path = tmp_path / "台账.xlsx"
    book.save(path)
    result = read_ledger(path)
    assert list(result.frame["case_id"]) == [f"2019-00{i}" for i in range(1, 8)]
    assert skipped(result) == []
