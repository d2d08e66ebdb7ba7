"""台账工具按钮“月度调度”的入口（由 xlkit excel install 生成，请勿修改）。

Excel 的加载项 xlkit_monthly.xlam 点击时运行：import xlkit_monthly; xlkit_monthly.main()
"""


def main():
    from xlkit.excel.buttons import run

    run("monthly")
