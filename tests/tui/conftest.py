"""Fixtures for the editor tests: plan files to open, and the editor on the single-site sample
(`app`, and `pilot` driving it at 120x40). Helpers that reach into the screen are in
tests/tui/editor_helpers.py."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from textual.pilot import Pilot

from tests import SAMPLES
from tests.tui import PLANS
from wfm_tui.tui.app import WfmApp


@pytest.fixture(autouse=True)
def state_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Recovery files of untitled plans go under XDG_STATE_HOME: never the user's own."""
    home = tmp_path / "xdg-state"
    monkeypatch.setenv("XDG_STATE_HOME", str(home))
    return home


@pytest.fixture(autouse=True)
def config_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The keymap file is read from XDG_CONFIG_HOME: never the user's own."""
    home = tmp_path / "xdg-config"
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home))
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
def multi_site(tmp_path: Path) -> Path:
    """A scratch copy of the multi-site sample (three sites, three Data Aggregators)."""
    path = tmp_path / "multi-site.toml"
    path.write_text((SAMPLES / "multi-site.toml").read_text("utf-8"), "utf-8")
    return path


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    """A scratch copy of the broken sample (one app of each kind, links missing)."""
    path = tmp_path / "broken.toml"
    path.write_text((SAMPLES / "broken.toml").read_text("utf-8"), "utf-8")
    return path


@pytest.fixture
def app(single_site: Path) -> WfmApp:
    """The editor on a scratch copy of the single-site sample, not started: `pilot` starts it."""
    return WfmApp(str(single_site))


@pytest.fixture
async def pilot(app: WfmApp) -> AsyncIterator[Pilot[None]]:
    """`app` running headless at 120x40, the size most editor tests use. An exception in the app
    fails the test at teardown, as it does on leaving `run_test` in the test itself."""
    async with app.run_test(size=(120, 40)) as pilot:
        yield pilot


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
