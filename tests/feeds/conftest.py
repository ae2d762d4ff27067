"""A few stored articles for the feed, sitemap, SEO and caching tests."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from storehelp import put as store_put
from storehelp import tag

from meldungen.ingest.draft import Picture
from meldungen.news.models import Article, Source


@pytest.fixture(autouse=True)
def _urls(settings):
    settings.ROOT_URLCONF = "urls_feeds_tests"


def put(guid: str, headline: str, source: Source | None = None, **kw) -> Article:
    kw.setdefault("published", timezone.now() - timedelta(hours=1))
    return store_put(guid, headline, source, **kw)


@pytest.fixture
def articles(db) -> dict[str, Article]:
    wire = Source.objects.create(name="Agentur Nord", url="file:nord", kind="wire")
    feed = Source.objects.create(name="Blatt Süd", url="https://sued.example/rss")
    now = timezone.now()
    stored = {
        "full": put(
            "full",
            "Landtag beschließt Haushalt für zwei Jahre",
            wire,
            teaser="Die Opposition stimmte geschlossen dagegen.",
            body="<p>Der Haushalt umfasst <strong>mehr Geld</strong> für Schulen.</p>",
            byline="Erika Muster",
            ressort_hints=["politik"],
            keywords=["Landtag", "Haushalt"],
            picture=Picture(
                url="https://bilder.example/landtag.jpg",
                caption="Plenarsaal",
                width=1200,
                height=800,
            ),
            published=now - timedelta(hours=2),
        ),
        "teaser": put(
            "teaser",
            "Neuer Rekord beim Stadtlauf",
            feed,
            teaser="Mehr als zehntausend Menschen liefen mit.",
            body="<p>Dieser Text darf nicht im Feed stehen.</p>",
            full_text=False,
            ressort_hints=["sport"],
            keywords=["Stadtlauf"],
            published=now - timedelta(hours=3),
        ),
        "control": put(
            "control",
            "Steuerzeichen\x0b im Titel \x01 bleiben draußen",
            wire,
            teaser="Text mit \x08 Rückschritt.",
            body="<p>Inhalt\x0c mit Seitenvorschub</p>",
            ressort_hints=["politik"],
            keywords=["Landtag"],
            published=now - timedelta(hours=4),
        ),
        "old": put(
            "old",
            "Archivmeldung über den Landtag aus dem Vorjahr",
            wire,
            teaser="Längst vergangen.",
            ressort_hints=["politik"],
            keywords=["Landtag"],
            published=now - timedelta(days=300),
        ),
        "withdrawn": put(
            "withdrawn",
            "Zurückgezogene Meldung zum Landtag",
            wire,
            teaser="Nicht zeigen.",
            pubstatus="withdrawn",
            ressort_hints=["politik"],
            keywords=["Landtag"],
        ),
    }
    for name in ("full", "control", "old", "withdrawn"):
        tag(stored[name], "Landtag")
    tag(stored["full"], "Haushalt", rank=1)
    tag(stored["teaser"], "Stadtlauf")
    return stored


@pytest.fixture
def store(db):
    """``store(guid, headline, **draft fields)``: one more stored article."""
    return put
