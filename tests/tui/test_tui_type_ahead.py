"""Keys typed ahead in the editor go where the key before them left the keys.

Each test queues its keys at once, as a fast typist or an SSH link delivers them. The editor's
safety net for a key that never comes back (`GIVE_UP_AFTER`) is set to an hour, so that only
the real signal (the key acted, the dialog took the focus, the work ended) lets keys through.
"""

from __future__ import annotations

import asyncio
import shutil
import threading
import time
from pathlib import Path

import pytest
from textual import events
from textual.command import CommandList, CommandPalette
from textual.pilot import Pilot
from textual.widgets import Input, Static

from tests import SAMPLES
from tests.tui.editor_helpers import send_quickly, until
from tests.tui.pty_terminal import Terminal, terminal_env
from wfm_tui.core.operations import RenameApp
from wfm_tui.files.plan_file import LoadedPlan, read_plan
from wfm_tui.tui import file_flows, type_ahead
from wfm_tui.tui.app import WfmApp
from wfm_tui.tui.screens.app_dialogs import PropertiesDialog, RenameDialog
from wfm_tui.tui.widgets.app_panel import AppPanel
from wfm_tui.tui.widgets.findings_pane import FindingList, FindingsPane
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


async def test_a_key_after_a_jump_from_the_palette_goes_to_the_app(single_site: Path) -> None:
    """ctrl+p, an app's name, enter and j: the palette's list takes the enter's choice off
    the field's way up, and the jump runs once the palette is gone; j went to the palette's
    field before either, and was lost with it."""
    app = WfmApp(str(single_site))
    async with app.run_test(size=SIZE) as pilot:
        send_quickly(app, ["ctrl+p", "d", "a", "p", "enter", "j"])
        await settled(app, pilot)
        await until(pilot, lambda: app.screen is app.editor)
        panel = app.focused
        assert isinstance(panel, AppPanel)
        assert panel.app_name == "WFM DAP"
        # Where enter alone leaves the cursor, and one line below it: j moved it.
        first = panel.current
        await pilot.press("k")
        await pilot.pause()
        assert panel.current != first
        await pilot.press("j")
        await pilot.pause()
        assert panel.current == first


async def test_keys_after_enter_on_a_port_conflict_go_to_its_dialog(
    single_site: Path,
) -> None:
    """Enter on a port-conflict finding, tab and a port: the pane's choice of the finding
    is a message of its own, and the dialog opens after it; the first tab moved the focus in
    the editor, out of the findings, before the dialog was up."""
    text = single_site.read_text("utf-8")
    single_site.write_text(text.replace("wfm02.corp.example", "wfm01.corp.example"), "utf-8")
    app = WfmApp(str(single_site))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("v", "3")
        await pilot.pause()
        findings = app.focused
        assert isinstance(findings, FindingList)
        finding = app.editor.query_one(FindingsPane).highlighted_finding
        assert finding is not None
        assert finding.code == "port-conflict"
        send_quickly(app, ["enter", "shift+tab", *"7001"])
        await settled(app, pilot)
        dialog = app.screen
        assert isinstance(dialog, PropertiesDialog)
        # shift+tab went from the port (where the dialog opens) to the host.
        host = dialog.query_one("#host", Input)
        assert app.focused is host
        assert host.value == "7001"
        assert dialog.query_one("#port", Input).value == "7000"
        await pilot.press("escape")
        await pilot.pause()
        assert app.focused is findings  # the keys stay in the findings


def frame_pending(app: WfmApp) -> bool:
    """Whether the screen has changes it has not drawn yet (Textual's own flags: no public
    way to ask)."""
    screen = app.screen
    return bool(screen._layout_required or screen._repaint_required or screen._dirty_widgets)


async def test_the_frame_of_a_burst_is_drawn_when_it_ends(single_site: Path) -> None:
    """Five j at once, with nothing queued for the screen after the last of them: the screen,
    idle while the burst held its repaints, was not prompted again as the burst ended, and the
    burst's last frame waited for the next key (over SSH: the cursor seemed stuck on the first
    line it moved to). Polled without Pilot's pause, which draws a pending frame itself."""
    app = WfmApp(str(single_site))
    async with app.run_test(size=SIZE) as pilot:
        navigator = app.focused
        assert isinstance(navigator, Navigator)
        await pilot.pause()
        start = navigator.cursor
        send_quickly(app, ["j"] * 5)
        deadline = time.monotonic() + 5.0
        while navigator.cursor != start + 5 or app.type_ahead.holding or frame_pending(app):
            assert time.monotonic() < deadline, f"undrawn: {frame_pending(app)}"
            await asyncio.sleep(0.02)


async def test_keys_after_a_plan_opened_go_to_that_plan(
    single_site: Path, multi_site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """ctrl+o, a path, enter and j j: the dialog closes with enter, but its work goes on (the
    plan is read, off the event loop, then shown); the j went to the plan on screen before,
    and the new plan came up with its cursor at the top (2 runs in 4 over tmux). Here the
    read waits until the test has seen the dialog close and let the app run."""
    reading = threading.Event()
    read = threading.Event()

    def slow_read(path: str) -> LoadedPlan:
        reading.set()
        assert read.wait(10.0)
        return read_plan(path)

    monkeypatch.setattr(file_flows, "read_plan", slow_read)
    app = WfmApp(str(single_site))
    async with app.run_test(size=SIZE) as pilot:
        navigator = app.focused
        assert isinstance(navigator, Navigator)
        send_quickly(app, ["ctrl+o", *str(multi_site), "enter", "j", "j"])
        await until(pilot, reading.is_set)
        await until(pilot, lambda: app.screen is app.editor)
        try:
            for _ in range(5):  # whatever the keys do before the plan is read, they do now
                await pilot.pause()
            assert navigator.cursor == 0
        finally:
            read.set()
        await settled(app, pilot)
        await until(pilot, lambda: app.editor.document.path == str(multi_site))
        await app.workers.wait_for_complete()
        await pilot.pause()
        navigator = app.editor.query_one(Navigator)
        assert app.focused is navigator
        assert navigator.cursor == 2


async def test_a_focus_reported_by_a_widget_already_gone_is_passed_over(
    single_site: Path,
) -> None:
    """Keys waiting for a dialog's focus while the app closes: a widget removed by then has no
    screen, and asking it for one raised NoScreen."""
    app = WfmApp(str(single_site))
    async with app.run_test(size=SIZE) as pilot:
        keys = app.type_ahead
        keys._waiting, keys._awaiting_focus = [], True  # keys wait for a dialog's focus
        keys.focused(Static())  # never mounted: no screen, as a widget removed at exit
        assert keys.holding  # nothing released to it
        keys._waiting = None
        await pilot.pause()
