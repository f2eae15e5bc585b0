"""The benchmarks' synthetic plans, for tests that need a large valid plan."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

from synthetic_plans import synthetic_plan

__all__ = ["synthetic_plan"]
