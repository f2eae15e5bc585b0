"""`wfm-tui rules`: the connections table and the rules around it, as a catalog holds them;
`--diff A B`: what differs between two catalogs (a WFM upgrade, a team's own rules)."""

from __future__ import annotations

import argparse
import textwrap

from wfm_tui.cli.loading import catalog_or_report
from wfm_tui.cli.output import FOUND, OK, UNUSABLE, out, out_json
from wfm_tui.core.catalog import DEFAULT_CATALOG, DOWN, Catalog, Mark
from wfm_tui.core.findings import SEVERITY, Code
from wfm_tui.files.catalogs import catalog_ids
from wfm_tui.report.catalog_diff import TLS_PROCEDURES, catalog_differences, loss_title

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
    for procedure, title in TLS_PROCEDURES.items():
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
            loss = loss_title(catalog, source, target)
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
