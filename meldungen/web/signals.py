"""Bump the page cache's tags when what a page shows changes (see meldungen.web.pagecache).

An article's tags are read before it is saved (what it was: Ressort, story, source, topics) and
again after the transaction commits (what it is now, after enrichment and story assignment), so
both the pages it leaves and the pages it joins change.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from meldungen.news.models import Article, ArticleEntity, Entity, Source
from meldungen.news.signals import articles_changing, articles_stored, content_changed

from . import pagecache
from .contentversion import bump_content_version


def _after_commit(article_id: int, before: set[str]) -> None:
    def bump() -> None:
        pagecache.bump(before | pagecache.article_tags(article_id))

    transaction.on_commit(bump)


@receiver(pre_save, sender=Article, dispatch_uid="pagecache_article_before")
def _article_before(sender, instance: Article, raw: bool = False, **kwargs) -> None:
    if raw or instance.pk is None:
        return
    instance._pagecache_before = pagecache.article_tags(instance.pk)


@receiver(post_save, sender=Article, dispatch_uid="pagecache_article_saved")
def _article_saved(sender, instance: Article, raw: bool = False, **kwargs) -> None:
    if not raw:
        _after_commit(instance.pk, getattr(instance, "_pagecache_before", set()))


@receiver(articles_changing, dispatch_uid="pagecache_batch_before")
def _batch_before(sender, article_ids, state: dict, **kwargs) -> None:
    state["pagecache_before"] = pagecache.articles_tags(article_ids)


@receiver(articles_stored, dispatch_uid="pagecache_batch_stored")
def _batch_stored(sender, article_ids, state: dict, **kwargs) -> None:
    before, ids = set(state.get("pagecache_before", ())), list(article_ids)
    # No page can show what this batch created (articles, their new stories, new topics): a
    # page rendered before the commit carries none of their tags, so they need no bump.
    created = pagecache.created_tags(*state.get("created", ((), ())))

    def bump() -> None:
        pagecache.bump((before | pagecache.articles_tags(ids)) - created)

    transaction.on_commit(bump)


@receiver(post_delete, sender=Article, dispatch_uid="pagecache_article_deleted")
def _article_deleted(sender, instance: Article, **kwargs) -> None:
    pagecache.bump_on_commit({"all"})  # rare (the admin); lists of every kind may show it


@receiver(post_save, sender=ArticleEntity, dispatch_uid="pagecache_link_saved")
@receiver(post_delete, sender=ArticleEntity, dispatch_uid="pagecache_link_deleted")
def _link_changed(sender, instance: ArticleEntity, raw: bool = False, **kwargs) -> None:
    if not raw:
        _after_commit(instance.article_id, {f"topic:{instance.entity.slug}"})


@receiver(post_save, sender=Entity, dispatch_uid="pagecache_entity_saved")
@receiver(post_delete, sender=Entity, dispatch_uid="pagecache_entity_deleted")
def _entity_changed(sender, instance: Entity, raw: bool = False, created: bool = False, **kw):
    # A renamed or blocked entity shows on its topic page and on every article's tag line, and
    # changes "Weitere Meldungen" (the content version makes every stored list compute again).
    if not raw and not created:
        bump_content_version()
        pagecache.bump_on_commit({f"topic:{instance.slug}", "all"})


@receiver(post_save, sender=Source, dispatch_uid="pagecache_source_saved")
def _source_saved(sender, instance: Source, raw: bool = False, **kwargs) -> None:
    if not raw:  # polling saves its state here: only the source's own page shows it
        pagecache.bump_on_commit({f"source:{instance.pk}"})


@receiver(content_changed, dispatch_uid="content_version_bump")
def _content_changed(sender, **kwargs) -> None:
    # an editor's bulk action or a re-enrichment of the archive (meldungen.news.signals)
    bump_content_version()
