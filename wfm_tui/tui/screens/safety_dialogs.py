"""Dialogs of the safety net: a file changed on disk before a save, edits found in a journal."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from textual.content import Content

from wfm_tui.core.names import printable
from wfm_tui.tui.screens.dialogs import Choice, ChoiceDialog

CHANGED, VANISHED, APPEARED = "changed", "vanished", "appeared"

_CONFLICT_TEXT = {
    CHANGED: "has been changed on disk since it was opened or last saved (by another editor "
    "or program). Saving now overwrites those changes.",
    VANISHED: "has been deleted or moved away since it was opened or last saved. Saving now "
    "creates it again.",
    APPEARED: "did not exist when this plan was started, and now it does (another editor or "
    "program created it). Saving now overwrites it.",
}


class Conflict(StrEnum):
    OVERWRITE = "overwrite"
    RELOAD = "reload"
    SAVE_AS = "save_as"
    CANCEL = "cancel"


class ConflictDialog(ChoiceDialog[Conflict]):
    """Saving over a file that changed on disk: overwrite, reload, save as, or cancel."""

    def __init__(self, path: str, reason: str, link_to: str | None = None) -> None:
        message = Content.assemble(Content(printable(path)), " ", _CONFLICT_TEXT[reason])
        if link_to is not None:
            # Replaced by a link to another plan, say: overwriting writes that one.
            message = Content.assemble(
                message,
                "\nIt is a link to ",
                Content(printable(link_to)),
                ": overwriting writes that file.",
            )
        super().__init__(
            Content.styled("The file changed on disk", "bold $text-warning"),
            message,
            [
                Choice(Conflict.OVERWRITE, "Overwrite", "error"),
                Choice(Conflict.RELOAD, "Reload from disk", disabled=reason == VANISHED),
                Choice(Conflict.SAVE_AS, "Save as…", "primary"),
                Choice(Conflict.CANCEL, "Cancel"),
            ],
            focus=Conflict.SAVE_AS,
            on_escape=Conflict.CANCEL,
            wide=True,
            scroll=link_to is not None,  # two paths, each perhaps long
            message_id="conflict-message",
        )
        self.path = path
        self.reason = reason


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
    # The edits were made in the what-if sandbox: what it changed, and that it opens again.
    whatif: str | None = None
    # The editor that wrote the journal is still running: restore copies it, nothing removes it.
    still_running: bool = False
    # The journal was left for this file under a name it no longer has (renamed since).
    moved_from: str | None = None
    file_changed_since: bool = False  # the plan file is not the one the edits started from
    others: int = 0  # further untitled journals, older
    # Every recovery file of the plan, one line each, when there are several (one per editor
    # session), and which of them this offer is about.
    listing: list[str] = field(default_factory=list)
    position: int = 0


class RecoveryChoice(StrEnum):
    RESTORE = "restore"
    DISCARD = "discard"
    KEEP = "keep"  # for later: escape decides nothing, the journal stays


class RecoveryDialog(ChoiceDialog[RecoveryChoice]):
    """Unsaved edits found in a recovery file: restore, discard, or keep them for later."""

    def __init__(self, offer: RecoveryOffer) -> None:
        usable = offer.problem is None
        choices = [Choice(RecoveryChoice.RESTORE, "Restore", "primary")] if usable else []
        if not offer.still_running:  # another editor's journal of edits it may still have
            choices.append(Choice(RecoveryChoice.DISCARD, "Discard", "error"))
        choices.append(Choice(RecoveryChoice.KEEP, "Keep for later"))
        super().__init__(
            Content.styled("Recovered unsaved edits", "bold $text-warning"),
            _recovery_message(offer),
            choices,
            focus=RecoveryChoice.RESTORE
            if usable and not offer.still_running
            else RecoveryChoice.KEEP,
            on_escape=RecoveryChoice.KEEP,
            wide=True,
            scroll=True,
            message_id="recovery-message",
        )
        self.offer = offer


def _recovery_message(o: RecoveryOffer) -> Content:
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
    if o.moved_from is not None:
        lines += [
            "",
            f"They were made to {printable(o.moved_from)}, which is no longer there; they "
            "started from this file as it is now (it was renamed or moved here since).",
        ]
    if o.still_running:
        lines += [
            "",
            f"Process {o.pid} on {printable(o.host)}, which wrote it, is still running: "
            "another editor may have these edits open. Restoring takes a copy; that editor "
            "keeps its recovery file, which is not removed from here.",
        ]
    if o.problem is not None:
        lines += ["", "It cannot be used:", printable(o.problem)]
    else:
        if o.file_changed_since:
            lines += ["", "Note: the plan file has changed since these edits were made."]
        against = "the file on disk" if o.plan_path else "an empty plan"
        lines += ["", f"Compared to {against}: {o.summary}"]
        lines += o.changes
        if o.whatif is not None:
            lines += [
                "",
                f"These edits were made {o.whatif}; leaving it keeps or throws away "
                "what was changed in it.",
            ]
        if o.others:
            lines += ["", f"({o.others} older recovery file(s) of untitled plans are kept.)"]
    return Content("\n".join(lines))
