"""Impact of losing an app: down (cascading), redundancy, optional links, features, failover."""

from __future__ import annotations

import pytest

from conftest import SAMPLES, make_plan, minimal_apps
from wfm_tui.core.catalog import Catalog
from wfm_tui.core.impact import Effect, impact
from wfm_tui.files.plan_file import read_plan


def effects(result) -> dict[str, Effect]:
    return {c.app: c.effect for c in result.consequences}


@pytest.fixture
def single():
    return read_plan(SAMPLES / "single-site.toml")


def test_losing_the_stat_server_takes_the_data_aggregator_down(single) -> None:
    result = impact(single.plan, single.catalog, "Stat Server London")
    assert effects(result) == {
        "WFM Data Aggregator London": Effect.DOWN,
        "WFM Server London": Effect.OPTIONAL_LOST,
        "WFM Server London B": Effect.OPTIONAL_LOST,
    }


def test_losses_cascade(single) -> None:
    result = impact(single.plan, single.catalog, "WFM DAP")
    down = {c.app for c in result.of(Effect.DOWN)}
    assert down == set(single.plan.apps) - {"WFM DAP", "Stat Server London", "Message Server"}
    assert result.consequences[0].lost == "WFM DAP"
    builder = next(c for c in result.consequences if c.app == "WFM Builder 1")
    assert builder.lost == "WFM Server London"


def test_clients_fail_over_to_a_backup(single) -> None:
    result = impact(single.plan, single.catalog, "WFM Server London")
    assert set(effects(result).values()) == {Effect.FAILOVER}
    assert all(c.backup == "WFM Server London B" for c in result.consequences)
    assert len(result.consequences) == 5


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


def test_losing_the_message_server_stops_management_layer(single) -> None:
    result = impact(single.plan, single.catalog, "Message Server")
    assert set(effects(result).values()) == {Effect.FEATURE_LOST}
    assert result.features_lost == ["management_layer"]


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
