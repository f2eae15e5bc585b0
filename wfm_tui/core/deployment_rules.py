"""Rules about the deployment as a whole, beyond the cells of the connections table: features
that need apps, multi-site connectivity, primaries and their backups, Data Aggregators per site.

Each rule and its source is in the catalog's comments and the README's finding table. All are
O(apps + links).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

from wfm_tui.core.catalog import Catalog
from wfm_tui.core.findings import Code, Finding, Severity
from wfm_tui.core.names import quote
from wfm_tui.core.plan import App, Plan

# Names listed in one message; a plan of thousands of servers must not give megabyte messages.
_LISTED = 5


def deployment_findings(plan: Plan, catalog: Catalog) -> list[Finding]:
    apps = plan.apps
    findings: list[Finding] = []
    primary_of = _primary_of(apps)
    enabled = plan.features.enabled
    for name, feature in catalog.features.items():
        if name not in enabled:
            continue
        for kind in feature.needs:
            if not any(app.kind == kind for app in apps.values()):
                findings.append(_needs_app(name, kind, feature.needs, catalog))
        if feature.connects is not None:
            findings += _connectivity(name, feature.connects, apps, primary_of, catalog)
    findings += _backups_on_one_host(apps, catalog)
    findings += shared_backups(apps)
    findings += _one_per_site(apps, primary_of, catalog)
    return findings


def _primary_of(apps: Mapping[str, App]) -> dict[str, str]:
    """Backup name -> its primary's name, for backups of the same kind as their primary."""
    primary_of: dict[str, str] = {}
    for name, app in apps.items():
        backup = app.backup
        if backup is not None and backup != name:
            other = apps.get(backup)
            if other is not None and other.kind == app.kind:
                primary_of.setdefault(backup, name)
    return primary_of


def _representatives(names: list[str], primary_of: Mapping[str, str]) -> dict[str, str]:
    """For each of `names` (in plan order), the primary it stands in for: a backup's backup
    leads to the same primary; in a ring of backups, its first member in plan order."""
    position = {name: index for index, name in enumerate(names)}
    found: dict[str, str] = {}
    for name in names:
        chain = [name]
        current = name
        while current in primary_of:
            current = primary_of[current]
            if current in chain:
                ring = chain[chain.index(current) :]
                current = min(ring, key=lambda n: position.get(n, len(position)))
                break
            chain.append(current)
        found[name] = current
    return found


def _listed(names: list[str]) -> str:
    shown = ", ".join(quote(n) for n in names[:_LISTED])
    more = len(names) - _LISTED
    return f"{shown} and {more} more" if more > 0 else shown


def _needs_app(feature: str, kind: str, needs: Iterable[str], catalog: Catalog) -> Finding:
    spec = catalog.features[feature]
    together = " and ".join(catalog.kind_title(k) for k in needs)
    return Finding(
        Code.FEATURE_NEEDS_APP,
        f"{spec.title} is on, but the plan has no {catalog.kind_title(kind)}: "
        f"{spec.title} needs {together}",
        target_kind=kind,
        feature=feature,
    )


