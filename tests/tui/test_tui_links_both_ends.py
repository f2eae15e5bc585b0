"""Links made from either end: a panel's "used by" ticks the link on the other app (issue 13,
item 15), and a group's "a: add one" line adds an app of the kind, linked (item 14)."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, Static

from tests.tui.editor_helpers import (
    candidates,
    notifications,
    panel,
    panel_header,
    panel_lines,
    ticked,
)
from wfm_tui.tui.app import WfmApp
from wfm_tui.tui.screens.add_app import AddAppDialog
from wfm_tui.tui.widgets.app_panel import ADD, USED_BY, AppPanel
from wfm_tui.tui.widgets.kind_list import KindList
from wfm_tui.tui.widgets.navigator import Navigator, Scope

STAT = "Stat Server Dublin"
AGGREGATOR = "WFM Data Aggregator Dublin"


def connections(app: WfmApp, name: str) -> tuple[str, ...]:
    return app.editor.document.plan.apps[name].connections


async def show_dublin(app: WfmApp) -> None:
    """The site's panels: the Data Aggregator's and the Stat Server's, one after the other."""
    app.editor.query_one(Navigator).select_scope(Scope("Dublin"))
    await app.editor.show_scope(Scope("Dublin"))


async def focus_used_by(app: WfmApp, name: str, kind: str, user: str) -> AppPanel:
    """Put the cursor of `name`'s panel on `user` in its "used by" group of `kind`."""
    await show_dublin(app)
    the_panel = panel(app, name)
    the_panel.focus_target(USED_BY + kind, user)
    assert the_panel.current == (USED_BY + kind, user)
    return the_panel


# -- used by (item 15) ------------------------------------------------------------------------


async def test_a_panel_lists_the_apps_that_link_to_it(multi_site: Path) -> None:
    app = WfmApp(str(multi_site))
    async with app.run_test(size=(80, 24)):
        await app.editor.focus_app(STAT)
        stat = panel(app, STAT)
        users = stat.used_by("wfm_data_aggregator")
        assert users is not None
        assert users.selected == {AGGREGATOR}
        # Its own site's first; every Data Aggregator may use it.
        assert candidates(stat, USED_BY + "wfm_data_aggregator") == (
            AGGREGATOR,
            "WFM Data Aggregator Leeds",
            "WFM Data Aggregator London",
        )
        lines = panel_lines(stat)
        assert "Used by: the apps that link to this one" in lines
        assert "WFM Data Aggregator  1 of 3" in lines
        assert "  [X] WFM Data Aggregator Dublin" in lines
        # A Stat Server links to nothing itself: "used by" is all it has to tick.
        assert stat.focusable


async def test_unticking_in_used_by_removes_the_other_apps_link(multi_site: Path) -> None:
    app = WfmApp(str(multi_site))
    async with app.run_test(size=(80, 24)) as pilot:
        stat = await focus_used_by(app, STAT, "wfm_data_aggregator", AGGREGATOR)
        await pilot.press("space")
        await pilot.pause()
        assert STAT not in connections(app, AGGREGATOR)
        assert ticked(stat, USED_BY + "wfm_data_aggregator") == []
        assert stat.current == (USED_BY + "wfm_data_aggregator", AGGREGATOR)  # cursor stays
        # The Data Aggregator's own panel (shown beside it: the site's panels) agrees.
        assert ticked(panel(app, AGGREGATOR), "stat_server") == []
        await pilot.press("ctrl+z")  # one edit, as from the other end
        await pilot.pause()
        assert STAT in connections(app, AGGREGATOR)
        assert ticked(stat, USED_BY + "wfm_data_aggregator") == [AGGREGATOR]


async def test_ticking_in_used_by_links_from_the_other_app_as_its_own_panel_would(
    multi_site: Path,
) -> None:
    app = WfmApp(str(multi_site))
    async with app.run_test(size=(80, 24)) as pilot:
        leeds = "WFM Data Aggregator Leeds"
        assert "Stat Server Leeds" in connections(app, leeds)
        await focus_used_by(app, STAT, "wfm_data_aggregator", leeds)
        await pilot.press("space")
        await pilot.pause()
        # A Data Aggregator has exactly one Stat Server: its link moves here, and is said so.
        assert STAT in connections(app, leeds)
        assert "Stat Server Leeds" not in connections(app, leeds)
        last = notifications(app)[-1].message
        assert last == f"{leeds} now links to {STAT} instead of Stat Server Leeds."
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert "Stat Server Leeds" in connections(app, leeds)
        assert STAT not in connections(app, leeds)


async def test_used_by_follows_a_link_made_from_the_other_end(multi_site: Path) -> None:
    app = WfmApp(str(multi_site))
    async with app.run_test(size=(80, 24)) as pilot:
        await show_dublin(app)
        stat = panel(app, STAT)
        aggregator = panel(app, AGGREGATOR)
        aggregator.focus_target("stat_server", STAT)
        await pilot.pause()
        await pilot.press("space")  # untick there: the Stat Server's app did not change
        await pilot.pause()
        assert STAT not in connections(app, AGGREGATOR)
        assert ticked(stat, USED_BY + "wfm_data_aggregator") == []
        assert panel_header(stat, USED_BY + "wfm_data_aggregator") == "WFM Data Aggregator  0 of 3"


