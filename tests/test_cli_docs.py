"""Every command speaks Chinese and is documented in the README (STYLE: sqlite-utils' test_docs)."""

from __future__ import annotations

from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from xlkit.cli import COMMANDS, cli

README = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")


def _commands() -> list[list[str]]:
    found = []
    context = cli.make_context("xlkit", [], resilient_parsing=True)
    for name in COMMANDS:
        command = cli.get_command(context, name)
        assert command is not None, f"xlkit {name} is registered but its module is missing"
        found.append([name])
        for sub in getattr(command, "commands", {}):
            found.append([name, sub])
    return found


def _command(words: list[str]) -> click.Command:
    command = cli.get_command(cli.make_context("xlkit", [], resilient_parsing=True), words[0])
    for word in words[1:]:
        command = command.commands[word]
    return command


@pytest.mark.parametrize("words", _commands(), ids=lambda w: " ".join(w))
def test_every_command_has_chinese_help_and_a_readme_section(words):
    command = _command(words)
    assert (command.help or "").strip(), f"xlkit {' '.join(words)} has no help text"
    silent = [o.opts for o in command.params if isinstance(o, click.Option) and not (o.help or "").strip()]
    assert silent == [], f"xlkit {' '.join(words)}: options without help"
    result = CliRunner().invoke(cli, [*words, "-h"])
    assert result.exit_code == 0, result.output
    assert "Show this message" not in result.output
    assert "用法：" in result.output and "显示本帮助" in result.output
    assert f"xlkit {' '.join(words)}" in README, f"README has no example of xlkit {' '.join(words)}"


def test_version():
    result = CliRunner().invoke(cli, ["--version"])
    assert result.exit_code == 0 and result.output.startswith("xlkit ")


def test_help_does_not_load_the_heavy_libraries():
    """`xlkit -h` and every `xlkit CMD -h` stay quick: no pandas, openpyxl or docxtpl imported for help."""
    import subprocess
    import sys

    script = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from xlkit.cli import COMMANDS, cli\n"
        "CliRunner().invoke(cli, ['-h'])\n"
        "for name in COMMANDS:\n"
        "    CliRunner().invoke(cli, [name, '-h'])\n"
        "heavy = sorted(m for m in ('pandas', 'numpy', 'openpyxl', 'docxtpl', 'docx', 'python_calamine') if m in sys.modules)\n"
        "print(','.join(heavy))\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "", f"help imports {result.stdout.strip()}"
