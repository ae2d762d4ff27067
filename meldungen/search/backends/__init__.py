"""Search backends: SQLite FTS5 and PostgreSQL full-text, both over the stems of search/text.py.

Both take the same parsed Query and the same candidate SQL (the visible articles after the
filters), and answer with article ids in order plus the number of matches.
"""

from __future__ import annotations

from collections.abc import Sequence
from types import ModuleType

from django.db import connection


def backend() -> ModuleType:
    """The backend for the default database."""
    if connection.vendor == "postgresql":
        from . import postgres

        return postgres
    from . import sqlite

    return sqlite


def scored_rows(
    sql: str, args: Sequence, *, count: bool, offset: int
) -> tuple[list[tuple[int, float]], int]:
    """Run a match query that selects (id, score, number of matches) and answer (id, score)
    rows with the number (``offset`` plus the rows when ``count`` is off)."""
    with connection.cursor() as cur:
        cur.execute(sql, args)
        fetched = cur.fetchall()
    rows = [(int(i), float(s)) for i, s, _ in fetched]
    total = int(fetched[0][2]) if fetched and count else offset + len(rows)
    return rows, total


def clear_table(table: str) -> None:
    """Empty a backend's index table."""
    with connection.cursor() as cur:
        cur.execute(f"DELETE FROM {table}")
