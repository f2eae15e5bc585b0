"""`wfm-tui impact PLAN APP`: what happens to the rest of the plan if APP goes down."""

from __future__ import annotations

import argparse

from wfm_tui.cli.loading import add_catalog_option, catalog_or_report, load_or_report
from wfm_tui.cli.output import OK, UNUSABLE, err, out, out_json
from wfm_tui.core.impact import impact
from wfm_tui.core.names import nfc
from wfm_tui.report.impact import impact_json, impact_lines


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "impact",
        help="what goes down if an app is lost",
        description="If APP goes down: which apps go down with it (losses cascade), which lose "
        "redundancy, an optional link or a capability (schedule building, ...), and which fail "
        "over to a backup. What a lost link means is the catalog's data (see wfm-tui rules). "
        "Exit status 0, or 2 on unusable input.",
    )
    parser.add_argument("plan", metavar="PLAN")
    parser.add_argument("app", metavar="APP")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    add_catalog_option(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    catalog = None
    if args.catalog is not None and (catalog := catalog_or_report(args.catalog)) is None:
        return UNUSABLE
    loaded = load_or_report(args.plan, catalog)
    if loaded is None:
        return UNUSABLE
    try:
        result = impact(loaded.plan, loaded.catalog, nfc(args.app))
    except LookupError as exc:
        err(exc.args[0])
        return UNUSABLE
    if args.format == "json":
        out_json(impact_json(result, args.plan))
    else:
        for line in impact_lines(result, loaded.plan, loaded.catalog):
            out(line)
    return OK
