"""Pilot tests of the footer: the keys that apply now, whole keys only, and clicks."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot

from tests.tui.editor_helpers import panel
from wfm_tui.tui.app import WfmApp
from wfm_tui.tui.screens.help import HelpScreen
from wfm_tui.tui.widgets.key_footer import KeyFooter

EVERYDAY = ["Help", "Save", "Add", "Edit", "Undo", "Pane", "What-if", "Quit", "palette"]


def footer(app: WfmApp) -> KeyFooter:
    return app.editor.query_one(KeyFooter)


def painted(app: WfmApp) -> str:
    bar = footer(app)
    return bar.render_line(0).text[: bar.size.width]


async def test_it_shows_the_keys_of_the_focused_widget(app: WfmApp, pilot: Pilot[None]) -> None:
    await pilot.pause()
    assert footer(app).shown() == EVERYDAY
    assert painted(app).startswith(" ? Help  ^s Save  a Add ")
    assert painted(app).rstrip().endswith("^p palette")
    panel(app, "WFM Server London").focus_group(None)
    await pilot.pause()
    assert footer(app).shown() == ["Toggle", *EVERYDAY]


async def test_moving_between_panels_keeps_the_same_keys(app: WfmApp, pilot: Pilot[None]) -> None:
    panel(app, "WFM Server London").focus_group(None)
    await pilot.pause()
    keys = footer(app).keys
    panel(app, "WFM Server London B").focus_group(None)
    await pilot.pause()
    assert footer(app).keys is keys  # nothing to repaint


async def test_at_80_columns_keys_are_dropped_whole_never_cut(single_site: Path) -> None:
    app = WfmApp(str(single_site))
    async with app.run_test(size=(80, 24)) as pilot:
        panel(app, "WFM Server London").focus_group(None)
        await pilot.pause()
        shown = footer(app).shown()
        assert shown[:3] == ["Toggle", "Help", "Save"]
        assert shown[-1] == "palette"
        text = painted(app)
        assert len(text) == 80
        for description in shown:
            assert f" {description}" in text
        dropped = [d for d in ("Toggle", *EVERYDAY) if d not in shown]
        for description in dropped:
            assert description not in text


async def test_a_click_on_a_key_runs_it(app: WfmApp, pilot: Pilot[None]) -> None:
    await pilot.pause()
    column = painted(app).index("Help")
    assert await pilot.click(KeyFooter, offset=(column, 0))
    await pilot.pause()
    assert isinstance(app.screen, HelpScreen)


async def test_hovering_a_key_shows_what_it_does(app: WfmApp, pilot: Pilot[None]) -> None:
    await pilot.pause()
    column = painted(app).index("Save")
    await pilot.hover(KeyFooter, offset=(column, 0))
    assert footer(app).tooltip.startswith("Save the plan")  # the help's sentence
    await pilot.hover(KeyFooter, offset=(100, 0))
    assert footer(app).tooltip is None


async def test_at_80_columns_quit_stays_beside_the_palette(single_site: Path) -> None:
    app = WfmApp(str(single_site))
    async with app.run_test(size=(80, 24)) as pilot:
        panel(app, "WFM Server London").focus_group(None)  # Toggle comes first: less room
        await pilot.pause()
        shown = footer(app).shown()
        assert shown[-2:] == ["Quit", "palette"]
        assert "What-if" not in shown  # the keys before them drop out instead
        assert painted(app).endswith("^q Quit ^p palette")
        column = painted(app).index("Quit")
        assert footer(app).key_at(column).description == "Quit"


async def test_a_key_that_cannot_act_here_is_struck_through(
    app: WfmApp, pilot: Pilot[None]
) -> None:
    # Greyed out alone, it differed from the others by a few grey levels under NO_COLOR.
    await pilot.pause()  # the navigator is on the site's line: no app for e to edit
    bar = footer(app)
    struck = {seg.text.strip() for seg in bar.render_line(0) if seg.style and seg.style.strike}
    assert {"e", "Edit"} <= struck
    assert not struck & {"?", "Help", "a", "Add"}
    await pilot.press("j", "j")  # an app line: e edits it
    await pilot.pause()
    struck = {seg.text.strip() for seg in bar.render_line(0) if seg.style and seg.style.strike}
    assert "Edit" not in struck
