"""Input users can get wrong: one clear located line, exit 2, never a traceback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.cli_helpers import wfm
from tests.strategies import documents
from wfm_tui.files.errors import LoadError, Problem
from wfm_tui.files.plan_file import parse_plan

GOOD_HEAD = 'format = 1\nname = "p"\n'

# (file bytes, expected line, expected column or None, text the message contains)
CASES = {
    "toml-syntax": (GOOD_HEAD + "[apps.S\nkind = 'dap'\n", 3, 8, "TOML syntax"),
    "typo-key": (
        GOOD_HEAD + '[apps.S]\nkind = "wfm_server"\nconections = []\n',
        5,
        1,
        "did you mean 'connections'",
    ),
    "typo-top-level": (
        'format = 1\nname = "p"\nfeatures.multisite = true\n',
        3,
        1,
        "unknown key features.multisite",
    ),
    "port-as-string": (
        GOOD_HEAD + '[apps.S]\nkind = "dap"\nport = "7000"\n',
        5,
        1,
        "must be an integer, not a string",
    ),
    "tls-as-string": (
        GOOD_HEAD + '[apps.S]\nkind = "dap"\ntls = "yes"\n',
        5,
        1,
        "must be true or false",
    ),
    "port-too-high": (
        GOOD_HEAD + '[apps.S]\nkind = "dap"\nport = 70000\n',
        5,
        1,
        "between 1 and 65535",
    ),
    "port-zero": (GOOD_HEAD + '[apps.S]\nkind = "dap"\nport = 0\n', 5, 1, "between 1 and 65535"),
    "unknown-kind": (GOOD_HEAD + '[apps.S]\nkind = "wfm_srv"\n', 4, 1, 'unknown kind "wfm_srv"'),
    "name-with-space": (GOOD_HEAD + '[apps." S"]\nkind = "dap"\n', 3, 1, "white space"),
    "name-with-escape": (
        GOOD_HEAD + '[apps."S\\u001b[31m"]\nkind = "dap"\n',
        3,
        1,
        "control characters",
    ),
    "bidi-override-in-host": (
        GOOD_HEAD + '[apps.S]\nkind = "dap"\nhost = "h\\u202ex"\n',
        5,
        1,
        "apps.S.host must not contain direction-changing characters (found \\u202e)",
    ),
    "bidi-override-in-site": (
        GOOD_HEAD + '[apps.S]\nkind = "dap"\nsite = "L\\u2067x"\n',
        5,
        1,
        "direction-changing characters (found \\u2067)",
    ),
    "zero-width-in-note": (
        GOOD_HEAD + '[apps.S]\nkind = "dap"\nnote = "a\\u200bb"\n',
        5,
        1,
        "invisible formatting characters (found \\u200b)",
    ),
    "separator-in-description": (
        GOOD_HEAD + 'description = "a\\u2029b"\n',
        3,
        1,
        "line or paragraph separators (found \\u2029)",
    ),
    "tag-characters-in-name": (
        GOOD_HEAD + '[apps."DAP\\U000E0041"]\nkind = "dap"\n',
        3,
        1,
        "invisible formatting characters (found \\U000e0041)",
    ),
    "empty-plan-name": ('format = 1\nname = ""\n', 2, 1, "must not be empty"),
    "missing-name": ("format = 1\n", 1, 1, None),
    "newer-format": ('format = 2\nname = "p"\n', 1, 1, "newer wfm-tui"),
    "format-as-string": ('format = "1"\nname = "p"\n', 1, 1, "format: must be the integer 1"),
    "connections-not-array": (
        GOOD_HEAD + '[apps.S]\nkind = "dap"\nconnections = "T"\n',
        5,
        1,
        "must be an array",
    ),
    "connection-not-string": (
        GOOD_HEAD + '[apps.S]\nkind = "dap"\nconnections = ["a", 1]\n',
        5,
        21,
        "must be a string",
    ),
    "app-not-table": (GOOD_HEAD + "apps = 3\n", 3, 1, "must be a table"),
    "unknown-catalog": (GOOD_HEAD + 'catalog = "genesys-wfm-9"\n', 3, 1, "unknown catalog"),
    "empty-file": ("", 1, 1, "is empty"),
    "latin-1": ('format = 1\nname = "caf\xe9"\n'.encode("latin-1"), 2, 12, "not valid UTF-8"),
    "utf-16": ('format = 1\nname = "p"\n'.encode("utf-16"), 1, 1, "UTF-16"),
    "binary-junk": (bytes(range(256)) * 4, 1, 1, "a binary file"),
    "nul-byte": (b'format = 1\nname = "a\x00b"\n', 2, 10, "NUL byte"),
}


def _missing_name_has_message(message: str) -> bool:
    return 'missing required key "name"' in message


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_file_gives_one_located_error(tmp_path: Path, case: str) -> None:
    content, line, column, text = CASES[case]
    path = tmp_path / "plan.toml"
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    result = wfm("check", str(path))
    assert result.returncode == 2
    first = result.stdout.splitlines()[0]
    prefix = f"{path}:{line}:" if column is None else f"{path}:{line}:{column}:"
    assert first.startswith(prefix), first
    assert "error[load-error]" in first
    if text is not None:
        assert text in first
    elif case == "missing-name":
        assert _missing_name_has_message(first)


def test_json_load_error_has_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "plan.toml"
    path.write_text(GOOD_HEAD + '[apps.S]\nkind = "dap"\nport = "7000"\n')
    result = wfm("check", "--format", "json", str(path))
    assert result.returncode == 2
    [finding] = json.loads(result.stdout)["results"][0]["findings"]
    assert finding == {
        "code": "load-error",
        "severity": "error",
        "message": 'apps.S.port must be an integer, not a string ("7000")',
        "app": None,
        "file": str(path),
        "line": 5,
        "column": 1,
    }


def test_every_schema_problem_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "plan.toml"
    path.write_text(GOOD_HEAD + '[apps.S]\nkind = "dap"\nport = "1"\ntls = "no"\nhots = "h"\n')
    lines = wfm("check", str(path)).stdout.splitlines()
    assert [line.split(":")[1] for line in lines[:3]] == ["5", "6", "7"]


def test_missing_file_and_directory(tmp_path: Path) -> None:
    result = wfm("check", str(tmp_path / "nope.toml"), str(tmp_path))
    assert result.returncode == 2
    assert f"{tmp_path / 'nope.toml'}: error[load-error]: no such file" in result.stdout
    assert f"{tmp_path}: error[load-error]: is a directory" in result.stdout


def test_escape_sequences_from_a_file_never_reach_the_terminal(tmp_path: Path) -> None:
    path = tmp_path / "plan.toml"
    path.write_text(GOOD_HEAD + '[apps.S]\nkind = "dap"\n"\\u001b]0;pwned\\u0007" = 1\n')
    result = wfm("check", str(path))
    assert result.returncode == 2
    assert "\x1b" not in result.stdout
    assert "\x07" not in result.stdout
    assert "\\x1b]0;pwned\\x07" in result.stdout


def test_oversized_file_is_refused_before_parsing(tmp_path: Path) -> None:
    path = tmp_path / "big.toml"
    path.write_bytes(b"# " + b"x" * (17 * 1024 * 1024) + b"\n")
    result = wfm("check", str(path))
    assert result.returncode == 2
    assert "larger than 16 MiB" in result.stdout


def load_problems(source: bytes | str) -> list[Problem] | None:
    """The loader's problems with `source`, or None if it loads. Any other exception fails."""
    try:
        parse_plan(source, "fuzz.toml")
    except LoadError as exc:
        problems = exc.problems
    else:
        return None
    assert problems
    return problems


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.binary(max_size=400))
def test_arbitrary_bytes_only_raise_load_error(data: bytes) -> None:
    problems = load_problems(data)
    assert problems is None or all(p.message for p in problems)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(document=documents)
def test_arbitrary_toml_data_only_raises_load_error(document: dict) -> None:
    text = tomli_w.dumps(document)
    problems = load_problems(text)
    for problem in problems or []:
        assert problem.message
        assert problem.line is None or 1 <= problem.line <= text.count("\n") + 1


def test_an_unknown_kind_is_reported_with_the_other_problems(tmp_path: Path) -> None:
    path = tmp_path / "plan.toml"
    path.write_text(GOOD_HEAD + '[apps.S]\nkind = "wfm_servr"\ntls = "yes"\nport = 0\n')
    lines = wfm("check", str(path)).stdout.splitlines()
    assert [line.split(":")[1] for line in lines[:3]] == ["4", "5", "6"]
    assert 'unknown kind "wfm_servr"' in lines[0]
