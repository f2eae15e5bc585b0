"""wfm-tui's tests: a package, so that helpers are imported as `tests.x` everywhere (no `sys.path`
inserts) and `tests/conftest.py` and `tests/tui/conftest.py` load under distinct names."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "sample_plans"
