"""Save, open, reload and the start-up offers, as flows of dialogs over the editor screen.

A save never overwrites a file that changed on disk without asking, never writes to anything
but a regular file, and keeps the plan in memory (still journaled) when it fails. File I/O
runs off the event loop. The dialogs are imported where they are opened: the first frame
needs none of them, and importing them cost the start-up.
"""

from __future__ import annotations

import asyncio
import os
from typing import TYPE_CHECKING

from textual.content import Content

from wfm_tui.core.names import printable
from wfm_tui.editing.document import Document
from wfm_tui.files.atomic_write import check_save_target
from wfm_tui.files.catalogs import rebased_catalog_ref
from wfm_tui.files.errors import LoadError, SaveError
from wfm_tui.files.plan_file import (
    LoadedPlan,
    file_fingerprint,
    read_plan,
    save_plan,
    text_fingerprint,
)
from wfm_tui.tui import recovery_offers

if TYPE_CHECKING:
    from wfm_tui.tui.screens.editor import EditorScreen


def _fingerprint_or_error(path: str) -> str | None:
    try:
        return file_fingerprint(path)
    except OSError:
        return "unreadable"  # cannot tell: treat as changed, so that the user is asked


def _same_file(path: str, other: str) -> bool:
    try:
        return os.path.samefile(path, other)
    except OSError:
        return False


def _link_target(path: str) -> str | None:
    """The file a save to `path` writes, when `path` is a link (None: it is not)."""
    return os.path.realpath(path) if os.path.islink(path) else None


async def save(screen: EditorScreen, *, ask_path: bool = False) -> bool:
    """Save (asking for a path when there is none); True when the plan is on disk."""
    from wfm_tui.tui.screens.dialogs import Confirm, ConfirmDialog, PathDialog
    from wfm_tui.tui.screens.safety_dialogs import (
        APPEARED,
        CHANGED,
        VANISHED,
        Conflict,
        ConflictDialog,
    )

    app, doc = screen.app, screen.document
    path = doc.path
    if ask_path or path is None:
        path = await app.push_screen_wait(
            PathDialog("Save plan as", "Save", initial=doc.path or "plan.toml")
        )
        if path is None:
            return False
        if doc.path is not None and await asyncio.to_thread(_same_file, path, doc.path):
            # The plan itself by another name (a link, a hard link): a save, with what a save
            # asks (changed on disk, comments), not "Replace it?" and over a colleague's edits.
            path = doc.path
    try:
        # Before any question: no answer makes a FIFO or a device a place to save to.
        await asyncio.to_thread(check_save_target, path)
    except SaveError as exc:
        screen.notify(str(exc), title="Not saved", severity="error", markup=False, timeout=10)
        return False
    if path != doc.path and os.path.exists(path):
        message = Content.assemble(Content(printable(path)), " exists. Replace it?")
        if (
            await app.push_screen_wait(
                ConfirmDialog("Replace file", message, "Replace", danger=True)
            )
            != Confirm.CONFIRM
        ):
            return False
    if path == doc.path:
        current = await asyncio.to_thread(_fingerprint_or_error, path)
        if doc.changed_on_disk(current):
            reason = (
                VANISHED
                if current is None
                else APPEARED
                if doc.base_fingerprint is None
                else CHANGED
            )
            link_to = await asyncio.to_thread(_link_target, path)
            choice = await app.push_screen_wait(ConflictDialog(path, reason, link_to))
            if choice == Conflict.SAVE_AS:
                return await save(screen, ask_path=True)
            if choice == Conflict.RELOAD:
                await reload(screen, path)
                return False
            if choice != Conflict.OVERWRITE:
                return False
    if doc.comments_pending and path == doc.path:
        message = Content(
            "The file has comments. Saving writes the plan in canonical form, which drops "
            "them (keep annotations in an app's note). Save anyway?"
        )
        if (
            await app.push_screen_wait(ConfirmDialog("Comments will be dropped", message, "Save"))
            != Confirm.CONFIRM
        ):
            return False
    plan = doc.plan
    # A catalog named by a path beside the plan must still be found from the new folder.
    old_folder, new_folder = os.path.dirname(doc.path) if doc.path else None, os.path.dirname(path)

    def rebase(ref: str | None) -> str | None:
        return rebased_catalog_ref(ref, old_folder, new_folder)

    ref = rebase(plan.catalog)
    if ref != plan.catalog:
        plan = plan.model_copy(update={"catalog": ref})
    try:
        text = await asyncio.to_thread(save_plan, path, plan, doc.catalog, doc.schema)
    except SaveError as exc:
        # The plan stays in memory, still marked unsaved (and journaled): nothing is lost.
        screen.notify(str(exc), title="Not saved", severity="error", markup=False, timeout=10)
        return False
    # The document now lives in the new folder: so do the catalogs its history can put back.
    doc.rebase_catalog_refs(rebase)
    if screen.document is doc and screen.sandbox is not None:
        screen.sandbox = screen.sandbox.rebased(rebase)
    doc.mark_saved(path, plan, text_fingerprint(text))
    if screen.document is doc:
        if path != screen.safety.locked:
            screen.safety.relock(path)
        screen.safety.plan_changed()  # clean: the journal goes; edits made meanwhile: it stays
    screen.update_titles()
    screen.notify(f"Saved {printable(path)}", markup=False)
    return True


