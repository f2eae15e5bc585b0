"""Only regular files are plans: a FIFO, socket or device is never read as one (no hang)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from cli_helpers import ROOT
from special_files import SHOWN, make, still, writer_after
from wfm_tui.files.errors import LoadError
from wfm_tui.files.plan_file import file_fingerprint, read_plan

SINGLE = ROOT / "sample_plans" / "single-site.toml"


# -- reading ---------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["fifo", "socket", "char-device"])
def test_reading_what_is_not_a_regular_file_fails_at_once(tmp_path: Path, kind: str) -> None:
    target = tmp_path / "plan.toml"
    make(kind, target)
    with writer_after(target), pytest.raises(LoadError) as caught:
        read_plan(target)
    assert str(caught.value) == f"{target}: is {SHOWN[kind]}, not a regular file"
    with writer_after(target), pytest.raises(OSError, match="not a regular file"):
        file_fingerprint(target)
    assert still(kind, target)


def test_reading_a_link_to_a_fifo_fails_at_once(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo"
    make("fifo", fifo)
    link = tmp_path / "plan.toml"
    link.symlink_to(fifo)
    with writer_after(fifo), pytest.raises(LoadError, match="FIFO"):
        read_plan(link)


def test_check_of_a_fifo_fails_at_once(tmp_path: Path) -> None:
    fifo = tmp_path / "plan.toml"
    make("fifo", fifo)
    with writer_after(fifo):
        result = subprocess.run(
            [sys.executable, "-m", "wfm_tui", "check", str(fifo)],
            capture_output=True,
            text=True,
            cwd=ROOT,
            timeout=60,
            check=False,
        )
    assert result.returncode == 2
    assert result.stdout.splitlines()[0] == (
        f"{fifo}: error[load-error]: is a FIFO (named pipe), not a regular file"
    )
    assert "Traceback" not in result.stderr
