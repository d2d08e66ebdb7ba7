"""What the reader itself reports while reading a ledger (R codes); the checks' codes are in check/rules.py."""

from __future__ import annotations

from xlkit.findings import Code, Severity

E, W, N = Severity.ERROR, Severity.WARNING, Severity.INFO

READER_CODES: tuple[Code, ...] = (
    Code("R000", N, "只有一格有内容的行，视为表下备注", "如果这是一件案件，请补全案件编号、信访人等内容。"),
    Code("R001", E, "日期无法识别", "请填写日期，如 2019-09-03、2019/9/3、2019.9.3 或 2019年9月3日，并核对年份。"),
    Code("R002", E, "应为整数的格子填了别的内容", "请只填数字，如 3。"),
    Code("R003", E, "身份证号存成了数字（后几位已丢失）", "请把该单元格设为“文本”格式后，照身份证重新输入完整号码。"),
    Code("R004", W, "节假日调整的一行无法使用", "日期写真实日期，类型只能填“休息日”或“工作日”，同一天只写一行。"),
    Code("R005", W, "设置项的值不符合要求，已按默认值处理", "按“设置”表 C 列的说明填写。"),
    Code("R006", W, "表头重复出现，只读取了第一列", "请删除或改名重复的列，把内容合并到一列。"),
    # Hostile input (issue 12): R020–R032
    Code("R020", W, "表格之外远处的单元格有内容，未读取",
         "如果这是台账内容，请移到表格里；否则请清除它（在 Excel 中按 Ctrl+End 可找到最后一格）。"),
    Code("R021", N, "单元格里有看不见的控制字符（如从 Word 复制来的换行符）",
         "输出的文件里已换成换行或去掉；如需在台账中改正，请删除该单元格中多余的换行后重新输入。"),
    Code("R022", E, "数字大得不合理（超出可处理的范围）", "请核对并改成正确的数字。"),
    Code("R024", E, "公式出错（#N/A、#REF! 等）", "请在 Excel 中检查这个公式引用的单元格，改正后保存再运行。"),
    Code("R025", E, "公式没有计算结果", "请在 Excel 中打开并保存后再运行（用程序生成的文件里公式还没有计算过）。"),
    Code("R026", N, "工作簿里有几张表像台账，读取了其中一张", "如要读取另一张表，请加 --sheet 表名。"),
    Code("R030", N, "跨行合并的一件案件", "如果这是两件案件，请取消合并，每件一行。"),
    Code("R031", N, "重复的表头行，已跳过", "打印时每页重复表头请用“页面设置 → 打印标题”，不必在表中重复。"),
    Code("R032", N, "合计/小计行，已跳过", "合计可以放在表格下方空一行之后，或放在另一张表。"),
    Code("R023", W, "编号里有看不见或形似的字符（零宽空格、破折号、减号…）",
         "已按去掉这些字符、破折号当作“-”来比对；请在台账中重新输入该编号。"),
)

#: code → its declaration; an undeclared code is a KeyError where it is raised
READER: dict[str, Code] = {c.code: c for c in READER_CODES}
