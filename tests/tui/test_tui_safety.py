"""Pilot tests of the safety net: no silent overwrite, failed saves, the recovery journal, the
restore offer, signals and the session lock."""

from __future__ import annotations

import errno
import os
import shutil
import signal
import socket
import stat
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
import tomli
import tomli_w
from textual.widgets import Button, Input, Static

from tests.special_files import make, unblocked_after
from tests.tui.editor_helpers import click_laid_out, notifications, until
from wfm_tui.core.operations import AddApp
from wfm_tui.core.plan import App
from wfm_tui.editing import journal as safety
from wfm_tui.files import recovery, session_lock
from wfm_tui.files.plan_file import dump_plan, read_plan, text_fingerprint
from wfm_tui.tui import safety_net
from wfm_tui.tui.app import WfmApp
from wfm_tui.tui.screens.dialogs import ConfirmDialog, LoadErrorDialog, PathDialog
from wfm_tui.tui.screens.help import HelpScreen
from wfm_tui.tui.screens.safety_dialogs import ConflictDialog, RecoveryDialog

SIZE = (120, 40)


def _shows(app: WfmApp, dialog: type) -> Callable[[], bool]:
    """The dialog is up and composed (its buttons are there to click)."""
    return lambda: isinstance(app.screen, dialog) and bool(app.screen.query(Button))


async def _edit(app: WfmApp, name: str = "DAP Extra") -> None:
    assert await app.editor.apply(AddApp(name, App(kind="dap")))


async def _settle(app: WfmApp, pilot) -> None:
    await app.workers.wait_for_complete()
    await pilot.pause()


def _errors(app: WfmApp) -> list[str]:
    return [n.message for n in notifications(app) if n.severity == "error"]


def _message(app: WfmApp) -> str:
    return str(app.screen.query_one("#recovery-message", Static).render())


def _own_journal(app: WfmApp, path: Path) -> Path:
    """Where this editor session journals `path` (beside it, named for the session)."""
    return recovery.beside(str(path), app.editor.safety.journal.session)


# -- no silent overwrite -------------------------------------------------------------------


async def _conflict(app: WfmApp, pilot, path: Path, other: str | None) -> ConflictDialog:
    """Edit, let someone else change (or delete) the file, press ctrl+s: the dialog."""
    await _edit(app)
    if other is None:
        path.unlink()
    else:
        path.write_text(other, "utf-8")
    await pilot.press("ctrl+s")
    await until(pilot, _shows(app, ConflictDialog))
    return app.screen  # type: ignore[return-value]


def _theirs(path: Path) -> str:
    return path.read_text("utf-8").replace("Contoso, single site", "Changed by a colleague")


async def test_changed_on_disk_cancel_keeps_both(single_site: Path) -> None:
    theirs = _theirs(single_site)
    app = WfmApp(str(single_site))
    async with app.run_test(size=SIZE) as pilot:
        dialog = await _conflict(app, pilot, single_site, theirs)
        assert dialog.reason == "changed"
        await click_laid_out(app, pilot, "#cancel")
        await _settle(app, pilot)
        assert single_site.read_text("utf-8") == theirs
        assert app.editor.document.dirty
        assert "DAP Extra" in app.editor.document.plan.apps


async def test_changed_on_disk_overwrite(single_site: Path) -> None:
    app = WfmApp(str(single_site))
    async with app.run_test(size=SIZE) as pilot:
        await _conflict(app, pilot, single_site, _theirs(single_site))
        await click_laid_out(app, pilot, "#overwrite")
        await _settle(app, pilot)
        doc = app.editor.document
        assert single_site.read_text("utf-8") == dump_plan(doc.plan, doc.catalog)
        assert not doc.dirty
        # The next save compares with what this one wrote: no question.
        await _edit(app, "DAP Two")
        await pilot.press("ctrl+s")
        await _settle(app, pilot)
        assert not isinstance(app.screen, ConflictDialog)
        assert "DAP Two" in read_plan(single_site).plan.apps


