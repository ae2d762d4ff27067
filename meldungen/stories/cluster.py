"""Online story clustering in arrival order (after Miranda et al., EMNLP 2018).

Each story keeps centroids of its members' TF-IDF vectors (body+headline, headline alone) and
entity saliences, plus its time span. A new article is scored only against the stories of
candidate articles from the index (shared LSH bands, shared entities or top lemmas inside a time
window), never against the whole archive. The score is a logistic combination of the cosines,
the entity overlap and the time distance; the article joins the best story above ``JOIN_SCORE``
or starts its own. Near-duplicates always join their original's story and are marked copy_of; an
article that contains an earlier short item (a teaser it announces) joins that item's story, and
a report with the same headline from the same source within ``HEADLINE_WINDOW`` (an agency's
second text of one story, e.g. under another Ressort with another teaser) joins that report's.
"""

from __future__ import annotations

import hashlib
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from meldungen.stories.dedup import Signature, band_keys, copy_direction, signature
from meldungen.stories.index import ArticleRecord, StoryIndex, StoryRecord
from meldungen.stories.similarity import (
    Vector,
    cosine,
    idf,
    name_keys,
    norm,
    term_counts,
    tfidf_vector,
)
from meldungen.text import content_lemmas

WINDOW = timedelta(days=3)  # stories not updated for this long age out (copies still join)
TOP_TERM_KEYS = 8  # top lemmas used as topical index keys
MAX_CENTROID_TERMS = 200
NAME_ENTITIES = 6  # stand-in entities (rare capitalised words) when an article has none
MIN_BODY_WORDS = 4  # shorter bodies are signed together with their headline
MIN_COPY_COSINE = 0.15  # a copy or teaser must also share topic words, not only a disclaimer
HEADLINE_WINDOW = timedelta(hours=12)  # same source, same headline, this close: one story
MIN_HEADLINE_WORDS = 4  # shorter headlines ("Wetter", "Die Lage am Morgen") recur every day
_NON_WORD = re.compile(r"[\W_]+")

# Logistic score weights, hand-set and checked on generated dev streams (bench/story_stream.py).
W_BIAS = -4.0
W_TEXT = 7.0  # cosine of article vs story centroid (body + weighted headline)
W_TITLE = 3.5  # cosine of headline vs the story's headlines
W_ENTITY = 0.5  # entity overlap (only when both sides have entities): a tie-breaker, since
# reports on different events share their protagonists (Trump, Putin) as much as copies do
W_NAME = 1.0  # the same for stand-in entities (rare capitalised words), which are noisier
W_DAYS = -0.7  # per day between the article and the story's nearest edge
JOIN_SCORE = 0.5


@dataclass(frozen=True)
class Article:
    """The clustering's input: one article, as plain data."""

    id: str
    title: str
    text: str
    published: datetime  # timezone-aware
    entities: Mapping[str, float] = field(default_factory=dict)  # canonical key -> salience 0..1
    source: str = ""


@dataclass(frozen=True)
class Assignment:
    story_id: str
    copy_of: str | None  # id of the original when this article is a near-duplicate
    score: float  # join score (1.0 for copies, 0.0 for a new story)
    is_new_story: bool


def story_score(
    vector: Vector,
    title_vector: Vector,
    entities: Mapping[str, float],
    published: datetime,
    story: StoryRecord,
    norms: tuple[float, float, float] | None = None,
) -> float:
    """Probability-like score (0..1) that the article belongs to ``story``. ``norms``: the
    ``norm`` of vector, title vector and entities, when the caller scores them many times."""
    na, nt, ne = norms if norms is not None else (None, None, None)
    sn, st, se = story.norms
    z = W_BIAS + W_TEXT * cosine(vector, story.centroid, na, sn)
    z += W_TITLE * cosine(title_vector, story.title_centroid, nt, st)
    if entities and story.entities:
        w = W_NAME if next(iter(entities)).startswith("n:") else W_ENTITY
        z += w * cosine(entities, story.entities, ne, se)  # entity_overlap
    if published < story.first_published:
        gap = story.first_published - published
    elif published > story.last_published:
        gap = published - story.last_published
    else:
        gap = timedelta(0)
    z += W_DAYS * gap.total_seconds() / 86400.0
    return _logistic(z)


