"""The document works out each plan version's layout and link targets once, for every widget."""

from __future__ import annotations

from tests.conftest import make_plan, minimal_apps
from wfm_tui.core.catalog import Catalog
from wfm_tui.core.operations import AddApp, Disconnect, SetField
from wfm_tui.core.plan import App
from wfm_tui.editing.document import Document
from wfm_tui.editing.layout import layout_of


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
