"""The story index of one ingest batch: ``DjangoStoryIndex`` reads, plus the batch's own records
kept in memory and written at the end with bulk inserts (``flush``).

Inside the batch's write transaction (which holds the write lock on SQLite and the story
advisory lock on PostgreSQL for its whole length), each lookup answers what the database would
answer had every earlier item of the batch been written one by one: the batch's articles,
stories, bands, keys and term counts are merged into the stored ones.

The locks also mean that no other writer changes the stored story index while the batch runs,
so what the batch reads of it (article and story records, article -> story, document
frequencies) is read once per batch and kept: the batch's hundred assignments ask for the same
stories, candidates and common terms again and again.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import datetime
from typing import Any

from django.db import connection

from meldungen.stories.cluster import Article as StoryInput
from meldungen.stories.cluster import StoryClusterer
from meldungen.stories.index import ArticleRecord, StoryRecord

from .bulk import add_counts, insert_rows, update_rows
from .models import Story, StoryArticle, StoryBand, StoryKey, TermFrequency
from .story_index import (
    _ARTICLE_FIELDS,
    _STORY_FIELDS,
    CHUNK,
    DOC_COUNT,
    MAX_BAND_CANDIDATES,
    DjangoStoryIndex,
    _chunks,
    _names,
    story_fields,
)

BAND_LISTS = 100  # lists of band keys read ahead per statement (SQLite: 500 at most)
READ_AHEAD_RECORDS = 5000  # band candidates whose records are read ahead, at most
ENTITY_CANDIDATES = 50  # ``entity_candidates``' default limit per key (``StoryClusterer.add``)


class BatchStoryIndex(DjangoStoryIndex):
    def __init__(self) -> None:
        self.articles: dict[str, ArticleRecord] = {}  # the batch's, in the order put
        self.stories: dict[str, StoryRecord] = {}  # every story the batch touched, as it is now
        self.bands: dict[str, list[str]] = defaultdict(list)  # band key -> batch article ids
        self.article_bands: dict[str, list[str]] = {}
        self.keys: dict[str, list[tuple[datetime, str]]] = defaultdict(list)
        self.article_keys: dict[str, list[str]] = {}
        self.df: Counter[str] = Counter()  # DOC_COUNT counts documents
        # Stored records read ahead for the batch's copies or read once by a look-up (they do
        # not change in the batch); None: no such stored record.
        self.stored_articles: dict[str, ArticleRecord | None] = {}
        self.stored_stories: dict[str, StoryRecord | None] = {}
        self.stored_story_of: dict[str, str | None] = {}
        self.stored_df: dict[str, int | None] = {}
        self.stored_docs: int | None = None
        self.stored_bands: dict[str, list[str]] = {}
        self.stored_keys: dict[str, list[str]] = {}
        # read ahead: the stored band candidates of a (deduplicated, capped) list of band keys
        self.stored_band_hits: dict[tuple[str, ...], set[str]] = {}
        # read ahead or once: a topical key's newest stored rows since a time, at most a limit:
        # key -> (since, limit, [(published, article id)] newest first)
        self.stored_key_rows: dict[str, tuple[datetime, int, list[tuple[datetime, str]]]] = {}

    def preload(self, article_ids: list[str]) -> None:
        """Read the index records, bands, keys and stories of these stored articles at once."""
        records = self._stored(self.stored_articles, article_ids, super().get_articles)
        story_ids = {r.story_id for r in records.values()}
        self._stored(self.stored_stories, story_ids - set(self.stories), super().get_stories)
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

    def read_ahead(
        self, article_ids: Sequence[str], band_keys: Sequence[Sequence[str]], terms: Iterable[str]
    ) -> None:
        """What the batch's assignments will look up, read with a few statements: whether
        these articles have records, the stored band candidates of each list of band keys
        (with their records and stories, unless there are very many), the document
        frequencies of ``terms``. The look-ups then answer from memory, as the database
        would (nothing of the story index is written before ``flush``)."""
        self._stored(self.stored_articles, article_ids, super().get_articles)
        wanted = [t for t in dict.fromkeys(terms) if t and len(t) <= 200]
        missing = [t for t in wanted if t not in self.stored_df]
        if missing:
            found = self.term_freqs(missing)
            for t in missing:
                self.stored_df[t] = found.get(t)
        if self.stored_docs is None:
            self.stored_docs = self.doc_count()
        lists = {tuple(dict.fromkeys(keys))[:CHUNK] for keys in band_keys}
        lists = [k for k in lists if k and k not in self.stored_band_hits]
        for chunk in _key_lists(lists):
            hits: dict[int, set[str]] = {n: set() for n in range(len(chunk))}
            for n, article_id in _band_hits(chunk):
                hits[n].add(str(article_id))
            for n, keys in enumerate(chunk):
                self.stored_band_hits[keys] = hits[n]
        found = {a for k in lists for a in self.stored_band_hits[k]}
        if len(found) <= READ_AHEAD_RECORDS:
            records = self._stored(self.stored_articles, found, super().get_articles)
            story_ids = {r.story_id for r in records.values()} - set(self.stories)
            self._stored(self.stored_stories, story_ids, super().get_stories)

    @contextmanager
    def transaction(self) -> Iterator[None]:
        yield  # the batch's transaction holds the locks (``lock``)

    def band_candidates(self, band_keys: Sequence[str]) -> set[str]:
        keys = list(dict.fromkeys(band_keys))[:CHUNK]
        mine = sorted({a for k in keys for a in self.bands.get(k, ())}, key=int, reverse=True)[
            :MAX_BAND_CANDIDATES
        ]
        rest = MAX_BAND_CANDIDATES - len(mine)
        stored = set()
        if rest > 0:
            stored = self.stored_band_hits.get(tuple(keys))
            if stored is None:
                stored = super().band_candidates(band_keys)
        stored = set(sorted(stored, key=int, reverse=True)[:rest])
        return set(mine) | stored

    def entity_candidates(self, entity_keys, since, limit_per_key: int = 50) -> set[str]:
        """As ``DjangoStoryIndex``'s (each key's newest ``limit_per_key`` since ``since``), with
        the batch's keys merged in; every key's look-up in one statement."""
        keys = [k[:300] for k in dict.fromkeys(entity_keys)]
        self._read_keys(dict.fromkeys(keys, since), limit_per_key)
        out: set[str] = set()
        for key in keys:
            # The newest rows since an earlier time, since ``since``: the newest since it.
            stored = [(p, a) for p, a in self.stored_key_rows[key][2] if p >= since]
            mine = [(p, a) for p, a in self.keys.get(key, ()) if p >= since]
            both = sorted(stored + mine, key=lambda pa: pa[0], reverse=True)
            out.update(a for _, a in both[:limit_per_key])
        return out

    def read_keys_ahead(self, puts: Sequence[tuple[StoryInput | None, Mapping[str, int]]]) -> None:
        """After ``read_ahead``: the stored rows of the topical keys the batch's assignments
        will look up (``entity_candidates``), read with a few statements. ``puts``: the
        batch's articles in the order they will be put, each with its term counts, and those
        ``StoryClusterer.add`` assigns with their input (others, copies, None): each of those
        sees the stored document frequencies plus the earlier ones'. A key not foreseen is
        read when it is looked up."""
        clusterer, docs = StoryClusterer(self), self.stored_docs or 0
        earlier: Counter[str] = Counter()
        since: dict[str, datetime] = {}
        for article, counts in puts:
            if article is not None:
                df = {t: (self.stored_df.get(t) or 0) + earlier[t] for t in counts}
                for key, when in clusterer.lookups(article, counts, df, docs + earlier[DOC_COUNT]):
                    key = key[:300]
                    since[key] = min(when, since.get(key, when))
            earlier[DOC_COUNT] += 1
            earlier.update(t for t in counts if t and len(t) <= 200)
        self._read_keys(since, ENTITY_CANDIDATES)

    def _read_keys(self, since: dict[str, datetime], limit: int) -> None:
        """Each key's newest ``limit`` stored rows since its time, unless read already (for
        that time or an earlier one, with that limit)."""
        missing = []
        for key, when in since.items():
            known = self.stored_key_rows.get(key)
            if known is None or known[0] > when or known[1] != limit:
                missing.append((key, when))
        rows: dict[str, list[tuple[datetime, str]]] = {k: [] for k, _ in missing}
        for chunk in _chunks(missing):
            for key, article_id, published in _newest_per_key(chunk, limit):
                rows[key].append((published, str(article_id)))
        for key, when in missing:
            self.stored_key_rows[key] = (when, limit, rows[key])

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

    @staticmethod
    def _stored(known: dict, ids: Iterable[str], read: Callable[[list[str]], dict]) -> dict:
        """``read`` (a database look-up by id) of the ids not in ``known``, remembered there
        (None for an id without a stored record), and the found ones of ``ids`` from it."""
        ids = list(dict.fromkeys(ids))
        missing = [i for i in ids if i not in known]
        if missing:
            found = read(missing)
            for i in missing:
                known[i] = found.get(i)
        return {i: known[i] for i in ids if known[i] is not None}

    def story_of(self, article_ids: Iterable[str]) -> dict[str, str]:
        def stored(ids: Iterable[str]) -> dict[str, str]:
            return self._stored(self.stored_story_of, ids, read)

        read = super().story_of
        return _overlay(article_ids, self.articles, stored, lambda r: r.story_id)

    def get_articles(self, article_ids: Iterable[str]) -> dict[str, ArticleRecord]:
        def stored(ids: Iterable[str]) -> dict[str, ArticleRecord]:
            return self._stored(self.stored_articles, ids, read)

        read = super().get_articles
        return _overlay(article_ids, self.articles, stored)

    def get_stories(self, story_ids: Iterable[str]) -> dict[str, StoryRecord]:
        def stored(ids: Iterable[str]) -> dict[str, StoryRecord]:
            return self._stored(self.stored_stories, ids, read)

        read = super().get_stories
        return _overlay(story_ids, self.stories, stored)

    def doc_freqs(self, terms: Iterable[str]) -> tuple[int, dict[str, int]]:
        wanted = [t for t in dict.fromkeys(terms) if t and len(t) <= 200]
        if self.stored_docs is None:
            self.stored_docs = self.doc_count()
        missing = [t for t in wanted if t not in self.stored_df]
        if missing:
            found = self.term_freqs(missing)
            for t in missing:
                self.stored_df[t] = found.get(t)
        out: dict[str, int] = {}
        for t in wanted:
            stored = self.stored_df[t]
            if stored is not None:
                out[t] = stored
            if self.df.get(t):
                out[t] = out.get(t, 0) + self.df[t]
        return self.stored_docs + self.df[DOC_COUNT], out

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
        known = (self.article_bands, self.stored_bands)
        return _keys_of(article_id, known, StoryBand, "band_key")

    def keys_of(self, article_id: str) -> list[str]:
        return _keys_of(article_id, (self.article_keys, self.stored_keys), StoryKey, "key")

    # -- writing -------------------------------------------------------------------------------

    def flush(self) -> None:
        """Write the batch's records: stories (new ones inserted, touched ones updated), article
        records, bands, keys and term counts, each with bulk statements."""
        if not self.stories and not self.articles:
            return
        stored = set(Story.objects.filter(id__in=list(self.stories)).values_list("id", flat=True))
        rows = [Story(id=s.id, **story_fields(s)) for s in self.stories.values()]
        fields = list(_STORY_FIELDS[1:])  # the record's fields but its id
        attnames = [Story._meta.get_field(f).attname for f in fields]
        insert_rows(
            Story,
            ["id", *fields],
            [[r.id, *(getattr(r, a) for a in attnames)] for r in rows if r.id not in stored],
        )
        before = {  # what is stored of the stories read: only what changed is written
            s.id: [story_fields(s)[a] for a in attnames]
            for s in self.stored_stories.values()
            if s is not None and s.id in stored
        }
        update_rows(Story, fields, [r for r in rows if r.id in stored], before)
        insert_rows(
            StoryArticle,
            list(_ARTICLE_FIELDS),  # the record's fields, in its order
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


def _overlay(
    ids: Iterable[str],
    mine: dict[str, Any],
    stored: Callable[[Iterable[str]], dict],
    value: Callable[[Any], Any] = lambda record: record,
) -> dict:
    """``stored`` (a database read) of the ids the batch does not hold, and ``value`` of the
    batch's own record for the others."""
    ids = list(ids)
    out = stored(i for i in ids if i not in mine)
    out.update((i, value(mine[i])) for i in ids if i in mine)
    return out


