"""Catalogs: the ones shipped inside the package (wfm_tui/catalogs/*.toml) and a team's own
`.toml` files, named by id or by path.

A catalog may say `extends = "ID or path"`: it then holds only what differs from that one
(tables merge key by key; a value or an array replaces the inherited one). A user's catalog is
checked as strictly as a plan: every problem is a located line, never a traceback.
"""

from __future__ import annotations

import os
import re
from functools import cache
from typing import TYPE_CHECKING, Any

import tomli
from pydantic import BaseModel, ValidationError

from wfm_tui.core.catalog import (
    DEFAULT_CATALOG,
    DEFER_CONSISTENCY,
    CapabilitySpec,
    Catalog,
    FeatureSpec,
    KindSpec,
    Raise,
)
from wfm_tui.core.names import quote
from wfm_tui.files.bundled import bundled_names, bundled_text
from wfm_tui.files.errors import LoadError, Problem
from wfm_tui.files.regular_files import read_or_load_error, read_regular

if TYPE_CHECKING:
    from wfm_tui.files.toml_locator import Locations

_PACKAGE = "wfm_tui.catalogs"
# A catalog is a table of a few dozen cells; anything much larger is not one.
MAX_CATALOG_BYTES = 1024 * 1024
# Chains of `extends` longer than this are a mistake (or a loop).
_MAX_DEPTH = 8
_REQUIRED = ("id", "title", "source")


class UnknownCatalogError(LookupError):
    def __init__(self, catalog_id: str) -> None:
        super().__init__(catalog_id)
        self.catalog_id = catalog_id


@cache
def catalog_ids() -> tuple[str, ...]:
    return bundled_names(_PACKAGE)


def is_catalog_path(ref: str) -> bool:
    """Whether a catalog reference names a file rather than a bundled catalog's id."""
    return ref.endswith(".toml") or "/" in ref or os.sep in ref


@cache
def load_catalog(catalog_id: str = DEFAULT_CATALOG) -> Catalog:
    """A bundled catalog; UnknownCatalogError for an id this wfm-tui does not ship."""
    if catalog_id not in catalog_ids():
        raise UnknownCatalogError(catalog_id)
    data = _bundled_data(catalog_id, depth=0)
    return Catalog.model_validate(data)


def _bundled_data(catalog_id: str, depth: int) -> dict[str, Any]:
    data = tomli.loads(bundled_text(_PACKAGE, catalog_id))
    base = data.pop("extends", None)
    if base is None:
        return data
    if depth >= _MAX_DEPTH or base not in catalog_ids():
        raise ValueError(f"bundled catalog {catalog_id} extends {base!r}")
    return merged(_bundled_data(base, depth + 1), data)


def rebased_catalog_ref(ref: str | None, old_folder: str | None, new_folder: str) -> str | None:
    """`ref`, a plan's `catalog`, as a plan in `new_folder` must write it to name the catalog it
    names from `old_folder` (None: the current folder, as for a plan not yet saved). A bundled
    id and an absolute path stay as they are; a relative path starts from the plan's folder, so
    a plan written elsewhere would name a file that is not there."""
    if ref is None or not is_catalog_path(ref) or os.path.isabs(ref):
        return ref
    target = os.path.abspath(os.path.join(old_folder or os.curdir, ref))
    rebased = os.path.relpath(target, os.path.abspath(new_folder or os.curdir))
    rebased = rebased.replace(os.sep, "/")
    # "ours" alone would read as the id of a bundled catalog.
    return rebased if is_catalog_path(rebased) else f"./{rebased}"


def resolve_catalog(ref: str, base_dir: str | None = None) -> Catalog:
    """The catalog `ref` names: a bundled id, or a path (relative to `base_dir`, else the
    current folder). Raises UnknownCatalogError, or LoadError with located problems."""
    if not is_catalog_path(ref):
        return load_catalog(ref)
    path = os.path.join(base_dir, ref) if base_dir and not os.path.isabs(ref) else ref
    return read_catalog(path)


def read_catalog(path: str) -> Catalog:
    """A catalog file of the user's; LoadError (with its file, lines and columns) if unusable."""
    data, text = _read_data(path, [], depth=0)
    try:
        catalog = Catalog.model_validate(data, context={DEFER_CONSISTENCY: True})
    except ValidationError as exc:
        from wfm_tui.files.schema_errors import problems_from

        invalid = problems_from(exc, _locate(text), _model_for)
        raise LoadError(path, _fallback(invalid, text)) from None
    problems: list[Problem] = [
        Problem(f"{_dotted(p.path)}: {p.message}", *_place(text, p.path))
        for p in catalog.consistency_problems()
    ]
    problems.sort(key=lambda p: (p.line or 0, p.column or 0))  # in file order, as a plan's
    if problems:
        raise LoadError(path, problems)
    return catalog


