"""`wfm-tui export PLAN --format mermaid|dot|markdown|csv`: the plan as a diagram, a report or
tables. This module parses, loads and writes; wfm_tui.report renders."""

from __future__ import annotations

import argparse
import os
import sys
from typing import TYPE_CHECKING

from wfm_tui.cli.loading import add_catalog_option, catalog_or_report, load_or_report
from wfm_tui.cli.output import OK, UNUSABLE, err, out
from wfm_tui.core.names import printable
from wfm_tui.core.validation import validate
from wfm_tui.files.atomic_write import write_atomic
from wfm_tui.files.errors import SaveError

# The renderers are imported when an export runs: every command's module is imported to build
# the command line, and `check` paid for them.
if TYPE_CHECKING:
    from wfm_tui.report.topology import Topology

FORMATS = ("mermaid", "dot", "markdown", "csv")
CSV_FILES = ("apps.csv", "links.csv")


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "export",
        help="the plan as a diagram (Mermaid, Graphviz), a Markdown report or CSV tables",
        description="Export a plan: --format mermaid (a flowchart for GitHub, GitLab and "
        "Confluence Markdown), dot (Graphviz: dot -Tsvg), markdown (a change-request report "
        "with the findings, apps, links and the diagram) or csv (two tables, apps and links). "
        "Writes to standard output, or to -o OUT; csv needs -o FOLDER (apps.csv and links.csv) "
        "or -o APPS.csv -o LINKS.csv. Never overwrites a file without --force. Exit status 0, "
        "or 2 on unusable input.",
    )
    parser.add_argument("plan", metavar="PLAN")
    parser.add_argument("--format", required=True, choices=FORMATS, help="what to export")
    parser.add_argument(
        "-o",
        "--output",
        action="append",
        metavar="OUT",
        help="write to OUT instead of standard output; for csv a folder, or give -o twice: "
        "the apps file, then the links file",
    )
    parser.add_argument("--force", action="store_true", help="overwrite files that exist")
    add_catalog_option(parser)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    targets = _targets(args.format, args.output or [])
    if targets is None:
        return UNUSABLE
    # -o FOLDER of csv: made, if need be, when there is something to put in it.
    folder = os.path.dirname(targets[0]) if args.format == "csv" and len(args.output) == 1 else None
    catalog = None
    if args.catalog is not None and (catalog := catalog_or_report(args.catalog)) is None:
        return UNUSABLE
    loaded = load_or_report(args.plan, catalog)
    if loaded is None:
        return UNUSABLE
    from wfm_tui.report.mermaid import too_large
    from wfm_tui.report.topology import build_topology

    findings = loaded.locate_findings(validate(loaded.plan, loaded.catalog))
    view = build_topology(loaded.plan, loaded.catalog, findings)
    texts = _render(args.format, view, args.plan)
    if args.format == "mermaid" and (reason := too_large(view, texts[0])):
        err(f"note: GitHub and GitLab will not draw this diagram: {reason}")
    if not targets:
        sys.stdout.write("\n".join(printable(line) for line in texts[0].split("\n")))
        return OK
    if not _writable(targets, args.plan, args.force):
        return UNUSABLE
    if folder is not None:
        try:
            os.makedirs(folder, exist_ok=True)
        except OSError as exc:
            err(f"cannot create the folder {folder}: {exc.strerror or exc}")
            return UNUSABLE
    for path, text in zip(targets, texts, strict=True):
        try:
            write_atomic(path, text)
        except SaveError as exc:
            err(str(exc))
            return UNUSABLE
        out(f"wrote {path}")
    return OK


def _targets(chosen: str, outputs: list[str]) -> list[str] | None:
    """The files to write (none: standard output), or None after saying why -o is wrong."""
    if chosen != "csv":
        if len(outputs) > 1:
            err(f"--format {chosen} writes one file; give -o once")
            return None
        return outputs
    if len(outputs) == 2:
        return outputs
    if len(outputs) != 1:
        err(
            "--format csv writes two tables: give -o FOLDER (for apps.csv and links.csv) "
            "or -o APPS.csv -o LINKS.csv"
        )
        return None
    folder = outputs[0]
    if os.path.exists(folder) and not os.path.isdir(folder):
        err(
            f"{folder} is not a folder: --format csv writes two tables, to -o FOLDER or to "
            "-o APPS.csv -o LINKS.csv"
        )
        return None
    return [os.path.join(folder, name) for name in CSV_FILES]


def _render(chosen: str, view: Topology, path: str) -> list[str]:
    if chosen == "dot":
        from wfm_tui.report.dot import render_dot

        return [render_dot(view)]
    if chosen == "mermaid":
        from wfm_tui.report.mermaid import render_mermaid

        return [render_mermaid(view)]
    if chosen == "markdown":
        from wfm_tui.report.markdown import render_markdown

        return [render_markdown(view, path)]
    from wfm_tui.report.csv_tables import apps_csv, links_csv

    return [apps_csv(view), links_csv(view)]


def _writable(targets: list[str], plan: str, force: bool) -> bool:
    """Whether every target may be written: none is the plan, none exists unless --force."""
    if len(targets) == 2 and _same(*targets):
        err(f"{targets[0]} and {targets[1]} are the same file")
        return False
    for path in targets:
        if _same(path, plan):
            err(f"{path} is the plan itself; export it elsewhere")
            return False
        if os.path.lexists(path) and not force:
            err(f"{path} exists; use --force to overwrite it")
            return False
    return True


def _same(a: str, b: str) -> bool:
    if os.path.exists(a) and os.path.exists(b):
        return os.path.samefile(a, b)
    return os.path.abspath(a) == os.path.abspath(b)
