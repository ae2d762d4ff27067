"""PostgreSQL connections ask for prefetching in bitmap heap scans (settings.py,
MELDUNGEN_PG_IO_CONCURRENCY): a search's window reads its matches' pages ahead."""

from __future__ import annotations

import pytest
from django.db import connection

pytestmark = [pytest.mark.django_db, pytest.mark.db]


def test_postgresql_connections_prefetch_bitmap_heap_pages():
    if connection.vendor != "postgresql":
        pytest.skip("a PostgreSQL setting (SQLite has no bitmap heap scans)")
    with connection.cursor() as cur:
        cur.execute("SHOW effective_io_concurrency")
        assert cur.fetchone()[0] == "200"
