"""Reaching into the editor's screen from a Pilot test: panels, checklist groups, headers."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from textual.app import App
from textual.notifications import Notification, Notifications

from wfm_tui.tui.app import WfmApp
from wfm_tui.tui.screens.editor import EditorScreen
from wfm_tui.tui.widgets.app_panel import AppPanel
from wfm_tui.tui.widgets.centre import Centre

# Every markup-like string the issue names: each must show as typed and trigger nothing.
MARKUP_NAMES = ("[b]x[/b]", "[@click=app.quit]x", "[/", "x[/y")


def editor(app: WfmApp) -> EditorScreen:
    return app.editor


def panel(app: WfmApp, name: str) -> AppPanel:
    found = app.editor.query_one(Centre).panel_of(name)
    assert found is not None, f"no panel for {name!r}"
    return found


@dataclass
class Checklist:
    """One checklist group of a panel, as the tests drive it."""

    panel: AppPanel
    target_kind: str

    @property
    def radio(self) -> bool:
        return self.panel.groups[self.target_kind].is_radio

    @property
    def candidates(self) -> tuple[str, ...]:
        return self.panel.candidates(self.target_kind)

    @property
    def selected(self) -> list[str]:
        return self.panel.ticked(self.target_kind)

    def prompts(self) -> list[str]:
        return [option.label for option in self.panel.options(self.target_kind)]

    def focus(self, index: int = 0) -> None:
        """Focus the panel with its cursor on entry `index` of this group."""
        self.panel.focus_group(self.target_kind, index)

    @property
    def has_cursor(self) -> bool:
        """Whether the keys go to this group: its panel is focused and the cursor is in it."""
        current = self.panel.current
        return self.panel.has_focus and current is not None and current[0] == self.target_kind


def link_list(app: WfmApp, name: str, target_kind: str) -> Checklist:
    the_panel = panel(app, name)
    assert target_kind in the_panel.groups or target_kind == "(stray)", target_kind
    return Checklist(the_panel, target_kind)


def header_text(app: WfmApp, name: str, target_kind: str) -> str:
    """The plain text of the group header shown above `target_kind`'s checklist."""
    return panel(app, name).header_text(target_kind)


def notifications(app: App[Any]) -> list[Notification]:
    """The toasts the app holds, oldest first.

    Textual (8.2.8) has no public way to read them back: this is the one place the tests touch
    the private `App._notifications`. test_tui_notifications.py fails loudly if Textual
    changes it."""
    held = app._notifications
    assert isinstance(held, Notifications), f"Textual changed App._notifications: {held!r}"
    return list(held)
