"""The command line, run as users and scripts run it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests import ROOT, SAMPLES
from tests.cli_helpers import wfm
from wfm_tui import __version__


def test_version() -> None:
    result = wfm("--version")
    assert (result.returncode, result.stdout.strip()) == (0, f"wfm-tui {__version__}")


def test_help_lists_the_commands() -> None:
    result = wfm("--help")
    assert result.returncode == 0
    for command in ("check", "new", "rules"):
        assert command in result.stdout


def test_check_valid_plan() -> None:
    result = wfm("check", "sample_plans/single-site.toml")
    assert result.returncode == 0
    assert result.stdout == "sample_plans/single-site.toml: ok, 11 apps, no findings\n"


def test_check_broken_plan_text() -> None:
    result = wfm("check", "sample_plans/broken.toml")
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines[0] == (
        "sample_plans/broken.toml:12:1: error[port-conflict]: 2 applications listen on port "
        '7000 of "wfm01.corp.example" ("WFM Server", "WFM Builder")'
    )
    assert lines[-1] == "sample_plans/broken.toml: 7 errors, 2 warnings, 1 info (7 apps)"
    assert all(":" in line for line in lines)


def test_check_json_shape() -> None:
    result = wfm(
        "check", "--format", "json", "sample_plans/broken.toml", "sample_plans/single-site.toml"
    )
    assert result.returncode == 1
    data = json.loads(result.stdout)
    assert data["format_version"] == 1
    broken, single = data["results"]
    assert (broken["path"], broken["valid"], broken["errors"], broken["warnings"]) == (
        "sample_plans/broken.toml",
        False,
        7,
        2,
    )
    assert set(broken["findings"][0]) == {
        "code",
        "severity",
        "message",
        "app",
        "file",
        "line",
        "column",
    }
    assert {f["file"] for f in broken["findings"]} == {"sample_plans/broken.toml"}
    assert {f["app"] for f in broken["findings"]} >= {"WFM Server", "WFM Daemon"}
    assert (single["valid"], single["findings"]) == (True, [])


def test_strict_fails_on_warnings(tmp_path: Path) -> None:
    plan = tmp_path / "p.toml"
    text = (ROOT / "wfm_tui/templates/minimal.toml").read_text()
    plan.write_text(text + '\n[apps."Spare DAP"]\nkind = "dap"\n')
    assert wfm("check", str(plan)).returncode == 0
    strict = wfm("check", "--strict", "--format", "json", str(plan))
    assert strict.returncode == 1
    assert json.loads(strict.stdout)["results"][0]["valid"] is False


def test_several_files_exit_with_the_worst(tmp_path: Path) -> None:
    result = wfm("check", "sample_plans/single-site.toml", "sample_plans/broken.toml")
    assert result.returncode == 1
    assert result.stdout.splitlines()[-1] == "2 plans checked: 7 errors, 2 warnings"
    missing = wfm("check", "sample_plans/broken.toml", str(tmp_path / "missing.toml"))
    assert missing.returncode == 2


@pytest.mark.parametrize("template", ["minimal", "single-site", "multi-site"])
def test_new_writes_a_valid_plan(tmp_path: Path, template: str) -> None:
    path = tmp_path / "plan.toml"
    result = wfm("new", str(path), "--template", template)
    assert result.returncode == 0, result.stderr
    assert wfm("check", "--strict", str(path)).returncode == 0


def test_new_sets_the_name(tmp_path: Path) -> None:
    path = tmp_path / "plan.toml"
    assert wfm("new", str(path), "--name", "Fabrikam [pilot]").returncode == 0
    assert 'name = "Fabrikam [pilot]"' in path.read_text()
    bad = wfm("new", str(tmp_path / "other.toml"), "--name", " spaced")
    assert bad.returncode == 2
    assert not (tmp_path / "other.toml").exists()


def test_new_refuses_to_overwrite(tmp_path: Path) -> None:
    path = tmp_path / "plan.toml"
    path.write_text("mine")
    result = wfm("new", str(path))
    assert result.returncode == 2
    assert "exists; use --force" in result.stderr
    assert path.read_text() == "mine"
    assert wfm("new", str(path), "--force").returncode == 0
    assert path.read_text().startswith("format = 1")


def test_new_into_a_missing_folder(tmp_path: Path) -> None:
    result = wfm("new", str(tmp_path / "no" / "plan.toml"))
    assert result.returncode == 2
    assert "does not exist" in result.stderr


def test_new_unknown_template(tmp_path: Path) -> None:
    result = wfm("new", str(tmp_path / "p.toml"), "--template", "huge")
    assert result.returncode == 2
    assert "invalid choice" in result.stderr


def test_rules_prints_the_table() -> None:
    result = wfm("rules")
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    server_row = next(line for line in lines if line.startswith("Server "))
    assert server_row.split() == ["Server", "(X+)", "X+", "-", "(X+)", "-", "-", "X", "-", "(X)"]
    assert max(len(line) for line in lines[:12]) <= 80
    assert "WFM Daemon -> WFM Web: (X) becomes X" in result.stdout


@pytest.mark.parametrize("catalog_id", ["genesys-wfm-8.5.2", "genesys-wfm-8.5.1"])
def test_rules_fits_80_columns(catalog_id: str) -> None:
    """Read over SSH at 80x24, every line of it."""
    lines = wfm("rules", "--catalog", catalog_id).stdout.splitlines()
    assert max(len(line) for line in lines) <= 80


def test_rules_wraps_under_a_deeper_indent() -> None:
    lines = wfm("rules").stdout.splitlines()
    # A kind's title is not broken over two lines.
    at = lines.index("  Genesys Security Deployment Guide: WFM Server, WFM Builder,")
    assert lines[at + 1] == "      WFM Data Aggregator"
    code = next(i for i, line in enumerate(lines) if line.startswith("  multi-site-split"))
    assert lines[code + 1].startswith("      ")


def test_rules_json_and_unknown_catalog() -> None:
    data = json.loads(wfm("rules", "--format", "json").stdout)
    assert data["connections"]["wfm_builder"]["wfm_server"] == "X"
    result = wfm("rules", "--catalog", "nope")
    assert result.returncode == 2
    assert "unknown catalog" in result.stderr


def test_bad_arguments_exit_2() -> None:
    result = wfm("check")
    assert result.returncode == 2
    assert "usage:" in result.stderr


@pytest.mark.parametrize(("typo", "command"), [("chekc", "check"), ("wahtif", "whatif")])
def test_a_typo_of_a_command_is_not_a_new_plan(tmp_path: Path, typo: str, command: str) -> None:
    result = wfm(typo, cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr == f"wfm-tui: unknown command '{typo}'; did you mean '{command}'?\n"
    assert result.stdout == ""
    assert list(tmp_path.iterdir()) == []  # no plan named after the typo


def test_the_editor_starts_only_on_a_terminal(tmp_path: Path) -> None:
    """In a pipe or with stdout redirected to a file, no editor: one line, exit 2, and not a
    byte (let alone an escape sequence) in the file."""
    plan = tmp_path / "plan.toml"
    plan.write_text((SAMPLES / "single-site.toml").read_text())
    written = tmp_path / "out.txt"
    for args in ([str(plan)], ["new-plan"], ["./chekc"], []):
        with written.open("w") as stdout:
            result = subprocess.run(
                [sys.executable, "-m", "wfm_tui", *args],
                stdin=subprocess.DEVNULL,
                stdout=stdout,
                stderr=subprocess.PIPE,
                text=True,
                cwd=tmp_path,
                timeout=60,
                check=False,
            )
        assert result.returncode == 2, args
        assert result.stderr.startswith("wfm-tui: the editor needs a terminal (stdin and stdout)")
        assert len(result.stderr.splitlines()) == 1
        assert written.read_text() == ""
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.txt", "plan.toml"]


def test_a_terminal_on_stdin_only_is_not_enough(tmp_path: Path) -> None:
    primary, secondary = os.openpty()
    try:
        result = subprocess.run(
            [sys.executable, "-m", "wfm_tui", "plan.toml"],
            stdin=secondary,
            capture_output=True,
            text=True,
            cwd=tmp_path,
            timeout=60,
            check=False,
        )
    finally:
        os.close(primary)
        os.close(secondary)
    assert result.returncode == 2
    assert "needs a terminal" in result.stderr
    assert result.stdout == ""


def test_json_output_escapes_invisible_and_direction_characters(tmp_path: Path) -> None:
    # A path is the one string that reaches the output unchecked: name a plan file with a
    # direction override, a zero-width space and a tag character.
    path = tmp_path / "p\u202eq\u200b\U000e0041.toml"
    path.write_text('format = 1\nname = "p"\n', "utf-8")
    result = wfm("check", "--format", "json", str(path))
    assert result.returncode == 0, result.stderr
    assert not {"\u202e", "\u200b", "\U000e0041"} & set(result.stdout)
    assert "\\u202e" in result.stdout
    assert "\\udb40\\udc41" in result.stdout  # UTF-16 escape, as JSON has it
    assert json.loads(result.stdout)["results"][0]["path"] == str(path)
    text = wfm("check", str(path))
    assert "p\\u202eq\\u200b\\U000e0041.toml: ok" in text.stdout
