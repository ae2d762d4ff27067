"""The stories core's ``StoryIndex`` on the Django database (SQLite or PostgreSQL).

Band keys, topical keys and document frequencies live in indexed tables, so every process
(and, on PostgreSQL, every machine) shares one index. ``transaction()`` makes one article's
read-score-write exclusive: on SQLite the IMMEDIATE transaction mode (settings) takes the write
lock at BEGIN; on PostgreSQL a transaction-scoped advisory lock serialises assignments.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager

from django.db import connection, transaction
from django.db.models import F

from meldungen.stories.dedup import Signature
from meldungen.stories.index import ArticleRecord, StoryRecord

from .models import Story, StoryArticle, StoryBand, StoryKey, TermFrequency

ADVISORY_LOCK_ID = 0x4D454C44  # "MELD"
DOC_COUNT = ""  # TermFrequency row that counts documents
CHUNK = 500
MAX_BAND_CANDIDATES = 500


def _chunks(items: Sequence) -> Iterator[Sequence]:
    for i in range(0, len(items), CHUNK):
        yield items[i : i + CHUNK]


def _names(model: type, *fields: str) -> tuple[str, ...]:
    """The quoted table and column names of ``fields`` (plain text, integer and key columns:
    the drivers' values are the ORM's, without building a query per look-up)."""
    qn = connection.ops.quote_name
    return (qn(model._meta.db_table), *(qn(model._meta.get_field(f).column) for f in fields))


def _marks(values: Sequence) -> str:
    return ", ".join(["%s"] * len(values))


def _select(sql: str, params: Sequence) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, list(params))
        return cursor.fetchall()


def _read(model: type, fields: Sequence[str], key: str, values: Sequence) -> list[tuple]:
    """``fields`` of the rows whose ``key`` is one of ``values``, converted as the ORM's
    ``values_list`` converts them (JSON decoded, dates as the backend gives them), without
    building a query set or model instances."""
    if not values:
        return []
    table, key_column, *columns = _names(model, key, *fields)
    sql = f"SELECT {', '.join(columns)} FROM {table} WHERE {key_column} IN ({_marks(values)})"
    converters = []
    for f in fields:
        col = model._meta.get_field(f).get_col(model._meta.db_table)
        found = connection.ops.get_db_converters(col) + col.get_db_converters(connection)
        converters.append((found, col))
    rows = _select(sql, values)
    if not any(found for found, _ in converters):
        return rows
    out = []
    for row in rows:
        values_out = []
        for value, (found, col) in zip(row, converters, strict=True):
            for convert in found:
                value = convert(value, col, connection)
            values_out.append(value)
        out.append(tuple(values_out))
    return out


# The columns ``get_articles`` and ``get_stories`` read, in the order of their records.
_ARTICLE_FIELDS = (
    "article",
    "story",
    "published",
    "copy_of",
    "signature",
    "vector",
    "title_vector",
    "entities",
)
_STORY_FIELDS = (
    "id",
    "first_article",
    "first_published",
    "last_published",
    "n_articles",
    "centroid",
    "title_centroid",
    "entities",
)


def _ids(values: Iterable[str]) -> list[int]:
    return [int(v) for v in dict.fromkeys(values) if str(v).isdigit()]


def story_record(row: Sequence) -> StoryRecord:
    """The stories core's record of a stored story, from its ``_STORY_FIELDS`` values (the
    record's fields, in its order)."""
    story_id, first_id, *rest = row
    return StoryRecord(story_id, str(first_id or story_id), *rest)


def story_fields(record: StoryRecord) -> dict:
    """The ``Story`` fields (all but the id) of a story record; the inverse of
    ``story_record``."""
    first_id = record.first_article_id
    return {
        "first_article_id": int(first_id) if first_id.isdigit() else None,
        "first_published": record.first_published,
        "last_published": record.last_published,
        "n_articles": record.n_articles,
        "centroid": record.centroid,
        "title_centroid": record.title_centroid,
        "entities": record.entities,
    }


