"""Recovery files and the session lock (the files-layer half of 'plans are never lost')."""

from __future__ import annotations

import datetime
import os
import socket
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
import tomli
import tomli_w

from tests.plan_helpers import plan_of_notes, plan_text_of_notes
from tests.special_files import unblocked_after
from wfm_tui.core.plan import App, Features, Plan
from wfm_tui.files import recovery, session_lock
from wfm_tui.files.errors import LoadError
from wfm_tui.files.plan_file import (
    MAX_PLAN_BYTES,
    file_fingerprint,
    parse_plan,
    read_plan,
    text_fingerprint,
)
from wfm_tui.files.plan_input import MAX_APPS


@pytest.fixture(autouse=True)
def state_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "state"
    monkeypatch.setenv("XDG_STATE_HOME", str(home))
    return home


SESSION = "123-0123abcd"


def test_recovery_beside_the_plan_round_trips(tmp_path: Path) -> None:
    plan = tmp_path / "plan.toml"
    plan.write_text("x")
    file = recovery.beside(str(plan), SESSION)
    assert file == tmp_path / f".plan.toml.{SESSION}.wfm-recovery"
    text = 'format = 1\nname = "a\\nb"\ndescription = """\nline\n"""\n'
    recovery.write(file, text, str(plan), "abc")
    assert stat.S_IMODE(file.stat().st_mode) == 0o600
    [found], [] = recovery.left_for(str(plan))
    assert (found.plan_text, found.base_fingerprint, found.pid) == (text, "abc", os.getpid())
    assert found.plan_path == str(plan)
    recovery.discard(file)
    assert recovery.left_for(str(plan)) == ([], [])
    recovery.discard(file)  # discarding twice is fine


def test_the_what_if_sandbox_at_open_is_journaled_while_both_plans_fit(tmp_path: Path) -> None:
    """Edits made in the what-if sandbox are journaled with the plan as it was when it opened:
    without it a restore took the sandbox's experiments for the plan. Past what a journal may
    hold the plan alone is journaled (restored as edits), and the journal stays within its cap."""
    plan = tmp_path / "plan.toml"
    file = recovery.beside(str(plan), SESSION)
    recovery.write(file, 'format = 1\nname = "b"\n', str(plan), None, 'format = 1\nname = "a"\n')
    found = recovery.read(file)
    assert found is not None
    assert found.whatif_baseline == 'format = 1\nname = "a"\n'
    baseline = recovery.restored_baseline(found, str(plan))
    assert baseline is not None
    assert baseline.plan.name == "a"
    assert recovery.restored_plan(found, str(plan)).plan.name == "b"

    half = recovery.MAX_JOURNAL_PLAN_BYTES // 2
    large = 'format = 1\nname = "p"\n#' + "x" * half + "\n"
    recovery.write(file, large, str(plan), None, large)
    found = recovery.read(file)
    assert found is not None
    assert found.whatif_baseline is None
    assert recovery.restored_baseline(found, str(plan)) is None
    assert file.stat().st_size <= recovery.MAX_RECOVERY_BYTES


def test_a_journal_whose_editor_is_still_running_says_so(tmp_path: Path) -> None:
    """Such a journal holds edits still open in that editor: offered as a dropped session's,
    it was discarded or taken over from under it."""
    plan = str(tmp_path / "plan.toml")
    other = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])
    try:
        for file in (recovery.beside(plan, SESSION), recovery.in_state_folder(None, SESSION)):
            recovery.write(file, "text", None if "untitled" in file.name else plan, None)
            record = dict(tomli.loads(file.read_text("utf-8")))
            record["pid"] = other.pid
            file.write_text(tomli_w.dumps(record, multiline_strings=True), "utf-8")
        [found], [] = recovery.left_for(plan)
        [untitled] = recovery.untitled()
        assert found.still_running
        assert untitled.still_running
    finally:
        other.kill()
        other.wait()
    [found], [] = recovery.left_for(plan)
    assert not found.still_running
    assert not recovery.untitled()[0].still_running


