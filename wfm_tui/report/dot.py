"""The plan as a Graphviz DOT graph: apps in one cluster per site, a shape per kind, links as
edges, and what is in error drawn red (warnings orange), with a legend when anything is."""

from __future__ import annotations

from wfm_tui.core.findings import Severity
from wfm_tui.report.topology import Link, Node, Topology

# Shapes by kind of the bundled catalogs; a kind of a user's catalog falls back to a box.
KIND_SHAPES = {
    "wfm_server": "box3d",
    "wfm_builder": "component",
    "wfm_daemon": "hexagon",
    "wfm_data_aggregator": "parallelogram",
    "wfm_web": "tab",
    "wfm_database_utility": "invhouse",
    "dap": "cylinder",
    "stat_server": "ellipse",
    "message_server": "octagon",
}
ERROR = "red3"
WARNING = "darkorange2"
COLOURS = {Severity.ERROR: ERROR, Severity.WARNING: WARNING}
FONT = "Helvetica"


def escaped(text: str) -> str:
    r"""`text` for the inside of a DOT string, shown by Graphviz as it is.

    DOT itself only knows `\"` inside quotes, but a label also gives meaning to `\n`, `\N`,
    `\G`, `\l` and the like, and to HTML entities (`&amp;`): doubling every backslash and
    writing `&` as an entity leaves nothing for either to act on."""
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("&", "&amp;")


def label(*lines: str) -> str:
    """A quoted label of escaped lines; the `\\n` between them is Graphviz's line break."""
    return '"' + "\\n".join(escaped(line) for line in lines) + '"'


def render_dot(view: Topology) -> str:
    lines = [
        "digraph wfm_plan {",
        f"  graph [label={label(view.plan.name, view.catalog.title)}, labelloc=t, "
        f'fontname="{FONT}", rankdir=LR, newrank=true];',
        f'  node [fontname="{FONT}", fontsize=11, style=filled, fillcolor=white];',
        f'  edge [fontname="{FONT}", fontsize=9];',
    ]
    for site in view.sites:
        lines.append(f"  subgraph cluster_{site.id} {{")
        lines.append(f'    label={label(site.name)}; style="rounded,dashed"; color=grey50;')
        lines += [f"    {_node(node)}" for node in site.nodes]
        lines.append("  }")
    lines += [f"  {_node(node)}" for node in view.unsited + view.missing]
    lines += [f"  {_edge(link)}" for link in view.links]
    lines += [f"  {primary.id} -> {backup.id} [{_BACKUP}];" for primary, backup in view.backups]
    if view.marked:
        lines += _legend()
    lines.append("}")
    return "\n".join(lines) + "\n"


_BACKUP = 'style=dashed, color=grey40, arrowhead=none, label="backup"'


def _node(node: Node) -> str:
    attrs = [f"label={label(*node.caption)}"]
    if node.missing:
        attrs += ["shape=box", "style=dashed", f"color={ERROR}", f"fontcolor={ERROR}"]
    else:
        attrs.append(f"shape={KIND_SHAPES.get(node.kind or '', 'box')}")
        colour = COLOURS.get(node.severity) if node.severity else None
        if colour:
            attrs += [f"color={colour}", f"fontcolor={colour}", "penwidth=2.5"]
        if node.severity is Severity.ERROR:
            attrs.append(f'fontname="{FONT} Bold"')
    return f"{node.id} [{', '.join(attrs)}];"


def _edge(link: Link) -> str:
    colour = COLOURS.get(link.severity) if link.severity else None
    if colour is None:
        return f"{link.source.id} -> {link.target.id};"
    return (
        f"{link.source.id} -> {link.target.id} [color={colour}, fontcolor={colour}, "
        f"penwidth=2, label={label(' '.join(link.problems))}];"
    )


def _legend() -> list[str]:
    return [
        "  subgraph cluster_legend {",
        '    label="Legend"; style=rounded; color=grey70; fontsize=10;',
        "    node [shape=box, fontsize=9, height=0.3];",
        f'    legend_error [label="app with errors", color={ERROR}, fontcolor={ERROR}, '
        f'penwidth=2.5, fontname="{FONT} Bold"];',
        f'    legend_warning [label="app with warnings", color={WARNING}, fontcolor={WARNING}, '
        "penwidth=2.5];",
        f'    legend_missing [label="named, not in the plan", style=dashed, color={ERROR}, '
        f"fontcolor={ERROR}];",
        '    legend_source [label="app"]; legend_target [label="app"];',
        f"    legend_source -> legend_target [color={ERROR}, fontcolor={ERROR}, penwidth=2, "
        'label="link in error: its finding"];',
        f"    legend_warning -> legend_missing [color={WARNING}, fontcolor={WARNING}, "
        'penwidth=2, label="link with a warning"];',
        f"    legend_error -> legend_warning [{_BACKUP}];",
        "  }",
    ]
