"""Generate the example ledger and the 股室 quarterly files: synthetic, seeded, deterministic.

    python examples/generate.py [--seed N] [--rows N] [--out DIR] [--force]

writes `<out>/示例台账.xlsx` (about 300 cases, 2018-08 … 2020-12, as of 2021-01-15) and three
2020Q3 股室 files under `<out>/股室/` for `xlkit merge`. Every person is invented: names are random
combinations, ID numbers have valid GB 11643 check digits but random birth dates and sequence numbers,
phone numbers are random. Dates follow the law's arithmetic (`xlkit.deadlines.calendar.WorkCalendar`), so a row
that is not listed in DELIBERATE_MISTAKES is really correct.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from xlkit.deadlines.calendar import WorkCalendar
from xlkit.schema import CAMPAIGN_END, COLUMNS, EVALUATED, TOWNSHIPS, YES, header

DEFAULT_SEED = 20180801
DEFAULT_ROWS = 300
#: The ledger's story ends here (the campaign has just closed); tests and the demo pass `--today 2021-01-15`.
TODAY = dt.date(2021, 1, 15)
FIRST_DAY = dt.date(2018, 8, 1)
LAST_DAY = dt.date(2020, 12, 31)
NO = "否"
SLOW_FROM, SLOW_TO = dt.date(2020, 11, 12), dt.date(2020, 11, 20)

LEDGER_NAME = "示例台账.xlsx"
UNIT_DIR = "股室"
QUARTER = (dt.date(2020, 7, 1), dt.date(2020, 9, 30))
UNIT_FILES = ("2020Q3-市容股.xlsx", "2020Q3-环卫股.xlsx", "2020Q3-村镇股.xls")
#: The extra column the 环卫股 keeps in its own sheet (not a ledger column; merge must tolerate it).
UNIT_EXTRA_HEADER = "股室内部备注"

#: (案件编号, field, what is wrong) — the mistakes planted on purpose for `xlkit check` to report.
#: With the default seed and row count the generator plants exactly these (a test holds it to that).
DELIBERATE_MISTAKES: list[tuple[str, str, str]] = [
    ("2018-020", "id_number", "身份证号最后一位校验码错误（应为 1，填成 0）"),
    ("2019-024", "phone", "联系电话只有 10 位（手机号少一位）"),
    ("2019-040", "accepted_on", "受理日期（2019-05-08）早于交办日期（2019-05-09）"),
    ("2019-047", "case_id", "案件编号 2019-047 出现在两行（第二行本应为 2019-048）"),
    ("2019-050", "extension_days", "延期天数填了 45 天，超过 30 天上限"),
    ("2019-077", "extension_days", "是否延期为“是”，但没有填延期天数"),
    ("2019-111", "extension_notice_on", "延期告知日期（2020-02-05）晚于原办理期限（2020-02-03），延期不成立，处理意见因此逾期完成"),
    ("2019-117", "rectified_on", "审核结论为“需整改”，但没有整改完成日期"),
    ("2020-017", "township", "2020 年登记的案件仍填已撤销的“天师镇”（已并入回龙镇）"),
    ("2020-030", "extension_approver", "是否延期为“是”，但没有填延期批准人：延期未经负责人批准不计入期限，处理意见因此逾期完成"),
    ("2020-032", "township", "问题属地乡镇“甘堂镇”不在乡镇字典中（应为甘棠镇）"),
    ("2020-050", "unsettled_analysis", "受理已超过 60 日仍未息诉息访，未填未息访原因分析和下步措施"),
    ("2020-118", "satisfaction", "已填满意度评价和评价日期，但没有处理意见送达日期（送达情况未登记）"),
]

#: Not mistakes but real-life cases `xlkit check` reports as 提示: (案件编号, field, why).
EXPECTED_HINTS: list[tuple[str, str, str]] = [
    ("2019-103", "petition_type", "信访类型为建议意见类，不属于攻坚行动统计范围"),
    ("2020-045", "petition_type", "信访类型为检举控告类，不属于攻坚行动统计范围"),
    ("2018-036", "id_number", "重复信访人：与 2019-032 为同一信访人"),
    ("2019-032", "id_number", "重复信访人：与 2018-036 为同一信访人（息访后反弹再次信访）"),
    ("2019-111", "opinion_on", "延期不成立，处理意见逾期完成（延期告知过晚的后果）"),
    ("2020-030", "opinion_on", "延期不成立，处理意见逾期完成（延期未经批准的后果）"),
]


# ---------------------------------------------------------------------------
# Invented people

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程魏苏吕丁任沈姚卢"
    "姜崔钟谭陆汪范金石廖贾夏付方邹熊白孟秦邱侯江尹薛段雷黎史龙陶贺顾毛郝龚邵万向严汤"
)
MALE_CHARS = "国建明华平军伟强德志成永海俊文福贵富兴荣林洪云祥清正光全生昌秀学东松"
FEMALE_CHARS = "秀英桂兰芳玉琼淑珍凤华丽梅萍燕红霞莲琴春翠芬菊蓉群"
STAFF = {
    "registrar": ("罗晓燕", "邓文静"),
    "assigner": ("张德明", "刘春华"),
    "reviewer": ("陈志远", "黄丽君"),
    "approver": ("李建国",),
}
HANDLERS = {
    "综合股": ("唐小平", "付琳"),
    "市容股": ("谭永强", "蒋红梅"),
    "环卫股": ("杨春林", "周晓琴", "何勇"),
    "村镇股": ("余国华", "彭丽", "曾志刚"),
    "督查股": ("冯德全", "汪敏"),
}
VILLAGE_STEMS = (
    "金山", "白岩", "双河", "石桥", "竹园", "青龙", "龙潭", "红花", "观音", "高峰", "大树", "柏林", "桂花", "三清",
    "文家", "马鞍", "凉水", "长乐", "新农", "玉泉", "杨柳", "寨子", "堰塘", "花园", "梨树", "土桥", "黄泥",
    "回春", "狮子", "板桥",
)
COMMUNITY_STEMS = ("东街", "南门", "西城", "北环", "新城", "滨河", "文昌", "永丰")
MOBILE_PREFIXES = ("133", "135", "136", "138", "139", "150", "151", "152", "157", "158", "159", "180", "181",
                   "182", "183", "187", "188", "189", "199")
ID_AREAS = (("511723", 90), ("511702", 3), ("511703", 3), ("511722", 4))  # 开江县 mostly, some neighbours
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"


def id_check_digit(first17: str) -> str:
    """The GB 11643 check character of the first 17 digits."""
    return ID_CHECK[sum(int(d) * w for d, w in zip(first17, ID_WEIGHTS, strict=True)) % 11]


def id_is_valid(number: str) -> bool:
    return len(number) == 18 and number[:17].isdigit() and id_check_digit(number[:17]) == number[17]


def _weighted(rng: random.Random, table: tuple[tuple[Any, int], ...]) -> Any:
    values, weights = zip(*table, strict=True)
    return rng.choices(values, weights=weights)[0]


@dataclass
class Person:
    name: str
    id_number: str
    phone: str


def make_person(rng: random.Random, on: dt.date) -> Person:
    male = rng.random() < 0.62
    chars = MALE_CHARS if male else FEMALE_CHARS
    given = "".join(rng.choice(chars) for _ in range(rng.choice((1, 2, 2, 2))))
    name = rng.choice(SURNAMES) + given
    birth = dt.date(on.year - rng.randint(28, 82), 1, 1) + dt.timedelta(days=rng.randint(0, 364))
    sequence = rng.randint(0, 99) * 10 + rng.choice((1, 3, 5, 7, 9) if male else (0, 2, 4, 6, 8))
    first17 = f"{_weighted(rng, ID_AREAS)}{birth:%Y%m%d}{sequence:03d}"
    phone = rng.choice(MOBILE_PREFIXES) + f"{rng.randint(0, 99_999_999):08d}"
    return Person(name, first17 + id_check_digit(first17), phone)


# ---------------------------------------------------------------------------
# What people petition about (category → unit; wording of each stage)

@dataclass(frozen=True)
class Topic:
    demand: str  # {place} = 村 + 组
    investigation: str
    basis: str
    result: str  # what was done when the demand was (partly) reasonable
    refused: str  # why an unreasonable demand was not granted
    unsettled: str  # why the petitioner is still not satisfied
    next_steps: str


SICHUAN_REG = "《四川省城乡环境综合治理条例》"
VILLAGE_PLAN = "《农村人居环境整治三年行动方案》"

TOPICS: dict[str, tuple[Topic, ...]] = {
    "生活垃圾": (
        Topic("反映{place}垃圾收集点长期无人清运，垃圾堆积发臭、蚊蝇滋生，要求增设垃圾桶并定期清运。",
              "经{unit}会同{town}人民政府实地核查，该收集点由村保洁员负责，保洁员更换期间清运中断约一个月，反映情况属实。",
              f"{SICHUAN_REG}、{VILLAGE_PLAN}及县农村生活垃圾收运处置有关规定。",
              "督促{town}人民政府三日内清运积存垃圾，新增垃圾桶{n}个，明确保洁员每日清运一次并公示监督电话。",
              "该收集点已按“户分类、村收集、镇转运”要求每日清运，信访人要求将收集点迁出本组缺乏依据。",
              "信访人认为新设垃圾桶离其住房过近，要求再次搬迁。",
              "由{town}分管领导牵头与信访人及相邻农户协商选址，下月底前完成调整并回访。"),
        Topic("反映{place}村道旁有人随意倾倒建筑垃圾和生活垃圾，要求清理并制止乱倒行为。",
              "经现场核查，村道旁堆放建筑垃圾约{n}立方米，系附近农户建房时倾倒，反映情况属实。",
              f"{SICHUAN_REG}、《中华人民共和国固体废物污染环境防治法》。",
              "责成倾倒农户限期清运，{town}人民政府在路口设置警示牌，纳入村规民约管理。",
              "所反映垃圾已于来信前清理完毕，现场无新增倾倒，信访人要求对相邻农户罚款不属于本办职权。",
              "信访人认为乱倒行为仍时有发生，对处理结果不认可。",
              "安排网格员每周巡查，发现乱倒及时制止并通报，一个月后回访。"),
    ),
    "污水治理": (
        Topic("反映{place}生活污水直排沟渠，气味难闻，要求修建污水处理设施。",
              "经{unit}与{town}人民政府现场核查，该组{n}户生活污水经明沟直排，尚未纳入污水治理项目，反映情况属实。",
              f"{VILLAGE_PLAN}、《中华人民共和国水污染防治法》及县农村生活污水治理实施计划。",
              "已将该组纳入年度农村生活污水治理项目，先行清掏明沟并加盖，建设小型污水处理设施。",
              "该组已建成分散式污水处理设施并正常运行，信访人要求单独接管到户超出项目建设标准。",
              "信访人认为污水设施建设进度慢，要求立即完工。",
              "督促施工单位倒排工期，{town}每半月向信访人通报进度。"),
        Topic("反映{place}场镇污水管网堵塞，雨天污水漫进住户院坝，要求疏通维修。",
              "经现场查看，该段管网因淤积堵塞约{n}米，雨天溢流，反映情况属实。",
              f"{SICHUAN_REG}、《城镇排水与污水处理条例》。",
              "组织专业队伍疏通管网并更换破损检查井盖，建立每季度清淤制度。",
              "管网经检测运行正常，院坝积水系信访人自建排水沟坡度不足所致，已指导其自行整改。",
              "信访人认为疏通后仍有异味，要求更换整段管网。",
              "委托第三方检测管网状况，根据检测结果确定是否列入改造计划。"),
    ),
    "村庄清洁": (
        Topic("反映{place}房前屋后杂物乱堆、院坝脏乱，要求组织清理。",
              "经{town}人民政府核查，该组部分农户房前屋后堆放柴草杂物，反映情况基本属实。",
              f"{VILLAGE_PLAN}、县村庄清洁行动实施方案。",
              "组织开展村庄清洁行动，清理杂物堆{n}处，引导农户签订门前三包责任书。",
              "所反映区域已纳入村庄清洁行动并清理完毕，信访人要求对邻居处罚缺乏依据。",
              "信访人认为邻居杂物仍未彻底清理。",
              "由村两委再次入户劝导，一个月内复查并回访信访人。"),
    ),
    "厕所改造": (
        Topic("反映{place}改厕工程质量差，化粪池渗漏，要求返工维修。",
              "经{unit}会同{town}人民政府入户核查，该户三格式化粪池隔板开裂渗漏，反映情况属实。",
              f"{VILLAGE_PLAN}、《农村户厕建设规范》及县农村户厕改造实施方案。",
              "责成施工单位返工更换化粪池，{town}组织验收合格后兑现补助。",
              "该户改厕已按标准建设并验收合格，渗漏系信访人自行改接管道所致，已指导其恢复。",
              "信访人认为返工后仍有异味，要求更换整套设施。",
              "组织技术人员再次入户检测，检测不合格的由施工单位负责更换。"),
        Topic("反映{place}改厕补助款未发放到位，要求兑现补助。",
              "经核查，该户已完成改厕并验收合格，因资料报送滞后补助{n}00元尚未拨付，反映情况属实。",
              f"{VILLAGE_PLAN}及县农村户厕改造补助资金管理有关规定。",
              "督促{town}人民政府完善资料并于十个工作日内将补助资金打卡发放到户。",
              "该户改厕未达到验收标准，补助暂缓发放，已告知整改后可申请复验。",
              "信访人对补助标准有异议，认为应按贫困户标准补助。",
              "由{town}向信访人书面解释补助政策，并核实其建档立卡身份。"),
    ),
    "畜禽粪污": (
        Topic("反映{place}养殖户猪粪直排，臭气熏天，要求整治。",
              "经{unit}与县农业农村部门联合核查，该养殖户存栏生猪{n}0余头，粪污未经处理直排沟渠，反映情况属实。",
              "《畜禽规模养殖污染防治条例》、《中华人民共和国环境保护法》。",
              "责令养殖户建设沼气池和堆粪棚，限期完成粪污资源化利用，整改前减少存栏。",
              "该养殖场粪污处理设施运行正常，经检测达标，信访人要求关停养殖场缺乏依据。",
              "信访人认为夏季仍有臭味，要求关停养殖场。",
              "联合农业农村部门每月监测，督促养殖户加装除臭设施。"),
    ),
    "容貌秩序": (
        Topic("反映{place}场镇街道占道经营、乱搭乱建，影响通行，要求整治。",
              "经{unit}现场核查，该路段存在占道经营摊点{n}处、违规雨棚2处，反映情况属实。",
              f"{SICHUAN_REG}、《城市市容和环境卫生管理条例》。",
              "联合{town}人民政府规范摊点经营，拆除违规雨棚，设置临时便民疏导点。",
              "所反映摊点为规划设置的便民疏导点，信访人要求全部取缔与方便群众原则不符。",
              "信访人认为整治后占道现象反弹。",
              "纳入场镇常态化巡查，每周通报整治情况。"),
    ),
    "环境卫生": (
        Topic("反映{place}公共区域长期无人清扫，卫生状况差，要求落实保洁。",
              "经核查，该区域保洁责任未明确到人，清扫不及时，反映情况属实。",
              f"{SICHUAN_REG}、县城乡环境卫生保洁管理有关规定。",
              "明确保洁员{n}名负责该区域日常清扫，纳入月度考核。",
              "该区域已落实保洁员每日清扫，信访人要求增加清扫频次超出保洁标准。",
              "信访人认为保洁质量仍不稳定。",
              "{town}每周抽查保洁质量，考核结果与保洁经费挂钩。"),
    ),
    "设施建设": (
        Topic("反映{place}垃圾转运站建设停工，要求尽快建成投用。",
              "经{unit}核查，该转运站因征地问题停工约{n}个月，反映情况属实。",
              f"{SICHUAN_REG}及县城乡环境基础设施建设项目管理有关规定。",
              "协调{town}人民政府解决征地问题，督促施工单位复工，约定完工时限。",
              "该转运站已按计划建成投用，信访人要求另行选址重建缺乏依据。",
              "信访人认为转运站选址离住户太近。",
              "组织环境影响评估，根据评估结果落实防护措施。"),
    ),
    "公共服务": (
        Topic("反映{place}公共厕所长期关闭，群众如厕不便，要求开放并管护。",
              "经核查，该公厕因管护人员空缺关闭{n}个月，反映情况属实。",
              f"{VILLAGE_PLAN}、县公共厕所管理有关规定。",
              "落实公厕管护人员，当日恢复开放，公示开放时间和监督电话。",
              "该公厕已正常开放，夜间关闭系管护安排，已向信访人解释。",
              "信访人要求公厕全天开放。",
              "研究延长开放时间的可行性，一个月内答复信访人。"),
    ),
    "绿化生态": (
        Topic("反映{place}河岸绿化带被毁，乱扔垃圾，要求恢复。",
              "经现场核查，绿化带被毁约{n}0平方米，系施工车辆碾压所致，反映情况属实。",
              f"{SICHUAN_REG}、县城乡绿化管理有关规定。",
              "责成施工单位补植绿化，{town}人民政府加强巡查。",
              "绿化带已纳入河岸整治项目统一改造，信访人要求保留原有树种缺乏依据。",
              "信访人认为补植苗木规格偏小。",
              "督促施工单位按设计规格补植，验收时邀请信访人参加。"),
    ),
    "违规建设": (
        Topic("反映{place}有人在公路边违规搭建彩钢棚，影响村容村貌，要求拆除。",
              "经{unit}会同{town}人民政府核查，该彩钢棚约{n}0平方米，未办理任何手续，反映情况属实。",
              f"{SICHUAN_REG}、《中华人民共和国城乡规划法》。",
              "依法下达限期拆除通知书，当事人已自行拆除。",
              "该建筑系经批准的临时农业生产用房，手续齐全，信访人要求拆除缺乏依据。",
              "信访人认为拆除不彻底，地基仍在。",
              "督促当事人清理地基并恢复原状，完成后回访。"),
    ),
    "其他": (
        Topic("反映{place}环境整治中损坏其菜地围栏，要求赔偿。",
              "经核查，整治施工确实损坏信访人菜地围栏约{n}0米，反映情况属实。",
              "《中华人民共和国民法总则》及县城乡环境综合治理项目施工管理有关规定。",
              "协调施工单位按市场价格赔偿并恢复围栏。",
              "所反映围栏系信访人占用集体土地自行搭建，整治中依法清理，不予赔偿。",
              "信访人对赔偿金额有异议。",
              "组织双方再次协商，协商不成引导信访人通过法律途径解决。"),
    ),
}
SUGGESTION = Topic(
    "建议在{place}附近增设分类垃圾桶，并公布垃圾清运时间。",
    "经核查，该区域现有垃圾桶{n}个，尚未实行分类投放。",
    f"{SICHUAN_REG}、县生活垃圾分类工作有关规定。",
    "采纳信访人建议，增设分类垃圾桶并在村务公开栏公布清运时间。",
    "该区域暂不具备分类收运条件，建议已记录，待条件成熟时实施。",
    "信访人希望尽快实施。", "纳入下年度垃圾分类试点统筹考虑。",
)
ACCUSATION = Topic(
    "检举{place}保洁员长期不在岗、冒领保洁工资，要求查处。",
    "经{town}人民政府核查考勤记录和走访群众，该保洁员存在缺岗{n}天的情况，未发现冒领工资。",
    f"{SICHUAN_REG}及县农村保洁员管理有关规定。",
    "责成{town}人民政府按规定扣减缺岗期间保洁工资，对该保洁员批评教育。",
    "经核查，检举冒领工资的问题不属实。",
    "信访人认为处理过轻。", "由{town}纪委跟踪了解，发现新问题线索依规处理。",
)
CATEGORY_WEIGHTS = (("生活垃圾", 20), ("污水治理", 15), ("村庄清洁", 8), ("厕所改造", 14), ("畜禽粪污", 8),
                    ("容貌秩序", 6), ("环境卫生", 8), ("设施建设", 8), ("公共服务", 4), ("绿化生态", 3),
                    ("违规建设", 4), ("其他", 2))
CATEGORY_UNIT = {
    "生活垃圾": "环卫股", "环境卫生": "环卫股", "村庄清洁": "环卫股",
    "容貌秩序": "市容股", "违规建设": "市容股", "绿化生态": "市容股",
    "污水治理": "村镇股", "厕所改造": "村镇股", "畜禽粪污": "村镇股", "设施建设": "村镇股",
    "公共服务": "综合股", "其他": "综合股",
}
SOURCES = (("本办受理", 40), ("县信访局", 25), ("县扶贫移民局", 15), ("县纪委", 8), ("县监察委", 5), ("其他", 7))
UPPER_REF_PREFIX = {"县信访局": "开信转", "县扶贫移民局": "开扶移函", "县纪委": "开纪信交", "县监察委": "开监信交"}
FORMS = (("来访", 35), ("来信", 25), ("来电", 20), ("网上信访", 18), ("其他", 2))
SATISFACTION = (("满意", 80), ("基本满意", 13), ("不满意", 4), ("未参评", 3))
FINDINGS = (("合理", 60), ("部分合理", 28), ("不合理", 12))
MEASURES = {"合理": (("解决到位", 90), ("帮扶救助", 10)),
            "部分合理": (("解决到位", 50), ("帮扶救助", 25), ("思想教育", 25)),
            "不合理": (("思想教育", 75), ("依法处理", 25))}
SERVICE = (("直接送达", 80), ("邮寄送达", 12), ("委托送达", 8))
TOWN_WEIGHTS = {"新宁镇": 14, "普安镇": 9, "回龙镇": 7, "永兴镇": 6, "讲治镇": 6, "甘棠镇": 6, "任市镇": 7,
                "广福镇": 5, "长岭镇": 5, "八庙镇": 5, "灵岩镇": 4, "梅家乡": 3, "淙城街道": 8}
ABOLISHED_WEIGHT = 3
REVIEW_PROBLEMS = ("卷内缺少处理意见书送达回证，请补齐后重新报审。", "调查核实情况记录过简，请补充现场照片和询问笔录。",
                   "满意度评价表未经信访人签字确认，请补签。")
EXTENSION_REASONS = ("案情复杂，需会同县农业农村局、属地乡镇联合调查。", "涉及项目资金拨付，需县财政局审核。",
                     "需委托第三方检测，检测周期较长。", "涉及多户村民利益，需逐户走访核实。")
PENDING_ANALYSIS = ("处理意见尚在延期办理中，信访人等待处理结果，暂未息诉息访。",
                    "依法延期办理，按延期期限出具处理意见并当面送达，做好解释疏导。")
WAITING_ANALYSIS = ("处理意见已送达，信访人表示待整改措施落实到位后再签署息诉息访书。",
                    "督促属地按处理意见落实整改，整改完成后回访并请信访人签署息诉息访书。")
REBOUND_ANALYSIS = ("息访后问题出现反复，信访人再次来访反映。", "重新核查问题反复原因，落实长效管护，由承办人每月回访。")


# ---------------------------------------------------------------------------
# One case's life


class Calendar:
    """The statutory calendar plus the small helpers the generator needs."""

    def __init__(self) -> None:
        self.work = WorkCalendar()

    def roll(self, day: dt.date) -> dt.date:
        return self.work.roll(day)[0]

    def after(self, day: dt.date, days: int) -> dt.date:
        """The first working day on or after `day + days`."""
        return self.roll(day + dt.timedelta(days=days))

    def due(self, start: dt.date, days: int) -> dt.date:
        return self.work.add_days(start, days).due


def registration_dates(rng: random.Random, count: int, cal: Calendar) -> list[dt.date]:
    """`count` working days from FIRST_DAY to LAST_DAY, sorted; the first and last days are pinned."""
    days = [FIRST_DAY + dt.timedelta(days=i) for i in range((LAST_DAY - FIRST_DAY).days + 1)]
    working = [d for d in days if cal.work.is_working_day(d)]

    def weight(day: dt.date) -> float:
        if day < dt.date(2018, 9, 1):
            return 0.9  # the campaign was being launched
        if day >= dt.date(2020, 12, 1):
            return 1.6  # year-end sweep before the campaign closes
        return 1.0

    if count <= 2:
        return [working[0], working[-1]][:count]
    middle = rng.choices(working, weights=[weight(d) for d in working], k=count - 2)
    return sorted([working[0], *middle, working[-1]])


def townships_on(day: dt.date) -> list[tuple[str, int]]:
    return [(t.name, TOWN_WEIGHTS.get(t.name, ABOLISHED_WEIGHT)) for t in TOWNSHIPS if t.valid_on(day)]


def place_of(rng: random.Random, town: str) -> tuple[str, str]:
    """(村(社区), the place as written in a demand)."""
    if town == "淙城街道" or (town == "新宁镇" and rng.random() < 0.3):
        village = rng.choice(COMMUNITY_STEMS) + "社区"
        return village, village
    village = rng.choice(VILLAGE_STEMS) + "村"
    return village, f"{village}{rng.randint(1, 12)}组"


@dataclass
class Plan:
    """The full timeline of a case, before anything after TODAY is cut off."""

    case: dict[str, Any]
    events: list[tuple[dt.date, dict[str, Any]]]


def plan_case(rng: random.Random, cal: Calendar, case_id: str, registered: dt.date, topic_kind: str = "求决类",
              assign_lag: int | None = None, slow: bool = False, slow_acceptance: bool = False) -> Plan:
    """The whole life of one case; `slow` cases answer (and `slow_acceptance` ones accept) on the last day
    allowed, to be open near TODAY."""
    person = make_person(rng, registered)
    town = _weighted(rng, tuple(townships_on(registered)))
    village, place = place_of(rng, town)
    category = _weighted(rng, CATEGORY_WEIGHTS)
    topic = rng.choice(TOPICS[category])
    if topic_kind == "建议意见类":
        topic, category = SUGGESTION, "生活垃圾"
    elif topic_kind == "检举控告类":
        topic, category = ACCUSATION, "环境卫生"
    unit = CATEGORY_UNIT[category]
    key = rng.random() < 0.06
    if key and rng.random() < 0.5:
        unit = "督查股"  # 领导包案 cases are followed by the 督查股
    source = _weighted(rng, SOURCES)
    people = 1 if rng.random() < 0.8 else rng.choice((2, 3, 5, 8, 12, 23))
    words = {"place": place, "town": town, "unit": unit, "n": rng.randint(2, 9)}
    case: dict[str, Any] = {
        "case_id": case_id, "registered_on": registered, "registrar": rng.choice(STAFF["registrar"]),
        "source": source, "form": _weighted(rng, FORMS), "petition_type": topic_kind,
        "petitioner": person.name, "id_number": person.id_number, "phone": person.phone,
        "address": f"开江县{town}{place}{'' if place.endswith('社区') else str(rng.randint(1, 60)) + '号'}",
        "people_count": people, "township": town, "village": village,
        "poor_household": YES if rng.random() < 0.42 else NO, "category": category,
        "demand": topic.demand.format(**words) + ("（联名信访）" if people > 1 else ""),
        "key_case": YES if key else NO,
    }
    events: list[tuple[dt.date, dict[str, Any]]] = []
    if source in UPPER_REF_PREFIX:
        case["upper_ref"] = (UPPER_REF_PREFIX[source], registered.year)  # numbered later
    lag = assign_lag if assign_lag is not None else _weighted(rng, ((0, 30), (1, 40), (2, 20), (3, 10)))
    assigned = cal.after(registered, lag)
    events.append((assigned, {"assigned_on": assigned, "assigner": rng.choice(STAFF["assigner"]), "unit": unit,
                              "handler": rng.choice(HANDLERS[unit])}))
    if source in UPPER_REF_PREFIX:
        case["_upper_deadline"] = cal.due(registered, 90)

    if rng.random() < 0.018:  # 不予受理 / 转送其他机关: no handling deadlines, but a decision notice in time
        decided = cal.after(assigned, rng.randint(1, 3))
        decision = rng.choice(("不予受理", "转送其他机关"))
        remark = ("所反映事项已由法院判决，依法不予受理，已书面告知信访人。" if decision == "不予受理"
                  else "所反映事项属县住房城乡建设局职责，已转送并书面告知信访人。")
        # the notice is served the day of the decision, within the period of the stage table (no new random
        # draws: every other case stays as it was)
        campaign = topic_kind == "求决类" and registered <= CAMPAIGN_END
        decided = min(decided, cal.due(assigned, 5) if campaign else cal.due(registered, 15))
        events.append((decided, {
            "acceptance_decision": decision, "accepted_on": decided, "acceptance_ref": "受", "remarks": remark,
            "acceptance_served_on": decided,
            **({"decision_reason": "所反映事项已由人民法院作出生效判决，属于依法应当通过诉讼途径解决的事项",
                "competent_body": "开江县人民法院（依照诉讼程序）"} if decision == "不予受理"
               else {"competent_body": "开江县住房和城乡建设局"})}))
        if "_upper_deadline" in case:  # the higher body hears of the decision too (上级报结 is a stage)
            events.append((cal.after(decided, 1), {"reported_on": cal.after(decided, 1)}))
        return Plan(case, events)

    # the plan's 5 days from 交办, never later than the law's 15 from receipt (xlkit's stage table); a case
    # assigned after the law's last day (only in the unshown future here) is accepted when assigned
    notice_due = min(cal.due(assigned, 5), max(assigned, cal.due(registered, 15)))
    accepted = min(cal.after(assigned, _weighted(rng, ((0, 40), (1, 40), (2, 20)))), notice_due)
    if slow_acceptance:
        accepted = notice_due
    served_notice = min(cal.after(accepted, _weighted(rng, ((0, 50), (1, 30), (2, 20)))), notice_due)
    if slow:
        served_notice = notice_due
    events.append((accepted, {"accepted_on": accepted, "acceptance_decision": "受理", "acceptance_ref": "受"}))
    events.append((served_notice, {"acceptance_served_on": served_notice}))

    original_due = cal.due(accepted, 60)
    case["_original_due"] = original_due
    case["_accepted"] = accepted
    extended = rng.random() < 0.1
    if extended:
        days = rng.choice((15, 20, 30))
        notice = min(cal.after(accepted, rng.randint(45, 55)), original_due)
        extended_due = cal.due(original_due, days)
        opinion = min(cal.after(original_due, rng.randint(1, days - 1)), extended_due)
        events.append((notice, {"extended": YES, "extension_days": days, "extension_notice_on": notice,
                                "extension_reason": rng.choice(EXTENSION_REASONS),
                                "extension_approver": STAFF["approver"][0]}))
        if "_upper_deadline" in case:
            case["_upper_deadline"] = cal.due(registered, 120)
    else:
        opinion = min(cal.after(accepted, rng.randint(12, 56)), original_due)
        if slow:
            opinion = original_due
    finding = _weighted(rng, FINDINGS)
    measure = _weighted(rng, MEASURES[finding])
    result = (topic.refused if finding == "不合理" else topic.result).format(**words)
    if finding == "部分合理":
        result += "对信访人超出政策标准的其他要求，已当面解释。"
    events.append((opinion, {
        "extended": None if extended else NO,
        "investigation": topic.investigation.format(**words), "legal_basis": topic.basis,
        "opinion_ref": "处", "opinion_on": opinion, "demand_finding": finding, "measure": measure, "result": result,
    }))
    served = cal.after(opinion, _weighted(rng, ((0, 20), (1, 35), (2, 25), (3, 12), (5, 8))))
    events.append((served, {"opinion_served_on": served, "service_method": _weighted(rng, SERVICE),
                            "receipt_signed": YES}))
    satisfaction = _weighted(rng, SATISFACTION)
    if finding == "不合理" and satisfaction == "满意" and rng.random() < 0.4:
        satisfaction = "基本满意"
    evaluated = cal.after(served, _weighted(rng, ((0, 60), (1, 25), (3, 15))))
    events.append((evaluated, {"satisfaction": satisfaction,
                               "evaluated_on": evaluated if satisfaction != "未参评" else None}))
    settle_chance = {"满意": 0.97, "基本满意": 0.93, "不满意": 0.25, "未参评": 0.7}[satisfaction]
    settled_on = None
    if rng.random() < settle_chance:
        settled_on = cal.after(evaluated, _weighted(rng, ((0, 50), (2, 25), (5, 15), (9, 10))))
        events.append((settled_on, {"settled": YES, "settled_on": settled_on}))
        case["_settled_on"] = settled_on
        if rng.random() < 0.06:
            rebound = cal.after(settled_on, rng.randint(25, 150))
            events.append((rebound, {"rebounded": YES, "rebounded_on": rebound}))
            case["_rebounded_on"] = rebound
        closed = cal.after(settled_on, rng.randint(0, 5))
    else:
        case["_unsettled"] = topic.unsettled.format(**words), topic.next_steps.format(**words)
        closed = cal.after(served, rng.randint(15, 40)) if rng.random() < 0.7 else None
    if closed is None:
        if "_upper_deadline" in case:  # not settled: the 办理情况 is reported to the higher body all the same
            reported = cal.after(served, 3)
            case["_upper_deadline"] = max(case["_upper_deadline"], cal.after(reported, 5))
            events.append((reported, {"reported_on": reported}))
        return Plan(case, events)
    # the 结案报告 (or 办理情况报告) goes to the office for review (谁审核); the case is closed when it
    # passes, or once the review's rectification is done
    reviewed = cal.after(closed, rng.randint(2, 15))
    review = {"reviewer": rng.choice(STAFF["reviewer"]), "review_conclusion": "通过",
              "review_opinion": "程序规范，材料齐全，同意结案。"}
    closed = reviewed
    if rng.random() < 0.1:
        closed = cal.after(reviewed, rng.randint(3, 15))
        review.update(review_conclusion="需整改", review_opinion=rng.choice(REVIEW_PROBLEMS), rectified_on=closed)
    events.append((closed, {**review, "closed_on": closed}))
    if "_upper_deadline" in case:
        reported = cal.after(closed, rng.randint(1, 3))
        case["_upper_deadline"] = max(case["_upper_deadline"], cal.after(reported, 5))
        events.append((reported, {"reported_on": reported}))
    archived = cal.after(closed, rng.randint(5, 30))
    events.append((archived, {"dossier_no": "卷"}))
    return Plan(case, events)


def live_case(plan: Plan, today: dt.date) -> dict[str, Any]:
    """The case as the ledger shows it on `today`: only what has happened, plus the 60-day analysis."""
    case = {k: v for k, v in plan.case.items() if not k.startswith("_")}
    for day, values in sorted(plan.events, key=lambda e: e[0]):
        if day <= today:
            case.update({k: v for k, v in values.items() if v is not None or k not in case})
    private = plan.case
    if "upper_ref" in case:
        case["upper_deadline"] = private["_upper_deadline"]
    if case.get("opinion_served_on") and case.get("settled") != YES:
        case["settled"] = NO
    if case.get("settled") == YES and case.get("rebounded") != YES:
        case["rebounded"] = NO
    original_due = private.get("_original_due")
    if original_due is None:
        return case
    settled_on = case.get("settled_on")
    settled_in_time = settled_on is not None and settled_on <= original_due
    rebounded = case.get("rebounded") == YES
    if (not settled_in_time and original_due <= today) or rebounded:
        if rebounded:
            analysis = REBOUND_ANALYSIS
        elif "_unsettled" in private and case.get("opinion_served_on"):
            analysis = private["_unsettled"]
        elif not case.get("opinion_on"):
            analysis = PENDING_ANALYSIS
        else:
            analysis = WAITING_ANALYSIS
        case["unsettled_analysis"], case["next_steps"] = analysis
    return case


def _number_documents(cases: list[dict[str, Any]]) -> None:
    """文号 and 卷宗编号 numbered in order within each year, like a real register."""
    prefix = "开城治信"
    for field, date_field, letter in (("acceptance_ref", "accepted_on", "受"), ("opinion_ref", "opinion_on", "处")):
        counters: dict[int, int] = defaultdict(int)
        for case in sorted((c for c in cases if c.get(field)), key=lambda c: (c[date_field], c["case_id"])):
            year = case[date_field].year
            counters[year] += 1
            case[field] = f"{prefix}{letter}〔{year}〕{counters[year]}号"
    counters = defaultdict(int)
    for case in sorted((c for c in cases if c.get("dossier_no")), key=lambda c: (c["closed_on"], c["case_id"])):
        year = case["closed_on"].year
        counters[year] += 1
        case["dossier_no"] = f"{year}-XF-{counters[year]:03d}"
    counters = defaultdict(int)
    for case in cases:
        if "upper_ref" in case:
            code, year = case["upper_ref"]
            counters[(code, year)] += 1
            case["upper_ref"] = f"{code}〔{year}〕{counters[(code, year)] * 3 + 1}号"


def clean_cases(seed: int = DEFAULT_SEED, rows: int = DEFAULT_ROWS, today: dt.date = TODAY
                ) -> tuple[list[dict[str, Any]], list[Plan]]:
    """Correct cases (keyed by schema field) and their full timelines, in registration order."""
    rng = random.Random(seed)
    cal = Calendar()
    dates = registration_dates(rng, rows, cal)
    counters: dict[int, int] = defaultdict(int)
    plans: list[Plan] = []
    for index, registered in enumerate(dates):
        counters[registered.year] += 1
        case_id = f"{registered.year}-{counters[registered.year]:03d}"
        kind = "求决类"
        if case_id == "2019-103":
            kind = "建议意见类"
        elif case_id == "2020-045":
            kind = "检举控告类"
        # The story's open ends on TODAY: the year's last case still waits for assignment and the one before it
        # for acceptance, their acceptance notice due soon (临期: the law's 15 days from receipt, TODAY); the two
        # before them were assigned after New Year and notified on the law's last day, and
        # mid-November cases are answered on their last day, so some opinions are still 临期.
        lag, slow = None, SLOW_FROM <= registered <= SLOW_TO
        if rows > 8 and index >= rows - 4:
            lag = 21 if index >= rows - 1 else (TODAY - registered).days - (rows - index - 2)
            slow = index < rows - 2
        plan = plan_case(rng, cal, case_id, registered, kind, lag, slow, slow_acceptance=index == rows - 3)
        if rows > 8 and index == rows - 2:
            # assigned on TODAY, its acceptance still to come (the law's last day is TODAY): only the
            # registration and the assignment have happened (the rest is planned, never shown)
            plan = Plan({k: v for k, v in plan.case.items() if k not in ("_original_due", "_accepted")},
                        plan.events[:1])
        plans.append(plan)
    cases = [live_case(plan, today) for plan in plans]
    _number_documents(cases)
    _repeat_petitioner(cases)
    return cases, plans


def _repeat_petitioner(cases: list[dict[str, Any]]) -> None:
    """A rebounded petitioner comes back with a new case: same person, same place (a 提示, not a mistake)."""
    lasting = {t.name for t in TOWNSHIPS if t.valid_from is None and t.valid_to is None}
    first = next((c for c in cases if c.get("rebounded") == YES and c["township"] in lasting
                  and c["petition_type"] == "求决类"), None)
    if first is None:
        return
    again = next((c for c in cases if c["registered_on"] > first["rebounded_on"] + dt.timedelta(days=3)
                  and c["petition_type"] == "求决类"), None)
    if again is None:
        return
    for field in ("petitioner", "id_number", "phone", "address", "township", "village", "poor_household"):
        again[field] = first[field]
    again["_repeat_of"] = first["case_id"]
    first["_repeated_by"] = again["case_id"]


# ---------------------------------------------------------------------------
# The deliberate mistakes

Mistake = Callable[[dict[str, Any], Plan, Calendar], str | None]


def _id_check(case, plan, cal):
    digit = case["id_number"][17]
    wrong = ID_CHECK[(ID_CHECK.index(digit) + 1) % 11]
    case["id_number"] = case["id_number"][:17] + wrong
    return f"身份证号最后一位校验码错误（应为 {digit}，填成 {wrong}）"


def _phone_short(case, plan, cal):
    case["phone"] = case["phone"][:10]
    return "联系电话只有 10 位（手机号少一位）"


def _accepted_before_assigned(case, plan, cal):
    if case["assigned_on"] <= case["registered_on"] or not case.get("opinion_on"):
        return None
    wrong = case["assigned_on"] - dt.timedelta(days=1)
    if not cal.work.is_working_day(wrong) or case["opinion_on"] > cal.due(wrong, 60):
        return None
    case["accepted_on"] = wrong
    return f"受理日期（{wrong}）早于交办日期（{case['assigned_on']}）"


def _satisfaction_unserved(case, plan, cal):
    # the clerk entered the evaluation but not the service that must precede it
    # (a recent case, so nothing else depends on the missing service: no 60-day analysis is due yet)
    if (not case.get("opinion_served_on") or case.get("satisfaction") not in EVALUATED
            or plan.case["_original_due"] <= TODAY or case.get("reviewer") or case.get("upper_ref")):
        return None
    for field in ("opinion_served_on", "service_method", "receipt_signed", "settled", "settled_on", "rebounded",
                  "rebounded_on", "closed_on", "reported_on"):
        case[field] = None
    return "已填满意度评价和评价日期，但没有处理意见送达日期（送达情况未登记）"


def _extended_without_days(case, plan, cal):
    if case.get("extended") != NO or not case.get("opinion_on"):
        return None
    accepted = plan.case["_accepted"]
    if (case["opinion_on"] - accepted).days < 40:
        return None
    case.update(extended=YES, extension_notice_on=cal.after(case["opinion_on"] - dt.timedelta(days=7), 0),
                extension_reason=EXTENSION_REASONS[0], extension_approver=STAFF["approver"][0])
    return "是否延期为“是”，但没有填延期天数"


def _extension_too_long(case, plan, cal):
    if case.get("extended") != YES or not case.get("opinion_on"):
        return None
    case["extension_days"] = 45
    return "延期天数填了 45 天，超过 30 天上限"


def _extension_without_approver(case, plan, cal):
    # 2005 art. 33 / 2022 art. 34: an extension needs the head's approval; without it the extension does not count
    if case.get("extended") != YES or not case.get("opinion_on") or not case.get("extension_approver"):
        return None
    case["extension_approver"] = None
    return "是否延期为“是”，但没有填延期批准人：延期未经负责人批准不计入期限，处理意见因此逾期完成"


def _extension_notice_late(case, plan, cal):
    if case.get("extended") != YES or not case.get("opinion_on"):
        return None
    original = plan.case["_original_due"]
    late = cal.after(original, 2)
    if late >= case["opinion_on"]:
        return None
    case["extension_notice_on"] = late
    return f"延期告知日期（{late}）晚于原办理期限（{original}），延期不成立，处理意见因此逾期完成"


def _unknown_township(case, plan, cal):
    if case["township"] != "甘棠镇":
        return None
    case["township"] = "甘堂镇"
    case["address"] = case["address"].replace("甘棠镇", "甘堂镇")
    return "问题属地乡镇“甘堂镇”不在乡镇字典中（应为甘棠镇）"


def _abolished_township(case, plan, cal):
    if case["township"] != "回龙镇" or case["registered_on"].year != 2020:
        return None
    case["township"] = "天师镇"
    case["address"] = case["address"].replace("回龙镇", "天师镇")
    return "2020 年登记的案件仍填已撤销的“天师镇”（已并入回龙镇）"


def _analysis_missing(case, plan, cal):
    if (case.get("settled") != NO or not case.get("unsettled_analysis") or case.get("rebounded") == YES
            or case.get("extended") == YES):
        return None
    case["unsettled_analysis"] = case["next_steps"] = None
    return "受理已超过 60 日仍未息诉息访，未填未息访原因分析和下步措施"


def _rectification_missing(case, plan, cal):
    if case.get("review_conclusion") != "需整改" or not case.get("rectified_on"):
        return None
    case["rectified_on"] = None
    case["dossier_no"] = None  # not archived while the rectification is open
    return "审核结论为“需整改”，但没有整改完成日期"


#: (field, mistake, registered from): each is planted once, on the first case registered from that day that
#: it fits, spread over the campaign so the ledger does not look rigged.
MISTAKES: tuple[tuple[str, Mistake, dt.date], ...] = (
    ("id_number", _id_check, dt.date(2018, 10, 8)),
    ("phone", _phone_short, dt.date(2019, 3, 1)),
    ("accepted_on", _accepted_before_assigned, dt.date(2019, 5, 6)),
    ("satisfaction", _satisfaction_unserved, dt.date(2020, 12, 1)),
    ("extension_days", _extended_without_days, dt.date(2019, 8, 1)),
    ("extension_days", _extension_too_long, dt.date(2019, 3, 1)),
    ("extension_notice_on", _extension_notice_late, dt.date(2019, 10, 8)),
    ("extension_approver", _extension_without_approver, dt.date(2020, 3, 1)),
    ("township", _unknown_township, dt.date(2020, 4, 1)),
    ("township", _abolished_township, dt.date(2020, 2, 1)),
    ("unsettled_analysis", _analysis_missing, dt.date(2020, 5, 6)),
    ("rectified_on", _rectification_missing, dt.date(2019, 11, 1)),
)
DUPLICATE_OF = "2019-047"


def _next_id(case_id: str) -> str:
    year, number = case_id.split("-")
    return f"{year}-{int(number) + 1:03d}"


def plant_mistakes(cases: list[dict[str, Any]], plans: list[Plan]) -> list[tuple[str, str, str]]:
    """Plant the deliberate mistakes in `cases` (in place); return (case_id, field, description) of each."""
    cal = Calendar()
    planted: list[tuple[str, str, str]] = []
    # cases that already carry a 提示 of their own stay out of the mistakes
    touched = {c["case_id"] for c in cases
               if c["petition_type"] != "求决类" or "_repeat_of" in c or "_repeated_by" in c}
    touched |= {DUPLICATE_OF, _next_id(DUPLICATE_OF)}
    order = list(zip(cases, plans, strict=True))
    for field, mistake, since in MISTAKES:
        for case, plan in order:
            if case["case_id"] in touched or case["registered_on"] < since:
                continue
            backup = dict(case)
            description = mistake(case, plan, cal)
            if description is None:
                case.clear()
                case.update(backup)
                continue
            touched.add(case["case_id"])
            planted.append((case["case_id"], field, description))
            break
    # the duplicate: the clerk typed the previous number again
    ids = [c["case_id"] for c in cases]
    if DUPLICATE_OF in ids and ids.index(DUPLICATE_OF) + 1 < len(ids):
        following = cases[ids.index(DUPLICATE_OF) + 1]
        planted.append((DUPLICATE_OF, "case_id",
                        f"案件编号 {DUPLICATE_OF} 出现在两行（第二行本应为 {following['case_id']}）"))
        following["case_id"] = DUPLICATE_OF
    return planted


def generate_cases(seed: int = DEFAULT_SEED, rows: int = DEFAULT_ROWS, today: dt.date = TODAY
                   ) -> tuple[list[dict[str, Any]], list[tuple[str, str, str]]]:
    """The example ledger's rows (keyed by schema field, in sheet order) and the mistakes planted in them."""
    cases, plans = clean_cases(seed, rows, today)
    planted = plant_mistakes(cases, plans)
    fields = [c.field for c in COLUMNS]
    return [{f: case.get(f) for f in fields} for case in cases], planted