async def test_tab_and_the_cursor_reach_used_by(multi_site: Path) -> None:
    app = WfmApp(str(multi_site))
    async with app.run_test(size=(80, 24)) as pilot:
        await show_dublin(app)
        aggregator = panel(app, AGGREGATOR)
        aggregator.focus_group(None)
        await pilot.press("end", "down")  # on into the next panel: the Stat Server's
        await pilot.pause()
        stat = panel(app, STAT)
        assert app.focused is stat
        assert stat.current == (USED_BY + "wfm_data_aggregator", AGGREGATOR)


# -- a: add one (item 14) ---------------------------------------------------------------------


async def test_a_on_the_hint_adds_an_app_of_the_kind_linked_as_one_edit(broken: Path) -> None:
    app = WfmApp(str(broken))
    async with app.run_test(size=(80, 24)) as pilot:
        await app.editor.focus_app("WFM Server", "wfm_server")
        server = panel(app, "WFM Server")
        assert server.current == ("wfm_server", ADD)  # the cursor stops on the hint
        assert "  no other WFM Server in the plan (a: add one)" in panel_lines(server)
        before = connections(app, "WFM Server")
        await pilot.press("a")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, AddAppDialog)
        title = dialog.query_one(".box-title", Static).visual
        assert "Add a WFM Server, linked from WFM Server" in str(title)
        assert dialog.query_one(KindList).value == "wfm_server"
        dialog.query_one("#name", Input).value = "WFM Server 2"
        await pilot.press("enter")
        await app.editor.workers.wait_for_complete()  # the dialog's worker: add, then focus
        await pilot.pause()
        plan = app.editor.document.plan
        assert plan.apps["WFM Server 2"].kind == "wfm_server"
        assert connections(app, "WFM Server") == (*before, "WFM Server 2")
        # The cursor is on the new link, ticked (the kind's panels are two now: new ones).
        server = panel(app, "WFM Server")
        assert app.focused is server
        assert server.current == ("wfm_server", "WFM Server 2")
        assert ticked(server, "wfm_server") == ["WFM Server 2"]
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert "WFM Server 2" not in app.editor.document.plan.apps
        assert connections(app, "WFM Server") == before


async def test_enter_on_the_hint_does_the_same_and_escape_adds_nothing(broken: Path) -> None:
    app = WfmApp(str(broken))
    async with app.run_test(size=(80, 24)) as pilot:
        await app.editor.focus_app("WFM Server", "wfm_data_aggregator")
        plan = app.editor.document.plan
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, AddAppDialog)
        assert app.screen.query_one(KindList).value == "wfm_data_aggregator"
        await pilot.press("escape")
        await pilot.pause()
        assert app.editor.document.plan is plan


async def test_a_elsewhere_in_a_panel_adds_an_app_linked_to_nothing(broken: Path) -> None:
    app = WfmApp(str(broken))
    async with app.run_test(size=(80, 24)) as pilot:
        await app.editor.focus_app("WFM Server", "wfm_builder")
        server = panel(app, "WFM Server")
        assert server.current == ("wfm_builder", "WFM Builder")
        assert not server.check_action("add_linked", ())
        before = connections(app, "WFM Server")
        await pilot.press("a")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, AddAppDialog)
        assert str(dialog.query_one(".box-title", Static).visual) == "Add an app"
        dialog.query_one("#name", Input).value = "Loose"
        await pilot.press("enter")
        await pilot.pause()
        assert "Loose" in app.editor.document.plan.apps
        assert connections(app, "WFM Server") == before


async def test_a_missing_dap_in_two_keys(tmp_path: Path) -> None:
    path = tmp_path / "no-dap.toml"
    path.write_text('format = 1\nname = "No DAP"\n\n[apps.S]\nkind = "wfm_server"\n', "utf-8")
    app = WfmApp(str(path))
    async with app.run_test(size=(80, 24)) as pilot:
        await app.editor.focus_app("S", "dap")
        assert panel(app, "S").current == ("dap", ADD)
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, AddAppDialog)
        await pilot.press("enter")  # the suggested name
        await app.editor.workers.wait_for_complete()
        await pilot.pause()
        plan = app.editor.document.plan
        (dap,) = (name for name, a in plan.apps.items() if a.kind == "dap")
        assert plan.apps["S"].connections == (dap,)
        assert len(app.editor.document.undo_stack) == 1


async def test_entering_a_panel_the_cursor_is_on_a_target_not_on_a_line_that_adds(
    broken: Path,
) -> None:
    app = WfmApp(str(broken))
    async with app.run_test(size=(80, 24)) as pilot:
        await app.editor.focus_app("WFM Server")
        server = panel(app, "WFM Server")
        assert panel_lines(server).index("  no other WFM Server in the plan (a: add one)") < (
            panel_lines(server).index("  [X] WFM Builder")
        )
        assert server.current == ("wfm_builder", "WFM Builder")
        await pilot.press("home")  # the hint is a line like the others: up or home reach it
        assert server.current == ("wfm_server", ADD)
