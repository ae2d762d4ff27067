""" "Weitere Meldungen" for an article page: the stories core's learned relatedness ranking
(salient terms, shared canonical entities, place, time; one entry per story; a threshold) over
visible articles, with candidates from the story index and, when it gives too few, the search
index."""

from __future__ import annotations

import logging

from django.db import DatabaseError

from meldungen.news.models import Article
from meldungen.news.stories import related_for as ranked_related

from .queries import visible_articles

SEARCH_CANDIDATES = 50
log = logging.getLogger(__name__)


def search_candidates(terms: list[str]) -> list[int]:
    """Ids the search index finds for an article's salient terms ("more like this")."""
    if not terms:
        return []
    from meldungen.search.service import SearchParams, match_ids

    try:
        _, rows, _ = match_ids(
            SearchParams(q=" OR ".join(terms)), limit=SEARCH_CANDIDATES, count=False
        )
    except (DatabaseError, ValueError) as exc:  # no index yet, or a query it cannot run
        log.warning("related: search candidates for %s failed: %s", terms, exc)
        return []
    return [int(pk) for pk, _ in rows]


def related_for(article: Article, limit: int | None = None) -> list[Article]:
    """Related articles, best first; each carries ``shared_tags`` (entity names, or the shared
    theme terms) saying why."""
    out = []
    for item, shared in ranked_related(
        article, visible_articles(), limit=limit, search=search_candidates
    ):
        item.shared_tags = shared
        out.append(item)
    return out
