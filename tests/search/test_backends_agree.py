"""Both backends find the same articles for the same words: the words are cut and stemmed by
the same code (search/text.py) for SQLite FTS5 and for PostgreSQL. Marked db: runs on both with
the same assertions. Texts written for these tests."""

from __future__ import annotations

import pytest
from storehelp import put

from meldungen.news.models import Article
from meldungen.search.service import SearchParams, search

pytestmark = [pytest.mark.django_db, pytest.mark.db]

TEXTS = {
    "weg": (
        "Der Weg zur Einigung bleibt steinig",
        "Nach zwölf Stunden vertagten sich die Unterhändler auf den nächsten Morgen.",
    ),
    "oesterreich": (
        "Österreich wählt einen neuen Nationalrat",
        "Die Grünen hoffen in Wien auf ein besseres Ergebnis als vor fünf Jahren.",
    ),
    "ministerin": (
        "Ministerin stellt Schulgesetz vor",
        "Die Kultusministerin will mehr Lehrerinnen einstellen, sagte sie in Mainz.",
    ),
    "union": (
        "CDU/CSU legt Steuerkonzept vor",
        "Die Erklärung steht unter https://union.example/steuer bereit, die Frist endet am 12.03.",
    ),
    "virus": (
        "Neue Welle von COVID-19 im Herbst erwartet",
        "Die Gesundheitsämter melden steigende Zahlen aus den Kliniken.",
    ),
    "gerichtet": (
        "Appell an die Regierung gerichtet",
        "Bürgerinitiativen meldeten sich mit einem offenen Brief zu Wort.",
    ),
}


@pytest.fixture
def texts(db) -> dict[str, Article]:
    return {
        key: put(f"agree-{key}", headline, None, teaser=lead, body=f"<p>{lead}</p>")
        for key, (headline, lead) in TEXTS.items()
    }


def found(texts, q: str) -> set[str]:
    names = {a.pk: name for name, a in texts.items()}
    return {names[h.article.pk] for h in search(SearchParams(q=q)).hits}


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        # PostgreSQL's `german` list drops "weg", "einmal", "weiter", "machen" as function words
        ("Weg", {"weg"}),
        ("Wege", {"weg"}),
        # ae/oe/ue for ä/ö/ü, as a keyboard without umlauts types them
        ("Oesterreich", {"oesterreich"}),
        ("Gruene", {"oesterreich"}),
        # PostgreSQL 15's Snowball German keeps -in/-innen and -et, the stemmer of the queries
        # and the highlighting (PyStemmer, Snowball 2.2+) takes them off
        ("Minister", {"ministerin"}),
        ("Lehrer", {"ministerin"}),
        ("Gericht", {"gerichtet"}),
        ("meldet", {"gerichtet", "virus"}),  # "meldeten", "melden"
        # PostgreSQL's parser reads "CDU/CSU" as a file path, URLs, dates and "COVID-19"
        # as its own kinds of tokens, where a query's words are words
        ("CDU/CSU", {"union"}),
        ("CSU", {"union"}),
        ("https://union.example/steuer", {"union"}),
        ("union.example", {"union"}),
        ("12.03.", {"union"}),
        ("COVID-19", {"virus"}),
        ("Covid", {"virus"}),
    ],
)
def test_words_find_the_same_articles_on_both_backends(texts, q, expected):
    assert found(texts, q) == expected


def test_highlighting_marks_what_was_found(texts):
    (hit,) = search(SearchParams(q="Gruene")).hits
    assert "<mark>Grünen</mark>" in hit.snippet_html
    (hit,) = search(SearchParams(q="Minister")).hits
    assert hit.headline_html.startswith("<mark>Ministerin</mark>")


def test_text_and_queries_in_any_unicode_form(db):
    nfd = "Mu\u0308ller"  # "Müller" as macOS and some feeds write it: u + combining diaeresis
    put(
        "agree-unicode",
        f"{nfd} übernimmt Vorsitz im Bundes\u00adtag",  # a soft hyphen, as in wire copy
        None,
        teaser="Die Wahl fiel einstimmig aus.",
        body="<p>Der Aus&shy;schuss tagt am Montag. Bauminister\u200bin Berg gratulierte.</p>",
    )
    for q in ["Müller", nfd, "Bundestag", "Ausschuss", "Bauministerin", "Müller's", "Müller’s"]:
        assert len(search(SearchParams(q=q)).hits) == 1, q
    # German quotation marks make a phrase as "..." does
    assert len(search(SearchParams(q="„Vorsitz im Bundestag“")).hits) == 1
    assert search(SearchParams(q="„Bundestag Vorsitz“")).hits == []
    (hit,) = search(SearchParams(q="Müller Bundestag")).hits
    assert "<mark>Müller</mark>" in hit.headline_html
    assert "<mark>Bundestag</mark>" in hit.headline_html
