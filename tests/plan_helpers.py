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
