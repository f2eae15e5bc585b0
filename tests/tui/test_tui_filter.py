"""Pilot tests of the filter (/): the navigator lists only the apps whose name matches."""

from __future__ import annotations

from pathlib import Path

from benchmarks.synthetic_plans import synthetic_plan
from tests.tui import PLANS
from tests.tui.editor_helpers import (
    MARKUP_NAMES,
    app_label,
    click_laid_out,
    is_folded,
    notifications,
    panel,
)
from wfm_tui.core.operations import Disconnect
from wfm_tui.editing.layout import Scope
from wfm_tui.files.catalogs import load_catalog
from wfm_tui.files.plan_file import save_plan
from wfm_tui.tui.app import WfmApp
from wfm_tui.tui.screens.dialogs import ConfirmDialog
from wfm_tui.tui.widgets.centre import Centre
from wfm_tui.tui.widgets.filter_bar import FilterBar, FilterInput
from wfm_tui.tui.widgets.navigator import Navigator


def listed(app: WfmApp) -> list[str]:
    return [line.scope.app for line in app.editor.query_one(Navigator).lines if line.scope.app]


def bar(app: WfmApp) -> FilterBar:
    return app.editor.query_one(FilterBar)


async def test_typing_narrows_the_list_and_the_centre_follows(multi_site: Path) -> None:
    app = WfmApp(str(multi_site))
    async with app.run_test(size=(80, 24)) as pilot:
        everything = listed(app)
        await pilot.press("slash")
        await pilot.pause()
        assert bar(app).display
        assert isinstance(app.focused, FilterInput)
        await pilot.press(*"LEE")  # any case
        await pilot.pause()
        assert listed(app) == [n for n in everything if "leeds" in n.lower()]
        navigator = app.editor.query_one(Navigator)
        assert navigator.border_title == "Apps · filtered"
        assert navigator.current_scope == navigator.first_app()
        assert app.editor.query_one(Centre).scope == navigator.first_app()


async def test_enter_goes_to_the_first_match_and_escape_clears(multi_site: Path) -> None:
    app = WfmApp(str(multi_site))
    async with app.run_test(size=(80, 24)) as pilot:
        everything = listed(app)
        await pilot.press("slash", *"builder l")
        await pilot.press("enter")
        await pilot.pause()
        navigator = app.editor.query_one(Navigator)
        assert app.focused is navigator
        assert listed(app) == ["WFM Builder Leeds", "WFM Builder London"]
        assert navigator.current_scope == Scope("Leeds", "wfm_builder", "WFM Builder Leeds")
        assert "WFM Builder Leeds" in app.editor.query_one(Centre).panels
        await pilot.press("escape")  # in the list: the filter goes
        await pilot.pause()
        assert listed(app) == everything
        assert not bar(app).display
        assert navigator.border_title == "Apps"
        assert navigator.current_scope == Scope("Leeds", "wfm_builder", "WFM Builder Leeds")


async def test_escape_in_the_bar_clears_and_down_keeps_it(multi_site: Path) -> None:
    app = WfmApp(str(multi_site))
    async with app.run_test(size=(80, 24)) as pilot:
        everything = listed(app)
        await pilot.press("slash", *"dublin", "down")
        await pilot.pause()
        navigator = app.editor.query_one(Navigator)
        assert app.focused is navigator
        assert all("Dublin" in n for n in listed(app))
        await pilot.press("slash")  # back into the bar, text kept
        assert bar(app).input.value == "dublin"
        await pilot.press("escape")
        await pilot.pause()
        assert listed(app) == everything
        assert app.focused is navigator
        assert bar(app).input.value == ""


async def test_no_match_says_so(multi_site: Path) -> None:
    app = WfmApp(str(multi_site))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("slash", *"zzz")
        await pilot.pause()
        navigator = app.editor.query_one(Navigator)
        assert navigator.lines == []
        assert navigator.render_line(0).text.startswith("no app matches")
        await pilot.press("enter")
        await pilot.pause()
        assert "No app name contains the filter." in [n.message for n in notifications(app)]
        assert isinstance(app.focused, FilterInput)


