"""The palette's "Go to app" hits on a large plan: the best few listed, the others counted, and
the cheap look that skips names the fuzzy matcher would score 0 agrees with it."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from textual.command import CommandList
from textual.fuzzy import Matcher

from tests.plan_helpers import make_plan
from tests.tui.editor_helpers import notifications, palette_lists
from wfm_tui.files.catalogs import load_catalog
from wfm_tui.files.plan_file import save_plan
from wfm_tui.tui.app import WfmApp
from wfm_tui.tui.commands import GO_TO, MAX_APP_HITS, could_match

# Letters whose lower case differs in length or meaning (İ lowers to two characters), spaces,
# digits and a few of what names hold.
_LETTERS = "aAbBsSİiıßẞ 0-1"


@given(
    query=st.text(_LETTERS, min_size=1, max_size=4),
    text=st.text(_LETTERS, max_size=12),
)
def test_could_match_agrees_with_the_fuzzy_matcher(query: str, text: str) -> None:
    assert could_match(query, text) == (Matcher(query).match(text) > 0)


@st.composite
def _part_of_go_to(draw: st.DrawFn) -> str:
    """Some of "Go to app ", in any case: what the palette scores once for every app."""
    start = draw(st.integers(0, len(GO_TO) - 1))
    end = draw(st.integers(start + 1, len(GO_TO)))
    return "".join(
        letter.upper() if draw(st.booleans()) else letter.lower() for letter in GO_TO[start:end]
    )


@given(query=_part_of_go_to(), name=st.text(min_size=1), other=st.text(min_size=1))
def test_a_query_found_in_go_to_app_scores_every_app_the_same(
    query: str, name: str, other: str
) -> None:
    matcher = Matcher(query)
    assert matcher.match(GO_TO + name) == matcher.match(GO_TO + other) > 0


def _many_apps(tmp_path: Path, count: int) -> Path:
    apps = {f"Stat {n:03d}": {"kind": "stat_server"} for n in range(count)}
    apps["DAP one"] = {"kind": "dap"}
    path = tmp_path / "many.toml"
    save_plan(str(path), make_plan(apps), load_catalog())
    return path


async def test_the_best_apps_are_listed_and_the_rest_counted(tmp_path: Path) -> None:
    app = WfmApp(str(_many_apps(tmp_path, 130)))
    async with app.run_test(size=(80, 24)) as pilot:
        listed = await palette_lists(app, pilot, "stat")
        apps = [line for line in listed if line.startswith("Go to app ")]
        assert len(apps) == MAX_APP_HITS
        # The scores tie: the first apps of the plan, in its order.
        assert apps[:3] == ["Go to app Stat 000", "Go to app Stat 001", "Go to app Stat 002"]
        assert listed[-1] == f"… {130 - MAX_APP_HITS} more apps match: type more of the name"
        await pilot.pause()
        palette = app.screen
        palette.query_one(CommandList).highlighted = len(listed) - 1
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is app.editor
        assert notifications(app)[-1].message == (
            f"{130 - MAX_APP_HITS} more apps match: type more of the name"
        )


async def test_a_letter_of_go_to_app_lists_the_first_apps(tmp_path: Path) -> None:
    app = WfmApp(str(_many_apps(tmp_path, 130)))
    async with app.run_test(size=(80, 24)) as pilot:
        listed = await palette_lists(app, pilot, "g")
        apps = [line for line in listed if line.startswith(GO_TO)]
        # The scores tie: the first apps in the plan's order.
        first = list(app.editor.document.plan.apps)[:MAX_APP_HITS]
        assert apps == [GO_TO + name for name in first]
        assert listed[-1] == f"… {131 - MAX_APP_HITS} more apps match: type more of the name"


async def test_a_narrow_query_lists_its_apps_and_no_count(tmp_path: Path) -> None:
    app = WfmApp(str(_many_apps(tmp_path, 130)))
    async with app.run_test(size=(80, 24)) as pilot:
        listed = await palette_lists(app, pilot, "stat 12")
        apps = [line for line in listed if line.startswith("Go to app ")]
        assert apps[0] == "Go to app Stat 120"  # the letters as typed, in one group
        assert "Go to app Stat 012" in apps
        assert not any("more apps match" in line for line in listed)
        assert "Go to app DAP one" not in apps
        await pilot.press("enter")
        await pilot.pause()
        assert app.editor.current_app == "Stat 120"