class DjangoStoryIndex:
    """``meldungen.stories.index.StoryIndex`` backed by the portal's models."""

    @contextmanager
    def transaction(self) -> Iterator[None]:
        with transaction.atomic():
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_advisory_xact_lock(%s)", [ADVISORY_LOCK_ID])
            yield

    def band_candidates(self, band_keys: Sequence[str]) -> set[str]:
        # Capped, newest first: a band key that thousands of articles share (an agency's
        # standard opening) must not make one assignment load all of them.
        keys = list(dict.fromkeys(band_keys))[:CHUNK]
        if not keys:
            return set()
        table, key, article = _names(StoryBand, "band_key", "article")
        rows = _select(
            f"SELECT {article} FROM {table} WHERE {key} IN ({_marks(keys)})"
            f" ORDER BY {article} DESC LIMIT {MAX_BAND_CANDIDATES}",
            keys,
        )
        return {str(a) for (a,) in rows}

    def entity_candidates(self, entity_keys, since, limit_per_key: int = 50) -> set[str]:
        out: set[str] = set()
        for key in dict.fromkeys(entity_keys):
            rows = (
                StoryKey.objects.filter(key=key[:300], published__gte=since)
                .order_by("-published")
                .values_list("article_id", flat=True)[:limit_per_key]
            )
            out.update(str(a) for a in rows)
        return out

    def recent(self, since, limit: int = 100) -> set[str]:
        rows = (
            StoryArticle.objects.filter(published__gte=since)
            .order_by("-published")
            .values_list("article_id", flat=True)[:limit]
        )
        return {str(a) for a in rows}

    def story_of(self, article_ids: Iterable[str]) -> dict[str, str]:
        out: dict[str, str] = {}
        table, article, story = _names(StoryArticle, "article", "story")
        for chunk in _chunks(_ids(article_ids)):
            sql = f"SELECT {article}, {story} FROM {table} WHERE {article} IN ({_marks(chunk)})"
            out.update((str(a), s) for a, s in _select(sql, chunk))
        return out

    def get_articles(self, article_ids: Iterable[str]) -> dict[str, ArticleRecord]:
        out: dict[str, ArticleRecord] = {}
        for chunk in _chunks(_ids(article_ids)):
            rows = _read(StoryArticle, _ARTICLE_FIELDS, "article", chunk)
            for article_id, story_id, published, copy_of, sig, vector, title_vector, ents in rows:
                out[str(article_id)] = ArticleRecord(
                    id=str(article_id),
                    story_id=story_id,
                    published=published,
                    signature=Signature.from_bytes(bytes(sig)),
                    vector=vector,
                    title_vector=title_vector,
                    entities=ents,
                    copy_of=copy_of,
                )
        return out

    def get_stories(self, story_ids: Iterable[str]) -> dict[str, StoryRecord]:
        out: dict[str, StoryRecord] = {}
        for chunk in _chunks(list(dict.fromkeys(story_ids))):
            for row in _read(Story, _STORY_FIELDS, "id", chunk):
                out[row[0]] = story_record(row)
        return out

    def doc_freqs(self, terms: Iterable[str]) -> tuple[int, dict[str, int]]:
        return self.doc_count(), self.term_freqs(terms)

    @staticmethod
    def doc_count() -> int:
        n_docs = TermFrequency.objects.filter(term=DOC_COUNT).values_list("df", flat=True).first()
        return int(n_docs or 0)

    @staticmethod
    def term_freqs(terms: Iterable[str]) -> dict[str, int]:
        """Stored document frequency of each of ``terms`` that has a row."""
        wanted = [t for t in dict.fromkeys(terms) if t and len(t) <= 200]
        out: dict[str, int] = {}
        table, term, df = _names(TermFrequency, "term", "df")
        for chunk in _chunks(wanted):
            sql = f"SELECT {term}, {df} FROM {table} WHERE {term} IN ({_marks(chunk)})"
            out.update(_select(sql, chunk))
        return out

    def put(self, article, story, band_keys, topic_keys, terms) -> None:  # types: StoryIndex
        article_id = int(article.id)
        with self.transaction():
            Story.objects.update_or_create(id=story.id, defaults=story_fields(story))
            _, created = StoryArticle.objects.update_or_create(
                article_id=article_id,
                defaults={
                    "story_id": story.id,
                    "published": article.published,
                    "copy_of": article.copy_of,
                    "signature": article.signature.to_bytes(),
                    "vector": article.vector,
                    "title_vector": article.title_vector,
                    "entities": article.entities,
                },
            )
            if not created:
                return
            StoryBand.objects.bulk_create(
                StoryBand(band_key=k[:64], article_id=article_id) for k in dict.fromkeys(band_keys)
            )
            StoryKey.objects.bulk_create(
                StoryKey(key=k[:300], published=article.published, article_id=article_id)
                for k in dict.fromkeys(topic_keys)
            )
            self._count_terms([t for t in dict.fromkeys(terms) if t and len(t) <= 200])

    @staticmethod
    def _count_terms(terms: list[str]) -> None:
        for chunk in _chunks([DOC_COUNT, *terms]):
            TermFrequency.objects.bulk_create(
                (TermFrequency(term=t, df=0) for t in chunk), ignore_conflicts=True
            )
            TermFrequency.objects.filter(term__in=chunk).update(df=F("df") + 1)
