"""Hostile and broken plans: a clear error or a correct result, in bounded time and memory,
and nothing printed that a terminal would act on."""

from __future__ import annotations

import resource
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from benchmarks.synthetic_plans import synthetic_plan
from tests import ROOT
from wfm_tui.cli.main import main
from wfm_tui.core.plan import App
from wfm_tui.files.catalogs import load_catalog
from wfm_tui.files.plan_file import MAX_PLAN_BYTES, dump_plan
from wfm_tui.files.plan_input import MAX_PROBLEMS

HEAD = 'format = 1\nname = "p"\n'
MEMORY_LIMIT = 1024 * 1024 * 1024  # 1 GiB of address space for one check
TIME_LIMIT = 60  # seconds: a bound, not a measurement; a normal run takes a fraction of it


def limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def check_bounded(path: Path) -> subprocess.CompletedProcess[str]:
    return run_bounded("check", str(path))


def run_bounded(*args: str) -> subprocess.CompletedProcess[str]:
    """A wfm-tui command under the 1 GiB limit and the time bound: no traceback, no internal
    error, nothing printed that a terminal acts on."""
    result = subprocess.run(
        [sys.executable, "-m", "wfm_tui", *args],
        capture_output=True,
        text=True,
        timeout=TIME_LIMIT,
        preexec_fn=limit_memory,
        cwd=ROOT,
        check=False,
    )
    assert "Traceback" not in result.stderr
    assert result.returncode in (0, 1, 2), result.stderr
    assert_printable(result.stdout + result.stderr)
    return result


def assert_printable(text: str) -> None:
    bad = [c for c in text if (ord(c) < 0x20 and c != "\n") or 0x7F <= ord(c) <= 0x9F]
    assert not bad, f"control characters in output: {bad[:5]!r}"


CORPUS: dict[str, bytes] = {
    "deep-arrays": (HEAD + "a = " + "[" * 50_000 + "]" * 50_000 + "\n").encode(),
    "deep-inline-tables": (HEAD + "a = " + "{b=" * 5_000 + "1" + "}" * 5_000 + "\n").encode(),
    "deep-tables": (HEAD + "[" + ".".join(["t"] * 20_000) + "]\n").encode(),
    "long-name": (f'format = 1\nname = "{"n" * 5_000_000}"\n').encode(),
    "long-key": (HEAD + '"' + "k" * 5_000_000 + '" = 1\n').encode(),
    "long-note": (HEAD + '[apps.a]\nkind = "dap"\nnote = "' + "x" * 5_000_000 + '"\n').encode(),
    "huge-array": (
        HEAD + '[apps.a]\nkind = "wfm_server"\nconnections = [' + '"b",' * 1_000_000 + "]\n"
    ).encode(),
    "nul-bytes": HEAD.encode() + b"\x00" * 1000,
    "bom": b"\xef\xbb\xbf" + HEAD.encode(),
    "crlf": HEAD.replace("\n", "\r\n").encode(),
    "invalid-utf8": HEAD.encode() + b'note = "\xc3\x28"\n',
    "twenty-megabytes": HEAD.encode() + b"# " + b"x" * (20 * 1024 * 1024) + b"\n",  # over 16 MiB
    "escape-sequence-names": (
        HEAD + '[apps."\\u001b]0;owned\\u0007\\u001b[2J"]\nkind = "dap"\n'
    ).encode(),
    "escape-sequence-values": (
        HEAD + '[apps.a]\nkind = "\\u001b[31mred"\nhost = "\\u009b31m"\n'
    ).encode(),
    "markup-names": (
        HEAD
        + '[apps."[b]x[/b]"]\nkind = "wfm_server"\nconnections = ["[@click=app.quit]x", "x[/y"]\n'
    ).encode(),
    "bidi-override-name": (HEAD + '[apps."abc\\u202edcba"]\nkind = "dap"\n').encode(),
}


