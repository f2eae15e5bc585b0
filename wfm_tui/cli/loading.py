"""Loading a plan for a command, with the load error printed the way `check` prints it."""

from __future__ import annotations

from wfm_tui.cli.output import err
from wfm_tui.files.errors import LoadError, format_problem
from wfm_tui.files.plan_file import LoadedPlan, read_plan


def load_or_report(path: str) -> LoadedPlan | None:
    """The plan at `path`, or None after printing why it cannot be used."""
    try:
        return read_plan(path)
    except LoadError as exc:
        for problem in exc.problems:
            err(format_problem(exc.path, problem))
        return None
