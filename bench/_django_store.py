"""Django side of bench/stories.py: a throw-away portal database, bulk-loaded with synthetic
stored articles, and the two timed paths ingest pays (``DjangoStoryIndex`` only, and the
Article insert plus ``assign_story`` in one transaction, as ``store_draft`` does).

Django is imported lazily: ``setup()`` must run first (it sets the data dir and settings).
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from pathlib import Path

SETTINGS = "meldungen.settings"


def setup(data_dir: Path) -> None:
    """Point the portal at ``data_dir`` (a fresh SQLite database) and migrate it."""
    os.environ["MELDUNGEN_DATA_DIR"] = str(data_dir)
    os.environ["DJANGO_SETTINGS_MODULE"] = SETTINGS
    os.environ.pop("DATABASE_URL", None)
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def reset(data_dir: Path) -> None:
    """Drop the current database and start a fresh one in ``data_dir`` (same process)."""
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    connection.close()
    settings.DATABASES["default"]["NAME"] = str(data_dir / "meldungen.sqlite3")
    call_command("migrate", verbosity=0)


def _dumps(obj: dict) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


def _article_template() -> tuple[list[str], dict[str, object]]:
    """Column names and db values of a plain Article, so raw inserts fill every NOT NULL column."""
    from django.db import connection

    from meldungen.news.models import Article

    proto = Article(
        guid="x", format="rss", headline="x", published=datetime(2020, 1, 1, tzinfo=UTC)
    )
    cols, values = [], {}
    for f in Article._meta.concrete_fields:
        cols.append(f.column)
        values[f.column] = f.get_db_prep_save(getattr(proto, f.attname), connection)
    return cols, values


def bulk_load(rows: Iterable[dict], batch: int = 2000) -> None:
    """Insert synthetic stored articles (dicts from ``stories.synthetic_rows``) straight into
    news_article, news_story, news_storyarticle, news_storyband, news_storykey and
    news_termfrequency: the rows ``DjangoStoryIndex.put`` and ``store_draft`` would write."""
    from django.db import connection, transaction

    cols, template = _article_template()
    dt = connection.ops.adapt_datetimefield_value
    art_sql = f"INSERT INTO news_article ({','.join(cols)}) VALUES ({','.join('%s' for _ in cols)})"
    df: dict[str, int] = {}
    n = 0
    with connection.cursor() as cur:
        # bulk load only, on this connection (closed afterwards): the timed part opens a fresh
        # one with the settings' WAL, synchronous=NORMAL and default page cache
        cur.execute("PRAGMA journal_mode=OFF")
        cur.execute("PRAGMA synchronous=OFF")
        cur.execute("PRAGMA foreign_keys=OFF")
        cur.execute("PRAGMA cache_size=-262144")  # 256 MiB: random band keys thrash 2 MiB
    buf: list[dict] = []

    def flush() -> None:
        arts, stories, sarts, bands, keys = [], [], [], [], []
        for r in buf:
            pk, sid, pub = r["pk"], r["story_pk"], dt(r["published"])
            vals = dict(template)
            vals.update(
                id=pk,
                guid=f"bench-{pk}",
                headline=r["headline"],
                published=pub,
                created_at=pub,
                modified_at=pub,
                content_hash=f"{pk:064x}",
                story_id=str(sid),
            )
            arts.append([vals[c] for c in cols])
            # the pair's second article rewrites its story row, as put() does
            stories.append(
                (
                    str(sid),
                    sid,
                    pub,
                    pub,
                    r["story_n"],
                    _dumps(r["centroid"]),
                    _dumps(r["vector"]),
                    "{}",
                )
            )
            sarts.append(
                (
                    pk,
                    str(sid),
                    pub,
                    None,
                    r["signature"],
                    _dumps(r["vector"]),
                    _dumps(r.get("title_vector", r["vector"])),
                    "{}",
                )
            )
            bands += [(k[:64], pk) for k in r["bands"]]
            keys += [(k[:300], pub, pk) for k in r["keys"]]
        with transaction.atomic(), connection.cursor() as cur:
            cur.executemany(art_sql, arts)
            cur.executemany(
                "INSERT OR REPLACE INTO news_story (id, first_article_id, first_published,"
                " last_published, n_articles, centroid, title_centroid, entities)"
                " VALUES (%s,%s,%s,%s,%s,%s,%s,%s)",
                stories,
            )
            cur.executemany(
                "INSERT INTO news_storyarticle (article_id, story_id, published, copy_of,"
                " signature, vector, title_vector, entities) VALUES (%s,%s,%s,%s,%s,%s,%s,%s)",
                sarts,
            )
            cur.executemany(
                "INSERT INTO news_storyband (band_key, article_id) VALUES (%s,%s)", bands
            )
            cur.executemany(
                "INSERT INTO news_storykey (key, published, article_id) VALUES (%s,%s,%s)", keys
            )
        buf.clear()

    for r in rows:
        buf.append(r)
        n += 1
        for t in r["terms"]:
            df[t] = df.get(t, 0) + 1
        if len(buf) >= batch:
            flush()
    if buf:
        flush()
    df[""] = n  # the document count row
    with transaction.atomic(), connection.cursor() as cur:
        cur.executemany(
            "INSERT INTO news_termfrequency (term, df) VALUES (%s,%s)",
            [(t[:200], c) for t, c in df.items()],
        )
    with connection.cursor() as cur:
        cur.execute("PRAGMA journal_mode=WAL")
    connection.close()


def make_article(pk_hint: str, title: str, text: str, published: datetime):
    """An unsaved Article row like the ones ``store_draft`` writes (plain-text body)."""
    from meldungen.news.models import Article

    return Article(
        guid=f"bench-new-{pk_hint}",
        format="rss",
        source_name="Bench",
        headline=title,
        body=f"<p>{text}</p>",
        published=published,
        content_hash=f"new-{pk_hint}",
    )


def assign_only(items: list[tuple[str, str, str, datetime]]) -> Callable[[int], None]:
    """Prepare Article rows for ``items`` (untimed); the returned callable runs the clusterer
    on item ``i`` through ``DjangoStoryIndex``, the part ``assign_story`` spends in the index."""
    from meldungen.news.story_index import DjangoStoryIndex
    from meldungen.stories.cluster import Article as StoryInput
    from meldungen.stories.cluster import StoryClusterer

    stored = [make_article(*it) for it in items]
    from meldungen.news.models import Article

    Article.objects.bulk_create(stored)
    ids = {a.guid: a.pk for a in Article.objects.filter(guid__startswith="bench-new-")}
    inputs = [
        StoryInput(id=str(ids[a.guid]), title=it[1], text=it[2], published=it[3])
        for a, it in zip(stored, items, strict=True)
    ]

    def run(i: int) -> None:
        StoryClusterer(DjangoStoryIndex()).add(inputs[i])

    return run


def store_and_assign(items: list[tuple[str, str, str, datetime]]) -> Callable[[int], None]:
    """The callable inserts item ``i`` as an Article (with its search-index signal) and runs
    ``assign_story`` in one transaction: ``store_draft`` without enrichment."""
    from django.db import transaction

    from meldungen.news.stories import assign_story

    def run(i: int) -> None:
        with transaction.atomic():
            article = make_article(*items[i])
            article.save()
            assign_story(article)

    return run
