"""`xlkit columns`: how xlkit understood a ledger's sheet, header row and every column (issue 11)."""

from __future__ import annotations

from pathlib import Path

import click

from xlkit.cli.options import begin_reading, force_option, handle_errors, ledger_argument, load


@click.command(help="列出台账每一列是怎么认出来的：选用的工作表和表头行、每个表头读作哪一列、按哪个别名或表头对照认出，"
                    "认不出或含义不明确的列及其最像的标准列。\n\n"
                    "加 --write 在台账旁生成“表头对照.xlsx”（已填好认出的列），改好后放在台账旁，"
                    "xlkit 的每个命令都按它读台账。\n\n"
                    "例：xlkit columns 信访登记.xlsx --write")
@ledger_argument
@click.option("--write", "write", is_flag=True, help="在台账旁生成“表头对照.xlsx”供本单位修改。")
@click.option("-o", "--output", type=click.Path(path_type=Path),
              help="表头对照保存到哪个文件（默认台账旁的“表头对照.xlsx”）；只和 --write 一起用。")
@force_option
@click.help_option("-h", "--help", help="显示本帮助。")
@handle_errors
def columns(ledger_path: Path, write: bool, output: Path | None, force: bool) -> None:
    begin_reading(ledger_path)
    from xlkit.read.understanding import print_lines, write_mapping

    ledger = load(ledger_path)
    for line in print_lines(ledger):
        click.echo(line)
    notes = [f for f in ledger.findings if f.code in ("R007", "R008", "R009", "R010")]
    if notes:
        click.echo("")
        for finding in notes:
            click.echo(f"{finding.severity.value}：{finding.message}")
    if write:
        path = write_mapping(ledger, output, force=force)
        click.echo("")
        click.echo(f"已生成表头对照：{path}\n请在“标准列”里补上认不出的列（或填“不读取”），在下表把本单位的取值对应到标准值，"
                   "保存后再运行 xlkit 的命令。")
