"""Keys typed ahead in the editor go where the key before them left the keys.

Each test queues its keys at once, as a fast typist or an SSH link delivers them. The editor's
safety net for a key that never comes back (`GIVE_UP_AFTER`) is set to an hour, so that only
the real signal (the key acted, the dialog took the focus, the work ended) lets keys through.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from textual import events
from textual.command import CommandList, CommandPalette
from textual.pilot import Pilot
from textual.widgets import Input

from tests import SAMPLES
from tests.tui.editor_helpers import send_quickly, until
from tests.tui.pty_terminal import Terminal, terminal_env
from wfm_tui.core.operations import RenameApp
from wfm_tui.files.plan_file import read_plan
from wfm_tui.tui import type_ahead
from wfm_tui.tui.app import WfmApp
from wfm_tui.tui.screens.app_dialogs import RenameDialog
from wfm_tui.tui.widgets.app_panel import AppPanel
from wfm_tui.tui.widgets.navigator import Navigator

SIZE = (80, 24)
SERVER = "WFM Server London"


@pytest.fixture(autouse=True)
def no_giving_up(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(type_ahead, "GIVE_UP_AFTER", 3600.0)


async def settled(app: WfmApp, pilot: Pilot[None]) -> None:
    """Until every key queued has gone through (none waits) and the app is idle."""
    await pilot.pause()  # the keys reach the app
    await until(pilot, lambda: not app.type_ahead.holding)
    await pilot.pause()
    # A burst is drawn once at its end (batch_update): no repaint may stay held after it.
    assert app._batch_count == 0


async def server_panel(app: WfmApp) -> AppPanel:
    """The keys in the server's panel, on its DAP."""
    await app.editor.focus_app(SERVER, "dap")
    panel = app.focused
    assert isinstance(panel, AppPanel)
    return panel


async def test_a_new_name_typed_with_r_goes_to_the_rename_dialog(single_site: Path) -> None:
    """r and a name with spaces, at once: the spaces toggled the panel's links (the DAP's
    radio was emptied) before the dialog came up."""
    app = WfmApp(str(single_site))
    async with app.run_test(size=SIZE) as pilot:
        await app.editor.focus_app(SERVER, "dap")
        before = app.document.plan
        send_quickly(app, ["r", "space", "N", "e", "w", "space", "D", "A", "P"])
        await settled(app, pilot)
        assert isinstance(app.screen, RenameDialog)
        assert app.screen.query_one("#name", Input).value == " New DAP"
        assert app.document.plan == before


async def test_a_rename_typed_ahead_to_its_end_is_made(single_site: Path) -> None:
    app = WfmApp(str(single_site))
    async with app.run_test(size=SIZE) as pilot:
        await app.editor.focus_app(SERVER, "dap")
        before = app.document.plan
        send_quickly(app, ["r", *"London 2", "enter", "ctrl+s"])
        await settled(app, pilot)
        await until(pilot, lambda: not app.document.dirty)
        # The rename, and nothing else: no key typed ahead toggled a link.
        assert read_plan(str(single_site)).plan == RenameApp(SERVER, "London 2").apply(before)


async def test_a_filter_typed_with_slash_goes_to_the_filter(single_site: Path) -> None:
    """/ and a word: the word's letters went to the navigator, where `a` opened the add
    dialog."""
    app = WfmApp(str(single_site))
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.focused, Navigator)
        send_quickly(app, ["slash", "d", "a", "p"])
        await settled(app, pilot)
        assert app.screen is app.editor
        field = app.focused
        assert isinstance(field, Input)
        assert field.value == "dap"


async def test_keys_after_a_screen_go_to_it(single_site: Path) -> None:
    """x (the impact report) then escape and k: the escape closes the report, and k moves
    the cursor in the editor."""
    app = WfmApp(str(single_site))
    async with app.run_test(size=SIZE) as pilot:
        panel = await server_panel(app)
        at = panel.current
        send_quickly(app, ["x", "escape", "k"])
        await settled(app, pilot)
        assert app.screen is app.editor
        assert app.focused is panel
        assert panel.current != at


async def test_keys_after_work_without_a_dialog_follow_when_it_ends(single_site: Path) -> None:
    """ctrl+s on a named plan opens no dialog: the keys after it wait for the save, then act."""
    app = WfmApp(str(single_site))
    async with app.run_test(size=SIZE) as pilot:
        panel = await server_panel(app)
        at = panel.current
        send_quickly(app, ["space", "ctrl+s", "k"])
        await settled(app, pilot)
        assert not app.document.dirty  # the toggle was saved
        assert panel.current != at


