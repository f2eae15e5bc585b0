"""The pre-commit hook, run by real `pre-commit try-repo` on a repository of plans."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests import ROOT
from tests.tools import program

pytestmark = pytest.mark.slow_install  # builds wfm-tui into pre-commit's own environment


def git(*args: str, cwd: Path) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """This source tree (its files git would commit, changes included) as a repository of its
    own, as a user's pre-commit would fetch it."""
    if not (ROOT / ".git").exists():
        pytest.skip("the source tree is not a git repository")
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split("\0")
    repo = tmp_path_factory.mktemp("hook-repo")
    for name in filter(None, listed):
        source = ROOT / name
        if source.is_file():
            (repo / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, repo / name)
    git("init", "-q", cwd=repo)
    git("add", ".", cwd=repo)
    git("-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "t", cwd=repo)
    return repo


def run_hook(
    pre_commit: str, hook_repo: Path, plans: Path, home: Path
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PRE_COMMIT_HOME": str(home), "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
    return subprocess.run(
        [pre_commit, "try-repo", str(hook_repo), "wfm-tui-check", "--all-files"],
        cwd=plans,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def test_the_hook_passes_a_valid_plan_and_fails_a_broken_one(
    hook_repo: Path, tmp_path: Path
) -> None:
    pre_commit = program("pre-commit", "PyPI package pre-commit, a test extra")
    plans = tmp_path / "plans"
    plans.mkdir()
    git("init", "-q", cwd=plans)
    shutil.copy(ROOT / "sample_plans" / "single-site.toml", plans / "london.toml")
    (plans / "pyproject.toml").write_text('[project]\nname = "not-a-plan"\n')
    git("add", ".", cwd=plans)
    home = tmp_path / "pre-commit-home"
    passed = run_hook(pre_commit, hook_repo, plans, home)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "wfm-tui check" in passed.stdout
    assert "Passed" in passed.stdout

    shutil.copy(ROOT / "sample_plans" / "broken.toml", plans / "broken.toml")
    git("add", ".", cwd=plans)
    failed = run_hook(pre_commit, hook_repo, plans, home)
    assert failed.returncode == 1
    assert "Failed" in failed.stdout
    assert "broken.toml:12:1: error[port-conflict]" in failed.stdout
    assert "pyproject.toml" not in failed.stdout  # other TOML files are not plans


def test_the_readme_config_and_the_hooks_file_are_what_pre_commit_reads(tmp_path: Path) -> None:
    pre_commit = program("pre-commit", "PyPI package pre-commit, a test extra")
    readme = (ROOT / "README.md").read_text()
    section = readme.split("### pre-commit", 1)[1]
    config = section.split("```yaml\n", 1)[1].split("```", 1)[0]
    assert config.startswith("# .pre-commit-config.yaml\n")
    (tmp_path / ".pre-commit-config.yaml").write_text(config)
    for command in (
        ["validate-config", str(tmp_path / ".pre-commit-config.yaml")],
        ["validate-manifest", str(ROOT / ".pre-commit-hooks.yaml")],
    ):
        result = subprocess.run(
            [pre_commit, *command], capture_output=True, text=True, timeout=60, check=False
        )
        assert result.returncode == 0, result.stdout + result.stderr
    # The three lines under `repos:` name the hook the manifest defines.
    assert "hooks: [{id: wfm-tui-check}]" in config
    assert "- id: wfm-tui-check\n" in (ROOT / ".pre-commit-hooks.yaml").read_text()
