"""The private parts of Textual that wfm-tui uses are still there, and still do what we use
them for: an upgrade of the pinned Textual that moves one fails here, naming it."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest
from textual.app import App, ComposeResult
from textual.content import Content
from textual.widgets import Static

from wfm_tui.tui import textual_private
from wfm_tui.tui.textual_private import (
    OVERRIDDEN,
    border_subtitle,
    drop_exit_traceback,
    set_border_subtitle_quietly,
    set_exit_status,
    style_getter,
)

PACKAGE = Path(textual_private.__file__).resolve().parent


@pytest.mark.parametrize(("module", "cls", "method"), OVERRIDDEN)
def test_overridden_private_methods_still_exist(module: str, cls: str, method: str) -> None:
    assert callable(getattr(getattr(importlib.import_module(module), cls), method, None)), (
        f"Textual no longer has {cls}.{method}: see {module} and wfm_tui/tui"
    )


class _One(App[None]):
    def compose(self) -> ComposeResult:
        yield Static("x", id="one")


async def test_the_adapters_reach_what_they_claim() -> None:
    app = _One()
    async with app.run_test() as pilot:
        widget = app.query_one("#one", Static)
        # The style getter resolves a theme variable, as Textual's own drawing does.
        assert callable(style_getter(widget))
        line = Content.styled("x", "$accent").render(widget.visual_style, "", style_getter(widget))
        assert list(line)
        widget.border_subtitle = "before"
        assert str(border_subtitle(widget)) == "before"
        set_border_subtitle_quietly(widget, Content("after"))
        assert str(widget.border_subtitle) == "after"
        await pilot.pause()
        drop_exit_traceback(app)
        set_exit_status(app, 3)
    assert app.return_code == 3


def test_only_the_adapter_module_touches_textual_privates() -> None:
    # The other modules go through textual_private (overrides aside, listed in OVERRIDDEN).
    privates = ("._get_style", "._border_subtitle", "._exit_renderables", "._return_code")
    for module in PACKAGE.rglob("*.py"):
        if module.name == "textual_private.py":
            continue
        text = module.read_text("utf-8")
        assert not [p for p in privates if p in text], module
