"""`xlkit template` and `xlkit init`: the official ledger template, and a new ledger made from it."""

from __future__ import annotations

from pathlib import Path

import click

from xlkit.cli.options import FatalError, force_option, handle_errors, output_option

DEFAULT_TEMPLATE = "ledger_template.xlsx"


def _check_suffix(path: Path) -> None:
    if path.suffix.lower() != ".xlsx":
        raise FatalError(f"“{path.name}”的扩展名不是 .xlsx。台账模板只能保存为 .xlsx 文件，请改用如“台账.xlsx”的文件名。")


@click.command(help="按 schema 生成标准台账模板（台账、说明、字典、设置、工作日历、校验标记）。\n\n"
                    "例：xlkit template -o 台账模板.xlsx")
@output_option(f"模板保存到哪个文件（默认当前文件夹下的 {DEFAULT_TEMPLATE}）。")
@force_option
@click.help_option("-h", "--help", help="显示本帮助。")
@handle_errors
def template(output: Path | None, force: bool) -> None:
    from xlkit.template.builder import write_template

    path = Path(output or DEFAULT_TEMPLATE)
    _check_suffix(path)
    write_template(path, force=force)
    click.echo(f"已生成台账模板：{path}")


@click.command(help="用标准模板新建一本空台账（已有文件不会被覆盖，除非加 --force）。\n\n"
                    "例：xlkit init 2019年信访台账.xlsx --office 开江县城乡环境综合治理办公室")
@click.argument("path", metavar="新台账文件", type=click.Path(path_type=Path))
@click.option("--office", metavar="单位名称", help="写入“设置”表的单位名称，也用作台账标题（默认用模板里的单位名称）。")
@force_option
@click.help_option("-h", "--help", help="显示本帮助。")
@handle_errors
def init(path: Path, office: str | None, force: bool) -> None:
    from xlkit.template.builder import write_template

    _check_suffix(path)
    if path.is_dir():
        raise FatalError(f"“{path}”是文件夹。请给出新台账的文件名，如 {path / '台账.xlsx'}。")
    if path.exists() and not force:
        raise FatalError(f"“{path}”已存在，没有覆盖（新建台账不会覆盖已有台账）。请换一个文件名；"
                         "确实要用空白模板替换它时加 --force。")
    write_template(path, force=force, settings={"office_name": office} if office else None)
    click.echo(f"已新建台账：{path}\n从“台账”表第 3 行起逐件填写；填写方法见“说明”表。")
