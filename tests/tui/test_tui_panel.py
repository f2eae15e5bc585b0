"""Pilot tests of an app panel's own checklist cursor: keys, mouse, and where the cursor stays."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot

from tests.tui.editor_helpers import link_list, panel, panel_header, panel_lines
from wfm_tui.tui.app import WfmApp
from wfm_tui.tui.widgets.app_panel import ADD, USED_BY, AppPanel

SERVER = "WFM Server London"
BACKUP = "WFM Server London B"


async def test_keys_move_through_the_groups_and_on_to_the_next_panel(
    app: WfmApp, pilot: Pilot[None]
) -> None:
    server = panel(app, SERVER)
    server.focus_group(None)
    await pilot.pause()
    first = server.current
    assert first == ("wfm_server", BACKUP)  # the first target of the first group
    await pilot.press("down")
    assert server.current == ("wfm_builder", "WFM Builder 1")
    await pilot.press("j", "j")
    assert server.current == ("wfm_data_aggregator", "WFM Data Aggregator London")
    await pilot.press("k")
    assert server.current == ("wfm_builder", "WFM Builder 2")
    await pilot.press("end")
    last = server.current
    # The last entry of the panel: the last of the apps that link to it.
    assert last == (USED_BY + "wfm_web", "WFM Web")
    await pilot.press("down")  # past the last target: the next panel
    await pilot.pause()
    backup = panel(app, BACKUP)
    assert app.focused is backup
    assert backup.current == ("wfm_server", SERVER)
    assert app.editor.current_app == BACKUP
    await pilot.press("up")  # and back to where it was
    await pilot.pause()
    assert app.focused is server
    assert server.current == last
    await pilot.press("home")
    assert server.current == first


async def test_the_cursor_stays_on_its_target_through_an_edit(
    app: WfmApp, pilot: Pilot[None]
) -> None:
    builders = link_list(app, SERVER, "wfm_builder")
    builders.focus(1)
    await pilot.press("space")
    await pilot.pause()
    assert app.editor.document.plan.apps[SERVER].connections.count("WFM Builder 2") == 0
    assert builders.selected == ["WFM Builder 1"]
    assert panel(app, SERVER).current == ("wfm_builder", "WFM Builder 2")
    await pilot.press("space")  # so a second space takes it back
    await pilot.pause()
    assert builders.selected == ["WFM Builder 1", "WFM Builder 2"]


async def test_a_click_on_a_target_toggles_it_and_a_click_elsewhere_does_not(
    app: WfmApp,
    pilot: Pilot[None],
) -> None:
    server = panel(app, SERVER)
    lines = panel_lines(server)
    dap_line = lines.index("  (●) WFM DAP")
    header_line = lines.index(panel_header(server, "dap"))
    await pilot.click(server, offset=(6, header_line))
    await pilot.pause()
    assert "WFM DAP" in app.editor.document.plan.apps[SERVER].connections
    await pilot.click(server, offset=(6, dap_line))
    await pilot.pause()
    assert "WFM DAP" not in app.editor.document.plan.apps[SERVER].connections
    assert app.focused is server
    assert server.current == ("dap", "WFM DAP")
    assert panel_lines(server)[dap_line] == "  ( ) WFM DAP"


async def test_the_cursor_is_drawn_on_the_focused_panel_only(
    app: WfmApp, pilot: Pilot[None]
) -> None:
    server = panel(app, SERVER)
    line = panel_lines(server).index("  [X] WFM Builder 1")
    link_list(app, SERVER, "wfm_builder").focus(0)
    await pilot.pause()
    assert server.render_line(line).text.startswith("› [X] WFM Builder 1")
    app.editor.query_one("#navigator").focus()
    await pilot.pause()
    assert server.render_line(line).text.startswith("  [X] WFM Builder 1")


async def test_the_cursor_line_is_scrolled_into_view(tmp_path: Path) -> None:
    lines = ['format = 1\nname = "Tall"\n', '[apps.S]\nkind = "wfm_server"\nsite = "A"\n']
    lines += [f'[apps."B{n:02d}"]\nkind = "wfm_builder"\nsite = "A"\n' for n in range(30)]
    path = tmp_path / "tall.toml"
    path.write_text("\n".join(lines), "utf-8")
    app = WfmApp(str(path))
    async with app.run_test(size=(80, 24)) as pilot:
        server = panel(app, "S")
        server.focus_group("wfm_builder")
        await pilot.pause()
        centre = app.editor.query_one("#centre")
        assert server.outer_size.height > centre.content_region.height  # taller than the view
        # Down through the builders, then to the end and back to the top.
        for key in ["down"] * 25 + ["end", "home"]:
            await pilot.press(key)
            await pilot.pause()
            line = server.cursor_line
            assert line is not None
            y = server.content_region.y + line
            assert centre.content_region.y <= y < centre.content_region.bottom, (key, line)
        # The first line the cursor stops at: the hint that adds a second server.
        assert server.current == ("wfm_server", ADD)


async def test_the_cursor_keys_pass_over_panels_with_nothing_to_tick(tmp_path: Path) -> None:
    path = tmp_path / "few.toml"
    path.write_text(
        'format = 1\nname = "Few"\n\n'
        '[apps.U]\nkind = "wfm_database_utility"\nconnections = ["D"]\n\n'
        '[apps.D]\nkind = "dap"\n\n'
        '[apps.S]\nkind = "stat_server"\n',
        "utf-8",
    )
    app = WfmApp(str(path))
    async with app.run_test(size=(120, 40)) as pilot:
        dap, stat = panel(app, "D"), panel(app, "S")
        # A Stat Server links to nothing, and no app of the plan may link to it.
        assert stat.current is None
        assert not stat.focusable  # so tab passes over it
        assert not stat.check_action("toggle_link", ())  # and it would offer no toggle
        # A DAP links to nothing either, but the utility uses it: it can be unticked here.
        assert dap.focusable
        assert dap.check_action("toggle_link", ())
        dap.focus_group(None)
        await pilot.press("end", "down")  # the panel after it has nothing to tick
        await pilot.pause()
        assert app.focused is dap
        assert dap.current == (USED_BY + "wfm_database_utility", "U")
        await pilot.press("tab")  # on to the next area, not into an empty panel
        await pilot.pause()
        assert not isinstance(app.focused, AppPanel)


async def test_an_unticked_far_target_stays_listed(tmp_path: Path) -> None:
    lines = ['format = 1\nname = "Far"\n']
    lines.append('[apps.S]\nkind = "wfm_server"\nsite = "A"\nconnections = ["Far 03"]\n')
    lines.append('[apps."Near"]\nkind = "wfm_builder"\nsite = "A"\n')
    lines += [f'[apps."Far {n:02d}"]\nkind = "wfm_builder"\nsite = "B"\n' for n in range(14)]
    path = tmp_path / "far.toml"
    path.write_text("\n".join(lines), "utf-8")
    app = WfmApp(str(path))
    async with app.run_test(size=(120, 40)) as pilot:
        builders = link_list(app, "S", "wfm_builder")
        assert builders.candidates == ("Near", "Far 03")  # near, and ticked
        builders.focus(1)
        await pilot.press("space")
        await pilot.pause()
        assert app.editor.document.plan.apps["S"].connections == ()
        # Still listed, the cursor still on it: a second space ticks it again.
        assert builders.candidates == ("Near", "Far 03")
        assert panel(app, "S").current == ("wfm_builder", "Far 03")
        await pilot.press("space")
        await pilot.pause()
        assert app.editor.document.plan.apps["S"].connections == ("Far 03",)
