"""`xlkit monthly`, `xlkit quarterly`, `xlkit merge`: the meeting outputs (DESIGN §7, §8)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from xlkit.cli.options import (
    FatalError,
    begin_reading,
    echo_json,
    force_option,
    handle_errors,
    json_option,
    keep,
    output_option,
    period_callback,
    say_open_elsewhere,
    today_option,
    within_type,
)

ledgers_argument = click.argument("ledger_paths", metavar="台账文件…", nargs=-1, required=True,
                                  type=click.Path(path_type=Path))


def _read(paths: tuple[Path, ...]):
    from xlkit.analysis.merge import read_many

    ledger, merged = keep(read_many(list(paths)))
    for one in merged.ledgers if merged is not None else (ledger,):
        say_open_elsewhere(one, ("R036",))  # (R037's sheets are read here, with the one it names)
    if merged is not None:
        for note in merged.skipped:
            click.echo(f"  {note}", err=True)
        click.echo(f"已在内存中合并 {merged.what_was_read()}：{merged.cases} 件。", err=True)
        if merged.conflicts:
            click.echo(f"  注意：有 {len(merged.conflicts)} 处冲突（同一案件编号内容不同），统计取首个文件的值；"
                       "可用“xlkit merge”生成合并台账查看“合并冲突”表。", err=True)
    return ledger


@click.command(help="""月度调度：生成“月度调度_YYYY-MM.xlsx”。

\b
按责任股室列出各项指标及是否达标，本月新增、受理、答复、化解和累计数，
超期、临期环节，受理满60日未息访和反弹的案件（缺原因分析、下步措施的标红），
审核需整改未完成的案件及已过天数，重点案件；加 --previous 时列出较上月的变化。
给出多个台账文件（各股室的表）时先在内存中合并再统计。""")
@ledgers_argument
@click.option("--month", callback=period_callback("month"), metavar="YYYY-MM",
              help="统计月份（默认：设置表的“统计月份”，再无则为统计日所在月）。")
@today_option
@click.option("--previous", type=click.Path(path_type=Path), metavar="上月台账",
              help="上月的台账文件，用于列出“较上月变化”。")
@click.option("--within", type=within_type, metavar="N",
              help="N 日内到期的环节列为“临期”（默认：设置表的“临期提醒天数”）。")
@output_option("输出文件（默认：当前文件夹下的 月度调度_YYYY-MM.xlsx）。")
@force_option
@json_option
@handle_errors
def monthly(ledger_paths: tuple[Path, ...], month, today: dt.date, previous: Path | None, within: int | None,
            output: Path | None, force: bool, as_json: bool) -> None:
    begin_reading(ledger_paths[0])
    from xlkit.analysis.kpi import Period
    from xlkit.analysis.monthly import build_monthly, default_name, write_monthly
    from xlkit.read.ledger import read_ledger

    ledger = _read(ledger_paths)
    month = month or Period.from_settings(ledger, "month", today)
    before = read_ledger(previous) if previous else None
    pack = keep(build_monthly(ledger, month, today, before, within))
    output = output or Path(default_name(month))
    sources = tuple(ledger_paths) + ((previous,) if previous else ())
    written = write_monthly(pack, output, force, sources)
    if as_json:
        echo_json({**pack.to_json(), "output": str(written)})
        return
    click.echo(f"{month.title}：本月案件 {pack.kpis.cases} 件，累计 {pack.cumulative.cases} 件；"
               f"超期 {int((pack.items['state'] == '超期').sum())} 项，临期 {int((pack.items['state'] == '临期').sum())} 项；"
               f"60日未息访或反弹 {len(pack.unsettled)} 件；需整改未完成 {len(pack.rectifications)} 件。"
               f"{pack.kpis.unplaced_note()}{pack.kpis.other_types_note()}{pack.kpis.unreadable_note()}")
    if pack.changes is not None:
        click.echo(f"较上月变化 {len(pack.changes)} 项。")
    click.echo(f"已生成：{written}")


@click.command(help="""季度分析：生成“季度分析_YYYYQn.xlsx”和“季度总结分析报告_YYYYQn.docx”。

