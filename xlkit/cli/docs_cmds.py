"""`xlkit docs`: the documents each selected case's data allows (DESIGN §6, §8)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from xlkit.cli.options import (
    begin_reading,
    force_option,
    handle_errors,
    load,
    output_option,
    row_and_case,
    rows_callback,
    sheet_option,
    today_option,
)

#: more documents than this get a progress bar
PROGRESS_FROM = 30


@click.command(name="docs")
@click.argument("ledger_path", metavar="台账文件", type=click.Path(path_type=Path), required=False)
@sheet_option
@click.option("--case", "case_ids", multiple=True, metavar="案件编号", help="只生成这些案件的文书（可重复）。")
@click.option("--rows", callback=rows_callback, metavar="5-9", help="按台账行号选择案件，如 5-9 或 5,7,10-12。")
@click.option("--kind", "kinds", multiple=True, metavar="文书名称",
              help="只生成这些文书（可重复），如 受理告知书、送达回证、处理意见书。")
@output_option("输出文件夹（默认：台账所在文件夹下的“文书”）。每件一个子文件夹：<案件编号>-<信访人>。")
@force_option
@click.option("--pdf", is_flag=True, help="同时用 LibreOffice 把生成的文书批量转换为 PDF。")
@click.option("--check-templates", "check_only", is_flag=True, help="只检查文书模板（占位符、被拆分的标签），不生成。")
@click.option("--templates", "template_dir", type=click.Path(path_type=Path, file_okay=False),
              metavar="文件夹", help="使用这个文件夹里的模板（默认内置模板 doc_templates）。")
@today_option
@click.help_option("-h", "--help", help="显示本帮助。")
@handle_errors
def docs(ledger_path, case_ids, rows, kinds, output, force, pdf, check_only, template_dir, today):
    """按台账生成每件信访事项的文书（交办单、受理告知书、处理意见书、送达回证……）。

    只生成案件数据已经具备的文书：尚未到达的环节不生成，缺少必填字段的列入清单并说明缺什么。
    已存在的文件不覆盖（加 --force 才覆盖）。输出文件夹里的“生成清单.xlsx”列出每份文书的结果。

    \b
    例：xlkit docs 台账.xlsx
        xlkit docs 台账.xlsx --case 2019-001 --kind 受理告知书 -o 文书
        xlkit docs 台账.xlsx --rows 5-9 --pdf
        xlkit docs --check-templates

    退出码：0 已生成数据允许的全部文书；1 有文书生成失败（或 PDF 转换失败）；2 台账无法读取。
    """
    if ledger_path is not None and not check_only:
        begin_reading(ledger_path)
    from xlkit.documents.catalog import CATALOG
    from xlkit.documents.generate import generate
    from xlkit.documents.lint import check_templates
    from xlkit.documents.pdf import convert_pdf

    if check_only:
        problems = check_templates(template_dir)
        if problems:
            for problem in problems:
                click.echo(f"模板问题：{problem}", err=True)
            click.get_current_context().exit(1)
        click.echo(f"模板检查通过：{len({k.template for k in CATALOG})} 个模板，未发现问题。")
        return
    if ledger_path is None:
        raise click.UsageError("请指定台账文件，例如：xlkit docs 台账.xlsx")

    ledger = load(ledger_path)
    out_dir = output or ledger_path.resolve().parent / "文书"
    state = {"bar": None, "done": 0}

    def progress(done: int, total: int) -> None:
        if total < PROGRESS_FROM:
            return
        if state["bar"] is None:
            state["bar"] = click.progressbar(length=total, label="生成文书", file=sys.stderr)
            state["bar"].__enter__()
        state["bar"].update(done - state["done"])
        state["done"] = done

    try:
        run = generate(ledger, out_dir, case_ids=case_ids or None, rows=rows, kinds=kinds or None,
                                 force=force, today=today, progress=progress, template_dir=template_dir)
    finally:
        bar = state["bar"]
        if bar is not None:
            bar.__exit__(None, None, None)

    _report(run)
    if pdf and run.made:
        produced = convert_pdf([item.path for item in run.made])  # PdfError: exit 1
        click.echo(f"已转换 PDF {len(produced)} 份。")
    click.get_current_context().exit(run.exit_code)


def _report(run) -> None:
    made, skipped, failed = run.made, run.skipped, run.failed
    stage = [s for s in skipped if s.stage_skip]
    other = [s for s in skipped if not s.stage_skip]
    cases = len({i.row for i in run.items})
    click.echo(f"共 {cases} 件案件：生成 {len(made)} 份，跳过 {len(skipped)} 份"
               f"（其中 {len(stage)} 份尚未到该环节），失败 {len(failed)} 份。用时 {run.seconds:.1f} 秒。")
    click.echo(f"输出文件夹：{run.out_dir}")
    for item in other:
        click.echo(f"  跳过 {row_and_case(item.row, item.case_id, ' ')} {item.kind.name}：{item.reason}")
    for item in made:
        if item.note:
            click.echo(f"  注意 {row_and_case(item.row, item.case_id, ' ')} {item.kind.name}：{item.note}")
    for item in failed:
        click.echo(f"  失败 {row_and_case(item.row, item.case_id, ' ')} {item.kind.name}：{item.reason}", err=True)
    if run.list_path:
        click.echo(f"清单：{run.list_path}")
