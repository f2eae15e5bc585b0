"""General dialogs: the choice dialog (a question and its answers as buttons) and its
questions (confirm, quit with unsaved changes, a plan that failed to load), and a file path
(completed with tab)."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import ClassVar, Generic, TypeVar

from textual import on
from textual.app import ComposeResult
from textual.await_complete import AwaitComplete
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, Input, OptionList, Static
from textual.widgets.button import ButtonVariant

from wfm_tui.core.names import printable
from wfm_tui.files.completion import Candidates, candidates
from wfm_tui.tui.keys import DIALOG, PATH, UNSAVED, bindings, keys_shown, user_keymap
from wfm_tui.tui.widgets.cursor_list import CursorList

T = TypeVar("T")
E = TypeVar("E", bound=StrEnum)  # the answers to one question


def completed() -> AwaitComplete:
    """An AwaitComplete that is done already: what a dismiss that does nothing returns."""
    # Textual's AwaitComplete.nothing() has no annotations (8.2.8), so a strict caller may not
    # call it; typed here once. warn_unused_ignores says when Textual annotates it.
    done: AwaitComplete = AwaitComplete.nothing()  # type: ignore[no-untyped-call]
    return done


class OnceModal(ModalScreen[T]):
    """A modal screen that is dismissed once: two keys queued before it is gone (enter, enter
    typed quickly) each dismiss it, and Textual pops the top screen each time, so the second
    would close the screen beneath (the editor itself)."""

    def dismiss(self, result: T | None = None) -> AwaitComplete:
        if not self.is_active:
            return completed()
        return super().dismiss(result)


class Dialog(OnceModal[T | None]):
    """A modal box with a title; escape cancels (dismisses with None). Left and right move
    between its buttons as tab does (in a text field they move the text cursor).

    The result is `T | None`, so that whoever waits for a Dialog[T] is told to handle the
    cancel: Textual's dismiss() takes None whatever the screen's result type."""

    BINDINGS: ClassVar[list[BindingType]] = bindings(DIALOG)
    DEFAULT_CLASSES = "dialog"

    def action_tab(self, step: int) -> None:
        if step > 0:
            self.focus_next()
        else:
            self.focus_previous()

    def action_cancel(self) -> None:
        self.dismiss(None)


@dataclass(frozen=True, slots=True)
class Choice(Generic[E]):
    """A button of a ChoiceDialog: choosing it dismisses the dialog with `value`. `key_id`
    names a binding of keys.py whose key the label shows (`Save (s)`)."""

    value: E
    label: str
    variant: ButtonVariant = "default"
    disabled: bool = False
    key_id: str | None = None


class ChoiceDialog(Dialog[E]):
    """A title, a message and a button per choice; it dismisses with the value of the button
    pressed, escape with `on_escape`. The buttons' ids are their values."""

    def __init__(
        self,
        title: Content,
        message: Content,
        choices: Sequence[Choice[E]],
        *,
        focus: E,
        on_escape: E,
        wide: bool = False,
        scroll: bool = False,
        message_id: str | None = None,
    ) -> None:
        super().__init__()
        self.title_content = title
        self.message = message
        self.choices = choices
        self.values = {str(choice.value): choice.value for choice in choices}
        self.focus_value = focus
        self.on_escape = on_escape
        self.wide = wide
        self.scroll = scroll  # a message that may be long scrolls between title and buttons
        self.message_id = message_id

    def compose(self) -> ComposeResult:
        with Vertical(classes="box wide" if self.wide else "box"):
            yield Static(self.title_content, classes="box-title")
            if self.scroll:
                with VerticalScroll(classes="box-body"):
                    yield Static(self.message, id=self.message_id)
            else:
                yield Static(self.message, id=self.message_id)
            keymap = user_keymap(self.app)
            with Horizontal(classes="buttons"):
                for choice in self.choices:
                    label = choice.label
                    if choice.key_id is not None:
                        label += f" ({keys_shown(choice.key_id, keymap)})"
                    yield Button(
                        label,
                        id=str(choice.value),
                        variant=choice.variant,
                        disabled=choice.disabled,
                    )

    def on_mount(self) -> None:
        self.query_one(f"#{self.focus_value}", Button).focus()

    @on(Button.Pressed)
    def _chosen(self, event: Button.Pressed) -> None:
        self.dismiss(self.values[event.button.id or ""])

    def action_choose(self, value: str) -> None:
        self.dismiss(self.values[value])

    def action_cancel(self) -> None:
        self.dismiss(self.on_escape)


