"""`xlkit holidays -o`: the notice's days as rows ready to paste into 设置 → 节假日调整."""

from __future__ import annotations

from pathlib import Path

from openpyxl.styles import Alignment

from xlkit.output.files import mark_report, save_workbook
from xlkit.output.xlsx_style import DATE, NOTE_FONT, fit_to_width, text_width, write_table
from xlkit.schema import HOLIDAY_BLOCK_TITLE

#: the 设置 block's columns (xlkit/template/builder.py writes the same three)
HEADERS = ("日期", "类型", "说明")


def write_holiday_rows(schedule, path: Path, force: bool = False) -> Path:
    """A workbook whose first sheet holds the 设置 rows from A1; a second sheet says how to use them."""
    from openpyxl import Workbook

    workbook = Workbook()
    mark_report(workbook, HOLIDAY_BLOCK_TITLE)
    sheet = workbook.active
    sheet.title = HOLIDAY_BLOCK_TITLE
    rows = schedule.settings_table()
    write_table(sheet, 1, HEADERS, rows, formats={0: DATE}, min_widths={0: 12, 1: 8, 2: 24})
    sheet.freeze_panes = "A2"
    fit_to_width(sheet, landscape=False)
    guide = workbook.create_sheet("用法")
    guide.column_dimensions["A"].width = 60
    notices = "、".join(f"{n.source}（{n.year} 年）" for n in schedule.notices)
    notes = (
        f"“{HOLIDAY_BLOCK_TITLE}”表的 {len(rows)} 行来自：{notices}。",
        f"用法：选中“{HOLIDAY_BLOCK_TITLE}”表 A2:C{len(rows) + 1} 复制，在台账“设置”表“节假日调整”一栏第一个空行的“日期”格粘贴"
        "（右键→选择性粘贴→数值）。行不够时先在这一栏中间插入空行。",
        "只列出与平常周末不同的日子：放假的工作日、调休上班的周末，以及后发通知改变了的日子；"
        "“设置”表里同一日期已有一行时，改那一行，不要重复。",
        "也可以在 Excel 里点“台账工具”选项卡的“节假日调整”按钮，由工具直接写入“设置”表。",
    )
    for row, text in enumerate(notes, start=1):
        cell = guide.cell(row, 1, text)
        cell.font = NOTE_FONT
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        guide.row_dimensions[row].height = 14 * -(-text_width(text) // 56)
    fit_to_width(guide, landscape=False)
    return save_workbook(workbook, Path(path), force)
