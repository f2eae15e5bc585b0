"""Who has a plan open: a lock file beside the plan, so that a second editor is warned.

Advisory, like vim's swap-file warning: the second editor may go on. A lock whose process is
gone (on this host) is stale and taken over.

Plans live in shared folders, where anyone may plant a link or a FIFO at the lock's name: the
lock is created with O_EXCL and O_NOFOLLOW (never written through a link), read only if it is a
regular file (never followed, never blocking), and anything else at its name is left alone,
without a lock, and reported.
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

from wfm_tui.files.regular_files import NotRegularFile, create_exclusive, read_regular

SUFFIX = ".wfm-lock"
MAX_LOCK_BYTES = 4096  # a lock holds three short values; more is not a lock


class LockRefused(Exception):
    """Something that is not a lock file is at the lock's name: left alone, no lock taken."""


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
    """The holder named by the lock file; None when there is none or it names none.

    Raises LockRefused when something other than a regular file is at the name, and the
    OSError of a lock that cannot be read (another user's, say: it is not ours to take over).
    """
    try:
        data, _ = read_regular(file, MAX_LOCK_BYTES, follow_links=False)
    except NotRegularFile as exc:
        raise LockRefused(
            f"{file} is {exc.kind}, not a lock file: left alone, so this editor holds no lock"
        ) from None
    except FileNotFoundError:
        return None
    try:
        found = tomli.loads(data.decode("utf-8"))
        return Holder(host=str(found["host"]), pid=int(found["pid"]), since=str(found["since"]))
    except (UnicodeDecodeError, tomli.TOMLDecodeError, KeyError, TypeError, ValueError):
        return None


def holder_of(plan_path: str) -> Holder | None:
    """Who holds the plan's lock, alive or not (None: nobody, or it cannot be told)."""
    try:
        return _read(lock_file(plan_path))
    except (LockRefused, OSError):
        return None


def _alive(holder: Holder) -> bool:
    if holder.host != socket.gethostname():
        return True  # another machine's process cannot be checked: assume it is there
    return running_here(holder.pid, holder.since)


# A process that started this long after a lock or journal was written did not write it: its
# number was reused. The margin stands for clock steps (an NTP correction, a resumed machine).
_REUSED_AFTER = 300.0


def running_here(pid: int, written_at: str | None = None) -> bool:
    """Another process `pid` of this host is running (this process is not another) that may
    have written what was written at `written_at` (an ISO time): one started well after that
    has only been given the number of the process that did (where /proc tells)."""
    if pid <= 0 or pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # exists, owned by someone else
    if _zombie(pid):
        return False
    if written_at is None or (started := started_at(pid)) is None:
        return True
    try:
        written = datetime.datetime.fromisoformat(written_at).timestamp()
    except ValueError:
        return True
    return started <= written + _REUSED_AFTER


def started_at(pid: int) -> float | None:
    """When process `pid` started, in seconds since the epoch (None where /proc does not tell)."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as stat:
            # Field 22, the start in clock ticks after boot; fields are counted after the
            # command's name in parentheses, which may hold anything (its state is field 3).
            ticks = int(stat.read().rpartition(b")")[2].split()[19])
        with open("/proc/stat", "rb") as system:
            boot = next(int(line.split()[1]) for line in system if line.startswith(b"btime "))
    except (OSError, ValueError, IndexError, StopIteration):
        return None
    return boot + ticks / os.sysconf("SC_CLK_TCK")


def _zombie(pid: int) -> bool:
    """The process has ended but its parent has not collected it (where /proc tells): an
    editor killed under a parent that never waits, its lock and journal those of no editor."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as stat:
            # The state follows the command's name in parentheses, which may hold anything.
            return stat.read().rpartition(b")")[2].split()[:1] == [b"Z"]
    except OSError:
        return False


def acquire(plan_path: str) -> Holder | None:
    """Take the lock; returns the other live holder instead when there is one.

    A folder where no lock can be written gives no lock and no warning: locking is a courtesy.
    Raises LockRefused when something that is not a lock file is at the lock's name.
    """
    file = lock_file(plan_path)
    record = {
        "host": socket.gethostname(),
        "pid": os.getpid(),
        "since": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
    }
    data = tomli_w.dumps(record).encode("utf-8")
    # Another editor may be taking over the same stale lock: a few rounds settle who has it.
    for _ in range(3):
        try:
            create_exclusive(file, data)
            return None
        except FileExistsError:
            pass
        except OSError:
            return None
        try:
            other = _read(file)
        except OSError:
            return None
        if other is not None and _alive(other):
            return other
        # Stale, or no lock at all: unlinking a name removes a file, never what a link names.
        try:
            file.unlink()
        except FileNotFoundError:
            pass
        except OSError:
            return None
    return None


def release(plan_path: str) -> None:
    """Drop the lock if it is this process's."""
    file = lock_file(plan_path)
    with contextlib.suppress(LockRefused, OSError):
        holder = _read(file)
        if holder is not None and holder.pid == os.getpid() and holder.host == socket.gethostname():
            with contextlib.suppress(OSError):
                file.unlink()
