"""A checkbox whose state shows without colour."""

from __future__ import annotations

from textual.widgets import Checkbox


class TickBox(Checkbox):
    """Textual's Checkbox draws its X on and off alike and tells them apart by colour only, so
    under NO_COLOR (or on a monochrome terminal) every box reads as ticked. This one draws the
    X only when ticked, between brackets, as the panels' [X] / [ ] do. Focused, its label is
    also underlined: Textual's bold alone is hard to tell apart without colour (reverse, as on
    a field's label, is lost in the toggle's rendering)."""

    DEFAULT_CSS = """
    TickBox:focus > .toggle--label, TickBox.-textual-compact:focus > .toggle--label {
        text-style: bold underline;
    }
    """

    BUTTON_LEFT = "["
    BUTTON_RIGHT = "]"

    @property
    # A property where Textual has a class constant (ToggleButton.BUTTON_INNER, read at each
    # render), so a type checker sees an override of another kind: intended.
    def BUTTON_INNER(self) -> str:  # type: ignore[override]
        return "X" if self.value else " "
