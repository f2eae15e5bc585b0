"""The user's keymap file: binding ids mapped to keys, in a `[keymap]` table.

    # $XDG_CONFIG_HOME/wfm-tui/keymap.toml (~/.config/wfm-tui/keymap.toml)
    [keymap]
    "editor.save" = "ctrl+w"
    "editor.undo" = "u,ctrl+z"   # several keys: comma-separated

The ids are the editor's (`wfm_tui/tui/keys.py`); unquoted, `editor.save = ...` is a dotted
key, read the same. A file that is wrong in any way is not used at all, and says where.
"""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Collection
from pathlib import Path

import tomli

from wfm_tui.core.names import quote
from wfm_tui.files.errors import LoadError, Problem
from wfm_tui.files.regular_files import read_or_load_error
from wfm_tui.files.toml_locator import Path as KeyPath
from wfm_tui.files.toml_locator import locate

# A keymap is a few dozen lines: anything much larger is not one.
MAX_BYTES = 64 * 1024
# Keys as Textual names them (`ctrl+s`, `f2`, `question_mark`, `?`), comma-separated.
_KEYS = re.compile(r"[^\s,]+(,[^\s,]+)*")


def keymap_path() -> Path:
    """Where the user's keymap is, whether it exists or not."""
    base = os.environ.get("XDG_CONFIG_HOME") or os.path.join(os.path.expanduser("~"), ".config")
    return Path(base) / "wfm-tui" / "keymap.toml"


def read_keymap(path: str | os.PathLike[str], known_ids: Collection[str]) -> dict[str, str]:
    """The keymap of the file at `path`: binding id -> keys. Raises LoadError with one problem,
    placed at its line and column, for a file that cannot be used."""
    shown = os.fspath(path)
    data = read_or_load_error(path, MAX_BYTES + 1, "keymap file")
    if len(data) > MAX_BYTES:
        raise LoadError(shown, [Problem("is too large to be a keymap file")])
    try:
        text = data.decode("utf-8").replace("\r\n", "\n")
        document = tomli.loads(text)
    except UnicodeDecodeError:
        raise LoadError(shown, [Problem("is not UTF-8 text")]) from None
    except tomli.TOMLDecodeError as exc:
        problem = Problem(f"TOML syntax: {exc.msg}", exc.lineno, exc.colno)
        raise LoadError(shown, [problem]) from None

    def fail(message: str, where: KeyPath) -> LoadError:
        line, column = locate(text, [where]).find(where) or (None, None)
        return LoadError(shown, [Problem(message, line, column)])

    for name in document:
        if name != "keymap":
            raise fail(f"unknown table {quote(name, 40)}: only [keymap] is read", (name,))
    table = document.get("keymap", {})  # an empty file is no keymap, and nothing wrong
    if not isinstance(table, dict):
        raise fail("needs a [keymap] table of binding ids and keys", ("keymap",))
    keymap: dict[str, str] = {}
    for key_id, keys, where in _entries(table, ("keymap",)):
        if key_id not in known_ids:
            close = difflib.get_close_matches(key_id, known_ids, n=1)
            hint = f" (did you mean {close[0]}?)" if close else ""
            raise fail(f"unknown binding id {quote(key_id, 60)}{hint}", where)
        if not isinstance(keys, str) or not _KEYS.fullmatch(keys):
            raise fail(
                f'{key_id}: keys are a string such as "ctrl+s" or "f2,ctrl+s" (no spaces)', where
            )
        keymap[key_id] = keys
    return keymap


def _entries(table: dict[str, object], where: KeyPath) -> list[tuple[str, object, KeyPath]]:
    """(id, value, key path) of every entry; a dotted key's tables are joined back by dots."""
    found: list[tuple[str, object, KeyPath]] = []
    for name, value in table.items():
        path = (*where, name)
        if isinstance(value, dict):
            found += [
                (f"{name}.{sub}", keys, sub_path) for sub, keys, sub_path in _entries(value, path)
            ]
        else:
            found.append((name, value, path))
    return found