async def reload(screen: EditorScreen, path: str) -> None:
    """Reload the file from disk, dropping the edits, once the user has confirmed it."""
    from wfm_tui.tui.screens.dialogs import Confirm, ConfirmDialog

    message = Content.assemble(
        "Drop the unsaved edits and load ",
        Content(printable(path)),
        " as it is on disk now? The edits cannot be brought back.",
    )
    if (
        await screen.app.push_screen_wait(
            ConfirmDialog("Reload from disk", message, "Drop edits and reload", danger=True)
        )
        == Confirm.CONFIRM
    ):
        await load(screen, path, offer_recovery=False)


async def may_discard(screen: EditorScreen, question: str) -> bool:
    """With unsaved changes, ask save / discard / cancel; True when it is fine to go on."""
    from wfm_tui.tui.screens.dialogs import Unsaved, UnsavedDialog

    if not screen.document.dirty:
        return True
    too_large = screen.safety.too_large
    choice = await screen.app.push_screen_wait(UnsavedDialog(question, too_large=too_large))
    if choice == Unsaved.SAVE:
        return await screen.save()  # the screen's: the what-if sandbox asks first
    return choice == Unsaved.DISCARD


async def open_plan(screen: EditorScreen) -> None:
    """Ask for a file until one loads, or the user gives up (new plan or cancel)."""
    from wfm_tui.tui.screens.dialogs import PathDialog

    while True:
        path = await screen.app.push_screen_wait(
            PathDialog("Open plan", "Open", initial=screen.document.path or "", must_exist=True)
        )
        if path is None:
            return
        if await load(screen, path):
            return


async def load(screen: EditorScreen, path: str, *, offer_recovery: bool = True) -> bool:
    """Load `path` into the editor; a LoadError is shown with its location, never raised.

    When a dropped session left unsaved edits of this plan, offer to restore them first.
    """
    from wfm_tui.tui.screens.dialogs import AfterLoadError, LoadErrorDialog

    try:
        loaded = await asyncio.to_thread(read_plan, path)
    except LoadError as exc:
        choice = await screen.app.push_screen_wait(LoadErrorDialog(str(exc)))
        if choice == AfterLoadError.QUIT:
            screen.app.exit()
            return True
        if choice == AfterLoadError.NEW:
            await screen.set_document(Document.untitled())
            return True
        return False
    document = Document.from_loaded(loaded)
    if offer_recovery:
        document = await recovery_offers.recovered(screen, path, loaded) or document
    await screen.set_document(document)
    return True


async def recover_from_load_error(screen: EditorScreen, error: str, path: str | None) -> None:
    """Start-up with a plan that failed to load: say why, then open another or start anew.

    Unsaved edits journaled for it are offered first: they may be all that is left.
    """
    from wfm_tui.tui.screens.dialogs import AfterLoadError, LoadErrorDialog

    if path is not None:
        restored = await recovery_offers.recovered(screen, path, None)
        if restored is not None:
            await screen.set_document(restored)
            return
    choice = await screen.app.push_screen_wait(LoadErrorDialog(error))
    if choice == AfterLoadError.QUIT:
        screen.app.exit()
    elif choice == AfterLoadError.OPEN:
        await open_plan(screen)


async def offer_recovery_at_start(screen: EditorScreen, path: str | None) -> None:
    """Start-up: the plan (or, with no path, the newest untitled plan) may have a journal."""
    doc = screen.document
    if path is None:
        restored = await recovery_offers.recovered_untitled(screen)
    else:
        loaded = None
        if doc.base_fingerprint is not None:  # the file loaded: compare with it
            loaded = LoadedPlan(plan=doc.plan, catalog=doc.catalog, text="", path=path)
            loaded.fingerprint = doc.base_fingerprint
        restored = await recovery_offers.recovered(
            screen, path, loaded, comments=doc.comments_pending
        )
        await recovery_offers.tell_of_untitled(screen)
    if restored is not None:
        await screen.set_document(restored)
