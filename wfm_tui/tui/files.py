"""Open, new, save and save-as for the editor screen; file I/O runs off the event loop.

The safety net lives here too: a save never overwrites a file that changed on disk without
asking, unsaved edits are journaled to a recovery file about a second after each edit, and a
plan open in another editor is announced (session lock). Offering journals left by other
sessions is in `recovery_offers`.
"""

from __future__ import annotations

import asyncio
import os
from dataclasses import dataclass, field
from pathlib import Path

from textual import work
from textual.content import Content
from textual.timer import Timer

from wfm_tui.core.names import printable
from wfm_tui.editing.document import Document
from wfm_tui.editing.journal import Journal
from wfm_tui.files import session_lock
from wfm_tui.files.errors import LoadError, SaveError
from wfm_tui.files.plan_file import (
    LoadedPlan,
    check_save_target,
    file_fingerprint,
    read_plan,
    save_plan,
    text_fingerprint,
)
from wfm_tui.tui.recovery_offers import RecoveryOffers

# The dialogs are imported where they are opened: the first frame needs none of them, and
# importing them cost the start-up.

# Unsaved edits reach the recovery file this long after an edit (at most: a stream of edits is
# journaled every JOURNAL_DELAY seconds, it does not wait for a pause).
JOURNAL_DELAY = 1.0
LOCK_RECHECK = 5.0


@dataclass
class _Safety:
    journal: Journal = field(default_factory=Journal)
    timer: Timer | None = None
    doc: Document | None = None  # the document the journal and the lock are about
    locked: str | None = None  # the plan path this session holds the lock of
    told_error: str | None = None  # the last journal failure the user was told about
    # A restored journal, adopted once its document is shown (after the old one's is dropped).
    adopt: tuple[Document, Path] | None = None
    # Another live editor holds the lock of the plan shown: the title says so while it does,
    # and the lock is tried again every LOCK_RECHECK seconds.
    other_holder: session_lock.Holder | None = None
    lock_timer: Timer | None = None


def _fingerprint_or_error(path: str) -> str | None:
    try:
        return file_fingerprint(path)
    except OSError:
        return "unreadable"  # cannot tell: treat as changed, so that the user is asked


