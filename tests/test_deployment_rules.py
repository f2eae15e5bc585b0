"""Rules about the deployment as a whole: features that need apps, multi-site connectivity,
backups on one host, Data Aggregators per site. Each case that the docs allow stays clean."""

from __future__ import annotations

from tests import SAMPLES
from tests.plan_helpers import make_plan, minimal_apps
from wfm_tui.core.catalog import Catalog
from wfm_tui.core.findings import Code, Finding, Severity
from wfm_tui.core.validation import validate
from wfm_tui.files.plan_file import read_plan

MULTI = {"multi_site": True}


def run(catalog: Catalog, apps: dict, **features: bool) -> list[Finding]:
    return validate(make_plan(apps, features=features), catalog)


def servers(*names: str, links: dict[str, list[str]] | None = None) -> dict:
    """A plan of WFM Servers sharing one Builder and one DAP, linked as `links` says."""
    links = links or {}
    apps: dict = {
        "B": {"kind": "wfm_builder", "connections": [names[0]]},
        "D": {"kind": "dap"},
    }
    for name in names:
        apps[name] = {"kind": "wfm_server", "connections": ["B", "D", *links.get(name, [])]}
    return apps


def of(code: Code, findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.code is code]


# multi_site


def test_a_single_server_with_multi_site_is_no_error(catalog: Catalog) -> None:
    [finding] = run(catalog, minimal_apps(), **MULTI)
    assert finding.code is Code.FEATURE_NEEDS_APP
    assert finding.severity is Severity.WARNING
    assert (finding.feature, finding.target_kind, finding.app) == ("multi_site", "wfm_server", None)
    assert "1 primary WFM Server application: it joins two or more" in finding.message


def test_a_server_and_its_backup_are_one_primary(catalog: Catalog) -> None:
    apps = servers("S", "S-backup")
    apps["S"]["backup"] = "S-backup"
    apps["S"]["host"], apps["S-backup"]["host"] = "h1", "h2"
    [finding] = run(catalog, apps, **MULTI)
    assert finding.code is Code.FEATURE_NEEDS_APP  # one primary: nothing to join, no split


def test_a_hub_that_lists_the_others_is_enough(catalog: Catalog) -> None:
    # The hub ("locator") layout: only London lists the others; Leeds and Dublin list no server.
    apps = servers("London", "Leeds", "Dublin", links={"London": ["Leeds", "Dublin"]})
    assert run(catalog, apps, **MULTI) == []


def test_a_chain_is_one_group(catalog: Catalog) -> None:
    apps = servers("A", "B1", "C", links={"A": ["B1"], "C": ["B1"]})
    assert of(Code.MULTI_SITE_SPLIT, run(catalog, apps, **MULTI)) == []


def test_a_link_to_a_backup_joins_its_primary(catalog: Catalog) -> None:
    apps = servers("London", "London B", "Leeds", links={"Leeds": ["London B"]})
    apps["London"]["backup"] = "London B"
    assert of(Code.MULTI_SITE_SPLIT, run(catalog, apps, **MULTI)) == []


def test_a_link_from_a_backup_joins_its_primary(catalog: Catalog) -> None:
    # The backup stands for its primary as a source too, and the link may go either way.
    apps = servers("London", "London B", "Leeds", links={"London B": ["Leeds"]})
    apps["London"]["backup"] = "London B"
    assert of(Code.MULTI_SITE_SPLIT, run(catalog, apps, **MULTI)) == []
    apps["London B"]["connections"].remove("Leeds")
    [split] = of(Code.MULTI_SITE_SPLIT, run(catalog, apps, **MULTI))
    assert (split.app, split.target) == ("Leeds", "London")  # the backup is not a primary


