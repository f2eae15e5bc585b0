"""The editor on the worst plans within the size cap, under the 1 GiB of memory the hostile
tests allow one check: it opens them, takes an edit and quits, in a real pseudo-terminal.

Before the bounds, a server listing two million names that are not apps ended the editor
with MemoryError as it opened: its panel made a line for each, and the first edit compared
sets of two million and indexed each name.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.test_hostile_input import WORST, limit_memory
from tests.tui.pty_terminal import CTRL_Q, Terminal, terminal_env

TAB, END, SPACE = b"\t", b"\x1b[F", b" "


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
        editor.send(CTRL_Q)
        editor.wait_for("Unsaved changes")
        editor.send(b"d")  # discard
        status = editor.wait_exit()
        shown = editor.drain()
    finally:
        editor.close()
    assert "MemoryError" not in shown
    assert status == 0
