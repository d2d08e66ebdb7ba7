"""台账工具按钮“校验台账”的入口（由 xlkit excel install 生成，请勿修改）。

Excel 的加载项 xlkit_check.xlam 点击时运行：import xlkit_check; xlkit_check.main()
"""


def main():
    from xlkit.excel.buttons import run

    run("check")
