"""PostgreSQL: the newest matches found window by window are those of one query over all."""

from __future__ import annotations

import pytest
from django.db import connection

from meldungen.search.text import parse_query

pytestmark = [pytest.mark.django_db, pytest.mark.db]


@pytest.fixture
def documents():
    if connection.vendor != "postgresql":
        pytest.skip("the windowed search is PostgreSQL's (SQLite FTS5 ranks in its own index)")
    from meldungen.search.backends import postgres

    # ids 1..400: every 7th mentions "Hafen", every 50th "Deich", id 3 alone "Watt"
    rows = []
    for i in range(1, 401):
        words = ["Bericht"] + ["Hafen"] * (i % 7 == 0) + ["Deich"] * (i % 50 == 0)
        rows.append((i, " ".join(words + ["Watt"] * (i == 3)), "", ""))
    postgres.index(rows)
    return postgres


def newest_of_all(documents, expr: str, params: list[str]) -> list[int]:
    """The newest 20 matches by one query over every id: what the windows must give."""
    with connection.cursor() as cur:
        cur.execute(
            f"SELECT article_id FROM {documents.TABLE} WHERE document @@ ({expr})"
            " ORDER BY article_id DESC LIMIT 20",
            params,
        )
        return [row[0] for row in cur.fetchall()]


@pytest.mark.parametrize("word", ["Bericht", "Hafen", "Deich", "Watt", "Marsch"])
def test_windows_give_the_newest_matches_of_all(documents, monkeypatch, word):
    monkeypatch.setattr(documents, "FIRST_WINDOW", 10)
    monkeypatch.setattr(documents, "MAX_RANKED", 20)
    expr, params = documents.tsquery(parse_query(word))
    expected = newest_of_all(documents, expr, params)
    assert documents.newest_matches(expr, params) == expected
    assert len(expected) == {"Bericht": 20, "Hafen": 20, "Deich": 8, "Watt": 1, "Marsch": 0}[word]


@pytest.mark.parametrize("pair", [("Hafen", "Bericht"), ("Deich", "Hafen"), ("Watt", "Marsch")])
def test_windows_sized_by_each_word_give_the_newest_matches_of_both(documents, monkeypatch, pair):
    """The first window comes from each word's estimate (the planner's estimate of both
    together assumes them unrelated); the answer is that of one query over all ids."""
    monkeypatch.setattr(documents, "FIRST_WINDOW", 10)
    expr, params = documents.tsquery(parse_query(" ".join(pair)))
    expected = newest_of_all(documents, expr, params)
    clauses = [documents.tsquery(parse_query(word)) for word in pair]
    assert documents.newest_matches(expr, params, limit=20, clauses=clauses) == expected
    assert len(expected) == {"Hafen": 20, "Deich": 1, "Watt": 0}[pair[0]]
