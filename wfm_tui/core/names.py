"""Rules for user-given names and free text, and safe quoting of anything taken from a file."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Container
from functools import lru_cache

MAX_NAME_LENGTH = 255
MAX_TEXT_LENGTH = 4096

# What no string of a plan may hold, as regex class contents that both Python's `re` and
# pydantic-core's Rust regex read alike (so that loading a large plan checks every value without a
# Python call per value; the functions below word the errors and the tests keep the two agreeing).
#
# C0 controls (but tab and line feed, which free text keeps), DEL and C1 controls: a terminal acts
# on them.
_CONTROLS = r"\x00-\x08\x0b-\x1f\x7f-\x9f"
# Line and paragraph separators break a line where none is seen.
_SEPARATORS = r"\u2028\u2029"
# Unicode's Bidi_Control characters: embeddings, overrides, isolates and the direction marks.
# They reorder what follows them, so one string can be shown as another.
_BIDI = r"\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
# Format characters (general category Cf, Unicode 16) and the unassigned code points of their
# blocks: invisible (zero-width spaces and joiners, the byte-order mark, tag characters), so two
# strings that print the same can differ. The bidi controls above are format characters too.
_FORMAT = (
    r"\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b-\u200f"
    r"\u202a-\u202e\u2060-\u206f\ufeff\ufff0-\ufffb\U000110bd\U000110cd"
    r"\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0000-\U000e007f"
)
UNSAFE_CLASS = r"\t\n" + _CONTROLS + _SEPARATORS + _FORMAT
_UNSAFE_IN_NAME = re.compile(f"[{UNSAFE_CLASS}]")
# Free text (notes, descriptions) may also hold line feeds and tabs.
TEXT_UNSAFE_CLASS = _CONTROLS + _SEPARATORS + _FORMAT
_UNSAFE_IN_TEXT = re.compile(f"[{TEXT_UNSAFE_CLASS}]")
_HOST = re.compile(rf"[^\s{UNSAFE_CLASS}]{{1,253}}")
_BIDI_CHAR = re.compile(f"[{_BIDI}]")

NAME_PATTERN = rf"^[^\s{UNSAFE_CLASS}](?:[^{UNSAFE_CLASS}]*[^\s{UNSAFE_CLASS}])?$"
TEXT_PATTERN = rf"^[^{TEXT_UNSAFE_CLASS}]*$"
HOST_PATTERN = rf"^[^\s{UNSAFE_CLASS}]+$"


def _unsafe_found(char: str) -> str:
    """`must not contain ...` for one character that no string may hold."""
    code = ord(char)
    if code < 0x20 or 0x7F <= code <= 0x9F:
        what = "control characters"
    elif char in "\u2028\u2029":
        what = "line or paragraph separators"
    elif _BIDI_CHAR.match(char):
        what = "direction-changing characters"
    else:
        what = "invisible formatting characters"
    return f"must not contain {what} (found {escape_char(char)})"


def name_problem(value: str) -> str | None:
    """Why `value` is not a valid name, or None when it is."""
    if not value:
        return "must not be empty"
    if len(value) > MAX_NAME_LENGTH:
        return f"must be at most {MAX_NAME_LENGTH} characters (has {len(value)})"
    if match := _UNSAFE_IN_NAME.search(value):
        return _unsafe_found(match.group())
    if value != value.strip():
        return "must not start or end with white space"
    return None


def nfc(name: str) -> str:
    """`name` in Unicode normal form C: "é" typed as one character or as "e" and a combining
    accent is one name, stored one way. Names are compared and kept in this form."""
    return unicodedata.normalize("NFC", name)


def text_problem(value: str) -> str | None:
    """Why `value` is not acceptable free text (a note, a description), or None."""
    if len(value) > MAX_TEXT_LENGTH:
        return f"must be at most {MAX_TEXT_LENGTH} characters (has {len(value)})"
    if match := _UNSAFE_IN_TEXT.search(value):
        return _unsafe_found(match.group())
    return None


def host_problem(value: str) -> str | None:
    """Why `value` is not a plausible host name or address, or None."""
    if _HOST.fullmatch(value):
        return None
    if not value:
        return "must not be empty"
    if len(value) > 253:
        return "must be at most 253 characters"
    if match := _UNSAFE_IN_TEXT.search(value):
        return _unsafe_found(match.group())
    return "must not contain white space"


def escape_char(char: str) -> str:
    code = ord(char)
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def printable(text: str) -> str:
    """`text` with every control, separator, direction-changing or invisible formatting
    character shown as an escape: safe for a terminal, and two strings that differ only in such
    characters print differently."""
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
    parts: list[str | int] = list(_DIGIT_RUNS.split(name.casefold()))
    parts[1::2] = map(int, parts[1::2])  # a third faster than a test per part
    return tuple(parts), name


def suggested_name(title: str, site: str | None, taken: Container[str]) -> str:
    """A name for a new app of kind `title` at `site` that no app has: "WFM Builder Leeds", else
    "WFM Builder Leeds 2", 3, ... Without a site (or where title and site make too long a name),
    the title alone leads."""
    site = site.strip() if site else None  # the site field says what is wrong with it
    base = f"{title} {site}" if site else title
    if len(base) > MAX_NAME_LENGTH - 8 or name_problem(base) is not None:
        base = title
    if nfc(base) not in taken:
        return base
    number = 2
    while nfc(f"{base} {number}") in taken:
        number += 1
    return f"{base} {number}"
