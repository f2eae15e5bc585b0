"""At 80 columns names stay distinct, group headers keep their count and status, findings
wrap at word boundaries, and < and > change the navigator's width (issue 13, item 8)."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

from tests import SAMPLES
from tests.tui.editor_helpers import (
    entry_lines,
    help_keys,
    notifications,
    panel,
    panel_header,
    panel_lines,
)
from wfm_tui.tui.app import WfmApp
from wfm_tui.tui.fitting import wrap_offsets
from wfm_tui.tui.widgets.centre import EMPTY_PLAN, Centre
from wfm_tui.tui.widgets.findings_pane import FindingsPane, WordWrapped
from wfm_tui.tui.widgets.navigator import Navigator, Scope
from wfm_tui.tui.widgets.panel_rows import USED_BY

AGGREGATORS = (
    "WFM Data Aggregator Dublin",
    "WFM Data Aggregator Leeds",
    "WFM Data Aggregator London",
)


def drawn_lines(widget: Navigator) -> dict[Scope, str]:
    """The text painted on each navigator line in view."""
    top = widget.scroll_offset.y
    height = widget.scrollable_content_region.height
    return {
        line.scope: widget.render_line(index - top).text.rstrip()
        for index, line in enumerate(widget.lines)
        if top <= index < top + height
    }


def drawn_rows(app: WfmApp, name: str) -> list[str]:
    the_panel = panel(app, name)
    return [the_panel.render_line(y).text.rstrip() for y in range(len(panel_lines(the_panel)))]


async def test_the_three_aggregators_are_told_apart_in_the_navigator(multi_site: Path) -> None:
    app = WfmApp(str(multi_site))
    async with app.run_test(size=(80, 24)) as pilot:
        nav = app.editor.query_one(Navigator)
        width = nav.scrollable_content_region.width
        assert width < len("    ✓ WFM Data Aggregator Dublin")  # too narrow for the names
        shown = {}
        for site in ("Dublin", "Leeds", "London"):
            nav.select_scope(Scope(site, "wfm_data_aggregator", f"WFM Data Aggregator {site}"))
            await pilot.pause()
            lines = drawn_lines(nav)
            name = f"WFM Data Aggregator {site}"
            text = lines[Scope(site, "wfm_data_aggregator", name)]
            assert text.endswith(f"… {site}"), text
            assert len(text) <= width
            shown[name] = text
            # The group's header keeps its count, whatever is cut from the title.
            header = lines[Scope(site, "wfm_data_aggregator")]
            assert header.endswith("(1)"), header
            assert header.startswith("  ▼ ✓ WFM Data")
        assert len(set(shown.values())) == 3


async def test_with_the_pane_on_the_checklists_tell_their_names_apart(multi_site: Path) -> None:
    app = WfmApp(str(multi_site))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("v")
        await pilot.pause()
        rows = drawn_rows(app, "WFM Server Dublin")
        the_panel = panel(app, "WFM Server Dublin")
        assert the_panel.size.width < len("  [ ] WFM Data Aggregator London")
        builders = [rows[i] for i in entry_lines(the_panel, "wfm_builder")]
        assert len(builders) == 3
        assert len({r[6:] for r in builders}) == 3, builders  # not "WFM Builder L…" twice
        assert any(r.endswith("… Leeds") for r in builders)
        assert any(r.endswith("… London") for r in builders)
        aggregators = [rows[i] for i in entry_lines(the_panel, "wfm_data_aggregator")]
        assert len({r[6:] for r in aggregators}) == 3, aggregators
        # Every header keeps its mark, count and status: the kind's title gives way first.
        header = rows[panel_lines(the_panel).index(panel_header(the_panel, "wfm_data_aggregator"))]
        assert header.endswith("(X+)  1 ✓"), header
        assert header.startswith("WFM")


async def test_a_header_with_a_problem_keeps_its_count_and_status() -> None:
    app = WfmApp(str(SAMPLES / "broken.toml"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("v")
        await pilot.pause()
        the_panel = panel(app, "WFM Server")
        row = panel_lines(the_panel).index(panel_header(the_panel, "dap"))
        text = the_panel.render_line(row).text.rstrip()
        assert text.startswith("DAP  X  2 ✗"), text


async def test_findings_wrap_at_word_boundaries() -> None:
    app = WfmApp(str(SAMPLES / "broken.toml"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("3")  # shows the pane, focuses the findings
        await pilot.pause()
        findings = app.editor.query_one(FindingsPane).option_list
        assert findings is not None
        width = findings.scrollable_content_region.width - 2  # the options' padding
        assert width < len("✗ too-many-connections")
        starts = []
        for index in range(findings.option_count):
            prompt = findings.get_option_at_index(index).prompt
            assert isinstance(prompt, WordWrapped)
            lines = prompt.lines(width).plain.split("\n")
            assert all(len(line) <= width for line in lines)
            # Lines break at spaces, or after a hyphen (or . / _ : ,) of a word too long
            # for a line: never inside a run of letters.
            text = prompt.content.plain
            spans = wrap_offsets(text, width)
            assert [text[a:b] for a, b in spans] == lines
            for (_, end), (start, _) in pairwise(spans):
                assert text[end:start].isspace() or text[end - 1] in "-./_:,", lines
            starts.append(lines[:2])
        assert ["✗ too-many-", "connections"] in starts  # not "too-many-connect" / "ions"
        # What is drawn is what the lines say: the first option begins the list.
        first = findings.get_option_at_index(0).prompt
        assert isinstance(first, WordWrapped)
        assert findings.render_line(0).text.strip() == first.lines(width).plain.split("\n")[0]


async def test_less_and_greater_change_the_navigators_width(multi_site: Path) -> None:
    app = WfmApp(str(multi_site))
    async with app.run_test(size=(80, 24)) as pilot:
        nav = app.editor.query_one(Navigator)
        before = nav.outer_size.width
        scope = Scope("Dublin", "wfm_data_aggregator", AGGREGATORS[0])
        assert "…" in drawn_lines(nav)[scope]
        await pilot.press("greater_than_sign")
        await pilot.pause()
        assert nav.outer_size.width == before + 4
        await pilot.press("greater_than_sign")
        await pilot.pause()
        assert nav.outer_size.width == before + 8
        assert drawn_lines(nav)[scope] == f"    ✓ {AGGREGATORS[0]}"  # room for all of it
        for _ in range(10):  # no wider than leaves the panels 28 columns
            await pilot.press("greater_than_sign")
        await pilot.pause()
        assert nav.outer_size.width == 80 - 28
        assert "as wide as it goes" in notifications(app)[-1].message
        for _ in range(20):
            await pilot.press("less_than_sign")
        await pilot.pause()
        assert nav.outer_size.width == 16
        text = drawn_lines(nav)[scope]
        assert text.startswith("    ✓ ")
        assert "…" in text  # what is left of the name, in the width
        assert len(text) <= nav.scrollable_content_region.width
        # With the pane shown, the panels keep their 28 columns beside it too.
        await pilot.press("v")
        for _ in range(10):
            await pilot.press("greater_than_sign")
        await pilot.pause()
        pane = app.editor.query_one(FindingsPane)
        assert nav.outer_size.width == 80 - 28 - pane.outer_size.width


async def test_at_the_narrowest_every_kind_of_a_site_keeps_a_title_of_its_own(
    multi_site: Path,
) -> None:
    # Cut at the end, the WFM kinds all read "WFM … (1)": which was which, nothing said.
    app = WfmApp(str(multi_site))
    async with app.run_test(size=(80, 24)) as pilot:
        nav = app.editor.query_one(Navigator)
        for _ in range(20):
            await pilot.press("less_than_sign")
        await pilot.pause()
        by_site: dict[str | None, list[str]] = {}
        for scope, text in drawn_lines(nav).items():
            if scope.app is None and scope.kind is not None:
                assert len(text) <= nav.scrollable_content_region.width
                by_site.setdefault(scope.site, []).append(text.strip().split(" (")[0])
        assert sum(len(titles) for titles in by_site.values()) >= 4
        for titles in by_site.values():
            assert len(set(titles)) == len(titles), titles  # told apart within their site
        assert any("…" in title for titles in by_site.values() for title in titles)


async def test_width_keys_typed_faster_than_the_screen_is_laid_out_all_count(
    multi_site: Path,
) -> None:
    app = WfmApp(str(multi_site))
    async with app.run_test(size=(80, 24)) as pilot:
        nav = app.editor.query_one(Navigator)
        before = nav.outer_size.width
        # Three keys handled before the next layout (as typed fast over SSH): three steps.
        for _ in range(3):
            app.editor.action_navigator_width(4)
        await pilot.pause()
        assert nav.outer_size.width == before + 12
        for _ in range(2):
            app.editor.action_navigator_width(-4)
        await pilot.pause()
        assert nav.outer_size.width == before + 4


async def test_the_width_keys_are_in_help_and_the_palette() -> None:
    from wfm_tui.tui.keys import palette_entries
    from wfm_tui.tui.screens.help import HelpScreen

    names = {entry.name: entry.action for entry in palette_entries()}
    assert names["Wider navigator"] == "navigator_width(4)"
    assert names["Narrower navigator"] == "navigator_width(-4)"
    app = WfmApp(None)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        everywhere = help_keys(app.screen, "Everywhere")
        assert everywhere["<"].startswith("Make the navigator narrower")
        assert everywhere[">"].startswith("Make the navigator wider")


async def test_every_header_with_a_problem_keeps_its_status_mark_beside_the_pane() -> None:
    # A header whose title had to give way (or only just fit) ended where the problem's words
    # began, and the line's own "…" took the last cell: the status mark. `WFM Web  (X) -> X
    # 0 …` and `WFM Builder  X+  0 …` read as nothing wrong at 80 columns with the pane.
    app = WfmApp(str(SAMPLES / "broken.toml"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("v")
        await pilot.pause()
        checked = 0
        for name in ("WFM Server", "WFM Builder", "WFM Daemon", "WFM Web"):
            the_panel = panel(app, name)
            for kind, group in the_panel.groups.items():
                if kind.startswith(USED_BY):
                    continue  # "1 of 3": counts, no status
                row = panel_lines(the_panel).index(panel_header(the_panel, kind))
                text = the_panel.render_line(row).text.rstrip()
                status = "✗" if group.problem else "✓"
                assert f"  {group.count} {status}" in text, (name, kind, text)
                checked += group.problem is not None
        assert checked == 2  # the Daemon's WFM Web (missing), the Server's DAP (two)


async def test_the_centres_messages_wrap_beside_the_pane(tmp_path: Path) -> None:
    # A new plan with the pane shown said "The plan has no apps ye…": the one hint there is
    # (a adds an app) was cut off. Messages wrap; a site's caption still ends in "…".
    app = WfmApp(str(tmp_path / "new.toml"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("v")
        await pilot.pause()
        caption = app.editor.query_one(Centre).query_one(".caption")
        assert caption.size.width < len(EMPTY_PLAN.plain)
        drawn = " ".join(caption.render_line(y).text.strip() for y in range(caption.size.height))
        assert drawn == EMPTY_PLAN.plain
