"""A SQLite copy of a PostgreSQL benchmark archive (bench/archive.py --sqlite): the same rows,
so the page figures compare the engines. The search index is not copied (SQLite's FTS5 index
is filled by Python, too slow for a benchmark build): search is not measured on SQLite."""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime

TABLES = [
    "news_entity",
    "news_story",
    "news_article",
    "news_articleentity",
    "news_storyarticle",
    "news_storyband",
    "news_storykey",
    "news_termfrequency",
]


def _value(v):
    if isinstance(v, datetime):
        return v.astimezone(UTC).replace(tzinfo=None).isoformat(" ")
    if isinstance(v, (dict, list)):
        return json.dumps(v, ensure_ascii=False)
    return v


def copy_from(pg_url: str, log=print) -> None:
    """Copy the archive's tables from ``pg_url`` into the (migrated, empty) SQLite database."""
    import psycopg
    from django.db import connection, transaction

    t0 = time.monotonic()
    with connection.cursor() as cur:
        cur.execute("PRAGMA foreign_keys=OFF")
        cur.execute("PRAGMA synchronous=OFF")
    with psycopg.connect(pg_url) as pg:
        for table in TABLES:
            cols = [
                r[0]
                for r in pg.execute(
                    "SELECT column_name FROM information_schema.columns WHERE table_name = %s"
                    " ORDER BY ordinal_position",
                    [table],
                )
            ]
            sql = f"INSERT INTO {table} ({','.join(cols)}) VALUES ({','.join('%s' for _ in cols)})"
            with pg.cursor(name=f"copy_{table}") as src:
                src.itersize = 20_000
                src.execute(f"SELECT {','.join(cols)} FROM {table}")
                while rows := src.fetchmany(20_000):
                    with transaction.atomic(), connection.cursor() as cur:
                        cur.executemany(sql, [[_value(v) for v in r] for r in rows])
            log(f"  {table}: {time.monotonic() - t0:.0f} s")
    with connection.cursor() as cur:
        cur.execute("ANALYZE")
