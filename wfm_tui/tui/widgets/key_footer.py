"""The footer: the keys that apply now, drawn as one line by one widget.

Textual's Footer is a widget per key, remounted after every bindings change (each focus move).
The editor shows ten keys, and those widgets cost its start-up more than the navigator did;
a move from one panel to the next remounted them all, for the same keys. This footer reads the
same bindings (`Screen.active_bindings`: shown ones, with their descriptions) and repaints its
line when they change. When the keys do not fit, they drop their padding, then the last keys
drop out whole: a key is never cut in half, `?` (help) comes first, and quit and the palette
stay at the right end.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual import events
from textual.content import Content
from textual.screen import Screen
from textual.widget import Widget

_KEY_STYLE = "bold $footer-key-foreground on $footer-key-background"
_DESCRIPTION_STYLE = "$footer-description-foreground on $footer-description-background"


@dataclass(frozen=True, slots=True)
class FooterKey:
    key: str  # what a click presses
    display: str
    description: str
    enabled: bool
    tooltip: str

    def content(self, compact: bool) -> Content:
        # As Textual's footer draws a key: ` ^s ` then `Save `; compact: `^s` then ` Save`.
        key, description = (
            (self.display, f" {self.description}")
            if compact
            else (
                f" {self.display} ",
                f"{self.description} ",
            )
        )
        # Dim is a shade of grey, which NO_COLOR and monochrome terminals barely tell apart:
        # a key that cannot act here is also struck through.
        off = "" if self.enabled else " dim strike"
        return Content.assemble((key, _KEY_STYLE + off), (description, _DESCRIPTION_STYLE + off))


class KeyFooter(Widget, can_focus=False):
    DEFAULT_CSS = """
    KeyFooter {
        dock: bottom;
        height: 1;
        background: $footer-background;
        color: $footer-foreground;
    }
    """
    ALLOW_SELECT = False

    def __init__(
        self, *, name: str | None = None, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.keys: tuple[FooterKey, ...] = ()
        # Kept at the right end, whatever the width: quit, then the palette.
        self.pinned: tuple[FooterKey, ...] = ()
        self.palette: FooterKey | None = None
        # Where each key was drawn: (first column, past the last column, key).
        self._spans: list[tuple[int, int, FooterKey]] = []

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self._bindings_changed(self.screen)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen[object]) -> None:
        if screen is not self.screen:
            return
        app = self.app
        keys: list[FooterKey] = []
        pinned: list[FooterKey] = []
        palette: FooterKey | None = None
        for _, binding, enabled, tooltip in screen.active_bindings.values():
            entry = FooterKey(
                binding.key,
                app.get_key_display(binding),
                binding.description,
                enabled,
                tooltip or binding.tooltip or binding.description,
            )
            # Found by its action, not its key: a user's keymap may move it.
            if binding.action == "command_palette" and app.ENABLE_COMMAND_PALETTE:
                palette = entry
            elif binding.show and binding.action in ("quit", "app.quit"):
                pinned.append(entry)  # the way out never drops out of sight
            elif binding.show:
                keys.append(entry)
        if (tuple(keys), tuple(pinned), palette) != (self.keys, self.pinned, self.palette):
            self.keys, self.pinned, self.palette = tuple(keys), tuple(pinned), palette
            self.refresh()

    def render(self) -> Content:
        width = self.size.width
        palette = self.palette.content(compact=True) if self.palette is not None else Content()
        room = width - palette.cell_length - 1
        everything = (*self.keys, *self.pinned)
        compact = sum(k.content(compact=False).cell_length for k in everything) > room
        # Quit and the palette at the right end; the keys before them drop out first.
        right: list[tuple[Content, FooterKey]] = [(k.content(compact), k) for k in self.pinned]
        if self.palette is not None:
            right.append((palette, self.palette))
        right_width = sum(c.cell_length for c, _ in right) + (len(right) - 1 if compact else 0)
        room = width - right_width - 1
        parts: list[Content] = []
        self._spans = []
        x = 0
        for key in self.keys:
            part = key.content(compact)
            gap = 1 if compact and parts else 0
            if x + gap + part.cell_length > room:
                break
            x += gap
            parts += [Content(" " * gap), part]
            self._spans.append((x, x + part.cell_length, key))
            x += part.cell_length
        start = max(x, width - right_width)
        parts.append(Content(" " * (start - x)))
        x = start
        for index, (part, key) in enumerate(right):
            if index and compact:
                parts.append(Content(" "))
                x += 1
            parts.append(part)
            self._spans.append((x, x + part.cell_length, key))
            x += part.cell_length
        return Content.assemble(*parts)

    def key_at(self, x: int) -> FooterKey | None:
        return next((key for start, end, key in self._spans if start <= x < end), None)

    def shown(self) -> list[str]:
        """The descriptions of the keys drawn, left to right (the palette's last)."""
        return [key.description for _, _, key in self._spans]

    def on_click(self, event: events.Click) -> None:
        key = self.key_at(event.x)
        if key is None:
            return
        if key.enabled:
            self.app.simulate_key(key.key)
        else:
            self.app.bell()

    def on_mouse_move(self, event: events.MouseMove) -> None:
        key = self.key_at(event.x)
        self.tooltip = key.tooltip if key is not None else None
