"""Excel button runs on a 5,000-row ledger, from process start to written result (goal: 1.0 s, issue 15).

Each click on a 台账工具 button starts a fresh Python (xlwings RunPython). Without Excel, the closest
real run is xlwings' remote engine: a fresh interpreter loads the workbook payload (what the xlwings
VBA client would send: every sheet's values), runs the button function and writes the actions Excel
would apply (or, for the file buttons, the new workbook/documents next to the ledger). Timed with
hyperfine (falls back to a plain loop when hyperfine is missing).

    .venv/bin/python benchmarks/bench_buttons.py             # 5,000 rows, every button
    .venv/bin/python benchmarks/bench_buttons.py --rows 20000 --buttons check overdue

The ledger is the real template (`xlkit.template.builder.build_workbook`) filled with the seeded cases of
`benchmarks/make_big_ledger.py`, cached under /tmp.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "benchmarks"))

TODAY = "2020-06-30"
GOAL_SECONDS = 1.0  # issue 15: a click, process start to written result
DRIVER = """
import datetime as dt, json, sys
import xlwings as xw
from xlkit.excel import buttons as buttons
book = xw.Book(json=json.load(open(sys.argv[1], encoding="utf-8")))
buttons.click(sys.argv[2], book, dt.date.fromisoformat(sys.argv[3]))  # what run() does after attaching
json.dump(book.json(), open(sys.argv[4], "w", encoding="utf-8"), ensure_ascii=False, default=str)
"""


BREAKDOWN = """
import time; t0 = time.perf_counter()
import datetime as dt, json, sys
import xlwings as xw
from xlkit.check.run import run_check
from xlkit.excel import buttons as buttons
from xlkit.schema import FINDING_HEADERS
t1 = time.perf_counter()
book = xw.Book(json=json.load(open(sys.argv[1], encoding="utf-8")))
t2 = time.perf_counter()
ledger = buttons.read_book(book)
t3 = time.perf_counter()
findings = run_check(ledger, dt.date.fromisoformat(sys.argv[2]))
t4 = time.perf_counter()
rows, marks = buttons.result_rows(findings, {s.name for s in book.sheets}), buttons.mark_rows(findings, ledger.sheet)
buttons.write_table(buttons.tool_sheet(book, buttons.RESULT_SHEET), FINDING_HEADERS, rows)
buttons.tool_sheet(book, buttons.MARK_SHEET, True).range((1, 1)).value = [list(buttons.MARK_HEADERS)] + marks
json.dumps(book.json(), ensure_ascii=False, default=str)
t5 = time.perf_counter()
print(f"start + imports {t1 - t0:.2f} s | load payload {t2 - t1:.2f} s | read ledger {t3 - t2:.2f} s | "
      f"run_check {t4 - t3:.2f} s | write {t5 - t4:.2f} s")
