"""The real tools integration tests drive: found on PATH, beside the interpreter (PyPI test
extras) or where `make tools` installs npm packages."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

# Where .ci/install-tools (and `make tools`) puts the npm packages: outside the repository.
TOOLS = Path(os.environ.get("WFM_TUI_TOOLS") or Path.home() / ".cache" / "wfm-tui-tools")
NODE_MODULES = TOOLS / "node_modules"


def program(name: str, how: str) -> str:
    """The path of a program, or skip the test saying how to get it."""
    # The test extras' tools sit beside the interpreter running the tests (.venv/bin).
    places = [Path(sys.executable).parent, NODE_MODULES / ".bin"]
    found = shutil.which(name) or shutil.which(name, path=os.pathsep.join(map(str, places)))
    if found is None:
        pytest.skip(f"{name} is not installed ({how}; `make tools` installs it)")
    return found


def npm_file(package: str, relative: str) -> Path:
    """A file of an npm package installed in TOOLS, or skip the test naming the package."""
    path = NODE_MODULES / package / relative
    if not path.exists():
        pytest.skip(f"npm package {package} is not installed (`make tools` installs it)")
    return path
