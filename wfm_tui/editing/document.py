"""The plan being edited: current plan, findings, undo/redo and saved state, and what the
screen lays out of each plan version (computed once per version, here, for every widget)."""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field

from wfm_tui.core.catalog import Catalog
from wfm_tui.core.delta import FindingsDelta, findings_delta
from wfm_tui.core.diff import diff_plans
from wfm_tui.core.findings import Finding, Severity
from wfm_tui.core.live_validation import Change, LiveValidation
from wfm_tui.core.names import quote
from wfm_tui.core.operations import CatalogRebase, Operation, OperationError, run
from wfm_tui.core.plan import Plan
from wfm_tui.core.validation import validate
from wfm_tui.editing.layout import Layout, layout_of, same_structure
from wfm_tui.editing.link_groups import Targets, targets_of
from wfm_tui.files.catalogs import UnknownCatalogError, load_catalog, resolve_catalog
from wfm_tui.files.errors import LoadError
from wfm_tui.files.plan_file import LoadedPlan
from wfm_tui.files.plan_input import MAX_APPS

_BY_RANK = sorted(Severity, key=lambda s: s.rank)


@dataclass(frozen=True, slots=True)
class Step:
    """One undoable change: the operation as the user asked it, and what takes it back."""

    op: Operation
    inverse: Operation


def _within_app_cap(before: Plan, after: Plan) -> None:
    """OperationError when an edit takes the plan past the apps a plan file may have: saved,
    it could not be opened again (nor could its recovery journal), so it is refused at once
    rather than at the save. A size in bytes would cost serializing the plan at each edit: the
    journal measures that (see SafetyNet)."""
    count = len(after.apps)
    if count > MAX_APPS and count > len(before.apps):
        raise OperationError(
            f"a plan may have at most {MAX_APPS:,} apps (this would make {count:,}): "
            "a larger one could not be opened again"
        )


def rebased_steps(steps: list[Step], rebase: CatalogRebase) -> list[Step]:
    """`steps` with the catalogs they put back named as `rebase` gives them (see
    Operation.with_catalog_refs); the steps that put back none stay the same objects."""
    rebased = []
    for step in steps:
        op, inverse = step.op.with_catalog_refs(rebase), step.inverse.with_catalog_refs(rebase)
        rebased.append(step if op is step.op and inverse is step.inverse else Step(op, inverse))
    return rebased


