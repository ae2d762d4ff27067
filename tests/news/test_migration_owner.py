"""Migration 0004: the unique guid becomes unique (owner, guid); existing rows get owners."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.db]

BEFORE = [("news", "0006_topic_slugs")]
AFTER = [("news", "0007_article_owner")]


def _migrate(target):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(target)
    return executor.loader.project_state(target).apps


def test_existing_rows_get_their_owner_and_guids_may_repeat_across_owners():
    apps = _migrate(BEFORE)
    try:
        Source = apps.get_model("news", "Source")
        Article = apps.get_model("news", "Article")
        feed = Source.objects.create(name="Feed", url="https://feed.example/rss")
        when = datetime(2025, 1, 1, tzinfo=UTC)
        common = dict(format="rss", headline="h", published=when, content_hash="x")
        from_feed = Article.objects.create(guid="g1", source=feed, **common).pk
        from_file = Article.objects.create(guid="g2", **common).pk

        apps = _migrate(AFTER)
        Article = apps.get_model("news", "Article")
        assert Article.objects.get(pk=from_feed).owner == f"source:{feed.pk}"
        assert Article.objects.get(pk=from_file).owner == "legacy"
        Article.objects.create(guid="g1", owner="source:999", **common)  # another owner: fine
        with pytest.raises(IntegrityError), transaction.atomic():
            Article.objects.create(guid="g1", owner=f"source:{feed.pk}", **common)
    finally:
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
