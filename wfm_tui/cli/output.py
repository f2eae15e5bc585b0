"""Printing for the command line: nothing taken from a file can drive the terminal."""

from __future__ import annotations

import json
import re
import sys
from typing import Any

from wfm_tui.core.names import TEXT_UNSAFE_CLASS, printable

# Exit statuses shared by the commands.
OK = 0
FOUND = 1  # errors found, plans differ, new errors: the answer is "no"
UNUSABLE = 2  # a file could not be loaded, bad arguments
INTERNAL = 3


def out(line: str = "") -> None:
    sys.stdout.write(printable(line) + "\n")


def err(line: str) -> None:
    sys.stderr.write("wfm-tui: " + printable(line) + "\n")


# JSON keeps non-ASCII text readable but escapes what a terminal would act on or would not show
# (json.dumps leaves C1 controls, bidi controls and invisible format characters as they are). Its
# own line feeds and indents are not in a string: the class leaves them alone.
_JSON_UNSAFE = re.compile(f"[{TEXT_UNSAFE_CLASS}]")


def _json_escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x10000:
        return f"\\u{code:04x}"
    code -= 0x10000  # JSON escapes are UTF-16: a surrogate pair
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


def out_json(data: Any) -> None:
    text = json.dumps(data, ensure_ascii=False, indent=2)
    sys.stdout.write(_JSON_UNSAFE.sub(_json_escape, text) + "\n")


def plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"
