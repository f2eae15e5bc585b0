"""Pydantic validation errors turned into one clear line each, located in the TOML text."""

from __future__ import annotations

import datetime
import difflib
import re
from collections.abc import Callable, Sequence
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from wfm_tui.core.fields import PORT_RANGE
from wfm_tui.core.names import field_problem, name_problem, quote
from wfm_tui.core.plan import App, Features, Plan
from wfm_tui.files.errors import Pending, Problem
from wfm_tui.files.toml_locator import Locations, Path

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]{1,60}")
# Keys and values quoted from the file are cut to this many characters.
_SHOWN = 60

_EXPECTED = {
    "int_type": "an integer",
    "int_parsing": "an integer",
    "int_from_float": "an integer",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "string_type": "a string",
    "list_type": "an array",
    "tuple_type": "an array",
    "dict_type": "a table",
    "model_type": "a table",
    "model_attributes_type": "a table",
}


def toml_type(value: Any) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int):
        return "an integer"
    if isinstance(value, float):
        return "a float"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, datetime.datetime):
        return "a date-time"
    if isinstance(value, datetime.date):
        return "a date"
    if isinstance(value, datetime.time):
        return "a time"
    return type(value).__name__


def dotted(path: Path) -> str:
    """A location as a TOML key: apps."WFM Server".connections[2]."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
            continue
        key = part if _BARE_KEY.fullmatch(part) else quote(part, _SHOWN)
        out += f".{key}" if out else key
    return out or "the plan"


# Errors of the string rules that pydantic-core checks; names.py words them.
STRING_RULES = ("string_pattern_mismatch", "string_too_short", "string_too_long")


def _model_for(path: Path) -> type[BaseModel] | None:
    if path == ("features",):
        return Features
    if len(path) == 2 and path[0] == "apps":
        return App
    if not path:
        return Plan
    return None


ModelFor = Callable[[tuple[str | int, ...]], type[BaseModel] | None]


def unknown_key(path: Path, model_for: ModelFor = _model_for) -> str:
    """The message for a key the format does not have, with the closest allowed one;
    `model_for` names the model at a key path (the plan's, or a catalog's)."""
    message = f"unknown key {dotted(path)}"
    model = model_for(path[:-1])
    if model is not None:
        close = difflib.get_close_matches(str(path[-1]), list(model.model_fields), n=1)
        if close:
            message += f" (did you mean {close[0]!r}?)"
        else:
            message += f"; allowed keys: {', '.join(model.model_fields)}"
    return message


def pending_from(error: ErrorDetails, model_for: ModelFor = _model_for) -> Pending:
    """One pydantic error as a located problem."""
    raw_loc = tuple(error["loc"])
    is_key = bool(raw_loc) and raw_loc[-1] == "[key]"
    path = raw_loc[:-1] if is_key else raw_loc
    kind = error["type"]
    value = error.get("input")
    if kind == "missing":
        message = f"missing required key {quote(str(path[-1]), _SHOWN)} in {dotted(path[:-1])}"
        # A key missing from the top of the file belongs at its start.
        if len(path) > 1:
            return Pending(message, path[:-1])
        return Pending(message, place=(1, 1))
    if kind == "extra_forbidden":
        message = unknown_key(path, model_for)
    elif is_key:
        problem = name_problem(str(path[-1])) or "is not a valid name"
        message = f"invalid name {quote(str(path[-1]), _SHOWN)}: it {problem}"
    elif kind in STRING_RULES and isinstance(value, str):
        message = f"{dotted(path)} {field_problem(path[-1], value)}"
    elif kind in _EXPECTED:
        message = f"{dotted(path)} must be {_EXPECTED[kind]}, not {toml_type(value)}"
        if isinstance(value, str):
            message += f" ({quote(value, _SHOWN)})"
    elif kind in ("greater_than_equal", "less_than_equal") and path[-1] == "port":
        message = f"{dotted(path)} {PORT_RANGE}, not {value}"
    elif kind == "value_error":  # a rule of ours: its words, without pydantic's prefix
        message = f"{dotted(path)} {error['msg'].removeprefix('Value error, ')}"
    else:
        message = f"{dotted(path)}: {error['msg']}"
    return Pending(message, path)


def place(pending: Sequence[Pending], locations: Locations) -> list[Problem]:
    """The problems on their lines, in file order (those without a line last)."""
    problems = []
    for item in pending:
        where = item.place or (locations.find(item.path) if item.path else None)
        message = item.message
        if item.also is not None and (first := locations.find(item.also)) is not None:
            message += f" (first at line {first[0]}, column {first[1]})"
        problems.append(Problem(message, *(where or (None, None))))
    problems.sort(key=lambda p: (p.line is None, p.line or 0, p.column or 0))
    return problems


def wanted_paths(pending: Sequence[Pending]) -> set[Path]:
    """The key paths the problems need placed."""
    return {path for item in pending for path in (item.path, item.also) if path}


def problems_from(
    exc: ValidationError, locations: Locations, model_for: ModelFor = _model_for
) -> list[Problem]:
    """Every validation error of a small document (a catalog) as a located problem."""
    pending = [pending_from(error, model_for) for error in exc.errors(include_url=False)]
    return place(pending, locations)
