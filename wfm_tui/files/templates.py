"""Bundled plan templates for `wfm-tui new` (wfm_tui/templates/*.toml)."""

from __future__ import annotations

from functools import cache

from wfm_tui.files.bundled import bundled_names, bundled_text

_PACKAGE = "wfm_tui.templates"


@cache
def template_names() -> tuple[str, ...]:
    return bundled_names(_PACKAGE)


def template_text(name: str) -> str:
    if name not in template_names():
        raise LookupError(name)
    return bundled_text(_PACKAGE, name)
