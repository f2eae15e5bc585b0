"""Editing the plan file in the user's own editor ($VISUAL, $EDITOR), then taking it back.

The terminal is handed over with Textual's `App.suspend`; when the editor exits, the file is
read again. What changed comes back as one undoable edit; a file that no longer loads is shown
with where and why, and can be edited again (the plan in the editor stays as it was).
"""

from __future__ import annotations

import asyncio
import os
import shlex
import subprocess
from typing import TYPE_CHECKING

from textual.app import SuspendNotSupported
from textual.content import Content

from wfm_tui.core.operations import OperationError, Patch
from wfm_tui.editing.document import Document
from wfm_tui.files.errors import LoadError
from wfm_tui.files.plan_file import read_plan
from wfm_tui.tui import whatif_flows

if TYPE_CHECKING:
    from wfm_tui.tui.screens.editor import EditorScreen


def editor_command() -> list[str]:
    """The user's editor as a command line: $VISUAL, else $EDITOR, else vi."""
    chosen = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
    try:
        return shlex.split(chosen) or ["vi"]
    except ValueError:
        return [chosen]


def run_editor(screen: EditorScreen, path: str) -> str | None:
    """Run the editor on `path` with the terminal handed to it; why it could not run, or None."""
    command = [*editor_command(), path]
    try:
        with screen.app.suspend():
            result = subprocess.run(command, check=False)
    except SuspendNotSupported:
        # No terminal to hand over (a headless app): the editor runs beside it.
        result = subprocess.run(command, check=False, stdin=subprocess.DEVNULL)
    except OSError as exc:
        return f"cannot run {shlex.join(command[:-1])}: {exc.strerror or exc}"
    if result.returncode != 0:
        return f"{shlex.join(command[:-1])} exited with status {result.returncode}"
    return None


async def edit_in_editor(screen: EditorScreen) -> None:
    from wfm_tui.tui.screens.dialogs import Confirm, ConfirmDialog

    doc = screen.document
    if doc.dirty or doc.path is None:
        message = Content(
            "The plan has changes that are not saved. Save them, then edit the file?"
            if doc.path is not None
            else "The plan has no file yet. Save it, then edit the file?"
        )
        if (
            await screen.app.push_screen_wait(
                ConfirmDialog("Edit in your editor", message, "Save and edit")
            )
            != Confirm.CONFIRM
        ):
            return
        if not await screen.save():
            return
    if screen.sandbox is not None:
        # Still open only when the plan is what the file holds (else the save above asked
        # about it and closed it): what comes back from the file is the plan itself, not a
        # what-if change that throwing the sandbox away would later undo.
        await whatif_flows.leave(screen, keep=True)
    path = screen.document.path
    assert path is not None  # saved just now
    while True:
        problem = run_editor(screen, path)
        if problem is not None:
            screen.notify(problem, title="Not edited", severity="error", markup=False)
            return
        try:
            loaded = await asyncio.to_thread(read_plan, path)
        except LoadError as exc:
            message = Content.assemble(
                Content(str(exc)),
                "\n\nThe editor keeps the plan as it was before; saving it would replace the file.",
            )
            again = await screen.app.push_screen_wait(
                ConfirmDialog("The edited file does not load", message, "Edit again")
            )
            if again == Confirm.CONFIRM:
                continue
            return
        break
    doc = screen.document
    changed = loaded.plan != doc.plan
    if changed:
        try:
            doc.apply(Patch.restoring(loaded.plan, doc.plan))  # one step, undoable
        except OperationError:
            # Its catalog cannot stand beside the old one's history: start afresh from the file.
            await screen.set_document(Document.from_loaded(loaded))
            doc = screen.document
    doc.mark_saved(path, loaded.plan, loaded.fingerprint)
    doc.schema = loaded.schema
    doc.comments_pending = loaded.has_comments
    await screen.refresh_plan()
    screen.notify("Reloaded the edited file." if changed else "The file is unchanged.")
