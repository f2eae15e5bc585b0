"""The what-if sandbox on screen: opening it, leaving it (keeping or throwing away its
changes), and a save while it is open, which asks first."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.content import Content
from textual.widgets import Static

from wfm_tui.tui import file_flows
from wfm_tui.tui.keys import key_named

if TYPE_CHECKING:
    from wfm_tui.editing.sandbox import Sandbox
    from wfm_tui.tui.screens.editor import EditorScreen


async def open_or_leave(screen: EditorScreen) -> None:
    """w: open the sandbox, or leave it keeping or throwing away its changes."""
    from wfm_tui.editing.sandbox import Sandbox
    from wfm_tui.tui.screens.reports import LeaveWhatIf, LeaveWhatIfDialog

    doc = screen.document
    if screen.sandbox is None:
        await enter(screen, Sandbox.open(doc))
        await screen.refresh_plan()
        return
    choice: LeaveWhatIf | None = LeaveWhatIf.DISCARD  # nothing changed: nothing to ask
    if screen.sandbox.changed(doc):
        summary = screen.sandbox.summary(doc).capitalize()
        choice = await screen.app.push_screen_wait(LeaveWhatIfDialog(summary))
    if choice in (LeaveWhatIf.KEEP, LeaveWhatIf.DISCARD):  # else stay
        await leave(screen, keep=choice == LeaveWhatIf.KEEP)


async def enter(screen: EditorScreen, sandbox: Sandbox) -> None:
    """Open `sandbox` on the plan shown, with the banner that says how to leave it (the caller
    shows the plan again)."""
    screen.sandbox = sandbox
    await screen.mount(
        Static(
            Content(
                "WHAT-IF sandbox: edit freely; the pane shows findings new (+) and "
                f"resolved (-) since it opened. {key_named(screen.app, 'editor.whatif')} "
                "to leave."
            ),
            id="whatif-banner",
        ),
        before=screen.query_one("#body"),
    )


async def leave(screen: EditorScreen, *, keep: bool, saving: bool = False) -> None:
    """Close the sandbox, keeping its changes in the plan or putting the plan back as it
    was when it opened; the toast says which, and what the changes were."""
    sandbox, doc = screen.sandbox, screen.document
    if sandbox is None:
        return
    changed = sandbox.changed(doc)
    summary = sandbox.summary(doc)
    screen.sandbox = None
    if not keep:
        sandbox.throw_away(doc)
    await screen.query_one("#whatif-banner").remove()
    await screen.refresh_plan()
    if not changed:
        screen.notify("What-if sandbox closed: nothing had changed.")
    elif keep:
        save = key_named(screen.app, "editor.save")
        unsaved = f" They are not saved yet ({save})." if doc.dirty and not saving else ""
        screen.notify(f"What-if changes kept in the plan: {summary}.{unsaved}", markup=False)
    else:
        screen.notify(f"What-if changes thrown away: {summary}.", markup=False)


async def save(screen: EditorScreen, *, ask_path: bool = False) -> bool:
    """In the sandbox, a save would write the sandbox's changes: ask first (they are kept,
    and the sandbox closes, or nothing is saved)."""
    from wfm_tui.tui.screens.reports import SaveWhatIf, SaveWhatIfDialog

    sandbox = screen.sandbox
    if sandbox is not None and sandbox.changed(screen.document):
        summary = sandbox.summary(screen.document).capitalize()
        choice = await screen.app.push_screen_wait(SaveWhatIfDialog(summary))
        if choice != SaveWhatIf.SAVE:
            screen.notify("Not saved: the what-if sandbox is still open.")
            return False
        await leave(screen, keep=True, saving=True)
    return await file_flows.save(screen, ask_path=ask_path)