async def test_changed_on_disk_reload_asks_before_dropping_edits(single_site: Path) -> None:
    theirs = _theirs(single_site)
    app = WfmApp(str(single_site))
    async with app.run_test(size=SIZE) as pilot:
        await _conflict(app, pilot, single_site, theirs)
        await click_laid_out(app, pilot, "#reload")
        await until(pilot, _shows(app, ConfirmDialog))
        await click_laid_out(app, pilot, "#cancel")  # not confirmed: the edits stay
        await _settle(app, pilot)
        assert "DAP Extra" in app.editor.document.plan.apps
        assert app.editor.document.dirty

        await pilot.press("ctrl+s")
        await until(pilot, _shows(app, ConflictDialog))
        await click_laid_out(app, pilot, "#reload")
        await until(pilot, _shows(app, ConfirmDialog))
        await click_laid_out(app, pilot, "#confirm")
        await _settle(app, pilot)
        doc = app.editor.document
        assert doc.plan.name == "Changed by a colleague"
        assert not doc.dirty
        assert single_site.read_text("utf-8") == theirs


async def test_changed_on_disk_save_as(single_site: Path, tmp_path: Path) -> None:
    theirs = _theirs(single_site)
    other = tmp_path / "mine.toml"
    app = WfmApp(str(single_site))
    async with app.run_test(size=SIZE) as pilot:
        await _conflict(app, pilot, single_site, theirs)
        await click_laid_out(app, pilot, "#save_as")
        await until(pilot, _shows(app, PathDialog))
        app.screen.query_one(Input).value = str(other)
        await pilot.press("enter")
        await _settle(app, pilot)
        assert single_site.read_text("utf-8") == theirs
        assert "DAP Extra" in read_plan(other).plan.apps
        assert app.editor.document.path == str(other)
        assert not app.editor.document.dirty


async def test_vanished_file_cannot_be_reloaded_but_can_be_written(single_site: Path) -> None:
    app = WfmApp(str(single_site))
    async with app.run_test(size=SIZE) as pilot:
        dialog = await _conflict(app, pilot, single_site, None)
        assert dialog.reason == "vanished"
        assert dialog.query_one("#reload", Button).disabled
        await click_laid_out(app, pilot, "#overwrite")
        await _settle(app, pilot)
        assert "DAP Extra" in read_plan(single_site).plan.apps


async def test_file_that_appeared_meanwhile_is_not_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "new.toml"
    app = WfmApp(str(path))
    async with app.run_test(size=SIZE) as pilot:
        await _edit(app)
        path.write_text('format = 1\nname = "Someone else\'s"\n', "utf-8")
        await pilot.press("ctrl+s")
        await until(pilot, _shows(app, ConflictDialog))
        assert app.screen.reason == "appeared"
        await pilot.press("escape")
        await _settle(app, pilot)
        assert read_plan(path).plan.name == "Someone else's"


async def test_content_not_mtime_decides(single_site: Path) -> None:
    """Touched (same content, new time stamp): saving does not ask."""
    app = WfmApp(str(single_site))
    async with app.run_test(size=SIZE) as pilot:
        await _edit(app)
        os.utime(single_site, (time.time() + 100, time.time() + 100))
        await pilot.press("ctrl+s")
        await _settle(app, pilot)
        assert not isinstance(app.screen, ConflictDialog)
        assert "DAP Extra" in read_plan(single_site).plan.apps


# -- failed saves ----------------------------------------------------------------------------


def _fail(code: int) -> Callable[..., None]:
    def fail(*args, **kwargs):
        raise OSError(code, os.strerror(code))

    return fail


