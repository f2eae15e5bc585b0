"""The restore offer: every journal left for a plan is offered in turn, newest first.

Each editor session journals to its own file, so a plan may have several: one per session that
ended without saving (a dropped SSH link, a crash, two editors killed). Each dialog lists them
all, with when and by which process each was written; restoring one ends the round (the others
stay for the next open), discarding or keeping one goes on to the next.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import TYPE_CHECKING

from wfm_tui.core.names import printable
from wfm_tui.core.plan import Plan
from wfm_tui.editing.document import Document
from wfm_tui.files import recovery
from wfm_tui.files.errors import LoadError
from wfm_tui.files.plan_file import LoadedPlan
from wfm_tui.tui.keys import key_named

# The dialogs (and what only they need) are imported where they are opened: the first frame
# needs none of them.
if TYPE_CHECKING:
    from wfm_tui.editing.sandbox import Sandbox
    from wfm_tui.tui.screens.editor import EditorScreen
    from wfm_tui.tui.screens.safety_dialogs import RecoveryChoice, RecoveryOffer

MAX_DIFF_LINES = 200


async def recovered(
    screen: EditorScreen, path: str, loaded: LoadedPlan | None, *, comments: bool | None = None
) -> Document | None:
    """Offer the journals of `path`, if any: the restored document, or None (use the file)."""
    from wfm_tui.tui.screens.safety_dialogs import RecoveryChoice

    fingerprint = loaded.fingerprint if loaded is not None else None
    found, unusable = await asyncio.to_thread(recovery.left_for, path, fingerprint)
    entries: list[recovery.Recovery | recovery.Unusable] = [*found, *unusable]
    listing = [_describe(entry) for entry in entries]
    kept = 0
    for index, entry in enumerate(entries):
        offer, document, sandbox = await _plan_offer(entry, path, loaded, comments)
        if len(entries) > 1:
            offer.listing, offer.position = listing, index
        older = entry.superseded if isinstance(entry, recovery.Recovery) else ()
        choice = await _ask_recovery(screen, offer, entry.file, document, sandbox, older)
        if choice == RecoveryChoice.RESTORE and document is not None:
            left = kept + len(entries) - index - 1
            if left:
                screen.notify(
                    f"{left} other recovery file(s) of this plan are kept: they are "
                    "offered again when it is next opened.",
                    markup=False,
                )
            return document
        kept += choice != RecoveryChoice.DISCARD
    return None


async def _plan_offer(
    entry: recovery.Recovery | recovery.Unusable,
    path: str,
    loaded: LoadedPlan | None,
    comments: bool | None,
) -> tuple[RecoveryOffer, Document | None, Sandbox | None]:
    from wfm_tui.tui.screens.safety_dialogs import RecoveryOffer

    if isinstance(entry, recovery.Unusable):
        offer = RecoveryOffer(file=str(entry.file), plan_path=path, problem=entry.reason)
        return offer, None, None
    base = loaded.plan if loaded is not None else Document.untitled().plan
    try:
        restored = await asyncio.to_thread(recovery.restored_plan, entry, path)
    except LoadError as exc:
        return _offer(entry, path, base, None, str(exc)), None, None
    offer = _offer(entry, path, base, restored, None)
    offer.file_changed_since = (
        loaded is not None
        and entry.base_fingerprint is not None
        and entry.base_fingerprint != loaded.fingerprint
    )
    if comments is None:
        comments = loaded is not None and loaded.has_comments
    document = Document(
        plan=restored.plan,
        catalog=restored.catalog,
        path=path,
        comments_pending=comments,
        saved_plan=loaded.plan if loaded is not None else None,
        base_fingerprint=entry.base_fingerprint,
    )
    sandbox = await _sandbox_of(entry, path, document, offer)
    return offer, document, sandbox


async def _sandbox_of(
    entry: recovery.Recovery, path: str | None, document: Document, offer: RecoveryOffer
) -> Sandbox | None:
    """The what-if sandbox the journaled edits were made in, on the plan as it was when it
    opened (None: none was open); the offer says so."""
    from wfm_tui.core.diff import diff_plans
    from wfm_tui.editing.sandbox import Sandbox

    try:
        baseline = await asyncio.to_thread(recovery.restored_baseline, entry, path)
    except LoadError:
        offer.whatif = (
            "in the what-if sandbox; its starting point cannot be read: restored as edits"
        )
        return None
    if baseline is None:
        return None
    changes = diff_plans(baseline.plan, document.plan).summary()
    offer.whatif = f"in the what-if sandbox ({changes} since it opened): restoring opens it again"
    # Throwing the sandbox away puts its plan back, and with it its catalog.
    document.catalogs.setdefault(baseline.plan.catalog, baseline.catalog)
    return Sandbox.open(Document(plan=baseline.plan, catalog=baseline.catalog, path=path))


async def recovered_untitled(screen: EditorScreen) -> Document | None:
    from wfm_tui.tui.screens.safety_dialogs import RecoveryChoice

    found = await asyncio.to_thread(recovery.untitled)
    if not found:
        return None
    newest = found[0]
    base = Document.untitled().plan
    try:
        restored = await asyncio.to_thread(recovery.restored_plan, newest)
    except LoadError as exc:
        offer = _offer(newest, None, base, None, str(exc))
        await _ask_recovery(screen, offer, newest.file, None)
        return None
    offer = _offer(newest, None, base, restored, None)
    offer.others = len(found) - 1
    document = Document(plan=restored.plan, catalog=restored.catalog, path=None, saved_plan=base)
    sandbox = await _sandbox_of(newest, None, document, offer)
    choice = await _ask_recovery(screen, offer, newest.file, document, sandbox)
    if choice == RecoveryChoice.RESTORE:
        return document
    return None


async def tell_of_untitled(screen: EditorScreen) -> None:
    """A start on a file: edits of an untitled plan journaled by a session that ended are
    offered only to a start without one, so say they are there (a dropped session on an
    untitled plan, then `wfm-tui plan.toml`, the name meant for it, showed no sign of them)."""
    found = await asyncio.to_thread(recovery.untitled)
    left = sum(not entry.still_running for entry in found)
    if left:
        screen.notify(
            f"Unsaved edits of an untitled plan are kept in {left} recovery file"
            f"{'s' if left > 1 else ''}: start wfm-tui without a file to restore them.",
            title="Recovery",
            markup=False,
            timeout=15,
        )


async def _ask_recovery(
    screen: EditorScreen,
    offer: RecoveryOffer,
    file: Path,
    document: Document | None,
    sandbox: Sandbox | None = None,
    superseded: tuple[Path, ...] = (),
) -> RecoveryChoice:
    """The dialog, and what the choice does: restore (into the what-if `sandbox` the edits
    were made in, if any), discard or keep."""
    from wfm_tui.tui.screens.safety_dialogs import RecoveryChoice, RecoveryDialog

    choice = await screen.app.push_screen_wait(RecoveryDialog(offer))
    if choice == RecoveryChoice.RESTORE and document is not None:
        if not offer.still_running:  # else a copy: the files stay their editor's
            # The next save or discard removes them.
            screen.safety.adopt_when_shown(document, file, *superseded)
        if sandbox is not None:
            screen.restored_sandbox = (document, sandbox)
        screen.notify(
            "Recovered edits restored: they are not saved yet "
            f"({key_named(screen.app, 'editor.save')} saves them).",
            markup=False,
        )
        return choice
    if choice == RecoveryChoice.DISCARD:
        try:
            for each in (file, *superseded):
                await asyncio.to_thread(recovery.discard, each)
        except OSError as exc:  # a directory planted at the name, say
            screen.notify(
                f"Cannot remove {printable(str(file))}: {printable(exc.strerror or str(exc))}",
                severity="error",
                markup=False,
            )
            return RecoveryChoice.KEEP
        done = f"Removed {printable(str(file))}."
        if offer.problem is None:
            done = "Recovered edits discarded."
        screen.notify(done, markup=False)
        return choice
    return RecoveryChoice.KEEP


def _describe(entry: recovery.Recovery | recovery.Unusable) -> str:
    """One line of the list of journals: the file, and when and by whom, or why not usable."""
    if isinstance(entry, recovery.Unusable):
        return f"{entry.file}: {entry.reason}"
    when = f" at {entry.saved_at}" if entry.saved_at else ""
    who = f" by process {entry.pid} on {entry.host}" if entry.pid else ""
    running = " (still running)" if entry.still_running else ""
    return f"{entry.file}{when}{who}{running}"


def _offer(
    found: recovery.Recovery,
    path: str | None,
    base: Plan,
    restored: LoadedPlan | None,
    problem: str | None,
) -> RecoveryOffer:
    from wfm_tui.core.diff import diff_plans
    from wfm_tui.report.changes import diff_lines
    from wfm_tui.tui.screens.safety_dialogs import RecoveryOffer

    offer = RecoveryOffer(
        file=str(found.file),
        plan_path=path,
        saved_at=found.saved_at,
        host=found.host,
        pid=found.pid,
        problem=problem,
        still_running=found.still_running,
        moved_from=found.moved_from,
    )
    if restored is not None:
        diff = diff_plans(base, restored.plan)
        lines = diff_lines(diff)
        if len(lines) > MAX_DIFF_LINES:
            lines = [*lines[:MAX_DIFF_LINES], f"  … and {len(lines) - MAX_DIFF_LINES} more"]
        offer.changes = lines
        offer.summary = diff.summary()
    return offer