def _keys_of(
    article_id: str, known: tuple[dict[str, list[str]], ...], model: type, column: str
) -> list[str]:
    """An article's keys from the first of ``known`` (this batch's, then those read ahead)
    that holds them, else its stored rows' ``column``."""
    for keys in known:
        if article_id in keys:
            return keys[article_id]
    rows = model.objects.filter(article_id=int(article_id))
    return list(rows.values_list(column, flat=True))


def _key_lists(lists: list[tuple[str, ...]]) -> Iterator[list[tuple[str, ...]]]:
    """``lists`` in runs of at most ``BAND_LISTS`` lists and about ``CHUNK`` * 6 keys: one
    statement each."""
    run: list[tuple[str, ...]] = []
    size = 0
    for keys in lists:
        if run and (len(run) >= BAND_LISTS or size + len(keys) > CHUNK * 6):
            yield run
            run, size = [], 0
        run.append(keys)
        size += len(keys)
    if run:
        yield run


def _band_hits(lists: Sequence[Sequence[str]]) -> list[tuple[int, int]]:
    """(position in ``lists``, article id) of ``DjangoStoryIndex.band_candidates`` of each
    list of band keys: its statement once per list, joined with UNION ALL."""
    table, key, article = _names(StoryBand, "band_key", "article")
    parts, params = [], []
    for n, keys in enumerate(lists):
        marks = ", ".join(["%s"] * len(keys))
        parts.append(
            f"SELECT {n} AS n, a FROM (SELECT {article} AS a FROM {table}"
            f" WHERE {key} IN ({marks}) ORDER BY {article} DESC"
            f" LIMIT {MAX_BAND_CANDIDATES}) AS b{n}"
        )
        params.extend(keys)
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        return cursor.fetchall()


