"""An option list whose highlighted line is marked in text (`›`), as the panels' cursor is:
the highlight's colour alone is lost under NO_COLOR."""

from __future__ import annotations

from collections.abc import Iterable

from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

MARK = "› "
UNMARKED = "  "


class CursorList(OptionList):
    """Lines of literal text (never markup: they may come from a file or a folder)."""

    def __init__(
        self, texts: Iterable[str] = (), *, highlighted: int | None = None, id: str | None = None
    ) -> None:
        self.texts = list(texts)
        self._marked = highlighted
        super().__init__(*self._all_options(), id=id, compact=True)
        if highlighted is not None:
            self.highlighted = highlighted

    def _marked_prompt(self, index: int) -> Content:
        return Content((MARK if index == self._marked else UNMARKED) + self.texts[index])

    def _all_options(self) -> list[Option]:
        return [Option(self._marked_prompt(index)) for index in range(len(self.texts))]

    def set_texts(self, texts: Iterable[str]) -> None:
        self.texts = list(texts)
        self._marked = None
        self.set_options(self._all_options())

    def watch_highlighted(self, highlighted: int | None) -> None:
        super().watch_highlighted(highlighted)
        # Only the lines that change: a folder may list two thousand.
        before, self._marked = self._marked, highlighted
        for index in {before, highlighted} - {None}:
            if index is not None and index < len(self.texts):
                self.replace_option_prompt_at_index(index, self._marked_prompt(index))