# ---------------------------------------------------------------------------
# The 股室 quarterly files (for `xlkit merge`)

def in_quarter(case: dict[str, Any]) -> bool:
    day = case.get("accepted_on") or case["registered_on"]
    return QUARTER[0] <= day <= QUARTER[1]


@dataclass
class UnitFile:
    name: str
    unit: str
    rows: list[dict[str, Any]]
    headers: list[str]  # the sheet's header row (Chinese)


def unit_files(cases: list[dict[str, Any]], mistakes: list[tuple[str, str, str]]) -> tuple[list[UnitFile], dict]:
    """Three 股室 files of 2020Q3 and the facts the README documents (overlaps, the conflict)."""
    flawed = {m[0] for m in mistakes}
    quarter = [c for c in cases if in_quarter(c) and c["case_id"] not in flawed and c.get("unit")]
    by_unit: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for case in quarter:
        by_unit[case["unit"]].append(dict(case))
    # one case both 市容股 and 环卫股 recorded, with different values (the conflict); cases handled jointly:
    # the 村镇股 keeps copies of three other 环卫股 cases (identical rows)
    pool = by_unit["环卫股"] or [c for c in quarter if c["unit"] != "市容股"]
    served = [c for c in pool if c.get("opinion_served_on") and c.get("satisfaction") == "满意"]
    conflict = dict(served[min(3, len(served) - 1)]) if served else None
    shared = [dict(c) for c in by_unit["环卫股"] if conflict is None or c["case_id"] != conflict["case_id"]][:3]
    facts: dict[str, Any] = {"shared": [c["case_id"] for c in shared], "conflict": None, "conflict_values": {}}
    if conflict is not None:
        facts["conflict"] = conflict["case_id"]
        facts["conflict_values"] = {
            "opinion_served_on": (conflict["opinion_served_on"], conflict["opinion_served_on"] + dt.timedelta(days=1)),
            "satisfaction": (conflict["satisfaction"], "基本满意"),
        }
        for field, (_, other) in facts["conflict_values"].items():
            conflict[field] = other
    all_headers = [c.header for c in COLUMNS]
    reordered = _reordered_headers()
    files = [
        UnitFile(UNIT_FILES[0], "市容股", by_unit["市容股"] + ([conflict] if conflict else []), all_headers),
        UnitFile(UNIT_FILES[1], "环卫股", by_unit["环卫股"], reordered),
        UnitFile(UNIT_FILES[2], "村镇股", by_unit["村镇股"] + shared, all_headers),
    ]
    for index, case in enumerate(files[1].rows):
        case[UNIT_EXTRA_HEADER] = "已电话回访" if index % 4 == 0 else None
    return files, facts


