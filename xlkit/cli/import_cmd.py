"""`xlkit import`: convert an office's own ledger into the official template (issue 11)."""

from __future__ import annotations

from pathlib import Path

import click

from xlkit.cli.options import FatalError, force_option, handle_errors, ledger_argument


@click.command(help="把本单位原有的台账转成标准台账模板：认出的列填进“台账”表，日期、取值按读出的写法；"
                    "认不出的列放进“原表其他列”表，一件一行，什么都不丢；“导入说明”表列出各列对应关系和每个改变了写法的值。"
                    "字典、设置和期限公式用模板的。不会改写原台账。\n\n"
                    "例：xlkit import 旧台账.xlsx -o 标准台账.xlsx")
@ledger_argument
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True,
              help="标准台账保存到哪个文件（.xlsx），如 标准台账.xlsx。")
@force_option
@click.help_option("-h", "--help", help="显示本帮助。")
@handle_errors
def import_ledger(ledger_path: Path, output: Path, force: bool) -> None:
    from xlkit.read.importer import describe
    from xlkit.read.importer import import_ledger as run_import

    if output.suffix.lower() != ".xlsx":
        raise FatalError(f"“{output.name}”的扩展名不是 .xlsx。标准台账只能保存为 .xlsx 文件，请改用如“标准台账.xlsx”的文件名。")
    result = run_import(ledger_path, output, force=force)
    for line in describe(result):
        click.echo(line)
    click.echo(f"下一步：xlkit check {output}")
