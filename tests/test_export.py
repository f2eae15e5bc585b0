"""What `wfm-tui export` draws and reports: the renderers of wfm_tui.report, read back with real
parsers (pydot, markdown-it-py, csv)."""

from __future__ import annotations

import pytest

from benchmarks.synthetic_plans import synthetic_plan
from tests.export_helpers import (
    dot_edges,
    dot_nodes,
    graphviz_text,
    markdown_headings,
    markdown_tables,
    mermaid_block,
    mermaid_node_labels,
    mermaid_statements,
    parse_dot,
    plan_view,
    read_csv,
    sample_view,
)
from tests.plan_helpers import make_plan, minimal_apps
from wfm_tui.core.catalog import Catalog
from wfm_tui.core.findings import Severity
from wfm_tui.report import mermaid
from wfm_tui.report.csv_tables import apps_csv, guarded, links_csv, unguarded
from wfm_tui.report.dot import KIND_SHAPES, render_dot
from wfm_tui.report.markdown import render_markdown
from wfm_tui.report.mermaid import MAX_EDGES, render_mermaid

# The links of sample_plans/broken.toml that its findings put in error, and why.
BROKEN_LINKS = {
    ("WFM Server", "WFM Builder"): "duplicate-connection",
    ("WFM Server", "WFM DAP"): "too-many-connections",
    ("WFM Server", "WFM DAP 2"): "too-many-connections",
    ("WFM Server", "WFM Server"): "self-connection",
    ("WFM Builder", "WFM DAP"): "connection-not-allowed",
    ("WFM Web", "Reporting Web"): "unknown-target",
}


# The view every renderer draws from ---------------------------------------------------------


def test_the_view_marks_the_links_and_apps_the_findings_are_about() -> None:
    view = sample_view("broken.toml")
    marked = {(link.source.name, link.target.name): link.problems for link in view.links}
    assert {pair: codes for pair, codes in marked.items() if codes} == {
        pair: (code,) for pair, code in BROKEN_LINKS.items()
    }
    assert [n.name for n in view.missing] == ["Reporting Web"]
    status = {node.name: str(node.severity) for node in view.apps if node.severity}
    assert status == {
        "WFM Server": "error",
        "WFM Builder": "error",
        "WFM Daemon": "error",
        "WFM Web": "error",
        "Stat Server": "warning",
    }


def test_the_view_groups_apps_by_site_in_natural_order(catalog: Catalog) -> None:
    apps = {
        "S10": {"kind": "dap", "site": "Site 10"},
        "S2": {"kind": "dap", "site": "Site 2"},
        "Lone": {"kind": "dap"},
    }
    view = plan_view(make_plan(apps), catalog)
    assert [site.name for site in view.sites] == ["Site 2", "Site 10"]
    assert [node.name for node in view.unsited] == ["Lone"]


def test_the_view_draws_a_hundred_missing_targets_per_app_and_counts_the_rest(
    catalog: Catalog,
) -> None:
    apps = minimal_apps()
    ghosts = [f"ghost {i}" for i in range(150)]
    apps["S"] = {**apps["S"], "connections": ["B", "D", *ghosts, *ghosts[:10]]}
    apps["B"] = {**apps["B"], "connections": ["S", "ghost 149", "ghost 0"]}
    view = plan_view(make_plan(apps), catalog)
    assert [n.name for n in view.missing] == [*ghosts[:100], "… and 50 more", "ghost 149"]
    [more] = [link for link in view.links if link.target.name == "… and 50 more"]
    assert (more.source.name, more.severity, more.problems) == (
        "S",
        Severity.ERROR,
        ("unknown-target",),
    )
    assert "… and 50 more" in render_dot(view)
    assert len([link for link in view.links if link.source.name == "S"]) == 2 + 100 + 1


# DOT ---------------------------------------------------------------------------------------


def test_dot_draws_links_in_error_red_with_their_finding() -> None:
    view = sample_view("broken.toml")
    graph = parse_dot(render_dot(view))
    names = {node.id: node.name for node in [*view.apps, *view.missing]}
    edges = {
        (names[e.get_source()], names[e.get_destination()]): e
        for e in dot_edges(graph)
        if e.get_source() in names
    }
    assert len(edges) == len(view.links)
    for pair, edge in edges.items():
        code = BROKEN_LINKS.get(pair)
        if code is None:
            assert edge.get_color() is None
        else:
            colour = "darkorange2" if code == "duplicate-connection" else "red3"
            assert (edge.get_color(), graphviz_text(edge.get_label())) == (colour, [code])


