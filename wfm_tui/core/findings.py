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
    FEATURE_NEEDS_APP = "feature-needs-app"
    MULTI_SITE_SPLIT = "multi-site-split"
    BACKUP_SAME_HOST = "backup-same-host"
    SHARED_BACKUP = "shared-backup"
    DATA_AGGREGATORS_PER_SITE = "data-aggregators-per-site"
    LOOK_ALIKE_NAMES = "look-alike-names"
    LOAD_ERROR = "load-error"

    @property
    def severity(self) -> Severity:
        return SEVERITY[self]

    @property
    def summary(self) -> str:
        """One line on what the code means (the README's finding table says more)."""
        return SUMMARY[self]


# The app property whose change resolves a finding of the code: the fix is not in the links.
PROPERTY_OF: dict[Code, str] = {
    Code.PORT_CONFLICT: "port",
    Code.UNKNOWN_BACKUP: "backup",
    Code.BACKUP_KIND_MISMATCH: "backup",
    Code.BACKUP_NOT_SUPPORTED: "backup",
    Code.BACKUP_SAME_HOST: "backup",
    Code.SHARED_BACKUP: "backup",
}

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
    # An error when the plan lacks an app the feature cannot work without; a warning when the
    # feature merely has nothing to act on (multi-site with one WFM Server).
    Code.FEATURE_NEEDS_APP: Severity.ERROR,
    Code.MULTI_SITE_SPLIT: Severity.ERROR,
    Code.BACKUP_SAME_HOST: Severity.WARNING,
    Code.SHARED_BACKUP: Severity.ERROR,
    Code.DATA_AGGREGATORS_PER_SITE: Severity.WARNING,
    Code.LOOK_ALIKE_NAMES: Severity.WARNING,
    Code.LOAD_ERROR: Severity.ERROR,
}


SUMMARY: dict[Code, str] = {
    Code.MISSING_CONNECTION: "fewer links to a target kind than the mark requires",
    Code.TOO_MANY_CONNECTIONS: "more links to a target kind than the mark allows",
    Code.CONNECTION_NOT_ALLOWED: "a link the connections table does not have",
    Code.UNKNOWN_TARGET: "a connection names an app that the plan does not have",
    Code.SELF_CONNECTION: "an app lists itself as a connection",
    Code.DUPLICATE_CONNECTION: "the same target listed twice",
    Code.UNREFERENCED_APP: "no app uses an app of a kind the table requires somewhere",
    Code.PORT_CONFLICT: "two or more apps listen on the same host and port",
    Code.TLS_PROCEDURE: "a TLS-enabled WFM Web or Daemon follows WFM's own TLS procedure",
    Code.UNKNOWN_BACKUP: "the backup is not in the plan, or is the app itself",
    Code.BACKUP_KIND_MISMATCH: "a backup of another kind than its primary",
    Code.BACKUP_NOT_SUPPORTED: "a backup for a kind without primary/backup high availability",
    Code.TOO_MANY_INSTANCES: "more instances of a kind than a deployment may have",
    Code.FEATURE_NEEDS_APP: "a feature is on without the apps it needs",
    Code.MULTI_SITE_SPLIT: "with multi-site on, the WFM Servers do not form one connected group",
    Code.BACKUP_SAME_HOST: "a primary and its backup on the same host",
    Code.SHARED_BACKUP: "two or more primaries name one backup",
    Code.DATA_AGGREGATORS_PER_SITE: "two or more primary Data Aggregators serve one site",
    Code.LOOK_ALIKE_NAMES: "two names, or two sites, look the same (Unicode confusables)",
    Code.LOAD_ERROR: "the file could not be loaded",
}

# What identifies a finding across two versions of a plan: code, app, target kind, target.
FindingKey = tuple[str, str | None, str | None, str | None]


@dataclass(frozen=True, slots=True)
class Finding:
    """One thing validation found.

    `app` is the application the finding is about; `target_kind` and `target` the kind or app of
    the link concerned; `feature` the plan feature that made a link required or that the
    finding is about. `line` and `column` locate it in the plan file when the files layer knows
    them. `level` is the severity where it differs from the code's usual one.
    """

    code: Code
    message: str
    app: str | None = None
    target_kind: str | None = None
    target: str | None = None
    feature: str | None = None
    line: int | None = None
    column: int | None = None
    level: Severity | None = None

    @property
    def severity(self) -> Severity:
        return self.level or SEVERITY[self.code]

    @property
    def key(self) -> FindingKey:
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
