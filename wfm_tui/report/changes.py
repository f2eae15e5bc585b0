"""Text and JSON of findings, plan diffs and findings deltas: what `whatif` and `diff` print,
and what the editor's reports show."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from wfm_tui.core.delta import FindingsDelta
from wfm_tui.core.diff import Change, PlanDiff
from wfm_tui.core.findings import Finding, Severity
from wfm_tui.core.names import quote
from wfm_tui.core.operations import shown_value


def finding_json(finding: Finding) -> dict[str, Any]:
    return {
        "code": str(finding.code),
        "severity": str(finding.severity),
        "message": finding.message,
        "app": finding.app,
        "line": finding.line,
        "column": finding.column,
    }


def finding_line(sign: str, finding: Finding) -> str:
    return f"  {sign} {finding.severity}[{finding.code}]: {finding.message}"


def _value(value: Any) -> str:
    return shown_value(value, none="(none)")


def diff_lines(diff: PlanDiff) -> list[str]:
    """Terraform-style: `+` added, `-` removed, `~` changed, `>` renamed."""
    lines = [f"  ~ plan {c.what}: {_value(c.old)} -> {_value(c.new)}" for c in diff.plan]
    lines += [f"  {'+' if c.new else '-'} feature {c.what}" for c in diff.features]
    lines += [f"  + app {quote(name)}" for name in diff.added]
    lines += [f"  - app {quote(name)}" for name in diff.removed]
    lines += [f"  > app {quote(old)} renamed to {quote(new)}" for old, new in diff.renamed]
    for name, changes in sorted(diff.changed.items()):
        for c in changes:
            lines.append(f"  ~ app {quote(name)}: {c.what} {_value(c.old)} -> {_value(c.new)}")
    lines += [f"  + link {quote(s)} -> {quote(t)}" for s, t in diff.links_added]
    lines += [f"  - link {quote(s)} -> {quote(t)}" for s, t in diff.links_removed]
    return lines


def diff_json(diff: PlanDiff) -> dict[str, Any]:
    def changes(items: Iterable[Change]) -> list[dict[str, Any]]:
        return [{"field": c.what, "old": c.old, "new": c.new} for c in items]

    return {
        "plan": changes(diff.plan),
        "features": changes(diff.features),
        "apps_added": diff.added,
        "apps_removed": diff.removed,
        "apps_renamed": [{"old": old, "new": new} for old, new in diff.renamed],
        "apps_changed": {name: changes(c) for name, c in sorted(diff.changed.items())},
        "links_added": [{"source": s, "target": t} for s, t in diff.links_added],
        "links_removed": [{"source": s, "target": t} for s, t in diff.links_removed],
    }


def delta_lines(delta: FindingsDelta) -> list[str]:
    lines = [finding_line("+", f) for f in ordered(delta.new)]
    lines += [finding_line("-", f) for f in ordered(delta.resolved)]
    return lines or ["  (no change in findings)"]


def delta_preview(delta: FindingsDelta, shown: int = 5) -> tuple[str, list[str]]:
    """A dialog's preview of a delta, where some seven lines show: the summary, then a few of
    the findings new and resolved, errors first, and how many more."""
    new, resolved = ordered(delta.new), ordered(delta.resolved)
    lines = [finding_line("+", f).lstrip() for f in new[:shown]]
    lines += [finding_line("-", f).lstrip() for f in resolved[:shown]]
    hidden = len(delta.new) + len(delta.resolved) - len(lines)
    if hidden > 0:
        lines.append(f"… and {hidden} more")
    summary = "no change" if not (delta.new or delta.resolved) else delta.summary()
    return summary, lines


def delta_json(delta: FindingsDelta) -> dict[str, Any]:
    return {
        "new": [finding_json(f) for f in ordered(delta.new)],
        "resolved": [finding_json(f) for f in ordered(delta.resolved)],
        "summary": {
            "new_errors": delta.new_errors,
            "new_warnings": delta.count_new(Severity.WARNING),
            "new_infos": delta.count_new(Severity.INFO),
            "resolved": len(delta.resolved),
        },
    }


def ordered(findings: list[Finding]) -> list[Finding]:
    """Errors first, then by app and code: the order reports list findings in."""
    return sorted(findings, key=lambda f: (f.severity.rank, f.app or "", f.code))