@pytest.mark.skipif(not os.path.isdir("/proc/self"), reason="start times are told by /proc")
def test_a_process_given_a_dead_editors_number_did_not_write_its_journal(tmp_path: Path) -> None:
    """Process numbers are reused: a journal (or a lock) of an editor that ended read as that of
    an editor still running while any process had its number, never to be discarded."""
    plan = str(tmp_path / "plan.toml")
    other = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])
    an_hour_ago = (datetime.datetime.now(datetime.UTC) - datetime.timedelta(hours=1)).isoformat()
    try:
        assert not session_lock.running_here(other.pid, an_hour_ago)
        assert session_lock.running_here(other.pid, datetime.datetime.now(datetime.UTC).isoformat())
        assert session_lock.running_here(other.pid)  # when written is not known
        file = recovery.beside(plan, SESSION)
        recovery.write(file, "text", plan, None)
        record = dict(tomli.loads(file.read_text("utf-8")))
        record["pid"] = other.pid
        record["saved_at"] = an_hour_ago
        file.write_text(tomli_w.dumps(record, multiline_strings=True), "utf-8")
        [found], [] = recovery.left_for(plan)
        assert not found.still_running
        lock = session_lock.lock_file(plan)
        lock.write_text(
            tomli_w.dumps({"host": socket.gethostname(), "pid": other.pid, "since": an_hour_ago})
        )
        assert session_lock.acquire(plan) is None  # taken over: its holder is gone
    finally:
        other.kill()
        other.wait()


def test_recovery_in_the_state_folder(tmp_path: Path, state_home: Path) -> None:
    plan = str(tmp_path / "plan.toml")
    file = recovery.in_state_folder(plan, SESSION)
    assert file.parent == state_home / "wfm-tui" / "recovery"
    recovery.write(file, "text", plan, None)
    [found], [] = recovery.left_for(plan)
    assert found.file == file


def test_a_journal_never_brings_back_the_folder_of_a_vanished_plan(
    tmp_path: Path, state_home: Path
) -> None:
    # A removed folder (or an unmounted share) must stay gone: the state folder takes the
    # journal instead, and a save into the vanished folder fails as it should.
    from wfm_tui.core.plan import Plan
    from wfm_tui.editing.journal import Journal
    from wfm_tui.files.catalogs import load_catalog
    from wfm_tui.files.errors import SaveError

    plan = tmp_path / "gone" / "plan.toml"
    with pytest.raises(SaveError, match="does not exist"):
        recovery.write(recovery.beside(str(plan), SESSION), "text", str(plan), None)
    assert not plan.parent.exists()
    journal = Journal(SESSION)
    written = journal.write(journal.snapshot(Plan.empty(), load_catalog(), str(plan), None))
    assert written == recovery.in_state_folder(str(plan), SESSION)
    assert not plan.parent.exists()


def test_every_journal_of_a_plan_is_found_newest_first(tmp_path: Path) -> None:
    plan = str(tmp_path / "plan.toml")
    older = recovery.beside(plan)  # the single journal of earlier versions
    recovery.write(older, "old", plan, None)
    _age(older, "2000-01-01T00:00:00+00:00")
    newer = recovery.beside(plan, SESSION)
    recovery.write(newer, "new", plan, None)
    fallback = recovery.in_state_folder(plan, "9-00000000")
    recovery.write(fallback, "fallback", plan, None)
    _age(fallback, "2001-01-01T00:00:00+00:00")
    # Not journals of this plan: another plan whose name starts the same, a stray name.
    recovery.write(recovery.beside(plan + ".bak", SESSION), "other", plan, None)
    (tmp_path / ".plan.toml.notes.wfm-recovery").write_text("stray")
    found, unusable = recovery.left_for(plan)
    assert [r.plan_text for r in found] == ["new", "fallback", "old"]
    assert unusable == []


def _age(file: Path, saved_at: str) -> None:
    record = dict(tomli.loads(file.read_text("utf-8")))
    record["saved_at"] = saved_at
    file.write_text(tomli_w.dumps(record, multiline_strings=True), "utf-8")


