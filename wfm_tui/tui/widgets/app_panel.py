"""One app as a panel: its name, kind and properties, and a checklist per allowed target kind."""

from __future__ import annotations

from dataclasses import dataclass, replace

from rich.segment import Segment
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.strip import Strip
from textual.widgets import OptionList, SelectionList, Static
from textual.widgets.option_list import OptionDoesNotExist
from textual.widgets.selection_list import Selection

from wfm_tui.core.catalog import Catalog
from wfm_tui.core.findings import Severity
from wfm_tui.core.plan import Plan
from wfm_tui.tui.links import LinkGroup, link_groups, stray_links
from wfm_tui.tui.render import app_details, app_summary, group_header
from wfm_tui.tui.widgets.lines import update_text

STRAY = "(stray)"  # group key of links that the table does not offer
MORE = "\x00more"  # the value of the "list them all" entry; no app name has a control char


class LinkList(SelectionList[str]):
    """The checklist of one group. Prompts are Content, so names are never parsed as markup.

    The boxes show the plan: space (or a click) asks for a link to be made or removed
    (`Toggled`), and the box changes when the plan does (`sync`). So the box, the counts, the
    marks and the validation pane change in one frame, and an edit that fails leaves the box
    as it was.
    """

    class Toggled(Message):
        """The user asked to tick (`on`) or untick `value`."""

        def __init__(self, link_list: LinkList, value: str, on: bool) -> None:
            super().__init__()
            self.link_list = link_list
            self.value = value
            self.on = on

    def __init__(
        self,
        target_kind: str,
        candidates: tuple[str, ...],
        selected: frozenset[str],
        *,
        radio: bool = False,
        hidden: int = 0,
    ):
        options = [_selection(c, c in selected) for c in candidates]
        if hidden:
            more = Content.styled(f"… {hidden} more in other sites: enter to list them", "dim")
            options.append(Selection(more, MORE))
        # Classes given here, not set after: set_class on a new widget restyles it at once.
        super().__init__(*options, classes="-radio" if radio else None)
        self.target_kind = target_kind
        self.candidates = candidates
        self.radio = radio

    def render_line(self, y: int) -> Strip:
        # SelectionList draws the same glyph ticked or not and tells them apart by colour only;
        # with NO_COLOR both would look alike. Draw X (or ● for a one-of group) only when ticked.
        strip = super().render_line(y)
        segments = list(strip)
        try:
            selection = self.get_option_at_index(self.scroll_offset.y + y)
        except OptionDoesNotExist:
            return strip
        if len(segments) < 4:
            return strip
        if selection.value == MORE:  # not a link: no box
            return Strip([Segment("    ", segments[3].style), *segments[4:]], strip.cell_length)
        ticked = selection.value in self.selected
        glyph = ("●" if self.radio else "X") if ticked else " "
        segments[1] = Segment(glyph, segments[1].style)
        return Strip(segments, strip.cell_length)

    def _on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        # SelectionList would tick the box here, and paint it a frame before the edit it stands
        # for is made (a frame costs up to two frame periods of waiting): ask instead.
        event.stop()
        event.prevent_default()
        value = self.get_option_at_index(event.option_index).value
        self.post_message(self.Toggled(self, value, value not in self.selected))

    def sync(self, selected: frozenset[str]) -> None:
        """Tick exactly `selected` (the plan's links)."""
        for name in self.candidates:
            if (name in selected) != (name in self.selected):
                if name in selected:
                    self.select(name)
                else:
                    self.deselect(name)


class GroupHeader(Static):
    """`WFM Builder  X+  2 ✓`: the mark, live count and status above a checklist."""

    def __init__(self, content: Content, target_kind: str) -> None:
        super().__init__(content, classes="group-header")
        self.target_kind = target_kind


def _selection(name: str, selected: bool) -> Selection[str]:
    return Selection(Content(name), name, selected)


@dataclass(frozen=True)
class _PanelState:
    title: Content
    details: Content
    error: bool
    groups: list[LinkGroup]
    stray: list[str]

    expanded: frozenset[str] = frozenset()

    @property
    def shape(self) -> object:
        """What the lists offer; when it changes, they are rebuilt."""
        offered = [(g.target_kind, g.shown(g.target_kind in self.expanded)) for g in self.groups]
        return (offered, tuple(self.stray))


