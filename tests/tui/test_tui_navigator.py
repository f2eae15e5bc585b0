"""Pilot tests of the navigator: its keys, folds, mouse, and the lines it draws."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot

from tests.tui.editor_helpers import candidates, is_folded, panel
from wfm_tui.core.operations import AddApp
from wfm_tui.core.plan import App
from wfm_tui.editing.layout import Scope
from wfm_tui.tui.app import WfmApp
from wfm_tui.tui.widgets.centre import Centre
from wfm_tui.tui.widgets.navigator import Navigator

SERVER = "WFM Server London"
SERVERS = Scope("London", "wfm_server")


def navigator(app: WfmApp) -> Navigator:
    return app.editor.query_one(Navigator)


def drawn(nav: Navigator, scope: Scope) -> str:
    """The text painted on `scope`'s line (the navigator is scrolled to the top)."""
    index = next(i for i, line in enumerate(nav.lines) if line.scope == scope)
    return nav.render_line(index - nav.scroll_offset.y).text


async def test_lines_are_sites_then_kinds_then_apps(app: WfmApp, pilot: Pilot[None]) -> None:
    nav = navigator(app)
    assert [line.depth for line in nav.lines[:4]] == [0, 1, 2, 2]
    assert drawn(nav, Scope("London")).startswith("▼ ✓ London (11)")
    assert drawn(nav, SERVERS).startswith("  ▼ ✓ WFM Server (2)")
    assert drawn(nav, Scope("London", "wfm_server", SERVER)).startswith(f"    ✓ {SERVER}")


async def test_the_cursor_keys_choose_what_the_centre_shows(
    app: WfmApp, pilot: Pilot[None]
) -> None:
    nav = navigator(app)
    nav.focus()
    await pilot.press("down")
    await pilot.pause()
    assert nav.current_scope == SERVERS
    assert app.editor.query_one(Centre).scope == SERVERS
    assert list(app.editor.query_one(Centre).panels) == [SERVER, "WFM Server London B"]
    await pilot.press("j")
    await pilot.pause()
    assert nav.current_scope == Scope("London", "wfm_server", SERVER)
    assert app.editor.current_app == SERVER
    await pilot.press("k", "k")
    assert nav.current_scope == Scope("London")
    await pilot.press("end")
    assert nav.cursor == len(nav.lines) - 1
    await pilot.press("home")
    assert nav.cursor == 0


async def test_page_down_moves_a_page_and_scrolls(single_site: Path) -> None:
    app = WfmApp(str(single_site))
    async with app.run_test(size=(80, 24)) as pilot:
        nav = navigator(app)
        nav.focus()
        height = nav.scrollable_content_region.height
        assert len(nav.lines) > height  # the test needs more lines than the view
        await pilot.press("pagedown")
        await pilot.pause()
        assert nav.cursor == height - 1
        await pilot.press("end")
        await pilot.pause()
        assert nav.scroll_offset.y == len(nav.lines) - height
        assert drawn(nav, nav.lines[-1].scope).startswith("    ✓ Message Server")


@pytest.mark.parametrize("key", ["enter", "right"])
async def test_enter_or_right_on_an_app_goes_into_its_panel(
    app: WfmApp, pilot: Pilot[None], key: str
) -> None:
    nav = navigator(app)
    nav.focus()
    nav.select_scope(Scope("London", "wfm_server", SERVER))
    await pilot.press(key)
    await pilot.pause()
    assert app.focused is panel(app, SERVER)


async def test_enter_and_space_fold_a_group_and_the_cursor_stays_on_it(
    app: WfmApp, pilot: Pilot[None]
) -> None:
    nav = navigator(app)
    nav.focus()
    nav.select_scope(SERVERS)
    count = len(nav.lines)
    await pilot.press("enter")
    assert is_folded(nav, "London", "wfm_server")
    assert len(nav.lines) == count - 2
    assert nav.current_scope == SERVERS
    assert drawn(nav, SERVERS).startswith("  ▶ ✓ WFM Server (2)")
    await pilot.press("space")
    assert not is_folded(nav, "London", "wfm_server")
    assert len(nav.lines) == count


