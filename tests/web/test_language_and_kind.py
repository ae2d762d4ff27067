"""Language and kind through the real store path: foreign-language items and service traffic
are stored and searchable for editors but listed nowhere; every page and feed entry carries its
item's language; and a feed entry carries its cached picture as an enclosure."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from meldungen.ingest.draft import ArticleDraft
from meldungen.ingest.kind import classify
from meldungen.news.models import Article
from meldungen.news.services import ingest_bytes

pytestmark = [pytest.mark.django_db, pytest.mark.db]

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared" / "fixtures"

GERMAN = (
    "Die Bundesregierung hat am Mittwoch in Berlin ein neues Gesetz zur Förderung der "
    "Wärmepumpen beschlossen. Nach Angaben des Ministeriums sollen Hausbesitzer ab dem "
    "kommenden Jahr höhere Zuschüsse erhalten, wenn sie ihre alte Heizung ersetzen."
)
ENGLISH = (
    "The government in London announced on Wednesday that it would raise spending on "
    "railways by a third over the next five years, the transport secretary told parliament, "
    "adding that most of the money would go to lines in the north of England."
)
SPANISH = (
    "El Gobierno de España aprobó este martes un nuevo plan para la vivienda que incluye "
    "ayudas para los jóvenes y límites al precio del alquiler en las grandes ciudades del país, "
    "según informó la portavoz del Ejecutivo en rueda de prensa."
)


def wire(urn: str, headline: str, text: str, **extra) -> dict:
    item = {
        "urn": urn,
        "format": "digitalwires@0.9.1",
        "version": 1,
        "headline": headline,
        "teaser": "",
        "article_html": f"<section class='main'><p>{text}</p></section>" if text else "",
        "version_created": "2025-02-12T10:00:00Z",
        "pubstatus": "usable",
        "desk_names": ["pl"],
        "categories": [],
    }
    item.update(extra)
    return item


def genre(qcode: str, name: str) -> dict:
    return {"type": "dnltype:genre", "qcode": qcode, "name": name}


def ingest_wire(*items: dict) -> None:
    results = ingest_bytes(json.dumps(list(items)).encode(), "wire.json")
    assert all(r.outcome == "new" for r in results), [r.line() for r in results]


def rss(language: str, title: str, text: str, guid: str) -> bytes:
    return f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Blatt</title><link>https://blatt.example/</link>
<language>{language}</language>
<item><title>{title}</title><guid>{guid}</guid><link>https://blatt.example/{guid}</link>
<pubDate>Wed, 12 Feb 2025 11:00:00 GMT</pubDate><description>{text}</description></item>
</channel></rss>""".encode()


def test_stated_language_is_kept_and_a_feed_without_one_is_identified():
    ingest_wire(
        wire("urn:t:de", "Zuschüsse für Wärmepumpen steigen", GERMAN, language="de"),
        wire("urn:t:es", "España aprueba un plan de vivienda", SPANISH, language="es"),
    )
    ingest_bytes(rss("", "Rail spending to rise by a third", ENGLISH, "en-1"), "feed.xml")
    # A channel that declares German for an English text: the text is clearly English.
    ingest_bytes(rss("de-DE", "Rail lines in the north", ENGLISH, "en-2"), "feed.xml")
    langs = dict(Article.objects.values_list("guid", "language"))
    assert langs["urn:t:de"] == "de"
    assert langs["urn:t:es"] == "es"
    assert langs["en-1"] == "en"
    assert langs["en-2"] == "en"


def test_only_german_items_are_listed_and_each_page_carries_its_language(client, settings):
    ingest_wire(
        wire("urn:t:de", "Zuschüsse für Wärmepumpen steigen", GERMAN, language="de"),
        wire("urn:t:es", "España aprueba un plan de vivienda", SPANISH, language="es"),
    )
    ingest_bytes(rss("en", "Rail spending to rise by a third", ENGLISH, "en-1"), "feed.xml")
    home = client.get("/").content.decode()
    assert "Wärmepumpen" in home
    assert "España" not in home and "Rail spending" not in home
    for feed in ("/rss.xml", "/atom.xml"):
        body = client.get(feed).content.decode()
        assert "Wärmepumpen" in body and "España" not in body and "Rail spending" not in body
        assert 'xml:lang="de"' in body
    spanish = Article.objects.get(guid="urn:t:es")
    page = client.get(spanish.get_absolute_url())
    assert page.status_code == 200
    assert '<html lang="es">' in page.content.decode()
    german = Article.objects.get(guid="urn:t:de")
    assert '<html lang="de">' in client.get(german.get_absolute_url()).content.decode()
    # The setting lists more languages: English items join the lists, marked as English.
    settings.MELDUNGEN = {**settings.MELDUNGEN, "LANGUAGES": ["de", "en"]}
    from django.core.cache import cache

    cache.clear()
    home = client.get("/").content.decode()
    assert "Rail spending" in home and 'lang="en"' in home and "España" not in home
    assert 'xml:lang="en"' in client.get("/rss.xml").content.decode()


