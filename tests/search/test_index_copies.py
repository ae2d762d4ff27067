"""The SQLite search index stems a text once for its copies: the rows of a copy are the rows
of its original, and both are what stemming the text gives."""

from __future__ import annotations

import pytest
from django.db import connection

from meldungen.search.backends import sqlite
from meldungen.search.text import compound_parts, stemmed

pytestmark = pytest.mark.django_db


def test_copies_get_the_rows_of_stemming_their_text():
    if connection.vendor != "sqlite":
        pytest.skip("the SQLite index")
    title, lead = "Atomprogramm: Verhandlungen in Wien", "Die Gespräche gehen weiter."
    body = "Die Unterhändler sprachen über das Atomprogramm und die Bundesregierung."
    other = "Der Bahnstreik legt den Fernverkehr lahm."
    sqlite.index([(901, title, lead, body), (902, title, lead, body), (903, title, lead, other)])
    with connection.cursor() as cur:
        cur.execute(
            f"SELECT rowid, title, lead, body, parts FROM {sqlite.TABLE}"
            " WHERE rowid IN (901, 902, 903) ORDER BY rowid"
        )
        rows = {r[0]: r[1:] for r in cur.fetchall()}
    parts = " ".join(compound_parts(" ".join((title, lead, body))))
    assert rows[901] == rows[902] == (stemmed(title), stemmed(lead), stemmed(body), parts)
    assert rows[903][2] == stemmed(other) != rows[901][2]