def _connectivity(
    feature: str,
    kind: str,
    apps: Mapping[str, App],
    primary_of: Mapping[str, str],
    catalog: Catalog,
) -> list[Finding]:
    """The primaries of `kind` must form one group over links between them, either direction."""
    title = catalog.kind_title(kind)
    feature_title = catalog.features[feature].title
    members = [n for n, a in apps.items() if a.kind == kind]
    stands_for = _representatives(members, primary_of)
    primaries = [n for n in members if stands_for[n] == n]
    if len(primaries) < 2:
        return [
            Finding(
                Code.FEATURE_NEEDS_APP,
                f"{feature_title} is on, but the plan has {len(primaries)} primary {title} "
                f"application{'s' if len(primaries) != 1 else ''}: it joins two or more",
                target_kind=kind,
                feature=feature,
                level=Severity.WARNING,
            )
        ]
    parent = {n: n for n in primaries}

    def root(n: str) -> str:
        while parent[n] != n:
            parent[n] = parent[parent[n]]
            n = parent[n]
        return n

    for name in members:
        source = stands_for[name]
        for target in apps[name].connections:
            if target not in stands_for:
                continue  # not an app of this kind
            a, b = root(source), root(stands_for[target])
            if a != b:
                parent[b] = a
    groups: dict[str, list[str]] = {}
    for name in primaries:
        groups.setdefault(root(name), []).append(name)
    if len(groups) == 1:
        return []
    ordered = list(groups.values())  # in the plan's order of their first member
    main = max(ordered, key=len)  # the first of the largest, on a tie
    findings = []
    for group in ordered:
        if group is main:
            continue
        which = (
            f"{title} {quote(group[0])} is"
            if len(group) == 1
            else f"{title} applications {_listed(group)} are"
        )
        findings.append(
            Finding(
                Code.MULTI_SITE_SPLIT,
                f"{which} not connected to the other {title} applications ({_listed(main)}): "
                f"with {feature_title} on, they must form one group; a link "
                f"{quote(group[0])} -> {quote(main[0])} (or back) would join them",
                app=group[0],
                target_kind=kind,
                target=main[0],
                feature=feature,
            )
        )
    return findings


def _backups_on_one_host(apps: Mapping[str, App], catalog: Catalog) -> list[Finding]:
    findings = []
    for name, app in apps.items():
        if app.backup is None or app.host is None or app.backup == name:
            continue
        backup = apps.get(app.backup)
        if backup is None or backup.kind != app.kind or backup.host is None:
            continue
        if backup.host.lower() == app.host.lower():  # host names ignore case
            findings.append(
                Finding(
                    Code.BACKUP_SAME_HOST,
                    f"{catalog.kind_title(app.kind)} {quote(name)} and its backup "
                    f"{quote(app.backup)} are both on host {quote(app.host)}: one machine "
                    "failing takes both down; put the backup on another host",
                    app=name,
                    target=app.backup,
                )
            )
    return findings


def shared_backups(apps: Mapping[str, App]) -> list[Finding]:
    """Configuration Platform SDK, CfgServer.backupServerDBID: "One backup server cannot be
    associated with more than one primary server" (Configuration Server refuses it). One
    finding per backup named by two or more apps, on the second in plan order."""
    primaries: dict[str, list[str]] = {}
    for name, app in apps.items():
        if app.backup is not None and app.backup != name:
            primaries.setdefault(app.backup, []).append(name)
    return [
        Finding(
            Code.SHARED_BACKUP,
            f"{len(names)} applications name {quote(backup)} as their backup "
            f"({_listed(names)}): a backup serves one primary only",
            app=names[1],
            target=backup,
        )
        for backup, names in primaries.items()
        if len(names) > 1
    ]


def _one_per_site(
    apps: Mapping[str, App], primary_of: Mapping[str, str], catalog: Catalog
) -> list[Finding]:
    limited = {kind for kind, spec in catalog.kinds.items() if spec.one_per_site}
    if not limited:
        return []
    by_site: dict[tuple[str, str], list[str]] = {}
    for name, app in apps.items():
        if app.kind in limited and app.site is not None and name not in primary_of:
            by_site.setdefault((app.kind, app.site), []).append(name)
    return [
        _per_site(kind, site, names, catalog.kind_title)
        for (kind, site), names in by_site.items()
        if len(names) > 1
    ]


def _per_site(kind: str, site: str, names: list[str], title: Callable[[str], str]) -> Finding:
    return Finding(
        Code.DATA_AGGREGATORS_PER_SITE,
        f"{len(names)} primary {title(kind)} applications serve site {quote(site)} "
        f"({_listed(names)}): a site can be served by one (its backup does not count)",
        app=names[0],
        target_kind=kind,
        target=names[1],
    )
