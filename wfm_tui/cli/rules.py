"""`wfm-tui rules`: the connections table and the rules around it, as a catalog holds them;
`--diff A B`: what differs between two catalogs (a WFM upgrade, a team's own rules)."""

from __future__ import annotations

import argparse
import textwrap
from dataclasses import dataclass
from typing import Any

from wfm_tui.cli.loading import catalog_or_report
from wfm_tui.cli.output import FOUND, OK, UNUSABLE, out, out_json
from wfm_tui.core.catalog import DEFAULT_CATALOG, DOWN, Catalog, FeatureSpec, Mark
from wfm_tui.core.findings import SEVERITY, Code
from wfm_tui.files.catalogs import catalog_ids

# The rules beyond the table's cells, for `rules` to list with their codes (README has the
# sources of each).
PLAN_RULES = (
    (
        Code.FEATURE_NEEDS_APP,
        "a feature that is on, without the apps it needs (error), or "
        "multi-site with fewer than two primary WFM Servers (warning)",
    ),
    (
        Code.MULTI_SITE_SPLIT,
        "with multi-site on, the primary WFM Servers (a backup counts as "
        "its primary) must form one connected group over Server -> Server links, either way",
    ),
    (Code.SHARED_BACKUP, "two or more primaries name one backup"),
    (Code.BACKUP_SAME_HOST, "a primary and its backup on the same host"),
    (Code.DATA_AGGREGATORS_PER_SITE, "two or more primary Data Aggregators with the same site"),
    (Code.TOO_MANY_INSTANCES, "more instances of a kind than it allows"),
    (Code.BACKUP_NOT_SUPPORTED, "a backup for a kind without primary/backup HA"),
)


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "rules",
        help="print the connections table and the rules around it",
        description="Print a catalog: the component connections table, feature rules, high "
        "availability, what losing a link means, and the rules beyond the table. --diff A B "
        "prints what differs between two catalogs (exit status 1 if anything does).",
    )
    parser.add_argument(
        "--catalog",
        metavar="ID|PATH",
        default=DEFAULT_CATALOG,
        help=f"a bundled id ({', '.join(catalog_ids())}) or a path to a catalog file "
        f"(default {DEFAULT_CATALOG})",
    )
    parser.add_argument(
        "--diff", nargs=2, metavar=("A", "B"), help="the cells and facts that differ, A -> B"
    )
    parser.add_argument("--format", choices=("text", "json"), default="text", help="output format")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    if args.diff:
        old, new = (catalog_or_report(ref) for ref in args.diff)
        if old is None or new is None:
            return UNUSABLE
        differences = catalog_differences(old, new)
        if args.format == "json":
            out_json(
                {
                    "format_version": 1,
                    "old": old.id,
                    "new": new.id,
                    "differences": [
                        {"what": d.what, "old": d.old, "new": d.new} for d in differences
                    ],
                }
            )
        else:
            out(f"--- {old.id}")
            out(f"+++ {new.id}")
            shown = [line for d in differences for line in d.shown]
            titles = _titles(old, new)
            for line in shown:
                for part in _wrapped(f"  {line}", titles):
                    out(part)
            out(f"{len(shown)} difference{'s' if len(shown) != 1 else ''}")
        return FOUND if differences else OK
    catalog = catalog_or_report(args.catalog)
    if catalog is None:
        return UNUSABLE
    if args.format == "json":
        out_json(catalog.model_dump(mode="json"))
    else:
        for line in table_lines(catalog):
            out(line)
    return OK


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
    """Every cell, kind fact, feature rule and loss rule that differs."""
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
            a_loss, b_loss = _loss(old, source, target), _loss(new, source, target)
            if a_loss != b_loss and (a_loss, b_loss) != (None, None):
                without = f"{title(source)} without {title(target)}"
                a_verb, b_verb = _loss_verb(a_loss), _loss_verb(b_loss)
                differs(f"{source} without {target}", a_loss, b_loss, without, a_verb, b_verb)
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
_TLS_PROCEDURES = {
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
        return _TLS_PROCEDURES.get(value, value)
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


def _loss(catalog: Catalog, source: str, target: str) -> str | None:
    if not catalog.mark(source, target).allowed:
        return None
    loss = catalog.loss(source, target)
    if loss is None or loss == DOWN:
        return loss
    return catalog.capabilities[loss].title


# `rules` is read in an 80-column terminal: a longer line goes on under a deeper indent.
_WIDTH = 80


_KEEP = "\u00a0"  # not a space to textwrap: a kind's title is not broken over two lines


def _wrapped(line: str, titles: list[str]) -> list[str]:
    if len(line) <= _WIDTH:
        return [line]
    indent = line[: len(line) - len(line.lstrip())]
    text = line.strip()
    for title in titles:
        text = text.replace(title, title.replace(" ", _KEEP))
    wrapped = textwrap.wrap(
        text,
        width=_WIDTH,
        initial_indent=indent,
        subsequent_indent=indent + "    ",
        break_long_words=False,
        break_on_hyphens=False,
    )
    return [part.replace(_KEEP, " ") for part in wrapped]


def table_lines(catalog: Catalog) -> list[str]:
    """The catalog as text: the table as a grid, then the rules around it, each wrapped to 80
    columns (the grid is not: a wrapped row would no longer line up)."""
    lines = _grid(catalog)
    titles = _titles(catalog)
    for line in _rules_around(catalog):
        lines += _wrapped(line, titles)
    return lines


def _titles(*catalogs: Catalog) -> list[str]:
    """The kinds' titles, kept whole when a line wraps: longest first, so that "WFM Server"
    does not split "WFM Server (ETL)"."""
    titles = {spec.title for catalog in catalogs for spec in catalog.kinds.values()}
    return sorted(titles, key=lambda title: (-len(title), title))


def _grid(catalog: Catalog) -> list[str]:
    kinds = list(catalog.kinds)
    label_width = max(len(catalog.kinds[k].short) for k in catalog.source_kinds) + 1
    widths = [max(len(catalog.kinds[k].short), 4) + 1 for k in kinds]
    legend = [f"{m.value} {m.describe()}" for m in Mark]
    lines = [
        f"{catalog.title} ({catalog.id})",
        f"Marks: {', '.join(legend[:3])},",
        f"       {', '.join(legend[3:])}",
        "",
    ]
    header = "holds \\ to".ljust(label_width)
    header += "".join(catalog.kinds[k].short.ljust(w) for k, w in zip(kinds, widths, strict=True))
    lines.append(header.rstrip())
    for source in catalog.source_kinds:
        row = catalog.kinds[source].short.ljust(label_width)
        row += "".join(
            catalog.mark(source, target).value.ljust(w)
            for target, w in zip(kinds, widths, strict=True)
        )
        lines.append(row.rstrip())
    return lines


def _rules_around(catalog: Catalog) -> list[str]:
    kinds = list(catalog.kinds)
    framework = [spec.title for spec in catalog.kinds.values() if spec.framework]
    lines = ["", f"Targets only (Framework objects): {', '.join(framework)}", "", "Features:"]
    for name, feature in catalog.features.items():
        lines.append(f"  {name}: {feature.description}")
        for rise in feature.raises:
            for source in rise.sources:
                base = catalog.mark(source, rise.target)
                lines.append(
                    f"    {catalog.kind_title(source)} -> {catalog.kind_title(rise.target)}: "
                    f"{base.value} becomes {rise.mark.value}"
                )
        if feature.needs:
            needs = " and ".join(catalog.kind_title(k) for k in feature.needs)
            lines.append(f"    needs {needs} in the plan")
        if feature.connects:
            lines.append(
                f"    the primary {catalog.kind_title(feature.connects)} applications form one "
                "connected group"
            )
    lines += ["", "TLS:"]
    for procedure, title in _TLS_PROCEDURES.items():
        kinds_using = [spec.title for spec in catalog.kinds.values() if spec.tls == procedure]
        lines.append(f"  {title}: {', '.join(kinds_using)}")
    lines += ["", "High availability (a backup of the same kind), and who reconnects to it:"]
    for spec in catalog.kinds.values():
        if spec.ha is None:
            continue
        clients = ", ".join(catalog.kind_title(k) for k in spec.failover) or "none documented"
        lines.append(f"  {spec.title} ({spec.ha}): {clients}")
    limits = [
        f"  {spec.title}: at most {spec.max_instances}"
        for spec in catalog.kinds.values()
        if spec.max_instances is not None
    ] + [f"  {spec.title}: one per site" for spec in catalog.kinds.values() if spec.one_per_site]
    if limits:
        lines += ["", "Instances:", *limits]
    lines += ["", "Losing a link's last live target (impact):"]
    for source in catalog.source_kinds:
        for target in kinds:
            loss = _loss(catalog, source, target)
            if loss is not None:
                verb = "goes down" if loss == DOWN else f"loses {loss}"
                lines.append(
                    f"  {catalog.kind_title(source)} without {catalog.kind_title(target)}: {verb}"
                )
    configured = [spec.title for spec in catalog.kinds.values() if not spec.runs]
    if configured:
        # port-conflict counts them as one listener at the address they describe.
        lines += ["", "Configured, not run (apps of the kind may share one address):"]
        lines += [f"  {title}" for title in configured]
    providing = [spec for spec in catalog.kinds.values() if spec.provides]
    if providing:
        lines += ["", "What an app does by itself, lost with the last of its kind (impact):"]
        for spec in providing:
            given = ", ".join(catalog.capabilities[c].title for c in spec.provides)
            lines.append(f"  {spec.title}: {given}")
    lines += ["", "Rules beyond the table (finding codes):"]
    for code, text in PLAN_RULES:
        severity = "error or warning" if code is Code.FEATURE_NEEDS_APP else SEVERITY[code]
        lines.append(f"  {code} ({severity}): {text}")
    return lines
