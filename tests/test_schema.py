"""`wfm-tui schema`: the plan format's JSON Schema, generated from the models, read by the real
tools (check-jsonschema, taplo), and the `#:schema` directive the writer keeps."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import tomli
import tomli_w
from hypothesis import HealthCheck, given, settings

from tests import ROOT
from tests.cli_helpers import wfm
from tests.strategies import documents
from tests.tools import program
from wfm_tui.core.plan_schema import plan_json_schema
from wfm_tui.files.catalogs import load_catalog
from wfm_tui.files.errors import LoadError
from wfm_tui.files.plan_file import dump_plan, parse_plan

SAMPLES = sorted((ROOT / "sample_plans").glob("*.toml"))
BAD = {
    "wrong type": 'format = 1\nname = "x"\n[apps.A]\nkind = "dap"\nport = "7000"\n',
    "unknown key": 'format = 1\nname = "x"\n[apps.A]\nkind = "dap"\nconections = []\n',
    "unknown kind": 'format = 1\nname = "x"\n[apps.A]\nkind = "dapp"\n',
    "bad name": 'format = 1\nname = "x"\n[apps." A"]\nkind = "dap"\n',
    "newer format": 'format = 2\nname = "x"\n',
}


@pytest.fixture(scope="module")
def schema_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("schema") / "wfm-plan.schema.json"
    result = wfm("schema")
    assert result.returncode == 0
    path.write_text(result.stdout)
    return path


def walk(node: Any, path: str = "") -> list[tuple[str, dict]]:
    found = []
    if isinstance(node, dict):
        for key, value in node.get("properties", {}).items():
            found.append((f"{path}.{key}", value))
            found += walk(value, f"{path}.{key}")
        for key, value in node.get("$defs", {}).items():
            found += walk(value, key)
    return found


def test_every_key_has_a_description_and_kinds_are_the_catalogs(schema_file: Path) -> None:
    schema = json.loads(schema_file.read_text())
    assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
    keys = walk(schema)
    assert len(keys) == 6 + 8 + 3  # plan, app and feature keys
    assert all(value.get("description") for _, value in keys), keys
    kind = schema["$defs"]["App"]["properties"]["kind"]
    assert kind["enum"] == list(load_catalog().kinds)
    assert schema["properties"]["format"]["const"] == 1


def test_the_schema_follows_the_chosen_catalog(tmp_path: Path) -> None:
    team = tmp_path / "team.toml"
    team.write_text(
        'id = "team"\ntitle = "t"\nsource = "s"\nextends = "genesys-wfm-8.5.2"\n'
        '[kinds.config_utility]\ntitle = "Config Utility"\nshort = "CU"\n'
        '[connections.wfm_server]\nconfig_utility = "-"\n'
    )
    result = wfm("schema", "--catalog", str(team))
    assert result.returncode == 2  # every row must name the new kind
    assert "must name every kind; missing: config_utility" in result.stderr
    kinds = json.loads(wfm("schema", "--catalog", "genesys-wfm-8.5.1").stdout)
    assert "wfm_server" in kinds["$defs"]["App"]["properties"]["kind"]["enum"]


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.name)
def test_check_jsonschema_accepts_every_sample(schema_file: Path, sample: Path) -> None:
    tool = program("check-jsonschema", "PyPI package check-jsonschema, a test extra")
    result = subprocess.run(
        [tool, "--schemafile", str(schema_file), str(sample)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("case", sorted(BAD))
def test_check_jsonschema_rejects_what_the_loader_rejects(
    schema_file: Path, tmp_path: Path, case: str
) -> None:
    tool = program("check-jsonschema", "PyPI package check-jsonschema, a test extra")
    plan = tmp_path / "bad.toml"
    plan.write_text(BAD[case])
    result = subprocess.run(
        [tool, "--schemafile", str(schema_file), str(plan)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1, result.stdout
    assert wfm("check", str(plan)).returncode == 2


def with_directive(text: str) -> str:
    return "#:schema ./wfm-plan.schema.json\n" + text


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.name)
def test_taplo_accepts_every_sample(schema_file: Path, tmp_path: Path, sample: Path) -> None:
    taplo = program("taplo", "npm package @taplo/cli")
    shutil.copy(schema_file, tmp_path)
    plan = tmp_path / sample.name
    plan.write_text(with_directive(sample.read_text()))
    result = subprocess.run(
        [taplo, "check", plan.name], cwd=tmp_path, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("case", sorted(BAD))
def test_taplo_rejects_a_bad_plan(schema_file: Path, tmp_path: Path, case: str) -> None:
    taplo = program("taplo", "npm package @taplo/cli")
    shutil.copy(schema_file, tmp_path)
    plan = tmp_path / "bad.toml"
    plan.write_text(with_directive(BAD[case]))
    result = subprocess.run(
        [taplo, "check", plan.name], cwd=tmp_path, capture_output=True, text=True, check=False
    )
    assert result.returncode == 1
    assert "schema validation failed" in result.stderr


# The directive


def test_the_writer_keeps_the_schema_directive_and_no_other_comment(tmp_path: Path) -> None:
    text = with_directive((ROOT / "wfm_tui/templates/minimal.toml").read_text())
    loaded = parse_plan(text)
    assert loaded.schema == "./wfm-plan.schema.json"
    assert not loaded.has_comments  # saving loses nothing: no warning
    assert dump_plan(loaded.plan, loaded.catalog, loaded.schema) == with_directive(
        dump_plan(loaded.plan, loaded.catalog)
    )
    commented = parse_plan(text.replace('name = "', '# who\nname = "'))
    assert commented.has_comments
    # whatif --write keeps it too.
    plan = tmp_path / "p.toml"
    plan.write_text(dump_plan(loaded.plan, loaded.catalog, loaded.schema))
    out = tmp_path / "out.toml"
    result = wfm("whatif", str(plan), "--feature", "multi_site=on", "--write", str(out))
    assert result.returncode == 0
    assert out.read_text().startswith("#:schema ./wfm-plan.schema.json\n")


def test_new_writes_the_directive(tmp_path: Path) -> None:
    plan = tmp_path / "p.toml"
    assert wfm("new", str(plan), "--schema", "./wfm-plan.schema.json").returncode == 0
    assert plan.read_text().startswith("#:schema ./wfm-plan.schema.json\nformat = 1\n")
    assert wfm("check", str(plan)).returncode == 0
    bad = wfm("new", str(tmp_path / "q.toml"), "--schema", "a b")
    assert bad.returncode == 2
    assert "--schema takes a path or URL" in bad.stderr


# The schema and the loader agree: what the loader takes, the schema takes.

_SCHEMA = plan_json_schema(load_catalog())


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(document=documents)
def test_the_schema_accepts_every_plan_the_loader_accepts(document: dict) -> None:
    text = tomli_w.dumps(document)
    try:
        parse_plan(text)
    except LoadError:
        return
    jsonschema.validate(tomli.loads(text), _SCHEMA)


def test_the_readme_lines_make_a_plan_that_taplo_checks(tmp_path: Path) -> None:
    # As the README has it: the schema at the repository's root, the plans in a folder.
    taplo = program("taplo", "npm package @taplo/cli")
    readme = (ROOT / "README.md").read_text()
    section = readme.split("### Schema-aware editing", 1)[1].split("\n### ", 1)[0]
    block = section.split("```sh\n", 1)[1].split("```", 1)[0]
    commands = [line.split("  #")[0].strip() for line in block.splitlines()]
    assert commands == [
        "wfm-tui schema > wfm-plan.schema.json",
        "wfm-tui new plans/leeds.toml --schema ../wfm-plan.schema.json",
    ]
    (tmp_path / "plans").mkdir()
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    for command in commands:
        subprocess.run(["bash", "-c", command], cwd=tmp_path, env=env, check=True, timeout=60)
    assert "taplo check plans/*.toml" in section
    check = [taplo, "check", "plans/leeds.toml"]
    ok = subprocess.run(check, cwd=tmp_path, capture_output=True, text=True, check=False)
    assert ok.returncode == 0, ok.stderr
    plan = tmp_path / "plans" / "leeds.toml"
    plan.write_text(plan.read_text().replace("format = 1\n", "format = 1\nformt = 1\n"))
    bad = subprocess.run(check, cwd=tmp_path, capture_output=True, text=True, check=False)
    assert bad.returncode == 1
    assert "'formt' was unexpected" in bad.stderr
