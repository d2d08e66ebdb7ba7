"""A seeded generator of a big, valid-looking ledger for benchmarks (openpyxl write-only mode).

    .venv/bin/python benchmarks/make_big_ledger.py /tmp/big.xlsx 50000

Other benchmarks import `make_big_ledger(path, rows, seed)`. The data is plausible (valid ID check
digits, phones, townships, dictionary values, dates in the right order, cases at every stage) so a
check finds only the few realistic problems a real ledger has (overdue and late stages, repeats).
"""

from __future__ import annotations

import datetime as dt
import random
import re
import sys
import zipfile
from pathlib import Path

import openpyxl

from xlkit.schema import COLUMNS, DICTIONARIES, TOWNSHIPS

_CHECK = "10X98765432"
_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
_GIVEN = "建国华明红梅丽军强勇芳平刚秀英玉兰志文斌"


def id_number(rng: random.Random, birth: dt.date) -> str:
    body = f"511723{birth:%Y%m%d}{rng.randrange(1000):03d}"
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    return body + _CHECK[sum(int(c) * w for c, w in zip(body, weights, strict=True)) % 11]


def _case(rng: random.Random, index: int, towns: list[str]) -> dict[str, object]:
    registered = dt.date(2018, 9, 1) + dt.timedelta(days=rng.randrange(0, 720))
    year = registered.year
    name = rng.choice(_SURNAMES) + rng.choice(_GIVEN) + rng.choice(("", rng.choice(_GIVEN)))
    case: dict[str, object] = {
        "case_id": f"{year}-{index:06d}",
        "registered_on": registered,
        "registrar": "李登记",
        "source": rng.choice(DICTIONARIES["案件来源"]),
        "form": rng.choice(DICTIONARIES["信访形式"]),
        "petition_type": "求决类",
        "petitioner": name,
        "id_number": id_number(rng, dt.date(1940, 1, 1) + dt.timedelta(days=rng.randrange(0, 20000))),
        "phone": f"1{rng.choice('3578')}{rng.randrange(10**9):09d}" if rng.random() < 0.8
        else f"0818-{rng.randrange(2000000, 9999999)}",
        "address": "开江县" + rng.choice(towns) + "某村",
        "people_count": rng.randrange(1, 30),
        "township": rng.choice(towns),
        "village": "和平村",
        "poor_household": rng.choice(("是", "否")),
        "category": rng.choice(DICTIONARIES["问题类别"]),
        "demand": "请求解决村道旁生活垃圾堆放问题，尽快清运并设置垃圾收集点。",
        "key_case": "否",
        "acceptance_decision": "受理",
    }
    stage = rng.random()
    assigned = registered + dt.timedelta(days=rng.randrange(0, 3))
    case.update(assigned_on=assigned, assigner="王交办", unit=rng.choice(DICTIONARIES["责任股室"]), handler="赵承办")
    if stage < 0.05:
        return case
    accepted = assigned + dt.timedelta(days=rng.randrange(0, 3))
    served = accepted + dt.timedelta(days=rng.randrange(0, 3))
    case.update(accepted_on=accepted, acceptance_ref=f"开城治信受〔{year}〕{index}号", acceptance_served_on=served)
    if stage < 0.12:
        return case
    opinion = accepted + dt.timedelta(days=rng.randrange(10, 58))
    case.update(investigation="经现场核实，情况属实。", legal_basis="《四川省城乡环境综合治理条例》第三条",
                opinion_ref=f"开城治信处〔{year}〕{index}号", opinion_on=opinion,
                demand_finding=rng.choice(DICTIONARIES["诉求认定"]), measure=rng.choice(DICTIONARIES["化解措施"]),
                result="已清运并设置收集点。")
    if stage < 0.18:
        return case
    delivered = opinion + dt.timedelta(days=rng.randrange(0, 4))
    evaluated = delivered + dt.timedelta(days=rng.randrange(0, 5))
    case.update(opinion_served_on=delivered, service_method="直接送达", receipt_signed="是",
                satisfaction=rng.choice(("满意", "满意", "基本满意", "不满意")), evaluated_on=evaluated,
                settled="是", settled_on=evaluated, rebounded="否", closed_on=evaluated + dt.timedelta(days=1),
                reviewer="周审核", review_conclusion="通过", dossier_no=f"JZ-{year}-{index:06d}")
    return case


def make_big_ledger(path: Path, rows: int, seed: int = 1) -> Path:
    """Write a ledger of `rows` cases (every schema column) to `path`; the same seed gives the same file."""
    rng = random.Random(seed)
    towns = [t.name for t in TOWNSHIPS if t.valid_to is None and t.valid_from is None]
    headers = [c.header for c in COLUMNS]
    fields = [c.field for c in COLUMNS]
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("台账")
    sheet.append(["信访工作台账（基准测试数据）"])
    sheet.append(headers)
    for index in range(1, rows + 1):
        case = _case(rng, index, towns)
        sheet.append([case.get(f) for f in fields])
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(path)
    return path


_INLINE = re.compile(rb'<c ([^>]*?)t="inlineStr"([^>]*)><is><t[^>]*>(.*?)</t></is></c>', re.S)
_SHEET, _TEXTS = "xl/worksheets/sheet1.xml", "xl/sharedStrings.xml"


def with_shared_texts(source: Path, target: Path) -> Path:
    """`source` (inline texts, as openpyxl's write-only mode writes them) with its texts moved to a shared-text
    table, as Excel, WPS and LibreOffice save a ledger: the sheet holds only the texts' numbers. The sheet is
    rewritten a block of rows at a time."""
    numbers: dict[bytes, int] = {}

    def shared(found: re.Match) -> bytes:
        number = numbers.setdefault(found[3], len(numbers))
        return b'<c ' + found[1] + b't="s"' + found[2] + b'><v>%d</v></c>' % number

    target = Path(target)
    with zipfile.ZipFile(source) as package, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as copy:
        with package.open(_SHEET) as sheet, copy.open(_SHEET, "w", force_zip64=True) as out:
            rest = b""
            while block := sheet.read(1 << 22):
                block = rest + block
                end = block.rfind(b"</row>") + len(b"</row>") if b"</row>" in block else 0
                out.write(_INLINE.sub(shared, block[:end]))
                rest = block[end:]
            out.write(_INLINE.sub(shared, rest))
        with copy.open(_TEXTS, "w", force_zip64=True) as out:
            out.write(b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="http://schemas.'
                      b'openxmlformats.org/spreadsheetml/2006/main" uniqueCount="%d">' % len(numbers))
            for text in numbers:
                out.write(b'<si><t xml:space="preserve">' + text + b"</t></si>")
            out.write(b"</sst>")
        for info in package.infolist():
            if info.filename == _SHEET:
                continue
            data = package.read(info)
            if info.filename == "[Content_Types].xml":
                data = data.replace(b"</Types>", b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                                    b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
            elif info.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace(b"</Relationships>", b'<Relationship Id="rIdTexts" Type="http://schemas.'
                                    b'openxmlformats.org/officeDocument/2006/relationships/sharedStrings" '
                                    b'Target="sharedStrings.xml"/></Relationships>')
            copy.writestr(info.filename, data)
    return target


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("/tmp/xlkit-big-50000.xlsx")
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 50_000
    print(make_big_ledger(target, count))