def test_disconnected_groups_give_one_finding_each(catalog: Catalog) -> None:
    apps = servers(
        "London",
        "Leeds",
        "Dublin",
        "Paris",
        "Lyon",
        links={"London": ["Leeds", "Dublin"], "Paris": ["Lyon"]},
    )
    apps["Oslo"] = {"kind": "wfm_server", "connections": ["B", "D"]}
    found = of(Code.MULTI_SITE_SPLIT, run(catalog, apps, **MULTI))
    assert [(f.app, f.target, f.severity) for f in found] == [
        ("Paris", "London", Severity.ERROR),
        ("Oslo", "London", Severity.ERROR),
    ]
    paris, oslo = found
    assert 'WFM Server applications "Paris", "Lyon" are not connected' in paris.message
    assert '("London", "Leeds", "Dublin")' in paris.message
    assert 'a link "Paris" -> "London" (or back) would join them' in paris.message
    assert oslo.message.startswith('WFM Server "Oslo" is not connected')


def test_split_is_not_checked_without_multi_site(catalog: Catalog) -> None:
    apps = servers("London", "Leeds")
    assert of(Code.MULTI_SITE_SPLIT, run(catalog, apps)) == []
    assert of(Code.FEATURE_NEEDS_APP, run(catalog, minimal_apps())) == []


def test_a_long_split_message_lists_five_names(catalog: Catalog) -> None:
    names = [f"S{i}" for i in range(12)]
    apps = servers(*names, "Alone", links={"S0": names[1:]})
    [finding] = of(Code.MULTI_SITE_SPLIT, run(catalog, apps, **MULTI))
    assert '"S4" and 7 more' in finding.message


# scheduled_reporting


def test_scheduled_reporting_needs_a_daemon_and_a_web(catalog: Catalog) -> None:
    found = run(catalog, minimal_apps(), scheduled_reporting=True)
    assert sorted((f.code, f.target_kind, f.severity) for f in found) == [
        (Code.FEATURE_NEEDS_APP, "wfm_daemon", Severity.ERROR),
        (Code.FEATURE_NEEDS_APP, "wfm_web", Severity.ERROR),
    ]
    assert "scheduled reporting is on, but the plan has no WFM Daemon" in found[0].message


def test_scheduled_reporting_with_both_apps_needs_nothing_more(catalog: Catalog) -> None:
    apps = minimal_apps()
    apps["Web"] = {"kind": "wfm_web", "connections": ["S"]}
    apps["Daemon"] = {"kind": "wfm_daemon", "connections": ["S", "Web"]}
    assert run(catalog, apps, scheduled_reporting=True) == []
    del apps["Web"]
    apps["Daemon"]["connections"] = ["S"]
    found = run(catalog, apps, scheduled_reporting=True)
    assert sorted(f.code for f in found) == [Code.FEATURE_NEEDS_APP, Code.MISSING_CONNECTION]


# backup-same-host


def test_backup_on_the_same_host_warns(catalog: Catalog) -> None:
    apps = servers("S", "S2")
    apps["S"] |= {"backup": "S2", "host": "wfm01.Corp"}
    apps["S2"]["host"] = "WFM01.corp"  # host names ignore case
    [finding] = run(catalog, apps)
    assert (finding.code, finding.app, finding.target) == (Code.BACKUP_SAME_HOST, "S", "S2")
    assert finding.severity is Severity.WARNING


def test_backup_on_another_host_or_unknown_host_is_fine(catalog: Catalog) -> None:
    apps = servers("S", "S2")
    apps["S"] |= {"backup": "S2", "host": "wfm01"}
    assert run(catalog, apps) == []  # the backup's host is not known
    apps["S2"]["host"] = "wfm02"
    assert run(catalog, apps) == []


# shared-backup


def test_one_backup_for_two_primaries_is_an_error(catalog: Catalog) -> None:
    """Configuration Platform SDK, CfgServer.backupServerDBID: "One backup server cannot be
    associated with more than one primary server"."""
    apps = servers("S1", "S2", "S3", "SB")
    for name in ("S1", "S2", "S3"):
        apps[name]["backup"] = "SB"
    [finding] = of(Code.SHARED_BACKUP, run(catalog, apps))
    assert (finding.app, finding.target) == ("S2", "SB")
    assert finding.severity is Severity.ERROR
    assert finding.message == (
        '3 applications name "SB" as their backup ("S1", "S2", "S3"): '
        "a backup serves one primary only"
    )


def test_a_backup_each_is_fine(catalog: Catalog) -> None:
    apps = servers("S1", "S2", "SB1", "SB2")
    apps["S1"]["backup"], apps["S2"]["backup"] = "SB1", "SB2"
    assert of(Code.SHARED_BACKUP, run(catalog, apps)) == []


