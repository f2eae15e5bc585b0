"""Things at a path that are not regular files, made for the tests: FIFOs, sockets, devices."""

from __future__ import annotations

import contextlib
import os
import socket
import stat
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

KINDS = ("fifo", "socket", "char-device", "directory")
SHOWN = {
    "fifo": "a FIFO (named pipe)",
    "socket": "a socket",
    "char-device": "a character device",
    "directory": "a directory",
}
TESTS = {
    "fifo": stat.S_ISFIFO,
    "socket": stat.S_ISSOCK,
    "char-device": stat.S_ISCHR,
    "directory": stat.S_ISDIR,
}


def make(kind: str, path: Path) -> None:
    """Create a `kind` at `path`; skips the test where this system does not allow it."""
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "directory":
        path.mkdir()
    elif kind == "socket":
        # A socket's path is limited to about 100 bytes: bind a name relative to its folder.
        here = os.getcwd()
        os.chdir(path.parent)
        try:
            with socket.socket(socket.AF_UNIX) as sock:
                sock.bind(path.name)
        finally:
            os.chdir(here)
    elif kind == "char-device":
        try:
            # The numbers of /dev/null: harmless, and the file is ours to delete.
            os.mknod(path, stat.S_IFCHR | 0o600, os.makedev(1, 3))
        except (PermissionError, AttributeError):
            pytest.skip("creating a device needs privileges this run does not have")
    else:
        raise ValueError(kind)


def still(kind: str, path: Path) -> bool:
    return TESTS[kind](os.lstat(path).st_mode)


@contextlib.contextmanager
def unblocked_after(fifo: Path, seconds: float = 10.0, linger: float = 30.0) -> Iterator[None]:
    """Code that opens the FIFO waits for the other end: from `seconds` on (and for `linger`
    seconds after a failure) keep opening both ends, and closing them at once, so that such a
    regression fails the test instead of hanging it, or hanging the end of the run, which
    waits for threads. A passing run never waits for this."""
    until = [0.0]  # after the block: go on until then (set on a failure)
    stop = threading.Event()

    def release() -> None:
        stop.wait(seconds)
        while not stop.is_set() or time.monotonic() < until[0]:
            for flags in (os.O_RDONLY, os.O_WRONLY):  # a reader first: a writer needs one
                with contextlib.suppress(OSError):
                    os.close(os.open(fifo, flags | os.O_NONBLOCK))
            time.sleep(0.1)  # a background poll: no test waits for it

    threading.Thread(target=release, daemon=True).start()
    try:
        yield
    except BaseException:
        until[0] = time.monotonic() + linger
        raise
    finally:
        stop.set()
