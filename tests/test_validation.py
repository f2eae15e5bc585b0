"""validate(): every finding code, triggered and not, with the DESIGN semantics."""

from __future__ import annotations

import pytest

from tests import SAMPLES
from tests.plan_helpers import make_plan, minimal_apps
from wfm_tui.core.catalog import Catalog
from wfm_tui.core.findings import SEVERITY, Code, Finding, Severity
from wfm_tui.core.validation import backup_problem, validate
from wfm_tui.files.plan_file import read_plan


def codes(findings: list[Finding]) -> list[str]:
    return sorted(f.code for f in findings)


def run(catalog: Catalog, apps: dict, **top) -> list[Finding]:
    return validate(make_plan(apps, **top), catalog)


def test_the_minimal_plan_is_clean(catalog: Catalog) -> None:
    assert run(catalog, minimal_apps()) == []


@pytest.mark.parametrize("sample", ["single-site.toml", "multi-site.toml"])
def test_valid_samples_have_no_findings(catalog: Catalog, sample: str) -> None:
    loaded = read_plan(SAMPLES / sample)
    assert validate(loaded.plan, loaded.catalog) == []


def test_missing_connection(catalog: Catalog) -> None:
    apps = minimal_apps()
    apps["S"]["connections"] = ["B"]
    apps["U"] = {"kind": "wfm_database_utility", "connections": ["D"]}
    [finding] = run(catalog, apps)
    assert finding.code == Code.MISSING_CONNECTION
    assert (finding.app, finding.target_kind, finding.feature) == ("S", "dap", None)
    assert finding.severity is Severity.ERROR
    assert "needs exactly one DAP" in finding.message


def test_missing_one_or_more(catalog: Catalog) -> None:
    apps = minimal_apps()
    apps["S"]["connections"] = ["D"]
    found = run(catalog, apps)
    assert [(f.code, f.target_kind) for f in found if f.app == "S"] == [
        (Code.MISSING_CONNECTION, "wfm_builder")
    ]
    assert "at least one WFM Builder" in found[0].message


def test_too_many_connections(catalog: Catalog) -> None:
    apps = minimal_apps()
    apps["D2"] = {"kind": "dap"}
    apps["S"]["connections"] = ["B", "D", "D2"]
    [finding] = run(catalog, apps)
    assert (finding.code, finding.app, finding.target_kind) == (
        Code.TOO_MANY_CONNECTIONS,
        "S",
        "dap",
    )
    assert '"D", "D2"' in finding.message


def test_optional_link_allows_at_most_one(catalog: Catalog) -> None:
    apps = minimal_apps()
    apps["M1"] = {"kind": "message_server"}
    apps["M2"] = {"kind": "message_server"}
    apps["B"]["connections"] = ["S", "M1"]
    assert run(catalog, apps) == []
    apps["B"]["connections"] = ["S", "M1", "M2"]
    assert codes(run(catalog, apps)) == [Code.TOO_MANY_CONNECTIONS]


def test_one_or_more_has_no_maximum(catalog: Catalog) -> None:
    apps = minimal_apps()
    for i in range(5):
        apps[f"B{i}"] = {"kind": "wfm_builder", "connections": ["S"]}
    apps["S"]["connections"] = ["B", "D", *(f"B{i}" for i in range(5))]
    assert run(catalog, apps) == []


def test_connection_not_allowed(catalog: Catalog) -> None:
    apps = minimal_apps()
    apps["B"]["connections"] = ["S", "D"]
    [finding] = run(catalog, apps)
    assert (finding.code, finding.app, finding.target) == (Code.CONNECTION_NOT_ALLOWED, "B", "D")
    assert "WFM Builder -> DAP" in finding.message


def test_framework_objects_may_not_hold_connections(catalog: Catalog) -> None:
    apps = minimal_apps()
    apps["D"]["connections"] = ["S"]
    assert codes(run(catalog, apps)) == [Code.CONNECTION_NOT_ALLOWED]