@pytest.mark.parametrize(
    ("target", "code"),
    [
        ("os.replace", errno.EROFS),  # read-only file system or file: the rename is refused
        ("os.fsync", errno.ENOSPC),  # full disk: the data cannot be written out
        ("tempfile.mkstemp", errno.EACCES),  # read-only folder: no temporary file
        ("tempfile.mkstemp", errno.ENOENT),  # the folder went away
    ],
)
async def test_failed_save_leaves_the_file_and_keeps_the_edits(
    single_site: Path, monkeypatch: pytest.MonkeyPatch, target: str, code: int
) -> None:
    original = single_site.read_text("utf-8")
    app = WfmApp(str(single_site))
    async with app.run_test(size=SIZE) as pilot:
        await _edit(app)
        monkeypatch.setattr(target, _fail(code))
        await pilot.press("ctrl+s")
        await _settle(app, pilot)
        monkeypatch.undo()
        assert single_site.read_text("utf-8") == original
        assert os.strerror(code) in _errors(app)[-1]
        assert app.editor.document.dirty
        assert "DAP Extra" in app.editor.document.plan.apps
        assert app.editor.title.endswith("*")
        assert [p.name for p in single_site.parent.iterdir() if p.name.endswith(".tmp")] == []


async def test_failed_save_when_the_folder_vanished(tmp_path: Path) -> None:
    folder = tmp_path / "plans"
    folder.mkdir()
    path = folder / "plan.toml"
    path.write_text('format = 1\nname = "P"\n', "utf-8")
    app = WfmApp(str(path))
    async with app.run_test(size=SIZE) as pilot:
        await _edit(app)
        # With the plan, its lock and any journal. The editor may write its journal while the
        # folder is being emptied (then it is not empty yet): remove it again until it is gone.
        for _ in range(10):
            shutil.rmtree(folder, ignore_errors=True)
            if not folder.exists():
                break
        assert not folder.exists()
        await pilot.press("ctrl+s")
        await until(pilot, _shows(app, ConflictDialog))
        await click_laid_out(app, pilot, "#overwrite")
        await _settle(app, pilot)
        everything = [(n.severity, n.message) for n in notifications(app)]
        assert _errors(app), everything
        assert "does not exist" in _errors(app)[-1]
        assert app.editor.document.dirty


# -- only regular files ----------------------------------------------------------------------


async def test_a_fifo_as_the_plan_is_a_load_error_not_a_hang(tmp_path: Path) -> None:
    fifo = tmp_path / "plan.toml"
    os.mkfifo(fifo)
    with unblocked_after(fifo):
        app = WfmApp(str(fifo))  # reads the plan: a regression would wait here
        async with app.run_test(size=SIZE) as pilot:
            await until(pilot, _shows(app, LoadErrorDialog))
            assert app.screen.error == f"{fifo}: is a FIFO (named pipe), not a regular file"


async def test_saving_onto_a_fifo_is_refused(single_site: Path) -> None:
    app = WfmApp(str(single_site))
    with unblocked_after(single_site):
        async with app.run_test(size=SIZE) as pilot:
            await _edit(app)
            single_site.unlink()
            os.mkfifo(single_site)  # someone put a FIFO where the plan was
            await pilot.press("ctrl+s")
            await until(pilot, lambda: bool(_errors(app)))
            assert _errors(app) == [
                f"cannot save {single_site}: it is a FIFO (named pipe), not a regular file"
            ]
            assert stat.S_ISFIFO(os.lstat(single_site).st_mode)
            assert app.editor.document.dirty


async def test_save_as_onto_a_socket_is_refused_without_asking(
    single_site: Path, tmp_path: Path
) -> None:
    target = tmp_path / "target"
    make("socket", target)
    app = WfmApp(str(single_site))
    async with app.run_test(size=SIZE) as pilot:
        app.editor.action_save_as()
        await until(pilot, _shows(app, PathDialog))
        app.screen.query_one(Input).value = str(target)
        await pilot.press("enter")
        await until(pilot, lambda: bool(_errors(app)))
        assert not isinstance(app.screen, ConfirmDialog)  # no "Replace it?": it cannot be
        assert "it is a socket, not a regular file" in _errors(app)[0]
        assert stat.S_ISSOCK(os.lstat(target).st_mode)
        assert app.editor.document.path == str(single_site)


# -- the recovery journal ------------------------------------------------------------------