class AppPanel(Vertical):
    """The panel of app `name`; `show` brings it up to date with a plan version."""

    class LinkToggled(Message):
        def __init__(self, source: str, target_kind: str, target: str, on: bool) -> None:
            super().__init__()
            self.source = source
            self.target_kind = target_kind
            self.target = target
            self.on = on

    def __init__(
        self,
        name: str,
        plan: Plan,
        catalog: Catalog,
        status: Severity | None,
        by_kind: dict[str, list[str]],
    ) -> None:
        super().__init__(classes="app-panel")
        self.app_name = name
        self.catalog = catalog
        self.expanded: set[str] = set()  # groups the user asked to list in full
        self._state = self._read(plan, status, by_kind)
        self._shape = self._state.shape

    def _read(
        self, plan: Plan, status: Severity | None, by_kind: dict[str, list[str]]
    ) -> _PanelState:
        groups = link_groups(plan, self.catalog, self.app_name, by_kind)
        self.groups = {g.target_kind: g for g in groups}
        return _PanelState(
            title=app_summary(self.app_name, plan.apps[self.app_name], self.catalog, status),
            details=app_details(plan.apps[self.app_name]),
            error=status is Severity.ERROR,
            groups=groups,
            stray=stray_links(plan, self.catalog, self.app_name),
            expanded=frozenset(self.expanded),
        )

    def compose(self) -> ComposeResult:
        yield Static(self._state.title, classes="panel-title")
        yield Static(self._state.details, classes="panel-details")
        with Vertical(classes="panel-groups"):
            yield from self._group_widgets()

    def _group_widgets(self) -> list[Static]:
        widgets: list[Static] = []
        for group in self._state.groups:
            widgets.append(GroupHeader(group_header(group, self.catalog), group.target_kind))
            if group.candidates:
                shown, hidden = group.shown(group.target_kind in self.expanded)
                widgets.append(
                    LinkList(
                        group.target_kind,
                        shown,
                        group.selected,
                        radio=group.is_radio,
                        hidden=hidden,
                    )
                )
            else:
                widgets.append(Static(_no_candidates(group, self.catalog), classes="group-empty"))
        if self._state.stray:
            stray = self._state.stray
            widgets.append(GroupHeader(_stray_header(len(stray)), STRAY))
            widgets.append(LinkList(STRAY, tuple(stray), frozenset(stray)))
        return widgets

    async def show(
        self, plan: Plan, status: Severity | None, by_kind: dict[str, list[str]]
    ) -> None:
        """Bring the panel up to date with a new plan version."""
        state = self._read(plan, status, by_kind)
        if state == self._state:
            return
        self._state = state
        update_text(self.query_one(".panel-title", Static), state.title)
        update_text(self.query_one(".panel-details", Static), state.details)
        container = self.query_one(".panel-groups", Vertical)
        # The lists are only rebuilt when what they offer changes; ticks are synced in place so
        # that the cursor stays where the user is.
        if state.shape != self._shape:
            self._shape = state.shape
            focused = self.app.focused
            had_focus = focused is not None and container in focused.ancestors
            await container.remove_children()
            await container.mount_all(self._group_widgets())
            if had_focus:
                self.focus_group(None)
            return
        for header in container.query(GroupHeader):
            if header.target_kind != STRAY:
                update_text(header, group_header(self.groups[header.target_kind], self.catalog))
        for link_list in container.query(LinkList):
            if link_list.target_kind != STRAY:
                link_list.sync(self.groups[link_list.target_kind].selected)

    async def _expand(self, target_kind: str) -> None:
        self.expanded.add(target_kind)
        self._state = replace(self._state, expanded=frozenset(self.expanded))
        self._shape = self._state.shape
        container = self.query_one(".panel-groups", Vertical)
        await container.remove_children()
        await container.mount_all(self._group_widgets())
        self.focus_group(target_kind)

    def focus_group(self, target_kind: str | None) -> None:
        """Focus the checklist of `target_kind` (or the first one) and bring it into view."""
        lists = list(self.query(LinkList))
        chosen = next((x for x in lists if x.target_kind == target_kind), None)
        chosen = chosen or (lists[0] if lists else None)
        if chosen is not None:
            chosen.focus()
        else:
            self.scroll_visible()

    def _on_link_list_toggled(self, event: LinkList.Toggled) -> None:
        event.stop()
        link_list = event.link_list
        if event.value == MORE:
            self.run_worker(self._expand(link_list.target_kind), group="expand")
            return
        self.post_message(
            self.LinkToggled(self.app_name, link_list.target_kind, event.value, event.on)
        )


def _no_candidates(group: LinkGroup, catalog: Catalog) -> Content:
    return Content.styled(
        f"no other {catalog.kind_title(group.target_kind)} in the plan (a: add one)", "dim"
    )


def _stray_header(count: int) -> Content:
    return Content.assemble(
        ("Other links", "bold"),
        f"  {count} ",
        ("✗ not in the table: untick to remove", "bold $text-error"),
    )
