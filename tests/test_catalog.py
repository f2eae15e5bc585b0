"""The bundled catalog against DOMAIN.md's cleaned table, cell by cell."""

from __future__ import annotations

import pytest

from wfm_tui.core.catalog import Catalog, Mark
from wfm_tui.files.bundled import bundled_text
from wfm_tui.files.catalogs import UnknownCatalogError, catalog_ids, load_catalog

# Transcribed from shared/DOMAIN.md, "The connections table (WFM 8.5.2), cleaned". The table has no
# Database Utility column: nothing connects to it, so that column is "-" throughout.
DOMAIN_TABLE = """
source               | Server | Builder | Daemon | Data Aggr. | Web | DAP | Stat Server | Msg Server
WFM Server           | (X+)   | X+      | -      | (X+)       | -   | X   | -           | (X)
WFM Builder          | X      | -       | -      | -          | -   | -   | -           | (X)
WFM Daemon           | X      | -       | -      | -          | (X) | -   | -           | (X)
WFM Data Aggregator  | X      | -       | -      | -          | -   | X   | X           | (X)
WFM Web              | X      | -       | -      | -          | (X) | -   | -           | (X)
WFM Database Utility | -      | -       | -      | -          | -   | X   | -           | -
"""
COLUMNS = [
    "wfm_server",
    "wfm_builder",
    "wfm_daemon",
    "wfm_data_aggregator",
    "wfm_web",
    "dap",
    "stat_server",
    "message_server",
]
ROWS = {
    "WFM Server": "wfm_server",
    "WFM Builder": "wfm_builder",
    "WFM Daemon": "wfm_daemon",
    "WFM Data Aggregator": "wfm_data_aggregator",
    "WFM Web": "wfm_web",
    "WFM Database Utility": "wfm_database_utility",
}


# The 8.5.1 page (Documentation/WM/8.5.1/Admin/DataFlow): the WFM Server row reads
# "(X+) X+ X X (X)", the other rows as 8.5.2's.
TABLE_851 = """
source               | Server | Builder | Daemon | Data Aggr. | Web | DAP | Stat Server | Msg Server
WFM Server           | (X+)   | X+      | -      | X          | -   | X   | -           | (X)
WFM Builder          | X      | -       | -      | -          | -   | -   | -           | (X)
WFM Daemon           | X      | -       | -      | -          | (X) | -   | -           | (X)
WFM Data Aggregator  | X      | -       | -      | -          | -   | X   | X           | (X)
WFM Web              | X      | -       | -      | -          | (X) | -   | -           | (X)
WFM Database Utility | -      | -       | -      | -          | -   | X   | -           | -
"""


def _expected(table: str = DOMAIN_TABLE) -> dict[tuple[str, str], str]:
    cells: dict[tuple[str, str], str] = {}
    for line in table.strip().splitlines()[1:]:
        label, *marks = (part.strip() for part in line.split("|"))
        for column, mark in zip(COLUMNS, marks, strict=True):
            cells[(ROWS[label], column)] = mark
        cells[(ROWS[label], "wfm_database_utility")] = "-"
    return cells


EXPECTED = _expected()
EXPECTED_851 = _expected(TABLE_851)


def test_the_table_has_six_rows_of_nine_cells(catalog: Catalog) -> None:
    assert len(EXPECTED) == 6 * 9
    assert list(catalog.connections) == list(ROWS.values())
    assert all(len(row) == 9 for row in catalog.connections.values())


@pytest.mark.parametrize(("source", "target"), sorted(EXPECTED))
def test_cell(catalog: Catalog, source: str, target: str) -> None:
    assert catalog.connections[source][target] is Mark(EXPECTED[(source, target)])


@pytest.mark.parametrize(("source", "target"), sorted(EXPECTED_851))
def test_cell_851(source: str, target: str) -> None:
    catalog = load_catalog("genesys-wfm-8.5.1")
    assert catalog.connections[source][target] is Mark(EXPECTED_851[(source, target)])


def test_851_differs_from_852_in_one_cell_and_its_ha_facts() -> None:
    old, new = load_catalog("genesys-wfm-8.5.1"), load_catalog("genesys-wfm-8.5.2")
    assert {k for k in EXPECTED if EXPECTED[k] != EXPECTED_851[k]} == {
        ("wfm_server", "wfm_data_aggregator")
    }
    assert list(old.kinds) == list(new.kinds)
    # No 8.5.1 High Availability page was found: a backup is accepted, no client fails over.
    assert old.kinds["wfm_server"].ha == "warm-standby"
    assert old.kinds["wfm_server"].failover == ()
    assert new.kinds["wfm_server"].failover == ("wfm_web", "wfm_data_aggregator", "wfm_builder")
    # Mandatory to configure in 8.5.1, but losing it costs adherence data in both (inference).
    assert old.loss("wfm_server", "wfm_data_aggregator") == "adherence_data"
    assert new.loss("wfm_server", "wfm_data_aggregator") == "adherence_data"


def test_ha_facts_852(catalog: Catalog) -> None:
    ha = {kind: spec.ha for kind, spec in catalog.kinds.items() if spec.ha}
    assert ha == {
        "wfm_server": "warm-standby",
        "wfm_data_aggregator": "hot-standby",
        "dap": "warm-standby",
        "stat_server": "hot-standby",
        "message_server": "warm-standby",
    }
    failover = {kind: spec.failover for kind, spec in catalog.kinds.items() if spec.failover}
    assert failover == {
        "wfm_server": ("wfm_web", "wfm_data_aggregator", "wfm_builder"),
        # "take over automatically ... no delay or loss of data" (High Availability)
        "wfm_data_aggregator": ("wfm_server",),
    }


