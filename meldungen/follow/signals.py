"""After an article's transaction commits: alerts for its followers and a note to the WebSub
hub (both in the background). After a source was polled: WebSub discovery and lease renewal."""

from __future__ import annotations

import logging

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from meldungen.news.models import Article
from meldungen.news.signals import articles_stored, source_fetched

log = logging.getLogger("meldungen.follow")


def _after_commit(article_id: int) -> None:
    from . import websub
    from .tasks import process_article_task

    try:
        process_article_task.enqueue(article_id)
    except Exception as exc:  # the store has committed; alerts must never undo or fail it
        log.warning("article %s: alerts not queued: %s", article_id, exc)
    try:
        websub.schedule_publish(article_id)
    except Exception as exc:
        log.warning("article %s: hub not notified: %s", article_id, exc)


@receiver(post_save, sender=Article, dispatch_uid="follow_article_saved")
def _article_saved(sender, instance: Article, raw: bool = False, **kwargs) -> None:
    if raw:
        return
    conn = transaction.get_connection()
    # Saved twice in one transaction: one run after the commit. The set lives on the outermost
    # atomic block, so it goes away with a transaction that rolls back.
    outer = conn.atomic_blocks[0] if conn.atomic_blocks else None
    pending = outer.__dict__.setdefault("_meldungen_follow", set()) if outer else set()
    if instance.pk in pending:
        return
    pending.add(instance.pk)

    def run(article_id: int = instance.pk) -> None:
        pending.discard(article_id)
        _after_commit(article_id)

    transaction.on_commit(run, robust=True)


@receiver(articles_stored, dispatch_uid="follow_batch_stored")
def _batch_stored(sender, article_ids, **kwargs) -> None:
    """A batch of ingest: alerts and the hub once for all its articles, after the commit."""
    ids = list(article_ids)

    def run() -> None:
        from . import websub
        from .tasks import process_articles_task

        try:
            process_articles_task.enqueue(ids)
        except Exception as exc:  # the store has committed; alerts must never undo or fail it
            log.warning("%d articles: alerts not queued: %s", len(ids), exc)
        try:
            websub.schedule_publish_many(ids)
        except Exception as exc:
            log.warning("%d articles: hub not notified: %s", len(ids), exc)

    transaction.on_commit(run, robust=True)


@receiver(source_fetched, dispatch_uid="follow_source_fetched")
def _source_fetched(sender, source, result, **kwargs) -> None:
    from .websub import on_source_fetched

    on_source_fetched(source, result)