async def test_edits_are_journaled_and_the_journal_goes_when_clean(single_site: Path) -> None:
    app = WfmApp(str(single_site))
    async with app.run_test(size=SIZE) as pilot:
        journal = _own_journal(app, single_site)
        await _edit(app)
        started = time.monotonic()
        await until(pilot, journal.exists)
        assert time.monotonic() - started < 3  # "within a second or two"
        [found], [] = recovery.left_for(str(single_site))
        assert found.file == journal
        assert "DAP Extra" in found.plan_text
        assert found.base_fingerprint == text_fingerprint(single_site.read_text("utf-8"))

        await pilot.press("ctrl+z")  # back to the file: nothing to recover
        await until(pilot, lambda: not journal.exists())

        await _edit(app, "DAP Two")
        await until(pilot, journal.exists)
        await pilot.press("ctrl+s")
        await _settle(app, pilot)
        await until(pilot, lambda: not journal.exists())


async def test_journals_are_written_in_one_thread(
    single_site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One thread, not a pool: each thread's allocator arena grows to a journal's size."""
    threads: list[str] = []
    real_write = recovery.write

    def write(*args) -> str | None:
        threads.append(threading.current_thread().name)
        return real_write(*args)

    monkeypatch.setattr(recovery, "write", write)
    app = WfmApp(str(single_site))
    async with app.run_test(size=SIZE) as pilot:
        for n in range(3):
            await _edit(app, f"DAP {n}")
            await until(pilot, lambda n=n: len(threads) > n)
    assert len(set(threads)) == 1
    assert threads[0].startswith("wfm-journal")


async def test_journal_falls_back_to_the_state_folder(
    single_site: Path, monkeypatch: pytest.MonkeyPatch, state_home: Path
) -> None:
    real_write = recovery.write

    def write(file: Path, *args) -> str | None:
        if file.parent == single_site.parent:
            raise OSError(errno.EACCES, "Permission denied")  # an unwritable folder
        return real_write(file, *args)

    monkeypatch.setattr(recovery, "write", write)
    app = WfmApp(str(single_site))
    async with app.run_test(size=SIZE) as pilot:
        await _edit(app)
        fallback = recovery.in_state_folder(str(single_site), app.editor.safety.journal.session)
        await until(pilot, fallback.exists)
        assert fallback.is_relative_to(state_home)
        assert not _own_journal(app, single_site).exists()
        [found], [] = recovery.left_for(str(single_site))
        assert found.file == fallback
        await pilot.press("ctrl+s")
        await _settle(app, pilot)
        await until(pilot, lambda: not fallback.exists())


async def test_untitled_plan_is_journaled_in_the_state_folder(state_home: Path) -> None:
    app = WfmApp(None)
    async with app.run_test(size=SIZE) as pilot:
        await _edit(app)
        await until(pilot, lambda: bool(recovery.untitled()))
        [found] = recovery.untitled()
        assert found.file.is_relative_to(state_home)
        assert found.plan_path is None
        assert "DAP Extra" in found.plan_text


async def test_quit_and_discard_removes_the_journal(single_site: Path) -> None:
    app = WfmApp(str(single_site))
    async with app.run_test(size=SIZE) as pilot:
        journal = _own_journal(app, single_site)
        await _edit(app)
        await until(pilot, journal.exists)
        await pilot.press("ctrl+q")
        await pilot.pause()
        await click_laid_out(app, pilot, "#discard")
        await until(pilot, lambda: not app.is_running)
    assert not journal.exists()


async def test_a_slow_write_does_not_bring_back_a_removed_journal(single_site: Path) -> None:
    journal = safety.Journal("1-0000000a")
    file = recovery.beside(str(single_site), "1-0000000a")
    doc = read_plan(single_site)
    stale = journal.snapshot(doc.plan, doc.catalog, str(single_site), None)
    journal.discard(journal.detach())  # a save came after the write was started
    assert journal.write(stale) is None
    assert not file.exists()
    fresh = journal.snapshot(doc.plan, doc.catalog, str(single_site), None)
    assert journal.write(fresh) == file
    # A removal that started before a newer write claimed the file leaves it alone.
    journal.discard({file})
    assert file.exists()


async def test_two_editors_on_one_plan_keep_their_own_journals(single_site: Path) -> None:
    """B journals its edit, A journals its own, A saves (its journal goes), B is killed:
    B's edit is still in a journal."""
    loaded = read_plan(single_site)
    path = str(single_site)
    a, b = safety.Journal(), safety.Journal()
    b_plan = AddApp("From B", App(kind="dap")).apply(loaded.plan)
    assert b.write(b.snapshot(b_plan, loaded.catalog, path, loaded.fingerprint)) is not None
    a_plan = AddApp("From A", App(kind="dap")).apply(loaded.plan)
    assert a.write(a.snapshot(a_plan, loaded.catalog, path, loaded.fingerprint)) is not None
    a.discard(a.detach())  # A saved
    left = [recovery.read(f) for f in single_site.parent.glob(".*wfm-recovery")]
    assert [("From B" in r.plan_text, "From A" in r.plan_text) for r in left if r] == [
        (True, False)
    ]


# -- signals -------------------------------------------------------------------------------


async def test_sigterm_writes_the_journal_at_once_and_exits(single_site: Path) -> None:
    before = signal.getsignal(signal.SIGTERM)
    app = WfmApp(str(single_site))
    app.signal_exit_deadline = None  # never os._exit the test process
    async with app.run_test(size=SIZE) as pilot:
        journal = _own_journal(app, single_site)
        assert signal.getsignal(signal.SIGTERM) == app._on_exit_signal
        assert signal.getsignal(signal.SIGHUP) == app._on_exit_signal
        assert signal.getsignal(signal.SIGINT) == app._on_exit_signal
        await _edit(app)
        assert not journal.exists()  # the timer has not fired yet
        # The event loop is busy (blocked) when the signal comes: the journal is written anyway.
        threading.Timer(0.05, os.kill, (os.getpid(), signal.SIGTERM)).start()
        time.sleep(0.5)  # deliberately blocks the event loop
        assert journal.exists()
        assert "DAP Extra" in recovery.read(journal).plan_text
        await until(pilot, lambda: not app.is_running)
    assert app.return_code == 128 + signal.SIGTERM
    assert signal.getsignal(signal.SIGTERM) == before
    assert journal.exists()  # it outlives the session


# -- a failure of the editor itself -----------------------------------------------------------


def _boom(*args: object, **kwargs: object) -> None:
    raise RuntimeError("boom")


async def _crash(app: WfmApp, *, edit: bool) -> None:
    """Edit (or not), then press a key whose handler fails."""
    async with app.run_test(size=SIZE) as pilot:
        if edit:
            await _edit(app)
            assert not _own_journal(app, Path(app.path or "")).exists()
        await pilot.press("question_mark")
        await until(pilot, lambda: not app.is_running)


@pytest.mark.parametrize("debug", [False, True])
async def test_a_crash_journals_the_edits_first_and_exits_3(
    single_site: Path, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture, debug: bool
) -> None:
    monkeypatch.setattr(safety_net, "JOURNAL_DELAY", 3600.0)  # only the crash can journal
    monkeypatch.setattr(HelpScreen, "compose", _boom)
    if debug:
        monkeypatch.setenv("WFM_TUI_DEBUG", "1")
    else:
        monkeypatch.delenv("WFM_TUI_DEBUG", raising=False)
    app = WfmApp(str(single_site))
    with pytest.raises(RuntimeError, match="boom"):  # run_test hands it on to the test
        await _crash(app, edit=True)
    assert app.return_code == 3
    [journal] = app.editor.safety.journal.files
    assert "DAP Extra" in recovery.read(journal).plan_text
    details = "" if debug else " (set WFM_TUI_DEBUG=1 for details)"
    assert app.failure == (
        f"wfm-tui failed: RuntimeError: boom; your unsaved edits are in {journal}{details}"
    )
    assert ("Traceback" in capfd.readouterr().err) is debug


async def test_a_crash_without_edits_says_so(
    single_site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(HelpScreen, "compose", _boom)
    monkeypatch.delenv("WFM_TUI_DEBUG", raising=False)
    app = WfmApp(str(single_site))
    with pytest.raises(RuntimeError, match="boom"):
        await _crash(app, edit=False)
    assert app.return_code == 3
    assert app.failure == (
        "wfm-tui failed: RuntimeError: boom; there were no unsaved edits"
        " (set WFM_TUI_DEBUG=1 for details)"
    )
    assert recovery.left_for(str(single_site)) == ([], [])


# -- the restore offer ---------------------------------------------------------------------


def _leave_journal(
    path: Path,
    text: str | None = None,
    base: str | None = "same",
    *,
    session: str | None = None,
    app_name: str = "DAP Recovered",
) -> Path:
    """What a dropped session leaves: the plan with one app more, journaled beside it (by
    default under the single name of earlier versions, which must still be offered)."""
    if text is None:
        loaded = read_plan(path)
        plan = AddApp(app_name, App(kind="dap")).apply(loaded.plan)
        text = dump_plan(plan, loaded.catalog)
    if base == "same":
        base = text_fingerprint(path.read_text("utf-8"))
    file = recovery.beside(str(path), session)
    recovery.write(file, text, str(path), base)
    return file


def _age(file: Path, saved_at: str) -> None:
    record = dict(tomli.loads(file.read_text("utf-8")))
    record["saved_at"] = saved_at
    file.write_text(tomli_w.dumps(record, multiline_strings=True), "utf-8")


async def test_restore_offer_shows_the_changes_and_restores(single_site: Path) -> None:
    file = _leave_journal(single_site)
    app = WfmApp(str(single_site))
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, _shows(app, RecoveryDialog))
        message = _message(app)
        assert str(file) in message
        assert f"process {os.getpid()} on {socket.gethostname()}" in message
        assert '+ app "DAP Recovered"' in message
        await click_laid_out(app, pilot, "#restore")
        await _settle(app, pilot)
        assert file.exists()  # kept until the edits are saved, not dropped and written again
        doc = app.editor.document
        assert "DAP Recovered" in doc.plan.apps
        assert doc.dirty
        assert doc.path == str(single_site)
        await pilot.press("ctrl+s")
        await _settle(app, pilot)
        assert not isinstance(app.screen, ConflictDialog)
        assert "DAP Recovered" in read_plan(single_site).plan.apps
        await until(pilot, lambda: not file.exists())


async def test_restore_offer_discard(single_site: Path) -> None:
    file = _leave_journal(single_site)
    app = WfmApp(str(single_site))
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, _shows(app, RecoveryDialog))
        await click_laid_out(app, pilot, "#discard")
        await _settle(app, pilot)
        assert not file.exists()
        assert "DAP Recovered" not in app.editor.document.plan.apps
        assert not app.editor.document.dirty


