"""`wfm-tui diff OLD NEW`: what changed between two plans, and the findings delta."""

from __future__ import annotations

import argparse
import sys

from wfm_tui.cli.loading import add_catalog_option, catalog_or_report, load_or_report
from wfm_tui.cli.output import FOUND, OK, UNUSABLE, out, out_json, printable_lines
from wfm_tui.core.delta import findings_delta
from wfm_tui.core.diff import diff_plans
from wfm_tui.core.validation import validate
from wfm_tui.report.changes import delta_json, delta_lines, diff_json, diff_lines


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "diff",
        help="compare two plans",
        description="Compare two plans: apps added, removed, renamed and changed, links, "
        "features, and the findings delta. Reordering is no change. Exit status: 0 the plans "
        "are the same, 1 they differ, 2 unusable input.",
    )
    parser.add_argument("old", metavar="OLD")
    parser.add_argument("new", metavar="NEW")
    parser.add_argument(
        "--format",
        choices=("text", "json", "markdown"),
        default="text",
        help="markdown: a change report to paste into a merge request",
    )
    add_catalog_option(
        parser,
        "check both plans against this catalog instead of their own: "
        "a bundled id ({ids}) or a path to a catalog file (.toml)",
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    catalog = None
    if args.catalog is not None and (catalog := catalog_or_report(args.catalog)) is None:
        return UNUSABLE
    old, new = load_or_report(args.old, catalog), load_or_report(args.new, catalog)
    if old is None or new is None:
        return UNUSABLE
    changes = diff_plans(old.plan, new.plan)
    delta = findings_delta(
        validate(old.plan, old.catalog), validate(new.plan, new.catalog), changes.renames
    )
    if args.format == "markdown":
        # The Markdown report's modules are imported when asked for: every command's module
        # is imported to build the command line, and `check` paid for them.
        from wfm_tui.report.change_report import change_report
        from wfm_tui.report.markdown import text as md_text

        title = f"Changes from {md_text(args.old)} to {md_text(args.new)}"
        sys.stdout.write(printable_lines(change_report(title, changes, delta)))
    elif args.format == "json":
        out_json(
            {
                "format_version": 1,
                "old": args.old,
                "new": args.new,
                "same": changes.is_empty,
                "changes": diff_json(changes),
                "findings": delta_json(delta),
            }
        )
    else:
        out(f"--- {args.old}")
        out(f"+++ {args.new}")
        for line in diff_lines(changes) or ["  (the plans are the same)"]:
            out(line)
        if not changes.is_empty:
            out("Findings:")
            for line in delta_lines(delta):
                out(line)
        out(f"{changes.summary()}; {delta.summary()}")
    return OK if changes.is_empty else FOUND
