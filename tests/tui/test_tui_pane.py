"""The validation pane on its own: counts, the list, what-if mode, and choosing a finding."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import OptionList

from wfm_tui.core.delta import FindingsDelta
from wfm_tui.core.findings import Code, Finding
from wfm_tui.tui.app import WfmApp
from wfm_tui.tui.widgets.findings_pane import MAX_SHOWN, FindingsPane

MISSING = Finding(Code.MISSING_CONNECTION, 'WFM Server "[b]S[/b]" needs a DAP', app="[b]S[/b]")
PORT = Finding(Code.PORT_CONFLICT, "two apps on wfm01:7000", app="B")
UNREFERENCED = Finding(Code.UNREFERENCED_APP, "nothing links to x[/y", app="x[/y")


class PaneApp(App[None]):
    CSS_PATH = WfmApp.CSS_PATH  # the pane's sizes are the editor's

    def __init__(self) -> None:
        super().__init__()
        self.chosen: list[Finding] = []

    def compose(self) -> ComposeResult:
        yield FindingsPane(id="pane")

    def on_findings_pane_finding_chosen(self, event: FindingsPane.FindingChosen) -> None:
        self.chosen.append(event.finding)


def counts_text(app: App) -> str:
    return str(app.query_one("#finding-counts").render())


def prompts(app: App) -> list[str]:
    lists = app.query(OptionList)
    if not lists:
        return []  # no findings yet: no list
    options = lists.first()
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


async def choose(app: PaneApp, pilot, index: int) -> Finding:
    options = app.query_one(OptionList)
    options.focus()
    options.highlighted = index
    await pilot.press("enter")
    await pilot.pause()
    return app.chosen[-1]


async def test_findings_are_counted_listed_and_chosen() -> None:
    app = PaneApp()
    async with app.run_test(size=(60, 30)) as pilot:
        pane = app.query_one(FindingsPane)
        pane.show([])
        await pilot.pause()
        assert "no findings" in counts_text(app)
        assert not app.query(OptionList)  # nothing to list: no list widget at all

        pane.show([MISSING, PORT])
        await pilot.pause()
        assert counts_text(app).startswith("✗ 2 errors")
        assert pane.findings == [MISSING, PORT]
        shown = prompts(app)
        assert shown[0] == f"✗ missing-connection\n{MISSING.message}"  # literal, not markup
        assert await choose(app, pilot, 1) == PORT

        pane.show([])  # and back to none: the list empties
        await pilot.pause()
        assert prompts(app) == []
        assert "no findings" in counts_text(app)


async def test_a_count_of_none_has_no_mark() -> None:
    app = PaneApp()
    async with app.run_test(size=(60, 30)) as pilot:
        app.query_one(FindingsPane).show([UNREFERENCED])
        await pilot.pause()
        # Not "✗ 0 errors": a red cross for no error reads as one.
        assert counts_text(app) == "0 errors  ! 1 warning  0 info"
        app.query_one(FindingsPane).show([MISSING, UNREFERENCED])
        await pilot.pause()
        assert counts_text(app) == "✗ 1 error  ! 1 warning  0 info"


async def test_what_if_lists_new_then_resolved() -> None:
    app = PaneApp()
    async with app.run_test(size=(60, 30)) as pilot:
        pane = app.query_one(FindingsPane)
        delta = FindingsDelta(new=[MISSING, PORT], resolved=[UNREFERENCED])
        pane.show([MISSING, PORT], delta)
        await pilot.pause()
        assert counts_text(app) == "WHAT-IF: 2 new errors, 1 resolved, 0 new warnings"
        assert counts_text(app) == f"WHAT-IF: {delta.summary()}"
        shown = prompts(app)
        assert [line.split(" ", 1)[0] for line in shown] == ["+", "+", "-"]
        assert shown[2].endswith("nothing links to x[/y")  # literal, not markup
        # Choosing a new or a resolved finding names that finding.
        assert await choose(app, pilot, 0) == MISSING
        assert await choose(app, pilot, 2) == UNREFERENCED

        # Without a delta the pane is back to the plan's findings.
        pane.show([MISSING, PORT])
        await pilot.pause()
        assert counts_text(app).startswith("✗ 2 errors")
        assert [line.split(" ", 1)[0] for line in prompts(app)] == ["✗", "✗"]


async def test_what_if_with_nothing_changed() -> None:
    app = PaneApp()
    async with app.run_test(size=(60, 30)) as pilot:
        pane = app.query_one(FindingsPane)
        pane.show([PORT], FindingsDelta(new=[], resolved=[]))
        await pilot.pause()
        assert counts_text(app) == "WHAT-IF: 0 new errors, 0 resolved, 0 new warnings"
        assert prompts(app) == []


async def test_a_repaint_is_not_a_layout() -> None:
    """Updating the findings repaints the pane but lays nothing out (that costs every panel)."""
    app = PaneApp()
    async with app.run_test(size=(60, 30)) as pilot:
        pane = app.query_one(FindingsPane)
        pane.show([PORT])
        await pilot.pause()
        layouts = []
        original = app.screen._refresh_layout

        def counting(*args, **kwargs):
            layouts.append(1)
            return original(*args, **kwargs)

        app.screen._refresh_layout = counting  # type: ignore[method-assign]
        for findings in ([MISSING], [], [MISSING, PORT], [PORT], [UNREFERENCED]):
            pane.show(findings)
            await pilot.pause()
        assert layouts == []
        assert "unreferenced-app" in prompts(app)[0]


def many(count: int, prefix: str) -> list[Finding]:
    return [Finding(Code.UNREFERENCED_APP, f"nothing links to {prefix}{n}") for n in range(count)]


async def test_a_long_list_shows_the_first_findings_and_counts_the_rest() -> None:
    app = PaneApp()
    async with app.run_test(size=(60, 30)) as pilot:
        pane = app.query_one(FindingsPane)
        findings = many(MAX_SHOWN + 7, "a")
        pane.show(findings)
        await pilot.pause()
        shown = prompts(app)
        assert len(shown) == MAX_SHOWN + 1
        assert shown[MAX_SHOWN - 1].endswith(f"a{MAX_SHOWN - 1}")
        assert shown[-1] == "… 7 more"
        assert pane.listed == findings[:MAX_SHOWN]
        assert counts_text(app) == f"0 errors  ! {MAX_SHOWN + 7} warnings  0 info"

        # What-if: new ones first, then as many resolved ones as there is room for.
        new, resolved = many(MAX_SHOWN - 2, "n"), many(10, "r")
        pane.show(findings, FindingsDelta(new=new, resolved=resolved))
        await pilot.pause()
        shown = prompts(app)
        assert [line.split(" ", 1)[0] for line in shown[-4:]] == ["+", "-", "-", "…"]
        assert shown[-1] == "… 8 more"
        assert pane.listed == new + resolved[:2]