async def test_restore_offer_keep_for_later(single_site: Path, state_home: Path) -> None:
    file = _leave_journal(single_site)
    kept = file.read_text("utf-8")
    app = WfmApp(str(single_site))
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, _shows(app, RecoveryDialog))
        await click_laid_out(app, pilot, "#keep")
        await _settle(app, pilot)
        assert "DAP Recovered" not in app.editor.document.plan.apps
        # This session's own edits go to its own journal: the kept one is not overwritten.
        await _edit(app)
        await until(pilot, _own_journal(app, single_site).exists)
        assert file.read_text("utf-8") == kept


async def test_every_journal_left_for_the_plan_is_offered_in_turn(single_site: Path) -> None:
    older = _leave_journal(single_site)
    _age(older, "2000-01-01T00:00:00+00:00")
    newer = _leave_journal(single_site, session="4242-0000beef", app_name="DAP Newer")
    app = WfmApp(str(single_site))
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, _shows(app, RecoveryDialog))
        message = _message(app)
        assert "This plan has 2 recovery files" in message
        here = f"by process {os.getpid()} on {socket.gethostname()}"
        assert f"> 1. {newer} at " in message
        assert f"  2. {older} at 2000-01-01T00:00:00+00:00 {here}" in message
        assert '+ app "DAP Newer"' in message
        await click_laid_out(app, pilot, "#discard")
        await until(pilot, lambda: not newer.exists())
        await until(pilot, lambda: _shows(app, RecoveryDialog)() and "> 2." in _message(app))
        assert '+ app "DAP Recovered"' in _message(app)
        await click_laid_out(app, pilot, "#restore")
        await _settle(app, pilot)
        assert "DAP Recovered" in app.editor.document.plan.apps
        assert "DAP Newer" not in app.editor.document.plan.apps


