"""The 季度总结分析报告 draft laid out with python-docx from its plan, in this process or beside it (issue 15).

`quarterly_report.report_plan` turns the analysis into a plan: plain blocks of text and table rows,
nothing from pandas. `render` lays a plan out (GB/T 9704 paragraphs and centred tables); `write` saves
it atomically. This module imports only python-docx and the output helpers, so a second Python can
write the report while the first writes the 季度分析 workbook: the 季度汇总 button starts one (`Beside`)
before it reads the ledger, so that its start and its import of python-docx overlap the reading, hands it
the plan with `start` (layout and save then run on the other core) and `Aside.finish` waits for it. When
that Python cannot be started or does not finish cleanly, the report is written here as before, so any
error reaches the clerk with its usual message.

A plan block is `["p", text, font, size_pt, bold, align, indent]` (align: None, "center" or "right") or
`["table", headers, rows]` (texts; a header's "\\n" is a line break).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from xlkit.output.files import add_text, atomic_write, xml_safe
from xlkit.output.gbt9704 import (
    BODY_FONT,
    HEADING_FONT,
    keep_row_whole,
    official_document,
    page_number_footer,
    set_fonts,
)

TABLE_SIZE = 10.5  # 五号: a rate like 100.0% fits its column
#: The type area's width (A4 less the 28 and 26 mm margins) and a table's label column, in cm.
TYPE_WIDTH_CM, LABEL_WIDTH_CM = 15.6, 2.9
#: the longest a button waits for the report written beside it before writing it itself
ASIDE_TIMEOUT = 120


def render(plan: Sequence[Sequence[Any]]):
    """The draft report of `plan` as a python-docx Document."""
    doc = official_document()
    page_number_footer(doc.sections[0])  # like the 文书 (GB/T 9704-2012 7.5)
    for index, block in enumerate(plan):
        if block[0] == "p":
            paragraph = _paragraph(doc, *block[1:])
            if index + 1 < len(plan) and plan[index + 1][0] == "table":
                paragraph.paragraph_format.keep_with_next = True  # a table's caption stays on its page
            elif len(block) > 2 and block[2] == HEADING_FONT:
                # a heading stays with its text: 二、攻坚行动指标完成情况 ended page 2, its text on page 3
                paragraph.paragraph_format.keep_with_next = True
        elif block[0] == "table":
            _table(doc, block[1], block[2])
        else:
            raise ValueError(f"报告初稿：未知的内容块 {block[0]!r}")
    return doc


def write(plan: Sequence[Sequence[Any]], output: Path, force: bool = False, sources: tuple[Path, ...] = ()) -> Path:
    """Lay out `plan` and write it atomically to `output`."""
    doc = render(plan)
    return atomic_write(Path(output), lambda temp: doc.save(temp), force, sources)


def _paragraph(doc, text: str, font: str = BODY_FONT, size: float = 16.0, bold: bool = False,
               align: str | None = None, indent: bool = True):
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
    from docx.shared import Pt

    paragraph = doc.add_paragraph()
    fmt = paragraph.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(28)
    fmt.space_before = fmt.space_after = Pt(0)
    if indent:
        fmt.first_line_indent = Pt(32)  # two characters of 三号
    if align is not None:
        paragraph.alignment = {"center": WD_ALIGN_PARAGRAPH.CENTER, "right": WD_ALIGN_PARAGRAPH.RIGHT}[align]
    _font(add_text(paragraph, text), font, size, bold)
    return paragraph


def _font(run, name: str, size: float, bold: bool = False) -> None:
    from docx.shared import Pt

    run.font.size = Pt(size)
    run.font.bold = bold
    set_fonts(run._element, name)


def _table(doc, headers: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.shared import Cm

    table = doc.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        _cell_text(cell, str(text), bold=True)
    keep_row_whole(table.rows[0]._tr, header=True)
    model = None
    for line in rows:
        if model is not None and _one_run_each(line):
            # a row like the first plain body row, its texts changed: the same XML, without python-docx
            # building and styling every cell and run again (the report's tables: 0.1 s → 0.02 s)
            _append_like(table, model, line)
            continue
        row = table.add_row()
        for cell, text in zip(row.cells, line, strict=True):
            _cell_text(cell, text)
        keep_row_whole(row._tr)
        if model is None and _one_run_each(line):
            model = row._tr
    # the label column as wide as its longest label (书面送达签字率 left 率 alone on a second line), at least
    # LABEL_WIDTH_CM and leaving every number column MIN_NUMBER_CM; the numbers share the rest
    label = label_width_cm([headers[0], *(line[0] for line in rows)], len(headers))
    widths = [label] + [(TYPE_WIDTH_CM - label) / (len(headers) - 1)] * (len(headers) - 1)
    for index, width in enumerate(widths):
        table.columns[index].width = Cm(width)
        for cell in table.columns[index].cells:
            cell.width = Cm(width)
    doc.add_paragraph()


#: the narrowest a number column gets: what the eight-column tables had beside a 2.9 cm label (100.0% on one
#: line at 五号 in DejaVu digits, as LibreOffice prints them)
MIN_NUMBER_CM = 1.81
#: a cell's left and right padding (Word's and LibreOffice's 0.19 cm each), in cm
CELL_PADDING_CM = 0.4


def label_width_cm(labels: Sequence[str], columns: int) -> float:
    """The label column's width: its longest label on one line where the number columns leave room."""
    from xlkit.output.layout import text_width

    longest = max((text_width(str(label)) for label in labels), default=0)  # a CJK character counts 2
    wanted = longest / 2 * TABLE_SIZE * 2.54 / 72 + CELL_PADDING_CM
    room = TYPE_WIDTH_CM - MIN_NUMBER_CM * (columns - 1)
    return round(max(LABEL_WIDTH_CM, min(wanted + 0.05, room)), 2)


