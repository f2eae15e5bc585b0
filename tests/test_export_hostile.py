"""No legal plan can break what `wfm-tui export` writes: hypothesis draws names, sites, hosts
and notes from every character a name may hold, the ones that mean something to DOT, Mermaid,
Markdown, CSV and HTML first, and each format is read back with a real parser."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from tests.export_helpers import (
    dot_edges,
    dot_nodes,
    graphviz_text,
    markdown_headings,
    markdown_paragraphs,
    markdown_tables,
    mermaid_block,
    mermaid_node_labels,
    mermaid_statements,
    parse_dot,
    plan_view,
    read_csv,
    visible,
)
from tests.strategies import hostile_plans
from wfm_tui.cli.main import main
from wfm_tui.core.catalog import Catalog
from wfm_tui.core.plan import Plan
from wfm_tui.files.plan_file import dump_plan
from wfm_tui.report.csv_tables import apps_csv, links_csv
from wfm_tui.report.dot import render_dot
from wfm_tui.report.markdown import render_markdown
from wfm_tui.report.mermaid import render_mermaid

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(plan=hostile_plans())
def test_dot_parses_and_every_label_reads_back(catalog: Catalog, plan: Plan) -> None:
    view = plan_view(plan, catalog)
    graph = parse_dot(render_dot(view))
    nodes = dot_nodes(graph)
    for node in [*view.apps, *view.missing]:
        assert graphviz_text(nodes[node.id].get_label()) == list(node.caption)
    clusters = {sub.get_name(): sub for sub in graph.get_subgraphs()}
    for site in view.sites:
        assert graphviz_text(clusters[f"cluster_{site.id}"].get_label()) == [site.name]
    title = graph.get_graph_defaults()[0]["label"]
    assert graphviz_text(title) == [plan.name, catalog.title]
    plan_edges = [e for e in dot_edges(graph) if not e.get_source().startswith("legend")]
    assert len(plan_edges) == len(view.links) + len(view.backups)


@SETTINGS
@given(plan=hostile_plans())
def test_mermaid_statements_keep_their_shape_and_labels_read_back(
    catalog: Catalog, plan: Plan
) -> None:
    view = plan_view(plan, catalog)
    text = render_mermaid(view)
    # Each statement matches what the exporter writes, with nothing in a label but plain
    # letters, digits, `.,_-`, entity codes, <br/> and non-ASCII: no raw " ] ; # | < & `.
    mermaid_statements(text)
    labels = mermaid_node_labels(text)
    assert labels == {
        node.id: [visible(line) for line in node.caption] for node in [*view.apps, *view.missing]
    }


@SETTINGS
@given(plan=hostile_plans())
def test_markdown_tables_keep_their_columns_and_cells_read_back(
    catalog: Catalog, plan: Plan
) -> None:
    view = plan_view(plan, catalog)
    text = render_markdown(view, "plans/x.toml")
    tables = markdown_tables(text)
    for table in tables:
        assert all(len(row) == len(table[0]) for row in table), table
    headings = markdown_headings(text)
    assert headings[0] == ("h1", plan.name)
    assert [h for tag, h in headings if tag == "h3" and h.startswith("Site ")] == [
        f"Site {site.name}"
        for site in view.sites
        if any(link.source.app and link.source.app.site == site.name for link in view.links)
    ]
    apps = next(t for t in tables if t[0][:2] == ["", "app"])
    for row, node in zip(apps[1:], view.apps, strict=True):
        app = node.app
        assert app is not None
        assert row[1:4] == [node.name, node.kind_title, app.site or ""]
        assert row[6] == (app.backup or "")
        if len(row) > 7:
            assert row[7] == cell_text(app.note or "")
    if plan.description and plan.description.strip():
        assert markdown_paragraphs(text, count=1)[0] == "\n".join(
            line for line in (cell_text(p) for p in plan.description.split("\n")) if line
        )
    assert mermaid_block(text) in (None, render_mermaid(view))


def cell_text(value: str) -> str:
    """What a note or description line shows: tabs as spaces, no white space at line ends."""
    return "\n".join(line.replace("\t", " ").strip() for line in value.strip().split("\n"))


@SETTINGS
@given(plan=hostile_plans())
def test_csv_reads_back_every_value(catalog: Catalog, plan: Plan) -> None:
    view = plan_view(plan, catalog)
    apps = read_csv(apps_csv(view))
    assert [r["name"] for r in apps] == [n.name for n in view.apps]
    for row, node in zip(apps, view.apps, strict=True):
        app = node.app
        assert app is not None
        assert (row["site"], row["host"], row["backup"], row["note"]) == (
            app.site or "",
            app.host or "",
            app.backup or "",
            app.note or "",
        )
    links = read_csv(links_csv(view))
    assert [(r["source"], r["target"]) for r in links] == [
        (link.source.name, link.target.name) for link in view.links
    ]


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(plan=hostile_plans())
@pytest.mark.parametrize("fmt", ["dot", "mermaid", "markdown", "csv"])
def test_export_command_writes_any_legal_plan(
    catalog: Catalog, tmp_path: Path, capsys: pytest.CaptureFixture[str], fmt: str, plan: Plan
) -> None:
    path = tmp_path / "plan.toml"
    path.write_text(dump_plan(plan, catalog), "utf-8")
    out = tmp_path / "out"
    status = main(["export", str(path), "--format", fmt, "-o", str(out), "--force"])
    captured = capsys.readouterr()
    assert status == 0, captured.err
    if fmt == "csv":
        assert len(read_csv((out / "apps.csv").read_text("utf-8"))) == len(plan.apps)
    elif fmt == "dot":
        parse_dot(out.read_text("utf-8"))
    elif fmt == "mermaid":
        mermaid_statements(out.read_text("utf-8"))
    else:
        assert markdown_headings(out.read_text("utf-8"))[0] == ("h1", plan.name)
