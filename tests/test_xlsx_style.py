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
        assert (sheet.cell(r, 5).border.left.style is not None) == bordered  # an empty cell keeps the grid
        assert sheet.cell(r, 6).alignment.wrap_text
        assert sheet.cell(r, 1).number_format == "General"
        assert (sheet.cell(r, 1).border.left.style is not None) == bordered
        assert (sheet.cell(r, 2).border.left.style is not None) == bordered


@pytest.mark.parametrize("stream", [False, True])
def test_an_empty_cell_of_a_bordered_table_keeps_its_borders(tmp_path, stream):
    """重点案件 printed a column of empty 下步措施 without its grid lines: an empty cell had no border, so the
    last column had no right edge and two empty cells one above the other no line between them."""
    from xlkit.output.files import save_workbook

    workbook = openpyxl.Workbook()
    style.write_table(workbook.active, 1, ["编号", "期限提醒", "下步措施"],
                      [["2019-001", None, None], ["2019-002", None, "回访"], ["2019-003", "", None]], stream=stream)
    sheet = openpyxl.load_workbook(save_workbook(workbook, tmp_path / "t.xlsx", xlsxwriter=stream)).active
    empty = [sheet.cell(r, c) for r in range(2, 5) for c in (2, 3) if sheet.cell(r, c).value in (None, "")]
    assert len(empty) == 5
    for cell in empty:
        assert all(getattr(cell.border, side).style == "thin" for side in ("left", "right", "top", "bottom")), cell


def _report(stream: bool, rows: int) -> openpyxl.Workbook:
    """A report sheet as the 月度调度 sheets are made: a title with a note, a table, marks, print setup."""
    workbook = openpyxl.Workbook()
    ws = workbook.active
    ws.title = "超期案件"
    row = style.title(ws, "截至 2019-12-31 已过期限仍未完成的环节", 6, "剩余天数为负数表示已超过期限的天数。")
    body = [[f"Z{i:05d}", "张三" if i % 2 else "=李四", dt.date(2019, 9, 1) + dt.timedelta(days=i % 90), i / 7,
             None if i % 3 else "缺下步措施", "诉求内容" * (i % 20), i % 2 == 0, -i] for i in range(rows)]
    top, last = style.write_table(ws, row, ["编号", "信访人", "期限", "比例", "缺项", "诉求", "重点", "天数"], body,
                                  formats={3: style.PERCENT}, wrap=(5,), max_width=30, stream=stream,
                                  fonts={4: lambda missing: style.FAIL_FONT if missing else None})
    style.freeze_below(ws, top)
    style.print_setup(ws, (top, top))
    style.page_break_before(ws, last - 1)
    ws.auto_filter.ref = f"A{top}:H{last}"
    marks = workbook.create_sheet("指标")
    top, last = style.write_table(marks, 1, ["指标", "是否达标"], [["化解率", "未达标"], ["满意率", "达标"]])
    style.mark_cells(marks, [(r, 2) for r in range(top + 1, last + 1)], "达标", "未达标")
    style.note(marks, last + 2, "“—”表示分母为 0。", 2)
    return workbook


def _looks(cell) -> tuple:
    font, fill, alignment = cell.font, cell.fill, cell.alignment
    colour = font.color.rgb[-6:] if font.color is not None and font.color.type == "rgb" else None
    return (cell.value, cell.data_type, cell.number_format, font.name, font.sz, bool(font.b), bool(font.i), colour,
            fill.fill_type, fill.fgColor.rgb[-6:] if fill.fill_type else None, cell.border.left.style,
            cell.border.bottom.style, bool(alignment.wrap_text), alignment.horizontal, alignment.vertical)


