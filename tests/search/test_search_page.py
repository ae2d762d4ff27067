"""The /suche page: form, results, filters from the query string, feed links, caching."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.django_db, pytest.mark.db]


def test_search_page_shows_highlighted_folded_results(client, corpus):
    response = client.get("/suche", {"q": "Verhandlung"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<mark>Verhandlungen</mark> über Waffenruhe" in html
    assert "Weitere Quellen:" in html and "Tageblatt Süd" in html
    assert "2 Treffer" in html  # and the compound "Tarifverhandlung", by its part
    assert "<mark>Tarifverhandlung</mark> bei der Bahn" in html
    assert "Wien" not in html and "Rom" not in html  # withdrawn, embargoed
    assert "/suche/rss.xml?q=Verhandlung" in html


def test_search_page_filters_from_query_string(client, corpus):
    html = client.get("/suche", {"q": "Genf", "ressort": "politik", "von": "2025-03-04"}).content
    assert b"Neue Gespr" in html and b"Waffenruhe in <mark>Genf</mark>" not in html
    html = client.get("/suche", {"q": "Genf", "bis": "2025-03-03", "sort": "date"}).content
    assert b"Waffenruhe in <mark>Genf</mark>" in html and b"Neue Gespr" not in html


def test_search_page_without_query_and_with_bad_input(client, corpus):
    assert client.get("/suche").status_code == 200
    for params in (
        {"q": "und"},
        {"q": "x\x00y", "von": "gestern", "quelle": "abc", "seite": "-3"},
        {"q": '"NEAR(', "sort": "zufall"},
    ):
        response = client.get("/suche", params)
        assert response.status_code == 200, params


def test_search_page_pages(client, corpus):
    from meldungen.web import search_views as views

    views.PER_PAGE, old = 1, views.PER_PAGE
    try:
        html = client.get("/suche", {"q": "Genf", "sort": "date"}).content.decode()
        assert 'rel="next"' in html and "seite=2" in html
        html = client.get("/suche", {"q": "Genf", "sort": "date", "seite": "2"}).content.decode()
        assert 'rel="prev"' in html and "Waffenruhe in <mark>Genf</mark>" in html
    finally:
        views.PER_PAGE = old


def test_search_page_shows_articles_without_a_source(client, db):
    from storehelp import put

    put("ohne-quelle", "Gemeinderat berät über Freibad", teaser="Ohne Quelle eingelesen.")
    response = client.get("/suche", {"q": "Freibad"})
    assert response.status_code == 200
    assert "Gemeinderat berät über <mark>Freibad</mark>" in response.content.decode()


def test_further_sources_name_each_other_source_once_never_the_hits_own(client, corpus):
    from storehelp import put

    from meldungen.news.models import Source

    genf = corpus["genf"]
    wire, paper = genf.source, Source.objects.get(name="Tageblatt Süd")
    for guid, source in (("genf-again", wire), ("genf-copy-2", paper)):  # sent once more each
        again = put(
            guid,
            genf.headline,
            source,
            teaser=genf.teaser,
            body=genf.body,
            published=genf.published,
            ressort_hints=["politik"],
        )
        assert again.duplicate_of_id == genf.pk
    html = client.get("/suche", {"q": "Waffenruhe"}).content.decode()
    line = html.split('class="others meta">', 1)[1].split("</p>", 1)[0]
    assert line.count("Tageblatt Süd") == 1  # two copies from it: one source
    assert "Agentur Nord" not in line  # the hit's own wire is no further source