def _reordered_headers() -> list[str]:
    """The 环卫股's own order: identity first, then its working columns, the rest after; plus one extra column."""
    first = ["case_id", "petitioner", "unit", "handler", "registered_on", "township", "village", "category",
             "demand", "accepted_on", "opinion_on", "opinion_served_on", "satisfaction", "settled", "settled_on"]
    rest = [c.field for c in COLUMNS if c.field not in first]
    return [header(f) for f in first] + [UNIT_EXTRA_HEADER] + [header(f) for f in rest]


def _cell_value(case: dict[str, Any], head: str) -> Any:
    from xlkit.schema import BY_HEADER

    column = BY_HEADER.get(head)
    return case.get(column.field if column else head)


def write_unit_xlsx(unit_file: UnitFile, path: Path) -> None:
    """A plain 股室 sheet: a title row, the header row, one row per case; identity columns as text."""
    import openpyxl
    from openpyxl.styles import Font

    from xlkit.schema import BY_HEADER

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "台账"
    sheet.append([f"{unit_file.unit} 2020年第三季度信访工作台账"])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append(unit_file.headers)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for case in unit_file.rows:
        sheet.append([_cell_value(case, h) for h in unit_file.headers])
    for index, head in enumerate(unit_file.headers, start=1):
        column = BY_HEADER.get(head)
        letter = sheet.cell(row=2, column=index).column_letter
        sheet.column_dimensions[letter].width = column.width if column else 14
        for cell in sheet[letter][2:]:
            if isinstance(cell.value, dt.date):
                cell.number_format = "yyyy-mm-dd"
            elif column is not None and column.identity:
                cell.number_format = "@"
    sheet.freeze_panes = "C3"
    workbook.save(path)


