"""A small German corpus for the search tests, stored through the real store (signals index it).

Written for these tests: duplicates, a withdrawn and an embargoed article, phrases, Ressorts,
tags and sources, so that every rule of the search shows in a result.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone
from storehelp import put, tag

from meldungen.news.models import Article, Source


@pytest.fixture(autouse=True)
def _urls(settings):
    settings.ROOT_URLCONF = "urls_search_tests"


def when(day: int, hour: int = 12) -> datetime:
    return datetime(2025, 3, day, hour, 0, tzinfo=UTC)


@pytest.fixture
def corpus(db) -> dict[str, Article]:
    wire = Source.objects.create(name="Agentur Nord", url="file:nord", kind="wire")
    paper = Source.objects.create(name="Tageblatt Süd", url="https://sued.example/feed")
    a: dict[str, Article] = {}
    a["genf"] = put(
        "genf",
        "Verhandlungen über Waffenruhe in Genf fortgesetzt",
        wire,
        teaser="Die Delegationen trafen sich am Morgen zu Gesprächen in Genf.",
        body="<p>Putins Sprecher äußerte sich zurückhaltend zu den Verhandlungen.</p>"
        "<p>Eine Einigung gilt als fern.</p>",
        published=when(3),
        ressort_hints=["politik"],
        keywords=["Waffenruhe"],
    )
    a["kreml"] = put(
        "kreml",
        "Putin empfängt Handelsdelegation im Kreml",
        paper,
        teaser="Der russische Präsident sprach über Zölle und Energie.",
        body="<p>Das Treffen dauerte drei Stunden.</p>",
        published=when(2),
        ressort_hints=["ausland"],
        keywords=["Kreml"],
    )
    a["bahn"] = put(
        "bahn",
        "Tarifverhandlung bei der Bahn gescheitert",
        paper,
        teaser="Die Gewerkschaft kündigte Streiks für die kommende Woche an.",
        body="<p>Pendler müssen mit Ausfällen rechnen.</p>",
        published=when(1),
        ressort_hints=["wirtschaft"],
        keywords=["Bahn"],
    )
    a["pokal"] = put(
        "pokal",
        "Fußballverein gewinnt Pokal nach Verlängerung",
        wire,
        teaser="Im Finale fiel das entscheidende Tor in der letzten Minute.",
        body="<p>Die Fans feierten bis in die Nacht.</p>",
        published=when(4),
        ressort_hints=["sport"],
        keywords=["Pokal"],
        full_text=False,
    )
    a["genf_copy"] = put(  # the same report from another source: a duplicate of "genf"
        "genf-copy",
        "Verhandlungen über Waffenruhe in Genf fortgesetzt",
        paper,
        teaser="Die Delegationen trafen sich am Morgen zu Gesprächen in Genf.",
        body="<p>Putins Sprecher äußerte sich zurückhaltend zu den Verhandlungen.</p>"
        "<p>Eine Einigung gilt als fern.</p>",
        published=when(3, 13),
        ressort_hints=["politik"],
    )
    a["genf_neu"] = put(
        "genf-neu",
        "Genf: Neue Gespräche über Gefangenenaustausch geplant",
        wire,
        teaser="Beide Seiten nannten noch keinen Termin.",
        body="<p>Vermittler zeigten sich zuversichtlich &amp; gesprächsbereit.</p>",
        published=when(5),
        ressort_hints=["politik"],
        keywords=["Gefangenenaustausch"],
    )
    a["withdrawn"] = put(
        "withdrawn",
        "Verhandlungen in Wien abgebrochen",
        wire,
        teaser="Zurückgezogene Meldung.",
        published=when(2),
        pubstatus="withdrawn",
    )
    a["embargo"] = put(
        "embargo",
        "Verhandlungen in Rom beginnen morgen",
        wire,
        teaser="Sperrfrist beachten.",
        published=when(2),
        embargo=timezone.now() + timedelta(days=1),
    )
    a["escape"] = put(
        "escape",
        "Streit um <script> im Stadtrat",
        paper,
        teaser="Ein Antrag mit <b>fetten</b> Klammern & Zeichen sorgte für Spott.",
        published=when(1, 8),
        ressort_hints=["panorama"],
    )
    assert a["genf_copy"].duplicate_of_id == a["genf"].pk
    # These tests are about search, not the story clustering: each article is its own story
    # here (test_one_result_per_story builds one by hand).
    Article.objects.update(story=None)
    tag(a["genf"], "Waffenruhe")
    tag(a["genf_neu"], "Gefangenenaustausch")
    for article in a.values():
        article.story_id = None
    return a
