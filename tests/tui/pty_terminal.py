"""The real editor in a pseudo-terminal of a fixed size, driven with the standard library
(pty, select): keys in, the screen's text out. For the tests that need a real terminal."""

from __future__ import annotations

import fcntl
import os
import re
import select
import struct
import subprocess
import sys
import termios
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests import ROOT

DEADLINE = 30.0  # generous for a loaded CI machine; a working run takes a few seconds
ROWS, COLUMNS = 40, 120
# Escape sequences (CSI, OSC, other two-byte ones): what is left is the text on screen.
_ESCAPES = re.compile(rb"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-_]")
CTRL_S, CTRL_Q = b"\x13", b"\x11"


class Terminal:
    """The editor in a pseudo-terminal of a fixed size; keys in, screen text out."""

    def __init__(
        self,
        args: list[str],
        env: dict[str, str],
        preexec_fn: Callable[[], None] | None = None,
    ) -> None:
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
            preexec_fn=preexec_fn,  # a limit on memory, say
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


def terminal_env(tmp_path: Path) -> dict[str, str]:
    """The environment the editor runs in: a real terminal type, state under `tmp_path`."""
    env = dict(os.environ)
    env.update(
        TERM="xterm-256color",
        XDG_STATE_HOME=str(tmp_path / "state"),
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        COLUMNS=str(COLUMNS),
        LINES=str(ROWS),
        PYTHONPATH=str(ROOT),
    )
    env.pop("TEXTUAL", None)
    return env
