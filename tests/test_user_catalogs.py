"""Catalogs of the user's: by path beside a plan or on the command line, `extends`, strict
checks with located errors, and `--catalog` / `--set-catalog` / `rules --diff`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.cli_helpers import wfm
from wfm_tui.core.catalog import Mark
from wfm_tui.files.catalogs import catalog_files_near, read_catalog, rebased_catalog_ref
from wfm_tui.files.errors import LoadError

TEAM = """\
# Our rules: 8.5.2, but every WFM Server must have a Data Aggregator.
id = "contoso-wfm"
title = "Contoso WFM rules"
source = "CAB-42"
extends = "genesys-wfm-8.5.2"

[connections.wfm_server]
wfm_data_aggregator = "X+"
"""
PLAN = """\
format = 1
name = "t"
catalog = "rules/team.toml"

[apps.S]
kind = "wfm_server"
connections = ["B", "D"]

[apps.B]
kind = "wfm_builder"
connections = ["S"]

[apps.D]
kind = "dap"
"""


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "team.toml").write_text(TEAM)
    (tmp_path / "plan.toml").write_text(PLAN)
    return tmp_path


def test_a_user_catalog_extends_a_bundled_one(folder: Path) -> None:
    catalog = read_catalog(str(folder / "rules" / "team.toml"))
    assert catalog.id == "contoso-wfm"
    assert catalog.mark("wfm_server", "wfm_data_aggregator") is Mark.ONE_OR_MORE
    assert catalog.mark("wfm_server", "dap") is Mark.ONE  # inherited
    assert catalog.kinds["wfm_server"].failover  # inherited HA facts


def test_a_plan_names_its_catalog_by_a_path_beside_it(folder: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    result = wfm("check", str(folder / "plan.toml"), cwd=elsewhere)
    assert result.returncode == 1
    assert "needs at least one WFM Data Aggregator connection" in result.stdout


def test_catalog_option_overrides_the_plan(folder: Path) -> None:
    plan = str(folder / "plan.toml")
    assert wfm("check", plan, "--catalog", "genesys-wfm-8.5.2").returncode == 0
    result = wfm("check", plan, "--catalog", "genesys-wfm-8.5.1")
    assert "needs exactly one WFM Data Aggregator" in result.stdout
    team = str(folder / "rules" / "team.toml")
    assert wfm("check", plan, "--catalog", team).returncode == 1
    # The override also stands in for a plan whose own catalog is broken.
    (folder / "rules" / "team.toml").write_text("id = ")
    assert wfm("check", plan, "--catalog", "genesys-wfm-8.5.2").returncode == 0


@pytest.mark.parametrize("command", ["impact", "diff", "whatif", "rules"])
def test_every_command_takes_catalog(folder: Path, command: str) -> None:
    plan = str(folder / "plan.toml")
    args = {
        "impact": ["impact", plan, "B"],
        "diff": ["diff", plan, plan],
        "whatif": ["whatif", plan, "--remove", "B"],
        "rules": ["rules"],
    }[command]
    good = wfm(*args, "--catalog", "genesys-wfm-8.5.1")
    assert good.returncode in (0, 1), good.stderr
    bad = wfm(*args, "--catalog", "genesys-wfm-9")
    assert bad.returncode == 2
    assert "unknown catalog 'genesys-wfm-9'" in bad.stderr


def test_whatif_and_diff_follow_the_catalog_option(folder: Path) -> None:
    # The plan's own catalog asks for "at least one" Data Aggregator, 8.5.1 for "exactly one":
    # the finding a Data Aggregator resolves says which catalog was applied.
    plan = folder / "plan.toml"
    adds = ["--add", "wfm_data_aggregator", "DA", "--connect", "S", "DA"]
    for catalog, wanted in (
        (None, "needs at least one WFM Data Aggregator"),
        ("genesys-wfm-8.5.1", "needs exactly one WFM Data Aggregator"),
    ):
        option = ["--catalog", catalog] if catalog else []
        whatif = wfm("whatif", str(plan), *adds, *option)
        [resolved] = [line for line in whatif.stdout.splitlines() if line.startswith("  - error")]
        assert resolved.startswith("  - error[missing-connection]")
        assert wanted in resolved
        out = folder / f"with-da-{catalog}.toml"
        assert wfm("whatif", str(plan), *adds, "--write", str(out)).returncode == 1
        diff = wfm("diff", str(plan), str(out), *option)
        assert f'- error[missing-connection]: WFM Server "S" {wanted}' in diff.stdout


def test_impact_follows_the_catalog(folder: Path) -> None:
    plan = str(folder / "plan.toml")
    # 8.5.2: losing the only Builder loses schedule building; a catalog without loss rules
    # (the conservative reading) takes the WFM Server down with it.
    assert "schedule building" in wfm("impact", plan, "B", "--catalog", "genesys-wfm-8.5.2").stdout
    bare = folder / "bare.toml"
    data = {
        "id": "bare",
        "title": "bare",
        "source": "test",
        "kinds": {k: {"title": k, "short": k} for k in ("wfm_server", "wfm_builder", "dap")},
        "connections": {
            "wfm_server": {"wfm_server": "-", "wfm_builder": "X+", "dap": "X"},
            "wfm_builder": {"wfm_server": "X", "wfm_builder": "-", "dap": "-"},
        },
    }
    bare.write_text(tomli_w.dumps(data))
    result = wfm("impact", plan, "B", "--catalog", str(bare), "--format", "json")
    assert [c["app"] for c in json.loads(result.stdout)["down"]] == ["S"]


def test_catalog_files_near_a_plan_are_found_by_their_head(folder: Path) -> None:
    import os

    (folder / "own.toml").write_text(TEAM)
    (folder / "pyproject.toml").write_text('[project]\nname = "x"\nid = "not top-level"\n')
    (folder / "rules" / "notes.txt").write_text(TEAM)
    (folder / ".hidden").mkdir()
    (folder / ".hidden" / "c.toml").write_text(TEAM)
    (folder / "deep" / "er").mkdir(parents=True)
    (folder / "deep" / "er" / "c.toml").write_text(TEAM)  # two levels down: not looked at
    (folder / "plan-with-id.toml").write_text('format = 1\nid = "x"\nsource = "y"\n')
    os.mkfifo(folder / "rules" / "pipe.toml")  # never opened for reading: it would block
    assert catalog_files_near(str(folder)) == ["own.toml", "rules/team.toml"]
    assert catalog_files_near(str(folder / "missing")) == []


# Broken catalogs: one located line each, exit 2, never a traceback.

BROKEN = [
    (
        TEAM + '\n[kinds.wfm_server]\ntitel = "x"\n',
        "11:1",
        "unknown key kinds.wfm_server.titel (did you mean 'title'?)",
    ),
    (
        TEAM.replace('"X+"', '"Y"'),
        "8:1",
        "connections.wfm_server.wfm_data_aggregator: Input should be 'X', 'X+'",
    ),
    (
        TEAM + 'stat_server2 = "X"\n',
        "9:1",
        "connections.wfm_server.stat_server2: unknown kind 'stat_server2'; declared kinds: dap,",
    ),
    (
        TEAM + '\n[on_loss.wfm_server]\nwfm_data_aggregator = "coffee"\n',
        "11:1",
        "on_loss.wfm_server.wfm_data_aggregator: 'coffee' is neither 'down' nor a capability",
    ),
    (
        TEAM + '\n[on_loss.wfm_server]\nwfm_server = "down"\n',
        "11:1",
        "on_loss.wfm_server.wfm_server: an optional link ((X+)) cannot take wfm_server down",
    ),
    (TEAM.replace("source = ", "source == "), "4:9", "TOML syntax: Invalid value"),
    (
        TEAM.replace('extends = "genesys-wfm-8.5.2"', 'extends = "wfm-7"'),
        "5:1",
        'extends unknown catalog "wfm-7"; this wfm-tui knows: genesys-wfm-8.5.1',
    ),
    (TEAM.replace('id = "contoso-wfm"\n', ""), "1:1", 'missing required key "id"'),
    (
        TEAM.replace('extends = "genesys-wfm-8.5.2"', 'extends = "team.toml"'),
        "5:1",
        'extends "team.toml": a loop of catalogs',
    ),
    (
        TEAM + '\n[features.coffee]\ntitle = "coffee"\ndescription = "x"\n',
        "10:1",
        "features.coffee: unknown feature 'coffee'; plans have: management_layer,",
    ),
    (
        TEAM
        + "\n[features.scheduled_reporting]\n"
        + 'raises = [{ sources = ["wfm_deamon"], target = "wfm_web", mark = "X" }]\n',
        "11:24",
        "features.scheduled_reporting.raises[0].sources[0]: unknown kind 'wfm_deamon'; declared",
    ),
    (
        TEAM
        + "\n[features.scheduled_reporting]\n"
        + 'raises = [{ sources = ["wfm_daemon"], target = "wfm_wbe", mark = "X" }]\n',
        "11:39",
        "features.scheduled_reporting.raises[0].target: unknown kind 'wfm_wbe'; declared",
    ),
    (
        TEAM + '\n[on_loss.wfm_server]\nwfm_bilder = "schedule_building"\n',
        "11:1",
        "on_loss.wfm_server.wfm_bilder: unknown kind 'wfm_bilder'; declared kinds: dap,",
    ),
    # Titles reach the screen: what could act on a terminal is refused, as in a plan's names.
    (
        TEAM.replace('title = "Contoso WFM rules"', 'title = "Contoso\\u001b]0;x\\u0007"'),
        "3:1",
        "title must not contain control characters (found \\x1b)",
    ),
    (
        TEAM + '\n[kinds.dap]\ntitle = "D\\u202eAP"\n',
        "11:1",
        "kinds.dap.title must not contain direction-changing characters (found \\u202e)",
    ),
    # Types are strict, as in a plan: nothing is coerced.
    (
        TEAM + '\n[kinds.dap]\nframework = "yes"\n',
        "11:1",
        'kinds.dap.framework must be true or false, not a string ("yes")',
    ),
    (
        TEAM + "\n[kinds.wfm_daemon]\nmax_instances = 2.0\n",
        "11:1",
        "kinds.wfm_daemon.max_instances must be an integer, not a float",
    ),
    (
        TEAM + "\n[kinds.wfm_web]\none_per_site = 1\n",
        "11:1",
        "kinds.wfm_web.one_per_site must be true or false, not an integer",
    ),
    (
        TEAM + '\n[kinds.wfm_daemon]\nprovides = ["reports"]\n',
        "11:13",
        "kinds.wfm_daemon.provides[0]: 'reports' is not a capability of [capabilities]",
    ),
    (
        TEAM + '\n[kinds.wfm_daemon]\nmax_instances = "2"\n',
        "11:1",
        'kinds.wfm_daemon.max_instances must be an integer, not a string ("2")',
    ),
]


@pytest.mark.parametrize(("text", "where", "message"), BROKEN)
def test_a_broken_catalog_gives_located_errors(
    folder: Path, text: str, where: str, message: str
) -> None:
    (folder / "rules" / "team.toml").write_text(text)
    result = wfm("check", "plan.toml", cwd=folder)
    assert result.returncode == 2
    lines = result.stdout.splitlines()
    assert lines[0] == (
        'plan.toml:3:1: error[load-error]: catalog "rules/team.toml" cannot be used (see below)'
    )
    assert f"rules/team.toml:{where}: error[load-error]: {message}" in result.stdout
    direct = wfm("rules", "--catalog", "rules/team.toml", cwd=folder)
    assert direct.returncode == 2
    assert f"wfm-tui: rules/team.toml:{where}: {message}" in direct.stderr


def test_a_catalog_problem_is_said_once_and_problems_come_in_file_order(folder: Path) -> None:
    team = folder / "rules" / "team.toml"
    # An unknown kind in a row is one problem, not also a link without a loss rule.
    team.write_text(TEAM + 'stat_server2 = "X"\n')
    with pytest.raises(LoadError) as caught:
        read_catalog(str(team))
    assert [(p.line, p.message.split(":")[0]) for p in caught.value.problems] == [
        (9, "connections.wfm_server.stat_server2")
    ]
    team.write_text(
        TEAM + '\n[on_loss.wfm_server]\nwfm_builder = "coffee"\n'
        '\n[features.multi_site]\nconnects = "wfm_nope"\n'
    )
    with pytest.raises(LoadError) as caught:
        read_catalog(str(team))
    assert [p.line for p in caught.value.problems] == [11, 14]


def test_check_with_a_broken_catalog_option_reports_it_in_every_format(folder: Path) -> None:
    # CI reads check's output, not its stderr: a broken --catalog is a file that cannot be
    # loaded, with its located load-error lines, in the format asked for.
    (folder / "rules" / "team.toml").write_text(TEAM.replace('"X+"', '"Y"'))
    text = wfm("check", "plan.toml", "--catalog", "rules/team.toml", cwd=folder)
    assert text.returncode == 2
    assert text.stdout.splitlines() == [
        "rules/team.toml:8:1: error[load-error]: connections.wfm_server.wfm_data_aggregator: "
        "Input should be 'X', 'X+', '(X)', '(X+)' or '-'",
        "rules/team.toml: could not be loaded",
    ]
    data = wfm("check", "plan.toml", "--catalog", "rules/team.toml", "--format", "json", cwd=folder)
    assert data.returncode == 2
    [entry] = json.loads(data.stdout)["results"]
    assert (entry["path"], entry["valid"]) == ("rules/team.toml", False)
    [finding] = entry["findings"]
    assert (finding["code"], finding["file"], finding["line"], finding["column"]) == (
        "load-error",
        "rules/team.toml",
        8,
        1,
    )
    sarif = wfm(
        "check", "plan.toml", "--catalog", "rules/team.toml", "--format", "sarif", cwd=folder
    )
    assert sarif.returncode == 2
    assert "load-error" in sarif.stdout
    unknown = wfm("check", "plan.toml", "--catalog", "genesys-wfm-7", cwd=folder)
    assert unknown.returncode == 2
    assert "unknown catalog 'genesys-wfm-7'" in unknown.stderr


def test_a_missing_catalog_file(folder: Path) -> None:
    (folder / "rules" / "team.toml").unlink()
    result = wfm("check", "plan.toml", "--format", "json", cwd=folder)
    assert result.returncode == 2
    [entry] = json.loads(result.stdout)["results"]
    assert [(f["file"], f["message"]) for f in entry["findings"]] == [
        ("plan.toml", 'catalog "rules/team.toml" cannot be used (see below)'),
        (
            str(Path("rules/team.toml").absolute().relative_to(Path.cwd().anchor))
            and entry["findings"][1]["file"],
            "no such catalog file",
        ),
    ]
    assert entry["findings"][1]["file"].endswith("rules/team.toml")


# whatif --set-catalog: the findings delta of an upgrade.


def test_whatif_set_catalog_shows_the_upgrade_delta(folder: Path) -> None:
    plan = folder / "plan.toml"
    plan.write_text(PLAN.replace('catalog = "rules/team.toml"', 'catalog = "genesys-wfm-8.5.1"'))
    result = wfm("whatif", str(plan), "--set-catalog", "genesys-wfm-8.5.2")
    assert result.returncode == 0
    assert "- error[missing-connection]" in result.stdout
    assert '~ plan catalog: "genesys-wfm-8.5.1" -> "genesys-wfm-8.5.2"' in result.stdout
    back = wfm(
        "whatif", str(plan), "--set-catalog", "genesys-wfm-8.5.1", "--catalog", "genesys-wfm-8.5.2"
    )
    assert back.returncode == 1
    assert "+ error[missing-connection]" in back.stdout


def test_whatif_set_catalog_writes_a_path_relative_to_the_new_file(folder: Path) -> None:
    out = folder / "out" / "plan.toml"
    out.parent.mkdir()
    result = wfm(
        "whatif", "plan.toml", "--set-catalog", "rules/team.toml", "--write", str(out), cwd=folder
    )
    assert result.returncode == 0, result.stderr
    assert 'catalog = "../rules/team.toml"' in out.read_text()
    assert wfm("check", str(out)).returncode == 1  # the team's rule: a Data Aggregator


def test_a_plan_written_elsewhere_still_finds_its_catalog(folder: Path) -> None:
    """The plan names rules/team.toml beside it: written to another folder, it names the same
    file from there (it named a file that was not there, and the copy no longer loaded)."""
    out = folder / "elsewhere" / "deep" / "plan.toml"
    out.parent.mkdir(parents=True)
    result = wfm(
        "whatif", "plan.toml", "--set", "D", "port", "3306", "--write", str(out), cwd=folder
    )
    assert result.returncode == 0, result.stderr
    assert 'catalog = "../../rules/team.toml"' in out.read_text()
    # The team's rule (a Data Aggregator) is broken as before: the catalog was found (exit 2
    # if not, and the bundled catalog would find nothing wrong).
    assert wfm("check", str(out)).returncode == 1


@pytest.mark.parametrize(
    ("ref", "old", "new", "expected"),
    [
        ("genesys-wfm-8.5.1", "a", "b", "genesys-wfm-8.5.1"),  # an id is no path
        (None, "a", "b", None),
        ("/etc/team.toml", "a", "b", "/etc/team.toml"),
        ("rules/team.toml", "a", "a", "rules/team.toml"),
        ("rules/team.toml", "a", "a/b", "../rules/team.toml"),
        ("../team.toml", "a/b", "a", "team.toml"),
        ("rules/team", "a", "a/rules", "./team"),  # "team" alone would be an id
        ("team.toml", None, "sub", "../team.toml"),  # an untitled plan: the current folder
    ],
)
def test_a_catalog_path_is_rebased_to_the_new_folder(
    ref: str | None, old: str | None, new: str, expected: str | None
) -> None:
    assert rebased_catalog_ref(ref, old, new) == expected


def test_whatif_set_catalog_refuses_a_catalog_without_the_plans_kinds(folder: Path) -> None:
    small = folder / "small.toml"
    small.write_text(
        tomli_w.dumps(
            {
                "id": "small",
                "title": "small",
                "source": "test",
                "kinds": {"dap": {"title": "DAP", "short": "DAP"}},
                "connections": {},
            }
        )
    )
    result = wfm("whatif", "plan.toml", "--set-catalog", "small.toml", cwd=folder)
    assert result.returncode == 2
    assert "catalog small has no kind wfm_builder, wfm_server" in result.stderr


# rules


def test_rules_diff_lists_what_an_upgrade_changes() -> None:
    result = wfm("rules", "--diff", "genesys-wfm-8.5.1", "genesys-wfm-8.5.2")
    assert result.returncode == 1
    assert result.stdout.splitlines()[2:] == [
        "  WFM Server -> WFM Data Aggregator: X -> (X+)",
        "  WFM Server failover: [] -> [WFM Web, WFM Data Aggregator, WFM Builder]",
        "2 differences",
    ]
    same = wfm("rules", "--diff", "genesys-wfm-8.5.2", "genesys-wfm-8.5.2")
    assert (same.returncode, same.stdout.splitlines()[-1]) == (0, "0 differences")
    data = json.loads(
        wfm("rules", "--diff", "genesys-wfm-8.5.1", "genesys-wfm-8.5.2", "--format", "json").stdout
    )
    assert data["differences"][0] == {
        "what": "wfm_server -> wfm_data_aggregator",
        "old": "X",
        "new": "(X+)",
    }


def test_rules_diff_lists_every_kind_fact(folder: Path) -> None:
    team = folder / "rules" / "team.toml"
    team.write_text(
        TEAM + '\n[kinds.stat_server]\nframework = false\nha = "warm-standby"\n'
        "\n[kinds.wfm_web]\none_per_site = true\n"
        '\n[on_loss.wfm_server]\nwfm_data_aggregator = "down"\n'
    )
    result = wfm("rules", "--diff", "genesys-wfm-8.5.2", str(team))
    assert result.returncode == 1
    assert result.stdout.splitlines()[2:] == [
        "  WFM Server -> WFM Data Aggregator: (X+) -> X+",
        "  WFM Web one_per_site: False -> True",
        "  Stat Server ha: hot-standby -> warm-standby",
        "  Stat Server framework: True -> False",
        "  WFM Server without WFM Data Aggregator: loses real-time adherence data -> goes",
        "      down",
        "5 differences",
    ]


def test_rules_prints_a_catalog_file(folder: Path) -> None:
    result = wfm("rules", "--catalog", str(folder / "rules" / "team.toml"))
    assert result.returncode == 0
    assert result.stdout.startswith("Contoso WFM rules (contoso-wfm)")
    assert "multi-site-split (error)" in result.stdout


def test_rules_lists_the_rules_beyond_the_table() -> None:
    text = wfm("rules").stdout
    for code in (
        "feature-needs-app",
        "multi-site-split",
        "backup-same-host",
        "data-aggregators-per-site",
    ):
        assert f"  {code} (" in text
    assert "  WFM Server (warm-standby): WFM Web, WFM Data Aggregator, WFM Builder" in text
    assert "WFM Server without WFM Builder: loses schedule building" in text
    # What an app does by itself is lost with it (impact's "stops").
    assert "WFM Daemon: scheduled reporting, e-mail notifications (where configured)" in text
    # `runs = false`, as every other kind fact: DAPs of one database share its address.
    lines = text.splitlines()
    heading = lines.index("Configured, not run (apps of the kind may share one address):")
    assert lines[heading + 1] == "  DAP"


def test_rules_diff_lists_what_a_kind_gives_and_whether_it_runs(folder: Path) -> None:
    team = folder / "rules" / "team.toml"
    team.write_text(TEAM + "\n[kinds.wfm_daemon]\nprovides = []\n\n[kinds.dap]\nruns = true\n")
    result = wfm("rules", "--diff", "genesys-wfm-8.5.2", str(team))
    assert result.stdout.splitlines()[2:] == [
        "  WFM Server -> WFM Data Aggregator: (X+) -> X+",
        "  WFM Daemon provides: [scheduled reporting, e-mail notifications (where",
        "      configured)] -> []",
        "  DAP runs: False -> True",
        "3 differences",
    ]


def test_rules_diff_compares_the_capabilities(folder: Path) -> None:
    """What losing a link loses is a capability: its title is what impact prints, and its
    feature says when it is lost at all. Neither was compared."""
    team = folder / "rules" / "team.toml"
    team.write_text(
        TEAM
        + '\n[capabilities.email_notifications]\ntitle = "e-mail notifications"\n'
        + 'feature = "scheduled_reporting"\n'
        + '\n[capabilities.sms]\ntitle = "text messages"\n'
    )
    result = wfm("rules", "--diff", "genesys-wfm-8.5.2", str(team))
    assert result.returncode == 1
    assert result.stdout.splitlines()[2:] == [
        "  WFM Server -> WFM Data Aggregator: (X+) -> X+",
        "  capability title: e-mail notifications (where configured) -> e-mail",
        "      notifications",
        "  e-mail notifications in use only with feature: (none) -> scheduled_reporting",
        "  capability: (none) -> text messages",
        "4 differences",
    ]
    differences = json.loads(
        wfm("rules", "--diff", "genesys-wfm-8.5.2", str(team), "--format", "json").stdout
    )["differences"]
    assert differences[1:] == [
        {
            "what": "capability email_notifications title",
            "old": "e-mail notifications (where configured)",
            "new": "e-mail notifications",
        },
        {
            "what": "capability email_notifications feature",
            "old": None,
            "new": "scheduled_reporting",
        },
        {"what": "capability sms", "old": None, "new": "text messages"},
    ]
    # And back: a capability the other catalog lacks is one that goes.
    back = wfm("rules", "--diff", str(team), "genesys-wfm-8.5.2")
    assert "  capability: text messages -> (none)" in back.stdout.splitlines()


RENAMED_FACTS = """\
id = "contoso-wfm"
title = "Contoso WFM rules"
source = "CAB-42"
extends = "genesys-wfm-8.5.2"

