"""Merging the 股室 ledgers into one (DESIGN §7, plan §四(四)): nothing dropped silently.

Each 股室 file is read like any ledger (`.xlsx`/`.xls`, any column order). Rows are keyed by
案件编号. The same case met again with the same values is collapsed; met with different values it
is kept once with the values of the first file given (DESIGN §7), and every differing column is a
conflict listing each value with its file and row. Only columns both files have are compared: a
column a 股室 file lacks is not a difference, and its value comes from the first file that has it.
Rows without 案件编号 cannot be matched and are all kept; in a ledger that has no 案件编号 column at all
(a 稳控 ledger), rows are matched by content: the same case word for word in two files is kept once.

The merged workbook is the template's layout (`xlkit.template.builder.build_workbook`) plus three sheets the
office reads: 合并来源 (each case → file and row), 合并冲突, 合并说明.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from xlkit.output.files import save_workbook, xml_safe
from xlkit.read.ledger import UNREADABLE_CODES, Ledger, read_ledger
from xlkit.schema import COLUMNS, LEDGER_SHEET, header

SOURCES_SHEET, CONFLICTS_SHEET, NOTES_SHEET = "合并来源", "合并冲突", "合并说明"
KEPT, DUPLICATE, CONFLICTING = "保留", "相同重复，已合并", "有冲突，已取首个文件的值"


@dataclass
class Source:
    case_id: str | None
    petitioner: str | None
    file: str
    row: int
    status: str

    @property
    def where(self) -> str:
        return f"{self.file} 第{self.row}行"


@dataclass
class Conflict:
    case_id: str
    field: str
    values: list[Any]  # one per source row, in the order the files were given
    sources: list[str]  # "市容股.xlsx 第5行"

    @property
    def column(self) -> str:
        return header(self.field)

    def to_json(self) -> dict[str, Any]:
        return {"case_id": self.case_id, "column": self.column, "values": [_json_value(v) for v in self.values],
                "sources": self.sources}


@dataclass
class MergeResult:
    rows: list[dict[str, Any]]  # merged cases, keyed by field name, in case-number order
    sources: list[Source]
    conflicts: list[Conflict]
    notes: list[str]  # unknown headers, missing columns, read-time problems: for 合并说明 and the terminal
    ledgers: list[Ledger] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # files given but not read (lock files), with the reason

    def what_was_read(self) -> str:
        """`3 个文件`, or `1 个文件的 3 张工作表（7月、8月、9月）` when a workbook kept a sheet a month."""
        files = {ledger.path for ledger in self.ledgers}
        if len(files) == len(self.ledgers):
            return f"{len(files)} 个文件"
        return (f"{len(files)} 个文件的 {len(self.ledgers)} 张工作表"
                f"（{'、'.join(ledger.sheet for ledger in self.ledgers)}）")

    @property
    def cases(self) -> int:
        return len(self.rows)

    def to_json(self, output: Path | None = None) -> dict[str, Any]:
        return {"cases": self.cases, "output": str(output) if output else None,
                "conflicts": [c.to_json() for c in self.conflicts]}


def _json_value(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def source_names(ledgers: Sequence[Ledger]) -> dict[int, str]:
    """How each input is named in the merge's lists: its file name, or, where two inputs share a file name
    (市容股/台账.xlsx and 环卫股/台账.xlsx), its path from the inputs' common folder."""
    paths = [ledger.path.resolve() for ledger in ledgers]
    names = [p.name for p in paths]
    if len(set(names)) == len(names):
        return {id(ledger): name for ledger, name in zip(ledgers, names, strict=True)}
    common = Path(os.path.commonpath([p.parent for p in paths]))
    return {id(ledger): str(p.relative_to(common)) for ledger, p in zip(ledgers, paths, strict=True)}