def test_a_journal_in_the_state_folder_is_found_by_any_name_of_the_plan(tmp_path: Path) -> None:
    """It was named for the name the plan was opened by: written through a link (the plan's
    folder unwritable), it was not found when the plan was next opened by its own name."""
    plan = tmp_path / "plan.toml"
    plan.write_text("x")
    link = tmp_path / "link.toml"
    link.symlink_to(plan.name)
    recovery.write(recovery.in_state_folder(str(link), SESSION), "text", str(link), None)
    [by_name], [] = recovery.left_for(str(plan))
    [by_link], [] = recovery.left_for(str(link))
    assert by_name.file == by_link.file


def test_an_older_journal_of_the_same_session_is_superseded(tmp_path: Path) -> None:
    """A session whose plan's folder turned read-only journals on in the state folder and
    cannot remove the journal beside the plan: both were offered as two sessions' edits, the
    older again after the newer was restored and saved."""
    plan = str(tmp_path / "plan.toml")
    older, newer = recovery.beside(plan, SESSION), recovery.in_state_folder(plan, SESSION)
    other = recovery.beside(plan, "999-0123abcd")
    for file, when in ((older, "2001"), (newer, "2002"), (other, "2000")):
        recovery.write(file, when, plan, None)
        record = dict(tomli.loads(file.read_text("utf-8")))
        record["saved_at"] = f"{when}-01-01T00:00:00+00:00"
        file.write_text(tomli_w.dumps(record, multiline_strings=True), "utf-8")
    found, [] = recovery.left_for(plan)
    assert [(r.file, r.superseded) for r in found] == [(newer, (older,)), (other, ())]


def test_untitled_recoveries(state_home: Path) -> None:
    assert recovery.untitled() == []
    recovery.write(recovery.in_state_folder(None, "1"), "one", None, None)
    [found] = recovery.untitled()
    assert (found.plan_text, found.plan_path) == ("one", None)


def test_a_damaged_recovery_file_is_reported_not_offered(tmp_path: Path) -> None:
    plan = tmp_path / "plan.toml"
    file = recovery.beside(str(plan))
    file.write_bytes(b"\xff not toml")
    assert recovery.left_for(str(plan)) == ([], [recovery.Unusable(file, recovery.DAMAGED)])


def test_a_journal_of_a_newer_wfm_tui_says_so(tmp_path: Path) -> None:
    """It read as "damaged or truncated", which invites a discard of edits that the newer
    version would restore."""
    plan = tmp_path / "plan.toml"
    file = recovery.beside(str(plan), SESSION)
    file.write_text(tomli_w.dumps({"format": 2, "plan": "format = 1\n"}), "utf-8")
    file.chmod(0o600)
    [], [unusable] = recovery.left_for(str(plan))
    assert unusable.reason == (
        "it was written by a newer wfm-tui (recovery file format 2, this one reads 1): "
        "open the plan with that version to restore it"
    )


