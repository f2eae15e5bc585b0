"""The lines of an app panel: what each says, where the cursor stops, and how each shortens
in a narrow panel. Apart from the widget (app_panel.py), which draws them and moves its cursor
over them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from rich.cells import cell_len
from textual.content import Content

from wfm_tui.core.catalog import Catalog
from wfm_tui.editing.link_groups import LinkGroup
from wfm_tui.tui.fitting import cut, shorten
from wfm_tui.tui.styled_text import group_header_parts

STRAY = "(stray)"  # group key of links that the table does not offer
MORE = "\x00more"  # the value of the "list them all" entry; no app name has a control char
FEWER = "\x00fewer"  # the value of the entry that folds them again
ADD = "\x00add"  # the value of a group's "no other DAP in the plan (a: add one)" line
USED_BY = "\x00used by "  # group keys of the "used by" groups: this and the users' kind
USED_BY_TITLE = "Used by: the apps that link to this one"


class Users(Protocol):
    """What a panel asks about the apps that name an app: the document's index."""

    def users_of(self, name: str) -> frozenset[str]: ...

    def users_stamp(self, name: str) -> object:
        """Differs whenever users_of(name), or one of those apps, may have changed."""
        ...


class Nobody:
    """No index (a panel outside an editor): nothing links to anything."""

    def users_of(self, name: str) -> frozenset[str]:
        return frozenset()

    def users_stamp(self, name: str) -> object:
        return None


@dataclass(frozen=True, slots=True)
class Fit:
    """How a row that is too wide for the panel shortens: `title` (a name), never `prefix`
    nor the first `keep` cells of `rest` (a group's count and status)."""

    prefix: Content
    title: str
    rest: Content = field(default_factory=Content)
    keep: int = 0
    title_style: str = ""
    line_style: str = ""
    distinct: bool = False  # shortened apart from the other names of its group
    at_end: bool = False  # cut at the end (a kind's title), not in the middle (a name)

    def whole(self) -> Content:
        """The line with nothing shortened."""
        return self._line(self.title, self.rest)

    def fitted(self, width: int, short: str | None = None) -> Content:
        room = width - self.prefix.cell_length - self.keep
        if short is None:
            short = (cut if self.at_end else shorten)(self.title, max(1, room))
        rest = self.rest
        if rest.cell_length > self.keep and cell_len(short) >= room:
            # Past the kept part (a problem's words) nothing would show but the line's own
            # "…", drawn over its last cell: the status mark. The words go; the pane has them.
            rest = rest.truncate(self.keep)
        return self._line(short, rest)

    def _line(self, title: str, rest: Content) -> Content:
        line = Content.assemble(self.prefix, (title, self.title_style), rest)
        return line.stylize(self.line_style) if self.line_style else line


@dataclass(frozen=True, slots=True)
class Row:
    """One line of a panel. `value` is set on the lines the cursor stops at (targets, MORE,
    FEWER, ADD)."""

    content: Content
    group: str | None = None
    value: str | None = None
    ticked: bool = False
    fit: Fit | None = None


@dataclass(frozen=True)
class PanelState:
    title: Fit
    details: Content
    groups: list[LinkGroup]
    stray: list[str]
    expanded: frozenset[str] = frozenset()
    used_by: list[LinkGroup] = field(default_factory=list)
    stray_more: int = 0  # stray links listed beyond those in `stray`


def panel_rows(state: PanelState, catalog: Catalog, listed: dict[str, set[str]]) -> list[Row]:
    """The lines of a panel. `listed`: the targets listed so far per group (they stay
    listed while the panel lives; updated here)."""
    rows = [Row(state.title.whole(), fit=state.title)]
    rows += [Row(line.stylize("$text-muted")) for line in state.details.split("\n")]
    for group in state.groups:
        kind = group.target_kind
        title, rest, keep = group_header_parts(group, catalog)
        header = Fit(Content(), title, rest, keep, title_style="bold", at_end=True)
        rows += [Row(Content()), Row(header.whole(), kind, fit=header)]
        if not group.size:
            rows.append(_no_candidates(group, catalog, kind))
            continue
        rows += _checklist(group, kind, state, listed)
    # The app's own links the table does not offer: with its others, before other apps'.
    if state.stray:
        count = len(state.stray) + state.stray_more
        rows += [Row(Content()), Row(_stray_header(count), STRAY)]
        rows += [_name_row("[X]", n, STRAY, True) for n in state.stray]
        if state.stray_more:
            more = f"  … {state.stray_more:,} more listed (untick these to see them)"
            rows.append(Row(Content.styled(more, "dim"), STRAY))
    if state.used_by:
        rows += [Row(Content()), Row(Content.styled(USED_BY_TITLE, "bold"))]
    for group in state.used_by:
        key = USED_BY + group.target_kind
        title = catalog.kind_title(group.target_kind)
        rest = Content.assemble("  ", (f"{group.count} of {group.size}", "dim"))
        header = Fit(Content(), title, rest, rest.cell_length, at_end=True)
        rows += [Row(header.whole(), key, fit=header)]
        rows += _checklist(group, key, state, listed)
    return rows


def _checklist(
    group: LinkGroup, key: str, state: PanelState, listed: dict[str, set[str]]
) -> list[Row]:
    """The entries of a group: a box and a name each, and the lines that list more."""
    rows: list[Row] = []
    shown_before = listed.setdefault(key, set())
    shown, hidden = group.shown(key in state.expanded, shown_before)
    shown_before.update(shown)
    radio = group.is_radio and not group.incoming
    glyph = "●" if radio else "X"
    left, right = ("(", ")") if radio else ("[", "]")
    for name in shown:
        ticked = name in group.selected
        rows.append(_name_row(f"{left}{glyph if ticked else ' '}{right}", name, key, ticked))
    if hidden:
        more = f"  … {hidden} more in other sites (enter lists them)"
        rows.append(Row(Content.styled(more, "dim"), key, MORE))
    elif key in state.expanded and group.shown(False)[1]:
        fewer = "  … only this site's" + ("" if group.incoming else " and the ticked") + " (enter)"
        rows.append(Row(Content.styled(fewer, "dim"), key, FEWER))
    return rows


def _name_row(box: str, name: str, group: str, ticked: bool) -> Row:
    """A target's line: its box and its name, which shortens (apart from the group's other
    names) in a narrow panel."""
    fit = Fit(Content(f"  {box} "), name, distinct=True)
    return Row(Content.assemble(fit.prefix, name), group, name, ticked, fit)


def _no_candidates(group: LinkGroup, catalog: Catalog, key: str) -> Row:
    """The line of a group with nothing to tick: the cursor stops on it, and a (or enter)
    adds an app of the kind, linked. In a narrow panel the key stays in sight."""
    what = f"no other {catalog.kind_title(group.target_kind)} in the plan"
    fit = Fit(Content("  "), what, Content(" (a: add one)"), 13, line_style="dim", at_end=True)
    return Row(fit.whole(), key, ADD, fit=fit)


def _stray_header(count: int) -> Content:
    return Content.assemble(
        ("Other links", "bold"),
        f"  {count} ",
        ("✗ not in the table: untick to remove", "bold $text-error"),
    )
