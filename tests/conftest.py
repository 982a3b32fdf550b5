"""Shared test fixtures.

The project's published test data live in ``../shared/data`` beside the
repository (CI clones the repository with ``shared/`` beside it). Tests that
need them fail loudly when they are absent: a skipped test proves nothing.
"""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"


@pytest.fixture(scope="session")
def shared_data() -> Path:
    assert SHARED.is_dir(), f"test data folder {SHARED} is missing (clone with ../shared beside the repo)"
    return SHARED


@pytest.fixture(autouse=True)
def _no_global_matplotlib_state():
    """Every test must leave matplotlib's global rcParams as it found them."""
    import matplotlib as mpl

    before = dict(mpl.rcParams)
    yield
    after = dict(mpl.rcParams)
    changed = {k for k in before if before[k] != after.get(k) and k != "backend"}
    assert not changed, f"test changed global matplotlib settings: {sorted(changed)[:5]}"
