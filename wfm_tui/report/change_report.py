"""A proposed change as a Markdown report for a merge request (GitHub, GitLab): what it adds,
removes and changes, and the findings it brings (breaks) and resolves (fixes).

Everything taken from a plan is escaped as in the export's report (report/markdown.py), so
that no name can make emphasis, a link, code or HTML.
"""

from __future__ import annotations

from typing import Any

from wfm_tui.core.delta import FindingsDelta
from wfm_tui.core.diff import Change, PlanDiff
from wfm_tui.core.findings import Finding, Severity
from wfm_tui.core.operations import shown_value
from wfm_tui.report.changes import ordered
from wfm_tui.report.markdown import text

_MARK = {Severity.ERROR: "✗ error", Severity.WARNING: "! warning", Severity.INFO: "i info"}


def change_report(
    title: str, changes: PlanDiff, delta: FindingsDelta, operations: list[str] | None = None
) -> str:
    """`title` is Markdown already (its plan-given parts escaped with `text`)."""
    lines = [f"# {title}", "", f"**{text(_verdict(delta))}**", ""]
    if operations:
        lines += ["## Operations", "", *(f"1. {text(op)}" for op in operations), ""]
    sections = [
        ("Adds", _adds(changes)),
        ("Removes", _removes(changes)),
        ("Changes", _changes(changes)),
        ("Breaks (new findings)", [_finding(f) for f in ordered(delta.new)]),
        ("Fixes (resolved findings)", [_finding(f) for f in ordered(delta.resolved)]),
    ]
    for heading, items in sections:
        lines += [f"## {heading}", ""]
        lines += [f"- {item}" for item in items] if items else ["- nothing"]
        lines.append("")
    return "\n".join(lines)


def _verdict(delta: FindingsDelta) -> str:
    if delta.new_errors:
        return f"Breaks the plan: {delta.summary()}"
    return f"No new errors: {delta.summary()}"


def _name(name: str) -> str:
    return f'"{text(name)}"'


def _adds(changes: PlanDiff) -> list[str]:
    items = [f"app {_name(n)}" for n in changes.added]
    items += [f"link {_name(s)} → {_name(t)}" for s, t in changes.links_added]
    items += [f"feature {text(c.what)}" for c in changes.features if c.new]
    return items


def _removes(changes: PlanDiff) -> list[str]:
    items = [f"app {_name(n)}" for n in changes.removed]
    items += [f"link {_name(s)} → {_name(t)}" for s, t in changes.links_removed]
    items += [f"feature {text(c.what)}" for c in changes.features if not c.new]
    return items


def _changes(changes: PlanDiff) -> list[str]:
    items = [f"plan {text(c.what)}: {_value(c.old)} → {_value(c.new)}" for c in changes.plan]
    items += [f"app {_name(old)} renamed to {_name(new)}" for old, new in changes.renamed]
    for name, app_changes in sorted(changes.changed.items()):
        items += [_app_change(name, c) for c in app_changes]
    return items


def _app_change(name: str, change: Change) -> str:
    return f"app {_name(name)}: {text(change.what)} {_value(change.old)} → {_value(change.new)}"


def _value(value: Any) -> str:
    return shown_value(value, none="(none)", text=lambda s: _name(s.replace("\n", " ")))


def _finding(finding: Finding) -> str:
    return f"{_MARK[finding.severity]} `{finding.code}`: {text(finding.message)}"
