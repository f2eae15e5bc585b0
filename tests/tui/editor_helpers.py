"""Reaching into the editor's screen from a Pilot test: panels, checklist groups, headers."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from textual import events
from textual.app import App
from textual.command import CommandList, CommandPalette
from textual.notifications import Notification, Notifications
from textual.pilot import Pilot
from textual.widgets import Input

from wfm_tui.editing.layout import Scope
from wfm_tui.tui.app import WfmApp
from wfm_tui.tui.screens.dialogs import PathDialog
from wfm_tui.tui.screens.editor import EditorScreen
from wfm_tui.tui.screens.help import HelpScreen
from wfm_tui.tui.widgets.app_panel import AppPanel
from wfm_tui.tui.widgets.centre import Centre
from wfm_tui.tui.widgets.navigator import Navigator
from wfm_tui.tui.widgets.panel_rows import FEWER, MORE

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
        """The targets the checklist lists now."""
        return tuple(
            o.value for o in options(self.panel, self.target_kind) if o.value not in (MORE, FEWER)
        )

    @property
    def selected(self) -> list[str]:
        return [o.value for o in options(self.panel, self.target_kind) if o.ticked]

    def prompts(self) -> list[str]:
        return [option.label for option in options(self.panel, self.target_kind)]

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
    return panel_header(panel(app, name), target_kind)


# -- what a panel lists, read from its rows ----------------------------------------------------


@dataclass(frozen=True)
class Option:
    """A target as a checklist offers it."""

    value: str
    label: str
    ticked: bool


def options(the_panel: AppPanel, target_kind: str) -> list[Option]:
    """The entries of one checklist, as listed (the MORE entry included)."""
    return [
        Option(row.value, row.content.plain.strip(), row.ticked)
        for row in the_panel.rows
        if row.group == target_kind and row.value is not None
    ]


def candidates(the_panel: AppPanel, target_kind: str) -> tuple[str, ...]:
    """The targets the checklist lists now."""
    listed = options(the_panel, target_kind)
    return tuple(o.value for o in listed if o.value not in (MORE, FEWER))


def ticked(the_panel: AppPanel, target_kind: str) -> list[str]:
    return [o.value for o in options(the_panel, target_kind) if o.ticked]


def panel_header(the_panel: AppPanel, target_kind: str) -> str:
    """The plain text of the header above `target_kind`'s checklist."""
    headers = [r for r in the_panel.rows if r.group == target_kind and r.value is None]
    return headers[0].content.plain


def panel_lines(the_panel: AppPanel) -> list[str]:
    """Every line, as plain text (the cursor not drawn)."""
    return [row.content.plain for row in the_panel.rows]


def entry_lines(the_panel: AppPanel, group: str) -> list[int]:
    """The lines of `group`'s entries: the cursor's stops in it."""
    return [i for i, r in enumerate(the_panel.rows) if r.value is not None and r.group == group]


# -- the navigator's lines ---------------------------------------------------------------------


def label_of(nav: Navigator, scope: Scope) -> str | None:
    """The plain text of `scope`'s line (mark, name, count); None when not listed."""
    return next((line.label.plain for line in nav.lines if line.scope == scope), None)


def app_label(nav: Navigator, name: str) -> str | None:
    """The plain text of app `name`'s line; None when its group is folded."""
    return next((line.label.plain for line in nav.lines if line.scope.app == name), None)


def site_labels(nav: Navigator) -> list[str]:
    return [line.label.plain for line in nav.lines if line.depth == 0]


def is_folded(nav: Navigator, site: str | None, kind: str | None = None) -> bool:
    """Whether the group's line shows folded (it must be listed: its site unfolded)."""
    [line] = [line for line in nav.lines if line.scope == Scope(site, kind)]
    return line.folded


def help_keys(screen: HelpScreen, section: str) -> dict[str, str]:
    """The keys of the help section whose heading starts with `section`, and their sentences."""
    return next(dict(keys) for title, keys in screen.sections if title.startswith(section))


def notifications(app: App[Any]) -> list[Notification]:
    """The toasts the app holds, oldest first.

    Textual (8.2.8) has no public way to read them back: this is the one place the tests touch
    the private `App._notifications`. test_tui_notifications.py fails loudly if Textual
    changes it."""
    held = app._notifications
    assert isinstance(held, Notifications), f"Textual changed App._notifications: {held!r}"
    return list(held)


async def answer_path_dialog(app: WfmApp, pilot: Pilot[None], path: object) -> None:
    """Type `path` into the open and save-as dialog on screen, press enter, and wait for
    what it started (the load or the save) to finish."""
    assert isinstance(app.screen, PathDialog)
    app.screen.query_one(Input).value = str(path)
    await pilot.press("enter")
    await app.workers.wait_for_complete()
    await pilot.pause()


async def until(pilot: Pilot[Any], condition: Callable[[], bool], timeout: float = 5.0) -> None:
    """Let the app run until `condition` holds (bounded; no fixed sleeps)."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        await pilot.pause(0.05)


async def recovery_offered(app: App[Any], pilot: Pilot[Any], timeout: float = 5.0) -> None:
    """Wait until the recovery dialog is up with its buttons composed."""
    from textual.widgets import Button

    from wfm_tui.tui.screens.safety_dialogs import RecoveryDialog

    await until(
        pilot,
        lambda: isinstance(app.screen, RecoveryDialog) and bool(app.screen.query(Button)),
        timeout,
    )


async def click_laid_out(app: App[Any], pilot: Pilot[Any], selector: str) -> None:
    """Click the widget `selector` names once it is laid out: a click on a dialog composed but
    not yet laid out lands nowhere (about one run in five, on a loaded machine)."""
    widget = app.screen.query_one(selector)
    await until(pilot, lambda: widget.region.area > 0)
    await pilot.click(selector)


async def palette_lists(app: WfmApp, pilot: Pilot[None], query: str) -> list[str]:
    """What the palette lists for `query` (titles and helps), opened and typed; left open."""
    await pilot.press("ctrl+p")
    await pilot.pause()
    palette = app.screen
    assert isinstance(palette, CommandPalette)
    await pilot.press(*query)
    await palette.workers.wait_for_complete()
    await pilot.pause()
    options = palette.query_one(CommandList)
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


# The characters a terminal sends with these keys (a letter's is itself).
CHARACTERS: dict[str, str | None] = {
    "space": " ",
    "question_mark": "?",
    "slash": "/",
    "enter": "\r",
    "tab": "\t",
    "escape": "\x1b",
    "backspace": "\x7f",
}


def send_quickly(app: App[Any], keys: list[str]) -> None:
    """Queue every key at once, as a fast typist, a paste or an SSH link catching up delivers
    them (Pilot's `press` waits for the app to settle after each key)."""
    driver = app._driver
    assert driver is not None
    for key in keys:
        event = events.Key(key, CHARACTERS.get(key, key if len(key) == 1 else None))
        event.set_sender(app)
        driver.send_message(event)
