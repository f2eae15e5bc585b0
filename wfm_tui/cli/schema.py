"""`wfm-tui schema`: the plan format's JSON Schema, for schema-aware editors and validators."""

from __future__ import annotations

import argparse

from wfm_tui.cli.loading import add_catalog_option, catalog_or_report
from wfm_tui.cli.output import OK, UNUSABLE, out_json
from wfm_tui.core.catalog import DEFAULT_CATALOG
from wfm_tui.core.plan_schema import plan_json_schema


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "schema",
        help="print the plan format's JSON Schema",
        description="Print the JSON Schema of the plan format, generated from the plan models, "
        "with the kinds of a catalog. Point taplo / Even Better TOML at it with a first line "
        "'#:schema FILE' in a plan (wfm-tui new --schema FILE writes one).",
    )
    add_catalog_option(
        parser, "whose kinds the schema lists: a bundled id ({ids}) or a path to a catalog file"
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    catalog = catalog_or_report(args.catalog or DEFAULT_CATALOG)
    if catalog is None:
        return UNUSABLE
    out_json(plan_json_schema(catalog))
    return OK
