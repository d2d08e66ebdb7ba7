"""Benchmark `xlkit check` against the bare reads it must beat (issue 3 item 6).

    .venv/bin/python benchmarks/bench_check.py            # 50,000 and 100,000 rows
    .venv/bin/python benchmarks/bench_check.py 50000      # one size

Goals at 50,000 rows: check ≤ 1/3 of openpyxl's read-only read, and ≤ 3× python-calamine's bare
`to_python()`. The ledgers are cached under /tmp (seeded, so every run reads the same file).
"""

from __future__ import annotations

import datetime as dt
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_big_ledger import make_big_ledger  # noqa: E402

TODAY = dt.date(2021, 1, 15)


def ledger_file(rows: int) -> Path:
    path = Path(f"/tmp/xlkit-bench-{rows}.xlsx")
    if not path.exists():
        started = time.perf_counter()
        make_big_ledger(path, rows)
        print(f"  生成 {path}（{rows} 行）用时 {time.perf_counter() - started:.1f} 秒")
    return path


def timed(function, repeat: int = 1) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        best = min(best, time.perf_counter() - started)
    return best


def openpyxl_read(path: Path) -> None:
    import openpyxl

    workbook = openpyxl.load_workbook(path, read_only=True)
    for _ in workbook["台账"].iter_rows(values_only=True):
        pass
    workbook.close()


def calamine_read(path: Path) -> None:
    from python_calamine import CalamineWorkbook

    CalamineWorkbook.from_path(str(path)).get_sheet_by_name("台账").to_python()


def check(path: Path) -> int:
    from xlkit.check.run import check_file

    return len(check_file(path, TODAY).findings)


def bench(rows: int, repeat: int) -> None:
    path = ledger_file(rows)
    print(f"\n{rows} 行（{path}，{path.stat().st_size / 1e6:.1f} MB），取 {repeat} 次中最快：")
    check(path)  # warm imports and the calendar's tables, as a button's second click would be
    results = {
        "openpyxl 只读模式读取": timed(lambda: openpyxl_read(path), 1),
        "python-calamine to_python()": timed(lambda: calamine_read(path), repeat),
        "xlkit check（读取+全部规则）": timed(lambda: check(path), repeat),
    }
    for name, seconds in results.items():
        print(f"  {name:<32}{seconds:8.2f} 秒")
    check_s = results["xlkit check（读取+全部规则）"]
    openpyxl_s = results["openpyxl 只读模式读取"]
    calamine_s = results["python-calamine to_python()"]
    print(f"  check / openpyxl = {check_s / openpyxl_s:.3f}（目标 ≤ 0.333）"
          f"{'  达标' if check_s <= openpyxl_s / 3 else '  未达标'}")
    print(f"  check / calamine = {check_s / calamine_s:.2f}（目标 ≤ 3）"
          f"{'  达标' if check_s <= 3 * calamine_s else '  未达标'}")
    print(f"  发现 {check(path)} 条")


def main() -> None:
    sizes = [int(a) for a in sys.argv[1:]] or [50_000, 100_000]
    for rows in sizes:
        bench(rows, repeat=3 if rows <= 50_000 else 1)


if __name__ == "__main__":
    main()
