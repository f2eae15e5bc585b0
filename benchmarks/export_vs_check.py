"""Benchmark: `wfm-tui export PLAN --format F` against `wfm-tui check PLAN`, per format.

Export loads and validates as check does, then renders: the columns show what rendering adds.
Whole-process times, the commands run in turn in each round so that machine noise hits all
alike. Run with `make bench`. wfm-tui's bytecode is written first (see installed.py).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.check_vs_tomllib import wfm_tui_command
from benchmarks.installed import compile_package
from benchmarks.synthetic_plans import synthetic_plan
from wfm_tui.files.catalogs import load_catalog
from wfm_tui.files.plan_file import dump_plan

FORMATS = ("dot", "mermaid", "markdown", "csv")


def timed(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7, help="rounds per size")
    parser.add_argument("--sizes", type=int, nargs="+", default=(1_000, 10_000))
    args = parser.parse_args()
    compile_package()
    catalog = load_catalog()
    wfm = wfm_tui_command()
    print(f"python {sys.version.split()[0]}, {args.runs} runs each, median whole-process time")
    print(f"{'apps':>7} {'check':>9} " + " ".join(f"{f:>13}" for f in FORMATS))
    with tempfile.TemporaryDirectory() as folder:
        for size in args.sizes:
            plan = synthetic_plan(size)
            path = Path(folder) / f"plan-{size}.toml"
            path.write_text(dump_plan(plan, catalog), "utf-8")
            commands = {"check": [*wfm, "check", str(path)]}
            for fmt in FORMATS:
                out = str(Path(folder) / f"out-{size}-{fmt}")
                commands[fmt] = [*wfm, "export", str(path), "--format", fmt, "-o", out, "--force"]
            times: dict[str, list[float]] = {name: [] for name in commands}
            for command in commands.values():
                timed(command)  # warm the file cache and the bytecode
            for _ in range(args.runs):
                for name, command in commands.items():
                    times[name].append(timed(command))
            check = statistics.median(times["check"])
            cells = []
            for fmt in FORMATS:
                mine = statistics.median(times[fmt])
                cells.append(f"{mine * 1000:>6.0f}ms {mine / check:>4.2f}x")
            print(f"{len(plan.apps):>7} {check * 1000:>7.0f}ms " + " ".join(cells))


if __name__ == "__main__":
    main()
