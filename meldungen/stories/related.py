"""Related news ("Weitere Meldungen"): one entry per story, each saying why it is related.

Relevance of a candidate = P(related) under the learned relatedness model (``relatedness.py``):
salient terms with compounds split, shared canonical entities (salience x rarity), shared place,
days apart. Candidates below the model's threshold are not shown, so an article without good
neighbours gets a shorter list rather than unrelated news. Candidates from the article's own
story (that is the story page's job), the article itself and its copies are left out; of every
other story only one report is shown: the newest full report (teasers only when the story has
nothing else). Reports much older than the article only fill the list when too few newer ones
are related.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from meldungen.stories.cluster import TOP_TERM_KEYS
from meldungen.stories.relatedness import (
    Profile,
    RelatednessModel,
    default_model,
    expanded,
    pair_features,
    salient,
    shared_theme,
)

TEASER_CHARS = 400  # shorter texts are teasers: shown only if their story has nothing fuller
OLDER_GRACE = timedelta(days=2)  # reports older than this before the article only fill the list
MAX_SCORED = 80  # candidates scored in full, the best by a cheap first look (shared terms/names)
KEY_SHORTLIST = 40  # candidates kept by shared topical keys before any vector is read


@dataclass(frozen=True)
class RelatedItem:
    """An article as the ranking sees it (the shell builds these from its models)."""

    id: str
    published: datetime
    entities: Mapping[str, float] = field(default_factory=dict)  # canonical key -> salience 0..1
    story_id: str | None = None
    copy_of: str | None = None
    text_length: int = 0  # characters of body text, to prefer full reports over teasers
    terms: Mapping[str, float] = field(default_factory=dict)  # lemma TF-IDF vector (story index)
    title_terms: Mapping[str, float] = field(default_factory=dict)
    places: frozenset[str] = frozenset()  # entity keys that are places

    def profile(self) -> Profile:
        return Profile(
            id=self.id, published=self.published, terms=self.terms, title_terms=self.title_terms,
            entities=self.entities, places=self.places, story_id=self.story_id,
            copy_of=self.copy_of, text_length=self.text_length,
        )  # fmt: skip


@dataclass(frozen=True)
class Related:
    article_id: str
    score: float  # P(related), 0..1
    shared_tags: tuple[str, ...]  # canonical entity keys shared with the article, strongest first
    shared_terms: tuple[str, ...] = ()  # the shared theme (terms as written), when no tag is


def _rarity(key: str, doc_freq: Mapping[str, int] | None, n_docs: int) -> float:
    df = doc_freq.get(key, 0) if doc_freq is not None else 0
    return math.log((n_docs + 1.0) / (df + 0.5)) + 1.0


def shortlist(
    article: RelatedItem, pool: list[RelatedItem], n: int = MAX_SCORED
) -> list[RelatedItem]:
    """The ``n`` candidates that look most related at a glance (shared heavy terms, shared
    names), to be scored in full; all of them when there are no more than ``n``."""
    if len(pool) <= n:
        return pool
    first = salient(article.terms, 30)

    def glance(c: RelatedItem) -> float:
        shared = sum(w * c.terms.get(t, 0.0) for t, w in first.items())
        return shared + 0.1 * len(article.entities.keys() & c.entities.keys())

    return sorted(pool, key=lambda c: (-glance(c), c.id))[:n]


def topical_keys(entities: Iterable[str], terms: Mapping[str, float]) -> set[str]:
    """An article's topical keys as the story index holds them: ``e:`` + each canonical entity,
    ``t:`` + each of its ``TOP_TERM_KEYS`` heaviest lemmas."""
    top = sorted(terms, key=lambda t: (-terms[t], t))[:TOP_TERM_KEYS]
    return {f"e:{k}" for k in entities} | {f"t:{t}" for t in top}


def by_shared_keys(shared: Mapping[Hashable, int], newest: Mapping[Hashable, Any]) -> list:
    """Candidate ids, those sharing the most topical keys with the article first (``shared``:
    id -> count), the newer first on a tie (``newest``: id -> anything that orders by time):
    the first cut, made from index rows alone, so that only the first ``KEY_SHORTLIST`` of
    them need their vectors read and scored."""
    ids = sorted(shared)
    ids.sort(key=lambda i: newest[i], reverse=True)  # stable: ties keep the id order
    ids.sort(key=lambda i: shared[i], reverse=True)
    return ids


def related_articles(
    article: RelatedItem,
    candidates: Iterable[RelatedItem],
    limit: int = 6,
    doc_freq: Mapping[str, int] | None = None,
    n_docs: int | None = None,
    model: RelatednessModel | None = None,
) -> list[Related]:
    """Rank ``candidates`` as related news for ``article``: at most ``limit`` entries, one per
    story, best first, none below the model's threshold. ``doc_freq``/``n_docs`` give how many
    articles carry each entity (the rarity weight); without them, they are counted over the
    candidates."""
    model = model or default_model()
    pool = [c for c in candidates if c.id != article.id]
    if doc_freq is None:
        doc_freq = Counter(k for c in pool for k in c.entities)
        n_docs = len(pool)
    n_docs = n_docs if n_docs is not None else len(pool)

    def rarity(key: str) -> float:
        return _rarity(key, doc_freq, n_docs)

    me = article.profile()
    mine = expanded(me.terms)
    mine_salient = salient(mine)
    own_copies = {article.id, article.copy_of} - {None}
    groups: dict[str, list[tuple[RelatedItem, float, tuple[str, ...], tuple[str, ...]]]]
    groups = defaultdict(list)
    pool = [
        c
        for c in pool
        if not (article.story_id is not None and c.story_id == article.story_id)
        and c.copy_of not in own_copies
        and c.id not in own_copies
    ]
    pool = shortlist(article, pool)
    for cand in pool:
        theirs = cand.profile()
        eb = expanded(cand.terms)
        feats = pair_features(me, theirs, rarity, mine, eb, mine_salient)
        prob = model.probability(feats, bool(mine and cand.terms))
        if prob < model.threshold:
            continue
        weights = {
            k: article.entities[k] * s * rarity(k)
            for k, s in cand.entities.items()
            if k in article.entities and s > 0 and article.entities[k] > 0
        }
        tags = tuple(sorted(weights, key=lambda k: (-weights[k], k)))
        theme = () if tags else shared_theme(mine, eb, words=me.terms.keys() | cand.terms.keys())
        # one entry per story; an article without a story groups with its copies
        key = cand.story_id or f"article:{cand.copy_of or cand.id}"
        groups[key].append((cand, prob, tags, theme))

    entries = []
    for members in groups.values():
        full = [m for m in members if m[0].text_length >= TEASER_CHARS] or members
        cand, _, tags, theme = max(full, key=lambda m: (m[0].published, m[0].text_length, m[0].id))
        best = max(m[1] for m in members)  # the story's relevance, shown by its newest report
        entries.append((best, cand.published, Related(cand.id, round(best, 4), tags, theme)))
    entries.sort(key=lambda e: (-e[0], -e[1].timestamp(), e[2].article_id))
    limit = max(0, limit)
    newer = [e[2] for e in entries if e[1] >= article.published - OLDER_GRACE]
    older = [e[2] for e in entries if e[1] < article.published - OLDER_GRACE]
    return (newer + older)[:limit]
