"""Options and error handling shared by every command (STYLE: sqlite-utils' output_options)."""

from __future__ import annotations

import datetime as dt
import functools
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from xlkit.errors import XlkitError

if TYPE_CHECKING:
    from xlkit.read.ledger import Ledger

T = TypeVar("T")


class FatalError(click.ClickException):
    """The input cannot be used (exit 2): an unreadable ledger, an output that would be overwritten."""

    exit_code = 2

    def __init__(self, message: str, exit_code: int = 2):
        super().__init__(message)
        self.exit_code = exit_code

    def show(self, file=None) -> None:
        click.echo(f"错误：{self.format_message()}", err=True)


#: Dates and periods the options accept: the reader's plausible window (a year 9999 overflows the arithmetic).
DATE_WINDOW = (dt.date(1949, 10, 1), dt.date(2100, 12, 31))
#: Excel's last row: no row number in a --rows selection can be larger.
MAX_ROW = 1_048_576
#: The longest "due within N days" window anyone means (a year and a day).
MAX_WITHIN_DAYS = 366


def _in_window(start: dt.date, end: dt.date, text: str, what: str) -> None:
    low, high = DATE_WINDOW
    if start < low or end > high:
        raise click.BadParameter(f"{what}“{text}”不在 {low.year}—{high.year} 年之间，请核对年份。")


def _parse_today(ctx, param, value: str | None) -> dt.date:
    if value is None:
        return dt.date.today()
    try:
        day = dt.date.fromisoformat(value.strip())
    except ValueError:
        raise click.BadParameter(f"“{value}”不是日期，请写成 YYYY-MM-DD，如 2019-09-30。") from None
    _in_window(day, day, value, "日期")
    return day


def period_callback(kind: str):
    """--month YYYY-MM / --quarter YYYYQn as a kpi Period, its year checked."""

    def callback(ctx, param, value: str | None):
        if value is None:
            return None
        from xlkit.analysis.kpi import Period

        try:
            period = Period.month(value) if kind == "month" else Period.quarter(value)
        except (ValueError, OverflowError) as error:
            raise click.BadParameter(str(error)) from None
        low, high = DATE_WINDOW
        if not low.year <= period.year <= high.year:  # its end, previous and last year's periods must exist
            raise click.BadParameter(f"{'统计月份' if kind == 'month' else '统计季度'}“{value}”不在 "
                                     f"{low.year}—{high.year} 年之间，请核对年份。")
        return period

    return callback


def rows_callback(ctx, param, value: str | None) -> list[int] | None:
    """--rows 5-9 / 5,7,10-12, each row number at most Excel's last row."""
    if value is None:
        return None
    from xlkit.documents.plan import parse_rows

    try:
        return parse_rows(value, MAX_ROW)
    except ValueError as error:
        raise click.BadParameter(str(error)) from None


class _Days(click.ParamType):
    """A number of days from 0 to MAX_WITHIN_DAYS (a huge one overflowed the date arithmetic)."""

    name = "天数"

    def convert(self, value, param, ctx) -> int:
        if isinstance(value, int):
            number = value
        else:
            try:
                number = int(str(value).strip())
            except ValueError:
                self.fail(f"“{value}”不是整数天数，请写成如 7。", param, ctx)
        if not 0 <= number <= MAX_WITHIN_DAYS:
            self.fail(f"天数 {value} 应在 0—{MAX_WITHIN_DAYS} 之间。", param, ctx)
        return number


within_type = _Days()


def today_option(f: Callable) -> Callable:
    return click.option("--today", "today", callback=_parse_today, metavar="YYYY-MM-DD",
                        help="按哪一天判断期限和统计（默认今天）。")(f)


def json_option(f: Callable) -> Callable:
    return click.option("--json", "as_json", is_flag=True, help="以 JSON 输出结果（供脚本使用）。")(f)


def output_option(help_text: str = "输出文件。") -> Callable:
    def decorator(f: Callable) -> Callable:
        return click.option("-o", "--output", type=click.Path(path_type=Path), help=help_text)(f)

    return decorator


def force_option(f: Callable) -> Callable:
    return click.option("--force", is_flag=True, help="输出已存在时覆盖。")(f)


def _remember_sheet(ctx, param, value: str | None) -> None:
    if value is not None:
        ctx.meta["xlkit.sheet"] = value.strip()


def sheet_option(f: Callable) -> Callable:
    """--sheet 表名: which sheet holds the ledger when the workbook has several that look like one."""
    return click.option("--sheet", metavar="表名", callback=_remember_sheet, expose_value=False,
                        help="台账所在的工作表（默认：名为“台账”的表，否则自动找表头最像台账的表）。")(f)


def ledger_argument(f: Callable) -> Callable:
    return sheet_option(click.argument("ledger_path", metavar="台账文件", type=click.Path(path_type=Path))(f))


