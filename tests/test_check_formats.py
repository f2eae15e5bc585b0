"""check's output read by the real tools: vim's quickfix, the official SARIF 2.1.0 schema,
GitHub annotations, JUnit XML."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest
import yaml
from hypothesis import HealthCheck, given, settings

from tests import ROOT
from tests.cli_helpers import wfm
from tests.strategies import names
from tests.tools import npm_file, program
from wfm_tui.report.check_results import location_safe

SAMPLES = sorted((ROOT / "sample_plans").glob("*.toml"))
# A plan whose names hold what compilers' formats look for: `"S"` (a quoted file-like word)
# first, then a name with a digit before ": ", a parenthesised line number, a colon path.
TRICKY = """\
format = 1
name = "tricky"

[apps.S]
kind = "wfm_server"
host = "h"
port = 7000
connections = ["B", "DB 1: main", "x.c(12): y", "a.toml:3:4: z"]

[apps.B]
kind = "wfm_builder"
host = "h"
port = 7000
connections = ["S"]
"""


def quickfix(vim: str, output: str, tmp_path: Path) -> list[tuple[str, int, int]]:
    """The entries vim's default 'errorformat' makes of `output`: (file, line, column)."""
    errors = tmp_path / "errors.txt"
    errors.write_text(output)
    listing = tmp_path / "qf.txt"
    script = (
        'call writefile(map(filter(getqflist(), "v:val.valid"), '
        '"bufname(v:val.bufnr) . \\"|\\" . v:val.lnum . \\"|\\" . v:val.col"), '
        f'"{listing}")'
    )
    subprocess.run(
        [
            vim,
            "-N",
            "-u",
            "NONE",
            "-i",
            "NONE",
            "-es",
            "-q",
            str(errors),
            "-c",
            script,
            "-c",
            "qa!",
        ],
        cwd=ROOT,
        check=False,
        timeout=60,
        stdin=subprocess.DEVNULL,
        capture_output=True,
    )
    entries = []
    for line in listing.read_text().splitlines():
        name, lnum, col = line.rsplit("|", 2)
        entries.append((name, int(lnum), int(col)))
    return entries


def expected_entries(*paths: str) -> list[tuple[str, int, int]]:
    data = json.loads(wfm("check", "--format", "json", *paths).stdout)
    return [
        (f["file"], f["line"], f["column"])
        for result in data["results"]
        for f in result["findings"]
        if f["line"] is not None
    ]


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.name)
def test_vim_quickfix_reads_every_line_of_every_sample(sample: Path, tmp_path: Path) -> None:
    vim = program("vim", "Debian package vim")
    path = str(sample.relative_to(ROOT))
    output = wfm("check", path).stdout
    assert quickfix(vim, output, tmp_path) == expected_entries(path)


def test_vim_quickfix_is_not_fooled_by_names(tmp_path: Path) -> None:
    vim = program("vim", "Debian package vim")
    plan = tmp_path / "tricky.toml"
    plan.write_text(TRICKY)
    output = wfm("check", str(plan)).stdout
    assert "DB 1\\x3a main" in output  # the one place a name's colon is escaped
    entries = quickfix(vim, output, tmp_path)
    assert entries == expected_entries(str(plan))
    assert {name for name, _, _ in entries} == {str(plan)}


# Plans that do not load, with names and messages that hold compiler-like locations.
UNLOADABLE = {
    "syntax.toml": "format = 1\nname = \n",
    "twice.toml": 'format = 1\nname = "x"\n[apps.S]\nkind = "dap"\n[apps.S]\n',
    "kind.toml": 'format = 1\nname = "x"\n[apps."a: 12: b"]\nkind = "dapp"\n',
    "quoted.toml": 'format = 1\nname = "x"\n[apps."\\"f\\", line 3: y"]\nkind = "dapp"\n',
    "newer.toml": "format = 2\n",
    "catalog.toml": 'format = 1\nname = "x"\ncatalog = "nope.toml"\n',
}


def unloadable_plans(folder: Path) -> list[str]:
    for name, text in UNLOADABLE.items():
        (folder / name).write_text(text)
    return [str(folder / name) for name in UNLOADABLE]


