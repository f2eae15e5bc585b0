"""How the editor lays a plan out: sites, the kinds in each, the apps of each kind."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

from wfm_tui.core.catalog import Catalog
from wfm_tui.core.names import natural_key
from wfm_tui.core.plan import Plan

NO_SITE = "(no site)"


class Layout(Mapping[str | None, dict[str, list[str]]]):
    """site -> kind -> app names: sites by name (no site last), kinds in table order, names in
    natural order ("Site 2" before "Site 10"). Treated as read-only by everyone: a layout that
    did not change is handed out again as the same object, so that widgets tell a change by
    identity.

    A site's apps are sorted when the site is first asked for: a large plan opens with every
    site but one folded, and a folded site's line needs only its apps' count and marks
    (`unsorted`). Sorting every name first was a tenth of the start-up at 10,000 apps.
    """

    def __init__(
        self, grouped: dict[str | None, dict[str, list[str]]], kind_order: dict[str, int]
    ) -> None:
        self._grouped = grouped
        self._kind_order = kind_order
        self._sites = sorted(grouped, key=lambda site: (site is None, natural_key(site or "")))
        self._sorted: dict[str | None, dict[str, list[str]]] = {}

    def __getitem__(self, site: str | None) -> dict[str, list[str]]:
        kinds = self._sorted.get(site)
        if kinds is None:
            named = {
                kind: sorted(names, key=natural_key) for kind, names in self._grouped[site].items()
            }
            last = len(self._kind_order)  # unknown kinds, by their first name
            order = sorted(
                named,
                key=lambda kind: (self._kind_order.get(kind, last), natural_key(named[kind][0])),
            )
            kinds = self._sorted[site] = {kind: named[kind] for kind in order}
        return kinds

    def __iter__(self) -> Iterator[str | None]:
        return iter(self._sites)

    def __len__(self) -> int:
        return len(self._sites)

    def __contains__(self, site: object) -> bool:
        return site in self._grouped

    def unsorted(self, site: str | None) -> dict[str, list[str]]:
        """The apps of `site` by kind, in no particular order."""
        return self._grouped[site]


EMPTY_LAYOUT = Layout({}, {})


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


def layout_of(plan: Plan, catalog: Catalog) -> Layout:
    """The Layout of a plan version."""
    grouped: dict[str | None, dict[str, list[str]]] = {}
    for name, app in plan.apps.items():
        grouped.setdefault(app.site, {}).setdefault(app.kind, []).append(name)
    return Layout(grouped, {kind: index for index, kind in enumerate(catalog.kinds)})


def same_structure(old: Plan, new: Plan, touched: Iterable[str] | None = None) -> bool:
    """Whether two versions of a plan have the same apps, each with the same site and kind:
    what the layout and the panels' target lists are made of. Versions share the apps an edit
    left alone, so only the others are looked at; `touched`, when known, names every app that
    differs between them (the edits' undo Patches know them), and only those are: at 10,000
    apps, going through them all was half of a toggle's own work."""
    before, after = old.apps, new.apps
    if touched is not None:
        if len(before) != len(after):
            return False
        for name in touched:
            was, app = before.get(name), after.get(name)
            if was is not app and (
                was is None or app is None or was.site != app.site or was.kind != app.kind
            ):
                return False
        return True
    if before.keys() != after.keys():
        return False
    for name, app in after.items():
        was = before[name]
        if was is not app and (was.site != app.site or was.kind != app.kind):
            return False
    return True
