"""The editor on a plan of about 1,000 apps: folded sites, and what a large plan must still do."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from benchmarks.synthetic_plans import synthetic_plan
from tests.tui.editor_helpers import app_label, is_folded, label_of, panel
from wfm_tui.core.findings import Severity
from wfm_tui.core.operations import Connect, Disconnect
from wfm_tui.editing.layout import Scope
from wfm_tui.files.catalogs import load_catalog
from wfm_tui.files.plan_file import save_plan
from wfm_tui.tui.app import WfmApp
from wfm_tui.tui.widgets.navigator import Navigator, NavLine


@pytest.fixture
def large_plan(tmp_path: Path) -> Path:
    path = tmp_path / "large.toml"
    save_plan(str(path), synthetic_plan(1000), load_catalog())
    return path


def line_of(navigator: Navigator, scope: Scope) -> int:
    return next(i for i, line in enumerate(navigator.lines) if line.scope == scope)


async def test_folded_sites_get_their_lines_when_opened(large_plan: Path) -> None:
    app = WfmApp(str(large_plan))
    async with app.run_test(size=(120, 40)) as pilot:
        navigator = app.editor.query_one(Navigator)
        sites = [line for line in navigator.lines if line.depth == 0]
        assert len(sites) > 100
        opened = [line.scope.site for line in sites if not line.folded]
        assert opened == [sites[0].scope.site]
        # A folded site has no lines of its own, and shows that it can be opened.
        assert is_folded(navigator, "Site 50")
        assert app_label(navigator, "WFM Server 50") is None
        assert "▶ ✓ Site 50" in navigator.render_line(line_of(navigator, Scope("Site 50"))).text

        navigator.focus()
        navigator.select_scope(Scope("Site 50"))
        await pilot.press("space")  # open it
        await pilot.pause()
        assert not is_folded(navigator, "Site 50")
        below = navigator.lines[line_of(navigator, Scope("Site 50")) + 1]
        assert below.scope == Scope("Site 50", "wfm_server")
        assert below.label.plain.startswith("✓ WFM Server")
        assert app_label(navigator, "WFM Server 50") == "✓ WFM Server 50"


async def test_marks_reach_sites_whose_lines_are_built_later(large_plan: Path) -> None:
    app = WfmApp(str(large_plan))
    async with app.run_test(size=(120, 40)) as pilot:
        navigator = app.editor.query_one(Navigator)
        # An edit breaks an app of a folded site: the site's mark changes at once...
        await app.editor.apply(Disconnect("WFM Server 70", "WFM DAP"))
        await pilot.pause()
        assert app.editor.document.statuses["WFM Server 70"] is Severity.ERROR
        assert label_of(navigator, Scope("Site 70")).startswith("✗ Site 70")
        assert app_label(navigator, "WFM Server 70") is None
        # ...and the app's line has the mark of now when the site is opened, here by going
        # to the app from elsewhere (as choosing its finding does).
        await app.editor.focus_app("WFM Server 70", "dap")
        await pilot.pause()
        assert app_label(navigator, "WFM Server 70") == "✗ WFM Server 70"
        assert navigator.current_scope == Scope("Site 70", "wfm_server", "WFM Server 70")
        assert app.focused is panel(app, "WFM Server 70")
        assert panel(app, "WFM Server 70").current == ("dap", "WFM DAP")


async def test_right_opens_a_folded_site_and_left_closes_it(large_plan: Path) -> None:
    app = WfmApp(str(large_plan))
    async with app.run_test(size=(120, 40)) as pilot:
        navigator = app.editor.query_one(Navigator)
        site = Scope("Site 50")
        navigator.focus()
        navigator.select_scope(site)
        await pilot.press("right")
        await pilot.pause()
        assert not is_folded(navigator, "Site 50")
        assert navigator.scroll_x == 0
        await pilot.press("right")  # open already: on to its first kind
        assert navigator.current_scope == Scope("Site 50", "wfm_server")
        await pilot.press("left")  # a kind: fold it
        assert is_folded(navigator, "Site 50", "wfm_server")
        await pilot.press("left")  # folded: up to the site
        assert navigator.current_scope == site
        await pilot.press("left")
        assert is_folded(navigator, "Site 50")


async def test_folds_the_user_made_stay_through_edits(large_plan: Path) -> None:
    app = WfmApp(str(large_plan))
    async with app.run_test(size=(120, 40)) as pilot:
        navigator = app.editor.query_one(Navigator)
        first = navigator.lines[0].scope
        navigator.focus()
        navigator.select_scope(first)
        await pilot.press("left")  # fold the site that started open; the cursor stays on it
        assert is_folded(navigator, first.site)
        await app.editor.apply(Disconnect("WFM Server 70", "WFM DAP"))
        await pilot.pause()
        assert is_folded(navigator, first.site)
        assert navigator.current_scope == first
        assert is_folded(navigator, "Site 70")


def lines_made_afresh(app: WfmApp) -> list[NavLine]:
    """The lines a navigator that never saw an edit makes of the current plan."""
    doc = app.editor.document
    fresh = Navigator()
    fresh.show(doc.plan, doc.layout, doc.catalog, doc.statuses)
    return fresh.lines


async def test_marks_follow_each_edit_as_if_made_afresh(large_plan: Path) -> None:
    """The navigator repaints only the sites of the apps whose status an edit changed; after
    any edits, undos and redos its lines are those a fresh navigator makes."""
    app = WfmApp(str(large_plan))
    async with app.run_test(size=(120, 40)) as pilot:
        editor = app.editor
        navigator = editor.query_one(Navigator)
        pick = random.Random(14)
        servers = [f"WFM Server {n}" for n in (0, 1, 2, 50, 70, 99)]
        for step in range(40):
            server = pick.choice(servers)
            links = editor.document.plan.apps[server].connections
            if step % 7 == 6:
                await editor.action_undo()
            elif step % 11 == 10:
                await editor.action_redo()
            elif "WFM DAP" in links:
                await editor.apply(Disconnect(server, "WFM DAP"))
            else:
                await editor.apply(Connect(server, "WFM DAP"))
            await pilot.pause()
            assert navigator.lines == lines_made_afresh(app), f"after step {step}"
        # Some sites were marked broken along the way, folded ones among them.
        assert any(line.status is Severity.ERROR for line in navigator.lines)


async def test_every_line_of_every_site_is_found_by_its_scope(large_plan: Path) -> None:
    """The cursor finds a scope within its site's lines: every site, kind and app of a plan of
    many sites is reached, the no-site group included, and a hidden app's group stands in."""
    app = WfmApp(str(large_plan))
    async with app.run_test(size=(120, 40)) as pilot:
        navigator = app.editor.query_one(Navigator)
        navigator.set_filter("b")  # Builders in every site, the Database Utility in none
        await pilot.pause()
        scopes = [line.scope for line in navigator.lines]
        assert len({scope.site for scope in scopes}) > 100
        assert Scope(None, "wfm_database_utility", "WFM Database Utility") in scopes
        for index in [*range(0, len(scopes), 7), len(scopes) - 1]:
            navigator.select_scope(scopes[index], notify=False)
            assert navigator.cursor == index, scopes[index]
        # An app the filter hides, of a kind it hides: the cursor goes to its site's line.
        hidden = Scope("Site 2", "wfm_server", "WFM Server 2")
        assert hidden not in scopes
        navigator.select_scope(hidden, notify=False)
        assert navigator.current_scope == Scope("Site 2")
