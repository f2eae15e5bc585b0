"""The plan as a Mermaid flowchart, as GitHub, GitLab and Confluence render it in Markdown:
one subgraph per site, a shape per kind, and what is in error drawn red (warnings orange)."""

from __future__ import annotations

import re
import string

from wfm_tui.core.findings import Severity
from wfm_tui.report.topology import Node, Topology

# Shapes by kind of the bundled catalogs, as (opening, closing) around a quoted label; a kind
# of a user's catalog falls back to a rectangle.
KIND_SHAPES = {
    "wfm_server": ("[[", "]]"),
    "wfm_builder": ("[", "]"),
    "wfm_daemon": ("{{", "}}"),
    "wfm_data_aggregator": ("[/", "/]"),
    "wfm_web": ("(", ")"),
    "wfm_database_utility": (">", "]"),
    "dap": ("[(", ")]"),
    "stat_server": ("([", "])"),
    "message_server": ("[\\", "\\]"),
}
_RECTANGLE = ("[", "]")

# What renderers show by default: GitHub and GitLab draw nothing for a larger diagram.
MAX_EDGES = 500
MAX_TEXT_SIZE = 50_000

# Every ASCII character but letters, digits, space and `.,_-` is written as an entity code
# (`#35;`): quotes end a label, `#...;` is Mermaid's own entity syntax, `<` and `&` are HTML,
# a leading backtick makes Markdown, `%%{` starts a directive anywhere, `:` feeds Mermaid's
# `style...:...#...;` rewrite, `|` ends an edge label. A byte order mark is coded too: the
# browser's trim() would drop it from the ends of a label.
_PLAIN = set(string.ascii_letters + string.digits + " .,_-")
_CODED = "".join(chr(c) for c in range(128) if chr(c) not in _PLAIN) + "\ufeff"
_NEEDS_CODE = re.compile("[" + re.escape(_CODED) + "]")
# Mermaid decodes the entity codes before it looks for what it acts on in a node's label: `\n`
# (a line break), `fa:fa-car` (an icon), `$$...$$` (KaTeX), and its own carriers of entity
# codes through the parser, runs of ﬂ° and ¶ß. An invisible word joiner (U+2060) inside each
# such sequence leaves the text as it reads and gives Mermaid nothing to act on.
WORD_JOINER = "\u2060"
_ACTED_ON = re.compile(r"(?<=\\)(?=n)|(?<=:)(?=fa-)|(?<=\$)(?=\$)|(?<=[\ufb02\xb6])")

ERROR = "#c62828"
WARNING = "#ef6c00"
_CLASSES = {
    "error": f"stroke:{ERROR},stroke-width:3px,color:{ERROR},font-weight:bold",
    "warning": f"stroke:{WARNING},stroke-width:3px,color:{WARNING}",
    "missing": f"stroke:{ERROR},stroke-width:2px,stroke-dasharray:5 5,color:{ERROR}",
}
_LINK_STYLES = {
    Severity.ERROR: f"stroke:{ERROR},stroke-width:2px,color:{ERROR}",
    Severity.WARNING: f"stroke:{WARNING},stroke-width:2px,color:{WARNING}",
}


def escaped(text: str) -> str:
    """`text` for the inside of a quoted Mermaid label, shown as it is."""
    text = _ACTED_ON.sub(WORD_JOINER, text)
    return _NEEDS_CODE.sub(lambda m: f"#{ord(m.group())};", text)


def label(*lines: str) -> str:
    return '"' + "<br/>".join(escaped(line) for line in lines) + '"'


def render_mermaid(view: Topology) -> str:
    lines = ["flowchart LR"]
    for site in view.sites:
        lines.append(f"  subgraph {site.id}[{label(site.name)}]")
        lines += [f"    {_node(node)}" for node in site.nodes]
        lines.append("  end")
    lines += [f"  {_node(node)}" for node in view.unsited + view.missing]
    styled: dict[Severity, list[int]] = {Severity.ERROR: [], Severity.WARNING: []}
    count = 0
    for link in view.links:
        if link.severity in styled:
            lines.append(
                f"  {link.source.id} -->|{label(' '.join(link.problems))}| {link.target.id}"
            )
            styled[link.severity].append(count)
        else:
            lines.append(f"  {link.source.id} --> {link.target.id}")
        count += 1
    for primary, backup in view.backups:
        lines.append(f'  {primary.id} -.-|"backup"| {backup.id}')
        count += 1
    if view.marked:
        lines += _legend(styled, count)
    classes: dict[str, list[str]] = {"error": [], "warning": [], "missing": []}
    for node in view.apps:
        if node.severity is Severity.ERROR:
            classes["error"].append(node.id)
        elif node.severity is Severity.WARNING:
            classes["warning"].append(node.id)
    classes["missing"] += [node.id for node in view.missing]
    if view.marked:
        classes["error"].append("legend_error")
        classes["warning"].append("legend_warning")
        classes["missing"].append("legend_missing")
    for name, ids in classes.items():
        if ids:
            lines.append(f"  classDef {name} {_CLASSES[name]}")
            lines.append(f"  class {','.join(ids)} {name}")
    for severity, indexes in styled.items():
        if indexes:
            lines.append(f"  linkStyle {','.join(map(str, indexes))} {_LINK_STYLES[severity]}")
    return "\n".join(lines) + "\n"


def too_many_edges(view: Topology) -> str | None:
    """Why GitHub or GitLab would not draw the view's diagram for its links alone, or None
    (known before drawing it)."""
    edges = len(view.links) + len(view.backups) + (_LEGEND_EDGES if view.marked else 0)
    if edges > MAX_EDGES:
        return f"{edges:,} links are more than the {MAX_EDGES:,} that Mermaid draws by default"
    return None


def too_large(view: Topology, text: str) -> str | None:
    """Why GitHub or GitLab would not draw `text`, the view's diagram (Mermaid's default
    limits), or None."""
    if reason := too_many_edges(view):
        return reason
    if len(text) > MAX_TEXT_SIZE:
        return (
            f"{len(text):,} characters are more than the {MAX_TEXT_SIZE:,} that Mermaid draws "
            "by default"
        )
    return None


def _node(node: Node) -> str:
    opening, closing = _RECTANGLE if node.kind is None else KIND_SHAPES.get(node.kind, _RECTANGLE)
    return f"{node.id}{opening}{label(*node.caption)}{closing}"


_LEGEND_EDGES = 3


def _legend(styled: dict[Severity, list[int]], first: int) -> list[str]:
    """A legend subgraph; its links are numbered from `first` on and added to `styled`."""
    styled[Severity.ERROR].append(first)
    styled[Severity.WARNING].append(first + 1)
    return [
        '  subgraph legend["Legend"]',
        '    legend_error["app with errors"]',
        '    legend_warning["app with warnings"]',
        '    legend_missing["named, not in the plan"]',
        '    legend_source["app"]',
        '    legend_target["app"]',
        "  end",
        '  legend_source -->|"link in error#58; its finding"| legend_target',
        '  legend_warning -->|"link with a warning"| legend_missing',
        '  legend_error -.-|"backup"| legend_warning',
    ]
