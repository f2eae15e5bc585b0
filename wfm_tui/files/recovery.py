"""Recovery files: unsaved edits journaled to disk, so that a dropped SSH session loses nothing.

While a plan has unsaved edits, each editor session keeps its current text in a recovery file
of its own: beside the plan (`.plan.toml.<session>.wfm-recovery`, as vim keeps
`.plan.toml.swp`), or, for an untitled plan or a folder that cannot be written, under the XDG
state folder. Two editors on one plan never write over each other's journal, and a session
removes only its own (or one it restored). The next editor to open the plan finds every
journal left for it, the single `.plan.toml.wfm-recovery` of earlier versions included, and
offers each to restore or discard. A journal left under a name its plan no longer has is found
by the file its edits started from: beside it (the plan renamed) or through a pointer the state
folder keeps (the plan moved to another folder).

The folder of a plan may be shared: a journal is written to a temporary file and renamed into
place, which replaces a link planted at its name instead of writing through it, and it is read
only if it is a regular file of this user, never through a link, never blocking on a FIFO.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime
import hashlib
import os
import re
import socket
import stat
import uuid
from dataclasses import dataclass
from pathlib import Path

import tomli
import tomli_w

from wfm_tui.files import session_lock
from wfm_tui.files.atomic_write import write_atomic
from wfm_tui.files.errors import LoadError, Problem, SaveError
from wfm_tui.files.plan_file import MAX_PLAN_BYTES, LoadedPlan, parse_plan
from wfm_tui.files.plan_input import count_outside_strings
from wfm_tui.files.regular_files import NotRegularFile, kind_of, read_regular

SUFFIX = ".wfm-recovery"
# A journal is named for its plan, in the plan's folder (or for its path, in the state folder):
# a plan moved to another folder after its session dropped would not find it. The state folder
# keeps, for each such journal, a pointer named for the file its edits started from.
POINTER_SUFFIX = ".wfm-journal-at"
MAX_POINTER_BYTES = 8192
FORMAT = 1
# Edits can grow a plan past the size cap of a plan file (it can no longer be saved; the editor
# says so): its journal must still be restored. A journal may hold a plan of up to twice that
# cap, within a plan file's caps on apps and tables and, over a plan file's cap, with at most
# MAX_JOURNAL_LINKS links and MAX_JOURNAL_KEYS keys: the largest restores within the editor's
# 1 GiB (tests/tui/test_tui_bounded.py). The editor journals no plan beyond them (its last
# journal stays), and says so. A canonical plan has at most a comma a link, an equals sign a key.
MAX_JOURNAL_PLAN_BYTES = 2 * MAX_PLAN_BYTES
MAX_JOURNAL_LINKS = 2_000_000
MAX_JOURNAL_KEYS = 1_000_000  # a key a field: eight an app at most, and the plan's few
# The plan's text, escaped into a TOML string (at most twice as long), and a few short fields.
MAX_RECOVERY_BYTES = 2 * MAX_JOURNAL_PLAN_BYTES + 64 * 1024
DAMAGED = "it is not a recovery file this wfm-tui can read (damaged or truncated)"
# What names one editor session in its journal's name: its process and a random part (a pid
# alone is reused, and two hosts may share a folder).
_SESSION = re.compile(r"[0-9]+-[0-9a-f]{8}")


@dataclass(frozen=True)
class Recovery:
    """A recovery file's contents: the plan text and where it belongs."""

    file: Path
    plan_path: str | None
    plan_text: str
    base_fingerprint: str | None  # the plan file the edits started from
    saved_at: str
    host: str
    pid: int
    # The plan as it was when the what-if sandbox opened, when the edits were made in it:
    # restored, the sandbox opens again on it, so that its experiments can still be thrown
    # away (None: no sandbox was open, or the two plans were too large to journal both).
    whatif_baseline: str | None = None
    # The editor that wrote it is still running (see still_running): its edits may still be
    # open there, and its journal is its own, to be copied but never removed from here.
    still_running: bool = False
    # Left beside the plan for another name, now gone (see moved_here): the plan's path then.
    moved_from: str | None = None
    # Older journals of the same session (see left_for): what this one holds replaces them.
    superseded: tuple[Path, ...] = ()


@dataclass(frozen=True)
class Unusable:
    """Something at a recovery file's name that cannot be offered, and why."""

    file: Path
    reason: str


def new_session() -> str:
    return f"{os.getpid()}-{uuid.uuid4().hex[:8]}"


def state_folder() -> Path:
    base = os.environ.get("XDG_STATE_HOME") or os.path.join(
        os.path.expanduser("~"), ".local", "state"
    )
    return Path(base) / "wfm-tui" / "recovery"