def test_unknown_target(catalog: Catalog) -> None:
    apps = minimal_apps()
    apps["S"]["connections"] = ["B", "D", "Nowhere"]
    [finding] = run(catalog, apps)
    assert (finding.code, finding.target) == (Code.UNKNOWN_TARGET, "Nowhere")


def test_self_connection(catalog: Catalog) -> None:
    apps = minimal_apps()
    apps["S"]["connections"] = ["B", "D", "S"]
    [finding] = run(catalog, apps)
    assert (finding.code, finding.app, finding.target) == (Code.SELF_CONNECTION, "S", "S")


def test_a_self_link_does_not_join_a_multi_site_group(catalog: Catalog) -> None:
    apps = minimal_apps()
    apps["S"]["connections"] = ["B", "D", "S"]
    apps["S2"] = {"kind": "wfm_server", "connections": ["B", "D", "S2"], "backup": "S"}
    apps["S3"] = {"kind": "wfm_server", "connections": ["B", "D"]}
    found = run(catalog, apps, features={"multi_site": True})
    assert Code.MULTI_SITE_SPLIT in codes(found)


def test_duplicate_counts_once(catalog: Catalog) -> None:
    apps = minimal_apps()
    apps["S"]["connections"] = ["B", "D", "D"]
    [finding] = run(catalog, apps)  # one DAP listed twice is still exactly one DAP
    assert (finding.code, finding.target) == (Code.DUPLICATE_CONNECTION, "D")
    assert finding.severity is Severity.WARNING


def test_unreferenced_app(catalog: Catalog) -> None:
    apps = minimal_apps()
    apps["Stat"] = {"kind": "stat_server"}
    apps["D2"] = {"kind": "dap"}
    apps["Msg"] = {"kind": "message_server"}  # not a required target kind: no warning
    found = run(catalog, apps)
    assert sorted((f.code, f.app) for f in found) == [
        (Code.UNREFERENCED_APP, "D2"),
        (Code.UNREFERENCED_APP, "Stat"),
    ]
    assert all(f.severity is Severity.WARNING for f in found)


def test_a_backup_is_referenced_by_its_primary(catalog: Catalog) -> None:
    apps = minimal_apps()
    apps["S"]["backup"] = "S2"
    apps["S2"] = {"kind": "wfm_server", "connections": ["B", "D"]}
    assert run(catalog, apps) == []


def test_port_conflict_one_finding_per_shared_port(catalog: Catalog) -> None:
    apps = minimal_apps()
    apps["S"] |= {"host": "wfm01", "port": 7000}
    apps["B"] |= {"host": "WFM01", "port": 7000}  # host names are case-insensitive
    apps["D"] |= {"host": "wfm01", "port": 7000}
    [finding] = run(catalog, apps)
    assert finding.code == Code.PORT_CONFLICT
    assert finding.message == (
        '2 applications listen on port 7000 of "wfm01" ("S", "B"), an address also named by '
        '"D" (configured, not run)'
    )


def test_same_port_on_other_hosts_is_fine(catalog: Catalog) -> None:
    apps = minimal_apps()
    apps["S"] |= {"host": "wfm01", "port": 7000}
    apps["B"] |= {"host": "wfm02", "port": 7000}
    apps["D"] |= {"port": 7000}  # no host: nothing to compare
    assert run(catalog, apps) == []


def test_daps_of_one_database_share_its_address(catalog: Catalog) -> None:
    """Framework Database Connectivity, "Database Access Points": a DAP is configured, not
    installed, and several may name one database ("register one DAP for each possible
    connection"). Their host and port are the database's: no port conflict among them."""
    apps = minimal_apps()
    apps["U"] = {"kind": "wfm_database_utility", "connections": ["D2"]}
    apps["D"] |= {"host": "db01", "port": 1433}
    apps["D2"] = {"kind": "dap", "host": "DB01", "port": 1433}
    assert run(catalog, apps) == []


