"""How a ledger was understood: the sheet and header row chosen, and every column's reading.

`xlkit columns` prints it, `xlkit check -o` puts it first in the report workbook, `xlkit columns --write`
turns it into a 表头对照 workbook for the office to correct, and `xlkit import` lists it in 导入说明.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

from xlkit.read import headers as hd
from xlkit.read.ledger import Ledger
from xlkit.schema import (
    BY_FIELD,
    COLUMNS,
    MAPPING_FILE,
    MAPPING_HEADERS,
    MAPPING_SHEET,
    MAPPING_SKIP,
    MAPPING_VALUE_HEADERS,
    Kind,
)

TABLE_HEADERS = ("表头单元格", "原表头", "读作", "怎么认出的", "说明")


def summary_lines(ledger: Ledger) -> list[str]:
    """The sheet, the header row, the other candidate sheets, the mapping, the counts."""
    lines = [f"工作表：“{ledger.sheet}”，表头在第{ledger.header_row}行，{len(ledger)} 件案件。"]
    if ledger.other_sheets:
        others = "、".join(f"“{name}”" + ("" if score is None else f"（认得 {score} 列）")
                           for name, score in ledger.other_sheets)
        lines.append(f"其他工作表：{others}。" + ("没有选用：已有名为“台账”的表。" if ledger.sheet == "台账" else
                                                  "选用了有信访人、诉求或日期等列、认得的表头最多的一张（只有件数的统计表和隐藏的表不选）；"
                                                  "要读别的表请加 --sheet 表名，或改名为“台账”。"))
    if ledger.mapping is not None:
        lines.append(f"使用了本单位的表头对照：{ledger.mapping.source}（{len(ledger.mapping.headers)} 个表头、"
                     f"{sum(len(v) for v in ledger.mapping.values.values())} 个取值）。")
    counts = Counter("读取" if i.read else i.how for i in ledger.columns)
    parts = [f"读取 {counts.pop('读取', 0)} 列"] + [f"{how} {n} 列" for how, n in counts.items()]
    lines.append("，".join(parts) + "。")
    if not ledger.has("case_id"):
        lines.append(f"没有“案件编号”列：各件以所在行称呼，如“第{ledger.header_row + 1}行”。")
    if not ledger.has("petitioner"):
        lines.append("没有“信访人”列：需要信访人的检查和文书都跳过。")
    if not ledger.own_dictionaries:
        lines.append("没有“字典”表：字典以外的取值按内置的开江县字典提示（警告），不算错误。")
    return lines


def column_rows(ledger: Ledger) -> list[list[Any]]:
    """One row per header cell: cell, header, field read as, how, and a note or suggestion."""
    rows = []
    for info in ledger.columns:
        if info.read:
            how = info.how if info.how == hd.BY_NAME else f"{info.how}“{info.alias}”"
            rows.append([info.cell, info.text, info.header, how, ""])
        else:
            suggestion = f"像是“{BY_FIELD[info.suggestion].header}”" if info.suggestion and info.how == hd.UNKNOWN else ""
            rows.append([info.cell, info.text, "", info.how, "；".join(p for p in (info.note, suggestion) if p)])
    return rows


def print_lines(ledger: Ledger) -> list[str]:
    lines = [f"台账：{ledger.path}", *summary_lines(ledger), ""]
    lines += [info.describe() for info in ledger.columns]
    return lines


def _foreign_values(ledger: Ledger) -> list[tuple[str, str, str]]:
    """(column header, value, nearest built-in) for each dictionary column's values outside its list."""
    from xlkit.check.rules import nearest

    out = []
    for column in COLUMNS:
        if column.kind not in (Kind.CHOICE, Kind.YESNO) or not ledger.has(column.field):
            continue
        allowed = (tuple(t.name for t in ledger.townships) if column.field == "township"
                   else ledger.dictionaries.get(column.dictionary or "", ()))
        for value in ledger.frame[column.field].dropna().unique():
            if value not in allowed:
                out.append((column.header, str(value), nearest(value, allowed) or ""))
    return out


def mapping_workbook(ledger: Ledger):
    """A 表头对照 workbook filled with how xlkit read the ledger, for the office to correct and keep."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment

    from xlkit.output import xlsx_style as style
    from xlkit.output.files import mark_report

    workbook = Workbook()
    mark_report(workbook, MAPPING_SHEET)
    sheet = workbook.active
    sheet.title = MAPPING_SHEET
    header_rows = []
    for info in ledger.columns:
        if info.how == hd.HELPER:
            continue
        standard = info.header if info.read else (MAPPING_SKIP if info.how == hd.SKIPPED else "")
        if info.read:
            note = "标准列名" if info.how == hd.BY_NAME else f"已按{info.how}读作此列"
        else:
            hint = f"像是“{BY_FIELD[info.suggestion].header}”" if info.suggestion and info.how == hd.UNKNOWN else ""
            note = "；".join(p for p in (info.how, info.note, hint) if p)
            note += "。请填写对应的标准列名，或填“不读取”" if info.how != hd.SKIPPED else ""
        header_rows.append([info.text, standard, note])
    top, last = style.write_table(sheet, 1, MAPPING_HEADERS, header_rows, wrap=(2,), max_width=50)
    values = _foreign_values(ledger)
    value_rows = [[name, value, "", f"最接近的内置选项：{near}" if near else ""] for name, value, near in values]
    row = last + 2
    style.write_table(sheet, row, (*MAPPING_VALUE_HEADERS, "建议"), value_rows, wrap=(3,), max_width=50)
    note_row = row + len(value_rows) + 2
    sheet.cell(note_row, 1, "用法：上表“标准列”写标准台账的列名（或“不读取”）；下表把本单位的取值对应到标准值"
                             "（如 信访形式 电话 → 来电），“标准值”空着的行不使用。保存后放在台账旁（文件名"
                             f"“{MAPPING_FILE}”），或把这张表复制进台账、表名“{MAPPING_SHEET}”；xlkit 的每个命令都会按它读台账。")
    sheet.cell(note_row, 1).alignment = Alignment(wrap_text=True, vertical="top")
    sheet.merge_cells(start_row=note_row, start_column=1, end_row=note_row, end_column=4)
    sheet.row_dimensions[note_row].height = 48
    return workbook


def write_mapping(ledger: Ledger, path: Path | None = None, force: bool = False) -> Path:
    """Write 表头对照.xlsx beside the ledger (never over an existing one without force, never the ledger)."""
    from xlkit.output.files import save_workbook

    path = Path(path) if path else ledger.path.parent / MAPPING_FILE
    return save_workbook(mapping_workbook(ledger), path, force=force, sources=(ledger.path,))
