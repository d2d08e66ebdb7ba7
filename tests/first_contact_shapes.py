"""More ledgers shaped like real ones, for the first-contact tests (issue 11, second round).

Different from `real_shapes.py`: the headers are those of registers and exports as public templates and
system descriptions give them — a 12345 hotline work-order export (工单编号, 来电人, 来电时间, 诉求内容,
承办单位, 办理状态, 办结时间, 满意度 with 非常满意), a 来信来访登记簿 whose 基本情况 group sits over
姓名/性别/住址, a 矛盾纠纷排查台账 (序号, 排查日期, 当事人, 纠纷类型, 化解情况), a register whose header
is in row 5 under a title, 填报单位 and 填表说明 block with a 填写示例 row under it, a WPS-saved book
(rich-text headers, 年月日 number formats, DISPIMG picture cells), a book with frozen panes and hidden
helper columns, headers broken across lines inside words with numbers and dates stored every way in one
column, a 统计 summary sheet before the ledger, a ledger whose progress is a 办理状态 word instead of an
办结日期, a 网上信访 system export, an official form with a 栏次 row, and a hidden sheet of old data.

Each builder returns (path, Expect) as in `real_shapes`.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont
from openpyxl.styles import Alignment
from real_shapes import Expect, _rows, _save, _sheet, id_number

D = dt.date
DT = dt.datetime


def hotline_workorders(folder: Path) -> tuple[Path, Expect]:
    """12345 热线工单导出: 序号 beside 工单编号, second-precision timestamps, 办理状态, 非常满意."""
    workbook, sheet = _sheet("工单列表")
    sheet.append(["序号", "工单编号", "来电人", "来电号码", "来电时间", "工单类型", "诉求内容", "所属区域", "承办单位",
                  "办理状态", "办结时间", "满意度"])
    _rows(sheet, [
        [1, "2019090300123", "王女士", "13800001111", "2019-09-03 10:22:11", "投诉", "小区垃圾桶满溢三天无人清运",
         "新宁镇", "环卫股", "已办结", "2019-09-06 17:30:00", "非常满意"],
        [2, "2019090400456", "匿名", "13900002222", "2019-09-04 08:15:42", "求助", "村里公厕长期无人打扫", "普安镇",
         "村镇股", "已办结", "2019-09-10 09:00:00", "满意"],
        [3, "2019091100789", "李先生", "0818-8221234", "2019-09-11 16:40:02", "投诉", "夜间渣土车撒漏", "任市镇",
         "市容股", "办理中", None, None],
        [4, "2019092000999", "赵先生", "13700003333", "2019-09-20 09:00:00", "建议", "建议增设分类垃圾桶", "八庙镇",
         "环卫股", "已办结", "2019-09-25 11:11:11", "不满意"],
        [5, "2019092100001", "钱女士", "13600004444", "2019-09-21 14:03:59", "咨询", "垃圾分类怎么分", "甘棠镇",
         "环卫股", "已办结", "2019-09-21 15:00:00", "基本满意"],
    ])
    return _save(workbook, folder / "12345工单导出.xlsx"), Expect(
        cases=5,
        fields={"case_id": "B1", "petitioner": "C1", "phone": "D1", "registered_on": "E1", "petition_type": "F1",
                "demand": "G1", "township": "H1", "unit": "I1", "closed_on": "K1", "satisfaction": "L1"},
        unread={"J1"}, case_names=["2019090300123", "2019090400456"])


def visits_register(folder: Path) -> tuple[Path, Expect]:
    """来信来访登记簿: title, a two-row header whose 基本情况 group is merged over 姓名/性别/住址/联系电话."""
    workbook, sheet = _sheet("登记簿")
    sheet.append(["来信来访登记簿"])
    sheet.merge_cells("A1:K1")
    sheet.append(["序号", "登记日期", "基本情况", None, None, None, "信访形式", "反映问题", "交办单位", "办理情况",
                  "备注"])
    sheet.append([None, None, "姓名", "性别", "住址", "联系电话", None, None, None, None, None])
    for rng in ("A2:A3", "B2:B3", "C2:F2", "G2:G3", "H2:H3", "I2:I3", "J2:J3", "K2:K3"):
        sheet.merge_cells(rng)
    _rows(sheet, [
        [1, "2019.09.03", "张三", "男", "开江县新宁镇东街12号", "13800001111", "来访", "门前污水横流", "村镇股",
         "已答复", None],
        [2, "2019.09.05", "李四", "女", "开江县普安镇", None, "来信", "垃圾池破损", "环卫股", "正在办理", "重复来信"],
        [3, "2019.9.12", "王五", "男", "开江县任市镇", "13900002222", "电话", "违规搭建", "市容股", None, None],
    ])
    return _save(workbook, folder / "来信来访登记簿.xlsx"), Expect(
        cases=3,
        fields={"case_id": "A3", "registered_on": "B3", "petitioner": "C3", "address": "E3", "phone": "F3",
                "form": "G3", "demand": "H3", "result": "J3", "remarks": "K3"},
        unread={"D3"}, case_names=["1", "2", "3"])


def disputes_ledger(folder: Path) -> tuple[Path, Expect]:
    """矛盾纠纷排查台账: 序号, 排查日期, 当事人, 纠纷类型, 纠纷简要情况, 化解情况, 化解责任人."""
    workbook, sheet = _sheet("矛盾纠纷排查台账")
    sheet.append(["××镇矛盾纠纷排查化解工作台账"])
    sheet.append(["序号", "排查日期", "当事人", "联系电话", "所在村（社区）", "纠纷类型", "纠纷简要情况", "化解责任人",
                  "化解情况", "化解时间"])
    _rows(sheet, [
        [1, D(2019, 9, 2), "刘某与陈某", "13500005555", "东街社区", "邻里纠纷", "排水沟堵塞致污水流入邻家", "何某",
         "已化解", D(2019, 9, 9)],
        [2, D(2019, 9, 16), "村民周某", "13400006666", "大河村", "环境污染", "养殖场臭味扰民", "何某", "正在化解", None],
        [3, D(2019, 10, 8), "吴某等5户", None, "新华社区", "其他", "垃圾转运站选址", "孙某", "未化解", None],
    ])
    return _save(workbook, folder / "矛盾纠纷排查台账.xlsx"), Expect(
        cases=3,
        fields={"case_id": "A2", "registered_on": "B2", "petitioner": "C2", "phone": "D2", "village": "E2",
                "category": "F2", "demand": "G2", "result": "I2"},
        unread={"H2", "J2"}, case_names=["1", "2", "3"])


def deep_header_register(folder: Path) -> tuple[Path, Expect]:
    """Header in row 5 under a title, a 填报单位 line and a 填表说明 block; a 填写示例 row under the header."""
    workbook, sheet = _sheet("信访事项登记表")
    sheet.append(["开江县城乡环境综合治理办公室信访事项登记表"])
    sheet.append(["填报单位：综合股", None, None, None, "填报时间：2019年10月8日"])
    sheet.append(["填表说明：1.信访形式填来信、来访、来电、网上信访；2.日期一律填“2019-09-03”格式；"
                  "3.身份证号码请设为文本格式；4.本表每月5日前报县信访局。"])
    sheet.append([])
    sheet.append(["信访编号", "登记日期", "信访人姓名", "身份证号码", "联系电话", "信访形式", "问题属地乡镇", "问题类别",
                  "信访诉求", "责任股室", "受理日期", "处理意见出具日期"])
    sheet.append(["（示例）2019-000", "2019-09-03", "张三", "51172319800101123X", "138××××1111", "来访", "新宁镇",
                  "生活垃圾", "（简要写明诉求）", "环卫股", "2019-09-05", "2019-10-20"])
    _rows(sheet, [
        ["2019-031", D(2019, 9, 3), "冯一", id_number("51172319800101123"), "13800001111", "来访", "新宁镇", "生活垃圾",
         "要求清运积存垃圾", "环卫股", D(2019, 9, 5), D(2019, 10, 20)],
        ["2019-032", D(2019, 9, 9), "陈二", None, "13900002222", "来信", "回龙镇", "污水治理", "要求疏通排水沟",
         "村镇股", D(2019, 9, 11), None],
    ])
    for cell in ("A1", "A2", "A3"):
        sheet[cell].alignment = Alignment(wrap_text=True)
    return _save(workbook, folder / "信访事项登记表.xlsx"), Expect(
        cases=2,
        fields={"case_id": "A5", "registered_on": "B5", "petitioner": "C5", "id_number": "D5", "phone": "E5",
                "form": "F5", "township": "G5", "category": "H5", "demand": "I5", "unit": "J5", "accepted_on": "K5",
                "opinion_on": "L5"},
        case_names=["2019-031", "2019-032"])


def wps_book(folder: Path) -> tuple[Path, Expect]:
    """Saved by WPS: rich-text header cells, 年月日 number formats, a DISPIMG picture column, WPS app props."""
    workbook, sheet = _sheet("信访台账")
    bold = InlineFont(b=True)
    headers = ["案件编号", "信访人", "登记日期", "信访形式", "诉求内容", "现场照片", "责任股室", "受理日期"]
    for c, text in enumerate(headers, start=1):
        sheet.cell(row=1, column=c).value = CellRichText([TextBlock(bold, text[:2]), text[2:]]) if len(text) > 2 else text
    _rows(sheet, [
        ["2019-041", "卫三", D(2019, 9, 3), "来访", "村口垃圾池破损", '=DISPIMG("ID_4E6B8C2A1F",1)', "环卫股",
         D(2019, 9, 5)],
        ["2019-042", "蒋四", D(2019, 9, 9), "来信", "饮水管道污染", '=DISPIMG("ID_9A0C3D7E55",1)', "村镇股", None],
    ])
    for row in (2, 3):
        for column in ("C", "H"):
            sheet[f"{column}{row}"].number_format = 'yyyy"年"m"月"d"日"'
    workbook.properties.creator = "WPS_1566188810"
    path = _save(workbook, folder / "信访台账（WPS）.xlsx")
    _brand_as_wps(path)
    return path, Expect(
        cases=2,
        fields={"case_id": "A1", "petitioner": "B1", "registered_on": "C1", "form": "D1", "demand": "E1",
                "unit": "G1", "accepted_on": "H1"},
        unread={"F1"}, case_names=["2019-041", "2019-042"])


def _brand_as_wps(path: Path) -> None:
    """Rewrite docProps/app.xml as WPS writes it (Application 'WPS 表格'), keeping every other part."""
    import zipfile

    parts = {}
    with zipfile.ZipFile(path) as source:
        for info in source.infolist():
            parts[info.filename] = source.read(info.filename)
    parts["docProps/app.xml"] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Properties xmlns="http://schemas.openxmlformats.org/'
        'officeDocument/2006/extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/'
        'docPropsVTypes"><Application>WPS 表格</Application><AppVersion>11.1.0.8612</AppVersion>'
        '<DocSecurity>0</DocSecurity></Properties>').encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            target.writestr(name, data)


def frozen_hidden_book(folder: Path) -> tuple[Path, Expect]:
    """Frozen header, hidden helper columns (formulas with no cached value, an old 编号), an autofilter."""
    workbook, sheet = _sheet("台账")
    sheet.append(["案件编号", "旧编号", "信访人", "登记日期", "月份", "问题类别", "诉求内容", "责任股室", "受理日期",
                  "处理意见出具日期", "是否息诉息访"])
    _rows(sheet, [
        ["2019-051", "X-17", "郑五", D(2019, 9, 3), '=TEXT(D2,"yyyy-mm")', "生活垃圾", "垃圾清运不及时", "环卫股",
         D(2019, 9, 5), D(2019, 10, 30), "是"],
        ["2019-052", "X-18", "王六", D(2019, 9, 20), '=TEXT(D3,"yyyy-mm")', "污水治理", "化粪池外溢", "村镇股",
         D(2019, 9, 23), None, None],
        ["2019-053", "X-19", "孙七", D(2019, 10, 8), '=TEXT(D4,"yyyy-mm")', "违规建设", "违章搭棚", "市容股",
         D(2019, 10, 9), None, None],
    ])
    sheet.freeze_panes = "C2"
    sheet.column_dimensions["B"].hidden = True
    sheet.column_dimensions["E"].hidden = True
    sheet.auto_filter.ref = "A1:K4"
    return _save(workbook, folder / "台账（冻结隐藏）.xlsx"), Expect(
        cases=3,
        fields={"case_id": "A1", "petitioner": "C1", "registered_on": "D1", "category": "F1", "demand": "G1",
                "unit": "H1", "accepted_on": "I1", "opinion_on": "J1", "settled": "K1"},
        unread={"B1", "E1"}, case_names=["2019-051", "2019-052", "2019-053"])


def broken_words_book(folder: Path) -> tuple[Path, Expect]:
    """Headers broken across lines inside words; numbers stored as text and text stored as numbers; one date
    column holding `2019.09.03`, `20190903` (text and number), an Excel serial with a time and a real date."""
    workbook, sheet = _sheet("Sheet1")
    sheet.append(["案件\n编号", "信\n访\n人", "登记\n日期", "联系\n电话", "涉及\n人数", "问题属\n地乡镇", "诉求\n内容",
                  "受理\n日期"])
    _rows(sheet, [
        [2019061, "甲一", "2019.09.03", 13800001111, "3", "新宁镇", "垃圾乱倒", "2019.09.05"],
        [2019062, "乙二", "20190909", "13900002222", "1", "普安镇", "污水外溢", 20190911],
        [2019063, "丙三", 43731.4375, "0818-8221234", "２", "回龙镇", "厕所损坏", 43733],
        [2019064, "丁四", DT(2019, 10, 8, 9, 30), "13700003333", 1.0, "广福镇", "道路扬尘", D(2019, 10, 9)],
    ])
    for cell in sheet[1]:
        cell.alignment = Alignment(wrap_text=True)
    return _save(workbook, folder / "导出（折行表头）.xlsx"), Expect(
        cases=4,
        fields={"case_id": "A1", "petitioner": "B1", "registered_on": "C1", "phone": "D1", "people_count": "E1",
                "township": "F1", "demand": "G1", "accepted_on": "H1"},
        case_names=["2019061", "2019062", "2019063", "2019064"])


def summary_first_book(folder: Path) -> tuple[Path, Expect]:
    """A 统计 summary sheet (by 责任股室, with 序号, 信访形式 counts, 备注) before a thin ledger sheet."""
    workbook, summary = _sheet("汇总统计")
    summary.append(["2019年第三季度信访件办理情况统计表"])
    summary.append(["序号", "责任股室", "信访形式", "信访总量", "已办结", "办理中", "未办结", "办结率", "满意度", "备注"])
    _rows(summary, [
        [1, "环卫股", "来信", 2, 1, 1, 0, "50%", "满意", None],
        [2, "村镇股", "来访", 1, 1, 0, 0, "100%", "满意", None],
        [3, "市容股", "网上", 1, 0, 0, 1, "0%", None, None],
        ["合计", None, None, 4, 2, 1, 1, "50%", None, None],
    ])
    ledger = workbook.create_sheet("明细")
    ledger.append(["来件编号", "来信人", "来件时间", "主要问题", "承办科室"])
    _rows(ledger, [
        ["L-01", "韩五", "2019-07-02", "村口垃圾池破损", "环卫股"],
        ["L-02", "杨六", "2019-08-15", "饮水管道污染", "村镇股"],
        ["L-03", "朱七", "2019-09-09", "道路扬尘", "市容股"],
        ["L-04", "秦八", "2019-09-20", "垃圾清运不及时", "环卫股"],
    ])
    return _save(workbook, folder / "三季度信访.xlsx"), Expect(
        cases=4,
        fields={"case_id": "A1", "petitioner": "B1", "registered_on": "C1", "demand": "D1", "unit": "E1"},
        case_names=["L-01", "L-02", "L-03", "L-04"])


def status_instead_of_dates(folder: Path) -> tuple[Path, Expect]:
    """A 信访台账 that keeps progress as a 办理状态 word (已办结/办理中/未办结), not as dates."""
    workbook, sheet = _sheet("信访台账")
    sheet.append(["序号", "信访人", "信访时间", "信访形式", "信访事项", "责任股室", "受理时间", "办理状态", "办理结果"])
    _rows(sheet, [
        [1, "甲", "2019-08-01", "网上", "垃圾乱倒", "环卫股", "2019-08-02", "已办结", "已清理"],
        [2, "乙", "2019-08-05", "12345", "污水外溢", "村镇股", "2019-08-06", "办理中", None],
        [3, "丙", "2019-08-10", "领导信箱", "噪音扰民", "市容股", "2019-08-12", "未办结", None],
        [4, "丁", "2019-08-11", "电话", "厕所损坏", "村镇股", "2019-08-12", "已办结", "已维修"],
    ])
    return _save(workbook, folder / "信访台账（办理状态）.xlsx"), Expect(
        cases=4,
        fields={"case_id": "A1", "petitioner": "B1", "registered_on": "C1", "form": "D1", "demand": "E1",
                "unit": "F1", "accepted_on": "G1", "result": "I1"},
        unread={"H1"}, case_names=["1", "2", "3", "4"])


def online_petitions_export(folder: Path) -> tuple[Path, Expect]:
    """网上信访 system export: 19-digit 信访件编号, townships written with the county, a 15-digit old ID, two phone
    numbers in one cell, 网上投诉/领导信箱, 受理情况, 到期时间 (a due date the system computed: never trusted)."""
    workbook, sheet = _sheet("Sheet1")
    sheet.append(["信访件编号", "信访日期", "信访人", "证件号码", "联系电话", "住址", "信访目的", "问题属地", "内容分类",
                  "概况", "信访形式", "责任单位", "受理情况", "办结情况", "满意度", "到期时间"])
    _rows(sheet, [
        ["5117232019090300012", "2019-09-03", "张三", id_number("51172319800101123"), "13800001111", "开江县新宁镇",
         "求决", "开江县新宁镇", "城乡建设", "反映垃圾清运不及时", "网上投诉", "县城管局", "受理", "已办结", "满意",
         "2019-11-02"],
        ["5117232019091000034", "2019-09-10", "李四", "511723800101123", "13900002222/0818-8221234", "开江县普安镇",
         "求决", "四川省达州市开江县普安镇", "环境保护", "反映养殖场污染", "领导信箱", "普安镇人民政府", "受理", "未办结",
         "未评价", "2019-11-09"],
    ])
    return _save(workbook, folder / "网上信访导出.xlsx"), Expect(
        cases=2,
        fields={"case_id": "A1", "registered_on": "B1", "petitioner": "C1", "id_number": "D1", "phone": "E1",
                "address": "F1", "petition_type": "G1", "township": "H1", "category": "I1", "demand": "J1",
                "form": "K1", "acceptance_decision": "M1", "result": "N1", "satisfaction": "O1"},
        unread={"L1", "P1"}, case_names=["5117232019090300012", "5117232019091000034"])


def statistical_form(folder: Path) -> tuple[Path, Expect]:
    """An official form: a 栏次 row (甲、乙、1、2…) under the header, weekdays beside dates, counts in words,
    phones grouped with spaces or typed with a dash look-alike."""
    workbook, sheet = _sheet("台账")
    sheet.append(["2019年信访事项登记台账"])
    sheet.append(["序号", "信访人", "登记日期", "涉及人数", "联系电话", "诉求内容", "受理日期"])
    sheet.append(["甲", "乙", "1", "2", "3", "4", "5"])
    _rows(sheet, [
        [1, "张三", "2019-09-03（星期二）", "五人", "13800001111、13900002222", "垃圾清运不及时", "2019-09-05 周四"],
        [2, "李四", "2019-09-04", "约20人", "0818\u20148221234", "污水外溢", "2019-09-06"],
        [3, "王五", "2019-09-05", 3, "138 0000 1111", "厕所损坏", None],
    ])
    return _save(workbook, folder / "登记台账（栏次）.xlsx"), Expect(
        cases=3,
        fields={"case_id": "A2", "petitioner": "B2", "registered_on": "C2", "people_count": "D2", "phone": "E2",
                "demand": "F2", "accepted_on": "G2"},
        case_names=["1", "2", "3"])


def hidden_old_sheet(folder: Path) -> tuple[Path, Expect]:
    """A visible ledger beside a hidden sheet of old raw data with more known headers."""
    workbook, sheet = _sheet("信访台账")
    sheet.append(["案件编号", "信访人", "登记日期", "诉求内容"])
    _rows(sheet, [["2019-001", "张三", D(2019, 9, 3), "垃圾清运不及时"], ["2019-002", "李四", D(2019, 9, 9), "污水外溢"]])
    old = workbook.create_sheet("原始数据")
    old.append(["案件编号", "信访人", "登记日期", "诉求内容", "信访形式", "责任股室"])
    _rows(old, [["OLD-1", "甲", D(2018, 1, 3), "旧件", "来信", "环卫股"], ["OLD-2", "乙", D(2018, 1, 4), "旧件", "来信",
                                                                       "环卫股"]])
    old.sheet_state = "hidden"
    return _save(workbook, folder / "信访台账（隐藏表）.xlsx"), Expect(
        cases=2, fields={"case_id": "A1", "petitioner": "B1", "registered_on": "C1", "demand": "D1"},
        case_names=["2019-001", "2019-002"])


def people_groups_register(folder: Path) -> tuple[Path, Expect]:
    """A two-row header with three people: 信访人, 承办人 and 被反映人 each over their own 姓名 and 联系电话."""
    workbook, sheet = _sheet("信访件登记")
    sheet.append(["编号", "信访人", None, None, "承办人", None, "被反映人", None, "反映问题", "受理日期"])
    sheet.append([None, "姓名", "身份证号", "联系电话", "姓名", "联系电话", "姓名", "单位", None, None])
    for rng in ("A1:A2", "B1:D1", "E1:F1", "G1:H1", "I1:I2", "J1:J2"):
        sheet.merge_cells(rng)
    _rows(sheet, [
        ["2019-071", "张三", id_number("51172319800101123"), "13800001111", "何某", "0818-8221111", "李某", "某村委会",
         "反映村主任克扣保洁补助", D(2019, 9, 5)],
        ["2019-072", "李四", None, "13900002222", "何某", "0818-8221111", "赵某", "某镇环卫所", "反映垃圾清运费乱收",
         D(2019, 9, 9)],
    ])
    return _save(workbook, folder / "信访件登记（三方）.xlsx"), Expect(
        cases=2,
        fields={"case_id": "A2", "petitioner": "B2", "id_number": "C2", "phone": "D2", "handler": "E2",
                "demand": "I2", "accepted_on": "J2"},
        unread={"F2", "G2", "H2"}, case_names=["2019-071", "2019-072"])


def yearly_tables_sheet(folder: Path) -> tuple[Path, Expect]:
    """One sheet holding each year's table under its own title, 序号 starting again at 1, a 小计 line at the end."""
    workbook, sheet = _sheet("信访台账")
    _rows(sheet, [
        ["2018年信访台账"], ["序号", "信访人", "登记日期", "反映问题", "承办股室"],
        [1, "甲", "2018-10-03", "垃圾清运不及时", "环卫股"], [2, "乙", "2018-11-03", "污水外溢", "村镇股"], [],
        ["2019年信访台账"], ["序号", "信访人", "登记日期", "反映问题", "承办股室"],
        [1, "丙", "2019-01-03", "厕所损坏", "村镇股"], [2, "丁", "2019-09-03", "道路扬尘", "市容股"],
        ["小计：2件"],
    ])
    return _save(workbook, folder / "信访台账（分年）.xlsx"), Expect(
        cases=4, fields={"petitioner": "B2", "registered_on": "C2", "demand": "D2", "unit": "E2"},
        unread={"A2"}, case_names=["第3行", "第4行", "第8行", "第9行"])


BUILDERS = (hotline_workorders, visits_register, disputes_ledger, deep_header_register, wps_book, frozen_hidden_book,
            broken_words_book, summary_first_book, status_instead_of_dates, online_petitions_export, statistical_form,
            hidden_old_sheet, people_groups_register, yearly_tables_sheet)