def beside(plan_path: str, session: str | None = None) -> Path:
    """A session's recovery file next to a plan: `.NAME.SESSION.wfm-recovery` in the plan's
    folder; without a session, the single `.NAME.wfm-recovery` of earlier versions."""
    real = Path(os.path.realpath(plan_path))
    return real.with_name(f".{real.name}{_middle(session)}{SUFFIX}")


def in_state_folder(plan_path: str | None, session: str | None = None) -> Path:
    """A session's recovery file under the state folder (untitled plans, unwritable folders);
    without a session, the single one of earlier versions."""
    if plan_path is None:
        return state_folder() / f"untitled-{session or ''}{SUFFIX}"
    # Named for the file, not for the name it was opened by (a link): found by any of them.
    return _in_state_folder_as(Path(os.path.realpath(plan_path)).name, plan_path, session)


def _in_state_folder_as(name: str, plan_path: str, session: str | None) -> Path:
    digest = hashlib.sha256(os.path.realpath(plan_path).encode()).hexdigest()[:16]
    return state_folder() / f"{name}-{digest}{_middle(session)}{SUFFIX}"


def _middle(session: str | None) -> str:
    return f".{session}" if session else ""


def files_for(plan_path: str) -> list[Path]:
    """Every recovery file name of this plan that is taken, in either place, any session."""
    found = []
    # Earlier versions named a journal in the state folder for the name the plan was opened by.
    by_name = _in_state_folder_as(Path(plan_path).name, plan_path, None)
    for single in dict.fromkeys((beside(plan_path), in_state_folder(plan_path), by_name)):
        stem = single.name.removesuffix(SUFFIX)
        try:
            names = os.listdir(single.parent)
        except OSError:
            continue
        for name in names:
            if len(name) < len(single.name) or not name.startswith(stem):
                continue
            if not name.endswith(SUFFIX):
                continue
            middle = name[len(stem) : -len(SUFFIX)]
            if not middle or (middle[0] == "." and _SESSION.fullmatch(middle[1:])):
                found.append(single.parent / name)
    return sorted(found)


def left_for(
    plan_path: str, fingerprint: str | None = None
) -> tuple[list[Recovery], list[Unusable]]:
    """Every journal left for this plan (newest first), those of the file of `fingerprint`
    left under a name it no longer has (see moved_here), and whatever at a journal's name
    cannot be used as one."""
    recoveries: list[Recovery] = []
    unusable: list[Unusable] = []
    holder = None
    entries: list[Recovery | Unusable | None] = [inspect(file) for file in files_for(plan_path)]
    entries += moved_here(plan_path, fingerprint)
    entries += moved_away(plan_path, fingerprint)
    for found in entries:
        if isinstance(found, Recovery):
            if found.host != socket.gethostname() and holder is None:
                holder = session_lock.holder_of(plan_path)
            if still_running(found, holder):
                found = dataclasses.replace(found, still_running=True)
            recoveries.append(found)
        elif found is not None:
            unusable.append(found)
    recoveries.sort(key=lambda r: r.saved_at, reverse=True)
    return _newest_of_each_session(recoveries), unusable


def _newest_of_each_session(recoveries: list[Recovery]) -> list[Recovery]:
    """One journal a session, the newest, naming the older ones it supersedes: a session whose
    plan's folder turned read-only journals on in the state folder and cannot remove the
    journal beside the plan, which would be offered as another session's."""
    kept: list[Recovery] = []
    index: dict[str, int] = {}
    for found in recoveries:  # newest first
        stem = found.file.name.removesuffix(SUFFIX)
        _, dot, session = stem.rpartition(".")
        if not dot or not _SESSION.fullmatch(session):
            kept.append(found)  # the single journal of earlier versions
        elif session in index:
            newer = kept[index[session]]
            superseded = (*newer.superseded, found.file)
            kept[index[session]] = dataclasses.replace(newer, superseded=superseded)
        else:
            index[session] = len(kept)
            kept.append(found)
    return kept


def _plan_name_of(name: str) -> str | None:
    """The name of the plan a journal beside it is named for: `.NAME[.SESSION].wfm-recovery`."""
    if not name.startswith(".") or not name.endswith(SUFFIX):
        return None
    stem = name[1 : -len(SUFFIX)]
    head, dot, session = stem.rpartition(".")
    return (head if dot and _SESSION.fullmatch(session) else stem) or None


