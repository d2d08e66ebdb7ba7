"""The command line: a thin door over the library (DESIGN §8).

Commands live one per module and are imported only when run, so `xlkit --help` and the Excel
buttons' batch files start fast.
"""

from __future__ import annotations

import importlib
import sys

import click

from xlkit import __version__

HELP_TEXT = "显示本帮助。"

#: command name → "module:function" (modules under xlkit.cli)
COMMANDS: dict[str, str] = {
    "template": "ledger_cmds:template",
    "init": "ledger_cmds:init",
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
    HEADINGS = {"Options": "选项", "Commands": "命令", "Arguments": "参数"}

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, prefix="用法：")

    def write_heading(self, heading: str) -> None:
        super().write_heading(self.HEADINGS.get(heading, heading))


class ChineseContext(click.Context):
    formatter_class = ChineseHelpFormatter


class LazyGroup(click.Group):
    """Imports a command's module only when that command is used (or help lists it)."""

    context_class = ChineseContext

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

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
    option = command.get_help_option(ctx)
    if option is not None:
        option.help = HELP_TEXT
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            _localise(sub, ctx)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
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
    cli(prog_name="xlkit")


if __name__ == "__main__":
    main()
