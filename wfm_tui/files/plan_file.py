"""Plan files: read (tomli), canonical write (tomli-w), atomic save."""

from __future__ import annotations

import hashlib
import math
import os
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import TYPE_CHECKING, Any

import tomli

from wfm_tui.core.catalog import DEFAULT_CATALOG, Catalog
from wfm_tui.core.findings import Code, Finding
from wfm_tui.core.names import quote
from wfm_tui.core.plan import APP_FIELDS, Plan
from wfm_tui.files.atomic_write import write_atomic
from wfm_tui.files.catalogs import (
    UnknownCatalogError,
    catalog_ids,
    load_catalog,
    resolve_catalog,
)
from wfm_tui.files.errors import LoadError, Pending, Problem, SaveError
from wfm_tui.files.plan_input import (
    MAX_APPS,
    MAX_TABLES,
    Problems,
    check_raw,
    count_tables,
    normalize_names,
    validate_data,
)
from wfm_tui.files.regular_files import (
    read_or_load_error,
    read_regular,
)

# Placing problems on lines (the TOML scanner, the wording of schema errors) and writing TOML
# are imported when first needed: a plan that loads cleanly needs neither, and the editor's
# start-up paid for both.
if TYPE_CHECKING:
    from wfm_tui.files.errors import KeyPath as Path
    from wfm_tui.files.toml_locator import Locations

_LINK_CODES = frozenset(
    {
        Code.DUPLICATE_CONNECTION,
        Code.SELF_CONNECTION,
        Code.UNKNOWN_TARGET,
        Code.CONNECTION_NOT_ALLOWED,
    }
)
_FINDING_KEYS = {
    Code.MISSING_CONNECTION: "connections",
    Code.TOO_MANY_CONNECTIONS: "connections",
    Code.UNKNOWN_BACKUP: "backup",
    Code.BACKUP_KIND_MISMATCH: "backup",
    Code.BACKUP_NOT_SUPPORTED: "backup",
    Code.PORT_CONFLICT: "port",
    Code.TLS_PROCEDURE: "tls",
    Code.BACKUP_SAME_HOST: "backup",
    Code.SHARED_BACKUP: "backup",
    Code.DATA_AGGREGATORS_PER_SITE: "site",
    Code.MULTI_SITE_SPLIT: "connections",
}

# Plans are hand-written lists of servers; 16 MiB holds about 100,000 apps. Larger input is refused
# before parsing, so that no file can take unbounded time or memory.
MAX_PLAN_BYTES = 16 * 1024 * 1024


@dataclass
class LoadedPlan:
    """A plan as read from a file, with what is needed to point back into the file."""

    plan: Plan
    catalog: Catalog
    text: str
    path: str | None = None
    # What the file held (sha256 of its bytes): a save compares it to spot changes by others.
    fingerprint: str | None = None

    # Apps whose key in the file is not their name as stored (NFC): name -> key as written.
    written: dict[str, str] = field(default_factory=dict)

    @cached_property
    def locations(self) -> Locations:
        return _locate(self.text)

    def app_line(self, name: str) -> int | None:
        found = self.locations.positions.get(("apps", self.written.get(name, name)))
        return found[0] if found else None

    def locate_findings(self, findings: list[Finding]) -> list[Finding]:
        """The findings with the line and column they are about, in file order."""
        if not findings:
            return findings  # a valid plan never pays for scanning the text
        listed = self._listings(findings)
        paths = [self._path_of(f, listed) for f in findings]
        # One pass over the text that records only these keys: a huge file's every key and
        # array element would not fit in memory.
        locations = _locate(self.text, {path for path in paths if path is not None})
        located = []
        for finding, path in zip(findings, paths, strict=True):
            place = locations.find(path) if path is not None else None
            located.append(replace(finding, line=place[0], column=place[1]) if place else finding)
        located.sort(key=lambda f: (f.line is None, f.line or 0, f.severity.rank, f.code))
        return located

    def _listings(self, findings: list[Finding]) -> dict[tuple[str, str], list[int]]:
        """Where the links that findings are about are listed: (app, target) -> the first two
        indexes in its connections (a duplicate is pointed at where it repeats)."""
        wanted: dict[str, set[str]] = {}
        for finding in findings:
            if finding.app is not None and finding.code in _LINK_CODES and finding.target:
                wanted.setdefault(finding.app, set()).add(finding.target)
        listed: dict[tuple[str, str], list[int]] = {}
        for name, targets in wanted.items():
            app = self.plan.apps.get(name)
            for index, target in enumerate(app.connections if app is not None else ()):
                if target in targets:
                    at = listed.setdefault((name, target), [])
                    if len(at) < 2:
                        at.append(index)
        return listed

    def _path_of(self, finding: Finding, listed: dict[tuple[str, str], list[int]]) -> Path | None:
        """The key in the file that a finding is about: a listed link, a property, or the app;
        for a rule about the plan as a whole, the feature that asks for it."""
        if finding.app is None:
            return ("features", finding.feature) if finding.feature is not None else None
        name = finding.app
        app_path: Path = ("apps", self.written.get(name, name))
        if finding.code in _LINK_CODES and finding.target is not None:
            at = listed.get((name, finding.target))
            if at:
                repeated = finding.code is Code.DUPLICATE_CONNECTION and len(at) > 1
                return (*app_path, "connections", at[1] if repeated else at[0])
        key = _FINDING_KEYS.get(finding.code)
        if finding.code is Code.LOOK_ALIKE_NAMES and finding.target is None:
            key = "site"  # a site that looks like another, not the app's name
        return (*app_path, key) if key else app_path

    @cached_property
    def has_comments(self) -> bool:
        """Whether the file has comments, which a save (canonical) would drop."""
        from wfm_tui.files.toml_locator import has_comments

        text = self.text
        if self.schema is not None:
            text = text.partition("\n")[2]  # the `#:schema` directive: the writer keeps it
        return has_comments(text)

    @property
    def schema(self) -> str | None:
        """The JSON Schema a first-line `#:schema` directive names, which saves keep."""
        return schema_directive(self.text)


