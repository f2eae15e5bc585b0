"""A plan seen as a picture: its apps grouped by site, its links, and which of them the
findings mark. Every renderer draws from this one view, so they agree on what is in error."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from wfm_tui.core.catalog import Catalog, Mark
from wfm_tui.core.findings import Code, Finding, Severity
from wfm_tui.core.names import natural_key
from wfm_tui.core.plan import App, Plan

# Findings that name the link (source app, target app) they are about.
_LINK_CODES = frozenset(
    {
        Code.CONNECTION_NOT_ALLOWED,
        Code.UNKNOWN_TARGET,
        Code.SELF_CONNECTION,
        Code.DUPLICATE_CONNECTION,
    }
)


# Not frozen, and compared by identity: a frozen dataclass pays a call per field to build, and
# hashing one would hash its App; a 10,000-app plan builds and hashes tens of thousands.
@dataclass(slots=True, eq=False)
class Node:
    """An app of the plan, or a target that a link names but the plan does not have
    (`app` is None): the link needs something to point at."""

    id: str
    name: str
    kind: str | None
    kind_title: str
    app: App | None
    severity: Severity | None = None
    problems: tuple[str, ...] = ()

    @property
    def missing(self) -> bool:
        return self.app is None

    @property
    def caption(self) -> tuple[str, ...]:
        """The lines a diagram shows for the node: its name, then its kind unless the name
        already says it ("WFM Server London"), or that the plan does not have it."""
        if self.app is None:
            return (self.name, "not in the plan")
        if self.kind_title.casefold() in self.name.casefold():
            return (self.name,)
        return (self.name, self.kind_title)


@dataclass(slots=True, eq=False)
class Link:
    source: Node
    target: Node
    # The mark in force for this pair of kinds (features applied); None for a missing target.
    mark: Mark | None
    severity: Severity | None = None
    problems: tuple[str, ...] = ()


@dataclass(slots=True, eq=False)
class Site:
    id: str
    name: str
    nodes: tuple[Node, ...]


@dataclass
class Topology:
    plan: Plan
    catalog: Catalog
    findings: Sequence[Finding]
    sites: list[Site] = field(default_factory=list)
    unsited: list[Node] = field(default_factory=list)
    missing: list[Node] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    # (primary, backup), both apps of the plan.
    backups: list[tuple[Node, Node]] = field(default_factory=list)
    nodes: dict[str, Node] = field(default_factory=dict)

    @property
    def apps(self) -> list[Node]:
        """The plan's apps in drawing order: site by site, then those without a site."""
        return [node for site in self.sites for node in site.nodes] + self.unsited

    @property
    def marked(self) -> bool:
        """Whether anything is drawn as an error or a warning (a legend is worth showing)."""
        return any(n.severity in _MARKED for n in self.nodes.values()) or any(
            link.severity in _MARKED for link in self.links
        )


_MARKED = (Severity.ERROR, Severity.WARNING)
# Targets not in the plan drawn per app; the rest are one node that counts them. A file within
# the size cap can list two million: a box and a link each did not fit in 1 GiB (and draw
# nothing anyone could read). As many as `check` lists of a code per app.
MISSING_PER_APP = 100


def build_topology(plan: Plan, catalog: Catalog, findings: Sequence[Finding]) -> Topology:
    """The picture of `plan`; `findings` are validate()'s (located or not) for it."""
    view = Topology(plan, catalog, findings)
    app_problems: dict[str, list[Finding]] = {}
    link_problems: dict[tuple[str, str], list[Finding]] = {}
    over_limit: dict[str, list[Finding]] = {}
    for finding in findings:
        if finding.app is None:
            continue
        app_problems.setdefault(finding.app, []).append(finding)
        if finding.code in _LINK_CODES and finding.target is not None:
            link_problems.setdefault((finding.app, finding.target), []).append(finding)
        elif finding.code is Code.TOO_MANY_CONNECTIONS:
            over_limit.setdefault(finding.app, []).append(finding)

    by_site: dict[str, list[str]] = {}
    unsited: list[str] = []
    for name, app in plan.apps.items():
        if app.site is None:
            unsited.append(name)
        else:
            by_site.setdefault(app.site, []).append(name)

    kind_order = {kind: index for index, kind in enumerate(catalog.kinds)}
    unknown_kind = len(kind_order)

    def order(names: list[str]) -> list[str]:
        apps = plan.apps
        return sorted(
            names, key=lambda n: (kind_order.get(apps[n].kind, unknown_kind), natural_key(n))
        )

    counter = 0
    titles = {kind: spec.title for kind, spec in catalog.kinds.items()}

    def app_node(name: str) -> Node:
        nonlocal counter
        app = plan.apps[name]
        node = Node(f"n{counter}", name, app.kind, titles.get(app.kind, app.kind), app)
        problems = app_problems.get(name)
        if problems:
            node.severity, node.problems = _worst(problems), _codes(problems)
        counter += 1
        view.nodes[name] = node
        return node

    for index, site in enumerate(sorted(by_site, key=natural_key)):
        nodes = tuple(app_node(name) for name in order(by_site[site]))
        view.sites.append(Site(f"s{index}", site, nodes))
    view.unsited = [app_node(name) for name in order(unsited)]

    rules = catalog.rules(plan.features.enabled)
    missing: dict[str, Node] = {}
    for source in view.apps:
        app = plan.apps[source.name]  # view.apps are the plan's: none is missing
        too_many = {f.target_kind for f in over_limit.get(source.name, ())}
        row = rules.get(app.kind, {})
        drawn_missing = more_missing = 0
        # A target listed twice is one link (the repeat is a duplicate-connection warning).
        for target_name in dict.fromkeys(app.connections):
            target = view.nodes.get(target_name)
            if target is None:
                if drawn_missing == MISSING_PER_APP:
                    more_missing += 1
                    continue
                drawn_missing += 1
                target = missing.get(target_name)
                if target is None:
                    target = Node(f"m{len(missing)}", target_name, None, "", None)
                    missing[target_name] = target
            rule = row.get(target.kind) if target.kind is not None else None
            link = Link(source, target, rule.mark if rule is not None else None)
            problems = link_problems.get((source.name, target_name), [])
            if too_many and target.kind in too_many:
                problems = problems + [
                    f for f in over_limit[source.name] if f.target_kind == target.kind
                ]
            if problems:
                link.severity, link.problems = _worst(problems), _codes(problems)
            view.links.append(link)
        if more_missing:
            # Keyed by what no name can hold (a NUL): it is one app's count, not a name.
            more = Node(f"m{len(missing)}", f"… and {more_missing:,} more", None, "", None)
            missing[f"\0{source.id}"] = more
            unknown = (str(Code.UNKNOWN_TARGET),)
            view.links.append(Link(source, more, None, Severity.ERROR, unknown))
        if app.backup is not None and app.backup in view.nodes and app.backup != source.name:
            view.backups.append((source, view.nodes[app.backup]))
    view.missing = list(missing.values())
    return view


def _worst(findings: Iterable[Finding]) -> Severity | None:
    return min((f.severity for f in findings), key=lambda s: s.rank, default=None)


def _codes(findings: Iterable[Finding]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(str(f.code) for f in findings))