def test_dot_marks_apps_with_errors_and_names_a_missing_target() -> None:
    graph = parse_dot(render_dot(sample_view("broken.toml")))
    nodes = dot_nodes(graph)
    assert nodes["n0"].get_color() == "red3"  # WFM Server
    assert nodes["n4"].get_color() is None  # WFM DAP, nothing wrong with it
    assert graphviz_text(nodes["m0"].get_label()) == ["Reporting Web", "not in the plan"]
    assert nodes["m0"].get_style() == "dashed"
    assert "legend_error" in nodes


def test_dot_puts_each_site_in_a_cluster_and_shapes_nodes_by_kind() -> None:
    view = sample_view("multi-site.toml")
    graph = parse_dot(render_dot(view))
    clusters = {
        graphviz_text(sub.get_label())[0]: {n.get_name() for n in sub.get_nodes()}
        for sub in graph.get_subgraphs()
    }
    assert clusters == {site.name: {n.id for n in site.nodes} for site in view.sites}
    nodes = dot_nodes(graph)
    for node in view.apps:
        assert nodes[node.id].get_shape() == KIND_SHAPES[node.kind]
        assert graphviz_text(nodes[node.id].get_label()) == list(node.caption)


def test_dot_of_a_valid_plan_has_no_legend_and_draws_backups() -> None:
    view = sample_view("single-site.toml")
    text = render_dot(view)
    graph = parse_dot(text)
    assert "legend" not in text
    assert "red3" not in text
    backups = [e for e in dot_edges(graph) if e.get_label() == '"backup"']
    assert [(e.get_source(), e.get_destination()) for e in backups] == [
        (primary.id, backup.id) for primary, backup in view.backups
    ]
    assert len(backups) == 1


def test_dot_title_is_the_plan_and_its_catalog() -> None:
    graph = parse_dot(render_dot(sample_view("single-site.toml")))
    assert graphviz_text(graph.get_graph_defaults()[0]["label"]) == [
        "Contoso, single site",
        "Genesys WFM 8.5.2 component connections",
    ]


# Mermaid -----------------------------------------------------------------------------------


def test_mermaid_has_generated_ids_one_subgraph_per_site_and_every_app() -> None:
    view = sample_view("multi-site.toml")
    text = render_mermaid(view)
    statements = mermaid_statements(text)
    assert statements[0] == "flowchart LR"
    assert sum(s.startswith("subgraph s") for s in statements) == len(view.sites) == 3
    labels = mermaid_node_labels(text)
    assert labels == {node.id: list(node.caption) for node in view.apps}


def test_mermaid_styles_exactly_the_links_in_error() -> None:
    view = sample_view("broken.toml")
    statements = mermaid_statements(render_mermaid(view))
    edges = [s for s in statements if " -->" in s or " -.-" in s]
    styled = {}
    for statement in statements:
        if statement.startswith("linkStyle"):
            indexes, style = statement.split()[1:3]
            styled.update(dict.fromkeys(map(int, indexes.split(",")), style.split(",")[0]))
    colours = {
        Severity.ERROR: f"stroke:{mermaid.ERROR}",
        Severity.WARNING: f"stroke:{mermaid.WARNING}",
    }
    expected = {i: colours[link.severity] for i, link in enumerate(view.links) if link.severity}
    legend = len(view.links) + len(view.backups)  # the legend's links come last
    expected |= {legend: colours[Severity.ERROR], legend + 1: colours[Severity.WARNING]}
    assert styled == expected
    for index, link in enumerate(view.links):
        labelled = f'-->|"{" ".join(link.problems)}"|' if link.problems else "-->"
        assert edges[index] == f"{link.source.id} {labelled} {link.target.id}"


def test_mermaid_marks_apps_with_classes() -> None:
    statements = mermaid_statements(render_mermaid(sample_view("broken.toml")))
    classes = {s.split()[2]: s.split()[1].split(",") for s in statements if s.startswith("class ")}
    assert classes == {
        "error": ["n0", "n1", "n2", "n3", "legend_error"],
        "warning": ["n6", "legend_warning"],
        "missing": ["m0", "legend_missing"],
    }


def test_mermaid_of_a_valid_plan_is_plain() -> None:
    text = render_mermaid(sample_view("single-site.toml"))
    for styling in ("legend", "class", "linkStyle"):
        assert styling not in text
    assert '-.-|"backup"|' in text


# Markdown ----------------------------------------------------------------------------------


