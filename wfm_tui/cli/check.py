"""`wfm-tui check PLAN...`: validate plans, for people (text), scripts (JSON) and CI (SARIF,
GitHub annotations, JUnit)."""

from __future__ import annotations

import argparse
import sys

from wfm_tui import __version__
from wfm_tui.cli.loading import add_catalog_option, catalog_or_report
from wfm_tui.cli.output import FOUND, OK, UNUSABLE, out, out_json
from wfm_tui.core.catalog import Catalog
from wfm_tui.core.findings import Code, Finding
from wfm_tui.core.validation import validate
from wfm_tui.files.catalogs import UnknownCatalogError, resolve_catalog
from wfm_tui.files.errors import LoadError
from wfm_tui.files.plan_file import looks_like_plan, read_plan
from wfm_tui.report.check_results import FileResult, json_document, text_lines
from wfm_tui.report.ci_formats import github_lines, junit_xml, sarif_document

FORMATS = ("text", "json", "sarif", "github", "junit")


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "check",
        help="validate plans against the connections table",
        description="Validate plans. Exit status: 0 no errors, 1 errors found (with --strict: "
        "or warnings), 2 a file could not be loaded.",
    )
    parser.add_argument("plans", nargs="+", metavar="PLAN", help="plan files (TOML)")
    parser.add_argument(
        "--format",
        choices=FORMATS,
        default="text",
        help="text (path:line:col lines, for people and editors), json, sarif (SARIF 2.1.0, "
        "for code scanning), github (workflow annotations), junit (JUnit XML)",
    )
    parser.add_argument("--strict", action="store_true", help="fail on warnings too")
    parser.add_argument(
        "--skip-other-toml",
        action="store_true",
        help="skip TOML files that are not plans (no 'format' and no 'apps' key, such as "
        "pyproject.toml or a catalog): for hooks that pass every TOML file of a repository",
    )
    add_catalog_option(parser)
    parser.set_defaults(handler=run)


def check_file(path: str, catalog: Catalog | None = None) -> FileResult:
    try:
        loaded = read_plan(path, catalog)
    except LoadError as exc:
        return unloaded(exc)
    findings = loaded.locate_findings(validate(loaded.plan, loaded.catalog))
    return FileResult(path, findings, loaded=True, apps=len(loaded.plan.apps))


def unloaded(exc: LoadError) -> FileResult:
    """A file that could not be loaded, its problems as load-error findings."""
    findings = [
        Finding(Code.LOAD_ERROR, p.message, line=p.line, column=p.column) for p in exc.problems
    ]
    elsewhere = {i: p.path for i, p in enumerate(exc.problems) if p.path is not None}
    return FileResult(exc.path, findings, loaded=False, elsewhere=elsewhere)


def run(args: argparse.Namespace) -> int:
    catalog = None
    results: list[FileResult] = []
    if args.catalog is not None:
        try:
            catalog = resolve_catalog(args.catalog)
        except LoadError as exc:
            # A broken --catalog is reported as a file that cannot be loaded, in the format
            # asked for (CI reads the output, not stderr); no plan is checked against it.
            results = [unloaded(exc)]
        except UnknownCatalogError:
            catalog_or_report(args.catalog)  # a usage error: one line on stderr
            return UNUSABLE
    if not results:
        paths = args.plans
        if args.skip_other_toml:
            paths = [path for path in paths if looks_like_plan(path)]
        results = [check_file(path, catalog) for path in paths]
    if args.format == "json":
        out_json(json_document(results, args.strict))
    elif args.format == "sarif":
        out_json(sarif_document(results, __version__))
    elif args.format == "github":
        # Escaped for GitHub already, its own way (control characters included).
        sys.stdout.write("".join(line + "\n" for line in github_lines(results)))
    elif args.format == "junit":
        sys.stdout.write(junit_xml(results, args.strict) + "\n")  # escaped for XML already
    else:
        for line in text_lines(results):
            out(line)
    if any(not r.loaded for r in results):
        return UNUSABLE
    return OK if all(r.passes(args.strict) for r in results) else FOUND
