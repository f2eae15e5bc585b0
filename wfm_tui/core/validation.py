"""validate(plan, catalog) -> findings: the connections table's rules applied to a plan.

One pass over the apps and their connections, with dictionary look-ups only: O(apps +
connections), cheap enough for the editor to run in full after every edit. The loop is kept
flat because `wfm-tui check` on a 10,000-app plan spends its time here and in parsing.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence

from wfm_tui.core.catalog import Catalog, Mark, Rule
from wfm_tui.core.deployment_rules import deployment_findings
from wfm_tui.core.findings import MAX_PER_APP_AND_CODE, MAX_PER_CODE, Code, Finding, FindingCap
from wfm_tui.core.lookalike import look_alike_findings
from wfm_tui.core.names import quote
from wfm_tui.core.plan import App, Plan


def validate(
    plan: Plan,
    catalog: Catalog,
    *,
    per_app: int = MAX_PER_APP_AND_CODE,
    per_code: int = MAX_PER_CODE,
) -> list[Finding]:
    """The plan's findings, at most `per_app` of one code about one app and, past `per_code` of
    a code, only the first of each app (see `FindingCap`)."""
    findings: list[Finding] = []
    cap = FindingCap(findings, per_app, per_code)  # bounded however many a hostile plan has
    add = cap.add
    apps = plan.apps
    rules = catalog.rules(plan.features.enabled)
    # Per source kind: its allowed target kinds with the bounds of their marks, looked up once.
    allowed: dict[str, dict[str, tuple[int, int | None, Rule]]] = {
        kind: {t: (r.mark.minimum, r.mark.maximum, r) for t, r in row.items() if r.mark.allowed}
        for kind, row in rules.items()
    }
    no_rules: dict[str, tuple[int, int | None, Rule]] = {}
    referenced: set[str] = set()
    by_kind: dict[str, list[str]] = defaultdict(list)
    listeners: dict[tuple[str, int], list[str]] = defaultdict(list)
    wfm_tls = {kind for kind, spec in catalog.kinds.items() if spec.tls == "wfm"}
    not_run = {kind for kind, spec in catalog.kinds.items() if not spec.runs}

    for name, app in apps.items():
        kind = app.kind
        by_kind[kind].append(name)
        if app.port is not None and app.host is not None:
            listeners[(app.host.lower(), app.port)].append(name)  # host names ignore case
        if app.backup is not None:
            if app.backup != name:  # naming itself as backup does not make an app used
                referenced.add(app.backup)
            _check_backup(name, app, apps, catalog, add)
        if app.tls and kind in wfm_tls:
            add(
                Finding(
                    Code.TLS_PROCEDURE,
                    f"{_who(name, app, catalog)} uses TLS: secure it with WFM's own procedure "
                    "(Java trust store and the servlet container's TLS settings), not the "
                    "Genesys Security Deployment Guide",
                    app=name,
                )
            )
        row = allowed.get(kind, no_rules)
        counts: dict[str, int] = {}
        connections: Sequence[str] = app.connections
        if connections:
            if len(set(connections)) != len(connections):
                connections = _report_duplicates(name, app, catalog, cap)
            for target in connections:
                target_app = apps.get(target)
                if target == name:
                    if cap.wants(name, Code.SELF_CONNECTION):
                        add(
                            Finding(
                                Code.SELF_CONNECTION,
                                f"{_who(name, app, catalog)} lists itself as a connection",
                                app=name,
                                target=target,
                            )
                        )
                elif target_app is None:
                    if cap.wants(name, Code.UNKNOWN_TARGET):
                        add(
                            Finding(
                                Code.UNKNOWN_TARGET,
                                f"{_who(name, app, catalog)} connects to {quote(target)}, "
                                "which is not in the plan",
                                app=name,
                                target=target,
                            )
                        )
                else:
                    referenced.add(target)
                    target_kind = target_app.kind
                    if target_kind in row:
                        counts[target_kind] = counts.get(target_kind, 0) + 1
                    elif cap.wants(name, Code.CONNECTION_NOT_ALLOWED):
                        add(_not_allowed(name, app, target, target_app, catalog))
        for target_kind, (minimum, maximum, rule) in row.items():
            count = counts.get(target_kind, 0)
            if count < minimum:
                add(_missing(name, app, target_kind, rule, catalog))
            elif maximum is not None and count > maximum:
                add(_too_many(name, app, target_kind, rule.mark, apps, catalog))

    required_kinds = catalog.required_target_kinds
    for name, app in apps.items():
        if app.kind in required_kinds and name not in referenced:
            add(
                Finding(
                    Code.UNREFERENCED_APP,
                    f"{_who(name, app, catalog)} is not used: no application connects to it",
                    app=name,
                )
            )
    for kind, names in by_kind.items():
        spec = catalog.kinds.get(kind)
        if spec is not None and spec.max_instances is not None and len(names) > spec.max_instances:
            for name in names[spec.max_instances :]:
                add(
                    Finding(
                        Code.TOO_MANY_INSTANCES,
                        f"{_who(name, apps[name], catalog)} is one of {len(names)} {spec.title} "
                        f"applications; a deployment may have at most {spec.max_instances}",
                        app=name,
                        target_kind=kind,
                    )
                )
    for (host, port), names in listeners.items():
        if len(names) > 1 and _listening(names, apps, not_run) > 1:
            add(
                Finding(
                    Code.PORT_CONFLICT,
                    _port_conflict(host, port, names, apps, not_run),
                    app=names[0],
                    target=names[1],
                )
            )
    for finding in deployment_findings(plan, catalog):
        add(finding)
    for finding in look_alike_findings(plan, catalog):
        add(finding)
    cap.close()
    return findings


def _listening(names: list[str], apps: Mapping[str, App], not_run: set[str]) -> int:
    """How many processes listen at one address: the apps that run there, and one for what the
    apps of a kind that is only configured describe (the database several DAPs may name)."""
    configured = sum(1 for n in names if apps[n].kind in not_run)
    return len(names) - configured + min(configured, 1)


def _port_conflict(
    host: str, port: int, names: list[str], apps: Mapping[str, App], not_run: set[str]
) -> str:
    configured = [n for n in names if apps[n].kind in not_run]
    if not configured:
        return (
            f"{len(names)} applications listen on port {port} of {quote(host)} ({_listed(names)})"
        )
    # DAPs listen nowhere: saying they do would send the reader to a process that is not there.
    running = [n for n in names if apps[n].kind not in not_run]
    listen = "application listens" if len(running) == 1 else "applications listen"
    return (
        f"{len(running)} {listen} on port {port} of {quote(host)} ({_listed(running)}), an "
        f"address also named by {_listed(configured)} (configured, not run)"
    )


# Names listed in one message; a hundred thousand apps on one port are not all named.
_LISTED = 10


def _listed(names: list[str]) -> str:
    shown = ", ".join(quote(n) for n in names[:_LISTED])
    return shown if len(names) <= _LISTED else f"{shown} and {len(names) - _LISTED:,} more"


def _who(name: str, app: App, catalog: Catalog) -> str:
    return f"{catalog.kind_title(app.kind)} {quote(name)}"


def _report_duplicates(name: str, app: App, catalog: Catalog, cap: FindingCap) -> list[str]:
    """Warns once of each target listed more than once; returns the distinct targets in order."""
    times: dict[str, int] = {}
    for target in app.connections:
        times[target] = times.get(target, 0) + 1
    for target, count in times.items():
        if count > 1 and cap.wants(name, Code.DUPLICATE_CONNECTION):
            cap.add(
                Finding(
                    Code.DUPLICATE_CONNECTION,
                    f"{_who(name, app, catalog)} lists {quote(target)} {_times(count)}",
                    app=name,
                    target=target,
                )
            )
    return list(times)


def _times(count: int) -> str:
    return "twice" if count == 2 else f"{count} times"


def _not_allowed(name: str, app: App, target: str, target_app: App, catalog: Catalog) -> Finding:
    return Finding(
        Code.CONNECTION_NOT_ALLOWED,
        f"{_who(name, app, catalog)} may not connect to {_who(target, target_app, catalog)}: "
        f"the connections table has no {catalog.kind_title(app.kind)} -> "
        f"{catalog.kind_title(target_app.kind)} link",
        app=name,
        target_kind=target_app.kind,
        target=target,
    )


def _missing(name: str, app: App, target_kind: str, rule: Rule, catalog: Catalog) -> Finding:
    needs = "exactly one" if rule.mark is Mark.ONE else "at least one"
    # Say why when a feature, not the table itself, makes the link required.
    because = ""
    if rule.feature is not None and not rule.base.required:
        because = f" because {catalog.features[rule.feature].title} is on"
    return Finding(
        Code.MISSING_CONNECTION,
        f"{_who(name, app, catalog)} needs {needs} {catalog.kind_title(target_kind)} "
        f"connection{because}, has none",
        app=name,
        target_kind=target_kind,
        feature=rule.feature,
    )


def _too_many(
    name: str, app: App, target_kind: str, mark: Mark, apps: Mapping[str, App], catalog: Catalog
) -> Finding:
    targets = [
        t
        for t in dict.fromkeys(app.connections)
        if t != name and t in apps and apps[t].kind == target_kind
    ]
    listed = _listed(targets)
    return Finding(
        Code.TOO_MANY_CONNECTIONS,
        f"{_who(name, app, catalog)} connects to {len(targets)} {catalog.kind_title(target_kind)} "
        f"applications ({listed}); the table allows {mark.describe()}",
        app=name,
        target_kind=target_kind,
    )


def backup_problem(
    name: str, kind: str, backup: str, apps: Mapping[str, App], catalog: Catalog
) -> str | None:
    """Why the app `name` of `kind` cannot have `backup` as its backup (the rules of the
    unknown-backup and backup-kind-mismatch findings, in words), or None when it can. The
    properties dialog checks the field as it is typed with it."""
    if backup == name:
        return "is the application itself"
    other = apps.get(backup)
    if other is None:
        return "is not in the plan"
    if other.kind != kind:
        return f"is a {catalog.kind_title(other.kind)}: a backup must be of the same kind"
    return None


def _check_backup(
    name: str, app: App, apps: Mapping[str, App], catalog: Catalog, add: Callable[[Finding], None]
) -> None:
    backup_name = app.backup or ""
    who = _who(name, app, catalog)
    backup = apps.get(backup_name)
    problem = backup_problem(name, app.kind, backup_name, apps, catalog)
    if backup is None or backup_name == name:
        add(
            Finding(
                Code.UNKNOWN_BACKUP,
                f"{who} names {quote(backup_name)} as its backup, which {problem}",
                app=name,
                target=backup_name,
            )
        )
    elif problem is not None:
        add(
            Finding(
                Code.BACKUP_KIND_MISMATCH,
                f"{who} has backup {_who(backup_name, backup, catalog)}: a backup must be of "
                "the same kind as its primary",
                app=name,
                target=backup_name,
            )
        )
    elif (spec := catalog.kinds.get(app.kind)) is not None and spec.ha is None:
        add(
            Finding(
                Code.BACKUP_NOT_SUPPORTED,
                f"{who} has backup {quote(backup_name)}, but {spec.title} has no primary/backup "
                "high availability",
                app=name,
                target=backup_name,
            )
        )