def read_plan(path: str | os.PathLike[str], catalog: Catalog | None = None) -> LoadedPlan:
    """Load a plan file; every failure is a LoadError that says where and why. `catalog`, when
    given, applies instead of the one the plan names."""
    shown = os.fspath(path)
    data = read_or_load_error(path, MAX_PLAN_BYTES + 1, "plan file")
    loaded = parse_plan(data, shown, catalog)
    loaded.fingerprint = fingerprint(data)
    return loaded


def looks_like_plan(path: str | os.PathLike[str]) -> bool:
    """Whether a file may be meant as a plan: one that is not TOML, or has a top-level `format`
    or `apps` key. Other TOML files (pyproject.toml, catalogs) are not plans."""
    try:
        raw, _ = read_regular(path, MAX_PLAN_BYTES + 1)  # never blocks on a FIFO
        data = tomli.loads(raw.decode("utf-8-sig"))
    except (OSError, UnicodeDecodeError, tomli.TOMLDecodeError, RecursionError):
        return True  # check will say what is wrong with it
    return "format" in data or "apps" in data


def fingerprint(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def file_fingerprint(path: str | os.PathLike[str]) -> str | None:
    """The fingerprint of what is on disk now; None when there is no file.

    Raises NotRegularFile (an OSError) when something else took the file's place."""
    try:
        data, _ = read_regular(path, MAX_PLAN_BYTES + 1)
    except FileNotFoundError:
        return None
    return fingerprint(data)


def _decode(data: bytes, path: str) -> str:
    if len(data) > MAX_PLAN_BYTES:
        raise LoadError(
            path,
            [Problem(f"is larger than {MAX_PLAN_BYTES // (1024 * 1024)} MiB: not a plan file")],
        )
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise LoadError(path, [Problem("is UTF-16 encoded; plan files are UTF-8", 1, 1)])
    nul = data.find(b"\x00")
    if nul >= 0:
        problem = "contains a NUL byte: a binary file, not a plan"
        raise LoadError(path, [Problem(problem, *_line_and_column(data, nul))])
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line, column = _line_and_column(data, exc.start)
        raise LoadError(
            path,
            [
                Problem(
                    f"is not valid UTF-8 (byte 0x{data[exc.start]:02x}); plan files are UTF-8",
                    line,
                    column,
                )
            ],
        ) from None


def _line_and_column(data: bytes, offset: int) -> tuple[int, int]:
    line_start = data.rfind(b"\n", 0, offset) + 1
    return data.count(b"\n", 0, offset) + 1, offset - line_start + 1


def parse_plan(
    source: bytes | str,
    path: str = "<plan>",
    catalog: Catalog | None = None,
    *,
    max_chars: int = MAX_PLAN_BYTES,
) -> LoadedPlan:
    """A plan from its text; `catalog`, when given, applies instead of the one it names.
    Text (not bytes) may be up to `max_chars` long: a recovery journal's may be longer than a
    plan file (see recovery.MAX_JOURNAL_PLAN_BYTES); the caps on tables and apps still hold."""
    text = _decode(source, path) if isinstance(source, bytes) else source
    if isinstance(source, str) and len(source) > max_chars:
        raise LoadError(
            path,
            [Problem(f"is larger than {max_chars // (1024 * 1024)} MiB: too large to be a plan")],
        )
    if not text.strip():
        raise LoadError(
            path, [Problem('is empty: a plan needs at least format = 1 and name = "..."', 1, 1)]
        )
    # CRLF and LF are the same newline to TOML; inside multi-line strings (notes) only LF is kept.
    text = text.replace("\r\n", "\n")
    if (tables := count_tables(text)) > MAX_TABLES:
        raise LoadError(
            path,
            [
                Problem(
                    f"is too large to be a plan: {tables:,} tables, arrays and dotted keys, "
                    f"where a plan has at most {MAX_TABLES:,}"
                )
            ],
        )
    try:
        data = tomli.loads(text)
    except tomli.TOMLDecodeError as exc:
        raise LoadError(path, [Problem(f"TOML syntax: {exc.msg}", exc.lineno, exc.colno)]) from None
    except RecursionError:
        raise LoadError(path, [Problem("TOML syntax: nested too deeply")]) from None

    apps = data.get("apps")
    if isinstance(apps, dict) and len(apps) > MAX_APPS:
        where = _locate(text, {("apps",)}).find(("apps",)) or (None, None)
        message = f"has {len(apps):,} apps: a plan may have at most {MAX_APPS:,}"
        raise LoadError(path, [Problem(message, *where)])
    problems = Problems()
    # An ASCII file without escapes that make other characters (\\u00e9, \\xe9) holds its
    # names in NFC already; only others are normalized.
    plain = text.isascii() and "\\u" not in text and "\\U" not in text and "\\x" not in text
    written = {} if plain else normalize_names(data, problems)
    elsewhere: list[Problem] = []  # in the catalog file the plan names
    if catalog is None:
        catalog = _catalog_for(data, problems, elsewhere, _folder_of(path))
    check_raw(data, catalog, problems, keys=text.count("="))
    plan = validate_data(data, problems)
    if problems or plan is None or elsewhere:
        raise LoadError(path, _placed(problems, text, written) + elsewhere)
    return LoadedPlan(plan=plan, catalog=catalog, text=text, path=path, written=written)


def _placed(problems: Problems, text: str, written: dict[str, str]) -> list[Problem]:
    """The problems on their lines, found in one pass over the text for just their keys."""
    from wfm_tui.files.schema_errors import place, wanted_paths

    def as_written(path: Path | None) -> Path | None:
        if path is None or len(path) < 2 or path[0] != "apps":
            return path
        return ("apps", written.get(str(path[1]), path[1]), *path[2:])

    kept = [
        p if p.as_written else replace(p, path=as_written(p.path), also=as_written(p.also))
        for p in problems.kept
    ]
    placed = place(kept, _locate(text, wanted_paths(kept)))
    if problems.dropped:
        more = Pending(f"... and {problems.dropped:,} more problems")
        placed += place([more], _locate(text, set()))
    return placed


def _folder_of(path: str) -> str | None:
    """The folder a plan's relative catalog path starts from; None for a plan from no file."""
    # As the plan's path was given, so that messages name the catalog as the user would.
    return None if path.startswith("<") else os.path.dirname(path)


def _catalog_for(
    data: dict[str, Any], problems: Problems, elsewhere: list[Problem], folder: str | None
) -> Catalog:
    """The catalog the plan names (an id, or a path beside the plan); where it cannot be had,
    why (the catalog file's own problems go to `elsewhere`), and the default catalog stands in
    so that the rest of the plan is still checked."""
    wanted = data.get("catalog", DEFAULT_CATALOG)
    if not isinstance(wanted, str):
        return load_catalog()  # the schema reports the wrong type
    try:
        return resolve_catalog(wanted, folder)
    except UnknownCatalogError:
        known = ", ".join(catalog_ids())
        message = (
            f"unknown catalog {quote(wanted, 60)}; this wfm-tui knows: {known}, "
            "or a path to a catalog file (ending in .toml)"
        )
        problems.add(Pending(message, ("catalog",)))
    except LoadError as exc:
        cause = f"catalog {quote(wanted, 60)} cannot be used (see below)"
        problems.add(Pending(cause, ("catalog",)))
        elsewhere += [replace(p, path=p.path or exc.path) for p in exc.problems]
    return load_catalog()


def plan_document(plan: Plan, catalog: Catalog) -> dict[str, Any]:
    """The plan as TOML data in canonical order, without keys that hold default values."""
    doc: dict[str, Any] = {"format": plan.format, "name": plan.name}
    if plan.description is not None:
        doc["description"] = plan.description
    if plan.catalog is not None:
        doc["catalog"] = plan.catalog
    features = {name: True for name, on in plan.features if on}
    if features:
        doc["features"] = features
    ordered = sorted(
        plan.apps.items(),
        key=lambda item: (
            item[1].site is not None,
            item[1].site or "",
            catalog.kind_index(item[1].kind),
            item[0],
        ),
    )
    apps: dict[str, Any] = {}
    for name, app in ordered:
        entry: dict[str, Any] = {}
        for key in APP_FIELDS:
            value = getattr(app, key)
            if value is None or value is False or value == ():
                continue
            entry[key] = list(value) if key == "connections" else value
        apps[name] = entry
    if apps:
        doc["apps"] = apps
    return doc


def schema_directive(text: str) -> str | None:
    """What a first-line `#:schema <path-or-url>` comment names (taplo's directive), or None."""
    if not text.startswith(_SCHEMA_PREFIX):
        return None
    value = text[len(_SCHEMA_PREFIX) :].split("\n", 1)[0].strip()
    return value or None


_SCHEMA_PREFIX = "#:schema "


def dump_plan(plan: Plan, catalog: Catalog, schema: str | None = None) -> str:
    """The canonical text of a plan: deterministic, so that plans diff cleanly; `schema` makes
    the first line the `#:schema` directive, the one comment the writer keeps."""
    import tomli_w

    text = tomli_w.dumps(plan_document(plan, catalog), multiline_strings=True)
    return f"{_SCHEMA_PREFIX}{schema}\n{text}" if schema else text


def save_plan(
    path: str | os.PathLike[str], plan: Plan, catalog: Catalog, schema: str | None = None
) -> str:
    """Write the plan atomically; returns the text written. A plan over the caps a plan file
    is read within is not written (SaveError): no wfm-tui could open it again."""
    text = dump_plan(plan, catalog, schema)
    problem = why_not_savable(len(text.encode("utf-8")), len(plan.apps))
    if problem is not None:
        raise SaveError(os.fspath(path), f"{problem}: remove links or apps first")
    write_atomic(path, text)
    return text


def mib(size: int) -> str:
    """`size` bytes in MiB, rounded up: a plan a byte over a cap does not read as 16.00 of 16."""
    return f"{math.ceil(size * 100 / (1024 * 1024)) / 100:.2f} MiB"


def why_not_savable(size: int, apps: int) -> str | None:
    """Why a plan of `size` bytes of text and `apps` apps could not be opened again once
    saved (None: it could). Within these two caps its text has at most some 300,000 tables
    (three an app), under MAX_TABLES, as the writer lays it out."""
    if size > MAX_PLAN_BYTES:
        return (
            f"the plan would be {mib(size)}, larger than the "
            f"{MAX_PLAN_BYTES // (1024 * 1024)} MiB a plan file may be (it could not be opened "
            "again)"
        )
    if apps > MAX_APPS:
        return (
            f"the plan has {apps:,} apps, more than the {MAX_APPS:,} a plan file may have (it "
            "could not be opened again)"
        )
    return None


def text_fingerprint(text: str) -> str:
    """The fingerprint a file holding `text` (as the writer writes it) has."""
    return fingerprint(text.encode("utf-8"))


def _locate(text: str, wanted: Iterable[Path] | None = None) -> Locations:
    from wfm_tui.files.toml_locator import locate

    return locate(text, wanted)


def _dotted(path: tuple[str | int, ...]) -> str:
    from wfm_tui.files.schema_errors import dotted

    return dotted(path)
