"""Editor benchmark: start-up against a minimal Textual app, and toggle -> validation pane latency.

Run: .venv/bin/python -m benchmarks.bench_editor [--runs N] [--toggles N]

1. Time to the first interactive frame for 10-, 200-, 1,000- and 10,000-app plans, against a minimal
   Textual app (Header and Footer) started the same way: each in a fresh `python` process,
   headless at 120x40, timed from the first line of the process (imports included) to the
   first frame after the app is ready (for the editor: with its panels mounted).
   With it, the resident set of each process at that frame (the editor with each plan open
   against the minimal app). Beside them, the floor of each size: the minimal app started
   after reading the plan and validating it once (pydantic, the TOML parse, the plan model, the
   catalog, `validate`), which no editor of the plan on this stack can skip before its first
   frame shows a finding.
2. Time from a link toggle (space on a checklist) to the repainted validation pane, median and
   95th percentile, at 200, 1,000 and 10,000 apps (in process, headless).
3. The heaviest single edits at 10,000 apps, to the repainted screen: removing the app most
   apps name, renaming it, cloning the largest site and undoing that clone.
4. The resident set over 3,000 toggles at 10,000 apps (a fresh process): it must not grow with
   the number of edits.
5. The command palette: from each key typed to its list of matches (apps by name), at 200 and
   10,000 apps.

Goals (issues 3 and 14): opening 1,000 and 10,000 apps costs at most 2x the minimal app; a
toggle updates the pane within 16 ms at the median and 50 ms at p95, at 1,000 and 10,000 apps.

wfm-tui's bytecode is written first, as pip writes it on install (see installed.py): Textual
and pydantic, installed, start from theirs.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from functools import partial
from pathlib import Path

from benchmarks.installed import compile_package
from benchmarks.synthetic_plans import generate_plan
from wfm_tui.core.operations import Operation, RemoveApp, RenameApp
from wfm_tui.core.plan import Plan
from wfm_tui.core.site_clone import CloneSite
from wfm_tui.core.validation import validate
from wfm_tui.files.catalogs import load_catalog
from wfm_tui.files.plan_file import save_plan

ROOT = Path(__file__).resolve().parent.parent

STARTUP_SIZES = (10, 200, 1000, 10000)
TOGGLE_SIZES = (200, 1000, 10000)
EDIT_SIZE = 10000
RSS_TOGGLES = 3000


def rss_mib() -> float:
    """The resident set of this process now, in MiB (its peak where /proc is not there)."""
    try:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except OSError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# -- 1. start-up, each in a fresh process ----------------------------------------------------

_STARTUP = r"""
import time
START = time.perf_counter()
import os
import sys
kind, path = sys.argv[1], sys.argv[2]

def record(app):
    took = (time.perf_counter() - START) * 1000
    with open("/proc/self/statm") as statm:
        rss = int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    print(f"{took:.2f} {rss:.1f}")
    app.exit()

if kind in ("minimal", "floor"):
    from textual.app import App
    from textual.widgets import Footer, Header

    class Minimal(App):
        def compose(self):
            yield Header()
            yield Footer()
        def on_ready(self):
            self.call_after_refresh(record, self)
    if kind == "floor":
        # What no editor of this plan on this stack can skip before its first frame shows a
        # finding: pydantic, the parse, the plan model, the catalog and one validation.
        from wfm_tui.core.validation import validate
        from wfm_tui.files.plan_file import read_plan
        loaded = read_plan(path)
        validate(loaded.plan, loaded.catalog)
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


