"""Pilot tests of files: canonical save, comments warning, failed saves, quit, load errors."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Static

from tests import SAMPLES
from tests.tui.editor_helpers import (
    answer_path_dialog,
    click_laid_out,
    link_list,
    notifications,
    until,
)
from tests.tui.test_tui_dialog_sizes import assert_buttons_on_screen
from wfm_tui.core.operations import AddApp
from wfm_tui.core.plan import App
from wfm_tui.files.plan_file import dump_plan, read_plan
from wfm_tui.tui.app import WfmApp
from wfm_tui.tui.screens.dialogs import (
    ConfirmDialog,
    LoadErrorDialog,
    PathDialog,
    UnsavedDialog,
)
from wfm_tui.tui.screens.safety_dialogs import ConflictDialog


async def _untick_first_builder(app: WfmApp, pilot) -> None:
    builders = link_list(app, "WFM Server London", "wfm_builder")
    builders.focus(0)
    await pilot.press("space")
    await pilot.pause()


async def test_save_writes_the_canonical_file(
    app: WfmApp, pilot: Pilot[None], single_site: Path
) -> None:
    await _untick_first_builder(app, pilot)
    doc = app.editor.document
    assert doc.dirty
    await pilot.press("ctrl+s")
    await app.workers.wait_for_complete()
    await pilot.pause()
    assert not doc.dirty
    assert app.editor.title == "Contoso, single site"
    assert single_site.read_text("utf-8") == dump_plan(doc.plan, doc.catalog)
    assert read_plan(single_site).plan == doc.plan


async def test_save_keeps_the_schema_directive_without_asking(tmp_path: Path) -> None:
    # `#:schema` is the one comment the writer keeps: no "comments will be lost" question.
    path = tmp_path / "plan.toml"
    directive = "#:schema ../wfm-plan.schema.json\n"
    path.write_text(directive + (SAMPLES / "single-site.toml").read_text("utf-8"), "utf-8")
    app = WfmApp(str(path))
    async with app.run_test(size=(120, 40)) as pilot:
        await _untick_first_builder(app, pilot)
        doc = app.editor.document
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert not isinstance(app.screen, ConfirmDialog)
        assert not doc.dirty
        assert path.read_text("utf-8") == directive + dump_plan(doc.plan, doc.catalog)


async def test_first_save_over_comments_asks(tmp_path: Path) -> None:
    path = tmp_path / "broken.toml"
    shutil.copy(SAMPLES / "broken.toml", path)
    original = path.read_text("utf-8")
    app = WfmApp(str(path))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        assert "comments" in app.screen.message.plain
        await click_laid_out(app, pilot, "#cancel")
        await app.workers.wait_for_complete()
        assert path.read_text("utf-8") == original
        await pilot.press("ctrl+s")
        await pilot.pause()
        await click_laid_out(app, pilot, "#confirm")
        await app.workers.wait_for_complete()
        assert "#" not in path.read_text("utf-8")
        # Once dropped, later saves do not ask again.
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        assert not isinstance(app.screen, ConfirmDialog)


async def test_failed_save_keeps_the_edits(tmp_path: Path) -> None:
    path = tmp_path / "missing-folder" / "plan.toml"
    app = WfmApp(str(path))
    async with app.run_test(size=(120, 40)) as pilot:
        assert app.editor.document.plan.apps == {}
        await app.editor.apply(AddApp("DAP", App(kind="dap")))
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        doc = app.editor.document
        assert doc.dirty
        assert "DAP" in doc.plan.apps
        assert not path.exists()
        errors = [n for n in notifications(app) if n.severity == "error"]
        assert errors
        assert "does not exist" in errors[-1].message
        assert app.editor.title.endswith("*")


async def test_new_path_is_created_on_first_save(tmp_path: Path) -> None:
    path = tmp_path / "new.toml"
    app = WfmApp(str(path))
    async with app.run_test(size=(120, 40)) as pilot:
        assert any("first save" in n.message for n in notifications(app))
        await app.editor.apply(AddApp("DAP", App(kind="dap")))
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        assert read_plan(path).plan.apps.keys() == {"DAP"}


async def test_untitled_plan_saves_as(tmp_path: Path) -> None:
    target = tmp_path / "chosen.toml"
    app = WfmApp(None)
    async with app.run_test(size=(120, 40)) as pilot:
        assert app.editor.sub_title.startswith("untitled")
        await app.editor.apply(AddApp("DAP", App(kind="dap")))
        await pilot.press("ctrl+s")
        await pilot.pause()
        await answer_path_dialog(app, pilot, target)
        assert target.exists()
        assert app.editor.document.path == str(target)
        assert not app.editor.document.dirty


async def test_file_names_never_reach_the_terminal_unescaped(tmp_path: Path) -> None:
    """A folder or file name holding an escape sequence (anyone may make one in a shared
    folder) is shown escaped: in the path list's title and in the question to replace it."""
    folder = tmp_path / "e\x1b]2;PWNED\x07"
    folder.mkdir()
    target = folder / "x\x1b[2J.toml"
    target.write_text("")
    app = WfmApp(str(shutil.copy(SAMPLES / "single-site.toml", tmp_path / "p.toml")))
    async with app.run_test(size=(120, 40)) as pilot:
        app.call_later(app.editor.run_action, "save_as")
        await pilot.pause()
        assert isinstance(app.screen, PathDialog)
        app.screen.query_one(Input).value = f"{folder}/"
        await pilot.pause()
        title = str(app.screen.query_one("#path-list-title", Static).visual)
        assert "\x1b" not in title
        app.screen.query_one(Input).value = str(target)
        await pilot.press("enter")
        for _ in range(10):  # bounded: the question is up within a few turns
            if isinstance(app.screen, ConfirmDialog):
                break
            await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        shown = " ".join(str(s.visual) for s in app.screen.query(Static))
        assert "\x1b" not in shown
        assert "\\x1b[2J.toml exists" in shown


