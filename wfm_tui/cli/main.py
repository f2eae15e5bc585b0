"""Entry point of `wfm-tui`: the editor, or one of the commands."""

from __future__ import annotations

import argparse
import difflib
import gc
import os
import sys
from collections.abc import Callable

from wfm_tui import __version__
from wfm_tui.cli.output import INTERNAL, UNUSABLE, err

COMMANDS = ("check", "whatif", "impact", "diff", "export", "new", "rules", "schema")


def build_parser() -> argparse.ArgumentParser:
    # The commands are imported here: the editor needs none of them.
    from wfm_tui.cli import check, diff, export, impact, new, rules, schema, whatif

    parser = argparse.ArgumentParser(
        prog="wfm-tui",
        description="Plan Genesys WFM deployments against the component connections table. "
        "Run 'wfm-tui [PLAN]' to open the editor.",
    )
    parser.add_argument("--version", action="version", version=f"wfm-tui {__version__}")
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")
    for module in (check, whatif, impact, diff, export, new, rules, schema):
        module.add_parser(commands)
    return parser


def build_editor_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="wfm-tui",
        description="Open the plan editor. Commands: " + ", ".join(COMMANDS) + " (wfm-tui --help).",
    )
    parser.add_argument("plan", nargs="?", metavar="PLAN", help="plan file; created on first save")
    parser.add_argument("--no-mouse", action="store_true", help="do not capture the mouse")
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    try:
        return _dispatch(argv)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (`wfm-tui check ... | head`): not an error worth a message.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return UNUSABLE
    except Exception as exc:
        if os.environ.get("WFM_TUI_DEBUG"):
            raise
        err(f"internal error: {type(exc).__name__}: {exc} (set WFM_TUI_DEBUG=1 for details)")
        return INTERNAL


def _dispatch(argv: list[str]) -> int:
    positional = next((a for a in argv if not a.startswith("-")), None)
    wants_top_level = positional is None and any(a in ("-h", "--help", "--version") for a in argv)
    if positional in COMMANDS or wants_top_level:
        args = build_parser().parse_args(argv)
        # A command runs once and exits; the objects of a large plan hold no reference cycles
        # to reclaim, so the collector's passes over them are pure cost (a third of `check`).
        collecting = gc.isenabled()
        gc.disable()
        try:
            handler: Callable[[argparse.Namespace], int] = args.handler
            return handler(args)
        finally:
            if collecting:
                gc.enable()
    if positional is not None and (guess := _command_like(positional)) is not None:
        err(f"unknown command '{positional}'; did you mean '{guess}'?")
        return UNUSABLE
    args = build_editor_parser().parse_args(argv)
    if not on_a_terminal():
        # A script that meant a command (a typo, or one this version lacks) must not get a
        # full-screen editor drawing escape sequences into its pipe or file.
        err(
            "the editor needs a terminal (stdin and stdout); in a script, use a command: "
            + ", ".join(COMMANDS)
            + " (wfm-tui --help)"
        )
        return UNUSABLE
    return open_editor(args.plan, mouse=not args.no_mouse)


def _command_like(word: str) -> str | None:
    """The command `word` is a typo of, when it is not an existing file and looks like a
    command rather than a plan's path (no folder, no extension): `chekc` -> `check`."""
    if os.path.exists(word) or "/" in word or os.sep in word or "." in word:
        return None
    close = difflib.get_close_matches(word.lower(), COMMANDS, n=1, cutoff=0.6)
    return close[0] if close else None


def on_a_terminal() -> bool:
    """Whether the editor can run: it reads keys from stdin and draws on stdout."""
    return sys.stdin.isatty() and sys.stdout.isatty()


def prepare_editor_start() -> None:
    """Switch the cyclic collector off until the editor's first frame (the editor turns it
    back on). Start-up allocates a great deal and frees next to nothing, so the collector's
    passes over it were a sixth of the time to the first frame."""
    gc.disable()


def open_editor(plan: str | None, *, mouse: bool) -> int:
    prepare_editor_start()
    # Imported here, not at the top: commands that do not edit must never load Textual.
    from wfm_tui.tui import run_editor

    return run_editor(plan, mouse=mouse)
