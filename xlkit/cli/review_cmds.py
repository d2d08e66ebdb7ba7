"""`xlkit review` (审核表 per finished case) and `xlkit dossier check|pack` (卷宗)."""

from __future__ import annotations

from pathlib import Path

import click

from xlkit.cli.options import (
    FatalError,
    begin_reading,
    echo_json,
    force_option,
    handle_errors,
    json_option,
    ledger_argument,
    load,
    output_option,
    today_option,
)
from xlkit.cli.zh import echo


@click.command("review")
@click.help_option("-h", "--help", help="显示本帮助。")
@ledger_argument
@click.option("--case", "case_ids", multiple=True, metavar="案件编号",
              help="只审核这些案件（可重复，未办结的也可）；不指定时审核已出具处理意见或已办结的全部案件。")
@output_option("输出文件夹（默认：当前目录下的“审核表”）。")
@click.option("--dossier", "dossier_dir", type=click.Path(path_type=Path), metavar="卷宗文件夹",
              help="卷宗总文件夹（每件一个子文件夹），用来核对文书是否齐全、是否签字。")
@today_option
@force_option
@json_option
@handle_errors
def review(ledger_path: Path, case_ids: tuple[str, ...], output: Path | None, dossier_dir: Path | None, today,
           force: bool, as_json: bool) -> None:
    """为办结案件生成审核表（七个审核要点）、需整改案件的整改意见书和审核汇总表。

    每个要点写明从台账（及卷宗）核对到的情况，标“自动核对通过”“需人工核对”或“不符合”；
    审核人意见、审核结论、签字和日期留空，由审核人填写。
    """
    begin_reading(ledger_path)
    from xlkit.review.assess import review as run_review
    from xlkit.review.assess import reviews_to_dict, skipped_cases, write_all

    ledger = load(ledger_path)
    outdir = output or Path("审核表")
    reviews = run_review(ledger, today, case_ids, dossier_dir)
    skipped = skipped_cases(ledger, case_ids)
    if not reviews:
        click.echo("没有需要审核的案件（没有已出具处理意见或已办结的案件）。可用 --case 指定案件。")
        _echo_skipped(skipped)
        return
    paths = write_all(ledger, reviews, outdir, today, force)
    if as_json:
        echo_json({"ledger": str(ledger_path), "today": today, "output": str(outdir),
                   "files": {k: [str(p) for p in v] for k, v in paths.items()}, "cases": reviews_to_dict(reviews),
                   "skipped": [{"row": row, "reason": why} for row, why in skipped]})
        return
    _echo_skipped(skipped)
    failed = sum(bool(r.failed) for r in reviews)
    click.echo(f"已审核 {len(reviews)} 件：审核表 {len(paths['审核表'])} 份，整改意见书 {len(paths['整改意见书'])} 份，"
               f"汇总表 {paths['审核汇总'][0]}。")
    if failed:
        click.echo(f"其中 {failed} 件有“不符合”项，详见审核汇总表。")
    incomplete = sum(bool(r.dossier_gaps) for r in reviews)
    if incomplete:
        click.echo(f"卷宗签字件不齐全 {incomplete} 件（见审核汇总表“卷宗签字件”列）。")


def _echo_skipped(skipped: list[tuple[int, str]]) -> None:
    for row, why in skipped:
        click.echo(f"未审核：第 {row} 行，{why}。")


@click.group("dossier")
@click.help_option("-h", "--help", help="显示本帮助。")
def dossier() -> None:
    """卷宗：检查每件卷宗的签字件是否齐全（check），把一件卷宗打包成一个 PDF（pack）。

    命名规则：每件一个文件夹“案件编号-信访人”；签字件命名为“受理告知书-签字.pdf”
    “送达回证-处理意见书.jpg”等，或登记在文件夹内的“卷内目录.xlsx”中。
    """


@dossier.command("check")
@click.help_option("-h", "--help", help="显示本帮助。")
@click.argument("root", metavar="卷宗文件夹", type=click.Path(path_type=Path))
@click.option("--ledger", "ledger_path", type=click.Path(path_type=Path), metavar="台账文件",
              help="对照台账：按每件的进度判断应有哪些签字件，并找出台账中没有的文件夹。")
@click.option("--case", "case_ids", multiple=True, metavar="案件编号", help="只检查这些案件（可重复；需 --ledger）。")
@click.option("--unit", "units", multiple=True, metavar="责任股室", help="只检查这些股室的案件（可重复；需 --ledger）。")
@today_option
@json_option
@output_option("检查结果工作簿（.xlsx）。")
@force_option
@handle_errors
def check(root: Path, ledger_path: Path | None, case_ids: tuple[str, ...], units: tuple[str, ...], today,
          as_json: bool, output: Path | None, force: bool) -> None:
    """检查卷宗文件夹：缺少的签字件、只有未签字草稿的文书、空文件、打不开的文件、台账中没有的文件夹。

    退出码：0 已办结案件的卷宗都齐全；1 有已办结案件的卷宗不齐全；2 输入无法读取。
    """
    from xlkit.dossier.papers import check as run_check
    from xlkit.dossier.report import write_report

    if not root.is_dir():
        raise FatalError(f"找不到卷宗文件夹“{root}”。请指定存放各案件文件夹的总文件夹。")
    if (case_ids or units) and not ledger_path:
        raise FatalError("--case 和 --unit 需要同时用 --ledger 指定台账。")
    ledger = load(ledger_path) if ledger_path else None
    report = run_check(root, ledger, today, case_ids, units)
    if output:
        write_report(report, output, force, (ledger_path,) if ledger_path else ())
    if as_json:
        echo_json(report.to_dict())
    else:
        _print_report(report, output)
    raise SystemExit(report.exit_code)


