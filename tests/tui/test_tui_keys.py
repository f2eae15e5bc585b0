"""Keys typed faster than the editor draws: no key, on any screen or dialog, may end it.

Pilot's `press` waits for the app to settle after every key; a user (or a paste, or a slow SSH
link catching up) does not. These tests queue keys all at once, so that they arrive while a
screen or dialog is still being composed and laid out.
"""

from __future__ import annotations

import random
import shutil
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from textual import events
from textual.command import CommandList, CommandPalette

from tests import SAMPLES
from wfm_tui.core.operations import AddApp
from wfm_tui.core.plan import App
from wfm_tui.tui.app import WfmApp

SIZE = (80, 24)
SERVER = "WFM Server London"

# (key, character) as a terminal sends them. ctrl+q is left out (quitting is one of the
# scenarios, where it is the point), and so is ctrl+c.
KEYS: tuple[tuple[str, str | None], ...] = (
    *((c, c) for c in "abcdefghijklmnopqrstuvwxyzABZ0179-._"),
    ("space", " "),
    ("question_mark", "?"),
    ("slash", "/"),
    ("enter", "\r"),
    ("tab", "\t"),
    ("shift+tab", None),
    ("escape", "\x1b"),
    ("backspace", "\x7f"),
    ("delete", None),
    ("up", None),
    ("down", None),
    ("left", None),
    ("right", None),
    ("pageup", None),
    ("pagedown", None),
    ("home", None),
    ("end", None),
    ("ctrl+p", None),
    ("ctrl+z", None),
    ("ctrl+y", None),
    ("ctrl+s", None),
    ("ctrl+o", None),
)
_CHARACTERS = dict(KEYS)


def send_quickly(app: WfmApp, keys: list[str]) -> None:
    """Queue every key at once, as a fast typist or a paste delivers them."""
    driver = app._driver
    assert driver is not None
    for key in keys:
        event = events.Key(key, _CHARACTERS.get(key))
        event.set_sender(app)
        driver.send_message(event)


async def _drain(app: WfmApp, pilot) -> None:
    # Each key may open a dialog that composes on the next turns of the loop: let it all run.
    for _ in range(5):
        if not app.is_running:
            return
        await pilot.pause()


def assert_alive_or_quit_cleanly(app: WfmApp) -> None:
    assert app._exception is None, repr(app._exception)
    # An unhandled exception exits with status 1; quitting from the quit question exits 0.
    assert app.return_code in (None, 0)


async def test_page_keys_before_the_palette_is_drawn(tmp_path: Path) -> None:
    """ctrl+p then pageup, typed at once: Textual 8.2.8's list raised KeyError: 0."""
    path = tmp_path / "multi-site.toml"
    shutil.copy(SAMPLES / "multi-site.toml", path)
    for keys in (["ctrl+p", "pageup"], ["ctrl+p", "pagedown"], ["ctrl+p", "pageup", "pageup"]):
        app = WfmApp(str(path))
        async with app.run_test(size=SIZE) as pilot:
            send_quickly(app, keys)
            await _drain(app, pilot)
            assert isinstance(app.screen, CommandPalette)
            assert_alive_or_quit_cleanly(app)
            # Once drawn, the page keys move through the list as before.
            await pilot.press("pagedown")
            await pilot.pause()
            assert app.screen.query_one(CommandList).highlighted is not None


@pytest.mark.parametrize("opener", ["e", "r", "ctrl+o"])
async def test_keys_queued_for_a_closing_dialog_close_only_it(
    single_site: Path, opener: str
) -> None:
    """enter, enter: each dismissed the dialog, and the second popped the editor from under
    it."""
    app = WfmApp(str(single_site))
    async with app.run_test(size=SIZE) as pilot:
        await app.editor.focus_app(SERVER, "dap")
        await pilot.press(opener)
        await _drain(app, pilot)
        dialog = app.screen
        assert dialog is not app.editor
        send_quickly(app, ["enter", "enter"])
        await _drain(app, pilot)
        assert_alive_or_quit_cleanly(app)
        assert app.screen is app.editor


# -- every screen and dialog, under a burst of random keys ---------------------------------


class BurstApp(WfmApp):
    """Sends a burst of keys the moment a given screen is pushed: it arrives while that
    screen is still being composed and mounted, the moment of the palette's crash."""

    def __init__(self, path: str, screen: str | None, burst: list[str]) -> None:
        super().__init__(path)
        self.awaited_screen = screen
        self.burst = burst
        self.burst_sent = False

    def on_mount(self) -> None:
        # Subscribed before the editor mounts: a dialog pushed at start is caught as well.
        self.screen_change_signal.subscribe(self, self._screen_changed, immediate=True)
        super().on_mount()

    def _screen_changed(self, screen: object) -> None:
        if not self.burst_sent and type(screen).__name__ == self.awaited_screen:
            self.send_burst()

    def send_burst(self) -> None:
        self.burst_sent = True
        send_quickly(self, self.burst)


Setup = Callable[[WfmApp, Any, Path], Awaitable[list[str]]]


async def _nothing(app: WfmApp, pilot: Any, path: Path) -> list[str]:
    return []


