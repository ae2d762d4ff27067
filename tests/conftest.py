"""Shared test set-up: where ../shared is, and the PostgreSQL run's reachability check."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


def _setup_django_for_tests() -> None:
    """Choose the test data dir and test mode before Django's settings load: a throw-away
    MELDUNGEN_DATA_DIR (unless one is given) and MELDUNGEN_TESTING=1. Both leave os.environ
    again once the settings are read, so the subprocesses tests start (`meldungen serve`, the
    CLI) get only what each test passes them. Runs when this conftest is imported: before the
    folders' conftests, which import models."""
    import django
    from django.conf import settings

    if "DJANGO_SETTINGS_MODULE" in os.environ and settings.configured and not settings.TESTING:
        raise pytest.UsageError("Django settings were loaded before the test data dir was set")
    chosen = {"MELDUNGEN_TESTING": "1"}
    if "MELDUNGEN_DATA_DIR" not in os.environ:
        chosen["MELDUNGEN_DATA_DIR"] = tempfile.mkdtemp(prefix="meldungen-test-")
    chosen = {k: v for k, v in chosen.items() if k not in os.environ}
    os.environ.update(chosen)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "meldungen.settings")
    try:
        django.setup()
    finally:
        for key in chosen:
            del os.environ[key]


_setup_django_for_tests()
# Enrichment in this process: a pool forked once would not see a test's monkeypatches. The
# tests of the pool (tests/news/test_enrich_pool.py) turn it on themselves.
os.environ.setdefault("MELDUNGEN_ENRICH_WORKERS", "1")


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