#: how many cases the terminal lists in detail; the workbook (-o) and --json have them all
SHOWN_CASES = 30


def _print_report(report, output: Path | None) -> None:
    """A few lines per case with problems (papers grouped by state), the rest counted; strays listed."""
    from xlkit.dossier import papers
    from xlkit.dossier.papers import DAMAGED, MISSING, MISSING_FOLDER, PAPER_CODES, UNSIGNED

    # a case's dossier state as its line says it
    phrases = {papers.COMPLETE: "已办结，卷宗齐全", papers.INCOMPLETE: "已办结，卷宗不齐全",
               papers.OPEN_COMPLETE: "未办结，卷宗目前齐全", papers.OPEN_INCOMPLETE: "未办结，卷宗不齐全",
               papers.NOT_YET: "未办结，暂不要求签字件"}

    if report.ledger_path is None:
        echo("未指定台账（--ledger）：只检查文件本身和未签字的草稿，无法判断缺少哪些签字件。")
    no_folder = {True: [], False: []}
    with_problems = []
    for case in report.cases:
        if case.folder is None and any(p.code in MISSING_FOLDER for p in case.problems):
            no_folder[case.closed].append(case.case_id)
        elif case.problems:
            with_problems.append(case)
    # closed incomplete cases first: they decide the exit code
    with_problems.sort(key=lambda c: (not (c.closed and not c.complete), not c.closed))
    for case in with_problems[:SHOWN_CASES]:
        name = case.case_id or case.folder.name
        if report.ledger_path:
            name += f"（{phrases[case.state]}）"
        echo(name)
        grouped = {code for codes in PAPER_CODES.values() for code in codes}
        for status, label in ((MISSING, "缺少签字件"), (UNSIGNED, "只有未签字草稿"), (DAMAGED, "签字件为空或打不开")):
            found = [p for p in case.problems if p.code in PAPER_CODES[status]]
            if found:
                echo(f"  [{found[0].severity.value}] {label}：{'、'.join(p.column for p in found)}")
        for problem in case.problems:
            if problem.code not in grouped:
                echo(f"  [{problem.severity.value}] {problem.message}")
    if len(with_problems) > SHOWN_CASES:
        echo(f"……另有 {len(with_problems) - SHOWN_CASES} 件有问题未在此列出，"
             + (f"详见 {output}。" if output else "请用 -o 卷宗检查.xlsx 输出完整清单。"))
    for closed, ids in no_folder.items():
        if ids:
            label = "错误" if closed else "警告"
            shown = "、".join(ids[:SHOWN_CASES]) + ("等" if len(ids) > SHOWN_CASES else "")
            echo(f"[{label}] {'已办结' if closed else '未办结'}但没有卷宗文件夹的 {len(ids)} 件：{shown}")
    for problem in report.stray:
        echo(f"[{problem.severity.value}] {problem.message}")
    for line in summary_lines(report):
        echo(line)
    if output:
        echo(f"结果已写入 {output}。")
        if report.ledger_path:
            echo("其第一张表“股室汇总”按责任股室列出上面的计数。")


def summary_lines(report) -> list[str]:
    """The counts of the 股室汇总 sheet's 合计 row, a line per group: the same numbers as the workbook."""
    summary = report.summary()
    total = summary.total
    lines = [f"共检查 {total[0]} 件："]
    groups: dict[str, list[str]] = {}
    for (group, label), number in zip(summary.columns[1:], total[1:], strict=True):
        unit = "条" if group == "问题" else "件"
        groups.setdefault(group, []).append(f"{label} {number} {unit}")
    for group, parts in groups.items():
        lines.append(f"  {group}：{'，'.join(parts)}")
    return lines


@dossier.command("pack")
@click.help_option("-h", "--help", help="显示本帮助。")
@click.argument("case_dir", metavar="案件文件夹", type=click.Path(path_type=Path))
@output_option("输出 PDF（默认：与案件文件夹同名的 .pdf，放在其旁边）。")
@force_option
@handle_errors
def pack(case_dir: Path, output: Path | None, force: bool) -> None:
    """把一件卷宗打包成一个 PDF：封面、卷内目录在前，其余按卷内目录或文书顺序，右上角加页号。

    有签字件的文书用签字件；没有签字件的 Word 草稿用 LibreOffice 转成 PDF；
    卷内目录（Word）中空着的“页号”栏填上各文书的起始页号。
    """
    from xlkit.dossier.papers import pack as run_pack

    path, spans = run_pack(case_dir, output, force)
    for item, first, last in spans:
        pages = f"第 {first} 页" if first == last else f"第 {first}–{last} 页"
        label = "签字件" if item.role == "scan" else ("草稿" if item.role == "draft" else "材料")
        click.echo(f"{pages}：{item.title}（{label}，{item.name}）")
    click.echo(f"已生成 {path}，共 {spans[-1][2]} 页。")
