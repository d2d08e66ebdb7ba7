"""The console speaks Chinese: click's own messages (typo, missing argument, bad value) have no English words."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from xlkit.cli import COMMANDS, cli
from xlkit.cli.zh import display_width

EXAMPLE = "examples/示例台账.xlsx"
#: What may stay in Latin letters: the program, its commands and options, and date patterns.
ALLOWED = {"xlkit", "YYYY", "MM", "DD", "xlsx", "xls", *COMMANDS}


def english_words(text: str, typed: list[str]) -> list[str]:
    """Latin words click wrote (not the program's names, not what the user typed)."""
    words = re.findall(r"(?<![-\w./])[A-Za-z]{2,}(?![\w.])", re.sub(r"--?[a-z][a-z-]*", " ", text))
    return [w for w in words if w not in ALLOWED and not any(w in arg for arg in typed)]


@pytest.mark.parametrize("args", [
    ["chek", EXAMPLE],                                   # a typo in the command
    ["dossier", "chek"],
    ["check"],                                           # a missing argument
    ["explain", EXAMPLE],
    ["check", EXAMPLE, "--today", "2019-13-45"],         # a bad date
    ["overdue", EXAMPLE, "--within", "abc"],             # a bad number
    ["check", EXAMPLE, "--bogus"],                       # an unknown option
    ["check", "不存在的台账.xlsx"],                        # a file that is not there
])
def test_click_errors_are_in_chinese(args):
    result = CliRunner().invoke(cli, args, prog_name="xlkit")
    assert result.exit_code == 2, result.output
    assert "错误" in result.output
    assert not english_words(result.output, args), result.output


def test_a_typo_names_the_command_meant():
    result = CliRunner().invoke(cli, ["chek", EXAMPLE], prog_name="xlkit")
    assert "您是不是要用 check？" in result.output


def test_usage_line_is_chinese():
    result = CliRunner().invoke(cli, ["check", "-h"], prog_name="xlkit")
    assert result.output.startswith("用法：xlkit check [选项] 台账文件")
    assert "Options" not in result.output and "Usage" not in result.output


@pytest.mark.parametrize("command", ["", *COMMANDS])
def test_help_fits_80_columns_with_options_aligned(command):
    result = CliRunner().invoke(cli, [*command.split(), "-h"], prog_name="xlkit")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert max(display_width(line) for line in lines) <= 80, result.output
    # every option's help starts in the same terminal column (a Chinese metavar counts two)
    columns = {display_width(match.group(1)) for line in lines
               if line.startswith("  -") and (match := re.match(r"(\s+\S.*?\s{2,})\S", line))}
    assert len(columns) <= 1, result.output


@pytest.mark.parametrize("args", [
    ["check", EXAMPLE, "--today", "2021-01-15"],
    ["overdue", EXAMPLE, "--today", "2021-01-15", "--within", "30"],
    ["explain", EXAMPLE, "2019-050", "--today", "2021-01-15"],
])
def test_every_output_line_fits_80_columns(args):
    result = CliRunner().invoke(cli, args, prog_name="xlkit")
    assert result.exit_code in (0, 1), result.output
    wide = [line for line in result.output.splitlines() if display_width(line) > 80]
    assert not wide, wide[:3]
    assert len(result.output.splitlines()) > 10


def test_a_long_message_wraps_under_its_label():
    from xlkit.cli.zh import fit_line

    line = "      问题：" + "受理告知书送达日期早于受理日期，" * 6
    lines = fit_line(line).split("\n")
    assert len(lines) > 1 and all(display_width(x) <= 80 for x in lines)
    assert all(x.startswith(" " * 12) for x in lines[1:])  # under the text after “问题：”


@pytest.mark.parametrize("width", range(8, 41))
def test_wrapped_lines_never_start_with_a_closing_mark_or_end_with_an_opening_one(width):
    from xlkit.cli.zh import wrap

    text = ("台账：台账.xlsx（工作表“台账”，7 件案件，校验基准日 2019年12月31日）。问题：“受理告知书送达日期”"
            "早于“受理日期”；请核对《受理告知书》的送达回证！")
    lines = wrap(text, width)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")  # nothing lost, nothing added
    assert all(display_width(line) <= width for line in lines)
    assert not [line for line in lines if line[0] in "，。、；：？！）”》"], lines
    assert not [line for line in lines if line[-1] in "（“《"], lines


@pytest.mark.parametrize("group", ["", "excel", "dossier"])
def test_every_command_listed_in_help_says_what_it_does(group):
    """click cuts a command's line at the words between spaces: a long Chinese first sentence (no spaces)
    was listed as “...”, and “shortcuts” was cut in the middle of a word."""
    result = CliRunner().invoke(cli, [*group.split(), "-h"], prog_name="xlkit")
    assert result.exit_code == 0, result.output
    listing = result.output.split("命令：\n", 1)[1]
    entries = re.findall(r"^  (\w+) +(\S.*(?:\n {5,}\S.*)*)", listing, re.MULTILINE)
    assert len(entries) >= 2, listing
    for name, text in entries:
        text = "".join(part.strip() for part in text.splitlines())
        assert "..." not in text and text.endswith(("。", "）", "……", "）。")), (name, text)
        assert len(text) >= 4, (name, text)
    assert "columns    列出台账每一列是怎么认出来的。" in listing or group
