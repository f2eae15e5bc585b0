"""Every load error and every finding about an app has a line and a column, however the TOML
spells the apps: header tables, dotted keys, inline tables, sub-tables that do not belong."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import tomli
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from tests.cli_helpers import wfm
from wfm_tui.core.validation import validate
from wfm_tui.files.errors import LoadError
from wfm_tui.files.plan_file import parse_plan

HEAD = 'format = 1\nname = "p"\n'


def test_sub_table_of_an_app_is_located(tmp_path: Path) -> None:
    """[apps.a.b.c]: both problems used to come without a line."""
    path = tmp_path / "plan.toml"
    path.write_text(HEAD + "[apps.a.b.c]\n", "utf-8")
    result = wfm("check", str(path))
    assert result.returncode == 2
    assert result.stdout.splitlines()[:2] == [
        f'{path}:3:1: error[load-error]: missing required key "kind" in apps.a',
        f"{path}:3:1: error[load-error]: unknown key apps.a.b; allowed keys: kind, site, host, "
        "port, tls, backup, note, connections",
    ]


def test_app_defined_by_dotted_keys_is_located(tmp_path: Path) -> None:
    path = tmp_path / "plan.toml"
    path.write_text(HEAD + 'apps."a.b".kind = "dap"\n', "utf-8")
    result = wfm("check", "--format", "json", str(path))
    [finding] = json.loads(result.stdout)["results"][0]["findings"]
    assert (finding["code"], finding["line"], finding["column"]) == ("unreferenced-app", 3, 1)


# -- any spelling ---------------------------------------------------------------------------

KINDS = ["wfm_server", "wfm_builder", "dap", "stat_server", "wfm_daemon", "no_such_kind"]
names = st.text(alphabet="ab .\"'\\é[]#=x", min_size=1, max_size=6)
STYLES = ["header", "dotted", "inline", "section-dotted", "section-inline"]


def _key(name: str) -> str:
    # A TOML basic string: JSON's escapes are a subset of TOML's.
    return json.dumps(name, ensure_ascii=False)


@st.composite
def documents(draw) -> str:
    pool = draw(st.lists(names, min_size=1, max_size=5, unique=True))
    top, section, tables = [], [], []
    for name in pool:
        kind = draw(st.sampled_from(KINDS))
        links = draw(st.lists(st.sampled_from([*pool, "ghost"]), max_size=4))
        fields = {"kind": _key(kind), "connections": "[" + ", ".join(map(_key, links)) + "]"}
        if draw(st.booleans()):
            fields["port"] = draw(st.sampled_from(['"7000"', "0", "7000"]))
        if draw(st.booleans()):
            fields["typo"] = "1"
        style = draw(st.sampled_from(STYLES))
        key = _key(name)
        if style == "dotted":
            top += [f"apps.{key}.{field} = {value}" for field, value in fields.items()]
        elif style == "inline":
            pairs = ", ".join(f"{field} = {value}" for field, value in fields.items())
            top.append(f"apps.{key} = {{{pairs}}}")
        elif style == "section-dotted":
            section += [f"{key}.{field} = {value}" for field, value in fields.items()]
        elif style == "section-inline":
            pairs = ", ".join(f"{field} = {value}" for field, value in fields.items())
            section.append(f"{key} = {{{pairs}}}")
        else:
            tables.append(f"[apps.{key}]")
            tables += [f"{field} = {value}" for field, value in fields.items()]
        if draw(st.booleans()):
            tables.append(f"[apps.{key}.stray.sub]")
    if section and top:
        return "\n".join([HEAD, *top, "[apps]", *section, *tables]) + "\n"
    if section:
        return "\n".join([HEAD, "[apps]", *section, *tables]) + "\n"
    return "\n".join([HEAD, *top, *tables]) + "\n"


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=documents())
def test_every_problem_and_finding_about_an_app_is_located(text: str) -> None:
    try:
        tomli.loads(text)
    except tomli.TOMLDecodeError:
        assume(False)  # an app both inline and extended: not TOML, nothing to place
    try:
        loaded = parse_plan(text)
    except LoadError as exc:
        for problem in exc.problems:
            assert problem.line is not None, problem
            assert problem.column is not None, problem
        return
    findings = loaded.locate_findings(validate(loaded.plan, loaded.catalog))
    for finding in findings:
        if finding.app is not None:
            assert finding.line is not None, finding
            assert finding.column is not None, finding


@pytest.mark.parametrize(
    "spelling",
    [
        '[apps."e\\u0301"]\nkind = "dap"\n',
        'apps."e\\u0301".kind = "dap"\n',
        '[apps]\n"e\\u0301" = {kind = "dap"}\n',
    ],
)
def test_an_app_whose_name_is_stored_in_nfc_is_located(spelling: str) -> None:
    loaded = parse_plan(HEAD + spelling)
    assert list(loaded.plan.apps) == ["é"]
    [finding] = loaded.locate_findings(validate(loaded.plan, loaded.catalog))
    assert (finding.app, finding.line) == ("é", 4 if spelling.startswith("[apps]") else 3)
    assert finding.column is not None