def _one_run_each(texts: Sequence[str]) -> bool:
    """Every cell's text is one run of one `w:t` (python-docx makes no run for "", breaks for \n and \t)."""
    return all(text and "\n" not in text and "\t" not in text for text in map(xml_safe, texts))


def _append_like(table, model, texts: Sequence[str]) -> None:
    """Add a row to `table` that is `model` (a body row's `w:tr`, one run per cell) with other texts."""
    from copy import deepcopy

    from docx.oxml.ns import qn

    row = deepcopy(model)
    for tc, text in zip(row.iterchildren(qn("w:tc")), texts, strict=True):
        (t,) = tc.iter(qn("w:t"))
        t.text = text = xml_safe(text)
        if text != text.strip():  # as python-docx marks it
            t.set(qn("xml:space"), "preserve")
        else:
            t.attrib.pop(qn("xml:space"), None)
    table._tbl.append(row)


def _cell_text(cell, text: str, bold: bool = False) -> None:
    """Centred table text; a header's "\n" is a line break of our choosing (a word is never split by wrapping)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING

    paragraph = cell.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE  # not the body's fixed 28 pt
    for index, line in enumerate(text.split("\n")):
        if index:
            paragraph.runs[-1].add_break()
        _font(add_text(paragraph, line), BODY_FONT, TABLE_SIZE, bold)


# ---------------------------------------------------------------------------
# Writing it beside: a second Python


#: what the second Python runs: the first one's import path first (xlwings may have added to it), then it waits
#: for its job file's name on its standard input (nothing there: no report wanted after all)
_CHILD = ("import json, sys; sys.path[:0] = json.loads(sys.argv[1]); "
          "from xlkit.analysis.report_docx import serve; raise SystemExit(serve())")


def serve() -> int:
    """The second Python: python-docx imported while the first one still reads the ledger, then the job."""
    import docx  # noqa: F401 - imported now, before the plan exists
    import docx.enum.text  # noqa: F401
    import docx.oxml.ns  # noqa: F401
    import docx.shared  # noqa: F401

    name = sys.stdin.buffer.readline().decode("utf-8").strip()
    if not name:
        return 0
    with open(name, encoding="utf-8") as job:
        plan = json.load(job)
    Path(name).unlink(missing_ok=True)  # read: no copy of the cases left in the temp folder, whatever happens next
    return run_job(plan)


class Beside:
    """A second Python started before its report's plan is known, so that its start and its import of
    python-docx (0.1–0.3 s, more on Windows) run on the other core while this one reads and analyses the
    ledger. `start(..., beside=...)` hands it the plan; `close()` lets it end without writing anything."""

    def __init__(self) -> None:
        self.process: subprocess.Popen | None = None
        if _python():
            try:
                self.process = subprocess.Popen(
                    [sys.executable, "-c", _CHILD, json.dumps(sys.path, ensure_ascii=True)],
                    stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                    creationflags=getattr(subprocess, "CREATE_NO_WINDOW", 0))
            except (OSError, ValueError):  # no Python to start: the report is written here
                self.process = None

    def hand_over(self, job: Path) -> subprocess.Popen | None:
        """Send the job file's name; the process now writes the report (None: it is gone, write it here)."""
        process, self.process = self.process, None
        if process is None:
            return None
        try:
            process.stdin.write(str(job).encode("utf-8") + b"\n")
            process.stdin.close()
        except (OSError, ValueError):  # it ended already (a broken pipe): nothing will be written beside
            process.wait()
            return None
        return process

    def close(self) -> None:
        """No report after all (the button failed first): the second Python ends without writing."""
        process, self.process = self.process, None
        if process is not None:
            try:
                process.stdin.close()
            except OSError:
                pass


