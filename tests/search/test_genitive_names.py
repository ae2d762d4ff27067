"""A name in the genitive meets its base form: "Trump" finds "Trumps" and "Trump's", "Europas"
finds "Europa", in the index and the query alike, on SQLite and PostgreSQL (marked db), and the
results page marks the genitive. Ordinary words and names whose -s is their own stay apart.
Texts written for these tests."""

from __future__ import annotations

import importlib
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import connection
from storehelp import put

from meldungen.news.models import Article
from meldungen.search import text
from meldungen.search.indexing import index_article
from meldungen.search.service import SearchParams, search
from meldungen.search.text import highlight, parse_query, stems

MEET = [
    ("Trumps", "Trump"),
    ("Europas", "Europa"),
    ("Obamas", "Obama"),
    ("Chinas", "China"),
    ("Selenskyjs", "Selenskyj"),
    ("Gorbatschows", "Gorbatschow"),
    ("Kiews", "Kiew"),
    ("Guaidós", "Guaidó"),
    ("Salvinis", "Salvini"),
    ("Mogadischus", "Mogadischu"),
    ("Trump's", "Trump"),
    ("Trump’s", "Trump"),
    ("Merz'", "Merz"),
    ("Merz’", "Merz"),
    ("Putins", "Putin"),  # Snowball's own
]


@pytest.mark.parametrize(("form", "base"), MEET)
def test_a_names_genitive_has_the_terms_of_its_base(form, base):
    assert stems(form) == stems(base)
    assert stems(form.lower()) == stems(base)  # whatever case the reader types


# Common nouns (the noun lexicon), compounds of them, names whose -s is their own (the
# frequency list): each keeps the term Snowball gives it, and an own -s is not taken off.
KEEP = [
    "Kurs", "Haus", "Bus", "Glas", "Ergebnis", "Basis", "Autos", "Krankenhaus", "Qualitätspreis",
    "Überflugerlaubnis", "Kosmetikstudios", "Paris", "Texas", "Klaus", "Thomas", "Andreas",
    "Hamas", "kostenlos", "durchaus", "gratis", "UBS", "Fortschritts",
]  # fmt: skip


@pytest.mark.parametrize("word", KEEP)
def test_ordinary_words_and_names_with_their_own_s_keep_their_stem(word):
    assert stems(word) == [text.stem(word.lower())]


@pytest.mark.parametrize(
    ("one", "other"),
    [("Hamas", "Hama"), ("Klaus", "klauen"), ("Thomas", "Thoma"), ("Andreas", "Andrea")],
)
def test_an_own_s_does_not_join_the_word_without_it(one, other):
    assert stems(one) != stems(other)


def test_fortschritts_meets_fortschritt_as_before():
    assert stems("Fortschritts") == stems("Fortschritt")


def test_a_query_for_the_base_highlights_the_genitive_and_back():
    marks = parse_query("Trump").highlight_stems()
    got = highlight("Trumps Berater lobten Trump’s Zölle", marks)
    assert got == "<mark>Trumps</mark> Berater lobten <mark>Trump</mark>’s Zölle"
    assert highlight("Europa wählt", parse_query("Europas").highlight_stems()) == (
        "<mark>Europa</mark> wählt"
    )


def test_an_apostrophes_s_is_no_word_between_a_phrase():
    assert stems("Trump’s Zölle") == stems("Trumps Zölle") == ["trump", "zoll"]
    assert parse_query('"Trumps Zölle"').clauses[0].alternatives[0].stems == ("trump", "zoll")


ARTICLES = {
    "trumps": ("Zölle: Trumps Berater warnen", "Die Regierung in Washington prüft neue Abgaben."),
    "europas": ("Europas Landwirte protestieren", "Traktoren blockierten Straßen in Brüssel."),
    "merz": ("Merz' Pläne stoßen auf Widerspruch", "Die Opposition kündigte Anträge an."),
    "apostroph": ("Kritik an Trump’s Zöllen wächst", "Händler rechnen mit höheren Preisen."),
    "hama": ("Kämpfe um Hama dauern an", "Die Stadt im Westen Syriens ist umkämpft."),
    "hamas": ("Hamas lehnt Vorschlag ab", "Die Verhandlungen in Kairo stocken."),
    "kurs": ("Der Kurs der Aktie fällt", "Anleger reagierten nervös auf die Zahlen."),
}


@pytest.fixture
def stored(db) -> dict[str, Article]:
    articles = {
        key: put(f"genitive-{key}", headline, None, teaser=lead, body=f"<p>{lead}</p>")
        for key, (headline, lead) in ARTICLES.items()
    }
    # about search, not the clustering: each its own story (the two on Trump's tariffs are one)
    Article.objects.update(story=None)
    return articles


def found(stored, q: str) -> set[str]:
    names = {a.pk: name for name, a in stored.items()}
    return {names[h.article.pk] for h in search(SearchParams(q=q)).hits}


@pytest.mark.db
@pytest.mark.django_db
@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("Trump", {"trumps", "apostroph"}),
        ("trumps", {"trumps", "apostroph"}),
        ("Trump's", {"trumps", "apostroph"}),
        ('"Trumps Zöllen"', {"apostroph"}),
        ("Europa", {"europas"}),
        ("Merz", {"merz"}),
        ("Hamas", {"hamas"}),
        ("Hama", {"hama"}),
        ("Kurs", {"kurs"}),
    ],
)
def test_search_finds_the_genitive_by_the_base_and_back(stored, q, expected):
    assert found(stored, q) == expected


@pytest.mark.db
@pytest.mark.django_db
def test_results_page_marks_the_genitive(client, stored):
    html = client.get("/suche", {"q": "Trump"}).content.decode()
    assert "2 Treffer" in html
    assert "Zölle: <mark>Trumps</mark> Berater warnen" in html
    assert "Kritik an <mark>Trump</mark>’s Zöllen wächst" in html
    html = client.get("/suche", {"q": "Europa"}).content.decode()
    assert "<mark>Europas</mark> Landwirte protestieren" in html


@pytest.mark.db
@pytest.mark.django_db
def test_the_upgrade_reindexes_an_archive_indexed_before(stored, monkeypatch):
    """An article indexed by the stemmer before (the genitive's -s kept) is found by the base
    once the migration has run, on SQLite and PostgreSQL."""
    article = stored["trumps"]

    def clear() -> None:
        for cached in (text.term, text.part_stems, text._cached_columns):
            cached.cache_clear()

    with monkeypatch.context() as patched:
        patched.setattr(text, "without_genitive_s", lambda word: word)
        clear()
        index_article(article)  # as the archive was indexed before
    clear()
    assert "trumps" not in found(stored, "Trump")

    migration = importlib.import_module("meldungen.search.migrations.0004_name_genitives")
    with connection.cursor() as cur:
        editor = SimpleNamespace(connection=connection, execute=cur.execute)
        migration.reindex(apps, editor)
    assert found(stored, "Trump") == {"trumps", "apostroph"}
    assert found(stored, "Hamas") == {"hamas"}
