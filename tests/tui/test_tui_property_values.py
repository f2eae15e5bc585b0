"""The properties dialog reads typed values as the command line does (core/fields.py)."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input

from wfm_tui.tui.app import WfmApp
from wfm_tui.tui.screens.app_dialogs import PropertiesDialog


async def test_the_port_takes_ascii_digits_only(radio_plan: Path) -> None:
    app = WfmApp(str(radio_plan))
    async with app.run_test(size=(120, 40)) as pilot:
        await app.editor.focus_app("S")
        await pilot.press("e")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, PropertiesDialog)
        port = dialog.query_one("#port", Input)
        port.focus()
        # Arabic-Indic 80: int() reads it as 80, and the dialog used to save it so.
        await pilot.press("٨", "٠")
        await pilot.pause()
        assert port.value == "٨٠"  # typed: the integer field lets any script's digits in
        assert "must be a whole number" in str(dialog.query_one("#port-problem").render())
        assert dialog.query_one("#ok").disabled
        await pilot.press("enter")  # refused, as the button is
        await pilot.pause()
        assert app.screen is dialog
        assert app.editor.document.plan.apps["S"].port is None

        await pilot.press("backspace", "backspace", "0", "8", "0")
        await pilot.pause()
        assert str(dialog.query_one("#port-problem").render()) == ""
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is not dialog
        assert app.editor.document.plan.apps["S"].port == 80  # leading zero and all
