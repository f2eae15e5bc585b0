"""Keys typed ahead: each goes where the key before it left the keys.

Textual hands a key to the widget focused when the key arrives, but a key's binding acts only
once the key has come back up to the app. Keys that arrive together (typed quickly, pasted, or
bunched by an SSH link) all went to the widget focused before the first of them acted: `r`
and a new name typed at once toggled links with the name's spaces in the panel, instead of
reaching the rename dialog; `/` and a filter word ran the word's letters as commands; a key
typed after a dialog's enter was lost in the closing dialog.

So while a key that can act is on its way, the keys after it wait. A letter typed into a text
field acts on nothing else and holds nothing. When the key has acted, and what it set off
along its way up has run, the keys follow; if it opened a dialog or a screen, they follow once
that has its focus, or once the work behind the key ended without one. What it set off
includes messages posted beside its way (the palette's list choosing the command enter picked, the
findings pane's choice of a finding) and callbacks queued for after a dialog: the keys wait
until the screens involved have nothing queued. A key that closes a dialog while the work that
asked goes on (a plan read after its path) holds the keys until that work ends or asks again.
"""

from __future__ import annotations

import contextlib
from collections.abc import Awaitable, Callable
from contextlib import ExitStack
from functools import partial
from typing import Any

from textual import events
from textual.app import App, ScreenStackError
from textual.command import CommandPalette
from textual.dom import NoScreen
from textual.message_pump import MessagePump
from textual.screen import ModalScreen, Screen
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Input
from textual.worker import Worker

# The group of the editor's workers that may open dialogs (`@work(group="dialog")`).
DIALOG_WORKERS = "dialog"
# A key that never comes back up (a widget kept it) or a dialog that never takes the focus
# must not hold the keys after it for good: then they go where the focus is.
GIVE_UP_AFTER = 1.0
# How many times the keys wait again for messages still queued once the key's own way is
# drained (each round runs what the one before it posted); past that, a screen that is never
# idle (a stream of messages) does not hold them: they go as if it were.
MORE_ROUNDS = 50


