"""A documents run (DESIGN §6): plan what each case's data allows, render it, write the run's list `生成清单.xlsx`.

The pieces: `catalog` (each kind's facts), `plan` (what each case gets), `context` (what its documents
print), `placeholders` (the names and values a template may use), `render` (prepared templates),
`lint` (the template check), `pdf` (conversion). The Excel button calls `generate()`; docxtpl, jinja2
and XlsxWriter are imported only when used.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from xlkit.documents.catalog import CATALOG, TEMPLATE_DIR, DocKind
from xlkit.documents.context import case_context, kind_context, settings_context
from xlkit.documents.lint import TemplateProblems, check_templates
from xlkit.documents.plan import (
    FAILED,
    MADE,
    SKIPPED,
    Planned,
    load_cases,
    plan_cases,
    resolve_kinds,
    select_rows,
)
from xlkit.documents.render import PreparedTemplate, prepare
from xlkit.output.files import OutputExists, put_stream
from xlkit.read.ledger import Ledger
from xlkit.schema import header

LIST_NAME = "生成清单"


@dataclass
class DocsRun:
    out_dir: Path
    items: list[Planned] = field(default_factory=list)
    list_path: Path | None = None
    seconds: float = 0.0

    @property
    def made(self) -> list[Planned]:
        return [i for i in self.items if i.status == MADE]

    @property
    def skipped(self) -> list[Planned]:
        return [i for i in self.items if i.status == SKIPPED]

    @property
    def failed(self) -> list[Planned]:
        return [i for i in self.items if i.status == FAILED]

    @property
    def exit_code(self) -> int:
        """DESIGN §6: 0 when everything the data allows was made, 1 when a document failed."""
        return 1 if self.failed else 0


Progress = Callable[[int, int], None]

#: below this many documents a second process costs more than it saves (a spawned Windows worker
#: re-imports pandas and re-prepares the templates, a forked Linux one starts ready)
POOL_THRESHOLD = 150 if sys.platform.startswith("linux") else 600


def generate(ledger: Ledger, out_dir: Path, case_ids: Iterable[str] | None = None, rows: Iterable[int] | None = None,
             kinds: Iterable[str | DocKind] | None = None, force: bool = False, today: dt.date | None = None,
             progress: Progress | None = None, template_dir: Path | None = None,
             workers: int | None = None) -> DocsRun:
    """Make the documents the selected cases' data allows; write `生成清单.xlsx`; return what happened.

    Raises SelectionError for a selection naming nothing, TemplateProblems when a template needed is
    unusable (before anything is written). `progress(done, total)` is called as documents are written.
    `workers`: processes to use (default: 2 on a multi-core machine for large runs, else 1).
    """
    started = time.perf_counter()
    today = today or dt.date.today()
    out_dir = Path(out_dir)
    if out_dir.exists() and not out_dir.is_dir():
        raise OutputExists(f"输出位置“{out_dir}”是一个文件，不是文件夹。请用 -o 指定一个文件夹。")
    template_dir = Path(template_dir or TEMPLATE_DIR)
    chosen = resolve_kinds(kinds)
    selected = select_rows(ledger, case_ids, rows)
    problems = check_templates(template_dir, chosen)
    if problems:
        raise TemplateProblems(problems)

    cases = load_cases(ledger, selected, today)
    base = settings_context(ledger, today)
    base["_today"] = today
    # the 卷内目录 lists what the case's data allows, whichever kinds this run makes
    listing = {case.row: [p.kind for p in entries if p.status == MADE]
               for case, entries in plan_cases(ledger, cases, list(CATALOG), None, True)}
    planned = plan_cases(ledger, cases, chosen, out_dir, force)

    jobs: list[tuple[str, dict[str, Any], str]] = []
    targets: list[Planned] = []
    for case, entries in planned:
        todo = [p for p in entries if p.status == MADE]
        if not todo:
            continue
        context = case_context(ledger, case, base, listing[case.row])
        for entry in todo:
            jobs.append((str(template_dir / entry.kind.template), kind_context(context, entry.kind, case.values, today),
                         str(entry.path)))
            targets.append(entry)

    errors = _run_jobs(jobs, progress, workers)
    for entry, error in zip(targets, errors, strict=True):
        if error:
            entry.status, entry.reason, entry.cause = FAILED, error, "failed"
    run = DocsRun(out_dir, [p for _, entries in planned for p in entries])
    if run.items:
        run.list_path = write_list(run, ledger, force)
    run.seconds = time.perf_counter() - started
    return run


#: template path → prepared template for the current run (filled before rendering; forked workers inherit it)
_RUN_TEMPLATES: dict[str, PreparedTemplate] = {}


def _render_job(job: tuple[str, dict[str, Any], str]) -> str | None:
    template, context, path = job
    try:
        prepared = _RUN_TEMPLATES.get(template)
        if prepared is None:
            prepared = _RUN_TEMPLATES[template] = prepare(Path(template))
        prepared.write(context, Path(path))
    except PermissionError:
        return f"无法写入“{path}”：文件被占用（可能正在 Word/WPS 中打开）或没有写入权限。请关闭后重试。"
    except OSError as error:
        return f"写入“{path}”失败：{error.strerror or error}。"
    except Exception as error:  # noqa: BLE001 - one broken document must not stop the others
        return f"生成失败：{type(error).__name__}: {error}"
    return None


def _render_chunk(jobs: list[tuple[str, dict[str, Any], str]]) -> list[str | None]:
    return [_render_job(job) for job in jobs]


def _run_jobs(jobs, progress: Progress | None, workers: int | None) -> list[str | None]:
    total = len(jobs)
    _RUN_TEMPLATES.clear()
    for template in {job[0] for job in jobs}:  # once per run: a template edited since is picked up
        _RUN_TEMPLATES[template] = prepare(Path(template))
    if workers is None:
        workers = 2 if total >= POOL_THRESHOLD and (os.cpu_count() or 1) > 1 else 1
    if workers <= 1 or total < 2:
        errors = []
        for done, job in enumerate(jobs, 1):
            errors.append(_render_job(job))
            if progress:
                progress(done, total)
        return errors
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    method = "fork" if sys.platform.startswith("linux") else None
    context = multiprocessing.get_context(method)
    size = max(1, min(50, total // (workers * 8) or 1))
    chunks = [jobs[i:i + size] for i in range(0, total, size)]
    errors: list[str | None] = []
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        for chunk_errors in pool.map(_render_chunk, chunks):
            errors.extend(chunk_errors)
            if progress:
                progress(len(errors), total)
    return errors


# ---------------------------------------------------------------------------
# The run's list


LIST_HEADERS = ("台账行", header("case_id"), header("petitioner"), "文书", "状态", "原因/缺少字段", "说明", "文件")


def _free_list_path(out_dir: Path, force: bool = False) -> Path:
    path = out_dir / f"{LIST_NAME}.xlsx"
    number = 2
    while path.exists() and not force:
        path = out_dir / f"{LIST_NAME}-{number}.xlsx"
        number += 1
    return path


#: Printed landscape, one page wide: the 193 characters of the old widths ran over three pages across in portrait,
#: and a 联名 信访人 was cut off at 10 characters by the 文书 beside it; the names, reasons, notes and paths wrap.
LIST_WIDTHS = (7, 12, 24, 28, 6, 34, 24, 44)
LIST_WRAPPED = (2, 3, 5, 6, 7)
LIST_FILLS = {SKIPPED: "#FFF2CC", FAILED: "#F8CBAD"}


def write_list(run: DocsRun, ledger: Ledger, force: bool = False) -> Path:
    """`生成清单.xlsx` in the output folder (an existing one is kept unless force: the new list gets `-2`, `-3` …).

    Written with XlsxWriter, as openpyxl wrote it (bold header row repeated on each printed page, the
    status shaded, pages numbered): a 生成文书 click then never imports openpyxl (0.06 s).
    """
    import xlsxwriter

    from xlkit.output.files import atomic_write, report_properties, require_xlsx
    from xlkit.output.layout import text_width
    from xlkit.output.xlsx_stream import fit_to_width, quick_packing, row_height

    quick_packing()  # (as every workbook xlkit writes with XlsxWriter)

    def write(temp: Path) -> None:
        workbook = xlsxwriter.Workbook(str(temp), {"strings_to_formulas": False, "strings_to_numbers": False,
                                                   "strings_to_urls": False, "in_memory": True})
        workbook.set_properties(report_properties(LIST_NAME))
        try:
            sheet = workbook.add_worksheet(LIST_NAME)
            bold = workbook.add_format({"bold": True})
            # the row number centred: right-aligned against a left-aligned 案件编号 it printed as 32018-001
            centred = workbook.add_format({"align": "center", "valign": "top"})
            top = workbook.add_format({"valign": "top"})
            wrapped = workbook.add_format({"valign": "top", "text_wrap": True})
            fills = {status: workbook.add_format({"pattern": 1, "bg_color": colour, "valign": "top"})
                     for status, colour in LIST_FILLS.items()}
            looks = [centred, top, wrapped, wrapped, top, wrapped, wrapped, wrapped]
            widths = list(LIST_WIDTHS)
            # a 案件编号 never wraps: its column as wide as the longest (开综治〔2019〕107-3号 ran into 信访人)
            widths[1] = min(max([widths[1], *(text_width(i.case_id) + 2 for i in run.items if i.case_id)]), 30)
            for c, width in enumerate(widths):
                sheet.set_column_pixels(c, c, round(width * 7))  # the width="…" openpyxl wrote
            for c, title in enumerate(LIST_HEADERS):
                put_stream(sheet, 0, c, title, bold)
            for r, item in enumerate(run.items, start=1):
                path = item.path.relative_to(run.out_dir).as_posix() if item.path and item.status == MADE else ""
                values = (item.row, item.case_id, item.petitioner, item.kind.name, item.status, item.reason, item.note,
                          path)
                height = row_height([v if c in LIST_WRAPPED else None for c, v in enumerate(values)], widths,
                                    ascii_width=1.0)  # Calibri, the book's own font
                if height is not None:
                    sheet.set_row(r, height)
                for c, value in enumerate(values):
                    if value is not None and value != "":  # an empty text is an empty cell, as openpyxl wrote it
                        put_stream(sheet, r, c, value, fills.get(item.status, top) if c == 4 else looks[c])
            sheet.freeze_panes(1, 0)
            sheet.autofilter(0, 0, len(run.items), len(LIST_HEADERS) - 1)
            sheet.repeat_rows(0)
            fit_to_width(sheet)  # A4 landscape, one page wide, pages numbered
        finally:
            workbook.close()

    path = _free_list_path(run.out_dir, force)
    return atomic_write(require_xlsx(path), write, force, (ledger.path,))
