"""A big archive on PostgreSQL: build it in bulk, then time the pages and story assignment.

For each ``--n`` (default 100,000 and 1,000,000) a database ``meldungen_archive_<n>`` on the
server of ``--server`` is (re)built with COPY (bench/_archive_load.py: German sentences of the
Wikinews corpus recombined, generated text when ../shared is absent; three articles a story;
entities; entity links; story-index rows; search index), unless it exists and ``--reuse``
is given. Then, in the same process, uncached (the page cache off, MELDUNGEN_PAGE_CACHE=0, as
``bench/portal.py`` measures uncached pages: every request renders its page; the small caches
of the navigation and Ressort names stay on, in local memory; ``--no-cache`` turns those off
too with Django's DummyCache, as this script measured before; no conditional requests),
through Django's test client:
  article   ``/artikel/<id>/`` of random articles, whose stored "Weitere Meldungen" lists are
            computed first as the worker does at ingest (``--request-time-lists``: not)
  home      ``/``
  topic     ``/thema/<slug>/`` of random entities among the 2,000 most used
  topic_again  the same topic pages once more (a big topic's chart figures are kept)
  search    ``/suche?q=...`` common German words and pairs
  assign    ``assign_story`` of new articles (real text, after the archive's last day)
  related   building "Weitere Meldungen" for one random article (``news.stories.related_for``
            with the search index as the page asks it: what the page or a background job pays)
and the size of the database and of its indexes. Each size runs in its own process; the
figures of all sizes are printed side by side, last.

Run: .venv/bin/python bench/archive.py [--n 100000 1000000] [--reuse] [--samples 40]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(Path(__file__).resolve().parent))

WORDS = [
    *[
        "Regierung",
        "Berlin",
        "Wahl",
        "Gericht",
        "Polizei",
        "Europa",
        "Bundestag",
        "Partei",
        "Minister",
        "Kanzler",
    ],
    *[
        "Klima",
        "Streik",
        "Schule",
        "Bahn",
        "Preise",
        "Präsident",
        "Opposition",
        "Wirtschaft",
        "Krieg",
        "Steuer",
    ],
    *[
        "Verfassung",
        "Demokratie",
        "Haushalt",
        "Koalition",
        "Abstimmung",
        "Protest",
        "Reform",
        "Union",
    ],
]


def _pctl(values: list[float]) -> tuple[float, float]:
    values = sorted(values)
    p95 = values[min(len(values) - 1, int(round(0.95 * (len(values) - 1))))]
    return statistics.median(values), p95


def _server_cpu_s() -> float | None:
    """CPU seconds the PostgreSQL backend of this process's connection has used so far (read
    from /proc, so only with the server on this machine; None elsewhere or on SQLite)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cur:
        cur.execute("SELECT pg_backend_pid()")
        pid = cur.fetchone()[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _time(client, urls: list[str]) -> dict:
    """Wall-clock median and p95, the median CPU time of this process and the mean CPU time of
    the database server's backend per request (both steadier than wall time on a loaded
    machine)."""
    times, cpu, bad = [], [], 0
    db0 = _server_cpu_s()
    for url in urls:
        t0, c0 = time.perf_counter(), time.process_time()
        response = client.get(url)
        times.append((time.perf_counter() - t0) * 1000)
        cpu.append((time.process_time() - c0) * 1000)
        bad += response.status_code != 200
    return {**_figures(times, cpu, db0, _server_cpu_s()), "non200": bad}


def _figures(times: list[float], cpu: list[float], db0, db1) -> dict:
    """Wall median and p95, median CPU, and mean database CPU per timed call (ms)."""
    median, p95 = _pctl(times)
    return {
        "median_ms": round(median, 1),
        "p95_ms": round(p95, 1),
        "cpu_ms": round(statistics.median(cpu), 1),
        "db_cpu_ms": round((db1 - db0) * 1000 / len(times), 1) if db0 is not None else None,
        "n": len(times),
    }


def _time_related(ids: list[int]) -> dict:
    """Wall and CPU time to build "Weitere Meldungen" for each visible article of ``ids``."""
    from meldungen.news.models import Article
    from meldungen.news.stories import related_for
    from meldungen.web.queries import visible_articles
    from meldungen.web.related import search_candidates

    times, cpu, shown = [], [], []
    db0 = _server_cpu_s()
    for article in Article.objects.visible().filter(pk__in=ids):
        t0, c0 = time.perf_counter(), time.process_time()
        entries = related_for(article, visible_articles(), search=search_candidates)
        times.append((time.perf_counter() - t0) * 1000)
        cpu.append((time.process_time() - c0) * 1000)
        shown.append(len(entries))
    entries = round(statistics.mean(shown), 2) if shown else 0
    return {**_figures(times, cpu, db0, _server_cpu_s()), "entries": entries}


def _create_database(server: str, name: str) -> None:
    import psycopg

    with psycopg.connect(f"{server.rstrip('/')}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')


def _has_archive(n: int) -> bool:
    from django.db import connection

    try:
        with connection.cursor() as cur:
            cur.execute("SELECT count(*) FROM news_article")
            return cur.fetchone()[0] >= n
    except Exception:  # missing database or tables: build it
        return False


def one(
    n: int,
    server: str,
    reuse: bool,
    samples: int,
    build_only: bool = False,
    sqlite: bool = False,
    no_cache: bool = False,
    stored_lists: bool = True,
) -> dict:
    """Build (or reuse) the archive of ``n`` articles and measure it; runs in a child process.
    ``sqlite``: a SQLite copy of the PostgreSQL archive of ``n`` (which must exist)."""
    name = f"meldungen_archive_{n}"
    pg_url = f"{server.rstrip('/')}/{name}"
    sqlite_file = Path(tempfile.gettempdir()) / f"{name}.sqlite3"
    os.environ.update(
        DATABASE_URL=f"sqlite:///{sqlite_file}" if sqlite else pg_url,
        DJANGO_SETTINGS_MODULE="meldungen.settings",
        MELDUNGEN_DATA_DIR=tempfile.mkdtemp(prefix="bench-archive-"),
        MELDUNGEN_ALLOWED_HOSTS="testserver",
        MELDUNGEN_SEED_SOURCES="0",
        MELDUNGEN_FETCH_PICTURES="0",
        MELDUNGEN_POLL="0",
        MELDUNGEN_PAGE_CACHE="0",
        MELDUNGEN_CACHE_URL="locmem://",
        MELDUNGEN_TASK_BACKEND="django_tasks.backends.dummy.DummyBackend",
    )
    import django

    django.setup()
    from _archive_load import END, sentence_pool
    from _archive_sql import load
    from _corpus import generated, wikinews
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.test import Client
    from django.test.utils import override_settings

    corpus = wikinews()
    origin = f"Wikinews, {len(corpus)} articles"
    if not corpus:
        corpus, origin = generated(2000), "generated text"
    build_s = None
    if sqlite and not (reuse and _has_archive(n)):
        from _archive_sqlite import copy_from

        connection.close()
        sqlite_file.unlink(missing_ok=True)
        call_command("migrate", verbosity=0)
        t0 = time.monotonic()
        copy_from(pg_url, log=lambda m: print(m, file=sys.stderr, flush=True))
        build_s = round(time.monotonic() - t0)
    elif not sqlite and not (reuse and _has_archive(n)):
        connection.close()
        _create_database(server, name)
        call_command("migrate", verbosity=0)
        t0 = time.monotonic()
        load(n, corpus, log=lambda m: print(m, file=sys.stderr, flush=True))
        with connection.cursor() as cur:  # as autovacuum would: visibility map, statistics
            cur.execute("VACUUM (ANALYZE)")
        build_s = round(time.monotonic() - t0)
    if build_only:
        return {"n": n, "build_s": build_s}
    call_command("migrate", verbosity=0)  # a reused archive gets this branch's indexes
    from meldungen.news.models import Article, Entity
    from meldungen.news.stories import assign_story

    rng = random.Random(5)
    out: dict = {"n": n, "engine": connection.vendor, "text": origin, "build_s": build_s}
    dummy = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    with override_settings(**({"CACHES": dummy} if no_cache else {})):
        client = Client()
        client.get("/")  # warm-up: templates, first connection
        # and a search: the word lists it loads once per process, and PostgreSQL's German
        # dictionary, which a connection loads on its first search (kept for 60 s, settings.py)
        client.get("/suche?q=Wetter")
        max_id = Article.objects.order_by("-id").values_list("id", flat=True).first()
        ids = [rng.randint(1, max_id) for _ in range(samples)]
        if stored_lists:  # as the background worker does when an article is stored
            from meldungen.web.relatedstore import refresh

            for i in ids:
                refresh(i, neighbours=False)
        out["article"] = _time(client, [f"/artikel/{i}/" for i in ids])
        out["home"] = _time(client, ["/"] * max(10, samples // 2))
        slugs = list(
            Entity.objects.order_by("-article_count").values_list("slug", flat=True)[:2000]
        )
        topics = [f"/thema/{rng.choice(slugs)}/" for _ in range(samples)]
        out["topic"] = _time(client, topics)
        # the same topics again: a big topic's chart figures are then kept (web/templatetags/
        # meldungen_trends.BIG_TOPIC), as for every reader after the first in ten minutes
        out["topic_again"] = _time(client, topics)
        queries = [rng.choice(WORDS) for _ in range(samples // 2)]
        queries += [f"{rng.choice(WORDS)} {rng.choice(WORDS)}" for _ in range(samples // 2)]
        if not sqlite:  # no search index in the SQLite copy (see bench/_archive_sqlite.py)
            out["search"] = _time(client, [f"/suche?q={q}" for q in queries])

    out["related"] = _time_related(ids)
    sentences = sentence_pool(corpus)
    times, cpu = [], []
    for i in range(-1, max(10, samples // 2)):  # -1: warm-up (the lemmatiser loads)
        paras = rng.sample(sentences, 6)
        with transaction.atomic():
            article = Article(
                guid=f"urn:neu:{n}:{i}:{time.time_ns()}",
                format="dpa",
                headline=" ".join(paras[0].split()[:9]),
                teaser=paras[0],
                body="".join(f"<p>{p}</p>" for p in paras),
                published=END + timedelta(hours=1 + i),
                content_hash=f"neu-{time.time_ns()}",
            )
            article.save()
            t0, c0 = time.perf_counter(), time.process_time()
            assign_story(article)
            if i >= 0:
                times.append((time.perf_counter() - t0) * 1000)
                cpu.append((time.process_time() - c0) * 1000)
            transaction.set_rollback(True)  # leave the archive as built
    median, p95 = _pctl(times)
    out["assign"] = {
        "median_ms": round(median, 1),
        "p95_ms": round(p95, 1),
        "cpu_ms": round(statistics.median(cpu), 1),
        "n": len(times),
    }
    if sqlite:
        out["db_mb"] = round(sqlite_file.stat().st_size / 2**20)
        out["index_mb"] = 0  # not split out on SQLite
        return out
    with connection.cursor() as cur:
        cur.execute(
            "SELECT pg_database_size(current_database()),"
            " (SELECT sum(pg_indexes_size(relid)) FROM pg_stat_user_tables)"
        )
        db_bytes, idx_bytes = cur.fetchone()
    out["db_mb"], out["index_mb"] = round(db_bytes / 2**20), round(int(idx_bytes) / 2**20)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, nargs="+", default=[100_000, 1_000_000])
    ap.add_argument("--server", default="postgresql://postgres@127.0.0.1:5432")
    ap.add_argument("--reuse", action="store_true", help="keep an archive that is already built")
    ap.add_argument("--samples", type=int, default=40)
    ap.add_argument("--build-only", action="store_true", help="build, measure nothing")
    ap.add_argument(
        "--sqlite", action="store_true", help="also a SQLite copy of each archive, measured alike"
    )
    ap.add_argument(
        "--no-cache",
        action="store_true",
        help="Django's DummyCache for every cache, not only pages",
    )
    ap.add_argument(
        "--request-time-lists",
        action="store_true",
        help="article pages compute 'Weitere Meldungen' per request (default: each sampled"
        " article's list is computed and stored first, as the worker does at ingest)",
    )
    ap.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one:
        result = one(
            args.one,
            args.server,
            args.reuse,
            args.samples,
            args.build_only,
            args.sqlite,
            args.no_cache,
            not args.request_time_lists,
        )
        print(json.dumps(result))
        return
    print(f"uptime: {os.popen('uptime').read().strip()}", flush=True)
    results = []
    runs = [(n, False) for n in args.n] + ([(n, True) for n in args.n] if args.sqlite else [])
    for n, sqlite in runs:
        cmd = [sys.executable, __file__, "--one", str(n), "--server", args.server]
        cmd += ["--samples", str(args.samples)] + (["--reuse"] if args.reuse else [])
        cmd += (["--build-only"] if args.build_only else []) + (["--sqlite"] if sqlite else [])
        cmd += ["--no-cache"] if args.no_cache else []
        cmd += ["--request-time-lists"] if args.request_time_lists else []
        done = subprocess.run(cmd, stdout=subprocess.PIPE, text=True, check=True)
        results.append(json.loads(done.stdout.strip().splitlines()[-1]))
        print(json.dumps(results[-1]), flush=True)
    if args.build_only:
        return
    print(f"uptime: {os.popen('uptime').read().strip()}")
    print()
    print(f"{'articles':<22}" + "".join(f"{r['n']:>22,}" for r in results))
    print(f"{'engine':<22}" + "".join(f"{r['engine']:>22}" for r in results))
    print(f"{'text':<22}" + "".join(f"{r['text'][:20]:>22}" for r in results))
    print(f"{'build (s)':<22}" + "".join(f"{r['build_s'] or '-':>22}" for r in results))
    for key in ("article", "home", "topic", "topic_again", "search", "related", "assign"):
        cells = "".join(
            f"{r[key]['median_ms']:>10.1f} /{r[key]['p95_ms']:>9.1f}" if key in r else f"{'-':>22}"
            for r in results
        )
        print(f"{key + ' ms median/p95':<22}{cells}")
        cpu = "".join(
            f"{r[key]['cpu_ms']:>22.1f}" if "cpu_ms" in r.get(key, {}) else f"{'-':>22}"
            for r in results
        )
        print(f"{'  (cpu ms median)':<22}{cpu}")
        db = "".join(
            f"{r[key]['db_cpu_ms']:>22.1f}"
            if r.get(key, {}).get("db_cpu_ms") is not None
            else f"{'-':>22}"
            for r in results
        )
        print(f"{'  (db cpu ms mean)':<22}{db}")
    print(f"{'database MB':<22}" + "".join(f"{r['db_mb']:>22,}" for r in results))
    print(f"{'of which indexes MB':<22}" + "".join(f"{r['index_mb']:>22,}" for r in results))
    if len(results) > 1:
        a, b = results[0]["assign"]["median_ms"], results[-1]["assign"]["median_ms"]
        print(
            f"assignment {results[-1]['n']:,} vs {results[0]['n']:,}: {b / a:.2f}x (goal <= 1.5x)"
        )
        a, b = results[0]["related"]["p95_ms"], results[-1]["related"]["p95_ms"]
        print(f"related list p95 {results[-1]['n']:,} vs {results[0]['n']:,}: {b / a:.2f}x")


if __name__ == "__main__":
    main()