def write_unit_xls(unit_file: UnitFile, path: Path) -> None:
    """The same as a real Excel 97–2003 .xls (xlwt), as some 股室 still save them."""
    import xlwt

    from xlkit.schema import BY_HEADER

    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("台账")
    date_style = xlwt.easyxf(num_format_str="YYYY-MM-DD")
    bold = xlwt.easyxf("font: bold on, height 280")
    sheet.write(0, 0, f"{unit_file.unit} 2020年第三季度信访工作台账", bold)
    for col, head in enumerate(unit_file.headers):
        sheet.write(1, col, head, xlwt.easyxf("font: bold on"))
        column = BY_HEADER.get(head)
        sheet.col(col).width = 256 * ((column.width if column else 14) + 2)
    for row, case in enumerate(unit_file.rows, start=2):
        for col, head in enumerate(unit_file.headers):
            value = _cell_value(case, head)
            if value is None:
                continue
            if isinstance(value, dt.date):
                sheet.write(row, col, value, date_style)
            else:
                sheet.write(row, col, value)
    book.save(str(path))


# ---------------------------------------------------------------------------
# The law's cases after the campaign (issue 10): a small second ledger with its own as-of date, because the
# main story ends on 2021-01-15 and a 2022 case there would lie in the future

LAW_LEDGER_NAME = "法规示例台账.xlsx"
#: The law-case ledger's as-of date: tests and the README pass `--today 2023-03-01`.
LAW_TODAY = dt.date(2023, 3, 1)
#: The one deliberate mistake of the law-case ledger.
LAW_MISTAKES: list[tuple[str, str, str]] = [
    ("2022-105", "extension_approver", "是否延期为“是”，但没有填延期批准人：延期未经负责人批准不计入期限，处理意见因此逾期完成"),
]


