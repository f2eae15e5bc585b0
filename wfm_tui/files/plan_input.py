"""Checks of a plan's raw data before and around schema validation, so that any file within the
size cap loads or fails in bounded memory and time, with names compared in one normal form.

Memory is what bounds a hostile file: tomli builds about a kilobyte for each table, pydantic
keeps every error of one validation call, and a 16 MiB file can hold millions of either. So
tables and arrays are counted before parsing, apps after it, unknown keys of an oversized table are
reported here rather than by pydantic, apps are validated a few thousand at a time, and at most
MAX_PROBLEMS problems are kept (the rest are counted).
"""

from __future__ import annotations

import re
from itertools import islice
from typing import Any

from pydantic import ValidationError

from wfm_tui.core.catalog import Catalog
from wfm_tui.core.names import nfc, quote
from wfm_tui.core.plan import FORMAT_VERSION, App, Features, Plan
from wfm_tui.files.errors import KeyPath, Pending

# The wording of problems (schema_errors) is imported where a problem is found: a plan that
# loads cleanly never needs it.

# A plan of this many apps is some 16 MiB; more is not a deployment plan.
MAX_APPS = 100_000
# Tables (headers, inline tables, the tables dotted keys make) and arrays that tomli may build:
# a table costs it about a kilobyte, so this bounds its memory to some 400 MB. A canonical plan
# of MAX_APPS apps has some 300,000 (a header, a dot in it, a connections array per app).
MAX_TABLES = 400_000
# Problems listed for a file that cannot be loaded; the rest are counted.
MAX_PROBLEMS = 100
# Keys in a file below which pydantic reports unknown keys itself: it holds every error of one
# call, some 800 bytes each.
MANY_KEYS = 100_000
# Apps validated per pydantic call: its errors, at most some ten per app, are held at once.
APP_CHUNK = 5_000

# Strings and comments, for counting what is outside them. Each alternative ends at its closing
# quote or, in a file that is not valid TOML, at the end of the line or text: a quote without its
# closing one is then passed once, not scanned again from every later quote.
_STRINGS_AND_COMMENTS = re.compile(
    r'"""(?:[^"\\]++|\\.|"(?!""))*+(?:"""(?:"{1,2})?|\Z)'
    r"|'''(?:[^']++|'(?!''))*+(?:'''(?:'{1,2})?|\Z)"
    r'|"(?:[^"\\\n]++|\\.)*+(?:"|$)'
    r"|'[^'\n]*+(?:'|$)"
    r"|#[^\n]*+",
    re.DOTALL | re.MULTILINE,
)


def _structures(text: str) -> int:
    return text.count("[") + text.count("{") + text.count(".")


def count_tables(text: str) -> int:
    """At least the number of tables and arrays tomli would build for `text`: every bracket,
    brace and dot outside strings and comments counts (a dot of a dotted key may make a table;
    so does a header, whose name has one)."""
    bound = _structures(text)  # C speed, and never less than the count
    if bound <= MAX_TABLES:
        return bound
    return _structures(_STRINGS_AND_COMMENTS.sub("", text))


def count_outside_strings(text: str, char: str, bound: int) -> int:
    """How many `char` there are outside strings and comments, when that is over `bound`;
    otherwise at most `bound` (every one in the text, counted at C speed)."""
    found = text.count(char)
    if found <= bound:
        return found
    return _STRINGS_AND_COMMENTS.sub("", text).count(char)


class Problems:
    """The load problems of one file: the first MAX_PROBLEMS kept, the rest counted."""

    def __init__(self, limit: int = MAX_PROBLEMS) -> None:
        self.limit = limit
        self.kept: list[Pending] = []
        self.dropped = 0

    def __bool__(self) -> bool:
        return bool(self.kept) or self.dropped > 0

    @property
    def full(self) -> bool:
        """No more are kept: a caller may count one with `dropped += 1` and not word it."""
        return len(self.kept) >= self.limit

    def add(self, pending: Pending) -> None:
        if self.full:
            self.dropped += 1
        else:
            self.kept.append(pending)

    def add_validation_error(self, exc: ValidationError) -> None:
        room = self.limit - len(self.kept)
        count = exc.error_count()
        if room > 0:
            from wfm_tui.files.schema_errors import pending_from

            # errors() builds every error of the call at once: a chunk's worth, bounded.
            self.kept += [pending_from(error) for error in exc.errors(include_url=False)[:room]]
        self.dropped += max(0, count - max(room, 0))