def test_framework_pairs_are_clean(catalog: Catalog) -> None:
    apps = minimal_apps()
    apps["DA"] = {"kind": "wfm_data_aggregator", "connections": ["S", "D", "Stat"]}
    apps["S"]["connections"].append("DA")
    apps["Stat"] = {"kind": "stat_server", "backup": "Stat B", "host": "g1"}
    apps["Stat B"] = {"kind": "stat_server", "host": "g2"}
    apps["Msg"] = {"kind": "message_server", "backup": "Msg B", "host": "g1", "port": 4020}
    apps["Msg B"] = {"kind": "message_server", "host": "g2", "port": 4020}
    apps["D"] |= {"backup": "D B", "host": "g1"}
    apps["D B"] = {"kind": "dap", "host": "g2"}
    assert run(catalog, apps) == []
    # The same pairs of a kind without HA do warn: the rule is on, the Framework kinds take it.
    apps["B2"] = {"kind": "wfm_builder", "connections": ["S"]}
    apps["B"]["backup"] = "B2"
    assert [f.code for f in run(catalog, apps)] == [Code.BACKUP_NOT_SUPPORTED]


# data-aggregators-per-site


def aggregators(*sites: str | None) -> dict:
    apps = minimal_apps() | {"Stat": {"kind": "stat_server"}}
    for index, site in enumerate(sites):
        name = f"DA{index}"
        apps[name] = {"kind": "wfm_data_aggregator", "connections": ["S", "D", "Stat"]}
        if site is not None:
            apps[name]["site"] = site
        apps["S"]["connections"].append(name)
    return apps


def test_two_data_aggregators_on_one_site_warn(catalog: Catalog) -> None:
    [finding] = run(catalog, aggregators("London", "London", "Leeds"))
    assert (finding.code, finding.app, finding.target) == (
        Code.DATA_AGGREGATORS_PER_SITE,
        "DA0",
        "DA1",
    )
    assert finding.severity is Severity.WARNING
    assert 'serve site "London"' in finding.message


def test_data_aggregators_of_other_sites_or_no_site_are_fine(catalog: Catalog) -> None:
    assert run(catalog, aggregators("London", "Leeds", None, None)) == []


def test_a_data_aggregator_backup_does_not_count(catalog: Catalog) -> None:
    apps = aggregators("London", "London")
    apps["DA0"]["backup"] = "DA1"
    assert run(catalog, apps) == []


def test_the_deployment_mistakes_sample_shows_each_rule_once() -> None:
    loaded = read_plan(SAMPLES / "deployment-mistakes.toml")
    found = loaded.locate_findings(validate(loaded.plan, loaded.catalog))
    assert [(f.code, f.line) for f in found] == [
        (Code.FEATURE_NEEDS_APP, 8),  # the scheduled_reporting line
        (Code.BACKUP_SAME_HOST, 15),
        (Code.DATA_AGGREGATORS_PER_SITE, 40),
        (Code.MULTI_SITE_SPLIT, 56),
    ]


def test_the_one_server_sample_warns_once_and_has_no_error() -> None:
    loaded = read_plan(SAMPLES / "multi-site-one-server.toml")
    found = loaded.locate_findings(validate(loaded.plan, loaded.catalog))
    assert [(f.code, f.severity, f.line) for f in found] == [
        (Code.FEATURE_NEEDS_APP, Severity.WARNING, 9)  # the multi_site line
    ]


def test_a_ring_of_backups_counts_as_one_primary(catalog: Catalog) -> None:
    # Two servers naming each other as backup (a mistake, not a crash): the first in the plan
    # stands for both.
    apps = servers("S1", "S2", "S3")
    apps["S1"]["backup"], apps["S2"]["backup"] = "S2", "S1"
    found = of(Code.MULTI_SITE_SPLIT, run(catalog, apps, **MULTI))
    assert [(f.app, f.target) for f in found] == [("S3", "S1")]
    apps["S3"]["connections"].append("S2")  # a link to either member joins the pair
    assert of(Code.MULTI_SITE_SPLIT, run(catalog, apps, **MULTI)) == []
