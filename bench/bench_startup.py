"""Start-up time of the installed ``dipstat`` command, from a new process each run.

Issue 5 asks that ``dipstat quotes`` on the sample article print in under 0.7 s wall
time from a cold start.  Each run starts a fresh interpreter (the OS file cache stays
warm, as it is for a user running the command twice), waits for it to exit, and the
median and minimum wall time of the runs (and the median CPU time, which a busy
machine disturbs less) are printed for:

- ``dipstat --version`` (the floor: Python, Typer and the CLI module; no analysis),
- ``dipstat quotes SAMPLE`` into a pipe (JSON Lines, the pipeline default),
- ``dipstat quotes --format table SAMPLE`` (rich tables, what a terminal shows).

    python bench/bench_startup.py [--runs 9] [--importtime]

``--importtime`` also prints the slowest imports of one ``quotes`` run
(``python -X importtime``), to see where start-up goes.  This is a measurement, not a
test: the numbers depend on the machine and its load.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "samples" / "beijing_parade.txt"
BUDGET_SECONDS = 0.7  # issue 5: `dipstat quotes` on the sample, cold start


def _command() -> list[str]:
    """The installed console script, else ``python -m dipstat``."""
    script = Path(sys.executable).with_name("dipstat")
    if script.exists():
        return [str(script)]
    found = shutil.which("dipstat")
    return [found] if found else [sys.executable, "-m", "dipstat"]


def _time(argv: list[str], runs: int) -> tuple[list[float], list[float]]:
    """Wall and CPU (user + system) seconds of each run."""
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "100"}
    walls, cpus = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        done = subprocess.run(argv, capture_output=True, env=env, check=False)
        walls.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
        if done.returncode != 0:
            sys.exit(f"{' '.join(argv)} failed ({done.returncode}): {done.stderr.decode()}")
    return walls, cpus


def _slowest_imports(argv: list[str], count: int = 15) -> list[tuple[int, str]]:
    """(cumulative microseconds, module) of the slowest imports of one run, nested ones
    indented under what imported them."""
    base = [sys.executable, "-X", "importtime", "-m", "dipstat", *argv[1:]]
    done = subprocess.run(base, capture_output=True, text=True, check=False)
    rows = []
    for line in done.stderr.splitlines():
        match = re.match(r"import time:\s+\d+ \|\s+(\d+) \|( *)(\S+)", line)
        if match:
            rows.append((int(match.group(1)), match.group(2)[1:] + match.group(3)))
    return sorted(rows, reverse=True)[:count]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=9, help="runs per command (default 9)")
    parser.add_argument("--importtime", action="store_true", help="show the slowest imports")
    args = parser.parse_args()

    dipstat = _command()
    cases = {
        "dipstat --version": [*dipstat, "--version"],
        "dipstat quotes SAMPLE (piped: jsonl)": [*dipstat, "quotes", str(SAMPLE)],
        "dipstat quotes --format table SAMPLE": [*dipstat, "quotes", "-f", "table", str(SAMPLE)],
    }
    print(f"{'':<40} {'wall time':^17}  {'CPU time':^8}")
    print(f"{'command':<40} {'median':>8} {'min':>8}  {'median':>8}   ({args.runs} cold runs)")
    medians = {}
    for label, argv in cases.items():
        _time(argv, 1)  # one untimed run: the OS file cache, as for a user's second call
        walls, cpus = _time(argv, args.runs)
        medians[label] = statistics.median(walls)
        print(
            f"{label:<40} {medians[label]:>7.3f}s {min(walls):>7.3f}s "
            f"{statistics.median(cpus):>8.3f}s"
        )
    worst = max(v for k, v in medians.items() if "quotes" in k)
    verdict = "within" if worst < BUDGET_SECONDS else "OVER"
    print(f"quotes median {worst:.3f} s: {verdict} the {BUDGET_SECONDS} s budget")
    if args.importtime:
        print("\nslowest imports of `dipstat quotes --format table SAMPLE` (cumulative):")
        for micros, module in _slowest_imports(cases["dipstat quotes --format table SAMPLE"]):
            print(f"  {micros / 1000:7.1f} ms  {module}")


if __name__ == "__main__":
    main()