def moved_here(plan_path: str, fingerprint: str | None) -> list[Recovery]:
    """Journals beside `plan_path` named for a plan no longer there, whose edits started from
    the file of `fingerprint` (this one): the plan was renamed (`mv`, `git mv`) after its
    session ended, and its journal, a hidden file, stayed under the old name. Only the
    journals whose plan's name is gone are read. A plan moved to another folder: moved_away."""
    if fingerprint is None:
        return []
    real = Path(os.path.realpath(plan_path))
    try:
        names = sorted(os.listdir(real.parent))
    except OSError:
        return []
    found = []
    for name in names:
        old = _plan_name_of(name)
        if old is None or old == real.name or os.path.lexists(real.parent / old):
            continue
        entry = inspect(real.parent / name)
        if isinstance(entry, Recovery) and entry.base_fingerprint == fingerprint:
            found.append(dataclasses.replace(entry, moved_from=str(real.parent / old)))
    return found


def moved_away(plan_path: str, fingerprint: str | None) -> list[Recovery]:
    """Journals in other folders whose edits started from the file of `fingerprint` (this one)
    and whose plan is no longer where they were made: the plan was moved to another folder
    after its session ended. Found through the state folder's pointers (see _point_to); a
    pointer whose journal is gone is removed."""
    if fingerprint is None:
        return []
    folder = _pointers()
    try:
        names = sorted(os.listdir(folder))
    except OSError:
        return []
    here = Path(os.path.realpath(plan_path)).parent
    own = set(files_for(plan_path))
    prefix = f"{fingerprint[:16]}."
    found = []
    for name in names:
        if not name.startswith(prefix) or not name.endswith(POINTER_SUFFIX):
            continue
        try:
            data, _ = read_regular(folder / name, MAX_POINTER_BYTES, follow_links=False)
            journal = Path(data.decode("utf-8"))
        except (OSError, UnicodeDecodeError):
            continue
        if not journal.is_absolute() or journal.parent == here or journal in own:
            continue  # files_for and moved_here look there
        entry = inspect(journal)
        if entry is None:
            with contextlib.suppress(OSError):
                (folder / name).unlink()
            continue
        if not isinstance(entry, Recovery) or entry.base_fingerprint != fingerprint:
            continue
        old = entry.plan_path
        if old is None or os.path.lexists(old):
            continue  # its plan is still there (a copy was made, not a move): that plan's
        found.append(dataclasses.replace(entry, moved_from=old))
    return found


def still_running(found: Recovery, holder: session_lock.Holder | None) -> bool:
    """The editor that wrote `found` is running: a process of this host that is there, or one
    of another host that holds the plan's lock (`holder`) as it did when it was opened."""
    if found.host == socket.gethostname():
        return session_lock.running_here(found.pid, found.saved_at)
    return holder is not None and (holder.host, holder.pid) == (found.host, found.pid)


def write(
    file: Path,
    plan_text: str,
    plan_path: str | None,
    base_fingerprint: str | None,
    whatif_baseline: str | None = None,
) -> str | None:
    """Journal `plan_text` (atomically: a crash mid-write leaves the previous journal), and
    `whatif_baseline`, the plan when the what-if sandbox opened, while both fit in a journal.

    Returns what was said about the name when something other than this user's regular file
    was there (a planted link, say): it has been replaced, never written through.
    """
    if file.parent == state_folder():
        # Only our own folder is made: beside a plan whose folder has gone (removed, an
        # unmounted share), the journal goes to the state folder instead of bringing it back.
        file.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    record = {
        "format": FORMAT,
        "saved_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "host": socket.gethostname(),
        "pid": os.getpid(),
        "plan": plan_text,
    }
    if plan_path is not None:
        record["plan_path"] = os.path.realpath(plan_path)
    if base_fingerprint is not None:
        record["base_fingerprint"] = base_fingerprint
    if whatif_baseline is not None and _fits(plan_text, whatif_baseline):
        record["whatif_baseline"] = whatif_baseline
    replaced = _foreign(file)
    # 0o600 from the start: a journal may hold plans of private systems.
    write_atomic(
        file, tomli_w.dumps(record, multiline_strings=True), follow_links=False, mode=0o600
    )
    if plan_path is not None and base_fingerprint is not None:
        _point_to(file, base_fingerprint)
    if replaced is None:
        return None
    return f"{file} was {replaced}: replaced by a recovery file, not written through"


def _pointers() -> Path:
    return state_folder() / "beside-plans"


def _pointer_tail(file: Path) -> str:
    """How every pointer to journal `file` ends, whatever file its edits started from."""
    return f".{hashlib.sha256(str(file).encode()).hexdigest()[:16]}{POINTER_SUFFIX}"


def _pointer(file: Path, base_fingerprint: str) -> Path:
    return _pointers() / f"{base_fingerprint[:16]}{_pointer_tail(file)}"


def _point_to(file: Path, base_fingerprint: str) -> None:
    """Leave word in the state folder that `file` journals edits begun from the file of
    `base_fingerprint`, once (a journal is written every second while edits go on). Without a
    state folder the journal is still written: only a move to another folder misses it."""
    pointer = _pointer(file, base_fingerprint)
    if os.path.lexists(pointer):
        return
    with contextlib.suppress(OSError, SaveError):
        pointer.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        write_atomic(pointer, str(file), follow_links=False, mode=0o600)


