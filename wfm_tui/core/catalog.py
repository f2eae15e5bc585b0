"""The connections catalog: kinds, the marks of the connections table, feature footnotes, and
what losing a link's target means to its source."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    StrictBool,
    StrictInt,
    ValidationInfo,
    field_validator,
    model_validator,
)

from wfm_tui.core.names import text_problem

DEFAULT_CATALOG = "genesys-wfm-8.5.2"
# What `on_loss` says when the source stops working without the target.
DOWN = "down"
# The plan format's features (core/plan.py): a catalog may describe only these.
PLAN_FEATURES = ("management_layer", "scheduled_reporting", "multi_site")
# Context key for Catalog.model_validate: collect consistency problems instead of raising, so
# that the files layer can place each one on a line of a user's catalog file.
DEFER_CONSISTENCY = "defer_consistency"


class Mark(StrEnum):
    """A cell of the connections table."""

    ONE = "X"
    ONE_OR_MORE = "X+"
    OPTIONAL = "(X)"
    ANY = "(X+)"
    NOT_ALLOWED = "-"

    @property
    def minimum(self) -> int:
        return 1 if self in (Mark.ONE, Mark.ONE_OR_MORE) else 0

    @property
    def maximum(self) -> int | None:
        """The most distinct targets allowed; None for no limit."""
        return _MAXIMUM[self]

    @property
    def allowed(self) -> bool:
        return self is not Mark.NOT_ALLOWED

    @property
    def required(self) -> bool:
        return self.minimum > 0

    def describe(self) -> str:
        return _DESCRIPTION[self]


_MAXIMUM: dict[Mark, int | None] = {
    Mark.ONE: 1,
    Mark.ONE_OR_MORE: None,
    Mark.OPTIONAL: 1,
    Mark.ANY: None,
    Mark.NOT_ALLOWED: 0,
}
_DESCRIPTION = {
    Mark.ONE: "exactly one",
    Mark.ONE_OR_MORE: "one or more",
    Mark.OPTIONAL: "at most one",
    Mark.ANY: "any number",
    Mark.NOT_ALLOWED: "not allowed",
}
# The required mark that each optional mark becomes when a feature raises it.
_RAISED = {Mark.OPTIONAL: Mark.ONE, Mark.ANY: Mark.ONE_OR_MORE}

HaMode = Literal["warm-standby", "hot-standby"]


class _Strict(BaseModel):
    # Read from TOML: lists become tuples, mark strings become Marks; a typo key is an error.
    # Booleans and integers are Strict*, as in a plan: "yes" is no boolean, 2.0 no integer.
    model_config = ConfigDict(extra="forbid", frozen=True)

    @field_validator("*", mode="after")
    @classmethod
    def _shown_as_written(cls, value: object) -> object:
        """A catalog's titles reach the screen as a plan's names do: what could act on a
        terminal (controls, direction overrides) is refused when the file is read."""
        if isinstance(value, str) and (problem := text_problem(value)) is not None:
            raise ValueError(problem)
        return value


class KindSpec(_Strict):
    title: str = Field(min_length=1)
    short: str = Field(min_length=1)
    config_type: str | None = None
    framework: StrictBool = False
    tls: Literal["security-guide", "wfm"] | None = None
    # How the kind is made highly available with a backup application; a kind without it takes
    # no backup.
    ha: HaMode | None = None
    # The client kinds documented to reconnect to the backup when the primary is lost; the
    # others are weighed by `on_loss` as if no backup existed.
    failover: tuple[str, ...] = ()
    max_instances: StrictInt | None = Field(default=None, ge=1)
    # A site is served by at most one primary of this kind (`data-aggregators-per-site`).
    one_per_site: StrictBool = False
    # False for a kind that is configured, not run: its host and port are those of what it
    # describes (a DAP's: the database's), which several apps of the kind may name. They count
    # as one listener there (`port-conflict`).
    runs: StrictBool = True
    # Capabilities (of [capabilities]) that apps of this kind give by themselves, not through a
    # link: they stop when no app of the kind is left up (impact's "stops").
    provides: tuple[str, ...] = ()


class Raise(_Strict):
    sources: tuple[str, ...]
    target: str
    mark: Mark


class FeatureSpec(_Strict):
    title: str = Field(min_length=1)
    description: str
    raises: tuple[Raise, ...] = ()
    # Kinds the plan must have while the feature is on (`feature-needs-app`, an error).
    needs: tuple[str, ...] = ()
    # With the feature on, the primaries of this kind must form one connected group over links
    # between them (`multi-site-split`); fewer than two is a warning (`feature-needs-app`).
    connects: str | None = None


class CapabilitySpec(_Strict):
    """Something an app can do only through a link, lost with the link's last live target."""

    title: str = Field(min_length=1)
    # The plan feature that puts the capability to use; while it is off, losing the link loses
    # nothing in use (an optional link).
    feature: str | None = None


