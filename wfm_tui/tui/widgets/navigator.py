"""The navigator: apps grouped by site, then kind, each with its status mark.

One widget that draws its own lines (Textual's line API), as the app panels do. A Tree kept
a node per app, and measured and painted them all again on every change of the tree: for a
plan of a thousand apps, a fair part of the editor's start-up. Here a folded site has no lines
at all, and a line is drawn once until its label, its cursor or the width changes.

Over 400 lines: the lines, the folds, the filter and the cursor's keys and mouse act on the
same list of lines, and kept together they stay in step.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import ClassVar

from textual import events
from textual.binding import BindingType
from textual.cache import LRUCache
from textual.content import Content
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from wfm_tui.core.catalog import Catalog
from wfm_tui.core.findings import Severity
from wfm_tui.core.plan import Plan
from wfm_tui.editing.layout import EMPTY_LAYOUT, NO_SITE, Layout, Scope
from wfm_tui.tui.fitting import cut_distinct, shorten, shorten_distinct
from wfm_tui.tui.keys import NAVIGATOR, bindings
from wfm_tui.tui.styled_text import status_mark
from wfm_tui.tui.widgets.lines import line_strip

# Up to this many apps, every site starts unfolded.
EXPAND_ALL_UP_TO = 200


def _worst(statuses: list[Severity | None]) -> Severity | None:
    ranked = [s for s in statuses if s is not None and s is not Severity.INFO]
    return min(ranked, key=lambda s: s.rank) if ranked else None


@dataclass(frozen=True, slots=True)
class NavLine:
    """One line of the navigator: a site, a kind within a site, or an app."""

    scope: Scope
    title: str  # the app's name, the kind's title or the site's name
    status: Severity | None
    count: int = 0  # a group's apps
    folded: bool = False

    @property
    def label(self) -> Content:
        """Mark, name and count: no indent, no fold mark. Made when asked for (drawn): a plan
        of 10,000 apps opens with over a thousand lines, of which a screenful is drawn."""
        if self.scope.app is not None:
            return app_label(self.title, self.status)
        return group_label(self.title, self.status, self.count)

    @property
    def is_group(self) -> bool:
        return self.scope.app is None

    @property
    def depth(self) -> int:
        if self.scope.kind is None:
            return 0
        return 1 if self.scope.app is None else 2

    def content(self) -> Content:
        """The line as drawn: indented, a group with its fold mark."""
        indent = "  " * self.depth
        if not self.is_group:
            return Content.assemble(indent, self.label)
        return Content.assemble(indent, ("▶ " if self.folded else "▼ ", "dim"), self.label)

    def fitted(self, width: int, short: str | None = None) -> Content:
        """The line in `width` cells: an app's name shortened (as `short`, distinct within its
        group), a group's title shortened but never its count."""
        indent = "  " * self.depth
        if not self.is_group:
            name = short if short is not None else shorten(self.title, width - len(indent) - 2)
            return Content.assemble(indent, app_label(name, self.status))
        fold = ("▶ " if self.folded else "▼ ", "dim")
        # A kind's title comes cut (`short`) distinct from its site's other kinds.
        title = short if short is not None else shorten(self.title, self.title_room(width))
        label = group_label(title, self.status, self.count)
        return Content.assemble(indent, fold, label)

    def title_room(self, width: int, count: int | None = None) -> int:
        """The cells a group's title has in `width`, beside a count of `count` (its own)."""
        shown = self.count if count is None else count
        return max(1, width - 2 * self.depth - 4 - len(f" ({shown})"))


def app_label(name: str, status: Severity | None) -> Content:
    return Content.assemble(status_mark(status), " ", name)  # a str part is never parsed


def group_label(title: str, status: Severity | None, count: int) -> Content:
    return Content.assemble(status_mark(status), " ", (title, "bold"), (f" ({count})", "dim"))


_CURSOR_STYLE = "$block-cursor-foreground on $block-cursor-background"
_BLURRED_CURSOR_STYLE = "on $block-cursor-blurred-background"


