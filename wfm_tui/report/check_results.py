"""The results of `check`, and their plain-text and JSON forms.

Text lines are `path:line:col: severity[code]: message`, the form compilers print, so that
vim's quickfix (`vim -q`), Emacs's compile mode and editors' problem matchers jump to the place.
Nothing in a message may look like a location to them (see `location_safe`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from wfm_tui.core.findings import Finding, Severity, counts
from wfm_tui.core.names import location


@dataclass
class FileResult:
    """What `check` found in one plan file."""

    path: str
    findings: list[Finding]
    loaded: bool
    apps: int = 0
    # For a load error in another file than the plan (its catalog): the index of the finding
    # in `findings` -> that file.
    elsewhere: dict[int, str] = field(default_factory=dict)

    def file_of(self, index: int) -> str:
        return self.elsewhere.get(index, self.path)

    def count(self, severity: Severity) -> int:
        return counts(self.findings)[severity]

    def passes(self, strict: bool) -> bool:
        return self.count(Severity.ERROR) == 0 and not (strict and self.count(Severity.WARNING))


# A quoted string as core.names.quote writes it: escapes inside, never a bare quote.
_QUOTED = re.compile(r'"(?:[^"\\]|\\.)*"')
# vim's default 'errorformat' starts with `%*[^"]"%f"%*\D%l: %m` (a compiler's
# `"file", line 12: ...`): a digit right before ": " after a quoted word would be read as a file
# and line. wfm-tui's own wording never has one; a name may, and there its colon is escaped.
_DIGIT_COLON = re.compile(r"(\d):(?= )")


def location_safe(message: str) -> str:
    """`message` with no `<digit>: ` inside quoted names, so that no reader of compiler output
    takes part of it for a file and line."""
    if ": " not in message:
        return message
    return _QUOTED.sub(lambda m: _DIGIT_COLON.sub(r"\1\\x3a", m.group()), message)


def finding_lines(result: FileResult) -> list[str]:
    return [
        f"{location(result.file_of(i), f.line, f.column)}: {f.severity}[{f.code}]: "
        f"{location_safe(f.message)}"
        for i, f in enumerate(result.findings)
    ]


def summary_line(result: FileResult) -> str:
    if not result.loaded:
        return f"{result.path}: could not be loaded"
    if not result.findings:
        return f"{result.path}: ok, {_plural(result.apps, 'app')}, no findings"
    tally = counts(result.findings)
    return (
        f"{result.path}: {_plural(tally[Severity.ERROR], 'error')}, "
        f"{_plural(tally[Severity.WARNING], 'warning')}, {tally[Severity.INFO]} info "
        f"({_plural(result.apps, 'app')})"
    )


def text_lines(results: list[FileResult]) -> list[str]:
    lines: list[str] = []
    for result in results:
        lines += finding_lines(result)
        lines.append(summary_line(result))
    if len(results) > 1:
        errors = sum(r.count(Severity.ERROR) for r in results)
        warnings = sum(r.count(Severity.WARNING) for r in results)
        lines.append(
            f"{_plural(len(results), 'plan')} checked: {_plural(errors, 'error')}, "
            f"{_plural(warnings, 'warning')}"
        )
    return lines


def json_document(results: list[FileResult], strict: bool) -> dict[str, Any]:
    return {
        "format_version": 1,
        "results": [
            {
                "path": r.path,
                "valid": r.loaded and r.passes(strict),
                "errors": r.count(Severity.ERROR),
                "warnings": r.count(Severity.WARNING),
                "infos": r.count(Severity.INFO),
                "findings": [
                    {
                        "code": str(f.code),
                        "severity": str(f.severity),
                        "message": f.message,
                        "app": f.app,
                        "file": r.file_of(index),
                        "line": f.line,
                        "column": f.column,
                    }
                    for index, f in enumerate(r.findings)
                ],
            }
            for r in results
        ],
    }


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"