def test_a_dap_and_a_server_on_one_address_conflict(catalog: Catalog) -> None:
    """The database listens at a DAP's address: any app that listens there too conflicts."""
    apps = minimal_apps()
    apps["U"] = {"kind": "wfm_database_utility", "connections": ["D2"]}
    apps["D"] |= {"host": "db01", "port": 1433}
    apps["D2"] = {"kind": "dap", "host": "db01", "port": 1433}
    apps["S"] |= {"host": "db01", "port": 1433}
    [finding] = run(catalog, apps)
    assert finding.code == Code.PORT_CONFLICT
    # The DAPs listen nowhere: the message says who listens and who names the address.
    assert finding.message == (
        '1 application listens on port 1433 of "db01" ("S"), an address also named by "D", '
        '"D2" (configured, not run)'
    )


@pytest.mark.parametrize(("kind", "expected"), [("wfm_web", True), ("wfm_daemon", True)])
def test_tls_procedure_for_web_and_daemon(catalog: Catalog, kind: str, expected: bool) -> None:
    apps = minimal_apps()
    apps["X"] = {"kind": kind, "tls": True, "connections": ["S"]}
    found = run(catalog, apps)
    assert codes(found) == [Code.TLS_PROCEDURE]
    assert found[0].severity is Severity.INFO


def test_no_tls_procedure_for_security_guide_kinds(catalog: Catalog) -> None:
    apps = minimal_apps()
    apps["S"]["tls"] = True
    apps["B"]["tls"] = True
    apps["W"] = {"kind": "wfm_web", "tls": False, "connections": ["S"]}
    assert run(catalog, apps) == []


def test_management_layer_requires_message_server(catalog: Catalog) -> None:
    found = run(catalog, minimal_apps(), features={"management_layer": True})
    assert sorted((f.code, f.app, f.feature) for f in found) == [
        (Code.MISSING_CONNECTION, "B", "management_layer"),
        (Code.MISSING_CONNECTION, "S", "management_layer"),
    ]
    assert all("because management layer is on" in f.message for f in found)


def test_scheduled_reporting_requires_daemon_to_web(catalog: Catalog) -> None:
    apps = minimal_apps()
    apps["Daemon"] = {"kind": "wfm_daemon", "connections": ["S"]}
    apps["Web"] = {"kind": "wfm_web", "connections": ["S"]}
    assert run(catalog, apps) == []
    [finding] = run(catalog, apps, features={"scheduled_reporting": True})
    assert (finding.code, finding.app, finding.target_kind, finding.feature) == (
        Code.MISSING_CONNECTION,
        "Daemon",
        "wfm_web",
        "scheduled_reporting",
    )
    assert "because scheduled reporting is on" in finding.message


def test_multi_site_requires_servers_to_be_connected(catalog: Catalog) -> None:
    apps = minimal_apps()
    apps["S2"] = {"kind": "wfm_server", "connections": ["B", "D"]}
    found = run(catalog, apps, features={"multi_site": True})
    assert sorted((f.code, f.app) for f in found) == [
        (Code.MULTI_SITE_SPLIT, "S2"),
        (Code.UNREFERENCED_APP, "S2"),
    ]
    apps["S"]["connections"].append("S2")  # one direction is enough
    assert run(catalog, apps, features={"multi_site": True}) == []


def test_unknown_backup(catalog: Catalog) -> None:
    apps = minimal_apps()
    apps["S"]["backup"] = "Ghost"
    assert codes(run(catalog, apps)) == [Code.UNKNOWN_BACKUP]
    apps["S"]["backup"] = "S"
    [finding] = run(catalog, apps)
    assert finding.code == Code.UNKNOWN_BACKUP
    assert "itself" in finding.message


def test_backup_kind_mismatch(catalog: Catalog) -> None:
    apps = minimal_apps()
    apps["S"]["backup"] = "B"
    assert codes(run(catalog, apps)) == [Code.BACKUP_KIND_MISMATCH]


