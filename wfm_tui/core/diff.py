"""What changed between two plans: apps, properties, links, features, plan fields.

Links are compared as sets (reordering a connection list is no change), and an app that was
renamed is reported as a rename, not as one app removed and another added.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from wfm_tui.core.plan import EDITABLE_APP_FIELDS, App, Plan


@dataclass(frozen=True)
class Change:
    """One property that differs: `what` is a field name, `old` and `new` its values."""

    what: str
    old: Any
    new: Any


@dataclass
class PlanDiff:
    plan: list[Change] = field(default_factory=list)
    features: list[Change] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    renamed: list[tuple[str, str]] = field(default_factory=list)
    changed: dict[str, list[Change]] = field(default_factory=dict)
    links_added: list[tuple[str, str]] = field(default_factory=list)
    links_removed: list[tuple[str, str]] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (
            self.plan
            or self.features
            or self.added
            or self.removed
            or self.renamed
            or self.changed
            or self.links_added
            or self.links_removed
        )

    @property
    def renames(self) -> dict[str, str]:
        return dict(self.renamed)

    def summary(self) -> str:
        parts = [
            (len(self.added), "app added", "apps added"),
            (len(self.removed), "app removed", "apps removed"),
            (len(self.renamed), "app renamed", "apps renamed"),
            (len(self.changed), "app changed", "apps changed"),
            (len(self.links_added), "link added", "links added"),
            (len(self.links_removed), "link removed", "links removed"),
            (len(self.features), "feature changed", "features changed"),
        ]
        said = [f"{n} {one if n == 1 else many}" for n, one, many in parts if n]
        if self.plan:
            said.append("plan details changed")
        return ", ".join(said) if said else "no changes"


# Kind, site, host, port, TLS, note and the number of connections.
_Signature = tuple[str, str | None, str | None, int | None, bool, str | None, int]


def _signature(app: App) -> _Signature:
    """What must match for a removed and an added app to be one app renamed."""
    return (app.kind, app.site, app.host, app.port, app.tls, app.note, len(app.connections))


def _find_renames(old: Plan, new: Plan, removed: list[str], added: list[str]) -> dict[str, str]:
    by_signature: dict[_Signature, list[str]] = {}
    for name in added:
        by_signature.setdefault(_signature(new.apps[name]), []).append(name)
    removed_by_signature: dict[_Signature, list[str]] = {}
    for name in removed:
        removed_by_signature.setdefault(_signature(old.apps[name]), []).append(name)
    renames = {}
    for signature, olds in removed_by_signature.items():
        news = by_signature.get(signature, [])
        if len(olds) == 1 and len(news) == 1:  # only an unambiguous match is a rename
            renames[olds[0]] = news[0]
    return renames


def diff_plans(old: Plan, new: Plan) -> PlanDiff:
    result = PlanDiff()
    for key in ("name", "description", "catalog"):
        if getattr(old, key) != getattr(new, key):
            result.plan.append(Change(key, getattr(old, key), getattr(new, key)))
    for key, before in old.features:
        after = getattr(new.features, key)
        if before != after:
            result.features.append(Change(key, before, after))

    removed = [name for name in old.apps if name not in new.apps]
    added = [name for name in new.apps if name not in old.apps]
    renames = _find_renames(old, new, removed, added)
    result.renamed = sorted(renames.items())
    result.removed = sorted(n for n in removed if n not in renames)
    renamed_to = set(renames.values())
    result.added = sorted(n for n in added if n not in renamed_to)

    def current(name: str) -> str:
        return renames.get(name, name)

    # Versions of a plan share the apps an edit left alone: such an app has no changes and the
    # same links on both sides, unless a rename this diff found changes what it names. The
    # what-if sandbox diffs the plan on every keypress; at 10,000 apps comparing every field
    # and link of every app was some 25 ms a diff.
    def shared(name: str, app: App) -> bool:
        if new.apps.get(name) is not app:
            return False
        if not renames:
            return True
        return (
            name not in renames
            and app.backup not in renames
            and renames.keys().isdisjoint(app.connections)
        )

    unshared = [(n, a) for n, a in old.apps.items() if not shared(n, a)]
    for old_name, old_app in unshared:
        name = current(old_name)
        new_app = new.apps.get(name)
        if new_app is None:
            continue
        changes = [
            Change(key, getattr(old_app, key), getattr(new_app, key))
            for key in ("kind", *EDITABLE_APP_FIELDS)
            if key != "backup" and getattr(old_app, key) != getattr(new_app, key)
        ]
        old_backup = current(old_app.backup) if old_app.backup is not None else None
        if old_backup != new_app.backup:
            changes.append(Change("backup", old_app.backup, new_app.backup))
        if changes:
            result.changed[name] = changes

    # The links of shared apps are on both sides: they cancel out.
    old_links = {(current(s), current(t)) for s, app in unshared for t in app.connections}
    others = {current(s) for s, _ in unshared}.union(added)  # the new apps not shared
    new_links = {
        (s, t) for s in others if (app := new.apps.get(s)) is not None for t in app.connections
    }
    result.links_added = sorted(new_links - old_links)
    result.links_removed = sorted(old_links - new_links)
    return result