@pytest.mark.parametrize("case", sorted(CORPUS))
def test_hostile_file(tmp_path: Path, case: str) -> None:
    path = tmp_path / "plan.toml"
    path.write_bytes(CORPUS[case])
    result = check_bounded(path)
    first = result.stdout.splitlines()[0]
    assert len(first) < 1000  # quoted input is cut short
    if case in ("bom", "crlf"):
        assert result.returncode == 0
    elif case == "markup-names":
        assert result.returncode == 1  # loaded; the names are shown literally
        assert '"[@click=app.quit]x", which is not in the plan' in result.stdout
    elif case == "huge-array":
        assert result.returncode == 1  # a valid file: one finding per problem, not per listing
        assert 'lists "b" 1000000 times' in result.stdout
        assert len(result.stdout.splitlines()) == 6
    else:
        assert result.returncode == 2
        assert "error[load-error]" in first
        if case == "twenty-megabytes":
            assert "larger than 16 MiB" in first


# -- the worst a file within the size cap can hold -------------------------------------------
# Each is generated up to just under MAX_PLAN_BYTES and checked in a subprocess under the 1 GiB
# limit: before the bounds, the first took 32 s and 1.85 GB and died of MemoryError.


def _fill(head: str, item: Callable[[int], str], tail: str = "") -> bytes:
    """`head`, then item(0), item(1), ... as many as fit under the size cap, then `tail`."""
    room = MAX_PLAN_BYTES - len(head) - len(tail) - 16
    parts, size, index = [head], 0, 0
    while size + len(chunk := item(index)) <= room:
        parts.append(chunk)
        size += len(chunk)
        index += 1
    return ("".join(parts) + tail).encode()


SERVER = HEAD + '[apps.s]\nkind = "wfm_server"\nconnections = ['
WORST: dict[str, Callable[[], bytes]] = {
    # One server listing some two million distinct names the plan does not have.
    "many-unknown-targets": lambda: _fill(SERVER, lambda i: f'"{i:x}",', "]\n"),
    # A million names, each listed twice.
    "many-duplicates": lambda: _fill(SERVER, lambda i: f'"{i // 2:x}",', "]\n"),
    # Every app with 100 names the plan does not have: under the per-app cap, over the plan's.
    "many-apps-many-unknown-targets": lambda: _fill(
        HEAD,
        lambda i: (
            f'[apps.a{i:x}]\nkind="wfm_builder"\nconnections=['
            + ",".join(f'"u{j}"' for j in range(100))
            + "]\n"
        ),
    ),
    # 99,990 apps on one host and port.
    "many-apps-one-port": lambda: "".join(
        [HEAD, *(f'[apps.a{i:x}]\nkind="stat_server"\nhost="h"\nport=1\n' for i in range(99_990))]
    ).encode(),
    # Notes of the longest legal length, line feeds and all, as many as fit.
    "long-notes": lambda: _fill(
        HEAD,
        lambda i: f'[apps.a{i:x}]\nkind="dap"\nnote="""{("x" * 63 + chr(10)) * 64}"""\n',
    ),
    # More apps than a plan may have, in few enough tables to be parsed.
    "too-many-apps": lambda: "".join(
        [HEAD, *(f'[apps.a{i:x}]\nkind="dap"\n' for i in range(150_000))]
    ).encode(),
    # Millions of tables: a kilobyte each to parse.
    "many-tables": lambda: _fill(HEAD, lambda i: f"[t{i:x}]\n"),
    "many-inline-tables": lambda: _fill(
        HEAD + "apps = {", lambda i: f'a{i:x}={{kind="dap"}},', "}\n"
    ),
    "many-empty-arrays": lambda: _fill(HEAD + "a = [", lambda i: "[],", "]\n"),
    # A million keys no app has, and two million names no name may be.
    "many-unknown-keys": lambda: _fill(HEAD + '[apps.s]\nkind = "dap"\n', lambda i: f"k{i:x}=1\n"),
    "many-bad-names": lambda: _fill(SERVER, lambda i: '"\\u0001",', "]\n"),
}