def _keys(*keys: str) -> Setup:
    async def setup(app: WfmApp, pilot: Any, path: Path) -> list[str]:
        return list(keys)

    return setup


def _on_app(*keys: str) -> Setup:
    """With an app chosen (its panel focused), then `keys`."""

    async def setup(app: WfmApp, pilot: Any, path: Path) -> list[str]:
        await app.editor.focus_app(SERVER, "dap")
        return list(keys)

    return setup


def _edited(*keys: str) -> Setup:
    """With an unsaved edit, then `keys`."""

    async def setup(app: WfmApp, pilot: Any, path: Path) -> list[str]:
        assert await app.editor.apply(AddApp("DAP Extra", App(kind="dap")))
        return list(keys)

    return setup


async def _save_as(app: WfmApp, pilot: Any, path: Path) -> list[str]:
    app.call_later(app.editor.run_action, "save_as")
    return []


async def _leave_whatif(app: WfmApp, pilot: Any, path: Path) -> list[str]:
    await pilot.press("w")
    for _ in range(50):  # bounded: the sandbox opens within a few turns of the loop
        if app.editor.sandbox is not None:
            break
        await pilot.pause()
    assert app.editor.sandbox is not None
    assert await app.editor.apply(AddApp("DAP Extra", App(kind="dap")))
    return ["w"]


async def _changed_on_disk(app: WfmApp, pilot: Any, path: Path) -> list[str]:
    assert await app.editor.apply(AddApp("DAP Extra", App(kind="dap")))
    path.write_text(path.read_text("utf-8").replace("Contoso", "Fabrikam"), "utf-8")
    return ["ctrl+s"]


# scenario: (how to get there, the screen the burst waits for; None: at once)
SCENARIOS: dict[str, tuple[Setup, str | None]] = {
    "editor": (_nothing, None),
    "palette": (_keys("ctrl+p"), "WfmCommandPalette"),
    "help": (_keys("question_mark"), "HelpScreen"),
    "add": (_keys("a"), "AddAppDialog"),
    "rename": (_on_app("r"), "RenameDialog"),
    "properties": (_on_app("e"), "PropertiesDialog"),
    "remove": (_on_app("delete"), "ConfirmDialog"),
    "features": (_keys("f"), "FeaturesDialog"),
    "plan-properties": (_keys("p"), "PlanPropertiesDialog"),
    "impact": (_on_app("x"), "ReportDialog"),
    "changes": (_edited("d"), "ReportDialog"),
    "whatif": (_keys("w"), None),
    "leave-whatif": (_leave_whatif, "LeaveWhatIfDialog"),
    "filter": (_keys("slash"), None),
    "open": (_keys("ctrl+o"), "PathDialog"),
    "save-as": (_save_as, "PathDialog"),
    "quit-question": (_edited("ctrl+q"), "UnsavedDialog"),
    "open-with-unsaved-edits": (_edited("ctrl+o", "enter"), "UnsavedDialog"),
    "changed-on-disk": (_changed_on_disk, "ConflictDialog"),
    "comments-dropped": (_edited("ctrl+s"), "ConfirmDialog"),
    "recovery-offer": (_nothing, "RecoveryDialog"),
    "load-error": (_nothing, "LoadErrorDialog"),
}
BURST = 30  # keys per scenario; some 600 in all


def _plan_for(scenario: str, tmp_path: Path) -> Path:
    path = tmp_path / "plan.toml"
    shutil.copy(SAMPLES / "single-site.toml", path)
    if scenario == "load-error":
        path.write_text('format = 1\nname = "broken"\n[apps.a.b.c]\n', "utf-8")
    elif scenario == "comments-dropped":
        path.write_text(path.read_text("utf-8") + "# a comment a save drops\n", "utf-8")
    return path


async def _leave_a_journal(path: Path) -> None:
    """An editor that journaled an edit and went away without saving (a dropped session)."""
    app = WfmApp(str(path))
    async with app.run_test(size=SIZE):
        assert await app.editor.apply(AddApp("DAP Extra", App(kind="dap")))
        assert app.journal_now() is not None
        app.exit()


@pytest.mark.parametrize("scenario", list(SCENARIOS))
async def test_random_keys_never_crash(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, scenario: str
) -> None:
    monkeypatch.chdir(tmp_path)  # where a typed "save as" path lands
    path = _plan_for(scenario, tmp_path)
    if scenario == "recovery-offer":
        await _leave_a_journal(path)
    setup, screen = SCENARIOS[scenario]
    # A fixed seed per scenario: a failure replays exactly.
    rng = random.Random(f"wfm-tui keys {scenario}")
    burst = [rng.choice(KEYS)[0] for _ in range(BURST)]
    app = BurstApp(str(path), screen, burst)
    async with app.run_test(size=SIZE) as pilot:
        opener = await setup(app, pilot, path)
        send_quickly(app, opener)
        if screen is None:
            app.send_burst()
        await _drain(app, pilot)
        assert app.burst_sent, f"{screen} never opened"
        assert_alive_or_quit_cleanly(app)
    assert_alive_or_quit_cleanly(app)
