"""The story index of one ingest batch: ``DjangoStoryIndex`` reads, plus the batch's own records
kept in memory and written at the end with bulk inserts (``flush``).

Inside the batch's write transaction (which holds the write lock on SQLite and the story
advisory lock on PostgreSQL for its whole length), each lookup answers what the database would
answer had every earlier item of the batch been written one by one: the batch's articles,
stories, bands, keys and term counts are merged into the stored ones.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime

from django.db import connection

from meldungen.stories.index import ArticleRecord, StoryRecord

from .bulk import add_counts, insert_rows, update_rows
from .models import Story, StoryArticle, StoryBand, StoryKey, TermFrequency
from .story_index import CHUNK, DOC_COUNT, MAX_BAND_CANDIDATES, DjangoStoryIndex, _chunks


class BatchStoryIndex(DjangoStoryIndex):
    def __init__(self) -> None:
        self.articles: dict[str, ArticleRecord] = {}  # the batch's, in the order put
        self.stories: dict[str, StoryRecord] = {}  # every story the batch touched, as it is now
        self.bands: dict[str, list[str]] = defaultdict(list)  # band key -> batch article ids
        self.article_bands: dict[str, list[str]] = {}
        self.keys: dict[str, list[tuple[datetime, str]]] = defaultdict(list)
        self.article_keys: dict[str, list[str]] = {}
        self.df: Counter[str] = Counter()  # DOC_COUNT counts documents
        # Stored records read ahead for the batch's copies (they do not change in the batch).
        self.stored_articles: dict[str, ArticleRecord] = {}
        self.stored_stories: dict[str, StoryRecord] = {}
        self.stored_bands: dict[str, list[str]] = {}
        self.stored_keys: dict[str, list[str]] = {}

    def preload(self, article_ids: list[str]) -> None:
        """Read the index records, bands, keys and stories of these stored articles at once."""
        self.stored_articles.update(super().get_articles(article_ids))
        story_ids = {r.story_id for r in self.stored_articles.values()}
        self.stored_stories.update(super().get_stories(story_ids - set(self.stories)))
        for a in article_ids:
            self.stored_bands.setdefault(a, [])
            self.stored_keys.setdefault(a, [])
        ids = [int(a) for a in article_ids]
        for chunk in _chunks(ids):
            bands = StoryBand.objects.filter(article_id__in=chunk)
            for a, k in bands.values_list("article_id", "band_key"):
                self.stored_bands[str(a)].append(k)
            rows = StoryKey.objects.filter(article_id__in=chunk).values_list("article_id", "key")
            for a, k in rows:
                self.stored_keys[str(a)].append(k)

    @contextmanager
    def transaction(self) -> Iterator[None]:
        yield  # the batch's transaction holds the locks (``lock``)

    def band_candidates(self, band_keys: Sequence[str]) -> set[str]:
        keys = list(dict.fromkeys(band_keys))[:CHUNK]
        mine = sorted({a for k in keys for a in self.bands.get(k, ())}, key=int, reverse=True)[
            :MAX_BAND_CANDIDATES
        ]
        rest = MAX_BAND_CANDIDATES - len(mine)
        stored = super().band_candidates(band_keys) if rest > 0 else set()
        stored = set(sorted(stored, key=int, reverse=True)[:rest])
        return set(mine) | stored

    def entity_candidates(self, entity_keys, since, limit_per_key: int = 50) -> set[str]:
        """As ``DjangoStoryIndex``'s (each key's newest ``limit_per_key`` since ``since``), with
        the batch's keys merged in; every key's look-up in one statement."""
        keys = [k[:300] for k in dict.fromkeys(entity_keys)]
        stored: dict[str, list[tuple[datetime, str]]] = defaultdict(list)
        for chunk in _chunks(keys):
            for key, article_id, published in _newest_per_key(chunk, since, limit_per_key):
                stored[key].append((published, str(article_id)))
        out: set[str] = set()
        for key in keys:
            mine = [(p, a) for p, a in self.keys.get(key, ()) if p >= since]
            both = sorted(stored[key] + mine, key=lambda pa: pa[0], reverse=True)
            out.update(a for _, a in both[:limit_per_key])
        return out

    def recent(self, since, limit: int = 100) -> set[str]:
        stored = [
            (p, str(a))
            for a, p in StoryArticle.objects.filter(published__gte=since)
            .order_by("-published")
            .values_list("article_id", "published")[:limit]
        ]
        mine = [(r.published, r.id) for r in self.articles.values() if r.published >= since]
        both = sorted(stored + mine, key=lambda pa: pa[0], reverse=True)
        return {a for _, a in both[:limit]}

    def story_of(self, article_ids: Iterable[str]) -> dict[str, str]:
        ids = list(article_ids)
        out = super().story_of(a for a in ids if a not in self.articles)
        out.update((a, self.articles[a].story_id) for a in ids if a in self.articles)
        return out

    def get_articles(self, article_ids: Iterable[str]) -> dict[str, ArticleRecord]:
        ids = list(article_ids)
        mine = {**self.stored_articles, **self.articles}
        out = super().get_articles(a for a in ids if a not in mine)
        out.update((a, mine[a]) for a in ids if a in mine)
        return out

    def get_stories(self, story_ids: Iterable[str]) -> dict[str, StoryRecord]:
        ids = list(story_ids)
        mine = {**self.stored_stories, **self.stories}
        out = super().get_stories(s for s in ids if s not in mine)
        out.update((s, mine[s]) for s in ids if s in mine)
        return out

    def doc_freqs(self, terms: Iterable[str]) -> tuple[int, dict[str, int]]:
        wanted = [t for t in dict.fromkeys(terms) if t and len(t) <= 200]
        n_docs, out = super().doc_freqs(wanted)
        for t in wanted:
            if self.df.get(t):
                out[t] = out.get(t, 0) + self.df[t]
        return n_docs + self.df[DOC_COUNT], out

    def put(self, article, story, band_keys, topic_keys, terms) -> None:
        self.stories[story.id] = story
        if article.id in self.articles:
            self.articles[article.id] = article
            return
        self.articles[article.id] = article
        bands = [k[:64] for k in dict.fromkeys(band_keys)]
        self.article_bands[article.id] = bands
        for k in bands:
            self.bands[k].append(article.id)
        keys = [k[:300] for k in dict.fromkeys(topic_keys)]
        self.article_keys[article.id] = keys
        for k in keys:
            self.keys[k].append((article.published, article.id))
        self.count_terms(dict.fromkeys(terms))

    def count_terms(self, terms: Iterable[str]) -> None:
        self.df[DOC_COUNT] += 1
        self.df.update(t for t in terms if t and len(t) <= 200)

    # -- what ``assign_copy`` reads of the original --------------------------------------------

    def bands_of(self, article_id: str) -> list[str]:
        if article_id in self.article_bands:
            return self.article_bands[article_id]
        if article_id in self.stored_bands:
            return self.stored_bands[article_id]
        rows = StoryBand.objects.filter(article_id=int(article_id))
        return list(rows.values_list("band_key", flat=True))

    def keys_of(self, article_id: str) -> list[str]:
        if article_id in self.article_keys:
            return self.article_keys[article_id]
        if article_id in self.stored_keys:
            return self.stored_keys[article_id]
        rows = StoryKey.objects.filter(article_id=int(article_id))
        return list(rows.values_list("key", flat=True))

    # -- writing -------------------------------------------------------------------------------

    def flush(self) -> None:
        """Write the batch's records: stories (new ones inserted, touched ones updated), article
        records, bands, keys and term counts, each with bulk statements."""
        if not self.stories and not self.articles:
            return
        stored = set(Story.objects.filter(id__in=list(self.stories)).values_list("id", flat=True))
        rows = [_story_row(s) for s in self.stories.values()]
        fields = [
            "first_article",
            "first_published",
            "last_published",
            "n_articles",
            "centroid",
            "title_centroid",
            "entities",
        ]
        attnames = [Story._meta.get_field(f).attname for f in fields]
        insert_rows(
            Story,
            ["id", *fields],
            [[r.id, *(getattr(r, a) for a in attnames)] for r in rows if r.id not in stored],
        )
        update_rows(Story, fields, [r for r in rows if r.id in stored])
        insert_rows(
            StoryArticle,
            [
                "article",
                "story",
                "published",
                "copy_of",
                "signature",
                "vector",
                "title_vector",
                "entities",
            ],
            [
                [
                    int(r.id),
                    r.story_id,
                    r.published,
                    r.copy_of,
                    r.signature.to_bytes(),
                    r.vector,
                    r.title_vector,
                    r.entities,
                ]
                for r in self.articles.values()
            ],
        )
        insert_rows(
            StoryBand,
            ["band_key", "article"],
            [[k, int(a)] for a, keys in self.article_bands.items() for k in keys],
        )
        published = {a: r.published for a, r in self.articles.items()}
        insert_rows(
            StoryKey,
            ["key", "published", "article"],
            [[k, published[a], int(a)] for a, keys in self.article_keys.items() for k in keys],
        )
        add_counts(TermFrequency, "term", "df", {t: n for t, n in self.df.items() if n})


def _story_row(s: StoryRecord) -> Story:
    first_id = int(s.first_article_id) if s.first_article_id.isdigit() else None
    return Story(
        id=s.id,
        first_article_id=first_id,
        first_published=s.first_published,
        last_published=s.last_published,
        n_articles=s.n_articles,
        centroid=s.centroid,
        title_centroid=s.title_centroid,
        entities=s.entities,
    )


def _newest_per_key(keys: Sequence[str], since: datetime, limit: int) -> list[tuple]:
    """(key, article id, published) of each key's newest ``limit`` rows since ``since``: one
    statement of per-key index range scans (UNION ALL), not one query per key."""
    if not keys:
        return []
    qn = connection.ops.quote_name
    table, key, published = qn(StoryKey._meta.db_table), qn("key"), qn("published")
    part = (
        f"SELECT * FROM (SELECT {key}, {qn('article_id')}, {published} FROM {table}"
        f" WHERE {key} = %s AND {published} >= %s ORDER BY {published} DESC LIMIT %s) AS k{{n}}"
    )
    sql = " UNION ALL ".join(part.format(n=n) for n in range(len(keys)))
    field = StoryKey._meta.get_field("published")
    when = field.get_db_prep_value(since, connection)
    params = [v for k in keys for v in (k, when, limit)]
    converters = connection.ops.get_db_converters(field.get_col(StoryKey._meta.db_table))
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    out = []
    for key, article_id, published in rows:
        for converter in converters:
            published = converter(published, field.get_col(StoryKey._meta.db_table), connection)
        out.append((key, article_id, published))
    return out
