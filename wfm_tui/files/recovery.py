"""Recovery files: unsaved edits journaled to disk, so that a dropped SSH session loses nothing.

While a plan has unsaved edits, the editor keeps its current text in a recovery file: beside the
plan (`.plan.toml.wfm-recovery`, as vim keeps `.plan.toml.swp`), or, for an untitled plan or a
folder that cannot be written, under the XDG state folder. The next editor to open the plan
finds it and offers to restore or discard it. A save or a discard removes it.
"""

from __future__ import annotations

import contextlib
import datetime
import hashlib
import os
import socket
from dataclasses import dataclass
from pathlib import Path

import tomli
import tomli_w

from wfm_tui.files.plan_file import write_atomic

SUFFIX = ".wfm-recovery"
FORMAT = 1


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


def state_folder() -> Path:
    base = os.environ.get("XDG_STATE_HOME") or os.path.join(
        os.path.expanduser("~"), ".local", "state"
    )
    return Path(base) / "wfm-tui" / "recovery"


def beside(plan_path: str) -> Path:
    """The recovery file next to a plan: `.NAME.wfm-recovery` in the plan's folder."""
    real = Path(os.path.realpath(plan_path))
    return real.with_name(f".{real.name}{SUFFIX}")


def in_state_folder(plan_path: str | None, untitled_id: str = "") -> Path:
    """The recovery file under the state folder (untitled plans, unwritable folders)."""
    if plan_path is None:
        return state_folder() / f"untitled-{untitled_id}{SUFFIX}"
    digest = hashlib.sha256(os.path.realpath(plan_path).encode()).hexdigest()[:16]
    return state_folder() / f"{Path(plan_path).name}-{digest}{SUFFIX}"


def candidates(plan_path: str) -> list[Path]:
    return [beside(plan_path), in_state_folder(plan_path)]


def write(file: Path, plan_text: str, plan_path: str | None, base_fingerprint: str | None) -> None:
    """Journal `plan_text` (atomically: a crash mid-write leaves the previous journal)."""
    file.parent.mkdir(parents=True, exist_ok=True)
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
    write_atomic(file, tomli_w.dumps(record, multiline_strings=True))
    with contextlib.suppress(OSError):
        os.chmod(file, 0o600)  # may hold plans of private systems


def read(file: Path) -> Recovery | None:
    """The recovery file's contents; None when it is missing or not a recovery file."""
    try:
        data = tomli.loads(file.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, tomli.TOMLDecodeError):
        return None
    if data.get("format") != FORMAT or not isinstance(data.get("plan"), str):
        return None
    return Recovery(
        file=file,
        plan_path=data.get("plan_path") if isinstance(data.get("plan_path"), str) else None,
        plan_text=data["plan"],
        base_fingerprint=data.get("base_fingerprint")
        if isinstance(data.get("base_fingerprint"), str)
        else None,
        saved_at=str(data.get("saved_at", "")),
        host=str(data.get("host", "")),
        pid=data.get("pid") if isinstance(data.get("pid"), int) else 0,
    )


def find(plan_path: str) -> Recovery | None:
    """A recovery left for this plan, beside it or in the state folder."""
    for file in candidates(plan_path):
        found = read(file)
        if found is not None:
            return found
    return None


def untitled() -> list[Recovery]:
    """Recoveries of untitled plans, newest first."""
    folder = state_folder()
    if not folder.is_dir():
        return []
    found = [read(f) for f in folder.glob(f"untitled-*{SUFFIX}")]
    return sorted((r for r in found if r is not None), key=lambda r: r.saved_at, reverse=True)


def discard(file: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        file.unlink()
