"""Recovery files and the session lock (the files-layer half of 'plans are never lost')."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from wfm_tui.files import recovery, session_lock
from wfm_tui.files.plan_file import file_fingerprint, read_plan, text_fingerprint


@pytest.fixture(autouse=True)
def state_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "state"
    monkeypatch.setenv("XDG_STATE_HOME", str(home))
    return home


def test_recovery_beside_the_plan_round_trips(tmp_path: Path) -> None:
    plan = tmp_path / "plan.toml"
    plan.write_text("x")
    file = recovery.beside(str(plan))
    assert file == tmp_path / ".plan.toml.wfm-recovery"
    text = 'format = 1\nname = "a\\nb"\ndescription = """\nline\n"""\n'
    recovery.write(file, text, str(plan), "abc")
    assert stat.S_IMODE(file.stat().st_mode) == 0o600
    found = recovery.find(str(plan))
    assert found is not None
    assert (found.plan_text, found.base_fingerprint, found.pid) == (text, "abc", os.getpid())
    assert found.plan_path == str(plan)
    recovery.discard(file)
    assert recovery.find(str(plan)) is None
    recovery.discard(file)  # discarding twice is fine


def test_recovery_in_the_state_folder(tmp_path: Path, state_home: Path) -> None:
    plan = str(tmp_path / "plan.toml")
    file = recovery.in_state_folder(plan)
    assert file.parent == state_home / "wfm-tui" / "recovery"
    recovery.write(file, "text", plan, None)
    found = recovery.find(plan)
    assert found is not None
    assert found.file == file


def test_untitled_recoveries(state_home: Path) -> None:
    assert recovery.untitled() == []
    recovery.write(recovery.in_state_folder(None, "1"), "one", None, None)
    [found] = recovery.untitled()
    assert (found.plan_text, found.plan_path) == ("one", None)


def test_a_broken_recovery_file_is_ignored(tmp_path: Path) -> None:
    plan = tmp_path / "plan.toml"
    recovery.beside(str(plan)).write_bytes(b"\xff not toml")
    assert recovery.find(str(plan)) is None


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

    monkeypatch.setattr(Path, "write_text", refuse)
    assert session_lock.acquire(str(tmp_path / "plan.toml")) is None
