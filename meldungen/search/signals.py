"""Index an article when it is saved. (Which cached pages change is meldungen.web.signals.)"""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from meldungen.news.models import Article
from meldungen.news.signals import articles_stored

from .indexing import index_article, index_articles, remove_article


@receiver(post_save, sender=Article, dispatch_uid="search_index_article")
def _article_saved(sender, instance: Article, raw: bool = False, **kwargs) -> None:
    if raw:  # loaddata: the index is rebuilt separately
        return
    index_article(instance)


@receiver(post_delete, sender=Article, dispatch_uid="search_remove_article")
def _article_deleted(sender, instance: Article, **kwargs) -> None:
    remove_article(instance.pk)


@receiver(articles_stored, dispatch_uid="search_index_batch")
def _batch_stored(sender, article_ids, **kwargs) -> None:
    """A batch of ingest: its articles are indexed together, in its transaction."""
    fields = ("id", "kicker", "headline", "teaser", "body", "keywords")
    ids = list(article_ids)
    for start in range(0, len(ids), 500):
        index_articles(Article.objects.filter(pk__in=ids[start : start + 500]).only(*fields))
