"""Pilot tests of the impact report (x) at 80x24: what the loss does is on the first screen,
before any scrolling, and every line of the command line's answer is there when scrolled."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.containers import VerticalScroll
from textual.geometry import Region
from textual.pilot import Pilot
from textual.widgets import Static

from tests.tui.editor_helpers import until
from wfm_tui.core.impact import impact
from wfm_tui.files.plan_file import read_plan
from wfm_tui.report.impact import impact_lines
from wfm_tui.tui.app import WfmApp
from wfm_tui.tui.screens.reports import ReportDialog

STOPS = "e-mail notifications (where configured), scheduled reporting"


async def _open_report(app: WfmApp, pilot: Pilot[None], app_name: str) -> VerticalScroll:
    await app.editor.focus_app(app_name)
    await pilot.press("x")
    await until(pilot, lambda: isinstance(app.screen, ReportDialog))
    body = app.screen.query_one(".box-body", VerticalScroll)
    report = app.screen.query_one(".report", Static)
    await until(pilot, lambda: body.region.height > 0 and report.size.height > 0)
    return body


def _on_screen(app: WfmApp, body: VerticalScroll) -> list[str]:
    """The report's rows in the body's window, each confirmed there by the screen itself (no
    other widget over it)."""
    report = app.screen.query_one(".report", Static)
    window = body.scrollable_content_region
    top = round(body.scroll_y)
    rows = report.render_lines(Region(0, top, report.size.width, window.height))
    for y in range(len(rows)):
        assert app.screen.get_widget_at(window.x, window.y + y)[0] is report
    return [strip.text.rstrip() for strip in rows]


def _joined(rows: list[str]) -> str:
    """Wrapped rows as the text they show: a continuation hangs under its line."""
    return " ".join(row.strip() for row in rows)


@pytest.mark.parametrize(
    ("app_name", "summary", "stops"),
    [
        # The Daemon itself, scheduled reporting on: what it did stops.
        ("WFM Daemon", "2 capabilities stop", STOPS),
        # The Daemon lost in a cascade: its "stops" came after the apps that fail over, past
        # the fold, and so did the closing lines that said what stops.
        (
            "WFM Server London",
            "1 other app goes down, 2 capabilities stop, 4 apps fail over to a backup",
            STOPS,
        ),
        ("WFM DAP", "8 other apps go down, 2 capabilities stop", STOPS),
        ("Stat Server London", "1 app loses a capability", "statistics feed"),
    ],
)
async def test_what_a_loss_does_shows_before_any_scrolling(
    single_site: Path, app_name: str, summary: str, stops: str
) -> None:
    assert "scheduled_reporting" in read_plan(single_site).plan.features.enabled
    app = WfmApp(str(single_site))
    async with app.run_test(size=(80, 24)) as pilot:
        body = await _open_report(app, pilot, app_name)
        assert body.scroll_y == 0
        shown = _on_screen(app, body)
        assert shown[0].startswith("If ")
        assert f"goes down: {summary} Stops working: {stops}" in _joined(shown)


async def test_every_line_of_the_command_lines_answer_is_there_when_scrolled(
    single_site: Path,
) -> None:
    """Scrolled by keys, page by page, the report shows every line `wfm-tui impact` prints
    but its last (the counts by effect id, which the summary says in words), in its order."""
    loaded = read_plan(single_site)
    answer = impact_lines(
        impact(loaded.plan, loaded.catalog, "WFM DAP"), loaded.plan, loaded.catalog
    )
    app = WfmApp(str(single_site))
    async with app.run_test(size=(80, 24)) as pilot:
        body = await _open_report(app, pilot, "WFM DAP")
        assert body.max_scroll_y > 0  # the cascade does not fit
        # Row by row of the report, as each page showed it.
        seen = dict(enumerate(_on_screen(app, body)))
        await pilot.press("shift+tab")  # from the Close button into the text
        assert app.screen.focused is body
        for _ in range(10):  # bounded: a few pages
            if body.scroll_y >= body.max_scroll_y:
                break
            before = round(body.scroll_y)
            await pilot.press("pagedown")
            await until(pilot, lambda before=before: round(body.scroll_y) > before)
            top = round(body.scroll_y)
            seen |= {top + y: row for y, row in enumerate(_on_screen(app, body))}
        assert body.scroll_y == body.max_scroll_y
        assert sorted(seen) == list(range(len(seen)))  # no row skipped
    text = _joined([seen[y] for y in sorted(seen)])
    position = 0
    for line in answer[:-2]:  # the question and the groups, in order
        found = text.find(line.strip(), position)
        assert found >= 0, line
        position = found
    assert answer[-2] in text  # "Stops working: ...", now under the summary
    assert answer[-1].startswith("8 down, ")
    assert answer[-1] not in text
