"""Index an article when it is saved, and bump the content version on every change."""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from meldungen.news.models import Article, ArticleEntity, Entity, Source

from .indexing import index_article, remove_article
from .models import bump_content_version


@receiver(post_save, sender=Article, dispatch_uid="search_index_article")
def _article_saved(sender, instance: Article, raw: bool = False, **kwargs) -> None:
    if raw:  # loaddata: the index is rebuilt separately
        return
    index_article(instance)
    bump_content_version()


@receiver(post_delete, sender=Article, dispatch_uid="search_remove_article")
def _article_deleted(sender, instance: Article, **kwargs) -> None:
    remove_article(instance.pk)
    bump_content_version()


def _changed(sender, raw: bool = False, **kwargs) -> None:
    if not raw:
        bump_content_version()


for _model in (Entity, Source, ArticleEntity):
    post_save.connect(_changed, sender=_model, dispatch_uid=f"content_version_{_model.__name__}")
for _model in (Entity, Source):
    post_delete.connect(_changed, sender=_model, dispatch_uid=f"content_version_d{_model.__name__}")
