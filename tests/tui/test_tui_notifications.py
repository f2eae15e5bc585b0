"""The tests read toasts through one adapter over Textual's private `App._notifications`
(tests/tui/editor_helpers.py). If a Textual release changes it, this fails first and says so."""

from __future__ import annotations

from textual.app import App

from tests.tui.editor_helpers import notifications


async def test_the_notifications_adapter_reads_what_notify_posted() -> None:
    app: App[None] = App()
    async with app.run_test(size=(80, 24)) as pilot:
        assert notifications(app) == []
        app.notify("first", severity="warning")
        app.notify("[b]second[/b]", title="T", severity="error", markup=False)
        await pilot.pause()
        shown = notifications(app)
        assert [(n.message, n.title, n.severity, n.markup) for n in shown] == [
            ("first", "", "warning", True),
            ("[b]second[/b]", "T", "error", False),
        ]
        app.clear_notifications()
        assert notifications(app) == []
