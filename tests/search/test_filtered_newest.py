"""PostgreSQL ranks only the newest matches (backends/postgres.py, MAX_RANKED). A filtered
search, the API's cursor pages and a saved search's check of one article look for those newest
matches among the articles they allow, so an older match that passes the filter is still found
when newer ones that do not pass fill the ranked set."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.db import connection
from storehelp import put

from meldungen.follow.alerts import search_matches
from meldungen.news.models import Source
from meldungen.search.service import SearchParams, search

pytestmark = [pytest.mark.django_db, pytest.mark.db]


@pytest.fixture
def harbour(monkeypatch):
    """Six reports mentioning the Elbe, the oldest from the Sport desk: with one match ranked,
    only the newest would be, unless the filters choose where to look. On SQLite, which ranks
    every match, the same searches find the same articles."""
    from meldungen.search.backends import postgres  # SQLite ranks every match: the same finds

    monkeypatch.setattr(postgres, "MAX_RANKED", 1)
    monkeypatch.setattr(postgres, "FIRST_WINDOW", 1)
    wire = Source.objects.create(name="Agentur Nord", url="file:nord", kind="wire")
    sport = Source.objects.create(name="Sportblatt", url="https://sport.example/feed")
    old = put(
        "ruderer",
        "Ruderer trainieren auf der Elbe für die Regatta",
        sport,
        teaser="Der Verein bereitet sich auf den Saisonstart vor.",
        published=datetime(2025, 4, 1, 9, tzinfo=UTC),
        ressort_hints=["sport"],
    )
    newer = [
        put(
            f"pegel{i}",
            f"Pegel der Elbe steigt in {town}",
            wire,
            teaser=f"In {town} bereitet sich die Feuerwehr auf Hochwasser vor.",
            published=datetime(2025, 4, 2 + i, 9, tzinfo=UTC),
            ressort_hints=["politik"],
        )
        for i, town in enumerate(["Dresden", "Magdeburg", "Wittenberg", "Torgau", "Meißen"])
    ]
    return old, newer


def headlines(**kw) -> list[str]:
    return [h.article.headline for h in search(SearchParams(q="Elbe", **kw)).hits]


def postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("the newest-matches window is PostgreSQL's (SQLite ranks every match)")


def test_unfiltered_search_ranks_the_newest_match(harbour):
    postgresql_only()
    assert headlines() == ["Pegel der Elbe steigt in Meißen"]


def test_ressort_source_and_day_filters_find_the_older_match(harbour):
    old, _ = harbour
    assert headlines(ressort="sport") == [old.headline]
    assert headlines(source=old.source_id) == [old.headline]
    assert headlines(until=datetime(2025, 4, 1, 23, tzinfo=UTC)) == [old.headline]


def test_saved_search_matches_an_older_article(harbour):
    old, newer = harbour
    assert search_matches(old, "q=Elbe")
    assert search_matches(newer[0], "q=Elbe")
    assert not search_matches(old, "q=Hochwasser")


def test_api_cursor_pages_reach_the_older_match(harbour, client, monkeypatch):
    from meldungen.search.backends import postgres

    monkeypatch.setattr(postgres, "MAX_RANKED", 2)  # a page of one, and one to say there is more
    seen, url = [], "/api/articles?q=Elbe&limit=1"
    for _ in range(10):
        page = client.get(url).json()
        seen += [item["headline"] for item in page["items"]]
        if not page["next_cursor"]:
            break
        url = f"/api/articles?q=Elbe&limit=1&cursor={page['next_cursor']}"
    # the five water-level reports are one story (one entry, its newest), then the older match
    assert seen == ["Pegel der Elbe steigt in Meißen", harbour[0].headline]


def test_the_page_says_more_when_older_matches_were_not_ranked(harbour, client):
    postgresql_only()
    page = client.get("/suche?q=Elbe").content.decode()
    assert "mehr als 1 Treffer" in page
    page = client.get("/suche?q=Elbe&ressort=sport").content.decode()
    assert "1 Treffer" in page and "mehr als" not in page
