"""Snapshots of the main screen at 80x24 and 120x40. Regenerate deliberately:
`.venv/bin/pytest tests/tui --snapshot-update`, then look at the SVGs before committing them."""

from __future__ import annotations

import pytest

from tests import ROOT
from wfm_tui.tui.app import WfmApp

SIZES = [(80, 24), (120, 40)]
# Relative paths, so that the header (which shows the file) is the same on every machine.
PLANS = {
    "single-site": "sample_plans/single-site.toml",
    "broken": "sample_plans/broken.toml",
    "markup": "tests/tui/plans/markup.toml",
}


@pytest.fixture(autouse=True)
def _in_repo(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


async def _settle(pilot) -> None:
    await pilot.pause()
    await pilot.wait_for_scheduled_animations()


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("plan", list(PLANS))
def test_main_screen(snap_compare, plan: str, size: tuple[int, int]) -> None:
    assert snap_compare(WfmApp(PLANS[plan]), terminal_size=size, run_before=_settle)


def test_focused_panel_with_radio_group(snap_compare) -> None:
    async def focus_dap(pilot) -> None:
        await pilot.app.editor.focus_app("WFM Server London", "dap")
        await _settle(pilot)

    assert snap_compare(WfmApp(PLANS["single-site"]), terminal_size=(120, 40), run_before=focus_dap)


def test_too_small(snap_compare) -> None:
    assert snap_compare(WfmApp(PLANS["single-site"]), terminal_size=(60, 20), run_before=_settle)


def test_whatif_sandbox_with_a_new_error(snap_compare) -> None:
    async def remove_a_link(pilot) -> None:
        await pilot.press("w")
        await _settle(pilot)
        await pilot.app.editor.focus_app("WFM Server London", "dap")
        await pilot.press("space")
        await _settle(pilot)

    assert snap_compare(
        WfmApp(PLANS["single-site"]), terminal_size=(120, 40), run_before=remove_a_link
    )
