"""Path completion for the file dialogs: the plan files and folders a typed path can go on to,
and how far tab can complete it (as a shell does: up to where the candidates differ)."""

from __future__ import annotations

import os
from dataclasses import dataclass

from wfm_tui.core.names import natural_key, printable

PLAN_SUFFIX = ".toml"
# A folder of a hundred thousand files is not read to the end for a list the user scrolls.
MAX_ENTRIES = 2000


@dataclass(frozen=True)
class Entry:
    name: str
    is_folder: bool

    @property
    def shown(self) -> str:
        return self.name + "/" if self.is_folder else self.name


@dataclass(frozen=True)
class Candidates:
    """What the folder of a typed path holds that it can go on to: its sub-folders and plan
    files whose names start with the typed file name, folders first."""

    folder: str  # as typed: "" for the current folder, else ending with a separator
    typed_name: str
    entries: tuple[Entry, ...]

    def completed(self, typed: str) -> str:
        """`typed` completed as far as every candidate agrees; a single folder gets its
        separator, so that the next tab lists inside it."""
        if not self.entries:
            return typed
        if len(self.entries) == 1:
            return self.folder + self.entries[0].shown
        # Names within one folder: character by character is what completes them.
        common = os.path.commonprefix([entry.name for entry in self.entries])  # noqa: RUF071
        return self.folder + common if len(common) > len(self.typed_name) else typed


def _split(typed: str) -> tuple[str, str]:
    """The folder part as typed (up to and with the last separator) and the name after it."""
    cut = typed.rfind(os.sep) + 1
    return typed[:cut], typed[cut:]


def candidates(typed: str) -> Candidates:
    """The folders and plan files `typed` can go on to. Hidden entries only when the typed
    name starts with a dot; nothing when the folder cannot be read."""
    folder, name = _split(typed)
    where = os.path.expanduser(folder) if folder else os.curdir
    found: list[Entry] = []
    try:
        with os.scandir(where) as listing:
            for count, item in enumerate(listing):
                if count >= MAX_ENTRIES:
                    break
                if not item.name.startswith(name):
                    continue
                if item.name.startswith(".") and not name.startswith("."):
                    continue
                if printable(item.name) != item.name:
                    # Anyone may name a file in a shared folder: a name holding an escape
                    # sequence, listed or completed into the field, would act on the terminal
                    # (set its title, clear it). Such a file can still be typed, escaped.
                    continue
                try:
                    is_folder = item.is_dir()
                except OSError:
                    continue
                if is_folder or item.name.endswith(PLAN_SUFFIX):
                    found.append(Entry(item.name, is_folder))
    except OSError:
        pass
    found.sort(key=lambda entry: (not entry.is_folder, natural_key(entry.name)))
    return Candidates(folder, name, tuple(found))
