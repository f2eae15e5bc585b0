"""`wfm-tui new PATH`: start a plan from a bundled template."""

from __future__ import annotations

import argparse
import os
import re

from wfm_tui.cli.output import OK, UNUSABLE, err, out
from wfm_tui.core.operations import OperationError, SetPlanInfo
from wfm_tui.files.atomic_write import check_save_target, write_atomic
from wfm_tui.files.errors import SaveError
from wfm_tui.files.plan_file import dump_plan, parse_plan
from wfm_tui.files.templates import template_names, template_text

_SCHEMA_REF = re.compile(r"[^\s\x00-\x1f\x7f-\x9f]{1,2048}")


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "new",
        help="write a new plan from a template",
        description="Write a new plan from a bundled template. Exit status 2 if PATH exists "
        "(unless --force) or cannot be written.",
    )
    parser.add_argument("path", metavar="PATH", help="where to write the plan")
    parser.add_argument(
        "--template", default="minimal", choices=template_names(), help="template (default minimal)"
    )
    parser.add_argument("--name", help="the plan's name (default: the template's)")
    parser.add_argument(
        "--schema",
        metavar="PATH_OR_URL",
        help="start the plan with a '#:schema PATH_OR_URL' line, so that taplo and Even Better "
        "TOML check it as you type (write the schema with: wfm-tui schema > FILE)",
    )
    parser.add_argument("--force", action="store_true", help="overwrite PATH if it exists")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    try:
        check_save_target(args.path)  # before "exists": --force would not help
    except SaveError as exc:
        err(str(exc))
        return UNUSABLE
    if os.path.lexists(args.path) and not args.force:
        err(f"{args.path} exists; use --force to overwrite it")
        return UNUSABLE
    if args.schema is not None and not _SCHEMA_REF.fullmatch(args.schema):
        err(
            "--schema takes a path or URL without spaces or control characters, "
            f"not {args.schema!r}"
        )
        return UNUSABLE
    text = template_text(args.template)
    if args.name is not None or args.schema is not None:
        loaded = parse_plan(text, args.template)
        try:
            plan = SetPlanInfo("name", args.name).apply(loaded.plan) if args.name else loaded.plan
        except OperationError as exc:
            err(str(exc))
            return UNUSABLE
        text = dump_plan(plan, loaded.catalog, args.schema)
    try:
        write_atomic(args.path, text)
    except SaveError as exc:
        err(str(exc))
        return UNUSABLE
    out(f"created {args.path} from template {args.template}")
    return OK