class TypeAhead:
    """The keys of one app that wait for the key before them (see the module's text)."""

    def __init__(
        self,
        app: App[Any],
        route: Callable[[events.Key], Awaitable[None]],
        started: Callable[[], bool],
    ) -> None:
        self._app = app
        self._route = route  # Textual's own handling of a key the app received
        self._started = started  # keys wait only once the editor is up
        self._waiting: list[events.Key] | None = None  # None: keys go through at once
        self.in_flight: events.Key | None = None  # the key to come back up
        self._path: list[MessagePump] = []  # where it went: its widget and their parents
        self._origin: Screen[Any] | None = None  # where it was typed
        self._before: frozenset[Screen[Any]] = frozenset()  # the screens open then
        # Enter in the command palette: the command runs after the palette has closed.
        self._palette = False
        self._workers: set[Worker[Any]] = set()  # the dialog workers running before it
        self._awaiting_focus = False  # it opened a screen or started a dialog's work
        self._timer: Timer | None = None
        self._hold = 0  # which hold a late signal (a worker's end, the timer) is about
        # While a burst of held keys goes through, the screen is drawn once, at its end: each
        # key's own frame (the centre's panels for each line j passed) made a burst 2.5 times
        # slower, and none of those frames was seen.
        self._burst: ExitStack | None = None
        self._rounds = 0  # how often the keys waited again for what was still queued

    @property
    def holding(self) -> bool:
        return self._waiting is not None

    async def typed(self, event: events.Key) -> None:
        """A key from the terminal: it waits, or goes on now."""
        if self._waiting is not None:
            self._waiting.append(event)
        else:
            await self._send(event)

    async def _send(self, event: events.Key) -> bool:
        """Send a key on; whether the keys after it wait for it."""
        screen = self._app.screen
        focused = screen.focused
        if focused is None or not self._started() or _taken_by(focused, event):
            await self._route(event)
            return False
        self._origin = screen
        self._before = frozenset(self._app.screen_stack)
        self._palette = isinstance(screen, CommandPalette) and event.key == "enter"
        self._workers = self._dialog_workers()
        self._path = list(focused.ancestors_with_self)
        self._awaiting_focus = False
        self._waiting = []
        self._hold += 1
        self._rounds = 0
        self._restart_timer()
        await self._route(event)
        if event.is_forwarded:
            self.in_flight = event  # its binding acts when it comes back up: `acted`
        else:
            self._path = []  # a priority binding acted on it already
            self.acted()
        return True

    def acted(self) -> None:
        """The key in flight came back up, and its binding (if any) has acted. What that set
        off along the key's way (an input's submit, a dialog's answer) runs next."""
        self.in_flight = None
        self._drain(self._hold)

    def _drain(self, hold: int) -> None:
        # Through the key's widget and each parent in turn, then the app: behind whatever
        # each of them has queued by then.
        while self._path and hold == self._hold:
            if self._path.pop(0).call_later(self._drain, hold):
                return
        self._app.call_later(self._settle, hold)

    async def _settle(self, hold: int) -> None:
        if hold != self._hold or self._waiting is None or self._palette:
            return  # (a command of the palette: `palette_closed`)
        busy = self._busy()
        if busy is not None and self._rounds < MORE_ROUNDS:
            # What the key set off beside its way, or after it: a message a widget posted to
            # itself or to a widget beside the focus (a list's selection, a pane's choice),
            # a callback for after a dialog has gone. It runs before the keys move on.
            self._rounds += 1
            self._path = busy
            self._drain(hold)
            return
        screen = self._app.screen
        running = self._dialog_workers()
        started = running - self._workers
        going_on = running & self._workers
        closed = self._origin is not None and self._origin not in self._app.screen_stack
        new_screen = screen not in self._before
        if started and not (new_screen and screen.focused is not None):
            # Work that may open a dialog: the keys go to it once it has its focus.
            self._await_focus()
            self._release_after_any(started, hold)
        elif new_screen and screen.focused is None:
            self._await_focus()  # a screen came up, without its focus yet
        elif going_on and closed and not isinstance(screen, ModalScreen):
            # The key closed its dialog, back to the editor, and the work that asked goes on
            # (the plan to open is read, then shown): the keys are for what it leads to. They
            # wait for its end, or for the next dialog it opens (not for the editor's own
            # focus coming back: the screens open now are not new to them).
            self._before = frozenset(self._app.screen_stack)
            self._await_focus()
            self._release_after_any(going_on, hold)
        else:
            await self._release(hold)

    def _release_after_any(self, workers: set[Worker[Any]], hold: int) -> None:
        for worker in workers:
            self._app.run_worker(self._release_after(worker, hold), group="type-ahead")

    def palette_closed(self) -> None:
        """The command palette closed; the command chosen with enter, if any, runs next (it
        was queued before this), and the keys after enter go where it leaves them."""
        if self._waiting is not None and self._palette:
            self._palette = False
            self._app.call_later(self._settle, self._hold)

    def _busy(self) -> list[MessagePump] | None:
        """The widgets of the key's screen and of the screen on top with messages queued, each
        before its parents; None when the app and all of them are idle."""
        screens = {self._app.screen}
        if self._origin is not None and self._origin.is_attached:
            screens.add(self._origin)
        busy: list[MessagePump] = [
            node
            for screen in screens
            for node in reversed(list(screen.walk_children(with_self=True)))
            if node.message_queue_size
        ]
        return busy if busy or self._app.message_queue_size else None

    def _await_focus(self) -> None:
        self._awaiting_focus = True
        self._restart_timer()

    def focused(self, widget: Widget) -> None:
        """A widget took the focus: if it is in the dialog or screen the held keys wait for,
        they go to it."""
        if not (self._waiting is not None and self._awaiting_focus):
            return
        try:
            screen = widget.screen
            current = self._app.screen
        except (NoScreen, ScreenStackError):  # gone since (the app closing): none to give keys
            return
        if screen is current and current not in self._before:
            # After what is queued for the app now: a focus that the dialog asked for as it
            # opened (`widget.focus()` is applied from the app's queue) is taken first.
            self._app.call_later(self._release, self._hold)

    async def _release_after(self, worker: Worker[Any], hold: int) -> None:
        # The work ended: with no dialog (nothing to ask), or its dialog has come and gone.
        with contextlib.suppress(Exception):  # its failure is the app's to report
            await worker.wait()
        self._app.call_later(self._release, hold)

    async def _give_up(self, hold: int) -> None:
        self.in_flight = None
        await self._release(hold)

    async def _release(self, hold: int) -> None:
        if hold != self._hold or self._waiting is None:
            return  # that hold was released already
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        waiting, self._waiting = self._waiting, None
        self._origin = None
        self._before = frozenset()
        self._palette = False
        self._path = []
        if waiting and self._burst is None:
            self._burst = ExitStack()
            self._burst.enter_context(self._app.batch_update())
        while waiting:
            if await self._send(waiting.pop(0)):
                # That key holds the ones after it in turn.
                self._hold_too(waiting)
                return
        if self._burst is not None:
            burst, self._burst = self._burst, None
            burst.close()  # every key went through: the screen is drawn
            # When next idle: its idle turns during the burst were passed over, and the end of
            # a batch prompts the app only (the frame stayed as it was until the next key).
            self._app.screen.check_idle()

    def _hold_too(self, keys: list[events.Key]) -> None:
        if self._waiting is not None:
            self._waiting[:0] = keys

    def _restart_timer(self) -> None:
        if self._timer is not None:
            self._timer.stop()
        self._timer = self._app.set_timer(GIVE_UP_AFTER, partial(self._give_up, self._hold))

    def _dialog_workers(self) -> set[Worker[Any]]:
        return {
            worker
            for worker in self._app.workers
            if worker.group == DIALOG_WORKERS and not worker.is_finished
        }


class TakesTyping:
    """A widget that takes the characters typed into it for itself, as a text field does (a
    list that jumps to what is typed): the keys after a character need not wait for it."""


def _taken_by(widget: Widget, event: events.Key) -> bool:
    """Whether the widget takes the key for itself and acts on nothing else with it: a
    character typed into a text field, any key in a text area (enter is a new line)."""
    if isinstance(widget, (Input, TakesTyping)):
        return event.is_printable
    # Imported here: the editor starts without it (only two dialogs have a text area).
    from textual.widgets import TextArea

    return isinstance(widget, TextArea)
