"""Keys typed ahead: a burst of keys queued at once, against the same keys pressed one by one.

Run: .venv/bin/python -m benchmarks.bench_type_ahead [--keys N] [--rounds N]

Each key of a burst waits for the one before it to act (tui/type_ahead.py), and the burst is
drawn once, at its end. Measured in process (headless, 120x40) on a generated 1,000-app plan,
the navigator's cursor going down `--keys` lines: from the keys queued at once to the centre
showing the last line's site or kind; beside it, the same keys pressed one at a time, each
waited for and drawn (Pilot's `press`, its own waits included), in the same run and in turn.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from pathlib import Path

from textual import events

from benchmarks.bench_editor import collect_as_wfm_tui_does, drop_journals
from benchmarks.installed import compile_package
from benchmarks.synthetic_plans import generate_plan
from wfm_tui.files.catalogs import load_catalog
from wfm_tui.files.plan_file import save_plan

SIZE = 1000


async def one_round(path: str, keys: int, burst: bool) -> float:
    """Milliseconds from the first key to the centre on the last key's line."""
    from wfm_tui.tui.app import WfmApp
    from wfm_tui.tui.widgets.navigator import Navigator

    drop_journals(path)
    app = WfmApp(path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        collect_as_wfm_tui_does()
        navigator = app.editor.query_one(Navigator)
        target = navigator.cursor + keys
        start = time.perf_counter()
        if burst:
            driver = app._driver
            assert driver is not None
            for _ in range(keys):
                event = events.Key("j", "j")
                event.set_sender(app)
                driver.send_message(event)
        else:
            for _ in range(keys):
                await pilot.press("j")
        while navigator.cursor < target or app.editor.scope != navigator.current_scope:
            await asyncio.sleep(0.0005)
        took = (time.perf_counter() - start) * 1000
        assert not app.type_ahead.holding
        return took


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keys", type=int, default=40)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    compile_package()
    catalog = load_catalog()
    with tempfile.TemporaryDirectory() as folder:
        path = str(Path(folder) / f"plan-{SIZE}.toml")
        save_plan(path, generate_plan(SIZE), catalog)
        times: dict[bool, list[float]] = {True: [], False: []}
        for _ in range(args.rounds):
            for burst in (True, False):
                times[burst].append(asyncio.run(one_round(path, args.keys, burst)))
    print(
        f"Type-ahead: {args.keys} j in the navigator, {SIZE} apps "
        f"(median of {args.rounds}, in process):"
    )
    for burst, label in ((True, "queued at once (a burst)"), (False, "pressed one by one")):
        median = statistics.median(times[burst])
        print(f"  {label:<28} {median:7.1f} ms  ({median / args.keys:4.1f} ms a key)")


if __name__ == "__main__":
    main()
