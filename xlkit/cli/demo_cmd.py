"""`xlkit demo`: the whole job on the bundled example ledger, step by step, through the real commands."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from xlkit import resources
from xlkit.cli.options import FatalError

#: The example ledger's story ends at the campaign's close; judge it as of this day.
EXAMPLE_TODAY = "2021-01-15"


@click.command(help=f"""演示：在自带的示例台账上把全部工作跑一遍。

\b
依次运行：校验台账 → 到期提醒 → 解释期限 → 生成文书 → 月度调度 → 季度分析
→ 合并股室台账 → 审核表 → 卷宗检查，结果都写进输出文件夹。
统计日固定为 {EXAMPLE_TODAY}（示例台账的故事在攻坚行动结束时截止）。
示例台账在 examples/示例台账.xlsx，其中故意留有若干错误，见 examples/README.md。""")
@click.option("-o", "--output", type=click.Path(path_type=Path), default=Path("演示输出"), show_default=True,
              help="输出文件夹。")
@click.option("--force", is_flag=True, help="输出文件已存在时覆盖。")
@click.pass_context
def demo(ctx: click.Context, output: Path, force: bool) -> None:
    example = resources.example_ledger()
    if not example.exists():
        raise FatalError(resources.missing_message(example))
    if output.exists() and not output.is_dir():
        raise FatalError(f"输出位置“{output}”是一个文件，不是文件夹。请用 -o 指定一个文件夹。")
    output.mkdir(parents=True, exist_ok=True)
    ledger = str(example)
    forced = ["--force"] if force else []
    units = [str(p) for p in resources.example_unit_files()]
    steps: list[tuple[str, list[str]]] = [
        ("校验台账", ["check", ledger, "--today", EXAMPLE_TODAY, "-o", str(output / "校验结果.xlsx"), *forced]),
        ("到期提醒（另存工作簿和各股室催办单）", ["overdue", ledger, "--today", EXAMPLE_TODAY,
                                "-o", str(output / "到期提醒.xlsx"), *forced]),
        ("解释期限（2019-050 延期案件）", ["explain", ledger, "2019-050", "--today", EXAMPLE_TODAY]),
        ("生成文书", ["docs", ledger, "--today", EXAMPLE_TODAY, "-o", str(output / "文书"), *forced]),
        ("月度调度（2020年12月）", ["monthly", ledger, "--month", "2020-12", "--today", EXAMPLE_TODAY,
                              "-o", str(output / "月度调度_2020-12.xlsx"), *forced]),
        ("季度分析（2020年第四季度）", ["quarterly", ledger, "--quarter", "2020Q4", "--today", EXAMPLE_TODAY,
                                "-o", str(output / "季度分析_2020Q4.xlsx"), *forced]),
        ("合并股室台账", ["merge", *units, "-o", str(output / "合并台账_2020Q3.xlsx"), *forced]),
        ("审核表", ["review", ledger, "--today", EXAMPLE_TODAY, "--dossier", str(output / "文书"),
                  "-o", str(output / "审核表"), *forced]),
        ("卷宗检查（刚生成的文书还没有签字扫描件，所以会列出缺少的签字件）",
         ["dossier", "check", str(output / "文书"), "--ledger", ledger, "--today", EXAMPLE_TODAY,
          "-o", str(output / "卷宗检查.xlsx"), *forced]),
    ]
    group = ctx.parent.command if ctx.parent else None
    started = dt.datetime.now()
    failed = []
    for number, (title, args) in enumerate(steps, 1):
        click.secho(f"\n【{number}/{len(steps)}】{title}", bold=True)
        click.echo("  $ xlkit " + " ".join(_quote(a) for a in args))
        code = _run(group, args)
        if code == 2:
            failed.append(title)
    seconds = (dt.datetime.now() - started).total_seconds()
    click.secho(f"\n演示完成，用时 {seconds:.1f} 秒。结果在：{output.resolve()}", bold=True)
    if failed:
        raise FatalError("以下步骤没有完成：" + "、".join(failed))


def _run(group: click.Group | None, args: list[str]) -> int:
    """Run one xlkit command in this process; its exit code (1 only means it found problems)."""
    assert group is not None
    try:
        group.main(args, prog_name="xlkit", standalone_mode=False)
    except click.exceptions.Exit as stop:
        return stop.exit_code
    except SystemExit as stop:
        return int(stop.code or 0)
    except click.ClickException as error:
        error.show()
        return error.exit_code
    return 0


def _quote(arg: str) -> str:
    return f'"{arg}"' if " " in arg else arg
