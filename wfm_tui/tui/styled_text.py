"""The editor's styled text: status marks, group headers, app summaries and finding lines as
Content. Every string from a plan goes in as literal Content, never as markup."""

from __future__ import annotations

from textual.content import Content

from wfm_tui.core.catalog import Catalog
from wfm_tui.core.findings import Finding, Severity
from wfm_tui.core.plan import App
from wfm_tui.editing.link_groups import LinkGroup

# Symbols carry the meaning on their own, so that NO_COLOR terminals lose nothing.
OK_MARK = "✓"
SEVERITY_MARK = {Severity.ERROR: "✗", Severity.WARNING: "!", Severity.INFO: "i"}
_SEVERITY_STYLE = {
    Severity.ERROR: "bold $text-error",
    Severity.WARNING: "bold $text-warning",
    Severity.INFO: "$text-primary",
}
_OK_STYLE = "$text-success"


def status_mark(status: Severity | None) -> Content:
    """The one-character status of an app: ✓ ok (info counts as ok), ! warning, ✗ error."""
    if status is None or status is Severity.INFO:
        return Content.styled(OK_MARK, _OK_STYLE)
    return Content.styled(SEVERITY_MARK[status], _SEVERITY_STYLE[status])


def group_header(group: LinkGroup, catalog: Catalog) -> Content:
    """`WFM Builder  X+  2 ✓` or `DAP  X  0 ✗ needs exactly one`, and the feature that raised it."""
    title, rest, _ = group_header_parts(group, catalog)
    return Content.assemble((title, "bold"), rest)


def group_header_parts(group: LinkGroup, catalog: Catalog) -> tuple[str, Content, int]:
    """The header as its title, what follows it, and how many cells of that must never be
    cut (the mark, the count and the status: `  X+  2 ✓`); the title shortens first."""
    rule = group.rule
    mark = f"{rule.base} -> {rule.mark}" if group.raised else str(rule.mark)
    problem = group.problem
    symbol = SEVERITY_MARK[Severity.ERROR] if problem else OK_MARK
    style = _SEVERITY_STYLE[Severity.ERROR] if problem else _OK_STYLE
    parts: list[Content | str | tuple[str, str]] = [
        "  ",
        (mark, "$text-accent"),
        f"  {group.count} ",
        (symbol, style),
    ]
    keep = Content.assemble(*parts).cell_length
    if problem:
        parts.append((f" {problem}", style))
    if group.raised and rule.feature is not None:
        parts += ["  ", (catalog.features[rule.feature].title.lower(), "italic")]
    return catalog.kind_title(group.target_kind), Content.assemble(*parts), keep


def app_summary(name: str, app: App, catalog: Catalog, status: Severity | None) -> Content:
    """Title line of a panel: status, name and kind."""
    return Content.assemble(
        status_mark(status),
        " ",
        (name, "bold"),  # a (text, style) tuple is literal text: never parsed as markup
        "  ",
        (catalog.kind_title(app.kind), "dim"),
    )


def app_details(app: App) -> Content:
    """Second line of a panel: site, host:port, TLS, backup, and the note below."""
    parts: list[Content] = []
    if app.site is not None:
        parts.append(Content.assemble(("site ", "dim"), app.site))
    if app.host is not None or app.port is not None:
        where = f"{app.host or '?'}:{app.port}" if app.port is not None else app.host or ""
        parts.append(Content.assemble(("at ", "dim"), where))
    if app.tls:
        parts.append(Content("TLS"))
    if app.backup is not None:
        parts.append(Content.assemble(("backup ", "dim"), app.backup))
    line = Content("  ·  ").join(parts) if parts else Content.styled("no site or host", "dim")
    if app.note:
        line = Content.assemble(line, "\n", Content.styled(app.note, "italic"))
    return line


def finding_content(finding: Finding, change: str | None = None) -> Content:
    """`✗ missing-connection` over the message; `change` (+ new, - resolved) in what-if mode."""
    mark = SEVERITY_MARK[finding.severity]
    parts: list[Content | str | tuple[str, str]] = []
    if change is not None:
        parts += [(change, "bold"), " "]
    parts += [
        (mark, _SEVERITY_STYLE[finding.severity]),
        " ",
        (str(finding.code), "dim"),
        "\n",
        finding.message,  # a plain str in assemble is literal
    ]
    line = Content.assemble(*parts)
    # A resolved finding is dimmed after its "-": it no longer holds.
    return line.stylize("dim", 2) if change == "-" else line