@pytest.mark.parametrize("name", ["a\x1b]2;PWNED\x07.toml", "e\x1b[31m/p.toml"])
async def test_a_path_that_would_act_on_the_terminal_does_not_start_the_field(
    tmp_path: Path, name: str
) -> None:
    """Save as starts from the plan's path; the field shows its text as it is, so a name
    with an escape sequence starts it at the nearest folder whose name is safe."""
    path = tmp_path / name
    path.parent.mkdir(exist_ok=True)
    shutil.copy(SAMPLES / "single-site.toml", path)
    app = WfmApp(str(path))
    async with app.run_test(size=(120, 40)) as pilot:
        app.call_later(app.editor.run_action, "save_as")
        await pilot.pause()
        assert isinstance(app.screen, PathDialog)
        assert app.screen.query_one(Input).value == f"{tmp_path}/"


async def test_quit_asks_when_unsaved(single_site: Path) -> None:
    app = WfmApp(str(single_site))
    async with app.run_test(size=(120, 40)) as pilot:
        await _untick_first_builder(app, pilot)
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, UnsavedDialog)
        await click_laid_out(app, pilot, "#cancel")
        await pilot.pause()
        assert app.is_running
        assert app.editor.document.dirty
        await pilot.press("ctrl+q")
        await pilot.pause()
        await click_laid_out(app, pilot, "#discard")
        await pilot.pause()
    assert not app.is_running
    assert single_site.read_text("utf-8") == (SAMPLES / "single-site.toml").read_text("utf-8")


async def test_the_quit_question_answers_to_keys(single_site: Path) -> None:
    app = WfmApp(str(single_site))
    async with app.run_test(size=(120, 40)) as pilot:
        await _untick_first_builder(app, pilot)
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert getattr(app.focused, "id", None) == "save"
        await pilot.press("right")  # the arrows move between the buttons
        assert getattr(app.focused, "id", None) == "discard"
        await pilot.press("left")
        assert getattr(app.focused, "id", None) == "save"
        await pilot.press("c")  # cancel
        await pilot.pause()
        assert app.is_running
        assert app.editor.document.dirty
        await pilot.press("ctrl+q")
        await pilot.pause()
        await pilot.press("d")  # discard
        await pilot.pause()
    assert not app.is_running
    assert single_site.read_text("utf-8") == (SAMPLES / "single-site.toml").read_text("utf-8")