@pytest.mark.skipif(not os.path.isdir("/proc/self"), reason="zombies are told by /proc")
def test_an_ended_process_its_parent_has_not_collected_is_not_running() -> None:
    """A killed editor under a parent that never waits stays a zombie: its journal read as
    that of an editor still running (never to be discarded), its lock as held."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    deadline = time.monotonic() + 30
    while Path(f"/proc/{child.pid}/stat").read_bytes().rpartition(b")")[2].split()[0] != b"Z":
        assert time.monotonic() < deadline, "the child did not end"
        time.sleep(0.01)
    try:
        assert not session_lock.running_here(child.pid)
    finally:
        child.wait()
    assert session_lock.running_here(os.getppid())


@pytest.mark.parametrize("session", [SESSION, None])
def test_the_journal_of_a_plan_renamed_since_is_found_by_the_file_it_started_from(
    tmp_path: Path, session: str | None
) -> None:
    old, new = tmp_path / "plan.v2.toml", tmp_path / "plan.v3.toml"
    new.write_text('format = 1\nname = "p"\n')
    fingerprint = file_fingerprint(new)
    recovery.write(recovery.beside(str(old), session), "text", str(old), fingerprint)
    [found], [] = recovery.left_for(str(new), fingerprint)
    assert found.moved_from == str(old)
    assert recovery.left_for(str(new)) == ([], [])  # no file loaded: nothing to match
    assert recovery.left_for(str(new), "another file") == ([], [])
    old.write_text("")  # the plan it names is there: its own
    assert recovery.left_for(str(new), fingerprint) == ([], [])


def _moved_to_another_folder(tmp_path: Path, session: str | None) -> tuple[Path, Path, str]:
    """A plan journaled where it was (beside it), then moved to another folder: the journal,
    its old place, and the fingerprint of the file its edits started from."""
    old = tmp_path / "work" / "plan.toml"
    new = tmp_path / "archive" / "plan.toml"
    old.parent.mkdir()
    new.parent.mkdir()
    new.write_text('format = 1\nname = "p"\n')
    fingerprint = file_fingerprint(new)
    assert fingerprint is not None
    journal = recovery.beside(str(old), session)
    recovery.write(journal, "text", str(old), fingerprint)
    return journal, old, fingerprint


@pytest.mark.parametrize("session", [SESSION, None])
def test_the_journal_of_a_plan_moved_to_another_folder_is_found(
    tmp_path: Path, session: str | None
) -> None:
    journal, old, fingerprint = _moved_to_another_folder(tmp_path, session)
    new = str(tmp_path / "archive" / "plan.toml")
    [found], [] = recovery.left_for(new, fingerprint)
    assert (found.file, found.moved_from) == (journal, str(old))
    assert recovery.left_for(new, "another file") == ([], [])
    assert recovery.left_for(new) == ([], [])  # no file loaded: nothing to match
    # Restored or discarded: its pointer goes with it, and it is not offered again.
    recovery.discard(journal)
    assert list(recovery.state_folder().rglob(f"*{recovery.POINTER_SUFFIX}")) == []
    assert recovery.left_for(new, fingerprint) == ([], [])


def test_a_journal_whose_plan_is_still_there_is_not_offered_to_a_copy(tmp_path: Path) -> None:
    journal, old, fingerprint = _moved_to_another_folder(tmp_path, SESSION)
    old.write_text('format = 1\nname = "p"\n')  # copied, not moved: the journal is old's
    assert recovery.left_for(str(tmp_path / "archive" / "plan.toml"), fingerprint) == ([], [])
    assert recovery.left_for(str(old), fingerprint)[0][0].file == journal


def test_a_pointer_to_a_journal_removed_by_hand_is_cleared(tmp_path: Path) -> None:
    journal, _, fingerprint = _moved_to_another_folder(tmp_path, SESSION)
    journal.unlink()  # rm .plan.toml.*.wfm-recovery
    [pointer] = recovery.state_folder().rglob(f"*{recovery.POINTER_SUFFIX}")
    assert recovery.left_for(str(tmp_path / "archive" / "plan.toml"), fingerprint) == ([], [])
    assert not pointer.exists()


def test_a_journal_renamed_in_its_folder_is_offered_once(tmp_path: Path) -> None:
    old, new = tmp_path / "plan.toml", tmp_path / "renamed.toml"
    new.write_text('format = 1\nname = "p"\n')
    fingerprint = file_fingerprint(new)
    recovery.write(recovery.beside(str(old), SESSION), "text", str(old), fingerprint)
    [found], [] = recovery.left_for(str(new), fingerprint)  # moved_here's, not moved_away's too
    assert found.moved_from == str(old)


def test_fingerprints(tmp_path: Path) -> None:
    plan = tmp_path / "plan.toml"
    text = 'format = 1\nname = "p"\n'
    plan.write_text(text)
    loaded = read_plan(plan)
    assert loaded.fingerprint == file_fingerprint(plan) == text_fingerprint(text)
    plan.write_text(text + "# changed\n")
    assert file_fingerprint(plan) != loaded.fingerprint
    assert file_fingerprint(tmp_path / "missing.toml") is None


def test_lock_warns_a_second_holder(tmp_path: Path) -> None:
    plan = str(tmp_path / "plan.toml")
    assert session_lock.acquire(plan) is None
    assert (tmp_path / ".plan.toml.wfm-lock").exists()
    # Another live process holds it: simulate with a child that takes the lock and waits.
    child = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys; from wfm_tui.files import session_lock as s; "
            "print(s.acquire(sys.argv[1]) is None, flush=True); sys.stdin.read()",
            plan,
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        # The child sees this process as a live holder.
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "False"
    finally:
        child.communicate("")
    session_lock.release(plan)
    assert not (tmp_path / ".plan.toml.wfm-lock").exists()


def test_a_stale_lock_is_taken_over(tmp_path: Path) -> None:
    plan = str(tmp_path / "plan.toml")
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from wfm_tui.files import session_lock as s; s.acquire(sys.argv[1])",
            plan,
        ],
        check=True,
    )
    assert done.returncode == 0
    assert (tmp_path / ".plan.toml.wfm-lock").exists()  # left behind by a process now gone
    assert session_lock.acquire(plan) is None


def test_locking_in_a_read_only_folder_is_silent(tmp_path: Path, monkeypatch) -> None:
    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(session_lock, "create_exclusive", refuse)
    assert session_lock.acquire(str(tmp_path / "plan.toml")) is None
    assert not (tmp_path / ".plan.toml.wfm-lock").exists()


# -- links and other things planted at the names of the lock and the journal ---------------


def _victim(tmp_path: Path) -> Path:
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    victim.chmod(0o644)
    return victim


def _untouched(victim: Path) -> bool:
    return victim.read_text() == "precious" and stat.S_IMODE(victim.stat().st_mode) == 0o644


def test_a_link_planted_at_the_lock_is_never_followed(tmp_path: Path) -> None:
    victim = _victim(tmp_path)
    plan = str(tmp_path / "plan.toml")
    lock = session_lock.lock_file(plan)
    lock.symlink_to(victim)
    with pytest.raises(session_lock.LockRefused) as refused:
        session_lock.acquire(plan)
    assert str(refused.value) == (
        f"{lock} is a symbolic link, not a lock file: left alone, so this editor holds no lock"
    )
    session_lock.release(plan)
    assert _untouched(victim)
    assert lock.is_symlink()
    # A dangling link: following it would create the file it names.
    lock.unlink()
    lock.symlink_to(tmp_path / "created")
    with pytest.raises(session_lock.LockRefused):
        session_lock.acquire(plan)
    assert not (tmp_path / "created").exists()


def test_a_fifo_at_the_lock_is_left_alone_at_once(tmp_path: Path) -> None:
    plan = str(tmp_path / "plan.toml")
    lock = session_lock.lock_file(plan)
    os.mkfifo(lock)
    with unblocked_after(lock), pytest.raises(session_lock.LockRefused, match="FIFO"):
        session_lock.acquire(plan)
    assert stat.S_ISFIFO(lock.lstat().st_mode)


def test_a_link_planted_at_the_journal_is_replaced_not_written_through(tmp_path: Path) -> None:
    victim = _victim(tmp_path)
    plan = str(tmp_path / "plan.toml")
    file = recovery.beside(plan)
    file.symlink_to(victim)
    said = recovery.write(file, "text", plan, None)
    assert said == f"{file} was a symbolic link: replaced by a recovery file, not written through"
    assert _untouched(victim)
    assert not file.is_symlink()
    assert stat.S_IMODE(file.stat().st_mode) == 0o600
    assert recovery.read(file).plan_text == "text"
    assert recovery.write(file, "again", plan, None) is None  # its own file: nothing to say


def test_a_journal_is_read_only_from_a_regular_file_of_this_user(tmp_path: Path) -> None:
    plan = str(tmp_path / "plan.toml")
    elsewhere = tmp_path / "elsewhere.wfm-recovery"
    recovery.write(elsewhere, "text", plan, None)
    file = recovery.beside(plan)
    file.symlink_to(elsewhere)
    assert recovery.read(file) is None
    assert recovery.inspect(file) == recovery.Unusable(
        file, "it is a symbolic link, not a recovery file (not followed or opened)"
    )
    file.unlink()
    os.mkfifo(file)
    with unblocked_after(file):
        assert recovery.read(file) is None
        assert recovery.inspect(file).reason.startswith("it is a FIFO (named pipe)")
    file.unlink()
    recovery.write(file, "text", plan, None)
    assert recovery.read(file).plan_text == "text"
    if os.geteuid() == 0:  # only root can give a file away
        os.chown(file, 54321, 54321)
        assert recovery.read(file) is None
        assert recovery.inspect(file).reason == "it belongs to another user (not used)"


def test_the_journal_of_a_plan_over_the_file_cap_is_restored(tmp_path: Path) -> None:
    """Edits can grow a plan past the 16 MiB a plan file may be: its journal was written, then
    refused as it was read back ("is too large: not a plan file"), and a crash lost the work.
    A journal may hold twice that."""
    plan = tmp_path / "plan.toml"
    text = plan_text_of_notes(4_300)
    assert MAX_PLAN_BYTES < len(text.encode()) < MAX_PLAN_BYTES * 1.1
    recovery.write(recovery.beside(str(plan), SESSION), text, str(plan), None)
    [found], [] = recovery.left_for(str(plan))
    restored = recovery.restored_plan(found, str(plan))
    assert restored.plan == plan_of_notes(4_300)
    assert restored.path == str(plan)
    with pytest.raises(LoadError, match="larger than 16 MiB"):
        parse_plan(text.encode(), str(plan))  # as a plan file it is still refused


def test_a_journal_over_its_own_cap_says_so(tmp_path: Path) -> None:
    plan = tmp_path / "plan.toml"
    text = 'format = 1\nname = "p"\n#' + "x" * recovery.MAX_JOURNAL_PLAN_BYTES + "\n"
    recovery.write(recovery.beside(str(plan), SESSION), text, str(plan), None)
    [found], [] = recovery.left_for(str(plan))  # a file of some 32 MiB, within its own cap
    with pytest.raises(LoadError, match=r"plan\.toml: is larger than 32 MiB: too large"):
        recovery.restored_plan(found, str(plan))


def test_the_keys_cap_of_a_journal_holds_every_plan_the_editor_may_write() -> None:
    """The canonical form writes at most a key a field: were the plan models to grow past
    the cap, a journal the editor wrote of a plan of 100,000 apps would be refused as read."""
    plan_keys = len(Plan.model_fields) + len(Features.model_fields)
    assert MAX_APPS * len(App.model_fields) + plan_keys <= recovery.MAX_JOURNAL_KEYS


@pytest.mark.parametrize(
    ("filler", "refusal"),
    [
        ("a = [" + '"a",' * 2_000_001 + "]\n", "some 2,000,001 links: a recovery file may hold at"),
        ("".join(f"k{i:x} = 1\n" for i in range(1_000_001)), "keys: a recovery file may hold"),
    ],
    ids=["links", "keys"],
)
def test_a_journal_over_the_file_cap_holds_no_more_links_and_keys_than_the_editor_writes(
    tmp_path: Path, filler: str, refusal: str
) -> None:
    """Over the file cap a journal may hold 2,000,000 links and 1,000,000 keys (100,000 apps
    have at most eight keys each): more would not be restored within 1 GiB. Within the file cap,
    as ever, a plan file's caps hold; commas and equals signs in strings are not counted."""
    plan = tmp_path / "plan.toml"
    head = 'format = 1\nname = "p"\n'
    padding = "#" + "x" * (MAX_PLAN_BYTES - len(filler)) + "\n"
    file = recovery.beside(str(plan), SESSION)

    def restore(text: str) -> str:
        recovery.write(file, text, str(plan), None)
        found = recovery.read(file)
        assert found is not None
        with pytest.raises(LoadError) as refused:
            recovery.restored_plan(found, str(plan))
        return str(refused.value)

    assert refusal in restore(head + padding + filler)
    in_a_string = 'description = """' + filler.replace('"', "'") + '"""\n'
    assert "description must be at most 4096 characters" in restore(head + in_a_string + padding)
    assert "recovery file" not in restore(head + filler)  # within the file cap
