"""Search behaviour on the test corpus. Marked db: runs on SQLite FTS5 and on PostgreSQL
(`german`), with the same assertions, so both backends give the same results."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from storehelp import put

from meldungen.search.indexing import rebuild_index
from meldungen.search.service import SearchParams, search

pytestmark = [pytest.mark.django_db, pytest.mark.db]


def ids(result) -> list[int]:
    return [h.article.pk for h in result.hits]


def found(corpus, q: str, **kw) -> set[str]:
    names = {a.pk: name for name, a in corpus.items()}
    return {names[i] for i in ids(search(SearchParams(q=q, **kw)))}


def test_stemming_finds_inflected_forms(corpus):
    # not the withdrawn or embargoed ones; "Tarifverhandlung" by its part
    assert found(corpus, "Verhandlung") == {"genf", "bahn"}
    assert found(corpus, "Putins") == {"genf", "kreml"}
    assert found(corpus, "putin") == {"genf", "kreml"}
    assert found(corpus, "Gewerkschaften") == {"bahn"}


def test_compound_is_found_by_its_parts(corpus):
    # "Tarifverhandlung" is indexed with its parts "Tarif" and "Verhandlung".
    assert "bahn" in found(corpus, "Verhandlungen")
    assert "bahn" in found(corpus, "Tarif")
    assert found(corpus, '"Verhandlungen über Waffenruhe"') == {"genf"}  # phrases stay exact


def test_phrase_needs_the_words_in_order(corpus):
    assert found(corpus, "Gespräche Genf") == {"genf", "genf_neu"}
    assert found(corpus, '"Gespräche in Genf"') == {"genf"}


def test_negation_and_or(corpus):
    assert found(corpus, "Putin -Kreml") == {"genf"}
    assert found(corpus, "Pokal OR Streiks") == {"pokal", "bahn"}


def test_only_function_words_find_nothing(corpus):
    result = search(SearchParams(q="und die der"))
    assert result.hits == [] and result.total == 0


def test_filters(corpus):
    assert found(corpus, "Genf", ressort="politik") == {"genf", "genf_neu"}
    assert found(corpus, "Genf", ressort="Politik") == {"genf", "genf_neu"}
    assert found(corpus, "Genf", ressort="sport") == set()
    assert found(corpus, "Genf", ressort="gibt-es-nicht") == set()
    assert found(corpus, "Genf", tag="waffenruhe") == {"genf"}
    assert found(corpus, "Genf", tag="unbekannt") == set()
    assert found(corpus, "Putin", source=corpus["kreml"].source_id) == {"kreml"}
    assert found(corpus, "Genf", since=datetime(2025, 3, 4, tzinfo=UTC)) == {"genf_neu"}
    assert found(corpus, "Genf", until=datetime(2025, 3, 4, tzinfo=UTC)) == {"genf"}


def test_relevance_prefers_headline_and_date_sort_is_newest_first(corpus):
    by_relevance = ids(search(SearchParams(q="Putin")))
    by_date = ids(search(SearchParams(q="Putin", sort="date")))
    assert by_relevance == [corpus["kreml"].pk, corpus["genf"].pk]  # headline beats body
    assert by_date == [corpus["genf"].pk, corpus["kreml"].pk]  # 3 March before 2 March


def test_one_result_per_story_with_other_sources(corpus):
    result = search(SearchParams(q="Waffenruhe Genf"))
    assert ids(result) == [corpus["genf"].pk]
    assert [o.pk for o in result.hits[0].others] == [corpus["genf_copy"].pk]


def test_highlighted_snippets_are_escaped(corpus):
    hit = search(SearchParams(q="Verhandlung")).hits[0]
    assert hit.headline_html.startswith("<mark>Verhandlungen</mark> über")
    assert "<mark>Verhandlungen</mark>" in hit.snippet_html
    hit = search(SearchParams(q="Antrag")).hits[0]
    assert "&lt;script&gt;" in hit.headline_html
    expected = "<mark>Antrag</mark> mit &lt;b&gt;fetten&lt;/b&gt; Klammern &amp; Zeichen"
    assert expected in hit.snippet_html
    assert "<b>" not in hit.snippet_html


def test_paging_and_total(corpus):
    first = search(SearchParams(q="Genf OR Putin OR Pokal", sort="date"), page=1, per_page=2)
    second = search(SearchParams(q="Genf OR Putin OR Pokal", sort="date"), page=2, per_page=2)
    assert first.total == second.total == 4
    assert first.pages == 2
    assert ids(first) + ids(second) == [
        corpus["genf_neu"].pk,
        corpus["pokal"].pk,
        corpus["genf"].pk,
        corpus["kreml"].pk,
    ]


def test_updated_article_is_reindexed(corpus):
    from meldungen.news.models import Article

    article = Article.objects.get(pk=corpus["pokal"].pk)
    article.headline = "Handballteam gewinnt Meisterschaft"
    article.save()
    assert found(corpus, "Meisterschaften") == {"pokal"}
    assert found(corpus, "Fußballverein") == set()


def test_rebuild_index_restores_every_article(corpus):
    assert rebuild_index() == len(corpus)
    assert found(corpus, "Verhandlung") == {"genf", "bahn"}


def test_backend_is_the_databases_own():
    from django.db import connection

    from meldungen.search.backends import backend

    expected = "postgres" if connection.vendor == "postgresql" else "sqlite"
    assert backend().__name__.rsplit(".", 1)[-1] == expected


def test_one_result_per_story(corpus):
    from meldungen.news.models import Article, Story

    genf, neu = corpus["genf"], corpus["genf_neu"]
    story = Story.objects.create(
        id="test-genf", first_published=genf.published, last_published=neu.published
    )
    Article.objects.filter(pk__in=[genf.pk, neu.pk]).update(story=story)
    result = search(SearchParams(q="Gespräche Genf"))
    assert len(result.hits) == 1
    shown = result.hits[0].article.pk
    assert shown in (genf.pk, neu.pk)
    story_reports = {genf.pk, neu.pk, corpus["genf_copy"].pk}
    assert {o.pk for o in result.hits[0].others} == story_reports - {shown}


def test_a_teaser_that_begins_the_body_is_shown_once_in_the_snippet():
    text = "Die Stadtwerke heben den Preis für Fernwärme zum April an."
    put("teaser-body", "Fernwärme wird teurer", None, teaser=text, body=f"<p>{text}</p>")
    (hit,) = search(SearchParams(q="Fernwärme")).hits
    assert hit.snippet_html.count("Stadtwerke") == 1


def test_many_excluded_words_are_one_exclusion(corpus):
    # 100 "-word"s nested 100 NOTs in SQLite's FTS5 expression: "parser stack overflow", a 500
    # for the reader. They exclude as one ("NOT (a OR b OR ...)").
    excluded = [f"-{a}{b}" for a in "qxyv" for b in "abcdefghijklmnopqrstuvwxyz"][:100]
    q = " ".join(["Genf", *excluded])
    assert len(q) < 500  # the longest query read
    assert found(corpus, q) == {"genf", "genf_neu"}
    assert found(corpus, f"Genf -Gefangenenaustausch {q}") == {"genf"}
