"""Clone site (c): a valid second site in a few keys, previewed, undone in one step."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from textual.widgets import Button, Input, Static

from tests import ROOT
from wfm_tui.core.findings import Severity
from wfm_tui.editing.layout import Scope
from wfm_tui.files.plan_file import read_plan
from wfm_tui.tui.app import WfmApp
from wfm_tui.tui.commands import EditorCommands
from wfm_tui.tui.screens.clone_site import CloneSiteDialog
from wfm_tui.tui.widgets.navigator import Navigator

# "Add a valid second site Leeds to single-site", as typed: the README gives the count.
NAME = "Leeds"
KEYS = ["c", *NAME, "enter", "ctrl+s"]
KEYSTROKES = len(KEYS) - len(NAME)


def preview_text(app: WfmApp) -> str:
    return str(app.screen.query_one("#clone-preview", Static).render())


def problem_text(app: WfmApp) -> str:
    return str(app.screen.query_one("#site-problem", Static).render())


async def test_a_valid_second_site_in_three_keystrokes_and_its_name(single_site: Path) -> None:
    app = WfmApp(str(single_site))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for key in KEYS:
            await pilot.press(key)
            await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        doc = app.editor.document
        assert not doc.dirty  # saved
        leeds = sorted(name for name, a in doc.plan.apps.items() if a.site == NAME)
        assert len(leeds) == 10  # all of London's but the one Daemon
        assert "WFM Server Leeds" in leeds
        assert [f for f in doc.findings if f.severity is Severity.ERROR] == []
        # The navigator is on the new site, the centre shows it.
        assert app.editor.query_one(Navigator).current_scope == Scope(NAME)
    assert KEYSTROKES == 3 <= 15
    assert read_plan(str(single_site)).plan.apps == doc.plan.apps
    check = subprocess.run(
        [sys.executable, "-m", "wfm_tui", "check", str(single_site)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert check.returncode == 0, check.stdout
    assert check.stdout.strip().endswith("ok, 21 apps, no findings")


async def test_the_preview_shows_the_new_apps_and_the_findings_delta(single_site: Path) -> None:
    app = WfmApp(str(single_site))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, CloneSiteDialog)
        ok = app.screen.query_one("#ok", Button)
        assert ok.disabled
        assert problem_text(app) == "type the new site's name"
        await pilot.press(*"London")
        await pilot.pause()
        assert problem_text(app) == 'the new site must have another name than "London"'
        assert ok.disabled
        app.screen.query_one(Input).value = "Leeds"
        await pilot.pause()
        assert problem_text(app) == ""
        assert not ok.disabled
        shown = preview_text(app)
        # The findings first: below ten apps they were out of sight at 80x24, the one thing
        # to read before enter.
        assert shown.startswith(
            "Findings: no change\n10 apps copied:\n  + WFM Server Leeds  from WFM Server London\n"
        )
        assert "  + WFM Builder 1 Leeds  from WFM Builder 1" in shown
        assert shown.endswith("Not copied (at most one per plan, shared): WFM Daemon")
        scroll = app.screen.query_one("#clone-preview-scroll")
        assert scroll.scroll_offset.y == 0
        assert scroll.size.height >= 1
        assert scroll.max_scroll_y > 0  # the apps go past what is shown: they scroll
        # At 80x24 the preview scrolls: the name and the buttons stay in the box, in view.
        box = app.screen.query_one(".box").region
        assert box.bottom <= 24
        for widget in (app.screen.query_one(Input), ok):
            assert box.contains_region(widget.region), widget
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is app.editor
        assert "WFM Server Leeds" not in app.editor.document.plan.apps


async def test_a_clone_with_new_findings_says_so_and_undoes_in_one_step(tmp_path: Path) -> None:
    path = tmp_path / "two.toml"
    path.write_text(
        'format = 1\nname = "Two"\n[features]\nmulti_site = true\n'
        '[apps."WFM Server A"]\nkind = "wfm_server"\nsite = "A"\nconnections = ["D"]\n'
        '[apps.D]\nkind = "dap"\n'
    )
    app = WfmApp(str(path))
    async with app.run_test(size=(80, 24)) as pilot:
        before = app.editor.document.plan
        await pilot.press("c", "B")
        await pilot.pause()
        shown = preview_text(app)
        assert "  + WFM Server B  from WFM Server A" in shown
        # The findings before the apps, in the lines the preview shows without scrolling.
        lines = shown.split("\n")
        assert lines[0].startswith("Findings: 2 new errors")
        findings = lines[1 : lines.index("1 app copied:")]
        assert any(line.startswith("  + error[multi-site-split]") for line in findings)
        await pilot.press("enter")
        await pilot.pause()
        assert set(app.editor.document.plan.apps) == {"WFM Server A", "WFM Server B", "D"}
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert app.editor.document.plan == before


async def test_clone_site_needs_a_site_under_the_cursor(tmp_path: Path) -> None:
    path = tmp_path / "nosite.toml"
    path.write_text('format = 1\nname = "n"\n[apps.D]\nkind = "dap"\n')
    app = WfmApp(str(path))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.editor.query_one(Navigator).current_scope == Scope(None)  # (no site)
        assert app.editor.check_action("clone_site", ()) is None
        await pilot.press("c")
        await pilot.pause()
        assert app.screen is app.editor
        await pilot.press("ctrl+p")
        await pilot.pause()
        available, _, _ = EditorCommands(app.screen)._entry("Clone site…", "clone_site", "")
        assert not available
