"""ctrl+e: the plan file in the user's editor, then back into the editor, undoable; and once in
a real terminal (a pseudo-terminal), where Textual's App.suspend hands it over."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from tests import SAMPLES
from tests.tui.editor_helpers import answer_path_dialog, click_laid_out
from tests.tui.pty_terminal import COLUMNS, CTRL_Q, ROWS, Terminal, terminal_env
from wfm_tui.core.operations import AddApp
from wfm_tui.core.plan import App
from wfm_tui.files.plan_file import read_plan
from wfm_tui.tui.app import WfmApp
from wfm_tui.tui.screens.dialogs import ConfirmDialog


def fake_editor(tmp_path: Path, body: str) -> str:
    """An $EDITOR that edits the file it is given as `body` says (Python, argv[1] the path)."""
    script = tmp_path / "fake_editor.py"
    script.write_text(f"import sys\npath = sys.argv[1]\n{body}\n")
    return f"{sys.executable} {script}"


# An editor session that gives the plan's DAP a port.
GIVE_THE_DAP_A_PORT = (
    "text = open(path).read().replace('kind = \"dap\"', 'kind = \"dap\"\\nport = 3306', 1)\n"
    "open(path, 'w').write(text)"
)


async def test_an_edit_in_the_editor_comes_back_as_one_undoable_step(
    radio_plan: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VISUAL", fake_editor(tmp_path, GIVE_THE_DAP_A_PORT))
    app = WfmApp(str(radio_plan))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+e")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        doc = app.editor.document
        assert doc.plan.apps["D1"].port == 3306
        assert not doc.dirty  # the plan is what the file holds
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert doc.plan.apps["D1"].port is None
        assert doc.dirty


async def test_unsaved_edits_are_saved_first_or_nothing_happens(
    radio_plan: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    marker = tmp_path / "ran"
    monkeypatch.setenv("EDITOR", fake_editor(tmp_path, f"open({str(marker)!r}, 'w').write(path)"))
    monkeypatch.delenv("VISUAL", raising=False)
    app = WfmApp(str(radio_plan))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f", "space")  # management layer on: an unsaved edit
        await pilot.pause()
        await click_laid_out(app, pilot, "#ok")
        await pilot.pause()
        assert app.editor.document.dirty
        await pilot.press("ctrl+e")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("escape")  # cancel: the editor does not run
        await pilot.pause()
        assert not marker.exists()
        await pilot.press("ctrl+e")
        await pilot.pause()
        await click_laid_out(app, pilot, "#confirm")  # save, then edit
        await pilot.pause()
        await app.workers.wait_for_complete()
        assert marker.read_text() == str(radio_plan)
        assert "management_layer = true" in radio_plan.read_text()
        assert not app.editor.document.dirty


async def test_a_file_that_no_longer_loads_can_be_edited_again(
    radio_plan: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # First run breaks the file, the second mends it.
    count = tmp_path / "count"
    body = (
        f"n = int(open({str(count)!r}).read()) if __import__('os').path.exists({str(count)!r})"
        " else 0\n"
        f"open({str(count)!r}, 'w').write(str(n + 1))\n"
        "text = open(path).read()\n"
        "text = text.replace('name = ', 'name == ') if n == 0 else text.replace('==', '=')\n"
        "open(path, 'w').write(text)"
    )
    monkeypatch.setenv("VISUAL", fake_editor(tmp_path, body))
    app = WfmApp(str(radio_plan))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+e")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ConfirmDialog)
        assert "does not load" in dialog.title_text
        assert "radio.toml:2:7: TOML syntax: Invalid value" in str(dialog.message)
        await click_laid_out(app, pilot, "#confirm")  # edit again
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert count.read_text() == "2"
        assert app.screen is app.editor
        assert app.editor.document.plan.name == "Radio"


# In a real terminal: App.suspend hands it over, the editor reads what the user types.
_TERMINAL_EDITOR = """\
import os, sys
path = sys.argv[1]
size = os.get_terminal_size(1)
print(f"EDITOR HAS {'THE' if os.isatty(0) and os.isatty(1) else 'NO'} TERMINAL", flush=True)
typed = input("name? ")  # a line typed by the user: the terminal is cooked again
text = open(path).read().replace('name = "Contoso, single site"', f'name = "{typed}"', 1)
open(path, "w").write(text)
open(sys.argv[1] + ".seen", "w").write(f"{size.columns}x{size.lines}")
"""


def test_the_editor_gets_the_terminal_and_the_plan_comes_back(tmp_path: Path) -> None:
    plan = tmp_path / "plan.toml"
    shutil.copy(SAMPLES / "single-site.toml", plan)
    script = tmp_path / "terminal_editor.py"
    script.write_text(_TERMINAL_EDITOR)
    env = terminal_env(tmp_path)
    env.pop("VISUAL", None)
    env["EDITOR"] = f"{sys.executable} {script}"
    editor = Terminal(["--no-mouse", str(plan)], env)
    try:
        editor.wait_for("Contoso, single site")
        editor.forget()
        editor.send(b"\x05")  # ctrl+e
        editor.wait_for("EDITOR HAS THE TERMINAL")
        editor.wait_for("name? ")
        editor.send(b"Typed in the editor\r")
        editor.wait_for("Reloaded the edited file.")
        editor.wait_for("Typed in the editor")  # the title, drawn again
        editor.forget()
        editor.send(CTRL_Q)  # nothing unsaved: the plan is what the file holds
        assert editor.wait_exit() == 0
    finally:
        editor.close()
    assert read_plan(plan).plan.name == "Typed in the editor"
    assert Path(f"{plan}.seen").read_text() == f"{COLUMNS}x{ROWS}"


async def test_editing_the_file_closes_an_open_what_if_sandbox(
    radio_plan: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The file's new content is the plan, not a what-if change: throwing the sandbox away
    # afterwards used to put the old plan back, and a save then undid the edit in the file.
    monkeypatch.setenv("VISUAL", fake_editor(tmp_path, GIVE_THE_DAP_A_PORT))
    app = WfmApp(str(radio_plan))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("w")
        await pilot.pause()
        assert app.editor.sandbox is not None
        await pilot.press("ctrl+e")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        doc = app.editor.document
        assert app.editor.sandbox is None
        assert not app.editor.query("#whatif-banner")
        assert doc.plan.apps["D1"].port == 3306
        assert not doc.dirty
        await pilot.press("w", "w")  # a new sandbox, left at once: nothing to throw away
        await pilot.pause()
        assert doc.plan.apps["D1"].port == 3306
        assert not doc.dirty


async def test_an_untitled_plan_is_saved_as_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    marker = tmp_path / "ran"
    monkeypatch.setenv("VISUAL", fake_editor(tmp_path, f"open({str(marker)!r}, 'w').write(path)"))
    target = tmp_path / "chosen.toml"
    app = WfmApp(None)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.editor.apply(AddApp("DAP", App(kind="dap")))
        await pilot.press("ctrl+e")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        assert "no file yet" in str(app.screen.message)
        await click_laid_out(app, pilot, "#confirm")
        await pilot.pause()
        await answer_path_dialog(app, pilot, target)
        assert marker.read_text() == str(target)
        assert app.editor.document.path == str(target)
        assert "DAP" in read_plan(target).plan.apps
