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


def message(html: str) -> str:
    return html.split('class="search-empty">', 1)[1].split("</p>", 1)[0]


@pytest.mark.parametrize(
    ("q", "says"),
    [
        ("-Genf", "nur Wörter aus, die nicht vorkommen sollen"),
        ('-"Gespräche in Genf" -Kreml', "nur Wörter aus, die nicht vorkommen sollen"),
        ("!!! ?", "kein Wort, nach dem gesucht werden kann"),
        ("😀", "kein Wort, nach dem gesucht werden kann"),
        ("und die der", "Wörter wie „und“ oder „der“ allein werden nicht gesucht"),
    ],
)
def test_a_query_that_cannot_be_searched_says_why(client, corpus, q, says):
    html = client.get("/suche", {"q": q}).content.decode()
    assert says in message(html)
    assert 'class="search-count"' not in html  # no "0 Treffer" with feed links


def test_a_page_after_the_last_says_so_and_links_the_last(client, corpus):
    html = client.get("/suche", {"q": "Genf", "seite": "9"}).content.decode()
    assert "Seite 9 gibt es nicht" in message(html) and "2 Treffer auf 1 Seite" in message(html)
    assert 'rel="prev" href="?q=Genf&amp;seite=1"' in html
    assert "Seite 9 von 1" not in html


@pytest.mark.parametrize(
    ("params", "says"),
    [
        ({"von": "gestern"}, "„gestern“ ist kein Datum"),
        ({"bis": "2025-02-30"}, "„2025-02-30“ ist kein Datum"),
        ({"von": "2025-03-05", "bis": "2025-03-01"}, "„von“ liegt nach „bis“"),
    ],
)
def test_a_date_filter_that_cannot_be_used_says_so(client, corpus, params, says):
    response = client.get("/suche", {"q": "Genf", **params})
    assert response.status_code == 200
    assert says in response.content.decode()


def test_a_ressort_given_by_its_slug_stays_chosen_in_the_form(client, corpus):
    from django.core.cache import cache

    cache.clear()  # the navigation's Ressorts are kept a minute: an earlier test's would show
    html = client.get("/suche", {"q": "Genf", "ressort": "politik"}).content.decode()
    assert '<option value="Politik" selected>' in html  # resubmitting keeps the filter


@pytest.mark.parametrize(
    ("params", "says"),
    [
        ({"ressort": "gibt-es-nicht"}, "Ein Ressort „gibt-es-nicht“ gibt es nicht"),
        ({"thema": "unbekannt"}, "Ein Thema „unbekannt“ gibt es nicht"),
        ({"quelle": "987654"}, "Eine Quelle 987654 gibt es nicht"),
    ],
)
def test_an_unknown_filter_says_so(client, corpus, params, says):
    html = client.get("/suche", {"q": "Genf", **params}).content.decode()
    assert says in html and "Keine Meldungen gefunden." in html


def test_a_topic_filter_is_shown(client, corpus):
    html = client.get("/suche", {"q": "Genf", "thema": "waffenruhe"}).content.decode()
    assert "Nur Meldungen zum Thema Waffenruhe" in html
