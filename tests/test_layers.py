"""The architecture's rules: the core is pure, and only the editor imports Textual."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "wfm_tui"


def imports_of(path: Path) -> set[str]:
    tree = ast.parse(path.read_text("utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


def calls_of(path: Path) -> set[str]:
    tree = ast.parse(path.read_text("utf-8"))
    return {
        node.func.id
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
    }


CORE = sorted((PACKAGE / "core").glob("*.py"))
REPORT = sorted((PACKAGE / "report").glob("*.py"))
OUTSIDE_EDITOR = sorted(
    p for p in PACKAGE.rglob("*.py") if "tui" not in p.relative_to(PACKAGE).parts
)


@pytest.mark.parametrize("module", CORE, ids=lambda p: p.name)
def test_core_imports_only_pydantic_and_itself(module: Path) -> None:
    for name in imports_of(module):
        top = name.split(".")[0]
        assert top not in ("textual", "rich", "os", "pathlib", "io", "tomli", "tomli_w", "sys")
        assert not name.startswith(("wfm_tui.files", "wfm_tui.cli", "wfm_tui.tui"))


@pytest.mark.parametrize("module", CORE, ids=lambda p: p.name)
def test_core_neither_prints_nor_opens_files(module: Path) -> None:
    assert not calls_of(module) & {"print", "open", "input"}


@pytest.mark.parametrize("module", REPORT, ids=lambda p: p.name)
def test_report_imports_only_the_core(module: Path) -> None:
    # Renderings are face-neutral: the CLI and the editor both use them, so they know neither,
    # and they build text, leaving files to the faces.
    for name in imports_of(module):
        top = name.split(".")[0]
        assert top not in ("textual", "rich", "os", "pathlib", "tomli", "tomli_w", "sys")
        if top == "wfm_tui":
            assert name.startswith(("wfm_tui.core", "wfm_tui.report")), name
    assert not calls_of(module) & {"print", "open", "input"}


# What each package may import of wfm_tui: each layer only those below it (the CLI starts
# the editor, lazily, so that commands that do not edit never load Textual).
ALLOWED = {
    "core": ("core",),
    "files": ("core", "files"),
    "report": ("core", "report"),
    "editing": ("core", "files", "report", "editing"),
    "cli": ("core", "files", "report", "cli", "tui"),
    "tui": ("core", "files", "report", "editing", "tui"),
    "catalogs": (),
    "templates": (),
}
MODULES = sorted(PACKAGE.rglob("*.py"))


@pytest.mark.parametrize("module", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_each_package_imports_only_the_layers_below_it(module: Path) -> None:
    parts = module.relative_to(PACKAGE).parts
    if len(parts) == 1:
        return  # the package's own entry points (__main__) start the CLI
    allowed = ALLOWED[parts[0]]  # a new package must say where it stands
    for name in imports_of(module):
        if name.startswith("wfm_tui."):
            assert name.split(".")[1] in allowed, f"{parts[0]} imports {name}"


def test_every_package_is_placed_in_the_layers() -> None:
    packages = {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").exists()}
    assert packages == set(ALLOWED)


@pytest.mark.parametrize("module", sorted((PACKAGE / "editing").glob("*.py")), ids=lambda p: p.name)
def test_the_editing_model_imports_no_textual(module: Path) -> None:
    # The editor's model is driven by tests and benchmarks without a screen.
    for name in imports_of(module):
        assert name.split(".")[0] not in ("textual", "rich")
    assert not calls_of(module) & {"print", "input"}


def test_there_is_a_report_layer() -> None:
    assert len(REPORT) >= 5


EDITOR = sorted((PACKAGE / "tui").rglob("*.py"))


@pytest.mark.parametrize("module", EDITOR, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_the_editor_never_imports_the_command_line(module: Path) -> None:
    # Shared presentation lives in wfm_tui.report; the CLI is a face like the editor.
    assert not any(name.startswith("wfm_tui.cli") for name in imports_of(module))


@pytest.mark.parametrize("module", OUTSIDE_EDITOR, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_only_the_editor_imports_textual(module: Path) -> None:
    assert not any(name.split(".")[0] == "textual" for name in imports_of(module))


def _check_importing(sample: Path, modules: tuple[str, ...]) -> subprocess.CompletedProcess[str]:
    """`check SAMPLE` in a fresh interpreter, which fails saying "check imported" if any of
    `modules` is imported by then. An assertion in the child exits 1 too, as check of a broken
    plan does: the callers tell them apart by that message."""
    code = (
        "import sys\n"
        "from wfm_tui.cli.main import main\n"
        f"status = main(['check', {str(sample)!r}])\n"
        f"loaded = [name for name in {modules!r} if name in sys.modules]\n"
        "assert not loaded, f'check imported {loaded}'\n"
        "sys.exit(status)\n"
    )
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)


def test_check_runs_without_importing_textual() -> None:
    result = _check_importing(PACKAGE.parent / "sample_plans" / "broken.toml", ("textual", "rich"))
    assert "check imported" not in result.stderr
    assert result.returncode == 1, result.stderr
    assert "error[" in result.stdout


# What only other commands or formats need: `check` is the command CI runs on every commit.
NOT_FOR_CHECK = (
    "wfm_tui.report.change_report",
    "wfm_tui.report.markdown",
    "wfm_tui.report.topology",
    "xml.sax.saxutils",
    "urllib.request",
)


def test_check_imports_only_what_it_uses() -> None:
    valid = PACKAGE.parent / "sample_plans" / "single-site.toml"  # exit 0
    result = _check_importing(valid, NOT_FOR_CHECK)
    assert "check imported" not in result.stderr
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(("fmt", "printed"), [("markdown", "## Findings"), ("dot", "digraph")])
def test_export_runs_without_importing_textual(fmt: str, printed: str) -> None:
    sample = PACKAGE.parent / "sample_plans" / "broken.toml"
    code = (
        "import sys\n"
        "from wfm_tui.cli.main import main\n"
        f"status = main(['export', '--format', {fmt!r}, {str(sample)!r}])\n"
        "assert 'textual' not in sys.modules, 'export imported textual'\n"
        "assert 'rich' not in sys.modules, 'export imported rich'\n"
        "sys.exit(status)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert printed in result.stdout