def _newest_per_key(keys: Sequence[tuple[str, datetime]], limit: int) -> list[tuple]:
    """(key, article id, published) of each key's newest ``limit`` rows since its time, each
    key's newest first: one statement of per-key index range scans, not one query per key
    (PostgreSQL: a lateral join on the array of keys, planned once; SQLite: UNION ALL)."""
    if not keys:
        return []
    qn = connection.ops.quote_name
    table, key, published = qn(StoryKey._meta.db_table), qn("key"), qn("published")
    field = StoryKey._meta.get_field("published")
    prep = field.get_db_prep_value
    inner = f"SELECT {key}, {qn('article_id')}, {published} FROM {table} WHERE {key} = %s"
    if connection.vendor == "postgresql":
        inner = inner.replace(f"{key} = %s", f"{key} = k.key")
        sql = (
            "SELECT k.key, s.article_id, s.published"
            " FROM unnest(%s::varchar[], %s::timestamptz[]) AS k(key, since)"
            f" CROSS JOIN LATERAL ({inner} AND {published} >= k.since"
            f" ORDER BY {published} DESC LIMIT %s) AS s(key, article_id, published)"
        )
        params = [[k for k, _ in keys], [prep(w, connection) for _, w in keys], limit]
    else:
        part = f"SELECT * FROM ({inner} AND {published} >= %s ORDER BY {published} DESC LIMIT %s)"
        sql = " UNION ALL ".join(f"{part} AS k{n}" for n in range(len(keys)))
        params = [v for k, since in keys for v in (k, prep(since, connection), limit)]
    col = field.get_col(StoryKey._meta.db_table)
    converters = connection.ops.get_db_converters(col)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    out = []
    for key, article_id, published in rows:
        for converter in converters:
            published = converter(published, col, connection)
        out.append((key, article_id, published))
    return out
