"""The editor benchmark's measurements run against the editor as it is: they reach into it
(the toggle action, the pane's show), so a rename must fail here, not in `make bench`."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks import bench_editor
from benchmarks.synthetic_plans import generate_plan
from wfm_tui.files.catalogs import load_catalog
from wfm_tui.files.plan_file import save_plan


@pytest.fixture
def plan_path(tmp_path: Path) -> str:
    path = tmp_path / "plan.toml"
    save_plan(str(path), generate_plan(200), load_catalog())
    return str(path)


async def test_toggle_latencies_are_measured(plan_path: str) -> None:
    latencies = await bench_editor.toggle_latencies(plan_path, 3)
    assert len(latencies) == 3
    assert all(latency > 0 for latency in latencies)


async def test_the_memory_run_samples_each_quarter(plan_path: str) -> None:
    samples = await bench_editor.toggle_rss(plan_path, 8)
    assert [done for done, _ in samples] == [0, 2, 4, 6, 8]
    assert all(rss > 0 for _, rss in samples)


async def test_the_heaviest_edits_are_measured(plan_path: str) -> None:
    plan = generate_plan(200)
    times = await bench_editor.edit_latencies(plan_path, plan, 1)
    assert set(times) == {
        "remove the most-named app",
        "rename the most-named app",
        "clone the largest site",
        "undo that clone",
    }


@pytest.mark.parametrize("kind", ["minimal", "editor", "floor"])
def test_each_start_up_is_measured(kind: str, plan_path: str) -> None:
    took, rss = bench_editor.startup_once(kind, plan_path)
    assert took > 0
    assert rss > 0


async def test_the_palette_is_measured(plan_path: str) -> None:
    times = await bench_editor.palette_latencies(plan_path, 1)
    assert set(times) == set(bench_editor.PALETTE_QUERIES)
    assert all(len(values) == 1 and values[0] > 0 for values in times.values())


@pytest.mark.parametrize("waiting", [True, False], ids=["waiting", "off"])
async def test_the_type_ahead_burst_is_measured(plan_path: str, waiting: bool) -> None:
    from benchmarks import bench_type_ahead

    took = await bench_type_ahead.one_round(plan_path, 5, waiting)
    assert took > 0
