"""The editing model without Textual: checklist groups, radio swaps, undo/redo, dirty state."""

from __future__ import annotations

import pytest

from tests.plan_helpers import make_plan, minimal_apps
from wfm_tui.core.catalog import Mark
from wfm_tui.core.findings import Code, Severity
from wfm_tui.core.operations import Connect, OperationError, RenameApp, SetFeature
from wfm_tui.editing.document import Document
from wfm_tui.editing.link_groups import (
    incoming_groups,
    link_groups,
    some_stray_links,
    stray_links,
    toggle_operation,
)


def test_groups_offer_only_allowed_kinds_with_live_counts(catalog) -> None:
    plan = make_plan(minimal_apps())
    groups = {g.target_kind: g for g in link_groups(plan, catalog, "S")}
    assert set(groups) == {
        "wfm_server",
        "wfm_builder",
        "wfm_data_aggregator",
        "dap",
        "message_server",
    }
    assert groups["dap"].rule.mark is Mark.ONE
    assert groups["dap"].count == 1
    assert groups["dap"].problem is None
    assert groups["dap"].is_radio
    assert not groups["wfm_builder"].is_radio
    assert groups["wfm_server"].candidates == ()  # never itself


def test_candidates_list_the_own_site_first_then_by_name(catalog) -> None:
    apps = {
        "S": {"kind": "wfm_server", "site": "Leeds", "connections": ["B"]},
        "S2": {"kind": "wfm_server", "site": "Leeds"},
        "B": {"kind": "wfm_builder", "site": "York", "connections": ["S"]},
        "B Leeds": {"kind": "wfm_builder", "site": "Leeds"},
        "A any": {"kind": "wfm_builder"},
        "D": {"kind": "dap"},
    }
    plan = make_plan(apps)
    groups = {g.target_kind: g for g in link_groups(plan, catalog, "S")}
    assert groups["wfm_builder"].candidates == ("B Leeds", "A any", "B")
    assert groups["wfm_builder"].near == {"B Leeds", "A any"}
    assert groups["wfm_builder"].selected == {"B"}
    assert groups["wfm_server"].candidates == ("S2",)  # never itself
    assert groups["wfm_server"].near == {"S2"}


def test_group_problem_and_feature_raise(catalog) -> None:
    plan = make_plan({**minimal_apps(), "S": {"kind": "wfm_server", "connections": ["B"]}})
    dap = next(g for g in link_groups(plan, catalog, "S") if g.target_kind == "dap")
    assert dap.problem == "needs exactly one"
    plan = SetFeature("management_layer", True).apply(plan)
    message = next(g for g in link_groups(plan, catalog, "S") if g.target_kind == "message_server")
    assert message.raised
    assert (message.rule.base, message.rule.mark) == (Mark.OPTIONAL, Mark.ONE)


def test_radio_toggle_replaces_the_one_link(catalog) -> None:
    plan = make_plan({**minimal_apps(), "D2": {"kind": "dap"}})
    dap = next(g for g in link_groups(plan, catalog, "S") if g.target_kind == "dap")
    op = toggle_operation("S", dap, "D2", True)
    after = op.apply(plan)
    assert after.apps["S"].connections == ("B", "D2")
    # What undo and redo say names the link that went too ("Undone: link S -> D2" read as if
    # S were left with no DAP).
    assert op.describe() == "link S -> D2 instead of D"


def test_stray_links_are_the_ones_no_group_offers(catalog) -> None:
    apps = minimal_apps()
    apps["B"] = {"kind": "wfm_builder", "connections": ["S", "D", "ghost", "B"]}
    assert stray_links(make_plan(apps), catalog, "B") == ["D", "ghost", "B"]


def test_a_panel_lists_a_hundred_stray_links_and_counts_the_rest(catalog) -> None:
    apps = minimal_apps()
    listed = ["S", "D", "x", "y", "x", "z", "w", "w"]
    apps["B"] = {"kind": "wfm_builder", "connections": listed}
    plan = make_plan(apps)
    assert some_stray_links(plan, catalog, "B", 3) == (["D", "x", "y"], 3)  # z, w, w
    assert some_stray_links(plan, catalog, "B", None) == (["D", "x", "y", "z", "w"], 0)


def test_document_undo_redo_and_dirty(catalog) -> None:
    doc = Document(plan=make_plan(minimal_apps()), catalog=catalog)
    doc.saved_plan = doc.plan
    assert not doc.dirty
    doc.apply(RenameApp("D", "DAP"))
    assert doc.dirty
    assert doc.plan.apps["S"].connections == ("B", "DAP")
    doc.undo()
    assert not doc.dirty  # back to the saved plan: clean again
    assert "D" in doc.plan.apps
    doc.redo()
    assert "DAP" in doc.plan.apps
    assert doc.undo_stack
    assert not doc.redo_stack


