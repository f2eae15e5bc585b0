"""Fixtures for every test. Helpers are modules of the `tests` package (plan_helpers, ...)."""

from __future__ import annotations

import pytest

from wfm_tui.core.catalog import Catalog
from wfm_tui.files.catalogs import load_catalog


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    return load_catalog()
