"""The main screen: navigator, app panels, validation pane; every edit goes through the core.

Longer than 400 lines, for a reason: this is where every key's action enters (Textual calls
`action_*` on the screen) and where the three areas meet (focus, scope, filter, resize). The
flows behind the actions are modules of their own: `app_flows` (add, rename, remove,
properties, clone site, features, plan properties), `file_flows` (save, open, reload),
`whatif_flows` (the sandbox) and `external_editor` (ctrl+e).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal
from textual.content import Content
from textual.events import DescendantFocus, Resize
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Header, Input, Static

from wfm_tui.core.findings import PROPERTY_OF
from wfm_tui.core.names import printable
from wfm_tui.core.operations import (
    Batch,
    Disconnect,
    Operation,
    OperationError,
)
from wfm_tui.editing.document import Document
from wfm_tui.editing.layout import Scope
from wfm_tui.editing.link_groups import link_groups, toggle_operation
from wfm_tui.tui import app_flows, file_flows, whatif_flows
from wfm_tui.tui.keys import EDITOR, bindings, help_sections, key_named, user_keymap
from wfm_tui.tui.safety_net import SafetyNet
from wfm_tui.tui.widgets.app_panel import AppPanel
from wfm_tui.tui.widgets.centre import Centre
from wfm_tui.tui.widgets.findings_pane import FindingsPane, counts_line
from wfm_tui.tui.widgets.key_footer import KeyFooter
from wfm_tui.tui.widgets.navigator import Navigator

# Dialogs, reports and the sandbox are imported where they are opened: the first frame needs
# none of them, and importing them cost the start-up.
if TYPE_CHECKING:
    from wfm_tui.editing.sandbox import Sandbox

MIN_WIDTH, MIN_HEIGHT = 80, 24
# The actions on one app: unavailable where the cursor is on no app (a site or kind line).
APP_ACTIONS = frozenset({"rename_app", "edit_app", "remove_app", "impact"})
# The areas tab and shift+tab go through, by the id of their widget.
AREAS = ("navigator", "centre", "pane")
# Below this width the validation pane starts hidden (v shows it): the links need the room.
PANE_MIN_WIDTH = 100
# The bounds of < and >: the navigator keeps its marks and some of each name, the centre
# (beside the pane, when shown) what it has at 80 columns with the pane: a checklist's names.
NAVIGATOR_NARROWEST, CENTRE_NARROWEST = 16, 28


class EditorScreen(Screen[None]):
    # The keys, their footer words and sentences are in tui/keys.py, with the palette's names.
    BINDINGS: ClassVar[list[BindingType]] = bindings(EDITOR)

    def __init__(self, document: Document) -> None:
        super().__init__()
        self.document = document
        self.safety = SafetyNet(
            self,
            lambda: self.document,
            self.update_titles,
            self._too_large,
            lambda: self.sandbox.baseline if self.sandbox is not None else None,
        )
        self.scope: Scope | None = None
        self.current_app: str | None = None
        # None: the pane follows the terminal width; True/False: the user chose with v.
        self.pane_choice: bool | None = None
        # Set while the what-if sandbox is open: the plan to compare edits against.
        self.sandbox: Sandbox | None = None
        # A sandbox restored from a journal, opened again once its document is shown.
        self.restored_sandbox: tuple[Document, Sandbox] | None = None
        # The navigator's width as < and > last set it: its size changes only at the next
        # layout, after keys typed fast have all been handled.
        self._navigator_width: int | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        # Shown while the plan is over what a plan file may be: said as it happens, not at save.
        yield Static(id="too-large", markup=False)
        with Horizontal(id="body"):
            yield Navigator(id="navigator")
            yield Centre(id="centre")
            yield FindingsPane(id="pane")
        yield Static(
            Content(f"Resize the terminal to at least {MIN_WIDTH}x{MIN_HEIGHT} to use wfm-tui."),
            id="too-small",
        )
        yield KeyFooter()

    async def on_mount(self) -> None:
        await self.set_document(self.document)
        # At once: a deferred focus would land after whatever the first keys focused.
        self.set_focus(self.query_one(Navigator))

    # -- showing the plan ------------------------------------------------------------------

    async def set_document(self, document: Document) -> None:
        """Show another plan (open, new): everything is rebuilt."""
        if self.sandbox is not None and document is not self.document:
            # The sandbox was about the plan that goes: the user has saved or dropped it.
            self.sandbox = None
            await self.query_one("#whatif-banner").remove()
            self.notify("What-if sandbox closed: another plan is open.")
        self.document = document
        pending, self.restored_sandbox = self.restored_sandbox, None
        if pending is not None and pending[0] is document:
            await whatif_flows.enter(self, pending[1])
        self.scope = None
        self.current_app = None
        await self.refresh_plan()
        self._select_scope_in_navigator()

    def _select_scope_in_navigator(self) -> None:
        """Mark the scope refresh_plan chose in the navigator, without choosing it again."""
        # A method of its own: after `self.scope = None` above, a type checker takes the scope
        # for None still, not knowing that refresh_plan sets it.
        if self.scope is not None:
            self.query_one(Navigator).select_scope(self.scope, notify=False)

    async def refresh_plan(self) -> None:
        """After every change: header, navigator marks, panels and the validation pane."""
        with self.app.batch_update():  # one repaint for all of it
            await self._refresh_plan()
        self.safety.plan_changed()
        self.refresh_bindings()  # the app under the cursor may be gone, or back

    async def _refresh_plan(self) -> None:
        doc = self.document
        self.update_titles()
        navigator = self.query_one(Navigator)
        navigator.show(doc.plan, doc.layout, doc.catalog, doc.statuses, doc.take_status_changes())
        self.scope = self._valid_scope(self.scope, navigator)
        # In the what-if sandbox the pane shows what the edits changed since it opened.
        delta = self.sandbox.delta(doc) if self.sandbox is not None else None
        self.query_one(FindingsPane).show(doc.findings, delta)
        # The counts stay in sight when the pane is hidden.
        self.query_one(Centre).set_counts(counts_line(doc.findings))
        await self.query_one(Centre).show(
            doc.plan,
            doc.catalog,
            doc.statuses,
            self.scope,
            layout=doc.layout,
            targets=doc.targets,
            filtered=navigator.filtered,
            users=doc,
        )

    def _too_large(self, line: str | None) -> None:
        banner = self.query_one("#too-large", Static)
        banner.update(Content(line or ""))
        banner.display = line is not None

    def update_titles(self) -> None:
        doc = self.document
        # Header renders title and sub-title as literal Content, never as markup. The sandbox
        # leads the title for as long as it is open, with what it has changed so far.
        prefix = ""
        holder = self.safety.other_holder
        if holder is not None:
            # As long as another editor has the plan open, not only in the toast that said so.
            prefix = f"! OPEN ELSEWHERE (process {holder.pid}) · "
        if self.sandbox is not None:
            changed = self.sandbox.summary(doc) if self.sandbox.changed(doc) else "no changes yet"
            prefix += f"WHAT-IF ({changed}) · "
        self.title = f"{prefix}{doc.plan.name}{' *' if doc.dirty else ''}"
        save = key_named(self.app, "editor.save")
        self.sub_title = printable(doc.path) if doc.path else f"untitled: {save} to save"

    def _valid_scope(self, scope: Scope | None, navigator: Navigator) -> Scope | None:
        doc = self.document
        if scope is not None and scope.app is not None and scope.app not in doc.plan.apps:
            scope = Scope(scope.site, scope.kind)
        kinds = doc.layout.get(scope.site) if scope is not None else None
        if scope is not None and kinds and (scope.kind is None or scope.kind in kinds):
            return scope
        return navigator.first_scope()

    async def show_scope(self, scope: Scope) -> None:
        self.scope = scope
        if scope.app is not None:
            self.current_app = scope.app
        self.refresh_bindings()  # an app line or not: r, e, delete and x follow
        doc = self.document
        centre = self.query_one(Centre)
        filtered = self.query_one(Navigator).filtered
        await centre.show(
            doc.plan,
            doc.catalog,
            doc.statuses,
            scope,
            layout=doc.layout,
            targets=doc.targets,
            filtered=filtered,
            users=doc,
        )
        if scope.app is not None:
            # Once laid out: the app under the navigator's cursor comes into view.
            self.call_after_refresh(centre.title_into_view, scope.app)

    async def focus_app(
        self,
        name: str,
        target_kind: str | None = None,
        target: str | None = None,
        *,
        focus: bool = True,
    ) -> None:
        """Show `name`'s panel, move the navigator to it and put the cursor on `target` (or on
        the group of `target_kind`); without `focus`, the keys stay where they are."""
        app = self.document.plan.apps.get(name)
        if app is None:
            return
        scope = Scope(app.site, app.kind, name)
        navigator = self.query_one(Navigator)
        if not navigator.lists(name):
            self.action_clear_filter()  # going to an app the filter hides: show them all
        navigator.select_scope(scope, notify=False)
        await self.show_scope(scope)
        panel = self.query_one(Centre).panel_of(name)
        if panel is not None:
            if panel.focusable and focus:
                panel.focus_target(target_kind, target)  # scrolls its cursor line into view
            else:
                panel.scroll_visible(top=True, animate=False)

    def keys_in_centre(self) -> bool:
        """Whether the keys are in a panel (not the navigator, the findings or the filter)."""
        focused = self.focused
        return focused is not None and self.query_one(Centre) in focused.ancestors_with_self

    # -- the filter (/) ----------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self.too_small:
            # The layout is hidden: no key may act on what cannot be seen. Quit is the app's.
            return action == "help"
        if action in APP_ACTIONS:
            # Greyed out (in the footer and the palette) where no app is under the cursor.
            return True if self.selected_app() is not None else None
        if action == "clone_site":
            return True if self.selected_site() is not None else None
        if action not in ("clear_filter", "to_navigator"):
            return True
        navigator = self.query_one(Navigator)
        if action == "clear_filter":
            return navigator.filtered
        # escape: else it is left to others
        return not navigator.has_focus or navigator.filtered

    @property
    def too_small(self) -> bool:
        """The terminal is below 80x24: the layout is hidden behind the "resize" notice."""
        return self.has_class("-too-small")

    # -- what the keys act on ----------------------------------------------------------------

    def selected_app(self) -> str | None:
        """The app that r, e, delete and x act on: the one under the navigator's cursor (an
        app line, not a site or kind), the focused panel's, or the chosen finding's."""
        focused = self.focused
        navigator = self.query_one(Navigator)
        name: str | None = None
        if focused is navigator or isinstance(focused, Input):
            # The keys are in the list (or its filter): the line under the cursor.
            scope = navigator.current_scope
            name = scope.app if scope is not None else None
        elif focused is not None:
            for node in focused.ancestors_with_self:
                if isinstance(node, AppPanel):
                    name = node.app_name
                    break
                if isinstance(node, FindingsPane):
                    finding = node.highlighted_finding
                    name = finding.app if finding is not None else None
                    break
        return name if name is not None and name in self.document.plan.apps else None

    def selected_site(self) -> str | None:
        """The site that clone site copies: the one of the navigator's line (a site, a kind in
        it or an app of it), else of the selected app. None for apps without a site."""
        navigator = self.query_one(Navigator)
        if navigator.has_focus or isinstance(self.focused, Input):
            scope = navigator.current_scope
            return scope.site if scope is not None else None
        name = self.selected_app()
        return self.document.plan.apps[name].site if name is not None else None

    # -- the three areas: navigator, centre, findings (tab, shift+tab, 1, 2, 3) ---------------

    def current_area(self) -> str | None:
        focused = self.focused
        if focused is None:
            return None
        if isinstance(focused, Input):
            return "navigator"  # the filter bar is the navigator's
        for node in focused.ancestors_with_self:
            if node.id in AREAS:
                return node.id
        return None

    def _area_widget(self, area: str) -> Widget | None:
        """What takes the keys in `area`; None when it has nothing to focus."""
        if area == "navigator":
            return self.query_one(Navigator)
        if area == "centre":
            centre = self.query_one(Centre)
            panels = list(centre.panels.values())
            last = centre.panel_of(self.current_app) if self.current_app else None
            if last is not None:
                panels.insert(0, last)  # the app last chosen or worked on
            return next((p for p in panels if p.focusable), None)
        pane = self.query_one(FindingsPane)
        findings = pane.option_list
        if not pane.display or findings is None or not findings.option_count:
            return None
        return findings

    def action_next_area(self, step: int) -> None:
        """tab / shift+tab: the next (previous) area that has something to focus."""
        areas = [area for area in AREAS if self._area_widget(area) is not None]
        current = self.current_area()
        if current in areas:
            target = areas[(areas.index(current) + step) % len(areas)]
        else:
            target = areas[0] if step > 0 else areas[-1]
        self._focus_area(target)

    def action_area(self, area: str) -> None:
        """1, 2, 3: the navigator, the panels, the findings (showing the pane if hidden)."""
        if area == "pane":
            pane = self.query_one(FindingsPane)
            if not pane.display:
                self.pane_choice = pane.display = True
        if self._area_widget(area) is None:
            if area == "centre":
                self.notify("No panel shown has links to tick: choose another site or kind.")
            elif self.sandbox is not None:
                self.notify("No finding is new or resolved in the sandbox yet.")
            else:
                self.notify("No findings to go to: the plan is valid.")
            return
        self._focus_area(area)

    def _focus_area(self, area: str) -> None:
        # At once, not after the keys already queued (as widget.focus() would): `tab space`
        # typed fast must tick in the panel, not fold in the navigator.
        widget = self._area_widget(area)
        if isinstance(widget, AppPanel):
            widget.focus_cursor()
        elif widget is not None:
            self.set_focus(widget)

    def action_navigator_width(self, step: int) -> None:
        """< and >: the navigator narrower or wider, by `step` columns, within bounds that
        leave the panels room."""
        navigator = self.query_one(Navigator)
        now = self._navigator_width or navigator.outer_size.width
        pane = self.query_one(FindingsPane)
        others = CENTRE_NARROWEST + (pane.outer_size.width if pane.display else 0)
        widest = max(NAVIGATOR_NARROWEST, self.size.width - others)
        width = max(NAVIGATOR_NARROWEST, min(now + step, widest))
        if width == now:
            self.notify(f"The navigator is as {'wide' if step > 0 else 'narrow'} as it goes.")
            return
        self._navigator_width = width
        styles = navigator.styles
        styles.width = styles.min_width = styles.max_width = width

    def action_to_navigator(self) -> None:
        """Escape: from a panel or the findings back to the list; in the list, the filter goes."""
        navigator = self.query_one(Navigator)
        if navigator.has_focus:
            self.action_clear_filter()
        else:
            self.set_focus(navigator)  # at once: the next key typed is the navigator's

    async def action_filter(self) -> None:
        """Show the filter bar (mounted the first time) and type into it."""
        from wfm_tui.tui.widgets.filter_bar import FilterBar

        bars = self.query(FilterBar)
        if bars:
            bar = bars.first()
        else:
            bar = FilterBar(id="filter")
            await self.mount(bar, before=self.query_one("#body"))
        bar.display = True
        bar.input.focus()

    def action_clear_filter(self) -> None:
        """Every app listed again; the bar goes away and the keys go to the navigator."""
        from wfm_tui.tui.widgets.filter_bar import FilterBar

        navigator = self.query_one(Navigator)
        navigator.set_filter("")
        for bar in self.query(FilterBar):
            had_focus = bar.input.has_focus
            with bar.input.prevent(Input.Changed):
                bar.input.value = ""
            bar.display = False
            if had_focus:
                navigator.focus()

    @on(Input.Changed, "#filter-input")
    def _filter_changed(self, event: Input.Changed) -> None:
        self.query_one(Navigator).set_filter(event.value)

    @on(Input.Submitted, "#filter-input")
    def _filter_submitted(self, event: Input.Submitted) -> None:
        navigator = self.query_one(Navigator)
        first = navigator.first_app()
        if first is None:
            self.notify("No app name contains the filter.", severity="warning")
            return
        navigator.focus()
        navigator.select_scope(first)

    def _on_filter_input_cleared(self) -> None:
        self.action_clear_filter()

    def _on_filter_input_left(self) -> None:
        self.query_one(Navigator).focus()

    @on(Navigator.ScopeChosen)
    async def _scope_chosen(self, event: Navigator.ScopeChosen) -> None:
        await self.show_scope(event.scope)

    @on(Navigator.AppChosen)
    async def _app_chosen(self, event: Navigator.AppChosen) -> None:
        await self.focus_app(event.name)

    @on(FindingsPane.FindingHighlighted)
    def _finding_highlighted(self) -> None:
        self.refresh_bindings()  # r, e, delete and x act on the finding's app

    @on(FindingsPane.FindingChosen)
    async def _finding_chosen(self, event: FindingsPane.FindingChosen) -> None:
        finding = event.finding
        if finding.app is not None and finding.code in PROPERTY_OF:
            # Fixed in the app's properties, not its links: the dialog opens on the field,
            # and the keys stay in the findings (in the panel, space would untick a link).
            await self.focus_app(finding.app, focus=False)
            self._edit_properties(PROPERTY_OF[finding.code])
        elif finding.app is not None:
            await self.focus_app(finding.app, finding.target_kind, finding.target)
        elif finding.feature is not None:
            # A rule about the plan as a whole: where it is fixed is the features dialog.
            self.action_features()

    @on(DescendantFocus)
    def _track_current_app(self, event: DescendantFocus) -> None:
        # The panel the user was in last: where tab into the centre comes back to.
        for node in event.widget.ancestors_with_self:
            if isinstance(node, AppPanel):
                self.current_app = node.app_name
                return

    def on_resize(self, event: Resize) -> None:
        small = event.size.width < MIN_WIDTH or event.size.height < MIN_HEIGHT
        if small and not self.too_small:
            # Hiding the layout drops focus; remember where the user was to give it back. No
            # widget keeps the keys meanwhile: they would act on what cannot be seen.
            self._focus_before_small = self.focused
            self.set_focus(None)
        elif not small and self.too_small:
            self.call_after_refresh(self._restore_focus)
        self.set_class(small, "-too-small")
        self.refresh_bindings()
        if self.pane_choice is None:
            self.query_one(FindingsPane).display = event.size.width >= PANE_MIN_WIDTH

    def _restore_focus(self) -> None:
        if self.too_small:
            return  # shrunk again meanwhile
        widget = getattr(self, "_focus_before_small", None)
        if widget is not None and widget.is_attached and widget.focusable:
            widget.focus()
        else:
            self.query_one(Navigator).focus()

    # -- editing ---------------------------------------------------------------------------

    async def apply(self, op: Operation) -> bool:
        """Run an edit through the document (undoable), then refresh everything."""
        try:
            self.document.apply(op)
        except OperationError as exc:
            self.notify(str(exc), severity="error", markup=False)
            await self.refresh_plan()  # puts back ticks the user changed in a widget
            return False
        await self.refresh_plan()
        return True

    @on(AppPanel.LinkToggled)
    async def _link_toggled(self, event: AppPanel.LinkToggled) -> None:
        self.current_app = event.source
        panel = self.query_one(Centre).panel_of(event.source)
        group = panel.groups.get(event.target_kind) if panel is not None else None
        if group is None:  # a stray link: unticking it removes it
            if not event.on:
                await self.apply(Disconnect(event.source, event.target))
            return
        await self.apply(toggle_operation(event.source, group, event.target, event.on))

    @on(AppPanel.UsedByToggled)
    async def _used_by_toggled(self, event: AppPanel.UsedByToggled) -> None:
        """A tick in a panel's "used by": the same edit as the tick in the other app's panel
        (a group that allows one swaps its link)."""
        self.current_app = event.target
        doc = self.document
        target_kind = doc.plan.apps[event.target].kind
        groups = link_groups(doc.plan, doc.catalog, event.source, doc.targets)
        group = next((g for g in groups if g.target_kind == target_kind), None)
        if group is None:
            if not event.on:
                await self.apply(Disconnect(event.source, event.target))
            return
        op = toggle_operation(event.source, group, event.target, event.on)
        if await self.apply(op) and isinstance(op, Batch):
            # The other app's one link of this kind moved here: say so, it is out of sight.
            dropped = ", ".join(o.target for o in op.ops if isinstance(o, Disconnect))
            self.notify(
                f"{event.source} now links to {event.target} instead of {dropped}.", markup=False
            )

    @on(AppPanel.AddLinked)
    async def _add_linked(self, event: AppPanel.AddLinked) -> None:
        self.current_app = event.source
        self._add_and_link(event.source, event.kind)

    @work(exclusive=True, group="dialog")
    async def _add_and_link(self, source: str, kind: str) -> None:
        await app_flows.add_and_link(self, source, kind)

    def chosen_app(self) -> str | None:
        """The selected app; the actions that use it are unavailable without one (a palette
        entry chosen before the cursor moved off it is told so)."""
        name = self.selected_app()
        if name is None:
            self.notify("Choose an app first (in the navigator or a panel).", severity="warning")
        return name

    @work(exclusive=True, group="dialog")
    async def action_add_app(self) -> None:
        await app_flows.add_app(self)

    @work(exclusive=True, group="dialog")
    async def action_rename_app(self) -> None:
        await app_flows.rename_app(self)

    @work(exclusive=True, group="dialog")
    async def action_remove_app(self) -> None:
        await app_flows.remove_app(self)

    @work(exclusive=True, group="dialog")
    async def action_edit_app(self) -> None:
        await app_flows.edit_app(self)

    @work(exclusive=True, group="dialog")
    async def _edit_properties(self, field: str) -> None:
        await app_flows.edit_app(self, field)

    @work(exclusive=True, group="dialog")
    async def action_clone_site(self) -> None:
        """c: copy the site under the cursor as a new site, after a preview; one undo."""
        await app_flows.clone_site(self)

    @work(exclusive=True, group="dialog")
    async def action_edit_in_editor(self) -> None:
        from wfm_tui.tui.external_editor import edit_in_editor

        await edit_in_editor(self)

    @work(exclusive=True, group="dialog")
    async def action_features(self) -> None:
        await app_flows.features(self)

    @work(exclusive=True, group="dialog")
    async def action_plan_properties(self) -> None:
        """p: the plan's name and description, as one undoable edit."""
        await app_flows.plan_properties(self)

    async def action_undo(self) -> None:
        before = self._focused_panel()
        step = self.document.undo()
        if step is None:
            self.notify("Nothing to undo.")
            return
        await self.refresh_plan()
        self._keep_keys_in_centre(before)
        self.notify(f"Undone: {step.op.describe()}", markup=False)

    async def action_redo(self) -> None:
        before = self._focused_panel()
        step = self.document.redo()
        if step is None:
            self.notify("Nothing to redo.")
            return
        await self.refresh_plan()
        self._keep_keys_in_centre(before)
        self.notify(f"Redone: {step.op.describe()}", markup=False)

    def _focused_panel(self) -> tuple[str, tuple[str | None, str | None] | None] | None:
        """The app of the panel the keys are in, and its cursor's (group, target)."""
        focused = self.focused
        for node in focused.ancestors_with_self if focused is not None else ():
            if isinstance(node, AppPanel):
                return node.app_name, node.current
        return None

    def _keep_keys_in_centre(
        self, before: tuple[str, tuple[str | None, str | None] | None] | None
    ) -> None:
        """After an undo or redo that made the panels anew (an app came or went), the keys go
        back to the panel they were in, on the same target: the focus had fallen elsewhere."""
        if before is None or self.too_small or self._focused_panel() is not None:
            return
        centre = self.query_one(Centre)
        name, where = before
        panel = centre.panel_of(name)
        if panel is None or not panel.focusable:
            panel = next((p for p in centre.panels.values() if p.focusable), None)
            where = None
        if panel is not None:
            panel.focus_target(*(where or (None, None)))

    def action_toggle_pane(self) -> None:
        pane = self.query_one(FindingsPane)
        self.pane_choice = not pane.display
        pane.display = self.pane_choice

    # -- what-if, impact, changes ----------------------------------------------------------

    @work(exclusive=True, group="dialog")
    async def action_whatif(self) -> None:
        """w: open the sandbox, or leave it keeping or throwing away its changes."""
        await whatif_flows.open_or_leave(self)

    async def leave_sandbox(self, *, keep: bool, saving: bool = False) -> None:
        await whatif_flows.leave(self, keep=keep, saving=saving)

    async def save(self, *, ask_path: bool = False) -> bool:
        """Save; in the what-if sandbox, after asking whether to keep its changes."""
        return await whatif_flows.save(self, ask_path=ask_path)

    @work(exclusive=True, group="dialog")
    async def action_save(self) -> None:
        await self.save()

    @work(exclusive=True, group="dialog")
    async def action_save_as(self) -> None:
        await self.save(ask_path=True)

    @work(exclusive=True, group="dialog")
    async def action_open(self) -> None:
        if await file_flows.may_discard(self, "Save them before opening another plan?"):
            await file_flows.open_plan(self)

    @work(exclusive=True, group="dialog")
    async def action_new_plan(self) -> None:
        if await file_flows.may_discard(self, "Save them before starting a new plan?"):
            await self.set_document(Document.untitled())

    @work(exclusive=True, group="dialog")
    async def request_quit(self) -> None:
        if await file_flows.may_discard(self, "Save them before quitting?"):
            await self.safety.drop_journal_now()
            self.app.exit()

    @work(exclusive=True, group="dialog")
    async def recover_from_load_error(self, error: str, path: str | None = None) -> None:
        await file_flows.recover_from_load_error(self, error, path)

    @work(exclusive=True, group="dialog")
    async def offer_recovery_at_start(self, path: str | None) -> None:
        await file_flows.offer_recovery_at_start(self, path)

    def action_impact(self) -> None:
        """x: what goes down if the current app is lost (changes nothing)."""
        from wfm_tui.tui.screens.reports import impact_report

        name = self.chosen_app()
        if name is not None:
            doc = self.document
            self.app.push_screen(impact_report(doc.plan, doc.catalog, name))

    def action_changes(self) -> None:
        """d: the changes since the last save, as `wfm-tui diff` shows them."""
        from wfm_tui.tui.screens.reports import changes_report

        doc = self.document
        self.app.push_screen(changes_report(doc.saved_plan, doc.plan, doc.catalog))

    def action_help(self) -> None:
        from wfm_tui.tui.screens.help import HelpScreen

        self.app.push_screen(HelpScreen(help_sections(user_keymap(self.app))))
