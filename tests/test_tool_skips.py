"""On a machine without the tools from outside PyPI, the tests that drive them skip, and each
skip names the tool that is missing and how to get it (the issue's "Done when")."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from tests import ROOT

TOOL_TESTS = ["tests/test_check_formats.py", "tests/test_schema.py", "tests/test_export_tools.py"]
_SKIPPED = re.compile(r"^SKIPPED \[\d+\] \S+: (?P<reason>.*)$", re.M)
_NAMED = re.compile(
    r"^(?P<tool>vim|emacs|node|taplo|Graphviz dot|chromium|npm package \S+) is not installed "
    r"\((?:.*; )?`make tools` installs it"
)


def test_every_tool_test_skips_naming_its_missing_tool(tmp_path: Path) -> None:
    # A machine with a shell and git, and none of the tools: no vim, emacs, node, dot,
    # chromium, taplo.
    bare = tmp_path / "bin"
    bare.mkdir()
    for program in ("sh", "bash", "git"):
        found = shutil.which(program)
        assert found is not None, program
        (bare / program).symlink_to(found)
    env = {
        **os.environ,
        "PATH": str(bare),
        "WFM_TUI_TOOLS": str(tmp_path / "no-tools"),  # no npm packages
    }
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-rs", "-p", "no:cacheprovider", *TOOL_TESTS],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-3000:]
    reasons = _SKIPPED.findall(result.stdout)
    unnamed = [reason for reason in reasons if not _NAMED.match(reason)]
    assert unnamed == []
    named = {_NAMED.match(reason)["tool"] for reason in reasons}
    assert named == {
        "vim",
        "emacs",
        "node",
        "taplo",
        "Graphviz dot",
        "chromium",
        "npm package @microsoft/jest-sarif",
    }
