"""Printing for the command line: nothing taken from a file can drive the terminal."""

from __future__ import annotations

import json
import re
import sys
from typing import Any

from wfm_tui.core.names import printable

# Exit statuses shared by the commands.
OK = 0
FOUND = 1  # errors found, plans differ, new errors: the answer is "no"
UNUSABLE = 2  # a file could not be loaded, bad arguments
INTERNAL = 3


def out(line: str = "") -> None:
    sys.stdout.write(printable(line) + "\n")


def err(line: str) -> None:
    sys.stderr.write("wfm-tui: " + printable(line) + "\n")


# JSON keeps non-ASCII text readable but escapes what a terminal would act on (json.dumps leaves
# C1 controls and bidi overrides as they are).
_JSON_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def out_json(data: Any) -> None:
    text = json.dumps(data, ensure_ascii=False, indent=2)
    sys.stdout.write(_JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text) + "\n")


def plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"
