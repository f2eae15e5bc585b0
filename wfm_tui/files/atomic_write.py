"""Writing a file all at once, and only where a save may go: a regular file (or none)."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile

from wfm_tui.files.errors import SaveError
from wfm_tui.files.regular_files import NotRegularFile, regular_or_missing


def check_save_target(path: str | os.PathLike[str]) -> None:
    """Raise SaveError unless a save may go to `path`: a regular file (through a link) or none."""
    try:
        regular_or_missing(path)
    except OSError as exc:
        raise SaveError(os.fspath(path), exc.strerror or str(exc)) from None


def write_atomic(
    path: str | os.PathLike[str], text: str, *, follow_links: bool = True, mode: int | None = None
) -> None:
    """Replace `path` with `text` all at once: readers see the old file or the new, never a mix.

    A temporary file in the same folder is written, flushed and fsynced, given the old file's
    mode (or `mode`), owner and group, and renamed over the target. A link is written through
    to the file it points at, and only a regular file is ever replaced. Without `follow_links`
    (files of wfm-tui's own, in folders others may write to) whatever is at the name but a
    directory is replaced, a planted link included, never written through. On any failure the
    old file is untouched and SaveError says why.

    A file that a rename would part from what it is (one with other hard links, which would
    keep the old text; one whose owner or group a new file cannot have) is written in place
    instead, as vim and Emacs do, from the fsynced temporary: if that fails, the temporary is
    kept and SaveError names it.
    """
    shown = os.fspath(path)
    target = os.path.realpath(path) if follow_links else os.path.abspath(path)
    folder = os.path.dirname(target) or "."
    try:
        status = os.stat(target, follow_symlinks=follow_links)
    except FileNotFoundError:
        status = None
    except OSError as exc:
        raise SaveError(shown, exc.strerror or str(exc)) from None
    regular = status is not None and stat.S_ISREG(status.st_mode)
    if status is not None and not regular and (follow_links or stat.S_ISDIR(status.st_mode)):
        # Renaming over a FIFO, a socket, a device would replace it with a plain file.
        raise SaveError(shown, str(NotRegularFile(shown, status.st_mode)))
    if mode is None:
        mode = stat.S_IMODE(status.st_mode) if status and regular else 0o666 & ~_umask()
    tmp_name = None
    try:
        fd, tmp_name = tempfile.mkstemp(
            prefix=f".{os.path.basename(target)}.", suffix=".tmp", dir=folder
        )
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
            os.fchmod(handle.fileno(), mode)
            in_place = (
                follow_links
                and status is not None
                and regular
                and (status.st_nlink > 1 or not _owned_alike(handle.fileno(), status))
            )
        if in_place:
            _write_in_place(shown, target, text, tmp_name)
            with contextlib.suppress(OSError):
                os.unlink(tmp_name)
        else:
            os.replace(tmp_name, target)
        tmp_name = None
        _fsync_folder(folder)
    except _KeptSaveError:
        tmp_name = None
        raise
    except OSError as exc:
        reason = exc.strerror or str(exc)
        if isinstance(exc, FileNotFoundError) and not os.path.isdir(folder):
            reason = f"the folder {folder} does not exist"
        raise SaveError(shown, reason) from None
    finally:
        if tmp_name is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp_name)


def _owned_alike(fd: int, old: os.stat_result) -> bool:
    """Give the new file the old one's owner and group; whether it has them now (an owner can
    be given only by root, a group only by a member of it)."""
    new = os.fstat(fd)
    if (new.st_uid, new.st_gid) == (old.st_uid, old.st_gid):
        return True
    for uid in (old.st_uid, -1):
        with contextlib.suppress(OSError):
            os.fchown(fd, uid, old.st_gid)
            break
    new = os.fstat(fd)
    return (new.st_uid, new.st_gid) == (old.st_uid, old.st_gid)


def _write_in_place(shown: str, target: str, text: str, kept: str) -> None:
    """Overwrite `target` with `text`; on failure, SaveError names `kept`, which holds it."""
    data = text.encode("utf-8")
    try:
        fd = os.open(target, os.O_WRONLY)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            os.ftruncate(fd, len(data))
            os.fsync(fd)
        finally:
            os.close(fd)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise _KeptSaveError(shown, f"{reason}; what was to be saved is in {kept}") from None


class _KeptSaveError(SaveError):
    """A failed write in place: its temporary file holds the text and must stay."""


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _fsync_folder(folder: str) -> None:
    # Makes the rename itself durable; not every platform or file system allows it.
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    with contextlib.suppress(OSError):
        os.fsync(fd)
    os.close(fd)
