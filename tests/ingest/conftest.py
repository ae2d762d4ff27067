"""Fixtures for the ingest tests: the optional ../shared folder beside the repository."""

from __future__ import annotations

from pathlib import Path

import pytest

# <repo>/../shared, present on developer machines and in CI, absent in a user's fresh clone.
SHARED = Path(__file__).resolve().parents[2] / ".." / "shared"


@pytest.fixture
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.skip(f"../shared not present: {SHARED}")
    return SHARED