def _logistic(z: float) -> float:
    """1 / (1 + e^-z) without overflow: a story years away gives z in the thousands."""
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(max(z, -700.0))
    return e / (1.0 + e)


def _name_entities(article: Article, df: Mapping[str, int], n_docs: int) -> dict[str, float]:
    """Stand-in entities for articles that come without any: rare capitalised words."""
    names = name_keys(f"{article.title}. {article.text}")
    weights = {k: c * idf(k, df.get(k, 0), n_docs) for k, c in names.items()}
    top = sorted(weights, key=lambda k: (-weights[k], k))[:NAME_ENTITIES]
    if not top:
        return {}
    best = weights[top[0]]
    return {f"n:{k}": round(weights[k] / best, 4) for k in top}


def _entities(article: Article, df: Mapping[str, int], n_docs: int) -> dict[str, float]:
    """The article's entities, or stand-ins (``_name_entities``) when it has none."""
    entities = {k: float(v) for k, v in article.entities.items()}
    if not entities and NAME_ENTITIES:
        entities = _name_entities(article, df, n_docs)
    return entities


def _topic_keys(vector: Mapping[str, float], entities: Mapping[str, float]) -> list[str]:
    """The topical index keys of an article: its entities and its heaviest terms."""
    top_terms = sorted(vector, key=lambda t: (-vector[t], t))[:TOP_TERM_KEYS]
    return [f"e:{k}" for k in entities] + [f"t:{t}" for t in top_terms]


def _add_into(target: dict[str, float], vec: Mapping[str, float], limit: int) -> dict[str, float]:
    out = dict(target)
    for t, w in vec.items():
        out[t] = out.get(t, 0.0) + w
    if len(out) > limit:
        out = dict(sorted(out.items(), key=lambda kv: (-kv[1], kv[0]))[:limit])
    return out


def headline_key(source: str, title: str) -> str | None:
    """Index key of a (source, normalised headline) pair, or None when either says too little.

    Normalised: Unicode NFKC, case-folded, punctuation and spacing dropped, so "Deal mit
    Putin." and "Deal mit Putin" are one headline. Without a source there is no key: two
    providers may well share a short headline for different events.
    """
    source = " ".join(source.casefold().split())
    words = _NON_WORD.sub(" ", unicodedata.normalize("NFKC", title).casefold()).split()
    if not source or len(words) < MIN_HEADLINE_WORDS:
        return None
    digest = hashlib.sha1(f"{source}|{' '.join(words)}".encode()).hexdigest()[:24]
    return f"h:{digest}"


def signed_terms(article: Article) -> tuple[Signature, Counter[str]]:
    """The MinHash signature and term counts ``StoryClusterer.add`` computes for ``article``
    (memoised on its text): a batch can read its band candidates and document frequencies
    ahead with them."""
    body = article.text
    if len(body.split()) < MIN_BODY_WORDS:
        body = f"{article.title}\n{article.text}"
    return signature(body), term_counts(article.title, article.text)


