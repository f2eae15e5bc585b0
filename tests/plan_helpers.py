"""Plans built from plain data, for the core's unit tests."""

from __future__ import annotations

from wfm_tui.core.plan import Plan
from wfm_tui.files.catalogs import load_catalog


def make_plan(apps: dict, **top) -> Plan:
    """A plan from plain data, validated against the default catalog."""
    data = {"format": 1, "name": "test", **top, "apps": apps}
    return Plan.model_validate(data, context={"catalog": load_catalog()})


def minimal_apps() -> dict:
    """The smallest valid plan: a Server, its Builder and its DAP."""
    return {
        "S": {"kind": "wfm_server", "connections": ["B", "D"]},
        "B": {"kind": "wfm_builder", "connections": ["S"]},
        "D": {"kind": "dap"},
    }


# The longest note a plan allows: 4,096 characters, 64 lines.
LONGEST_NOTE = ("n" * 63 + "\n") * 64


def plan_of_notes(apps: int) -> Plan:
    """`apps` DAPs, each with the longest note: some 4.2 KB of text an app in few objects, so
    that plans over the size cap are made, written and read in a moment."""
    from wfm_tui.core.plan import App

    members = {f"DAP {i}": App(kind="dap", note=LONGEST_NOTE) for i in range(apps)}
    return Plan(format=1, name="Notes", apps=members)


def plan_text_of_notes(apps: int) -> str:
    from wfm_tui.files.plan_file import dump_plan

    return dump_plan(plan_of_notes(apps), load_catalog())
