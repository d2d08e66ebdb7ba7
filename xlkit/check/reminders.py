"""到期提醒 to hand out (DESIGN §8 `xlkit overdue -o`): a workbook with one sheet per 责任股室 and a
催办单 per 股室 (GB/T 9704 layout) listing its overdue and due-soon stages.

The items are `check.run.overdue_report`'s; this module only sorts them by 股室 and due date and lays
them out for printing.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from xlkit.check.run import OverdueReport
from xlkit.deadlines.days import DAYS_LEFT, DAYS_OVERDUE, days_columns
from xlkit.deadlines.engine import OVERDUE, fmt
from xlkit.output import xlsx_style as style
from xlkit.output.files import atomic_write, check_writable, mark_report, save_workbook, xml_safe
from xlkit.output.names import UniqueNames, file_component
from xlkit.read.ledger import Ledger
from xlkit.read.text import NOT_XML
from xlkit.schema import NO_UNIT, header

SUMMARY_SHEET = "全部"
NOTHING_DUE = "没有超期或临期的环节。"
HEADERS = (header("unit"), header("handler"), header("case_id"), header("petitioner"), "办理环节", "期限",
           DAYS_LEFT, DAYS_OVERDUE, "状态", "台账行")


@dataclass(frozen=True)
class Reminder:
    unit: str
    handler: str
    case_id: str
    petitioner: str
    stage: str
    due: dt.date
    days_left: int
    state: str
    row: int

    @property
    def when(self) -> str:
        """超期3天 / 今天到期 / 还剩5天 (short enough for a table cell of the 催办单)."""
        if self.days_left < 0:
            return f"超期{-self.days_left}天"
        return "今天到期" if self.days_left == 0 else f"还剩{self.days_left}天"


@dataclass
class Reminders:
    ledger: Ledger
    today: dt.date
    within: int
    items: list[Reminder]

    @property
    def overdue(self) -> int:
        return sum(1 for r in self.items if r.state == OVERDUE)

    def by_unit(self) -> dict[str, list[Reminder]]:
        units: dict[str, list[Reminder]] = {}
        for item in self.items:
            units.setdefault(item.unit, []).append(item)
        return units


def _text(value) -> str:
    return "" if value is None or value != value else str(value).strip()


def collect(ledger: Ledger, report: OverdueReport) -> Reminders:
    """The report's overdue and due-soon stages, sorted by 股室, then due date, then ledger row."""
    frame = ledger.frame
    items = []
    for item in report.overdue + report.due_soon:  # the 待办 analysis tasks have no due date to chase
        row = item["row"]
        items.append(Reminder(
            unit=_text(frame.at[row, "unit"]) or NO_UNIT, handler=_text(frame.at[row, "handler"]),
            case_id=item["case_id"] or "", petitioner=_text(frame.at[row, "petitioner"]),
            stage=item["stage"], due=dt.date.fromisoformat(item["due"]), days_left=item["days_left"],
            state=item["state"], row=row))
    items.sort(key=lambda r: (r.unit == NO_UNIT, r.unit, r.due, r.row, r.stage))
    return Reminders(ledger, report.today, report.within, items)


def sheet_name(unit: str, taken: set[str]) -> str:
    """A 股室 name Excel accepts as a sheet name (≤ 31 characters, none of []:*?/\\), unique."""
    name = re.sub(r"[\[\]:*?/\\]", "_", NOT_XML.sub("", unit)).strip("'") or NO_UNIT
    name = name[:31]
    base, number = name, 2
    folded = {t.casefold() for t in taken}  # Excel compares sheet names case-insensitively
    while name.casefold() in folded:
        suffix = f"({number})"
        name, number = base[:31 - len(suffix)] + suffix, number + 1
    taken.add(name)
    return name


def _counts(items: list[Reminder]) -> str:
    late = sum(1 for r in items if r.state == OVERDUE)
    return f"超期 {late} 项，临期 {len(items) - late} 项"


def build_workbook(reminders: Reminders):
    from openpyxl import Workbook

    workbook = Workbook()
    mark_report(workbook, "到期提醒")
    taken: set[str] = {SUMMARY_SHEET}
    sheets = [(SUMMARY_SHEET, "全部股室", reminders.items)]
    sheets += [(sheet_name(unit, taken), unit, items) for unit, items in reminders.by_unit().items()]
    for index, (name, unit, items) in enumerate(sheets):
        ws = workbook.active if index == 0 else workbook.create_sheet(name)
        ws.title = name
        note = (f"截至 {fmt(reminders.today)}（临期指 {reminders.within} 天内到期）：{_counts(items)}。"
                f"按{header('unit')}、期限排序。台账：{reminders.ledger.path.name}")
        top = style.title(ws, f"到期提醒（{unit}）", len(HEADERS), note)
        body = [(r.unit, r.handler, r.case_id, r.petitioner, r.stage, r.due, *days_columns(r.days_left), r.state,
                 r.row) for r in items]
        if not body:  # said in one line, not over an empty table's header
            style.nothing_to_list(ws, top, NOTHING_DUE, len(HEADERS))
            style.print_setup(ws, landscape=False)
            continue
        # the days and 台账行 centred (right-aligned, 3 printed against the 状态 beside it as “3临期”), at the top
        # of the row as the rest of it (in the middle of a two-line 股室's row, 1688 stood below its 期限)
        header_row, last = style.write_table(ws, top, HEADERS, body, formats={6: style.INTEGER, 7: style.INTEGER},
                                             centred=(6, 7, 9))
        state = HEADERS.index("状态") + 1
        for row in range(header_row + 1, last + 1):
            if ws.cell(row, state).value == OVERDUE:
                ws.cell(row, state).font = style.FAIL_FONT
        style.freeze_below(ws, header_row)
        style.print_setup(ws, (header_row, header_row), landscape=False)
    return workbook