def merge_ledgers(ledgers: Sequence[Ledger]) -> MergeResult:
    """Merge ledgers already read; the first ledger's values win."""
    merged: dict[str, dict[str, Any]] = {}
    owners: dict[str, dict[str, list[tuple[Any, str]]]] = {}  # case → field → [(value, where)]
    order: list[str | int] = []
    anonymous: dict[int, dict[str, Any]] = {}
    by_content: dict[tuple, int] = {}  # a ledger without 案件编号: its rows' contents → the row kept
    sources: list[Source] = []
    conflicted: set[str] = set()
    notes: list[str] = []
    all_fields = set().union(*(ledger.present for ledger in ledgers)) if ledgers else set()

    names = source_names(ledgers)
    restarted = _restarted_serials(ledgers)
    if restarted:
        notes.append("各文件（或工作表）的“序号”都从 1 编起，不是案件编号：这些行按内容判断是否重复，各自保留。")
    for ledger in ledgers:
        name = names[id(ledger)]
        if ledger.unknown_headers:
            cells = "、".join(f"{cell}“{text}”" for cell, text in ledger.unknown_headers.items())
            notes.append(f"{name}（工作表“{ledger.sheet}”）有台账模板里没有的表头：{cells}。这些列的内容未合并；"
                         "如果是模板列的别名，请把表头改成模板里的名称后重新合并。")
        missing = [c.header for c in COLUMNS if c.field in all_fields and not ledger.has(c.field)]
        if missing:
            notes.append(f"{name} 缺少以下列（取其他文件的值，不算冲突）：{'、'.join(missing)}。")
        blanked = [f for f in ledger.findings if f.code in UNREADABLE_CODES and f.sheet == ledger.sheet]
        others = [f for f in ledger.findings if f.code != "R000" and f.code not in UNREADABLE_CODES
                  or f.code in UNREADABLE_CODES and f.sheet != ledger.sheet]
        if blanked:
            notes.append(f"{name} 读取时发现 {len(blanked)} 处无法识别的内容（如日期、整数格式），合并后这些格为空；"
                         f"请先运行“xlkit check {name}”逐格查看。")
        if others:
            notes.append(f"{name} 读取时另有 {len(others)} 条说明（如表格外的单元格、合计行、设置项），"
                         f"见“xlkit check {name}”。")
        present = [c.field for c in COLUMNS if ledger.has(c.field)]
        # without 案件编号 the cases are “第N行”: matched by content instead (so too a 序号 each file starts at 1)
        numbered = ledger.has("case_id") and id(ledger) not in restarted
        for row, record in ledger.records():
            case_id = record["case_id"] if numbered else None
            where = f"{name} 第{row}行"
            if case_id is None:
                content = tuple((f, _hashable(record[f])) for f in present if record[f] is not None)
                if not numbered and content in by_content:  # the same case, word for word, in another file
                    sources.append(Source(None, record["petitioner"], name, row, DUPLICATE))
                    continue
                key = len(anonymous)
                anonymous[key] = {**record, "case_id": None}
                if not numbered:
                    by_content[content] = key
                order.append(key)
                sources.append(Source(None, record["petitioner"], name, row, KEPT))
                continue
            if case_id not in merged:
                merged[case_id] = {f: record[f] for f in present}
                owners[case_id] = {f: [(record[f], where)] for f in present}
                order.append(case_id)
                sources.append(Source(case_id, record["petitioner"], name, row, KEPT))
                continue
            base, seen = merged[case_id], owners[case_id]
            differs = False
            for f in present:
                value = record[f]
                if f not in base:  # the first files lacked this column: take it from here
                    base[f] = value
                    seen[f] = [(value, where)]
                    continue
                if value != base[f]:
                    differs = True
                seen[f].append((value, where))
            if differs:
                conflicted.add(case_id)
            sources.append(Source(case_id, record["petitioner"], name, row, CONFLICTING if differs else DUPLICATE))

    conflicts: list[Conflict] = []
    for case_id in (k for k in order if isinstance(k, str) and k in conflicted):
        for f, pairs in owners[case_id].items():
            if len({_hashable(v) for v, _ in pairs}) > 1:
                conflicts.append(Conflict(case_id, f, [v for v, _ in pairs], [w for _, w in pairs]))
    # a conflicting case marks all its source rows, the first one included
    for source in sources:
        if source.case_id in conflicted and source.status == KEPT:
            source.status = KEPT + "（与其他行有冲突）"
    rows = [{c.field: (merged[k] if isinstance(k, str) else anonymous[k]).get(c.field) for c in COLUMNS}
            for k in order]
    duplicates = sum(1 for s in sources if s.status == DUPLICATE)
    if duplicates:
        notes.append(f"{duplicates} 行与先出现的同一案件完全相同，已合并为一行。")
    if conflicts:
        notes.append(f"{len(conflicted)} 件案件在不同文件（或同一文件的不同行）中内容不一致，共 {len(conflicts)} 处，"
                     f"已取首个文件的值，详见“{CONFLICTS_SHEET}”表；请核实后在合并台账中改正。")
    if anonymous:
        notes.append(f"{len(anonymous)} 行没有案件编号，无法判断是否重复，已全部保留；请补填案件编号。")
    rows.sort(key=lambda row: case_sort_key(row.get("case_id")))  # the merged ledger reads in case-number order
    return MergeResult(rows, sources, conflicts, notes, list(ledgers))


