"""The storage the story clustering needs, as a small protocol, plus an in-memory implementation.

The clustering never scans the archive: it asks the index for candidates by LSH band key (copies),
by topical key (canonical entities "e:..." and top lemmas "t:...", within a time window) and, for
articles without any key, by recency. Everything else is get/put of per-article and per-story
records and the online document frequencies.

All writes for one article happen in one ``put`` call inside ``transaction()``; implementations
that serve several processes (``SqliteStoryIndex``) make the transaction exclusive, so two ingest
processes never assign the same story twice or miss each other's articles.
"""

from __future__ import annotations

import bisect
import threading
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from typing import Protocol

from meldungen.stories.dedup import Signature
from meldungen.stories.similarity import Vector, norm


@dataclass
class ArticleRecord:
    """What the index keeps per article."""

    id: str
    story_id: str
    published: datetime  # timezone-aware
    signature: Signature
    vector: Vector  # TF-IDF at arrival, L2-normalised, headline weighted
    title_vector: Vector
    entities: dict[str, float] = field(default_factory=dict)  # canonical key -> salience
    copy_of: str | None = None  # id of the earlier article this one copies


@dataclass
class StoryRecord:
    """A story's running state: centroids are sums of member vectors (cosine ignores scale)."""

    id: str
    first_article_id: str
    first_published: datetime
    last_published: datetime
    n_articles: int
    centroid: Vector
    title_centroid: Vector
    entities: dict[str, float]  # summed salience of members' entities

    @cached_property
    def norms(self) -> tuple[float, float, float]:
        """``norm`` of the centroid, the title centroid and the entities, computed once per
        record: a story is scored against every article near it, and a changed story is a new
        record (``StoryClusterer`` never changes one in place; ``dataclasses.replace`` makes a
        new one, without this)."""
        return norm(self.centroid), norm(self.title_centroid), norm(self.entities)


class StoryIndex(Protocol):
    """Candidate lookups and records for ``StoryClusterer`` (see module docstring)."""

    def transaction(self) -> AbstractContextManager[None]:
        """Context manager making one article's read-score-write exclusive."""
        ...

    def band_candidates(self, band_keys: Sequence[str]) -> set[str]:
        """Ids of articles sharing at least one LSH band key (any age)."""
        ...

    def entity_candidates(
        self, entity_keys: Sequence[str], since: datetime, limit_per_key: int = 50
    ) -> set[str]:
        """Ids of articles published at/after ``since`` sharing a topical key; newest first per
        key, at most ``limit_per_key`` each, so the cost does not grow with the archive."""
        ...

    def recent(self, since: datetime, limit: int = 100) -> set[str]:
        """Ids of the newest articles published at/after ``since`` (at most ``limit``)."""
        ...

    def story_of(self, article_ids: Iterable[str]) -> dict[str, str]:
        """article id -> story id, for the ids that exist."""
        ...

    def get_articles(self, article_ids: Iterable[str]) -> dict[str, ArticleRecord]: ...

    def get_stories(self, story_ids: Iterable[str]) -> dict[str, StoryRecord]: ...

    def doc_freqs(self, terms: Iterable[str]) -> tuple[int, dict[str, int]]:
        """(number of documents seen, document frequency of each known term)."""
        ...

    def put(
        self,
        article: ArticleRecord,
        story: StoryRecord,
        band_keys: Sequence[str],
        topic_keys: Sequence[str],
        terms: Iterable[str],
    ) -> None:
        """Store the article with its keys, upsert its story, count its terms' frequencies."""
        ...


class MemoryStoryIndex:
    """Dict-based ``StoryIndex`` for evaluation, tests and single-process use."""

    def __init__(self) -> None:
        self.articles: dict[str, ArticleRecord] = {}
        self.stories: dict[str, StoryRecord] = {}
        self.bands: dict[str, list[str]] = defaultdict(list)
        # key -> sorted [(timestamp, article id)]
        self.keys: dict[str, list[tuple[float, str]]] = defaultdict(list)
        self.by_time: list[tuple[float, str]] = []
        self.n_docs = 0
        self.df: dict[str, int] = defaultdict(int)
        self._lock = threading.RLock()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        with self._lock:
            yield

    def band_candidates(self, band_keys: Sequence[str]) -> set[str]:
        return {aid for key in band_keys for aid in self.bands.get(key, ())}

    def entity_candidates(
        self, entity_keys: Sequence[str], since: datetime, limit_per_key: int = 50
    ) -> set[str]:
        out: set[str] = set()
        ts = since.timestamp()
        for key in entity_keys:
            posting = self.keys.get(key)
            if not posting:
                continue
            start = max(bisect.bisect_left(posting, (ts, "")), len(posting) - limit_per_key)
            out.update(aid for _, aid in posting[start:])
        return out

    def recent(self, since: datetime, limit: int = 100) -> set[str]:
        start = max(
            bisect.bisect_left(self.by_time, (since.timestamp(), "")), len(self.by_time) - limit
        )
        return {aid for _, aid in self.by_time[start:]}

    def story_of(self, article_ids: Iterable[str]) -> dict[str, str]:
        return {a: self.articles[a].story_id for a in article_ids if a in self.articles}

    def get_articles(self, article_ids: Iterable[str]) -> dict[str, ArticleRecord]:
        return {a: self.articles[a] for a in article_ids if a in self.articles}

    def get_stories(self, story_ids: Iterable[str]) -> dict[str, StoryRecord]:
        return {s: self.stories[s] for s in story_ids if s in self.stories}

    def doc_freqs(self, terms: Iterable[str]) -> tuple[int, dict[str, int]]:
        return self.n_docs, {t: self.df[t] for t in terms if t in self.df}

    def put(self, article, story, band_keys, topic_keys, terms) -> None:  # types: StoryIndex
        with self._lock:
            new = article.id not in self.articles
            self.articles[article.id] = article
            self.stories[story.id] = story
            if not new:
                return
            ts = article.published.timestamp()
            for key in band_keys:
                self.bands[key].append(article.id)
            for key in topic_keys:
                bisect.insort(self.keys[key], (ts, article.id))
            bisect.insort(self.by_time, (ts, article.id))
            self.n_docs += 1
            for t in set(terms):
                self.df[t] += 1