class StoryClusterer:
    """Assigns articles to stories, one at a time, through a ``StoryIndex``."""

    def __init__(self, index: StoryIndex, window: timedelta = WINDOW) -> None:
        self.index = index
        self.window = window

    def add(self, article: Article) -> Assignment:
        """Assign ``article`` to a story and store it (idempotent for a known id)."""
        if not article.id:
            raise ValueError("article has no id")
        if article.published.tzinfo is None:
            raise ValueError(f"article {article.id}: published must be timezone-aware")
        if not (article.title.strip() or article.text.strip()):
            raise ValueError(f"article {article.id}: neither title nor text")
        sig, counts = signed_terms(article)
        bands = band_keys(sig)
        with self.index.transaction():
            known = self.index.get_articles([article.id]).get(article.id)
            if known is not None:
                return Assignment(known.story_id, known.copy_of, 1.0, False)
            n_docs, df = self.index.doc_freqs(counts)
            vector = tfidf_vector(counts, df, n_docs)
            title_vector = tfidf_vector(Counter(content_lemmas(article.title)), df, n_docs, 50)
            entities = _entities(article, df, n_docs)

            # 1. copies and extended teasers, via band keys (any age)
            copy_of, forced_story = None, None
            copies = self.index.get_articles(self.index.band_candidates(bands))
            for rec in sorted(copies.values(), key=lambda r: (r.published, r.id)):
                text_cos = cosine(vector, rec.vector)
                if text_cos < MIN_COPY_COSINE:
                    continue  # shared boilerplate, not shared news
                direction = copy_direction(sig, rec.signature)
                if direction == "copy":
                    copy_of, forced_story = rec.copy_of or rec.id, rec.story_id
                    break
                # an earlier short item inside this text: its teaser, unless it is a notice
                # that many texts carry (then its headline says nothing about this article)
                announces = text_cos >= 0.5 or cosine(rec.title_vector, vector) >= 0.1
                if direction == "extends" and announces and forced_story is None:
                    forced_story = rec.story_id

            # 2. the same headline from the same source within hours: one story
            hkey = headline_key(article.source, article.title)
            if hkey is not None and copy_of is None:
                near = self.index.entity_candidates([hkey], article.published - HEADLINE_WINDOW)
                twins = [
                    r
                    for r in self.index.get_articles(near).values()
                    if abs(r.published - article.published) <= HEADLINE_WINDOW
                ]
                if twins:
                    twin = min(twins, key=lambda r: (abs(r.published - article.published), r.id))
                    forced_story = twin.story_id
                    copies[twin.id] = twin  # its story is loaded with the candidates below

            # 3. candidate stories via topical keys inside the time window
            topic_keys = _topic_keys(vector, entities)
            since = article.published - self.window
            cand = self.index.entity_candidates(topic_keys, since) if topic_keys else set()
            if not topic_keys:
                cand = self.index.recent(since)
            if hkey is not None:
                topic_keys.append(hkey)  # stored with the article for later reports
            story_ids = set(self.index.story_of(cand).values())
            story_ids.update(r.story_id for r in copies.values())
            stories = self.index.get_stories(story_ids)

            best_id, best = None, 0.0
            norms = (norm(vector), norm(title_vector), norm(entities))
            for sid in sorted(stories):
                story = stories[sid]
                s = story_score(vector, title_vector, entities, article.published, story, norms)
                if s > best:
                    best_id, best = sid, s
            if forced_story is not None and forced_story in stories:
                story_id, score = forced_story, 1.0
            elif best_id is not None and best >= JOIN_SCORE:
                story_id, score = best_id, best
            else:
                story_id, score = article.id, 0.0

            story = stories.get(story_id)
            story = self._updated_story(story, article, vector, title_vector, entities)
            record = ArticleRecord(
                id=article.id,
                story_id=story.id,
                published=article.published,
                signature=sig,
                vector=vector,
                title_vector=title_vector,
                entities=entities,
                copy_of=copy_of,
            )
            self.index.put(record, story, bands, topic_keys, counts.keys())
        return Assignment(story.id, copy_of, round(score, 4), story.id == article.id)

    def lookups(
        self, article: Article, counts: Mapping[str, int], df: Mapping[str, int], n_docs: int
    ) -> list[tuple[str, datetime]]:
        """The keys ``add`` looks up with ``entity_candidates`` for ``article`` (its term
        ``counts``) when the index holds these document frequencies, each with its ``since``;
        the headline's whether or not ``add`` will need it. A batch reads them ahead."""
        vector = tfidf_vector(counts, df, n_docs)
        since = article.published - self.window
        out = [(k, since) for k in _topic_keys(vector, _entities(article, df, n_docs))]
        hkey = headline_key(article.source, article.title)
        if hkey is not None:
            out.append((hkey, article.published - HEADLINE_WINDOW))
        return out

    @staticmethod
    def _updated_story(
        story: StoryRecord | None,
        article: Article,
        vector: Vector,
        title_vector: Vector,
        entities: dict[str, float],
    ) -> StoryRecord:
        if story is None:
            return StoryRecord(
                id=article.id,
                first_article_id=article.id,
                first_published=article.published,
                last_published=article.published,
                n_articles=1,
                centroid=dict(vector),
                title_centroid=dict(title_vector),
                entities=dict(entities),
            )
        earlier = article.published < story.first_published
        return StoryRecord(
            id=story.id,
            first_article_id=article.id if earlier else story.first_article_id,
            first_published=min(story.first_published, article.published),
            last_published=max(story.last_published, article.published),
            n_articles=story.n_articles + 1,
            centroid=_add_into(story.centroid, vector, MAX_CENTROID_TERMS),
            title_centroid=_add_into(story.title_centroid, title_vector, 100),
            entities=_add_into(story.entities, entities, 100),
        )