def law_cases() -> list[dict[str, Any]]:
    """Hand-written cases for the rules of the 2022 条例 and after the campaign, each dated by the law."""
    rng = random.Random(DEFAULT_SEED + 2022)
    d = dt.date
    approver = STAFF["approver"][0]

    def base(case_id, registered, source, kind, category, demand, town="新宁镇", **fields):
        person = make_person(rng, registered)
        return {"case_id": case_id, "registered_on": registered, "registrar": STAFF["registrar"][0], "source": source,
                "form": "来访", "petition_type": kind, "petitioner": person.name, "id_number": person.id_number,
                "phone": person.phone, "address": f"开江县{town}", "people_count": 1, "township": town,
                "category": category, "demand": demand, "key_case": NO, "poor_household": NO,
                "assigner": STAFF["assigner"][0], "unit": "环卫股", "handler": HANDLERS["环卫股"][0], **fields}

    def answered(opinion, served, finding="合理", measure="解决到位", result="已按诉求整改到位。"):
        return {"opinion_ref": "开城治信处〔{}〕{}号", "opinion_on": opinion, "demand_finding": finding, "measure": measure,
                "result": result, "opinion_served_on": served, "service_method": "直接送达", "receipt_signed": YES,
                "satisfaction": "满意", "evaluated_on": served}

    cases = [
        # after the campaign, petitioned directly: 15 days from 登记 Tue 2021-09-28 → Wed 10-13 (2005 art. 22 para. 2);
        # unsettled after day 60: the office's own 待办, no time limit
        base("2021-201", d(2021, 9, 28), "本办受理", "求决类", "生活垃圾", "要求清运村口堆放的建筑垃圾。",
             assigned_on=d(2021, 9, 29), accepted_on=d(2021, 10, 8), acceptance_decision="受理",
             acceptance_ref="开城治信受〔{}〕{}号", acceptance_served_on=d(2021, 10, 13),
             **answered(d(2021, 11, 30), d(2021, 12, 2), "部分合理", "思想教育", "已清运公共区域垃圾，其余由产权人自行清理。"),
             settled=NO),
        # 2022 建议意见类 (art. 29): no 60-day deadline
        base("2022-101", d(2022, 6, 6), "本办受理", "建议意见类", "生活垃圾", "建议在集镇增设分类垃圾桶。",
             assigned_on=d(2022, 6, 6), accepted_on=d(2022, 6, 10), acceptance_decision="受理",
             acceptance_ref="开城治信受〔{}〕{}号", acceptance_served_on=d(2022, 6, 10),
             **answered(d(2022, 9, 30), d(2022, 10, 8), result="采纳建议，已增设分类垃圾桶。"),
             unsettled_analysis="分类垃圾桶需纳入年度采购，信访人等待答复。", next_steps="采购到位后当面回复信访人。",
             settled=YES, settled_on=d(2022, 10, 10), closed_on=d(2022, 10, 20), reviewer=STAFF["reviewer"][0],
             review_conclusion="通过"),
        # 2022 申诉求决类 transferred by 县信访局: notice 15 days (art. 23 para. 3), opinion 60 days (art. 34),
        # reported to the higher body before its given date
        base("2022-102", d(2022, 6, 6), "县信访局", "求决类", "污水治理", "要求疏通堵塞的排污沟。",
             upper_ref="开信转〔2022〕15号", upper_deadline=d(2022, 9, 30), assigned_on=d(2022, 6, 7),
             accepted_on=d(2022, 6, 10), acceptance_decision="受理", acceptance_ref="开城治信受〔{}〕{}号",
             acceptance_served_on=d(2022, 6, 10), **answered(d(2022, 8, 1), d(2022, 8, 3)), settled=YES,
             settled_on=d(2022, 8, 5), closed_on=d(2022, 8, 15), reviewer=STAFF["reviewer"][0],
             review_conclusion="通过", reported_on=d(2022, 8, 16)),
        # 不予受理, petitioned directly: the decision notice within 15 days (art. 23 paras. 1–2), no handling deadline
        base("2022-103", d(2022, 7, 4), "本办受理", "求决类", "违规建设", "要求撤销法院已判决的相邻通道纠纷。",
             assigned_on=d(2022, 7, 5), accepted_on=d(2022, 7, 8), acceptance_decision="不予受理",
             decision_reason="所反映事项已由人民法院作出生效判决，属于依法应当通过诉讼途径解决的事项",
             competent_body="开江县人民法院（依照诉讼程序）", acceptance_ref="开城治信受〔{}〕{}号",
             acceptance_served_on=d(2022, 7, 8)),
        # 转送其他机关 of a matter the 县信访局 sent: not the office's, so an objection to the 信访局 within 5 working days
        # of receipt (art. 23 para. 3: Mon 07-11 → Mon 07-18), made on 受理日期 07-14; no 转送告知书; reported as well
        base("2022-104", d(2022, 7, 11), "县信访局", "求决类", "设施建设", "要求修复小区内损坏的供水管网。",
             upper_ref="开信转〔2022〕21号", upper_deadline=d(2022, 8, 10), assigned_on=d(2022, 7, 11),
             accepted_on=d(2022, 7, 14), acceptance_decision="转送其他机关", competent_body="开江县住房和城乡建设局",
             acceptance_ref="开城治信受〔{}〕{}号", acceptance_served_on=d(2022, 7, 15), reported_on=d(2022, 7, 18)),
        # the deliberate mistake: an extension without its approver does not count (art. 34): due Fri 2022-09-30
        base("2022-105", d(2022, 7, 28), "本办受理", "求决类", "村庄清洁", "要求清理河道漂浮垃圾。",
             assigned_on=d(2022, 7, 29), accepted_on=d(2022, 8, 1), acceptance_decision="受理",
             acceptance_ref="开城治信受〔{}〕{}号", acceptance_served_on=d(2022, 8, 1), extended=YES,
             extension_days=20, extension_notice_on=d(2022, 9, 20), extension_reason=EXTENSION_REASONS[0],
             **answered(d(2022, 10, 20), d(2022, 10, 21)), unsettled_analysis="河道清漂需协调乡镇和水务部门。",
             next_steps="协调清漂后当面答复。", settled=YES, settled_on=d(2022, 10, 25)),
        # 2022 检举控告类 (art. 30): no 60-day deadline, still being handled
        base("2022-106", d(2022, 9, 5), "本办受理", "检举控告类", "环境卫生", "检举保洁员长期不在岗。",
             assigned_on=d(2022, 9, 5), accepted_on=d(2022, 9, 9), acceptance_decision="受理",
             acceptance_ref="开城治信受〔{}〕{}号", acceptance_served_on=d(2022, 9, 9)),
        # transferred by 县纪委: 登记 Fri 2023-01-06 + 15 = Sat 01-21 (春节) → Sat 01-28, a 调休 working day
        base("2023-001", d(2023, 1, 6), "县纪委", "求决类", "厕所改造", "要求返还改厕补助。",
             upper_ref="开纪转〔2023〕2号", upper_deadline=d(2023, 3, 31), assigned_on=d(2023, 1, 9),
             accepted_on=d(2023, 1, 28), acceptance_decision="受理", acceptance_ref="开城治信受〔{}〕{}号",
             acceptance_served_on=d(2023, 1, 28)),
    ]
    numbers: dict[tuple[str, int], int] = {}
    for case in cases:  # the office's 文号, numbered per year and kind in order of registration
        for field in ("acceptance_ref", "opinion_ref"):
            if case.get(field):
                year = (case["accepted_on"] if field == "acceptance_ref" else case["opinion_on"]).year
                numbers[(field, year)] = numbers.get((field, year), 0) + 1
                case[field] = case[field].format(year, numbers[(field, year)])
    approvers = {c["case_id"] for c in cases if c.get("extended") == YES} - {c for c, _, _ in LAW_MISTAKES}
    for case in cases:
        if case["case_id"] in approvers:
            case["extension_approver"] = approver
    return cases


