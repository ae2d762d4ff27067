""" "Weitere Meldungen" for an article page: the stories core's ranking (shared canonical
entities weighted by salience and rarity, one entry per story, recency), over visible articles."""

from __future__ import annotations

from meldungen.news.models import Article
from meldungen.news.stories import related_for as ranked_related

from .queries import visible_articles


def related_for(article: Article, limit: int | None = None) -> list[Article]:
    """Related articles, best first; each carries ``shared_tags`` (entity names) saying why."""
    out = []
    for item, shared in ranked_related(article, visible_articles(), limit=limit):
        item.shared_tags = shared
        out.append(item)
    return out
