"""The impact as text: the command line's lines, and the editor's report, which says first
what the loss does (tests/tui/test_tui_impact.py shows it on the first screen at 80x24)."""

from __future__ import annotations

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from tests import SAMPLES
from tests.plan_helpers import make_plan, minimal_apps
from tests.strategies import plans
from wfm_tui.core.impact import Effect, impact
from wfm_tui.core.plan import Plan
from wfm_tui.files.catalogs import load_catalog
from wfm_tui.files.plan_file import read_plan
from wfm_tui.report.impact import (
    BY_SERIOUSNESS,
    impact_lines,
    impact_report_lines,
    impact_summary,
)

CATALOG = load_catalog()
SINGLE = read_plan(SAMPLES / "single-site.toml").plan


@pytest.mark.parametrize(
    ("lost", "summary"),
    [
        ("WFM Daemon", "2 capabilities stop"),
        (
            "WFM Server London",
            "1 other app goes down, 2 capabilities stop, 4 apps fail over to a backup",
        ),
        ("WFM DAP", "8 other apps go down, 2 capabilities stop"),
        ("Stat Server London", "1 app loses a capability"),
        ("Message Server", "7 apps lose a capability"),
        ("WFM Builder 1", "2 apps lose redundancy"),
        ("WFM Server London B", "1 app loses redundancy"),
        ("WFM Database Utility", "nothing else is affected"),
    ],
)
def test_the_summary_names_each_group_with_its_count(lost: str, summary: str) -> None:
    assert impact_summary(impact(SINGLE, CATALOG, lost)) == summary


def test_the_summary_puts_the_worst_first() -> None:
    # The groups are listed down, ..., failover, stops; the summary says what stops before
    # what only fails over to a backup.
    apps = minimal_apps() | {
        "S2": {"kind": "wfm_server", "connections": ["B", "D"]},
        "W": {"kind": "wfm_web", "connections": ["S"]},
        "Dm": {"kind": "wfm_daemon", "connections": ["S"]},
    }
    apps["S"]["backup"] = "S2"
    plan = make_plan(apps)
    result = impact(plan, CATALOG, "S")
    headings = [line for line in impact_lines(result, plan, CATALOG) if line.endswith(":")]
    assert headings[1:] == [
        "  goes down (loses a required link):",
        "  fails over to a backup:",
        "  stops (what the apps lost did by themselves):",
    ]
    assert impact_summary(result) == (
        "1 other app goes down, 1 capability stops, 2 apps fail over to a backup"
    )


def test_what_stops_is_counted_once_however_many_apps_did_it() -> None:
    # Two Daemons (one too many) go down with their Server: each is listed as stopping
    # e-mail notifications, and it is one capability that stops.
    apps = minimal_apps() | {
        "Dm1": {"kind": "wfm_daemon", "connections": ["S"]},
        "Dm2": {"kind": "wfm_daemon", "connections": ["S"]},
    }
    result = impact(make_plan(apps), CATALOG, "S")
    assert len(result.of(Effect.STOPS)) == 2
    assert impact_summary(result) == "3 other apps go down, 1 capability stops"


def test_the_report_puts_the_summary_and_what_stops_working_first() -> None:
    result = impact(SINGLE, CATALOG, "WFM Server London")
    lines = impact_lines(result, SINGLE, CATALOG)
    report = impact_report_lines(result, SINGLE, CATALOG)
    assert report[:4] == [
        'If WFM Server "WFM Server London" goes down:',
        "1 other app goes down, 2 capabilities stop, 4 apps fail over to a backup",
        "Stops working: e-mail notifications (where configured), scheduled reporting",
        "",
    ]
    assert report[4:] == lines[1:-2]
    # The command line's text is as it was: the counts by effect id close it.
    assert lines[-2:] == [
        "Stops working: e-mail notifications (where configured), scheduled reporting",
        "1 down, 0 redundancy-lost, 0 optional-lost, 0 feature-lost, 4 failover, 2 stops",
    ]


def test_a_loss_that_affects_nothing_says_so_once() -> None:
    result = impact(SINGLE, CATALOG, "WFM Database Utility")
    assert impact_report_lines(result, SINGLE, CATALOG) == [
        'If WFM Database Utility "WFM Database Utility" goes down:',
        "  nothing else is affected",
    ]


@settings(max_examples=200, deadline=None)
@given(plan=plans(max_apps=10), data=st.data())
def test_the_report_holds_every_line_of_the_command_lines_answer(
    plan: Plan, data: st.DataObject
) -> None:
    """Every line but the counts by effect id, in the same order, after the summary; and the
    summary counts each group as it is listed."""
    assume(plan.apps)
    lost = data.draw(st.sampled_from(sorted(plan.apps)))
    result = impact(plan, CATALOG, lost)
    lines = impact_lines(result, plan, CATALOG)
    report = impact_report_lines(result, plan, CATALOG)
    summary = impact_summary(result)
    if not result.consequences:
        assert report == lines[:2]
        assert summary == "nothing else is affected"
        return
    stops_working = [line for line in lines[-2:-1] if line.startswith("Stops working: ")]
    groups = lines[1 : len(lines) - 1 - len(stops_working)]
    assert report == [lines[0], summary, *stops_working, "", *groups]
    listed = [effect for effect in BY_SERIOUSNESS if result.of(effect)]
    parts = summary.split(", ")
    assert len(parts) == len(listed)
    for effect, part in zip(listed, parts, strict=True):
        group = result.of(effect)
        count = len({c.feature for c in group}) if effect is Effect.STOPS else len(group)
        assert part.startswith(f"{count} ")