async def test_a_key_that_never_comes_back_holds_the_others_only_a_moment(
    single_site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A widget that keeps a key to itself: the keys after it go on once the editor gives up
    waiting."""
    monkeypatch.setattr(type_ahead, "GIVE_UP_AFTER", 0.05)

    def keep_z(self: AppPanel, event: events.Key) -> None:
        if event.key == "z":
            event.stop()

    monkeypatch.setattr(AppPanel, "on_key", keep_z, raising=False)
    app = WfmApp(str(single_site))
    async with app.run_test(size=SIZE) as pilot:
        panel = await server_panel(app)
        at = panel.current
        send_quickly(app, ["z", "k"])
        await settled(app, pilot)
        assert panel.current != at


async def test_a_burst_in_the_navigator_moves_it_key_by_key(single_site: Path) -> None:
    """Twelve j at once: the cursor ends twelve lines down, the centre on that line's scope,
    and the screen is drawn again."""
    app = WfmApp(str(single_site))
    async with app.run_test(size=SIZE) as pilot:
        navigator = app.focused
        assert isinstance(navigator, Navigator)
        start = navigator.cursor
        send_quickly(app, ["j"] * 12)
        await settled(app, pilot)
        assert navigator.cursor == start + 12
        assert app.editor.scope == navigator.current_scope


async def test_keys_go_straight_to_a_text_field(single_site: Path) -> None:
    """In the filter, a letter is typed and acts on nothing: no key waits behind it."""
    app = WfmApp(str(single_site))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash")
        await pilot.pause()
        assert isinstance(app.focused, Input)
        send_quickly(app, ["w", "e", "b"])
        assert not app.type_ahead.holding
        await settled(app, pilot)
        assert app.focused.value == "web"


async def test_a_search_typed_with_ctrl_p_goes_to_the_palette(single_site: Path) -> None:
    """ctrl+p acts as it arrives (a priority key, never sent to a widget): the word after it
    waits for the palette's field, and nothing reaches the panel."""
    app = WfmApp(str(single_site))
    async with app.run_test(size=SIZE) as pilot:
        await app.editor.focus_app(SERVER, "dap")
        before = app.document.plan
        send_quickly(app, ["ctrl+p", "s", "a", "v", "e"])
        await settled(app, pilot)
        assert isinstance(app.screen, CommandPalette)
        assert app.screen.query_one(Input).value == "save"
        assert app.screen_stack == [app.screen_stack[0], app.editor, app.screen]
        assert app.document.plan == before


async def test_an_app_typed_ahead_through_the_add_dialog_is_added(single_site: Path) -> None:
    """a, a kind's letters, tab, a name, enter, all at once: the kind list takes its letters
    as typed (within its pause for a search), and nothing waits behind them."""
    app = WfmApp(str(single_site))
    async with app.run_test(size=SIZE) as pilot:
        before = app.document.plan
        send_quickly(app, ["a", "s", "t", "tab", *"Stat B", "enter"])
        await settled(app, pilot)
        await until(pilot, lambda: "Stat B" in app.document.plan.apps)
        assert app.screen is app.editor
        added = app.document.plan.apps["Stat B"]
        assert added.kind == "stat_server"
        assert set(app.document.plan.apps) - set(before.apps) == {"Stat B"}


def test_a_burst_in_a_real_terminal_is_drawn_without_another_key(tmp_path: Path) -> None:
    """In a pseudo-terminal, tab and end in one write: the panel's cursor shows on its last
    line. The burst's repaints wait for its end, and the screen's own turn to draw had passed
    by then: the frame stayed as it was until the next key (one run in five)."""
    plan = tmp_path / "plan.toml"
    shutil.copy(SAMPLES / "single-site.toml", plan)
    editor = Terminal(["--no-mouse", str(plan)], terminal_env(tmp_path))
    try:
        editor.wait_for("no findings")
        editor.forget()
        editor.send(b"\t\x1b[F")  # tab, end
        editor.wait_for("› [X] WFM Web")
    finally:
        editor.close()


async def test_keys_after_a_command_chosen_in_the_palette_go_to_its_dialog(
    single_site: Path,
) -> None:
    """enter on "Rename app" in the palette, and a name at once: the name went to the editor
    (its letters ran as commands) while the palette closed and the command started."""
    app = WfmApp(str(single_site))
    async with app.run_test(size=SIZE) as pilot:
        await app.editor.focus_app(SERVER, "dap")
        before = app.document.plan
        await pilot.press("ctrl+p", *"rename app")
        await until(pilot, lambda: bool(app.screen.query_one(CommandList).option_count))
        send_quickly(app, ["enter", "Z", "e", "d"])
        await settled(app, pilot)
        assert isinstance(app.screen, RenameDialog)
        assert app.screen.query_one("#name", Input).value == "Zed"
        assert app.document.plan == before
