"""Validation kept up to date edit by edit: the findings of a plan version, recomputed only where
an edit can change them.

`validate(plan, catalog)` is the reference; this gives the same findings (a hypothesis stateful
test holds it to that after every step of random edit sequences) at a cost that follows the
edit, not the plan. The findings fall into parts, each recomputed by running `validate` (or the
deployment rules) on a small plan of just the apps that part depends on, so that both give the
same findings, word for word:

- an app's own findings (its links, counts, backup): the app, its targets and its backup;
- `unreferenced-app`: whether any other app names the app;
- a group's findings: apps on one host:port, apps of a kind with an instance limit, primaries of
  a kind on one site, apps naming one backup;
- the plan-wide rules: features that need apps, multi-site connectivity;
- names that look alike: looked at again when a name, a site or a kind changes.

What an edit touched is read from the plans themselves: versions share unchanged apps, so
identity tells which apps changed.

The caps on findings (`FindingCap`) hold here too. Each part holds every finding of the (app,
code) pairs it has, so it caps them per app as the whole plan does, "... and N more" included.
The cap per code depends on the order of the whole plan: while a code has more than `per_code`
findings and an app two of them, every edit validates the whole plan again (only a plan that
broken has them), and the parts come back once it has not.

Near 600 lines: the parts and the indexes that tell which parts an edit touches must change
together; split apart, a part could be recomputed from an index another module forgot.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from wfm_tui.core.catalog import Catalog
from wfm_tui.core.deployment_rules import deployment_findings, shared_backups
from wfm_tui.core.findings import MAX_PER_APP_AND_CODE, MAX_PER_CODE, Code, Finding, FindingCap
from wfm_tui.core.lookalike import look_alike_findings
from wfm_tui.core.plan import App, Plan
from wfm_tui.core.validation import validate

# The codes of an app's own findings: they depend on the app, its targets and its backup.
_OWN = frozenset(
    {
        Code.MISSING_CONNECTION,
        Code.TOO_MANY_CONNECTIONS,
        Code.CONNECTION_NOT_ALLOWED,
        Code.UNKNOWN_TARGET,
        Code.SELF_CONNECTION,
        Code.DUPLICATE_CONNECTION,
        Code.TLS_PROCEDURE,
        Code.UNKNOWN_BACKUP,
        Code.BACKUP_KIND_MISMATCH,
        Code.BACKUP_NOT_SUPPORTED,
        Code.BACKUP_SAME_HOST,
    }
)
_PLAN_WIDE = frozenset({Code.FEATURE_NEEDS_APP, Code.MULTI_SITE_SPLIT})
# The codes of a group's findings (see `_group_findings`).
_GROUPED = frozenset(
    {
        Code.PORT_CONFLICT,
        Code.TOO_MANY_INSTANCES,
        Code.DATA_AGGREGATORS_PER_SITE,
        Code.SHARED_BACKUP,
    }
)

GroupKey = tuple[str, ...]
_REBUILD_SHARE = 64
# The parts are capped per app only (see `_crowded`): no plan has this many findings.
_UNCAPPED = 1 << 62


@dataclass
class Change:
    """What one update added to and removed from the findings."""

    added: list[Finding] = field(default_factory=list)
    removed: list[Finding] = field(default_factory=list)


class LiveValidation:
    """The findings of the latest plan version given to `update`."""

    # An edit that changes more apps than this, and more than one in _REBUILD_SHARE of the
    # plan, is followed by validating the whole plan again.
    rebuild_above = 100
    # Past these many links in the plan, or in one app, the indexes would cost more memory than
    # the plan itself (a hostile file within the size cap lists two million names that are not
    # apps, a set each, and an edit of that list compares sets of two million): every edit
    # validates the whole plan again instead, and `linkers` looks through the plan. Real plans
    # list a few links per app.
    indexed_links = 1_000_000
    indexed_links_per_app = 10_000
    # The caps `validate` applies (a test makes them small, to cross them edit by edit).
    per_app = MAX_PER_APP_AND_CODE
    per_code = MAX_PER_CODE

    def __init__(self, plan: Plan, catalog: Catalog) -> None:
        self.catalog = catalog
        self.plan = plan
        # Whether the last update added or removed apps (the order of names changed).
        self.names_changed = True
        # The findings in one list, put together when first asked for after a change.
        self._assembled: list[Finding] | None = None
        self._generation = 0
        self._unindexed = self._capped = False
        # The codes whose counts (see `_count`) grew since the last look.
        self._grown: set[Code] = set()
        self._rebuild()

    # -- reading -----------------------------------------------------------------------------

    @property
    def findings(self) -> list[Finding]:
        if self._assembled is None:
            assembled: list[Finding] = []
            for part in self._own.values():
                assembled += part
            assembled += self._unreferenced.values()
            for part in self._groups.values():
                assembled += part
            assembled += self._plan_wide
            assembled += self._look_alike
            self._assembled = assembled
        return self._assembled

    # -- updating ----------------------------------------------------------------------------

    def update(
        self, plan: Plan, catalog: Catalog | None = None, changed: Iterable[str] | None = None
    ) -> Change:
        """Move to `plan` (validated against `catalog`, by default the same one as before).
        `changed` names the apps that may differ from the last plan's (an edit's undo Patch
        knows them); without it, every app is compared."""
        before = self.findings
        old = self.plan
        catalog = catalog or self.catalog
        if catalog is not self.catalog or plan.features != old.features:
            self.catalog, self.plan = catalog, plan
            self.names_changed = True
            self._rebuild()
            return _difference(before, self.findings)
        candidates = {*old.apps, *plan.apps} if changed is None else changed
        changed = [n for n in candidates if old.apps.get(n) is not plan.apps.get(n)]
        self.plan = plan
        self.names_changed = any((n in old.apps) != (n in plan.apps) for n in changed)
        if not changed:
            return Change()
        if (
            self._unindexed
            or self._capped
            or self._too_many_links(plan.apps[n] for n in changed if n in plan.apps)
        ):
            self._rebuild()
            return _difference(before, self.findings)
        if len(changed) > self.rebuild_above and len(changed) * _REBUILD_SHARE > len(plan.apps):
            # Removing or renaming an app that thousands name changes them all: validating each
            # on its own costs some 70 times what one pass over the whole plan does per app.
            self._rebuild()
            return _difference(before, self.findings)
        if self.names_changed:
            self._order = {name: index for index, name in enumerate(plan.apps)}
        if not self._indexed:
            # Of the plan before the edit, as `_update_index` expects.
            self.plan = old
            self._index()
            self.plan = plan
        change = Change()
        self._grown = set()
        self._update_index(changed, old.apps, plan.apps)
        self._update_own(changed, old.apps, plan.apps, change)
        self._update_unreferenced(changed, old.apps, plan.apps, change)
        self._update_groups(changed, old.apps, plan.apps, change)
        self._update_plan_wide(changed, old.apps, plan.apps, change)
        self._update_look_alike(changed, old.apps, plan.apps, change)
        if any(self._crowded(code) for code in self._grown):
            # The cap per code applies now: which findings it drops depends on the whole plan.
            self._rebuild()
            return _difference(before, self.findings)
        if change.added or change.removed:
            self._assembled = None
        return change

    def linkers(self, name: str) -> frozenset[str]:
        """The apps that list app `name` among their connections (itself left out), from the
        index kept edit by edit: no look through the plan (the first builds its part of it:
        the panels shown at start-up ask; a plan opened without the editor never does)."""
        if self._unindexed:
            apps = self.plan.apps
            return frozenset(n for n, a in apps.items() if n != name and name in a.connections)
        if not self._referred:
            self._index_referrers()
        referrers = self._referrers.get(name, set())
        backed = self._backed_by.get(name)
        if not backed:
            return frozenset(referrers)
        apps = self.plan.apps
        # Those that name it as their backup only are no users of it.
        return frozenset(r for r in referrers if r not in backed or name in apps[r].connections)

    def referrers_stamp(self, name: str) -> tuple[int, int]:
        """Changes whenever `linkers(name)` may have: an app starts or stops linking to it, or
        one that names it changes kind, comes or goes (or the whole plan is validated again).
        What shows them tells in constant time whether it is out of date."""
        return (self._generation, self._referrer_versions.get(name, 0))

    # -- the parts ---------------------------------------------------------------------------

    def _rebuild(self) -> None:
        plan, apps = self.plan, self.plan.apps
        self._generation += 1
        self._referrer_versions: dict[str, int] = {}
        self._order = {name: index for index, name in enumerate(apps)}
        everything = validate(plan, self.catalog, per_app=self.per_app, per_code=self.per_code)
        self._unindexed = self._too_many_links(apps.values())
        self._tally: dict[Code, int] = {}
        self._repeated: dict[Code, int] = {}
        self._grown = set()
        self._count(everything, 1)
        # Where the cap per code applies, parts could not give `everything` again: each edit
        # validates the whole plan until it no longer does (one part, as for the unindexed).
        self._capped = any(self._crowded(code) for code in self._grown)
        # Keyed in the plan's order: the findings are listed in it, edits or not.
        self._own: dict[str, list[Finding]] = {name: [] for name in apps}
        self._unreferenced: dict[str, Finding] = {}
        self._groups: dict[GroupKey, list[Finding]] = {}
        self._plan_wide: list[Finding] = []
        self._look_alike: list[Finding] = []
        grouped: list[Finding] = []
        for finding in everything:
            if finding.code in _OWN and finding.app is not None:
                self._own[finding.app].append(finding)
            elif finding.code is Code.UNREFERENCED_APP and finding.app is not None:
                self._unreferenced[finding.app] = finding
            elif finding.code in _PLAN_WIDE:
                self._plan_wide.append(finding)
            elif finding.code is Code.LOOK_ALIKE_NAMES:
                self._look_alike.append(finding)
            elif finding.code in _GROUPED:
                grouped.append(finding)
        # The indexes serve updates only: a plan just opened may never be edited, and at
        # 10,000 apps they cost about as much as validating it, before the first frame.
        self._indexed = self._referred = False
        if grouped and (self._unindexed or self._capped):
            self._groups[()] = grouped  # each edit validates the plan again: one part
        elif grouped:
            # Each group's findings in the order `_group_findings` gives them, as after edits.
            self._index()
            for key in self._members:
                found = self._group_findings(key)
                if found:
                    self._groups[key] = found
        self._assembled = None

    def _count(self, findings: list[Finding], sign: int) -> None:
        """Adds `findings` to (sign 1) or takes them from (-1) the counts `_crowded` reads: the
        findings of each code, and the (app, code) pairs with two or more. Given a part's
        findings, every pair of them is in it."""
        tally = self._tally
        for finding in findings:
            tally[finding.code] = tally.get(finding.code, 0) + sign
        if sign > 0:
            self._grown.update(finding.code for finding in findings)
        if len(findings) > 1:
            repeated = self._repeated
            for (_, code), times in Counter((f.app, f.code) for f in findings).items():
                if times > 1:
                    repeated[code] = repeated.get(code, 0) + sign

    def _crowded(self, code: Code) -> bool:
        """Whether the cap per code may drop findings of `code`. It drops an app's second one
        once `per_code` are listed (the plan's order decides which): never while there are no
        more than `per_code` ("... and N more" counted) or no app has two (one listed and its
        "... and N more" are two). Otherwise the parts, capped per app, are the findings."""
        return self._tally.get(code, 0) > self.per_code and self._repeated.get(code, 0) > 0

    def _note(self, previous: list[Finding], current: list[Finding], change: Change) -> None:
        """A part's findings went from `previous` to `current`."""
        if previous == current:
            return
        self._count(previous, -1)
        self._count(current, 1)
        change.removed += [f for f in previous if f not in current]
        change.added += [f for f in current if f not in previous]

    def _per_app(self, findings: list[Finding]) -> list[Finding]:
        """`findings` capped per app and code as `validate` caps them (given every finding of
        their pairs, in its order)."""
        capped: list[Finding] = []
        cap = FindingCap(capped, self.per_app, _UNCAPPED)
        for finding in findings:
            cap.add(finding)
        cap.close()
        return capped

    def _too_many_links(self, apps: Iterable[App]) -> bool:
        """Whether these apps list more links than the indexes are kept for."""
        total = 0
        for app in apps:
            count = len(app.connections)
            total += count
            if count > self.indexed_links_per_app or total > self.indexed_links:
                return True
        return False

    def _index(self) -> None:
        """The apps that name each app (unless `linkers` made that part already), each app's
        groups and each group's members, the apps of each kind."""
        apps = self.plan.apps
        if not self._referred:
            self._index_referrers()
        self._groups_of_app: dict[str, tuple[GroupKey, ...]] = {}
        self._members: dict[GroupKey, set[str]] = {}
        self._by_kind: dict[str, set[str]] = {}
        for name, app in apps.items():
            self._by_kind.setdefault(app.kind, set()).add(name)
            keys = self._group_keys(name, app, apps)
            self._groups_of_app[name] = keys
            for key in keys:
                self._members.setdefault(key, set()).add(name)
        self._indexed = True

    def _index_referrers(self) -> None:
        """The part of the index `linkers` needs: the panels shown at start-up ask for it
        before the first frame, the rest waits for the first edit (half the cost)."""
        # name -> the apps that name it (as a connection or a backup).
        self._referrers: dict[str, set[str]] = {}
        # name -> the apps that name it as their backup (a few, if any).
        self._backed_by: dict[str, set[str]] = {}
        for name, app in self.plan.apps.items():
            if app.backup is not None and app.backup != name:
                self._backed_by.setdefault(app.backup, set()).add(name)
            for target in _named(name, app):
                self._referrers.setdefault(target, set()).add(name)
        self._referred = True

    def _update_index(
        self, changed: list[str], old: Mapping[str, App], new: Mapping[str, App]
    ) -> None:
        versions = self._referrer_versions
        for name in changed:
            before, after = old.get(name), new.get(name)
            # The apps whose users changed: those it links to or stops linking to (all it
            # names when it changes kind, comes or goes).
            if _kind(before) != _kind(after):
                touched = _named(name, before) | _named(name, after)
            else:
                touched = _linked(name, before) ^ _linked(name, after)
            for target in touched:
                versions[target] = versions.get(target, 0) + 1
            if _backup(before) != _backup(after):
                if before is not None and before.backup in self._backed_by:
                    self._backed_by[before.backup].discard(name)
                if after is not None and after.backup is not None and after.backup != name:
                    self._backed_by.setdefault(after.backup, set()).add(name)
            if _kind(before) != _kind(after):
                if before is not None:
                    self._by_kind[before.kind].discard(name)
                if after is not None:
                    self._by_kind.setdefault(after.kind, set()).add(name)
            for target in _named(name, before) - _named(name, after):
                referrers = self._referrers.get(target)
                if referrers is not None:
                    referrers.discard(name)
                    if not referrers:
                        del self._referrers[target]
            for target in _named(name, after) - _named(name, before):
                self._referrers.setdefault(target, set()).add(name)

    def _update_own(
        self,
        changed: list[str],
        old: Mapping[str, App],
        new: Mapping[str, App],
        change: Change,
    ) -> None:
        affected = set(changed)
        for name in changed:
            before, after = old.get(name), new.get(name)
            # Those that name an app care whether it exists and of which kind; the primary of
            # a backup also cares about its host.
            if _kind(before) != _kind(after):
                affected |= self._referrers.get(name, set())
            elif _host(before) != _host(after):
                affected |= {
                    r for r in self._referrers.get(name, ()) if _backup(new.get(r)) == name
                }
        for name in affected:
            previous = self._own.pop(name, []) if name not in new else self._own.get(name, [])
            current = self._own_findings(name, new) if name in new else []
            if name in new:
                self._own[name] = current
            self._note(previous, current, change)

    def _own_findings(self, name: str, apps: Mapping[str, App]) -> list[Finding]:
        app = apps[name]
        around = {name: app}
        for other in _named(name, app):
            if other in apps:
                around[other] = apps[other]
        found = self._validate(around)
        return [f for f in found if f.app == name and f.code in _OWN]

    def _update_unreferenced(
        self,
        changed: list[str],
        old: Mapping[str, App],
        new: Mapping[str, App],
        change: Change,
    ) -> None:
        candidates = set(changed)
        for name in changed:
            candidates |= _named(name, old.get(name)) | _named(name, new.get(name))
        required = self.catalog.required_target_kinds
        for name in candidates:
            previous = self._unreferenced.pop(name, None)
            current = None
            app = new.get(name)
            used = bool(self._referrers.get(name, set()) - {name})
            if app is not None and app.kind in required and not used:
                found = self._validate({name: app})
                current = next(f for f in found if f.code is Code.UNREFERENCED_APP)
                self._unreferenced[name] = current
            self._note([previous] if previous else [], [current] if current else [], change)

    def _group_keys(self, name: str, app: App, apps: Mapping[str, App]) -> tuple[GroupKey, ...]:
        keys: list[GroupKey] = []
        spec = self.catalog.kinds.get(app.kind)
        if app.host is not None and app.port is not None:
            keys.append(("port", app.host.lower(), str(app.port)))
        if spec is not None and spec.max_instances is not None:
            keys.append(("instances", app.kind))
        if spec is not None and spec.one_per_site and app.site is not None:
            keys.append(("site", app.kind, app.site))
        if app.backup is not None and app.backup != name:
            keys.append(("backup", app.backup))
        return tuple(keys)

    def _update_groups(
        self,
        changed: list[str],
        old: Mapping[str, App],
        new: Mapping[str, App],
        change: Change,
    ) -> None:
        dirty: set[GroupKey] = set()
        for name in changed:
            for key in self._groups_of_app.pop(name, ()):
                members = self._members.get(key)
                if members is not None:
                    members.discard(name)
                dirty.add(key)
            app = new.get(name)
            if app is not None:
                keys = self._group_keys(name, app, new)
                self._groups_of_app[name] = keys
                for key in keys:
                    self._members.setdefault(key, set()).add(name)
                    dirty.add(key)
            # Naming a backup makes it no primary: the site groups of both sides may change.
            for backup in {_backup(old.get(name)), _backup(app)} - {None}:
                dirty.update(k for k in self._groups_of_app.get(backup or "", ()) if k[0] == "site")
        for key in dirty:
            previous = self._groups.pop(key, [])
            current = self._group_findings(key)
            if current:
                self._groups[key] = current
            if not self._members.get(key):
                self._members.pop(key, None)
            self._note(previous, current, change)

    def _group_findings(self, key: GroupKey) -> list[Finding]:
        members = self._members.get(key)
        if not members or (len(members) < 2 and key[0] != "instances"):
            return []
        apps = self.plan.apps
        names = sorted(members, key=self._order.__getitem__)
        if key[0] == "port":
            found = self._validate({n: apps[n] for n in names})
            return [f for f in found if f.code is Code.PORT_CONFLICT]
        if key[0] == "instances":
            found = self._validate({n: apps[n] for n in names})
            return [f for f in found if f.code is Code.TOO_MANY_INSTANCES]
        if key[0] == "backup":  # the apps naming one backup: nothing else decides
            return shared_backups({n: apps[n] for n in names})
        # One primary per site: the apps that name these as their backup decide who is one.
        around = {n: apps[n] for n in names}
        for name in names:
            for referrer in sorted(self._referrers.get(name, ()), key=self._order.__getitem__):
                if _backup(apps.get(referrer)) == name:
                    around.setdefault(referrer, apps[referrer])
        around = dict(sorted(around.items(), key=lambda item: self._order[item[0]]))
        found = deployment_findings(self._small_plan(around), self.catalog)
        # The primaries that name these as backups may be on other sites: only this one's.
        return [f for f in found if f.code is Code.DATA_AGGREGATORS_PER_SITE and f.app in members]

    def _update_plan_wide(
        self,
        changed: list[str],
        old: Mapping[str, App],
        new: Mapping[str, App],
        change: Change,
    ) -> None:
        kinds = {_kind(old.get(n)) for n in changed} | {_kind(new.get(n)) for n in changed}
        watched: set[str] = set()
        for name, feature in self.catalog.features.items():
            if name in self.plan.features.enabled:
                watched.update(feature.needs)
                if feature.connects is not None:
                    watched.add(feature.connects)
        if not kinds & watched:
            return
        previous = self._plan_wide
        self._plan_wide = self._plan_wide_findings(watched)
        self._note(previous, self._plan_wide, change)

    def _plan_wide_findings(self, watched: set[str]) -> list[Finding]:
        """The plan-wide rules on the apps of the kinds they watch (and the apps that name
        those as backups, which decide who is a primary)."""
        apps = self.plan.apps
        around = {n: apps[n] for kind in watched for n in self._by_kind.get(kind, ())}
        for name in list(around):
            for referrer in self._referrers.get(name, ()):
                if _backup(apps.get(referrer)) == name:
                    around.setdefault(referrer, apps[referrer])
        around = dict(sorted(around.items(), key=lambda item: self._order[item[0]]))
        found = deployment_findings(self._small_plan(around), self.catalog)
        return self._per_app([f for f in found if f.code in _PLAN_WIDE])

    def _update_look_alike(
        self,
        changed: list[str],
        old: Mapping[str, App],
        new: Mapping[str, App],
        change: Change,
    ) -> None:
        """Names that look alike depend on every name and site (and on which app comes first
        in a site): looked at again when a name, a site or a kind changed, never for a link."""
        if not self.names_changed and all(
            _kind(old.get(n)) == _kind(new.get(n)) and _site(old.get(n)) == _site(new.get(n))
            for n in changed
        ):
            return
        previous = self._look_alike
        self._look_alike = self._per_app(look_alike_findings(self.plan, self.catalog))
        self._note(previous, self._look_alike, change)

    def _validate(self, apps: dict[str, App]) -> list[Finding]:
        """The findings of a plan of just these apps, capped per app only."""
        return validate(
            self._small_plan(apps), self.catalog, per_app=self.per_app, per_code=_UNCAPPED
        )

    def _small_plan(self, apps: dict[str, App]) -> Plan:
        """A plan of just these apps, with the plan's features: validated, it gives their
        findings as the whole plan would (names and kinds were checked when the plan was
        made)."""
        return Plan.model_construct(
            format=self.plan.format,
            name=self.plan.name,
            description=None,
            catalog=self.plan.catalog,
            features=self.plan.features,
            apps=apps,
        )


def _named(name: str, app: App | None) -> set[str]:
    """The apps that `app` names: its connections and its backup (itself left out)."""
    if app is None:
        return set()
    named = set(app.connections)
    if app.backup is not None:
        named.add(app.backup)
    named.discard(name)
    return named


def _linked(name: str, app: App | None) -> set[str]:
    """The apps that `app` links to (itself left out)."""
    return set(app.connections) - {name} if app is not None else set()


def _kind(app: App | None) -> str | None:
    return app.kind if app is not None else None


def _site(app: App | None) -> str | None:
    return app.site if app is not None else None


def _host(app: App | None) -> str | None:
    return app.host.lower() if app is not None and app.host is not None else None


def _backup(app: App | None) -> str | None:
    return app.backup if app is not None else None


def _difference(before: list[Finding], after: list[Finding]) -> Change:
    kept = set(before) & set(after)
    return Change(
        added=[f for f in after if f not in kept], removed=[f for f in before if f not in kept]
    )
