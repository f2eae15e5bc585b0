"""Plan diffs (renames and reorders included) and findings deltas."""

from __future__ import annotations

import tracemalloc

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.plan_helpers import make_plan, minimal_apps
from tests.strategies import operations, plans
from wfm_tui.core.catalog import Catalog
from wfm_tui.core.delta import findings_delta
from wfm_tui.core.diff import Change, diff_plans
from wfm_tui.core.operations import Disconnect, OperationError, RemoveApp, RenameApp, run
from wfm_tui.core.plan import Plan
from wfm_tui.core.validation import validate


def test_same_plan_is_no_change() -> None:
    plan = make_plan(minimal_apps())
    assert diff_plans(plan, plan).is_empty
    assert diff_plans(plan, plan).summary() == "no changes"


def test_reordered_apps_and_links_are_no_change() -> None:
    apps = minimal_apps()
    apps["S"]["connections"] = ["D", "B"]
    reordered = make_plan(dict(reversed(list(apps.items()))))
    assert diff_plans(make_plan(minimal_apps()), reordered).is_empty


def test_added_removed_changed_and_links() -> None:
    old_apps = minimal_apps()
    old_apps["Stat"] = {"kind": "stat_server"}
    new_apps = minimal_apps()
    new_apps["S"]["port"] = 7000
    new_apps["W"] = {"kind": "wfm_web", "connections": ["S"]}
    diff = diff_plans(make_plan(old_apps), make_plan(new_apps, features={"multi_site": True}))
    assert diff.added == ["W"]
    assert diff.removed == ["Stat"]
    assert diff.changed == {"S": [Change("port", None, 7000)]}
    assert diff.links_added == [("W", "S")]
    assert diff.links_removed == []
    assert diff.features == [Change("multi_site", False, True)]
    assert diff.summary() == (
        "1 app added, 1 app removed, 1 app changed, 1 link added, 1 feature changed"
    )


def test_a_rename_is_a_rename_and_references_follow() -> None:
    old = make_plan(minimal_apps())
    new = RenameApp("D", "WFM DAP").apply(old)
    diff = diff_plans(old, new)
    assert diff.renamed == [("D", "WFM DAP")]
    assert (diff.added, diff.removed, diff.links_added, diff.links_removed) == ([], [], [], [])
    assert diff.changed == {}


def test_ambiguous_renames_stay_adds_and_removes() -> None:
    old_apps = minimal_apps() | {"D1": {"kind": "dap"}, "D2": {"kind": "dap"}}
    new_apps = minimal_apps() | {"E1": {"kind": "dap"}, "E2": {"kind": "dap"}}
    diff = diff_plans(make_plan(old_apps), make_plan(new_apps))
    assert diff.renamed == []
    assert (diff.added, diff.removed) == (["E1", "E2"], ["D1", "D2"])


def test_plan_fields() -> None:
    diff = diff_plans(make_plan({}, description="a"), make_plan({}, name="other"))
    assert [c.what for c in diff.plan] == ["name", "description"]


def test_delta_new_and_resolved(catalog: Catalog) -> None:
    broken = minimal_apps()
    broken["S"]["connections"] = ["B", "D", "S"]
    before = validate(make_plan(broken), catalog)
    after_apps = minimal_apps()
    after_apps["B"]["connections"] = ["S", "D"]
    after = validate(make_plan(after_apps), catalog)
    delta = findings_delta(before, after)
    assert [f.code for f in delta.new] == ["connection-not-allowed"]
    assert [f.code for f in delta.resolved] == ["self-connection"]
    assert delta.summary() == "1 new error, 1 resolved, 0 new warnings"


def test_delta_follows_renames(catalog: Catalog) -> None:
    apps = minimal_apps()
    apps["Stat"] = {"kind": "stat_server"}
    old = make_plan(apps)
    new = RenameApp("Stat", "Stat 2").apply(old)
    plain = findings_delta(validate(old, catalog), validate(new, catalog))
    assert (len(plain.new), len(plain.resolved)) == (1, 1)
    renamed = findings_delta(validate(old, catalog), validate(new, catalog), {"Stat": "Stat 2"})
    assert (renamed.new, renamed.resolved) == ([], [])


def test_a_duplicate_listed_once_more_is_the_same_finding(catalog: Catalog) -> None:
    apps = minimal_apps()
    once = validate(make_plan(apps), catalog)
    apps["S"]["connections"] = ["B", "D", "B"]
    twice = validate(make_plan(apps), catalog)
    apps["S"]["connections"] = ["B", "D", "B", "B"]
    thrice = validate(make_plan(apps), catalog)
    assert [f.code for f in findings_delta(once, twice).new] == ["duplicate-connection"]
    assert findings_delta(twice, thrice) == findings_delta(thrice, thrice)
    assert thrice[0].message.endswith('lists "B" 3 times')


def unshared(plan: Plan) -> Plan:
    """The same plan with no app object shared with any other version."""
    return plan.model_copy(update={"apps": {n: a.model_copy() for n, a in plan.apps.items()}})


@settings(max_examples=200, deadline=None)
@given(data=st.data(), start=plans())
def test_apps_shared_between_versions_change_no_diff(data: st.DataObject, start: Plan) -> None:
    """diff_plans skips the apps two versions share; the answer must be the one comparing
    every app gives, whatever the edits (renames found by the diff included)."""
    plan = start
    for _ in range(data.draw(st.integers(1, 6))):
        try:
            plan, _ = run(data.draw(operations(plan)), plan)
        except OperationError:
            continue
    assert diff_plans(start, plan) == diff_plans(unshared(start), unshared(plan))


def test_a_dangling_link_to_an_app_the_diff_takes_as_renamed() -> None:
    """A shared app naming an app that the diff finds renamed is compared, not skipped."""
    old = make_plan({**minimal_apps(), "W": {"kind": "wfm_web", "connections": ["S"]}})
    apps = dict(old.apps)
    apps["S renamed"] = apps.pop("S")  # by hand: W still names "S", now missing
    new = old.model_copy(update={"apps": apps})
    assert new.apps["W"] is old.apps["W"]
    result = diff_plans(old, new)
    assert result.renamed == [("S", "S renamed")]
    # B and W still name "S": read through the rename, those are links that changed target.
    assert result.links_removed == [("B", "S renamed"), ("W", "S renamed")]
    assert result.links_added == [("B", "S"), ("W", "S")]
    assert result == diff_plans(unshared(old), unshared(new))


def test_versions_of_a_plan_compare_only_the_apps_an_edit_changed() -> None:
    """whatif on a plan of 2.6 million links took 950 MB of its 1 GiB: every link of both
    versions went into a set. Versions share the apps an edit left alone."""
    apps = {f"a{i}": {"kind": "wfm_builder", "connections": ["S", "D"]} for i in range(20_000)}
    apps["S"] = {"kind": "wfm_server", "connections": ["D"]}
    apps["D"] = {"kind": "dap"}
    plan = make_plan(apps)
    edited = Disconnect("a7", "S").apply(RemoveApp("a3").apply(plan))
    tracemalloc.start()
    try:
        diff = diff_plans(plan, edited)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert diff.removed == ["a3"]
    assert diff.links_removed == [("a3", "D"), ("a3", "S"), ("a7", "S")]
    assert peak < 1024 * 1024  # the links of two apps, not the plan's 40,000 twice
