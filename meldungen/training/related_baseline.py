"""The "Weitere Meldungen" ranking before the learned model (kept to measure against).

Relevance = sum over shared canonical entities of salience x salience x rarity, damped by the
days between the articles; one entry per story; no threshold.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping

from meldungen.stories.related import RelatedItem, _rarity

RECENCY_HALF_LIFE_DAYS = 14.0
RECENCY_FLOOR = 0.3


def entity_score(a: RelatedItem, b: RelatedItem, doc_freq: Mapping[str, int], n_docs: int) -> float:
    shared = sum(
        a.entities[k] * s * _rarity(k, doc_freq, n_docs)
        for k, s in b.entities.items()
        if k in a.entities and s > 0 and a.entities[k] > 0
    )
    days = abs((a.published - b.published).total_seconds()) / 86400.0
    return shared * (RECENCY_FLOOR + (1 - RECENCY_FLOOR) * 0.5 ** (days / RECENCY_HALF_LIFE_DAYS))


def legacy_related(
    article: RelatedItem, candidates: Iterable[RelatedItem], limit: int = 6
) -> list[str]:
    """Ids, best first, as the portal ranked them before (one per story, no threshold)."""
    pool = [c for c in candidates if c.id != article.id]
    doc_freq = Counter(k for c in pool for k in c.entities)
    best: dict[str, tuple[float, RelatedItem]] = {}
    for cand in pool:
        if article.story_id is not None and cand.story_id == article.story_id:
            continue
        score = entity_score(article, cand, doc_freq, len(pool))
        if score <= 0:
            continue
        key = cand.story_id or cand.id
        if key not in best or cand.published > best[key][1].published:
            best[key] = (max(score, best.get(key, (0.0, cand))[0]), cand)
    ranked = sorted(best.values(), key=lambda e: (-e[0], -e[1].published.timestamp(), e[1].id))
    return [c.id for _, c in ranked[:limit]]
