"""Edit operations: each one, its errors, and undo by inverse over random sequences."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests import SAMPLES
from tests.plan_helpers import make_plan, minimal_apps
from tests.strategies import operations, plans
from wfm_tui.core.operations import (
    AddApp,
    Batch,
    Connect,
    Disconnect,
    OperationError,
    Patch,
    Relink,
    RemoveApp,
    RenameApp,
    SetFeature,
    SetField,
    SetPlanInfo,
    plan_info_edit,
    run,
)
from wfm_tui.core.plan import App, Plan
from wfm_tui.core.site_clone import CloneSite
from wfm_tui.core.validation import validate
from wfm_tui.files.catalogs import load_catalog
from wfm_tui.files.plan_file import read_plan


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


def test_a_tick_is_undone_by_its_old_links_alone(plan: Plan) -> None:
    """The undo of a link edit keeps the app's old links, not the app: a long session's undo
    history stays small (issue 14's memory goal)."""
    after, inverse = run(Disconnect("S2", "B"), plan)
    assert inverse == Relink("S2", ("B", "D"))
    assert not hasattr(inverse, "__dict__")  # slots: a few dozen bytes a step
    assert inverse.apply(after) == plan  # order kept: B before D again
    assert inverse.touched() == {"S2"}
    _, inverse = run(Connect("S2", "S"), plan)
    assert inverse == Relink("S2", ("B", "D"))


def test_other_edits_are_undone_by_patches(plan: Plan) -> None:
    _, inverse = run(SetField("S", "port", 7000), plan)
    assert isinstance(inverse, Patch)
    _, inverse = run(Batch((Connect("S2", "S"), SetField("S2", "port", 1)), label="x"), plan)
    assert isinstance(inverse, Patch)  # links and a property: the app as it was


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


def test_plan_info_edit_is_one_step(plan: Plan) -> None:
    assert plan_info_edit(plan, plan.name, None) is None  # nothing changes
    both = plan_info_edit(plan, "Leeds rollout", "Second site")
    assert both is not None
    after = undo_restores(both, plan)
    assert (after.name, after.description) == ("Leeds rollout", "Second site")
    assert both.describe() == "set the plan's name and description"
    # An empty description clears it; the name alone is one SetPlanInfo.
    assert plan_info_edit(after, "Leeds rollout", "") == SetPlanInfo("description", None)
    assert plan_info_edit(after, "Other", "Second site") == SetPlanInfo("name", "Other")
    with pytest.raises(OperationError, match="plan name must not be empty"):
        run(plan_info_edit(plan, "", None) or Batch(()), plan)


def test_batch_is_one_step(plan: Plan) -> None:
    op = Batch((AddApp("W", App(kind="wfm_web")), Connect("W", "S")), label="add web")
    after = undo_restores(op, plan)
    assert after.apps["W"].connections == ("S",)
    assert op.describe() == "add web"


@pytest.fixture
def two_sites() -> Plan:
    """London with a server pair, a builder, a Daemon; a DAP and Message Server with no site."""
    return make_plan(
        {
            "WFM Server London": {
                "kind": "wfm_server",
                "site": "London",
                "host": "wfm01",
                "port": 7000,
                "note": "CAB-1",
                "backup": "WFM Server London B",
                "connections": ["WFM Builder 1", "WFM DAP", "Message Server"],
            },
            "WFM Server London B": {
                "kind": "wfm_server",
                "site": "London",
                "connections": ["WFM Builder 1", "WFM DAP"],
            },
            "WFM Builder 1": {
                "kind": "wfm_builder",
                "site": "London",
                "tls": True,
                "connections": ["WFM Server London"],
            },
            "WFM Daemon": {
                "kind": "wfm_daemon",
                "site": "London",
                "connections": ["WFM Server London"],
            },
            "Londoners Web": {"kind": "wfm_web", "site": "London"},
            "WFM DAP": {"kind": "dap"},
            "Message Server": {"kind": "message_server"},
        }
    )


def test_clone_site_copies_renames_and_remaps(two_sites: Plan) -> None:
    op = CloneSite.for_catalog(two_sites, load_catalog(), "London", "Leeds")
    assert op.leave_out == {"wfm_daemon"}  # a deployment has one Daemon
    assert op.left_out(two_sites) == ["WFM Daemon"]
    assert op.copied(two_sites) == {
        "WFM Server London": "WFM Server Leeds",
        "WFM Server London B": "WFM Server Leeds B",
        "WFM Builder 1": "WFM Builder 1 Leeds",
        "Londoners Web": "Londoners Web Leeds",  # "London" inside a word is not the site
    }
    after = undo_restores(op, two_sites)
    server = after.apps["WFM Server Leeds"]
    assert server.site == "Leeds"
    assert server.backup == "WFM Server Leeds B"  # backups inside the site follow
    # Links inside the site go to the copies; the shared DAP and Message Server stay.
    assert server.connections == ("WFM Builder 1 Leeds", "WFM DAP", "Message Server")
    assert (server.host, server.port, server.note) == (None, 7000, None)
    assert after.apps["WFM Builder 1 Leeds"].tls
    assert after.apps["WFM Builder 1 Leeds"].connections == ("WFM Server Leeds",)
    # Nothing outside the new site changed.
    assert {n: a for n, a in after.apps.items() if n in two_sites.apps} == two_sites.apps
    assert "WFM Daemon Leeds" not in after.apps
    assert op.describe() == 'clone site "London" as "Leeds" (not copied: wfm_daemon)'


def test_clone_site_refusals(two_sites: Plan) -> None:
    with pytest.raises(OperationError, match="no site named"):
        CloneSite("Paris", "Leeds").apply(two_sites)
    with pytest.raises(OperationError, match="another name"):
        CloneSite("London", "London").apply(two_sites)
    with pytest.raises(OperationError, match="white space"):
        CloneSite("London", " Leeds").apply(two_sites)
    taken = AddApp("WFM Builder 1 Leeds", App(kind="wfm_builder")).apply(two_sites)
    with pytest.raises(OperationError, match='already has apps named "WFM Builder 1 Leeds"'):
        CloneSite("London", "Leeds").apply(taken)
    leeds = SetField("WFM DAP", "site", "Leeds").apply(two_sites)
    with pytest.raises(OperationError, match='site "Leeds" already exists'):
        CloneSite("London", "Leeds").apply(leeds)
    only_daemon = CloneSite("London", "Leeds", frozenset(a.kind for a in two_sites.apps.values()))
    with pytest.raises(OperationError, match="no app that can be copied"):
        only_daemon.apply(two_sites)


@pytest.mark.parametrize(
    ("sample", "site", "new"), [("single-site", "London", "Leeds"), ("multi-site", "Leeds", "York")]
)
def test_cloning_a_valid_site_gives_a_valid_plan(sample: str, site: str, new: str) -> None:
    loaded = read_plan(str(SAMPLES / f"{sample}.toml"))
    after = CloneSite.for_catalog(loaded.plan, loaded.catalog, site, new).apply(loaded.plan)
    assert [f for f in validate(after, loaded.catalog) if f.severity == "error"] == []
    assert len(after.apps) > len(loaded.plan.apps)


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


def _moved(ref: str | None) -> str | None:
    """A save into the folder below: relative paths gain "../", the rest stays."""
    return f"../{ref}" if ref is not None and ref.endswith(".toml") else ref


def _moved_plan(plan: Plan) -> Plan:
    return plan.model_copy(update={"catalog": _moved(plan.catalog)})


_CATALOG_CHOICES = st.sampled_from(["team/wfm.toml", None, "genesys-wfm-8.5.1", "ours.toml"])


@settings(max_examples=100, deadline=None)
@given(data=st.data(), start=plans())
def test_history_rebased_after_a_move_replays_the_moved_plans(
    data: st.DataObject, start: Plan
) -> None:
    """Any history of edits and catalog changes, its ops and inverses passed through
    with_catalog_refs, undoes and redoes through the same plans, each naming its catalog as
    the rebase does (what a save-as into another folder needs)."""
    plan, steps, states = start, [], [start]
    for _ in range(data.draw(st.integers(1, 10))):
        kind = data.draw(st.sampled_from(["edit", "catalog", "batch"]))
        op = (
            data.draw(operations(plan))
            if kind == "edit"
            else SetPlanInfo("catalog", data.draw(_CATALOG_CHOICES))
        )
        if kind == "batch":
            op = Batch((SetFeature("multi_site", data.draw(st.booleans())), op))
        try:
            plan, inverse = run(op, plan)
        except OperationError:
            continue
        steps.append((op.with_catalog_refs(_moved), inverse.with_catalog_refs(_moved)))
        states.append(plan)
    plan = _moved_plan(plan)
    for (_op, inverse), state in zip(reversed(steps), reversed(states[:-1]), strict=True):
        plan = inverse.apply(plan)
        assert plan == _moved_plan(state)
    for (op, _inverse), state in zip(steps, states[1:], strict=True):
        plan = op.apply(plan)
        assert plan == _moved_plan(state)


def test_operations_that_put_back_no_catalog_stay_the_same_objects() -> None:
    kept = [SetPlanInfo("name", "N"), Patch({}, {"name": "N"}), Relink("S", ())]
    kept += [Batch((SetFeature("multi_site", True),)), SetPlanInfo("catalog", "genesys-wfm-8.5.1")]
    for op in kept:
        assert op.with_catalog_refs(_moved) is op
    batch = Batch((SetFeature("multi_site", True), SetPlanInfo("catalog", "a.toml")), "label")
    assert batch.with_catalog_refs(_moved) == Batch(
        (SetFeature("multi_site", True), SetPlanInfo("catalog", "../a.toml")), "label"
    )
    assert Patch({}, {"catalog": "a.toml", "name": "N"}).with_catalog_refs(_moved) == Patch(
        {}, {"catalog": "../a.toml", "name": "N"}
    )
