"""台账工具按钮“节假日调整”的入口（由 xlkit excel install 生成，请勿修改）。

Excel 的加载项 xlkit_due_holidays.xlam 点击时运行：import xlkit_due_holidays; xlkit_due_holidays.main()
"""


def main():
    from xlkit.excel.buttons import run

    run("holidays")
