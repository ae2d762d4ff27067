"""Bulk loading of a synthetic archive into a migrated PostgreSQL portal database with COPY:
articles of German sentences recombined from the Wikinews corpus, three articles per story,
entities named like the corpus's, 3-8 entity links per article, the story index's rows
(signature, 33 band keys + head key, 8 topical keys per article, document frequencies) and the
search index (tsvector built in the database). Django must be set up first.
"""

from __future__ import annotations

import json
import random
import re
import time
from collections import Counter
from datetime import UTC, datetime, timedelta

import numpy as np

from meldungen.stories.dedup import NUM_PERM, Signature, band_keys

RESSORTS = ["Politik", "Wirtschaft", "Kultur", "Sport", "Panorama", "Wissenschaft"]
_WORD = re.compile(r"[A-Za-zÄÖÜäöüß]{4,}")
_NAME = re.compile(r"\b[A-ZÄÖÜ][a-zäöüß]+(?: [A-ZÄÖÜ][a-zäöüß]+)?\b")
END = datetime(2026, 11, 30, tzinfo=UTC)


def _dumps(obj) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


def sentence_pool(stories) -> list[str]:
    return [s for st in stories for s in st.paragraphs if 30 <= len(s) <= 400]


def entity_names(sentences: list[str], n: int) -> list[str]:
    counts = Counter(m for s in sentences for m in _NAME.findall(s) if " " in m or len(m) > 6)
    return [name for name, _ in counts.most_common(n)]


def _slug(name: str, i: int) -> str:
    base = re.sub(r"[^a-z0-9]+", "-", name.lower().translate(str.maketrans("äöüß", "aous")))
    return f"{base.strip('-')[:80]}-{i}"


def article_template(connection) -> dict[str, object]:
    """Every news_article column with a plain article's value (COPY-ready)."""
    from meldungen.news.models import Article

    proto = Article(guid="x", format="dpa", headline="x", published=END)
    values = {}
    for f in Article._meta.concrete_fields:
        value = getattr(proto, f.attname)
        if f.get_internal_type() == "JSONField":
            value = _dumps(value)
        values[f.column] = value
    return values


def _copy(cur, table: str, cols: list[str], rows) -> None:
    with cur.copy(f"COPY {table} ({','.join(cols)}) FROM STDIN") as cp:
        for row in rows:
            cp.write_row(row)


def _copy_batch(cur, cols, sts, arts, links, sarts, bands, keys) -> None:
    _copy(
        cur,
        "news_story",
        [
            "id",
            "first_article_id",
            "first_published",
            "last_published",
            "n_articles",
            "centroid",
            "title_centroid",
            "entities",
        ],
        sts,
    )
    _copy(cur, "news_article", cols, arts)
    _copy(
        cur,
        "news_articleentity",
        ["article_id", "entity_id", "salience", "mentions", "is_tag", "rank"],
        links,
    )
    _copy(
        cur,
        "news_storyarticle",
        [
            "article_id",
            "story_id",
            "published",
            "copy_of",
            "signature",
            "vector",
            "title_vector",
            "entities",
        ],
        sarts,
    )
    _copy(cur, "news_storyband", ["band_key", "article_id"], bands)
    _copy(cur, "news_storykey", ["key", "published", "article_id"], keys)


