"""Regular files only: read without blocking or following links, and name what is not one.

A plan, a lock or a journal is only ever a regular file. Opening anything else can hang
(a FIFO's open waits for a writer), act on a device (a tape rewinds when opened), or, through a
planted symbolic link, read or write a file that is not the one named.
"""

from __future__ import annotations

import os
import stat

# Not every platform has them; where one is missing the check it stands for is done by stat.
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)

_KINDS = (
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISLNK, "a symbolic link"),
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
)


def kind_of(mode: int) -> str:
    """What a file of this mode is, as a user would name it ("a FIFO (named pipe)")."""
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


class NotRegularFile(OSError):
    """Something other than a regular file is at the path; `strerror` says what it is."""

    def __init__(self, path: str, mode: int) -> None:
        self.kind = kind_of(mode)
        super().__init__(0, f"it is {self.kind}, not a regular file", path)

    def __str__(self) -> str:
        return self.strerror or super().__str__()


def regular_or_missing(path: str | os.PathLike[str], *, follow_links: bool = True) -> bool:
    """True when `path` is a regular file or nothing; raises NotRegularFile for anything else.

    Other OSErrors (a folder that cannot be searched) propagate: nothing is known then.
    """
    try:
        mode = os.stat(path, follow_symlinks=follow_links).st_mode
    except FileNotFoundError:
        return False
    if not stat.S_ISREG(mode):
        raise NotRegularFile(os.fspath(path), mode)
    return True


def read_regular(
    path: str | os.PathLike[str], limit: int, *, follow_links: bool = True
) -> tuple[bytes, os.stat_result]:
    """Up to `limit` bytes of the regular file at `path`, and its status.

    Decided from stat before opening, then opened without blocking and checked again on the
    open file (something may have been swapped in meanwhile). Without `follow_links`, a
    symbolic link is refused, never read through. Raises NotRegularFile, or the OSError of
    the failing call (FileNotFoundError, PermissionError...).
    """
    shown = os.fspath(path)
    mode = os.stat(path, follow_symlinks=follow_links).st_mode
    if not stat.S_ISREG(mode):
        raise NotRegularFile(shown, mode)
    flags = os.O_RDONLY | _NONBLOCK | _CLOEXEC | (0 if follow_links else _NOFOLLOW)
    fd = os.open(path, flags)
    try:
        status = os.fstat(fd)
        if not stat.S_ISREG(status.st_mode):
            raise NotRegularFile(shown, status.st_mode)
        chunks = []
        left = limit
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        return b"".join(chunks), status
    finally:
        os.close(fd)


def create_exclusive(path: str | os.PathLike[str], data: bytes, mode: int = 0o666) -> None:
    """Create `path` holding `data`; FileExistsError if anything, a dangling link included,
    is already there. Never opens an existing file, so never writes through a link."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _CLOEXEC, mode)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
    finally:
        os.close(fd)


def read_or_load_error(
    path: str | os.PathLike[str], limit: int, noun: str, missing: str = "no such file"
) -> bytes:
    """Up to `limit` bytes of the regular file at `path`, for loading a `noun` ("plan file",
    "catalog file"); every way it can fail is a LoadError with one clear problem."""
    from wfm_tui.files.errors import LoadError, Problem

    shown = os.fspath(path)
    try:
        data, _ = read_regular(path, limit)
    except NotRegularFile as exc:
        what = f"a {noun}" if exc.kind == "a directory" else "a regular file"
        raise LoadError(shown, [Problem(f"is {exc.kind}, not {what}")]) from None
    except FileNotFoundError:
        raise LoadError(shown, [Problem(missing)]) from None
    except PermissionError:
        raise LoadError(shown, [Problem("permission denied")]) from None
    except OSError as exc:
        raise LoadError(shown, [Problem(f"cannot read: {exc.strerror or exc}")]) from None
    return data