"""


def ledger_file(rows: int) -> Path:
    """The template filled with `rows` seeded cases (built once, then cached)."""
    from make_big_ledger import _case

    from xlkit.schema import TOWNSHIPS
    from xlkit.template.builder import build_workbook

    path = Path(tempfile.gettempdir()) / f"xlkit-bench-buttons-{rows}" / "台账.xlsx"
    if not path.exists():
        import random

        rng = random.Random(1)
        towns = [t.name for t in TOWNSHIPS if t.valid_to is None and t.valid_from is None]
        cases = [_case(rng, i, towns) for i in range(1, rows + 1)]
        path.parent.mkdir(parents=True, exist_ok=True)
        build_workbook(rows=cases).save(path)
    return path


def payload_file(ledger: Path, selection: str) -> Path:
    import xlwings_payload

    path = ledger.with_name(f"payload-{selection.replace(':', '_')}.json")
    if not path.exists():
        payload = xlwings_payload.payload_from_xlsx(ledger, selection=selection, name=str(ledger))
        path.write_text(json.dumps(payload, ensure_ascii=False, default=str), encoding="utf-8")
    return path


def clean(folder: Path) -> None:
    """Remove earlier button outputs so each run writes the same amount."""
    for pattern in ("月度调度_*", "季度分析_*", "季度总结分析报告_*", "xlkit-错误日志.txt"):
        for path in folder.glob(pattern):
            path.unlink()
    shutil.rmtree(folder / "文书", ignore_errors=True)


def hyperfine(command: list[str], prepare: str, runs: int) -> dict[str, float]:
    export = Path(tempfile.mkstemp(suffix=".json")[1])
    quoted = " ".join(f"'{part}'" for part in command)
    subprocess.run(["hyperfine", "--runs", str(runs), "--warmup", "1", "--prepare", prepare,
                    "--export-json", str(export), "--style", "none", quoted],
                   check=True, capture_output=True, text=True)
    result = json.loads(export.read_text())["results"][0]
    export.unlink()
    return {"mean": result["mean"], "min": result["min"], "max": result["max"], "stddev": result["stddev"] or 0.0}


def plain_loop(command: list[str], folder: Path, runs: int) -> dict[str, float]:
    times = []
    for _ in range(runs + 1):
        clean(folder)
        started = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        times.append(time.perf_counter() - started)
    times = times[1:]
    return {"mean": statistics.mean(times), "min": min(times), "max": max(times),
            "stddev": statistics.pstdev(times)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--buttons", nargs="*", default=["check", "overdue", "docs", "monthly", "quarterly"])
    args = parser.parse_args()

    os.environ["XLWINGS_LICENSE_KEY"] = "noncommercial"  # the free noncommercial licence, for the remote engine
    # A clerk's clicks run compiled modules: pip compiles them when xlkit is installed (and Python keeps them
    # after the first run). With PYTHONDONTWRITEBYTECODE set, as on some build machines, every timed run
    # would compile xlkit's sources again (0.05-0.1 s a click); the warm-up run writes them here instead.
    bytecode_off = os.environ.pop("PYTHONDONTWRITEBYTECODE", None) is not None
    started = time.perf_counter()
    ledger = ledger_file(args.rows)
    # 生成文书 runs on a selection: ten rows, as a clerk would select before a mailing
    payloads = {"docs": payload_file(ledger, "A3:A12")}
    default = payload_file(ledger, "A3")
    print(f"台账：{ledger}（{args.rows} 行，准备用时 {time.perf_counter() - started:.1f} s）")
    print(f"payload: {default.stat().st_size / 1e6:.1f} MB JSON (every sheet's values, as the VBA client sends)")
    if bytecode_off:
        print("PYTHONDONTWRITEBYTECODE was set: unset for the timed runs (compiled modules, as an installed xlkit has)")
    print()

    bare = [sys.executable, "-c", "import xlwings, xlkit.excel.buttons"]
    base = hyperfine(bare, "true", args.runs) if shutil.which("hyperfine") else plain_loop(bare, ledger.parent, args.runs)
    print(f"{'python + import xlwings, xlkit.excel.buttons':<40} {base['mean']:.2f} s")

    for key in args.buttons:
        payload = payloads.get(key, default)
        actions = ledger.with_name(f"actions-{key}.json")
        command = [sys.executable, "-c", DRIVER, str(payload), key, TODAY, str(actions)]
        if shutil.which("hyperfine"):
            prepare = f"{sys.executable} -c \"import sys; sys.path.insert(0, '{ROOT / 'benchmarks'}'); " \
                      f"from bench_buttons import clean; from pathlib import Path; clean(Path('{ledger.parent}'))\""
            timing = hyperfine(command, prepare, args.runs)
        else:
            timing = plain_loop(command, ledger.parent, args.runs)
        written = json.loads(actions.read_text(encoding="utf-8"))["actions"]
        alert = next((a["args"][0] for a in written if a["func"] == "alert"), "")
        verdict = "OK" if timing["mean"] <= GOAL_SECONDS else "SLOW"
        print(f"{key:<40} {timing['mean']:.2f} s  (min {timing['min']:.2f}, max {timing['max']:.2f}, "
              f"±{timing['stddev']:.2f}; {len(written)} actions)  {verdict}")
        print(f"    {alert.splitlines()[0] if alert else '(no message)'}")
    if "check" in args.buttons:
        done = subprocess.run([sys.executable, "-c", BREAKDOWN, str(default), TODAY], capture_output=True,
                              text=True, check=True)
        print(f"\ncheck, one run in parts: {done.stdout.strip()}")
    clean(ledger.parent)


if __name__ == "__main__":
    main()
