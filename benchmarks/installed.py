"""Start wfm-tui, in a benchmark, as an installed copy starts.

pip writes the bytecode of a package it installs, so an installed wfm-tui, like Textual and
pydantic in the same environment, imports compiled modules. The development install is
editable: its modules are compiled on first import, and where PYTHONDONTWRITEBYTECODE is set
(as on the project's machine) on every import of every run, some 30 ms of each start-up that
no installed copy pays. The benchmarks write the bytecode first, as pip would.
"""

from __future__ import annotations

import compileall
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "wfm_tui"


def compile_package() -> None:
    if not compileall.compile_dir(PACKAGE, quiet=1):
        raise SystemExit("could not compile wfm_tui: fix the error above before benchmarking")
