"""What an app panel offers: one checklist group per allowed target kind."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from wfm_tui.core.catalog import Catalog, Mark, Rule
from wfm_tui.core.names import natural_key
from wfm_tui.core.operations import Batch, Connect, Disconnect, Operation
from wfm_tui.core.plan import Plan
from wfm_tui.editing.layout import same_structure

FEW_CANDIDATES = 12


class Pool:
    """The apps of one kind as the link targets of apps of one site: counted and told apart at
    once, put in the order a panel lists them (this site's first, each part in natural order,
    "Builder 2" before "Builder 10") only when one lists them all. At 10,000 apps a Server
    has thousands of Builders to choose from, of which its panel lists its site's few; sorting
    them all by their natural keys was most of the panels' cost at start-up."""

    __slots__ = ("_apps", "_kind", "_names", "_ordered", "_site", "near")

    def __init__(
        self, plan: Plan, kind: str, names: list[str], site: str | None, near: frozenset[str]
    ) -> None:
        self._apps, self._kind, self._names, self._site = plan.apps, kind, names, site
        self._ordered: tuple[str, ...] | None = None
        # Those of the site, or of no site: the likely targets.
        self.near = near

    def __len__(self) -> int:
        return len(self._names)

    def __contains__(self, name: object) -> bool:
        app = self._apps.get(name) if isinstance(name, str) else None
        return app is not None and app.kind == self._kind

    def key(self, name: str) -> tuple[bool, tuple[tuple[str | int, ...], str]]:
        """Where `name` comes in `ordered()`."""
        return self._apps[name].site != self._site, natural_key(name)

    def ordered(self) -> tuple[str, ...]:
        if self._ordered is None:
            self._ordered = tuple(sorted(self._names, key=self.key))
        return self._ordered


@dataclass(frozen=True, slots=True)
class LinkGroup:
    """The links of one source app to one target kind, as the table and the features allow."""

    target_kind: str
    rule: Rule
    pool: Pool  # the apps of the kind; `source` among them is none of the candidates
    selected: frozenset[str]
    # Candidates of the source's own site, or of no site: the likely targets.
    near: frozenset[str] = frozenset()
    source: str | None = None
    # A group of apps that may link to `source` ("used by"): `target_kind` is their kind,
    # `rule` their rule towards its kind, `selected` those that link to it.
    incoming: bool = False

    @property
    def candidates(self) -> tuple[str, ...]:
        """Every app the source may link to, in the order the panel lists them."""
        ordered = self.pool.ordered()
        return tuple(c for c in ordered if c != self.source) if self.own_kind else ordered

    @property
    def own_kind(self) -> bool:
        return self.source is not None and self.source in self.pool

    @property
    def size(self) -> int:
        """How many candidates there are (without listing them)."""
        return len(self.pool) - self.own_kind

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
        size = self.size
        if expanded or size <= FEW_CANDIDATES:
            return self.candidates, 0
        # An app links to a few targets, but thousands may link to one (every WFM Server to
        # the DAP): "used by" lists the ticked of other sites only when asked, too. `near`
        # and `selected` are candidates; of `keep`, those that still are.
        wanted = self.near if self.incoming else self.near | self.selected
        wanted = wanted | {c for c in keep if c in self.pool and c != self.source}
        shown = tuple(sorted(wanted, key=self.pool.key))
        return shown, size - len(shown)

    @property
    def raised(self) -> bool:
        """Whether a feature made this link required (the table alone does not)."""
        return self.rule.feature is not None and self.rule.base is not self.rule.mark


@dataclass
class Targets:
    """The apps of a plan version as link targets: each kind's apps, and the candidates of a
    kind for a site. A large plan's panels of one site all ask for the same pools: each is
    made once, not once per panel."""

    plan: Plan
    by_kind: dict[str, list[str]]
    # (kind, site) -> the apps of that kind on that site (None: of no site).
    by_place: dict[tuple[str, str | None], list[str]] = field(default_factory=dict)
    _pools: dict[tuple[str, str | None], Pool] = field(default_factory=dict)

    def candidates(self, kind: str, site: str | None) -> Pool:
        """The apps of `kind` as targets of apps of `site`."""
        found = self._pools.get((kind, site))
        if found is None:
            names = self.by_kind.get(kind, [])
            near = {*self.by_place.get((kind, site), ()), *self.by_place.get((kind, None), ())}
            pool = Pool(self.plan, kind, names, site, frozenset(near))
            found = self._pools[(kind, site)] = pool
        return found


