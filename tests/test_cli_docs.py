"""Every command speaks Chinese and is documented in the README (STYLE: sqlite-utils' test_docs)."""

from __future__ import annotations

from pathlib import Path

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


@pytest.mark.parametrize("words", _commands(), ids=lambda w: " ".join(w))
def test_every_command_has_chinese_help_and_a_readme_section(words):
    result = CliRunner().invoke(cli, [*words, "-h"])
    assert result.exit_code == 0, result.output
    assert "Show this message" not in result.output
    assert "用法：" in result.output and "显示本帮助" in result.output
    assert f"xlkit {' '.join(words)}" in README, f"README has no example of xlkit {' '.join(words)}"


def test_version():
    result = CliRunner().invoke(cli, ["--version"])
    assert result.exit_code == 0 and result.output.startswith("xlkit ")