def test_service_traffic_and_textless_items_are_stored_but_not_listed(client, admin_client):
    ingest_wire(
        wire("urn:t:news", "Zuschüsse für Wärmepumpen steigen", GERMAN),
        wire(
            "urn:t:tvo",
            "dpa-Tagesvorschau Politik für Donnerstag",
            "10.00 Uhr Berlin: Pressekonferenz des Ministeriums zum Haushalt.",
            categories=[genre("dpatextgenre:32", "Vorschau")],
        ),
        wire(
            "urn:t:hint",
            "Folgende Lesestücke sind weiter aktuell",
            "Hintergrund zur Wahl in Hamburg, Stand Montag.",
            categories=[genre("dpatextgenre:27", "Achtung")],
        ),
        wire(
            "urn:t:test",
            "Redaktionstest erfolgreich verlaufen",
            "Dieser Text prüft nur die Technik der Übertragung an die Kunden.",
            categories=[genre("dpatextgenre:26", "Zusammenfassung")],
            ednotes=[{"role": "dpaednoterole:genrenote", "ednote": "Multimedialer Test-Artikel"}],
        ),
        wire("urn:t:bild", "Hafenkran im Nebel", ""),
    )
    kinds = dict(Article.objects.values_list("guid", "kind"))
    assert kinds == {
        "urn:t:news": "news",
        "urn:t:tvo": "service",
        "urn:t:hint": "service",
        "urn:t:test": "test",
        "urn:t:bild": "empty",
    }
    listings = []
    for path in ("/", "/rss.xml", "/atom.xml", "/sitemap.xml", "/api/articles"):
        response = client.get(path)
        assert response.status_code == 200, path
        listings.append(response.content.decode())
    assert "urn:t:news" in listings[-1]  # the API lists the news item ...
    assert "urn:t:tvo" not in listings[-1] and "urn:t:bild" not in listings[-1]  # ... only
    for body in listings:
        assert "Tagesvorschau" not in body and "Lesestücke" not in body
        assert "Redaktionstest" not in body and "Hafenkran" not in body
    assert "Wärmepumpen" in listings[0]
    # Searchable for editors in the admin.
    found = admin_client.get("/admin/news/article/", {"q": "Tagesvorschau"}).content.decode()
    assert "dpa-Tagesvorschau Politik" in found
    found = admin_client.get("/admin/news/article/", {"kind__exact": "service"}).content.decode()
    assert "Lesestücke" in found


def test_headline_fallback_applies_only_without_metadata():
    feed_item = ArticleDraft(guid="f", headline="dpa-Tagesvorschau für Montag", format="rss")
    feed_item.teaser = "Termine des Tages."
    assert classify(feed_item)[0] == "service"
    wire_item = ArticleDraft(
        guid="w", headline="dpa-Tagesvorschau für Montag", format="digitalwires",
        teaser="Termine des Tages.", genres=["Meldung"],
    )  # fmt: skip
    assert classify(wire_item)[0] == "news"  # the wire's own genre decides
    for headline in (
        "Hinweis an die Redaktionen: Bildmaterial zum Hochwasser",
        "Hinweis für die Redaktion: Sperrfrist bis 18 Uhr",
    ):
        note = ArticleDraft(guid="h", headline=headline, format="rss", teaser="Neue Bilder.")
        assert classify(note)[0] == "service", headline
    reader_tip = ArticleDraft(guid="n", headline="Hinweise an die Polizei", format="rss")
    reader_tip.teaser = "Zeugen melden sich nach dem Einbruch."
    assert classify(reader_tip)[0] == "news"
    test_item = ArticleDraft(guid="t", headline="Testartikel bitte ignorieren", format="rss")
    test_item.teaser = "Nur ein Test."
    assert classify(test_item)[0] == "test"
    event = ArticleDraft(guid="e", headline="Gipfel", format="ninjs", item_type="event")
    event.teaser = "Pressekonferenz um 12 Uhr."
    assert classify(event)[0] == "service"