async def test_restore_when_the_file_changed_since_asks_at_save(single_site: Path) -> None:
    _leave_journal(single_site)
    single_site.write_text(_theirs(single_site), "utf-8")
    app = WfmApp(str(single_site))
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, _shows(app, RecoveryDialog))
        assert "changed since these edits were made" in _message(app)
        await click_laid_out(app, pilot, "#restore")
        await _settle(app, pilot)
        await pilot.press("ctrl+s")
        await until(pilot, _shows(app, ConflictDialog))


async def test_unusable_journal_offers_discard_or_keep(single_site: Path) -> None:
    file = _leave_journal(single_site, text="format = 1\nname = \n")
    app = WfmApp(str(single_site))
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, _shows(app, RecoveryDialog))
        assert "cannot be used" in _message(app)
        assert not app.screen.query("#restore")
        await click_laid_out(app, pilot, "#discard")
        await _settle(app, pilot)
        assert not file.exists()


async def test_damaged_journal_file_offers_discard_or_keep(single_site: Path) -> None:
    file = recovery.beside(str(single_site))
    file.write_bytes(b"\xff\xfe not a journal")
    app = WfmApp(str(single_site))
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, _shows(app, RecoveryDialog))
        assert "cannot be used" in _message(app)
        await click_laid_out(app, pilot, "#keep")
        await _settle(app, pilot)
        assert file.exists()


