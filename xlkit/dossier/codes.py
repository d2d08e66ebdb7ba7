"""What `xlkit dossier check` reports about the case folders (D codes); the reader's are in read/codes.py.

A paper that is missing matters more once the case is closed: each such problem has two codes, an 错误
for a closed case and a 警告 for one still in progress, so a code keeps one severity (the 说明 sheet
lists it) and the severity still says whether the case is finished.
"""

from __future__ import annotations

from xlkit.findings import Code, Severity

E, W, N = Severity.ERROR, Severity.WARNING, Severity.INFO

DOSSIER_CODES: tuple[Code, ...] = (
    # the papers a case must hold: closed (错误) / not yet closed (警告)
    Code("D101", E, "已办结案件没有卷宗文件夹", "请建立“案件编号-信访人”文件夹并放入签字件扫描件。"),
    Code("D102", W, "未办结案件已有应归档的签字件，但没有卷宗文件夹", "请建立“案件编号-信访人”文件夹并放入已签字的文书。"),
    Code("D111", E, "已办结案件缺少签字件", "请扫描签字后的文书，按卷宗命名规则命名放入文件夹。"),
    Code("D112", W, "未办结案件缺少已发生环节的签字件", "请扫描签字后的文书，按卷宗命名规则命名放入文件夹。"),
    Code("D121", E, "已办结案件的文书只有未签字的草稿", "请扫描签字（送达回证、评价表、息诉息访书）或盖章签发（本机关的告知书、意见书）后的文书放入，或登记在卷内目录中。"),
    Code("D122", W, "未办结案件的文书只有未签字的草稿", "请扫描签字（送达回证、评价表、息诉息访书）或盖章签发（本机关的告知书、意见书）后的文书放入，或登记在卷内目录中。"),
    Code("D131", E, "已办结案件的签字件为空文件或无法打开", "请重新扫描或拍照后替换。"),
    Code("D132", W, "未办结案件的签字件为空文件或无法打开", "请重新扫描或拍照后替换。"),
    Code("D141", E, "已办结，但卷宗中没有结案报告或办理情况报告", "请放入结案报告或办理情况报告（可用 xlkit docs 生成后盖章扫描）。"),
    # the files themselves
    Code("D201", W, "文件是空文件（0 字节）", "请重新扫描或拍照后替换该文件。"),
    Code("D202", W, "文件无法打开（损坏或不是所写的格式）", "请重新扫描或拍照后替换该文件。"),
    Code("D203", N, "文件不是 PDF、图片或 Word 文件，未计入卷宗", "签字件请存为 .pdf、.jpg 或 .png。"),
    Code("D211", W, "卷内目录无法读取", "请按“序号、文书名称、文件名、页数、备注”的表头重新填写卷内目录。"),
    Code("D212", W, "卷内目录登记的文件不在文件夹中", "请把该文件放进卷宗文件夹，或改正卷内目录中的文件名。"),
    Code("D213", W, "卷内目录登记的页数与文件不符", "请核对扫描是否缺页，或改正卷内目录的页数。"),
    # folders against the ledger
    Code("D301", W, "文件夹的案件编号在台账中找不到", "请核对文件夹名是否为“案件编号-信访人”，或该件是否漏登。"),
    Code("D302", W, "文件夹名中的信访人与台账不一致", "请核对是否放错了案件的材料，或改正文件夹名。"),
    Code("D303", W, "一件案件有多个卷宗文件夹，只检查了第一个", "请把材料合并到一个文件夹。"),
)

#: code → its declaration; an undeclared code is a KeyError where it is raised
DOSSIER: dict[str, Code] = {c.code: c for c in DOSSIER_CODES}
