"""Open, new, save and save-as for the editor screen; file I/O runs off the event loop."""

from __future__ import annotations

import asyncio
import os
from typing import TYPE_CHECKING

from textual import work
from textual.content import Content

from wfm_tui.files.errors import LoadError, SaveError
from wfm_tui.files.plan_file import read_plan, save_plan
from wfm_tui.tui.document import Document
from wfm_tui.tui.screens.dialogs import (
    ConfirmDialog,
    LoadErrorDialog,
    PathDialog,
    UnsavedDialog,
)

if TYPE_CHECKING:
    from textual.screen import Screen

    _Base = Screen[None]
else:
    _Base = object


class FileActions(_Base):
    """Mixed into the editor screen, which provides `document` and `set_document`."""

    document: Document

    async def set_document(self, document: Document) -> None:
        raise NotImplementedError

    def _update_titles(self) -> None:
        raise NotImplementedError

    def plan_changed(self) -> None:
        """Called after every change to the document shown (edits, undo, open, new)."""

    # -- saving ----------------------------------------------------------------------------

    @work(exclusive=True, group="dialog")
    async def action_save(self) -> None:
        await self.save()

    @work(exclusive=True, group="dialog")
    async def action_save_as(self) -> None:
        await self.save(ask_path=True)

    async def save(self, *, ask_path: bool = False) -> bool:
        """Save (asking for a path when there is none); True when the plan is on disk."""
        doc = self.document
        path = doc.path
        if ask_path or path is None:
            path = await self.app.push_screen_wait(
                PathDialog("Save plan as", "Save", initial=doc.path or "plan.toml")
            )
            if path is None:
                return False
            if path != doc.path and os.path.exists(path):
                message = Content.assemble(Content(path), " exists. Replace it?")
                if not await self.app.push_screen_wait(
                    ConfirmDialog("Replace file", message, "Replace", danger=True)
                ):
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
            await asyncio.to_thread(save_plan, path, plan, doc.catalog)
        except SaveError as exc:
            # The plan stays in memory, still marked unsaved: nothing is lost.
            self.notify(str(exc), title="Not saved", severity="error", markup=False, timeout=10)
            return False
        doc.mark_saved(path, plan)
        self._update_titles()
        self.notify(f"Saved {path}", markup=False)
        return True

    # -- opening ---------------------------------------------------------------------------

    async def _may_discard(self, question: str) -> bool:
        """With unsaved changes, ask save / discard / cancel; True when it is fine to go on."""
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
        while True:
            path = await self.app.push_screen_wait(
                PathDialog("Open plan", "Open", initial=self.document.path or "", must_exist=True)
            )
            if path is None:
                return
            if await self.load(path):
                return

    async def load(self, path: str) -> bool:
        """Load `path` into the editor; a LoadError is shown with its location, never raised."""
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
        await self.set_document(Document.from_loaded(loaded))
        return True

    @work(exclusive=True, group="dialog")
    async def recover_from_load_error(self, error: str) -> None:
        """Start-up with a plan that failed to load: say why, then open another or start anew."""
        choice = await self.app.push_screen_wait(LoadErrorDialog(error))
        if choice == "quit":
            self.app.exit()
        elif choice == "open":
            await self.open_flow()

    @work(exclusive=True, group="dialog")
    async def request_quit(self) -> None:
        if await self._may_discard("Save them before quitting?"):
            self.app.exit()