async def test_open_with_ctrl_o_offers_the_journal(single_site: Path, tmp_path: Path) -> None:
    other = tmp_path / "other.toml"
    other.write_text(single_site.read_text("utf-8"), "utf-8")
    _leave_journal(other)
    app = WfmApp(str(single_site))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+o")
        await until(pilot, _shows(app, PathDialog))
        app.screen.query_one(Input).value = str(other)
        await pilot.press("enter")
        await until(pilot, _shows(app, RecoveryDialog))
        await click_laid_out(app, pilot, "#restore")
        await _settle(app, pilot)
        assert app.editor.document.path == str(other)
        assert "DAP Recovered" in app.editor.document.plan.apps


async def test_untitled_start_offers_the_newest_untitled_journal() -> None:
    older = 'format = 1\nname = "Older"\n'
    newer = 'format = 1\nname = "Newer"\n\n[apps.D]\nkind = "dap"\n'
    recovery.write(recovery.in_state_folder(None, "a"), older, None, None)
    file = recovery.in_state_folder(None, "b")
    recovery.write(file, newer, None, None)
    record = dict(tomli.loads(file.read_text("utf-8")))
    record["saved_at"] = "9999-01-01T00:00:00+00:00"
    file.write_text(tomli_w.dumps(record, multiline_strings=True), "utf-8")
    app = WfmApp(None)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, _shows(app, RecoveryDialog))
        assert "1 older recovery file" in _message(app)
        await click_laid_out(app, pilot, "#restore")
        await _settle(app, pilot)
        doc = app.editor.document
        assert (doc.plan.name, doc.path, doc.dirty) == ("Newer", None, True)


# -- the session lock ----------------------------------------------------------------------


