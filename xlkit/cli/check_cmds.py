"""`xlkit check`, `xlkit overdue`, `xlkit explain` (DESIGN §8): parse, call the library, print."""

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
    ledger_argument,
    load,
    output_option,
    row_and_case,
    today_option,
    within_type,
)
from xlkit.cli.zh import echo
from xlkit.findings import Finding, Severity


@click.command(help="校验台账：找出漏填、填错、前后矛盾和超期的案件，指出具体单元格和改法。\n\n"
                    "退出码：0 没有错误；1 有错误；2 台账无法读取。")
@ledger_argument
@today_option
@json_option
@output_option("把校验结果另存为 Excel 工作簿（如 校验结果.xlsx），每条问题都能点击跳到台账单元格；"
               "其中身份证号隐去中间部分。")
@click.option("--no-mask", is_flag=True, help="校验结果工作簿中保留完整身份证号（仅限内部使用）。")
@force_option
@click.help_option("-h", "--help", help="显示本帮助。")
@handle_errors
def check(ledger_path: Path, today: dt.date, as_json: bool, output: Path | None, no_mask: bool,
          force: bool) -> None:
    begin_reading(ledger_path)
    from xlkit.check.run import check_ledger

    result = keep(check_ledger(load(ledger_path, say_open=False), today))
    if output is not None:
        from xlkit.check.report import write_check_report

        write_check_report(result, output, force=force, mask=not no_mask)
    if as_json:
        echo_json(result.to_json())
    else:
        _print_findings(result, shown=None if output is None else SHOWN_WITH_REPORT, report=output)
        if output is not None:
            echo(f"校验结果已另存为：{output}")
    click.get_current_context().exit(result.exit_code)


#: With -o the console lists this many findings of each severity; the workbook has them all. A clerk does not
#: read 27,000 findings in a console window (printing them took longer than checking 100,000 rows, issue 15).
SHOWN_WITH_REPORT = 50


def _print_findings(result, shown: int | None = None, report: Path | None = None) -> None:
    from xlkit.deadlines.engine import fmt
    from xlkit.schema import RESULT_SHEET

    ledger = result.ledger
    counts = result.counts
    echo(f"台账：{ledger.path}（工作表“{ledger.sheet}”，{len(ledger)} 件案件，校验基准日 {fmt(result.today)}）")
    echo("结果：" + "，".join(f"{name} {count} 条" for name, count in counts.items()))
    for severity in Severity:
        group = [f for f in result.findings if f.severity is severity]
        if not group:
            continue
        echo("")
        click.secho(f"【{severity.value}】共 {len(group)} 条", bold=True)
        for number, finding in enumerate(group[:shown], start=1):
            echo(_format_finding(number, finding))
        if shown is not None and len(group) > shown:
            echo(f"  ……其余 {len(group) - shown} 条{severity.value}见 {report.name}（工作表“{RESULT_SHEET}”）。")
    echo("")
    if result.exit_code:
        echo(f"有 {counts[Severity.ERROR.value]} 条错误，请按“怎么改”逐条改正台账后重新校验。")
    elif result.findings:
        echo("没有错误。警告请尽快处理，提示供参考。")
    else:
        echo("没有发现问题。")


def _format_finding(number: int, finding: Finding) -> str:
    where = finding.where or "（整个台账）"
    case = f"  案件 {finding.case_id}" if finding.case_id else ""
    column = f"  [{finding.column}]" if finding.column else ""
    lines = [f"{number:>4}. {where}{case}{column}  {finding.code}", f"      问题：{finding.message}"]
    if finding.value not in (None, "") and str(finding.value) not in finding.message:
        lines.append(f"      现值：{finding.value}")
    if finding.hint:
        lines.append(f"      怎么改：{finding.hint}")
    return "\n".join(lines)


@click.command(help="到期提醒：列出已超期（超期）和即将到期（临期）的办理环节。\n\n"
                    "加 -o 到期提醒.xlsx 另存为工作簿（每个责任股室一张表，可直接打印分发），"
                    "并在其旁“催办单”文件夹为每个股室生成一份催办单（Word）。\n\n"
                    "退出码：0 没有超期；1 有超期的环节；2 台账无法读取。")
@ledger_argument
@today_option
@click.option("--within", type=within_type, metavar="天数",
              help="距期限不超过这么多天的列为临期（默认取“设置”表的临期提醒天数）。")