def startup_once(kind: str, path: str) -> tuple[float, float]:
    """Milliseconds to the first interactive frame, and the resident set then (MiB)."""
    done = subprocess.run(
        [sys.executable, "-c", _STARTUP, kind, path],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    took, rss = done.stdout.strip().splitlines()[-1].split()
    return float(took), float(rss)


def startup_medians(cases: dict[str, tuple[str, str]], runs: int) -> dict[str, tuple[float, float]]:
    """Median start-up and resident set per case. The cases take turns within each round, so
    that a slow spell of the machine weighs on all of them alike rather than on whichever ran
    then."""
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in cases}
    for _ in range(runs):
        for name, (kind, path) in cases.items():
            times[name].append(startup_once(kind, path))
    return {
        name: (statistics.median(v[0] for v in values), statistics.median(v[1] for v in values))
        for name, values in times.items()
    }


# -- 2. toggle -> pane latency, in process ---------------------------------------------------


def drop_journals(path: str) -> None:
    """Remove the recovery journals an earlier run's unsaved toggles left beside `path`: the
    editor would open on the offer to recover them, and the keys would go to that dialog."""
    plan = Path(path)
    for journal in plan.parent.glob(f".{plan.name}.*.wfm-recovery"):
        journal.unlink()


def collect_as_wfm_tui_does() -> None:
    """`wfm-tui` freezes what its start-up built out of the collector's passes (tui/app.py,
    `_collect_from_now_on`); an app under Pilot does not start through it. Without the same
    here, a full collection scans every object of a 10,000-app plan (some 75 ms) in whichever
    edit it falls, a pause the editor as run does not have. `gc.unfreeze()` once done."""
    gc.freeze()


async def toggle_latencies(path: str, toggles: int) -> list[float]:
    from wfm_tui.tui.app import WfmApp
    from wfm_tui.tui.widgets.app_panel import AppPanel
    from wfm_tui.tui.widgets.findings_pane import FindingsPane

    painted: list[float] = []
    started: list[float] = []
    original_show = FindingsPane.show
    original_toggle = AppPanel.action_toggle_link

    def timed_show(self: FindingsPane, findings: list, delta: object = None) -> None:
        original_show(self, findings, delta)  # type: ignore[arg-type]
        # Stamped once the frame with the new pane has been rendered.
        self.call_after_refresh(lambda: painted.append(time.perf_counter()))

    def timed_toggle(self: AppPanel) -> None:
        # The clock starts when the key reaches the checklist (Pilot's own waits excluded).
        started.append(time.perf_counter())
        original_toggle(self)

    FindingsPane.show = timed_show  # type: ignore[method-assign]
    AppPanel.action_toggle_link = timed_toggle  # type: ignore[method-assign]
    drop_journals(path)
    try:
        app = WfmApp(path)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            collect_as_wfm_tui_does()
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
        AppPanel.action_toggle_link = original_toggle  # type: ignore[method-assign]
        gc.unfreeze()


# -- 3. the heaviest single edits, in process ------------------------------------------------


def most_referenced(plan: Plan) -> tuple[str, int]:
    """The app that most other apps name (as a link or a backup), and how many do."""
    named: dict[str, int] = {}
    for name, app in plan.apps.items():
        for target in {*app.connections, *([app.backup] if app.backup else [])} - {name}:
            named[target] = named.get(target, 0) + 1
    return max(named.items(), key=lambda item: item[1])


def largest_site(plan: Plan) -> tuple[str, int]:
    sizes: dict[str, int] = {}
    for app in plan.apps.values():
        if app.site is not None:
            sizes[app.site] = sizes.get(app.site, 0) + 1
    return max(sizes.items(), key=lambda item: item[1])