def test_markdown_report_has_its_sections_and_the_diagram() -> None:
    view = sample_view("broken.toml")
    text = render_markdown(view, "sample_plans/broken.toml")
    assert markdown_headings(text) == [
        ("h1", "Broken on purpose"),
        ("h2", "Features"),
        ("h2", "Findings"),
        ("h2", "Apps"),
        ("h2", "Links"),
        ("h3", "Apps without a site"),
        ("h2", "Diagram"),
    ]
    assert mermaid_block(text) == render_mermaid(view)
    summary, findings, apps, links = markdown_tables(text)
    assert dict(summary[1:])["Catalog"] == (
        "genesys-wfm-8.5.2: Genesys WFM 8.5.2 component connections"
    )
    assert dict(summary[1:])["Plan file"] == "sample_plans/broken.toml"
    assert [row[2] for row in findings[1:]] == [str(f.code) for f in view.findings]
    assert [row[4] for row in findings[1:4]] == ["12", "13", "14"]
    assert apps[0] == ["", "app", "kind", "site", "host:port", "TLS", "backup"]
    assert apps[1] == [
        "✗",
        "WFM Server",
        "WFM Server",
        "",
        "wfm01.corp.example:7000",
        "",
        "WFM Server B",
    ]
    assert links[0][0] == "source \\ target"
    assert links[0][-1] == "Reporting Web (not in the plan)"
    server = dict(zip(links[0], links[1], strict=True))
    assert server["WFM DAP 2"] == "✗ too-many-connections"
    assert server["WFM Builder"] == "! duplicate-connection"


def test_markdown_links_tables_are_per_site(catalog: Catalog) -> None:
    view = sample_view("multi-site.toml")
    text = render_markdown(view)
    headings = [h for tag, h in markdown_headings(text) if tag == "h3"]
    assert headings == ["Site Dublin", "Site Leeds", "Site London", "Apps without a site"]
    for table in markdown_tables(text)[3:]:
        assert all(len(row) == len(table[0]) for row in table)
        assert all(cell in ("", "✓") for row in table[1:] for cell in row[1:])


def test_markdown_keeps_the_description_and_names_the_features() -> None:
    text = render_markdown(sample_view("single-site.toml"))
    assert markdown_headings(text)[0] == ("h1", "Contoso, single site")
    assert "Pilot for the London contact centre\n" in text
    assert "- Management layer: **on**" in text
    assert "- Multi-site: off" in text
    assert "None: the plan passes `wfm-tui check`." in text


def test_markdown_leaves_out_a_diagram_renderers_would_not_draw(catalog: Catalog) -> None:
    view = plan_view(synthetic_plan(1_000), catalog)
    assert len(view.links) > MAX_EDGES
    text = render_markdown(view)
    assert mermaid_block(text) is None
    assert "more than the 500 that Mermaid draws by default" in text
    assert "--format dot" in text


def test_markdown_of_an_empty_plan(catalog: Catalog) -> None:
    text = render_markdown(plan_view(make_plan({}), catalog))
    assert "The plan has no apps." in text
    assert "The plan has no links." in text


# CSV ---------------------------------------------------------------------------------------


def test_csv_apps_table() -> None:
    view = sample_view("single-site.toml")
    rows = read_csv(apps_csv(view))
    assert len(rows) == len(view.apps) == 11
    server = rows[0]
    assert server == {
        "name": "WFM Server London",
        "kind": "wfm_server",
        "site": "London",
        "host": "wfm01.corp.example",
        "port": "7000",
        "tls": "false",
        "backup": "WFM Server London B",
        "status": "ok",
        "problems": "",
        "note": "CAB-1234: sized for 3,000 agents",
    }


def test_csv_links_table_says_the_rule_and_what_is_wrong() -> None:
    rows = read_csv(links_csv(sample_view("broken.toml")))
    by_pair = {(r["source"], r["target"]): r for r in rows}
    assert len(rows) == 9
    assert by_pair[("WFM Builder", "WFM DAP")] == {
        "source": "WFM Builder",
        "source_kind": "wfm_builder",
        "source_site": "",
        "target": "WFM DAP",
        "target_kind": "dap",
        "target_site": "",
        "rule": "not allowed",
        "status": "error",
        "problems": "connection-not-allowed",
    }
    assert by_pair[("WFM Web", "Reporting Web")]["rule"] == ""
    assert by_pair[("WFM Daemon", "WFM Server")]["status"] == "ok"


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("=1+2", "'=1+2"),
        ("+44 20", "'+44 20"),
        ("-x", "'-x"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("'quoted", "''quoted"),
        ("plain = text", "plain = text"),
    ],
)
def test_csv_guards_cells_a_spreadsheet_would_run(value: str, written: str) -> None:
    assert guarded(value) == written
    assert unguarded(written) == value


def test_csv_round_trips_a_formula_name(catalog: Catalog) -> None:
    apps = minimal_apps()
    apps['=HYPERLINK("http://x")'] = {"kind": "dap", "note": 'line 1\nline, 2\n"3"'}
    view = plan_view(make_plan(apps), catalog)
    rows = {r["name"]: r for r in read_csv(apps_csv(view))}
    assert rows['=HYPERLINK("http://x")']["note"] == 'line 1\nline, 2\n"3"'
