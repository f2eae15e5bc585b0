"""Pilot tests of what the restore offer makes of journals that are not a dropped session's:
one another editor, still running, is writing."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import tomli
import tomli_w
from textual.widgets import Static

from tests.tui.editor_helpers import click_laid_out, notifications, recovery_offered, until
from wfm_tui.core.operations import AddApp
from wfm_tui.core.plan import App
from wfm_tui.files import recovery
from wfm_tui.files.plan_file import dump_plan, read_plan, text_fingerprint
from wfm_tui.tui.app import WfmApp

SIZE = (120, 40)


def _journal_of(path: Path, pid: int, session: str | None = "4242-0000beef") -> Path:
    """A journal of `path` with one app more, as the editor process `pid` writes it (0: as
    this test process, a session that ended; no session: the single name of earlier versions)."""
    loaded = read_plan(path)
    plan = AddApp("DAP Elsewhere", App(kind="dap")).apply(loaded.plan)
    file = recovery.beside(str(path), session)
    recovery.write(file, dump_plan(plan, loaded.catalog), str(path), text_fingerprint(loaded.text))
    record = dict(tomli.loads(file.read_text("utf-8")))
    record["pid"] = pid or record["pid"]
    file.write_text(tomli_w.dumps(record, multiline_strings=True), "utf-8")
    return file


@pytest.fixture
def other_editor() -> Iterator[subprocess.Popen[bytes]]:
    """A live process of this host, standing for another editor on the plan."""
    process = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])
    yield process
    process.kill()
    process.wait()


def _message(app: WfmApp) -> str:
    return str(app.screen.query_one("#recovery-message", Static).render())


async def test_the_journal_of_an_editor_still_running_is_copied_never_taken(
    single_site: Path, other_editor: subprocess.Popen[bytes]
) -> None:
    """Another editor's journal was offered as a dropped session's: discarding it deleted the
    journal of edits still open there, and restoring it made it this session's, removed by its
    first journal write or its save. Either left that editor's edits unjournaled."""
    file = _journal_of(single_site, other_editor.pid)
    kept = file.read_text("utf-8")
    app = WfmApp(str(single_site))
    async with app.run_test(size=SIZE) as pilot:
        await recovery_offered(app, pilot)
        message = _message(app)
        assert f"process {other_editor.pid}" in message
        assert "is still running" in message
        assert not app.screen.query("#discard")
        await until(pilot, lambda: app.screen.focused is not None)  # given once laid out
        assert app.screen.focused is app.screen.query_one("#keep")
        await click_laid_out(app, pilot, "#restore")
        await until(pilot, lambda: "DAP Elsewhere" in app.editor.document.plan.apps)
        assert app.editor.document.dirty
        journal = app.journal_now()  # this session's own journal
        assert journal is not None
        assert journal != file
        await pilot.press("ctrl+s")
        await until(pilot, lambda: not app.editor.document.dirty)
        await app.workers.wait_for_complete()
        assert "DAP Elsewhere" in read_plan(single_site).plan.apps
        assert not journal.exists()
    assert file.read_text("utf-8") == kept  # the other editor's, untouched


async def test_the_journal_of_an_editor_that_ended_is_offered_as_ever(
    single_site: Path, other_editor: subprocess.Popen[bytes]
) -> None:
    file = _journal_of(single_site, other_editor.pid)
    other_editor.kill()
    other_editor.wait()
    app = WfmApp(str(single_site))
    async with app.run_test(size=SIZE) as pilot:
        await recovery_offered(app, pilot)
        assert "still running" not in _message(app)
        await click_laid_out(app, pilot, "#discard")
        await until(pilot, lambda: not file.exists())


async def test_the_journal_of_a_plan_renamed_after_its_session_dropped_is_offered(
    single_site: Path,
) -> None:
    """`mv plan.toml new.toml` (or `git mv`) after a dropped session: the journal, a hidden file
    named for the old name, was never offered again. It is, when the file it names is gone and
    the edits started from the file opened."""
    file = _journal_of(single_site, 0)
    moved = single_site.with_name("renamed.toml")
    single_site.rename(moved)
    app = WfmApp(str(moved))
    async with app.run_test(size=SIZE) as pilot:
        await recovery_offered(app, pilot)
        message = _message(app)
        assert f"They were made to {single_site}, which is no longer there" in message
        await click_laid_out(app, pilot, "#restore")
        await until(pilot, lambda: "DAP Elsewhere" in app.editor.document.plan.apps)
        await pilot.press("ctrl+s")
        await until(pilot, lambda: not file.exists())
        assert "DAP Elsewhere" in read_plan(moved).plan.apps
        assert not single_site.exists()  # the save went where the plan is now


