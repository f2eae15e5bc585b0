"""What `wfm-tui export` writes, run through the real tools: Graphviz's `dot` (Debian
`graphviz`) and the Mermaid library (npm `mermaid`) in headless Chromium (Debian `chromium`).
.ci/run installs them; where one is missing its tests skip and say which."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests import mermaid_browser
from tests.export_helpers import (
    SAMPLES,
    graphviz_svg_texts,
    plan_view,
    sample_view,
    spaces,
    visible,
)
from tests.strategies import HOSTILE_PIECES, hostile_plans
from wfm_tui.core.catalog import Catalog
from wfm_tui.core.plan import App, Plan
from wfm_tui.report.dot import render_dot
from wfm_tui.report.mermaid import render_mermaid
from wfm_tui.report.topology import Topology

needs_dot = pytest.mark.skipif(
    shutil.which("dot") is None,
    reason="Graphviz dot is not installed (Debian package graphviz; `make tools` installs it)",
)
needs_mermaid = pytest.mark.skipif(
    mermaid_browser.missing_tool() is not None, reason=str(mermaid_browser.missing_tool())
)


def hostile_plan() -> Plan:
    """Every piece that means something to a format, as an app name and a site name."""
    names = [piece.strip() for piece in HOSTILE_PIECES if piece.strip()]
    names = list(dict.fromkeys(f"{n} x" if n.isspace() else n for n in names))
    apps = {
        name: App(
            kind="wfm_builder",
            site=names[(index + 7) % len(names)] if index % 3 else None,
            connections=(names[(index + 1) % len(names)], f"ghost {name}"),
        )
        for index, name in enumerate(names)
    }
    return Plan(format=1, name='"plan" \\N &amp; #quot; <b>', apps=apps)


# Graphviz ----------------------------------------------------------------------------------


def graphviz_svg(text: str) -> bytes:
    result = subprocess.run(["dot", "-Tsvg"], input=text.encode(), capture_output=True, timeout=60)
    assert result.returncode == 0, result.stderr.decode()
    assert b"<svg" in result.stdout
    return result.stdout


def assert_graphviz_shows_every_name(view: Topology) -> None:
    drawn = graphviz_svg_texts(graphviz_svg(render_dot(view)))
    for node in [*view.apps, *view.missing]:
        assert drawn[node.id] == [spaces(line) for line in node.caption]
    for site in view.sites:
        assert drawn[f"cluster_{site.id}"] == [spaces(site.name)]
    titles = [texts for texts in drawn.values() if texts[:1] == [spaces(view.plan.name)]]
    assert [spaces(view.plan.name), view.catalog.title] in titles


@needs_dot
@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.name)
def test_graphviz_draws_every_sample(sample: Path) -> None:
    assert_graphviz_shows_every_name(sample_view(sample.name))


@needs_dot
def test_graphviz_draws_hostile_names_as_written(catalog: Catalog) -> None:
    assert_graphviz_shows_every_name(plan_view(hostile_plan(), catalog))


@needs_dot
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plan=hostile_plans())
def test_graphviz_draws_any_legal_names_as_written(catalog: Catalog, plan: Plan) -> None:
    assert_graphviz_shows_every_name(plan_view(plan, catalog))


# Mermaid in Chromium -----------------------------------------------------------------------


def assert_mermaid_shows_every_name(views: list[Topology], folder: Path) -> None:
    drawn = mermaid_browser.render([render_mermaid(view) for view in views], folder)
    for view, result in zip(views, drawn, strict=True):
        assert result.svg, result.error
        assert result.error_marks == 0
        for node in [*view.apps, *view.missing]:
            # The word joiners the exporter puts inside what Mermaid would act on are invisible.
            assert visible(result.nodes[node.id]) == visible("".join(node.caption))
        clusters = sorted(visible(c) for c in result.clusters if c != "Legend")
        assert clusters == sorted(visible(site.name) for site in view.sites)


@needs_mermaid
def test_mermaid_draws_every_sample(tmp_path: Path) -> None:
    assert_mermaid_shows_every_name([sample_view(s.name) for s in SAMPLES], tmp_path)


@needs_mermaid
def test_mermaid_draws_hostile_names_as_written(catalog: Catalog, tmp_path: Path) -> None:
    assert_mermaid_shows_every_name([plan_view(hostile_plan(), catalog)], tmp_path)


@needs_mermaid
@settings(
    max_examples=3,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(plans=st.lists(hostile_plans(), min_size=12, max_size=12))
def test_mermaid_draws_any_legal_names_as_written(
    catalog: Catalog, tmp_path: Path, plans: list[Plan]
) -> None:
    # One Chromium run draws a dozen plans: a browser start is the slow part.
    assert_mermaid_shows_every_name([plan_view(plan, catalog) for plan in plans], tmp_path)


@needs_mermaid
def test_mermaid_reports_a_broken_diagram(tmp_path: Path) -> None:
    # The harness itself: a diagram Mermaid cannot parse is an error, not a silent pass.
    [result] = mermaid_browser.render(['flowchart LR\n  n0["a"b"]\n'], tmp_path)
    assert not result.svg
    assert "Parse error" in (result.error or "")