def _restarted_serials(ledgers: Sequence[Ledger]) -> set[int]:
    """The ledgers (by id) whose 案件编号 is a 序号 column that another of them also numbers from the start:
    a sheet a month, or each 股室's file, counting 1, 2, 3… — the same number is not the same case."""
    serial = [ledger for ledger in ledgers if any(
        info.field == "case_id" and info.alias == "序号" for info in ledger.columns)]
    seen: set[Any] = set()
    for ledger in serial:
        numbers = set(ledger.frame["case_id"].dropna())
        if numbers & seen:
            return {id(one) for one in serial}
        seen |= numbers
    return set()


def _hashable(value: Any) -> Any:
    return value if not isinstance(value, list | dict) else repr(value)


def merge_files(paths: Sequence[Path]) -> MergeResult:
    """Read each 股室 file (LedgerError for an unreadable one) and merge them, first file winning.

    A `~$` lock file among several files (a shell's `*.xlsx` picks up the one Excel keeps beside an open
    workbook) is skipped and said; given alone it is the reader's clear error."""
    from xlkit.output.files import report_kind

    paths = [Path(p) for p in paths]
    locks = [p for p in paths if p.name.startswith("~$")]
    # xlkit's own reports beside the ledgers (季度分析 … : `*.xlsx` takes them too) are not 股室 files
    reports = {p: kind for p in paths if p not in locks and (kind := report_kind(p)) is not None}
    if len(locks) + len(reports) == len(paths):
        locks, reports = [], {}
    result = merge_ledgers([one for p in paths if p not in locks and p not in reports
                            for one in _with_same_sheets(read_ledger(p))])
    result.skipped = [f"跳过“{p.name}”：这是 Excel 打开文件时留下的临时锁定文件，不是台账。" for p in locks]
    result.skipped += [f"跳过“{p.name}”：这是 xlkit 生成的“{kind}”工作簿，不是台账。" for p, kind in reports.items()]
    result.notes[:0] = result.skipped
    return result


def _with_same_sheets(ledger: Ledger) -> list[Ledger]:
    """The ledger and its workbook's other sheets with the same header (a sheet a month, R037)."""
    return [ledger, *(read_ledger(ledger.path, sheet) for sheet in ledger.same_sheets)]


def build_merged_workbook(result: MergeResult):
    """The template's workbook holding the merged rows, plus 合并来源, 合并冲突, 合并说明."""
    from xlkit.output import xlsx_style as style
    from xlkit.template.builder import build_workbook

    first = result.ledgers[0]
    settings = {**first.settings.values, "holiday_overrides": dict(first.settings.holiday_overrides)}
    rows = result.rows
    workbook = build_workbook(rows, settings, dictionaries=first.dictionaries, townships=first.townships)
    _mark_conflicts(workbook[LEDGER_SHEET], rows, result.conflicts)

    ws = workbook.create_sheet(SOURCES_SHEET)
    next_row = style.title(ws, "合并来源：每件案件来自哪个文件哪一行", 5)
    body = [(s.case_id, s.petitioner, s.file, s.row, s.status) for s in result.sources]
    top, _ = style.write_table(ws, next_row, [header("case_id"), header("petitioner"), "来源文件", "来源行", "处理"],
                               body)
    style.freeze_below(ws, top)
    style.print_setup(ws, (top, top), landscape=False)

    ws = workbook.create_sheet(CONFLICTS_SHEET)
    next_row = style.title(ws, "合并冲突：同一案件编号、内容不同的列（合并台账取首个文件的值）", 5)
    body = []
    for conflict in result.conflicts:
        for index, (value, where) in enumerate(zip(conflict.values, conflict.sources, strict=True)):
            body.append((conflict.case_id, conflict.column, value, where, "已采用" if index == 0 else ""))
    if not body:
        next_row = style.note(ws, next_row, "没有冲突。")
    top, _ = style.write_table(ws, next_row, [header("case_id"), "列", "值", "来源", "合并台账"], body,
                               wrap=(2,))
    style.freeze_below(ws, top)
    style.print_setup(ws, (top, top))

    ws = workbook.create_sheet(NOTES_SHEET)
    names = source_names(result.ledgers)
    files = "、".join(names[id(ledger)] for ledger in result.ledgers)
    next_row = style.title(ws, "合并说明", 1)
    lines = [f"合并文件（按给出顺序，冲突时取靠前文件的值）：{files}",
             f"合并后案件 {result.cases} 件；来源行 {len(result.sources)} 行。", *result.notes]
    ws.column_dimensions["A"].width = NOTES_WIDTH
    for line in lines:
        next_row = style.note(ws, next_row, line)
        ws.cell(next_row - 1, 1).alignment = style.WRAP
    style.print_setup(ws, landscape=False)
    # the three merge sheets right after 台账, before the template's 说明/字典/设置
    for offset, name in enumerate((SOURCES_SHEET, CONFLICTS_SHEET, NOTES_SHEET), start=1):
        sheet = workbook[name]
        workbook.move_sheet(sheet, offset - workbook.index(sheet))
    return workbook