async def test_the_journal_of_a_plan_moved_to_another_folder_is_offered(
    single_site: Path,
) -> None:
    """`mv plan.toml archive/` after a dropped session: the journal stayed, hidden, in the old
    folder, and was never offered again. The state folder points to it."""
    file = _journal_of(single_site, 0)
    folder = single_site.parent / "archive"
    folder.mkdir()
    moved = folder / single_site.name
    single_site.rename(moved)
    app = WfmApp(str(moved))
    async with app.run_test(size=SIZE) as pilot:
        await recovery_offered(app, pilot)
        assert f"They were made to {single_site}, which is no longer there" in _message(app)
        await click_laid_out(app, pilot, "#restore")
        await until(pilot, lambda: "DAP Elsewhere" in app.editor.document.plan.apps)
        await pilot.press("ctrl+s")
        await until(pilot, lambda: not file.exists())
        assert "DAP Elsewhere" in read_plan(moved).plan.apps
    assert recovery.left_for(str(moved), read_plan(moved).fingerprint) == ([], [])


async def test_a_journal_of_another_plan_is_not_offered(single_site: Path) -> None:
    """A journal whose plan is there, or whose edits started from another file, is that plan's."""
    other = single_site.with_name("other.toml")
    other.write_text(single_site.read_text("utf-8"), "utf-8")
    _journal_of(other, 0, session=None)
    gone = single_site.with_name("gone.toml")
    gone.write_text(single_site.read_text("utf-8").replace("Contoso", "Fabrikam"), "utf-8")
    _journal_of(gone, 0, session=None)
    gone.unlink()
    app = WfmApp(str(single_site))
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.screen is app.editor


async def test_an_older_journal_of_the_restored_session_goes_with_it(single_site: Path) -> None:
    """The journal beside the plan that a session could no longer remove (its folder turned
    read-only) was offered again after its newer one, in the state folder, was restored and
    saved: as another session's edits, older ones."""
    older = _journal_of(single_site, 0)
    newer = recovery.in_state_folder(str(single_site), "4242-0000beef")
    newer.parent.mkdir(parents=True, exist_ok=True)
    record = dict(tomli.loads(older.read_text("utf-8")))
    record["saved_at"] = "9999-01-01T00:00:00+00:00"
    newer.write_text(tomli_w.dumps(record, multiline_strings=True), "utf-8")
    newer.chmod(0o600)
    app = WfmApp(str(single_site))
    async with app.run_test(size=SIZE) as pilot:
        await recovery_offered(app, pilot)
        assert "recovery files" not in _message(app)  # one session, one offer
        await click_laid_out(app, pilot, "#restore")
        await until(pilot, lambda: "DAP Elsewhere" in app.editor.document.plan.apps)
        await pilot.press("ctrl+s")
        await until(pilot, lambda: not newer.exists() and not older.exists())


async def test_a_start_on_a_file_says_that_an_untitled_plans_edits_are_kept(
    single_site: Path,
) -> None:
    """A dropped session on an untitled plan, then `wfm-tui plan.toml` (the name meant for
    it): its journal is offered only to a start without a file, and nothing said it was there."""
    untitled = recovery.in_state_folder(None, "4242-0000beef")
    recovery.write(untitled, 'format = 1\nname = "Started untitled"\n', None, None)
    app = WfmApp(str(single_site))
    async with app.run_test(size=SIZE) as pilot:
        said = (
            "Unsaved edits of an untitled plan are kept in 1 recovery file: start wfm-tui "
            "without a file to restore them."
        )
        await until(pilot, lambda: said in [n.message for n in notifications(app)])
        assert app.screen is app.editor  # told, not asked: the plan opened is this one
    assert untitled.exists()
