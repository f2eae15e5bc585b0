"""Keys typed ahead: what waiting costs a burst of keys.

Run: .venv/bin/python -m benchmarks.bench_type_ahead [--keys N] [--rounds N]

Each key of a burst waits for the one before it to act (tui/type_ahead.py), and the burst is
drawn once, at its end. Measured in process (headless, 120x40) on a generated 1,000-app plan,
the navigator's cursor going down `--keys` lines: from the keys queued at once to the centre
showing the last line's site or kind, no key held; beside it, in the same run and in turn, the
same burst with keys sent on at once as Textual sends them (type-ahead off), which the keys
of a burst get right here (the navigator keeps the focus) but not where a key moves it.
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


async def one_round(path: str, keys: int, waiting: bool) -> float:
    """Milliseconds from the first key to the centre on the last key's line, no key held."""
    from wfm_tui.tui.app import WfmApp
    from wfm_tui.tui.widgets.navigator import Navigator

    drop_journals(path)
    app = WfmApp(path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        collect_as_wfm_tui_does()
        if not waiting:
            app.type_ahead._started = lambda: False  # every key sent on as it comes
        navigator = app.editor.query_one(Navigator)
        target = navigator.cursor + keys
        start = time.perf_counter()
        driver = app._driver
        assert driver is not None
        for _ in range(keys):
            event = events.Key("j", "j")
            event.set_sender(app)
            driver.send_message(event)
        while (
            navigator.cursor < target
            or app.editor.scope != navigator.current_scope
            or app.type_ahead.holding
        ):
            await asyncio.sleep(0.0005)
        return (time.perf_counter() - start) * 1000


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
            for waiting in (True, False):
                times[waiting].append(asyncio.run(one_round(path, args.keys, waiting)))
    print(
        f"Type-ahead: {args.keys} j queued at once in the navigator, {SIZE} apps "
        f"(median of {args.rounds}, in process):"
    )
    off = statistics.median(times[False])
    for waiting, label in ((True, "each key waits (the editor)"), (False, "sent on at once (off)")):
        median = statistics.median(times[waiting])
        print(
            f"  {label:<28} {median:7.1f} ms  ({median / args.keys:4.1f} ms a key, "
            f"{median / off:4.2f}x off)"
        )


if __name__ == "__main__":
    main()
