"""`xlkit excel install` and `xlkit excel shortcuts`: the two doors from Excel and WPS to the same jobs."""

from __future__ import annotations

from pathlib import Path

import click

from xlkit.cli.options import FatalError, force_option, handle_errors


@click.group(help="Excel 按钮：安装“台账工具”加载项，或为 WPS/无加载项的电脑生成 .bat 快捷方式。")
@click.help_option("-h", "--help", help="显示本帮助。")
def excel() -> None:
    pass


@excel.command(help="""安装“台账工具”Excel 加载项（功能区五个按钮：校验台账、生成文书、到期提醒、月度调度、季度汇总）。

\b
用 xlwings 自带的加载项模板生成 5 个 .xlam，写入中文功能区、按钮的 VBA 和本 Python 的路径，
并记下本电脑的 Python（.bat/.sh 快捷方式据此找到它）。在 Windows 上复制到 Excel 启动文件夹
（XLSTART），重新打开 Excel 即可使用；在其他系统上只生成文件并说明手动安装步骤。""")
@click.option("--dir", "folder", type=click.Path(path_type=Path, file_okay=False), metavar="文件夹",
              help="加载项存放的文件夹（默认：Windows 上 %LOCALAPPDATA%\\xlkit\\excel，其他系统为当前文件夹下 xlkit-excel）。"
                   "安装后请勿移动。")
@click.option("--python", "interpreter", metavar="pythonw.exe",
              help="按钮使用的 Python（默认：Windows 上为当前 Python 旁的 pythonw.exe）。为另一台电脑生成时写那台电脑上的路径，"
                   "可以含环境变量，如 %LOCALAPPDATA%\\xlkit\\.venv\\Scripts\\pythonw.exe（点击按钮时在那台电脑上展开）。")
@click.option("--no-xlstart", is_flag=True, help="只生成文件，不复制到 Excel 启动文件夹。")
@click.help_option("-h", "--help", help="显示本帮助。")
@handle_errors
def install(folder: Path | None, interpreter: str | None, no_xlstart: bool) -> None:
    from xlkit.excel.addin import install as build

    result = build(folder, interpreter, xlstart=not no_xlstart)
    for path in result.addins:
        click.echo(f"已生成：{path}")
    for path in result.installed:
        click.echo(f"已安装：{path}")
    click.echo("")
    click.echo((result.folder / "安装说明.txt").read_text(encoding="utf-8").rstrip())


@excel.command(help="""在台账所在文件夹生成快捷方式：校验台账、生成文书、到期提醒、月度调度、季度汇总，
Windows 用的 .bat，银河麒麟、统信 UOS 等 Linux 桌面用的 .sh 和 .desktop。

\b
双击即对该文件夹里的台账运行对应命令（xlkit check/docs/overdue/monthly/quarterly），
窗口保留显示结果。适用于 WPS 表格用户和没有安装加载项的电脑。快捷方式运行时
按安装记录找本电脑的 Python，所以放在几台电脑共用的文件夹里也能用。""")
@click.argument("folder", metavar="台账文件夹", type=click.Path(path_type=Path))
@click.option("--python", "interpreter", metavar="python.exe", help="本电脑没有安装记录时快捷方式使用的 Python（默认：当前 Python）。")
@force_option
@click.help_option("-h", "--help", help="显示本帮助。")
@handle_errors
def shortcuts(folder: Path, interpreter: str | None, force: bool) -> None:
    from xlkit.excel.addin import write_shortcuts

    written, ledgers = write_shortcuts(folder, interpreter, force)
    click.echo(f"台账：{'、'.join(p.name for p in ledgers)}")
    for path in written:
        click.echo(f"已生成：{path}")
    click.echo("双击这些 .bat（Windows）或 .desktop/.sh（Linux 桌面）即可运行；窗口会停留显示结果，按任意键关闭。")


@excel.command(name="run", help="""不经功能区，对正在 Excel 中打开的工作簿直接运行一个按钮（排查按钮问题用）。

\b
按钮：check（校验台账）、docs（生成文书）、overdue（到期提醒）、monthly（月度调度）、quarterly（季度汇总）。
默认处理 Excel 当前的活动工作簿；出错时的详细信息写在台账旁的 xlkit-错误日志.txt。""")
@click.argument("key", metavar="按钮", type=click.Choice(["check", "docs", "overdue", "monthly", "quarterly"]))
@click.option("--book", "book_name", metavar="工作簿名", help="Excel 中已打开的工作簿名称，如 台账.xlsx（默认：活动工作簿）。")
@click.help_option("-h", "--help", help="显示本帮助。")
def run(key: str, book_name: str | None) -> None:
    from xlkit.excel import buttons as buttons

    try:
        import xlwings as xw

        book = xw.Book(book_name) if book_name else xw.books.active
        if book is None:
            raise LookupError
    except Exception:
        raise FatalError("没有找到正在运行的 Excel 或打开的工作簿（此命令只能在装有 Excel 的 Windows/Mac 上使用）。"
                         "请先用 Excel 打开台账，再运行。") from None
    buttons.BUTTONS[key](book)
    click.echo(f"已运行“{buttons.BUTTONS[key].label}”（{book.name}），结果见 Excel 中的提示框。")
