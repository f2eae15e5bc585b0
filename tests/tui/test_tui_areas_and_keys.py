"""Keys that act on what the user sees (issue 13): app keys only on an app, nothing behind the
"resize" notice, tab between the three areas, and the keys users of k9s, lazygit and htop try."""

from __future__ import annotations

from pathlib import Path

from textual.command import CommandPalette

from tests import SAMPLES
from tests.tui.editor_helpers import is_folded, panel
from wfm_tui.editing.layout import Scope
from wfm_tui.tui.app import WfmApp
from wfm_tui.tui.commands import EditorCommands
from wfm_tui.tui.screens.app_dialogs import PropertiesDialog
from wfm_tui.tui.screens.dialogs import ConfirmDialog, UnsavedDialog
from wfm_tui.tui.screens.help import HelpScreen
from wfm_tui.tui.widgets.app_panel import AppPanel
from wfm_tui.tui.widgets.findings_pane import FindingList
from wfm_tui.tui.widgets.key_footer import KeyFooter
from wfm_tui.tui.widgets.navigator import Navigator

APP_KEYS = {"delete": "remove_app", "r": "rename_app", "e": "edit_app", "x": "impact"}


def footer_key(app: WfmApp, description: str):
    return next(k for k in app.editor.query_one(KeyFooter).keys if k.description == description)


async def test_app_keys_act_only_on_the_app_under_the_cursor(single_site: Path) -> None:
    app = WfmApp(str(single_site))
    async with app.run_test(size=(80, 24)) as pilot:
        navigator = app.editor.query_one(Navigator)
        await pilot.press("j", "j", "j", "j")  # past two servers, onto the Builders' kind line
        await pilot.pause()
        assert navigator.current_scope == Scope("London", "wfm_builder")
        for key, action in APP_KEYS.items():
            assert app.editor.check_action(action, ()) is None, action  # greyed out
            await pilot.press(key)
            await pilot.pause()
            assert app.screen is app.editor, key  # no dialog about an app passed over
        assert not footer_key(app, "Edit").enabled
        # The palette shows them greyed, and says why when chosen.
        await pilot.press("ctrl+p")
        await pilot.pause()
        provider = EditorCommands(app.screen)
        available, _, help_text = provider._entry("Remove app", "remove_app", "Remove it")
        assert not available
        assert "no app under the cursor" in help_text
        await pilot.press("escape")
        await pilot.pause()

        await pilot.press("j")  # an app
        await pilot.pause()
        assert footer_key(app, "Edit").enabled
        await pilot.press("delete")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        assert "Remove WFM Builder 1?" in str(app.screen.message)
        await pilot.press("escape")
        await pilot.pause()

        # In a panel: that panel's app, whatever the navigator's cursor is on.
        panel(app, "WFM Builder 2").focus_group(None)
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, PropertiesDialog)
        assert app.screen.app_name == "WFM Builder 2"


async def test_below_80x24_only_quit_and_help_act(single_site: Path) -> None:
    app = WfmApp(str(single_site))
    async with app.run_test(size=(120, 40)) as pilot:
        navigator = app.editor.query_one(Navigator)
        before = app.editor.document.plan
        await pilot.resize_terminal(60, 20)
        await pilot.pause()
        assert app.editor.too_small
        # tab then space folded a site unseen; a opened a dialog; others did as much.
        await pilot.press("tab", "space", "a", "w", "slash", "colon", "ctrl+p", "1", "j", "q")
        await pilot.pause()
        assert app.screen is app.editor
        assert app.editor.document.plan is before
        assert not is_folded(navigator, "London")
        assert app.editor.sandbox is None
        assert app.focused is None
        assert app.editor.query_one(KeyFooter).shown() == ["Help", "Quit"]
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        await pilot.pause()
        assert app.focused is navigator  # back where it was, and the keys act again
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert app.return_code == 0


async def test_tab_moves_between_the_three_areas() -> None:
    app = WfmApp(str(SAMPLES / "broken.toml"))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        navigator = app.editor.query_one(Navigator)
        assert app.focused is navigator
        seen = []
        for _ in range(3):
            await pilot.press("tab")
            await pilot.pause()
            seen.append(type(app.focused))
        assert seen == [AppPanel, FindingList, Navigator]  # three tabs, round and back
        await pilot.press("shift+tab")
        await pilot.pause()
        assert isinstance(app.focused, FindingList)
        await pilot.press("1")
        assert app.focused is navigator
        await pilot.press("2")
        assert isinstance(app.focused, AppPanel)
        await pilot.press("3")
        assert isinstance(app.focused, FindingList)


async def test_tab_comes_back_to_the_panel_it_left(single_site: Path) -> None:
    app = WfmApp(str(single_site))
    async with app.run_test(size=(80, 24)) as pilot:
        panel(app, "WFM Builder 2").focus_group(None)
        await pilot.press("down")  # its second target
        await pilot.pause()
        where = panel(app, "WFM Builder 2").current
        await pilot.press("tab")  # no findings, pane hidden: to the navigator
        await pilot.pause()
        assert isinstance(app.focused, Navigator)
        await pilot.press("tab")
        await pilot.pause()
        assert app.focused is panel(app, "WFM Builder 2")
        assert panel(app, "WFM Builder 2").current == where


async def test_3_shows_the_hidden_pane() -> None:
    app = WfmApp(str(SAMPLES / "broken.toml"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        pane = app.editor.query_one("#pane")
        assert not pane.display  # hidden below 100 columns
        await pilot.press("tab", "tab")  # navigator, panels, and round: no pane to go to
        await pilot.pause()
        assert isinstance(app.focused, Navigator)
        await pilot.press("3")
        await pilot.pause()
        assert pane.display
        assert isinstance(app.focused, FindingList)


async def test_vim_keys_in_the_navigator(single_site: Path) -> None:
    app = WfmApp(str(single_site))
    async with app.run_test(size=(80, 24)) as pilot:
        navigator = app.editor.query_one(Navigator)
        await pilot.press("G")
        assert navigator.cursor == len(navigator.lines) - 1
        await pilot.press("g")
        assert navigator.cursor == 0
        await pilot.press("l")  # right: into the site
        assert navigator.current_scope == Scope("London", "wfm_server")
        await pilot.press("h")  # left: fold the kind
        assert is_folded(navigator, "London", "wfm_server")
        await pilot.press("l")
        assert not is_folded(navigator, "London", "wfm_server")
        await pilot.press("l", "l")  # onto the first server, then into its panel
        await pilot.pause()
        assert app.focused is panel(app, "WFM Server London")
        await pilot.press("G")
        await pilot.press("g")
        assert panel(app, "WFM Server London").cursor == 0


async def test_colon_opens_the_palette_and_q_quits_from_the_navigator(single_site: Path) -> None:
    app = WfmApp(str(single_site))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("colon")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        await pilot.press("escape")
        await pilot.pause()
        panel(app, "WFM Server London").focus_group("dap")
        await pilot.press("space", "q")  # an edit; q in a panel is no key
        await pilot.pause()
        assert app.screen is app.editor
        assert app.editor.document.dirty
        await pilot.press("escape", "q")  # the navigator: asks, as ctrl+q does
        await pilot.pause()
        assert isinstance(app.screen, UnsavedDialog)
        await pilot.press("c")
        await pilot.pause()
        assert app.screen is app.editor
        await pilot.press("ctrl+z", "q")  # nothing unsaved: quits
        await pilot.pause()
    assert app.return_code == 0