@dataclass
class Document:
    plan: Plan
    catalog: Catalog
    path: str | None = None
    # A loaded file with comments: the first save must warn that they are dropped.
    comments_pending: bool = False
    saved_plan: Plan | None = None
    # The fingerprint of the file as loaded or last saved (None: there was no file). A save
    # compares it with the file on disk now, so that nobody else's changes are overwritten.
    base_fingerprint: str | None = None
    findings: list[Finding] = field(default_factory=list)
    statuses: dict[str, Severity | None] = field(default_factory=dict)
    _live: LiveValidation | None = field(default=None, repr=False)
    # Per app: how many findings of each severity (by rank) it has.
    _tally: dict[str, list[int]] = field(default_factory=dict, repr=False)
    undo_stack: list[Step] = field(default_factory=list)
    redo_stack: list[Step] = field(default_factory=list)
    # The JSON Schema the file's first-line `#:schema` directive names: saves keep it.
    schema: str | None = None
    # The catalogs the plan has named while open (its `catalog`, None for the default), so that
    # undoing a change of catalog never has to read a file again.
    catalogs: dict[str | None, Catalog] = field(default_factory=dict)
    # The layout and link targets of the last version asked for; the next version reuses
    # them while its apps keep their names, sites and kinds (most edits change links only).
    _layout: tuple[Plan, Catalog, Layout] | None = field(default=None, repr=False)
    _targets: Targets | None = field(default=None, repr=False)
    # Per view ("layout", "targets"): the apps the edits since it was made touched (None, or
    # no entry: not known), up to the plan version `_touched_plan`.
    _touched: dict[str, set[str] | None] = field(default_factory=dict, repr=False)
    _touched_plan: Plan | None = field(default=None, repr=False)
    # The apps whose status may have changed since the screen last took them (None: any app,
    # as after the first validation or a change of names).
    _status_changes: set[str] | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        self.catalogs.setdefault(self.plan.catalog, self.catalog)
        self.revalidate()

    @classmethod
    def untitled(cls, path: str | None = None) -> Document:
        """An empty plan; `path` (when given) is where the first save goes."""
        plan = Plan.empty()
        # Nothing to lose yet: an untouched empty plan quits without asking.
        return cls(plan=plan, catalog=load_catalog(), path=path, saved_plan=plan)

    @classmethod
    def from_loaded(cls, loaded: LoadedPlan) -> Document:
        return cls(
            plan=loaded.plan,
            catalog=loaded.catalog,
            path=loaded.path,
            comments_pending=loaded.has_comments,
            saved_plan=loaded.plan,
            base_fingerprint=loaded.fingerprint,
            schema=loaded.schema,
        )

    @property
    def dirty(self) -> bool:
        # Equality, not identity: undoing back to the saved plan makes the plan clean again.
        # Unchanged apps are shared between versions, so this is a cheap comparison.
        return self.saved_plan is None or self.plan != self.saved_plan

    def apply(self, op: Operation) -> None:
        """Run `op` (OperationError leaves everything as it was) and record it for undo."""
        plan, inverse = run(op, self.plan)
        _within_app_cap(self.plan, plan)
        self.catalog = self.catalog_of(plan)
        self.plan = plan
        self.undo_stack.append(Step(op, inverse))
        self.redo_stack.clear()
        self.revalidate(inverse.touched())

    def preview(self, op: Operation) -> FindingsDelta:
        """The findings `op` would add and resolve, without applying it (OperationError if it
        cannot apply, or names a catalog that cannot be had)."""
        plan = op.apply(self.plan)
        _within_app_cap(self.plan, plan)
        after = validate(plan, self.catalog_of(plan))
        return findings_delta(self.findings, after, diff_plans(self.plan, plan).renames)

    @property
    def layout(self) -> Layout:
        """site -> kind -> app names of the current plan: the same object while no app was
        added, removed, renamed or moved (widgets tell a change by identity; none may
        change it)."""
        plan, catalog, last = self.plan, self.catalog, self._layout
        if last is not None and last[0] is plan and last[1] is catalog:
            return last[2]
        touched = self._touched_since("layout")
        if last is not None and last[1] is catalog and same_structure(last[0], plan, touched):
            self._layout = (plan, catalog, last[2])
            return last[2]
        layout = layout_of(plan, catalog)
        self._layout = (plan, catalog, layout)
        return layout

    @property
    def targets(self) -> Targets:
        """The current plan's apps as link targets, sorted once for every panel."""
        if self._targets is None or self._targets.plan is not self.plan:
            touched = self._touched_since("targets")
            self._targets = targets_of(self.plan, self._targets, touched)
        return self._targets

    def _touched_since(self, view: str) -> set[str] | None:
        """The apps the edits since `view` was last made touched (None: not known); from now
        on, those since now."""
        touched = self._touched.get(view)
        self._touched[view] = set()
        return touched if self._touched_plan is self.plan else None

    def catalog_of(self, plan: Plan) -> Catalog:
        """The catalog `plan` names: an id, or a path beside the plan's file."""
        ref = plan.catalog
        known = self.catalogs.get(ref)
        if known is not None:
            return known
        folder = os.path.dirname(self.path) if self.path else None
        try:
            catalog = load_catalog() if ref is None else resolve_catalog(ref, folder)
        except UnknownCatalogError:
            raise OperationError(f"unknown catalog {quote(ref or '')}") from None
        except LoadError as exc:
            raise OperationError(str(exc)) from None
        strays = sorted({app.kind for app in plan.apps.values()} - set(catalog.kinds))
        if strays:
            raise OperationError(
                f"catalog {catalog.id} has no kind {', '.join(strays)}, which the plan uses"
            )
        self.catalogs[ref] = catalog
        return catalog

    def users_of(self, name: str) -> frozenset[str]:
        """The apps that link to app `name`: from the index the live validation keeps, so
        that a panel's "used by" costs no look through the plan."""
        live = self._live
        return live.linkers(name) if live is not None else frozenset()

    def users_stamp(self, name: str) -> object:
        """Differs from the last one whenever `users_of(name)`, or any of those apps, may
        have changed: a constant-time check for the panels shown."""
        live = self._live
        return live.referrers_stamp(name) if live is not None else None

    def rebase_catalog_refs(self, rebase: CatalogRebase) -> None:
        """The plan now lives in another folder (saved there): its catalog, the catalogs it has
        named and every one that undo or redo can put back are named as `rebase` gives them,
        the same files seen from there. Not an edit: there is nothing to undo."""
        self.catalogs = {rebase(ref): catalog for ref, catalog in self.catalogs.items()}
        self.catalogs[rebase(self.plan.catalog)] = self.catalog
        self.undo_stack = rebased_steps(self.undo_stack, rebase)
        self.redo_stack = rebased_steps(self.redo_stack, rebase)
        ref = rebase(self.plan.catalog)
        if ref != self.plan.catalog:
            self.plan = self.plan.model_copy(update={"catalog": ref})
            self._touched_plan = self.plan  # no app changed: the views stay

    def take_status_changes(self) -> set[str] | None:
        """The apps whose status may have changed since the last call (None: any may have);
        for the screen, which repaints their marks only."""
        changes, self._status_changes = self._status_changes, set()
        return changes

    def undo(self) -> Step | None:
        if not self.undo_stack:
            return None
        step = self.undo_stack.pop()
        self.plan = step.inverse.apply(self.plan)
        self.catalog = self.catalog_of(self.plan)  # known: the plan had it before
        self.redo_stack.append(step)
        self.revalidate(step.inverse.touched())
        return step

    def redo(self) -> Step | None:
        if not self.redo_stack:
            return None
        step = self.redo_stack.pop()
        self.plan, inverse = run(step.op, self.plan)
        self.catalog = self.catalog_of(self.plan)
        self.undo_stack.append(Step(step.op, inverse))
        self.revalidate(inverse.touched())
        return step

    def mark_saved(self, path: str, plan: Plan, fingerprint: str | None = None) -> None:
        """`plan` (the version written, perhaps older than the current one) is on disk at `path`.

        `fingerprint` is that of the text written: what the file must still hold at the next save.
        """
        self.path = path
        self.saved_plan = plan
        self.base_fingerprint = fingerprint
        self.comments_pending = False

    def changed_on_disk(self, current: str | None) -> bool:
        """Whether the file at `path` (fingerprint `current`, None when there is none) is not
        the one this plan was loaded from or last saved to: changed, vanished or appeared."""
        return current != self.base_fingerprint

    def revalidate(self, changed: Iterable[str] | None = None) -> None:
        """Bring the findings and each app's worst severity up to date with the plan: only
        what the last edit can have changed is validated again (see core/live_validation);
        `changed` names the apps the edit touched, when known."""
        if changed is None:
            self._touched = {}
        else:
            changed = tuple(changed)
            for names in self._touched.values():
                if names is not None:
                    names.update(changed)
        self._touched_plan = self.plan
        live = self._live
        if live is None:
            live = self._live = LiveValidation(self.plan, self.catalog)
            self._tally = {}
            change = Change(added=live.findings)
            self.statuses = dict.fromkeys(self.plan.apps)
            self._status_changes = None
        else:
            change = live.update(self.plan, self.catalog, changed)
            statuses = self.statuses
            if live.names_changed:
                self.statuses = {name: statuses.get(name) for name in self.plan.apps}
                self._status_changes = None
        if change.added or change.removed:
            findings = list(live.findings)
            findings.sort(key=lambda f: f.severity.rank)  # stable: keeps the plan's order within
            self.findings = findings
        self._follow(change)

    def _follow(self, change: Change) -> None:
        """Each app's worst severity, from a count of its findings per severity."""
        tally, statuses = self._tally, self.statuses
        touched: set[str] = set()
        for sign, findings in ((1, change.added), (-1, change.removed)):
            for finding in findings:
                if finding.app is None:
                    continue
                counts = tally.setdefault(finding.app, [0, 0, 0])
                counts[finding.severity.rank] += sign
                touched.add(finding.app)
        if self._status_changes is not None:
            self._status_changes.update(touched)
        for name in touched:
            counts = tally[name]
            worst = next((rank for rank, n in enumerate(counts) if n > 0), None)
            if worst is None:
                del tally[name]
            if name in statuses:
                statuses[name] = _BY_RANK[worst] if worst is not None else None
