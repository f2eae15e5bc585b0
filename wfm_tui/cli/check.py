"""`wfm-tui check PLAN...`: validate plans, for people (text) and for scripts (JSON)."""

from __future__ import annotations

import argparse
from dataclasses import dataclass, field

from wfm_tui.cli.loading import add_catalog_option, catalog_or_report
from wfm_tui.cli.output import FOUND, OK, UNUSABLE, out, out_json, plural
from wfm_tui.core.catalog import Catalog
from wfm_tui.core.findings import Code, Finding, Severity, counts
from wfm_tui.core.validation import validate
from wfm_tui.files.errors import LoadError, location
from wfm_tui.files.plan_file import read_plan


@dataclass
class Result:
    path: str
    findings: list[Finding]
    loaded: bool
    apps: int = 0
    # For a load error in another file than the plan (its catalog): the index of the finding
    # in `findings` -> that file.
    elsewhere: dict[int, str] = field(default_factory=dict)

    def file_of(self, index: int) -> str:
        return self.elsewhere.get(index, self.path)

    def count(self, severity: Severity) -> int:
        return counts(self.findings)[severity]

    def passes(self, strict: bool) -> bool:
        return self.count(Severity.ERROR) == 0 and not (strict and self.count(Severity.WARNING))


def add_parser(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "check",
        help="validate plans against the connections table",
        description="Validate plans. Exit status: 0 no errors, 1 errors found (with --strict: "
        "or warnings), 2 a file could not be loaded.",
    )
    parser.add_argument("plans", nargs="+", metavar="PLAN", help="plan files (TOML)")
    parser.add_argument("--format", choices=("text", "json"), default="text", help="output format")
    parser.add_argument("--strict", action="store_true", help="fail on warnings too")
    add_catalog_option(parser)
    parser.set_defaults(handler=run)


def check_file(path: str, catalog: Catalog | None = None) -> Result:
    try:
        loaded = read_plan(path, catalog)
    except LoadError as exc:
        findings = [
            Finding(Code.LOAD_ERROR, p.message, line=p.line, column=p.column) for p in exc.problems
        ]
        elsewhere = {i: p.path for i, p in enumerate(exc.problems) if p.path is not None}
        return Result(path, findings, loaded=False, elsewhere=elsewhere)
    findings = loaded.locate_findings(validate(loaded.plan, loaded.catalog))
    return Result(path, findings, loaded=True, apps=len(loaded.plan.apps))


def run(args: argparse.Namespace) -> int:
    catalog = None
    if args.catalog is not None:
        catalog = catalog_or_report(args.catalog)
        if catalog is None:
            return UNUSABLE
    results = [check_file(path, catalog) for path in args.plans]
    if args.format == "json":
        _print_json(results, args.strict)
    else:
        _print_text(results)
    if any(not r.loaded for r in results):
        return UNUSABLE
    return OK if all(r.passes(args.strict) for r in results) else FOUND


def _print_text(results: list[Result]) -> None:
    for result in results:
        for index, finding in enumerate(result.findings):
            where = location(result.file_of(index), finding.line, finding.column)
            out(f"{where}: {finding.severity}[{finding.code}]: {finding.message}")
        out(_summary(result))
    if len(results) > 1:
        errors = sum(r.count(Severity.ERROR) for r in results)
        warnings = sum(r.count(Severity.WARNING) for r in results)
        out(
            f"{plural(len(results), 'plan')} checked: {plural(errors, 'error')}, "
            f"{plural(warnings, 'warning')}"
        )


def _summary(result: Result) -> str:
    if not result.loaded:
        return f"{result.path}: could not be loaded"
    tally = counts(result.findings)
    if not result.findings:
        return f"{result.path}: ok, {plural(result.apps, 'app')}, no findings"
    return (
        f"{result.path}: {plural(tally[Severity.ERROR], 'error')}, "
        f"{plural(tally[Severity.WARNING], 'warning')}, {tally[Severity.INFO]} info "
        f"({plural(result.apps, 'app')})"
    )


def _print_json(results: list[Result], strict: bool) -> None:
    out_json(
        {
            "format_version": 1,
            "results": [
                {
                    "path": r.path,
                    "valid": r.loaded and r.passes(strict),
                    "errors": r.count(Severity.ERROR),
                    "warnings": r.count(Severity.WARNING),
                    "infos": r.count(Severity.INFO),
                    "findings": [
                        {
                            "code": str(f.code),
                            "severity": str(f.severity),
                            "message": f.message,
                            "app": f.app,
                            "file": r.file_of(index),
                            "line": f.line,
                            "column": f.column,
                        }
                        for index, f in enumerate(r.findings)
                    ],
                }
                for r in results
            ],
        }
    )
