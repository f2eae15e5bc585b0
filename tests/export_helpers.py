"""Reading back what `wfm-tui export` writes, with real parsers (pydot for DOT, markdown-it-py
for Markdown, the csv module), for the export tests."""

from __future__ import annotations

import csv
import html
import io
import re
import xml.etree.ElementTree as ET

import pydot
from markdown_it import MarkdownIt
from markdown_it.token import Token

from tests import ROOT
from wfm_tui.core.plan import Plan
from wfm_tui.core.validation import validate
from wfm_tui.files.plan_file import read_plan
from wfm_tui.report.csv_tables import BOM, unguarded
from wfm_tui.report.mermaid import WORD_JOINER
from wfm_tui.report.topology import Topology, build_topology

SAMPLES = sorted((ROOT / "sample_plans").glob("*.toml"))


def sample_view(name: str) -> Topology:
    loaded = read_plan(ROOT / "sample_plans" / name)
    findings = loaded.locate_findings(validate(loaded.plan, loaded.catalog))
    return build_topology(loaded.plan, loaded.catalog, findings)


def plan_view(plan: Plan, catalog) -> Topology:
    return build_topology(plan, catalog, validate(plan, catalog))


# DOT ---------------------------------------------------------------------------------------


def parse_dot(text: str) -> pydot.Dot:
    graphs = pydot.graph_from_dot_data(text)
    assert graphs is not None, "not a DOT graph"
    assert len(graphs) == 1, "not one DOT graph"
    return graphs[0]


def dot_nodes(graph: pydot.Dot) -> dict[str, pydot.Node]:
    """Every node statement of the graph and its subgraphs, by id."""
    found = {n.get_name(): n for n in graph.get_nodes()}
    for sub in graph.get_subgraphs():
        found.update(dot_nodes(sub))
    return found


def dot_edges(graph: pydot.Dot) -> list[pydot.Edge]:
    found = list(graph.get_edges())
    for sub in graph.get_subgraphs():
        found += dot_edges(sub)
    return found


def graphviz_text(quoted: str) -> list[str]:
    r"""The lines Graphviz shows for a quoted DOT label: the DOT lexer's `\"`, then the label's
    escapes (`\\`, `\n` a line break), then HTML entities, as Graphviz reads them."""
    assert quoted.startswith('"'), quoted
    assert quoted.endswith('"'), quoted
    body = quoted[1:-1].replace('\\"', '"')
    lines, line, index = [], "", 0
    while index < len(body):
        char = body[index]
        if char == "\\" and index + 1 < len(body):
            following = body[index + 1]
            if following == "n":
                lines.append(line)
                line = ""
            else:
                # Anything else after a backslash would be an escape of Graphviz's own (\N, \G,
                # \l...): the exporter must only ever write \\ and \n.
                assert following == "\\", f"unexpected escape \\{following} in {quoted!r}"
                line += "\\"
            index += 2
            continue
        line += char
        index += 1
    lines.append(line)
    return [html.unescape(part) for part in lines]


def graphviz_svg_texts(svg: bytes) -> dict[str, list[str]]:
    """Per node, cluster or graph of an SVG that Graphviz drew (by its DOT id): the lines of
    text it shows. Graphviz writes a run of spaces as space and no-break space, so that the
    run survives in SVG; it reads back as spaces."""
    found = {}
    for group in ET.fromstring(svg).iter(f"{{{SVG}}}g"):
        if group.get("class") in ("node", "cluster", "graph"):
            title = group.find(f"{{{SVG}}}title")
            assert title is not None
            texts = group.findall(f"{{{SVG}}}text")
            found[title.text or ""] = [spaces(t.text or "") for t in texts]
    return found


def spaces(text: str) -> str:
    return text.replace("\xa0", " ")


SVG = "http://www.w3.org/2000/svg"


# Mermaid -----------------------------------------------------------------------------------

# A label's inside: plain ASCII that Mermaid takes as text, entity codes, our line break, and
# any non-ASCII character. Nothing else may appear: no raw quote, bracket, `;`, `#`, `|`.
MERMAID_LABEL = r'"((?:[A-Za-z0-9 .,_\-]|#\d+;|<br/>|[^\x00-\x7f])*)"'
_SHAPES = r"(\[\[|\[\(|\(\[|\{\{|\[/|\[\\|\[|\(|>)"
_ENDS = r"(\]\]|\)\]|\]\)|\}\}|/\]|\\\]|\]|\))"
MERMAID_STATEMENTS = [
    re.compile(r"flowchart LR"),
    re.compile(rf"subgraph s\d+\[{MERMAID_LABEL}\]"),
    re.compile(r'subgraph legend\["Legend"\]'),
    re.compile(r"end"),
    re.compile(rf"(?P<id>[nm]\d+){_SHAPES}{MERMAID_LABEL}{_ENDS}"),
    re.compile(r"legend_\w+\[\"[a-z, ]+\"\]"),
    re.compile(
        rf"(?:[nm]\d+|legend_\w+) (?:-->|-->\|{MERMAID_LABEL}\||-\.-\|\"backup\"\|) "
        r"(?:[nm]\d+|legend_\w+)"
    ),
    re.compile(r"classDef (?:error|warning|missing) [a-z:#0-9,\- ]+"),
    re.compile(
        r"class (?:[nm]\d+|legend_\w+)(?:,(?:[nm]\d+|legend_\w+))* (?:error|warning|missing)"
    ),
    re.compile(r"linkStyle \d+(?:,\d+)* [a-z:#0-9,\-]+"),
]


