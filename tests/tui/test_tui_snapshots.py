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
    "multi-site": "sample_plans/multi-site.toml",
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


# Issue 13, items 8, 14, 15, at 80x24: names told apart, headers with their counts, findings
# wrapped at words, the navigator's width, "used by" and the line that adds an app, linked.


def _pressing(*keys: str):
    async def run_before(pilot) -> None:
        await _settle(pilot)
        for key in keys:
            await pilot.press(key)
            await _settle(pilot)

    return run_before


def test_multi_site_with_the_pane_at_80x24(snap_compare) -> None:
    """Three Data Aggregators, three Builders: each name its own, in the navigator and the
    narrow panels; every group header keeps its mark, count and status."""
    assert snap_compare(
        WfmApp(PLANS["multi-site"]), terminal_size=(80, 24), run_before=_pressing("v")
    )


def test_findings_wrap_at_words_at_80x24(snap_compare) -> None:
    assert snap_compare(WfmApp(PLANS["broken"]), terminal_size=(80, 24), run_before=_pressing("3"))


def test_a_narrower_navigator_at_80x24(snap_compare) -> None:
    assert snap_compare(
        WfmApp(PLANS["multi-site"]),
        terminal_size=(80, 24),
        run_before=_pressing("less_than_sign", "less_than_sign"),
    )


def test_used_by_at_80x24(snap_compare) -> None:
    async def stat_server(pilot) -> None:
        from wfm_tui.editing.layout import Scope
        from wfm_tui.tui.widgets.app_panel import USED_BY
        from wfm_tui.tui.widgets.centre import Centre

        editor = pilot.app.editor
        editor.query_one("#navigator").select_scope(Scope("Dublin"))
        await editor.show_scope(Scope("Dublin"))
        the_panel = editor.query_one(Centre).panel_of("Stat Server Dublin")
        the_panel.focus_target(USED_BY + "wfm_data_aggregator", "WFM Data Aggregator Leeds")
        await _settle(pilot)

    assert snap_compare(WfmApp(PLANS["multi-site"]), terminal_size=(80, 24), run_before=stat_server)


def test_the_line_that_adds_one_at_80x24(snap_compare) -> None:
    async def hint(pilot) -> None:
        await pilot.app.editor.focus_app("WFM Server", "wfm_server")
        await _settle(pilot)

    assert snap_compare(WfmApp(PLANS["broken"]), terminal_size=(80, 24), run_before=hint)
