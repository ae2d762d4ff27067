"""Stored articles, tags and a token for the API tests."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from storehelp import put, tag

from meldungen.api.models import ApiToken
from meldungen.news.models import Article, Source, Story


@pytest.fixture(autouse=True)
def _urls(settings):
    settings.ROOT_URLCONF = "urls_api_tests"


@pytest.fixture
def data(db) -> dict:
    wire = Source.objects.create(name="Agentur Nord", url="file:nord", kind="wire")
    feed = Source.objects.create(name="Blatt Süd", url="https://sued.example/rss", ressort="Sport")
    articles = {}
    for day in range(1, 8):  # seven political articles on seven days, tagged Landtag
        articles[f"p{day}"] = put(
            f"p{day}",
            f"Landtag berät Gesetz Nummer {day}",
            wire,
            teaser=f"Die {day}. Lesung im Landtag.",
            body=f"<p>Beratung {day} im Plenum.</p>",
            published=datetime(2025, 5, day, 9, tzinfo=UTC),
            ressort_hints=["politik"],
            keywords=["Landtag"],
        )
    articles["sport"] = put(
        "sport",
        "Stadtlauf mit Rekordbeteiligung",
        feed,
        teaser="Zehntausend Läufer.",
        body="<p>Geheimer Volltext.</p>",
        full_text=False,
        published=datetime(2025, 5, 3, 12, tzinfo=UTC),
        ressort_hints=["sport"],
        keywords=["Stadtlauf", "Landtag"],
    )
    articles["copy"] = put(  # the same text as p2 from another source
        "copy",
        "Landtag berät Gesetz Nummer 2",
        feed,
        teaser="Die 2. Lesung im Landtag.",
        body="<p>Beratung 2 im Plenum.</p>",
        published=datetime(2025, 5, 2, 10, tzinfo=UTC),
    )
    articles["gone"] = put(
        "gone",
        "Zurückgezogen",
        wire,
        teaser="x",
        pubstatus="withdrawn",
        published=datetime(2025, 5, 4, tzinfo=UTC),
    )
    assert articles["copy"].duplicate_of_id == articles["p2"].pk
    # Seven laws, seven stories: their short texts are so alike that the clustering joins them,
    # and the API lists one entry per story.
    for day in range(1, 8):
        article = articles[f"p{day}"]
        Story.objects.create(
            id=f"s-p{day}", first_published=article.published, last_published=article.published
        )
        members = [article.pk] + ([articles["copy"].pk] if day == 2 else [])
        Article.objects.filter(pk__in=members).update(story_id=f"s-p{day}")
        article.story_id = f"s-p{day}"
    for name, article in articles.items():
        if name.startswith("p") or name == "sport":
            tag(article, "Landtag")
    tag(articles["sport"], "Stadtlauf", rank=1)
    return {"wire": wire, "feed": feed, "articles": articles}


@pytest.fixture
def token(db) -> str:
    return ApiToken.issue("Testagentur")[1]