def load(n: int, stories, *, seed: int = 1, batch: int = 20_000, log=print) -> None:
    """Fill the (empty, migrated) database with ``n`` articles; logs progress."""
    from django.db import connection, transaction

    rng = random.Random(seed)
    np_rng = np.random.default_rng(seed)
    sentences = sentence_pool(stories)
    words_of = [_WORD.findall(s) for s in sentences]
    names = entity_names(sentences, 20_000)
    log(f"corpus: {len(sentences)} sentences, {len(names)} entity names")
    template = article_template(connection)
    cols = list(template)
    per_day = 150  # about 55,000 a year: a big regional newsroom's output
    zipf = np.minimum(np_rng.zipf(1.3, size=8 * n + 16), len(names)) - 1
    zi = 0
    df: Counter = Counter()
    t0 = time.monotonic()
    with connection.cursor() as c:
        cur = c.cursor  # the psycopg cursor, for COPY
        cur.execute("SET synchronous_commit = off")
        _copy(
            cur,
            "news_entity",
            ["id", "key", "name", "display", "type", "slug", "blocked", "renamed", "article_count"],
            (
                (
                    i + 1,
                    f"per:{_slug(nm, i)}",
                    nm,
                    nm.split()[-1],
                    rng.choice(["PER", "ORG", "LOC"]),
                    _slug(nm, i),
                    False,
                    False,
                    0,
                )
                for i, nm in enumerate(names)
            ),
        )
        for start in range(0, n, batch):
            arts, sts, links, sarts, bands, keys = [], [], [], [], [], []
            for i in range(start, min(n, start + batch)):
                pk = i + 1
                published = END - timedelta(days=(n - i) / per_day)
                picked = rng.sample(range(len(sentences)), rng.randint(5, 10))
                paras = [sentences[k] for k in picked]
                head_words = sentences[picked[0]].split()[: rng.randint(6, 11)]
                story_pk = pk - (pk - 1) % 3
                row = dict(template)
                row.update(
                    id=pk,
                    guid=f"urn:archiv:{pk}",
                    headline=" ".join(head_words).rstrip(",."),
                    teaser=paras[0],
                    body="".join(f"<p>{p}</p>" for p in paras),
                    published=published,
                    created_at=published,
                    modified_at=published,
                    ressort=RESSORTS[(story_pk // 3) % len(RESSORTS)],
                    content_hash=f"{pk:064x}",
                    source_name="Archiv",
                    story_id=str(story_pk),
                    credit="dpa",
                )
                arts.append([row[c] for c in cols])
                if pk == story_pk:
                    sts.append(
                        (
                            str(pk),
                            pk,
                            published,
                            published + timedelta(hours=5),
                            min(3, n - i),
                            "{}",
                            "{}",
                            "{}",
                        )
                    )
                ents = sorted({int(x) for x in zipf[zi : zi + rng.randint(3, 8)]})
                zi += 8
                for rank, e in enumerate(ents):
                    links.append(
                        (pk, e + 1, round(1.0 / (rank + 1), 3), 1 + rank % 3, rank < 5, rank)
                    )
                terms = list(dict.fromkeys(w.lower() for k in picked for w in words_of[k]))[:100]
                df.update(terms)
                sig = Signature(
                    np_rng.integers(0, 2**32, NUM_PERM, dtype=np.uint32),
                    300,
                    frozenset(int(x) for x in np_rng.integers(0, 2**32, 20)),
                    pk,
                )
                vec = _dumps({w: round(1.0 / (k + 3), 4) for k, w in enumerate(terms[:60])})
                sarts.append((pk, str(story_pk), published, None, sig.to_bytes(), vec, vec, "{}"))
                bands += [(k, pk) for k in band_keys(sig)]
                keys += [(f"t:{w}", published, pk) for w in terms[:5]]
                keys += [(f"e:{names[e]}", published, pk) for e in ents[:3]]
            with transaction.atomic():  # the story <-> article keys are checked at commit
                _copy_batch(cur, cols, sts, arts, links, sarts, bands, keys)
            done = min(n, start + batch)
            log(f"  {done:>9,} articles  {done / (time.monotonic() - t0):7.0f}/s")
        df[""] = n
        _copy(cur, "news_termfrequency", ["term", "df"], ((t[:200], c) for t, c in df.items()))
        cur.execute(
            "UPDATE news_entity e SET article_count = c.n FROM (SELECT entity_id, count(*) n"
            " FROM news_articleentity GROUP BY entity_id) c WHERE c.entity_id = e.id"
        )
        for table in (
            "news_entity",
            "news_article",
            "news_articleentity",
            "news_storyband",
            "news_storykey",
        ):
            cur.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT coalesce(max(id), 1) FROM {table}))"
            )
        log(f"rows loaded in {time.monotonic() - t0:.0f} s; building the search index")
        t1 = time.monotonic()
        cur.execute("DROP INDEX IF EXISTS search_document_gin")
        # PostgreSQL's own German stems, in SQL for speed: the portal indexes the stems of
        # search/text.py with `simple` (search/backends/postgres.py). They are the same for
        # nearly every word (about 3 % of word forms differ), which is what timings depend on.
        cur.execute(
            "INSERT INTO search_document (article_id, document) SELECT id,"
            " setweight(to_tsvector('german', kicker || ' ' || headline), 'A')"
            " || setweight(to_tsvector('german', teaser), 'B')"
            " || setweight(to_tsvector('german', regexp_replace(body, '<[^>]+>', ' ', 'g')), 'C')"
            " FROM news_article"
        )
        cur.execute("SET maintenance_work_mem = '512MB'")
        cur.execute("CREATE INDEX search_document_gin ON search_document USING GIN (document)")
        log(f"search index built in {time.monotonic() - t1:.0f} s")
        cur.execute("ANALYZE")
