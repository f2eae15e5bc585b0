"""Every dialog keeps its buttons on screen at 80x24 with the longest legal values: 255-character
names of wide characters, the longest host and note, a long file path, long error lists."""

from __future__ import annotations

import shutil
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Button

from tests import ROOT
from tests.tui import PLANS
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
    save_as,
)
from wfm_tui.core.operations import AddApp, SetField
from wfm_tui.core.plan import App
from wfm_tui.tui.app import WfmApp

SIZE = (80, 24)
LONGEST = PLANS / "longest.toml"
WIDE = "東" * 255  # 510 columns
BUILDER = ("Builder " * 32)[:251] + " 001"


def assert_buttons_on_screen(app: WfmApp) -> None:
    screen = app.screen
    buttons = list(screen.query(Button))
    assert buttons, f"{type(screen).__name__} has no buttons"
    for button in buttons:
        region = button.region
        assert region.width > 0, f"{button.id} has no width"
        assert region.height > 0, f"{button.id} has no height"
        assert screen.region.contains_region(region), (button.id, region)
        # Drawn there, not clipped by its box or covered: a click there reaches it.
        centre = (region.x + region.width // 2, region.y + region.height // 2)
        widget, _ = screen.get_widget_at(*centre)
        assert widget is button, (button.id, region, widget)


def _deep_copy_of_longest(tmp_path: Path) -> Path:
    """The longest plan in a folder whose path is some 1,500 characters long."""
    folder = tmp_path
    for letter in "abcdefg":
        folder = folder / (letter * 200)
    folder.mkdir(parents=True)
    path = folder / "plan.toml"
    shutil.copy(LONGEST, path)
    return path


# The app with the longest name; edits that make the longest values longer still.
SCENE = Scene(
    app=WIDE,
    group=None,
    edits=(AddApp(BUILDER[:-3] + "999", App(kind="dap")), SetField(WIDE, "site", "T" * 255)),
    on_disk=("# The longest", "# Changed: the longest"),
    choose_before_edit=True,
)

# dialog: (how to open it, the screen it is)
DIALOGS: dict[str, tuple[Setup, str]] = {
    "properties": (on_app(SCENE, "e"), "PropertiesDialog"),
    "rename": (on_app(SCENE, "r"), "RenameDialog"),
    "remove": (on_app(SCENE, "delete"), "ConfirmDialog"),
    "add": (on_app(SCENE, "a"), "AddAppDialog"),
    "features": (on_app(SCENE, "f"), "FeaturesDialog"),
    "plan-properties": (on_app(SCENE, "p"), "PlanPropertiesDialog"),
    "impact": (on_app(SCENE, "x"), "ReportDialog"),
    "changes": (edited(SCENE, "d"), "ReportDialog"),
    "open": (on_app(SCENE, "ctrl+o"), "PathDialog"),
    "save-as": (save_as, "PathDialog"),
    "quit": (edited(SCENE, "ctrl+q"), "UnsavedDialog"),
    "leave-whatif": (leave_whatif(SCENE), "LeaveWhatIfDialog"),
    "save-in-whatif": (in_whatif(SCENE, "ctrl+s"), "SaveWhatIfDialog"),
    "clone-site": (on_app(SCENE, "c"), "CloneSiteDialog"),
    "changed-on-disk": (changed_on_disk(SCENE), "ConflictDialog"),
    "comments-dropped": (edited(SCENE, "ctrl+s"), "ConfirmDialog"),
    "recovery": (nothing, "RecoveryDialog"),
    "load-error": (nothing, "LoadErrorDialog"),
}


@pytest.mark.parametrize("dialog", list(DIALOGS))
async def test_dialog_buttons_stay_on_an_80x24_screen(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, dialog: str
) -> None:
    monkeypatch.chdir(tmp_path)
    path = _deep_copy_of_longest(tmp_path)
    if dialog == "load-error":
        # A hundred problems, each quoting a long key.
        path.write_text(
            'format = 1\nname = "p"\n'
            + "".join(f'[apps."{"K" * 250}{i:03}"]\nkind = "{"k" * 60}"\n' for i in range(120))
        )
    elif dialog == "recovery":
        await leave_a_journal(path, SCENE, SIZE)
    setup, screen = DIALOGS[dialog]
    app = WfmApp(str(path))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*await setup(app, pilot, path))
        for _ in range(10):  # bounded: the dialog is up within a few turns of the loop
            if type(app.screen).__name__ == screen and app.screen.query(Button):
                break
            await pilot.pause()
        await pilot.pause()
        assert type(app.screen).__name__ == screen
        assert_buttons_on_screen(app)


# -- what they look like ------------------------------------------------------------------


@pytest.fixture
def _in_repo(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


def _opened(*keys: str) -> Callable[[Any], Awaitable[None]]:
    async def run_before(pilot: Any) -> None:
        await pilot.app.editor.focus_app(WIDE)
        # The centre scrolls to the app once its panels are laid out: let it, before the
        # dialog opens, or the picture behind the dialog depends on timing.
        for _ in range(3):
            await pilot.pause()
        await pilot.press(*keys)
        for _ in range(3):
            await pilot.pause()
        await pilot.wait_for_scheduled_animations()

    return run_before


RELATIVE = "tests/tui/plans/longest.toml"  # the header shows it: the same on every machine


@pytest.mark.usefixtures("_in_repo")
@pytest.mark.parametrize(
    "keys", [("e",), ("r",), ("delete",)], ids=["properties", "rename", "remove"]
)
def test_dialog_with_the_longest_values_at_80x24(snap_compare, keys: tuple[str, ...]) -> None:
    assert snap_compare(WfmApp(RELATIVE), terminal_size=SIZE, run_before=_opened(*keys))
