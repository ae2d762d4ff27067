"""Rows stored before the storage boundary refused times near year 1 or 9999 (or written
straight into the database): `meldungen repair_dates`, and migration 0014 on upgrade, move
them into range, and every page that showed them answers again (runs on both: db marker)."""

from __future__ import annotations

import importlib
from datetime import UTC, datetime

import pytest
from django.apps import apps
from django.core.management import call_command
from django.test import Client

from meldungen.ingest import bounds
from meldungen.ingest.draft import ArticleDraft
from meldungen.news.models import Article, Story, StoryArticle, StoryKey
from meldungen.news.services import store_draft

pytestmark = [pytest.mark.django_db, pytest.mark.db]

FAR = [
    datetime(9999, 12, 31, 23, 59, 59, tzinfo=UTC),
    datetime(1, 1, 1, tzinfo=UTC),
    datetime(1, 1, 2, 12, 0, tzinfo=UTC),
]


def _store(guid: str, headline: str, body: str, day: int) -> int:
    result = store_draft(
        ArticleDraft(
            guid=guid,
            headline=headline,
            format="ninjs",
            body=f"<p>{body}</p>",
            published=datetime(2026, 1, day, 9, 0, tzinfo=UTC),
        )
    )
    assert result.outcome == "new", result
    return result.article_id


def _legacy_row(when: datetime) -> Article:
    """An article and its story as code before the boundary stored them with ``when``."""
    _store(
        "urn:test:fern-gut",
        "Hafen Kiel meldet Rekordumschlag",
        "Der Kieler Hafen hat im vergangenen Jahr mehr Güter umgeschlagen als je zuvor.",
        5,
    )
    pk = _store(
        "urn:test:fern-alt",
        "Bürgermeister von Kiel eröffnet Brücke",
        "Die neue Brücke über die Förde in Kiel ist für Radfahrer und Fußgänger frei.",
        4,
    )
    Article.objects.filter(pk=pk).update(published=when, updated=when)
    article = Article.objects.get(pk=pk)
    StoryArticle.objects.filter(article_id=pk).update(published=when)
    StoryKey.objects.filter(article_id=pk).update(published=when)
    Story.objects.filter(pk=article.story_id).update(first_published=when, last_published=when)
    return article


def _pages(article: Article) -> list[str]:
    return [
        "/",
        f"/artikel/{article.pk}/",
        "/suche?q=Kiel",
        "/suche?q=Kiel&sort=date",
        "/sitemap.xml",
        "/sitemap-news.xml",
        "/sitemap-artikel.xml",
        "/rss.xml",
        "/atom.xml",
        f"/story/{article.story_id}/",
        f"/story/{article.story_id}/rss.xml",
        "/thema/kiel/",
        "/thema/kiel/atom.xml",
        f"/ressort/{article.ressort or 'politik'}/",
        "/api/articles",
        f"/api/articles/{article.pk}",
        "/api/stories",
    ]


def _failing(article: Article) -> dict[str, int]:
    client = Client(raise_request_exception=False)
    answers = {url: client.get(url).status_code for url in _pages(article)}
    return {url: status for url, status in answers.items() if status >= 500}


@pytest.mark.parametrize("when", FAR, ids=["9999-12-31", "0001-01-01", "0001-01-02"])
def test_repair_dates_lets_every_page_answer_again(when, capsys):
    article = _legacy_row(when)
    assert _failing(article), "the legacy row no longer breaks a page: test set-up is stale"

    call_command("repair_dates", "--dry-run")
    assert "news.article.published: 1 would change" in capsys.readouterr().out
    assert Article.objects.get(pk=article.pk).published == when  # a dry run changes nothing

    call_command("repair_dates")
    out = capsys.readouterr().out
    assert "news.article.published: 1 changed" in out
    assert "news.story.last_published: 1 changed" in out
    assert "repaired=0" not in out

    repaired = Article.objects.get(pk=article.pk)
    nearest = bounds.DATE_MAX if when.year == 9999 else bounds.DATE_MIN
    assert repaired.published == nearest
    assert repaired.updated is None  # dropped, as the boundary drops it
    assert StoryArticle.objects.get(article_id=article.pk).published == nearest
    assert _failing(article) == {}

    call_command("repair_dates")
    assert capsys.readouterr().out.strip() == "repaired=0"


def test_an_embargo_out_of_range_stays_held_back():
    article = _legacy_row(FAR[0])
    Article.objects.filter(pk=article.pk).update(embargo=FAR[1])
    call_command("repair_dates")
    assert Article.objects.get(pk=article.pk).embargo == bounds.DATE_MAX  # as the boundary


def test_the_upgrade_migration_repairs_the_same_rows():
    article = _legacy_row(FAR[0])
    migration = importlib.import_module("meldungen.news.migrations.0014_repair_far_dates")
    migration.repair(apps, None)
    assert Article.objects.get(pk=article.pk).published == bounds.DATE_MAX
    assert Story.objects.get(pk=article.story_id).last_published == bounds.DATE_MAX
