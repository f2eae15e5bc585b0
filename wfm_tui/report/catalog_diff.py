"""What differs between two catalogs (`wfm-tui rules --diff`): every cell, kind fact, loss
rule, capability and feature rule, by the catalog's ids (JSON) and by the titles `rules`
prints (text)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from wfm_tui.core.catalog import DOWN, Catalog, FeatureSpec


def _shown(value: Any) -> str:
    if value is None:
        return "(none)"
    if isinstance(value, tuple | list):
        return "[" + ", ".join(str(v) for v in value) + "]" if value else "[]"
    return str(value)


@dataclass(frozen=True)
class Difference:
    """A cell or fact that differs: `what`, `old` and `new` by the catalog's ids, as --format
    json gives them; `shown`, the text's lines, by the titles that `rules` prints (a feature's
    rule, one value in JSON, is a line for each of its parts that differs)."""

    what: str
    old: Any
    new: Any
    shown: tuple[str, ...]


def catalog_differences(old: Catalog, new: Catalog) -> list[Difference]:
    """Every cell, kind fact, loss rule, capability and feature rule that differs."""
    found: list[Difference] = []

    def differs(what: str, a: Any, b: Any, shown_what: str, a_shown: Any, b_shown: Any) -> None:
        found.append(
            Difference(what, a, b, (f"{shown_what}: {_shown(a_shown)} -> {_shown(b_shown)}",))
        )

    def title(kind: str) -> str:
        return new.kind_title(kind) if kind in new.kinds else old.kind_title(kind)

    kinds = list(dict.fromkeys([*old.kinds, *new.kinds]))
    for kind in kinds:
        if (kind in old.kinds) != (kind in new.kinds):
            a, b = _title(old, kind), _title(new, kind)
            differs(f"kind {kind}", a, b, f"kind {title(kind)}", a, b)
    for source in kinds:
        for target in kinds:
            a, b = old.mark(source, target), new.mark(source, target)
            if a is not b:
                link = f"{title(source)} -> {title(target)}"
                differs(f"{source} -> {target}", a.value, b.value, link, a.value, b.value)
    for kind in kinds:
        a_spec, b_spec = old.kinds.get(kind), new.kinds.get(kind)
        if a_spec is None or b_spec is None:
            continue
        for field in _KIND_FACTS:
            a, b = getattr(a_spec, field), getattr(b_spec, field)
            if a != b:
                a_shown, b_shown = _fact(old, field, a), _fact(new, field, b)
                differs(f"{kind} {field}", a, b, f"{title(kind)} {field}", a_shown, b_shown)
    for source in kinds:
        for target in kinds:
            a_loss, b_loss = loss_title(old, source, target), loss_title(new, source, target)
            if a_loss != b_loss and (a_loss, b_loss) != (None, None):
                without = f"{title(source)} without {title(target)}"
                a_verb, b_verb = _loss_verb(a_loss), _loss_verb(b_loss)
                differs(f"{source} without {target}", a_loss, b_loss, without, a_verb, b_verb)
    for capability in dict.fromkeys([*old.capabilities, *new.capabilities]):
        a_cap, b_cap = old.capabilities.get(capability), new.capabilities.get(capability)
        named = f"capability {capability}"
        if a_cap is None or b_cap is None:
            a_title = a_cap.title if a_cap else None
            b_title = b_cap.title if b_cap else None
            differs(named, a_title, b_title, "capability", a_title, b_title)
            continue
        if a_cap.title != b_cap.title:
            a_title, b_title = a_cap.title, b_cap.title
            differs(f"{named} title", a_title, b_title, "capability title", a_title, b_title)
        if a_cap.feature != b_cap.feature:
            # Losing a link loses the capability only while this feature is on.
            a_on, b_on = a_cap.feature, b_cap.feature
            on = f"{b_cap.title} in use only with feature"
            differs(f"{named} feature", a_on, b_on, on, a_on, b_on)
    for name in dict.fromkeys([*old.features, *new.features]):
        a_feature, b_feature = old.features.get(name), new.features.get(name)
        a_dump = (
            a_feature.model_dump(mode="json", exclude={"title", "description"})
            if a_feature
            else None
        )
        b_dump = (
            b_feature.model_dump(mode="json", exclude={"title", "description"})
            if b_feature
            else None
        )
        if a_dump != b_dump:
            shown = _feature_lines(name, old, a_feature, new, b_feature)
            found.append(Difference(f"feature {name}", a_dump, b_dump, shown))
    return found


# The facts of a kind that --diff compares, by their keys in a catalog file.
_KIND_FACTS = (
    "ha",
    "failover",
    "max_instances",
    "one_per_site",
    "tls",
    "framework",
    "runs",
    "provides",
)
# A kind's TLS procedure, as `rules` names it.
TLS_PROCEDURES = {
    "security-guide": "Genesys Security Deployment Guide",
    "wfm": "WFM's own procedure (Java trust store, servlet container)",
}


def _fact(catalog: Catalog, field: str, value: Any) -> Any:
    """A kind's fact as `rules` prints it: kinds and capabilities by their titles."""
    if field == "failover":
        return [catalog.kind_title(kind) for kind in value]
    if field == "provides":
        return [_capability_title(catalog, given) for given in value]
    if field == "tls" and value is not None:
        return TLS_PROCEDURES.get(value, value)
    return value


def _capability_title(catalog: Catalog, capability: str) -> str:
    spec = catalog.capabilities.get(capability)
    return spec.title if spec else capability


def _loss_verb(loss: str | None) -> str | None:
    """What losing a link means, in the words of `rules`: 'goes down' or 'loses ...'."""
    if loss is None:
        return None
    return "goes down" if loss == DOWN else f"loses {loss}"


def _feature_lines(
    name: str,
    old: Catalog,
    a: FeatureSpec | None,
    new: Catalog,
    b: FeatureSpec | None,
) -> tuple[str, ...]:
    """A feature's rule that differs: a line for each part of it that does, its kinds by
    their titles; a feature in one catalog only, one line with its title."""
    if a is None or b is None:
        return (f"feature {name}: {_shown(a and a.title)} -> {_shown(b and b.title)}",)
    # Compared by ids, as the JSON is: a part that differs has its line, even where the titles
    # read the same (two kinds of one title), and the text never says less than the JSON.
    return tuple(
        f"feature {name} {part}: {_shown(_feature_part(old, a, part))} -> "
        f"{_shown(_feature_part(new, b, part))}"
        for part in ("raises", "needs", "connects")
        if getattr(a, part) != getattr(b, part)
    )


def _feature_part(catalog: Catalog, feature: FeatureSpec, part: str) -> Any:
    if part == "raises":
        return [
            f"{catalog.kind_title(source)} -> {catalog.kind_title(rise.target)}: "
            f"{catalog.mark(source, rise.target).value} becomes {rise.mark.value}"
            for rise in feature.raises
            for source in rise.sources
        ]
    if part == "needs":
        return [catalog.kind_title(kind) for kind in feature.needs]
    return None if feature.connects is None else catalog.kind_title(feature.connects)


def _title(catalog: Catalog, kind: str) -> str | None:
    return catalog.kinds[kind].title if kind in catalog.kinds else None


def loss_title(catalog: Catalog, source: str, target: str) -> str | None:
    if not catalog.mark(source, target).allowed:
        return None
    loss = catalog.loss(source, target)
    if loss is None or loss == DOWN:
        return loss
    return catalog.capabilities[loss].title
