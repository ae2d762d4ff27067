""" "Weitere Meldungen" for an article page. One function, so a later ranking can replace it."""

from __future__ import annotations

from django.conf import settings

from meldungen.news.models import Article, ArticleEntity

from .queries import visible_articles


def related_for(article: Article, limit: int | None = None) -> list[Article]:
    """The newest other visible articles sharing a tag with ``article``.

    Tags are the article's shown entities (``is_tag``, not blocked); copies of the article
    (``duplicate_of``) are left out as well as the article itself.
    """
    limit = limit if limit is not None else settings.MELDUNGEN["RELATED_LIMIT"]
    entity_ids = list(
        ArticleEntity.objects.filter(
            article=article, is_tag=True, entity__blocked=False
        ).values_list("entity_id", flat=True)
    )
    if not entity_ids or limit <= 0:
        return []
    sharing = ArticleEntity.objects.filter(entity_id__in=entity_ids).values("article_id")
    return list(
        visible_articles()
        .filter(pk__in=sharing)
        .exclude(pk=article.pk)
        .exclude(duplicate_of=article)[:limit]
    )
