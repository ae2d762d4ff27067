"""``StoryIndex`` on plain sqlite3: indexed key tables, WAL, safe for several processes.

Every process opens its own ``SqliteStoryIndex`` on the same file. ``transaction()`` takes SQLite's
write lock up front (BEGIN IMMEDIATE), so one article's candidate lookup, scoring and write are
serialised across processes: the second process sees the first one's article and its story.
Table names start with ``stories_`` so the tables can live in the Django database file.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from meldungen.stories.dedup import Signature
from meldungen.stories.index import ArticleRecord, StoryRecord

SCHEMA = """
CREATE TABLE IF NOT EXISTS stories_article (
    id TEXT PRIMARY KEY, story_id TEXT NOT NULL, published REAL NOT NULL, copy_of TEXT,
    signature BLOB NOT NULL, vector TEXT NOT NULL, title_vector TEXT NOT NULL,
    entities TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS stories_article_published ON stories_article (published);
CREATE INDEX IF NOT EXISTS stories_article_story ON stories_article (story_id);
CREATE TABLE IF NOT EXISTS stories_band (
    band_key TEXT NOT NULL, article_id TEXT NOT NULL,
    PRIMARY KEY (band_key, article_id)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS stories_key (
    key TEXT NOT NULL, published REAL NOT NULL, article_id TEXT NOT NULL,
    PRIMARY KEY (key, published, article_id)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS stories_story (
    id TEXT PRIMARY KEY, first_article_id TEXT NOT NULL, first_published REAL NOT NULL,
    last_published REAL NOT NULL, n_articles INTEGER NOT NULL, centroid TEXT NOT NULL,
    title_centroid TEXT NOT NULL, entities TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS stories_df (term TEXT PRIMARY KEY, df INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS stories_meta (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
INSERT OR IGNORE INTO stories_meta (name, value) VALUES ('n_docs', 0);
"""
_CHUNK = 500  # stay below SQLite's host-parameter limit


def _ts(dt: datetime) -> float:
    return dt.timestamp()


def _dt(ts: float) -> datetime:
    return datetime.fromtimestamp(ts, UTC)


def _dumps(obj: dict) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


def _chunks(items: Sequence[str]) -> Iterator[Sequence[str]]:
    for i in range(0, len(items), _CHUNK):
        yield items[i : i + _CHUNK]


def _rows_in(conn: sqlite3.Connection, sql: str, values: Iterable[str]) -> Iterator[tuple]:
    """The rows of `sql`, which ends in "IN", for `values`: in chunks of bound parameters."""
    for chunk in _chunks(list(dict.fromkeys(values))):
        yield from conn.execute(f"{sql} ({','.join('?' * len(chunk))})", chunk)


def _article(aid, sid, pub, copy_of, sig, vec, tvec, ents) -> ArticleRecord:
    return ArticleRecord(
        id=aid, story_id=sid, published=_dt(pub), signature=Signature.from_bytes(sig),
        vector=json.loads(vec), title_vector=json.loads(tvec), entities=json.loads(ents),
        copy_of=copy_of,
    )  # fmt: skip


def _story(sid, first_id, first, last, n, cen, tcen, ents) -> StoryRecord:
    return StoryRecord(
        id=sid, first_article_id=first_id, first_published=_dt(first), last_published=_dt(last),
        n_articles=n, centroid=json.loads(cen), title_centroid=json.loads(tcen),
        entities=json.loads(ents),
    )  # fmt: skip


class SqliteStoryIndex:
    """``StoryIndex`` stored in an SQLite file (created if missing)."""

    def __init__(self, path: str | Path, timeout: float = 30.0) -> None:
        self.path = str(path)
        # autocommit mode: transactions are explicit (see ``transaction``)
        self.conn = sqlite3.connect(self.path, timeout=timeout, isolation_level=None)
        self.conn.execute("PRAGMA journal_mode=WAL")
        self.conn.execute("PRAGMA synchronous=NORMAL")
        self.conn.execute(f"PRAGMA busy_timeout={int(timeout * 1000)}")
        self._depth = 0
        self.conn.executescript(SCHEMA)  # idempotent; runs in its own transaction

    def close(self) -> None:
        self.conn.close()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        if self._depth:  # nested: the outer transaction holds the lock
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
            return
        self.conn.execute("BEGIN IMMEDIATE")
        self._depth = 1
        try:
            yield
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        else:
            self.conn.execute("COMMIT")
        finally:
            self._depth = 0

    def band_candidates(self, band_keys: Sequence[str]) -> set[str]:
        sql = "SELECT article_id FROM stories_band WHERE band_key IN"
        return {r[0] for r in _rows_in(self.conn, sql, band_keys)}

    def entity_candidates(
        self, entity_keys: Sequence[str], since: datetime, limit_per_key: int = 50
    ) -> set[str]:
        out: set[str] = set()
        ts = _ts(since)
        sql = (
            "SELECT article_id FROM stories_key WHERE key = ? AND published >= ? "
            "ORDER BY published DESC LIMIT ?"
        )
        for key in dict.fromkeys(entity_keys):
            out.update(r[0] for r in self.conn.execute(sql, (key, ts, limit_per_key)))
        return out

    def recent(self, since: datetime, limit: int = 100) -> set[str]:
        rows = self.conn.execute(
            "SELECT id FROM stories_article WHERE published >= ? ORDER BY published DESC LIMIT ?",
            (_ts(since), limit),
        )
        return {r[0] for r in rows}

    def story_of(self, article_ids: Iterable[str]) -> dict[str, str]:
        return dict(
            _rows_in(self.conn, "SELECT id, story_id FROM stories_article WHERE id IN", article_ids)
        )

    def get_articles(self, article_ids: Iterable[str]) -> dict[str, ArticleRecord]:
        sql = (
            "SELECT id, story_id, published, copy_of, signature, vector, title_vector, "
            "entities FROM stories_article WHERE id IN"
        )
        return {row[0]: _article(*row) for row in _rows_in(self.conn, sql, article_ids)}

    def get_stories(self, story_ids: Iterable[str]) -> dict[str, StoryRecord]:
        sql = (
            "SELECT id, first_article_id, first_published, last_published, n_articles, "
            "centroid, title_centroid, entities FROM stories_story WHERE id IN"
        )
        return {row[0]: _story(*row) for row in _rows_in(self.conn, sql, story_ids)}

    def doc_freqs(self, terms: Iterable[str]) -> tuple[int, dict[str, int]]:
        n_docs = self.conn.execute("SELECT value FROM stories_meta WHERE name='n_docs'").fetchone()
        out = dict(_rows_in(self.conn, "SELECT term, df FROM stories_df WHERE term IN", terms))
        return int(n_docs[0]), out

    def put(
        self,
        article: ArticleRecord,
        story: StoryRecord,
        band_keys: Sequence[str],
        topic_keys: Sequence[str],
        terms: Iterable[str],
    ) -> None:
        with self.transaction():
            c = self.conn
            exists = c.execute("SELECT 1 FROM stories_article WHERE id=?", (article.id,)).fetchone()
            ts = _ts(article.published)
            c.execute(
                "INSERT OR REPLACE INTO stories_article (id, story_id, published, copy_of, "
                "signature, vector, title_vector, entities) VALUES (?,?,?,?,?,?,?,?)",
                (
                    article.id,
                    article.story_id,
                    ts,
                    article.copy_of,
                    article.signature.to_bytes(),
                    _dumps(article.vector),
                    _dumps(article.title_vector),
                    _dumps(article.entities),
                ),
            )
            self._put_story(story)
            if exists:  # re-put of a known article: keys and frequencies are already counted
                return
            c.executemany(
                "INSERT OR IGNORE INTO stories_band (band_key, article_id) VALUES (?, ?)",
                [(k, article.id) for k in band_keys],
            )
            c.executemany(
                "INSERT OR IGNORE INTO stories_key (key, published, article_id) VALUES (?, ?, ?)",
                [(k, ts, article.id) for k in dict.fromkeys(topic_keys)],
            )
            c.executemany(
                "INSERT INTO stories_df (term, df) VALUES (?, 1) "
                "ON CONFLICT(term) DO UPDATE SET df = df + 1",
                [(t,) for t in set(terms)],
            )
            c.execute("UPDATE stories_meta SET value = value + 1 WHERE name='n_docs'")

    def _put_story(self, story: StoryRecord) -> None:
        self.conn.execute(
            "INSERT OR REPLACE INTO stories_story (id, first_article_id, first_published, "
            "last_published, n_articles, centroid, title_centroid, entities) "
            "VALUES (?,?,?,?,?,?,?,?)",
            (
                story.id,
                story.first_article_id,
                _ts(story.first_published),
                _ts(story.last_published),
                story.n_articles,
                _dumps(story.centroid),
                _dumps(story.title_centroid),
                _dumps(story.entities),
            ),
        )
