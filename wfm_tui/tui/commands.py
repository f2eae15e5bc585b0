"""The command palette (ctrl+p): every editor action by name, and every app by name."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from textual.await_complete import AwaitComplete
from textual.command import CommandList, CommandPalette, DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

from wfm_tui.tui.screens.dialogs import completed

if TYPE_CHECKING:
    from wfm_tui.tui.screens.editor import EditorScreen

# (name, action on the editor screen, help). Names are what users type.
ACTIONS: tuple[tuple[str, str, str], ...] = (
    ("Save", "save", "Save the plan (ctrl+s)"),
    ("Save as…", "save_as", "Save the plan to another file"),
    # Before "Open plan…": typing "plan" scores them alike, and the first listed wins.
    ("Plan properties (name, description)…", "plan_properties", "The plan's own properties (p)"),
    ("Open plan…", "open", "Open a plan file (ctrl+o)"),
    ("New plan", "new_plan", "Start an empty, untitled plan"),
    ("Add app", "add_app", "Add an application (a)"),
    ("Rename app", "rename_app", "Rename the current app; links follow (r)"),
    ("Remove app", "remove_app", "Remove the current app and its links (delete)"),
    ("Edit properties", "edit_app", "Site, host, port, TLS, backup, note (e)"),
    (
        "Clone site…",
        "clone_site",
        "Copy the current site's apps as a new site, with a preview (c)",
    ),
    ("Features", "features", "Management layer, scheduled reporting, multi-site (f)"),
    ("Edit the file in your editor", "edit_in_editor", "Open the plan in $VISUAL/$EDITOR (ctrl+e)"),
    ("Undo", "undo", "Undo the last change (ctrl+z)"),
    ("Redo", "redo", "Redo the change undone (ctrl+y)"),
    ("Toggle validation pane", "toggle_pane", "Show or hide the findings (v)"),
    (
        "What-if sandbox",
        "whatif",
        "Try changes against the plan as it is, then keep or drop them (w)",
    ),
    ("Impact of losing the app", "impact", "What goes down if the current app is lost (x)"),
    ("Changes since last save", "changes", "Apps, links and findings changed since saving (d)"),
    ("Filter apps", "filter", "List only the apps whose name contains a text (/)"),
    ("Clear the filter", "clear_filter", "List every app again (escape in the list)"),
    ("Go to the navigator", "to_navigator", "Back to the list of apps (escape, 1)"),
    ("Go to the panels", "area('centre')", "The links of the apps shown (2)"),
    ("Go to the findings", "area('pane')", "The validation pane's findings (3)"),
    ("Help", "help", "Keys and how the editor works (?)"),
)


class EditorCommands(Provider):
    def _editor(self) -> EditorScreen | None:
        from wfm_tui.tui.screens.editor import EditorScreen

        for candidate in reversed(self.app.screen_stack):
            if isinstance(candidate, EditorScreen):
                return candidate
        return None

    def _run(self, action: str) -> Callable[[], object]:
        editor = self._editor()
        return partial(self.app.call_later, editor.run_action, action) if editor else _nothing

    def _actions(self) -> list[tuple[str, str, str]]:
        """The actions that can run now (no "Clear the filter" without a filter), and the ones
        greyed out where they are (no app under the cursor for "Rename app")."""
        editor = self._editor()
        if editor is None:
            return list(ACTIONS)
        return [entry for entry in ACTIONS if editor.check_action(entry[1], ()) is not False]

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
        for app_name in editor.document.plan.apps:
            text = f"Go to app {app_name}"
            score = matcher.match(text)
            if score > 0:
                # matcher.highlight would parse the name as markup: build the Content literally.
                yield Hit(
                    score,
                    Content.assemble("Go to app ", (app_name, "bold")),
                    partial(self.app.call_later, editor.focus_app, app_name),
                    text=text,
                )


def _nothing() -> None:
    return None


class WfmCommandPalette(CommandPalette):
    """Textual's palette, safe against a page key that arrives before its list is laid out.

    Textual 8.2.8 (the newest release as of this writing) maps the highlighted option to a line
    on page up/down; before the first layout the list has no lines, and the look-up raised
    KeyError, which ended the editor (ctrl+p then pageup, typed quickly). A page of a list not
    yet on screen moves nothing, so the key is dropped.
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