async def test_a_click_on_the_fold_mark_folds_and_on_an_app_goes_into_it(
    app: WfmApp, pilot: Pilot[None]
) -> None:
    nav = navigator(app)
    # Line 1 is the WFM Server kind: its fold mark is in columns 2-3.
    await pilot.click(Navigator, offset=(nav.gutter.left + 2, nav.gutter.top + 1))
    await pilot.pause()
    assert is_folded(nav, "London", "wfm_server")
    assert nav.current_scope == SERVERS
    await pilot.click(Navigator, offset=(nav.gutter.left + 2, nav.gutter.top + 1))
    await pilot.pause()
    assert not is_folded(nav, "London", "wfm_server")
    # A click on the kind's name shows it and leaves it open.
    await pilot.click(Navigator, offset=(nav.gutter.left + 8, nav.gutter.top + 1))
    await pilot.pause()
    assert not is_folded(nav, "London", "wfm_server")
    await pilot.click(Navigator, offset=(nav.gutter.left + 8, nav.gutter.top + 2))
    await pilot.pause()
    assert nav.current_scope == Scope("London", "wfm_server", SERVER)
    assert app.focused is panel(app, SERVER)


async def test_the_cursor_line_is_drawn_apart_focused_or_not(
    app: WfmApp, pilot: Pilot[None]
) -> None:
    nav = navigator(app)
    nav.focus()
    await pilot.pause()
    plain = list(nav.render_line(1))[-1].style
    focused = list(nav.render_line(0))[-1].style
    assert focused is not None
    assert plain is not None
    assert focused.bgcolor != plain.bgcolor
    panel(app, SERVER).focus()
    await pilot.pause()
    blurred = list(nav.render_line(0))[-1].style
    assert blurred is not None
    assert blurred.bgcolor not in (focused.bgcolor, plain.bgcolor)


async def test_the_cursor_stays_on_its_line_when_lines_come_before_it(
    app: WfmApp, pilot: Pilot[None]
) -> None:
    nav = navigator(app)
    scope = Scope("London", "wfm_builder", "WFM Builder 2")
    nav.select_scope(scope)
    # A new site that sorts first puts its lines above the cursor.
    await app.editor.apply(AddApp("Stat A", App(kind="stat_server", site="Aberdeen")))
    await pilot.pause()
    assert nav.lines[0].scope == Scope("Aberdeen")
    assert nav.current_scope == scope


async def test_long_names_shorten_in_the_middle_within_the_width(tmp_path: Path) -> None:
    name = "Stat Server with a name far too long for the navigator"
    path = tmp_path / "long.toml"
    path.write_text(f'format = 1\nname = "Long"\n\n[apps."{name}"]\nkind = "stat_server"\n')
    app = WfmApp(str(path))
    async with app.run_test(size=(80, 24)):
        nav = navigator(app)
        text = drawn(nav, Scope(None, "stat_server", name))
        assert len(text) == nav.scrollable_content_region.width
        # Its start and its last word, around an ellipsis; a warning: nothing uses it.
        assert text.rstrip() == "    ! Stat Server… navigator"


async def test_numbers_in_names_sort_by_value(tmp_path: Path) -> None:
    path = tmp_path / "numbered.toml"
    path.write_text(
        'format = 1\nname = "Numbered"\n\n'
        '[apps."S"]\nkind = "wfm_server"\nsite = "Site 10"\n\n'
        '[apps."B 10"]\nkind = "wfm_builder"\nsite = "Site 2"\n\n'
        '[apps."B 9"]\nkind = "wfm_builder"\nsite = "Site 2"\n\n'
        '[apps."B 1"]\nkind = "wfm_builder"\nsite = "Site 10"\n',
        "utf-8",
    )
    app = WfmApp(str(path))
    async with app.run_test(size=(120, 40)):
        nav = navigator(app)
        assert [line.scope.site for line in nav.lines if line.depth == 0] == ["Site 2", "Site 10"]
        apps = [line.scope.app for line in nav.lines if line.scope.app]
        assert apps == ["B 9", "B 10", "S", "B 1"]
        await app.editor.focus_app("S")
        # The server's own site first, then the others: each in natural order.
        assert candidates(panel(app, "S"), "wfm_builder") == ("B 1", "B 9", "B 10")