def _fits(*texts: str) -> bool:
    """The texts, together, are within what a journal holds (MAX_RECOVERY_BYTES stays)."""
    return sum(len(text.encode("utf-8")) for text in texts) <= MAX_JOURNAL_PLAN_BYTES


def _foreign(file: Path) -> str | None:
    """What is at `file` when it is not a regular file of this user; None otherwise."""
    try:
        status = file.lstat()
    except OSError:
        return None
    if not stat.S_ISREG(status.st_mode):
        return kind_of(status.st_mode)
    if status.st_uid != os.geteuid():
        return "a file of another user"
    return None


def inspect(file: Path) -> Recovery | Unusable | None:
    """The recovery file's contents; Unusable when something else is at its name (and why);
    None when there is nothing."""
    try:
        data, status = read_regular(file, MAX_RECOVERY_BYTES + 1, follow_links=False)
    except FileNotFoundError:
        return None
    except NotRegularFile as exc:
        return Unusable(file, f"it is {exc.kind}, not a recovery file (not followed or opened)")
    except OSError as exc:
        return Unusable(file, f"it cannot be read: {exc.strerror or exc}")
    if status.st_uid != os.geteuid():
        return Unusable(file, "it belongs to another user (not used)")
    if len(data) > MAX_RECOVERY_BYTES:
        return Unusable(file, DAMAGED)
    try:
        found = tomli.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, tomli.TOMLDecodeError):
        return Unusable(file, DAMAGED)
    written = found.get("format")
    if isinstance(written, int) and not isinstance(written, bool) and written > FORMAT:
        # Not damaged: a discard would drop edits that the newer version restores.
        return Unusable(
            file,
            f"it was written by a newer wfm-tui (recovery file format {written}, this one "
            f"reads {FORMAT}): open the plan with that version to restore it",
        )
    if written != FORMAT or not isinstance(found.get("plan"), str):
        return Unusable(file, DAMAGED)
    return Recovery(
        file=file,
        plan_path=found.get("plan_path") if isinstance(found.get("plan_path"), str) else None,
        plan_text=found["plan"],
        base_fingerprint=found.get("base_fingerprint")
        if isinstance(found.get("base_fingerprint"), str)
        else None,
        saved_at=str(found.get("saved_at", "")),
        host=str(found.get("host", "")),
        pid=pid if isinstance(pid := found.get("pid"), int) else 0,
        whatif_baseline=baseline
        if isinstance(baseline := found.get("whatif_baseline"), str)
        else None,
    )


def restored_plan(found: Recovery, path: str | None = None) -> LoadedPlan:
    """The plan a journal holds, read as the plan file `path` would be (LoadError when it
    cannot be): over what a plan file may be, as edits made it, but within what the editor
    journals."""
    return _restored(found.plan_text, path)


def restored_baseline(found: Recovery, path: str | None = None) -> LoadedPlan | None:
    """The plan as it was when the what-if sandbox of the journaled edits opened (None: no
    sandbox was open), read as restored_plan reads the plan."""
    if found.whatif_baseline is None:
        return None
    return _restored(found.whatif_baseline, path)


def _restored(text: str, path: str | None) -> LoadedPlan:
    shown = path or "<plan>"
    # Within a plan file's size cap, the caps of a plan file hold: as a journal ever was.
    limits = ((",", "links", MAX_JOURNAL_LINKS), ("=", "keys", MAX_JOURNAL_KEYS))
    for char, what, most in limits if len(text) > MAX_PLAN_BYTES else ():
        if (count := count_outside_strings(text, char, most)) > most:
            message = f"has some {count:,} {what}: a recovery file may hold at most {most:,}"
            raise LoadError(shown, [Problem(message)])
    return parse_plan(text, shown, max_chars=MAX_JOURNAL_PLAN_BYTES)


def read(file: Path) -> Recovery | None:
    """The recovery file's contents; None when it is missing or not a usable recovery file."""
    found = inspect(file)
    return found if isinstance(found, Recovery) else None


def untitled() -> list[Recovery]:
    """Recoveries of untitled plans, newest first."""
    folder = state_folder()
    if not folder.is_dir():
        return []
    found = [read(f) for f in folder.glob(f"untitled-*{SUFFIX}")]
    marked = (
        dataclasses.replace(r, still_running=still_running(r, None)) for r in found if r is not None
    )
    return sorted(marked, key=lambda r: r.saved_at, reverse=True)


def discard(file: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        file.unlink()
    with contextlib.suppress(OSError):
        for pointer in _pointers().glob(f"*{_pointer_tail(file)}"):
            pointer.unlink()
