"""Edit operations: each one, its errors, and undo by inverse over random sequences."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import make_plan, minimal_apps
from strategies import operations, plans
from wfm_tui.core.operations import (
    AddApp,
    Batch,
    Connect,
    Disconnect,
    OperationError,
    RemoveApp,
    RenameApp,
    SetFeature,
    SetField,
    SetPlanInfo,
    run,
)
from wfm_tui.core.plan import App, Plan


@pytest.fixture
def plan() -> Plan:
    apps = minimal_apps()
    apps["S"]["backup"] = "S2"
    apps["S2"] = {"kind": "wfm_server", "connections": ["B", "D"]}
    apps["B"]["connections"] = ["S", "S2"]
    return make_plan(apps)


def undo_restores(op, before: Plan) -> Plan:
    after, inverse = run(op, before)
    assert inverse.apply(after) == before
    return after


def test_add(plan: Plan) -> None:
    after = undo_restores(AddApp("W", App(kind="wfm_web")), plan)
    assert after.apps["W"].kind == "wfm_web"
    assert "W" not in plan.apps  # the old plan is untouched


def test_add_refuses_taken_and_bad_names(plan: Plan) -> None:
    with pytest.raises(OperationError, match="already exists"):
        AddApp("S", App(kind="dap")).apply(plan)
    with pytest.raises(OperationError, match="white space"):
        AddApp(" S", App(kind="dap")).apply(plan)
    with pytest.raises(OperationError, match="control characters"):
        AddApp("a\x1bb", App(kind="dap")).apply(plan)


def test_remove_takes_links_and_backup_references(plan: Plan) -> None:
    op = RemoveApp("S2")
    assert op.references(plan) == [("S", "backup"), ("B", "connection")]
    after = undo_restores(op, plan)
    assert "S2" not in after.apps
    assert after.apps["B"].connections == ("S",)
    assert after.apps["S"].backup is None


def test_remove_unknown(plan: Plan) -> None:
    with pytest.raises(OperationError, match="no app named"):
        RemoveApp("nope").apply(plan)


def test_rename_rewrites_references(plan: Plan) -> None:
    after = undo_restores(RenameApp("S2", "Server Two"), plan)
    assert "S2" not in after.apps
    assert "Server Two" in after.apps
    assert after.apps["B"].connections == ("S", "Server Two")
    assert after.apps["S"].backup == "Server Two"


def test_rename_that_resolves_dangling_links_undoes_exactly() -> None:
    apps = minimal_apps()
    apps["S"]["connections"] = ["B", "D", "Ghost"]
    before = make_plan(apps)
    after = undo_restores(RenameApp("D", "Ghost"), before)
    assert after.apps["S"].connections == ("B", "Ghost", "Ghost")


def test_rename_refuses_taken_name(plan: Plan) -> None:
    with pytest.raises(OperationError, match="already exists"):
        RenameApp("S2", "S").apply(plan)


def test_connect_and_disconnect(plan: Plan) -> None:
    after = undo_restores(Connect("S", "S2"), plan)
    assert after.apps["S"].connections == ("B", "D", "S2")
    after = undo_restores(Disconnect("S", "B"), after)
    assert after.apps["S"].connections == ("D", "S2")


def test_connect_errors(plan: Plan) -> None:
    with pytest.raises(OperationError, match="already connects"):
        Connect("S", "B").apply(plan)
    with pytest.raises(OperationError, match="no app named"):
        Connect("S", "Ghost").apply(plan)
    with pytest.raises(OperationError, match="does not connect"):
        Disconnect("S", "S2").apply(plan)


def test_disconnect_removes_duplicates_too() -> None:
    apps = minimal_apps()
    apps["S"]["connections"] = ["B", "D", "B"]
    before = make_plan(apps)
    assert undo_restores(Disconnect("S", "B"), before).apps["S"].connections == ("D",)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("site", "Leeds"),
        ("host", "h"),
        ("port", 7000),
        ("tls", True),
        ("note", "a\nb"),
        ("site", None),
    ],
)
def test_set_field(plan: Plan, field: str, value: object) -> None:
    after = undo_restores(SetField("S", field, value), plan)
    assert getattr(after.apps["S"], field) == value


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("port", 0, "must be between 1 and 65535, not 0"),
        ("port", "7000", "must be a whole number"),
        ("tls", "yes", "must be true or false"),
        ("site", " x", "white space"),
        ("host", "a b", "white space"),
        ("kind", "dap", "not an app property"),
        ("connections", [], "not an app property"),
    ],
)
def test_set_field_refuses_bad_values(plan: Plan, field: str, value: object, message: str) -> None:
    with pytest.raises(OperationError, match=message):
        SetField("S", field, value).apply(plan)


def test_set_feature(plan: Plan) -> None:
    after = undo_restores(SetFeature("multi_site", True), plan)
    assert after.features.multi_site
    with pytest.raises(OperationError, match="unknown feature"):
        SetFeature("multisite", True).apply(plan)


def test_set_plan_info(plan: Plan) -> None:
    after = undo_restores(SetPlanInfo("name", "Renamed"), plan)
    assert after.name == "Renamed"
    with pytest.raises(OperationError):
        SetPlanInfo("name", "").apply(plan)


def test_batch_is_one_step(plan: Plan) -> None:
    op = Batch((AddApp("W", App(kind="wfm_web")), Connect("W", "S")), label="add web")
    after = undo_restores(op, plan)
    assert after.apps["W"].connections == ("S",)
    assert op.describe() == "add web"


@settings(max_examples=150, deadline=None)
@given(data=st.data(), start=plans())
def test_undoing_any_sequence_restores_the_plan(data: st.DataObject, start: Plan) -> None:
    plan, undo = start, []
    states = [start]
    for _ in range(data.draw(st.integers(1, 12))):
        op = data.draw(operations(plan))
        try:
            plan, inverse = run(op, plan)
        except OperationError:
            continue  # a refused operation changes nothing
        undo.append(inverse)
        states.append(plan)
    for inverse in reversed(undo):
        states.pop()
        plan = inverse.apply(plan)
        assert plan == states[-1]
    assert plan == start