def notice_name(unit: str, names: UniqueNames | None = None) -> str:
    stem = "催办单_" + file_component(unit)
    return (names.claim(stem, unit) if names is not None else stem) + ".docx"


#: 序号 案件编号 信访人 承办人 办理环节 期限 状态 (cm): the type area is 15.6 cm wide
NOTICE_WIDTHS_CM = (1.2, 2.5, 1.7, 1.7, 2.2, 3.8, 2.5)
NOTICE_TABLE_SIZE = 10.5  # 五号


def build_notice(reminders: Reminders, unit: str, items: list[Reminder]):
    """催办单: to the 股室, the stages it must finish, signed by the office (GB/T 9704 layout)."""
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    from xlkit.output.gbt9704 import (
        BODY_SIZE,
        TITLE_FONT,
        TITLE_SIZE,
        keep_row_whole,
        official_document,
        page_number_footer,
        set_fonts,
    )

    document = official_document()
    page_number_footer(document.sections[0])
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = title.add_run("信访事项催办单")
    run.font.size = Pt(TITLE_SIZE)
    set_fonts(run._element, TITLE_FONT)
    document.add_paragraph()
    unassigned = unit == NO_UNIT  # no 股室 to address: the cases' 交办 is what is missing
    if not unassigned:
        document.add_paragraph(xml_safe(f"{unit}："))
    late = sum(1 for r in items if r.state == OVERDUE)
    soon = len(items) - late
    parts = []
    if late:
        # not “法定期限”: a campaign case's 5 days are the plan's, a 上级报结期限 is the higher body's date
        parts.append(f"{late} 个办理环节已超过办理期限")
    if soon:
        parts.append(f"{soon} 个将在 {reminders.within} 日内到期")
    if unassigned:  # addressed to “（未填责任股室）”, “你股室承办的” read as a notice sent to nobody
        text = (f"截至{fmt(reminders.today)}，下列信访事项台账未填写{header('unit')}，其中有" + "，".join(parts) +
                f"（见下表）。请核实交办情况，明确{header('unit')}并在台账中补填，督促承办人抓紧办理；"
                "确有特殊情况的，请说明原因。")
    else:
        text = (f"截至{fmt(reminders.today)}，你股室承办的信访事项中，有" + "，".join(parts) +
                "（见下表）。请承办人抓紧办理，按期送达相关文书，办结后及时在台账中登记办理情况；"
                "确有特殊情况的，请说明原因。")
    body = document.add_paragraph(text)
    body.paragraph_format.first_line_indent = Pt(BODY_SIZE * 2)
    document.add_paragraph()
    columns = ("序号", header("case_id"), header("petitioner"), header("handler"), "办理环节", "期限", "状态")
    table = document.add_table(rows=1, cols=len(columns))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(table.rows[0].cells, columns, strict=True):
        cell.text = text
    for number, item in enumerate(items, start=1):
        values = (str(number), item.case_id, item.petitioner, item.handler, item.stage, fmt(item.due), item.when)
        for cell, text in zip(table.add_row().cells, values, strict=True):
            cell.text = xml_safe(text or "")
    table.autofit = False
    for column, width in zip(table.columns, NOTICE_WIDTHS_CM, strict=True):
        column.width = Cm(width)
    for row_index, row in enumerate(table.rows):
        keep_row_whole(row._tr, header=row_index == 0)  # a long list goes on with its header on page 2
        for cell, width in zip(row.cells, NOTICE_WIDTHS_CM, strict=True):
            cell.width = Cm(width)
            for paragraph in cell.paragraphs:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
                paragraph.paragraph_format.line_spacing = 1.0
                paragraph.paragraph_format.first_line_indent = Pt(0)
                for run in paragraph.runs:
                    run.font.size = Pt(NOTICE_TABLE_SIZE)
                    run.font.bold = row_index == 0
    document.add_paragraph()
    office = reminders.ledger.settings.office_name or ""
    for text in (office, fmt(reminders.today)):
        signer = document.add_paragraph(xml_safe(text))
        signer.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    return document


def write_reminders(reminders: Reminders, output: Path, force: bool = False) -> tuple[Path, list[Path]]:
    """到期提醒.xlsx at `output`, and one 催办单 per 股室 with anything to do in a 催办单 folder beside it."""
    output = Path(output)
    folder = output.parent / "催办单"
    units = reminders.by_unit()
    names = UniqueNames()  # 市容/股 and 市容:股 are two 股室, so two files
    notices = [(folder / notice_name(unit, names), unit, items) for unit, items in units.items()]
    sources = (reminders.ledger.path,)
    check_writable(output, force, sources)
    for path, _, _ in notices:
        check_writable(path, force, sources)
    save_workbook(build_workbook(reminders), output, force, sources)
    written = []
    for path, unit, items in notices:
        document = build_notice(reminders, unit, items)
        written.append(atomic_write(path, document.save, force, sources))
    return output, written
