"""Pilot tests of the screen: markup-safe rendering, small terminals, palette, help, the CLI."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from textual.command import CommandPalette
from textual.widgets import Input, OptionList

from tests import ROOT, SAMPLES
from tests.tui import PLANS
from tests.tui.editor_helpers import (
    MARKUP_NAMES,
    help_keys,
    link_list,
    notifications,
    panel,
    site_labels,
)
from wfm_tui.cli import main as cli_main
from wfm_tui.core.operations import RenameApp
from wfm_tui.tui.app import WfmApp
from wfm_tui.tui.screens.add_app import AddAppDialog
from wfm_tui.tui.screens.help import HelpScreen
from wfm_tui.tui.widgets.findings_pane import FindingsPane
from wfm_tui.tui.widgets.navigator import Navigator

MARKUP_PLAN = PLANS / "markup.toml"


async def test_markup_like_strings_show_literally_everywhere() -> None:
    app = WfmApp(str(MARKUP_PLAN))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        editor = app.editor
        assert editor.title == "[b]Plan[/b] x[/y"
        navigator = editor.query_one(Navigator)
        labels = {line.label.plain for line in navigator.lines if line.scope.app is not None}
        assert labels == {
            f"✓ {MARKUP_NAMES[1]}",
            f"✓ {MARKUP_NAMES[2]}",
            f"✓ {MARKUP_NAMES[3]}",
        } | {f"✗ {MARKUP_NAMES[0]}"}
        sites = site_labels(navigator)
        assert sites == ["✗ [@click=app.quit]site (4)"]

        server = panel(app, "[b]x[/b]")
        # What is painted, line by line: the strips, not only the model behind them.
        painted = [server.render_line(y).text.rstrip() for y in range(server.size.height)]
        assert painted[0].startswith("✗ [b]x[/b]  WFM Server")
        details = "\n".join(painted[1:3])
        assert "[@click=app.quit]site" in details
        assert "[b]host:7000" in details
        assert "[red]note[/red] [@click=app.quit]click" in details

        builders = link_list(app, "[b]x[/b]", "wfm_builder")
        assert builders.prompts() == ["[X] [@click=app.quit]x"]
        assert "  [X] [@click=app.quit]x" in painted
        assert builders.selected == ["[@click=app.quit]x"]
        dap = link_list(app, "[b]x[/b]", "dap")
        assert dap.prompts()[0].endswith(") [/")
        stray = link_list(app, "[b]x[/b]", "(stray)")
        assert stray.prompts() == ["[X] [link=file:///etc]y"]
        assert "  [X] [link=file:///etc]y" in painted

        findings = editor.query_one(FindingsPane)
        options = findings.query_one(OptionList)
        shown = str(options.get_option_at_index(0).prompt)
        assert '"[link=file:///etc]y"' in shown
        assert '"[b]x[/b]"' in shown

        # Acting on them triggers nothing: ticking, choosing, renaming, undoing.
        builders.focus(0)
        await pilot.press("space", "space")
        options.focus()
        options.highlighted = 0
        await pilot.press("enter")
        await pilot.click(server, offset=(3, 4))  # a header line
        await editor.apply(RenameApp("x[/y", "[@click=app.quit]y"))
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert app.is_running
        messages = [n.message for n in notifications(app)]
        assert any('"[@click=app.quit]y"' in m for m in messages)
        assert all(n.markup is False for n in notifications(app) if "[" in n.message)


async def test_failed_operation_notification_is_literal(tmp_path: Path) -> None:
    app = WfmApp(str(MARKUP_PLAN))
    async with app.run_test(size=(120, 40)) as pilot:
        await app.editor.apply(RenameApp("[/", "x[/y"))  # taken: an error notification
        await pilot.pause()
        note = notifications(app)[-1]
        assert note.severity == "error"
        assert note.markup is False
        assert '"x[/y"' in note.message
        assert app.is_running


async def test_small_terminal_asks_to_resize() -> None:
    app = WfmApp(str(SAMPLES / "single-site.toml"))
    async with app.run_test(size=(70, 20)) as pilot:
        await pilot.pause()
        assert app.editor.has_class("-too-small")
        assert app.editor.query_one("#too-small").display
        assert not app.editor.query_one("#body").display
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert not app.editor.has_class("-too-small")
        assert app.editor.query_one("#body").display


async def test_palette_finds_actions_by_name(tmp_path: Path) -> None:
    app = WfmApp(str(SAMPLES / "single-site.toml"))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"add app")
        await app.screen.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, AddAppDialog)


async def test_palette_offers_only_what_can_run_now() -> None:
    from wfm_tui.tui.commands import EditorCommands

    app = WfmApp(str(SAMPLES / "single-site.toml"))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        provider = EditorCommands(app.screen)
        names = [name for name, _, _ in provider._actions()]
        assert "Clear the filter" not in names  # there is no filter
        assert "Filter apps" in names
        await pilot.press("escape", "slash", "x")
        await pilot.pause()
        assert "Clear the filter" in [name for name, _, _ in provider._actions()]


async def test_palette_goes_to_an_app(tmp_path: Path) -> None:
    app = WfmApp(str(MARKUP_PLAN))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"go to app [/")
        await app.screen.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert app.editor.current_app == "[/"


async def test_help_lists_the_keys() -> None:
    app = WfmApp(None)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        help_screen = app.screen
        everywhere = help_keys(help_screen, "Everywhere")
        navigator = help_keys(help_screen, "In the navigator")
        in_panel = help_keys(help_screen, "In a panel")
        assert navigator["enter"].startswith("On an app, go into its panel")
        assert navigator["left / h"] == "Fold a site or kind, or go up to it"
        assert navigator["space"] == "Fold or unfold a site or kind"
        assert navigator["q"].startswith("Quit, as ctrl+q does")
        assert everywhere["ctrl+s"].startswith("Save the plan")
        assert everywhere["?"] == "Every key, area by area, and how the editor works"
        assert everywhere["ctrl+q"].startswith("Quit; asks to save")
        assert everywhere["/"] == "List only the apps whose name contains a text"
        assert everywhere["tab"] == "Next area: navigator, panels, findings"
        assert in_panel["space"] == "Tick or untick the target"
        assert in_panel["down / j"].startswith("Next target")
        assert help_keys(help_screen, "In the findings")["enter"].startswith("Go to the finding's")
        # A sentence each, not a word.
        for _, keys in help_screen.sections:
            for key, sentence in keys:
                assert len(sentence.split()) >= 3, (key, sentence)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen)


async def test_actions_on_no_app_warn(tmp_path: Path) -> None:
    app = WfmApp(None)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("r")
        await pilot.pause()
        assert app.screen is app.editor  # no app: rename is unavailable, and does nothing
        assert app.editor.check_action("rename_app", ()) is None
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, AddAppDialog)
        app.screen.query_one("#name", Input).value = "Only"
        await pilot.press("enter")
        await pilot.pause()
        assert "Only" in app.editor.document.plan.apps


def test_check_never_imports_textual() -> None:
    code = (
        "import sys; from wfm_tui.cli.main import main; "
        "main(['check', 'sample_plans/single-site.toml']); "
        "assert 'textual' not in sys.modules, 'textual imported'"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize(("argv", "mouse"), [(["--no-mouse"], False), ([], True)])
def test_no_mouse_flag_reaches_app_run(monkeypatch, argv: list[str], mouse: bool) -> None:
    seen: dict[str, object] = {}

    def fake_run(self: WfmApp, **kwargs: object) -> None:
        seen.update(kwargs, path=self.path)

    monkeypatch.setattr(WfmApp, "run", fake_run)
    monkeypatch.setattr(cli_main, "on_a_terminal", lambda: True)
    assert cli_main.main([*argv, "plan.toml"]) == 0
    assert seen == {"mouse": mouse, "path": "plan.toml"}
