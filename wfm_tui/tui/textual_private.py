"""The few private parts of Textual that wfm-tui relies on, each behind one adapter saying why.

Textual is pinned exactly; `tests/tui/test_textual_private.py` fails loudly, naming the part,
when an upgrade moves or changes one of these. Overridden private methods (the command palette's
page keys, the app's exception handler) are checked there too.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.app import App
from textual.widget import Widget

# Textual's App._handle_exception and CommandPalette._action_command_list are overridden in
# app.py and commands.py: no public hook sees every failure, or the palette's page keys.
OVERRIDDEN = (
    ("textual.app", "App", "_handle_exception"),
    ("textual.command", "CommandPalette", "_action_command_list"),
)


def style_getter(widget: Widget) -> Callable[..., Any]:
    """What Textual itself hands Content to resolve `$variables` when it draws `widget`:
    drawing a line ourselves, there is no public way to get it."""
    return widget._get_style


def border_subtitle(widget: Widget) -> object:
    """The border subtitle as set (the public property converts it to Content on read)."""
    return widget._border_subtitle


def set_border_subtitle_quietly(widget: Widget, value: Any) -> None:
    """Set the border subtitle without the repaint of the whole widget that the public
    setter asks for; the caller repaints the border row itself."""
    widget._border_subtitle = value


def drop_exit_traceback(app: App[Any]) -> None:
    """After an unhandled exception, print no traceback at exit: the editor's one line says
    it (Textual has no public way to drop what it has queued to print)."""
    app._exit_renderables.clear()


def set_exit_status(app: App[Any], code: int) -> None:
    """The exit status once Textual has decided to exit after an exception (it set 1)."""
    app._return_code = code
