"""Benchmark: `wfm-tui check PLAN` against the standard library merely parsing the same file.

Whole-process times, the two commands run alternately in the same run so that machine noise
hits both alike; the figure that matters is the ratio. Run with `make bench`. wfm-tui's
bytecode is written first, as pip writes it on install (see installed.py).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.installed import compile_package
from benchmarks.synthetic_plans import synthetic_plan
from wfm_tui.core.validation import validate
from wfm_tui.files.catalogs import load_catalog
from wfm_tui.files.plan_file import dump_plan

SIZES = (10, 100, 1_000, 3_000, 10_000)


def wfm_tui_command() -> list[str]:
    script = Path(sys.executable).with_name("wfm-tui")
    return [str(script)] if script.exists() else [sys.executable, "-m", "wfm_tui"]


def timed(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15, help="runs of each command per size")
    parser.add_argument("--sizes", type=int, nargs="+", default=SIZES)
    args = parser.parse_args()
    compile_package()
    catalog = load_catalog()
    print(f"python {sys.version.split()[0]}, {args.runs} runs each, median whole-process time")
    # "per extra app": check's added time per added app since the previous size; a flat column
    # means check's time grows linearly with the plan.
    print(f"{'apps':>7} {'KiB':>6} {'check':>9} {'tomllib':>9} {'ratio':>6} {'per extra app':>14}")
    previous: tuple[int, float] | None = None
    with tempfile.TemporaryDirectory() as folder:
        for size in args.sizes:
            plan = synthetic_plan(size)
            assert validate(plan, catalog) == [], "synthetic plans must be valid"
            path = Path(folder) / f"plan-{size}.toml"
            path.write_text(dump_plan(plan, catalog), "utf-8")
            check = [*wfm_tui_command(), "check", str(path)]
            parse = [
                sys.executable,
                "-c",
                f"import tomllib; tomllib.load(open({str(path)!r}, 'rb'))",
            ]
            timed(check), timed(parse)  # warm the file cache and the bytecode
            ours, theirs = [], []
            for _ in range(args.runs):
                ours.append(timed(check))
                theirs.append(timed(parse))
            mine, base = statistics.median(ours), statistics.median(theirs)
            apps = len(plan.apps)
            growth = ""
            if previous is not None:
                growth = f"{(mine - previous[1]) / (apps - previous[0]) * 1e6:>12.1f}us"
            previous = (apps, mine)
            print(
                f"{apps:>7} {path.stat().st_size // 1024:>6} {mine * 1000:>7.1f}ms "
                f"{base * 1000:>7.1f}ms {mine / base:>6.2f} {growth}"
            )


if __name__ == "__main__":
    main()
