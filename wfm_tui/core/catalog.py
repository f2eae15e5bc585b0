"""The connections catalog: kinds, the marks of the connections table, and feature footnotes."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, model_validator

DEFAULT_CATALOG = "genesys-wfm-8.5.2"


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


class _Strict(BaseModel):
    # Bundled data, read from TOML: lists become tuples, mark strings become Marks.
    model_config = ConfigDict(extra="forbid", frozen=True)


class KindSpec(_Strict):
    title: str
    short: str
    config_type: str | None = None
    framework: bool = False
    tls: Literal["security-guide", "wfm"] | None = None
    ha: Literal["warm-standby", "hot-standby"] | None = None
    max_instances: int | None = Field(default=None, ge=1)


class Raise(_Strict):
    sources: tuple[str, ...]
    target: str
    mark: Mark


class FeatureSpec(_Strict):
    title: str
    description: str
    raises: tuple[Raise, ...]


@dataclass(frozen=True, slots=True)
class Rule:
    """The mark in force for one source kind and one target kind, and the feature that set it."""

    mark: Mark
    base: Mark
    feature: str | None = None


class Catalog(_Strict):
    id: str
    title: str
    source: str
    kinds: dict[str, KindSpec]
    connections: dict[str, dict[str, Mark]]
    features: dict[str, FeatureSpec]

    _kind_order: dict[str, int] = PrivateAttr(default_factory=dict)
    _required_targets: frozenset[str] = PrivateAttr(default=frozenset())
    _rules_cache: dict[frozenset[str], Mapping[str, Mapping[str, Rule]]] = PrivateAttr(
        default_factory=dict
    )

    @model_validator(mode="after")
    def _check_consistency(self) -> Catalog:
        kinds = set(self.kinds)
        for source, row in self.connections.items():
            if source not in kinds:
                raise ValueError(f"connections row for unknown kind {source!r}")
            if set(row) != kinds:
                missing = sorted(kinds - set(row))
                extra = sorted(set(row) - kinds)
                raise ValueError(
                    f"row {source!r} must name every kind: missing {missing}, extra {extra}"
                )
        for name, feature in self.features.items():
            for rise in feature.raises:
                for source in rise.sources:
                    base = self.connections.get(source, {}).get(rise.target)
                    if base is None or _RAISED.get(base) is not rise.mark:
                        raise ValueError(
                            f"feature {name!r} may only raise an optional mark to its required "
                            f"form; {source} -> {rise.target} is {base}"
                        )
        return self

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
