"""Fixtures for the editor tests: plan files to open, and helpers to reach into the screen."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from wfm_tui.tui.app import WfmApp
from wfm_tui.tui.screens.editor import EditorScreen
from wfm_tui.tui.widgets.app_panel import AppPanel
from wfm_tui.tui.widgets.centre import Centre

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "sample_plans"
PLANS = Path(__file__).resolve().parent / "plans"

# Every markup-like string the issue names: each must show as typed and trigger nothing.
MARKUP_NAMES = ("[b]x[/b]", "[@click=app.quit]x", "[/", "x[/y")


@pytest.fixture(autouse=True)
def state_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Recovery files of untitled plans go under XDG_STATE_HOME: never the user's own."""
    home = tmp_path / "xdg-state"
    monkeypatch.setenv("XDG_STATE_HOME", str(home))
    return home


@pytest.fixture(autouse=True)
def no_journals_left_in_the_repository() -> Iterator[None]:
    """Tests that edit a plan of the repository in place and end with unsaved edits leave a
    recovery file beside it (as a dropped session would): remove it, or the next test to open
    that plan is offered to restore it."""
    folders = (SAMPLES, PLANS)
    before = {f for folder in folders for f in folder.glob(".*")}
    yield
    for folder in folders:
        for file in folder.glob(".*"):
            if file not in before and file.name.endswith((".wfm-recovery", ".wfm-lock")):
                file.unlink(missing_ok=True)


@pytest.fixture
def single_site(tmp_path: Path) -> Path:
    """A scratch copy of the single-site sample, safe to save over."""
    path = tmp_path / "single-site.toml"
    path.write_text((SAMPLES / "single-site.toml").read_text("utf-8"), "utf-8")
    return path


@pytest.fixture
def radio_plan(tmp_path: Path) -> Path:
    """A server with one DAP linked and a second DAP free: the DAP group is a radio group."""
    path = tmp_path / "radio.toml"
    path.write_text(
        'format = 1\nname = "Radio"\n\n'
        '[apps.S]\nkind = "wfm_server"\nconnections = ["B", "D1"]\n\n'
        '[apps.B]\nkind = "wfm_builder"\nconnections = ["S"]\n\n'
        '[apps.D1]\nkind = "dap"\n\n'
        '[apps.D2]\nkind = "dap"\n',
        "utf-8",
    )
    return path


def editor(app: WfmApp) -> EditorScreen:
    return app.editor


def panel(app: WfmApp, name: str) -> AppPanel:
    found = app.editor.query_one(Centre).panel_of(name)
    assert found is not None, f"no panel for {name!r}"
    return found


@dataclass
class Checklist:
    """One checklist group of a panel, as the tests drive it."""

    panel: AppPanel
    target_kind: str

    @property
    def radio(self) -> bool:
        return self.panel.groups[self.target_kind].is_radio

    @property
    def candidates(self) -> tuple[str, ...]:
        return self.panel.candidates(self.target_kind)

    @property
    def selected(self) -> list[str]:
        return self.panel.ticked(self.target_kind)

    def prompts(self) -> list[str]:
        return [option.label for option in self.panel.options(self.target_kind)]

    def focus(self, index: int = 0) -> None:
        """Focus the panel with its cursor on entry `index` of this group."""
        self.panel.focus_group(self.target_kind, index)

    @property
    def has_cursor(self) -> bool:
        """Whether the keys go to this group: its panel is focused and the cursor is in it."""
        current = self.panel.current
        return self.panel.has_focus and current is not None and current[0] == self.target_kind


def link_list(app: WfmApp, name: str, target_kind: str) -> Checklist:
    the_panel = panel(app, name)
    assert target_kind in the_panel.groups or target_kind == "(stray)", target_kind
    return Checklist(the_panel, target_kind)


def header_text(app: WfmApp, name: str, target_kind: str) -> str:
    """The plain text of the group header shown above `target_kind`'s checklist."""
    return panel(app, name).header_text(target_kind)
