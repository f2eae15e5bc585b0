"""Findings delta: which findings a change brings and which it resolves."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace

from wfm_tui.core.findings import Finding, FindingKey, Severity


@dataclass(frozen=True)
class FindingsDelta:
    new: list[Finding]
    resolved: list[Finding]

    def count_new(self, severity: Severity) -> int:
        return sum(1 for f in self.new if f.severity is severity)

    @property
    def new_errors(self) -> int:
        return self.count_new(Severity.ERROR)

    def summary(self) -> str:
        errors, warnings = self.new_errors, self.count_new(Severity.WARNING)
        return (
            f"{errors} new error{'s' if errors != 1 else ''}, {len(self.resolved)} resolved, "
            f"{warnings} new warning{'s' if warnings != 1 else ''}"
        )


def findings_delta(
    before: list[Finding], after: list[Finding], renames: Mapping[str, str] | None = None
) -> FindingsDelta:
    """Compare two validations of a plan. `renames` (old name -> new name) lets a finding about a
    renamed app count as the same finding, not as one resolved and one new."""
    renames = renames or {}

    def key(finding: Finding) -> FindingKey:
        if not renames:
            return finding.key
        return replace(
            finding,
            app=renames.get(finding.app or "", finding.app),
            target=renames.get(finding.target or "", finding.target),
        ).key

    return FindingsDelta(
        new=_unmatched(after, before, key), resolved=_unmatched(before, after, key)
    )


def _unmatched(
    findings: list[Finding], others: list[Finding], key: Callable[[Finding], FindingKey]
) -> list[Finding]:
    """The findings with no counterpart among `others`. Counted, not set-compared: the same
    key may occur more than once."""
    remaining = Counter(key(f) for f in others)
    unmatched: list[Finding] = []
    for finding in findings:
        k = key(finding)
        if remaining[k] > 0:
            remaining[k] -= 1
        else:
            unmatched.append(finding)
    return unmatched
