"""The wfm-tui editor application: starts on a plan, an empty plan, or a load error."""

from __future__ import annotations

import os
from pathlib import Path
from typing import ClassVar

from textual.app import App
from textual.binding import Binding, BindingType

from wfm_tui.files.errors import LoadError
from wfm_tui.files.plan_file import read_plan
from wfm_tui.tui.commands import EditorCommands
from wfm_tui.tui.document import Document
from wfm_tui.tui.screens.editor import EditorScreen


class WfmApp(App[None]):
    # Absolute: a relative CSS_PATH resolves against the module of a subclass.
    CSS_PATH = Path(__file__).with_name("wfm_tui.tcss")
    TITLE = "wfm-tui"
    COMMANDS = App.COMMANDS | {EditorCommands}
    BINDINGS: ClassVar[list[BindingType]] = [Binding("ctrl+q", "quit", "Quit", priority=True)]

    def __init__(self, path: str | None = None) -> None:
        super().__init__()
        self.path = path
        self.load_error: str | None = None
        self.new_file = path is not None and not os.path.exists(path)
        self.document = self._open(path)

    def _open(self, path: str | None) -> Document:
        """The plan to start on. Reading here (before the first frame) avoids a flash of empty."""
        if path is None:
            return Document.untitled()
        if not os.path.exists(path):
            return Document.untitled(path=path)  # created by the first save
        try:
            return Document.from_loaded(read_plan(path))
        except LoadError as exc:
            self.load_error = str(exc)
            return Document.untitled()

    @property
    def editor(self) -> EditorScreen:
        return self._editor

    def on_mount(self) -> None:
        self._editor = EditorScreen(self.document)
        self.push_screen(self._editor)
        if self.load_error is not None:
            self._editor.recover_from_load_error(self.load_error)
        elif self.new_file:
            self.notify("New plan: the file is created on the first save (ctrl+s).")

    async def action_quit(self) -> None:
        """ctrl+q: asks save / discard / cancel when there are unsaved changes."""
        self._editor.request_quit()


def run_editor(path: str | None, *, mouse: bool = True) -> int:
    WfmApp(path).run(mouse=mouse)
    return 0