async def edit_latencies(path: str, plan: Plan, rounds: int) -> dict[str, list[float]]:
    """Milliseconds from each edit to the next frame painted after it (the editor's refresh of
    navigator, panels, pane and footer done), `rounds` times each; each edit is undone (or
    redone) before the next round, so that every round starts from the same plan."""
    from wfm_tui.tui.app import WfmApp

    hub, _ = most_referenced(plan)
    site, _ = largest_site(plan)
    drop_journals(path)
    app = WfmApp(path)
    times: dict[str, list[float]] = {}
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        collect_as_wfm_tui_does()
        editor = app.editor

        async def painted(label: str, edit: object) -> None:
            done: list[float] = []
            start = time.perf_counter()
            await edit  # type: ignore[misc]
            app.call_after_refresh(lambda: done.append(time.perf_counter()))
            while not done:
                await pilot.pause()
            times.setdefault(label, []).append((done[0] - start) * 1000)

        ops: dict[str, Operation] = {
            "remove the most-named app": RemoveApp(hub),
            "rename the most-named app": RenameApp(hub, f"{hub} renamed"),
            "clone the largest site": CloneSite(site, f"{site} copy"),
        }
        for _ in range(rounds):
            for label, op in ops.items():
                await painted(label, editor.apply(op))
                if label.startswith("clone"):
                    await painted("undo that clone", editor.action_undo())
                else:
                    await editor.action_undo()
                await pilot.pause()
    gc.unfreeze()
    return times


# -- 5. the palette's search, in process -----------------------------------------------------

PALETTE_TYPED = ("serv", "DAP")
# What the palette holds after each key: s, se, ser, serv, D, DA, DAP.
PALETTE_QUERIES = tuple(word[:n] for word in PALETTE_TYPED for n in range(1, len(word) + 1))


def _stamp(into: list[float]) -> None:
    into.append(time.perf_counter())


async def palette_latencies(path: str, rounds: int) -> dict[str, list[float]]:
    """Milliseconds from each key typed into the command palette to the frame after its list
    of matches is complete (Pilot's own waits included: compare with a small plan), `rounds`
    times each query, letter by letter."""
    from textual.command import CommandPalette

    from wfm_tui.tui.app import WfmApp

    drop_journals(path)
    app = WfmApp(path)
    times: dict[str, list[float]] = {}
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        collect_as_wfm_tui_does()
        for _ in range(rounds):
            for query in PALETTE_TYPED:
                await pilot.press("ctrl+p")
                await pilot.pause()
                palette = app.screen
                assert isinstance(palette, CommandPalette), "ctrl+p did not open the palette"
                for typed in range(1, len(query) + 1):
                    start = time.perf_counter()
                    await pilot.press(query[typed - 1])
                    await palette.workers.wait_for_complete()
                    painted: list[float] = []
                    app.call_after_refresh(partial(_stamp, painted))
                    while not painted:
                        await pilot.pause()
                    times.setdefault(query[:typed], []).append((painted[0] - start) * 1000)
                await pilot.press("escape")
                await pilot.pause()
    gc.unfreeze()
    return times


# -- 4. memory over many toggles, in a fresh process -----------------------------------------


