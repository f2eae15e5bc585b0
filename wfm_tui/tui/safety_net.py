"""The editor's safety net as one object the screen owns: the recovery journal and the lock.

Unsaved edits are journaled about a second after each edit (a stream of edits every
JOURNAL_DELAY seconds: it does not wait for a pause), and a plan open in another editor is
announced and tried again until this session holds it. File I/O runs in workers of the
screen; the screen is told through `lock_changed` (its title shows another editor's lock).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from pathlib import Path
from typing import Any

from textual.screen import Screen
from textual.timer import Timer
from textual.worker import Worker

from wfm_tui.core.names import printable
from wfm_tui.core.plan import Plan
from wfm_tui.editing.document import Document
from wfm_tui.editing.journal import Journal, Snapshot, too_large_to_journal
from wfm_tui.files import session_lock
from wfm_tui.files.plan_file import MAX_PLAN_BYTES, mib
from wfm_tui.files.recovery import MAX_JOURNAL_LINKS, MAX_JOURNAL_PLAN_BYTES

JOURNAL_DELAY = 1.0
LOCK_RECHECK = 5.0

_journal_executor: ThreadPoolExecutor | None = None


def _journal_thread() -> ThreadPoolExecutor:
    """The one thread journals are written in. glibc gives each thread a memory arena of its
    own, and a journal of a large plan is megabytes of text: spread over asyncio's pool of
    threads, each arena grew to that size in turn (the resident set rose by some 15 MiB over
    the first thousand edits at 10,000 apps, and was flat with journaling off)."""
    global _journal_executor
    if _journal_executor is None:
        _journal_executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="wfm-journal")
    return _journal_executor


# What `_told_error` holds once a plan is too large to journal, whatever its size.
_TOO_LARGE_TO_JOURNAL = "too large to journal"


def size_line(size: int, links: int) -> str | None:
    """The one line that says what the user can no longer do with a plan of `size` bytes of
    text and `links` links (None: nothing); at most 78 characters, for an 80-column screen."""
    if size <= MAX_PLAN_BYTES:
        return None
    if too_large_to_journal(size, links) is None:
        what, limit = "SAVE", MAX_PLAN_BYTES
    elif size <= MAX_JOURNAL_PLAN_BYTES:  # too many links
        amount = f"{links:,} links, max {MAX_JOURNAL_LINKS:,}"
        return f"TOO LARGE TO SAVE OR RECOVER ({amount}): remove links."
    else:
        what, limit = "SAVE OR RECOVER", MAX_JOURNAL_PLAN_BYTES
    return f"TOO LARGE TO {what} ({mib(size)}, max {limit >> 20} MiB): remove apps or links."


class SafetyNet:
    """The journal and lock of the plan `current()` returns, for as long as it is shown."""

    def __init__(
        self,
        screen: Screen[Any],
        current: Callable[[], Document],
        lock_changed: Callable[[], None],
        size_changed: Callable[[str | None], None],
        whatif_baseline: Callable[[], Plan | None],
    ) -> None:
        self._screen = screen
        self._current = current
        # The plan when the what-if sandbox opened (None: it is not open): journaled with the
        # edits, so that a restore can still throw the sandbox's experiments away.
        self._whatif_baseline = whatif_baseline
        self._lock_changed = lock_changed
        # The line that says the plan is too large to save (None: it is not, as far as the
        # last journal write measured), for the screen to show for as long as it holds.
        self._size_changed = size_changed
        self.too_large: str | None = None
        self.journal = Journal()
        self._timer: Timer | None = None
        self._doc: Document | None = None  # the document the journal and the lock are about
        self.locked: str | None = None  # the plan path this session holds the lock of
        self._told_error: str | None = None  # the last journal failure the user was told of
        # A restored journal, adopted once its document is shown (after the old one's is gone).
        self._adopt: tuple[Document, tuple[Path, ...]] | None = None
        # Another live editor holds the lock of the plan shown: the title says so while it
        # does, and the lock is tried again every LOCK_RECHECK seconds.
        self.other_holder: session_lock.Holder | None = None
        self._lock_timer: Timer | None = None

    # -- the journal ---------------------------------------------------------------------------

    def plan_changed(self) -> None:
        """After every change to the document shown (edits, undo, open, new, save)."""
        doc = self._current()
        if doc is not self._doc:
            self._switched(self._doc, doc)
            self._size_is(None)  # another plan: not measured yet
        if doc.dirty:
            if self._timer is None:  # not restarted: a stream of edits is journaled too
                self._timer = self._screen.set_timer(
                    JOURNAL_DELAY, self._journal_due, name="journal"
                )
        else:
            self.drop_journal()
            self._size_is(None)  # the plan as saved or loaded: a save has nothing to write

    def _size_is(self, line: str | None) -> None:
        if line != self.too_large:
            self.too_large = line
            self._size_changed(line)

    def _switched(self, old: Document | None, new: Document) -> None:
        """Another plan is shown: the old one's journal goes (the user chose to leave it)."""
        self._doc = new
        if old is not None:
            self.drop_journal()
        if self._adopt is not None and self._adopt[0] is new:
            for file in self._adopt[1]:
                self.journal.adopt(file)
        self._adopt = None
        if new.path != self.locked:
            self.relock(new.path)

    def adopt_when_shown(self, document: Document, *files: Path) -> None:
        """`files`, a restored journal (and older ones of its session), become this session's
        once `document` is shown."""
        self._adopt = (document, files)

    def _cancel_timer(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None

    def _snapshot(self, doc: Document) -> Snapshot:
        baseline = self._whatif_baseline()
        sandbox = None
        if baseline is not None:  # its catalog is known: the plan had it when it opened
            sandbox = (baseline, doc.catalogs.get(baseline.catalog, doc.catalog))
        return self.journal.snapshot(doc.plan, doc.catalog, doc.path, doc.base_fingerprint, sandbox)

    def _in_worker(
        self,
        work: Callable[[], Coroutine[Any, Any, None]],
        *,
        group: str,
        description: str = "",
        exclusive: bool = False,
    ) -> Worker[None]:
        """Run `work` in a worker of the screen."""
        # The return type tells run_worker the result's: from a coroutine function alone, a
        # type checker cannot tell which of its kinds of work it is, and takes it for Never.
        return self._screen.run_worker(
            work, group=group, description=description, exclusive=exclusive
        )

    def _journal_due(self) -> None:
        self._timer = None
        doc = self._current()
        if doc.dirty:
            # A description of its own: Textual would describe the worker by repr() of its
            # argument, a whole plan (slow for a large plan, once a second while editing).
            self._in_worker(
                partial(self._write, self._snapshot(doc)),
                group="journal",
                description="write the recovery journal",
            )

    async def _write(self, snap: Snapshot) -> None:
        journal = self.journal
        written = await asyncio.get_running_loop().run_in_executor(
            _journal_thread(), journal.write, snap
        )
        measured = journal.measured
        if measured is not None and measured[0] != snap.generation:
            measured = None  # of another write
        if written is None and journal.last_error and snap.generation == journal.generation:
            # Too large to journal is one failure however the size moves as the user edits on
            # (its figures are in the line under the title): told once, not at every edit.
            unjournaled = measured is not None and too_large_to_journal(*measured[1:])
            failure = _TOO_LARGE_TO_JOURNAL if unjournaled else journal.last_error
            if self._told_error != failure:
                self._told_error = failure
                self._screen.notify(
                    f"Unsaved edits cannot be journaled: {journal.last_error}",
                    title="No recovery file",
                    severity="warning",
                    markup=False,
                    timeout=10,
                )
        elif written is not None:
            self._told_error = None
        if measured is not None and snap.generation == journal.generation:
            self._size_is(size_line(*measured[1:]) if self._current().dirty else None)
        if journal.replaced is not None:
            self._screen.notify(
                printable(journal.replaced),
                title="Recovery file",
                severity="warning",
                markup=False,
                timeout=15,
            )
            journal.replaced = None
        if not self._current().dirty:
            self.drop_journal()  # undone back to clean while the write was under way

    def drop_journal(self) -> None:
        """Remove this session's recovery file (in a thread; a later write is not undone)."""
        self._cancel_timer()
        journal = self.journal
        files = journal.detach()  # an earlier write still under way is void
        if files:
            self._screen.run_worker(
                partial(journal.discard, files), thread=True, group="journal", name="unjournal"
            )

    async def drop_journal_now(self) -> None:
        """Remove the recovery file and wait for it (before quitting)."""
        self._cancel_timer()
        journal = self.journal
        await asyncio.to_thread(journal.discard, journal.detach())

    def journal_now(self) -> Path | None:
        """Write the journal synchronously (signal handlers, a crash): the file, or None."""
        self._cancel_timer()
        doc = self._current()
        if not doc.dirty:
            return None
        return self.journal.write(self._snapshot(doc))

    # -- the lock ------------------------------------------------------------------------------

    def relock(self, path: str | None) -> None:
        """Give up the lock held (if any) and take that of `path` (None: no file, no lock)."""
        self._in_worker(partial(self._relock, path), group="lock")

    async def _relock(self, path: str | None) -> None:
        old, self.locked = self.locked, path
        self._holder_is(None)
        if old is not None:
            await asyncio.to_thread(session_lock.release, old)
        if path is None:
            return
        try:
            holder = await asyncio.to_thread(session_lock.acquire, path)
        except session_lock.LockRefused as exc:
            self._screen.notify(
                printable(str(exc)), title="No lock", severity="warning", markup=False, timeout=15
            )
            return
        self._holder_is(holder)
        if holder is not None:
            self._screen.notify(
                f"{printable(path)} is also open in another editor "
                f"({printable(holder.describe())}). Edits made in both are not merged: "
                "the later save asks before overwriting.",
                title="Plan open elsewhere",
                severity="warning",
                markup=False,
                timeout=15,
            )

    def _holder_is(self, holder: session_lock.Holder | None) -> None:
        """Another editor holds the plan's lock (None: nobody else): the screen is told, and
        the lock is tried again until it is this session's."""
        self.other_holder = holder
        if holder is None and self._lock_timer is not None:
            self._lock_timer.stop()
            self._lock_timer = None
        elif holder is not None and self._lock_timer is None:
            self._lock_timer = self._screen.set_interval(
                LOCK_RECHECK, self._recheck_soon, name="lock"
            )
        self._lock_changed()

    def _recheck_soon(self) -> None:
        self._in_worker(self._recheck, group="lock-recheck", exclusive=True)

    async def _recheck(self) -> None:
        path = self.locked
        if path is None or self.other_holder is None:
            return
        try:
            holder = await asyncio.to_thread(session_lock.acquire, path)
        except session_lock.LockRefused:
            return  # not a lock file at the lock's name now: the next try will tell
        if path != self.locked:
            return  # another plan meanwhile: its own lock is being taken
        self._holder_is(holder)
        if holder is None:
            self._screen.notify(
                f"{printable(path)} is no longer open in another editor.",
                title="Plan open here only",
                markup=False,
            )

    def release_lock(self) -> None:
        """At exit (synchronous: the event loop may be going)."""
        locked, self.locked = self.locked, None
        if locked is not None:
            session_lock.release(locked)
