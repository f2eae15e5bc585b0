"""The help screen (`?`): every key, and how the editor works."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Static

from wfm_tui.tui.screens.dialogs import OnceModal

ABOUT = (
    "Left: apps by site and kind, each marked ✓ ok, ! warning, ✗ error. "
    "Centre: the panels of the chosen site or kind; each panel has a checklist per target kind "
    "the connections table allows, headed by its mark (X exactly one, X+ one or more, "
    "(X) at most one, (X+) any number), the count and its status. Space or enter ticks a link; "
    "in a group that allows one, ticking replaces the link. Right: the findings; enter on one "
    "jumps to its app. Tab moves between the areas."
)


class HelpScreen(OnceModal[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss", "Close"),
        Binding("question_mark", "dismiss", "Close", key_display="?"),
        Binding("q", "dismiss", "Close", show=False),
    ]
    DEFAULT_CLASSES = "dialog"

    def __init__(self, keys: list[tuple[str, str]]) -> None:
        super().__init__()
        self.keys = keys

    def compose(self) -> ComposeResult:
        width = max(len(key) for key, _ in self.keys) + 2
        lines = [
            Content.assemble((key.ljust(width), "bold $text-accent"), description)
            for key, description in self.keys
        ]
        with Vertical(classes="box wide"):
            yield Static(Content.styled("wfm-tui: keys", "bold"), classes="box-title")
            with VerticalScroll(classes="box-body"):
                yield Static(Content("\n").join(lines))
                yield Static(Content(ABOUT), classes="hint")
            yield Static(Content.styled("escape or ? closes", "dim"))

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(result)
