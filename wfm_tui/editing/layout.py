"""How the editor lays a plan out: sites, the kinds in each, the apps of each kind."""

from __future__ import annotations

from dataclasses import dataclass

from wfm_tui.core.catalog import Catalog
from wfm_tui.core.names import natural_key
from wfm_tui.core.plan import Plan

NO_SITE = "(no site)"

# site -> kind -> app names. Treated as read-only by everyone: a layout that did not change is
# handed out again as the same object, so that widgets tell a change by identity.
Layout = dict[str | None, dict[str, list[str]]]


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
    """Sites by name (no site last), kinds in table order, names in natural order ("Site 2"
    before "Site 10")."""
    order = {kind: index for index, kind in enumerate(catalog.kinds)}
    last = len(order)  # unknown kinds
    ordered = sorted(
        plan.apps.items(),
        key=lambda item: (
            item[1].site is None,
            natural_key(item[1].site or ""),
            order.get(item[1].kind, last),
            natural_key(item[0]),
        ),
    )
    layout: Layout = {}
    for name, app in ordered:
        layout.setdefault(app.site, {}).setdefault(app.kind, []).append(name)
    return layout


def same_structure(old: Plan, new: Plan) -> bool:
    """Whether two versions of a plan have the same apps, each with the same site and kind:
    what the layout and the panels' target lists are made of. Versions share the apps an edit
    left alone, so only the others are looked at."""
    before, after = old.apps, new.apps
    if before.keys() != after.keys():
        return False
    for name, app in after.items():
        was = before[name]
        if was is not app and (was.site != app.site or was.kind != app.kind):
            return False
    return True
