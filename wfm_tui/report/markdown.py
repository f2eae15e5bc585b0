"""The plan as a Markdown change-request report (GitHub, GitLab): what it is, its findings, its
apps, its links site by site, and its Mermaid diagram.

Everything taken from the plan is escaped with backslashes (CommonMark lets any ASCII
punctuation be escaped, and GFM tables take `\\|` as a pipe inside a cell), so that no name can
make emphasis, a link, code, HTML, an entity or math, or add a column to a table.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from wfm_tui.core.findings import Severity, counts
from wfm_tui.report.mermaid import render_mermaid, too_large, too_many_edges
from wfm_tui.report.topology import Link, Node, Topology

# What means something inside a line: emphasis, code, links and images, HTML, entities, table
# cells, strikethrough, a heading's closing #s, GitHub's $math$.
_INLINE = re.compile(r"([\\`*_\[\]<>&|~#!$])")
# At the start of a line, any punctuation may begin a block (a list, a quote, a rule, a
# heading underline): a line of free text has all of it escaped.
_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_SEVERITY_MARK = {Severity.ERROR: "✗", Severity.WARNING: "!", Severity.INFO: "i"}


def text(value: str) -> str:
    """Plain text inside a line (after a heading's `#`, a list's `-`), escaped for Markdown."""
    if "\t" in value:
        value = value.replace("\t", " ")
    # Most names need nothing: a search is cheaper than a substitution that finds nothing.
    return _INLINE.sub(_escape, value) if _INLINE.search(value) else value


def free_line(value: str) -> str:
    """A line of free text that starts a line of the report."""
    return _PUNCTUATION.sub(_escape, value.replace("\t", " ")).strip()


def cell(value: str) -> str:
    """Text for a table cell: escaped, line breaks as `<br>`, no white space at the ends
    (a table would drop it, or take a leading run for code)."""
    value = value.strip()
    if "\n" not in value and "\r" not in value:
        return text(value)
    return "<br>".join(text(line).strip() for line in _LINE_BREAK.split(value))


def _escape(match: re.Match[str]) -> str:
    return "\\" + match.group()


def row(cells: Iterable[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> list[str]:
    """A GFM table; `header` and `rows` are cells already escaped."""
    return [row(header), row("---" for _ in header), *(row(r) for r in rows)]


def render_markdown(view: Topology, source: str | None = None) -> str:
    plan, catalog = view.plan, view.catalog
    tally = counts(list(view.findings))
    lines = [f"# {text(plan.name)}", ""]
    if plan.description:
        lines += [*_paragraphs(plan.description), ""]
    summary = [
        ("Catalog", f"{text(catalog.id)}: {text(catalog.title)}"),
        ("Apps", _apps_summary(view)),
        ("Links", str(len(view.links))),
        (
            "Findings",
            f"{_count(tally[Severity.ERROR], 'error')}, "
            f"{_count(tally[Severity.WARNING], 'warning')}, {tally[Severity.INFO]} info",
        ),
    ]
    if source is not None:
        summary.insert(0, ("Plan file", cell(source)))
    lines += table(("", ""), summary)
    lines += ["", "## Features", ""]
    enabled = plan.features.enabled
    for name in type(plan.features).model_fields:
        spec = catalog.features.get(name)
        title = spec.title if spec else name.replace("_", " ")
        state = "**on**" if name in enabled else "off"
        lines.append(f"- {text(title[:1].upper() + title[1:])}: {state}")
    lines += ["", "## Findings", ""]
    lines += _findings(view) if view.findings else ["None: the plan passes `wfm-tui check`."]
    lines += ["", "## Apps", ""]
    lines += _apps(view.apps) if view.apps else ["The plan has no apps."]
    lines += ["", "## Links", ""]
    lines += _links(view) if view.links else ["The plan has no links."]
    lines += ["", "## Diagram", ""]
    lines += _diagram(view)
    return "\n".join(lines) + "\n"


def _diagram(view: Topology) -> list[str]:
    # Past the edge limit the diagram is not even drawn: no renderer would show it.
    reason = too_many_edges(view)
    if reason is None:
        diagram = render_mermaid(view)
        reason = too_large(view, diagram)
        if reason is None:
            return ["```mermaid", diagram.rstrip("\n"), "```"]
    return [
        f"Not drawn here: {reason}. `wfm-tui export PLAN --format dot` draws any size with "
        "Graphviz."
    ]


def _paragraphs(value: str) -> list[str]:
    """Free text as paragraphs that keep its line breaks (a backslash ends a broken line)."""
    paragraphs: list[list[str]] = [[]]
    for line in _LINE_BREAK.split(value):
        escaped = free_line(line)
        if escaped:
            paragraphs[-1].append(escaped)
        elif paragraphs[-1]:
            paragraphs.append([])
    blocks = ["\\\n".join(p) for p in paragraphs if p]
    return "\n\n".join(blocks).split("\n")


def _count(number: int, word: str) -> str:
    return f"{number} {word}" if number == 1 else f"{number} {word}s"


def _apps_summary(view: Topology) -> str:
    apps = len(view.apps)
    sites = len(view.sites)
    return f"{apps} in {sites} site{'' if sites == 1 else 's'}" if sites else str(apps)


def _findings(view: Topology) -> list[str]:
    ordered = sorted(
        view.findings, key=lambda f: (f.line is None, f.line or 0, f.severity.rank, f.code)
    )
    return table(
        ("", "severity", "code", "app", "line", "message"),
        (
            (
                _SEVERITY_MARK[f.severity],
                str(f.severity),
                str(f.code),
                cell(f.app) if f.app is not None else "",
                "" if f.line is None else str(f.line),
                cell(f.message),
            )
            for f in ordered
        ),
    )


def _apps(nodes: list[Node]) -> list[str]:
    with_notes = any(node.app is not None and node.app.note for node in nodes)
    header = ["", "app", "kind", "site", "host:port", "TLS", "backup"]
    if with_notes:
        header.append("note")
    rows = []
    for node in nodes:
        app = node.app
        assert app is not None
        address = app.host or ""
        if app.port is not None:
            address += f":{app.port}"
        cells = [
            _SEVERITY_MARK.get(node.severity, "✓") if node.severity else "✓",
            cell(node.name),
            cell(node.kind_title),
            cell(app.site or ""),
            cell(address),
            "yes" if app.tls else "",
            cell(app.backup or ""),
        ]
        if with_notes:
            cells.append(cell(app.note or ""))
        rows.append(cells)
    return table(header, rows)


def _links(view: Topology) -> list[str]:
    """Per site of the source, a table of its sources (rows) by their targets (columns)."""
    groups: dict[str | None, list[Link]] = {}
    for link in view.links:
        source = link.source.app
        groups.setdefault(source.site if source else None, []).append(link)
    order = {node.id: index for index, node in enumerate(view.apps + view.missing)}
    lines: list[str] = []
    named = [(site.name, groups.get(site.name, [])) for site in view.sites]
    for title, links in [*named, (None, groups.get(None, []))]:
        if not links:
            continue
        heading = "Apps without a site" if title is None else f"Site {text(title)}"
        lines += [f"### {heading}", ""]
        sources = list(dict.fromkeys(link.source for link in links))
        targets = sorted({link.target for link in links}, key=lambda n: order[n.id])
        by_pair = {(link.source.id, link.target.id): link for link in links}
        header = ["source \\\\ target", *(_target_heading(t) for t in targets)]
        rows = [
            [cell(s.name), *(_link_cell(by_pair.get((s.id, t.id))) for t in targets)]
            for s in sources
        ]
        lines += [*table(header, rows), ""]
    return lines[:-1]


def _target_heading(node: Node) -> str:
    return cell(node.name) + (" (not in the plan)" if node.missing else "")


def _link_cell(link: Link | None) -> str:
    if link is None:
        return ""
    if link.severity in (Severity.ERROR, Severity.WARNING):
        return f"{_SEVERITY_MARK[link.severity]} {cell(' '.join(link.problems))}"
    return "✓"