#: 合并说明's one column: a portrait A4 page wide, long lines wrap.
NOTES_WIDTH = 90
CONFLICT_FILL = "FFEB9C"


def case_sort_key(case_id: Any) -> tuple:
    """2019-002 before 2019-010 before 2020-001; numbers inside compared as numbers, blanks last."""
    if case_id is None or str(case_id).strip() == "":
        return (1, ())
    parts = re.split(r"(\d+)", str(case_id))
    return (0, tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in parts if p))


def _mark_conflicts(ws, rows: list[dict[str, Any]], conflicts: list[Conflict]) -> None:
    """Each conflicting cell of 台账 shaded, with a comment naming the other files' values."""
    from openpyxl.comments import Comment
    from openpyxl.styles import PatternFill

    from xlkit.template.builder import FIRST_DATA_ROW

    positions = {c.field: i + 1 for i, c in enumerate(COLUMNS)}
    row_of = {}
    for number, row in enumerate(rows, start=FIRST_DATA_ROW):
        row_of.setdefault(row.get("case_id"), number)
    fill = PatternFill("solid", start_color=CONFLICT_FILL, end_color=CONFLICT_FILL)
    for conflict in conflicts:
        if conflict.case_id not in row_of or conflict.field not in positions:
            continue
        cell = ws.cell(row_of[conflict.case_id], positions[conflict.field])
        cell.fill = fill
        others = "；".join(f"{where}：{'（空）' if value in (None, '') else value}"
                          for value, where in zip(conflict.values[1:], conflict.sources[1:], strict=True))
        text = f"合并冲突：本格取 {conflict.sources[0]} 的值。另有 {others}。详见“{CONFLICTS_SHEET}”表。"
        # a comment is XML too: a control character from a ledger cell would abort the save
        cell.comment = Comment(xml_safe(text), "xlkit", width=300, height=120)


def write_merged(result: MergeResult, output: Path, force: bool = False) -> Path:
    """Write the merged ledger atomically; never over one of the files merged."""
    workbook = build_merged_workbook(result)
    return save_workbook(workbook, Path(output), force, tuple(ledger.path for ledger in result.ledgers))


def merged_ledger(result: MergeResult) -> Ledger:
    """The merged rows as a Ledger in memory (for `xlkit monthly/quarterly` given several 股室 files).

    Its rows are numbered from 2 as if written under a header in row 1; the first file's 字典 and
    设置 apply.
    """
    import pandas as pd

    from xlkit.schema import Kind

    first = result.ledgers[0]
    present = set().union(*(ledger.present for ledger in result.ledgers))
    data: dict[str, Any] = {}
    for column in COLUMNS:
        values = [row.get(column.field) for row in result.rows]
        if column.kind is Kind.DATE:
            data[column.field] = pd.to_datetime(pd.Series(values, dtype="object"), errors="coerce").to_numpy(
                dtype="datetime64[ns]")
        elif column.kind is Kind.INT:
            data[column.field] = pd.array([pd.NA if v is None else v for v in values], dtype="Int64")
        else:
            data[column.field] = values
    frame = pd.DataFrame(data, index=pd.Index(range(2, len(result.rows) + 2), name="row"))
    positions = {c.field: i for i, c in enumerate(c for c in COLUMNS if c.field in present)}
    findings = [f for ledger in result.ledgers for f in ledger.findings]
    return Ledger(path=first.path, sheet=first.sheet, header_row=1, positions=positions, frame=frame,
                  dictionaries=first.dictionaries, townships=first.townships, settings=first.settings,
                  findings=findings)


def read_many(paths: Sequence[Path]) -> tuple[Ledger, MergeResult | None]:
    """One ledger read as is, or several 股室 files merged in memory (with the merge's result)."""
    if len(paths) == 1:
        ledger = read_ledger(Path(paths[0]))
        if not ledger.same_sheets:
            return ledger, None
        result = merge_ledgers(_with_same_sheets(ledger))
        return merged_ledger(result), result
    result = merge_files(paths)
    return merged_ledger(result), result
