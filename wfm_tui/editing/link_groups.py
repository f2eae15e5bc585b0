"""What an app panel offers: one checklist group per allowed target kind."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from wfm_tui.core.catalog import Catalog, Mark, Rule
from wfm_tui.core.names import natural_key
from wfm_tui.core.operations import Batch, Connect, Disconnect, Operation
from wfm_tui.core.plan import Plan
from wfm_tui.editing.layout import same_structure

FEW_CANDIDATES = 12


@dataclass(frozen=True, slots=True)
class LinkGroup:
    """The links of one source app to one target kind, as the table and the features allow."""

    target_kind: str
    rule: Rule
    candidates: tuple[str, ...]
    selected: frozenset[str]
    # Candidates of the source's own site, or of no site: the likely targets.
    near: frozenset[str] = frozenset()
    # A group of apps that may link to this one ("used by"): `target_kind` is their kind,
    # `rule` their rule towards this app's kind, `selected` those that link to it.
    incoming: bool = False
    # Each candidate's place in `candidates` (of a plan's structure: shared by the groups
    # of every panel, never compared).
    order: Mapping[str, int] | None = field(default=None, compare=False)

    @property
    def count(self) -> int:
        return len(self.selected)

    @property
    def is_radio(self) -> bool:
        return self.rule.mark.maximum == 1

    @property
    def problem(self) -> str | None:
        """Why the count breaks the rule, or None when it is fine."""
        mark = self.rule.mark
        if self.count < mark.minimum:
            return "needs exactly one" if mark is Mark.ONE else "needs at least one"
        if mark.maximum is not None and self.count > mark.maximum:
            return f"allows {mark.describe()}"
        return None

    def shown(
        self, expanded: bool, keep: frozenset[str] | set[str] = frozenset()
    ) -> tuple[tuple[str, ...], int]:
        """The candidates to list and how many are left out.

        In a large plan every Builder is a candidate for every Server; listing hundreds per
        group would bury the likely ones (and cost every panel a long list), so a long group
        lists the near and the ticked ones until the user asks for all, and those in `keep`
        (listed already: unticking one must not make it vanish from under the cursor).
        """
        if expanded or len(self.candidates) <= FEW_CANDIDATES:
            return self.candidates, 0
        # An app links to a few targets, but thousands may link to one (every WFM Server to
        # the DAP): "used by" lists the ticked of other sites only when asked, too.
        ticked = self.selected if not self.incoming else frozenset()
        wanted = self.near | ticked | keep
        order = self.order
        if order is not None and len(wanted) * 8 < len(self.candidates):
            # A few of many: sorted into place, not picked out of thousands (a DAP's "used
            # by" is every WFM Server).
            placed = (c for c in wanted if c in order)
            shown = tuple(sorted(placed, key=order.__getitem__))
        else:
            shown = tuple(c for c in self.candidates if c in wanted)
        return shown, len(self.candidates) - len(shown)

    @property
    def raised(self) -> bool:
        """Whether a feature made this link required (the table alone does not)."""
        return self.rule.feature is not None and self.rule.base is not self.rule.mark


@dataclass
class Targets:
    """The apps of a plan version as link targets: each kind's apps, and the candidates of a
    kind for a site in the order the panels list them. A large plan's panels of one site all
    ask for the same lists: each is sorted once, not once per panel."""

    plan: Plan
    by_kind: dict[str, list[str]]
    _lists: dict[tuple[str, str | None], tuple[tuple[str, ...], frozenset[str]]] = field(
        default_factory=dict
    )
    _sets: dict[str, frozenset[str]] = field(default_factory=dict)
    _orders: dict[tuple[str, str | None], dict[str, int]] = field(default_factory=dict)

    def order(self, kind: str, site: str | None) -> dict[str, int]:
        """Each of `candidates(kind, site)` with its place in that list."""
        found = self._orders.get((kind, site))
        if found is None:
            names = self.candidates(kind, site)[0]
            found = self._orders[(kind, site)] = {name: i for i, name in enumerate(names)}
        return found

    def of_kind(self, kind: str) -> frozenset[str]:
        """The apps of `kind`, as a set (made once per plan structure)."""
        found = self._sets.get(kind)
        if found is None:
            found = self._sets[kind] = frozenset(self.by_kind.get(kind, ()))
        return found

    def candidates(self, kind: str, site: str | None) -> tuple[tuple[str, ...], frozenset[str]]:
        """The apps of `kind`, those of `site` first, each part in natural order ("Builder 2"
        before "Builder 10"); and the near ones:
        those of `site` or of no site (the likely targets)."""
        found = self._lists.get((kind, site))
        if found is None:
            apps = self.plan.apps
            names = sorted(self.by_kind.get(kind, ()), key=natural_key)
            same = [n for n in names if apps[n].site == site]
            other = [n for n in names if apps[n].site != site]
            near = frozenset(n for n in names if apps[n].site in (site, None))
            found = (tuple(same + other), near)
            self._lists[(kind, site)] = found
        return found


def targets_of(plan: Plan, previous: Targets | None = None) -> Targets:
    """The Targets of a plan version; `previous` (those of an earlier version) lends its
    lists when the edit changed links or properties only."""
    if previous is not None and previous.plan is plan:
        return previous
    if previous is not None and same_structure(previous.plan, plan):
        return Targets(plan, previous.by_kind, previous._lists, previous._sets, previous._orders)
    by_kind: dict[str, list[str]] = {}
    for name, app in plan.apps.items():
        by_kind.setdefault(app.kind, []).append(name)
    return Targets(plan, by_kind)


def link_groups(
    plan: Plan, catalog: Catalog, name: str, targets: Targets | None = None
) -> list[LinkGroup]:
    """The checklist groups of app `name`, in the table's kind order."""
    app = plan.app(name)
    row = catalog.rules(plan.features.enabled).get(app.kind, {})
    listed = set(app.connections)
    targets = targets_of(plan) if targets is None else targets
    groups = []
    for kind, rule in row.items():
        if not rule.mark.allowed:
            continue
        candidates, near = targets.candidates(kind, app.site)
        if kind == app.kind:
            candidates = tuple(c for c in candidates if c != name)
            near = near - {name}
        selected = frozenset(c for c in candidates if c in listed)
        order = targets.order(kind, app.site)
        groups.append(LinkGroup(kind, rule, candidates, selected, near, order=order))
    return groups


