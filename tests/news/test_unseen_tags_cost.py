"""Topics without news (news.visibility.unseen_tags): asked once per topic, not once per hidden
tag link, so an archive where most items are copies of a few originals stays fast (the
crawl of such a portal waited 17 s for /api/tags and the topic sitemap)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.db import connection

from meldungen.news.models import Article, ArticleEntity, Entity
from meldungen.news.visibility import unseen_tags

pytestmark = pytest.mark.django_db

COPIES = 300


def article(n: int, original: Article | None = None, **extra) -> Article:
    return Article(
        guid=f"urn:test:copy-{n}",
        format="digitalwires",
        headline=f"Hafen Kiel meldet Rekord {n}",
        published=datetime(2026, 1, 5, 9, 0, tzinfo=UTC),
        content_hash=f"{n:064d}",
        language="de",
        duplicate_of=original,
        **extra,
    )


def archive() -> tuple[Entity, Entity]:
    """A topic with one original and COPIES hidden copies, one with hidden copies only."""
    seen, unseen = (
        Entity.objects.create(key=f"kw:{s}", name=n, display=n, type="KW", slug=s)
        for s, n in (("hafen", "Hafen"), ("werft", "Werft"))
    )
    original = article(0)
    original.save()
    copies = Article.objects.bulk_create(
        [article(n, original) for n in range(1, COPIES + 1)]
        + [article(n, pubstatus="withdrawn") for n in range(COPIES + 1, 2 * COPIES + 1)]
    )
    links = [ArticleEntity(article=original, entity=seen, is_tag=True)]
    links += [ArticleEntity(article=a, entity=seen, is_tag=True) for a in copies[:COPIES]]
    links += [ArticleEntity(article=a, entity=unseen, is_tag=True) for a in copies[COPIES:]]
    ArticleEntity.objects.bulk_create(links)
    return seen, unseen


def test_topics_without_news_are_found():
    seen, unseen = archive()
    assert list(Entity.objects.filter(pk__in=unseen_tags())) == [unseen]
    assert list(Entity.objects.exclude(pk__in=unseen_tags())) == [seen]


@pytest.mark.skipif(connection.vendor != "sqlite", reason="counts SQLite VM steps")
def test_hidden_copies_cost_about_their_number_of_rows():
    archive()
    steps = 0

    def count() -> int:
        nonlocal steps
        steps += 1
        return 0

    connection.ensure_connection()
    connection.connection.set_progress_handler(count, 1000)
    try:
        list(unseen_tags())
    finally:
        connection.connection.set_progress_handler(None, 1000)
    # about 2 * COPIES hidden links read a few times: some ten thousand VM steps, not one
    # check of every topic link per hidden link (2 * COPIES * COPIES rows)
    assert steps * 1000 < 100 * 2 * COPIES, steps