def normalize_names(data: dict[str, Any], problems: Problems) -> dict[str, str]:
    """Puts every name of the raw data in NFC, in place: two names that differ only in how an
    accented letter is encoded are one name. Returns, for each app whose key changed, its key
    as written (the file's positions are under that one). A second app with the same name is
    a problem located at both."""
    if isinstance(data.get("name"), str):
        data["name"] = nfc(data["name"])
    apps = data.get("apps")
    if not isinstance(apps, dict):
        return {}
    written: dict[str, str] = {}
    normalized: dict[str, Any] = {}
    for key, entry in apps.items():
        name = nfc(key)
        if name in normalized:
            from wfm_tui.files.schema_errors import dotted

            first = written.get(name, name)
            problems.add(
                Pending(
                    f"{dotted(('apps', key))} is the name of another app: the two differ only "
                    "in how accented letters are encoded (Unicode NFC)",
                    ("apps", key),
                    also=("apps", first),
                    as_written=True,
                )
            )
            continue
        if name != key:
            written[name] = key
        if isinstance(entry, dict):
            for field in ("site", "backup"):
                if isinstance(value := entry.get(field), str):
                    entry[field] = nfc(value)
            if isinstance(listed := entry.get("connections"), list):
                entry["connections"] = [nfc(t) if isinstance(t, str) else t for t in listed]
        normalized[name] = entry
    data["apps"] = normalized
    return written


def _strip_unknown(
    mapping: dict[str, Any], path: KeyPath, fields: Any, problems: Problems
) -> dict[str, Any]:
    """`mapping` without the keys its model does not have, each reported: done here only for a
    table with more keys than its model has fields, which pydantic would report one error
    object per key for (a million keys, a gigabyte)."""
    from wfm_tui.files.schema_errors import unknown_key

    kept = {}
    for key, value in mapping.items():
        if key in fields:
            kept[key] = value
        elif problems.full:
            problems.dropped += 1  # not worded: a close match is looked up for each
        else:
            problems.add(Pending(unknown_key((*path, key)), (*path, key)))
    return kept


def check_raw(data: dict[str, Any], catalog: Catalog, problems: Problems, keys: int) -> None:
    """Unknown kinds, and the unknown keys of oversized tables. `keys` is at least the number of
    keys in the file (its count of "="): with few, pydantic may report unknown keys itself."""
    if len(data) > len(Plan.model_fields):
        kept = _strip_unknown(data, (), Plan.model_fields, problems)
        data.clear()
        data.update(kept)
    features = data.get("features")
    if isinstance(features, dict) and len(features) > len(Features.model_fields):
        data["features"] = _strip_unknown(features, ("features",), Features.model_fields, problems)
    apps = data.get("apps")
    if not isinstance(apps, dict):
        return
    kinds = catalog.kinds
    used = {
        kind
        for entry in apps.values()
        if type(entry) is dict and type(kind := entry.get("kind")) is str
    }
    if not used <= kinds.keys():
        _unknown_kinds(apps, catalog, problems)
    if keys > MANY_KEYS:
        most = len(App.model_fields)
        for name, entry in apps.items():
            if type(entry) is dict and len(entry) > most:
                apps[name] = _strip_unknown(entry, ("apps", name), App.model_fields, problems)


def _unknown_kinds(apps: dict[str, Any], catalog: Catalog, problems: Problems) -> None:
    from wfm_tui.files.schema_errors import dotted

    kinds = catalog.kinds
    for name, entry in apps.items():
        kind = entry.get("kind") if type(entry) is dict else None
        if type(kind) is not str or kind in kinds:
            continue
        if problems.full:
            problems.dropped += 1
            continue
        problems.add(
            Pending(
                f"{dotted(('apps', name, 'kind'))}: unknown kind {quote(kind, 60)}; "
                f"the catalog {catalog.id} has: {', '.join(kinds)}",
                ("apps", name, "kind"),
            )
        )


def validate_data(data: dict[str, Any], problems: Problems) -> Plan | None:
    """The plan, or None with the schema problems added to `problems`."""
    apps = data.get("apps")
    if not isinstance(apps, dict) or len(apps) <= APP_CHUNK:
        try:
            return Plan.model_validate(data)
        except ValidationError as exc:
            problems.add_validation_error(exc)
            return None
    plan = None
    try:
        plan = Plan.model_validate({**data, "apps": {}})
    except ValidationError as exc:
        problems.add_validation_error(exc)
    validated: dict[str, App] = {}
    items = iter(apps.items())
    failed = False
    while chunk := dict(islice(items, APP_CHUNK)):
        try:
            part = Plan.model_validate({"format": FORMAT_VERSION, "name": "-", "apps": chunk})
        except ValidationError as exc:
            problems.add_validation_error(exc)
            failed = True
        else:
            validated.update(part.apps)
    if plan is None or failed:
        return None
    return plan.model_copy(update={"apps": validated})