def test_vim_and_emacs_read_load_errors_at_their_place(tmp_path: Path) -> None:
    vim = program("vim", "Debian package vim")
    emacs = program("emacs", "Debian package emacs-nox")
    plans = unloadable_plans(tmp_path)
    result = wfm("check", *plans)
    assert result.returncode == 2
    expected = expected_entries(*plans)
    assert len(expected) == 7  # every plan's problems, each at its line and column
    assert quickfix(vim, result.stdout, tmp_path) == expected
    assert compile_mode(emacs, result.stdout, tmp_path) == expected


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(name=names)
def test_no_quoted_name_reads_as_a_compiler_location(name: str) -> None:
    # vim's first default errorformat, `%*[^"]"%f"%*\D%l: %m`, as a regular expression.
    message = location_safe(f'WFM Server "S" connects to "{name}", which is not in the plan')
    assert not re.match(r'[^"]*"[^"\s]+"\D*\d+: ', message)


def test_sarif_is_valid_against_the_official_schema() -> None:
    schema_path = npm_file("@microsoft/jest-sarif", "lib/schemas/sarif-2.1.0-rtm.5.json")
    schema = json.loads(schema_path.read_text())
    for sample in SAMPLES:
        result = wfm("check", "--format", "sarif", str(sample.relative_to(ROOT)))
        document = json.loads(result.stdout)
        jsonschema.validate(document, schema)
    broken = json.loads(wfm("check", "--format", "sarif", "sample_plans/broken.toml").stdout)
    [run] = broken["runs"]
    first = run["results"][0]
    assert first["ruleId"] == "port-conflict"
    assert run["tool"]["driver"]["rules"][first["ruleIndex"]]["id"] == "port-conflict"
    assert first["locations"][0]["physicalLocation"] == {
        "artifactLocation": {"uri": "sample_plans/broken.toml"},
        "region": {"startLine": 12, "startColumn": 1},
    }
    assert {r["level"] for r in run["results"]} == {"error", "warning", "note"}


