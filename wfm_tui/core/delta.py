"""Findings delta: which findings a change brings and which it resolves."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, replace

from wfm_tui.core.findings import Finding, Severity


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

    def key(finding: Finding) -> tuple:
        if not renames:
            return finding.key
        return replace(
            finding,
            app=renames.get(finding.app or "", finding.app),
            target=renames.get(finding.target or "", finding.target),
        ).key

    # Counted, not set-compared: the same key can occur more than once (a target listed 3 times).
    remaining = Counter(key(f) for f in before)
    new = []
    for finding in after:
        k = key(finding)
        if remaining[k] > 0:
            remaining[k] -= 1
        else:
            new.append(finding)
    unmatched = Counter(key(f) for f in after)
    resolved = []
    for finding in before:
        k = key(finding)
        if unmatched[k] > 0:
            unmatched[k] -= 1
        else:
            resolved.append(finding)
    return FindingsDelta(new=new, resolved=resolved)
