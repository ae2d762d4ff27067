"""How many matches PostgreSQL should rank: result change against speed, on the archives of
``bench/archive.py``.

PostgreSQL ranks only the newest ``MAX_RANKED`` matches of a query (search/backends/postgres.py):
ranking every match of a common word costs seconds in a big archive. Fewer ranked matches are
faster and change what page 1 shows. For each limit this prints, over the query mix of
``bench/archive.py`` (single words and pairs), the time of ``search.service.search`` (median and
p95) and how much of page 1 (its 20 stories) it shares with page 1 at the reference limits:
the previous default (2,000) and, where the archive is small enough, every match ranked.

    .venv/bin/python bench/search_rank.py [--n 100000 1000000] [--limits 250 500 1000 2000]

The archives must exist (``python bench/archive.py --n 100000 1000000 --build-only``).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

PREVIOUS = 2000
ALL = 10**9  # every match ranked (the windows widen to the whole index)


def _page(service, q: str) -> tuple[list[str], float]:
    t0 = time.perf_counter()
    result = service.search(service.params_from_request({"q": q}))
    seconds = time.perf_counter() - t0
    return [h.article.story_id or f"a{h.article.pk}" for h in result.hits], seconds


def measure(n: int, limits: list[int], queries: int, every: bool) -> dict:
    """Runs in a child process: Django is set up once per archive."""
    os.environ.update(
        DATABASE_URL=f"postgresql://postgres@127.0.0.1:5432/meldungen_archive_{n}",
        DJANGO_SETTINGS_MODULE="meldungen.settings",
        MELDUNGEN_DATA_DIR=f"/tmp/bench-search-rank-{n}",
        MELDUNGEN_SEED_SOURCES="0",
        MELDUNGEN_PAGE_CACHE="0",
        MELDUNGEN_CACHE_URL="locmem://",
        MELDUNGEN_TASK_BACKEND="django_tasks.backends.dummy.DummyBackend",
    )
    import django

    django.setup()
    from archive import WORDS

    from meldungen.search import service
    from meldungen.search.backends import postgres

    rng = random.Random(11)
    mix = [rng.choice(WORDS) for _ in range(queries // 2)]
    mix += [f"{rng.choice(WORDS)} {rng.choice(WORDS)}" for _ in range(queries - len(mix))]
    references = [PREVIOUS] + ([ALL] if every else [])
    pages: dict[int, list[list[str]]] = {}
    times: dict[int, list[float]] = {}
    for limit in [*limits, *[r for r in references if r not in limits]]:
        postgres.MAX_RANKED = limit
        _page(service, mix[0])  # warm-up
        pages[limit], times[limit] = [], []
        for q in mix:
            page, seconds = _page(service, q)
            pages[limit].append(page)
            times[limit].append(seconds)
    out = {"n": n, "queries": len(mix), "rows": []}
    for limit in limits:
        row = {"limit": limit, **_spread(times[limit])}
        for ref in references:
            shared = [
                len(set(a) & set(b)) / len(b)
                for a, b in zip(pages[limit], pages[ref], strict=True)
                if b
            ]
            same_first = [
                a[:1] == b[:1] for a, b in zip(pages[limit], pages[ref], strict=True) if b
            ]
            key = "all" if ref == ALL else str(ref)
            row[f"shared_{key}"] = round(statistics.mean(shared), 3)
            row[f"first_{key}"] = round(sum(same_first) / len(same_first), 3)
        out["rows"].append(row)
    if every:
        out["all"] = _spread(times[ALL])
    return out


def _spread(seconds: list[float]) -> dict:
    ms = sorted(s * 1000 for s in seconds)
    return {
        "median_ms": round(statistics.median(ms), 1),
        "p95_ms": round(ms[int(0.95 * (len(ms) - 1))], 1),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, nargs="+", default=[100_000, 1_000_000])
    ap.add_argument("--limits", type=int, nargs="+", default=[250, 500, 1000, 2000])
    ap.add_argument("--queries", type=int, default=60)
    ap.add_argument("--every-up-to", type=int, default=100_000,
                    help="rank every match as a reference in archives up to this size")  # fmt: skip
    ap.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        every = args.child <= args.every_up_to
        print(json.dumps(measure(args.child, args.limits, args.queries, every)))
        return
    print(f"uptime: {os.popen('uptime').read().strip()}")
    results = []
    for n in args.n:
        cmd = [sys.executable, __file__, "--child", str(n), "--queries", str(args.queries)]
        cmd += ["--every-up-to", str(args.every_up_to), "--limits", *map(str, args.limits)]
        done = subprocess.run(cmd, capture_output=True, text=True, check=True)
        results.append(json.loads(done.stdout.strip().splitlines()[-1]))
    print(f"uptime: {os.popen('uptime').read().strip()}")
    for res in results:
        print(f"\n{res['n']:,} articles, {res['queries']} queries, page 1 = 20 stories")
        if "all" in res:
            every = res["all"]
            print(f"  every match ranked: median {every['median_ms']} ms, p95 {every['p95_ms']} ms")
        for row in res["rows"]:
            refs = "; ".join(
                f"vs {key}: page 1 shared {row[f'shared_{key}']:.0%},"
                f" same first {row[f'first_{key}']:.0%}"
                for key in ("2000", "all")
                if f"shared_{key}" in row
            )
            print(f"  ranked {row['limit']:>5}: median {row['median_ms']:6.1f} ms, "
                  f"p95 {row['p95_ms']:6.1f} ms; {refs}")  # fmt: skip


if __name__ == "__main__":
    main()
