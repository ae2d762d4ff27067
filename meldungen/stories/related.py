"""Related news ("Weitere Meldungen"): one entry per story, each saying why it is related.

Relevance of a candidate = sum over shared canonical entities of
    salience in the article * salience in the candidate * rarity (IDF of the entity),
damped by the time between the two articles. Candidates from the article's own story (that is
the story page's job), the article itself and its copies are left out; of every other story only
one report is shown: the newest full report (teasers only when the story has nothing else).
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime

RECENCY_HALF_LIFE_DAYS = 14.0  # relevance halves for every two weeks between the articles
RECENCY_FLOOR = 0.3  # old but strongly related news still ranks
TEASER_CHARS = 400  # shorter texts are teasers: shown only if their story has nothing fuller


@dataclass(frozen=True)
class RelatedItem:
    """An article as the ranking sees it (the shell builds these from its models)."""

    id: str
    published: datetime
    entities: Mapping[str, float] = field(default_factory=dict)  # canonical key -> salience 0..1
    story_id: str | None = None
    copy_of: str | None = None
    text_length: int = 0  # characters of body text, to prefer full reports over teasers


@dataclass(frozen=True)
class Related:
    article_id: str
    score: float
    shared_tags: tuple[str, ...]  # canonical entity keys shared with the article, strongest first


def _rarity(key: str, doc_freq: Mapping[str, int] | None, n_docs: int) -> float:
    df = doc_freq.get(key, 0) if doc_freq is not None else 0
    return math.log((n_docs + 1.0) / (df + 0.5)) + 1.0


def related_articles(
    article: RelatedItem,
    candidates: Iterable[RelatedItem],
    limit: int = 6,
    doc_freq: Mapping[str, int] | None = None,
    n_docs: int | None = None,
) -> list[Related]:
    """Rank ``candidates`` as related news for ``article``: at most ``limit`` entries, one per
    story, best first. ``doc_freq``/``n_docs`` give how many articles carry each entity (the
    rarity weight); without them, frequencies are counted over the candidates."""
    pool = [c for c in candidates if c.id != article.id]
    if doc_freq is None:
        doc_freq = Counter(k for c in pool for k in c.entities)
        n_docs = len(pool)
    n_docs = n_docs if n_docs is not None else len(pool)

    own_copies = {article.id, article.copy_of} - {None}
    groups: dict[str, list[tuple[RelatedItem, float, tuple[str, ...]]]] = defaultdict(list)
    for cand in pool:
        if article.story_id is not None and cand.story_id == article.story_id:
            continue
        if cand.copy_of in own_copies or cand.id in own_copies:
            continue
        weights = {
            k: article.entities[k] * s * _rarity(k, doc_freq, n_docs)
            for k, s in cand.entities.items()
            if k in article.entities and s > 0 and article.entities[k] > 0
        }
        if not weights:
            continue
        days = abs((article.published - cand.published).total_seconds()) / 86400.0
        recency = RECENCY_FLOOR + (1 - RECENCY_FLOOR) * 0.5 ** (days / RECENCY_HALF_LIFE_DAYS)
        score = sum(weights.values()) * recency
        tags = tuple(sorted(weights, key=lambda k: (-weights[k], k)))
        # one entry per story; an article without a story groups with its copies
        key = cand.story_id or f"article:{cand.copy_of or cand.id}"
        groups[key].append((cand, score, tags))

    entries = []
    for members in groups.values():
        full = [m for m in members if m[0].text_length >= TEASER_CHARS] or members
        cand, score, tags = max(full, key=lambda m: (m[0].published, m[0].text_length, m[0].id))
        best = max(m[1] for m in members)  # the story's relevance, shown by its newest report
        entries.append((best, cand.published, Related(cand.id, round(best, 4), tags)))
    entries.sort(key=lambda e: (-e[0], -e[1].timestamp(), e[2].article_id))
    return [e[2] for e in entries[: max(0, limit)]]