@pytest.mark.skipif(not SHARED.is_dir(), reason="../shared/fixtures is not available")
def test_the_real_dpa_service_fixtures_are_not_listed(client):
    for name in ("hoerfunk", "lesestuecke", "tvo_pol", "rubix_multimedia_testartikel", "image"):
        ingest_bytes((SHARED / "dpa-digitalwires" / f"{name}.json").read_bytes(), name)
    ingest_bytes((SHARED / "dpa-digitalwires" / "eil.json").read_bytes(), "eil")
    ingest_bytes((SHARED / "dpa-digitalwires" / "empty_paragraph.json").read_bytes(), "es")
    kinds = dict(Article.objects.values_list("headline", "kind"))
    assert [k for h, k in kinds.items() if h.startswith("Grünen-Spitze")] == ["news"]
    assert sum(k != "news" for k in kinds.values()) == 5
    home = client.get("/").content.decode()
    assert "Grünen-Spitze" in home
    for word in ("audio-Programm", "Lesestücke", "Tagesvorschau", "Testartikel", "Netanyahu"):
        assert word not in home


def test_a_topic_of_unlisted_items_only_is_in_no_sitemap_nor_the_api(client):
    # the Spanish item's keyword is a topic whose articles no reader sees: a page without news
    ingest_wire(
        wire("urn:t:de", "Zuschüsse für Wärmepumpen steigen", GERMAN, language="de",
             keyword_names=["Wärmepumpe"]),
        wire("urn:t:es", "España aprueba un plan de vivienda", SPANISH, language="es",
             keyword_names=["Vivienda"]),
    )  # fmt: skip
    sitemap = client.get("/sitemap-themen.xml").content.decode()
    assert "/thema/waermepumpe/" in sitemap and "/thema/vivienda/" not in sitemap
    tags = {t["slug"]: t["article_count"] for t in client.get("/api/tags").json()}
    assert tags.get("waermepumpe") == 1 and "vivienda" not in tags
    assert client.get("/api/tags/vivienda").status_code == 404
    assert client.get("/api/tags/waermepumpe").json()["article_count"] == 1
    # asked for directly, its page answers and asks search engines not to index it
    noindex = '<meta name="robots" content="noindex">'
    assert noindex in client.get("/thema/vivienda/").content.decode()
    assert noindex not in client.get("/thema/waermepumpe/").content.decode()
    # nor are the portal's search results pages to index
    assert noindex in client.get("/suche", {"q": "Wärmepumpen"}).content.decode()


def test_a_story_shows_its_news_only_not_the_service_or_foreign_items_it_holds(client):
    """A service note and a foreign-language text that the clustering put into a German story
    are not among its reports: neither on the story page (its timeline, first report and
    sources), nor as "weitere Quellen" of a search hit, nor in the API's other_sources. A copy
    of the news item still is."""
    from meldungen.news.models import Story

    ingest_wire(
        wire("urn:t:news", "Zuschüsse für Wärmepumpen steigen", GERMAN, language="de"),
        wire(
            "urn:t:hint",
            "Achtung Redaktionen: Neue Zahlen zu den Wärmepumpen folgen",
            "Wir liefern die Zahlen des Ministeriums zu den Zuschüssen am Nachmittag nach.",
            categories=[genre("dpatextgenre:27", "Achtung")],
            version_created="2025-02-12T09:00:00Z",
        ),
        wire("urn:t:en", "Heat pump grants to rise", ENGLISH, language="en",
             version_created="2025-02-12T08:00:00Z"),
    )  # fmt: skip
    ingest_bytes(rss("de", "Zuschüsse für Wärmepumpen steigen", GERMAN, "kopie"), "feed.xml")
    news = Article.objects.get(guid="urn:t:news")
    copy = Article.objects.get(guid="kopie")
    assert copy.duplicate_of_id == news.pk
    story = Story.objects.get(pk=news.story_id)
    Article.objects.filter(guid__in=["urn:t:hint", "urn:t:en"]).update(story=story)
    Article.objects.filter(guid="urn:t:en").update(source_name="Wire International")

    page = client.get(f"/story/{story.pk}/").content.decode()
    assert "Zuschüsse für Wärmepumpen steigen" in page and "Übernommen von: Blatt" in page
    assert "Achtung Redaktionen" not in page and "Heat pump" not in page
    hits = client.get("/suche", {"q": "Wärmepumpen"}).content.decode()
    assert f"/artikel/{news.pk}/" in hits and f"/artikel/{copy.pk}/" in hits
    assert "Achtung Redaktionen" not in hits and "Heat pump" not in hits
    others = {a["id"] for a in client.get(f"/api/articles/{news.pk}").json()["other_sources"]}
    assert others == {copy.pk}
    # what lists and the article page count: two reports from two sources
    home = client.get("/").content.decode()
    assert f'href="/story/{story.pk}/">2 Quellen</a>' in home
    article = client.get(f"/artikel/{news.pk}/").content.decode()
    assert f'href="/story/{story.pk}/">2 Quellen</a> zu dieser Geschichte' in article