def rss_marks(toggles: int) -> set[int]:
    """After how many toggles the memory run reads the resident set: early ones, for the first
    edit's indexes and the allocator's warming up, then each quarter of the run."""
    return {n for n in (10, 100, 1000) if n < toggles} | {toggles * k // 4 for k in range(1, 5)}


async def toggle_rss(path: str, toggles: int) -> list[tuple[int, float]]:
    """The resident set (MiB) before and after a number of toggles of one link (rss_marks)."""
    from wfm_tui.tui.app import WfmApp
    from wfm_tui.tui.widgets.app_panel import AppPanel

    drop_journals(path)
    app = WfmApp(path)
    samples: list[tuple[int, float]] = []
    marks = rss_marks(toggles)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        collect_as_wfm_tui_does()
        server = next(x for x in app.editor.query(AppPanel) if "dap" in x.groups)
        server.focus_group("dap", 0)
        await pilot.pause()
        samples.append((0, rss_mib()))
        for done in range(1, toggles + 1):
            await pilot.press("space")
            await pilot.pause()
            if done in marks:
                samples.append((done, rss_mib()))
        assert len(app.editor.document.undo_stack) == toggles, "a toggle did not reach the plan"
    gc.unfreeze()
    return samples


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9, help="start-up runs per case (median)")
    parser.add_argument("--toggles", type=int, default=60, help="toggles per plan size")
    parser.add_argument("--edits", type=int, default=5, help="rounds of the heaviest edits")
    parser.add_argument(
        "--rss-toggles", type=int, default=RSS_TOGGLES, help="toggles of the memory run"
    )
    parser.add_argument("--rss-of", nargs=2, metavar=("PLAN", "TOGGLES"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.rss_of:  # the memory run, in a process of its own
        plan_path, toggles = args.rss_of
        samples = asyncio.run(toggle_rss(plan_path, int(toggles)))
        for done, rss in samples:
            print(f"  after {done:5d} toggles   {rss:6.1f} MiB")
        half, (last, last_rss) = samples[-3], samples[-1]
        growth = (last_rss - half[1]) * 1024 / (last - half[0])
        print(f"  from {half[0]} to {last} toggles: {growth:+.2f} KiB a toggle")
        return
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
        cases |= {f"floor {size}": ("floor", paths[size]) for size in STARTUP_SIZES}
        medians = startup_medians(cases, args.runs)
        minimal, minimal_rss = medians["minimal"]
        print(f"  minimal Textual app (Header+Footer)  {minimal:8.1f} ms")
        for size in STARTUP_SIZES:
            took = medians[str(size)][0]
            print(
                f"  editor, {size:5d} apps                 {took:8.1f} ms  "
                f"({took / minimal:.2f}x minimal)"
            )
        print("  floor: the minimal app after reading and validating the plan (no editor):")
        for size in STARTUP_SIZES:
            took = medians[f"floor {size}"][0]
            print(
                f"  floor,  {size:5d} apps                 {took:8.1f} ms  "
                f"({took / minimal:.2f}x minimal)"
            )
        print("\nResident set at the first interactive frame (median):")
        print(f"  minimal Textual app (Header+Footer)  {minimal_rss:8.1f} MiB")
        for size in STARTUP_SIZES:
            rss = medians[str(size)][1]
            print(
                f"  editor, {size:5d} apps                 {rss:8.1f} MiB "
                f"({rss / minimal_rss:.2f}x minimal)"
            )

        print(f"\nToggle -> repainted validation pane ({args.toggles} toggles):")
        for size in TOGGLE_SIZES:
            latencies = asyncio.run(toggle_latencies(paths[size], args.toggles))
            print(
                f"  {size:5d} apps   median {statistics.median(latencies):6.1f} ms   "
                f"p95 {percentile(latencies, 0.95):6.1f} ms"
            )

        plan = generate_plan(EDIT_SIZE)
        hub, named_by = most_referenced(plan)
        site, site_apps = largest_site(plan)
        print(
            f"\nHeaviest single edits -> next frame, {EDIT_SIZE} apps (median of {args.edits}, "
            f"{hub!r} named by {named_by:,} apps, {site!r} of {site_apps} apps):"
        )
        edits = asyncio.run(edit_latencies(paths[EDIT_SIZE], plan, args.edits))
        for label, latencies in edits.items():
            print(
                f"  {label:28s} median {statistics.median(latencies):6.1f} ms   "
                f"max {max(latencies):6.1f} ms"
            )

        print(
            f"\nPalette: a key -> its matches listed (median of {args.edits}, "
            "Pilot's waits included):"
        )
        for size in (200, EDIT_SIZE):
            typed = asyncio.run(palette_latencies(paths[size], args.edits))
            shown = "  ".join(f"{q} {statistics.median(typed[q]):5.1f}" for q in PALETTE_QUERIES)
            print(f"  {size:5d} apps   {shown}  ms")

        print(f"\nResident set over {args.rss_toggles} toggles, {EDIT_SIZE} apps (fresh process):")
        done = subprocess.run(
            [sys.executable, __file__, "--rss-of", paths[EDIT_SIZE], str(args.rss_toggles)],
            capture_output=True,
            text=True,
            check=True,
        )
        print(done.stdout, end="")


if __name__ == "__main__":
    main()
