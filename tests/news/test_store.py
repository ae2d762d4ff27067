"""The store's rules: idempotency, versioning, withdrawal, embargo, duplicates, atomicity."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from meldungen.ingest.draft import ArticleDraft, Rejected
from meldungen.news.models import Article, ArticleVersion, Rejection
from meldungen.news.services import store_draft, store_results, totals

pytestmark = [pytest.mark.django_db, pytest.mark.db]


def draft(**kw) -> ArticleDraft:
    base = dict(
        guid="urn:test:1",
        headline="Stadtrat beschließt neuen Radweg am Fluss",
        format="digitalwires",
        teaser="Nach langer Debatte gibt es eine Mehrheit.",
        body="<p>Der Stadtrat hat am Abend mit knapper Mehrheit entschieden.</p>",
        published=datetime(2025, 2, 12, 17, 27, 49, tzinfo=UTC),
        keywords=["Radverkehr"],
        credit="dpa",
    )
    base.update(kw)
    return ArticleDraft(**base)


def test_new_then_unchanged_is_idempotent():
    assert store_draft(draft()).outcome == "new"
    assert store_draft(draft()).outcome == "unchanged"
    assert Article.objects.count() == 1
    assert ArticleVersion.objects.count() == 1


def test_higher_version_updates_in_place_and_keeps_history():
    first = store_draft(draft())
    second = store_draft(draft(version=2, headline="Stadtrat beschließt Radweg (aktualisiert)"))
    assert second.outcome == "updated"
    assert second.article_id == first.article_id
    article = Article.objects.get()
    assert article.version == 2
    assert article.headline.endswith("(aktualisiert)")
    versions = list(article.versions.values_list("version", "data__headline"))
    assert versions == [
        (1, "Stadtrat beschließt neuen Radweg am Fluss"),
        (2, "Stadtrat beschließt Radweg (aktualisiert)"),
    ]


def test_lower_or_same_version_changes_nothing():
    store_draft(draft(version=3, headline="Dritte Fassung"))
    assert store_draft(draft(version=2, headline="Zweite Fassung")).outcome == "unchanged"
    assert store_draft(draft(version=3, headline="Andere dritte")).outcome == "unchanged"
    assert Article.objects.get().headline == "Dritte Fassung"


def test_withdrawal_hides_the_article():
    store_draft(draft())
    result = store_draft(draft(version=2, pubstatus="withdrawn"))
    assert result.outcome == "withdrawn"
    article = Article.objects.get()
    assert article.is_withdrawn and not article.is_visible()


def test_canceled_first_sighting_is_stored_hidden():
    assert store_draft(draft(pubstatus="canceled")).outcome == "withdrawn"
    assert not Article.objects.get().is_visible()


def test_embargo_hides_until_its_time():
    later = timezone.now() + timedelta(hours=2)
    store_draft(draft(embargo=later))
    article = Article.objects.get()
    assert not article.is_visible()
    assert article.is_visible(now=later + timedelta(seconds=1))


def test_correction_is_marked():
    store_draft(draft())
    store_draft(draft(version=2, signal="correction"))
    assert Article.objects.get().is_correction


def test_same_text_under_another_guid_is_a_duplicate():
    store_draft(draft())
    result = store_draft(draft(guid="https://example.org/feed/radweg", format="rss"))
    assert result.outcome == "duplicate"
    copy = Article.objects.get(guid="https://example.org/feed/radweg")
    assert copy.duplicate_of.guid == "urn:test:1"


def test_batch_goes_on_after_a_rejected_item():
    results = store_results(
        [
            Rejected("truncated JSON at line 3"),
            draft(guid="urn:test:2"),
            draft(
                guid="urn:test:3",
                headline="Hafen meldet Rekordumschlag",
                teaser="Mehr Container als je zuvor.",
                body="<p>Der Hafen hat so viele Container umgeschlagen wie nie zuvor.</p>",
            ),
        ],
        origin="batch.json",
    )
    assert totals(results) == {
        "new": 2,
        "updated": 0,
        "unchanged": 0,
        "duplicate": 0,
        "withdrawn": 0,
        "rejected": 1,
    }
    assert Rejection.objects.get().reason == "truncated JSON at line 3"


def test_a_failing_item_is_rolled_back_whole(monkeypatch):
    """An error after the article row was written leaves nothing half-written."""
    import meldungen.news.batch as batch
    import meldungen.news.services as services

    def boom(article, enrichment):
        raise ValueError("enrichment exploded")

    # Both run after the article row was written: the batch's and the one-by-one store's.
    monkeypatch.setattr(batch, "enrichment_links", boom)
    monkeypatch.setattr(services, "apply_enrichment", boom)
    results = store_results([draft()], origin="x.json")
    assert results[0].outcome == "rejected"
    assert "enrichment exploded" in results[0].reason
    assert Article.objects.count() == 0
    assert ArticleVersion.objects.count() == 0


def test_an_article_names_the_source_the_operator_named_else_its_own():
    from django.test import Client

    from meldungen.news.models import Source

    inland = Source.objects.create(
        name="tagesschau.de Inland", url="https://www.tagesschau.de/inland/index~rss2.xml"
    )
    bare = Source.objects.create(name="www.zeitung.example", url="https://www.zeitung.example/feed")
    port = Source.objects.create(name="127.0.0.1:8799", url="http://127.0.0.1:8799/p0.html")
    feed_title = "tagesschau.de - die erste Adresse für Nachrichten und Information"
    named = store_draft(draft(guid="g1", source=feed_title, credit=""), inland)
    own = store_draft(
        draft(
            guid="g2", headline="Hafen erweitert seine Kais", source="Zeitung am Abend", credit=""
        ),
        bare,
    )
    host_only = store_draft(
        draft(guid="g3", headline="Zoo zählt mehr Gäste", source="", credit=""), bare
    )
    loose = store_draft(
        draft(guid="g4", headline="Bahn baut Brücke neu", source="Blatt", credit="")
    )
    page = store_draft(
        draft(guid="g5", headline="Rat tagt am Hafen", source="Lokalblatt", credit=""), port
    )
    assert Article.objects.get(pk=page.article_id).source_name == "Lokalblatt"
    names = {
        r.article_id: Article.objects.get(pk=r.article_id).source_name
        for r in (named, own, host_only, loose)
    }
    assert names == {
        named.article_id: "tagesschau.de Inland",
        own.article_id: "Zeitung am Abend",
        host_only.article_id: "www.zeitung.example",
        loose.article_id: "Blatt",
    }
    page = Client().get("/").content.decode()
    assert "tagesschau.de Inland" in page and feed_title not in page
