"""Who has a plan open: a lock file beside the plan, so that a second editor is warned.

Advisory, like vim's swap-file warning: the second editor may go on. A lock whose process is
gone (on this host) is stale and taken over.
"""

from __future__ import annotations

import contextlib
import datetime
import os
import socket
from dataclasses import dataclass
from pathlib import Path

import tomli
import tomli_w

SUFFIX = ".wfm-lock"


@dataclass(frozen=True)
class Holder:
    host: str
    pid: int
    since: str

    def describe(self) -> str:
        return f"process {self.pid} on {self.host}, since {self.since}"


def lock_file(plan_path: str) -> Path:
    real = Path(os.path.realpath(plan_path))
    return real.with_name(f".{real.name}{SUFFIX}")


def _read(file: Path) -> Holder | None:
    try:
        data = tomli.loads(file.read_text("utf-8"))
        return Holder(host=str(data["host"]), pid=int(data["pid"]), since=str(data["since"]))
    except (OSError, UnicodeDecodeError, tomli.TOMLDecodeError, KeyError, TypeError, ValueError):
        return None


def _alive(holder: Holder) -> bool:
    if holder.host != socket.gethostname():
        return True  # another machine's process cannot be checked: assume it is there
    if holder.pid == os.getpid():
        return False
    try:
        os.kill(holder.pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # exists, owned by someone else
    return True


def acquire(plan_path: str) -> Holder | None:
    """Take the lock; returns the other live holder instead when there is one.

    A folder where no lock can be written gives no lock and no warning: locking is a courtesy.
    """
    file = lock_file(plan_path)
    other = _read(file)
    if other is not None and _alive(other):
        return other
    record = {
        "host": socket.gethostname(),
        "pid": os.getpid(),
        "since": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
    }
    with contextlib.suppress(OSError):
        file.write_text(tomli_w.dumps(record), "utf-8")
    return None


def release(plan_path: str) -> None:
    """Drop the lock if it is this process's."""
    file = lock_file(plan_path)
    holder = _read(file)
    if holder is not None and holder.pid == os.getpid() and holder.host == socket.gethostname():
        with contextlib.suppress(OSError):
            file.unlink()
