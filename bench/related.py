"""Time to build "Weitere Meldungen" for one article vs archive size (p50/p95), on the Django
database (SQLite), with synthetic stored articles as bench/stories.py loads them (100 a day,
two per story, a 100-term vector and 8 topical keys each, Zipf-distributed words), each with a
headline vector of its six headline words (bench/stories.py stores the whole vector there).

Timed: ``news.related.ranked_related`` for a random stored article, i.e. the story-index
candidate lookups (newest 40 per topical key, at most 16 keys, in one query), the cut to the 40
sharing the most keys, loading their story records and entities, scoring them with the learned
relatedness model, one entry per story, the threshold, and loading the shown articles. The page
asks the search index only when the story index gives fewer candidates than the cut (40); the
synthetic archive has no search index, so the run counts how often that would happen ("search
asked"; see bench/search.py for search query times).

Wall and CPU time of this process are both printed: on a shared machine the CPU figure is the
one that says what the code costs. ``--keep DIR`` keeps each archive in DIR/r<size> and reuses it
on the next run (loading 100,000 takes minutes).

Run: PYTHONPATH=. .venv/bin/python bench/related.py [--sizes 10000 100000] [--samples 200]
     [--keep DIR]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.stories import make_vocab, synthetic_rows, zipf_picker  # noqa: E402


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def _with_headline_vectors(rows):
    """A headline vector of the headline's words (as stored articles have), not the body's."""
    for r in rows:
        yield {**r, "title_vector": {t: r["vector"][t] for t in r["terms"][:6]}}


def run(size: int, vocab: list[str], tmp: Path, first: bool, samples: int) -> tuple:
    import bench._django_store as dj

    ready = tmp / "loaded"
    if first:
        dj.setup(tmp)
    else:
        dj.reset(tmp)
    load_s = 0.0
    if not ready.exists():
        pick = zipf_picker(vocab, random.Random(size))
        t0 = time.perf_counter()
        dj.bulk_load(_with_headline_vectors(synthetic_rows(size, pick)))
        load_s = time.perf_counter() - t0
        ready.write_text(str(size))

    from meldungen.news.models import Article
    from meldungen.news.related import ranked_related
    from meldungen.web.queries import visible_articles

    rng = random.Random(7)
    pks = [rng.randint(1, size) for _ in range(samples + 5)]
    times, cpu, shown = [], [], []
    asked = []

    def search(terms: list[str]) -> list[int]:
        asked.append(terms)
        return []

    for i, pk in enumerate(pks):
        art = Article.objects.get(pk=pk)
        t, c = time.perf_counter(), time.process_time()
        out = ranked_related(art, {}, visible_articles(), 6, search)
        dt, dc = (time.perf_counter() - t) * 1000, (time.process_time() - c) * 1000
        if i >= 5:  # the first few warm the caches and load the model
            times.append(dt)
            cpu.append(dc)
            shown.append(len(out))
    from django.db import connection

    connection.close()
    return (
        statistics.median(times), _pct(times, 0.95), statistics.median(cpu), _pct(cpu, 0.95),
        sum(shown) / len(shown), len(asked) / len(pks), load_s,
    )  # fmt: skip


def main() -> None:
    ap = argparse.ArgumentParser(description="Weitere Meldungen: build time vs archive size")
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    ap.add_argument("--samples", type=int, default=200)
    ap.add_argument("--keep", type=Path, default=None, help="keep and reuse archives here")
    args = ap.parse_args()
    vocab = make_vocab(random.Random(1))
    print(
        f"{'stored':>9} {'median ms':>10} {'p95 ms':>8} {'cpu median':>10} {'cpu p95':>8}"
        f" {'entries':>8} {'search asked':>12} {'load s':>7}"
    )
    with tempfile.TemporaryDirectory() as scratch:
        root = args.keep or Path(scratch)
        for n, size in enumerate(args.sizes):
            tmp = root / f"r{size}"
            tmp.mkdir(parents=True, exist_ok=True)
            med, p95, cmed, cp95, entries, asked, load_s = run(
                size, vocab, tmp, n == 0, args.samples
            )
            print(
                f"{size:>9} {med:>10.1f} {p95:>8.1f} {cmed:>10.1f} {cp95:>8.1f}"
                f" {entries:>8.2f} {asked:>12.0%} {load_s:>7.1f}",
                flush=True,
            )


if __name__ == "__main__":
    main()
