"""The editor on the worst plans within the size cap, under the 1 GiB of memory the hostile
tests allow one check: it opens them, takes an edit and quits, in a real pseudo-terminal; and
it restores the largest recovery journal it writes.

Before the bounds, a server listing two million names that are not apps ended the editor
with MemoryError as it opened: its panel made a line for each, and the first edit compared
sets of two million and indexed each name.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.test_hostile_input import WORST, limit_memory
from tests.tui import pty_terminal
from tests.tui.pty_terminal import CTRL_Q, Terminal, terminal_env
from wfm_tui.core.plan import App, Plan
from wfm_tui.files import recovery
from wfm_tui.files.catalogs import load_catalog
from wfm_tui.files.plan_file import dump_plan
from wfm_tui.files.plan_input import MAX_APPS
from wfm_tui.files.recovery import MAX_JOURNAL_LINKS, MAX_JOURNAL_PLAN_BYTES

TAB, END, SPACE = b"\t", b"\x1b[F", b" "


def _quit_discarding(editor: Terminal) -> None:
    """Quit, discarding the edits: the editor ends cleanly, with no MemoryError on the way."""
    editor.send(CTRL_Q)
    editor.wait_for("Unsaved changes")
    editor.send(b"d")
    status = editor.wait_exit()
    assert "MemoryError" not in editor.drain()
    assert status == 0


@pytest.mark.parametrize("case", ["many-unknown-targets", "many-duplicates"])
def test_the_editor_opens_and_edits_the_worst_plans_within_1_gib(tmp_path: Path, case: str) -> None:
    plan = tmp_path / "plan.toml"
    plan.write_bytes(WORST[case]())
    env = terminal_env(tmp_path)
    editor = Terminal(["--no-mouse", str(plan)], env, preexec_fn=limit_memory)
    try:
        editor.wait_for("103 errors")  # 100 unknown or duplicate targets listed, and counted
        editor.send(TAB)  # to the server's panel
        editor.send(END)  # its last target: the 100th stray link listed
        editor.wait_for("› [X]")
        editor.send(SPACE)  # untick it: an edit of a list of two million names
        editor.wait_for("p *")
        _quit_discarding(editor)
    finally:
        editor.close()


def test_the_editor_restores_the_largest_journal_within_1_gib(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A journal holds up to twice what a plan file may (edits grew the plan past the file's
    cap): the largest the editor writes, at every cap of a journal at once (100,000 apps,
    2,000,000 links, near 32 MiB), is restored under the 1 GiB limit."""
    names = [f"{i:05x}" for i in range(MAX_APPS)]
    per_app = MAX_JOURNAL_LINKS // MAX_APPS
    apps = {
        name: App(
            kind="wfm_builder",
            site=f"S{i // 10}",
            connections=tuple(names[(i + k) % MAX_APPS] for k in range(1, per_app + 1)),
        )
        for i, name in enumerate(names)
    }
    text = dump_plan(Plan(format=1, name="Largest", apps=apps), load_catalog())
    assert MAX_JOURNAL_PLAN_BYTES * 0.95 < len(text.encode()) <= MAX_JOURNAL_PLAN_BYTES
    plan = tmp_path / "plan.toml"
    plan.write_text('format = 1\nname = "p"\n')
    journal = recovery.beside(str(plan), "4242-0123abcd")
    recovery.write(journal, text, str(plan), None)
    del apps, text
    # Written by this process, which is running: offered as a running editor's (Restore not
    # focused). A session that ended wrote it: no process named.
    data = journal.read_bytes()
    mine = f"\npid = {os.getpid()}\n".encode()
    assert mine in data[:4096]
    journal.write_bytes(data.replace(mine, b"\npid = 0\n", 1))
    del data
    monkeypatch.setattr(pty_terminal, "DEADLINE", 120.0)  # seconds: a bound for a loaded machine
    editor = Terminal(["--no-mouse", str(plan)], terminal_env(tmp_path), preexec_fn=limit_memory)
    try:
        editor.wait_for("Recovered unsaved edits")
        editor.send(b"\r")  # Restore
        editor.wait_for("TOO LARGE TO SAVE (31.")
        _quit_discarding(editor)
    finally:
        editor.close()
