"""validate(plan, catalog) -> findings: the connections table's rules applied to a plan.

One pass over the apps and their connections, plus dictionary look-ups: O(apps + connections),
cheap enough for the editor to run in full after every edit.
"""

from __future__ import annotations

from collections import defaultdict

from wfm_tui.core.catalog import Catalog, Mark, Rule
from wfm_tui.core.findings import Code, Finding
from wfm_tui.core.names import quote
from wfm_tui.core.plan import App, Plan


def validate(plan: Plan, catalog: Catalog) -> list[Finding]:
    findings: list[Finding] = []
    rules = catalog.rules(plan.features.enabled)
    apps = plan.apps
    referenced: set[str] = set()
    instances: dict[str, list[str]] = defaultdict(list)
    listeners: dict[tuple[str, int], list[str]] = defaultdict(list)

    for name, app in apps.items():
        instances[app.kind].append(name)
        if app.host is not None and app.port is not None:
            # Host names are case-insensitive.
            listeners[(app.host.lower(), app.port)].append(name)
        if app.backup is not None:
            referenced.add(app.backup)
        row = rules.get(app.kind, {})
        targets_by_kind = _check_links(name, app, apps, row, catalog, findings, referenced)
        _check_cardinality(name, app, row, targets_by_kind, catalog, findings)
        _check_backup(name, app, apps, catalog, findings)
        spec = catalog.kinds.get(app.kind)
        if app.tls and spec is not None and spec.tls == "wfm":
            findings.append(
                Finding(
                    Code.TLS_PROCEDURE,
                    f"{_who(name, app, catalog)} uses TLS: secure it with WFM's own procedure "
                    "(Java trust store and the servlet container's TLS settings), not the "
                    "Genesys Security Deployment Guide",
                    app=name,
                )
            )

    required_kinds = catalog.required_target_kinds
    for name, app in apps.items():
        if app.kind in required_kinds and name not in referenced:
            findings.append(
                Finding(
                    Code.UNREFERENCED_APP,
                    f"{_who(name, app, catalog)} is not used: no application connects to it",
                    app=name,
                )
            )
    for kind, names in instances.items():
        spec = catalog.kinds.get(kind)
        if spec is not None and spec.max_instances is not None and len(names) > spec.max_instances:
            for name in names[spec.max_instances :]:
                findings.append(
                    Finding(
                        Code.TOO_MANY_INSTANCES,
                        f"{_who(name, apps[name], catalog)} is one of {len(names)} {spec.title} "
                        f"applications; a deployment may have at most {spec.max_instances}",
                        app=name,
                        target_kind=kind,
                    )
                )
    for (host, port), names in listeners.items():
        if len(names) > 1:
            listed = ", ".join(quote(n) for n in names)
            findings.append(
                Finding(
                    Code.PORT_CONFLICT,
                    f"{len(names)} applications listen on {quote(host)} port {port}: {listed}",
                    app=names[0],
                    target=names[1],
                )
            )
    return findings


def _who(name: str, app: App, catalog: Catalog) -> str:
    return f"{catalog.kind_title(app.kind)} {quote(name)}"


def _check_links(
    name: str,
    app: App,
    apps: dict[str, App],
    row: dict[str, Rule],
    catalog: Catalog,
    findings: list[Finding],
    referenced: set[str],
) -> dict[str, list[str]]:
    """Findings about each listed link; returns the distinct allowed targets by kind."""
    targets_by_kind: dict[str, list[str]] = defaultdict(list)
    seen: set[str] = set()
    for target in app.connections:
        if target in seen:
            findings.append(
                Finding(
                    Code.DUPLICATE_CONNECTION,
                    f"{_who(name, app, catalog)} lists {quote(target)} more than once",
                    app=name,
                    target=target,
                )
            )
            continue
        seen.add(target)
        if target == name:
            findings.append(
                Finding(
                    Code.SELF_CONNECTION,
                    f"{_who(name, app, catalog)} lists itself as a connection",
                    app=name,
                    target=target,
                )
            )
            continue
        target_app = apps.get(target)
        if target_app is None:
            findings.append(
                Finding(
                    Code.UNKNOWN_TARGET,
                    f"{_who(name, app, catalog)} connects to {quote(target)}, "
                    "which is not in the plan",
                    app=name,
                    target=target,
                )
            )
            continue
        referenced.add(target)
        rule = row.get(target_app.kind)
        if rule is None or not rule.mark.allowed:
            findings.append(
                Finding(
                    Code.CONNECTION_NOT_ALLOWED,
                    f"{_who(name, app, catalog)} may not connect to "
                    f"{_who(target, target_app, catalog)}: the connections table has no "
                    f"{catalog.kind_title(app.kind)} -> {catalog.kind_title(target_app.kind)} link",
                    app=name,
                    target_kind=target_app.kind,
                    target=target,
                )
            )
            continue
        targets_by_kind[target_app.kind].append(target)
    return targets_by_kind


def _check_cardinality(
    name: str,
    app: App,
    row: dict[str, Rule],
    targets_by_kind: dict[str, list[str]],
    catalog: Catalog,
    findings: list[Finding],
) -> None:
    for target_kind, rule in row.items():
        mark = rule.mark
        if not mark.allowed:
            continue
        targets = targets_by_kind.get(target_kind, ())
        count = len(targets)
        target_title = catalog.kind_title(target_kind)
        because = _because(rule, catalog)
        if count < mark.minimum:
            findings.append(
                Finding(
                    Code.MISSING_CONNECTION,
                    f"{_who(name, app, catalog)} needs {_needs(mark)} {target_title} connection"
                    f"{because}, has none",
                    app=name,
                    target_kind=target_kind,
                    feature=rule.feature,
                )
            )
        elif mark.maximum is not None and count > mark.maximum:
            listed = ", ".join(quote(t) for t in targets)
            findings.append(
                Finding(
                    Code.TOO_MANY_CONNECTIONS,
                    f"{_who(name, app, catalog)} connects to {count} {target_title} applications "
                    f"({listed}); the table allows {mark.describe()}",
                    app=name,
                    target_kind=target_kind,
                )
            )


def _needs(mark: Mark) -> str:
    return "exactly one" if mark is Mark.ONE else "at least one"


def _because(rule: Rule, catalog: Catalog) -> str:
    """Why a link is required, when a feature (not the table itself) requires it."""
    if rule.feature is None or rule.base.required:
        return ""
    return f" because {catalog.features[rule.feature].title} is on"


def _check_backup(
    name: str, app: App, apps: dict[str, App], catalog: Catalog, findings: list[Finding]
) -> None:
    if app.backup is None:
        return
    who = _who(name, app, catalog)
    backup = apps.get(app.backup)
    if backup is None or app.backup == name:
        reason = "is the application itself" if app.backup == name else "is not in the plan"
        findings.append(
            Finding(
                Code.UNKNOWN_BACKUP,
                f"{who} names {quote(app.backup)} as its backup, which {reason}",
                app=name,
                target=app.backup,
            )
        )
        return
    if backup.kind != app.kind:
        findings.append(
            Finding(
                Code.BACKUP_KIND_MISMATCH,
                f"{who} has backup {_who(app.backup, backup, catalog)}: a backup must be of the "
                "same kind as its primary",
                app=name,
                target=app.backup,
            )
        )
        return
    spec = catalog.kinds.get(app.kind)
    if spec is not None and spec.ha is None:
        findings.append(
            Finding(
                Code.BACKUP_NOT_SUPPORTED,
                f"{who} has backup {quote(app.backup)}, but {spec.title} has no primary/backup "
                "high availability",
                app=name,
                target=app.backup,
            )
        )
