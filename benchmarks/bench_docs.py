"""Per-document time of xlkit's document engine against a plain docxtpl loop, in one run.

The plain loop is what the issue measures against: for every document of every case, open the
template with `DocxTemplate(path)`, render (autoescape, same values), save. The engine prepares each
template once and is timed through `documents.generate()` as the CLI and the button call it, with one
process and with two.

    .venv/bin/python benchmarks/bench_docs.py            # 40 cases
    .venv/bin/python benchmarks/bench_docs.py --cases 120
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile
import time
from pathlib import Path

import openpyxl

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from xlkit.documents import catalog, lint, plan, render  # noqa: E402
from xlkit.documents import generate as documents  # noqa: E402
from xlkit.documents.catalog import CATALOG  # noqa: E402
from xlkit.documents.context import case_context, kind_context, settings_context  # noqa: E402
from xlkit.read.ledger import read_ledger  # noqa: E402
from xlkit.schema import COLUMNS, header  # noqa: E402

D = dt.date


def case(i: int) -> dict:
    """Every third case is still open; the rest went all the way to settlement."""
    base = D(2019, 1, 2) + dt.timedelta(days=i % 300)
    row = {
        "case_id": f"2019-{i:04d}", "registered_on": base, "registrar": "李登记", "source": "县信访局", "form": "来访",
        "petition_type": "求决类", "petitioner": f"信访人{i}", "id_number": "51172319900101123X",
        "phone": "13812345678", "address": f"开江县新宁镇东街{i}号", "people_count": 1, "township": "新宁镇",
        "village": "东街社区", "category": "生活垃圾", "demand": "要求清运门前垃圾堆。\n并设置垃圾桶。" * 3,
        "assigned_on": base + dt.timedelta(days=2), "assigner": "王交办", "unit": "环卫股", "handler": "赵承办",
        "accepted_on": base + dt.timedelta(days=4), "acceptance_ref": f"开城治信受〔2019〕{i}号",
        "opinion_on": base + dt.timedelta(days=50), "opinion_ref": f"开城治信处〔2019〕{i}号",
        "investigation": "经现场核查属实。", "legal_basis": "《四川省城乡环境综合治理条例》", "result": "已清运。",
    }
    if i % 3:
        row.update(extended="是", extension_days=10, extension_notice_on=base + dt.timedelta(days=40),
                   extension_reason="需现场核查", opinion_served_on=base + dt.timedelta(days=52),
                   service_method="直接送达", satisfaction="满意", settled="是", settled_on=base + dt.timedelta(days=55),
                   closed_on=base + dt.timedelta(days=56))
    return row


def write_ledger(path: Path, count: int) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "台账"
    headers = [c.header for c in COLUMNS]
    sheet.append(headers)
    for i in range(1, count + 1):
        values = {header(k): v for k, v in case(i).items()}
        sheet.append([values.get(h) for h in headers])
    workbook.save(path)
    return path


def plain_loop(ledger, out: Path, today: dt.date) -> int:
    """DocxTemplate(path) → render → save for every document, with the engine's own values."""
    from docxtpl import DocxTemplate

    rows = [int(r) for r in ledger.frame.index]
    cases = plan.load_cases(ledger, rows, today)
    base = settings_context(ledger, today) | {"_today": today}
    listing = {c.row: [p.kind for p in entries if p.status == plan.MADE]
               for c, entries in plan.plan_cases(ledger, cases, list(CATALOG), None, True)}
    count = 0
    env = render._environment()
    for c in cases:
        context = case_context(ledger, c, dict(base), listing[c.row])
        folder = out / f"{c.row}"
        folder.mkdir(parents=True, exist_ok=True)
        for kind in listing[c.row]:
            template = DocxTemplate(catalog.TEMPLATE_DIR / kind.template)
            template.render(kind_context(context, kind, c.values), jinja_env=env)
            template.save(folder / kind.file_name)
            count += 1
    return count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=40)
    args = parser.parse_args()
    today = D(2020, 6, 30)
    with tempfile.TemporaryDirectory(prefix="bench-docs-") as work:
        work_dir = Path(work)
        ledger = read_ledger(write_ledger(work_dir / "台账.xlsx", args.cases))

        started = time.perf_counter()
        plain_count = plain_loop(ledger, work_dir / "plain", today)
        plain = time.perf_counter() - started

        # engine, cold: a fresh process would pay template preparation once; clear the caches to include it
        render._PREPARED.clear()
        lint._LINTED.clear()
        started = time.perf_counter()
        one = documents.generate(ledger, work_dir / "engine-1", today=today, workers=1)
        engine_one = time.perf_counter() - started

        started = time.perf_counter()
        two = documents.generate(ledger, work_dir / "engine-2", today=today, workers=2)
        engine_two = time.perf_counter() - started

        assert len(one.made) == len(two.made) == plain_count, (len(one.made), len(two.made), plain_count)
        n = plain_count
        print(f"cases: {args.cases}, documents: {n}, cpus: {os.cpu_count()}")
        print(f"plain docxtpl loop      : {plain:7.2f} s  {plain / n * 1000:7.2f} ms/doc")
        print(f"engine, 1 process       : {engine_one:7.2f} s  {engine_one / n * 1000:7.2f} ms/doc  "
              f"ratio {engine_one / plain:.3f}  (incl. template check+prepare, planning, 生成清单.xlsx)")
        print(f"engine, 2 processes     : {engine_two:7.2f} s  {engine_two / n * 1000:7.2f} ms/doc  "
              f"ratio {engine_two / plain:.3f}")
        best = min(engine_one, engine_two)
        print(f"goal: engine ≤ 1/4 of the plain loop per document → {'met' if best <= plain / 4 else 'NOT met'}"
              f" ({plain / best:.1f}× faster)")


if __name__ == "__main__":
    main()
