"""Benchmark: the commands on a plan of 100,000 apps, the most a plan may have.

Run: .venv/bin/python -m benchmarks.bench_cli_100k [--runs N] [--apps N]

`check`, `whatif`, `impact` and `diff` on a valid plan of bench_editor.py's generator (sites of
a Server, its backup, Builders, a Data Aggregator, a Stat Server, a Web and a Message Server;
one DAP and one Daemon for all: 11.6 MiB at 100,000 apps, within the 16 MiB a plan file may
have), each as a whole process, as a user runs it: the median wall time of N runs, and the
peak resident set of the process (its own ru_maxrss, from os.wait4). The cases:

- check: the plan;
- whatif: renaming the DAP, which every Server and Data Aggregator names (over a third of the
  apps change), and removing one site's Server;
- impact: losing the DAP, which takes every Server down and every app with them (the longest
  cascade the plan has), and losing one site's Server;
- diff: the plan against a copy with one site renamed, one removed and a link dropped from
  every hundredth Server.

wfm-tui's bytecode is written first, as pip writes it on install (see installed.py).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.installed import compile_package
from benchmarks.synthetic_plans import generate_plan
from wfm_tui.core.plan import Plan
from wfm_tui.core.validation import validate
from wfm_tui.files.catalogs import load_catalog
from wfm_tui.files.plan_file import dump_plan

APPS = 100_000


def wfm_tui_command() -> list[str]:
    script = Path(sys.executable).with_name("wfm-tui")
    return [str(script)] if script.exists() else [sys.executable, "-m", "wfm_tui"]


def run_once(command: list[str]) -> tuple[float, int, int]:
    """Wall time (s), peak resident set (KiB) and exit status of one run of `command`."""
    start = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    # wait4: the child's own peak, where getrusage(RUSAGE_CHILDREN) keeps the largest of all.
    _, status, usage = os.wait4(child.pid, 0)
    took = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    assert child.stderr is not None
    errors = child.stderr.read()
    child.stderr.close()
    if child.returncode >= 2:
        raise SystemExit(f"{' '.join(command)} failed ({child.returncode}): {errors.decode()}")
    return took, usage.ru_maxrss, child.returncode


def changed_copy(plan: Plan) -> Plan:
    """The plan with site 001 renamed, site 002's apps removed and every hundredth Server's
    link to its second Builder dropped, for diff."""
    apps = {name: app for name, app in plan.apps.items() if app.site != "Site 002"}
    for name, app in apps.items():
        if app.site == "Site 001":
            apps[name] = app.model_copy(update={"site": "Site One"})
        elif app.kind == "wfm_server" and name.endswith("00"):
            dropped = f"Builder {name.split()[1]}-2"
            links = tuple(c for c in app.connections if c != dropped)
            apps[name] = app.model_copy(update={"connections": links})
    return plan.model_copy(update={"apps": apps})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="runs of each command (median)")
    parser.add_argument("--apps", type=int, default=APPS)
    args = parser.parse_args()
    compile_package()
    catalog = load_catalog()
    plan = generate_plan(args.apps)
    assert validate(plan, catalog) == [], "the generated plan must be valid"
    other = changed_copy(plan)
    with tempfile.TemporaryDirectory() as folder:
        path, changed = Path(folder) / "plan.toml", Path(folder) / "changed.toml"
        path.write_text(dump_plan(plan, catalog), "utf-8")
        changed.write_text(dump_plan(other, catalog), "utf-8")
        wfm = wfm_tui_command()
        cases = {
            "check": [*wfm, "check", str(path)],
            "whatif --rename DAP": [*wfm, "whatif", str(path), "--rename", "DAP", "DAP 2"],
            "whatif --remove Server": [*wfm, "whatif", str(path), "--remove", "Server 007"],
            "impact DAP": [*wfm, "impact", str(path), "DAP"],
            "impact Server": [*wfm, "impact", str(path), "Server 007"],
            "diff": [*wfm, "diff", str(path), str(changed)],
        }
        size = path.stat().st_size / (1024 * 1024)
        print(
            f"{len(plan.apps):,} apps ({size:.1f} MiB), python {sys.version.split()[0]}, "
            f"median of {args.runs} runs, whole process:"
        )
        for command in cases.values():
            run_once(command)  # warm the file cache
        results: dict[str, list[tuple[float, int, int]]] = {name: [] for name in cases}
        for _ in range(args.runs):  # in turn, so that a slow spell weighs on all alike
            for name, command in cases.items():
                results[name].append(run_once(command))
        print(f"  {'command':24} {'time':>8} {'peak RSS':>10}")
        for name, runs in results.items():
            took = statistics.median(r[0] for r in runs)
            peak = max(r[1] for r in runs) / 1024
            print(f"  {name:24} {took:7.2f}s {peak:7.0f} MiB")


if __name__ == "__main__":
    main()
