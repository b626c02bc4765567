"""Shared test set-up: Hypothesis profiles and paths to the shared seed diagram."""

from __future__ import annotations

from pathlib import Path

import pytest

from checker.testing import load_profile

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT.parent / "shared" / "seeds" / "000_c85b4bc0742a67a3.txt"

# The dev / ci / deep profiles live with the property-testing library (docs/testing.md).
load_profile()


@pytest.fixture
def seed_path() -> Path:
    if not SEED.exists():
        pytest.skip(f"the shared seed diagram is not beside the checkout ({SEED})")
    return SEED
