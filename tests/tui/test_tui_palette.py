"""Textual's own commands in the palette (ctrl+p): the ones the editor keeps say what they do
here, and the key panel, a second and narrower help, is not offered."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot

from tests.tui.editor_helpers import palette_lists
from wfm_tui.tui.app import WfmApp
from wfm_tui.tui.widgets.centre import Centre


async def _listed(app: WfmApp, pilot: Pilot[None], query: str) -> list[str]:
    """What the palette lists for `query`; closed again."""
    listed = await palette_lists(app, pilot, query)
    await pilot.press("escape")
    await pilot.pause()
    return listed


async def test_quit_in_the_palette_says_that_it_asks(single_site: Path) -> None:
    # Textual's "Quit the application as soon as possible" read as if unsaved edits were lost.
    app = WfmApp(str(single_site))
    async with app.run_test(size=(80, 24)) as pilot:
        [quit_entry] = [line for line in await _listed(app, pilot, "quit") if "Quit" in line]
        assert "as soon as possible" not in quit_entry
        assert "asks to save, discard or cancel" in quit_entry
        assert "ctrl+q" in quit_entry


async def test_the_palette_offers_the_editors_help_not_textuals_key_panel(
    single_site: Path,
) -> None:
    # "Keys" docked Textual's key panel beside the editor: at 80 columns the panels shrank to
    # 18 columns ("WF…DAP", "…  (X+)  0 ✓"), and escape did not close it. ? is the help.
    app = WfmApp(str(single_site))
    async with app.run_test(size=(80, 24)) as pilot:
        width = app.editor.query_one(Centre).size.width
        listed = await _listed(app, pilot, "keys")
        assert not any(line.startswith("Keys") for line in listed), listed
        assert [line.split("\n")[0] for line in listed] == ["Help and keys"]
        assert app.editor.query_one(Centre).size.width == width
