"""How long `xlkit quarterly` takes on a big ledger, phase by phase (issue 5: 100,000 rows in a few seconds).

    .venv/bin/python benchmarks/bench_quarterly.py [ROWS] [QUARTER] [--repeat N]

The ledger comes from `make_big_ledger.py` (seeded; cached under /tmp). Prints one line per phase with
the best of N runs, and the number of the quarter's cases that reach the workbook's 明细.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from make_big_ledger import make_big_ledger  # noqa: E402

from xlkit.analysis.kpi import Period, compute_kpis  # noqa: E402
from xlkit.analysis.monthly import build_monthly, write_monthly  # noqa: E402
from xlkit.analysis.quarterly import analyse, write_quarterly  # noqa: E402
from xlkit.analysis.quarterly_report import write_report  # noqa: E402
from xlkit.read.ledger import read_ledger  # noqa: E402

TODAY = dt.date(2020, 12, 31)


def timed(label: str, repeat: int, action):
    """Best wall-clock time of `repeat` runs, and the CPU time of that run (less disturbed by a busy machine)."""
    best, cpu, result = float("inf"), float("inf"), None
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        result = action()
        wall = time.perf_counter() - start
        if wall < best:
            best, cpu = wall, time.process_time() - start_cpu
    print(f"{label:<28}{best:8.3f} s wall {cpu:8.3f} s cpu")
    return result, best


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("rows", nargs="?", type=int, default=100_000)
    parser.add_argument("quarter", nargs="?", default="2019Q3")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    path = Path(tempfile.gettempdir()) / f"xlkit-big-{args.rows}.xlsx"
    if not path.exists():
        start = time.perf_counter()
        make_big_ledger(path, args.rows, seed=1)
        print(f"generated {path} in {time.perf_counter() - start:.1f} s")
    quarter = Period.quarter(args.quarter)
    out = Path(tempfile.mkdtemp(prefix="xlkit-bench-"))
    print(f"ledger: {path} ({args.rows} rows), quarter {quarter.label}, today {TODAY}, best of {args.repeat}")

    ledger, t_read = timed("read_ledger", args.repeat, lambda: read_ledger(path))
    _, t_kpi = timed("compute_kpis (quarter)", args.repeat, lambda: compute_kpis(ledger, TODAY, quarter))
    analysis, t_analyse = timed("analyse (every table)", args.repeat, lambda: analyse(ledger, quarter, TODAY))
    _, t_book = timed("write 季度分析 workbook", args.repeat,
                      lambda: write_quarterly(analysis, out / "季度分析.xlsx", force=True))
    _, t_report = timed("write report draft", args.repeat,
                        lambda: write_report(analysis, out / "季度总结分析报告.docx", force=True))
    month = Period.month(f"{quarter.year}-{quarter.first_month:02d}")
    pack, t_month = timed("build_monthly", args.repeat, lambda: build_monthly(ledger, month, TODAY))
    _, t_month_book = timed("write 月度调度 workbook", args.repeat,
                            lambda: write_monthly(pack, out / "月度调度.xlsx", force=True))
    print(f"quarter's cases in 明细: {len(analysis.detail)}; monthly overdue/due-soon items: {len(pack.items)}")
    print(f"quarterly total (read + analyse + workbook + report): {t_read + t_analyse + t_book + t_report:.3f} s")
    print(f"quarterly without reading the file: {t_analyse + t_book + t_report:.3f} s")
    print(f"monthly total (read + build + workbook): {t_read + t_month + t_month_book:.3f} s")
    del t_kpi


if __name__ == "__main__":
    main()
