"""Loading plans and catalogs for a command, with problems printed the way `check` prints them."""

from __future__ import annotations

import argparse

from wfm_tui.cli.output import err
from wfm_tui.core.catalog import Catalog
from wfm_tui.files.catalogs import UnknownCatalogError, catalog_ids, resolve_catalog
from wfm_tui.files.errors import LoadError, format_problem
from wfm_tui.files.plan_file import LoadedPlan, read_plan

CATALOG_HELP = (
    "the catalog to check against, instead of the plan's own: a bundled id ({ids}) or a path to "
    "a catalog file (.toml)"
)


def add_catalog_option(parser: argparse.ArgumentParser, text: str = CATALOG_HELP) -> None:
    parser.add_argument(
        "--catalog", metavar="ID|PATH", help=text.format(ids=", ".join(catalog_ids()))
    )


def catalog_or_report(ref: str) -> Catalog | None:
    """The catalog `ref` names (an id, or a path from the current folder), or None after
    printing why it cannot be used."""
    try:
        return resolve_catalog(ref)
    except UnknownCatalogError:
        err(
            f"unknown catalog {ref!r}; this wfm-tui knows: {', '.join(catalog_ids())}, "
            "or give a path to a catalog file (ending in .toml)"
        )
    except LoadError as exc:
        report(exc)
    return None


def report(exc: LoadError) -> None:
    for problem in exc.problems:
        err(format_problem(exc.path, problem))


def load_or_report(path: str, catalog: Catalog | None = None) -> LoadedPlan | None:
    """The plan at `path`, or None after printing why it cannot be used."""
    try:
        return read_plan(path, catalog)
    except LoadError as exc:
        report(exc)
        return None