def targets_of(
    plan: Plan, previous: Targets | None = None, touched: Iterable[str] | None = None
) -> Targets:
    """The Targets of a plan version; `previous` (those of an earlier version) lends its
    pools when the edits since changed links or properties only (`touched`, when known, names
    the apps they changed)."""
    if previous is not None and previous.plan is plan:
        return previous
    if previous is not None and same_structure(previous.plan, plan, touched):
        return Targets(plan, previous.by_kind, previous.by_place, previous._pools)
    by_kind: dict[str, list[str]] = {}
    by_place: dict[tuple[str, str | None], list[str]] = {}
    for name, app in plan.apps.items():
        by_kind.setdefault(app.kind, []).append(name)
        by_place.setdefault((app.kind, app.site), []).append(name)
    return Targets(plan, by_kind, by_place)


def link_groups(
    plan: Plan, catalog: Catalog, name: str, targets: Targets | None = None
) -> list[LinkGroup]:
    """The checklist groups of app `name`, in the table's kind order."""
    app = plan.app(name)
    row = catalog.rules(plan.features.enabled).get(app.kind, {})
    targets = targets_of(plan) if targets is None else targets
    groups = []
    for kind, rule in row.items():
        if not rule.mark.allowed:
            continue
        pool = targets.candidates(kind, app.site)
        near = pool.near - {name} if kind == app.kind else pool.near
        # The links, not the thousands of candidates, tell which are ticked.
        selected = frozenset(c for c in app.connections if c in pool and c != name)
        groups.append(LinkGroup(kind, rule, pool, selected, near, name))
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
    they are sorted by kind in one pass, not looked for in each kind's pool)."""
    app = plan.app(name)
    targets = targets_of(plan) if targets is None else targets
    users_by_kind: dict[str, set[str]] = {}
    for user in users:
        user_app = plan.apps.get(user)
        if user_app is not None and user != name:
            users_by_kind.setdefault(user_app.kind, set()).add(user)
    groups = []
    for kind, row in catalog.rules(plan.features.enabled).items():
        rule = row.get(app.kind)
        if rule is None or not rule.mark.allowed:
            continue
        pool = targets.candidates(kind, app.site)
        near = pool.near - {name} if kind == app.kind else pool.near
        selected = frozenset(users_by_kind.get(kind, ()))
        group = LinkGroup(kind, rule, pool, selected, near, name, incoming=True)
        if group.size:
            groups.append(group)
    return groups


def stray_links(plan: Plan, catalog: Catalog, name: str) -> list[str]:
    """Listed links that no group offers: unknown apps, itself, or kinds the table forbids."""
    shown, _ = some_stray_links(plan, catalog, name, None)
    return shown


def some_stray_links(
    plan: Plan, catalog: Catalog, name: str, limit: int | None
) -> tuple[list[str], int]:
    """The first `limit` stray links (each once), and how many more the app lists.

    A plan may list two million names that are not apps: a panel shows a few and counts the
    rest, rather than holding a line (and a set entry) for each (duplicates among the rest are
    counted as listed)."""
    app = plan.app(name)
    row = catalog.rules(plan.features.enabled).get(app.kind, {})
    shown: dict[str, None] = {}
    more = 0
    for target in app.connections:
        if target in shown:
            continue
        target_app = plan.apps.get(target)
        rule = row.get(target_app.kind) if target_app is not None else None
        if target == name or rule is None or not rule.mark.allowed:
            if limit is None or len(shown) < limit:
                shown[target] = None
            else:
                more += 1
    return list(shown), more


def toggle_operation(source: str, group: LinkGroup, target: str, on: bool) -> Operation:
    """The edit for ticking (on) or unticking a target; a radio group swaps its one link."""
    if not on:
        return Disconnect(source, target)
    if group.is_radio and group.selected:
        olds = [old for old in sorted(group.selected) if old != target]
        replaced = [Disconnect(source, old) for old in olds]
        # Undo and redo say it: "link S -> D2" alone read as if S were left without D.
        instead = f" instead of {', '.join(olds)}" if olds else ""
        return Batch(
            (*replaced, Connect(source, target)), label=f"link {source} -> {target}{instead}"
        )
    return Connect(source, target)