def _read_data(path: str, chain: list[str], depth: int) -> tuple[dict[str, Any], str]:
    """The merged data of the catalog at `path` (its `extends` resolved), and its own text."""
    text = _read_text(path)
    try:
        data = tomli.loads(text)
    except tomli.TOMLDecodeError as exc:
        raise LoadError(path, [Problem(f"TOML syntax: {exc.msg}", exc.lineno, exc.colno)]) from None
    except RecursionError:
        raise LoadError(path, [Problem("TOML syntax: nested too deeply")]) from None
    missing = [key for key in _REQUIRED if key not in data]
    if missing:
        # Inherited values would pass for this catalog's own: each catalog names itself.
        keys = ", ".join(quote(key) for key in missing)
        raise LoadError(path, [Problem(f"missing required key {keys}", 1, 1)])
    base = data.pop("extends", None)
    if base is None:
        return data, text
    where = _place(text, ("extends",))
    if not isinstance(base, str) or not base:
        raise LoadError(path, [Problem("extends must be a catalog id or a path", *where)])
    if not is_catalog_path(base):
        if base not in catalog_ids():
            known = ", ".join(catalog_ids())
            message = f"extends unknown catalog {quote(base, 60)}; this wfm-tui knows: {known}"
            raise LoadError(path, [Problem(message, *where)])
        return merged(_bundled_data(base, depth + 1), data), text
    base_path = os.path.join(os.path.dirname(path), base)
    real = os.path.realpath(base_path)
    if real in chain or depth >= _MAX_DEPTH:
        raise LoadError(path, [Problem(f"extends {quote(base, 60)}: a loop of catalogs", *where)])
    base_data, _ = _read_data(base_path, [*chain, os.path.realpath(path)], depth + 1)
    return merged(base_data, data), text


# A team's catalog files, for the editor to offer: looked for in the plan's folder and its
# direct subfolders (`rules/contoso.toml`), at most this many files looked at, each by its head.
_NEAR_LIMIT = 200
_HEAD_BYTES = 4096
_TOP_KEY = re.compile(r"^\s*([A-Za-z0-9_-]+)\s*=", re.MULTILINE)


def catalog_files_near(folder: str) -> list[str]:
    """The catalog files in `folder` and its direct subfolders (hidden ones left out), as
    sorted paths relative to it. A catalog file is a `.toml` whose top-level keys, before its
    first table, name `id` and `source` and no `format`: a plan has `format`, a catalog
    begins with `id`, `title`, `source`. Not loaded: choosing one checks it."""
    found: list[str] = []
    looked = 0
    for sub in ["", *_subfolders(folder)]:
        try:
            names = sorted(os.listdir(os.path.join(folder, sub)))
        except OSError:
            continue
        for name in names:
            if not name.endswith(".toml") or name.startswith("."):
                continue
            if looked >= _NEAR_LIMIT:
                return sorted(found)
            looked += 1
            relative = os.path.join(sub, name) if sub else name
            if _looks_like_catalog(os.path.join(folder, relative)):
                found.append(relative.replace(os.sep, "/"))
    return sorted(found)


def _subfolders(folder: str) -> list[str]:
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError:
        return []
    return [e.name for e in entries if not e.name.startswith(".") and e.is_dir()][:_NEAR_LIMIT]


def _looks_like_catalog(path: str) -> bool:
    try:
        head, _ = read_regular(path, _HEAD_BYTES)
    except OSError:
        return False
    text = head.decode("utf-8", errors="replace")
    table = re.search(r"^\s*\[", text, re.MULTILINE)
    keys = set(_TOP_KEY.findall(text[: table.start()] if table else text))
    return {"id", "source"} <= keys and "format" not in keys


def _read_text(path: str) -> str:
    data = read_or_load_error(path, MAX_CATALOG_BYTES + 1, "catalog file", "no such catalog file")
    if len(data) > MAX_CATALOG_BYTES:
        raise LoadError(path, [Problem("is larger than 1 MiB: not a catalog file")])
    try:
        return data.decode("utf-8-sig").replace("\r\n", "\n")
    except UnicodeDecodeError:
        raise LoadError(path, [Problem("is not valid UTF-8; catalog files are UTF-8")]) from None


def merged(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    """`base` with `override` laid over it: tables merge key by key, anything else replaces."""
    result = dict(base)
    for key, value in override.items():
        inherited = result.get(key)
        if isinstance(value, dict) and isinstance(inherited, dict):
            result[key] = merged(inherited, value)
        else:
            result[key] = value
    return result


def _locate(text: str) -> Locations:
    # Imported when a catalog has problems: a good one never scans its text.
    from wfm_tui.files.toml_locator import locate

    return locate(text)


def _place(text: str, path: tuple[str | int, ...]) -> tuple[int, int]:
    """Where a key path is in the catalog's own text; a problem in what it inherits is placed
    on its `extends` line (else the top of the file)."""
    locations = _locate(text)
    return locations.find(path) or locations.find(("extends",)) or (1, 1)


def _fallback(problems: list[Problem], text: str) -> list[Problem]:
    return [
        p if p.line is not None else Problem(p.message, *_place(text, ("extends",)))
        for p in problems
    ]


def _dotted(path: tuple[str | int, ...]) -> str:
    from wfm_tui.files.schema_errors import dotted

    return dotted(path)


_MODELS: dict[str, type[BaseModel]] = {
    "kinds": KindSpec,
    "features": FeatureSpec,
    "capabilities": CapabilitySpec,
}


def _model_for(path: tuple[str | int, ...]) -> type[BaseModel] | None:
    if not path:
        return Catalog
    if len(path) == 2 and path[0] in _MODELS:
        return _MODELS[str(path[0])]
    if len(path) == 4 and path[0] == "features" and path[2] == "raises":
        return Raise
    return None