def test_sarif_of_a_load_error_is_valid(tmp_path: Path) -> None:
    schema = json.loads(
        npm_file("@microsoft/jest-sarif", "lib/schemas/sarif-2.1.0-rtm.5.json").read_text()
    )
    plan = tmp_path / "bad plan.toml"
    plan.write_text("format = 1\nname = \n")
    result = wfm("check", "--format", "sarif", str(plan))
    assert result.returncode == 2
    document = json.loads(result.stdout)
    jsonschema.validate(document, schema)
    uri = document["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
    assert uri["artifactLocation"]["uri"].endswith("/bad%20plan.toml")


_COMMAND = re.compile(r"^::(error|warning|notice) (?P<props>[^:]*)::(?P<message>.*)$")


def test_github_annotations() -> None:
    result = wfm("check", "--format", "github", "sample_plans/broken.toml")
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines[0] == (
        "::error file=sample_plans/broken.toml,line=12,col=1,title=port-conflict::2 applications "
        'listen on port 7000 of "wfm01.corp.example" ("WFM Server", "WFM Builder")'
    )
    for line in lines:
        match = _COMMAND.match(line)
        assert match, line
        props = dict(p.split("=", 1) for p in match["props"].split(","))
        assert set(props) == {"file", "line", "col", "title"}
    assert sum(line.startswith("::notice") for line in lines) == 1  # info is a notice


def test_github_escapes_what_would_break_a_command(tmp_path: Path) -> None:
    plan = tmp_path / "a,b:c%.toml"
    plan.write_text('format = 1\nname = "x"\n[apps."100%: ok"]\nkind = "dap"\n')
    line = wfm("check", "--format", "github", str(plan)).stdout.splitlines()[0]
    assert f"file={tmp_path}/a%2Cb%3Ac%25.toml," in line
    assert '"100%25: ok"' in line


def test_junit_is_one_case_per_plan_with_a_failure_per_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("format = 1\n")
    result = wfm(
        "check",
        "--format",
        "junit",
        "sample_plans/broken.toml",
        "sample_plans/single-site.toml",
        str(bad),
    )
    assert result.returncode == 2
    suite = ET.fromstring(result.stdout)
    assert (suite.tag, suite.get("tests"), suite.get("failures"), suite.get("errors")) == (
        "testsuite",
        "3",
        "1",
        "1",
    )
    broken, single, unloadable = suite.findall("testcase")
    assert broken.get("name") == "sample_plans/broken.toml"
    assert len(broken.findall("failure")) == 7  # the errors
    # One finding a line, as the text format prints them: GitLab and Jenkins show it as is.
    assert (broken.findtext("system-out") or "").split("\n") == [
        line
        for line in wfm("check", "sample_plans/broken.toml").stdout.splitlines()
        if "error[" not in line
    ]
    assert single.findall("failure") == []
    assert [e.get("type") for e in unloadable.findall("error")] == ["load-error"]
    strict = ET.fromstring(
        wfm("check", "--format", "junit", "--strict", "sample_plans/broken.toml").stdout
    )
    assert len(strict.find("testcase").findall("failure")) == 9  # errors and warnings


@settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(name=names)
def test_junit_and_github_hold_any_name(tmp_path: Path, name: str) -> None:
    from wfm_tui.core.findings import Code, Finding
    from wfm_tui.report.check_results import FileResult
    from wfm_tui.report.ci_formats import github_lines, junit_xml

    finding = Finding(Code.UNKNOWN_TARGET, f'"S" connects to "{name}"', app=name, line=1)
    result = FileResult(name + ".toml", [finding], loaded=True, apps=1)
    suite = ET.fromstring(junit_xml([result], strict=False))
    assert suite.find("testcase").get("name") == (name + ".toml")
    [line] = github_lines([result])
    assert "\n" not in line
    assert _COMMAND.match(line)


# VS Code: the README's task, read as the JSON a user pastes into .vscode/tasks.json.


def readme_problem_matcher() -> dict:
    readme = (ROOT / "README.md").read_text()
    block = re.search(r"\(`\.vscode/tasks\.json`\):\n\n  ```json\n(.*?)\n  ```", readme, re.S)
    assert block, "the README's VS Code task"
    [task] = json.loads(block[1])["tasks"]
    return task["problemMatcher"]


def matched(matcher: dict, groups: list[str | None]) -> tuple[str, int, int, str, str]:
    """What VS Code makes of a match: file, line, column, severity, code."""
    pattern = matcher["pattern"]
    value = {key: groups[pattern[key]] for key in ("file", "line", "column", "severity", "code")}
    return (
        str(value["file"]),
        int(str(value["line"])),
        int(str(value["column"])),
        str(value["severity"]),
        str(value["code"]),
    )


def expected_problems(path: str) -> list[tuple[str, int, int, str, str]]:
    data = json.loads(wfm("check", "--format", "json", path).stdout)
    return [
        (f["file"], f["line"], f["column"], f["severity"], f["code"])
        for result in data["results"]
        for f in result["findings"]
    ]


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.name)
def test_the_readme_problem_matcher_reads_every_finding(sample: Path) -> None:
    matcher = readme_problem_matcher()
    assert matcher["fileLocation"] == ["relative", "${workspaceFolder}"]
    path = str(sample.relative_to(ROOT))
    pattern = re.compile(matcher["pattern"]["regexp"])
    lines = wfm("check", path).stdout.splitlines()
    found = [matched(matcher, [m[0], *m.groups()]) for m in map(pattern.match, lines) if m]
    assert found == expected_problems(path)