@pytest.mark.parametrize("case", list(WORST))
def test_worst_case_within_the_size_cap(tmp_path: Path, case: str) -> None:
    path = tmp_path / "plan.toml"
    content = WORST[case]()
    assert len(content) <= MAX_PLAN_BYTES
    path.write_bytes(content)
    result = check_bounded(path)
    lines = result.stdout.splitlines()
    assert max(len(line) for line in lines) < 1000
    if case in ("many-unknown-targets", "many-duplicates"):
        assert result.returncode == 1
        assert len(lines) < 250
        code = "unknown-target" if case == "many-unknown-targets" else "duplicate-connection"
        assert sum(f"[{code}]" in line for line in lines) == 101
        assert f'more {code} findings about "s"' in result.stdout
    elif case == "many-apps-many-unknown-targets":
        assert result.returncode == 1
        apps = len(content) // 600
        # The plan lists 10,000, then one per app and how many more it has.
        assert sum("[unknown-target]" in line for line in lines) < 10_000 + 2 * apps
    elif case == "many-apps-one-port":
        assert result.returncode == 1
        [conflict] = [line for line in lines if "[port-conflict]" in line]
        assert conflict.endswith('"a9" and 99,980 more)')
    elif case == "long-notes":
        assert result.returncode == 0
        assert "no findings" not in lines[-1]  # loaded: unused DAPs are warned of
    else:
        assert result.returncode == 2
        assert "error[load-error]" in lines[0]
        assert len(lines) <= MAX_PROBLEMS + 2
        if case == "too-many-apps":
            assert "has 150,000 apps: a plan may have at most 100,000" in lines[0]
        elif case.startswith("many-") and case.endswith(("tables", "arrays")):
            assert "is too large to be a plan" in lines[0]
        elif case == "many-unknown-keys":
            assert "unknown key apps.s.k0" in lines[0]
            assert "more problems" in lines[-2]
        elif case == "many-bad-names":
            assert "apps.s.connections[0] must not contain control characters" in lines[0]


@pytest.mark.parametrize(
    ("case", "command"),
    [
        ("many-unknown-targets", ("export", "--format", "dot")),
        ("many-unknown-targets", ("export", "--format", "mermaid")),
        ("many-unknown-targets", ("export", "--format", "markdown")),
        ("many-duplicates", ("export", "--format", "dot")),
        ("many-unknown-targets", ("whatif", "--add", "dap", "new")),
        ("many-apps-many-unknown-targets", ("whatif", "--add", "dap", "new")),
        ("many-unknown-targets", ("impact",)),
    ],
    ids=lambda v: v if isinstance(v, str) else "-".join(v[:3]),
)
def test_the_other_commands_on_the_worst_cases(
    tmp_path: Path, case: str, command: tuple[str, ...]
) -> None:
    """Export drew a box and a link for each of two million names that are not apps, and died
    of MemoryError: it draws 100 per app and one that counts the rest."""
    path = tmp_path / "plan.toml"
    path.write_bytes(WORST[case]())
    name, *options = command
    args = [name, str(path), *options] + (["s"] if name == "impact" else [])
    result = run_bounded(*args)
    assert "internal error" not in result.stderr
    if name == "export":
        assert result.returncode == 0
        assert len(result.stdout) < 100_000
        assert "more" in result.stdout  # the rest, counted
    else:
        assert result.returncode in (0, 1), result.stderr


def test_a_hundred_thousand_apps(tmp_path: Path) -> None:
    # The synthetic plan without hosts and notes: 100,000 apps inside the size limit.
    rich = synthetic_plan(100_000)
    lean = {
        name: App(kind=app.kind, connections=app.connections) for name, app in rich.apps.items()
    }
    text = dump_plan(rich.model_copy(update={"apps": lean}), load_catalog())
    assert len(lean) > 99_990
    assert len(text.encode()) < MAX_PLAN_BYTES
    path = tmp_path / "plan.toml"
    path.write_text(text)
    result = check_bounded(path)
    assert result.returncode == 0, result.stdout[:500]
    assert result.stdout.endswith("apps, no findings\n")


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(content=st.binary(max_size=300) | st.text(max_size=300).map(str.encode))
def test_check_never_fails_and_prints_nothing_unsafe(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes
) -> None:
    path = tmp_path / "fuzz.toml"
    path.write_bytes(HEAD.encode() + content)
    for fmt in ("text", "json"):
        status = main(["check", "--format", fmt, str(path)])
        captured = capsys.readouterr()
        assert status in (0, 1, 2), captured.err
        assert_printable(captured.out + captured.err)
