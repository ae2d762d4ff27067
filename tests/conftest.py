"""Shared test set-up: where ../shared is, and the PostgreSQL run's reachability check."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


def shared_path(*parts: str) -> Path:
    """A path in ../shared, or skip the test with the reason when it is absent."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"../shared not present ({path} missing): runs in CI and on dev machines")
    return path


def _postgres_unreachable() -> str:
    import psycopg
    from django.conf import settings

    db = settings.DATABASES["default"]
    if db["ENGINE"] != "django.db.backends.postgresql":
        return ""
    try:
        # A raw connection: pytest-django blocks the ORM during collection.
        psycopg.connect(
            dbname=db["NAME"],
            user=db.get("USER") or None,
            host=db.get("HOST") or None,
            port=db.get("PORT") or None,
            password=db.get("PASSWORD") or None,
            connect_timeout=5,
        ).close()
    except Exception as exc:  # any failure to connect means: skip, with the reason
        return f"PostgreSQL not reachable ({exc.__class__.__name__}: {str(exc).strip()[:120]})"
    return ""


def pytest_collection_modifyitems(config, items):
    if os.environ.get("MELDUNGEN_TEST_POSTGRES") != "1":
        return
    reason = _postgres_unreachable()
    if reason:
        skip = pytest.mark.skip(reason=reason)
        for item in items:
            item.add_marker(skip)