class Confirm(StrEnum):
    CONFIRM = "confirm"
    CANCEL = "cancel"


class ConfirmDialog(ChoiceDialog[Confirm]):
    """Asks a yes/no question; the message is Content so that plan strings stay literal.
    `danger`: what cannot be taken back lightly waits for a deliberate choice (enter cancels)."""

    def __init__(self, title: str, message: Content, confirm: str, *, danger: bool = False):
        super().__init__(
            Content.styled(title, "bold"),
            message,
            [
                Choice(Confirm.CONFIRM, confirm, "error" if danger else "primary"),
                Choice(Confirm.CANCEL, "Cancel"),
            ],
            focus=Confirm.CANCEL if danger else Confirm.CONFIRM,
            on_escape=Confirm.CANCEL,
            scroll=True,
        )
        self.title_text = title


class Unsaved(StrEnum):
    SAVE = "save"
    DISCARD = "discard"
    CANCEL = "cancel"


class UnsavedDialog(ChoiceDialog[Unsaved]):
    """Unsaved changes: save, discard, or cancel to stay; s, d and c choose too. `too_large`,
    the editor's line saying the plan has grown past what a file may hold, is shown, and the
    dialog then starts on Cancel: a Save would only be refused."""

    BINDINGS: ClassVar[list[BindingType]] = bindings(UNSAVED)

    def __init__(
        self, question: str = "Save them before quitting?", *, too_large: str | None = None
    ) -> None:
        # Save stays a choice: the line is as of the last journal write, and the plan may have
        # shrunk since (a save that is still too large says so, and keeps the edits).
        warning = f"\n\nThe plan is {too_large}" if too_large else ""
        super().__init__(
            Content.styled("Unsaved changes", "bold"),
            Content(f"The plan has changes that are not saved. {question}{warning}"),
            [
                Choice(Unsaved.SAVE, "Save", "primary", key_id="unsaved.save"),
                Choice(Unsaved.DISCARD, "Discard", "error", key_id="unsaved.discard"),
                Choice(Unsaved.CANCEL, "Cancel", key_id="unsaved.cancel"),
            ],
            focus=Unsaved.CANCEL if too_large else Unsaved.SAVE,
            on_escape=Unsaved.CANCEL,
        )
        self.question = question