\b
总览（指标与目标、件数、环比、同比），按问题类别、乡镇、案件来源、信访形式、责任股室、
月份统计，化解措施成效，诉求认定，重复信访与反弹，超期案件和明细，附图表。
信访人姓名、身份证号、联系电话默认隐去部分字符（--no-mask 保留原文，仅限内部使用）。
报告初稿写在表格旁边：统计部分已写好，成因分析、措施成效、下步打算留给承办人员撰写。""")
@ledgers_argument
@click.option("--quarter", callback=period_callback("quarter"), metavar="YYYYQn",
              help="统计季度，如 2019Q3（默认：设置表的“统计季度”，再无则为统计日所在季度）。")
@today_option
@output_option("输出表格（默认：当前文件夹下的 季度分析_YYYYQn.xlsx）；报告写在同一文件夹。")
@click.option("--no-mask", is_flag=True, help="不隐去姓名、身份证号、联系电话（仅限内部使用）。")
@force_option
@json_option
@handle_errors
def quarterly(ledger_paths: tuple[Path, ...], quarter, today: dt.date, output: Path | None, no_mask: bool,
              force: bool, as_json: bool) -> None:
    begin_reading(ledger_paths[0])
    from xlkit.analysis.kpi import Period
    from xlkit.analysis.quarterly import analyse, default_name, write_quarterly
    from xlkit.analysis.quarterly_report import default_name as report_name
    from xlkit.analysis.quarterly_report import write_report
    from xlkit.output.files import check_writable

    ledger = _read(ledger_paths)
    quarter = quarter or Period.from_settings(ledger, "quarter", today)
    output = output or Path(default_name(quarter))
    analysis = keep(analyse(ledger, quarter, today, mask=not no_mask))
    report = output.parent / report_name(analysis)
    if report.exists() and not force and not report.is_dir():  # -o names the workbook, not the report beside it
        raise FatalError(f"报告“{report}”已存在，未覆盖。报告总是写在表格所在的文件夹：如需覆盖请加 --force，"
                         "或用 -o 把表格放到另一个文件夹。")
    check_writable(report, force, tuple(ledger_paths))  # refuse before writing anything
    written = write_quarterly(analysis, output, force, tuple(ledger_paths))
    report = write_report(analysis, report, force, tuple(ledger_paths))
    if as_json:
        echo_json({**analysis.to_json(), "output": str(written), "report": str(report)})
        return
    kpis = analysis.kpis
    click.echo(f"{quarter.title}：求决类信访问题 {kpis.cases} 件。{kpis.unplaced_note()}{kpis.other_types_note()}"
               f"{kpis.unreadable_note()}")
    for name, rate in kpis.overall.items():
        why = rate.reason or f"{rate.numerator}/{rate.denominator}"
        click.echo(f"  {name}：{rate.text()}（{why}）")
    click.echo(f"已生成：{written}")
    click.echo(f"已生成：{report}")


@click.command(help="""合并各股室台账为一个台账（模板格式）。

\b
同一案件编号内容完全相同的合并为一行；内容不同的保留一行（取第一个文件的值），
每个不同的列都列入“合并冲突”表，不会悄悄丢掉；“合并来源”表记录每件来自哪个文件哪一行；
有不认识的表头的文件在“合并说明”表和屏幕上提示。不会改写任何输入文件。""")
@click.argument("paths", metavar="股室台账…", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True, help="合并后的台账文件（.xlsx）。")
@force_option
@json_option
@handle_errors
def merge(paths: tuple[Path, ...], output: Path, force: bool, as_json: bool) -> None:
    from xlkit.analysis.merge import merge_files, write_merged
    from xlkit.output.files import check_writable

    check_writable(output, force, tuple(paths))
    result = merge_files(list(paths))
    written = write_merged(result, output, force)
    if as_json:
        echo_json(result.to_json(written))
        return
    click.echo(f"合并 {result.what_was_read()}，共 {result.cases} 件（来源行 {len(result.sources)} 行）。")
    for note in result.notes:
        click.echo(f"  {note}")
    click.echo(f"已生成：{written}")
