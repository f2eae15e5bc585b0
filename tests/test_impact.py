"""Impact of losing an app: down (cascading), redundancy, optional links, features, failover."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from tests import SAMPLES
from tests.impact_reference import reference_impact
from tests.plan_helpers import make_plan, minimal_apps
from tests.strategies import plans
from wfm_tui.core.catalog import Catalog
from wfm_tui.core.impact import Effect, impact
from wfm_tui.core.plan import App, Plan
from wfm_tui.files.catalogs import load_catalog
from wfm_tui.files.plan_file import read_plan

CATALOG = load_catalog()


def effects(result) -> dict[str, Effect]:
    return {c.app: c.effect for c in result.consequences}


@pytest.fixture
def single():
    return read_plan(SAMPLES / "single-site.toml")


def test_losing_the_stat_server_stops_the_statistics_feed(single) -> None:
    result = impact(single.plan, single.catalog, "Stat Server London")
    assert effects(result) == {"WFM Data Aggregator London": Effect.FEATURE_LOST}
    assert result.features_lost == ["statistics_feed"]
    assert result.of(Effect.DOWN) == []


def test_losing_the_only_builder_stops_schedule_building(catalog: Catalog) -> None:
    result = impact(make_plan(minimal_apps()), catalog, "B")
    [consequence] = result.consequences
    assert (consequence.app, consequence.effect, consequence.feature) == (
        "S",
        Effect.FEATURE_LOST,
        "schedule_building",
    )
    assert "loses schedule building" in consequence.message


def test_losing_a_data_aggregator_stops_adherence_data(single) -> None:
    result = impact(single.plan, single.catalog, "WFM Data Aggregator London")
    assert effects(result) == {
        "WFM Server London": Effect.FEATURE_LOST,
        "WFM Server London B": Effect.FEATURE_LOST,
    }
    assert result.features_lost == ["adherence_data"]


def test_losses_cascade(single) -> None:
    result = impact(single.plan, single.catalog, "WFM DAP")
    down = {c.app for c in result.of(Effect.DOWN)}
    assert down == set(single.plan.apps) - {"WFM DAP", "Stat Server London", "Message Server"}
    assert result.consequences[0].lost == "WFM DAP"
    builder = next(c for c in result.consequences if c.app == "WFM Builder 1")
    assert builder.lost == "WFM Server London"


def test_exactly_the_documented_clients_fail_over_to_a_backup(single) -> None:
    # High Availability (8.5.2): Web, Data Aggregator and Builder reconnect to the backup WFM
    # Server. The Daemon is not named: it is weighed as if there were no backup, and says so.
    result = impact(single.plan, single.catalog, "WFM Server London")
    # The Daemon is down, and what it did stops with it (each its own consequence).
    assert {c.feature for c in result.of(Effect.STOPS)} == {
        "scheduled_reporting",
        "email_notifications",
    }
    assert {c.app: c.effect for c in result.consequences if c.effect is not Effect.STOPS} == {
        "WFM Builder 1": Effect.FAILOVER,
        "WFM Builder 2": Effect.FAILOVER,
        "WFM Data Aggregator London": Effect.FAILOVER,
        "WFM Web": Effect.FAILOVER,
        "WFM Daemon": Effect.DOWN,
    }
    assert all(c.backup == "WFM Server London B" for c in result.of(Effect.FAILOVER))
    [daemon] = result.of(Effect.DOWN)
    assert 'not documented to reconnect to "WFM Server London B"' in daemon.message


@pytest.mark.parametrize("catalog_id", ["genesys-wfm-8.5.2", "genesys-wfm-8.5.1"])
def test_a_hot_standby_data_aggregator_takes_over(catalog_id: str) -> None:
    # High Availability (8.5.2, and 8.5.0 in the same words): the backup Data Aggregator is
    # configured "to take over automatically if the primary server goes down ... there is no
    # delay or loss of data". Its WFM Server keeps its adherence data.
    apps = minimal_apps()
    apps["S"]["connections"] = ["B", "D", "DA"]
    apps["DA"] = {"kind": "wfm_data_aggregator", "backup": "DA B", "connections": ["S", "D", "St"]}
    apps["DA B"] = {"kind": "wfm_data_aggregator", "connections": ["S", "D", "St"]}
    apps["St"] = {"kind": "stat_server"}
    result = impact(make_plan(apps), load_catalog(catalog_id), "DA")
    assert effects(result) == {"S": Effect.FAILOVER}
    assert result.consequences[0].backup == "DA B"
    assert result.features_lost == []


def test_a_framework_backup_is_not_failed_over_to_unless_documented(catalog: Catalog) -> None:
    apps = minimal_apps()
    apps["DA"] = {"kind": "wfm_data_aggregator", "connections": ["S", "D", "Stat"]}
    apps["Stat"] = {"kind": "stat_server", "backup": "Stat B"}
    apps["Stat B"] = {"kind": "stat_server"}
    result = impact(make_plan(apps), catalog, "Stat")
    assert effects(result) == {"DA": Effect.FEATURE_LOST}
    assert "not documented to reconnect" in result.consequences[0].message


def test_the_dap_stays_a_hard_dependency(catalog: Catalog) -> None:
    result = impact(make_plan(minimal_apps()), catalog, "D")
    assert effects(result) == {"S": Effect.DOWN, "B": Effect.DOWN}


def test_a_dap_backup_is_not_failed_over_to(catalog: Catalog) -> None:
    # A DAP takes a backup (no backup-not-supported), but no WFM page says its clients
    # reconnect to it: the DAP stays a hard dependency, and the message says why.
    apps = minimal_apps()
    apps["D"]["backup"] = "D B"
    apps["D B"] = {"kind": "dap"}
    result = impact(make_plan(apps), catalog, "D")
    assert effects(result) == {"S": Effect.DOWN, "B": Effect.DOWN}
    assert 'not documented to reconnect to "D B", the backup' in result.of(Effect.DOWN)[0].message


def test_no_client_fails_over_to_a_wfm_server_backup_under_8_5_1(single) -> None:
    # No 8.5.1 High Availability page: the backup is accepted, nobody is assumed to reconnect.
    # The backup keeps serving, without what only the primary's clients gave it: its Builders
    # and its Data Aggregator (adherence data, as in 8.5.2; the X of 8.5.1 is no hard
    # dependency: an inference that does not let a primary take its own backup down).
    old = load_catalog("genesys-wfm-8.5.1")
    result = impact(single.plan, old, "WFM Server London")
    assert result.of(Effect.FAILOVER) == []
    assert {c.app: c.lost for c in result.of(Effect.DOWN)} == {
        "WFM Builder 1": "WFM Server London",
        "WFM Builder 2": "WFM Server London",
        "WFM Data Aggregator London": "WFM Server London",
        "WFM Web": "WFM Server London",
        "WFM Daemon": "WFM Server London",
    }
    lost = {(c.app, c.feature) for c in result.of(Effect.FEATURE_LOST)}
    assert lost == {
        ("WFM Server London B", "schedule_building"),
        ("WFM Server London B", "adherence_data"),
    }


def test_a_catalog_without_loss_rules_takes_required_links_as_hard(catalog: Catalog) -> None:
    bare = catalog.model_copy(update={"on_loss": {}, "capabilities": {}})
    result = impact(make_plan(minimal_apps()), bare, "B")
    assert effects(result) == {"S": Effect.DOWN}


def test_losing_a_backup_loses_redundancy(single) -> None:
    result = impact(single.plan, single.catalog, "WFM Server London B")
    assert effects(result) == {"WFM Server London": Effect.REDUNDANCY_LOST}


def test_one_or_more_left_with_one_loses_redundancy(single) -> None:
    result = impact(single.plan, single.catalog, "WFM Builder 1")
    assert set(effects(result).values()) == {Effect.REDUNDANCY_LOST}
    assert "is left with one WFM Builder" in result.consequences[0].message


def test_losing_the_web_stops_scheduled_reporting(single) -> None:
    result = impact(single.plan, single.catalog, "WFM Web")
    assert effects(result) == {"WFM Daemon": Effect.FEATURE_LOST}
    assert result.features_lost == ["scheduled_reporting"]


def test_losing_the_daemon_stops_what_it_does_itself(single) -> None:
    # Footnote 4: the Daemon generates the Report Scheduler; Using E-mail Notifications: "WFM
    # Daemon sends out notifications". No other app uses it, so this was "nothing else is
    # affected" while scheduled reporting was on.
    result = impact(single.plan, single.catalog, "WFM Daemon")
    assert {(c.app, c.effect, c.feature) for c in result.consequences} == {
        ("WFM Daemon", Effect.STOPS, "scheduled_reporting"),
        ("WFM Daemon", Effect.STOPS, "email_notifications"),
    }
    assert result.features_lost == ["email_notifications", "scheduled_reporting"]


def test_without_scheduled_reporting_the_daemon_stops_notifications_only(catalog) -> None:
    apps = minimal_apps() | {"Dm": {"kind": "wfm_daemon", "connections": ["S"]}}
    result = impact(make_plan(apps), catalog, "Dm")
    assert [(c.app, c.feature) for c in result.of(Effect.STOPS)] == [("Dm", "email_notifications")]
    assert "where configured" in result.consequences[0].message


def test_a_daemon_taken_down_stops_scheduled_reporting_too(catalog) -> None:
    # The lost WFM Server takes the Daemon down: what the Daemon did stops with it.
    plan = read_plan(SAMPLES / "multi-site.toml").plan
    result = impact(plan, catalog, "WFM Server London")
    assert "WFM Daemon" in {c.app for c in result.of(Effect.DOWN)}
    assert {c.feature for c in result.of(Effect.STOPS)} == {
        "scheduled_reporting",
        "email_notifications",
    }


def test_losing_the_message_server_stops_central_logging(single) -> None:
    result = impact(single.plan, single.catalog, "Message Server")
    assert set(effects(result).values()) == {Effect.FEATURE_LOST}
    assert result.features_lost == ["central_logging"]


def test_without_the_feature_the_link_is_optional(catalog: Catalog) -> None:
    apps = minimal_apps()
    apps["M"] = {"kind": "message_server"}
    apps["B"]["connections"] = ["S", "M"]
    result = impact(make_plan(apps), catalog, "M")
    assert effects(result) == {"B": Effect.OPTIONAL_LOST}


def test_nothing_depends_on_an_unused_app(catalog: Catalog) -> None:
    apps = minimal_apps() | {"Stat": {"kind": "stat_server"}}
    assert impact(make_plan(apps), catalog, "Stat").consequences == []


def test_unknown_app(catalog: Catalog) -> None:
    with pytest.raises(LookupError, match="no app named"):
        impact(make_plan(minimal_apps()), catalog, "Ghost")


# -- as the reference says, and linear ----------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(plan=plans(max_apps=10), data=st.data())
def test_the_same_consequences_as_the_reference(plan: Plan, data: st.DataObject) -> None:
    """The counts of live targets change nothing of what is found, nor its order."""
    assume(plan.apps)
    lost = data.draw(st.sampled_from(sorted(plan.apps)))
    assert impact(plan, CATALOG, lost) == reference_impact(plan, CATALOG, lost)


class CountingApps(dict[str, App]):
    """A plan's apps that count how often impact() looks one up: its work, without a clock."""

    looks = 0

    def __getitem__(self, name: str) -> App:
        self.looks += 1
        return super().__getitem__(name)

    def __contains__(self, name: object) -> bool:
        self.looks += 1
        return super().__contains__(name)

    def get(self, name: str, default: App | None = None) -> App | None:  # type: ignore[override]
        self.looks += 1
        return super().get(name, default)


