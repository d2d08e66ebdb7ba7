"""台账工具按钮“季度汇总”的入口（由 xlkit excel install 生成，请勿修改）。

Excel 的加载项 xlkit_quarterly.xlam 点击时运行：import xlkit_quarterly; xlkit_quarterly.main()
"""


def main():
    from xlkit.excel.buttons import run

    run("quarterly")
