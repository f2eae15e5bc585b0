"""A dropped session and a crash, for real: the editor runs in a pseudo-terminal, gets an edit,
and is hung up (SIGHUP), or fails, before it saves. The next editor offers the journaled edit;
restoring and saving puts it in the file. Only the standard library drives it (pty, select),
nothing to install."""

from __future__ import annotations

import fcntl
import os
import re
import select
import shutil
import signal
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest

from tests import ROOT, SAMPLES
from wfm_tui.files import recovery
from wfm_tui.files.plan_file import read_plan

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")

DEADLINE = 30.0  # generous for a loaded CI machine; a working run takes a few seconds
ROWS, COLUMNS = 40, 120
# Escape sequences (CSI, OSC, other two-byte ones): what is left is the text on screen.
_ESCAPES = re.compile(rb"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-_]")
CTRL_S, CTRL_Q = b"\x13", b"\x11"


class Terminal:
    """The editor in a pseudo-terminal of a fixed size; keys in, screen text out."""

    def __init__(self, args: list[str], env: dict[str, str]) -> None:
        self.master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLUMNS, 0, 0))
        self.process = subprocess.Popen(
            [sys.executable, "-m", "wfm_tui", *args],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=env,
            cwd=ROOT,
            start_new_session=True,
        )
        os.close(slave)
        self.seen = b""

    def _read(self, timeout: float) -> bool:
        ready, _, _ = select.select([self.master], [], [], timeout)
        if not ready:
            return True
        try:
            data = os.read(self.master, 65536)
        except OSError:  # EIO: the child closed its side
            return False
        if not data:
            return False
        self.seen += _ESCAPES.sub(b"", data)
        return True

    def wait_for(self, text: str) -> None:
        """Read the screen until `text` shows (or fail after DEADLINE)."""
        wanted = text.encode()
        deadline = time.monotonic() + DEADLINE
        while wanted not in self.seen:
            left = deadline - time.monotonic()
            open_ = left > 0 and self._read(min(left, 0.5))
            if wanted not in self.seen and (left <= 0 or not open_):
                tail = self.seen[-2000:].decode(errors="replace")
                pytest.fail(f"{text!r} did not show; the screen ended with:\n{tail}")

    def forget(self) -> None:
        self.seen = b""

    def send(self, keys: bytes) -> None:
        os.write(self.master, keys)

    def wait_exit(self) -> int:
        """Keep reading (so that the editor never blocks on output) until it exits."""
        deadline = time.monotonic() + DEADLINE
        while self.process.poll() is None:
            assert time.monotonic() < deadline, "the editor did not exit"
            self._read(0.2)
        return self.process.returncode

    def drain(self) -> str:
        """Everything the editor wrote, up to the end (after it exited), as text."""
        while self._read(0.5):
            pass
        return self.seen.decode(errors="replace")

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        os.close(self.master)


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        TERM="xterm-256color",
        XDG_STATE_HOME=str(tmp_path / "state"),
        COLUMNS=str(COLUMNS),
        LINES=str(ROWS),
        PYTHONPATH=str(ROOT),
    )
    env.pop("TEXTUAL", None)
    return env


def test_sighup_mid_edit_then_restore_and_save(tmp_path: Path, env: dict[str, str]) -> None:
    plan = tmp_path / "plan.toml"
    shutil.copy(SAMPLES / "single-site.toml", plan)

    first = Terminal(["--no-mouse", str(plan)], env)
    try:
        first.wait_for("Contoso, single site")
        first.send(b"a")  # add an app: the kind list has the focus, tab goes to the name
        first.wait_for("Add an app")
        first.send(b"\tPtyEdit\r")
        first.wait_for("PtyEdit")
        first.wait_for("Contoso, single site *")  # the edit is made, not saved
        os.kill(first.process.pid, signal.SIGHUP)  # the SSH link drops
        assert first.wait_exit() == 128 + signal.SIGHUP  # the editor's handler ran
    finally:
        first.close()

    [found], [] = recovery.left_for(str(plan))  # none, or more than one, is wrong
    journal = found.file
    assert "PtyEdit" in found.plan_text
    assert "PtyEdit" not in plan.read_text("utf-8")

    second = Terminal(["--no-mouse", str(plan)], env)
    try:
        second.wait_for("Recovered unsaved edits")
        second.wait_for('+ app "PtyEdit"')
        second.forget()
        second.send(b"\r")  # Restore has the focus
        second.wait_for("Recovered edits restored")
        second.forget()
        second.send(CTRL_S)
        second.wait_for("Saved")
        second.send(CTRL_Q)
        assert second.wait_exit() == 0
    finally:
        second.close()

    assert "PtyEdit" in read_plan(plan).plan.apps
    assert not journal.exists()


# Loaded by the editor's Python at start-up (site imports `sitecustomize` from its path): the
# help screen fails as it is built, and only the crash may journal (no timer within the test).
_FAILING_HELP = """
from wfm_tui.tui import safety_net
from wfm_tui.tui.screens.help import HelpScreen


def _boom(*args, **kwargs):
    raise RuntimeError("help is broken")


HelpScreen.compose = _boom
safety_net.JOURNAL_DELAY = 3600.0
"""


def test_a_crash_mid_edit_journals_it_and_says_so_in_one_line(
    tmp_path: Path, env: dict[str, str]
) -> None:
    plan = tmp_path / "plan.toml"
    shutil.copy(SAMPLES / "single-site.toml", plan)
    hooks = tmp_path / "hooks"
    hooks.mkdir()
    (hooks / "sitecustomize.py").write_text(_FAILING_HELP)
    env.update(PYTHONPATH=f"{hooks}{os.pathsep}{ROOT}")
    env.pop("WFM_TUI_DEBUG", None)

    editor = Terminal(["--no-mouse", str(plan)], env)
    try:
        editor.wait_for("Contoso, single site")
        editor.send(b"a")
        editor.wait_for("Add an app")
        editor.send(b"\tCrashEdit\r")
        editor.wait_for("Contoso, single site *")
        editor.forget()
        editor.send(b"?")  # the help screen fails
        assert editor.wait_exit() == 3
        shown = editor.drain()
    finally:
        editor.close()

    [found], [] = recovery.left_for(str(plan))
    assert "CrashEdit" in found.plan_text
    assert "Traceback" not in shown
    # The last thing written, once, after the screen was given back (its sequences are gone).
    assert shown.count("wfm-tui failed") == 1
    assert shown.rstrip().endswith(
        "wfm-tui failed: RuntimeError: help is broken; your unsaved edits are in "
        f"{found.file} (set WFM_TUI_DEBUG=1 for details)"
    )
