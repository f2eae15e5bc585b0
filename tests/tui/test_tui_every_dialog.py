"""Snapshots of every dialog at 80x24, each opened as a user opens it: by keys, on a scratch copy
of the single-site sample. Dialogs that show an on/off state or a choice (checkboxes, buttons
to pick from) are snapshotted under NO_COLOR as well: the state must read without colour.
Not the command palette: Textual's own screen lists what its two sources found in the order
they answered, which differs from run to run. test_tui_dialog_snapshots.py adds the states of
the add, properties, plan properties and open dialogs (a kind chosen, problems, the file list).

Regenerate deliberately: `.venv/bin/pytest tests/tui/test_tui_every_dialog.py
--snapshot-update`, then look at the SVGs before committing them."""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
from textual.pilot import Pilot

from tests import SAMPLES
from tests.tui.dialog_openers import Scene, leave_a_journal
from wfm_tui.core.operations import AddApp
from wfm_tui.core.plan import App
from wfm_tui.files import recovery
from wfm_tui.tui.app import WfmApp

SIZE = (80, 24)
# Relative, in the test's own folder: the header shows it, the same on every machine.
PLAN = "single-site.toml"

# Keys from the start: the navigator's cursor is on the site London; two lines down is the app
# WFM Server London.
ON_SERVER = ("j", "j")
# One unsaved edit by keys: into the server's panel, tick its backup server, back out.
EDIT = (*ON_SERVER, "enter", "space", "escape")

TO_TLS = ("tab", "tab", "tab")

Step = str | Callable[[Path], None]


Prepare = Callable[[Path, pytest.MonkeyPatch], None]


def _changed_by_another_program(path: Path) -> None:
    path.write_text(path.read_text("utf-8").replace("Contoso", "Fabrikam"), "utf-8")


def _with_a_comment(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path.write_text(path.read_text("utf-8") + "# a comment a save drops\n", "utf-8")


def _unreadable(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path.write_text('format = 1\nname = "broken"\n[apps.a.b.c]\n', "utf-8")


def _with_a_journal(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An editor that journaled an edit and went away without saving (a dropped session)."""
    scene = Scene(
        app="WFM Server London",
        group=None,
        edits=(AddApp("DAP Extra", App(kind="dap")),),
        on_disk=("", ""),
    )
    asyncio.run(leave_a_journal(path, scene, SIZE))
    real = recovery.left_for

    # The dialog shows where, when and by which process the journal was written: make those the
    # same on every run (the journal itself, and what it holds, are real).
    def left_for(
        plan_path: str, fingerprint: str | None = None
    ) -> tuple[list[recovery.Recovery], list[recovery.Unusable]]:
        found, unusable = real(plan_path, fingerprint)
        assert len(found) == 1, found
        shown = replace(
            found[0],
            file=Path("/home/ops/plans/.single-site.toml.4242-0123abcd.wfm-recovery"),
            saved_at="2026-01-02T03:04:05+00:00",
            host="ops-vm",
            pid=4242,
        )
        return [shown], unusable

    monkeypatch.setattr(recovery, "left_for", left_for)


@dataclass(frozen=True)
class Case:
    screen: str  # the class of the screen the steps open
    steps: tuple[Step, ...]  # keys, or a change to the plan file while the editor runs
    before: Prepare | None = None  # done to the plan before the editor starts
    no_color: bool = False  # shows an on/off state or a choice: snapshotted under NO_COLOR too


CASES: dict[str, Case] = {
    "help": Case("HelpScreen", ("question_mark",)),
    "filter": Case("EditorScreen", ("slash", *"Server")),
    "add": Case("AddAppDialog", ("a",)),
    "properties": Case("PropertiesDialog", (*ON_SERVER, "e")),
    # Down to the TLS box (site, host, port, TLS), off in the sample; then ticked with space.
    "properties-tls-off": Case("PropertiesDialog", (*ON_SERVER, "e", *TO_TLS), no_color=True),
    "properties-tls-on": Case(
        "PropertiesDialog", (*ON_SERVER, "e", *TO_TLS, "space"), no_color=True
    ),
    "rename": Case("RenameDialog", (*ON_SERVER, "r")),
    "remove": Case("ConfirmDialog", (*ON_SERVER, "delete"), no_color=True),
    # Under NO_COLOR too: what the loss does must read first without colour as well.
    "impact": Case("ReportDialog", (*ON_SERVER, "x"), no_color=True),
    "changes": Case("ReportDialog", (*EDIT, "d")),
    "clone-site": Case("CloneSiteDialog", ("c",), no_color=True),
    "features": Case("FeaturesDialog", ("f",), no_color=True),
    "plan-properties": Case("PlanPropertiesDialog", ("p",)),
    "open": Case("PathDialog", ("ctrl+o",)),
    "save-as": Case("PathDialog", ("ctrl+p", *"save as", "enter")),
    "quit": Case("UnsavedDialog", (*EDIT, "ctrl+q"), no_color=True),
    "leave-whatif": Case("LeaveWhatIfDialog", ("w", *EDIT, "w"), no_color=True),
    "save-in-whatif": Case("SaveWhatIfDialog", ("w", *EDIT, "ctrl+s"), no_color=True),
    "changed-on-disk": Case(
        "ConflictDialog", (*EDIT, _changed_by_another_program, "ctrl+s"), no_color=True
    ),
    "comments-dropped": Case("ConfirmDialog", (*EDIT, "ctrl+s"), _with_a_comment, no_color=True),
    "recovery": Case("RecoveryDialog", (), _with_a_journal, no_color=True),
    "load-error": Case("LoadErrorDialog", (), _unreadable, no_color=True),
}


def _opening(case: Case, path: Path) -> Callable[[Pilot[None]], Awaitable[None]]:
    async def run_before(pilot: Pilot[None]) -> None:
        await pilot.pause()
        for step in case.steps:
            if isinstance(step, str):
                await pilot.press(step)
            else:
                step(path)
        for _ in range(20):  # bounded: the dialog is up within a few turns of the loop
            if type(pilot.app.screen).__name__ == case.screen:
                break
            await pilot.pause()
        assert type(pilot.app.screen).__name__ == case.screen
        # Let it finish composing, laying out and scrolling, or the picture depends on timing.
        for _ in range(3):
            await pilot.pause()
        await pilot.wait_for_scheduled_animations()

    return run_before


def _snapshot(snap_compare, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, dialog: str) -> bool:
    monkeypatch.chdir(tmp_path)
    path = tmp_path / PLAN
    shutil.copy(SAMPLES / PLAN, path)
    case = CASES[dialog]
    if case.before is not None:
        case.before(path, monkeypatch)
    return snap_compare(WfmApp(PLAN), terminal_size=SIZE, run_before=_opening(case, path))


@pytest.mark.parametrize("dialog", list(CASES))
def test_dialog_at_80x24(
    snap_compare, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, dialog: str
) -> None:
    assert _snapshot(snap_compare, tmp_path, monkeypatch, dialog)


@pytest.mark.parametrize("dialog", [name for name, case in CASES.items() if case.no_color])
def test_dialog_at_80x24_without_colour(
    snap_compare, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, dialog: str
) -> None:
    # Textual reads NO_COLOR when the app is made (App.__init__) and then draws every widget
    # through its monochrome filter, the screenshot included.
    monkeypatch.setenv("NO_COLOR", "1")
    assert _snapshot(snap_compare, tmp_path, monkeypatch, dialog)