class Navigator(ScrollView, can_focus=True):
    """Sites, kinds in them, apps in those. Moving the cursor asks the centre to show the
    line's scope (`ScopeChosen`); enter on an app goes into its panel (`AppChosen`)."""

    BORDER_TITLE = "Apps"
    DEFAULT_CSS = """
    Navigator {
        overflow-x: hidden;
        /* A thin bar: the names need the columns more. */
        scrollbar-size-vertical: 1;
        border: round $primary 50%;
        border-title-color: $text-muted;
        padding: 0;
    }
    Navigator:focus {
        border: round $accent;
    }
    """
    ALLOW_SELECT = False  # a list to move in, not text to copy
    BINDINGS: ClassVar[list[BindingType]] = bindings(NAVIGATOR)

    class ScopeChosen(Message):
        def __init__(self, scope: Scope) -> None:
            super().__init__()
            self.scope = scope

    class AppChosen(Message):
        """Enter on an app: go into its panel."""

        def __init__(self, name: str) -> None:
            super().__init__()
            self.name = name

    def __init__(
        self, *, name: str | None = None, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.cursor = 0
        self.lines: list[NavLine] = []
        self._layout: Layout = EMPTY_LAYOUT
        self._statuses: dict[str, Severity | None] = {}
        # Where each site's lines start, for redrawing one site's marks.
        self._site_start: dict[str | None, int] = {}
        self._catalog: Catalog | None = None
        # Folded groups, by (site, None) or (site, kind). A large plan starts with every site
        # folded but one: a line per site, not one per app.
        self._folded: set[tuple[str | None, str | None]] = set()
        self._strips: LRUCache[tuple[NavLine, str, int, str], Strip] = LRUCache(1024)
        self._made: LRUCache[tuple[Scope, Severity | None, int, bool], NavLine] = LRUCache(8192)
        self._filter = ""  # casefolded; "" shows every app
        # Names shortened to fit, by (site, kind, width): made when a line is first drawn
        # too long for its width, kept while the layout stays.
        self._short: dict[tuple[str | None, str | None, int], dict[str, str]] = {}

    # -- what is shown -----------------------------------------------------------------------

    def show(
        self,
        plan: Plan,
        layout: Layout,
        catalog: Catalog,
        statuses: dict[str, Severity | None],
        changed: Collection[str] | None = None,
    ) -> None:
        """Bring the lines up to date with a plan version, its layout and its statuses.
        `changed`, when known, names every app whose status may differ from the statuses last
        shown: with the same layout, only their sites' lines are made again."""
        # Most edits change links only: the layout is then the same object as before.
        same = layout is self._layout and catalog is self._catalog
        if same and changed is not None:
            self._remark(plan, statuses, changed)
            return
        if same and statuses == self._statuses:
            return
        if len(plan.apps) > EXPAND_ALL_UP_TO:
            # Sites new to the navigator start folded, but the one the cursor is in (or the
            # first): what the user unfolded stays so.
            current = self.current_scope
            keep = current.site if current is not None else next(iter(layout), None)
            new = [site for site in layout if site not in self._layout and site != keep]
            self._folded.update((site, None) for site in new)
        if layout is not self._layout or catalog is not self._catalog:
            self._short = {}
        self._layout = layout
        self._statuses = dict(statuses)
        self._catalog = catalog
        self._rebuild()

    def _rebuild(self) -> None:
        """Lay the lines out again; the cursor stays on its scope, else on what holds it."""
        current = self.current_scope
        lines = self._lines()
        resized = len(lines) != len(self.lines)
        if resized:
            self.lines = lines
        else:  # most edits change the mark of an app or two: repaint those lines only
            self._put_lines(0, lines)
        if current is not None:
            self.cursor = self._index_of(current)
        self.cursor = max(0, min(self.cursor, len(self.lines) - 1))
        if resized:
            self.virtual_size = Size(0, len(self.lines))
            self.refresh()

    def _remark(
        self, plan: Plan, statuses: dict[str, Severity | None], changed: Collection[str]
    ) -> None:
        """New marks for the apps in `changed`: their sites' lines are made again and those
        that differ repainted, at the cost of those sites, not of the plan (a toggle at
        10,000 apps went through a line per site)."""
        sites: set[str | None] = set()
        for name in changed:
            app = plan.apps.get(name)
            if app is None:  # gone: the layout would have changed; be safe
                self._statuses = dict(statuses)
                self._rebuild()
                return
            self._statuses[name] = statuses.get(name)
            sites.add(app.site)
        for site in sites:
            start = self._site_start.get(site)
            if start is None:
                continue  # no line: the filter hides its apps
            self._put_lines(start, self._site_lines(site))

    def _put_lines(self, start: int, lines: list[NavLine]) -> None:
        """`lines` in place from line `start` on; only those that differ are repainted."""
        for index, after in enumerate(lines, start):
            before = self.lines[index]
            if before is not after and before != after:
                self.lines[index] = after
                self._refresh_line(index)

    def _lines(self) -> list[NavLine]:
        self._site_start = {}
        if self._catalog is None:
            return []
        lines: list[NavLine] = []
        for site in self._layout:
            block = self._site_lines(site)
            if block:
                self._site_start[site] = len(lines)
                lines += block
        return lines

    def _site_lines(self, site: str | None) -> list[NavLine]:
        """The lines of one site: its own, and unless folded, its kinds' and apps'."""
        statuses, line = self._statuses, self._line
        # A filter shows every match: folds apply to the whole list only.
        folded = (site, None) in self._folded and not self._filter
        # A folded site's line needs no order of its apps.
        kinds = self._layout.unsorted(site) if folded else self._matching(self._layout[site])
        if not kinds:
            return []
        members = [name for names in kinds.values() for name in names]
        worst = _worst([statuses.get(n) for n in members])
        lines = [line(Scope(site), worst, len(members), folded)]
        if folded:
            return lines
        for kind, names in kinds.items():
            kind_folded = (site, kind) in self._folded and not self._filter
            worst = _worst([statuses.get(n) for n in names])
            lines.append(line(Scope(site, kind), worst, len(names), kind_folded))
            if not kind_folded:
                # Made afresh, not through the cache: a filter's first letter lists nearly
                # every app of a large plan, and an app's line costs less than its lookup.
                lines += [NavLine(Scope(site, kind, n), n, statuses.get(n)) for n in names]
        return lines

    def _matching(self, kinds: dict[str, list[str]]) -> dict[str, list[str]]:
        if not self._filter:
            return kinds
        matching = {
            kind: [name for name in names if self._filter in name.casefold()]
            for kind, names in kinds.items()
        }
        return {kind: names for kind, names in matching.items() if names}

    def _line(
        self, scope: Scope, status: Severity | None, count: int = 0, folded: bool = False
    ) -> NavLine:
        """The line of `scope` with this mark (and count): made once, then reused. An edit
        changes the marks of a few lines; the others are the lines of before."""
        key = (scope, status, count, folded)
        made = self._made.get(key)
        if made is None:
            if scope.app is not None:
                title = scope.app
            elif scope.kind is not None and self._catalog is not None:
                title = self._catalog.kind_title(scope.kind)
            else:
                title = scope.site if scope.site is not None else NO_SITE
            made = self._made[key] = NavLine(scope, title, status, count, folded)
        return made

    def _index_of(self, scope: Scope) -> int:
        """The line of `scope`, else of the group that holds it (folded), else the cursor's.
        Looked for in its site's lines only: the cost of a site, not of the plan."""
        start = self._site_start.get(scope.site)
        if start is None:
            return self.cursor
        found: dict[Scope, int] = {}
        for index in range(start, len(self.lines)):
            line = self.lines[index]
            if index > start and line.scope.kind is None:
                break  # the next site's line
            found[line.scope] = index
        wanted = [scope, Scope(scope.site, scope.kind), Scope(scope.site)]
        return next((found[s] for s in wanted if s in found), self.cursor)

    # -- what tests and the editor ask -------------------------------------------------------

    @property
    def current_scope(self) -> Scope | None:
        """The scope of the line under the cursor."""
        return self.lines[self.cursor].scope if self.lines else None

    def first_scope(self) -> Scope | None:
        return self.lines[0].scope if self.lines else None

    @property
    def filtered(self) -> bool:
        return bool(self._filter)

    def set_filter(self, text: str) -> int:
        """List only the apps whose name contains `text` (any case), with their sites and
        kinds, unfolded; "" lists every app again. Returns how many apps match."""
        wanted = text.strip().casefold()
        if wanted != self._filter:
            current = self.current_scope
            self._filter = wanted
            self.border_title = "Apps · filtered" if wanted else self.BORDER_TITLE
            self._rebuild()
            # The cursor stays on its scope's line when the filter lists it (_rebuild).
            if not self.lines or self.lines[self.cursor].scope != current:
                first = self.first_app()
                self.cursor = self._index_of(first) if first is not None else 0
                if first is not None:
                    self.post_message(self.ScopeChosen(first))  # the centre follows the cursor
            self.refresh()
            # A new list starts from its top, with the sites and kinds above the cursor.
            self.scroll_to(y=0, animate=False, immediate=True)
            self._cursor_into_view()
        return sum(1 for line in self.lines if line.scope.app is not None)

    def lists(self, name: str) -> bool:
        """Whether app `name` passes the filter (every app does when there is none)."""
        return self._filter in name.casefold()

    def first_app(self) -> Scope | None:
        """The first app listed (with a filter: the first match)."""
        return next((line.scope for line in self.lines if line.scope.app is not None), None)

    # -- moving ------------------------------------------------------------------------------

    def select_scope(self, scope: Scope, *, notify: bool = True) -> None:
        """Put the cursor on `scope`'s line, unfolding the groups that hold it."""
        unfold: set[tuple[str | None, str | None]] = set()
        if scope.kind is not None:
            unfold.add((scope.site, None))
        if scope.app is not None:
            unfold.add((scope.site, scope.kind))
        if unfold & self._folded:
            self._folded -= unfold
            self._rebuild()
        self._move(self._index_of(scope), notify=notify)

    def _move(self, index: int, *, notify: bool = True) -> None:
        if not self.lines:
            return
        index = max(0, min(index, len(self.lines) - 1))
        before = self.cursor
        self.cursor = index
        self._refresh_line(before)
        self._refresh_line(index)
        self._cursor_into_view()
        if notify and index != before:
            self.post_message(self.ScopeChosen(self.lines[index].scope))

    def _cursor_into_view(self) -> None:
        """Scroll to the cursor's line now, and again once a change of the lines' count has
        been laid out (until then the scroll range is the old one)."""

        def scroll() -> None:
            self.scroll_to_region(Region(0, self.cursor, 1, 1), animate=False, immediate=True)

        scroll()
        self.call_after_refresh(scroll)

    def _set_fold(self, index: int, folded: bool) -> None:
        line = self.lines[index]
        if not line.is_group or line.folded == folded:
            return
        key = line.scope.view
        if folded:
            self._folded.add(key)
        else:
            self._folded.discard(key)
        self._rebuild()

    def action_cursor(self, step: int) -> None:
        self._move(self.cursor + step)

    def action_page(self, direction: int) -> None:
        self._move(self.cursor + direction * max(1, self.scrollable_content_region.height - 1))

    def action_cursor_to(self, index: int) -> None:
        self._move(index % len(self.lines) if self.lines else 0)

    def action_select(self) -> None:
        if not self.lines:
            return
        line = self.lines[self.cursor]
        if line.scope.app is not None:
            self.post_message(self.AppChosen(line.scope.app))
        else:
            self._set_fold(self.cursor, not line.folded)

    def action_toggle_fold(self) -> None:
        if self.lines and self.lines[self.cursor].is_group:
            self._set_fold(self.cursor, not self.lines[self.cursor].folded)

    def action_open_node(self) -> None:
        """Open the folded group under the cursor, or go to its first line; on an app, go
        into its panel."""
        if not self.lines:
            return
        line = self.lines[self.cursor]
        if line.folded:
            self._set_fold(self.cursor, False)
        elif line.is_group:
            self._move(self.cursor + 1)
        elif line.scope.app is not None:
            self.post_message(self.AppChosen(line.scope.app))

    def action_close_node(self) -> None:
        """Fold the group under the cursor, or go up to the group that holds the line."""
        if not self.lines:
            return
        line = self.lines[self.cursor]
        if line.is_group and not line.folded:
            self._set_fold(self.cursor, True)
        elif line.depth > 0:
            scope = line.scope
            parent = Scope(scope.site, scope.kind) if scope.app else Scope(scope.site)
            self._move(self._index_of(parent))

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        index = offset.y + self.scroll_offset.y
        if not 0 <= index < len(self.lines):
            return
        line = self.lines[index]
        self._move(index)
        # The fold mark folds; a click elsewhere on an app goes into its panel.
        if line.is_group and offset.x in (2 * line.depth, 2 * line.depth + 1):
            self._set_fold(index, not line.folded)
        elif line.scope.app is not None:
            self.post_message(self.AppChosen(line.scope.app))

    def on_focus(self) -> None:
        self._refresh_line(self.cursor)

    def on_blur(self) -> None:
        self._refresh_line(self.cursor)

    # -- drawing -----------------------------------------------------------------------------

    def _refresh_line(self, index: int) -> None:
        y = index - self.scroll_offset.y
        if 0 <= y < self.size.height:
            self.refresh(Region(0, y, self.size.width, 1))

    def render_line(self, y: int) -> Strip:
        index = y + self.scroll_offset.y
        width = self.scrollable_content_region.width
        if not 0 <= index < len(self.lines):
            if index == 0 and self._filter:
                return line_strip(self, Content.styled("no app matches", "dim italic"), width)
            return Strip.blank(width, self.visual_style.rich_style)
        line = self.lines[index]
        state = ""
        if index == self.cursor:
            if self.app.no_color:
                # Without colour the cursor's background is gone: reverse and underline are
                # attributes every terminal shows.
                state = "reverse" if self.has_focus else "underline"
            else:
                state = _CURSOR_STYLE if self.has_focus else _BLURRED_CURSOR_STYLE
        key = (line, state, width, self.app.theme)
        strip = self._strips.get(key)
        if strip is None:
            content = line.content()
            if content.cell_length > width:
                content = line.fitted(width, self._short_name(line.scope, width))
            strip = self._strips[key] = line_strip(self, content, width, state)
        return strip

    def _short_name(self, scope: Scope, width: int) -> str | None:
        """An app's name shortened to fit its line, distinct from the others of its group; a
        kind's title cut to fit, distinct from its site's other kinds'."""
        if scope.app is None:
            return self._short_kind(scope, width)
        key = (scope.site, scope.kind, width)
        names = self._short.get(key)
        if names is None:
            group = self._layout.get(scope.site, {}).get(scope.kind or "", [])
            # The indent and the mark take 6 cells.
            names = self._short[key] = shorten_distinct(group, width - 6)
        return names.get(scope.app)

    def _short_kind(self, scope: Scope, width: int) -> str | None:
        catalog = self._catalog
        if catalog is None or scope.kind is None:
            return None
        key = (scope.site, None, width)  # an app's key has its kind: never None
        titles = self._short.get(key)
        if titles is None:
            kinds = self._layout.get(scope.site, {})
            # One room for all, that of the longest count: the titles are told apart alike.
            longest = max(map(len, kinds.values()), default=0)
            room = NavLine(scope, "", None).title_room(width, longest)
            titles = self._short[key] = cut_distinct(map(catalog.kind_title, kinds), room)
        return titles.get(catalog.kind_title(scope.kind))
