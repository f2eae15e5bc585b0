"""The wfm-tui editor application: starts on a plan, an empty plan, or a load error."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from types import FrameType
from typing import Any, ClassVar

from textual import events
from textual.app import App, SystemCommand
from textual.binding import BindingType
from textual.command import CommandPalette
from textual.screen import Screen
from textual.worker import WorkerFailed

from wfm_tui.core.names import printable
from wfm_tui.editing.document import Document
from wfm_tui.files.errors import LoadError
from wfm_tui.files.keymap_file import keymap_path, read_keymap
from wfm_tui.files.plan_file import read_plan
from wfm_tui.tui.commands import EditorCommands, WfmCommandPalette
from wfm_tui.tui.keys import APP, KEYS, bindings, key_named, taken_keys
from wfm_tui.tui.screens.editor import EditorScreen
from wfm_tui.tui.textual_private import drop_exit_traceback, set_exit_status
from wfm_tui.tui.type_ahead import TypeAhead

# The exit status of a failure of wfm-tui itself, as the commands use it.
FAILED = 3


# What signal.signal returns and takes back (typeshed's name for it, _HANDLER, is private).
SignalHandler = Callable[[int, FrameType | None], Any] | int | signal.Handlers | None


class WfmApp(App[None]):
    # Absolute: a relative CSS_PATH resolves against the module of a subclass.
    CSS_PATH = Path(__file__).with_name("wfm_tui.tcss")
    TITLE = "wfm-tui"
    COMMANDS = App.COMMANDS | {EditorCommands}
    BINDINGS: ClassVar[list[BindingType]] = bindings(APP)
    # A hang-up (dropped SSH session), a kill or an interrupt (`kill -INT`; in the editor
    # ctrl+c is a key, not a signal): journal the unsaved edits, then exit. Python's own
    # SIGINT handler ended the editor with status 0, the last second's edits unjournaled.
    EXIT_SIGNALS = (signal.SIGHUP, signal.SIGTERM, signal.SIGINT)
    # If the event loop does not get to exit within this time after such a signal (it is stuck
    # in some long computation), the process ends anyway: the journal is already written.
    signal_exit_deadline: float | None = 10.0

    def __init__(self, path: str | None = None) -> None:
        super().__init__()
        self.path = path
        self.load_error: str | None = None
        self.new_file = path is not None and not os.path.exists(path)
        self.document = self._open(path)
        self._previous_handlers: dict[int, SignalHandler] = {}
        # Set when the editor failed (an exception reached Textual): the one line to print.
        self.failure: str | None = None
        # The user's keymap file (binding id -> keys), and why it is not used when it is not.
        self.user_keymap: dict[str, str] = {}
        self.keymap_problem: str | None = None
        self.type_ahead = TypeAhead(self, super().on_event, lambda: hasattr(self, "_editor"))

    def _open(self, path: str | None) -> Document:
        """The plan to start on. Reading here (before the first frame) avoids a flash of empty."""
        if path is None:
            return Document.untitled()
        if not os.path.exists(path):
            return Document.untitled(path=path)  # created by the first save
        try:
            return Document.from_loaded(read_plan(path))
        except LoadError as exc:
            self.load_error = str(exc)
            return Document.untitled()

    @property
    def editor(self) -> EditorScreen:
        return self._editor

    def load_keymap(self) -> None:
        """The user's keymap file, when there is one: set, or why it is not (`keymap_problem`)."""
        path = keymap_path()
        if not os.path.lexists(path):
            return
        try:
            self.user_keymap = read_keymap(path, KEYS)
        except LoadError as exc:
            self.keymap_problem = f"{exc}; the default keys are used"  # already printable
            return
        self.set_keymap(self.user_keymap)
        taken = taken_keys(self.user_keymap)
        if taken:
            # Textual gives the key to the keymap's action, and the other one loses it.
            what = ", ".join(f"{key} from {key_id}" for key, key_id in taken)
            self.keymap_problem = f"{printable(str(path))}: the keymap takes {what}"

    def on_mount(self) -> None:
        self.load_keymap()
        if self.keymap_problem is not None:
            self.notify(self.keymap_problem, severity="warning", markup=False, timeout=10)
        self._editor = EditorScreen(self.document)
        self.push_screen(self._editor)
        self._install_signal_handlers()
        if self.load_error is not None:
            self._editor.recover_from_load_error(self.load_error, self.path)
        else:
            if self.new_file:
                save = key_named(self, "editor.save")
                self.notify(f"New plan: the file is created on the first save ({save}).")
            self._editor.offer_recovery_at_start(self.path)

    # -- keys typed ahead (type_ahead.py) ---------------------------------------------------

    async def on_event(self, event: events.Event) -> None:
        if not isinstance(event, events.Key):
            await super().on_event(event)
        elif not event.is_forwarded:
            await self.type_ahead.typed(event)
        elif event is self.type_ahead.in_flight:
            await super().on_event(event)  # its binding acts
            self.type_ahead.acted()
        else:
            await super().on_event(event)

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        self.type_ahead.focused(event.widget)

    def on_command_palette_closed(self, _event: CommandPalette.Closed) -> None:
        self.type_ahead.palette_closed()

    def on_ready(self) -> None:
        self.call_after_refresh(_collect_from_now_on)

    def on_unmount(self) -> None:
        self._restore_signal_handlers()
        if hasattr(self, "_editor"):
            self._editor.safety.release_lock()

    # -- signals ---------------------------------------------------------------------------

    def _install_signal_handlers(self) -> None:
        # signal.signal, not loop.add_signal_handler: its handler runs between two bytecodes of
        # the main thread, so the journal is written even while the event loop is busy.
        if threading.current_thread() is not threading.main_thread():
            return
        self._signal_loop = asyncio.get_running_loop()
        for signum in self.EXIT_SIGNALS:
            self._previous_handlers[signum] = signal.signal(signum, self._on_exit_signal)

    def _restore_signal_handlers(self) -> None:
        for signum, handler in self._previous_handlers.items():
            with contextlib.suppress(ValueError, TypeError):
                signal.signal(signum, handler)
        self._previous_handlers = {}

    def _on_exit_signal(self, signum: int, _frame: object) -> None:
        """SIGHUP / SIGTERM / SIGINT: write the journal now (synchronously), then exit."""
        self._restore_signal_handlers()  # a second signal ends the process at once
        with contextlib.suppress(Exception):  # nothing may stop the exit
            self.journal_now()
        with contextlib.suppress(Exception):
            self._editor.safety.release_lock()
        code = 128 + signum
        if self.signal_exit_deadline is not None:
            watchdog = threading.Timer(self.signal_exit_deadline, os._exit, (code,))
            watchdog.daemon = True
            watchdog.start()
        with contextlib.suppress(RuntimeError):
            self._signal_loop.call_soon_threadsafe(self.exit, None, code)

    def journal_now(self) -> Path | None:
        """Write the unsaved edits' recovery file now; the file, or None (clean or failed)."""
        return self._editor.safety.journal_now()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "command_palette" and self.screen is getattr(self, "_editor", None):
            # Below 80x24 the editor is hidden: only quit and help act.
            return not self._editor.too_small
        return True

    # -- failures --------------------------------------------------------------------------

    def _handle_exception(self, error: Exception) -> None:
        """Every exception that reaches Textual (handlers, workers, callbacks) ends here: the
        unsaved edits are journaled before anything else (the debounced journal may be a
        second behind), then the editor exits with status 3 and one line (`failure`, printed
        by run_editor); Textual's traceback only with WFM_TUI_DEBUG=1."""
        if self.failure is None:  # later ones follow from the first
            cause = error.error if isinstance(error, WorkerFailed) else error
            self.failure = (
                f"wfm-tui failed: {type(cause).__name__}: {cause}; {self._save_what_is_left()}"
            )
            if not os.environ.get("WFM_TUI_DEBUG"):
                self.failure += " (set WFM_TUI_DEBUG=1 for details)"
        super()._handle_exception(error)
        if not os.environ.get("WFM_TUI_DEBUG"):
            drop_exit_traceback(self)
        set_exit_status(self, FAILED)

    def _save_what_is_left(self) -> str:
        """Journal the unsaved edits now; says where they are (or why they are not)."""
        editor = getattr(self, "_editor", None)
        if editor is None or not editor.document.dirty:
            return "there were no unsaved edits"
        try:
            file = editor.safety.journal_now()
        except Exception as exc:  # the failure may be in the journal itself
            return f"your unsaved edits could not be journaled: {type(exc).__name__}: {exc}"
        if file is None:
            reason = editor.safety.journal.last_error or "no place to write a recovery file"
            return f"your unsaved edits could not be journaled: {reason}"
        return f"your unsaved edits are in {file}"

    def action_command_palette(self) -> None:
        """ctrl+p: the palette, with the guard of WfmCommandPalette."""
        # What CommandPalette.is_open tests, without its App[object] parameter, which an
        # App[None] is not (App is invariant in its return type).
        if self.use_command_palette and not isinstance(self.screen, CommandPalette):
            self.push_screen(WfmCommandPalette(id="--command-palette"))

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """Textual's own commands in the palette, but its key panel (docked beside the editor,
        it narrowed the panels below their 28 columns; ? is the editor's help), and with quit
        saying what it does here."""
        for command in super().get_system_commands(screen):
            if command.callback in (self.action_show_help_panel, self.action_hide_help_panel):
                continue
            if command.callback == self.action_quit:
                quit_key = KEYS["app.quit"]
                command = command._replace(
                    help=f"{quit_key.tooltip} ({key_named(self, quit_key.id)})"
                )
            yield command

    async def action_quit(self) -> None:
        """ctrl+q: asks save / discard / cancel when there are unsaved changes."""
        self._editor.request_quit()


def _collect_from_now_on() -> None:
    """After the first frame: the collector back on, if `wfm-tui` started with it off.

    What start-up built (the catalog, the plan, the widgets) lives as long as the editor, so
    it is frozen out of the collector's passes rather than scanned again and again.
    """
    if not gc.isenabled():
        gc.freeze()
        gc.enable()


def run_editor(path: str | None, *, mouse: bool = True) -> int:
    app = WfmApp(path)
    app.run(mouse=mouse)
    if app.failure is not None:
        sys.stderr.write(printable(app.failure) + "\n")  # the terminal is restored by now
    return app.return_code or 0
