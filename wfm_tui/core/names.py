"""Rules for user-given names and free text, and safe quoting of anything taken from a file."""

from __future__ import annotations

import re
from functools import lru_cache

MAX_NAME_LENGTH = 255
MAX_TEXT_LENGTH = 4096

# C0, DEL and C1 controls, plus the characters that reorder or break lines on a terminal
# (bidi embeddings, overrides and isolates; line and paragraph separators): a name holding one
# could disguise itself or another name.
_REORDERING = "\u2028\u2029\u202a-\u202e\u2066-\u2069"
_UNSAFE = "\x00-\x1f\x7f-\x9f" + _REORDERING
_UNSAFE_IN_NAME = re.compile(f"[{_UNSAFE}]")
# Free text (notes, descriptions) may also hold line feeds and tabs.
_UNSAFE_IN_TEXT = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{_REORDERING}]")
_HOST = re.compile(r"[^\s\x00-\x1f\x7f-\x9f]{1,253}")

# The same rules as patterns for pydantic-core's Rust regex engine, so that loading a large plan
# checks every name without a Python call per name. The functions above explain a mismatch.
_RUST_UNSAFE = r"\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069"
NAME_PATTERN = rf"^[^\s{_RUST_UNSAFE}](?:[^{_RUST_UNSAFE}]*[^\s{_RUST_UNSAFE}])?$"
TEXT_PATTERN = r"^[^\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]*$"
HOST_PATTERN = r"^[^\s\x00-\x1f\x7f-\x9f]+$"


def name_problem(value: str) -> str | None:
    """Why `value` is not a valid name, or None when it is."""
    if not value:
        return "must not be empty"
    if len(value) > MAX_NAME_LENGTH:
        return f"must be at most {MAX_NAME_LENGTH} characters (has {len(value)})"
    if match := _UNSAFE_IN_NAME.search(value):
        return f"must not contain control characters (found {escape_char(match.group())})"
    if value != value.strip():
        return "must not start or end with white space"
    return None


def text_problem(value: str) -> str | None:
    """Why `value` is not acceptable free text (a note, a description), or None."""
    if len(value) > MAX_TEXT_LENGTH:
        return f"must be at most {MAX_TEXT_LENGTH} characters (has {len(value)})"
    if match := _UNSAFE_IN_TEXT.search(value):
        return f"must not contain control characters (found {escape_char(match.group())})"
    return None


def host_problem(value: str) -> str | None:
    """Why `value` is not a plausible host name or address, or None."""
    if _HOST.fullmatch(value):
        return None
    if not value:
        return "must not be empty"
    if len(value) > 253:
        return "must be at most 253 characters"
    return "must not contain white space or control characters"


def escape_char(char: str) -> str:
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str) -> str:
    """`text` with every control or reordering character shown as an escape, safe for a terminal."""
    return _UNSAFE_IN_NAME.sub(lambda m: escape_char(m.group()), text)


def location(path: str, line: int | None, column: int | None) -> str:
    """`path:line:col` as compilers print it (as much of it as is known), safe for a terminal."""
    where = printable(path)
    if line is not None:
        where += f":{line}"
        if column is not None:
            where += f":{column}"
    return where


def quote(text: str, limit: int | None = None) -> str:
    """`text` in double quotes, escaped so that it can neither break out nor drive the terminal;
    cut to `limit` characters (for text from a file that may be any length)."""
    if limit is not None and len(text) > limit:
        text = text[:limit] + "…"
    return '"' + printable(text.replace("\\", "\\\\").replace('"', '\\"')) + '"'


def field_problem(field: str | int, value: str) -> str:
    """Why `value` broke the rule of the plan field `field` (names, notes, hosts), in words."""
    if field in ("note", "description"):
        problem = text_problem(value)
    elif field == "host":
        problem = host_problem(value)
    else:
        problem = name_problem(value)
    return problem or "is not allowed here"


_DIGIT_RUNS = re.compile(r"(\d+)")


@lru_cache(maxsize=16384)
def natural_key(name: str) -> tuple[tuple[str | int, ...], str]:
    """A sort key that puts "Site 2" before "Site 10": runs of digits compare as numbers,
    the text between them without regard to case; the name itself breaks ties. Cached: the
    editor sorts the same names for the navigator and for every panel's targets."""
    # split() alternates text and digit runs, text first: a position always holds one type.
    parts = _DIGIT_RUNS.split(name.casefold())
    return tuple(int(part) if index % 2 else part for index, part in enumerate(parts)), name