class Aside:
    """A report being written by a second Python; `finish` gives its path (written here if that failed)."""

    def __init__(self, plan: list, output: Path, sources: tuple[Path, ...], process: subprocess.Popen | None,
                 job: Path | None) -> None:
        self.plan, self.output, self.sources, self.process, self.job = plan, output, sources, process, job
        self.beside = False  # True once the second Python is known to have written it

    def finish(self) -> Path:
        self._end(ASIDE_TIMEOUT)
        if self.beside:
            return self.output
        return write(self.plan, self.output, False, self.sources)

    def cancel(self) -> None:
        """The rest of the button failed: remove what the second Python wrote (as if never begun). It is let
        finish rather than killed, so that no temporary file of its stays beside the ledger."""
        self._end(ASIDE_TIMEOUT)
        if self.beside:
            self.output.unlink(missing_ok=True)
            self.beside = False

    def _end(self, timeout: float) -> None:
        process, self.process = self.process, None
        if process is not None:
            try:
                process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            # written atomically (renamed into place when complete), and the file did not exist before
            self.beside = self.output.is_file()
        if self.job is not None:
            self.job.unlink(missing_ok=True)
            self.job = None


def start(plan: list, output: Path, sources: tuple[Path, ...] = (), beside: Beside | None = None) -> Aside:
    """Begin writing `plan` to `output` (which must not exist) in a second Python, the one started earlier
    (`beside`) or one started now; `finish()` the result."""
    output = Path(output)
    beside = Beside() if beside is None else beside
    process = job = None
    if beside.process is not None and not output.exists():
        try:
            handle, name = tempfile.mkstemp(prefix="xlkit-report-", suffix=".json")
            job = Path(name)
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                json.dump({"plan": plan, "output": str(output), "sources": [str(s) for s in sources]}, out,
                          ensure_ascii=False)
        except (OSError, ValueError, TypeError):  # no temp folder: written here instead
            pass
        else:
            process = beside.hand_over(job)
    beside.close()
    return Aside(plan, output, tuple(Path(s) for s in sources), process, job)


def _python() -> bool:
    """This process runs from a Python executable another Python can be started from (not an embedding host)."""
    return bool(sys.executable) and Path(sys.executable).name.lower().startswith("python") \
        and sys.platform != "emscripten"


def run_job(job: dict[str, Any]) -> int:
    """The second Python's work: 0 when the report is written, 1 otherwise (the first one writes it then)."""
    try:
        write(job["plan"], Path(job["output"]), False, tuple(Path(s) for s in job["sources"]))
    except Exception:  # noqa: BLE001 - the first Python writes it again and reports what is wrong
        return 1
    return 0