[kinds.wfm_web]
tls = "security-guide"

[kinds.wfm_data_aggregator]
failover = []

[kinds.wfm_daemon]
provides = ["scheduled_reporting"]

[on_loss.wfm_data_aggregator]
stat_server = "adherence_data"

[features.scheduled_reporting]
raises = []

[features.multi_site]
title = "Multi-site"
description = "schedules across sites"
needs = ["wfm_builder"]
connects = "wfm_data_aggregator"
"""


def test_rules_diff_names_kinds_and_capabilities_as_rules_does(folder: Path) -> None:
    """The text names kinds, capabilities and TLS procedures by the titles `rules` prints,
    and a feature's rule part by part; --format json keeps the catalog's ids."""
    team = folder / "rules" / "team.toml"
    team.write_text(RENAMED_FACTS)
    result = wfm("rules", "--diff", "genesys-wfm-8.5.2", str(team))
    assert result.returncode == 1
    lines = result.stdout.splitlines()[2:]
    assert lines == [
        "  WFM Daemon provides: [scheduled reporting, e-mail notifications (where",
        "      configured)] -> [scheduled reporting]",
        "  WFM Data Aggregator failover: [WFM Server] -> []",
        "  WFM Web tls: WFM's own procedure (Java trust store, servlet container) ->",
        "      Genesys Security Deployment Guide",
        "  WFM Data Aggregator without Stat Server: loses statistics feed -> loses",
        "      real-time adherence data",
        "  feature scheduled_reporting raises: [WFM Daemon -> WFM Web: (X) becomes X] ->",
        "      []",
        "  feature multi_site needs: [] -> [WFM Builder]",
        "  feature multi_site connects: WFM Server -> WFM Data Aggregator",
        "7 differences",
    ]
    # Every title is one `rules` prints; no kind's or capability's id is left, but in the
    # feature's own name (as `rules` prints it).
    printed = wfm("rules").stdout
    for title in ("WFM Data Aggregator", "WFM Server", "e-mail notifications (where configured)"):
        assert title in printed
    assert "Genesys Security Deployment Guide" in printed
    ids = ("wfm_", "stat_server", "email_notifications", "adherence_data", "security-guide")
    assert not [line for line in lines if any(i in line for i in ids)]
    data = json.loads(
        wfm("rules", "--diff", "genesys-wfm-8.5.2", str(team), "--format", "json").stdout
    )
    assert [(d["what"], d["old"], d["new"]) for d in data["differences"][:4]] == [
        (
            "wfm_daemon provides",
            ["scheduled_reporting", "email_notifications"],
            ["scheduled_reporting"],
        ),
        ("wfm_data_aggregator failover", ["wfm_server"], []),
        ("wfm_web tls", "wfm", "security-guide"),
        ("wfm_data_aggregator without stat_server", "statistics feed", "real-time adherence data"),
    ]
    raised = data["differences"][4]
    assert raised["what"] == "feature scheduled_reporting"
    assert raised["old"]["raises"] == [
        {"sources": ["wfm_daemon"], "target": "wfm_web", "mark": "X"}
    ]
    assert raised["new"]["raises"] == []
    feature = data["differences"][5]
    assert feature["what"] == "feature multi_site"
    assert (feature["old"]["needs"], feature["new"]["needs"]) == ([], ["wfm_builder"])
    assert (feature["old"]["connects"], feature["new"]["connects"]) == (
        "wfm_server",
        "wfm_data_aggregator",
    )
    assert len(data["differences"]) == 6


def test_rules_diff_names_a_kind_in_one_catalog_only_by_its_title(folder: Path) -> None:
    small = {"title": "small", "source": "test", "connections": {}}
    dap = {"title": "DAP", "short": "DAP"}
    (folder / "a.toml").write_text(tomli_w.dumps({"id": "a", **small, "kinds": {"dap": dap}}))
    (folder / "b.toml").write_text(
        tomli_w.dumps(
            {
                "id": "b",
                **small,
                "kinds": {"dap": dap, "stat_server": {"title": "Stat Server", "short": "Stat"}},
            }
        )
    )
    result = wfm("rules", "--diff", "a.toml", "b.toml", cwd=folder)
    assert result.stdout.splitlines()[2:] == [
        "  kind Stat Server: (none) -> Stat Server",
        "1 difference",
    ]
    data = json.loads(
        wfm("rules", "--diff", "a.toml", "b.toml", "--format", "json", cwd=folder).stdout
    )
    assert data["differences"] == [{"what": "kind stat_server", "old": None, "new": "Stat Server"}]


# Anything a catalog file can hold gives located problems or a catalog, nothing else.

_values = st.recursive(
    st.none().map(lambda _: "x")
    | st.booleans()
    | st.integers(-2, 3)
    | st.sampled_from(
        ["X", "(X)", "-", "down", "wfm_server", "dap", "schedule_building", "genesys-wfm-8.5.2"]
    ),
    lambda children: (
        st.lists(children, max_size=3)
        | st.dictionaries(
            st.sampled_from(["wfm_server", "dap", "title", "short", "ha", "failover", "x"]),
            children,
            max_size=3,
        )
    ),
    max_leaves=10,
)
_catalogs = st.fixed_dictionaries(
    {"id": st.just("c"), "title": st.just("t"), "source": st.just("s")},
    optional={
        "extends": st.sampled_from(["genesys-wfm-8.5.2", "genesys-wfm-8.5.1", "nope"]) | _values,
        "kinds": _values,
        "connections": _values,
        "features": _values,
        "capabilities": _values,
        "on_loss": _values,
        "typo": _values,
    },
)


@settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(document=_catalogs)
def test_arbitrary_catalog_data_only_raises_load_error(tmp_path: Path, document: dict) -> None:
    path = tmp_path / "c.toml"
    text = tomli_w.dumps(document)
    path.write_text(text)
    try:
        read_catalog(str(path))
    except LoadError as exc:
        for problem in exc.problems:
            assert problem.message
            assert problem.line is not None
            assert 1 <= problem.line <= text.count("\n") + 1


def test_a_fifo_as_the_catalog_is_refused_at_once(folder: Path) -> None:
    import os

    team = folder / "rules" / "team.toml"
    team.unlink()
    os.mkfifo(team)
    result = wfm("check", "plan.toml", cwd=folder)
    assert result.returncode == 2
    assert "rules/team.toml: error[load-error]: is a FIFO (named pipe), not a regular file" in (
        result.stdout
    )
