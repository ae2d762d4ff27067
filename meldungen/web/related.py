""" "Weitere Meldungen" for an article page: the stories core's learned relatedness ranking
(salient terms, shared canonical entities, place, time; one entry per story; a threshold) over
visible articles, with candidates from the story index and the search index."""

from __future__ import annotations

import logging

from django.db import DatabaseError

from meldungen.news.models import Article
from meldungen.news.related import salient_terms
from meldungen.news.stories import related_for as ranked_related

from .queries import visible_articles

SEARCH_CANDIDATES = 50
log = logging.getLogger(__name__)


def search_candidates(article: Article) -> list[int]:
    """Ids the search index finds for the article's salient terms ("more like this")."""
    terms = salient_terms(article)
    if not terms:
        return []
    from meldungen.search.service import SearchParams, match_ids

    try:
        _, rows, _ = match_ids(
            SearchParams(q=" OR ".join(terms)), limit=SEARCH_CANDIDATES, count=False
        )
    except (DatabaseError, ValueError) as exc:  # no index yet, or a query it cannot run
        log.warning("related: search candidates for %s failed: %s", article.pk, exc)
        return []
    return [int(pk) for pk, _ in rows]


def related_for(article: Article, limit: int | None = None) -> list[Article]:
    """Related articles, best first; each carries ``shared_tags`` (entity names, or the shared
    theme terms) saying why."""
    out = []
    extra = search_candidates(article)
    for item, shared in ranked_related(article, visible_articles(), limit=limit, extra_ids=extra):
        item.shared_tags = shared
        out.append(item)
    return out
