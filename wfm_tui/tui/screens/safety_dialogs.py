"""Dialogs of the safety net: a file changed on disk before a save, edits found in a journal."""

from __future__ import annotations

from dataclasses import dataclass, field

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Static

from wfm_tui.core.names import printable
from wfm_tui.tui.screens.dialogs import Dialog

CHANGED, VANISHED, APPEARED = "changed", "vanished", "appeared"

_CONFLICT_TEXT = {
    CHANGED: "has been changed on disk since it was opened or last saved (by another editor "
    "or program). Saving now overwrites those changes.",
    VANISHED: "has been deleted or moved away since it was opened or last saved. Saving now "
    "creates it again.",
    APPEARED: "did not exist when this plan was started, and now it does (another editor or "
    "program created it). Saving now overwrites it.",
}


class ConflictDialog(Dialog[str]):
    """Saving over a file that changed on disk: "overwrite", "reload", "save_as" or None."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__()
        self.path = path
        self.reason = reason

    def compose(self) -> ComposeResult:
        with Vertical(classes="box wide"):
            yield Static(
                Content.styled("The file changed on disk", "bold $text-warning"),
                classes="box-title",
            )
            yield Static(
                Content.assemble(Content(printable(self.path)), " ", _CONFLICT_TEXT[self.reason]),
                id="conflict-message",
            )
            with Horizontal(classes="buttons"):
                yield Button("Overwrite", id="overwrite", variant="error")
                yield Button("Reload from disk", id="reload", disabled=self.reason == VANISHED)
                yield Button("Save as…", id="save_as", variant="primary")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#save_as", Button).focus()

    @on(Button.Pressed)
    def _chosen(self, event: Button.Pressed) -> None:
        self.dismiss(None if event.button.id == "cancel" else event.button.id)


@dataclass
class RecoveryOffer:
    """What the recovery dialog shows: where the journal is, and what it changes."""

    file: str
    plan_path: str | None
    saved_at: str = ""
    host: str = ""
    pid: int = 0
    changes: list[str] = field(default_factory=list)
    summary: str = ""
    problem: str | None = None  # the journal cannot be used: why
    file_changed_since: bool = False  # the plan file is not the one the edits started from
    others: int = 0  # further untitled journals, older
    # Every recovery file of the plan, one line each, when there are several (one per editor
    # session), and which of them this offer is about.
    listing: list[str] = field(default_factory=list)
    position: int = 0


class RecoveryDialog(Dialog[str]):
    """Unsaved edits found in a recovery file: "restore", "discard" or "keep" (for later)."""

    def __init__(self, offer: RecoveryOffer) -> None:
        super().__init__()
        self.offer = offer

    def _message(self) -> Content:
        o = self.offer
        what = printable(o.plan_path) if o.plan_path else "an untitled plan"
        when = f" at {printable(o.saved_at)}" if o.saved_at else ""
        who = f" by process {o.pid} on {printable(o.host)}" if o.pid else ""
        lines = [
            f"Unsaved edits of {what} were kept in a recovery file{when}{who}.",
            f"Recovery file: {printable(o.file)}",
        ]
        if o.listing:
            lines += [
                "",
                f"This plan has {len(o.listing)} recovery files (one per editor session that "
                "ended unsaved), offered in turn, newest first:",
            ]
            lines += [
                f"{'>' if i == o.position else ' '} {i + 1}. {printable(line)}"
                for i, line in enumerate(o.listing)
            ]
        if o.problem is not None:
            lines += ["", "It cannot be used:", printable(o.problem)]
        else:
            if o.file_changed_since:
                lines += ["", "Note: the plan file has changed since these edits were made."]
            against = "the file on disk" if o.plan_path else "an empty plan"
            lines += ["", f"Compared to {against}: {o.summary}"]
            lines += o.changes
            if o.others:
                lines += ["", f"({o.others} older recovery file(s) of untitled plans are kept.)"]
        return Content("\n".join(lines))

    def compose(self) -> ComposeResult:
        with Vertical(classes="box wide"):
            yield Static(
                Content.styled("Recovered unsaved edits", "bold $text-warning"),
                classes="box-title",
            )
            with VerticalScroll(classes="box-body"):
                yield Static(self._message(), id="recovery-message")
            with Horizontal(classes="buttons"):
                if self.offer.problem is None:
                    yield Button("Restore", id="restore", variant="primary")
                yield Button("Discard", id="discard", variant="error")
                yield Button("Keep for later", id="keep")

    def on_mount(self) -> None:
        first = "#restore" if self.offer.problem is None else "#keep"
        self.query_one(first, Button).focus()

    @on(Button.Pressed)
    def _chosen(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id)

    def action_cancel(self) -> None:
        self.dismiss("keep")  # escape decides nothing: the journal stays