def test_document_statuses_follow_findings(catalog) -> None:
    apps = minimal_apps()
    apps["S"] = {"kind": "wfm_server", "connections": ["B"]}
    doc = Document(plan=make_plan(apps), catalog=catalog)
    assert doc.statuses["S"] is Severity.ERROR
    assert doc.statuses["D"] is Severity.WARNING  # unreferenced
    assert any(f.code is Code.MISSING_CONNECTION for f in doc.findings)
    doc.apply(Connect("S", "D"))
    assert doc.statuses == {"S": None, "B": None, "D": None}


def test_failed_operation_changes_nothing(catalog) -> None:
    doc = Document(plan=make_plan(minimal_apps()), catalog=catalog)
    before = doc.plan
    with pytest.raises(OperationError):
        doc.apply(Connect("S", "B"))
    assert doc.plan is before
    assert not doc.undo_stack


def test_used_by_lists_the_apps_that_may_link_to_an_app_from_the_documents_index(
    catalog,
) -> None:
    apps = {
        f"S{n:02d}": {"kind": "wfm_server", "site": "Far", "connections": ["D"]} for n in range(20)
    }
    apps["S near"] = {"kind": "wfm_server", "site": "Here"}
    apps["D"] = {"kind": "dap", "site": "Here"}
    apps["U"] = {"kind": "wfm_database_utility", "connections": ["D"]}
    document = Document(make_plan(apps), catalog)
    users = document.users_of("D")
    assert users == {*(f"S{n:02d}" for n in range(20)), "U"}
    groups = {g.target_kind: g for g in incoming_groups(document.plan, catalog, "D", users)}
    # Kinds whose row allows a DAP, and that the plan has (no Data Aggregator): table order.
    assert list(groups) == ["wfm_server", "wfm_database_utility"]
    servers = groups["wfm_server"]
    assert servers.incoming
    assert servers.count == 20
    # Twenty ticked in another site: listed when asked, not by default (thousands may be).
    assert servers.shown(False) == (("S near",), 20)
    assert servers.pool._ordered is None  # counted, not sorted
    assert len(servers.shown(True)[0]) == 21
    assert groups["wfm_database_utility"].selected == {"U"}
    # The index follows edits made at the other end, and their undo.
    document.apply(Connect("S near", "D"))
    assert "S near" in document.users_of("D")
    document.undo()
    assert "S near" not in document.users_of("D")


def test_users_stamps_change_with_the_users_of_an_app_only(catalog) -> None:
    apps = {
        "S": {"kind": "wfm_server", "backup": "S2", "connections": ["D", "B"]},
        "S2": {"kind": "wfm_server", "connections": ["D"]},
        "B": {"kind": "wfm_builder", "connections": ["S"]},
        "D": {"kind": "dap"},
    }
    document = Document(make_plan(apps), catalog)
    # S names S2 as its backup only: S2 is not used by it.
    assert document.users_of("S2") == frozenset()
    assert document.users_of("D") == {"S", "S2"}
    stamps = {name: document.users_stamp(name) for name in apps}
    document.apply(Connect("B", "S2"))
    after = {name: document.users_stamp(name) for name in apps}
    # Only the app that gained a user has a new stamp: the panels of the others stay.
    assert [name for name in apps if stamps[name] != after[name]] == ["S2"]
    assert document.users_of("S2") == {"B"}
    document.undo()
    assert document.users_stamp("S2") != after["S2"]
    assert document.users_of("S2") == frozenset()


def test_a_long_group_lists_its_few_without_ordering_them_all(catalog) -> None:
    """Near, ticked and kept candidates, in the full list's order; the thousands of others
    are counted, not sorted."""
    apps = {**minimal_apps(), "S": {"kind": "wfm_server", "site": "A", "connections": ["D"]}}
    for index in (10, 2, 1):
        apps[f"Near {index}"] = {"kind": "wfm_builder", "site": "A", "connections": ["S"]}
    for index in range(40, 0, -1):
        apps[f"Far {index}"] = {"kind": "wfm_builder", "site": "Z", "connections": ["S"]}
    apps["S"]["connections"] = ["D", "Far 30", "Far 4"]
    plan = make_plan(apps)
    builders = next(g for g in link_groups(plan, catalog, "S") if g.target_kind == "wfm_builder")
    shown, hidden = builders.shown(False, keep={"Far 7", "Ghost", "S"})
    # The site's own first; B, of no site, is near but listed with the others.
    assert shown == ("Near 1", "Near 2", "Near 10", "B", "Far 4", "Far 7", "Far 30")
    assert hidden == 44 - len(shown)
    assert builders.pool._ordered is None  # nothing sorted the pool
    everything = builders.candidates
    assert everything[:6] == ("Near 1", "Near 2", "Near 10", "B", "Far 1", "Far 2")
    assert shown == tuple(c for c in everything if c in set(shown))
