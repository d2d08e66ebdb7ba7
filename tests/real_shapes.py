"""Ledgers shaped like the ones real offices and systems produce (issue 11), built as real .xlsx files.

The headers are those of real registers and exports seen in public code and templates: a 纪检 信访举报
登记表 (编号, 收件时间, 转来编号, 转来机关, 举报人姓名, 被检举人姓名, 反映的主要问题, 问题属性, 承办科室,
办理结果, 责任单位), 12345 work-order exports (工单编号, 来电时间, 诉求类型, 来源渠道, 诉求内容, 事件发生地,
街道名称, 承办单位, 回访满意度), a public-security 信访 system export (信访件编号, 姓名, 身份证号, 手机号码,
住址, 信访内容, 信访日期 as `yyyy-MM-dd HH:mm:ss`, 信访人数, 办结时间), 稳控 ledgers (姓名, 身份证号码,
反映的主要问题, 信访事项类别, 属事责任单位, 稳控级别, 包案领导) and hand-made 信访事项登记台账 with title
rows, two-row merged headers, required marks and notes in the headers.

Each builder returns (path, expectation): the number of cases, the fields that must be understood, the
header cells that must be left unread (ambiguous or foreign), and the `--today` to check with.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import openpyxl

D = dt.date
_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def id_number(first17: str) -> str:
    """A valid 18-digit ID (GB 11643 check digit) from its first 17 digits."""
    total = sum(int(d) * w for d, w in zip(first17, _WEIGHTS, strict=True))
    return first17 + "10X98765432"[total % 11]


@dataclass
class Expect:
    cases: int
    fields: dict[str, str]  # field → the header cell it must be read from
    unread: set[str] = field(default_factory=set)  # header cells left unread
    today: dt.date = D(2019, 12, 31)
    case_names: list[str] = field(default_factory=list)  # first few case ids as the reader names them


def _save(workbook: openpyxl.Workbook, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(path)
    return path


def _sheet(title: str = "Sheet1"):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = title
    return workbook, sheet


def _rows(sheet, rows: list[list[Any]]) -> None:
    for row in rows:
        sheet.append(row)


def jijian_register(folder: Path) -> tuple[Path, Expect]:
    """纪检 信访举报登记表: two title rows, the accused beside the reporter, 单位/责任单位 unguessable."""
    workbook, sheet = _sheet("信访举报登记")
    sheet.append(["××县纪委监委信访举报登记表"])
    sheet.merge_cells("A1:N1")
    sheet.append(["填报单位：县纪委信访室", None, None, None, None, None, None, None, None, None, "2019年度"])
    sheet.append(["编号", "收件时间", "转来编号", "转来机关", "举报人姓名", "被检举人姓名", "政治面貌", "单位", "职务",
                  "反映的主要问题", "问题属性", "承办科室", "办理结果", "责任单位"])
    _rows(sheet, [
        ["JJ2019-001", "2019-09-03", "市纪转〔2019〕12号", "市纪委", "王某某", "李某", "中共党员", "某镇政府", "副镇长",
         "反映李某在村道硬化工程中收受好处费", "违反廉洁纪律", "第一纪检监察室", "已初核，了结", "某镇"],
        ["JJ2019-002", "2019年9月10日", None, "本级受理", "匿名", "赵某", "群众", "某村委会", "村主任",
         "反映垃圾清运费收取不公开", "违反群众纪律", "第二纪检监察室", "转乡镇纪委办理", "某镇"],
        ["JJ2019-003", D(2019, 10, 8), None, "县信访局", "陈某", "钱某", "中共党员", "县环卫所", "所长",
         "反映环卫所虚报保洁人员工资", "违反廉洁纪律", "第一纪检监察室", None, None],
    ])
    return _save(workbook, folder / "信访举报登记表.xlsx"), Expect(
        cases=3,
        fields={"case_id": "A3", "registered_on": "B3", "upper_ref": "C3", "source": "D3", "petitioner": "E3",
                "demand": "J3", "category": "K3", "unit": "L3", "result": "M3"},
        unread={"F3", "G3", "H3", "I3", "N3"},
        case_names=["JJ2019-001", "JJ2019-002", "JJ2019-003"])


def hotline_export(folder: Path) -> tuple[Path, Expect]:
    """12345 export: Java timestamps, no petitioner (anonymised), channel values of its own."""
    workbook, sheet = _sheet("工单明细")
    sheet.append(["工单编号", "来电时间", "诉求类型", "来源渠道", "诉求内容", "事件发生地", "街道名称", "承办单位",
                  "办理结果", "回访满意度"])
    _rows(sheet, [
        ["GD20190903000123", "2019-09-03 10:22:11.0", "投诉", "电话", "小区门口垃圾桶满溢三天无人清运", "新宁镇东街",
         "新宁镇", "环卫股", "已安排清运并增加频次", "满意"],
        ["GD20190904000456", "2019-09-04T08:15:00", "求助", "网站", "村里公厕长期无人打扫", "普安镇某村", "普安镇",
         "村镇股", "已督促保洁员每日清扫", "基本满意"],
        ["GD20190911000789", "2019-09-11 16:40:02.0", "投诉", "微信", "夜间渣土车撒漏", "任市镇", "任市镇",
         "市容股", None, None],
        ["GD20190920000999", "2019-09-20 09:00:00.0", "建议", "电话", "建议增设分类垃圾桶", "八庙镇", "八庙镇",
         "环卫股", "已纳入明年计划", "未评价"],
    ])
    return _save(workbook, folder / "12345工单导出.xlsx"), Expect(
        cases=4,
        fields={"case_id": "A1", "registered_on": "B1", "petition_type": "C1", "form": "D1", "demand": "E1",
                "township": "G1", "unit": "H1", "result": "I1", "satisfaction": "J1"},
        unread={"F1"})


def merged_header_ledger(folder: Path) -> tuple[Path, Expect]:
    """A hand-made 信访事项登记台账 with a title and a two-row header whose groups are merged cells."""
    workbook, sheet = _sheet("2019年")
    sheet.append(["开江县××局信访事项登记台账（2019年）"])
    sheet.merge_cells("A1:J1")
    sheet.append(["序号", "信访人", None, None, "登记", None, "反映问题", "办理", None, "备注"])
    sheet.append([None, "姓名", "身份证号", "联系电话", "日期", "人", None, "科室", "结果", None])
    for top_left, bottom_right in (("A2", "A3"), ("B2", "D2"), ("E2", "F2"), ("G2", "G3"), ("H2", "I2"), ("J2", "J3")):
        sheet.merge_cells(f"{top_left}:{bottom_right}")
    _rows(sheet, [
        [1, "张三", id_number("51172319800101123"), "13800001111", D(2019, 9, 2), "李登记", "门前污水横流", "村镇股",
         "已疏通沟渠", None],
        [2, "李四", None, "0818-8221234", D(2019, 9, 5), "李登记", "生活垃圾未清运", "环卫股", None, "电话反映"],
        [3, "王五", id_number("51172319750505432"), "13900002222", D(2019, 9, 9), "李登记", "违规搭建", "市容股",
         "已责令拆除", None],
    ])
    sheet.append([])
    sheet.append(["注：本表每月 5 日前报送县信访局。"])
    return _save(workbook, folder / "信访事项登记台账.xlsx"), Expect(
        cases=3,
        fields={"case_id": "A3", "petitioner": "B3", "id_number": "C3", "phone": "D3", "registered_on": "E3",
                "registrar": "F3", "demand": "G3", "unit": "H3", "result": "I3", "remarks": "J3"},
        case_names=["1", "2", "3"])


def stability_ledger(folder: Path) -> tuple[Path, Expect]:
    """稳控 ledger: no case number, responsible units and leaders that must not be guessed."""
    workbook, sheet = _sheet("重点人员稳控台账")
    sheet.append(["重点信访人员稳控台账"])
    sheet.append(["姓名", "身份证号码", "联系电话", "现住址", "反映的主要问题", "信访事项类别", "属事责任单位",
                  "稳控级别（一、二、三级）", "包案领导", "稳控责任人", "登记日期"])
    _rows(sheet, [
        ["赵六", id_number("51172319660303111"), "13700003333", "开江县新宁镇", "要求解决宅基地纠纷", "其他", "新宁镇",
         "二级", "刘副县长", "周某", "2019-08-12"],
        ["钱七", None, "13600004444", "开江县普安镇", "反映养殖场污染", "畜禽粪污", "普安镇", "三级", "孙局长", "吴某",
         "2019-08-20"],
    ])
    return _save(workbook, folder / "稳控台账.xlsx"), Expect(
        cases=2,
        fields={"petitioner": "A2", "id_number": "B2", "phone": "C2", "address": "D2", "demand": "E2",
                "category": "F2", "registered_on": "K2"},
        unread={"G2", "H2", "I2", "J2"},
        case_names=["第3行", "第4行"])


def us_dates_export(folder: Path) -> tuple[Path, Expect]:
    """An export from an English-language Excel: month-first dates typed as text, one column settled."""
    workbook, sheet = _sheet("Sheet1")
    sheet.append(["信访件编号", "姓名", "信访日期", "信访形式", "信访内容", "信访人数", "办结时间"])
    _rows(sheet, [
        ["XF-2016-01", "孙八", "12/16/2016", "来信", "反映小区垃圾站异味", 1, "1/5/2017"],
        ["XF-2016-02", "周九", "9/3/2016", "来访", "要求修复村道", "3人", "2/3/2017"],
        ["XF-2016-03", "吴十", "11/28/2016 14:05", "来电", "反映施工噪音", 1, None],
    ])
    return _save(workbook, folder / "导出数据.xlsx"), Expect(
        cases=3,
        fields={"case_id": "A1", "petitioner": "B1", "registered_on": "C1", "form": "D1", "demand": "E1",
                "people_count": "F1", "closed_on": "G1"},
        today=D(2017, 3, 1))


def marked_headers_ledger(folder: Path) -> tuple[Path, Expect]:
    """Headers with required marks, line breaks and notes; dates with times of day and dashes."""
    workbook, sheet = _sheet("台账")
    sheet.append(["信访事项登记台账"])
    sheet.append(["案件编号*", "信访人\n（姓名）", "登记日期（必填）", "联系电话(手机)", "问题属地乡镇\n(街道)",
                  "诉求内容（简要）", "信访形式", "受理时间", "承办人"])
    _rows(sheet, [
        ["2019-001", "郑一", "2019年9月3日上午", "13500005555", "新宁镇", "河道垃圾堆积", "来访", "2019年09月05日 10时30分",
         "何某"],
        ["2019-002", "冯二", "2019—09—05", "13400006666", "宝石镇", "化粪池外溢", "来信", "2019–9–9", "何某"],
    ])
    return _save(workbook, folder / "登记台账.xlsx"), Expect(
        cases=2,
        fields={"case_id": "A2", "petitioner": "B2", "registered_on": "C2", "phone": "D2", "township": "E2",
                "demand": "F2", "form": "G2", "accepted_on": "H2", "handler": "I2"},
        case_names=["2019-001", "2019-002"])


def spaced_headers_with_mapping_file(folder: Path) -> tuple[Path, Expect]:
    """Full-width and spaced headers, and an office 表头对照.xlsx beside the ledger for its own words."""
    workbook, sheet = _sheet("来信登记")
    sheet.append(["ＩＤ", "举报人姓  名", "来件 时间", "信访人数", "信访人身份证", "信访人联系方式", "信访人现住址",
                  "来访方式", "办理答复情况", "内部流水号"])
    _rows(sheet, [
        ["１", "卫三", "2019/10/08", 2, id_number("51172319900909222"), "13300007777", "开江县任市镇", "网络",
         "已答复", "LS-88"],
        ["２", "蒋四", "2019/10/09", 1, None, "13200008888", "开江县广福镇", "电话", "正在办理", "LS-89"],
    ])
    path = _save(workbook, folder / "来信登记.xlsx")
    mapping, sheet = _sheet("表头对照")
    _rows(sheet, [["原表头", "标准列", "说明"], ["来访方式", "信访形式", ""], ["内部流水号", "不读取", "系统编号"], [],
                  ["列", "原值", "标准值"], ["信访形式", "网络", "网上信访"], ["来访方式", "电话", "来电"]])
    _save(mapping, folder / "表头对照.xlsx")
    return path, Expect(
        cases=2,
        fields={"case_id": "A1", "petitioner": "B1", "registered_on": "C1", "people_count": "D1", "id_number": "E1",
                "phone": "F1", "address": "G1", "form": "H1", "result": "I1"},
        unread={"J1"}, case_names=["1", "2"])


def mapping_sheet_ledger(folder: Path) -> tuple[Path, Expect]:
    """A ledger that carries its own 表头对照 sheet: 责任单位 is, for this office, the township."""
    workbook, sheet = _sheet("信访台账")
    sheet.append(["来信编号", "来信人", "来信日期", "责任单位", "主要问题", "处理部门", "答复意见"])
    _rows(sheet, [
        ["L-01", "韩五", "20190915", "灵岩镇", "村口垃圾池破损", "环卫股", "已维修"],
        ["L-02", "杨六", "2019.9.18", "梅家乡", "饮水管道污染", "村镇股", None],
        ["L-03", "朱七", 43731, "长岭镇", "道路扬尘", "市容股", "已洒水降尘"],
    ])
    mapping = workbook.create_sheet("表头对照")
    _rows(mapping, [["原表头", "标准列", "说明"], ["责任单位", "问题属地乡镇", "本办的责任单位指乡镇"]])
    return _save(workbook, folder / "信访台账.xlsx"), Expect(
        cases=3,
        fields={"case_id": "A1", "petitioner": "B1", "registered_on": "C1", "township": "D1", "demand": "E1",
                "unit": "F1", "result": "G1"},
        case_names=["L-01", "L-02", "L-03"])


BUILDERS = (jijian_register, hotline_export, merged_header_ledger, stability_ledger, us_dates_export,
            marked_headers_ledger, spaced_headers_with_mapping_file, mapping_sheet_ledger)
