"""The navigator: apps grouped by site, then kind, each with its status mark."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.geometry import Region
from textual.message import Message
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from wfm_tui.core.catalog import Catalog
from wfm_tui.core.findings import Severity
from wfm_tui.core.plan import Plan
from wfm_tui.tui.render import OK_MARK, SEVERITY_MARK

NO_SITE = "(no site)"
# Up to this many apps, every site starts unfolded.
EXPAND_ALL_UP_TO = 200


@dataclass(frozen=True, slots=True)
class Scope:
    """What the centre shows: a site (all its kinds) or one kind of a site; `app` to focus."""

    site: str | None
    kind: str | None = None
    app: str | None = None

    @property
    def view(self) -> tuple[str | None, str | None]:
        """The panels shown: moving between the apps of one group keeps the same panels."""
        return (self.site, self.kind)


def _worst(statuses: list[Severity | None]) -> Severity | None:
    ranked = [s for s in statuses if s is not None and s is not Severity.INFO]
    return min(ranked, key=lambda s: s.rank) if ranked else None


def _ancestors(node: TreeNode[Scope]) -> list[TreeNode[Scope]]:
    ancestors = []
    parent = node.parent
    while parent is not None:
        ancestors.append(parent)
        parent = parent.parent
    return ancestors


# Tree labels are Rich Text (a str label would be parsed as markup), so these use Rich styles.
_MARK_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "bold yellow"}


def _mark(status: Severity | None) -> tuple[str, str]:
    if status is None or status is Severity.INFO:
        return (OK_MARK, "green")
    return (SEVERITY_MARK[status], _MARK_STYLE[status])


def app_label(name: str, status: Severity | None) -> Text:
    # Text.assemble takes plain strings literally.
    return Text.assemble(_mark(status), " ", name)


def group_label(title: str, status: Severity | None, count: int) -> Text:
    return Text.assemble(_mark(status), " ", (title, "bold"), (f" ({count})", "dim"))


# The navigator and the centre both need the layout of a new plan version: it is sorted once.
_last_layout: tuple[Plan, Catalog, dict[str | None, dict[str, list[str]]]] | None = None


def layout_of(plan: Plan, catalog: Catalog) -> dict[str | None, dict[str, list[str]]]:
    """site -> kind -> app names, sites by name (no site last), kinds in table order.

    The same mapping is returned for the same plan version: callers must not change it.
    """
    global _last_layout
    if _last_layout is not None and _last_layout[0] is plan and _last_layout[1] is catalog:
        return _last_layout[2]
    layout = _layout_of(plan, catalog)
    _last_layout = (plan, catalog, layout)
    return layout


def _layout_of(plan: Plan, catalog: Catalog) -> dict[str | None, dict[str, list[str]]]:
    ordered = sorted(
        plan.apps.items(),
        key=lambda item: (
            item[1].site is None,
            item[1].site or "",
            catalog.kind_index(item[1].kind),
            item[0],
        ),
    )
    layout: dict[str | None, dict[str, list[str]]] = {}
    for name, app in ordered:
        layout.setdefault(app.site, {}).setdefault(app.kind, []).append(name)
    return layout


class Navigator(Tree[Scope]):
    """A tree of site -> kind -> app. Highlighting a node asks the centre to show its scope."""

    BORDER_TITLE = "Apps"
    # As in a file manager's tree (a Tree alone would scroll sideways).
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("right", "open_node", "Open", show=False, tooltip="Navigator: open a site"),
        Binding("left", "close_node", "Close", show=False, tooltip="Navigator: close, or up"),
    ]

    class ScopeChosen(Message):
        def __init__(self, scope: Scope) -> None:
            super().__init__()
            self.scope = scope

    class AppChosen(Message):
        """Enter on an app: go into its panel."""

        def __init__(self, name: str) -> None:
            super().__init__()
            self.name = name

    def __init__(self, **kwargs: object) -> None:
        self._label_only: set[int] = set()  # nodes whose line was repainted for a new label
        super().__init__("Plan", **kwargs)  # type: ignore[arg-type]
        self.show_root = False
        self.guide_depth = 2
        self._app_nodes: dict[str, TreeNode[Scope]] = {}
        self._group_nodes: dict[tuple[str | None, str | None], TreeNode[Scope]] = {}
        self._members: dict[tuple[str | None, str | None], list[str]] = {}
        self._labels: dict[int, Text] = {}
        self._structure: dict[str, tuple[str | None, str]] | None = None
        self._statuses: dict[str, Severity | None] = {}
        # Sites whose kind and app lines are not built yet: a folded site gets them when it
        # is opened. A large plan then starts with a line per site, not one per app.
        self._unbuilt: dict[str | None, dict[str, list[str]]] = {}
        self._catalog: Catalog | None = None

    def show(self, plan: Plan, catalog: Catalog, statuses: dict[str, Severity | None]) -> None:
        """Bring the tree up to date: rebuilt when apps moved, else only changed marks."""
        structure = {name: (app.site, app.kind) for name, app in plan.apps.items()}
        self._catalog = catalog
        if structure != self._structure:
            self._structure = structure
            self._statuses = dict(statuses)
            self._rebuild(plan, catalog, statuses)
        elif statuses != self._statuses:
            # Most edits change the marks of an app or two: relabel only those and their groups.
            changed = [n for n, s in statuses.items() if self._statuses.get(n, s) != s]
            self._statuses = dict(statuses)
            self._relabel(catalog, statuses, changed)

    def _rebuild(self, plan: Plan, catalog: Catalog, statuses: dict[str, Severity | None]) -> None:
        cursor = self.cursor_node.data if self.cursor_node is not None else None
        self.clear()
        self._app_nodes.clear()
        self._group_nodes.clear()
        self._members.clear()
        self._labels.clear()
        self._label_only.clear()
        self._unbuilt.clear()
        layout = layout_of(plan, catalog)
        # A large plan starts with its sites folded, but the one in view: the tree then has
        # a line per site, not one per app, to lay out and to measure.
        folded = len(plan.apps) > EXPAND_ALL_UP_TO
        open_site = cursor.site if cursor is not None else next(iter(layout), None)
        for site, kinds in layout.items():
            members = [n for names in kinds.values() for n in names]
            expand = not folded or site == open_site
            site_node = self._add(
                self.root,
                self._group_label(catalog, site, None, members, statuses),
                Scope(site),
                expand=expand,
            )
            self._group_nodes[(site, None)] = site_node
            self._members[(site, None)] = members
            self._unbuilt[site] = kinds
            if expand:
                self._build_site(site)
            else:
                site_node.allow_expand = True  # the fold mark, before its lines exist
        if cursor is not None:
            self.select_scope(cursor, notify=False)

    def _build_site(self, site: str | None) -> None:
        """Add the kind and app lines of `site` (once; with the marks of now)."""
        kinds = self._unbuilt.pop(site, None)
        if kinds is None or self._catalog is None:
            return
        catalog, statuses = self._catalog, self._statuses
        site_node = self._group_nodes[(site, None)]
        for kind, names in kinds.items():
            label = self._group_label(catalog, site, kind, names, statuses)
            kind_node = self._add(site_node, label, Scope(site, kind), expand=True)
            self._group_nodes[(site, kind)] = kind_node
            self._members[(site, kind)] = names
            for name in names:
                label = app_label(name, statuses.get(name))
                self._app_nodes[name] = self._add(kind_node, label, Scope(site, kind, name))

    def action_open_node(self) -> None:
        """Open the folded node under the cursor, or go to its first child."""
        node = self.cursor_node
        if node is None:
            return
        if node.allow_expand and not node.is_expanded:
            node.expand()
        elif node.children:
            self.move_cursor(node.children[0])

    def action_close_node(self) -> None:
        """Fold the node under the cursor, or go up to its parent."""
        node = self.cursor_node
        if node is None:
            return
        if node.is_expanded and node.children:
            node.collapse()
        elif node.parent is not None and node.parent is not self.root:
            self.move_cursor(node.parent)

    def _on_tree_node_expanded(self, event: Tree.NodeExpanded[Scope]) -> None:
        scope = event.node.data
        if scope is not None and scope.kind is None and scope.site in self._unbuilt:
            self._build_site(scope.site)

    def _add(
        self, parent: TreeNode[Scope], label: Text, scope: Scope, *, expand: bool | None = None
    ) -> TreeNode[Scope]:
        """Add a node with its label (set here, not afterwards: each set_label costs a refresh)."""
        if expand is None:
            node = parent.add_leaf(label, scope)
        else:
            node = parent.add(label, scope, expand=expand)
        self._labels[node.id] = label
        return node

    @staticmethod
    def _group_label(
        catalog: Catalog,
        site: str | None,
        kind: str | None,
        members: list[str],
        statuses: dict[str, Severity | None],
    ) -> Text:
        worst = _worst([statuses.get(n) for n in members])
        title = catalog.kind_title(kind) if kind is not None else site or NO_SITE
        return group_label(title, worst, len(members))

    def _relabel(
        self,
        catalog: Catalog,
        statuses: dict[str, Severity | None],
        only: list[str] | None = None,
    ) -> None:
        names = self._app_nodes if only is None else only
        groups: set[tuple[str | None, str | None]] = set()
        for name in names:
            site, kind = self._structure[name] if self._structure else (None, None)
            groups.update({(site, kind), (site, None)})
            node = self._app_nodes.get(name)
            if node is not None:  # else its site is not built yet: it gets the mark then
                self._set(node, app_label(name, statuses.get(name)))
        if only is None:
            groups = set(self._group_nodes)
        for site, kind in groups:
            node = self._group_nodes.get((site, kind))
            if node is None:
                continue
            members = self._members[(site, kind)]
            self._set(node, self._group_label(catalog, site, kind, members, statuses))

    def _set(self, node: TreeNode[Scope], text: Text) -> None:
        # set_label re-renders the line: only do it when the label really changed.
        if self._labels.get(node.id) == text:
            return
        self._labels[node.id] = text
        node.set_label(text)
        # set_label repaints, a moment later, the node's line and those of all its children:
        # for a site that is the whole tree. A label is one line: repaint it now, in the
        # frame of the edit, and let the later call pass (see _refresh_node).
        if node.line >= 0:
            self._label_only.add(node.id)
            self.refresh(Region(0, node.line - self.scroll_offset.y, self.size.width, 1))

    def _refresh_node(self, node: TreeNode[Scope]) -> None:
        if node.id in self._label_only:
            self._label_only.discard(node.id)
            return
        super()._refresh_node(node)

    def process_label(self, label: str | Text) -> Text:
        # Never parse: every label is built as Text already, and a stray str stays literal.
        return Text(label) if isinstance(label, str) else label

    def select_scope(self, scope: Scope, *, notify: bool = True) -> None:
        """Move the cursor to the node of `scope` (its app, else its group)."""
        self._build_site(scope.site)
        node = self._app_nodes.get(scope.app) if scope.app else None
        if node is None:
            node = self._group_nodes.get(scope.view) or self._group_nodes.get((scope.site, None))
        if node is None:
            return
        folded = [a for a in _ancestors(node) if not a.is_expanded]
        for ancestor in folded:
            ancestor.expand()  # a folded site opens to show its app
        if folded:
            self.get_node_at_line(0)  # lays the lines out again: the node learns its line
        if not notify:
            with self.prevent(Tree.NodeHighlighted):
                self.move_cursor(node)
        else:
            self.move_cursor(node)

    def first_scope(self) -> Scope | None:
        return next(iter(self.root.children), None) and self.root.children[0].data

    def _on_tree_node_highlighted(self, event: Tree.NodeHighlighted[Scope]) -> None:
        event.stop()
        if event.node.data is not None:
            self.post_message(self.ScopeChosen(event.node.data))

    def _on_tree_node_selected(self, event: Tree.NodeSelected[Scope]) -> None:
        # Enter on an app jumps into its panel; on a group it only folds, as a Tree does.
        event.stop()
        if event.node.data is not None and event.node.data.app is not None:
            self.post_message(self.AppChosen(event.node.data.app))