def handle_errors(f: Callable) -> Callable:
    """The one place the command line catches `XlkitError`: its Chinese message and its exit code, never a
    traceback."""

    @functools.wraps(f)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return f(*args, **kwargs)
        except XlkitError as error:
            raise FatalError(str(error), error.exit_code) from None
        except PermissionError as error:  # e.g. the output is open in Excel, which locks it on Windows
            raise FatalError(f"无法写入“{error.filename2 or error.filename or ''}”：文件被占用或没有写入权限。"
                             "请关闭正在打开它的 Excel/WPS，或用 -o 换一个文件名后重试。") from None
        except OSError as error:  # a full disk, a name too long, a write-protected drive, a folder gone
            from xlkit.output.files import os_error_message

            raise FatalError(os_error_message(error)) from None
        finally:
            prefetch = sys.modules.get("xlkit.read.prefetch")
            if prefetch is not None:  # a read begun and not taken (the command stopped before its ledger)
                prefetch.forget_all()

    return wrapper


def begin_reading(path: Path) -> None:
    """Start reading the ledger sheet on a second core (`xlkit.read.prefetch`) before the command imports
    pandas and the rest (issue 15: a quarter of a second); `load` then takes the rows. First thing a command does."""
    from xlkit.read import prefetch

    context = click.get_current_context(silent=True)
    sheet = context.meta.get("xlkit.sheet") if context is not None else None
    prefetch.start(path, sheet)


def load(path: Path, say_open: bool = True) -> Ledger:
    """Read a ledger for a command (LedgerError is turned into exit 2 by handle_errors). `say_open`: tell the
    clerk on stderr when the ledger is open in a spreadsheet program (R036: unsaved edits are not read);
    `check` lists it with its other findings instead."""
    import gc

    from xlkit.read.ledger import read_ledger

    context = click.get_current_context(silent=True)
    # The console command keeps the collector paused from the read until `keep` has frozen what it made: the
    # reader pauses it itself, but a first pass after it resumed walked every list and tuple made meanwhile
    # (0.09 s of 100,000 rows, issue 15); frozen first, there is nothing young left to walk.
    paused = one_shot and gc.isenabled()
    if paused:
        gc.disable()
    try:
        ledger = keep(read_ledger(path, context.meta.get("xlkit.sheet") if context is not None else None))
    finally:
        if paused:
            gc.enable()
    if say_open:
        say_open_elsewhere(ledger)
    return ledger


#: what reading found that changes what every command's result covers: the ledger open in a spreadsheet
#: program (unsaved edits not read), sheets a month of which only one was read
_SAID_BY_EVERY_COMMAND = ("R036", "R037")


def say_open_elsewhere(ledger: Ledger, codes: tuple[str, ...] = _SAID_BY_EVERY_COMMAND) -> None:
    for finding in ledger.findings:
        if finding.code in codes:
            click.echo(f"注意：{finding.message}{finding.hint}", err=True)


#: Set by the console entry point (`xlkit.cli.main`): this process runs one command and leaves with os._exit.
one_shot = False


def keep(value: T) -> T:
    """Hold a command's big result (a ledger, its findings, a pack) until the process ends.

    The console command leaves with os._exit (`xlkit.cli._leave`); without this, the result would be freed
    object by object as the command's frame unwinds: 0.03 s for 20,000 rows, 0.2 s for 100,000 (issue 15).
    It is kept in the click context's shared `meta`, so a test's CliRunner frees it with the context.

    In the console command the result's million objects are also put out of the cycle collector's sight
    (`gc.freeze`): it walked all of them again in each of its passes over the rest of the command (0.03 s of
    a 20,000-row check). Nothing frozen is collected as a cycle, which a process that ends next can afford.
    """
    context = click.get_current_context(silent=True)
    if context is not None:
        context.meta.setdefault("xlkit.kept", []).append(value)
    if one_shot:
        import gc

        gc.freeze()
    return value


def echo_json(data: dict[str, Any]) -> None:
    """Print a JSON document with one list item a line.

    json's indent= switches to its pure-Python encoder (0.7 s for 5,000 findings); encoding each item with the
    C encoder and writing in chunks keeps the output readable and streams big results (issue 15).
    """
    encode = json.JSONEncoder(ensure_ascii=False, default=_json_default).encode
    lines = ["{"]
    last = len(data) - 1
    for index, (key, value) in enumerate(data.items()):
        comma = "," if index < last else ""
        if isinstance(value, list) and value:
            lines.append(f"  {encode(key)}: [")
            end = len(value) - 1
            for position, item in enumerate(value):
                lines.append(f"    {encode(item)}{',' if position < end else ''}")
                if len(lines) >= 2000:
                    click.echo("\n".join(lines))
                    lines = []
            lines.append(f"  ]{comma}")
        else:
            lines.append(f"  {encode(key)}: {encode(value)}{comma}")
    lines.append("}")
    click.echo("\n".join(lines))


def _json_default(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Path):
        return str(value)
    raise TypeError(type(value).__name__)


def row_and_case(row: int, case_id: str | None, gap: str = "  ") -> str:
    """“第5行  案件 2019-003” in a console line (`gap` between the parts); a ledger without case numbers names
    each case by its row (“第5行”), said once (“第5行”, not “第5行  案件 第5行”)."""
    where = f"第{row}行"
    if not case_id:
        return f"{where}{gap}（无编号）"
    if str(case_id) == where:
        return where
    return f"{where}{gap}案件 {case_id}" if gap == "  " else f"{where}{gap}{case_id}"
