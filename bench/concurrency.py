"""Write concurrency, SQLite against PostgreSQL: N writer processes store items through the
real store path (``news.services.store_draft``: one transaction per item, story assignment
inside it) while reader processes render pages, on each engine in turn.

For every engine and every N of ``--writers`` (default 1 4 8) the writers each store
``--items`` new German articles (Wikinews sentences, generated text when ../shared is absent)
into the same database, and ``--readers`` processes render the home page and article pages
uncached (page cache off) until the writers are done. Printed per run: items/s over all
writers, per-item store time median/p95, lock retries (store_draft's "database busy" back-off),
items that failed, and the readers' page time median/p95 and failed pages. The 1-writer run of
each engine is the baseline of its row.

By default each item's enrichment (NER, entities, Ressort: CPU only, computed before the write
transaction) is computed before the clock starts, so that the figures show the database's
share on this 2-core machine rather than the NER's; ``--enrich`` keeps it in the timed path.

Run: .venv/bin/python bench/concurrency.py [--writers 1 4 8] [--items 40] [--readers 2]
     [--postgres postgresql://postgres@127.0.0.1:5432/meldungen_concurrency] [--engines sqlite pg]
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(Path(__file__).resolve().parent))
# stored before the runs, so that pages and story assignment have an archive
BASE_ITEMS = int(os.environ.get("CONC_BASE", "200"))


def _pctl(values: list[float]) -> tuple[float, float]:
    if not values:
        return 0.0, 0.0
    values = sorted(values)
    return statistics.median(values), values[min(len(values) - 1, round(0.95 * (len(values) - 1)))]


def _env(engine: str, data_dir: Path, pg_url: str) -> dict[str, str]:
    env = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="meldungen.settings",
        MELDUNGEN_DATA_DIR=str(data_dir),
        MELDUNGEN_ALLOWED_HOSTS="testserver",
        MELDUNGEN_SEED_SOURCES="0",
        MELDUNGEN_FETCH_PICTURES="0",
        MELDUNGEN_POLL="0",
        MELDUNGEN_PAGE_CACHE="0",
        MELDUNGEN_TASK_BACKEND="django_tasks.backends.dummy.DummyBackend",
    )
    env.pop("DATABASE_URL", None)
    if engine == "pg":
        env["DATABASE_URL"] = pg_url
    return env


def _drafts(tag: str, first: int, count: int):
    """``count`` distinct German drafts (stories ``first``…) with guids under ``tag``."""
    from _corpus import stories

    from meldungen.ingest.draft import ArticleDraft

    corpus, _ = stories(first + count)
    start = datetime(2026, 11, 1, tzinfo=UTC)
    out = []
    for k, story in enumerate(corpus[first : first + count]):
        paras = story.paragraphs[:8]
        out.append(
            ArticleDraft(
                guid=f"urn:conc:{tag}:{k}",
                headline=story.headline,
                format="digitalwires",
                language="de",
                teaser=paras[0],
                body="".join(f"<p>{p}</p>" for p in paras[1:]),
                credit="dpa",
                published=start + timedelta(minutes=first + k),
            )
        )
    return out


def _setup_django() -> None:
    import django

    django.setup()


def _precompute(drafts) -> bool:
    """Enrich every draft now and make the store path reuse it (False: could not, so the
    timed path enriches as usual)."""
    from meldungen.news import services

    compute = getattr(services, "compute_enrichment", None)
    prepare = getattr(services, "_prepare", None)
    if compute is None or prepare is None:
        return False
    memo: dict[str, object] = {}

    def cached(article):
        key = article.content_hash
        if key not in memo:
            memo[key] = compute(article)
        return memo[key]

    services.compute_enrichment = cached
    for draft in drafts:
        prepare(draft, None)
    return True


class _Retries(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        if "busy" in record.getMessage():
            self.count += 1


def writer(tag: str, first: int, count: int, start_at: float, enrich: bool) -> dict:
    _setup_django()
    from meldungen.news.services import store_draft

    drafts = _drafts(tag, first, count)
    precomputed = False if enrich else _precompute(drafts)
    retries = _Retries()
    store_log = logging.getLogger("meldungen.store")
    store_log.addHandler(retries)
    store_log.setLevel(logging.INFO)
    while time.time() < start_at:
        time.sleep(0.01)
    times, failed, outcomes = [], 0, {}
    t_start = time.time()
    for draft in drafts:
        t0 = time.perf_counter()
        try:
            result = store_draft(draft)
            outcomes[result.outcome] = outcomes.get(result.outcome, 0) + 1
        except Exception as exc:  # a lock error that outlived the retries
            failed += 1
            outcomes[type(exc).__name__] = outcomes.get(type(exc).__name__, 0) + 1
        times.append((time.perf_counter() - t0) * 1000)
    return {
        "start": t_start,
        "end": time.time(),
        "times": times,
        "failed": failed,
        "retries": retries.count,
        "outcomes": outcomes,
        "precomputed": precomputed,
    }


def reader(stop_file: str, start_at: float) -> dict:
    _setup_django()
    from django.test import Client

    from meldungen.news.models import Article

    client = Client()
    ids = list(Article.objects.order_by("-id").values_list("id", flat=True)[:BASE_ITEMS])
    client.get("/")
    while time.time() < start_at:
        time.sleep(0.01)
    times, failed, k = [], 0, 0
    while not os.path.exists(stop_file):
        url = "/" if k % 3 == 0 else f"/artikel/{ids[k % len(ids)]}/"
        k += 1
        t0 = time.perf_counter()
        try:
            failed += client.get(url).status_code >= 500
        except Exception:
            failed += 1
        times.append((time.perf_counter() - t0) * 1000)
    return {"times": times, "failed": failed}


def prepare_db(engine: str, pg_url: str) -> None:
    """A fresh database with BASE_ITEMS stored articles (run in a child)."""
    if engine == "pg":
        import psycopg

        server, name = pg_url.rsplit("/", 1)
        with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')
    _setup_django()
    from django.core.management import call_command

    from meldungen.news.services import store_draft

    call_command("migrate", verbosity=0)
    for draft in _drafts("base", 0, BASE_ITEMS):
        store_draft(draft)


def _child(args: list[str], env: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, __file__, *args], env=env, stdout=subprocess.PIPE, text=True
    )


def _result(proc: subprocess.Popen) -> dict:
    out, _ = proc.communicate()
    if proc.returncode:
        raise SystemExit(f"child failed ({proc.returncode})")
    return json.loads(out.strip().splitlines()[-1])


def run(engine: str, writers: int, args, env: dict[str, str], first: int) -> dict:
    stop = Path(env["MELDUNGEN_DATA_DIR"]) / f"stop-{writers}"
    stop.unlink(missing_ok=True)
    start_at = time.time() + 25 + 2 * writers  # after every child has loaded its models
    procs = [
        _child(
            ["--writer", f"{engine}-{writers}-{w}", str(first + w * args.items), str(args.items)]
            + ["--start-at", str(start_at)]
            + (["--enrich"] if args.enrich else []),
            env,
        )
        for w in range(writers)
    ]
    readers = [
        _child(["--reader", str(stop), "--start-at", str(start_at)], env)
        for _ in range(args.readers)
    ]
    results = [_result(p) for p in procs]
    stop.touch()
    read = [_result(p) for p in readers]
    times = [t for r in results for t in r["times"]]
    span = max(r["end"] for r in results) - min(r["start"] for r in results)
    stored = sum(len(r["times"]) - r["failed"] for r in results)
    median, p95 = _pctl(times)
    r_median, r_p95 = _pctl([t for r in read for t in r["times"]])
    outcomes: dict[str, int] = {}
    for r in results:
        for key, value in r["outcomes"].items():
            outcomes[key] = outcomes.get(key, 0) + value
    return {
        "engine": "SQLite" if engine == "sqlite" else "PostgreSQL",
        "writers": writers,
        "items": len(times),
        "items_per_s": round(stored / span, 1) if span else 0.0,
        "store_median_ms": round(median, 1),
        "store_p95_ms": round(p95, 1),
        "retries": sum(r["retries"] for r in results),
        "failed": sum(r["failed"] for r in results),
        "outcomes": outcomes,
        "pages": sum(len(r["times"]) for r in read),
        "page_median_ms": round(r_median, 1),
        "page_p95_ms": round(r_p95, 1),
        "pages_failed": sum(r["failed"] for r in read),
        "enrichment_precomputed": all(r["precomputed"] for r in results),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--writers", type=int, nargs="+", default=[1, 4, 8])
    ap.add_argument("--items", type=int, default=40, help="items per writer")
    ap.add_argument("--readers", type=int, default=2)
    ap.add_argument("--engines", nargs="+", default=["sqlite", "pg"], choices=["sqlite", "pg"])
    ap.add_argument(
        "--postgres", default="postgresql://postgres@127.0.0.1:5432/meldungen_concurrency"
    )
    ap.add_argument("--enrich", action="store_true", help="enrich inside the timed path")
    ap.add_argument("--writer", nargs=3, help=argparse.SUPPRESS)
    ap.add_argument("--reader", help=argparse.SUPPRESS)
    ap.add_argument("--prepare", help=argparse.SUPPRESS)
    ap.add_argument("--start-at", type=float, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.writer:
        tag, first, count = args.writer
        print(json.dumps(writer(tag, int(first), int(count), args.start_at, args.enrich)))
        return
    if args.reader:
        print(json.dumps(reader(args.reader, args.start_at)))
        return
    if args.prepare:
        prepare_db(args.prepare, args.postgres)
        print("{}")
        return
    print(f"uptime: {os.popen('uptime').read().strip()}", flush=True)
    rows = []
    for engine in args.engines:
        data_dir = Path(tempfile.mkdtemp(prefix=f"bench-conc-{engine}-"))
        env = _env(engine, data_dir, args.postgres)
        _result(_child(["--prepare", engine, "--postgres", args.postgres], env))
        first = BASE_ITEMS
        for n in args.writers:
            rows.append(run(engine, n, args, env, first))
            first += n * args.items
            print(json.dumps(rows[-1]), flush=True)
        shutil.rmtree(data_dir, ignore_errors=True)
    print(f"uptime: {os.popen('uptime').read().strip()}")
    print()
    head = f"{'engine':<11}{'writers':>8}{'items/s':>9}{'store ms med/p95':>20}"
    print(head + f"{'retries':>9}{'failed':>8}{'page ms med/p95':>20}{'pages failed':>14}")
    for r in rows:
        print(
            f"{r['engine']:<11}{r['writers']:>8}{r['items_per_s']:>9.1f}"
            f"{r['store_median_ms']:>11.1f} /{r['store_p95_ms']:>7.1f}"
            f"{r['retries']:>9}{r['failed']:>8}"
            f"{r['page_median_ms']:>11.1f} /{r['page_p95_ms']:>7.1f}{r['pages_failed']:>14}"
        )
    for engine in ("SQLite", "PostgreSQL"):
        mine = [r for r in rows if r["engine"] == engine]
        if len(mine) > 1:
            base = mine[0]["items_per_s"] or 1
            scale = ", ".join(f"{r['writers']}: {r['items_per_s'] / base:.2f}x" for r in mine)
            print(f"{engine} items/s against its {mine[0]['writers']}-writer run: {scale}")


if __name__ == "__main__":
    main()
