"""Snapshots at 80x24 of the dialogs of issue 13, in colour and under NO_COLOR (where a state
shows: the kind chosen, a field's problem, the line under the cursor). Regenerate deliberately:
`.venv/bin/pytest tests/tui/test_tui_dialog_snapshots.py --snapshot-update`, then look at them."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Input

from tests import ROOT, SAMPLES
from wfm_tui.tui.app import WfmApp

SIZE = (80, 24)
SAMPLE = "sample_plans/single-site.toml"  # relative: the header is the same on every machine
RunBefore = Callable[[Any], Awaitable[None]]


async def _settle(pilot: Any) -> None:
    # A blinking cursor is drawn or not by the clock: steady, the picture is the same each run.
    for field in pilot.app.screen.query("Input, TextArea"):
        field.cursor_blink = False
    for _ in range(3):
        await pilot.pause()
    await pilot.wait_for_scheduled_animations()


def _on_server(*keys: str, then: Callable[[Any], None] | None = None) -> RunBefore:
    async def run_before(pilot: Any) -> None:
        await pilot.app.editor.focus_app("WFM Server London")
        await _settle(pilot)
        await pilot.press(*keys)
        await _settle(pilot)
        if then is not None:
            then(pilot.app.screen)
            await _settle(pilot)

    return run_before


def _bad_properties(screen: Any) -> None:
    screen.query_one("#backup", Input).value = "WFM Server Leeds"
    screen.query_one("#port", Input).value = "0"


def _no_plan_name(screen: Any) -> None:
    screen.query_one("#plan-name", Input).value = ""


SCENES: dict[str, RunBefore] = {
    "properties": _on_server("e"),
    "properties-problems": _on_server("e", then=_bad_properties),
    "add-builder": _on_server("a", "b"),
    "plan-properties": _on_server("p"),
    "plan-properties-problem": _on_server("p", then=_no_plan_name),
}


@pytest.fixture
def _in_repo(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


@pytest.mark.usefixtures("_in_repo")
@pytest.mark.parametrize("no_color", [False, True], ids=["colour", "no-color"])
@pytest.mark.parametrize("scene", list(SCENES))
def test_dialog_at_80x24(
    snap_compare, monkeypatch: pytest.MonkeyPatch, scene: str, no_color: bool
) -> None:
    if no_color:
        monkeypatch.setenv("NO_COLOR", "1")
    assert snap_compare(WfmApp(SAMPLE), terminal_size=SIZE, run_before=SCENES[scene])


@pytest.fixture
def _in_plans_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "plans"
    (folder / "leeds").mkdir(parents=True)
    text = (SAMPLES / "single-site.toml").read_text("utf-8")
    for name in ("single-site.toml", "multi-site.toml", "minimal.toml"):
        (folder / name).write_text(text, "utf-8")
    (folder / "notes.txt").write_text("not a plan")
    monkeypatch.chdir(tmp_path)


@pytest.mark.usefixtures("_in_plans_folder")
@pytest.mark.parametrize("no_color", [False, True], ids=["colour", "no-color"])
def test_open_dialog_lists_the_plan_files_at_80x24(
    snap_compare, monkeypatch: pytest.MonkeyPatch, no_color: bool
) -> None:
    """ctrl+o, "m", tab: the folder's plans starting with m listed, the cursor on the first."""
    if no_color:
        monkeypatch.setenv("NO_COLOR", "1")

    async def run_before(pilot: Any) -> None:
        await _settle(pilot)
        await pilot.press("ctrl+o")
        await _settle(pilot)
        await pilot.press(*"plans/m", "tab", "down")  # the path typed replaces the selected one
        await _settle(pilot)

    app = WfmApp("plans/single-site.toml")
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)
