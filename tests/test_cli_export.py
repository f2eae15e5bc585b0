"""`wfm-tui export` on the command line: formats, where it writes, and what it refuses."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks.synthetic_plans import synthetic_plan
from tests import ROOT
from tests.cli_helpers import wfm
from tests.export_helpers import markdown_tables, parse_dot, read_csv
from wfm_tui.files.catalogs import load_catalog
from wfm_tui.files.plan_file import dump_plan

BROKEN = "sample_plans/broken.toml"
SINGLE = "sample_plans/single-site.toml"


def test_help_lists_export() -> None:
    assert "export" in wfm("--help").stdout
    result = wfm("export", "--help")
    assert result.returncode == 0
    assert "-o FOLDER" in result.stdout


@pytest.mark.parametrize("fmt", ["dot", "mermaid", "markdown"])
def test_export_prints_to_standard_output(fmt: str) -> None:
    result = wfm("export", BROKEN, "--format", fmt)
    assert (result.returncode, result.stderr) == (0, "")
    first = {
        "dot": "digraph wfm_plan {",
        "mermaid": "flowchart LR",
        "markdown": "# Broken on purpose",
    }
    assert result.stdout.splitlines()[0] == first[fmt]
    assert result.stdout.endswith("\n")


def test_export_writes_a_file_and_overwrites_only_with_force(tmp_path: Path) -> None:
    out = tmp_path / "plan.dot"
    result = wfm("export", BROKEN, "--format", "dot", "-o", str(out))
    assert (result.returncode, result.stdout) == (0, f"wrote {out}\n")
    parse_dot(out.read_text("utf-8"))
    out.write_text("keep me")
    refused = wfm("export", SINGLE, "--format", "dot", "-o", str(out))
    assert refused.returncode == 2
    assert refused.stderr == f"wfm-tui: {out} exists; use --force to overwrite it\n"
    assert out.read_text() == "keep me"
    forced = wfm("export", SINGLE, "--format", "dot", "-o", str(out), "--force")
    assert forced.returncode == 0
    assert "Contoso, single site" in out.read_text("utf-8")


def test_export_never_writes_over_the_plan(tmp_path: Path) -> None:
    plan = tmp_path / "plan.toml"
    shutil.copy(ROOT / SINGLE, plan)
    before = plan.read_bytes()
    result = wfm("export", str(plan), "--format", "markdown", "-o", str(plan), "--force")
    assert result.returncode == 2
    assert "is the plan itself" in result.stderr
    assert plan.read_bytes() == before


def test_export_csv_to_a_folder_it_makes(tmp_path: Path) -> None:
    folder = tmp_path / "tables"
    result = wfm("export", BROKEN, "--format", "csv", "-o", str(folder))
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        f"wrote {folder / 'apps.csv'}",
        f"wrote {folder / 'links.csv'}",
    ]
    apps = read_csv((folder / "apps.csv").read_text("utf-8"))
    links = read_csv((folder / "links.csv").read_text("utf-8"))
    assert (len(apps), len(links)) == (7, 9)


def test_export_csv_writes_neither_table_when_one_exists(tmp_path: Path) -> None:
    (tmp_path / "links.csv").write_text("mine")
    result = wfm("export", BROKEN, "--format", "csv", "-o", str(tmp_path))
    assert result.returncode == 2
    assert (
        result.stderr == f"wfm-tui: {tmp_path / 'links.csv'} exists; use --force to overwrite it\n"
    )
    assert not (tmp_path / "apps.csv").exists()
    assert (tmp_path / "links.csv").read_text() == "mine"


def test_export_csv_to_two_named_files(tmp_path: Path) -> None:
    apps, links = tmp_path / "a.csv", tmp_path / "b.csv"
    result = wfm("export", SINGLE, "--format", "csv", "-o", str(apps), "-o", str(links))
    assert result.returncode == 0, result.stderr
    assert read_csv(apps.read_text("utf-8"))[0]["name"] == "WFM Server London"
    assert read_csv(links.read_text("utf-8"))[0]["source"] == "WFM Server London"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "csv"], "--format csv writes two tables: give -o FOLDER"),
        (
            ["--format", "csv", "-o", str(ROOT / BROKEN)],
            "is not a folder: --format csv writes two tables",
        ),
        (["--format", "dot", "-o", "a.dot", "-o", "b.dot"], "--format dot writes one file"),
        (["--format", "csv", "-o", "x.csv", "-o", "x.csv"], "are the same file"),
        (["--format", "dot", "--catalog", "no-such-catalog"], "unknown catalog 'no-such-catalog'"),
        (["--format", "dot", "-o", "no/such/folder/plan.dot"], "does not exist"),
    ],
    ids=["csv-without-o", "csv-o-a-file", "two-o", "same-file", "unknown-catalog", "no-folder"],
)
def test_export_refuses_unusable_arguments(args: list[str], message: str, tmp_path: Path) -> None:
    result = wfm("export", str(ROOT / SINGLE), *args, cwd=tmp_path)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr.count("\n") == 1
    assert message in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_export_format_is_required() -> None:
    result = wfm("export", SINGLE)
    assert result.returncode == 2
    assert "--format" in result.stderr


def test_export_of_a_plan_that_cannot_be_loaded(tmp_path: Path) -> None:
    plan = tmp_path / "plan.toml"
    plan.write_text('format = 1\nname = "x"\n[apps.S]\nkind = "wfm_server"\nport = "7000"\n')
    out = tmp_path / "plan.md"
    result = wfm("export", str(plan), "--format", "markdown", "-o", str(out))
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == (
        f'{plan}:5:1: apps.S.port must be an integer, not a string ("7000")\n'.replace(
            str(plan), f"wfm-tui: {plan}", 1
        )
    )
    assert not out.exists()


def test_export_checks_against_the_catalog_given() -> None:
    result = wfm("export", SINGLE, "--format", "markdown", "--catalog", "genesys-wfm-8.5.1")
    assert result.returncode == 0
    summary = dict(markdown_tables(result.stdout)[0][1:])
    assert summary["Catalog"].startswith("genesys-wfm-8.5.1: ")


def test_export_mermaid_says_when_renderers_would_not_draw_it(tmp_path: Path) -> None:
    plan = tmp_path / "large.toml"
    plan.write_text(dump_plan(synthetic_plan(1_000), load_catalog()), "utf-8")
    result = wfm("export", str(plan), "--format", "mermaid")
    assert result.returncode == 0
    assert result.stderr.startswith("wfm-tui: note: GitHub and GitLab will not draw this diagram: ")
    assert result.stdout.startswith("flowchart LR\n")


def readme_export_commands() -> list[str]:
    readme = (ROOT / "README.md").read_text("utf-8")
    section = readme.split("### export", 1)[1]
    block = section.split("```sh\n", 1)[1].split("```", 1)[0]
    return [line for line in block.splitlines() if line.startswith("wfm-tui export")]


def test_the_readme_export_commands_work(tmp_path: Path) -> None:
    commands = readme_export_commands()
    assert len(commands) == 5
    shutil.copy(ROOT / SINGLE, tmp_path / "plan.toml")
    bin_dir = Path(sys.executable).parent
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}"}
    for command in commands:
        if "| dot " in command and shutil.which("dot") is None:
            continue  # Graphviz is not installed here; test_export_tools says so
        result = subprocess.run(
            ["bash", "-o", "pipefail", "-c", command],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert result.returncode == 0, (command, result.stderr)
    written = {p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*")}
    expected = {"plan.toml", "plan.mmd", "change-request.md", "tables", "tables/apps.csv"}
    expected |= {"tables/links.csv", "apps.csv", "links.csv"}
    if shutil.which("dot"):
        expected.add("plan.svg")
    assert written == expected
