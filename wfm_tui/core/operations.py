"""Edit operations: every change to a plan is one of these small values.

Each has `apply(plan) -> Plan` (plans are immutable: the old one stays valid, which is what undo,
the what-if sandbox and `wfm-tui whatif` stand on). `run(op, plan)` also gives the operation
that takes the result back (a Patch). Cloning a site, the largest, is in `site_clone.py`; the
other operations stay here, one small class each, so that they read side by side (a little over
400 lines).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from wfm_tui.core.fields import PORT_RANGE
from wfm_tui.core.names import field_problem, name_problem, nfc, quote
from wfm_tui.core.plan import EDITABLE_APP_FIELDS, App, Features, Plan

if TYPE_CHECKING:
    pass

# A plan's `catalog` (None: the default) as it must be written elsewhere: see with_catalog_refs.
CatalogRebase = Callable[[str | None], str | None]


class OperationError(ValueError):
    """An operation that cannot apply to this plan (a missing app, a taken name, a bad value)."""


class Operation:
    """Base of all edit operations."""

    # Lets subclasses with slots (undo steps, kept for a whole session) go without a __dict__.
    __slots__ = ()

    def apply(self, plan: Plan) -> Plan:
        raise NotImplementedError

    def describe(self) -> str:
        raise NotImplementedError

    def touched(self) -> frozenset[str] | None:
        """The apps this operation may change, where that is known without the plan; None
        when only comparing the plans before and after can tell (a remove, a rename)."""
        return None

    def with_catalog_refs(self, rebase: CatalogRebase) -> Operation:
        """This operation with every plan `catalog` it would put in the plan passed through
        `rebase`: the same catalogs, once the plan is saved into another folder (a relative
        path starts from the plan's folder). Itself when it puts none."""
        return self


def run(op: Operation, plan: Plan) -> tuple[Plan, Operation]:
    """Apply `op`; return the new plan and the operation that undoes it. The undo is built
    from the apps the operation says it touches, so that a small edit of a large plan costs
    little; only operations that cannot say are undone by comparing the two plans."""
    after = op.apply(plan)
    touched = op.touched()
    if touched is None:
        return after, Patch.restoring(plan, after)
    if len(touched) == 1:
        # Most edits are ticks: undo keeps the links as they were, not the whole app, so that
        # the undo history of a long session stays a few hundred bytes a step.
        (name,) = touched
        before, now = plan.apps.get(name), after.apps.get(name)
        if before is not None and now is not None and _only_links_differ(before, now, plan, after):
            return after, Relink(name, before.connections)
    fields = {
        key: getattr(plan, key) for key in _PLAN_FIELDS if getattr(plan, key) != getattr(after, key)
    }
    return after, Patch(apps={name: plan.apps.get(name) for name in touched}, plan_fields=fields)


def _only_links_differ(before: App, now: App, plan: Plan, after: Plan) -> bool:
    if before.connections == now.connections:
        return False
    if any(getattr(plan, key) is not getattr(after, key) for key in _PLAN_FIELDS):
        return False
    return before == now.model_copy(update={"connections": before.connections})


_PLAN_FIELDS = tuple(key for key in Plan.model_fields if key != "apps")


def _require_app(plan: Plan, name: str) -> App:
    app = plan.apps.get(name)
    if app is None:
        raise OperationError(f"the plan has no app named {quote(name)}")
    return app


def require_name(name: str) -> None:
    problem = name_problem(name)
    if problem is not None:
        raise OperationError(f"invalid name {quote(name)}: it {problem}")


def _worded(exc: ValidationError) -> str:
    """The first validation error as a phrase: `must be between 1 and 65535, not 0`."""
    error = exc.errors()[0]
    value = error.get("input")
    kind = error["type"]
    if isinstance(value, str) and kind.startswith("string_"):
        return field_problem(error["loc"][-1], value)
    if kind in ("greater_than_equal", "less_than_equal"):
        return f"{PORT_RANGE}, not {value}"
    if kind.startswith("bool"):
        return "must be true or false"
    if kind.startswith("int"):
        return "must be a whole number"
    return f"is not valid ({error['msg']})"


def shown_value(value: Any, none: str = "(cleared)", text: Callable[[str], str] = quote) -> str:
    """A property value as a plan file writes it: true, 7000, "text"; `none` for None.
    `text` quotes a string (the Markdown report escapes it its own way)."""
    if value is None:
        return none
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return text(value)
    return str(value)


def _in_nfc(op: Operation, *fields: str) -> None:
    """Names are stored and compared in NFC (see names.nfc): an operation takes them so, so
    that "é" typed either way finds the same app and never makes a second one."""
    for name in fields:
        value = getattr(op, name)
        if isinstance(value, str):
            object.__setattr__(op, name, nfc(value))


def with_apps(plan: Plan, apps: dict[str, App]) -> Plan:
    return plan.model_copy(update={"apps": apps})


def _rewrite_references(plan: Plan, name: str, replacement: str | None) -> dict[str, App]:
    """The apps with every link and backup reference to `name` pointed at `replacement`, or
    dropped when it is None. Apps that do not refer to `name` are shared, not copied."""
    apps: dict[str, App] = {}
    for other, app in plan.apps.items():
        update: dict[str, Any] = {}
        if name in app.connections:
            kept = (replacement if t == name else t for t in app.connections)
            update["connections"] = tuple(t for t in kept if t is not None)
        if app.backup == name:
            update["backup"] = replacement
        apps[other] = app.model_copy(update=update) if update else app
    return apps


def _replace(plan: Plan, name: str, app: App) -> Plan:
    apps = dict(plan.apps)
    apps[name] = app
    return with_apps(plan, apps)


@dataclass(frozen=True)
class AddApp(Operation):
    name: str
    app: App

    def __post_init__(self) -> None:
        _in_nfc(self, "name")
        app = self.app
        names = {
            "site": nfc(app.site) if app.site is not None else None,
            "backup": nfc(app.backup) if app.backup is not None else None,
            "connections": tuple(nfc(t) for t in app.connections),
        }
        if any(getattr(app, key) != value for key, value in names.items()):
            object.__setattr__(self, "app", app.model_copy(update=names))

    def apply(self, plan: Plan) -> Plan:
        require_name(self.name)
        if self.name in plan.apps:
            raise OperationError(f"an app named {quote(self.name)} already exists")
        return _replace(plan, self.name, self.app)

    def describe(self) -> str:
        return f"add {self.app.kind} {quote(self.name)}"

    def touched(self) -> frozenset[str]:
        return frozenset({self.name})


@dataclass(frozen=True)
class RemoveApp(Operation):
    """Removes an app together with every link to it and every backup reference to it."""

    name: str

    def __post_init__(self) -> None:
        _in_nfc(self, "name")

    def apply(self, plan: Plan) -> Plan:
        _require_app(plan, self.name)
        apps = _rewrite_references(plan, self.name, None)
        del apps[self.name]
        return with_apps(plan, apps)

    def references(self, plan: Plan) -> list[tuple[str, str]]:
        """What goes with the app: (source app, "connection" or "backup") for each reference."""
        found: list[tuple[str, str]] = []
        for other, app in plan.apps.items():
            if other == self.name:
                continue
            if self.name in app.connections:
                found.append((other, "connection"))
            if app.backup == self.name:
                found.append((other, "backup"))
        return found

    def describe(self) -> str:
        return f"remove {quote(self.name)}"


@dataclass(frozen=True)
class RenameApp(Operation):
    """Renames an app; links and backup references to it follow."""

    old: str
    new: str

    def __post_init__(self) -> None:
        _in_nfc(self, "old", "new")

    def apply(self, plan: Plan) -> Plan:
        _require_app(plan, self.old)
        require_name(self.new)
        if self.new == self.old:
            return plan
        if self.new in plan.apps:
            raise OperationError(f"an app named {quote(self.new)} already exists")
        rewritten = _rewrite_references(plan, self.old, self.new)
        apps = {self.new if name == self.old else name: app for name, app in rewritten.items()}
        return with_apps(plan, apps)

    def describe(self) -> str:
        return f"rename {quote(self.old)} to {quote(self.new)}"


@dataclass(frozen=True, slots=True)
class Connect(Operation):
    source: str
    target: str

    def __post_init__(self) -> None:
        _in_nfc(self, "source", "target")

    def apply(self, plan: Plan) -> Plan:
        app = _require_app(plan, self.source)
        _require_app(plan, self.target)
        if self.target in app.connections:
            raise OperationError(f"{quote(self.source)} already connects to {quote(self.target)}")
        return _replace(
            plan,
            self.source,
            app.model_copy(update={"connections": (*app.connections, self.target)}),
        )

    def describe(self) -> str:
        return f"connect {quote(self.source)} -> {quote(self.target)}"

    def touched(self) -> frozenset[str]:
        return frozenset({self.source})


@dataclass(frozen=True, slots=True)
class Disconnect(Operation):
    """Removes every listing of `target` from `source`'s connections."""

    source: str
    target: str

    def __post_init__(self) -> None:
        _in_nfc(self, "source", "target")

    def apply(self, plan: Plan) -> Plan:
        app = _require_app(plan, self.source)
        if self.target not in app.connections:
            raise OperationError(f"{quote(self.source)} does not connect to {quote(self.target)}")
        kept = tuple(t for t in app.connections if t != self.target)
        return _replace(plan, self.source, app.model_copy(update={"connections": kept}))

    def describe(self) -> str:
        return f"disconnect {quote(self.source)} -> {quote(self.target)}"

    def touched(self) -> frozenset[str]:
        return frozenset({self.source})


@dataclass(frozen=True)
class SetField(Operation):
    """Sets (None clears) an app property: site, host, port, tls, backup or note."""

    app: str
    field: str
    value: Any

    def __post_init__(self) -> None:
        _in_nfc(self, "app")
        if self.field in ("site", "backup"):
            _in_nfc(self, "value")

    def apply(self, plan: Plan) -> Plan:
        current = _require_app(plan, self.app)
        if self.field not in EDITABLE_APP_FIELDS:
            raise OperationError(
                f"{self.field!r} is not an app property; one of: {', '.join(EDITABLE_APP_FIELDS)}"
            )
        value = False if self.field == "tls" and self.value is None else self.value
        data = {**dict(current), self.field: value}
        try:
            updated = App.model_validate(data)
        except ValidationError as exc:
            raise OperationError(f"{self.field} of {quote(self.app)} {_worded(exc)}") from None
        return _replace(plan, self.app, updated)

    def describe(self) -> str:
        return f"set {self.field} of {quote(self.app)} to {shown_value(self.value)}"

    def touched(self) -> frozenset[str]:
        return frozenset({self.app})


@dataclass(frozen=True)
class SetFeature(Operation):
    feature: str
    enabled: bool

    def apply(self, plan: Plan) -> Plan:
        if self.feature not in Features.model_fields:
            raise OperationError(
                f"unknown feature {quote(self.feature)}; one of: {', '.join(Features.model_fields)}"
            )
        features = plan.features.model_copy(update={self.feature: bool(self.enabled)})
        return plan.model_copy(update={"features": features})

    def describe(self) -> str:
        return f"turn {self.feature} {'on' if self.enabled else 'off'}"

    def touched(self) -> frozenset[str]:
        return frozenset()


@dataclass(frozen=True)
class SetPlanInfo(Operation):
    """Sets the plan's own name, description or catalog."""

    field: str
    value: str | None

    def __post_init__(self) -> None:
        if self.field == "name":
            _in_nfc(self, "value")

    def apply(self, plan: Plan) -> Plan:
        if self.field not in ("name", "description", "catalog"):
            raise OperationError(
                f"{self.field!r} is not a plan property; one of: name, description, catalog"
            )
        data = {**dict(plan), self.field: self.value}
        try:
            Plan.model_validate({k: v for k, v in data.items() if k not in ("apps", "features")})
        except ValidationError as exc:
            raise OperationError(f"plan {self.field} {_worded(exc)}") from None
        return plan.model_copy(update={self.field: self.value})

    def describe(self) -> str:
        return f"set plan {self.field} to {shown_value(self.value)}"

    def touched(self) -> frozenset[str]:
        return frozenset()

    def with_catalog_refs(self, rebase: CatalogRebase) -> Operation:
        if self.field != "catalog" or rebase(self.value) == self.value:
            return self
        return SetPlanInfo(self.field, rebase(self.value))


def plan_info_edit(plan: Plan, name: str, description: str | None) -> Operation | None:
    """One undoable edit that gives the plan `name` and `description` (empty or None clears
    it): a SetPlanInfo per value that changes, as one step; None when neither does."""
    ops: list[Operation] = []
    if nfc(name) != plan.name:
        ops.append(SetPlanInfo("name", name))
    if (description or None) != plan.description:
        ops.append(SetPlanInfo("description", description or None))
    if len(ops) < 2:
        return ops[0] if ops else None
    return Batch(tuple(ops), label="set the plan's name and description")


@dataclass(frozen=True)
class Batch(Operation):
    """Several operations as one step (one undo)."""

    ops: tuple[Operation, ...]
    label: str = ""

    def apply(self, plan: Plan) -> Plan:
        for op in self.ops:
            plan = op.apply(plan)
        return plan

    def describe(self) -> str:
        return self.label or "; ".join(op.describe() for op in self.ops)

    def touched(self) -> frozenset[str] | None:
        parts = [op.touched() for op in self.ops]
        if any(part is None for part in parts):
            return None
        return frozenset().union(*(part for part in parts if part is not None))

    def with_catalog_refs(self, rebase: CatalogRebase) -> Operation:
        ops = tuple(op.with_catalog_refs(rebase) for op in self.ops)
        if all(new is old for new, old in zip(ops, self.ops, strict=True)):
            return self
        return Batch(ops, self.label)


@dataclass(frozen=True, slots=True)
class Relink(Operation):
    """Puts back one app's links as they were: the undo of a tick."""

    app: str
    connections: tuple[str, ...]

    def apply(self, plan: Plan) -> Plan:
        app = _require_app(plan, self.app)
        return _replace(plan, self.app, app.model_copy(update={"connections": self.connections}))

    def describe(self) -> str:
        return f"restore the links of {quote(self.app)}"

    def touched(self) -> frozenset[str]:
        return frozenset({self.app})


@dataclass(frozen=True)
class Patch(Operation):
    """Puts back recorded app entries (None: absent) and plan-level values.

    Inverses are Patches: exact whatever the operation did (a rename that resolved dangling
    links, a remove that took links along), and cheap, since unchanged apps are shared.
    """

    apps: Mapping[str, App | None] = field(default_factory=dict)
    plan_fields: Mapping[str, Any] = field(default_factory=dict)

    @classmethod
    def restoring(cls, target: Plan, current: Plan) -> Patch:
        """The Patch that turns `current` into `target`."""
        changed: dict[str, App | None] = {}
        for name, app in current.apps.items():
            if target.apps.get(name) is not app:
                changed[name] = target.apps.get(name)
        for name, app in target.apps.items():
            if name not in current.apps:
                changed[name] = app
        plan_fields = {
            key: getattr(target, key)
            for key in Plan.model_fields
            if key != "apps" and getattr(target, key) != getattr(current, key)
        }
        return cls(apps=changed, plan_fields=plan_fields)

    def apply(self, plan: Plan) -> Plan:
        apps = dict(plan.apps)
        for name, app in self.apps.items():
            if app is None:
                apps.pop(name, None)
            else:
                apps[name] = app
        return plan.model_copy(update={**self.plan_fields, "apps": apps})

    def describe(self) -> str:
        return f"restore {len(self.apps)} app(s)"

    def touched(self) -> frozenset[str]:
        return frozenset(self.apps)

    def with_catalog_refs(self, rebase: CatalogRebase) -> Operation:
        if "catalog" not in self.plan_fields:
            return self
        ref = rebase(self.plan_fields["catalog"])
        if ref == self.plan_fields["catalog"]:
            return self
        return Patch(self.apps, {**self.plan_fields, "catalog": ref})
