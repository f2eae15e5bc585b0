"""Findings: what validation says about a plan. Codes are stable, public identifiers."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from wfm_tui.core.names import quote

# Findings of one code about one app that are listed; the rest are counted in one more. A
# server listing two million unknown names gets 101 findings, not two million.
MAX_PER_APP_AND_CODE = 100
# Beyond this many findings of one code in a plan, each app keeps only its first (so that its
# status stays right) and the count of the rest: a plan of 40,000 apps that each list 100 unknown
# names gets some 90,000 findings, not four million.
MAX_PER_CODE = 10_000


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return _RANK[self]


_RANK = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


class Code(StrEnum):
    MISSING_CONNECTION = "missing-connection"
    TOO_MANY_CONNECTIONS = "too-many-connections"
    CONNECTION_NOT_ALLOWED = "connection-not-allowed"
    UNKNOWN_TARGET = "unknown-target"
    SELF_CONNECTION = "self-connection"
    DUPLICATE_CONNECTION = "duplicate-connection"
    UNREFERENCED_APP = "unreferenced-app"
    PORT_CONFLICT = "port-conflict"
    TLS_PROCEDURE = "tls-procedure"
    UNKNOWN_BACKUP = "unknown-backup"
    BACKUP_KIND_MISMATCH = "backup-kind-mismatch"
    BACKUP_NOT_SUPPORTED = "backup-not-supported"
    TOO_MANY_INSTANCES = "too-many-instances"
    LOOK_ALIKE_NAMES = "look-alike-names"
    LOAD_ERROR = "load-error"

    @property
    def severity(self) -> Severity:
        return SEVERITY[self]


SEVERITY: dict[Code, Severity] = {
    Code.MISSING_CONNECTION: Severity.ERROR,
    Code.TOO_MANY_CONNECTIONS: Severity.ERROR,
    Code.CONNECTION_NOT_ALLOWED: Severity.ERROR,
    Code.UNKNOWN_TARGET: Severity.ERROR,
    Code.SELF_CONNECTION: Severity.ERROR,
    Code.DUPLICATE_CONNECTION: Severity.WARNING,
    Code.UNREFERENCED_APP: Severity.WARNING,
    Code.PORT_CONFLICT: Severity.ERROR,
    Code.TLS_PROCEDURE: Severity.INFO,
    Code.UNKNOWN_BACKUP: Severity.ERROR,
    Code.BACKUP_KIND_MISMATCH: Severity.ERROR,
    Code.BACKUP_NOT_SUPPORTED: Severity.WARNING,
    Code.TOO_MANY_INSTANCES: Severity.ERROR,
    Code.LOOK_ALIKE_NAMES: Severity.WARNING,
    Code.LOAD_ERROR: Severity.ERROR,
}


@dataclass(frozen=True, slots=True)
class Finding:
    """One thing validation found.

    `app` is the application the finding is about; `target_kind` and `target` the kind or app of
    the link concerned; `feature` the plan feature that made a link required. `line` and `column`
    locate it in the plan file when the files layer knows them.
    """

    code: Code
    message: str
    app: str | None = None
    target_kind: str | None = None
    target: str | None = None
    feature: str | None = None
    line: int | None = None
    column: int | None = None

    @property
    def severity(self) -> Severity:
        return SEVERITY[self.code]

    @property
    def key(self) -> tuple[str, str | None, str | None, str | None]:
        """What identifies a finding across two versions of a plan (for deltas)."""
        return (self.code, self.app, self.target_kind, self.target)


def counts(findings: list[Finding]) -> dict[Severity, int]:
    result = dict.fromkeys(Severity, 0)
    for finding in findings:
        result[finding.severity] += 1
    return result


class FindingCap:
    """Appends findings to a list, bounded: at most MAX_PER_APP_AND_CODE of one code about one
    app, and once MAX_PER_CODE of a code are listed, only the first of each app. `close` adds,
    for each app and code that had more, one finding that says how many more."""

    def __init__(
        self,
        findings: list[Finding],
        per_app: int = MAX_PER_APP_AND_CODE,
        per_code: int = MAX_PER_CODE,
    ) -> None:
        self.findings = findings
        self.per_app = per_app
        self.per_code = per_code
        self.seen: dict[tuple[str | None, Code], int] = {}
        self.listed: dict[Code, int] = {}
        self.dropped: dict[tuple[str | None, Code], int] = {}

    def add(self, finding: Finding) -> None:
        key = (finding.app, finding.code)
        seen = self.seen.get(key, 0) + 1
        self.seen[key] = seen
        listed = self.listed.get(finding.code, 0)
        if seen == 1 or (seen <= self.per_app and listed < self.per_code):
            self.findings.append(finding)
            self.listed[finding.code] = listed + 1
        else:
            self.dropped[key] = self.dropped.get(key, 0) + 1

    def wants(self, app: str | None, code: Code) -> bool:
        """Whether a finding of `code` about `app` would be listed. If not, it is counted as
        one more, and the caller need not build it: building two million messages that no one
        sees took most of the time of checking a hostile plan."""
        key = (app, code)
        seen = self.seen.get(key, 0)
        if seen == 0 or (seen < self.per_app and self.listed.get(code, 0) < self.per_code):
            return True
        self.seen[key] = seen + 1
        self.dropped[key] = self.dropped.get(key, 0) + 1
        return False

    def close(self) -> None:
        for (app, code), more in self.dropped.items():
            about = f" about {quote(app)}" if app is not None else ""
            self.findings.append(
                Finding(code, f"... and {more:,} more {code} findings{about}", app=app)
            )
