"""`wfm-tui rules`: the connections table as the catalog holds it."""

from __future__ import annotations

import argparse

from wfm_tui.cli.output import OK, UNUSABLE, err, out, out_json
from wfm_tui.core.catalog import DEFAULT_CATALOG, Catalog, Mark
from wfm_tui.core.names import quote
from wfm_tui.files.catalogs import UnknownCatalogError, catalog_ids, load_catalog


def add_parser(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "rules",
        help="print the connections table",
        description="Print the component connections table of a catalog.",
    )
    parser.add_argument(
        "--catalog", default=DEFAULT_CATALOG, help=f"catalog id (default {DEFAULT_CATALOG})"
    )
    parser.add_argument("--format", choices=("text", "json"), default="text", help="output format")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    try:
        catalog = load_catalog(args.catalog)
    except UnknownCatalogError:
        err(f"unknown catalog {quote(args.catalog)}; known: {', '.join(catalog_ids())}")
        return UNUSABLE
    if args.format == "json":
        out_json(catalog.model_dump(mode="json"))
    else:
        for line in table_lines(catalog):
            out(line)
    return OK


def table_lines(catalog: Catalog) -> list[str]:
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
    framework = [spec.title for spec in catalog.kinds.values() if spec.framework]
    lines += ["", f"Targets only (Framework objects): {', '.join(framework)}", "", "Features:"]
    for name, feature in catalog.features.items():
        lines.append(f"  {name}: {feature.description}")
        for rise in feature.raises:
            for source in rise.sources:
                base = catalog.mark(source, rise.target)
                lines.append(
                    f"    {catalog.kind_title(source)} -> {catalog.kind_title(rise.target)}: "
                    f"{base.value} becomes {rise.mark.value}"
                )
    lines += ["", "TLS:"]
    procedures = {
        "security-guide": "Genesys Security Deployment Guide",
        "wfm": "WFM's own procedure (Java trust store, servlet container)",
    }
    for procedure, title in procedures.items():
        kinds_using = [spec.title for spec in catalog.kinds.values() if spec.tls == procedure]
        lines.append(f"  {title}: {', '.join(kinds_using)}")
    return lines
