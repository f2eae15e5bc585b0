"""Keys typed faster than the editor draws: no key, on any screen or dialog, may end it.

Pilot's `press` waits for the app to settle after every key; a user (or a paste, or a slow SSH
link catching up) does not. These tests queue keys all at once, so that they arrive while a
screen or dialog is still being composed and laid out.
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pytest
from textual.command import CommandList, CommandPalette

from tests import SAMPLES
from tests.tui.dialog_openers import (
    Scene,
    Setup,
    changed_on_disk,
    edited,
    in_whatif,
    leave_a_journal,
    leave_whatif,
    nothing,
    on_app,
    pressing,
    save_as,
)
from tests.tui.editor_helpers import CHARACTERS, send_quickly
from wfm_tui.core.operations import AddApp
from wfm_tui.core.plan import App
from wfm_tui.tui.app import WfmApp

SIZE = (80, 24)
SERVER = "WFM Server London"

# (key, character) as a terminal sends them. ctrl+q is left out (quitting is one of the
# scenarios, where it is the point), and so is ctrl+c.
KEYS: tuple[tuple[str, str | None], ...] = (
    *((c, c) for c in "abcdefghijklmnopqrstuvwxyzABZ0179-._"),
    *((key, CHARACTERS[key]) for key in ("space", "question_mark", "slash", "enter", "tab")),
    ("shift+tab", None),
    *((key, CHARACTERS[key]) for key in ("escape", "backspace")),
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


async def test_the_palette_shows_its_highlight_without_colour(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Under NO_COLOR Textual's highlight was two nearly equal greys: which command enter
    would run could not be told. It is drawn reversed: dark on light, the others light on dark."""
    monkeypatch.setenv("NO_COLOR", "1")
    path = tmp_path / "single-site.toml"
    shutil.copy(SAMPLES / "single-site.toml", path)
    app = WfmApp(str(path))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p", *"save")
        await pilot.pause()
        commands = app.screen.query_one(CommandList)
        await pilot.pause()
        assert commands.highlighted == 0

        def brightness(line: int) -> tuple[float, float]:
            """Of the first segment of a line: its text's, then its background's."""
            style = next(iter(commands.render_line(line))).style
            assert style is not None
            assert style.color is not None
            assert style.bgcolor is not None
            text, back = style.color.get_truecolor(), style.bgcolor.get_truecolor()
            return (sum(text) / 3, sum(back) / 3)

        text, back = brightness(0)  # the highlighted command's first line
        assert back - text > 128
        text, back = brightness(2)  # the next command's
        assert text - back > 128


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


SCENE = Scene(
    app=SERVER,
    group="dap",
    edits=(AddApp("DAP Extra", App(kind="dap")),),
    on_disk=("Contoso", "Fabrikam"),
)


# scenario: (how to get there, the screen the burst waits for; None: at once)
SCENARIOS: dict[str, tuple[Setup, str | None]] = {
    "editor": (nothing, None),
    "palette": (pressing("ctrl+p"), "WfmCommandPalette"),
    "help": (pressing("question_mark"), "HelpScreen"),
    "add": (pressing("a"), "AddAppDialog"),
    "rename": (on_app(SCENE, "r"), "RenameDialog"),
    "properties": (on_app(SCENE, "e"), "PropertiesDialog"),
    "remove": (on_app(SCENE, "delete"), "ConfirmDialog"),
    "features": (pressing("f"), "FeaturesDialog"),
    "plan-properties": (pressing("p"), "PlanPropertiesDialog"),
    "impact": (on_app(SCENE, "x"), "ReportDialog"),
    "changes": (edited(SCENE, "d"), "ReportDialog"),
    "whatif": (pressing("w"), None),
    "leave-whatif": (leave_whatif(SCENE), "LeaveWhatIfDialog"),
    "save-in-whatif": (in_whatif(SCENE, "ctrl+s"), "SaveWhatIfDialog"),
    "clone-site": (on_app(SCENE, "c"), "CloneSiteDialog"),
    "filter": (pressing("slash"), None),
    "open": (pressing("ctrl+o"), "PathDialog"),
    "save-as": (save_as, "PathDialog"),
    "quit-question": (edited(SCENE, "ctrl+q"), "UnsavedDialog"),
    "open-with-unsaved-edits": (edited(SCENE, "ctrl+o", "enter"), "UnsavedDialog"),
    "changed-on-disk": (changed_on_disk(SCENE), "ConflictDialog"),
    "comments-dropped": (edited(SCENE, "ctrl+s"), "ConfirmDialog"),
    "recovery-offer": (nothing, "RecoveryDialog"),
    "load-error": (nothing, "LoadErrorDialog"),
}
BURST = 30  # keys per scenario; some 700 in all


def _plan_for(scenario: str, tmp_path: Path) -> Path:
    path = tmp_path / "plan.toml"
    shutil.copy(SAMPLES / "single-site.toml", path)
    if scenario == "load-error":
        path.write_text('format = 1\nname = "broken"\n[apps.a.b.c]\n', "utf-8")
    elif scenario == "comments-dropped":
        path.write_text(path.read_text("utf-8") + "# a comment a save drops\n", "utf-8")
    return path


@pytest.mark.parametrize("scenario", list(SCENARIOS))
async def test_random_keys_never_crash(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, scenario: str
) -> None:
    monkeypatch.chdir(tmp_path)  # where a typed "save as" path lands
    path = _plan_for(scenario, tmp_path)
    if scenario == "recovery-offer":
        await leave_a_journal(path, SCENE, SIZE)
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
