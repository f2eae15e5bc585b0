"""TOML files shipped inside the package (catalogs, templates), listed and read by name."""

from __future__ import annotations

from importlib import resources


def bundled_names(package: str) -> tuple[str, ...]:
    entries = resources.files(package).iterdir()
    return tuple(sorted(e.name.removesuffix(".toml") for e in entries if e.name.endswith(".toml")))


def bundled_text(package: str, name: str) -> str:
    return resources.files(package).joinpath(f"{name}.toml").read_text("utf-8")
