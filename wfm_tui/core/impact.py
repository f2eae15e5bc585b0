"""Impact of losing an app: who goes down with it, who loses redundancy, an optional link or a
capability, and who fails over to a backup instead.

What a lost link means is catalog data, not code: the catalog's `on_loss` says, per link, whether
the source goes down or loses a named capability when its last live target of that kind is gone,
and each kind's `failover` names the client kinds that reconnect to its backup. Losses cascade:
an app that goes down takes its own clients' links with it. One pass over a reverse index of
links, each looked at a bounded number of times: linear in the plan's links.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from enum import StrEnum

from wfm_tui.core.catalog import DOWN, Catalog
from wfm_tui.core.names import quote
from wfm_tui.core.plan import Plan


class Effect(StrEnum):
    DOWN = "down"
    REDUNDANCY_LOST = "redundancy-lost"
    OPTIONAL_LOST = "optional-lost"
    FEATURE_LOST = "feature-lost"  # a capability (catalog [capabilities]) stops
    FAILOVER = "failover"
    STOPS = "stops"  # a capability that the lost apps gave themselves (catalog `provides`)

    @property
    def heading(self) -> str:
        return _HEADINGS[self]


_HEADINGS = {
    Effect.DOWN: "goes down (loses a required link)",
    Effect.REDUNDANCY_LOST: "keeps working, loses redundancy",
    Effect.OPTIONAL_LOST: "loses an optional link",
    Effect.FEATURE_LOST: "keeps running, loses a capability",
    Effect.FAILOVER: "fails over to a backup",
    Effect.STOPS: "stops (what the apps lost did by themselves)",
}


@dataclass(frozen=True)
class Consequence:
    app: str
    effect: Effect
    lost: str  # the app whose loss causes this
    message: str
    feature: str | None = None  # the capability lost, for FEATURE_LOST
    backup: str | None = None


@dataclass(frozen=True)
class Impact:
    app: str
    consequences: list[Consequence]

    def of(self, effect: Effect) -> list[Consequence]:
        return [c for c in self.consequences if c.effect is effect]

    @property
    def features_lost(self) -> list[str]:
        return sorted({c.feature for c in self.consequences if c.feature is not None})

    def summary(self) -> str:
        return ", ".join(f"{len(self.of(e))} {e.value}" for e in Effect)


def impact(plan: Plan, catalog: Catalog, lost_app: str) -> Impact:
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
    # Per client and target kind: how many of its targets of that kind are up, counted once
    # and kept up to date as apps go down; and, once one is left, which. Counting them again
    # at every loss made a cascade quadratic: a Server linked to a thousand Servers that all
    # go down with their DAP looked through its thousand links a thousand times.
    live: dict[tuple[str, str], int] = {}
    survivor: dict[tuple[str, str], str] = {}

    def up_targets(client: str, kind: str) -> list[str]:
        return [
            t
            for t in dict.fromkeys(apps[client].connections)
            if t != client and t in apps and t not in down and apps[t].kind == kind
        ]

    def go_down(name: str) -> None:
        down.add(name)
        kind = apps[name].kind
        for client in clients.get(name, ()):
            if (client, kind) in live:
                live[(client, kind)] -= 1

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
            key = (client, lost_kind)
            remaining = live.get(key)
            if remaining is None:
                up = up_targets(client, lost_kind)
                remaining = live[key] = len(up)
            kind_title = catalog.kind_title(lost_kind)
            if remaining:
                if rule.mark.required and rule.mark.maximum is None and remaining == 1:
                    left = survivor.get(key)
                    if left is None:  # from now on the same one, until it goes down too
                        left = survivor[key] = up_targets(client, lost_kind)[0]
                    consequences.append(
                        Consequence(
                            client,
                            Effect.REDUNDANCY_LOST,
                            lost,
                            f"{title(client)} is left with one {kind_title}: {quote(left)}",
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
                go_down(client)
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
    return Impact(app=lost_app, consequences=kept + stopped(plan, catalog, down))


def stopped(plan: Plan, catalog: Catalog, down: set[str]) -> list[Consequence]:
    """What the apps in `down` gave by themselves (their kind's `provides`) and no app of their
    kind left up gives: one consequence per app and capability in use, in plan order."""
    providing = {kind for kind, spec in catalog.kinds.items() if spec.provides}
    if not providing:
        return []
    enabled = plan.features.enabled
    up_kinds = {app.kind for name, app in plan.apps.items() if name not in down}
    found = []
    for name, app in plan.apps.items():
        if name not in down or app.kind not in providing or app.kind in up_kinds:
            continue
        kind_title = catalog.kind_title(app.kind)
        for capability_id in catalog.kinds[app.kind].provides:
            capability = catalog.capabilities[capability_id]
            if capability.feature is not None and capability.feature not in enabled:
                continue
            found.append(
                Consequence(
                    name,
                    Effect.STOPS,
                    name,
                    f"{kind_title} {quote(name)} is down, and with it {capability.title}: "
                    f"no other {kind_title} is up",
                    feature=capability_id,
                )
            )
    return found
