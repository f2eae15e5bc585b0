"""Updating text widgets cheaply: a layout pass costs the whole screen, so skip it when we can."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static


def same(old: object, new: Content) -> bool:
    # Content's own == compares the plain text only; a change of style matters here too.
    return isinstance(old, Content) and old.plain == new.plain and old.spans == new.spans


def update_text(widget: Static, content: Content) -> None:
    """Show `content` in `widget`; no work when unchanged, no layout when the height stays."""
    old = widget.content
    if same(old, content):
        return
    width = widget.content_region.width
    keeps_height = (
        isinstance(old, Content)
        and width > 0
        and old.get_height(widget.styles, width) == content.get_height(widget.styles, width)
    )
    widget.update(content, layout=not keeps_height)
