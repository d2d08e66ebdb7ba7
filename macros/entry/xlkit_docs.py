"""台账工具按钮“生成文书”的入口（由 xlkit excel install 生成，请勿修改）。

Excel 的加载项 xlkit_docs.xlam 点击时运行：import xlkit_docs; xlkit_docs.main()
"""


def main():
    from xlkit.excel.buttons import run

    run("docs")
