"""One app as a panel: its name, kind and properties, and a checklist per allowed target kind.

A panel is one widget that draws its rows itself, with its own cursor over the targets. A
widget per checklist (and per header) cost the editor most of its start-up: Textual styles
every widget, and a list widget once more per component class, so a site of 16 apps was
some 500 style applications before the first frame. As one widget a panel costs about what a
line of text costs.

Its lines are made in panel_rows.py; this module is the widget (drawing, the cursor and its
moves between panels, keys and mouse), near 500 lines: those belong together (the next to
leave would be the cursor's moves into view and between panels).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import ClassVar

from textual import events
from textual.binding import BindingType
from textual.cache import LRUCache
from textual.content import Content
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.strip import Strip
from textual.widget import Widget

from wfm_tui.core.catalog import Catalog
from wfm_tui.core.findings import Severity
from wfm_tui.core.plan import Plan
from wfm_tui.editing.link_groups import (
    LinkGroup,
    Targets,
    incoming_groups,
    link_groups,
    some_stray_links,
)
from wfm_tui.tui.fitting import shorten_distinct
from wfm_tui.tui.keys import PANEL, bindings
from wfm_tui.tui.styled_text import app_details, status_mark
from wfm_tui.tui.widgets.lines import line_strip, same
from wfm_tui.tui.widgets.panel_rows import (
    ADD,
    FEWER,
    MORE,
    USED_BY,
    Fit,
    Nobody,
    PanelState,
    Row,
    Users,
    panel_rows,
)

_CURSOR_STYLE = "$block-cursor-foreground on $block-cursor-background"
# Links to names that are not apps a panel lists one by one (a file may hold millions).
MAX_STRAY_ROWS = 100


class AppPanel(Widget, can_focus=True):
    """The panel of app `name`; `show` brings it up to date with a plan version.

    The boxes show the plan: space (or a click) asks for a link to be made or removed
    (`LinkToggled`), and the box changes when the plan does. So the box, the counts, the marks
    and the validation pane change in one frame, and an edit that fails leaves the box as it
    was.
    """

    BINDINGS: ClassVar[list[BindingType]] = bindings(PANEL)

    DEFAULT_CSS = """
    AppPanel {
        height: auto;
        border-left: wide $panel-lighten-2;
        padding: 0 0 0 1;
        margin-bottom: 1;
    }
    AppPanel:focus {
        border-left: wide $accent;
        background-tint: $foreground 5%;
    }
    """
    ALLOW_SELECT = False  # a checklist: a click ticks, it does not select text
    # Index into the rows the cursor stops at.
    cursor: reactive[int] = reactive(0, layout=False)

    class LinkToggled(Message):
        def __init__(self, source: str, target_kind: str, target: str, on: bool) -> None:
            super().__init__()
            self.source = source
            self.target_kind = target_kind
            self.target = target
            self.on = on

    class UsedByToggled(Message):
        """A tick in "used by": make or remove the link `source` -> `target` (this app)."""

        def __init__(self, source: str, target: str, on: bool) -> None:
            super().__init__()
            self.source = source
            self.target = target
            self.on = on

    class AddLinked(Message):
        """`a` or enter on a group's "a: add one" line: add an app of `kind` linked from
        `source`."""

        def __init__(self, source: str, kind: str) -> None:
            super().__init__()
            self.source = source
            self.kind = kind

    def __init__(
        self,
        name: str,
        plan: Plan,
        catalog: Catalog,
        status: Severity | None,
        targets: Targets,
        users: Users | None = None,
    ) -> None:
        super().__init__()
        self.app_name = name
        self.catalog = catalog
        self.users: Users = users if users is not None else Nobody()
        # The "used by" groups and what they were made of: most edits leave them as they
        # were, and a DAP's are made from every app that uses it.
        self._used_by: tuple[object, object, object, str, str | None, list[LinkGroup]] | None
        self._used_by = None
        # Names shortened to fit, by (group, width): made when first drawn too wide.
        self._short: dict[tuple[str | None, int], dict[str, str]] = {}
        self.expanded: set[str] = set()  # groups the user asked to list in full
        # Targets listed so far, per group: they stay listed while the panel lives.
        self._listed: dict[str, set[str]] = {}
        self._state = self._read(plan, status, targets)
        self._rows = self._layout(self._state)
        self._stops = [i for i, row in enumerate(self._rows) if row.value is not None]
        self._strips: LRUCache[tuple[Row, bool, int, object], Strip] = LRUCache(256)
        # Only a panel with something to tick takes focus: tab and the cursor keys pass over
        # the others (a DAP, a Stat Server). r, e and delete reach them from the navigator.
        self.can_focus = bool(self._stops)
        # Coming into a panel, the cursor is on its first target, not on a line that adds an
        # app: `a` there would add and link one, where the user meant to add an app.
        first = next((s for s, i in enumerate(self._stops) if self._rows[i].value != ADD), 0)
        self.set_reactive(AppPanel.cursor, first)

    # -- what the panel shows ---------------------------------------------------------------

    def _read(self, plan: Plan, status: Severity | None, targets: Targets) -> PanelState:
        name, app = self.app_name, plan.apps[self.app_name]
        groups = link_groups(plan, self.catalog, name, targets)
        used_by = self._used_by_groups(plan, targets)
        self.groups = {g.target_kind: g for g in groups}
        self.groups.update({USED_BY + g.target_kind: g for g in used_by})
        title = Fit(
            Content.assemble(status_mark(status), " "),
            name,
            Content.assemble("  ", (self.catalog.kind_title(app.kind), "dim")),
            title_style="bold",
            line_style="bold",
        )
        stray, stray_more = some_stray_links(plan, self.catalog, name, MAX_STRAY_ROWS)
        return PanelState(
            title=title,
            details=app_details(app),
            groups=groups,
            stray=stray,
            expanded=frozenset(self.expanded),
            used_by=used_by,
            stray_more=stray_more,
        )

    def _used_by_groups(self, plan: Plan, targets: Targets) -> list[LinkGroup]:
        name, app = self.app_name, plan.apps[self.app_name]
        stamp = self.users.users_stamp(name)
        memo = self._used_by
        if (
            memo is not None
            and stamp is not None
            and memo[0] == stamp
            and memo[1] is targets.by_kind  # the same apps, sites and kinds
            and memo[2] == plan.features
            and memo[3:5] == (app.kind, app.site)
        ):
            return memo[5]
        users = self.users.users_of(name)
        used_by = incoming_groups(plan, self.catalog, name, users, targets)
        self._used_by = (stamp, targets.by_kind, plan.features, app.kind, app.site, used_by)
        return used_by

    def _layout(self, state: PanelState) -> list[Row]:
        return panel_rows(state, self.catalog, self._listed)

    def render_line(self, y: int) -> Strip:
        """Row `y`, drawn once until it, the cursor on it, the width or the style change: a
        toggle repaints the panel, but only its ticked row and its group's header differ."""
        width = self.size.width
        style = self.visual_style  # it carries the focus tint
        if not 0 <= y < len(self._rows):
            return Strip.blank(width, style.rich_style)
        row = self._rows[y]
        pointed = self.has_focus and y == self.cursor_line
        key = (row, pointed, width, style)
        strip = self._strips.get(key)
        if strip is None:
            line = row.content
            if row.fit is not None and line.cell_length > width:
                line = row.fit.fitted(width, self._short_name(row, width))
            if pointed and line.plain.startswith(" "):
                line = Content.assemble("›", line[1:])
            strip = line_strip(self, line, width, _CURSOR_STYLE if pointed else "")
            self._strips[key] = strip
        return strip

    def _short_name(self, row: Row, width: int) -> str | None:
        """The name of a target row shortened to fit, distinct from the others of its group."""
        fit = row.fit
        if fit is None or not fit.distinct or row.value is None:
            return None
        key = (row.group, width)
        names = self._short.get(key)
        if names is None:
            group = [r.value for r in self._rows if r.group == row.group and r.fit is not None]
            room = width - fit.prefix.cell_length
            names = self._short[key] = shorten_distinct([n for n in group if n is not None], room)
        return names.get(row.value)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        # render_line draws each row as one line, cut to the width: never wrapped, whatever
        # the styles say, so the rows are the height.
        return len(self._rows)

    def _relayout(self) -> None:
        """Take the rows of a new state; the cursor stays on the same target when it can."""
        current = self.current
        old_rows, old_line = self._rows, self.cursor_line
        old_height = len(self._rows)
        had_targets = bool(self._stops)
        self._rows = self._layout(self._state)
        self._stops = [i for i, row in enumerate(self._rows) if row.value is not None]
        self._short = {}
        if current is not None:
            group, value = current
            # Folding a list again: the cursor goes to the entry that lists it all.
            wanted = [current, (group, MORE)] if value == FEWER else [current]
            places = {
                (self._rows[i].group, self._rows[i].value): s for s, i in enumerate(self._stops)
            }
            stop = next((places[w] for w in wanted if w in places), None)
            if stop is None:
                stop = self._stop_after_a_vanished(group)
            self.set_reactive(AppPanel.cursor, stop)
        self.set_reactive(AppPanel.cursor, min(self.cursor, max(0, len(self._stops) - 1)))
        if len(self._rows) != old_height or not self.size:
            self.refresh(layout=len(self._rows) != old_height)
        else:
            # A toggle changes a box and a header or two: repaint those lines only (a
            # panel's "used by" may be long, and every panel beside it stays as it was).
            lines = {line for line in (old_line, self.cursor_line) if line is not None}
            lines.update(
                i
                for i, (old, new) in enumerate(zip(old_rows, self._rows, strict=True))
                if old is not new and (old != new or not same(old.content, new.content))
            )
            for line in lines:
                self.refresh(Region(0, line, self.size.width, 1))
        if had_targets != bool(self._stops):
            self.can_focus = bool(self._stops)
            self.refresh_bindings()

    def _stop_after_a_vanished(self, group: str | None) -> int:
        """Where the cursor goes when its entry is gone (an "Other links" entry unticked): the
        next entry of its group, else the one before it. Moving on into the next group put it
        on another app's "Used by" line, where a second space changed that app's links."""
        index = min(self.cursor, len(self._stops) - 1)
        if index <= 0 or self._rows[self._stops[index]].group == group:
            return max(index, 0)
        return index - 1

    # -- what tests and the editor ask ------------------------------------------------------

    @property
    def current(self) -> tuple[str | None, str | None] | None:
        """(group, value) under the cursor; None when the panel has no targets."""
        line = self.cursor_line
        if line is None:
            return None
        row = self._rows[line]
        return (row.group, row.value)

    @property
    def cursor_line(self) -> int | None:
        """The line (of `rows`) under the cursor; None when the panel has no targets."""
        return self._stops[min(self.cursor, len(self._stops) - 1)] if self._stops else None

    def used_by(self, kind: str) -> LinkGroup | None:
        """The "used by" group of the apps of `kind` that may link to this one."""
        return self.groups.get(USED_BY + kind)

    @property
    def rows(self) -> Sequence[Row]:
        """The panel's lines as laid out: headers, entries (those with a value are the
        cursor's stops) and hints."""
        return self._rows

    # -- updates ----------------------------------------------------------------------------

    async def show(
        self, plan: Plan, status: Severity | None, targets: Targets, users: Users | None = None
    ) -> None:
        """Bring the panel up to date with a new plan version."""
        if users is not None:
            self.users = users
        state = self._read(plan, status, targets)
        if state != self._state:
            self._state = state
            self._relayout()

    def _expand(self, target_kind: str, expand: bool = True) -> None:
        if expand:
            self.expanded.add(target_kind)
        else:
            self.expanded.discard(target_kind)
            self._listed.pop(target_kind, None)  # what the full list showed goes with it
        self._state = replace(self._state, expanded=frozenset(self.expanded))
        self._relayout()
        self.call_after_refresh(self._cursor_into_view)  # the list grew or shrank around it

    def focus_group(self, target_kind: str | None, index: int = 0) -> None:
        """Focus the panel with the cursor on entry `index` of `target_kind`'s checklist (or on
        the first entry), and bring that line into view."""
        stops = [s for s, i in enumerate(self._stops) if self._rows[i].group == target_kind]
        # Focus without Textual's own scroll (to the panel's centre, on a later tick): it raced
        # the line's scroll below, and which came last decided what the user saw.
        self.screen.set_focus(self, scroll_visible=False)
        if stops:
            self.cursor = stops[min(index, len(stops) - 1)]
        elif target_kind is not None:
            # Nothing to tick in that group (no app of the kind): show its header, where the
            # count says what is missing, and leave the cursor where it was.
            header = next(
                (i for i, r in enumerate(self._rows) if r.group == target_kind and r.value is None),
                None,
            )
            if header is not None:
                self.call_after_refresh(self._line_into_view, header, jump=True)
                return
        self.call_after_refresh(self._cursor_into_view, jump=True)

    def focus_cursor(self) -> None:
        """Focus the panel (at once: the next key is the panel's) with its cursor where it
        was, that line in view (tab, 2)."""
        self.screen.set_focus(self, scroll_visible=False)
        self.call_after_refresh(self._cursor_into_view)

    def focus_target(self, target_kind: str | None, target: str | None) -> None:
        """Focus the panel with the cursor on `target` (in `target_kind`'s checklist, else
        wherever it is listed: a link the table does not offer is under "Other links"), or on
        the first entry of `target_kind`'s checklist when `target` is not listed."""
        lines = [
            index
            for index, row in enumerate(self._rows)
            if row.value is not None and row.value == target
        ]
        lines.sort(key=lambda i: self._rows[i].group != target_kind)
        if target is None or not lines:
            self.focus_group(target_kind)
            return
        self.cursor = self._stops.index(lines[0])
        self.screen.set_focus(self, scroll_visible=False)  # the line's scroll only: see above
        self.call_after_refresh(self._cursor_into_view, jump=True)

    # -- keys and mouse ---------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # A panel with nothing to tick offers no toggle (the footer does not show it). Such a
        # panel takes no focus, but one can lose its last target while focused.
        if action == "add_linked":
            # Elsewhere a is the editor's: add an app, linked to nothing.
            current = self.current
            return self.has_focus and current is not None and current[1] == ADD
        return bool(self._stops) or action not in ("toggle_link", "cursor_to")

    def watch_cursor(self) -> None:
        self._cursor_into_view()

    def _cursor_into_view(self, *, jump: bool = False) -> None:
        self._line_into_view(self.cursor_line, jump=jump)

    def _line_into_view(self, row: int | None, *, jump: bool = False) -> None:
        """Scroll as little as shows `row`; a `jump` (from elsewhere) that must scroll puts
        the panel's title at the top, so that what follows the line is in view too."""
        container = self.parent
        if row is None or not isinstance(container, Widget) or not self.is_mounted:
            return
        top = self.virtual_region.y
        line = top + self.styles.gutter.top + row
        # The line, and the panel's title above it when both fit: the user sees whose it is.
        region = Region(0, top, self.size.width, line - top + 1)
        height = container.scrollable_content_region.height
        if region.height > height:
            region = Region(0, line, self.size.width, 1)
        scrolled = container.scroll_offset.y
        if jump and not scrolled <= region.y <= region.bottom <= scrolled + height:
            container.scroll_to_region(region, animate=False, immediate=True, top=True)
        else:
            container.scroll_to_region(region, animate=False, immediate=True)

    def action_cursor(self, step: int) -> None:
        """Move within the panel; past its ends, on to the next or previous panel."""
        target = self.cursor + step
        if self._stops and 0 <= target < len(self._stops):
            self.cursor = target
            return
        container = self.parent
        siblings = [w for w in container.children if isinstance(w, AppPanel)] if container else []
        # On to the nearest panel that has targets: one without any has no cursor to show.
        ahead = (
            siblings[siblings.index(self) + 1 :]
            if step > 0
            else siblings[: siblings.index(self)][::-1]
        )
        neighbour = next((panel for panel in ahead if panel._stops), None)
        if neighbour is not None:
            neighbour.cursor = 0 if step > 0 else len(neighbour._stops) - 1
            # At once (the next key typed is the neighbour's), and without Textual's scroll
            # to the panel's centre: the line's own scroll is the one the user sees.
            self.screen.set_focus(neighbour, scroll_visible=False)
            neighbour.call_after_refresh(neighbour._cursor_into_view)
        elif step > 0 and isinstance(container, Widget):
            # The last panel shown: bring what is below it (a "more not shown" line) into view.
            container.scroll_end(animate=False)

    def action_cursor_to(self, stop: int) -> None:
        if self._stops:
            self.cursor = stop % len(self._stops)

    def action_toggle_link(self) -> None:
        current = self.current
        if current is None:
            return
        group, value = current
        if group is None or value is None:
            return
        if value in (MORE, FEWER):
            self._expand(group, value == MORE)
            return
        if value == ADD:
            self.action_add_linked()
            return
        ticked = self._rows[self._stops[min(self.cursor, len(self._stops) - 1)]].ticked
        if group.startswith(USED_BY):
            # The link is the other app's: ticking here makes it as ticking there would.
            self.post_message(self.UsedByToggled(value, self.app_name, not ticked))
            return
        self.post_message(self.LinkToggled(self.app_name, group, value, not ticked))

    def action_add_linked(self) -> None:
        current = self.current
        if current is not None and current[0] is not None and current[1] == ADD:
            self.post_message(self.AddLinked(self.app_name, current[0]))

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        stop = next((s for s, i in enumerate(self._stops) if i == offset.y), None)
        if stop is None:
            return
        self.cursor = stop
        self.action_toggle_link()

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()
