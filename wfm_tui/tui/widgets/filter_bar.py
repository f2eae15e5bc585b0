"""The filter bar (`/`): the navigator lists only the apps whose name contains its text.

Mounted the first time `/` is pressed (the first frame does not need it). Typing narrows the
navigator as you type, and the centre follows its cursor; enter goes to the first match; down
goes into the list, keeping the filter; escape clears it.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Input, Static

from wfm_tui.tui.keys import FILTER, bindings


class FilterInput(Input):
    BINDINGS: ClassVar[list[BindingType]] = bindings(FILTER)

    class Cleared(Message):
        """Escape: the filter is to be dropped."""

    class Left(Message):
        """Down: into the navigator, the filter kept."""

    def action_clear(self) -> None:
        self.post_message(self.Cleared())

    def action_leave(self) -> None:
        self.post_message(self.Left())


class FilterBar(Horizontal):
    # One line above the columns, as in k9s.
    DEFAULT_CSS = """
    FilterBar {
        height: 1;
        background: $boost;
    }
    FilterBar .prompt {
        width: auto;
        padding: 0 1;
        color: $accent;
        text-style: bold;
    }
    FilterBar #filter-input {
        height: 1;
        border: none;
        padding: 0;
        background: $boost;
    }
    """

    def compose(self) -> ComposeResult:
        yield Static("/", classes="prompt")
        yield FilterInput(
            placeholder="app names containing… (enter: go to the first, escape: clear)",
            id="filter-input",
            select_on_focus=False,  # back in the bar, typing refines the filter
        )

    @property
    def input(self) -> FilterInput:
        return self.query_one(FilterInput)
