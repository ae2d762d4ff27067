"""The storage boundary: what SQLite would keep and PostgreSQL refuse is normalised first, so
both databases store the same things (runs on both: db marker)."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime

import pytest

from meldungen.ingest import bounds
from meldungen.ingest.draft import ArticleDraft, Picture
from meldungen.news.models import Article, ArticleVersion, Rejection
from meldungen.news.services import store_draft, store_results

pytestmark = [pytest.mark.django_db, pytest.mark.db]


def draft(**kw) -> ArticleDraft:
    base = dict(
        guid="urn:test:grenze-1",
        headline="Hafen Kiel meldet Rekordumschlag",
        format="ninjs",
        teaser="Mehr Fähren als je zuvor.",
        body="<p>Der Kieler Hafen hat im vergangenen Jahr mehr Güter umgeschlagen.</p>",
        published=datetime(2026, 1, 5, 9, 0, tzinfo=UTC),
        keywords=["Hafen", "Schifffahrt"],
    )
    base.update(kw)
    return ArticleDraft(**base)


def test_nul_characters_are_removed_from_every_field():
    nul = "\x00"
    result = store_draft(
        draft(
            guid=f"urn:test:{nul}nul",
            headline=f"Hafen{nul} Kiel",
            teaser=f"Fäh{nul}ren",
            body=f"<p>Gü{nul}ter</p>",
            byline=f"Redak{nul}tion",
            keywords=[f"Ha{nul}fen"],
            ressort_hints=[f"Wirt{nul}schaft"],
            picture=Picture(url="https://example.org/k.jpg", caption=f"Ka{nul}i"),
        )
    )
    assert result.outcome == "new", result
    article = Article.objects.get(pk=result.article_id)
    assert article.guid == "urn:test:nul"
    assert (article.headline, article.teaser, article.body) == (
        "Hafen Kiel",
        "Fähren",
        "<p>Güter</p>",
    )
    assert (article.byline, article.keywords, article.picture_caption) == (
        "Redaktion",
        ["Hafen"],
        "Kai",
    )
    stored_json = str(ArticleVersion.objects.get(article=article).data)
    assert "\x00" not in stored_json


def test_lone_surrogates_are_removed():
    result = store_draft(draft(headline="Kiel \ud83d meldet Rekord"))
    assert Article.objects.get(pk=result.article_id).headline == "Kiel  meldet Rekord"


def test_control_characters_are_removed_tab_and_line_breaks_stay():
    # A wire that passes a terminal colour code through: XML feeds cannot carry it, browsers
    # show boxes.
    odd = "\x01\x1b[31m\x7f"
    result = store_draft(
        draft(
            headline=f"Hafen{odd} Kiel",
            teaser="Fähren\tund\nSchiffe\x0c",
            body=f"<p>Gü{odd}ter</p>",
            byline="Redak\x07tion",
            keywords=["Ha\x08fen"],
            picture=Picture(url="https://example.org/k.jpg", caption="Ka\x1fi"),
        )
    )
    article = Article.objects.get(pk=result.article_id)
    assert (article.headline, article.teaser, article.body) == (
        "Hafen[31m Kiel",
        "Fähren\tund\nSchiffe",
        "<p>Gü[31mter</p>",
    )
    assert (article.byline, article.keywords, article.picture_caption) == (
        "Redaktion",
        ["Hafen"],
        "Kai",
    )


def test_markup_in_plain_text_fields_is_read_as_text():
    markup = "<b>Erika</b> M&uuml;ller &amp; Co"
    result = store_draft(
        draft(
            byline=markup,
            dateline="<span>Kiel</span> (dpa)",
            credit=markup,
            copyright="&copy; Hafen GmbH",
            source=markup,
            picture=Picture(url="https://example.org/k.jpg", caption=markup, credit=markup),
        )
    )
    article = Article.objects.get(pk=result.article_id)
    text = "Erika Müller & Co"
    assert (article.byline, article.dateline, article.credit, article.copyright) == (
        text,
        "Kiel (dpa)",
        text,
        "© Hafen GmbH",
    )
    assert (article.source_name, article.picture_caption, article.picture_credit) == (
        text,
        text,
        text,
    )
    plain = store_draft(draft(guid="urn:test:plain", byline="Tom & Jerry <3", credit="AT&T"))
    article = Article.objects.get(pk=plain.article_id)
    assert (article.byline, article.credit) == ("Tom & Jerry <3", "AT&T")


@pytest.mark.parametrize("version", [2**31, 2**31 + 7, 20260105090000])
def test_versions_beyond_32_bits_are_stored_and_ordered(version):
    assert store_draft(draft(version=version)).outcome == "new"
    assert store_draft(draft(version=version + 1)).outcome == "updated"
    assert store_draft(draft(version=version)).outcome == "unchanged"
    assert Article.objects.get().version == version + 1


@pytest.mark.parametrize("version", [-1, 2**63, 10**30])
def test_versions_out_of_any_column_are_rejected_clearly(version):
    [result] = store_results([draft(version=version)], "test")
    assert result.outcome == "rejected"
    assert "version" in result.reason and "out of range" in result.reason
    assert Rejection.objects.get().reason == result.reason
    assert not Article.objects.exists()


def test_overlong_guid_is_rejected_with_its_reason_and_the_batch_goes_on():
    items = [draft(guid="urn:test:" + "x" * 600), draft(guid="urn:test:kurz")]
    long_result, short_result = store_results(items, "test")
    assert long_result.outcome == "rejected"
    assert "guid longer than 500" in long_result.reason
    assert short_result.outcome == "new"


def test_one_overlong_keyword_is_dropped_not_the_article():
    sentence = "Ein Schlagwort, das eigentlich ein ganzer Absatz ist " * 10
    result = store_draft(draft(keywords=["Hafen", sentence, "Kiel"], ressort_hints=[sentence]))
    assert result.outcome == "new", result
    article = Article.objects.get(pk=result.article_id)
    assert article.keywords == ["Hafen", "Kiel"]
    assert article.ressort_hints == []


def test_overlong_presentation_fields_are_cut_and_overlong_urls_dropped():
    long_url = "https://example.org/" + "a" * 2100
    result = store_draft(
        draft(
            source="Q" * 400,
            byline="B" * 900,
            url=long_url,
            language="de-DE-x-" + "z" * 30,
            picture=Picture(url=long_url),
        )
    )
    assert result.outcome == "new", result
    article = Article.objects.get(pk=result.article_id)
    assert len(article.source_name) == 200 and len(article.byline) == 500
    assert article.url == "" and article.picture_url == ""


def test_oversized_picture_dimensions_are_dropped():
    pic = Picture(url="https://example.org/p.jpg", width=2**40, height=-3)
    article = Article.objects.get(pk=store_draft(draft(picture=pic)).article_id)
    assert (article.picture_width, article.picture_height) == (None, None)


def test_limits_match_the_model_columns():
    for name, limit in bounds.LIMITS.items():
        column = {"source": "source_name"}.get(name, name)
        assert Article._meta.get_field(column).max_length == limit, name
    assert Article._meta.get_field("guid").max_length == bounds.GUID_MAX
    fields = {f.name for f in dataclasses.fields(ArticleDraft)}
    assert set(bounds.LIMITS) <= fields


def test_a_batch_that_stores_something_refreshes_the_planner_statistics(db):
    """SQLite gathers no statistics by itself; without them the one-entry-per-story lists are
    planned through the wrong index. A batch that stored something leaves them in place."""
    from django.db import connection

    from meldungen.news.services import store_results

    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL's autovacuum keeps its own statistics")
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS sqlite_stat1")
    results = store_results([draft(guid="stats-1", headline="Planer braucht Zahlen")], "test")
    assert [r.outcome for r in results] == ["new"]
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'news_article'")
        assert cursor.fetchone()[0] > 0


def test_a_publication_time_no_page_can_show_is_rejected_clearly(client):
    # 9999-12-31T23:59:59Z was stored, and in Berlin time it is year 10000: the home page,
    # search, sitemaps, the article page and the admin's article list failed (OverflowError)
    far = datetime(9999, 12, 31, 23, 59, 59, tzinfo=UTC)
    early = datetime(1, 1, 1, 0, 0, tzinfo=UTC)
    results = store_results(
        [draft(guid="urn:test:fern", published=far), draft(guid="urn:test:frueh", published=early)],
        "test",
    )
    assert [r.outcome for r in results] == ["rejected", "rejected"]
    assert "publication time" in results[0].reason and "out of range" in results[0].reason
    assert not Article.objects.exists()
    ok = store_draft(
        draft(
            updated=far,
            embargo=datetime(9999, 12, 31, 23, 0, tzinfo=UTC),
        )
    )
    article = Article.objects.get(pk=ok.article_id)
    assert article.updated is None and article.embargo == bounds.DATE_MAX
    assert client.get("/").status_code == 200
    assert client.get("/suche/?q=Hafen").status_code == 200


def test_a_date_far_ahead_of_arrival_is_the_arrival_an_embargo_keeps_its_date():
    """An item dated a year ahead (a wrong clock or time zone, a typing error) headed home and
    every list for that year: more than an hour ahead it is dated at its arrival; an hour or
    less is kept, and an embargoed item keeps a date up to its embargo's end."""
    from datetime import timedelta

    from django.utils import timezone

    now = timezone.now()
    ahead = store_draft(draft(guid="urn:test:ahead", published=now + timedelta(days=400)))
    stored = Article.objects.get(pk=ahead.article_id)
    assert now <= stored.published <= timezone.now()
    soon = now + timedelta(minutes=30)
    kept = store_draft(draft(guid="urn:test:soon", published=soon))
    assert Article.objects.get(pk=kept.article_id).published == soon
    embargo = now + timedelta(days=2)
    held = store_draft(draft(guid="urn:test:embargo", published=embargo, embargo=embargo))
    assert Article.objects.get(pk=held.article_id).published == embargo
    far = store_draft(
        draft(guid="urn:test:far", published=embargo + timedelta(days=30), embargo=embargo)
    )
    assert Article.objects.get(pk=far.article_id).published == embargo
    # the batch path stores the same
    store_results([draft(guid="urn:test:batch-ahead", published=now + timedelta(days=400))], "t")
    batch = Article.objects.get(guid="urn:test:batch-ahead")
    assert now <= batch.published <= timezone.now()


def test_not_ahead_leaves_naive_and_missing_dates_and_the_end_of_time_alone():
    now = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
    assert bounds.not_ahead(None, None, now) is None
    naive = datetime(2026, 1, 5, 9, 30)
    assert bounds.not_ahead(naive, None, now) == naive
    assert bounds.not_ahead(datetime(2026, 1, 6), None, now) == now
    end = datetime(9999, 12, 31, 23, 0, tzinfo=UTC)
    assert bounds.not_ahead(end, end, now) == end
