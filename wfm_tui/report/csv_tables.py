"""The plan as two CSV tables a spreadsheet opens: its apps, and its links.

Written with the csv module (RFC 4180 quoting, CRLF line ends) and a byte order mark, without
which Excel reads UTF-8 names as Latin-1. A text cell that starts with `=`, `+`, `-`, `@`, a
tab or a carriage return is one a spreadsheet may run as a formula (CSV injection), so it is
written with a leading apostrophe, which spreadsheets take as "this is text"; a cell that
starts with an apostrophe gets one more, so that a program reading the files recovers every
value exactly by dropping one leading apostrophe where there is one (`unguarded`).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from wfm_tui.core.findings import Severity
from wfm_tui.core.operations import shown_value
from wfm_tui.report.topology import Node, Topology

BOM = "\ufeff"
APP_COLUMNS = (
    "name",
    "kind",
    "site",
    "host",
    "port",
    "tls",
    "backup",
    "status",
    "problems",
    "note",
)
LINK_COLUMNS = (
    "source",
    "source_kind",
    "source_site",
    "target",
    "target_kind",
    "target_site",
    "rule",
    "status",
    "problems",
)
_FORMULA_STARTS = frozenset("=+-@\t\r'")


def guarded(cell: str) -> str:
    """A cell's text as written: with a leading apostrophe where a spreadsheet could read it
    as a formula (and where it already starts with one)."""
    return "'" + cell if cell[:1] in _FORMULA_STARTS else cell


def unguarded(cell: str) -> str:
    """The value a cell written by `guarded` holds."""
    return cell[1:] if cell.startswith("'") else cell


def apps_csv(view: Topology) -> str:
    rows = []
    for node in view.apps:
        app = node.app
        assert app is not None
        rows.append(
            (
                node.name,
                app.kind,
                app.site or "",
                app.host or "",
                shown_value(app.port, none=""),
                shown_value(app.tls),
                app.backup or "",
                _status(node.severity),
                " ".join(node.problems),
                app.note or "",
            )
        )
    return _table(APP_COLUMNS, rows)


def links_csv(view: Topology) -> str:
    rows = [
        (
            link.source.name,
            link.source.kind or "",
            _site(link.source),
            link.target.name,
            link.target.kind or "",
            _site(link.target),
            link.mark.describe() if link.mark is not None else "",
            _status(link.severity),
            " ".join(link.problems),
        )
        for link in view.links
    ]
    return _table(LINK_COLUMNS, rows)


def _site(node: Node) -> str:
    return node.app.site or "" if node.app is not None else ""


def _status(severity: Severity | None) -> str:
    return str(severity) if severity is not None else "ok"


def _table(columns: tuple[str, ...], rows: Iterable[tuple[str, ...]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)  # excel dialect: quotes what needs it, CRLF line ends
    writer.writerow(columns)
    # guarded(), inlined: a 10,000-app plan has a quarter of a million cells.
    writer.writerows(
        ["'" + cell if cell[:1] in _FORMULA_STARTS else cell for cell in row] for row in rows
    )
    return BOM + buffer.getvalue()
