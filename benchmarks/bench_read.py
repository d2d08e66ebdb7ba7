"""How fast xlkit reads a big ledger, against openpyxl's read-only mode and calamine's bare read.

    .venv/bin/python benchmarks/bench_read.py [ROWS]

Issue 2's goal: reading a 50,000-row ledger takes at most a third of openpyxl read-only.
Each timing is the best of 3 runs in this one process; the ledger is cached under /tmp.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import openpyxl
from make_big_ledger import make_big_ledger
from python_calamine import CalamineWorkbook

from xlkit.read.ledger import read_ledger


def best(fn, repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def openpyxl_read(path: Path) -> None:
    workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    for _ in workbook["台账"].iter_rows(values_only=True):
        pass
    workbook.close()


def calamine_read(path: Path) -> None:
    CalamineWorkbook.from_path(str(path)).get_sheet_by_name("台账").to_python(skip_empty_area=False)


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 50_000
    path = Path(f"/tmp/xlkit-bench-{rows}.xlsx")
    if not path.exists():
        make_big_ledger(path, rows)
    ledger = read_ledger(path)
    assert len(ledger) == rows, len(ledger)
    t_openpyxl = best(lambda: openpyxl_read(path), repeat=1 if rows > 60_000 else 3)
    t_calamine = best(lambda: calamine_read(path))
    t_xlkit = best(lambda: read_ledger(path))
    print(f"台账 {rows} 行（{path.stat().st_size / 1e6:.1f} MB）")
    print(f"  openpyxl 只读模式读取   {t_openpyxl:6.2f} s")
    print(f"  calamine 裸读          {t_calamine:6.2f} s")
    print(f"  xlkit read_ledger      {t_xlkit:6.2f} s")
    print(f"  xlkit / openpyxl = {t_xlkit / t_openpyxl:.2f}（目标 ≤ 0.33）")
    print(f"  xlkit / calamine = {t_xlkit / t_calamine:.2f}")


if __name__ == "__main__":
    main()