async def test_going_to_a_hidden_app_clears_the_filter(multi_site: Path) -> None:
    app = WfmApp(str(multi_site))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("slash", *"dublin", "enter")
        await pilot.pause()
        await app.editor.focus_app("WFM Server London", "wfm_builder")  # as a finding does
        await pilot.pause()
        navigator = app.editor.query_one(Navigator)
        assert not navigator.filtered
        assert not bar(app).display
        assert navigator.current_scope == Scope("London", "wfm_server", "WFM Server London")
        assert app.focused is panel(app, "WFM Server London")


async def test_the_filter_text_is_literal() -> None:
    app = WfmApp(str(PLANS / "markup.toml"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("slash", *"[/")
        await pilot.pause()
        assert sorted(listed(app)) == sorted(n for n in MARKUP_NAMES if "[/" in n)


async def test_a_large_plan_lists_matches_in_folded_sites(tmp_path: Path) -> None:
    path = tmp_path / "large.toml"
    save_plan(str(path), synthetic_plan(1000), load_catalog())
    app = WfmApp(str(path))
    async with app.run_test(size=(120, 40)) as pilot:
        navigator = app.editor.query_one(Navigator)
        assert is_folded(navigator, "Site 70")
        await pilot.press("slash", *"wfm server 70")
        await pilot.pause()
        assert listed(app) == ["WFM Server 70"]
        # Edits keep the list filtered, with the marks of now.
        await app.editor.apply(Disconnect("WFM Server 70", "WFM DAP"))
        await pilot.pause()
        assert listed(app) == ["WFM Server 70"]
        assert app_label(navigator, "WFM Server 70") == "✗ WFM Server 70"
        await pilot.press("escape")
        await pilot.pause()
        assert is_folded(navigator, "Site 70")  # the folds are as they were


async def test_with_no_match_the_app_keys_act_on_nothing(multi_site: Path) -> None:
    app = WfmApp(str(multi_site))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("down", "down")  # an app: it is the current one
        await pilot.pause()
        assert app.editor.current_app == "WFM Server Dublin"
        await pilot.press("slash", *"zzz", "down", "delete")
        await pilot.pause()
        assert not isinstance(app.screen, ConfirmDialog)
        for action in ("remove_app", "rename_app", "edit_app", "impact"):
            assert app.editor.check_action(action, ()) is None  # greyed out


async def test_clearing_the_filter_keeps_the_found_app_in_view(tmp_path: Path) -> None:
    path = tmp_path / "large.toml"
    save_plan(str(path), synthetic_plan(1000), load_catalog())
    app = WfmApp(str(path))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("slash", *"wfm server 120", "enter")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        navigator = app.editor.query_one(Navigator)
        assert not navigator.filtered
        assert navigator.current_scope == Scope("Site 120", "wfm_server", "WFM Server 120")
        row = navigator.cursor - navigator.scroll_offset.y
        assert 0 <= row < navigator.scrollable_content_region.height


async def test_back_in_the_bar_typing_refines_the_filter(multi_site: Path) -> None:
    app = WfmApp(str(multi_site))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("slash", *"wfm", "down", "slash", *" b")
        await pilot.pause()
        assert bar(app).input.value == "wfm b"
        assert listed(app) == ["WFM Builder Dublin", "WFM Builder Leeds", "WFM Builder London"]


async def test_escape_goes_back_to_the_navigator_then_clears(multi_site: Path) -> None:
    app = WfmApp(str(multi_site))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("slash", *"dublin", "enter", "right")  # into the app's panel
        await pilot.pause()
        navigator = app.editor.query_one(Navigator)
        assert app.focused is panel(app, "WFM Server Dublin")
        await pilot.press("escape")
        assert app.focused is navigator
        assert navigator.filtered
        await pilot.press("escape")
        await pilot.pause()
        assert not navigator.filtered


async def test_removing_the_only_match_says_no_app_matches(single_site: Path) -> None:
    app = WfmApp(str(single_site))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("slash", *"stat", "enter", "delete")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await click_laid_out(app, pilot, "#confirm")
        await pilot.pause()
        assert "Stat Server London" not in app.editor.document.plan.apps
        assert listed(app) == []
        caption = str(app.editor.query_one(Centre).query_one(".caption").render())
        # Not "The plan has no apps yet": ten apps are left.
        assert caption == "No app matches the filter: escape in the navigator clears it."
        await pilot.press("escape")
        await pilot.pause()
        assert listed(app)
        assert "Site London" in str(app.editor.query_one(Centre).query_one(".caption").render())
