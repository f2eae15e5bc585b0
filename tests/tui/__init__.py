"""The editor's tests: Pilot tests at 120x40 and 80x24, and snapshots at 80x24."""

from __future__ import annotations

from pathlib import Path

# Plan files made for the editor tests (the samples are in tests.SAMPLES).
PLANS = Path(__file__).resolve().parent / "plans"