def incoming_groups(
    plan: Plan,
    catalog: Catalog,
    name: str,
    users: Iterable[str],
    targets: Targets | None = None,
) -> list[LinkGroup]:
    """The apps that may link to app `name`, one group per kind (in the table's order) that
    has any: those that link to it ticked. `users` are the apps that link to it: the
    document's index, so that no panel looks through the plan (a DAP's may be thousands:
    each kind's are found by a set intersection)."""
    app = plan.app(name)
    targets = targets_of(plan) if targets is None else targets
    users = frozenset(users) - {name}
    groups = []
    for kind, row in catalog.rules(plan.features.enabled).items():
        rule = row.get(app.kind)
        if rule is None or not rule.mark.allowed:
            continue
        candidates, near = targets.candidates(kind, app.site)
        if kind == app.kind:
            candidates = tuple(c for c in candidates if c != name)
            near = near - {name}
        if candidates:
            selected = users & targets.of_kind(kind)
            order = targets.order(kind, app.site)
            groups.append(
                LinkGroup(kind, rule, candidates, selected, near, incoming=True, order=order)
            )
    return groups


def stray_links(plan: Plan, catalog: Catalog, name: str) -> list[str]:
    """Listed links that no group offers: unknown apps, itself, or kinds the table forbids."""
    app = plan.app(name)
    row = catalog.rules(plan.features.enabled).get(app.kind, {})
    stray: list[str] = []
    for target in dict.fromkeys(app.connections):
        target_app = plan.apps.get(target)
        rule = row.get(target_app.kind) if target_app is not None else None
        if target == name or rule is None or not rule.mark.allowed:
            stray.append(target)
    return stray


def toggle_operation(source: str, group: LinkGroup, target: str, on: bool) -> Operation:
    """The edit for ticking (on) or unticking a target; a radio group swaps its one link."""
    if not on:
        return Disconnect(source, target)
    if group.is_radio and group.selected:
        replaced = [Disconnect(source, old) for old in sorted(group.selected) if old != target]
        return Batch((*replaced, Connect(source, target)), label=f"link {source} -> {target}")
    return Connect(source, target)
