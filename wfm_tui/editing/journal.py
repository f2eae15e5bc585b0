"""The editor's safety net: the recovery journal of one editor session.

The editor snapshots the document on the event loop (a Plan is an immutable value) and hands the
snapshot to `Journal.write` in a thread. Writes and removals may finish out of order; each one
carries a generation number, and a write older than the last removal does nothing, so a slow
write never brings back a journal that a save has just removed. The signal handler calls
`write` directly (synchronously).
"""

from __future__ import annotations

import contextlib
import threading
from dataclasses import dataclass
from pathlib import Path

from wfm_tui.core.catalog import Catalog
from wfm_tui.core.plan import Plan
from wfm_tui.files import recovery
from wfm_tui.files.errors import SaveError
from wfm_tui.files.plan_file import MAX_PLAN_BYTES, dump_plan, mib


@dataclass(frozen=True)
class Snapshot:
    """What a journal write needs, taken on the event loop."""

    plan: Plan
    catalog: Catalog
    path: str | None
    base_fingerprint: str | None
    generation: int
    # The plan (and its catalog) when the what-if sandbox opened, while it is open.
    whatif_baseline: tuple[Plan, Catalog] | None = None


def too_large_to_journal(size: int, links: int) -> str | None:
    """Why a plan of `size` bytes of text and `links` links cannot be journaled (None: it can):
    no journal of it could be restored (see recovery.MAX_JOURNAL_PLAN_BYTES)."""
    if size > recovery.MAX_JOURNAL_PLAN_BYTES:
        most = recovery.MAX_JOURNAL_PLAN_BYTES >> 20
        what = f"{mib(size)} of text, more than the {most} MiB"
    elif size > MAX_PLAN_BYTES and links > recovery.MAX_JOURNAL_LINKS:
        what = f"{links:,} links, more than the {recovery.MAX_JOURNAL_LINKS:,}"
    else:
        return None
    return (
        f"the plan has {what} a recovery file may hold; the last recovery file stays, "
        "without the edits since"
    )


class Journal:
    """The recovery file(s) this session writes for the plan being edited."""

    def __init__(self, session: str | None = None) -> None:
        # Every file this session writes is named for it: another editor on the same plan
        # writes (and removes) its own, never this one's.
        self.session = session or recovery.new_session()
        self.generation = 0
        self._lock = threading.Lock()
        self._written: set[Path] = set()
        self.last_error: str | None = None
        # Something not ours was at the journal's name and has been replaced: to be told once.
        self.replaced: str | None = None
        # The size of the plan's text and its links at the last write: what tells the
        # screen that the plan has grown past what can be saved, at no cost of its own.
        self.measured: tuple[int, int, int] | None = None  # generation, bytes, links
        # The text of the what-if sandbox's plan at open, and that plan.
        self._baseline_text: tuple[Plan, str] | None = None

    # -- called on the event loop ------------------------------------------------------------

    def snapshot(
        self,
        plan: Plan,
        catalog: Catalog,
        path: str | None,
        base_fingerprint: str | None,
        whatif_baseline: tuple[Plan, Catalog] | None = None,
    ) -> Snapshot:
        self.generation += 1
        return Snapshot(plan, catalog, path, base_fingerprint, self.generation, whatif_baseline)

    def detach(self) -> set[Path]:
        """Void the writes under way and hand over this session's journal files (to discard).

        Waits for a write in progress (a few milliseconds), so that none lands after this.
        """
        with self._lock:
            self.generation += 1
            self.measured = None
            files, self._written = self._written, set()
            return files

    def adopt(self, file: Path) -> None:
        """A restored journal becomes this session's: the next save or discard removes it, and
        so does the first journal this session writes (which holds the restored edits)."""
        with self._lock:
            self._written.add(file)

    @property
    def files(self) -> set[Path]:
        return set(self._written)

    # -- safe to call from a thread (or a signal handler on the main thread) -----------------

    def targets(self, path: str | None) -> list[Path]:
        if path is None:
            return [recovery.in_state_folder(None, self.session)]
        return [recovery.beside(path, self.session), recovery.in_state_folder(path, self.session)]

    def write(self, snap: Snapshot) -> Path | None:
        """Journal the snapshot, beside the plan or else in the state folder; None if neither."""
        with self._lock:
            if snap.generation != self.generation:
                return None  # a newer write or a removal came after this one
            text = dump_plan(snap.plan, snap.catalog)
            size = len(text.encode("utf-8"))
            links = sum(len(app.connections) for app in snap.plan.apps.values())
            self.measured = (snap.generation, size, links)
            problem = too_large_to_journal(size, links)
            if problem is not None:
                # No journal could restore it: the last one, which can, stays.
                self.last_error = problem
                return None
            baseline = snap.whatif_baseline
            baseline_text = None
            if baseline is not None and baseline[0] != snap.plan:
                # The same plan for as long as the sandbox is open: written out once.
                if self._baseline_text is None or self._baseline_text[0] is not baseline[0]:
                    self._baseline_text = (baseline[0], dump_plan(*baseline))
                baseline_text = self._baseline_text[1]
            errors = []
            for file in self.targets(snap.path):
                try:
                    replaced = recovery.write(
                        file, text, snap.path, snap.base_fingerprint, baseline_text
                    )
                except (OSError, SaveError) as exc:
                    errors.append(str(exc))
                    continue
                for stale in self._written - {file}:  # an older place (the plan was renamed)
                    with contextlib.suppress(OSError):
                        recovery.discard(stale)
                self._written = {file}
                self.last_error = None
                self.replaced = replaced or self.replaced
                return file
            self.last_error = "; ".join(errors) or "no place to write a recovery file"
            return None

    def discard(self, files: set[Path]) -> None:
        """Delete detached journal files, except those that a newer write has claimed again."""
        with self._lock:
            for file in files - self._written:
                with contextlib.suppress(OSError):
                    recovery.discard(file)