async def test_the_app_under_the_cursor_is_brought_into_view(single_site: Path) -> None:
    app = WfmApp(str(single_site))
    async with app.run_test(size=(80, 24)) as pilot:
        nav = navigator(app)
        nav.focus()
        await pilot.press("down", "down")  # the WFM Server kind, then its first app
        await pilot.pause()
        centre = app.editor.query_one(Centre)
        assert centre.scroll_offset.y == 0
        await pilot.press("down")  # the second server: its panel is below the view
        await pilot.pause()
        assert nav.current_scope == Scope("London", "wfm_server", "WFM Server London B")
        second = panel(app, "WFM Server London B")
        assert centre.scroll_offset.y > 0
        assert second.region.y < centre.region.bottom  # its title is in sight


async def test_the_cursor_line_shows_without_colour(
    single_site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Under NO_COLOR the cursor's background colour is gone: reverse (focused) and underline
    # (another area focused) still show where it is.
    monkeypatch.setenv("NO_COLOR", "1")
    app = WfmApp(str(single_site))
    async with app.run_test(size=(80, 24)) as pilot:
        nav = app.editor.query_one(Navigator)
        nav.focus()
        await pilot.press("j")

        def styles_of(index: int) -> set[str]:
            strip = nav.render_line(index - nav.scroll_offset.y)
            found = set()
            for segment in strip:
                style = segment.style
                if style is not None and style.reverse:
                    found.add("reverse")
                if style is not None and style.underline:
                    found.add("underline")
            return found

        assert styles_of(nav.cursor) == {"reverse"}
        assert not styles_of(nav.cursor + 1)
        await pilot.press("2")
        assert styles_of(nav.cursor) == {"underline"}


async def test_going_to_an_app_out_of_view_puts_its_panel_title_at_the_top(
    single_site: Path,
) -> None:
    # The panel's lines after the cursor are what the user came for: a jump that must scroll
    # shows the whole title-to-cursor region from the top, not just up to the view's bottom.
    app = WfmApp(str(single_site))
    async with app.run_test(size=(80, 24)) as pilot:
        await app.editor.focus_app("WFM Server London B")
        await pilot.pause()
        centre = app.editor.query_one(Centre)
        second = panel(app, "WFM Server London B")
        assert second.has_focus
        assert centre.scroll_offset.y == second.virtual_region.y > 0


async def test_going_to_an_app_in_view_does_not_scroll(single_site: Path) -> None:
    # The scope's heading stays: nothing had to move to show the panel's title and cursor.
    app = WfmApp(str(single_site))
    async with app.run_test(size=(80, 24)) as pilot:
        await app.editor.focus_app("WFM Server London")
        await pilot.pause()
        assert panel(app, "WFM Server London").has_focus
        assert app.editor.query_one(Centre).scroll_offset.y == 0


async def test_a_panel_focused_at_once_keeps_the_focus(multi_site: Path) -> None:
    # As a script driving the editor from its first moment (the snapshot harness does): the
    # editor's own first focus (the navigator) must not land after the panel's.
    app = WfmApp(str(multi_site))
    focused: list[bool] = []

    async def at_once(pilot: Pilot[None]) -> None:
        app.editor.query_one(Navigator).select_scope(Scope("Dublin"))
        await app.editor.show_scope(Scope("Dublin"))
        panel(app, "Stat Server Dublin").focus_target(None, None)
        for _ in range(3):
            await pilot.pause()
        focused.append(panel(app, "Stat Server Dublin").has_focus)
        app.exit()

    await app.run_async(headless=True, size=(80, 24), auto_pilot=at_once)
    assert focused == [True]
