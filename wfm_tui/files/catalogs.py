"""The catalogs shipped inside the package (wfm_tui/catalogs/*.toml)."""

from __future__ import annotations

from functools import cache

import tomli

from wfm_tui.core.catalog import DEFAULT_CATALOG, Catalog
from wfm_tui.files.bundled import bundled_names, bundled_text

_PACKAGE = "wfm_tui.catalogs"


class UnknownCatalogError(LookupError):
    def __init__(self, catalog_id: str) -> None:
        super().__init__(catalog_id)
        self.catalog_id = catalog_id


@cache
def catalog_ids() -> tuple[str, ...]:
    return bundled_names(_PACKAGE)


@cache
def load_catalog(catalog_id: str = DEFAULT_CATALOG) -> Catalog:
    if catalog_id not in catalog_ids():
        raise UnknownCatalogError(catalog_id)
    return Catalog.model_validate(tomli.loads(bundled_text(_PACKAGE, catalog_id)))