async def test_second_editor_is_warned_and_lock_released(
    single_site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(safety_net, "LOCK_RECHECK", 0.1)
    lock = session_lock.lock_file(str(single_site))
    other = os.getppid()  # a live process that is not this one
    lock.write_text(
        tomli_w.dumps({"host": socket.gethostname(), "pid": other, "since": "earlier"}), "utf-8"
    )
    app = WfmApp(str(single_site))
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: any("another editor" in n.message for n in notifications(app)))
        [warning] = [n for n in notifications(app) if "another editor" in n.message]
        assert f"process {other} on {socket.gethostname()}" in warning.message
        assert warning.markup is False
        # The toast goes; the title says it for as long as the other editor holds the plan.
        app.clear_notifications()
        assert app.editor.title.startswith(f"! OPEN ELSEWHERE (process {other}) · ")
        lock.unlink()  # the other editor is gone
        await until(pilot, lambda: not app.editor.title.startswith("! OPEN ELSEWHERE"))
        assert lock.exists()  # this session holds it now
        # The toast is posted as a message: it lands a moment after the title changes.
        await until(
            pilot,
            lambda: any(
                "no longer open in another editor" in n.message for n in notifications(app)
            ),
        )
    assert not lock.exists()

    second = tmp_path / "second.toml"
    second.write_text(single_site.read_text("utf-8"), "utf-8")
    app = WfmApp(str(single_site))
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lock.exists)
        await pilot.press("ctrl+o")
        await until(pilot, _shows(app, PathDialog))
        app.screen.query_one(Input).value = str(second)
        await pilot.press("enter")
        await until(pilot, lambda: session_lock.lock_file(str(second)).exists())
        assert not lock.exists()  # switching plans releases the first
    assert not session_lock.lock_file(str(second)).exists()  # exit releases the second


# -- links planted at the names of the lock and the journal --------------------------------


def _victim(tmp_path: Path) -> Path:
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    victim.chmod(0o644)
    return victim


def _untouched(victim: Path) -> bool:
    return victim.read_text() == "precious" and stat.S_IMODE(victim.stat().st_mode) == 0o644


async def test_a_link_planted_at_the_lock_is_reported_and_left_alone(
    single_site: Path, tmp_path: Path
) -> None:
    victim = _victim(tmp_path)
    lock = session_lock.lock_file(str(single_site))
    lock.symlink_to(victim)
    app = WfmApp(str(single_site))
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: any("not a lock file" in n.message for n in notifications(app)))
        [warning] = [n for n in notifications(app) if "not a lock file" in n.message]
        assert warning.message == (
            f"{lock} is a symbolic link, not a lock file: left alone, so this editor holds no lock"
        )
    assert _untouched(victim)
    assert lock.is_symlink()


async def test_a_link_planted_at_the_journal_is_shown_and_never_written_through(
    single_site: Path, tmp_path: Path
) -> None:
    victim = _victim(tmp_path)
    planted = recovery.beside(str(single_site))
    planted.symlink_to(victim)
    app = WfmApp(str(single_site))
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, _shows(app, RecoveryDialog))
        assert "it is a symbolic link, not a recovery file (not followed or opened)" in _message(
            app
        )
        assert not app.screen.query("#restore")
        await click_laid_out(app, pilot, "#discard")  # removes the link, not what it names
        await _settle(app, pilot)
        assert not planted.is_symlink()
        await _edit(app)
        await until(pilot, lambda: bool(app.editor.safety.journal.files))
        [journal] = app.editor.safety.journal.files
        assert stat.S_IMODE(journal.lstat().st_mode) == 0o600
    assert _untouched(victim)


async def test_a_link_at_this_sessions_journal_is_replaced_and_reported(
    single_site: Path, tmp_path: Path
) -> None:
    victim = _victim(tmp_path)
    app = WfmApp(str(single_site))
    async with app.run_test(size=SIZE) as pilot:
        journal = _own_journal(app, single_site)
        journal.symlink_to(victim)
        await _edit(app)
        said = f"{journal} was a symbolic link: replaced by a recovery file, not written through"
        await until(pilot, lambda: any(n.message == said for n in notifications(app)))
        assert not journal.is_symlink()
        assert "DAP Extra" in recovery.read(journal).plan_text
    assert _untouched(victim)