def test_the_problem_matcher_in_javascript_reads_every_finding(tmp_path: Path) -> None:
    # VS Code runs the matcher's regexp as a JavaScript RegExp over each line of the output.
    node = program("node", "Debian package nodejs")
    matcher = readme_problem_matcher()
    outputs = [wfm("check", str(s.relative_to(ROOT))).stdout for s in SAMPLES]
    outputs.append(wfm("check", str(tricky_plan(tmp_path))).stdout)
    script = (
        "const [regexp, outputs] = JSON.parse(require('fs').readFileSync(0, 'utf8'));"
        "const re = new RegExp(regexp);"
        "console.log(JSON.stringify(outputs.map((o) => o.split(/\\r?\\n/)"
        ".map((l) => re.exec(l)).filter((m) => m).map((m) => [...m]))));"
    )
    result = subprocess.run(
        [node, "-e", script],
        input=json.dumps([matcher["pattern"]["regexp"], outputs]),
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    found = json.loads(result.stdout)
    paths = [str(s.relative_to(ROOT)) for s in SAMPLES] + [str(tmp_path / "tricky.toml")]
    for path, matches in zip(paths, found, strict=True):
        assert [matched(matcher, m) for m in matches] == expected_problems(path)


def tricky_plan(folder: Path) -> Path:
    plan = folder / "tricky.toml"
    plan.write_text(TRICKY)
    return plan


def compile_mode(emacs: str, output: str, tmp_path: Path) -> list[tuple[str, int, int]]:
    """The messages Emacs's compile mode finds in `output`: (file, line, column)."""
    errors = tmp_path / "errors.txt"
    errors.write_text(output)
    listing = tmp_path / "compile.txt"
    script = Path(__file__).parent / "emacs_compile.el"
    subprocess.run(
        [emacs, "--batch", "-Q", "-l", str(script), str(errors), str(listing)],
        cwd=ROOT,
        check=True,
        timeout=60,
        capture_output=True,
    )
    entries = []
    for line in filter(None, listing.read_text().splitlines()):
        name, lnum, col = line.rsplit("|", 2)
        entries.append((name, int(lnum), int(col)))
    return entries


@pytest.mark.parametrize("sample", [*SAMPLES, "tricky"], ids=lambda p: getattr(p, "name", p))
def test_emacs_compile_mode_reads_every_line(sample: Path | str, tmp_path: Path) -> None:
    emacs = program("emacs", "Debian package emacs-nox")
    if sample == "tricky":
        plan = tmp_path / "tricky.toml"
        plan.write_text(TRICKY)
        path = str(plan)
    else:
        path = str(Path(sample).relative_to(ROOT))
    output = wfm("check", path).stdout
    assert compile_mode(emacs, output, tmp_path) == expected_entries(path)


# The README's CI lines, as a user copies them.


def readme_yaml_blocks() -> dict[str, dict]:
    readme = (ROOT / "README.md").read_text()
    section = readme.split("### CI and code review", 1)[1].split("\n### ", 1)[0]
    blocks = re.findall(r"```yaml\n# (\S+)\n(.*?)```", section, re.S)
    return {name: yaml.safe_load(body) for name, body in blocks}


def test_the_readme_ci_lines_work(tmp_path: Path) -> None:
    blocks = readme_yaml_blocks()
    github = blocks[".github/workflows/plans.yml"]
    gitlab = blocks[".gitlab-ci.yml"]
    [job] = github["jobs"].values()
    lines = [step["run"] for step in job["steps"] if "run" in step]
    [upload] = [step for step in job["steps"] if "upload-sarif" in step.get("uses", "")]
    assert upload["with"]["sarif_file"] == "wfm-tui.sarif"
    [gitlab_job] = gitlab.values()
    lines += gitlab_job["script"]
    assert gitlab_job["artifacts"]["reports"]["junit"] == "wfm-tui.xml"
    commands = [line for line in lines if line.startswith("wfm-tui ")]
    assert len(commands) == 3
    plans = tmp_path / "plans"
    plans.mkdir()
    for name in ("single-site.toml", "multi-site.toml"):
        (plans / name).write_bytes((ROOT / "sample_plans" / name).read_bytes())
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}

    def run_all() -> list[int]:
        return [
            subprocess.run(
                ["bash", "-c", command], cwd=tmp_path, env=env, capture_output=True, timeout=60
            ).returncode
            for command in commands
        ]

    assert run_all() == [0, 0, 0]
    assert json.loads((tmp_path / "wfm-tui.sarif").read_text())["runs"][0]["results"] == []
    (plans / "broken.toml").write_bytes((ROOT / "sample_plans" / "broken.toml").read_bytes())
    assert run_all() == [1, 1, 1]  # the job fails; the reports are written all the same
    sarif = json.loads((tmp_path / "wfm-tui.sarif").read_text())
    assert {r["ruleId"] for r in sarif["runs"][0]["results"]} >= {"port-conflict"}
    suite = ET.fromstring((tmp_path / "wfm-tui.xml").read_text())
    assert [case.get("name") for case in suite.findall("testcase")] == [
        "plans/broken.toml",
        "plans/multi-site.toml",
        "plans/single-site.toml",
    ]


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "github", "junit"])
def test_every_format_exits_as_the_text_format_does(fmt: str, tmp_path: Path) -> None:
    warned = tmp_path / "warned.toml"
    text = (ROOT / "wfm_tui/templates/minimal.toml").read_text()
    warned.write_text(text + '\n[apps."Spare DAP"]\nkind = "dap"\n')  # a warning only
    cases = [
        (["sample_plans/single-site.toml"], 0),
        ([str(warned)], 0),
        (["--strict", str(warned)], 1),
        (["sample_plans/broken.toml", "sample_plans/single-site.toml"], 1),
        (["sample_plans/broken.toml", str(tmp_path / "missing.toml")], 2),
    ]
    for args, status in cases:
        assert wfm("check", "--format", fmt, *args).returncode == status, (args, status)
