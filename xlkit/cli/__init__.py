"""The command line: a thin door over the library (DESIGN §8).

Commands live one per module and are imported only when run, so `xlkit --help` and the Excel
buttons' batch files start fast.
"""

from __future__ import annotations

import importlib
import sys

import click

from xlkit import __version__
from xlkit.cli import zh

zh.install()

HELP_TEXT = "显示本帮助。"
OPTIONS_METAVAR, SUBCOMMAND_METAVAR = "[选项]", "命令 [参数]..."

#: command name → "module:function" (modules under xlkit.cli)
COMMANDS: dict[str, str] = {
    "template": "ledger_cmds:template",
    "init": "ledger_cmds:init",
    "columns": "columns_cmd:columns",
    "import": "import_cmd:import_ledger",
    "check": "check_cmds:check",
    "overdue": "check_cmds:overdue",
    "explain": "check_cmds:explain",
    "holidays": "holidays_cmd:holidays",
    "docs": "docs_cmds:docs",
    "monthly": "meeting_cmds:monthly",
    "quarterly": "meeting_cmds:quarterly",
    "merge": "meeting_cmds:merge",
    "review": "review_cmds:review",
    "dossier": "review_cmds:dossier",
    "excel": "excel_cmds:excel",
    "demo": "demo_cmd:demo",
}


class ChineseHelpFormatter(click.HelpFormatter):
    """click's help layout measured in terminal columns (a Chinese character takes two), so the option
    column lines up and no line is wider than the screen."""

    HEADINGS = {"Options": "选项", "Commands": "命令", "Arguments": "参数"}

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, prefix="用法：")

    def write_heading(self, heading: str) -> None:
        self.write(f"{'':>{self.current_indent}}{self.HEADINGS.get(heading, heading)}：\n")

    def write_text(self, text: str) -> None:
        indent = " " * self.current_indent
        width = max(self.width - self.current_indent, 20)
        paragraphs = text.split("\n\n")
        for number, paragraph in enumerate(paragraphs):
            if paragraph.startswith("\b"):  # click's mark for a block whose line breaks are kept
                lines = [part for line in paragraph.splitlines()[1:] for part in zh.wrap(line, width)]
            else:
                lines = zh.wrap(" ".join(line.strip() for line in paragraph.splitlines()), width)
            for line in lines:
                self.write(f"{indent}{line}\n")
            if number < len(paragraphs) - 1:
                self.write("\n")

    def write_dl(self, rows, col_max: int = 30, col_spacing: int = 2) -> None:
        rows = list(rows)
        first = min(max((zh.display_width(term) for term, _ in rows), default=0), col_max) + col_spacing
        indent = " " * self.current_indent
        text_width = max(self.width - first - self.current_indent, 20)
        for term, text in rows:
            self.write(f"{indent}{term}")
            if not text:
                self.write("\n")
                continue
            pad = first - zh.display_width(term)
            self.write(" " * pad if pad >= col_spacing else "\n" + indent + " " * first)
            lines = zh.wrap(" ".join(text.split()), text_width)
            self.write(lines[0] + "\n")
            for line in lines[1:]:
                self.write(f"{indent}{' ' * first}{line}\n")


class ChineseContext(click.Context):
    formatter_class = ChineseHelpFormatter


class LazyGroup(click.Group):
    """Imports a command's module only when that command is used (or help lists it)."""

    context_class = ChineseContext

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def resolve_command(self, ctx: click.Context, args: list[str]):
        """An unknown command names the closest one: “没有“chek”这个命令。您是不是要用 check？”."""
        name = args[0] if args else ""
        if name and name not in COMMANDS and not name.startswith("-"):
            import difflib

            close = difflib.get_close_matches(name, COMMANDS, n=1, cutoff=0.5)
            hint = f"您是不是要用 {close[0]}？" if close else "运行 xlkit -h 查看全部命令。"
            ctx.fail(f"没有“{name}”这个命令。{hint}")
        return super().resolve_command(ctx, args)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None:
            return None
        module_name, attribute = target.split(":")
        module = importlib.import_module(f"{__name__}.{module_name}")
        command = getattr(module, attribute)
        _localise(command, ctx)
        return command


def _localise(command: click.Command, ctx: click.Context) -> None:
    """Chinese help headings, and -h/--help described in Chinese (click caches the option object)."""
    command.context_class = ChineseContext
    command.options_metavar = OPTIONS_METAVAR
    if command.short_help is None and command.help:
        command.short_help = zh.short_help(command.help)
    if isinstance(command, click.Group):
        command.subcommand_metavar = SUBCOMMAND_METAVAR
    option = command.get_help_option(ctx)
    if option is not None:
        option.help = HELP_TEXT
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            _localise(sub, ctx)


@click.group(cls=LazyGroup, options_metavar=OPTIONS_METAVAR, subcommand_metavar=SUBCOMMAND_METAVAR,
             context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 80})
@click.version_option(__version__, "-V", "--version", prog_name="xlkit", message="%(prog)s %(version)s", help="显示版本号。")
@click.help_option("-h", "--help", help=HELP_TEXT)
def cli() -> None:
    """xlkit：信访工作台账工具。

    校验台账、到期提醒、生成文书、月度调度、季度分析、合并股室台账、审核与卷宗。
    每个命令都可加 -h 查看用法，例如：xlkit check -h
    """


def main() -> None:
    # A Windows console in GBK cannot print 𠮷: replace what it cannot show instead of crashing.
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")
    from xlkit.cli import options

    options.one_shot = True
    try:
        cli(prog_name="xlkit")
    except SystemExit as done:  # click ends every command so, with its exit code
        _leave(done.code)
    _leave(0)


def _leave(code: object) -> None:
    """End the process once the command's files are written and closed, without tearing down every object.

    Freeing a read ledger object by object at exit cost 0.04–0.08 s on 20,000 rows (issue 15), after the clerk's
    result was already complete. Every output is written and closed inside the command (atomic writes, `with`
    blocks), so only the console streams are left to flush. A code click gives as text (not a number) is
    printed, as `sys.exit` would.
    """
    import os

    if code is not None and not isinstance(code, int):
        print(code, file=sys.stderr)
        code = 1
    for stream in (sys.stdout, sys.stderr):
        if stream is None:  # started with the stream closed (xlkit ... >&-): Python gives None
            continue
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe (xlkit check --json | head): nothing left to say
            pass
    os._exit(code or 0)


if __name__ == "__main__":
    main()