async def test_quit_can_save_first(single_site: Path) -> None:
    app = WfmApp(str(single_site))
    async with app.run_test(size=(120, 40)) as pilot:
        await _untick_first_builder(app, pilot)
        plan = app.editor.document.plan
        await pilot.press("ctrl+q")
        await pilot.pause()
        await click_laid_out(app, pilot, "#save")
        await app.workers.wait_for_complete()
    assert not app.is_running
    assert read_plan(single_site).plan == plan


async def test_quit_without_changes_does_not_ask(single_site: Path) -> None:
    app = WfmApp(str(single_site))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert not app.is_running


async def test_load_error_offers_open_or_new(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('format = 1\nname = "x"\n[apps.A]\nkind = "wfm_server"\nport = "7000"\n')
    app = WfmApp(str(bad))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, LoadErrorDialog)
        assert f"{bad}:5:" in dialog.error  # path:line:col, as `check` prints it
        await click_laid_out(app, pilot, "#open")
        await pilot.pause()
        await answer_path_dialog(app, pilot, SAMPLES / "single-site.toml")
        assert app.editor.document.plan.name == "Contoso, single site"


async def test_load_error_new_plan(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("format = \n")
    app = WfmApp(str(bad))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, LoadErrorDialog)
        await click_laid_out(app, pilot, "#new")
        await pilot.pause()
        assert app.editor.document.plan.apps == {}
        assert app.editor.document.path is None


async def test_open_asks_before_dropping_changes(app: WfmApp, pilot: Pilot[None]) -> None:
    await _untick_first_builder(app, pilot)
    await pilot.press("ctrl+o")
    await pilot.pause()
    assert isinstance(app.screen, UnsavedDialog)
    await click_laid_out(app, pilot, "#discard")
    await pilot.pause()
    await answer_path_dialog(app, pilot, SAMPLES / "broken.toml")
    assert app.editor.document.plan.name == "Broken on purpose"
    assert not app.editor.document.undo_stack


async def test_save_as_onto_the_plan_by_another_name_asks_what_a_save_asks(
    single_site: Path,
) -> None:
    """A link or a hard link to the plan: save as asked only "Replace it?",
    and went over a colleague's changes on disk without a word (and over comments too)."""
    theirs = single_site.read_text("utf-8").replace("Contoso", "Changed by a colleague")
    link = single_site.with_name("link.toml")
    link.symlink_to(single_site.name)
    app = WfmApp(str(single_site))
    async with app.run_test(size=(120, 40)) as pilot:
        await app.editor.apply(AddApp("DAP Mine", App(kind="dap")))
        single_site.write_text(theirs, "utf-8")
        app.editor.action_save_as()
        await until(pilot, lambda: isinstance(app.screen, PathDialog))
        app.screen.query_one(Input).value = str(link)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, ConflictDialog))
        await click_laid_out(app, pilot, "#cancel")
        await app.workers.wait_for_complete()
        assert single_site.read_text("utf-8") == theirs
        assert app.editor.document.dirty


async def test_a_plan_replaced_by_a_link_says_where_overwriting_writes(single_site: Path) -> None:
    """The plan replaced by a link to another plan while open (a checkout, a colleague): the
    dialog said only "changed on disk", and Overwrite wrote the other plan, never named."""
    folder = single_site.parent / ("d" * 250) / ("e" * 250)
    folder.mkdir(parents=True)
    shared = folder / "shared.toml"
    shared.write_text((SAMPLES / "multi-site.toml").read_text("utf-8"), "utf-8")
    app = WfmApp(str(single_site))
    async with app.run_test(size=(80, 24)) as pilot:
        await app.editor.apply(AddApp("DAP Mine", App(kind="dap")))
        single_site.unlink()
        single_site.symlink_to(shared)
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, ConflictDialog))
        message = str(app.screen.query_one("#conflict-message", Static).render())
        assert f"It is a link to {shared}: overwriting writes that file." in message
        assert_buttons_on_screen(app)  # at 80x24, with both paths long
