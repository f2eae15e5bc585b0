"""The help screen (`?`): every key, and how the editor works."""

from __future__ import annotations

import textwrap
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Static

from wfm_tui.tui.keys import HELP, bindings, keys_shown, user_keymap
from wfm_tui.tui.screens.dialogs import OnceModal

ABOUT = (
    "Left: apps by site and kind, each marked ✓ ok, ! warning, ✗ error. "
    "Centre: the panels of the chosen site or kind; each panel has a checklist per target kind "
    "the connections table allows, headed by its mark (X exactly one, X+ one or more, "
    "(X) at most one, (X+) any number), the count and its status. Space or enter ticks a link; "
    "in a group that allows one, ticking replaces the link. Right: the findings; enter on one "
    "jumps to its app. Tab and shift+tab move between the three areas; 1, 2 and 3 go to them."
)

# The columns of the help's text in its box (76 wide: border, padding and scroll bar off).
TEXT_WIDTH = 70


class HelpScreen(OnceModal[None]):
    BINDINGS: ClassVar[list[BindingType]] = bindings(HELP)
    DEFAULT_CLASSES = "dialog"

    def __init__(self, sections: list[tuple[str, list[tuple[str, str]]]]) -> None:
        super().__init__()
        self.sections = sections

    def compose(self) -> ComposeResult:
        width = max(len(key) for _, keys in self.sections for key, _ in keys) + 2
        lines: list[Content] = []
        for title, keys in self.sections:
            if lines:
                lines.append(Content())
            lines.append(Content.styled(title, "bold underline"))
            for key, sentence in keys:
                # Wrapped beside the keys, not under them: the keys stay a column of their own.
                wrapped = textwrap.wrap(sentence, max(20, TEXT_WIDTH - width)) or [""]
                lines.append(Content.assemble((key.ljust(width), "bold $text-accent"), wrapped[0]))
                lines += [Content(" " * width + more) for more in wrapped[1:]]
        with Vertical(classes="box wide"):
            yield Static(Content.styled("wfm-tui: keys", "bold"), classes="box-title")
            with VerticalScroll(classes="box-body"):
                yield Static(Content("\n").join(lines), classes="help-keys")
                yield Static(Content(ABOUT), classes="hint")
            keymap = user_keymap(self.app)
            close = " or ".join(
                keys_shown(key_id, keymap) or ""
                for key_id in ("help.close", "help.close_question_mark")
            )
            yield Static(Content.styled(f"{close} closes", "dim"))

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(result)
