"""`xlkit holidays`: read the State Council's 放假安排 notice (DESIGN §3: the calendar is data)."""

from __future__ import annotations

from pathlib import Path

import click

from xlkit.cli.options import echo_json, force_option, handle_errors, json_option, output_option


def _year(value: int | None) -> int | None:
    if value is not None and not 2000 <= value <= 2100:
        raise click.BadParameter(f"年份“{value}”不对，请写四位年份，如 2027。")
    return value


@click.command(help="读取国务院办公厅放假安排通知（从政府网站复制、存为 .txt 的全文），列出当年每个休息日和调休上班日。\n\n"
                    "可一次给出几份通知，后面的通知修改前面的（如 2020 年延长春节假期的通知放在当年通知之后）。"
                    "有看不懂的句子时整份拒绝并引出原句，不会只读一半。\n\n"
                    "-o 生成可直接粘贴到“设置”表“节假日调整”一栏的行；在 Excel 里也可以点“节假日调整”按钮直接写入。\n\n"
                    "退出码：0 已读出；2 通知无法完全读懂或文件无法读取。")
@click.argument("notices", metavar="通知.txt…", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--year", type=int, metavar="YYYY", callback=lambda ctx, param, value: _year(value),
              help="通知所属年份（只在复制时没有带标题、各条里也没写年份时需要）。")
@json_option
@output_option("把需要补录的日期另存为工作簿（如 节假日调整.xlsx），可整块粘贴到“设置”表。")
@force_option
@click.help_option("-h", "--help", help="显示本帮助。")
@handle_errors
def holidays(notices: tuple[Path, ...], year: int | None, as_json: bool, output: Path | None, force: bool) -> None:
    from xlkit.deadlines.notice import read_schedule

    schedule = read_schedule(notices, year)  # a NoticeError is the clerk's to fix: exit 2 with the line quoted
    if output is not None:
        from xlkit.output.holiday_rows import write_holiday_rows

        write_holiday_rows(schedule, output, force=force)
    if as_json:
        echo_json(schedule.as_json())
        return
    click.echo("已读取：" + "、".join(f"{n.source}（{n.year} 年）" for n in schedule.notices))
    for line in schedule.summary():
        click.echo("  " + line)
    for notice in schedule.notices:
        for note in notice.notes:
            click.echo(f"  说明：{note}")
    rows = len(schedule.settings_rows())
    if output is not None:
        click.echo(f"“设置”表“节假日调整”需要补录的 {rows} 行已另存为：{output}")
    else:
        click.echo(f"“设置”表“节假日调整”需要补录 {rows} 行：加 -o 节假日调整.xlsx 生成可粘贴的行，"
                   "或在 Excel 里点“节假日调整”按钮直接写入。")
