"""The editor on a plan of about 1,000 apps: folded sites, and what a large plan must still do."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks_path import synthetic_plan
from tests.tui.conftest import panel
from wfm_tui.core.findings import Severity
from wfm_tui.core.operations import Disconnect
from wfm_tui.files.catalogs import load_catalog
from wfm_tui.files.plan_file import save_plan
from wfm_tui.tui.app import WfmApp
from wfm_tui.tui.widgets.navigator import Navigator


@pytest.fixture
def large_plan(tmp_path: Path) -> Path:
    path = tmp_path / "large.toml"
    save_plan(str(path), synthetic_plan(1000), load_catalog())
    return path


def site_node(navigator: Navigator, site: str):
    return next(n for n in navigator.root.children if n.data.site == site and n.data.kind is None)


async def test_folded_sites_get_their_lines_when_opened(large_plan: Path) -> None:
    app = WfmApp(str(large_plan))
    async with app.run_test(size=(120, 40)) as pilot:
        navigator = app.editor.query_one(Navigator)
        sites = navigator.root.children
        assert len(sites) > 100
        opened = [n for n in sites if n.is_expanded]
        assert [n.data.site for n in opened] == [sites[0].data.site]
        # A folded site has no lines of its own yet, but shows that it can be opened.
        folded = site_node(navigator, "Site 50")
        assert folded.allow_expand
        assert not folded.children
        assert "WFM Server 50" not in navigator._app_nodes

        navigator.focus()
        navigator.move_cursor(folded)
        await pilot.press("space")  # open it
        await pilot.pause()
        assert folded.is_expanded
        kinds = [n.label.plain for n in folded.children]
        assert kinds[0].startswith("✓ WFM Server")
        assert navigator._app_nodes["WFM Server 50"].label.plain == "✓ WFM Server 50"


async def test_marks_reach_sites_whose_lines_are_built_later(large_plan: Path) -> None:
    app = WfmApp(str(large_plan))
    async with app.run_test(size=(120, 40)) as pilot:
        navigator = app.editor.query_one(Navigator)
        # An edit breaks an app of a folded site: the site's mark changes at once...
        await app.editor.apply(Disconnect("WFM Server 70", "WFM DAP"))
        await pilot.pause()
        assert app.editor.document.statuses["WFM Server 70"] is Severity.ERROR
        assert site_node(navigator, "Site 70").label.plain.startswith("✗ Site 70")
        assert "WFM Server 70" not in navigator._app_nodes
        # ...and the app's line has the mark of now when the site is opened, here by going
        # to the app from elsewhere (as choosing its finding does).
        await app.editor.focus_app("WFM Server 70", "dap")
        await pilot.pause()
        assert navigator._app_nodes["WFM Server 70"].label.plain == "✗ WFM Server 70"
        assert navigator.cursor_node is navigator._app_nodes["WFM Server 70"]
        assert app.focused is panel(app, "WFM Server 70")
        assert panel(app, "WFM Server 70").current == ("dap", "WFM DAP")


async def test_right_opens_a_folded_site_and_left_closes_it(large_plan: Path) -> None:
    app = WfmApp(str(large_plan))
    async with app.run_test(size=(120, 40)) as pilot:
        navigator = app.editor.query_one(Navigator)
        folded = site_node(navigator, "Site 50")
        navigator.focus()
        navigator.move_cursor(folded)
        await pilot.press("right")
        await pilot.pause()
        assert folded.is_expanded
        assert navigator.scroll_x == 0
        await pilot.press("right")  # open already: on to its first kind
        assert navigator.cursor_node is folded.children[0]
        await pilot.press("left")  # a kind: fold it
        await pilot.press("left")  # folded: up to the site
        assert navigator.cursor_node is folded
        await pilot.press("left")
        assert not folded.is_expanded