# ---------------------------------------------------------------------------
# Writing everything

def ledger_workbook(cases: list[dict[str, Any]]):
    """The example ledger as the official template (`xlkit.template.builder.build_workbook`) filled with the cases."""
    from xlkit.template.builder import build_workbook

    return build_workbook(cases)


def write_examples(out: Path, seed: int = DEFAULT_SEED, rows: int = DEFAULT_ROWS, force: bool = False
                   ) -> list[Path]:
    """Write the example ledger and the 股室 files under `out`; refuse to overwrite without `force`."""
    from xlkit.output.files import atomic_write, save_workbook

    cases, planted = generate_cases(seed, rows)
    files, _ = unit_files(cases, planted)
    targets = [out / LEDGER_NAME, *(out / UNIT_DIR / f.name for f in files), out / LAW_LEDGER_NAME]
    existing = [p for p in targets if p.exists()]
    if existing and not force:
        names = "、".join(str(p) for p in existing)
        raise FileExistsError(f"{names} 已存在，未覆盖。如需重新生成请加 --force。")
    save_workbook(ledger_workbook(cases), targets[0], force=True)
    save_workbook(ledger_workbook(law_cases()), targets[-1], force=True)
    for unit_file, path in zip(files, targets[1:-1], strict=True):
        writer = write_unit_xls if path.suffix == ".xls" else write_unit_xlsx
        atomic_write(path, lambda temp, f=unit_file, w=writer: w(f, temp), force=True)
    return targets


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="生成示例台账和股室季度台账（虚构数据，固定随机种子，可重复生成）。")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"随机种子（默认 {DEFAULT_SEED}）")
    parser.add_argument("--rows", type=int, default=DEFAULT_ROWS, help=f"案件数（默认 {DEFAULT_ROWS}）")
    parser.add_argument("--out", type=Path, default=Path(__file__).parent, help="输出文件夹（默认 examples/）")
    parser.add_argument("--force", action="store_true", help="覆盖已有的示例文件")
    args = parser.parse_args(argv)
    if args.rows < 1:
        parser.error("--rows 至少为 1")
    try:
        paths = write_examples(args.out, args.seed, args.rows, args.force)
    except FileExistsError as error:
        print(error, file=sys.stderr)
        return 2
    for path in paths:
        print(f"已写入 {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
