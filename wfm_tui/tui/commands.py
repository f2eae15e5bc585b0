"""The command palette (ctrl+p): every editor action by name, and every app by name."""

from __future__ import annotations

import heapq
from collections.abc import Callable
from functools import partial
from operator import itemgetter
from typing import TYPE_CHECKING

from textual.await_complete import AwaitComplete
from textual.command import CommandList, CommandPalette, DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

from wfm_tui.tui.keys import PaletteEntry, palette_entries, user_keymap
from wfm_tui.tui.screens.dialogs import completed

if TYPE_CHECKING:
    from wfm_tui.tui.screens.editor import EditorScreen

# The palette lists every hit it is given and lays them all out again as more come in; one
# letter matches thousands of a large plan's apps. The best are listed, the others counted.
MAX_APP_HITS = 50
GO_TO = "Go to app "


def could_match(query: str, text: str) -> bool:
    """Whether Textual's fuzzy matcher can score `text` above 0 for `query`: the query's
    letters appear in it in order, case aside. Its scoring weighs every way they do; this look
    costs a few string searches, and most of a large plan's names fail it."""
    text = text.lower()
    start = 0
    for letter in query.lower():
        start = text.find(letter, start) + 1
        if not start:
            return False
    return True


class EditorCommands(Provider):
    def _editor(self) -> EditorScreen | None:
        from wfm_tui.tui.screens.editor import EditorScreen

        for candidate in reversed(self.app.screen_stack):
            if isinstance(candidate, EditorScreen):
                return candidate
        return None

    def _run(self, action: str) -> Callable[[], object]:
        editor = self._editor()
        # Run as the palette's command, at once: keys typed after enter wait for it, and go
        # to the dialog it opens (type_ahead.py).
        return partial(editor.run_action, action) if editor else _nothing

    def _actions(self) -> list[PaletteEntry]:
        """The actions that can run now (no "Clear the filter" without a filter), and the ones
        greyed out where they are (no app under the cursor for "Rename app"); each entry's help
        ends in its keys, as the user's keymap binds them."""
        entries = palette_entries(user_keymap(self.app))
        editor = self._editor()
        if editor is None:
            return entries
        return [entry for entry in entries if editor.check_action(entry.action, ()) is not False]

    def _entry(
        self, name: str, action: str, help_text: str
    ) -> tuple[bool, Callable[[], object], str]:
        """Whether the action can run here, what choosing it does, and its help: a greyed-out
        action says why it cannot run."""
        editor = self._editor()
        if editor is None or editor.check_action(action, ()) is not None:
            return True, self._run(action), help_text
        what = "a site" if action == "clone_site" else "an app"
        why = f"{name.rstrip('…')} needs {what}: put the navigator's cursor on one first."
        command = partial(self.app.notify, why, severity="warning")
        return False, command, f"{help_text} · not here: no {what[3:]} under the cursor"

    async def discover(self) -> Hits:
        for name, action, help_text in self._actions():
            available, command, shown_help = self._entry(name, action, help_text)
            display = Content(name) if available else Content.styled(name, "dim")
            yield DiscoveryHit(display, command, text=name, help=shown_help)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, action, help_text in self._actions():
            score = matcher.match(name)
            if score > 0:
                available, command, shown_help = self._entry(name, action, help_text)
                display = matcher.highlight(name)
                if not available:
                    display = Content.styled(name, "dim")
                yield Hit(score, display, command, text=name, help=shown_help)
        editor = self._editor()
        if editor is None:
            return
        apps = editor.document.plan.apps
        if query.lower() in GO_TO.lower() and apps:
            # Found in "Go to app " itself (g, o, a, "go to"...): the matcher scores the first
            # place a query is found, the same in every app's text, so one score stands for
            # all, and a large plan is not scored app by app on the first letter typed.
            score = matcher.match(GO_TO + next(iter(apps)))
            scored = [(score, name) for name in apps]
        else:
            scored = [
                (score, name)
                for name in apps
                if could_match(query, text := GO_TO + name) and (score := matcher.match(text)) > 0
            ]
        # In the plan's order where scores tie, as sorted() would keep them.
        for score, name in heapq.nlargest(MAX_APP_HITS, scored, key=itemgetter(0)):
            # matcher.highlight would parse the name as markup: build the Content literally.
            yield Hit(
                score,
                Content.assemble(GO_TO, (name, "bold")),
                partial(self.app.call_later, editor.focus_app, name),
                text=GO_TO + name,
            )
        if len(scored) > MAX_APP_HITS:
            more = f"{len(scored) - MAX_APP_HITS:,} more apps match: type more of the name"
            # Score 0: listed last, after every app and action it matches.
            yield Hit(0, Content.styled(f"… {more}", "dim"), partial(self.app.notify, more), more)


def _nothing() -> None:
    return None


class WfmCommandPalette(CommandPalette):
    """Textual's palette, safe against a page key that arrives before its list is laid out.

    Textual 8.2.8 (the newest release as of this writing) maps the highlighted option to a line
    on page up/down; before the first layout the list has no lines, and the look-up raised
    KeyError, which ended the editor (ctrl+p then pageup, typed quickly). A page of a list not
    yet on screen moves nothing, so the key is dropped.

    Without colour, the highlighted command is drawn reversed by hand: Textual asks for
    `text-style: reverse` there, but its option list draws only colours and the monochrome
    filter leaves two nearly equal greys.
    """

    DEFAULT_CSS = """
    WfmCommandPalette CommandList:nocolor > .option-list--option-highlighted {
        color: $background;
        background: $foreground;
    }
    """

    def _action_command_list(self, action: str) -> None:
        if action in ("page_up", "page_down"):
            lists = self.query(CommandList)
            if not lists or not lists.first().scrollable_content_region:
                return
        super()._action_command_list(action)

    def dismiss(self, result: None = None) -> AwaitComplete:
        # A second enter or escape queued before the palette is gone would pop the editor.
        if not self.is_active:
            return completed()
        return super().dismiss(result)