@json_option
@output_option("另存为到期提醒工作簿（如 到期提醒.xlsx），并生成各股室的催办单。")
@force_option
@click.help_option("-h", "--help", help="显示本帮助。")
@handle_errors
def overdue(ledger_path: Path, today: dt.date, within: int | None, as_json: bool, output: Path | None,
            force: bool) -> None:
    begin_reading(ledger_path)
    from xlkit.check.run import overdue_report
    from xlkit.deadlines.engine import fmt

    ledger = load(ledger_path)
    report = overdue_report(ledger, today, within)
    exit_code = 1 if report.overdue else 0  # README: 1 means there is something to handle
    if output is not None:
        from xlkit.check.reminders import collect, write_reminders

        workbook, notices = write_reminders(collect(ledger, report), output, force)
    if as_json:
        echo_json(report.to_dict())
        click.get_current_context().exit(exit_code)
    items, late, soon, tasks = report.items, report.overdue, report.due_soon, report.tasks
    echo(f"台账：{ledger.path}（基准日 {fmt(today)}，临期指 {report.within} 天内到期）")
    unread = sum(1 for stage in report.unjudged if stage["row"] is not None)
    echo(f"超期 {len(late)} 项，临期 {len(soon)} 项，待办 {len(tasks)} 项" + (f"，无法判断 {unread} 项" if unread else ""))
    for title, group in (("超期", late), ("临期", soon)):
        if not group:
            continue
        echo("")
        click.secho(f"【{title}】", bold=True)
        for item in group:
            when = f"已超期 {-item['days_left']} 天" if item["days_left"] < 0 else (
                "今天到期" if item["days_left"] == 0 else f"还剩 {item['days_left']} 天")
            due = fmt(dt.date.fromisoformat(item["due"]))
            echo(f"  {row_and_case(item['row'], item['case_id'])}  {item['stage']}  期限 {due}  {when}")
    if tasks:
        echo("")
        click.secho("【待办】（方案未规定完成时限，不计超期）", bold=True)
        for item in tasks:
            since = fmt(dt.date.fromisoformat(item["since"]))
            echo(f"  {row_and_case(item['row'], item['case_id'])}  {item['stage']}  自 {since} 起  "
                       f"已 {item['days_since']} 天")
    if not items:
        echo("没有超期或临期的环节，也没有待办。")
    for stage in report.unjudged:
        if stage["row"] is None:
            absent = "、".join(f"“{h}”" for h in stage["missing"])
            echo(f"注意：台账没有{absent}列，“{stage['stage']}”环节无法判断是否超期。")
    cases = [stage for stage in report.unjudged if stage["row"] is not None]
    if cases:
        echo("")
        click.secho(f"【无法判断】（{len(cases)} 项：单元格无法读取，未计超期）", bold=True)
        for stage in cases:
            cells = "；".join(f"{cell}（{column}）{reason}" for cell, column, reason in
                             zip(stage["cells"], stage["missing"], stage["reasons"], strict=True))
            echo(f"  {row_and_case(stage['row'], stage['case_id'])}  {stage['stage']}：{cells}")
        echo("  请在 Excel 中改正这些单元格（公式请打开并保存，让它算出结果）后再运行。")
    if output is not None:
        echo(f"到期提醒已另存为：{workbook}")
        if notices:
            echo(f"催办单 {len(notices)} 份（每个股室一份）在：{notices[0].parent}")
    click.get_current_context().exit(exit_code)


@click.command(help="解释一件案件的每个期限：从哪天起算、多少日、跳过了哪些休息日、依据哪条规定。")
@ledger_argument
@click.argument("case_id", metavar="案件编号")
@today_option
@click.help_option("-h", "--help", help="显示本帮助。")
@handle_errors
def explain(ledger_path: Path, case_id: str, today: dt.date) -> None:
    begin_reading(ledger_path)
    from xlkit.deadlines import engine as dl
    from xlkit.read.select import match_case

    ledger = load(ledger_path)
    wanted = case_id.strip()
    matches = match_case(ledger, wanted)
    if not matches and "case_id" not in ledger.positions:
        first = int(ledger.frame.index[0]) if len(ledger.frame) else ledger.header_row + 1
        raise FatalError(f"台账“{ledger.path.name}”没有案件编号列，各件按所在行称呼：请写行号，如“第{first}行”。")
    if not matches:
        raise FatalError(f"台账“{ledger.path.name}”里没有案件编号为“{wanted}”的案件。请核对编号（区分“-”和年份）。")
    from xlkit.check.run import unjudged_stages

    calendar = dl.calendar_for(ledger)
    table = dl.compute(ledger, today, calendar)
    listed = unjudged_stages(ledger, today, table)
    unjudged = {stage["stage"]: stage["missing"] for stage in listed if stage["row"] is None}
    unreadable = {(stage["row"], stage["stage"]): stage for stage in listed if stage["row"] is not None}
    if len(matches) > 1:
        echo(f"注意：案件编号“{wanted}”在台账中出现 {len(matches)} 次（第"
                   + "、".join(str(r) for r in matches) + "行），逐行列出。")
    for row in matches:
        row = int(row)
        case = ledger.frame.loc[row]
        named = f"案件 {wanted}（第{row}行，" if wanted != f"第{row}行" else f"第{row}行的案件（"
        echo(f"{named}信访人 {case['petitioner'] or ''}），基准日 {dl.fmt(today)}")
        decision = case["acceptance_decision"]
        explanations = dl.explain(ledger, row, calendar)
        if decision in dl.NOT_HANDLED_DECISIONS:
            echo(f"  受理结论为“{decision}”：只有受理告知环节的期限，不计处理意见期限。")
        if not explanations:
            echo("  尚无可计算的期限（登记日期、交办日期、受理日期都未填写）。")
            continue
        for explanation in explanations:
            echo("")
            for line in explanation.lines(calendar):
                echo(line)
            key = dl.STAGE_KEYS[explanation.stage]
            state = table.at[row, f"{key}_state"]
            if explanation.stage in unjudged:  # as `xlkit overdue` says: not judged without its columns
                names = "、".join(f"“{h}”" for h in unjudged[explanation.stage])
                click.echo(f"  状态：无法判断（台账没有{names}列），到期提醒不列此环节。")
            elif (row, explanation.stage) in unreadable:  # a formula without a result, an unreadable date…
                stage = unreadable[(row, explanation.stage)]
                cells = "；".join(f"{cell}（{column}）{reason}" for cell, column, reason in
                                 zip(stage["cells"], stage["missing"], stage["reasons"], strict=True))
                echo(f"  状态：无法判断（{cells}），不计超期；请改正该单元格后再运行。")
            elif isinstance(state, str):
                left = table.at[row, f"{key}_days_left"]
                extra = ""
                if state in dl.OPEN_STATES and left == left:
                    extra = f"（已超期 {int(-left)} 天）" if left < 0 else f"（还剩 {int(left)} 天）"
                elif state == dl.TODO and left == left:
                    extra = f"（已 {int(-left)} 天，不计超期）"
                echo(f"  状态：{state}{extra}")
