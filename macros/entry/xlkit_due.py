"""台账工具按钮“到期提醒”的入口（由 xlkit excel install 生成，请勿修改）。

Excel 的加载项 xlkit_due.xlam 点击时运行：import xlkit_due; xlkit_due.main()
"""


def main():
    from xlkit.excel.buttons import run

    run("overdue")
