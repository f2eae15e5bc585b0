"""General dialogs: confirm, quit with unsaved changes, a file path, a plan that failed to load."""

from __future__ import annotations

import os
from typing import ClassVar, TypeVar

from textual import on
from textual.app import ComposeResult
from textual.await_complete import AwaitComplete
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

T = TypeVar("T")


class OnceModal(ModalScreen[T]):
    """A modal screen that is dismissed once: two keys queued before it is gone (enter, enter
    typed quickly) each dismiss it, and Textual pops the top screen each time, so the second
    would close the screen beneath (the editor itself)."""

    def dismiss(self, result: T | None = None) -> AwaitComplete:
        if not self.is_active:
            return AwaitComplete.nothing()
        return super().dismiss(result)


class Dialog(OnceModal[T]):
    """A modal box with a title; escape cancels (dismisses with None). Left and right move
    between its buttons as tab does (in a text field they move the text cursor)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel"),
        Binding("left", "app.focus_previous", "Previous", show=False),
        Binding("right", "app.focus_next", "Next", show=False),
    ]
    DEFAULT_CLASSES = "dialog"

    def action_cancel(self) -> None:
        self.dismiss(None)


class ConfirmDialog(Dialog[bool]):
    """Asks a yes/no question; the message is Content so that plan strings stay literal."""

    def __init__(self, title: str, message: Content, confirm: str, *, danger: bool = False):
        super().__init__()
        self.title_text = title
        self.message = message
        self.confirm = confirm
        self.danger = danger

    def compose(self) -> ComposeResult:
        with Vertical(classes="box"):
            yield Static(Content.styled(self.title_text, "bold"), classes="box-title")
            with VerticalScroll(classes="box-body"):
                yield Static(self.message)
            with Horizontal(classes="buttons"):
                yield Button(
                    self.confirm, id="confirm", variant="error" if self.danger else "primary"
                )
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        # What cannot be taken back lightly waits for a deliberate choice: enter cancels.
        self.query_one("#cancel" if self.danger else "#confirm", Button).focus()

    @on(Button.Pressed, "#confirm")
    def _confirm(self) -> None:
        self.dismiss(True)

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.dismiss(False)

    def action_cancel(self) -> None:
        self.dismiss(False)


class UnsavedDialog(Dialog[str]):
    """Unsaved changes: "save", "discard", or None to stay; s, d and c choose too."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("s", "choose('save')", "Save"),
        Binding("d", "choose('discard')", "Discard"),
        Binding("c", "cancel", "Cancel"),
    ]

    def __init__(self, question: str = "Save them before quitting?") -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(classes="box"):
            yield Static(Content.styled("Unsaved changes", "bold"), classes="box-title")
            yield Static(Content(f"The plan has changes that are not saved. {self.question}"))
            with Horizontal(classes="buttons"):
                yield Button("Save (s)", id="save", variant="primary")
                yield Button("Discard (d)", id="discard", variant="error")
                yield Button("Cancel (c)", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#save", Button).focus()

    @on(Button.Pressed)
    def _chosen(self, event: Button.Pressed) -> None:
        self.action_choose(event.button.id)

    def action_choose(self, choice: str | None) -> None:
        self.dismiss(None if choice == "cancel" else choice)


class PathDialog(Dialog[str]):
    """Asks for a file path (open, save as); `must_exist` checks it as the user types."""

    def __init__(self, title: str, action: str, initial: str = "", *, must_exist: bool = False):
        super().__init__()
        self.title_text = title
        self.action = action
        self.initial = initial
        self.must_exist = must_exist

    def compose(self) -> ComposeResult:
        with Vertical(classes="box"):
            yield Static(Content.styled(self.title_text, "bold"), classes="box-title")
            yield Input(self.initial, placeholder="path/to/plan.toml", id="path", compact=True)
            yield Static(classes="problem")
            with Horizontal(classes="buttons"):
                yield Button(self.action, id="ok", variant="primary")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query_one(Input).focus()
        self._check(self.initial)

    def _problem(self, value: str) -> str | None:
        path = os.path.expanduser(value.strip())
        if not path:
            return "type a path"
        if self.must_exist and not os.path.isfile(path):
            return "no such file" if not os.path.exists(path) else "not a file"
        if os.path.isdir(path):
            return "is a folder: add a file name"
        return None

    def _check(self, value: str) -> bool:
        problem = self._problem(value)
        self.query_one(".problem", Static).update(Content(problem or ""))
        self.query_one("#ok", Button).disabled = problem is not None
        return problem is None

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        self._check(event.value)

    @on(Input.Submitted)
    @on(Button.Pressed, "#ok")
    def _submit(self) -> None:
        value = self.query_one(Input).value
        if self._check(value):
            self.dismiss(os.path.expanduser(value.strip()))

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.dismiss(None)


class LoadErrorDialog(Dialog[str]):
    """A plan that could not be loaded: says why and where; "open", "new" or "quit"."""

    def __init__(self, error: str) -> None:
        super().__init__()
        self.error = error

    def compose(self) -> ComposeResult:
        with Vertical(classes="box wide"):
            yield Static(
                Content.styled("The plan could not be opened", "bold $text-error"),
                classes="box-title",
            )
            with VerticalScroll(classes="box-body"):
                # LoadError's text is already escaped for a terminal; Content keeps it literal.
                yield Static(Content(self.error), id="load-error")
            with Horizontal(classes="buttons"):
                yield Button("Open another file", id="open", variant="primary")
                yield Button("New plan", id="new")
                yield Button("Quit", id="quit", variant="error")

    def on_mount(self) -> None:
        self.query_one("#open", Button).focus()

    @on(Button.Pressed)
    def _chosen(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id)

    def action_cancel(self) -> None:
        self.dismiss("new")
