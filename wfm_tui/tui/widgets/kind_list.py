"""The list of a catalog's kinds, with type-ahead: typing letters jumps to the matching kind."""

from __future__ import annotations

import time
from typing import ClassVar

from textual import events
from textual.binding import BindingType
from textual.message import Message

from wfm_tui.core.catalog import Catalog
from wfm_tui.tui.keys import KIND_LIST, bindings
from wfm_tui.tui.type_ahead import TakesTyping
from wfm_tui.tui.widgets.cursor_list import CursorList

# Letters typed further apart than this start a new search, as in a file manager's list.
TYPE_AHEAD_PAUSE = 1.0


def matches(typed: str, title: str, kind: str) -> bool:
    """Whether `typed` starts the title, a word of it on (most titles start "WFM", so "b"
    means WFM Builder) or the kind's id."""
    typed = typed.casefold()
    words = title.casefold().split()
    tails = [" ".join(words[i:]) for i in range(len(words))]
    return any(tail.startswith(typed) for tail in tails) or kind.casefold().startswith(typed)


class KindList(CursorList, TakesTyping):
    """A catalog's kinds by title; `value` is the kind highlighted. Enter submits (the form
    it is in takes `Submitted`); a click only chooses."""

    DEFAULT_CSS = """
    KindList {
        height: auto;
        max-height: 11;
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = bindings(KIND_LIST)

    class Submitted(Message):
        """Enter on the list: the form's OK."""

    def __init__(self, catalog: Catalog, kind: str, *, id: str | None = None) -> None:
        self.kinds = list(catalog.kinds)
        self.titles = [catalog.kind_title(kind) for kind in self.kinds]
        chosen = self.kinds.index(kind) if kind in self.kinds else 0
        super().__init__(self.titles, highlighted=chosen, id=id)
        self._typed = ""
        self._typed_at = 0.0

    @property
    def value(self) -> str:
        index = self.highlighted if self.highlighted is not None else 0
        return self.kinds[index]

    @value.setter
    def value(self, kind: str) -> None:
        self.highlighted = self.kinds.index(kind)

    def on_key(self, event: events.Key) -> None:
        char = event.character
        if char is None or not char.isprintable() or (char == " " and not self._typed):
            return
        event.stop()
        event.prevent_default()
        now = time.monotonic()
        typed = self._typed + char if now - self._typed_at < TYPE_AHEAD_PAUSE else char
        self._typed_at = now
        found = self._find(typed)
        if found is None and typed != char:
            # "bs": no kind goes on so; the new letter starts over ("s": Stat Server).
            typed, found = char, self._find(char)
        self._typed = typed if found is not None else ""
        if found is not None:
            self.highlighted = found
        else:
            self.app.bell()

    def _find(self, typed: str) -> int | None:
        """The first kind `typed` matches, from the top: the same letters always reach the
        same kind ("s" WFM Server, "st" Stat Server). The same letter again ("ss") goes on to
        the next kind that letter matches."""
        count = len(self.kinds)
        start = 0
        if len(typed) > 1 and typed == typed[0] * len(typed):
            start = (self.highlighted or 0) + 1
            typed = typed[0]
        for step in range(count):
            index = (start + step) % count
            if matches(typed, self.titles[index], self.kinds[index]):
                return index
        return None

    def action_submit(self) -> None:
        self.post_message(self.Submitted())
