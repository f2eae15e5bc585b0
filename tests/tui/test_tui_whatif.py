"""Pilot tests of the what-if sandbox (w), the impact report (x) and the changes report (d)."""

from __future__ import annotations

from pathlib import Path

from textual.geometry import Region
from textual.pilot import Pilot
from textual.widgets import Static

from tests.tui.editor_helpers import click_laid_out, link_list, notifications, until
from wfm_tui.core.operations import AddApp
from wfm_tui.core.plan import App
from wfm_tui.editing.document import Document
from wfm_tui.tui import whatif_flows
from wfm_tui.tui.app import WfmApp
from wfm_tui.tui.screens.reports import LeaveWhatIfDialog, ReportDialog, SaveWhatIfDialog
from wfm_tui.tui.screens.safety_dialogs import RecoveryDialog

SERVER = "WFM Server London"


def pane_counts(app: WfmApp) -> str:
    return str(app.editor.query_one("#finding-counts").render())


def report_text(app: WfmApp) -> str:
    assert isinstance(app.screen, ReportDialog)
    return str(app.screen.query_one(".report", Static).render())


def last_toast(app: WfmApp) -> str:
    return notifications(app)[-1].message


async def untick_dap(app: WfmApp, pilot) -> None:
    dap = link_list(app, SERVER, "dap")
    dap.focus(0)
    await pilot.press("space")
    await pilot.pause()


async def test_sandbox_shows_the_delta_and_throws_changes_away(
    app: WfmApp, pilot: Pilot[None]
) -> None:
    doc = app.editor.document
    before = doc.plan
    await pilot.press("w")
    await pilot.pause()
    assert app.editor.query("#whatif-banner")
    assert app.editor.title == "WHAT-IF (no changes yet) · Contoso, single site"
    assert pane_counts(app).startswith("WHAT-IF: 0 new errors")

    await untick_dap(app, pilot)
    assert "WFM DAP" not in doc.plan.apps[SERVER].connections
    assert pane_counts(app).startswith("WHAT-IF: 1 new error, 0 resolved")
    assert app.editor.title == "WHAT-IF (1 link removed) · Contoso, single site *"

    await pilot.press("w")
    await pilot.pause()
    assert isinstance(app.screen, LeaveWhatIfDialog)
    await click_laid_out(app, pilot, "#discard")
    await pilot.pause()
    assert doc.plan == before
    assert not doc.dirty
    assert doc.undo_stack == []
    assert not app.editor.query("#whatif-banner")
    assert app.editor.title == "Contoso, single site"
    assert "no findings" in pane_counts(app)
    # Said as it happened (it used to say "nothing had changed").
    assert last_toast(app) == "What-if changes thrown away: 1 link removed."


async def test_sandbox_keeps_changes(app: WfmApp, pilot: Pilot[None]) -> None:
    await pilot.press("w")
    await pilot.pause()
    await untick_dap(app, pilot)
    await pilot.press("w")
    await pilot.pause()
    await click_laid_out(app, pilot, "#keep")
    await pilot.pause()
    assert last_toast(app) == (
        "What-if changes kept in the plan: 1 link removed. They are not saved yet (ctrl+s)."
    )
    doc = app.editor.document
    assert "WFM DAP" not in doc.plan.apps[SERVER].connections
    assert doc.dirty
    assert pane_counts(app).startswith("✗ 1 error")
    await pilot.press("ctrl+z")  # the kept edit is an ordinary undoable step
    await pilot.pause()
    assert not doc.dirty


async def test_leaving_an_unchanged_sandbox_asks_nothing(app: WfmApp, pilot: Pilot[None]) -> None:
    await pilot.press("w")
    await pilot.pause()
    await pilot.press("w")
    await pilot.pause()
    assert not isinstance(app.screen, LeaveWhatIfDialog)
    assert app.editor.sandbox is None
    assert not app.editor.query("#whatif-banner")
    assert "nothing had changed" in notifications(app)[-1].message


async def test_saving_in_the_sandbox_asks_first(single_site: Path) -> None:
    app = WfmApp(str(single_site))
    async with app.run_test(size=(80, 24)) as pilot:
        on_disk = single_site.read_text()
        await pilot.press("w")
        await pilot.pause()
        await untick_dap(app, pilot)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, SaveWhatIfDialog)
        assert "1 link removed in the what-if sandbox" in str(app.screen.query(Static)[1].render())
        await pilot.press("enter")  # cancel has the focus: nothing is written by accident
        await pilot.pause()
        assert single_site.read_text() == on_disk
        assert app.editor.sandbox is not None
        assert last_toast(app) == "Not saved: the what-if sandbox is still open."

        await pilot.press("ctrl+s")
        await pilot.pause()
        await click_laid_out(app, pilot, "#save")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "WFM DAP" not in single_site.read_text().split("[apps.")[1]
        assert app.editor.sandbox is None
        assert not app.editor.query("#whatif-banner")
        assert app.editor.title == "Contoso, single site"
        messages = [n.message for n in notifications(app)]
        assert "What-if changes kept in the plan: 1 link removed." in messages
        assert messages[-1] == f"Saved {single_site}"