def mermaid_statements(text: str) -> list[str]:
    """The statements of a flowchart wfm-tui wrote, each checked against the shapes it writes."""
    statements = [line.strip() for line in text.splitlines()]
    for statement in statements:
        assert any(p.fullmatch(statement) for p in MERMAID_STATEMENTS), statement
    return statements


def mermaid_label_text(inside: str) -> list[str]:
    """The lines a label's inside shows: entity codes decoded, `<br/>` a line break, and
    without word joiners (the exporter adds them, invisible, where Mermaid would act)."""
    decoded = re.sub(r"#(\d+);", lambda m: chr(int(m.group(1))), inside)
    return [visible(line) for line in decoded.split("<br/>")]


def visible(text: str) -> str:
    return text.replace(WORD_JOINER, "")


def mermaid_node_labels(text: str) -> dict[str, list[str]]:
    node = MERMAID_STATEMENTS[4]
    found = {}
    for statement in mermaid_statements(text):
        match = node.fullmatch(statement)
        if match:
            found[match.group("id")] = mermaid_label_text(match.group(3))
    return found


# Markdown ----------------------------------------------------------------------------------

MARKDOWN = MarkdownIt("commonmark").enable("table").enable("strikethrough")


def markdown_tables(text: str) -> list[list[list[str]]]:
    """Every table of a Markdown document as rows of cell texts (header row first), read by
    markdown-it-py; a cell's `<br>` reads as a line break. Fails on any markup in a cell."""
    tables: list[list[list[str]]] = []
    row: list[str] | None = None
    for token in MARKDOWN.parse(text):
        if token.type == "table_open":
            tables.append([])
        elif token.type == "tr_open":
            row = []
        elif token.type == "tr_close":
            assert row is not None
            tables[-1].append(row)
            row = None
        elif token.type == "inline" and row is not None:
            row.append(inline_text(token))
    return tables


def inline_text(token: Token) -> str:
    parts = []
    for child in token.children or []:
        if child.type == "text":
            parts.append(child.content)
        elif child.type in ("hardbreak", "softbreak") or (
            child.type == "html_inline" and child.content == "<br>"
        ):
            parts.append("\n")
        elif child.type in ("strong_open", "strong_close"):
            continue  # the report's own **on**
        else:
            raise AssertionError(f"markup {child.type} {child.content!r} in {token.content!r}")
    return "".join(parts)


def markdown_headings(text: str) -> list[tuple[str, str]]:
    tokens = MARKDOWN.parse(text)
    return [
        (token.tag, inline_text(tokens[index + 1]))
        for index, token in enumerate(tokens)
        if token.type == "heading_open"
    ]


def markdown_paragraphs(text: str, count: int | None = None) -> list[str]:
    """The first `count` paragraphs (all by default) as plain text; fails on markup in them
    (the report's own later paragraphs may hold code: ask only for those from the plan)."""
    tokens = MARKDOWN.parse(text)
    starts = [index for index, token in enumerate(tokens) if token.type == "paragraph_open"]
    return [inline_text(tokens[index + 1]) for index in starts[:count]]


def mermaid_block(text: str) -> str | None:
    fences = [t for t in MARKDOWN.parse(text) if t.type == "fence" and t.info == "mermaid"]
    assert len(fences) <= 1
    return fences[0].content if fences else None


# CSV ---------------------------------------------------------------------------------------


def read_csv(text: str) -> list[dict[str, str]]:
    """The rows of a table wfm-tui wrote, values recovered as the docs say (strip one guarding
    apostrophe)."""
    assert text.startswith(BOM)
    rows = list(csv.reader(io.StringIO(text[len(BOM) :], newline="")))
    header, body = rows[0], rows[1:]
    assert all(len(r) == len(header) for r in body)
    for r in body:
        for value in r:
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), value
    return [dict(zip(header, map(unguarded, r), strict=True)) for r in body]