def hub_plan(servers: int) -> tuple[Plan, CountingApps]:
    """A DAP that `servers` Servers need, and a Hub Server (on another DAP) linked to them all:
    losing the DAP takes every Server down, and the Hub loses one link per Server. The old
    cascade counted the Hub's live Servers again at each loss: servers² look-ups."""
    apps: dict[str, App] = {
        "DAP": App(kind="dap"),
        "DAP 2": App(kind="dap"),
        "Hub": App(
            kind="wfm_server",
            connections=("DAP 2", *(f"Server {i}" for i in range(servers))),
        ),
    }
    for i in range(servers):
        apps[f"Server {i}"] = App(kind="wfm_server", connections=("DAP",))
        apps[f"Builder {i}"] = App(kind="wfm_builder", connections=(f"Server {i}",))
    counted = CountingApps(apps)
    return Plan.model_construct(**{**make_plan({}).__dict__, "apps": counted}), counted


def test_a_cascade_costs_in_proportion_to_the_plan() -> None:
    """Doubling the plan doubles impact()'s look-ups (a quadratic cascade quadruples them)."""
    looks = []
    for servers in (100, 200, 400, 800):
        plan, counted = hub_plan(servers)
        result = impact(plan, CATALOG, "DAP")
        assert len(result.of(Effect.DOWN)) == 2 * servers  # each Server and its Builder
        assert len(result.of(Effect.OPTIONAL_LOST)) == servers  # the Hub, once per Server
        looks.append(counted.looks)
    for smaller, larger in itertools.pairwise(looks):
        assert larger <= 2.1 * smaller, looks
