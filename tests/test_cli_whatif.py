"""`whatif`, `impact` and `diff` on the command line: every operation, option and exit code."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests import ROOT
from tests.cli_helpers import wfm

SINGLE = "sample_plans/single-site.toml"
MULTI = "sample_plans/multi-site.toml"


def test_whatif_remove_shows_new_errors() -> None:
    result = wfm("whatif", SINGLE, "--remove", "Stat Server London")
    assert result.returncode == 1
    assert '  - app "Stat Server London"' in result.stdout
    assert '  - link "WFM Data Aggregator London" -> "Stat Server London"' in result.stdout
    assert (
        '  + error[missing-connection]: WFM Data Aggregator "WFM Data Aggregator London" needs '
        "exactly one Stat Server connection, has none"
    ) in result.stdout
    assert result.stdout.splitlines()[-1] == "1 new error, 0 resolved, 0 new warnings"


def test_whatif_add_and_connect_a_second_builder_is_clean() -> None:
    result = wfm(
        "whatif",
        SINGLE,
        "--add", "wfm_builder", "WFM Builder 3",
        "--connect", "WFM Builder 3", "WFM Server London",
        "--connect", "WFM Builder 3", "Message Server",
        "--connect", "WFM Server London", "WFM Builder 3",
    )  # fmt: skip
    assert result.returncode == 0, result.stdout
    assert result.stdout.splitlines()[-1] == "0 new errors, 0 resolved, 0 new warnings"


def test_whatif_operations_apply_in_order() -> None:
    result = wfm(
        "whatif", SINGLE, "--rename", "WFM Web", "Web A", "--disconnect", "WFM Daemon", "Web A"
    )
    assert result.returncode == 1
    assert "because scheduled reporting is on" in result.stdout
    assert '  > app "WFM Web" renamed to "Web A"' in result.stdout


def test_whatif_rename_alone_changes_no_findings() -> None:
    result = wfm("whatif", "sample_plans/broken.toml", "--rename", "Stat Server", "Stat 1")
    assert result.returncode == 0
    assert "(no change in findings)" in result.stdout


def test_whatif_feature_and_set() -> None:
    result = wfm(
        "whatif", SINGLE, "--feature", "scheduled_reporting=off",
        "--set", "WFM Web", "tls", "on", "--set", "WFM Web", "port", "8443",
        "--set", "WFM Web", "note", "",
    )  # fmt: skip
    assert result.returncode == 0
    assert "  - feature scheduled_reporting" in result.stdout
    assert '  ~ app "WFM Web": port 8080 -> 8443' in result.stdout
    assert '  ~ app "WFM Web": tls false -> true' in result.stdout
    assert "  + info[tls-procedure]" in result.stdout


def test_whatif_resolving_findings(tmp_path: Path) -> None:
    result = wfm(
        "whatif", "sample_plans/broken.toml",
        "--disconnect", "WFM Server", "WFM Server", "--set", "WFM Server", "backup", "",
    )  # fmt: skip
    assert result.returncode == 0
    assert result.stdout.splitlines()[-1] == "0 new errors, 2 resolved, 0 new warnings"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--remove", "Ghost"],
            'operation 1 (--remove "Ghost"): the plan has no app named "Ghost"',
        ),
        (["--connect", "WFM Web", "Ghost"], "the plan has no app named"),
        (["--add", "wfm_srv", "X"], 'unknown kind "wfm_srv"'),
        (["--add", "dap", " X"], "white space"),
        (["--rename", "WFM Web", "WFM DAP"], "already exists"),
        (["--feature", "multi_site"], "NAME=on or NAME=off"),
        (["--feature", "multisite=on"], "unknown feature"),
        (["--set", "WFM Web", "port", "http"], "whole number"),
        (["--set", "WFM Web", "port", "0"], 'port of "WFM Web" must be between 1 and 65535, not 0'),
        (["--set", "WFM Web", "port", "1_000"], "whole number"),
        (["--set", "WFM Web", "port", "\u0663\u0660"], "whole number"),
        (["--set", "WFM Web", "tls", "maybe"], "true or false"),
        (["--set", "WFM Web", "kind", "dap"], "not an app property"),
        ([], "no operations given"),
    ],
)
def test_whatif_unusable_input(args: list[str], message: str) -> None:
    result = wfm("whatif", SINGLE, *args)
    assert result.returncode == 2
    assert message in result.stderr


def test_whatif_json() -> None:
    result = wfm("whatif", SINGLE, "--format", "json", "--remove", "WFM Web")
    assert result.returncode == 1
    data = json.loads(result.stdout)
    assert data["operations"] == [{"op": "remove", "description": 'remove "WFM Web"'}]
    assert data["changes"]["apps_removed"] == ["WFM Web"]
    assert data["findings"]["summary"] == {
        "new_errors": 2,
        "new_warnings": 0,
        "new_infos": 0,
        "resolved": 0,
    }
    assert [(f["code"], f["app"]) for f in data["findings"]["new"]] == [
        ("feature-needs-app", None),  # scheduled reporting needs a WFM Web
        ("missing-connection", "WFM Daemon"),
    ]


def test_whatif_json_reports_new_errors() -> None:
    data = json.loads(wfm("whatif", SINGLE, "--format", "json", "--remove", "WFM DAP").stdout)
    assert data["findings"]["summary"]["new_errors"] == 4
    assert {f["code"] for f in data["findings"]["new"]} == {"missing-connection"}


def test_whatif_write(tmp_path: Path) -> None:
    plan = tmp_path / "plan.toml"
    shutil.copy(ROOT / SINGLE, plan)
    out = tmp_path / "out.toml"
    change = ("--set", "WFM Web", "port", "8443")
    result = wfm("whatif", str(plan), *change, "--write", str(out))
    assert result.returncode == 0
    assert "port = 8443" in out.read_text()
    assert wfm("check", str(out)).returncode == 0
    assert plan.read_text() == (ROOT / SINGLE).read_text()
    again = wfm("whatif", str(plan), *change, "--write", str(out))
    assert again.returncode == 2
    assert "exists; use --force" in again.stderr
    itself = wfm("whatif", str(plan), *change, "--write", str(plan))
    assert itself.returncode == 2
    assert "is the plan itself" in itself.stderr
    assert plan.read_text() == (ROOT / SINGLE).read_text()
    forced = wfm("whatif", str(plan), *change, "--write", str(plan), "--force")
    assert forced.returncode == 0
    assert "port = 8443" in plan.read_text()


def test_whatif_clone_site_written_out_passes_check(tmp_path: Path) -> None:
    out = tmp_path / "two-sites.toml"
    result = wfm("whatif", SINGLE, "--clone-site", "London", "Leeds", "--write", str(out))
    assert result.returncode == 0, result.stdout + result.stderr
    assert '  clone site "London" as "Leeds" (not copied: wfm_daemon)' in result.stdout
    assert '  + app "WFM Server Leeds"' in result.stdout
    assert '  + link "WFM Server Leeds" -> "WFM DAP Leeds"' in result.stdout
    assert "(no change in findings)" in result.stdout
    check = wfm("check", str(out))
    assert check.returncode == 0, check.stdout
    assert check.stdout.strip().endswith("ok, 21 apps, no findings")
    assert wfm("whatif", SINGLE, "--clone-site", "Paris", "Leeds").returncode == 2


def test_whatif_clone_site_keeps_a_multi_site_plan_joined() -> None:
    result = wfm("whatif", MULTI, "--clone-site", "Leeds", "York", "--format", "json")
    assert result.returncode == 0, result.stdout + result.stderr
    data = json.loads(result.stdout)
    assert "WFM Server York" in data["changes"]["apps_added"]
    assert data["findings"]["new"] == []


def test_impact_text() -> None:
    result = wfm("impact", SINGLE, "Stat Server London")
    assert result.returncode == 0
    assert result.stdout.splitlines() == [
        'If Stat Server "Stat Server London" goes down:',
        "  keeps running, loses a capability:",
        '    WFM Data Aggregator "WFM Data Aggregator London" loses statistics feed: it has no '
        'Stat Server other than "Stat Server London"',
        "Stops working: statistics feed",
        "0 down, 0 redundancy-lost, 0 optional-lost, 1 feature-lost, 0 failover, 0 stops",
    ]


def test_impact_failover_and_features() -> None:
    assert "fails over to a backup" in wfm("impact", SINGLE, "WFM Server London").stdout
    web = wfm("impact", SINGLE, "WFM Web").stdout
    assert "Stops working: scheduled reporting" in web


def test_impact_json() -> None:
    data = json.loads(wfm("impact", SINGLE, "WFM Builder 1", "--format", "json").stdout)
    assert data["app"] == "WFM Builder 1"
    assert [c["app"] for c in data["redundancy-lost"]] == [
        "WFM Server London",
        "WFM Server London B",
    ]
    assert data["down"] == data["failover"] == data["feature-lost"] == []


def test_impact_unknown_app() -> None:
    result = wfm("impact", SINGLE, "Ghost")
    assert result.returncode == 2
    assert 'the plan has no app named "Ghost"' in result.stderr


def test_diff_same_plan() -> None:
    result = wfm("diff", SINGLE, SINGLE)
    assert result.returncode == 0
    assert "(the plans are the same)" in result.stdout


def test_diff_reordered_and_renamed(tmp_path: Path) -> None:
    text = (ROOT / "wfm_tui/templates/minimal.toml").read_text()
    reordered = tmp_path / "reordered.toml"
    reordered.write_text(
        text.replace('    "WFM Builder",\n    "WFM DAP",', '    "WFM DAP",\n    "WFM Builder",')
    )
    assert wfm("diff", str(ROOT / "wfm_tui/templates/minimal.toml"), str(reordered)).returncode == 0
    renamed = tmp_path / "renamed.toml"
    renamed.write_text(text.replace("WFM DAP", "Database"))
    result = wfm("diff", str(ROOT / "wfm_tui/templates/minimal.toml"), str(renamed))
    assert result.returncode == 1
    assert '  > app "WFM DAP" renamed to "Database"' in result.stdout
    assert "+ link" not in result.stdout
    assert "- link" not in result.stdout


def test_diff_changes_and_findings() -> None:
    result = wfm("diff", SINGLE, "sample_plans/broken.toml", "--format", "json")
    assert result.returncode == 1
    data = json.loads(result.stdout)
    assert data["same"] is False
    assert data["changes"]["features"] == [{"field": "management_layer", "old": True, "new": False}]
    assert data["findings"]["summary"]["new_errors"] == 7


def test_diff_unusable_input(tmp_path: Path) -> None:
    result = wfm("diff", SINGLE, str(tmp_path / "missing.toml"))
    assert result.returncode == 2
    assert "no such file" in result.stderr


def test_whatif_describes_values_as_a_plan_writes_them() -> None:
    result = wfm(
        "whatif", SINGLE, "--set", "WFM Web", "tls", "true", "--set", "WFM Web", "host", "h1"
    )
    assert '  set tls of "WFM Web" to true' in result.stdout
    assert '  set host of "WFM Web" to "h1"' in result.stdout


def test_whatif_takes_names_that_start_with_a_dash() -> None:
    """Every operation takes any printable name, even one that looks like an option."""
    result = wfm(
        "whatif", SINGLE,
        "--add", "dap", "-x",
        "--rename", "-x", "-y",
        "--connect", "WFM Server London", "-y",
        "--disconnect", "WFM Server London", "-y",
        "--set", "-y", "note", "-z",
        "--add", "wfm_builder", "--remove",
        "--connect", "--remove", "-y",
        "--remove", "-y",
        "--set", "--remove", "site", "--format",
        "--format", "json",
    )  # fmt: skip
    assert result.returncode == 1, result.stderr  # the new Builder has no WFM Server
    report = json.loads(result.stdout)
    assert [op["description"] for op in report["operations"]] == [
        'add dap "-x"',
        'rename "-x" to "-y"',
        'connect "WFM Server London" -> "-y"',
        'disconnect "WFM Server London" -> "-y"',
        'set note of "-y" to "-z"',
        'add wfm_builder "--remove"',
        'connect "--remove" -> "-y"',
        'remove "-y"',
        'set site of "--remove" to "--format"',
    ]


def test_whatif_operation_short_of_arguments_is_one_clear_line() -> None:
    result = wfm("whatif", SINGLE, "--connect", "WFM Server London")
    assert result.returncode == 2
    assert result.stderr.splitlines()[-1] == "wfm-tui whatif: error: --connect needs SRC TGT"


def test_whatif_options_may_be_abbreviated_or_take_their_value_after_equals() -> None:
    result = wfm("whatif", SINGLE, "--remove=-Stat Server London", "--ren", "WFM Web", "-W")
    assert result.returncode == 2  # the first names an app the plan does not have
    assert 'operation 1 (--remove "-Stat Server London")' in result.stderr
    result = wfm("whatif", SINGLE, "--ren", "WFM Web", "-W", "--feat=multi_site=on")
    assert result.returncode == 0, result.stderr  # multi-site with one primary: a warning
    assert "+ warning[feature-needs-app]" in result.stdout
    assert '  rename "WFM Web" to "-W"' in result.stdout
    assert "  turn multi_site on" in result.stdout
