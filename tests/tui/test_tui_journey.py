"""The newcomer's journey of issue 3, keyboard only: from a file that does not exist yet to a
valid plan, saved, reopened, and the same."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot

from tests.tui.editor_helpers import panel, panel_lines
from wfm_tui.core.findings import Severity
from wfm_tui.files.plan_file import read_plan
from wfm_tui.tui.app import WfmApp
from wfm_tui.tui.screens.add_app import AddAppDialog
from wfm_tui.tui.widgets.kind_list import KindList
from wfm_tui.tui.widgets.navigator import Navigator

# What to type in the add dialog's kind list to reach each kind (type-ahead).
TYPE_AHEAD = {"wfm_server": "s", "wfm_builder": "b", "dap": "dap", "stat_server": "st"}


async def add_app(app: WfmApp, pilot: Pilot, kind: str, name: str) -> None:
    """a, the kind by type-ahead, tab, the name (replacing the suggested one), enter."""
    await pilot.press("a")
    await pilot.pause()
    dialog = app.screen
    assert isinstance(dialog, AddAppDialog)
    await pilot.press(*TYPE_AHEAD[kind])
    assert dialog.query_one(KindList).value == kind
    await pilot.press("tab", *name, "enter")
    await pilot.pause()
    assert app.editor.document.plan.apps[name].kind == kind


async def tick(app: WfmApp, pilot: Pilot, source: str, kind: str, target: str) -> None:
    """From the navigator, into `source`'s panel, down to `target`, space."""
    await pilot.press("escape")  # back to the navigator
    navigator = app.editor.query_one(Navigator)
    assert app.focused is navigator
    await pilot.press("home")
    for _ in range(len(navigator.lines)):
        scope = navigator.current_scope
        if scope is not None and scope.app == source:
            break
        await pilot.press("down")
    await pilot.press("enter")  # into the panel
    await pilot.pause()
    box = panel(app, source)
    assert app.focused is box
    for _ in range(len(panel_lines(box))):
        if box.current == (kind, target):
            break
        await pilot.press("down")
    assert box.current == (kind, target)
    await pilot.press("space")
    await pilot.pause()
    assert target in app.editor.document.plan.apps[source].connections


async def test_from_nothing_to_a_valid_plan_with_the_keyboard_alone(tmp_path: Path) -> None:
    path = tmp_path / "new-plan.toml"
    app = WfmApp(str(path))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.editor.document.plan.apps == {}
        await add_app(app, pilot, "wfm_server", "WFM Server")
        await add_app(app, pilot, "wfm_builder", "WFM Builder")
        await add_app(app, pilot, "dap", "WFM DAP")
        errors = [f for f in app.editor.document.findings if f.severity is Severity.ERROR]
        assert errors  # nothing is wired yet

        await tick(app, pilot, "WFM Server", "wfm_builder", "WFM Builder")
        await tick(app, pilot, "WFM Server", "dap", "WFM DAP")
        await tick(app, pilot, "WFM Builder", "wfm_server", "WFM Server")
        assert [f for f in app.editor.document.findings if f.severity is Severity.ERROR] == []

        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert path.exists()
        assert not app.editor.document.dirty
        made = app.editor.document.plan
        labels = [line.label.plain for line in app.editor.query_one(Navigator).lines]

    again = WfmApp(str(path))
    async with again.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert again.editor.document.plan.apps == made.apps
        assert [line.label.plain for line in again.editor.query_one(Navigator).lines] == labels
        assert read_plan(path).plan.apps == made.apps
