"""CPU time of 月度调度 and 季度分析 after the ledger is read (issue 15): building the tables and writing the files.

The ledger is read once and kept pickled under /tmp, so each run times only the part after the read:
`build_monthly` + `write_monthly`, or `analyse` + `write_quarterly` + `write_report`, with
`time.process_time()` (user + sys of this process, less disturbed by other work on the machine than
wall time). Prints the minimum of `--repeat` runs per step.

    .venv/bin/python benchmarks/bench_after_read.py 100000 monthly
    .venv/bin/python benchmarks/bench_after_read.py 5000 quarterly --repeat 5

The ledgers are benchmarks/bench_scale.py's (/tmp/xlkit-bench-<rows>.xlsx, made by make_big_ledger.py
when missing); month 2019-09, quarter 2019Q3, today 2020-12-31 as in bench_scale.py.
"""

from __future__ import annotations

import argparse
import datetime as dt
import pickle
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

TODAY = dt.date(2020, 12, 31)


def ledger(rows: int):
    from xlkit.read.ledger import read_ledger

    folder = Path(tempfile.gettempdir())
    cache = folder / f"xlkit-bench-{rows}.pkl"
    source = folder / f"xlkit-bench-{rows}.xlsx"
    if not source.exists():
        from make_big_ledger import make_big_ledger

        make_big_ledger(source, rows)
    if not cache.exists() or cache.stat().st_mtime < source.stat().st_mtime:
        cache.write_bytes(pickle.dumps(read_ledger(source)))
    return pickle.loads(cache.read_bytes())


def run_once(rows: int, what: str, out: Path) -> dict[str, float]:
    from xlkit.analysis import monthly, quarterly
    from xlkit.analysis.kpi import Period
    from xlkit.analysis.quarterly_report import write_report

    book = ledger(rows)
    spent: dict[str, float] = {}
    started = time.process_time()

    def lap(name: str) -> None:
        nonlocal started
        now = time.process_time()
        spent[name] = now - started
        started = now

    if what == "monthly":
        pack = monthly.build_monthly(book, Period.month("2019-09"), TODAY)
        lap("build")
        monthly.write_monthly(pack, out / "月度调度.xlsx", force=True)
        lap("write")
    else:
        analysis = quarterly.analyse(book, Period.quarter("2019Q3"), TODAY)
        lap("analyse")
        quarterly.write_quarterly(analysis, out / "季度分析.xlsx", force=True)
        lap("write")
        write_report(analysis, out / "季度总结分析报告.docx", force=True)
        lap("report")
    spent["total"] = sum(spent.values())
    return spent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("rows", type=int)
    parser.add_argument("what", choices=["monthly", "quarterly"])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        ledger(args.rows)  # read (and pickle) before timing
        runs = [run_once(args.rows, args.what, Path(folder)) for _ in range(args.repeat)]
    best = {name: min(run[name] for run in runs) for name in runs[0]}
    print(f"{args.rows} rows, {args.what}: " + ", ".join(f"{k} {v:.2f} s" for k, v in best.items())
          + f" (CPU, min of {args.repeat})")


if __name__ == "__main__":
    main()
