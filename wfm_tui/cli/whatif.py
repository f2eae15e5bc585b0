"""`wfm-tui whatif PLAN OPS...`: apply edit operations in memory and show what they change."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from typing import Any

from wfm_tui.cli.loading import add_catalog_option, catalog_or_report, load_or_report
from wfm_tui.cli.output import FOUND, OK, UNUSABLE, err, out, out_json, printable_lines
from wfm_tui.core.catalog import Catalog
from wfm_tui.core.delta import findings_delta
from wfm_tui.core.diff import diff_plans
from wfm_tui.core.fields import FieldError, parse_field_value
from wfm_tui.core.names import quote
from wfm_tui.core.operations import (
    AddApp,
    Connect,
    Disconnect,
    Operation,
    OperationError,
    RemoveApp,
    RenameApp,
    SetFeature,
    SetField,
    SetPlanInfo,
)
from wfm_tui.core.plan import EDITABLE_APP_FIELDS, App, Features, Plan
from wfm_tui.core.site_clone import CloneSite
from wfm_tui.core.validation import validate
from wfm_tui.files.atomic_write import check_save_target
from wfm_tui.files.catalogs import rebased_catalog_ref
from wfm_tui.files.errors import SaveError
from wfm_tui.files.plan_file import save_plan
from wfm_tui.report.changes import delta_json, delta_lines, diff_json, diff_lines

_OPTIONS = {
    # option: (argument names, help)
    "--remove": (("APP",), "remove an app and the links to it"),
    "--add": (("KIND", "NAME"), "add an app of a kind"),
    "--rename": (("OLD", "NEW"), "rename an app; links follow"),
    "--connect": (("SRC", "TGT"), "add a link"),
    "--disconnect": (("SRC", "TGT"), "remove a link"),
    "--clone-site": (
        ("OLD", "NEW"),
        "copy site OLD's apps as site NEW (names, links and backups follow; hosts cleared)",
    ),
    "--feature": (("NAME=on|off",), "switch a feature: " + ", ".join(Features.model_fields)),
    "--set": (
        ("APP", "FIELD", "VALUE"),
        f"set a property ({', '.join(EDITABLE_APP_FIELDS)}); an empty VALUE clears it",
    ),
}


class _Ordered(argparse.Action):
    """Collects every operation option into one list, in the order given."""

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: str | Sequence[Any] | None,
        option_string: str | None = None,
    ) -> None:
        ops = getattr(namespace, "ops", None) or []
        ops.append((option_string, list(values or [])))
        namespace.ops = ops


class _WhatifParser(argparse.ArgumentParser):
    """Takes the operations out of the arguments before argparse sees the rest.

    argparse reads an argument that starts with "-" as an option, so `--add dap -x` failed with
    "expected 2 arguments" although -x is a fine app name. Here an operation option takes the
    next arguments, however many it needs, whatever they look like; argparse keeps PLAN and
    the other options, and the operations' help.
    """

    # typeshed declares the method as overloads (the namespace's type passes through); one
    # signature cannot restate them, and this parser is only ever called with a Namespace.
    def parse_known_args(  # type: ignore[override]
        self, args: list[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> tuple[argparse.Namespace, list[str]]:
        rest: list[str] = []
        ops: list[tuple[str, list[str]]] = []
        given = list(args or [])
        index = 0
        while index < len(given):
            token = given[index]
            index += 1
            if token == "--":  # what follows is PLAN, not options
                rest += given[index - 1 :]
                break
            option, inline = self._operation(token)
            if option is None:
                rest.append(token)
                continue
            wanted, _ = _OPTIONS[option]
            if inline is not None:
                if len(wanted) != 1:
                    self.error(f"{option} takes {' '.join(wanted)} as separate arguments")
                ops.append((option, [inline]))
                continue
            values = given[index : index + len(wanted)]
            if len(values) < len(wanted):
                self.error(f"{option} needs {' '.join(wanted)}")
            ops.append((option, values))
            index += len(wanted)
        parsed, extras = super().parse_known_args(rest, namespace or argparse.Namespace())
        if ops:
            parsed.ops = (parsed.ops or []) + ops
        return parsed, extras

    def _operation(self, token: str) -> tuple[str | None, str | None]:
        """The operation option `token` names (in full, or by a prefix only it has, as argparse
        allows), and its value when written --option=value."""
        if not token.startswith("--"):
            return None, None
        name, sep, value = token.partition("=")
        options = [o for o in self._option_string_actions if o.startswith("--")]
        matches = [o for o in options if o == name] or [o for o in options if o.startswith(name)]
        if len(matches) != 1 or matches[0] not in _OPTIONS:
            return None, None  # not an operation, or ambiguous: argparse says which
        return matches[0], value if sep else None


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "whatif",
        help="apply changes in memory and show what they break or fix",
        description="Apply edit operations, in the order given, to a plan in memory and report "
        "what changed and the findings they add (+) and resolve (-). Names are separate "
        "arguments, so quote names with spaces; an operation takes the arguments after it as "
        "they are, even ones that start with '-'. Exit status: 0 no new errors, 1 new errors, "
        "2 unusable input.",
    )
    parser.add_argument("plan", metavar="PLAN")
    group = parser.add_argument_group("operations (any number, applied in order)")
    for option, (metavars, text) in _OPTIONS.items():
        group.add_argument(
            option, nargs=len(metavars), metavar=metavars, action=_Ordered, dest="ops", help=text
        )
    parser.add_argument(
        "--set-catalog",
        metavar="ID|PATH",
        help="move the plan to another catalog (a WFM version, or a team's catalog file): the "
        "findings delta of the upgrade; --write records it in the plan",
    )
    add_catalog_option(
        parser,
        "the catalog the plan is checked against now, instead of its "
        "own: a bundled id ({ids}) or a path to a catalog file (.toml)",
    )
    parser.add_argument(
        "--format",
        choices=("text", "json", "markdown"),
        default="text",
        help="markdown: a change report to paste into a merge request",
    )
    parser.add_argument("--write", metavar="OUT", help="save the changed plan to OUT")
    parser.add_argument("--force", action="store_true", help="let --write overwrite a file")
    parser.set_defaults(handler=run, ops=None)
    # The subcommand's parser is made by argparse; it parses the operations with this class.
    parser.__class__ = _WhatifParser


def build_operation(
    option: str, values: list[str], catalog: Catalog, plan: Plan | None = None
) -> Operation:
    """The edit operation an option asks for; OperationError if its arguments cannot be one."""
    if option == "--remove":
        return RemoveApp(values[0])
    if option == "--add":
        kind, name = values
        if kind not in catalog.kinds:
            raise OperationError(
                f"unknown kind {quote(kind)}; the catalog has: {', '.join(catalog.kinds)}"
            )
        return AddApp(name, App(kind=kind))
    if option == "--rename":
        return RenameApp(*values)
    if option == "--connect":
        return Connect(*values)
    if option == "--disconnect":
        return Disconnect(*values)
    if option == "--clone-site":
        # Kinds limited in number are left out: the plan tells how many there are already.
        old, new = values
        return (
            CloneSite(old, new) if plan is None else CloneSite.for_catalog(plan, catalog, old, new)
        )
    if option == "--feature":
        name, sep, state = values[0].partition("=")
        if not sep or state not in ("on", "off"):
            raise OperationError(f"--feature takes NAME=on or NAME=off, not {quote(values[0])}")
        return SetFeature(name, state == "on")
    app, field, raw = values
    try:
        value = parse_field_value(field, raw)
    except FieldError as exc:
        raise OperationError(f"{exc}, not {quote(raw)}") from None
    return SetField(app, field, value)


def run(args: argparse.Namespace) -> int:
    if not args.ops and args.set_catalog is None:
        err("no operations given; see wfm-tui whatif --help")
        return UNUSABLE
    current = None
    if args.catalog is not None and (current := catalog_or_report(args.catalog)) is None:
        return UNUSABLE
    loaded = load_or_report(args.plan, current)
    if loaded is None:
        return UNUSABLE
    baseline, before = loaded.plan, loaded.catalog
    catalog = before
    plan = baseline
    applied: list[tuple[str, str]] = []
    if args.set_catalog is not None:
        # Operations name kinds of the catalog the plan moves to.
        if (moved := catalog_or_report(args.set_catalog)) is None:
            return UNUSABLE
        catalog = moved
        strays = sorted({a.kind for a in plan.apps.values()} - set(catalog.kinds))
        if strays:
            err(f"catalog {catalog.id} has no kind {', '.join(strays)}, which the plan uses")
            return UNUSABLE
        op: Operation = SetPlanInfo("catalog", _catalog_ref(args.set_catalog, args.plan))
        plan = op.apply(plan)
        applied.append(("set-catalog", f"move the plan to catalog {catalog.id}"))
    for number, (option, values) in enumerate(args.ops or [], start=1):
        try:
            op = build_operation(option, values, catalog, plan)
            plan = op.apply(plan)
        except OperationError as exc:
            shown = " ".join([option, *(quote(v) for v in values)])
            err(f"operation {number} ({shown}): {exc}")
            return UNUSABLE
        applied.append((option.removeprefix("--"), op.describe()))

    changes = diff_plans(baseline, plan)
    delta = findings_delta(validate(baseline, before), validate(plan, catalog), changes.renames)
    if args.write and not _write(args.write, args.plan, args.force, plan, catalog, loaded.schema):
        return UNUSABLE
    if args.format == "markdown":
        # The Markdown report's modules are imported when asked for: every command's module
        # is imported to build the command line, and `check` paid for them.
        from wfm_tui.report.change_report import change_report
        from wfm_tui.report.markdown import text as md_text

        title = f"What if, on {md_text(args.plan)}"
        report = change_report(title, changes, delta, [d for _, d in applied])
        sys.stdout.write(printable_lines(report))
    elif args.format == "json":
        out_json(
            {
                "format_version": 1,
                "plan": args.plan,
                "operations": [{"op": op, "description": text} for op, text in applied],
                "changes": diff_json(changes),
                "findings": delta_json(delta),
                "written": args.write,
            }
        )
    else:
        out(f"What if, on {args.plan}:")
        out("Operations:")
        for _, text in applied:
            out(f"  {text}")
        out(f"Changes ({changes.summary()}):")
        for line in diff_lines(changes) or ["  (none)"]:
            out(line)
        out("Findings:")
        for line in delta_lines(delta):
            out(line)
        if args.write:
            out(f"Wrote the changed plan to {args.write}")
        out(delta.summary())
    return FOUND if delta.new_errors else OK


def _catalog_ref(ref: str, plan_path: str) -> str:
    """How the plan names a catalog given on the command line (a path from the current
    folder): an id as it is, a path as seen from the plan's folder, where a plan's catalog path
    starts (`_write` moves it to the folder of the file written)."""
    return rebased_catalog_ref(ref, None, os.path.dirname(plan_path)) or ref


def _write(
    path: str, source: str, force: bool, plan: Plan, catalog: Catalog, schema: str | None
) -> bool:
    try:
        check_save_target(path)  # before "exists": --force would not help
    except SaveError as exc:
        err(str(exc))
        return False
    if os.path.lexists(path) and not force:
        same = os.path.exists(path) and os.path.samefile(path, source)
        what = "is the plan itself" if same else "exists"
        err(f"{path} {what}; use --force to overwrite it")
        return False
    ref = rebased_catalog_ref(plan.catalog, os.path.dirname(source), os.path.dirname(path))
    if ref != plan.catalog:
        plan = plan.model_copy(update={"catalog": ref})
    try:
        save_plan(path, plan, catalog, schema)
    except SaveError as exc:
        err(str(exc))
        return False
    return True
