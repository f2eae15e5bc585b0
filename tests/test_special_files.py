"""Only regular files are plans: a FIFO, socket, device or directory is never read as one
(no hang) and never replaced by a save, with --force or without."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests import ROOT
from tests.cli_helpers import wfm
from tests.special_files import KINDS, SHOWN, make, still, unblocked_after
from wfm_tui.files.atomic_write import write_atomic
from wfm_tui.files.errors import LoadError, SaveError
from wfm_tui.files.plan_file import file_fingerprint, read_plan

SINGLE = ROOT / "sample_plans" / "single-site.toml"


# -- saving ----------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_save_refuses_what_is_not_a_regular_file(tmp_path: Path, kind: str) -> None:
    target = tmp_path / "target"
    make(kind, target)
    with pytest.raises(SaveError, match=re.escape(f"it is {SHOWN[kind]},")):
        write_atomic(target, "new")
    assert still(kind, target)
    assert [p.name for p in tmp_path.iterdir()] == ["target"]  # no temporary left behind


def test_save_refuses_a_link_to_a_fifo_but_writes_through_a_link_to_a_file(
    tmp_path: Path,
) -> None:
    fifo = tmp_path / "fifo"
    make("fifo", fifo)
    link = tmp_path / "link.toml"
    link.symlink_to(fifo)
    with pytest.raises(SaveError, match="FIFO"):
        write_atomic(link, "new")
    assert still("fifo", fifo)
    assert link.is_symlink()
    real = tmp_path / "real.toml"
    real.write_text("old")
    link.unlink()
    link.symlink_to(real)
    write_atomic(link, "new")
    assert (link.is_symlink(), real.read_text()) == (True, "new")


@pytest.mark.parametrize("force", [True, False])
@pytest.mark.parametrize("kind", KINDS)
def test_new_refuses_what_is_not_a_regular_file(tmp_path: Path, kind: str, force: bool) -> None:
    target = tmp_path / "target"
    make(kind, target)
    result = wfm("new", str(target), *(["--force"] if force else []))
    assert result.returncode == 2
    assert result.stderr == (
        f"wfm-tui: cannot save {target}: it is {SHOWN[kind]}, not a regular file\n"
    )
    assert still(kind, target)


@pytest.mark.parametrize("kind", KINDS)
def test_whatif_write_force_refuses_what_is_not_a_regular_file(tmp_path: Path, kind: str) -> None:
    plan = tmp_path / "plan.toml"
    shutil.copy(SINGLE, plan)
    target = tmp_path / "target"
    make(kind, target)
    result = wfm(
        "whatif", str(plan), "--set", "WFM Web", "port", "1", "--write", str(target), "--force"
    )
    assert result.returncode == 2
    assert result.stderr == (
        f"wfm-tui: cannot save {target}: it is {SHOWN[kind]}, not a regular file\n"
    )
    assert still(kind, target)
    assert plan.read_text() == SINGLE.read_text()


# -- reading ---------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["fifo", "socket", "char-device"])
def test_reading_what_is_not_a_regular_file_fails_at_once(tmp_path: Path, kind: str) -> None:
    target = tmp_path / "plan.toml"
    make(kind, target)
    with unblocked_after(target), pytest.raises(LoadError) as caught:
        read_plan(target)
    assert str(caught.value) == f"{target}: is {SHOWN[kind]}, not a regular file"
    with unblocked_after(target), pytest.raises(OSError, match="not a regular file"):
        file_fingerprint(target)
    assert still(kind, target)


def test_reading_a_link_to_a_fifo_fails_at_once(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo"
    make("fifo", fifo)
    link = tmp_path / "plan.toml"
    link.symlink_to(fifo)
    with unblocked_after(fifo), pytest.raises(LoadError, match="FIFO"):
        read_plan(link)


def test_check_of_a_fifo_fails_at_once(tmp_path: Path) -> None:
    fifo = tmp_path / "plan.toml"
    make("fifo", fifo)
    with unblocked_after(fifo):
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
