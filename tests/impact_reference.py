"""impact() as it was before it kept counts of live targets: the reference the counted one must
agree with (tests/test_impact.py), consequence for consequence. Simple and quadratic: a client
counts its live targets again at every loss."""

from __future__ import annotations

from collections import deque

from wfm_tui.core.catalog import DOWN, Catalog
from wfm_tui.core.impact import Consequence, Effect, Impact, stopped
from wfm_tui.core.names import quote
from wfm_tui.core.plan import Plan


def reference_impact(plan: Plan, catalog: Catalog, lost_app: str) -> Impact:
    """What happens to the rest of `plan` if `lost_app` goes down. Raises LookupError."""
    apps = plan.apps
    if lost_app not in apps:
        raise LookupError(f"the plan has no app named {quote(lost_app)}")
    enabled = plan.features.enabled
    rules = catalog.rules(enabled)
    clients: dict[str, list[str]] = {}
    backed_up_by: dict[str, list[str]] = {}  # backup name -> primaries it serves
    for name, app in apps.items():
        for target in dict.fromkeys(app.connections):
            if target != name:
                clients.setdefault(target, []).append(name)
        if app.backup is not None:
            backed_up_by.setdefault(app.backup, []).append(name)

    down: set[str] = {lost_app}
    consequences: list[Consequence] = []
    queue = deque([lost_app])

    def title(name: str) -> str:
        return f"{catalog.kind_title(apps[name].kind)} {quote(name)}"

    while queue:
        lost = queue.popleft()
        lost_kind = apps[lost].kind
        backup = apps[lost].backup
        live_backup = (
            backup
            if backup in apps and backup not in down and apps[backup].kind == lost_kind
            else None
        )
        for primary in backed_up_by.get(lost, []):
            if primary not in down:
                consequences.append(
                    Consequence(
                        primary,
                        Effect.REDUNDANCY_LOST,
                        lost,
                        f"{title(primary)} loses its backup {quote(lost)}",
                        backup=lost,
                    )
                )
        for client in clients.get(lost, []):
            if client in down:
                continue
            client_app = apps[client]
            rule = rules.get(client_app.kind, {}).get(lost_kind)
            if rule is None or not rule.mark.allowed:
                continue  # a link the table forbids carries nothing to lose
            if live_backup is not None and catalog.fails_over(lost_kind, client_app.kind):
                consequences.append(
                    Consequence(
                        client,
                        Effect.FAILOVER,
                        lost,
                        f"{title(client)} reconnects to {quote(live_backup)}, the backup of "
                        f"{quote(lost)}",
                        backup=live_backup,
                    )
                )
                continue
            remaining = [
                t
                for t in dict.fromkeys(client_app.connections)
                if t != client and t in apps and t not in down and apps[t].kind == lost_kind
            ]
            kind_title = catalog.kind_title(lost_kind)
            if remaining:
                if rule.mark.required and rule.mark.maximum is None and len(remaining) == 1:
                    consequences.append(
                        Consequence(
                            client,
                            Effect.REDUNDANCY_LOST,
                            lost,
                            f"{title(client)} is left with one {kind_title}: {quote(remaining[0])}",
                        )
                    )
                continue
            # The catalog names the clients that reconnect to a backup; any other is weighed
            # as if there were none, and says so.
            unsaid = (
                f"; it is not documented to reconnect to {quote(live_backup)}, the backup"
                if live_backup is not None
                else ""
            )
            loss = catalog.loss(client_app.kind, lost_kind)
            capability = catalog.capabilities.get(loss) if loss not in (None, DOWN) else None
            if loss == DOWN:
                down.add(client)
                queue.append(client)
                consequences.append(
                    Consequence(
                        client,
                        Effect.DOWN,
                        lost,
                        f"{title(client)} needs {rule.base.describe()} {kind_title} and has no "
                        f"other than {quote(lost)}{unsaid}",
                    )
                )
            elif capability is not None and (
                capability.feature is None or capability.feature in enabled
            ):
                consequences.append(
                    Consequence(
                        client,
                        Effect.FEATURE_LOST,
                        lost,
                        f"{title(client)} loses {capability.title}: it has no {kind_title} "
                        f"other than {quote(lost)}{unsaid}",
                        feature=loss,
                    )
                )
            else:
                consequences.append(
                    Consequence(
                        client,
                        Effect.OPTIONAL_LOST,
                        lost,
                        f"{title(client)} loses its optional link to {quote(lost)}{unsaid}",
                    )
                )
    # An app that went down is listed once, as down.
    kept = [c for c in consequences if c.effect is Effect.DOWN or c.app not in down]
    # What the lost apps gave themselves is no part of the cascade: the same post-pass.
    return Impact(app=lost_app, consequences=kept + stopped(plan, catalog, down))
