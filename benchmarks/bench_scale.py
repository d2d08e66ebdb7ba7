"""What a clerk waits for, at three sizes: every command from process start to written result (issue 15).

    .venv/bin/python benchmarks/bench_scale.py                  # 5,000 / 20,000 / 100,000 rows
    .venv/bin/python benchmarks/bench_scale.py 5000 20000       # chosen sizes
    .venv/bin/python benchmarks/bench_scale.py --repeat 1       # one run each (default: median of 3)
    .venv/bin/python benchmarks/bench_scale.py --shared         # the ledgers as Excel and WPS save them

Each command runs as its own process, as from the console or a button's batch file. The floor is
python-calamine reading the same sheet in a fresh process (the file must be unzipped and parsed);
every other figure is also given as a ratio to it. Wall time is what the clerk waits for; CPU time
(user + system of the child) is printed beside it because it is less disturbed by a busy machine.
The ledgers come from make_big_ledger.py (seeded) and are cached under /tmp. It writes the texts in the cells
(as openpyxl and many system exports do); --shared moves them to a shared-text table, as Excel, WPS and
LibreOffice save a ledger — calamine reads such a sheet faster, so the same work is a larger ratio.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_big_ledger import make_big_ledger, with_shared_texts  # noqa: E402

TODAY = "2020-12-31"
DOC_ROWS = "2-21"  # 20 cases for the per-document time
XLKIT = [sys.executable, "-m", "xlkit"]
CALAMINE = [sys.executable, "-c",
            "import sys\nfrom python_calamine import CalamineWorkbook\n"
            "CalamineWorkbook.from_path(sys.argv[1]).get_sheet_by_name('台账').to_python()"]


def ledger_file(rows: int, shared: bool = False) -> Path:
    path = Path(tempfile.gettempdir()) / f"xlkit-bench-{'shared-' if shared else ''}{rows}.xlsx"
    if not path.exists():
        started = time.perf_counter()
        if shared:
            with_shared_texts(ledger_file(rows), path)
        else:
            make_big_ledger(path, rows)
        print(f"生成 {path}（{rows} 行）用时 {time.perf_counter() - started:.1f} 秒", flush=True)
    return path


def run(command: list[str]) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds and peak memory (MB) of one child process."""
    started = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    error = child.stderr.read().decode("utf-8", "replace") if child.stderr else ""
    if child.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(command)} 退出码 {child.returncode}：{error[-800:]}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def measure(rows: int, repeat: int, shared: bool = False) -> dict[str, tuple[float, float, float]]:
    """Each command's median over `repeat` rounds; a round runs every command once, in turn, so that a machine
    whose speed drifts over the minutes (a shared one) slows the floor and the commands alike."""
    path = ledger_file(rows, shared)
    out = Path(tempfile.mkdtemp(prefix="xlkit-scale-"))
    docs_dir = out / "文书"
    commands = {
        "读取（calamine）": [*CALAMINE, str(path)],
        "check --json": [*XLKIT, "check", str(path), "--json", "--today", TODAY],
        "check -o": [*XLKIT, "check", str(path), "--today", TODAY, "-o", str(out / "校验结果.xlsx"), "--force"],
        "monthly": [*XLKIT, "monthly", str(path), "--month", "2019-09", "--today", TODAY,
                    "-o", str(out / "月度调度.xlsx"), "--force"],
        "quarterly": [*XLKIT, "quarterly", str(path), "--quarter", "2019Q3", "--today", TODAY,
                      "-o", str(out / "季度分析.xlsx"), "--force"],
        "docs": [*XLKIT, "docs", str(path), "--rows", DOC_ROWS, "--today", TODAY, "-o", str(docs_dir)],
    }
    runs: dict[str, list[tuple[float, float, float]]] = {label: [] for label in commands}
    for _ in range(repeat):
        for label, command in commands.items():
            if label == "docs":
                shutil.rmtree(docs_dir, ignore_errors=True)
            runs[label].append(run(command))
    measured = {label: (statistics.median(r[0] for r in results), statistics.median(r[1] for r in results),
                        max(r[2] for r in results)) for label, results in runs.items()}
    made = max(1, len(list(docs_dir.rglob("*.docx"))))
    docs = measured.pop("docs")
    measured[f"docs（每份，{made} 份）"] = (docs[0] / made, docs[1] / made, docs[2])
    shutil.rmtree(out, ignore_errors=True)
    return measured


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("sizes", nargs="*", type=int, default=[5_000, 20_000, 100_000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--shared", action="store_true", help="texts in a shared-text table, as Excel and WPS save")
    args = parser.parse_args()
    # A clerk runs compiled modules: pip compiles xlkit when it is installed (an editable checkout is not). With
    # PYTHONDONTWRITEBYTECODE set, as on this build machine, every timed run compiled xlkit's sources again
    # (0.08-0.13 s of imports), which no clerk waits for: compile them once here and let the runs keep them.
    if os.environ.pop("PYTHONDONTWRITEBYTECODE", None) is not None:
        print("PYTHONDONTWRITEBYTECODE was set: unset for the timed runs (compiled modules, as an installed xlkit has)")
    import compileall

    import xlkit

    compileall.compile_dir(str(Path(xlkit.__file__).parent), quiet=1)
    table = {rows: measure(rows, args.repeat, args.shared) for rows in args.sizes}
    kind = "文字存于共享文字表（Excel、WPS 保存的样子）" if args.shared else "文字写在单元格里"
    print(f"\n各命令从启动到写完结果（{kind}；{args.repeat} 次取中位数；比值 = 墙钟时间 ÷ calamine 读取同一文件）")
    print(f"{'命令':<22}" + "".join(f"{f'{rows} 行':>30}" for rows in args.sizes))
    labels = list(next(iter(table.values())))
    for label in labels:
        cells = []
        for rows in args.sizes:
            wall, cpu, peak = next(v for k, v in table[rows].items() if k.split("（")[0] == label.split("（")[0])
            floor = table[rows]["读取（calamine）"][0]
            ratio = "" if label.startswith("读取") or label.startswith("docs") else f" {wall / floor:4.2f}×"
            cells.append(f"{wall:7.2f} s{ratio:>7} cpu {cpu:6.2f} s {peak:5.0f} MB")
        print(f"{label.split('（')[0]:<22}" + "".join(f"{c:>30}" for c in cells))


if __name__ == "__main__":
    main()
