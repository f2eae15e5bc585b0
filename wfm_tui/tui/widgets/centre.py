"""The centre: the panels of the chosen site or kind (never all apps of a large plan at once)."""

from __future__ import annotations

from textual.containers import VerticalScroll
from textual.content import Content
from textual.geometry import Region
from textual.widgets import Static

from wfm_tui.core.catalog import Catalog
from wfm_tui.core.findings import Severity
from wfm_tui.core.plan import Plan
from wfm_tui.editing.layout import EMPTY_LAYOUT, NO_SITE, Layout, Scope
from wfm_tui.editing.link_groups import Targets
from wfm_tui.tui.textual_private import border_subtitle, set_border_subtitle_quietly
from wfm_tui.tui.widgets.app_panel import AppPanel
from wfm_tui.tui.widgets.lines import same, update_text
from wfm_tui.tui.widgets.panel_rows import Users

# Enough for a site of a real deployment; a larger scope asks the user to choose a kind.
MAX_PANELS = 24
EMPTY_PLAN = Content.styled("The plan has no apps yet: press a to add one.", "dim")
NO_MATCH = Content.styled("No app matches the filter: escape in the navigator clears it.", "dim")


class Centre(VerticalScroll, can_focus=False):
    """Not focusable itself: tab goes straight to the checklists inside."""

    BORDER_TITLE = "Links"
    DEFAULT_CSS = """
    Centre {
        border: round $primary 50%;
        border-title-color: $text-muted;
        padding: 0 1;
    }
    Centre:focus-within {
        border: round $accent;
    }
    Centre .caption {
        margin-bottom: 1;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    /* A message instead of panels (what to press, what to clear) is read whole. */
    Centre .caption.-message {
        text-wrap: wrap;
    }
    Centre .more {
        color: $text-muted;
    }
    """

    def __init__(
        self, *, name: str | None = None, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.scope: Scope | None = None
        self.panels: dict[str, AppPanel] = {}
        self._names: list[str] = []
        self._caption_widget = Static()
        self._empty = EMPTY_PLAN  # the caption when there is nothing to show
        # What the panels' lists depend on besides their own app: which apps exist (with
        # their site and kind: the layout) and the features. When unchanged, only changed
        # apps refresh.
        self._layout: Layout = EMPTY_LAYOUT
        self._features: object = None
        self._catalog: Catalog | None = None
        self._apps: dict[str, object] = {}
        self._statuses: dict[str, Severity | None] = {}
        self._users: dict[str, object] = {}

    async def show(
        self,
        plan: Plan,
        catalog: Catalog,
        statuses: dict[str, Severity | None],
        scope: Scope | None,
        *,
        layout: Layout,
        targets: Targets,
        filtered: bool = False,
        users: Users | None = None,
    ) -> None:
        """Show `scope`'s panels, up to date with `plan`; rebuilt only when the set changes.
        No scope: the plan has no apps, or (`filtered`) none passes the navigator's filter."""
        self._empty = (
            EMPTY_PLAN if not plan.apps else NO_MATCH if filtered else Content("No app chosen.")
        )
        # The layout is the same object while no app moved.
        same_context = layout is self._layout and plan.features == self._features
        self._layout, self._features = layout, plan.features
        names, total = self._names_in(scope)
        self.scope = scope
        # Panels hold their catalog: another catalog (a WFM version) means new panels.
        if names != self._names or not self.children or catalog is not self._catalog:
            self._names, self._catalog = names, catalog
            await self.remove_children()
            self.panels = {
                name: AppPanel(name, plan, catalog, statuses.get(name), targets, users)
                for name in names
            }
            self._caption_widget = Static(self._caption(catalog, scope, total), classes="caption")
            self._caption_widget.set_class(scope is None, "-message")
            widgets: list[Static | AppPanel] = [self._caption_widget]
            widgets += self.panels.values()
            if total > len(names):
                widgets.append(Static(_more(total - len(names)), classes="more"))
            await self.mount_all(widgets)
            self.scroll_home(animate=False)  # other panels: from the top, caption first
        else:
            self._caption_widget.set_class(scope is None, "-message")
            update_text(self._caption_widget, self._caption(catalog, scope, total))
            for name, panel in self.panels.items():
                # "Used by" changes with the apps that link to this one, not with the app.
                unchanged = (
                    same_context
                    and plan.apps.get(name) is self._apps.get(name)
                    and statuses.get(name) == self._statuses.get(name)
                    and (users is None or users.users_stamp(name) == self._users.get(name))
                )
                if name in plan.apps and not unchanged:
                    await panel.show(plan, statuses.get(name), targets, users)
        # Plans are immutable and share unchanged apps, so identity tells what changed.
        self._apps = {name: plan.apps[name] for name in names if name in plan.apps}
        self._statuses = {name: statuses.get(name) for name in names}
        if users is not None:
            self._users = {name: users.users_stamp(name) for name in names}

    def _names_in(self, scope: Scope | None) -> tuple[list[str], int]:
        if scope is None:
            return [], 0
        kinds = self._layout.get(scope.site, {})
        if scope.kind is not None:
            names = list(kinds.get(scope.kind, ()))
        else:
            names = [n for group in kinds.values() for n in group]
        if scope.app is not None and scope.app in names and len(names) > MAX_PANELS:
            # Keep the chosen app within the window shown.
            start = max(0, min(names.index(scope.app) - 2, len(names) - MAX_PANELS))
            return names[start : start + MAX_PANELS], len(names)
        return names[:MAX_PANELS], len(names)

    def _caption(self, catalog: Catalog, scope: Scope | None, total: int) -> Content:
        if scope is None:
            return self._empty
        site = Content(scope.site) if scope.site is not None else Content(NO_SITE)
        parts: list[Content | str | tuple[str, str]] = [("Site ", "dim"), site]
        if scope.kind is not None:
            parts += [("  ·  ", "dim"), catalog.kind_title(scope.kind)]
        parts.append((f"  ·  {total} app{'s' if total != 1 else ''}", "dim"))
        return Content.assemble(*parts)

    def set_counts(self, counts: Content) -> None:
        """Show the findings' counts in the bottom border (they stay in sight without the pane).

        Setting `border_subtitle` repaints the whole centre, every panel in it; only the border
        row changes, so only that row is repainted, and nothing at all when the counts are the
        same.
        """
        if same(border_subtitle(self), counts):
            return
        if not self.is_mounted or not self.size:
            self.border_subtitle = counts
            return
        set_border_subtitle_quietly(self, counts)
        width, height = self.outer_size
        # refresh() takes regions relative to the content; the border row is outside it.
        x, y = self.content_offset
        self.refresh(Region(-x, height - 1 - y, width, 1))

    def panel_of(self, name: str) -> AppPanel | None:
        return self.panels.get(name)

    def title_into_view(self, name: str) -> None:
        """Scroll (as little as it takes) until the title line of `name`'s panel shows."""
        panel = self.panels.get(name)
        if panel is not None and panel.is_mounted:
            title = Region(0, panel.virtual_region.y, self.size.width, 1)
            self.scroll_to_region(title, animate=False, immediate=True)


def _more(count: int) -> Content:
    return Content.styled(
        f"{count} more not shown: choose a kind or an app in the navigator to see them", "dim"
    )
