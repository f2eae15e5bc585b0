"""The built wheel, installed into a fresh virtual environment outside the source tree, is a
working wfm-tui: catalogs, templates and all."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests import ROOT

pytestmark = pytest.mark.slow_install


def run(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    return subprocess.run(
        [str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=600
    )


def test_the_wheel_installs_and_runs_outside_the_source_tree(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    built = run(
        sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", dist, ROOT, cwd=tmp_path
    )
    assert built.returncode == 0, built.stderr
    [wheel] = dist.glob("wfm_tui-*.whl")
    venv = tmp_path / "venv"
    assert run(sys.executable, "-m", "venv", venv, cwd=tmp_path).returncode == 0
    bin_dir = venv / "bin"
    installed = run(bin_dir / "python", "-m", "pip", "install", "-q", wheel, cwd=tmp_path)
    assert installed.returncode == 0, installed.stderr
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    plan = elsewhere / "plan.toml"
    new = run(bin_dir / "wfm-tui", "new", plan, "--template", "single-site", cwd=elsewhere)
    assert new.returncode == 0, new.stderr
    check = run(bin_dir / "wfm-tui", "check", plan, cwd=elsewhere)
    assert (check.returncode, check.stdout) == (0, f"{plan}: ok, 9 apps, no findings\n")
    rules = run(bin_dir / "wfm-tui", "rules", "--catalog", "genesys-wfm-8.5.1", cwd=elsewhere)
    assert rules.returncode == 0
    assert rules.stdout.startswith("Genesys WFM 8.5.1 component connections")
    schema = run(bin_dir / "wfm-tui", "schema", cwd=elsewhere)
    assert '"wfm_server"' in schema.stdout
    # It runs from the installed copy, not from this source tree.
    where = run(bin_dir / "python", "-c", "import wfm_tui; print(wfm_tui.__file__)", cwd=elsewhere)
    assert str(venv) in where.stdout