@pytest.mark.parametrize("rows", [12, style.BORDER_LIMIT + 1])
def test_xlsxwriter_writes_what_openpyxl_writes(tmp_path, rows):
    """The big reports are saved by XlsxWriter (issue 15): the same cells, styles, sizes and print setup."""
    from xlkit.output.files import save_workbook

    plain = save_workbook(_report(False, rows), tmp_path / "openpyxl.xlsx")
    fast = save_workbook(_report(True, rows), tmp_path / "xlsxwriter.xlsx", xlsxwriter=True)
    a, b = openpyxl.load_workbook(plain), openpyxl.load_workbook(fast)
    assert a.sheetnames == b.sheetnames
    for x, y in zip(a.worksheets, b.worksheets, strict=True):
        cells = {c.coordinate for ws in (x, y) for line in ws.iter_rows() for c in line if c.value is not None}
        assert [_looks(x[c]) for c in sorted(cells)] == [_looks(y[c]) for c in sorted(cells)], x.title
        assert sorted(map(str, x.merged_cells.ranges)) == sorted(map(str, y.merged_cells.ranges))
        wide, narrow = style.column_widths(x), style.column_widths(y)
        assert wide.keys() == narrow.keys() and all(0 <= narrow[c] - wide[c] < 1 / 7 for c in wide)  # whole pixels
        tall = {r: d.height for r, d in x.row_dimensions.items() if d.height}
        assert {r: d.height for r, d in y.row_dimensions.items() if d.height}.keys() == tall.keys()
        assert all(0 <= y.row_dimensions[r].height - h < 0.75 for r, h in tall.items())  # never shorter
        assert (x.freeze_panes, x.print_title_rows, x.auto_filter.ref) == (y.freeze_panes, y.print_title_rows,
                                                                          y.auto_filter.ref)
        assert [b.id for b in x.row_breaks.brk] == [b.id for b in y.row_breaks.brk]
        assert (x.page_setup.orientation, x.page_setup.paperSize, x.page_setup.fitToHeight) == (
            y.page_setup.orientation, y.page_setup.paperSize, y.page_setup.fitToHeight)
        fitted = [bool(ws.sheet_properties.pageSetUpPr.fitToPage) for ws in (x, y)]
        assert fitted[0] == fitted[1] and x.print_options.horizontalCentered == y.print_options.horizontalCentered
        for side in ("left", "right", "top", "bottom", "header", "footer"):
            assert getattr(x.page_margins, side) == getattr(y.page_margins, side), side
        assert x.oddFooter.center.text == y.oddFooter.center.text and "&P" in y.oddFooter.center.text
    assert b["超期案件"]["E4"].font.color.rgb.endswith("C00000")  # a missing item in red, through `fonts`
    assert b["超期案件"].sheet_properties.pageSetUpPr.fitToPage and b["超期案件"].page_setup.orientation == "landscape"
    assert max(d.height or 0 for d in b["超期案件"].row_dimensions.values()) > 40  # wrapped 诉求 rows grew


def test_what_xlsxwriter_would_not_carry_is_refused(tmp_path):
    from openpyxl.comments import Comment

    from xlkit.output.files import save_workbook

    workbook = _report(False, 3)
    workbook.active["A1"].comment = Comment("说明", "xlkit")
    with pytest.raises(ValueError, match="XlsxWriter"):
        save_workbook(workbook, tmp_path / "a.xlsx", xlsxwriter=True)
    with pytest.raises(ValueError, match="XlsxWriter"):  # a streamed table never silently left out
        save_workbook(_report(True, 3), tmp_path / "b.xlsx")
    assert not list(tmp_path.iterdir())


def test_a_streamed_row_is_as_tall_as_its_text_prints_with_word_line_breaks():
    # a 诉求内容 pasted from Word holds \x0b (manual line break): written as a new line, measured as one too
    from xlkit.output.xlsx_stream import row_height

    typed = "\x0b".join(["第一行"] * 4)
    assert row_height([typed], [20]) == row_height(["\n".join(["第一行"] * 4)], [20]) is not None
    assert row_height(["\x01第一行"], [20]) is None  # a dropped control character is not a line


def test_a_row_measured_for_one_latin_width_is_not_reused_for_another():
    """The line-count cache is kept for the life of the process (a long-lived button server makes several
    outputs): 生成清单 measures Latin text 1.0 wide, the reports 1.25; one must not take the other's count."""
    from xlkit.output.xlsx_stream import row_height

    text = ["A1234567890B1234567890C1234567890D1234567890E123456789 x"]
    narrow, wide = row_height(text, [20], ascii_width=1.0), row_height(text, [20], ascii_width=1.25)
    assert wide > narrow
    assert row_height(text, [20], ascii_width=1.0) == narrow


def test_texts_of_one_shape_wrap_on_the_same_lines():
    """The line-count cache keeps a text by its shape (its Latin letters and digits as 0): 受理告知期限2019年10月8日
    已过 450 日 and …2020年7月20日已过 164 日 are measured once (issue 15: 27,000 findings, a few hundred shapes).
    That is only right if every such text wraps exactly as its shape does: tried on random texts of Chinese,
    Latin words, hyphenated numbers, brackets and line breaks, at several widths."""
    import random

    from xlkit.output import xlsx_stream
    from xlkit.output.layout import CJK_FONT_ASCII, lines_needed

    rng = random.Random(7)
    pieces = ["受理告知期限", "已过", "日，", "（依据：《信访条例》第三十三条）", "台账!", "-", " ", "\n", "、", "。",
              "2019", "10", "8", "450", "AC7", "2019-000005", "x", "ID", "(一)", "“", "”"]
    alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 25)))
        other = "".join(rng.choice(alphabet) if ch.isascii() and ch.isalnum() else ch for ch in text)
        for width in (8, 13, 20, 36, 60):
            for ascii_width in (1.0, CJK_FONT_ASCII):
                assert lines_needed(text, width, ascii_width) == lines_needed(other, width, ascii_width), (text, other)
        xlsx_stream._LINES.clear()
        fresh = xlsx_stream.row_height([other, text], [13, 36])  # measured, nothing cached
        xlsx_stream._LINES.clear()
        xlsx_stream.row_height([text, other], [13, 36])  # each cached by its shape, at the other's width
        assert xlsx_stream.row_height([other, text], [13, 36]) == fresh
    # what wraps otherwise stays in the shape: a hyphen (2019-|9017), a space, Chinese and full-width marks
    assert xlsx_stream._LATIN.sub("0", "台账!AC7 2019-9017（一）") == "台账!000 0000-0000（一）"
