"""A plan that edits grow past what a plan file may be: the editor says so at once, in one
line, and its recovery journal still restores it (it was written, then refused as it was read
back: a crash lost the work)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Button, Static

from tests.plan_helpers import LONGEST_NOTE, plan_of_notes, plan_text_of_notes
from tests.tui.editor_helpers import click_laid_out, notifications, recovery_offered, until
from wfm_tui.core.operations import AddApp, Batch
from wfm_tui.core.plan import App
from wfm_tui.editing.journal import too_large_to_journal
from wfm_tui.files import recovery
from wfm_tui.files.catalogs import load_catalog
from wfm_tui.files.plan_file import MAX_PLAN_BYTES, dump_plan, read_plan
from wfm_tui.tui.app import WfmApp
from wfm_tui.tui.safety_net import size_line
from wfm_tui.tui.screens.dialogs import UnsavedDialog
from wfm_tui.tui.screens.safety_dialogs import RecoveryDialog

# Apps of plan_of_notes: 40 KB under the 16 MiB cap; twenty more are over it, and 8,100 over
# the 32 MiB a recovery journal may hold.
UNDER_THE_CAP = 4_040
OVER_THE_CAP = 4_060
OVER_THE_JOURNAL_CAP = 8_100
# Bounded waits: a journal of a plan of 16 to 32 MiB takes a second or two to write (more when
# the machine is loaded).
WAIT = 60.0


async def _until(pilot: Pilot[None], condition: Callable[[], bool]) -> None:
    await until(pilot, condition, WAIT)


def _banner(app: WfmApp) -> Static:
    return app.editor.query_one("#too-large", Static)


def _shown(banner: Static) -> str | None:
    return str(banner.render()) if banner.display else None


async def _grow(app: WfmApp, first: int, last: int) -> None:
    """Add DAPs `first` to `last - 1`, each with the longest note, in one edit."""
    adds = tuple(AddApp(f"DAP {i}", App(kind="dap", note=LONGEST_NOTE)) for i in range(first, last))
    assert await app.editor.apply(Batch(adds, label="add many"))


def _journaled_apps(path: Path) -> int:
    [found], [] = recovery.left_for(str(path))
    return len(recovery.restored_plan(found, str(path)).plan.apps)


async def test_the_editor_says_at_once_that_a_grown_plan_cannot_be_saved(tmp_path: Path) -> None:
    path = tmp_path / "plan.toml"
    path.write_text(plan_text_of_notes(UNDER_THE_CAP))
    app = WfmApp(str(path))
    async with app.run_test(size=(80, 24)) as pilot:
        banner = _banner(app)
        assert _shown(banner) is None
        await _grow(app, UNDER_THE_CAP, OVER_THE_CAP)
        await _until(pilot, lambda: _shown(banner) is not None)
        assert _shown(banner) == "TOO LARGE TO SAVE (16.05 MiB, max 16 MiB): remove apps or links."
        await _until(pilot, lambda: banner.region.height > 0)  # laid out at the next refresh
        assert (banner.region.y, banner.region.height) == (1, 1)  # one line, under the header
        # Nothing is lost: the journal holds the plan, and reads back.
        assert _journaled_apps(path) == OVER_THE_CAP
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert (
            "the plan would be 16.05 MiB, larger than the 16 MiB" in notifications(app)[-1].message
        )
        assert len(read_plan(path).plan.apps) == UNDER_THE_CAP
        # Quitting says why a save would fail, and starts on Cancel, not on Save.
        await pilot.press("ctrl+q")
        await _until(pilot, lambda: isinstance(app.screen, UnsavedDialog))
        [message] = [
            str(text.render())
            for text in app.screen.query(Static)
            if type(text) is Static and not text.has_class("box-title")
        ]
        assert message.endswith(
            "\n\nThe plan is TOO LARGE TO SAVE (16.05 MiB, max 16 MiB): remove apps or links."
        )
        assert app.focused is app.screen.query_one("#cancel", Button)
        await pilot.press("enter")
        await _until(pilot, lambda: app.screen is app.editor)

        # Past what a journal may hold: the last journal stays, and the line says so too.
        await _grow(app, OVER_THE_CAP, OVER_THE_JOURNAL_CAP)
        await _until(pilot, lambda: "RECOVER" in (_shown(banner) or ""))
        assert _shown(banner) == (
            "TOO LARGE TO SAVE OR RECOVER (32.01 MiB, max 32 MiB): remove apps or links."
        )
        # Growing on past it is told once: the line under the title says it from then on.
        await _grow(app, OVER_THE_JOURNAL_CAP, OVER_THE_JOURNAL_CAP + 10)
        await _until(pilot, lambda: "32.05 MiB" in (_shown(banner) or ""))
        [warning] = [
            n.message for n in notifications(app) if n.message.startswith("Unsaved edits cannot")
        ]
        assert warning == (
            "Unsaved edits cannot be journaled: the plan has 32.01 MiB of text, more than the "
            "32 MiB a recovery file may hold; the last recovery file stays, without the edits since"
        )
        assert _journaled_apps(path) == OVER_THE_CAP

        await pilot.press("ctrl+z")
        await pilot.press("ctrl+z")  # within the journal's cap again: journaled, not saved
        await _until(pilot, lambda: "RECOVER" not in (_shown(banner) or "RECOVER"))
        assert _shown(banner) == "TOO LARGE TO SAVE (16.05 MiB, max 16 MiB): remove apps or links."
        await pilot.press("ctrl+z")  # the plan as loaded: the line goes at once
        await pilot.pause()
        assert not app.editor.document.dirty
        assert _shown(banner) is None


async def test_a_journal_of_a_plan_over_the_file_cap_is_restored(tmp_path: Path) -> None:
    path = tmp_path / "plan.toml"
    loaded = plan_of_notes(UNDER_THE_CAP)
    path.write_text(dump_plan(loaded, load_catalog()))
    grown = plan_of_notes(OVER_THE_CAP)
    text = dump_plan(grown, load_catalog())
    assert len(text.encode()) > MAX_PLAN_BYTES
    journal = recovery.beside(str(path), "4242-0123abcd")
    recovery.write(journal, text, str(path), None)
    app = WfmApp(str(path))
    async with app.run_test(size=(80, 24)) as pilot:
        await recovery_offered(app, pilot, WAIT)
        await click_laid_out(app, pilot, "#restore")
        await _until(pilot, lambda: not isinstance(app.screen, RecoveryDialog))
        await app.workers.wait_for_complete()
        await pilot.pause()
        doc = app.editor.document
        assert doc.plan == grown
        banner = _banner(app)
        await _until(pilot, lambda: _shown(banner) is not None)
        assert _shown(banner) == "TOO LARGE TO SAVE (16.05 MiB, max 16 MiB): remove apps or links."


def test_the_line_says_what_can_no_longer_be_done_in_80_columns() -> None:
    mib = 1024 * 1024
    assert size_line(16 * mib, 10**7) is None  # savable (and journaled, as ever)
    cases = {
        (
            16 * mib + 1,
            2_000_000,
        ): "TOO LARGE TO SAVE (16.01 MiB, max 16 MiB): remove apps or links.",
        (16 * mib + 1, 2_000_001): (
            "TOO LARGE TO SAVE OR RECOVER (2,000,001 links, max 2,000,000): remove links."
        ),
        (32 * mib + 1, 0): (
            "TOO LARGE TO SAVE OR RECOVER (32.01 MiB, max 32 MiB): remove apps or links."
        ),
        (999 * mib, 99_000_000): (
            "TOO LARGE TO SAVE OR RECOVER (999.00 MiB, max 32 MiB): remove apps or links."
        ),
    }
    for (size, links), line in cases.items():
        assert size_line(size, links) == line
        assert len(line) <= 78
        journaled = too_large_to_journal(size, links) is None
        assert journaled == ("RECOVER" not in line)
    assert too_large_to_journal(12 * mib, 3_000_000) is None  # within the file cap: as ever
