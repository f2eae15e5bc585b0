"""Shrinking the terminal below 80x24 hides the layout; growing it back gives focus back."""

from __future__ import annotations

from textual.pilot import Pilot

from tests.tui.editor_helpers import link_list
from wfm_tui.tui.app import WfmApp


async def test_focus_survives_a_too_small_terminal(app: WfmApp, pilot: Pilot[None]) -> None:
    dap = link_list(app, "WFM Server London", "dap")
    dap.focus()
    await pilot.pause()
    await pilot.resize_terminal(60, 20)
    await pilot.pause()
    await pilot.resize_terminal(120, 40)
    await pilot.pause()
    assert app.focused is dap.panel
    assert dap.has_cursor
    await pilot.press("space")  # and the keys work again
    await pilot.pause()
    assert "WFM DAP" not in app.editor.document.plan.apps["WFM Server London"].connections