@dataclass(frozen=True, slots=True)
class Rule:
    """The mark in force for one source kind and one target kind, and the feature that set it."""

    mark: Mark
    base: Mark
    feature: str | None = None


@dataclass(frozen=True, slots=True)
class CatalogProblem:
    """An inconsistency of a catalog, at a key path of its TOML document."""

    path: tuple[str | int, ...]
    message: str


class Catalog(_Strict):
    id: str = Field(min_length=1)
    title: str
    source: str
    kinds: dict[str, KindSpec]
    connections: dict[str, dict[str, Mark]]
    features: dict[str, FeatureSpec] = {}
    capabilities: dict[str, CapabilitySpec] = {}
    # Per source kind and target kind: what the source loses with its last live target of
    # that kind, DOWN or a capability's id.
    on_loss: dict[str, dict[str, str]] = {}

    _kind_order: dict[str, int] = PrivateAttr(default_factory=dict)
    _required_targets: frozenset[str] = PrivateAttr(default=frozenset())
    _rules_cache: dict[frozenset[str], Mapping[str, Mapping[str, Rule]]] = PrivateAttr(
        default_factory=dict
    )

    @model_validator(mode="after")
    def _check_consistency(self, info: ValidationInfo) -> Catalog:
        if info.context and info.context.get(DEFER_CONSISTENCY):
            return self
        problems = self.consistency_problems()
        if problems:
            raise ValueError("; ".join(p.message for p in problems))
        return self

    def consistency_problems(self) -> list[CatalogProblem]:
        """What makes the catalog unusable: kinds used but not declared, rows that do not name
        every kind, features that raise what they may not, links without a loss rule."""
        problems: list[CatalogProblem] = []
        kinds = set(self.kinds)

        def kind_problem(path: tuple[str | int, ...], kind: str) -> None:
            if kind not in kinds:
                problems.append(CatalogProblem(path, f"unknown kind {kind!r}; {_declared(kinds)}"))

        for kind, spec in self.kinds.items():
            for index, client in enumerate(spec.failover):
                kind_problem(("kinds", kind, "failover", index), client)
            for index, given in enumerate(spec.provides):
                if given not in self.capabilities:
                    problems.append(
                        CatalogProblem(
                            ("kinds", kind, "provides", index),
                            f"{given!r} is not a capability of [capabilities]",
                        )
                    )
            if spec.failover and spec.ha is None:
                problems.append(
                    CatalogProblem(("kinds", kind, "failover"), f"kind {kind!r} has no ha mode")
                )
        for source, row in self.connections.items():
            if source not in kinds:
                kind_problem(("connections", source), source)
                continue
            missing = sorted(kinds - set(row))
            for target in row:
                kind_problem(("connections", source, target), target)
            if missing:
                problems.append(
                    CatalogProblem(
                        ("connections", source),
                        f"row {source!r} must name every kind; missing: {', '.join(missing)}",
                    )
                )
        for name, feature in self.features.items():
            if name not in PLAN_FEATURES:
                problems.append(
                    CatalogProblem(
                        ("features", name),
                        f"unknown feature {name!r}; plans have: {', '.join(PLAN_FEATURES)}",
                    )
                )
            for index, rise in enumerate(feature.raises):
                at = ("features", name, "raises", index)
                undeclared = [s for s in (*rise.sources, rise.target) if s not in kinds]
                for number, source in enumerate(rise.sources):
                    kind_problem((*at, "sources", number), source)
                kind_problem((*at, "target"), rise.target)
                if undeclared:
                    continue  # said above, as such
                for source in rise.sources:
                    base = self.connections.get(source, {}).get(rise.target)
                    if base is None or _RAISED.get(base) is not rise.mark:
                        problems.append(
                            CatalogProblem(
                                at,
                                f"feature {name!r} may only raise an optional mark to its "
                                f"required form; {source} -> {rise.target} is {base}",
                            )
                        )
            for index, kind in enumerate(feature.needs):
                kind_problem(("features", name, "needs", index), kind)
            if feature.connects is not None:
                kind_problem(("features", name, "connects"), feature.connects)
        for name, capability in self.capabilities.items():
            if capability.feature is not None and capability.feature not in self.features:
                problems.append(
                    CatalogProblem(
                        ("capabilities", name, "feature"),
                        f"unknown feature {capability.feature!r}",
                    )
                )
        problems += self._loss_problems()
        return problems

    def _loss_problems(self) -> list[CatalogProblem]:
        problems: list[CatalogProblem] = []
        if not self.on_loss:
            return problems  # without loss rules, the marks decide (see `loss`)
        for source, row in self.connections.items():
            losses = self.on_loss.get(source, {})
            for target, mark in row.items():
                # A row or target of an undeclared kind is said once, as such, above.
                known = source in self.kinds and target in self.kinds
                if known and mark.allowed and target not in losses:
                    problems.append(
                        CatalogProblem(
                            ("connections", source, target),
                            f"on_loss.{source}.{target} must say what losing this link means",
                        )
                    )
        for source, losses in self.on_loss.items():
            for target, loss in losses.items():
                at = ("on_loss", source, target)
                mark = self.connections.get(source, {}).get(target, Mark.NOT_ALLOWED)
                unknown = next((k for k in (source, target) if k not in self.kinds), None)
                if unknown is not None:
                    problems.append(
                        CatalogProblem(
                            at, f"unknown kind {unknown!r}; {_declared(set(self.kinds))}"
                        )
                    )
                elif not mark.allowed:
                    problems.append(
                        CatalogProblem(at, f"{source} -> {target} is not a link of the table")
                    )
                elif loss == DOWN and not mark.required:
                    problems.append(
                        CatalogProblem(at, f"an optional link ({mark}) cannot take {source} down")
                    )
                elif loss != DOWN and loss not in self.capabilities:
                    problems.append(
                        CatalogProblem(
                            at, f"{loss!r} is neither {DOWN!r} nor a capability of [capabilities]"
                        )
                    )
        return problems

    def model_post_init(self, _context: object) -> None:
        self._kind_order = {kind: index for index, kind in enumerate(self.kinds)}
        self._required_targets = frozenset(
            target for row in self.connections.values() for target, m in row.items() if m.required
        )

    def kind_title(self, kind: str) -> str:
        spec = self.kinds.get(kind)
        return spec.title if spec else kind

    def kind_index(self, kind: str) -> int:
        """Position of `kind` in the table's order (unknown kinds sort last)."""
        return self._kind_order.get(kind, len(self._kind_order))

    @property
    def source_kinds(self) -> list[str]:
        """Kinds that hold connections, in table order."""
        return [kind for kind in self.kinds if kind in self.connections]

    @property
    def required_target_kinds(self) -> frozenset[str]:
        """Kinds that some row of the table (before features) requires as a target."""
        return self._required_targets

    def mark(self, source: str, target: str) -> Mark:
        """The table's own mark for a link, before features."""
        return self.connections.get(source, {}).get(target, Mark.NOT_ALLOWED)

    def loss(self, source: str, target: str) -> str | None:
        """What `source` loses with its last live `target`: DOWN, a capability's id, or None
        for nothing in particular. A catalog without loss rules takes every required link as
        one the source cannot work without (the conservative reading)."""
        if self.on_loss:
            return self.on_loss.get(source, {}).get(target)
        return DOWN if self.mark(source, target).required else None

    def fails_over(self, kind: str, client_kind: str) -> bool:
        """Whether clients of `client_kind` reconnect to the backup of a lost `kind`."""
        spec = self.kinds.get(kind)
        return spec is not None and client_kind in spec.failover

    def rules(self, features: frozenset[str]) -> Mapping[str, Mapping[str, Rule]]:
        """Every cell as a Rule, with the marks raised by the features that are on."""
        cached = self._rules_cache.get(features)
        if cached is not None:
            return cached
        table = {
            source: {target: Rule(mark=m, base=m) for target, m in row.items()}
            for source, row in self.connections.items()
        }
        for name in self.features:
            if name not in features:
                continue
            for rise in self.features[name].raises:
                for source in rise.sources:
                    base = table[source][rise.target].base
                    table[source][rise.target] = Rule(mark=rise.mark, base=base, feature=name)
        self._rules_cache[features] = table
        return table


def _declared(kinds: set[str]) -> str:
    return f"declared kinds: {', '.join(sorted(kinds))}" if kinds else "no kinds are declared"
