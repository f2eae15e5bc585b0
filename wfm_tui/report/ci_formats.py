"""`check`'s results for CI and code review: SARIF 2.1.0 (GitHub code scanning, GitLab), GitHub
workflow-command annotations, and JUnit XML (GitLab, Jenkins)."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote as url_quote

from wfm_tui.core.findings import Code, Finding, Severity
from wfm_tui.core.names import location, printable
from wfm_tui.report.check_results import FileResult, location_safe, summary_line

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_SARIF_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
_GITHUB_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
INFORMATION_URI = "https://github.com/wfm-tui/wfm-tui#finding-codes"


def sarif_document(results: list[FileResult], version: str) -> dict[str, Any]:
    codes = list(Code)
    index = {code: i for i, code in enumerate(codes)}
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "wfm-tui",
                        "version": version,
                        "informationUri": INFORMATION_URI,
                        "rules": [
                            {
                                "id": str(code),
                                "name": _rule_name(code),
                                "shortDescription": {"text": code.summary},
                                "defaultConfiguration": {"level": _SARIF_LEVEL[code.severity]},
                            }
                            for code in codes
                        ],
                    }
                },
                "results": [
                    _sarif_result(result.file_of(i), finding, index[finding.code])
                    for result in results
                    for i, finding in enumerate(result.findings)
                ],
            }
        ],
    }


def _rule_name(code: Code) -> str:
    return "".join(part.capitalize() for part in str(code).split("-"))


def _sarif_result(path: str, finding: Finding, rule_index: int) -> dict[str, Any]:
    region: dict[str, int] = {}
    if finding.line is not None:
        region["startLine"] = finding.line
        if finding.column is not None:
            region["startColumn"] = finding.column
    physical: dict[str, Any] = {"artifactLocation": {"uri": _uri(path)}}
    if region:
        physical["region"] = region
    result: dict[str, Any] = {
        "ruleId": str(finding.code),
        "ruleIndex": rule_index,
        "level": _SARIF_LEVEL[finding.severity],
        "message": {"text": finding.message},
        "locations": [{"physicalLocation": physical}],
    }
    if finding.app is not None:
        result["properties"] = {"app": finding.app}
    return result


def _uri(path: str) -> str:
    """A path as a SARIF artifact URI: relative paths stay relative (code scanning resolves them
    against the repository), with forward slashes and percent escapes."""
    uri = url_quote(path.replace("\\", "/"), safe="/:")
    return f"file://{uri}" if path.startswith("/") else uri


def github_lines(results: list[FileResult]) -> list[str]:
    """One workflow command per finding: `::error file=...,line=...,col=...,title=CODE::text`."""
    lines = []
    for result in results:
        for i, finding in enumerate(result.findings):
            props = [f"file={_gh_property(result.file_of(i))}"]
            if finding.line is not None:
                props.append(f"line={finding.line}")
                if finding.column is not None:
                    props.append(f"col={finding.column}")
            props.append(f"title={_gh_property(str(finding.code))}")
            level = _GITHUB_LEVEL[finding.severity]
            lines.append(f"::{level} {','.join(props)}::{_gh_data(finding.message)}")
    return lines


def _gh_data(text: str) -> str:
    # GitHub's own escaping for a command's message: %, CR and LF.
    return printable(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def _gh_property(text: str) -> str:
    # Properties also escape the separators of the property list.
    return _gh_data(text).replace(":", "%3A").replace(",", "%2C")


def junit_xml(results: list[FileResult], strict: bool) -> str:
    """One test case per plan: it fails with one <failure> per error (and warning, when
    strict), or errors with one <error> per problem when the file cannot be loaded."""
    cases = []
    failures = errors = 0
    for result in results:
        body: list[str] = []
        if not result.loaded:
            errors += 1
            for i, finding in enumerate(result.findings):
                body.append(_junit_element("error", result.file_of(i), finding))
        else:
            failing = [
                (i, f)
                for i, f in enumerate(result.findings)
                if f.severity is Severity.ERROR or (strict and f.severity is Severity.WARNING)
            ]
            if failing:
                failures += 1
            body += [_junit_element("failure", result.file_of(i), f) for i, f in failing]
        others = [
            f"{location(result.file_of(i), f.line, f.column)}: {f.severity}[{f.code}]: "
            f"{location_safe(f.message)}"
            for i, f in enumerate(result.findings)
            if result.loaded and f.severity is not Severity.ERROR
        ]
        # Each line escaped on its own: the line breaks between them stay line breaks.
        out = "\n".join(_xml_text(line) for line in [*others, summary_line(result)])
        body.append(f"<system-out>{out}</system-out>")
        cases.append(
            f'  <testcase classname="wfm-tui.check" name={_xml_attr(result.path)}>\n    '
            + "\n    ".join(body)
            + "\n  </testcase>"
        )
    header = (
        f'<testsuite name="wfm-tui check" tests="{len(results)}" failures="{failures}" '
        f'errors="{errors}">'
    )
    return "\n".join(['<?xml version="1.0" encoding="UTF-8"?>', header, *cases, "</testsuite>"])


def _junit_element(tag: str, path: str, finding: Finding) -> str:
    where = location(path, finding.line, finding.column)
    text = f"{where}: {finding.severity}[{finding.code}]: {finding.message}"
    return (
        f"<{tag} type={_xml_attr(str(finding.code))} message={_xml_attr(finding.message)}>"
        f"{_xml_text(text)}</{tag}>"
    )


# xml.sax.saxutils is imported where JUnit is written: it imports urllib.request, and with it
# http and email, which every `check` paid for (some 7 ms of its start).
def _xml_attr(text: str) -> str:
    from xml.sax.saxutils import quoteattr

    return quoteattr(_xml_safe(text))


def _xml_text(text: str) -> str:
    from xml.sax.saxutils import escape

    return escape(_xml_safe(text))


def _xml_safe(text: str) -> str:
    # XML 1.0 cannot hold most control characters even as references: show them escaped.
    return printable(text)
