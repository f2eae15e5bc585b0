"""Drawing and updating text cheaply: a layout pass costs the whole screen, so skip it when we
can, and draw a line once until what it shows changes."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from rich.segment import Segment
from textual.content import Content
from textual.strip import Strip
from textual.style import Style
from textual.widget import Widget
from textual.widgets import Static

from wfm_tui.tui.textual_private import style_getter

if TYPE_CHECKING:
    from textual.css.styles import RulesMap


def same(old: object, new: Content) -> bool:
    # Content's own == compares the plain text only; a change of style matters here too.
    return isinstance(old, Content) and old.plain == new.plain and old.spans == new.spans


def update_text(widget: Static, content: Content) -> None:
    """Show `content` in `widget`; no work when unchanged, no layout when the height stays."""
    old = widget.content
    if same(old, content):
        return
    width = widget.content_region.width
    # Content.get_height reads its rules with .get(), which a widget's styles have; Textual
    # passes them so itself (Widget.get_content_height) though the parameter says RulesMap.
    rules = cast("RulesMap", widget.styles)
    keeps_height = (
        isinstance(old, Content)
        and width > 0
        and old.get_height(rules, width) == content.get_height(rules, width)
    )
    widget.update(content, layout=not keeps_height)


def line_strip(widget: Widget, content: Content, width: int, over: str = "") -> Strip:
    """`content` as one line of `widget`, `width` cells: cut with an ellipsis, padded, and
    `over` (a cursor's style) laid over all of it.

    The line is cut and padded already, so its segments are the strip: Visual.to_strips would
    wrap and align it again.
    """
    line = content.truncate(width, ellipsis=True, pad=True)
    if over:
        line = line.stylize(over)
    style: Style = widget.visual_style
    parts = line.render(style, "", style_getter(widget))
    return Strip([Segment(text, part.rich_style) for text, part in parts], width)