class FileActions(RecoveryOffers):
    """Mixed into the editor screen, which provides `document` and `set_document`."""

    document: Document

    async def set_document(self, document: Document) -> None:
        raise NotImplementedError

    def _update_titles(self) -> None:
        raise NotImplementedError

    # -- the journal and the lock ------------------------------------------------------------

    @property
    def safety(self) -> _Safety:
        state = self.__dict__.get("_safety_state")
        if state is None:
            state = self.__dict__["_safety_state"] = _Safety()
        return state

    def plan_changed(self) -> None:
        """Called after every change to the document shown (edits, undo, open, new)."""
        safety = self.safety
        doc = self.document
        if doc is not safety.doc:
            self._document_switched(safety.doc, doc)
        if doc.dirty:
            if safety.timer is None:  # not restarted: a stream of edits is journaled too
                safety.timer = self.set_timer(JOURNAL_DELAY, self._journal_due, name="journal")
        else:
            self._drop_journal()

    def _document_switched(self, old: Document | None, new: Document) -> None:
        """Another plan is shown: the old one's journal goes (the user chose to leave it)."""
        safety = self.safety
        safety.doc = new
        if old is not None:
            self._drop_journal()
        if safety.adopt is not None and safety.adopt[0] is new:
            safety.journal.adopt(safety.adopt[1])
        safety.adopt = None
        if new.path != safety.locked:
            self._relock(new.path)

    def _adopt_when_shown(self, document: Document, file: Path) -> None:
        self.safety.adopt = (document, file)

    def _cancel_journal_timer(self) -> None:
        safety = self.safety
        if safety.timer is not None:
            safety.timer.stop()
            safety.timer = None

    def _journal_due(self) -> None:
        self.safety.timer = None
        doc = self.document
        if doc.dirty:
            journal = self.safety.journal
            self._write_journal(
                journal.snapshot(doc.plan, doc.catalog, doc.path, doc.base_fingerprint)
            )

    # A description of its own: Textual would describe the worker by repr() of its argument, a
    # whole plan (87 ms at 10,000 apps, once a second while editing).
    @work(group="journal", description="write the recovery journal")
    async def _write_journal(self, snap) -> None:
        journal = self.safety.journal
        written = await asyncio.to_thread(journal.write, snap)
        if written is None and journal.last_error and snap.generation == journal.generation:
            if self.safety.told_error != journal.last_error:
                self.safety.told_error = journal.last_error
                self.notify(
                    f"Unsaved edits cannot be journaled: {journal.last_error}",
                    title="No recovery file",
                    severity="warning",
                    markup=False,
                    timeout=10,
                )
        elif written is not None:
            self.safety.told_error = None
        if journal.replaced is not None:
            self.notify(
                printable(journal.replaced),
                title="Recovery file",
                severity="warning",
                markup=False,
                timeout=15,
            )
            journal.replaced = None
        if not self.document.dirty:
            self._drop_journal()  # undone back to clean while the write was under way

    def _drop_journal(self) -> None:
        """Remove this session's recovery file (in a thread; a later write is not undone)."""
        self._cancel_journal_timer()
        journal = self.safety.journal
        files = journal.detach()  # an earlier write still under way is void
        if files:
            self.run_worker(
                lambda: journal.discard(files), thread=True, group="journal", name="unjournal"
            )

    async def drop_journal_now(self) -> None:
        """Remove the recovery file and wait for it (before quitting)."""
        self._cancel_journal_timer()
        journal = self.safety.journal
        await asyncio.to_thread(journal.discard, journal.detach())

    def journal_now(self) -> Path | None:
        """Write the journal synchronously (signal handlers): the file, or None."""
        self._cancel_journal_timer()
        doc = self.document
        if not doc.dirty:
            return None
        journal = self.safety.journal
        return journal.write(
            journal.snapshot(doc.plan, doc.catalog, doc.path, doc.base_fingerprint)
        )

    @work(group="lock")
    async def _relock(self, path: str | None) -> None:
        safety = self.safety
        old, safety.locked = safety.locked, path
        self._lock_holder_is(None)
        if old is not None:
            await asyncio.to_thread(session_lock.release, old)
        if path is None:
            return
        try:
            holder = await asyncio.to_thread(session_lock.acquire, path)
        except session_lock.LockRefused as exc:
            self.notify(
                printable(str(exc)), title="No lock", severity="warning", markup=False, timeout=15
            )
            return
        self._lock_holder_is(holder)
        if holder is not None:
            self.notify(
                f"{printable(path)} is also open in another editor "
                f"({printable(holder.describe())}). Edits made in both are not merged: "
                "the later save asks before overwriting.",
                title="Plan open elsewhere",
                severity="warning",
                markup=False,
                timeout=15,
            )

    def _lock_holder_is(self, holder: session_lock.Holder | None) -> None:
        """Another editor holds the plan's lock (None: nobody else): shown in the title, and
        tried again until it is this session's."""
        safety = self.safety
        safety.other_holder = holder
        if holder is None and safety.lock_timer is not None:
            safety.lock_timer.stop()
            safety.lock_timer = None
        elif holder is not None and safety.lock_timer is None:
            safety.lock_timer = self.set_interval(LOCK_RECHECK, self._recheck_lock, name="lock")
        self._update_titles()

    @work(group="lock-recheck", exclusive=True)
    async def _recheck_lock(self) -> None:
        path = self.safety.locked
        if path is None or self.safety.other_holder is None:
            return
        try:
            holder = await asyncio.to_thread(session_lock.acquire, path)
        except session_lock.LockRefused:
            return  # not a lock file at the lock's name now: the next try will tell
        if path != self.safety.locked:
            return  # another plan meanwhile: its own lock is being taken
        self._lock_holder_is(holder)
        if holder is None:
            self.notify(
                f"{printable(path)} is no longer open in another editor.",
                title="Plan open here only",
                markup=False,
            )

    def release_lock(self) -> None:
        """At exit (synchronous: the event loop may be going)."""
        locked = self.safety.locked
        self.safety.locked = None
        if locked is not None:
            session_lock.release(locked)

    # -- saving ----------------------------------------------------------------------------

    @work(exclusive=True, group="dialog")
    async def action_save(self) -> None:
        await self.save()

    @work(exclusive=True, group="dialog")
    async def action_save_as(self) -> None:
        await self.save(ask_path=True)

    async def save(self, *, ask_path: bool = False) -> bool:
        """Save (asking for a path when there is none); True when the plan is on disk."""
        from wfm_tui.tui.screens.dialogs import ConfirmDialog, PathDialog
        from wfm_tui.tui.screens.safety_dialogs import APPEARED, CHANGED, VANISHED, ConflictDialog

        doc = self.document
        path = doc.path
        if ask_path or path is None:
            path = await self.app.push_screen_wait(
                PathDialog("Save plan as", "Save", initial=doc.path or "plan.toml")
            )
            if path is None:
                return False
        try:
            # Before any question: no answer makes a FIFO or a device a place to save to.
            await asyncio.to_thread(check_save_target, path)
        except SaveError as exc:
            self.notify(str(exc), title="Not saved", severity="error", markup=False, timeout=10)
            return False
        if path != doc.path and os.path.exists(path):
            message = Content.assemble(Content(path), " exists. Replace it?")
            if not await self.app.push_screen_wait(
                ConfirmDialog("Replace file", message, "Replace", danger=True)
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
                choice = await self.app.push_screen_wait(ConflictDialog(path, reason))
                if choice == "save_as":
                    return await self.save(ask_path=True)
                if choice == "reload":
                    await self._reload(path)
                    return False
                if choice != "overwrite":
                    return False
        if doc.comments_pending and path == doc.path:
            message = Content(
                "The file has comments. Saving writes the plan in canonical form, which drops "
                "them (keep annotations in an app's note). Save anyway?"
            )
            if not await self.app.push_screen_wait(
                ConfirmDialog("Comments will be dropped", message, "Save")
            ):
                return False
        plan = doc.plan
        try:
            text = await asyncio.to_thread(save_plan, path, plan, doc.catalog, doc.schema)
        except SaveError as exc:
            # The plan stays in memory, still marked unsaved (and journaled): nothing is lost.
            self.notify(str(exc), title="Not saved", severity="error", markup=False, timeout=10)
            return False
        doc.mark_saved(path, plan, text_fingerprint(text))
        if self.document is doc:
            if path != self.safety.locked:
                self._relock(path)
            self.plan_changed()  # clean: the journal goes; edits made meanwhile: it stays
        self._update_titles()
        self.notify(f"Saved {printable(path)}", markup=False)
        return True

    async def _reload(self, path: str) -> None:
        """Reload the file from disk, dropping the edits, once the user has confirmed it."""
        from wfm_tui.tui.screens.dialogs import ConfirmDialog

        message = Content.assemble(
            "Drop the unsaved edits and load ",
            Content(printable(path)),
            " as it is on disk now? The edits cannot be brought back.",
        )
        if await self.app.push_screen_wait(
            ConfirmDialog("Reload from disk", message, "Drop edits and reload", danger=True)
        ):
            await self.load(path, offer_recovery=False)

    # -- opening ---------------------------------------------------------------------------

    async def _may_discard(self, question: str) -> bool:
        """With unsaved changes, ask save / discard / cancel; True when it is fine to go on."""
        from wfm_tui.tui.screens.dialogs import UnsavedDialog

        if not self.document.dirty:
            return True
        choice = await self.app.push_screen_wait(UnsavedDialog(question))
        if choice == "save":
            return await self.save()
        return choice == "discard"

    @work(exclusive=True, group="dialog")
    async def action_open(self) -> None:
        if await self._may_discard("Save them before opening another plan?"):
            await self.open_flow()

    @work(exclusive=True, group="dialog")
    async def action_new_plan(self) -> None:
        if await self._may_discard("Save them before starting a new plan?"):
            await self.set_document(Document.untitled())

    async def open_flow(self) -> None:
        """Ask for a file until one loads, or the user gives up (new plan or cancel)."""
        from wfm_tui.tui.screens.dialogs import PathDialog

        while True:
            path = await self.app.push_screen_wait(
                PathDialog("Open plan", "Open", initial=self.document.path or "", must_exist=True)
            )
            if path is None:
                return
            if await self.load(path):
                return

    async def load(self, path: str, *, offer_recovery: bool = True) -> bool:
        """Load `path` into the editor; a LoadError is shown with its location, never raised.

        When a dropped session left unsaved edits of this plan, offer to restore them first.
        """
        from wfm_tui.tui.screens.dialogs import LoadErrorDialog

        try:
            loaded = await asyncio.to_thread(read_plan, path)
        except LoadError as exc:
            choice = await self.app.push_screen_wait(LoadErrorDialog(str(exc)))
            if choice == "quit":
                self.app.exit()
                return True
            if choice == "new":
                await self.set_document(Document.untitled())
                return True
            return False
        document = Document.from_loaded(loaded)
        if offer_recovery:
            document = await self.recovered(path, loaded) or document
        await self.set_document(document)
        return True

    @work(exclusive=True, group="dialog")
    async def recover_from_load_error(self, error: str, path: str | None = None) -> None:
        """Start-up with a plan that failed to load: say why, then open another or start anew.

        Unsaved edits journaled for it are offered first: they may be all that is left.
        """
        from wfm_tui.tui.screens.dialogs import LoadErrorDialog

        if path is not None:
            restored = await self.recovered(path, None)
            if restored is not None:
                await self.set_document(restored)
                return
        choice = await self.app.push_screen_wait(LoadErrorDialog(error))
        if choice == "quit":
            self.app.exit()
        elif choice == "open":
            await self.open_flow()

    @work(exclusive=True, group="dialog")
    async def offer_recovery_at_start(self, path: str | None) -> None:
        """Start-up: the plan (or, with no path, the newest untitled plan) may have a journal."""
        doc = self.document
        if path is None:
            restored = await self._recovered_untitled()
        else:
            loaded = None
            if doc.base_fingerprint is not None:  # the file loaded: compare with it
                loaded = LoadedPlan(plan=doc.plan, catalog=doc.catalog, text="", path=path)
                loaded.fingerprint = doc.base_fingerprint
            restored = await self.recovered(path, loaded, comments=doc.comments_pending)
        if restored is not None:
            await self.set_document(restored)

    @work(exclusive=True, group="dialog")
    async def request_quit(self) -> None:
        if await self._may_discard("Save them before quitting?"):
            await self.drop_journal_now()
            self.app.exit()