class PathDialog(Dialog[str]):
    """Asks for a file path (open, save as); `must_exist` checks it as the user types. Tab
    completes the path; the list under it shows the folders and plan files (*.toml) of the
    folder being typed, and enter there takes one."""

    DEFAULT_CSS = """
    PathDialog #path-list {
        height: auto;
        max-height: 8;
        margin-top: 1;
    }
    PathDialog #path-list-title {
        margin-top: 1;
        color: $text-muted;
    }
    """

    def __init__(self, title: str, action: str, initial: str = "", *, must_exist: bool = False):
        super().__init__()
        self.title_text = title
        self.action = action
        self.initial = _safe_to_show(initial)
        self.must_exist = must_exist
        self.listed: Candidates | None = None

    def compose(self) -> ComposeResult:
        with Vertical(classes="box"):
            yield Static(Content.styled(self.title_text, "bold"), classes="box-title")
            # Selected once, as it opens (typing replaces the path); coming back from the
            # list, the cursor stays at the end, where completion goes on.
            yield Input(
                self.initial,
                placeholder="path/to/plan.toml",
                id="path",
                compact=True,
                select_on_focus=False,
            )
            yield Static(classes="problem")
            yield Static(id="path-list-title")
            yield CursorList(id="path-list")
            with Horizontal(classes="buttons"):
                yield Button(self.action, id="ok", variant="primary")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        field = self.query_one(Input)
        field.focus()
        field.select_all()
        self._check(self.initial)
        self._list(self.initial)

    def _problem(self, value: str) -> str | None:
        path = os.path.expanduser(value.strip())
        if not path:
            return "type a path"
        if os.path.isdir(path):
            return "is a folder: add a file name (tab completes it)"
        if self.must_exist and not os.path.isfile(path):
            return "no such file" if not os.path.exists(path) else "not a file"
        return None

    def _check(self, value: str) -> bool:
        problem = self._problem(value)
        self.query_one(".problem", Static).update(Content(problem or ""))
        self.query_one("#ok", Button).disabled = problem is not None
        return problem is None

    def _list(self, value: str) -> None:
        """The folders and plan files the typed path can go on to; a complete file name
        lists its whole folder, so that the others are in sight."""
        found = candidates(value)
        if os.path.isfile(os.path.expanduser(value)):
            found = candidates(found.folder)
        self.listed = found
        where = printable(found.folder) or "the current folder"
        title = self.query_one("#path-list-title", Static)
        # Nothing to go on to: no list and no title (the line under the path says what is
        # wrong, if anything: a new file's name for save as is fine).
        title.update(Content(f"In {where} (tab completes, down to choose):"))
        title.display = bool(found.entries)
        options = self.query_one("#path-list", CursorList)
        options.set_texts(entry.shown for entry in found.entries)
        options.display = bool(found.entries)

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        self._check(event.value)
        self._list(event.value)

    BINDINGS: ClassVar[list[BindingType]] = bindings(PATH)

    def action_to_list(self) -> None:
        """Down in the path field: into the list of what it can go on to."""
        options = self.query_one("#path-list", CursorList)
        if options.display:
            options.focus()
            if options.highlighted is None:
                options.highlighted = 0

    def action_tab(self, step: int) -> None:
        """In the path field, tab completes the path as far as the candidates agree; where
        it has nothing to add, it moves on (to the list) as everywhere."""
        field = self.query_one("#path", Input)
        if step > 0 and field.has_focus:
            # In the field's own queue: after the letters typed before the tab (still queued
            # there when typed fast), before those typed after it.
            field.call_later(self._complete)
        else:
            super().action_tab(step)

    def _complete(self) -> None:
        field = self.query_one("#path", Input)
        completed = candidates(field.value).completed(field.value)
        if completed != field.value:
            field.value = completed
            field.cursor_position = len(completed)
        else:
            super().action_tab(1)

    @on(OptionList.OptionSelected, "#path-list")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        if self.listed is None:
            return
        entry = self.listed.entries[event.option_index]
        field = self.query_one("#path", Input)
        field.value = self.listed.folder + entry.shown
        field.cursor_position = len(field.value)
        if entry.is_folder or not self._check(field.value):
            field.focus()  # into the folder: its files are listed now
        else:
            self._submit()

    @on(Input.Submitted)
    @on(Button.Pressed, "#ok")
    def _submit(self) -> None:
        value = self.query_one(Input).value
        if self._check(value):
            self.dismiss(os.path.expanduser(value.strip()))

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.dismiss(None)


class AfterLoadError(StrEnum):
    OPEN = "open"
    NEW = "new"
    QUIT = "quit"


class LoadErrorDialog(ChoiceDialog[AfterLoadError]):
    """A plan that could not be loaded: says why and where; open another, a new plan (also
    escape) or quit."""

    def __init__(self, error: str) -> None:
        super().__init__(
            Content.styled("The plan could not be opened", "bold $text-error"),
            # LoadError's text is already escaped for a terminal; Content keeps it literal.
            Content(error),
            [
                Choice(AfterLoadError.OPEN, "Open another file", "primary"),
                Choice(AfterLoadError.NEW, "New plan"),
                Choice(AfterLoadError.QUIT, "Quit", "error"),
            ],
            focus=AfterLoadError.OPEN,
            on_escape=AfterLoadError.NEW,
            wide=True,
            scroll=True,
            message_id="load-error",
        )
        self.error = error


def _safe_to_show(path: str) -> str:
    """`path` to start the field with, or as much of it as the field can show: the field
    shows its text as it is, and a name holding an escape sequence (a file anyone named in a
    shared folder) would act on the terminal. Escaped, it would name another file."""
    if printable(path) == path:
        return path
    while path and printable(path) != path:
        path = os.path.dirname(path.rstrip(os.sep))
    return path + os.sep if path and not path.endswith(os.sep) else path


def field_block(label: str, widget: Widget, *, spaced: bool = True) -> Vertical:
    """The label above the field, in one block (its label shows where the focus is), a line
    below what comes before unless not `spaced`."""
    return Vertical(
        Static(label, classes="field-label"),
        widget,
        classes="field-block" if spaced else "field-block tight",
    )
