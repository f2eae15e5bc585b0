"""Editor benchmark: start-up against a minimal Textual app, and toggle -> validation pane latency.

Run: .venv/bin/python benchmarks/bench_editor.py [--runs N] [--toggles N]

1. Time to the first interactive frame for 10-, 200-, 1,000- and 10,000-app plans, against a minimal
   Textual app (Header and Footer) started the same way: each in a fresh `python` process,
   headless at 120x40, timed from the first line of the process (imports included) to the
   first frame after the app is ready (for the editor: with its panels mounted).
2. Time from a link toggle (space on a checklist) to the repainted validation pane, median and
   95th percentile, at 200, 1,000 and 10,000 apps (in process, headless).

Goals (issue 3): opening 1,000 apps costs at most 2x the minimal app; a toggle updates the pane
within 16 ms at the median and 50 ms at p95, at 1,000 apps.

wfm-tui's bytecode is written first, as pip writes it on install (see installed.py): Textual
and pydantic, installed, start from theirs.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from installed import compile_package  # noqa: E402
from wfm_tui.core.plan import Plan  # noqa: E402
from wfm_tui.core.validation import validate  # noqa: E402
from wfm_tui.files.catalogs import load_catalog  # noqa: E402
from wfm_tui.files.plan_file import save_plan  # noqa: E402

SITE_KINDS = 8  # apps per generated site, besides the shared DAP and the one Daemon
STARTUP_SIZES = (10, 200, 1000, 10000)
TOGGLE_SIZES = (200, 1000, 10000)


def generate_plan(size: int) -> Plan:
    """A valid plan of exactly `size` apps (size >= 10): sites of 8 apps, one DAP, one Daemon."""
    sites = max(1, (size - 2) // SITE_KINDS)
    extra_builders = size - 2 - sites * SITE_KINDS
    apps: dict[str, dict] = {"DAP": {"kind": "dap", "site": "Site 000"}}
    for index in range(sites):
        site = f"Site {index:03d}"
        builders = [f"Builder {index:03d}-{n}" for n in (1, 2)]
        if index == 0:
            builders += [f"Builder {index:03d}-{n}" for n in range(3, 3 + extra_builders)]
        server, backup = f"Server {index:03d}", f"Server {index:03d} B"
        da, stat, web, msg = (f"{k} {index:03d}" for k in ("DA", "Stat", "Web", "Msg"))
        links = [*builders, da, "DAP", msg]
        apps[server] = {"kind": "wfm_server", "site": site, "backup": backup, "connections": links}
        apps[backup] = {"kind": "wfm_server", "site": site, "connections": links}
        for builder in builders:
            apps[builder] = {"kind": "wfm_builder", "site": site, "connections": [server, msg]}
        apps[da] = {
            "kind": "wfm_data_aggregator",
            "site": site,
            "connections": [server, "DAP", stat, msg],
        }
        apps[stat] = {"kind": "stat_server", "site": site}
        apps[web] = {"kind": "wfm_web", "site": site, "connections": [server, msg]}
        apps[msg] = {"kind": "message_server", "site": site}
    apps["Daemon"] = {
        "kind": "wfm_daemon",
        "site": "Site 000",
        "connections": ["Server 000", "Web 000"],
    }
    plan = Plan.model_validate(
        {"format": 1, "name": f"Benchmark, {size} apps", "apps": apps},
        context={"catalog": load_catalog()},
    )
    assert len(plan.apps) == size, len(plan.apps)
    return plan


# -- 1. start-up, each in a fresh process ----------------------------------------------------

_STARTUP = r"""
import time
START = time.perf_counter()
import sys
kind, path = sys.argv[1], sys.argv[2]

def record(app):
    print(f"{(time.perf_counter() - START) * 1000:.2f}")
    app.exit()

if kind == "minimal":
    from textual.app import App
    from textual.widgets import Footer, Header

    class Minimal(App):
        def compose(self):
            yield Header()
            yield Footer()
        def on_ready(self):
            self.call_after_refresh(record, self)
    app = Minimal()
else:
    # As `wfm-tui PLAN` starts: the script's module first, then what it does for the editor.
    from wfm_tui.cli import main as entry
    entry.prepare_editor_start()
    from wfm_tui.tui.app import WfmApp
    from wfm_tui.tui.widgets.app_panel import AppPanel

    class Timed(WfmApp):
        def on_ready(self):
            self.call_after_refresh(self.check)
        def check(self):
            # Interactive: the editor is current and its panels are on screen.
            if self.screen is self.editor and self.editor.query(AppPanel):
                record(self)
            else:
                self.call_after_refresh(self.check)
    app = Timed(path)