def test_every_allowed_link_says_what_its_loss_means(catalog: Catalog) -> None:
    for source, row in catalog.connections.items():
        for target, mark in row.items():
            loss = catalog.loss(source, target)
            assert (loss is not None) == mark.allowed, (source, target)
    # The DAP is a hard dependency; Builders and Stat Servers are capabilities.
    assert {
        catalog.loss(s, "dap") for s in catalog.connections if catalog.mark(s, "dap").allowed
    } == {"down"}
    assert catalog.loss("wfm_server", "wfm_builder") == "schedule_building"
    assert catalog.loss("wfm_data_aggregator", "stat_server") == "statistics_feed"


def test_kinds_and_titles(catalog: Catalog) -> None:
    assert list(catalog.kinds) == [
        "wfm_server",
        "wfm_builder",
        "wfm_daemon",
        "wfm_data_aggregator",
        "wfm_web",
        "wfm_database_utility",
        "dap",
        "stat_server",
        "message_server",
    ]
    assert catalog.kind_title("wfm_data_aggregator") == "WFM Data Aggregator"
    assert [k for k, spec in catalog.kinds.items() if spec.framework] == [
        "dap",
        "stat_server",
        "message_server",
    ]


def test_framework_objects_hold_no_connections(catalog: Catalog) -> None:
    for kind in ("dap", "stat_server", "message_server"):
        assert kind not in catalog.connections
        assert all(catalog.mark(kind, t) is Mark.NOT_ALLOWED for t in catalog.kinds)


def test_tls_procedures(catalog: Catalog) -> None:
    procedure = {kind: spec.tls for kind, spec in catalog.kinds.items()}
    assert procedure["wfm_server"] == procedure["wfm_builder"] == "security-guide"
    assert procedure["wfm_data_aggregator"] == "security-guide"
    assert procedure["wfm_web"] == procedure["wfm_daemon"] == "wfm"


def test_management_layer_raises_every_optional_message_server_link(catalog: Catalog) -> None:
    rules = catalog.rules(frozenset({"management_layer"}))
    for source in catalog.connections:
        rule = rules[source]["message_server"]
        if catalog.mark(source, "message_server") is Mark.OPTIONAL:
            assert (rule.mark, rule.feature) == (Mark.ONE, "management_layer")
        else:
            assert rule.mark is Mark.NOT_ALLOWED


def test_scheduled_reporting_raises_daemon_to_web(catalog: Catalog) -> None:
    rule = catalog.rules(frozenset({"scheduled_reporting"}))["wfm_daemon"]["wfm_web"]
    assert (rule.mark, rule.base, rule.feature) == (Mark.ONE, Mark.OPTIONAL, "scheduled_reporting")
    assert catalog.rules(frozenset())["wfm_web"]["wfm_web"].mark is Mark.OPTIONAL


def test_multi_site_raises_no_mark(catalog: Catalog) -> None:
    # Footnote 2 says a WFM Server *may* link to others: the rule is connectivity, not a mark.
    rule = catalog.rules(frozenset({"multi_site"}))["wfm_server"]["wfm_server"]
    assert (rule.mark, rule.feature) == (Mark.ANY, None)
    assert catalog.features["multi_site"].connects == "wfm_server"


def test_features_do_not_touch_other_cells(catalog: Catalog) -> None:
    plain = catalog.rules(frozenset())
    everything = catalog.rules(frozenset(catalog.features))
    changed = {
        (s, t)
        for s, row in plain.items()
        for t, rule in row.items()
        if rule.mark is not everything[s][t].mark
    }
    assert changed == {
        ("wfm_server", "message_server"),
        ("wfm_builder", "message_server"),
        ("wfm_daemon", "message_server"),
        ("wfm_data_aggregator", "message_server"),
        ("wfm_web", "message_server"),
        ("wfm_daemon", "wfm_web"),
    }


def test_required_target_kinds(catalog: Catalog) -> None:
    assert catalog.required_target_kinds == {"wfm_server", "wfm_builder", "dap", "stat_server"}


@pytest.mark.parametrize(
    ("mark", "minimum", "maximum"),
    [("X", 1, 1), ("X+", 1, None), ("(X)", 0, 1), ("(X+)", 0, None), ("-", 0, 0)],
)
def test_mark_bounds(mark: str, minimum: int, maximum: int | None) -> None:
    assert (Mark(mark).minimum, Mark(mark).maximum) == (minimum, maximum)


def test_a_row_missing_a_cell_is_refused() -> None:
    import tomli

    data = tomli.loads(bundled_text("wfm_tui.catalogs", "genesys-wfm-8.5.2"))
    del data["connections"]["wfm_web"]["dap"]
    with pytest.raises(ValueError, match="must name every kind"):
        Catalog.model_validate(data)


def test_a_feature_may_not_make_a_forbidden_link_required() -> None:
    import tomli

    data = tomli.loads(bundled_text("wfm_tui.catalogs", "genesys-wfm-8.5.2"))
    data["features"]["scheduled_reporting"]["raises"][0]["target"] = "stat_server"
    with pytest.raises(ValueError, match="may only raise an optional mark"):
        Catalog.model_validate(data)


def test_unknown_catalog() -> None:
    assert catalog_ids() == ("genesys-wfm-8.5.1", "genesys-wfm-8.5.2")
    with pytest.raises(UnknownCatalogError):
        load_catalog("genesys-wfm-9")
