"""Output tables: every cell gets its format, border and wrap, also through the shared-style fast path."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest

from xlkit.output import xlsx_style as style


@pytest.mark.parametrize("rows", [3, style.BORDER_LIMIT + 1])
def test_every_cell_is_styled_like_the_first_of_its_kind(tmp_path, rows):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    body = [[f"案件{i}", dt.date(2019, 9, 1) + dt.timedelta(days=i), i / rows, "=不是公式", None, "长文本\n第二行"]
            for i in range(rows)]
    style.write_table(sheet, 1, ["编号", "日期", "比例", "文本", "空", "说明"], body,
                      formats={2: style.PERCENT}, wrap=(5,))
    path = tmp_path / "t.xlsx"
    workbook.save(path)
    sheet = openpyxl.load_workbook(path)["Sheet"]
    bordered = rows <= style.BORDER_LIMIT
    for r in (2, rows + 1):
        assert sheet.cell(r, 2).number_format == style.DATE and sheet.cell(r, 2).value.date() >= dt.date(2019, 9, 1)
        assert sheet.cell(r, 3).number_format == style.PERCENT
        assert sheet.cell(r, 4).value == "=不是公式" and sheet.cell(r, 4).data_type == "s"
        assert sheet.cell(r, 5).value is None
        assert sheet.cell(r, 6).alignment.wrap_text
        assert sheet.cell(r, 1).number_format == "General"
        assert (sheet.cell(r, 1).border.left.style is not None) == bordered
        assert (sheet.cell(r, 2).border.left.style is not None) == bordered
