"""Running the real `wfm-tui` in a subprocess, as scripts and CI do."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests import ROOT


def wfm(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [sys.executable, "-m", "wfm_tui", *args],
        capture_output=True,
        text=True,
        cwd=cwd or ROOT,
        timeout=60,
        check=False,
    )
    assert "Traceback" not in result.stderr + result.stdout
    return result
