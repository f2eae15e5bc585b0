"""How the editor starts: the cyclic collector is off until the first frame, then back on."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

import pytest

import wfm_tui.cli.main
import wfm_tui.tui
from wfm_tui.cli.main import main
from wfm_tui.tui.app import WfmApp


@pytest.fixture
def collector_restored() -> Iterator[None]:
    yield
    gc.unfreeze()
    gc.enable()


def test_wfm_tui_plan_starts_the_editor_with_the_collector_off(
    monkeypatch: pytest.MonkeyPatch, collector_restored: None
) -> None:
    seen: list[bool] = []

    def fake_run_editor(plan: str | None, *, mouse: bool) -> int:
        seen.append(gc.isenabled())
        return 0

    monkeypatch.setattr(wfm_tui.tui, "run_editor", fake_run_editor)
    monkeypatch.setattr(wfm_tui.cli.main, "on_a_terminal", lambda: True)
    assert main(["plan.toml"]) == 0
    assert seen == [False]


async def test_the_first_frame_turns_the_collector_back_on(
    single_site: Path, collector_restored: None
) -> None:
    gc.disable()
    app = WfmApp(str(single_site))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert gc.isenabled()
        assert gc.get_freeze_count() > 0  # what start-up built is out of the collector's way


async def test_an_editor_started_with_the_collector_on_leaves_it_alone(
    single_site: Path, collector_restored: None
) -> None:
    gc.unfreeze()
    app = WfmApp(str(single_site))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert gc.isenabled()
        assert gc.get_freeze_count() == 0