async def test_saving_an_unchanged_sandbox_asks_nothing(single_site: Path) -> None:
    app = WfmApp(str(single_site))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("w", "ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.screen is app.editor
        assert app.editor.sandbox is not None  # still open: nothing of it was written


async def test_another_plan_closes_the_sandbox(single_site: Path) -> None:
    app = WfmApp(str(single_site))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("w")
        await pilot.pause()
        await untick_dap(app, pilot)
        await app.editor.set_document(Document.untitled())
        await pilot.pause()
        assert app.editor.sandbox is None
        assert not app.editor.query("#whatif-banner")
        assert not app.editor.title.startswith("WHAT-IF")
        assert last_toast(app) == "What-if sandbox closed: another plan is open."


async def test_staying_in_the_sandbox(app: WfmApp, pilot: Pilot[None]) -> None:
    await pilot.press("w")
    await pilot.pause()
    await untick_dap(app, pilot)
    await pilot.press("w")
    await pilot.pause()
    await click_laid_out(app, pilot, "#stay")
    await pilot.pause()
    assert app.editor.sandbox is not None
    assert app.editor.query("#whatif-banner")


async def test_impact_report_changes_nothing(app: WfmApp, pilot: Pilot[None]) -> None:
    await app.editor.focus_app(SERVER)
    await pilot.pause()
    before = app.editor.document.plan
    await pilot.press("x")
    await pilot.pause()
    text = report_text(app)
    assert text.startswith(f'If WFM Server "{SERVER}" goes down:')
    assert "fails over to a backup" in text
    assert 'reconnects to "WFM Server London B"' in text
    await pilot.press("escape")
    await pilot.pause()
    assert not isinstance(app.screen, ReportDialog)
    assert app.editor.document.plan is before


async def test_impact_lines_that_wrap_hang_under_their_entry(
    app: WfmApp, pilot: Pilot[None]
) -> None:
    """At 80 columns most impact lines wrap; a continuation at the left edge read as an entry
    of its own, or as a heading's text."""
    await pilot.resize_terminal(80, 24)
    await app.editor.focus_app(SERVER)
    await pilot.press("x")
    await pilot.pause()
    report = app.screen.query_one(".report", Static)
    width = report.content_region.width
    rows = [strip.text.rstrip() for strip in report.render_lines(Region(0, 0, *report.size))]
    stops = rows.index("  stops (what the apps lost did by themselves):")
    entry = stops + 1  # the Daemon's first line, which wraps at 80 columns
    assert rows[entry].startswith('    WFM Daemon "WFM Daemon" is down')
    assert width < 80
    # Two cells deeper than the entry, no more: under its text, not under a heading.
    assert rows[entry + 1].startswith("      ")
    assert rows[entry + 1][6] != " "
    # Only the lines of their own start at the edge: the question, the summary, "Stops
    # working" (it wraps: its continuation hangs under it).
    at_edge = [row for row in rows if row and not row.startswith(" ")]
    assert len(at_edge) == 3
    assert at_edge[1].startswith("1 other app goes down, ")
    assert at_edge[2].startswith("Stops working: ")


async def test_changes_since_the_last_save(app: WfmApp, pilot: Pilot[None]) -> None:
    await pilot.press("d")
    await pilot.pause()
    assert report_text(app) == "No changes since the last save."
    await pilot.press("escape")
    await untick_dap(app, pilot)
    await pilot.press("d")
    await pilot.pause()
    text = report_text(app)
    assert f'- link "{SERVER}" -> "WFM DAP"' in text
    assert "+ error[missing-connection]" in text
    await click_laid_out(app, pilot, "#close")
    await pilot.pause()
    await pilot.press("ctrl+s")
    await pilot.pause()
    await pilot.press("d")
    await pilot.pause()
    assert report_text(app) == "No changes since the last save."


async def test_markup_in_reports_stays_literal(tmp_path: Path) -> None:
    path = tmp_path / "markup.toml"
    path.write_text(
        'format = 1\nname = "m"\n[apps."[b]S[/b]"]\nkind = "wfm_server"\n'
        'connections = ["[@click=app.quit]D"]\n[apps."[@click=app.quit]D"]\nkind = "dap"\n'
    )
    app = WfmApp(str(path))
    async with app.run_test(size=(120, 40)) as pilot:
        await app.editor.focus_app("[@click=app.quit]D")
        await pilot.pause()
        await pilot.press("x")
        await pilot.pause()
        text = report_text(app)
        assert 'WFM Server "[b]S[/b]" needs exactly one DAP' in text
        assert app.is_running


async def test_a_session_dropped_in_the_sandbox_is_restored_into_it(single_site: Path) -> None:
    """The journal held the sandbox's plan alone: restored, its experiments read as the user's
    edits, and the plan as it was when the sandbox opened (edits made before it) was lost."""
    first = WfmApp(str(single_site))
    async with first.run_test(size=(80, 24)):
        editor = first.editor
        assert await editor.apply(AddApp("DAP Real", App(kind="dap")))  # before the sandbox
        await whatif_flows.open_or_leave(editor)
        assert await editor.apply(AddApp("DAP Try", App(kind="dap")))  # an experiment
        journal = first.journal_now()  # what a hang-up writes
    assert journal is not None

    second = WfmApp(str(single_site))
    async with second.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: isinstance(second.screen, RecoveryDialog))
        message = str(second.screen.query_one("#recovery-message", Static).render())
        assert "made in the what-if sandbox (1 app added since it opened)" in message
        await click_laid_out(second, pilot, "#restore")
        await until(pilot, lambda: second.editor.sandbox is not None)
        doc = second.editor.document
        assert {"DAP Real", "DAP Try"} <= set(doc.plan.apps)
        assert second.editor.title.startswith("WHAT-IF (1 app added)")
        await pilot.press("w")
        await until(pilot, lambda: isinstance(second.screen, LeaveWhatIfDialog))
        await click_laid_out(second, pilot, "#discard")
        await until(pilot, lambda: second.editor.sandbox is None)
        assert "DAP Try" not in doc.plan.apps
        assert "DAP Real" in doc.plan.apps
        assert doc.dirty  # the edit made before the sandbox, still to be saved
