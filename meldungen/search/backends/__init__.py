"""Search backends: SQLite FTS5 over stemmed text, PostgreSQL full-text with `german`.

Both take the same parsed Query and the same candidate SQL (the visible articles after the
filters), and answer with article ids in order plus the number of matches.
"""

from __future__ import annotations

from types import ModuleType

from django.db import connection


def backend() -> ModuleType:
    """The backend for the default database."""
    if connection.vendor == "postgresql":
        from . import postgres

        return postgres
    from . import sqlite

    return sqlite