@pytest.mark.parametrize(
    ("backup", "problem", "code"),
    [
        ("S2", None, None),
        ("Ghost", "is not in the plan", Code.UNKNOWN_BACKUP),
        ("S", "is the application itself", Code.UNKNOWN_BACKUP),
        ("B", "is a WFM Builder: a backup must be of the same kind", Code.BACKUP_KIND_MISMATCH),
    ],
)
def test_backup_problem_is_the_rule_of_the_findings(
    catalog: Catalog, backup: str, problem: str | None, code: Code | None
) -> None:
    """The properties dialog checks the backup field with backup_problem: it refuses exactly
    what the findings would report."""
    apps = minimal_apps()
    apps["S2"] = {"kind": "wfm_server", "connections": ["B", "D"]}
    apps["B"]["connections"] = ["S", "S2"]
    apps["S"]["backup"] = backup
    plan = make_plan(apps)
    assert backup_problem("S", "wfm_server", backup, plan.apps, catalog) == problem
    backup_codes = {Code.UNKNOWN_BACKUP, Code.BACKUP_KIND_MISMATCH}
    found = [f for f in validate(plan, catalog) if f.code in backup_codes]
    assert [f.code for f in found] == ([code] if code else [])
    if problem is not None and code is Code.UNKNOWN_BACKUP:
        assert found[0].message.endswith(problem)


def test_backup_not_supported(catalog: Catalog) -> None:
    apps = minimal_apps()
    apps["B"]["backup"] = "B2"
    apps["B2"] = {"kind": "wfm_builder", "connections": ["S"]}
    assert codes(run(catalog, apps)) == [Code.BACKUP_NOT_SUPPORTED]


@pytest.mark.parametrize("kind", ["stat_server", "message_server", "dap"])
def test_framework_kinds_take_a_backup(catalog: Catalog, kind: str) -> None:
    apps = minimal_apps()
    apps["P"] = {"kind": kind, "backup": "P2", "host": "h1"}
    apps["P2"] = {"kind": kind, "host": "h2"}
    assert Code.BACKUP_NOT_SUPPORTED not in codes(run(catalog, apps))


def test_too_many_instances(catalog: Catalog) -> None:
    apps = minimal_apps()
    apps["D1"] = {"kind": "wfm_daemon", "connections": ["S"]}
    assert run(catalog, apps) == []
    apps["D2"] = {"kind": "wfm_daemon", "connections": ["S"]}
    [finding] = run(catalog, apps)
    assert (finding.code, finding.app) == (Code.TOO_MANY_INSTANCES, "D2")


def test_every_code_has_a_severity() -> None:
    assert set(SEVERITY) == set(Code)


def test_broken_sample_shows_many_codes() -> None:
    loaded = read_plan(SAMPLES / "broken.toml")
    found = set(codes(validate(loaded.plan, loaded.catalog)))
    assert found == {
        Code.MISSING_CONNECTION,
        Code.TOO_MANY_CONNECTIONS,
        Code.CONNECTION_NOT_ALLOWED,
        Code.UNKNOWN_TARGET,
        Code.SELF_CONNECTION,
        Code.DUPLICATE_CONNECTION,
        Code.UNREFERENCED_APP,
        Code.PORT_CONFLICT,
        Code.TLS_PROCEDURE,
        Code.UNKNOWN_BACKUP,
    }


def test_sample_features_are_what_they_claim() -> None:
    single = read_plan(SAMPLES / "single-site.toml").plan
    assert single.features.management_layer
    assert single.features.scheduled_reporting
    multi = read_plan(SAMPLES / "multi-site.toml").plan
    assert multi.features.multi_site
    assert len({app.site for app in multi.apps.values() if app.site}) == 3
    servers = [a for a in multi.apps.values() if a.kind == "wfm_server"]
    assert all(any(multi.apps[t].kind == "wfm_server" for t in s.connections) for s in servers)


def test_names_in_messages_are_quoted_and_escaped(catalog: Catalog) -> None:
    apps = minimal_apps()
    apps["S"]["connections"] = ["B", "D", 'x"\\y']
    [finding] = run(catalog, apps)
    assert '"x\\"\\\\y"' in finding.message


def test_an_app_that_is_its_own_backup_is_still_unused(catalog: Catalog) -> None:
    apps = minimal_apps() | {"Stat": {"kind": "stat_server", "backup": "Stat"}}
    assert codes(run(catalog, apps)) == [Code.UNKNOWN_BACKUP, Code.UNREFERENCED_APP]
