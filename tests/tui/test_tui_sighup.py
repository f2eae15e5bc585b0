"""A dropped session and a crash, for real: the editor runs in a pseudo-terminal, gets an edit,
and is hung up (SIGHUP), or fails, before it saves. The next editor offers the journaled edit;
restoring and saving puts it in the file. Only the standard library drives it (pty, select),
nothing to install."""

from __future__ import annotations

import os
import shutil
import signal
import sys
from pathlib import Path

import pytest

from tests import ROOT, SAMPLES
from tests.tui.pty_terminal import CTRL_Q, CTRL_S, Terminal, terminal_env
from wfm_tui.files import recovery
from wfm_tui.files.plan_file import read_plan

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return terminal_env(tmp_path)


def _with_hooks(tmp_path: Path, env: dict[str, str], sitecustomize: str) -> None:
    """The editor's Python runs `sitecustomize` at start-up (site imports it from its path)."""
    hooks = tmp_path / "hooks"
    hooks.mkdir()
    (hooks / "sitecustomize.py").write_text(sitecustomize)
    env.update(PYTHONPATH=f"{hooks}{os.pathsep}{ROOT}")


def _add_app(editor: Terminal, name: bytes) -> None:
    """Add an app by the keys (the kind list has the focus, tab goes to the name): an edit made,
    not saved."""
    editor.wait_for("Contoso, single site")
    editor.send(b"a")
    editor.wait_for("Add an app")
    editor.send(b"\t" + name + b"\r")
    editor.wait_for("Contoso, single site *")


def test_sighup_mid_edit_then_restore_and_save(tmp_path: Path, env: dict[str, str]) -> None:
    plan = tmp_path / "plan.toml"
    shutil.copy(SAMPLES / "single-site.toml", plan)

    first = Terminal(["--no-mouse", str(plan)], env)
    try:
        first.wait_for("Contoso, single site")
        first.send(b"a")  # add an app: the kind list has the focus, tab goes to the name
        first.wait_for("Add an app")
        first.send(b"\tPtyEdit\r")
        first.wait_for("PtyEdit")
        first.wait_for("Contoso, single site *")  # the edit is made, not saved
        os.kill(first.process.pid, signal.SIGHUP)  # the SSH link drops
        assert first.wait_exit() == 128 + signal.SIGHUP  # the editor's handler ran
    finally:
        first.close()

    [found], [] = recovery.left_for(str(plan))  # none, or more than one, is wrong
    journal = found.file
    assert "PtyEdit" in found.plan_text
    assert "PtyEdit" not in plan.read_text("utf-8")

    second = Terminal(["--no-mouse", str(plan)], env)
    try:
        second.wait_for("Recovered unsaved edits")
        second.wait_for('+ app "PtyEdit"')
        second.forget()
        second.send(b"\r")  # Restore has the focus
        second.wait_for("Recovered edits restored")
        second.forget()
        second.send(CTRL_S)
        second.wait_for("Saved")
        second.send(CTRL_Q)
        assert second.wait_exit() == 0
    finally:
        second.close()

    assert "PtyEdit" in read_plan(plan).plan.apps
    assert not journal.exists()


# Loaded by the editor's Python at start-up: no journal timer fires within the test, so only a
# signal's handler can write the journal.
_NO_TIMER = """
from wfm_tui.tui import safety_net
safety_net.JOURNAL_DELAY = 3600.0
"""


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_an_interrupt_or_a_kill_mid_edit_journals_it_at_once(
    tmp_path: Path, env: dict[str, str], signum: int
) -> None:
    """`kill -INT` (a supervisor, `timeout -s INT`) ended the editor with status 0 and the
    edits of the last second unjournaled: Python's own handler stopped the event loop."""
    plan = tmp_path / "plan.toml"
    shutil.copy(SAMPLES / "single-site.toml", plan)
    _with_hooks(tmp_path, env, _NO_TIMER)

    editor = Terminal(["--no-mouse", str(plan)], env)
    try:
        _add_app(editor, b"SignalEdit")
        os.kill(editor.process.pid, signum)
        assert editor.wait_exit() == 128 + signum
    finally:
        editor.close()

    [found], [] = recovery.left_for(str(plan))
    assert "SignalEdit" in found.plan_text


# Loaded by the editor's Python at start-up (site imports `sitecustomize` from its path): the
# help screen fails as it is built, and only the crash may journal (no timer within the test).
_FAILING_HELP = """
from wfm_tui.tui import safety_net
from wfm_tui.tui.screens.help import HelpScreen


def _boom(*args, **kwargs):
    raise RuntimeError("help is broken")


HelpScreen.compose = _boom
safety_net.JOURNAL_DELAY = 3600.0
"""


def test_a_crash_mid_edit_journals_it_and_says_so_in_one_line(
    tmp_path: Path, env: dict[str, str]
) -> None:
    plan = tmp_path / "plan.toml"
    shutil.copy(SAMPLES / "single-site.toml", plan)
    _with_hooks(tmp_path, env, _FAILING_HELP)
    env.pop("WFM_TUI_DEBUG", None)

    editor = Terminal(["--no-mouse", str(plan)], env)
    try:
        _add_app(editor, b"CrashEdit")
        editor.forget()
        editor.send(b"?")  # the help screen fails
        assert editor.wait_exit() == 3
        shown = editor.drain()
    finally:
        editor.close()

    [found], [] = recovery.left_for(str(plan))
    assert "CrashEdit" in found.plan_text
    assert "Traceback" not in shown
    # The last thing written, once, after the screen was given back (its sequences are gone).
    assert shown.count("wfm-tui failed") == 1
    assert shown.rstrip().endswith(
        "wfm-tui failed: RuntimeError: help is broken; your unsaved edits are in "
        f"{found.file} (set WFM_TUI_DEBUG=1 for details)"
    )