app.run(headless=True, size=(120, 40))
"""


def startup_once(kind: str, path: str) -> float:
    done = subprocess.run(
        [sys.executable, "-c", _STARTUP, kind, path],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return float(done.stdout.strip().splitlines()[-1])


def startup_medians(cases: dict[str, tuple[str, str]], runs: int) -> dict[str, float]:
    """Median start-up per case. The cases take turns within each round, so that a slow spell
    of the machine weighs on all of them alike rather than on whichever ran then."""
    times: dict[str, list[float]] = {name: [] for name in cases}
    for _ in range(runs):
        for name, (kind, path) in cases.items():
            times[name].append(startup_once(kind, path))
    return {name: statistics.median(values) for name, values in times.items()}


# -- 2. toggle -> pane latency, in process ---------------------------------------------------


async def toggle_latencies(path: str, toggles: int) -> list[float]:
    from wfm_tui.tui.app import WfmApp
    from wfm_tui.tui.widgets.app_panel import AppPanel
    from wfm_tui.tui.widgets.findings_pane import FindingsPane

    painted: list[float] = []
    started: list[float] = []
    original_show = FindingsPane.show
    original_toggle = AppPanel.action_toggle

    def timed_show(self: FindingsPane, findings: list, delta: object = None) -> None:
        original_show(self, findings, delta)  # type: ignore[arg-type]
        # Stamped once the frame with the new pane has been rendered.
        self.call_after_refresh(lambda: painted.append(time.perf_counter()))

    def timed_toggle(self: AppPanel) -> None:
        # The clock starts when the key reaches the checklist (Pilot's own waits excluded).
        started.append(time.perf_counter())
        original_toggle(self)

    FindingsPane.show = timed_show  # type: ignore[method-assign]
    AppPanel.action_toggle = timed_toggle  # type: ignore[method-assign]
    try:
        app = WfmApp(path)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            server = next(x for x in app.editor.query(AppPanel) if "dap" in x.groups)
            server.focus_group("dap", 0)
            await pilot.pause()
            latencies = []
            for _ in range(toggles):
                painted.clear()
                started.clear()
                await pilot.press("space")
                await pilot.pause()
                assert started, "the key did not reach the checklist"
                assert painted, "the pane was not updated"
                latencies.append((painted[0] - started[0]) * 1000)
            return latencies
    finally:
        FindingsPane.show = original_show  # type: ignore[method-assign]
        AppPanel.action_toggle = original_toggle  # type: ignore[method-assign]


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9, help="start-up runs per case (median)")
    parser.add_argument("--toggles", type=int, default=60, help="toggles per plan size")
    args = parser.parse_args()
    compile_package()
    catalog = load_catalog()

    with tempfile.TemporaryDirectory() as folder:
        paths = {}
        for size in STARTUP_SIZES:
            plan = generate_plan(size)
            assert validate(plan, catalog) == [], "the generated plan must be valid"
            paths[size] = str(Path(folder) / f"plan-{size}.toml")
            save_plan(paths[size], plan, catalog)

        print(f"Start-up to first interactive frame (median of {args.runs}, fresh process):")
        cases = {"minimal": ("minimal", "")}
        cases |= {str(size): ("editor", paths[size]) for size in STARTUP_SIZES}
        medians = startup_medians(cases, args.runs)
        minimal = medians["minimal"]
        print(f"  minimal Textual app (Header+Footer)  {minimal:8.1f} ms")
        for size in STARTUP_SIZES:
            took = medians[str(size)]
            print(
                f"  editor, {size:5d} apps                 {took:8.1f} ms  "
                f"({took / minimal:.2f}x minimal)"
            )

        print(f"\nToggle -> repainted validation pane ({args.toggles} toggles):")
        for size in TOGGLE_SIZES:
            latencies = asyncio.run(toggle_latencies(paths[size], args.toggles))
            print(
                f"  {size:5d} apps   median {statistics.median(latencies):6.1f} ms   "
                f"p95 {percentile(latencies, 0.95):6.1f} ms"
            )


if __name__ == "__main__":
    main()
