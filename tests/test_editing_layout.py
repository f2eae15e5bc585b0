"""The document works out each plan version's layout and link targets once, for every widget."""

from __future__ import annotations

import contextlib
from collections.abc import Mapping
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.plan_helpers import make_plan, minimal_apps
from tests.strategies import operations, plans
from wfm_tui.core.catalog import Catalog
from wfm_tui.core.operations import AddApp, Disconnect, OperationError, SetField
from wfm_tui.core.plan import App, Plan
from wfm_tui.editing.document import Document
from wfm_tui.editing.layout import layout_of
from wfm_tui.editing.link_groups import targets_of
from wfm_tui.files.catalogs import load_catalog


def test_the_layout_is_the_same_object_until_an_app_moves(catalog: Catalog) -> None:
    doc = Document(make_plan(minimal_apps()), catalog)
    layout = doc.layout
    assert doc.layout is layout
    doc.apply(Disconnect("S", "D"))  # links change: nothing to sort again
    assert doc.layout is layout
    doc.apply(SetField("S", "site", "Leeds"))
    assert doc.layout is not layout
    assert doc.layout == layout_of(doc.plan, catalog)
    assert "S" in doc.layout["Leeds"]["wfm_server"]
    doc.undo()
    assert doc.layout == layout_of(doc.plan, catalog)


def test_two_documents_never_share_a_layout(catalog: Catalog) -> None:
    # Before, one module-level cache served every caller: a second plan replaced the first's.
    first = Document(make_plan(minimal_apps()), catalog)
    second = Document(make_plan({**minimal_apps(), "S2": {"kind": "wfm_server"}}), catalog)
    kept = first.layout
    assert "S2" in second.layout[None]["wfm_server"]
    assert first.layout is kept
    assert "S2" not in first.layout[None]["wfm_server"]


def test_targets_follow_the_plan_and_keep_their_lists_while_only_links_change(
    catalog: Catalog,
) -> None:
    doc = Document(make_plan(minimal_apps()), catalog)
    targets = doc.targets
    assert doc.targets is targets
    doc.apply(Disconnect("S", "D"))
    relinked = doc.targets
    assert relinked.plan is doc.plan
    assert relinked.by_kind is targets.by_kind  # nothing sorted again
    doc.apply(AddApp("D2", App(kind="dap")))
    assert doc.targets.candidates("dap", None).ordered() == ("D", "D2")
    doc.undo()
    assert doc.targets.candidates("dap", None).ordered() == ("D",)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plan=plans(max_apps=8), data=st.data())
def test_the_kept_layout_and_targets_are_those_of_the_plan(plan: Plan, data: st.DataObject) -> None:
    """Whatever the edits, undos and redos (the layout and targets are kept by looking only at
    the apps each edit touched): what a fresh look at the plan gives."""
    doc = Document(plan, load_catalog())
    for _ in range(data.draw(st.integers(1, 8))):
        step = data.draw(st.sampled_from(["edit", "edit", "undo", "redo"]))
        if step == "edit":
            with contextlib.suppress(OperationError):
                doc.apply(data.draw(operations(doc.plan)))
        elif step == "undo":
            doc.undo()
        else:
            doc.redo()
        if data.draw(st.booleans()):  # the widgets do not ask after every edit
            assert dict(doc.layout) == dict(layout_of(doc.plan, doc.catalog))
            # The same apps per kind and place; not in the same order: an undone removal
            # puts the app back last, and a pool sorts its names before listing them.
            assert _sorted(doc.targets.by_kind) == _sorted(targets_of(doc.plan).by_kind)
            assert _sorted(doc.targets.by_place) == _sorted(targets_of(doc.plan).by_place)


def _sorted(index: Mapping[Any, list[str]]) -> dict[Any, list[str]]:
    return {key: sorted(names) for key, names in index.items()}
