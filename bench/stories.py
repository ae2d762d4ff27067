"""Time to assign one article to a story with 1,000 / 10,000 / 100,000 articles already stored.

``--index django`` (the default, what ships) runs on a throw-away portal database through
``DjangoStoryIndex``, timing both the clusterer alone ("assign only") and the Article insert plus
``assign_story`` in one transaction ("store+assign", what ``store_draft`` pays apart from
enrichment); ``--index sqlite`` runs the plain-sqlite3 ``SqliteStoryIndex``; ``--index both``
prints them side by side. The stored archive is bulk-loaded straight into the index
tables (synthetic rows shaped like real ones: 100-term vectors, 200-term story centroids, one
story per two articles, 33 band keys and 8 topical keys per article) at a steady 100 articles
a day, so a bigger archive means a longer history, as in production. Then ``ASSIGN`` synthetic
German-like articles go through the full ``StoryClusterer.add`` (lemmas, MinHash, candidates,
scoring, write) and we print the median and p90 wall time, the median CPU time (steadier on
a shared machine) and the worst tracemalloc peak of one add; the Django archive also fills
news_article, since the story tables' foreign keys need the rows.

Run: .venv/bin/python bench/stories.py [--index django|sqlite|both]
     [--sizes 1000 10000 100000]
"""

from __future__ import annotations

import argparse
import gc
import json
import random
import resource
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))  # `python bench/stories.py` from anywhere: bench/ and meldungen/

import numpy as np  # noqa: E402

from meldungen.stories.cluster import Article, StoryClusterer  # noqa: E402
from meldungen.stories.dedup import NUM_PERM, Signature, band_keys  # noqa: E402
from meldungen.training.sqlite_index import SqliteStoryIndex  # noqa: E402

PER_DAY = 100
ASSIGN = 200
VOCAB = 20_000
START = datetime(2020, 1, 1, tzinfo=UTC)
SYLLABLES = [
    "ber",
    "lin",
    "ge",
    "setz",
    "re",
    "gie",
    "rung",
    "stadt",
    "wahl",
    "kanz",
    "ler",
    "mi",
    "nis",
    "ter",
    "haus",
    "halt",
    "land",
    "tag",
    "bund",
    "schu",
    "le",
    "kraft",
    "werk",
    "markt",
    "preis",
    "feu",
    "er",
    "wehr",
    "po",
    "li",
    "zei",
    "ge",
    "richt",
    "ur",
    "teil",
]
FUNCTION = [
    "der",
    "die",
    "das",
    "und",
    "in",
    "den",
    "von",
    "mit",
    "sich",
    "auf",
    "für",
    "ist",
    "nicht",
    "ein",
    "eine",
    "als",
    "auch",
    "es",
    "an",
    "werden",
    "aus",
    "hat",
    "nach",
]


def make_vocab(rng: random.Random) -> list[str]:
    words: dict[str, None] = {}
    while len(words) < VOCAB:
        w = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))
        words[w.capitalize() if rng.random() < 0.4 else w] = None
    return list(words)


def zipf_picker(vocab: list[str], rng: random.Random):
    weights = np.array([1.0 / (i + 1) ** 1.05 for i in range(len(vocab))])
    cum = np.cumsum(weights / weights.sum())

    def pick(n: int) -> list[str]:
        return [vocab[int(i)] for i in np.searchsorted(cum, [rng.random() for _ in range(n)])]

    return pick


def synthetic_text(pick, rng: random.Random, n_words: int) -> str:
    out, sentence = [], []
    for w in pick(n_words):
        sentence.append(w if rng.random() < 0.7 else rng.choice(FUNCTION))
        if len(sentence) > rng.randint(8, 18):
            out.append(" ".join(sentence).capitalize() + ".")
            sentence = []
    return " ".join(out + ([" ".join(sentence).capitalize() + "."] if sentence else []))


def _dumps(obj: dict) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


def synthetic_rows(n: int, pick) -> Iterator[dict]:
    """``n`` stored articles, 100 a day from START, two per story: a 100-term vector, a 200-term
    story centroid, a MinHash signature with its 33 band keys, 8 topical keys; pk is 1-based."""
    np_rng = np.random.default_rng(n)
    for i in range(n):
        published = START + timedelta(days=i / PER_DAY)
        terms = list(dict.fromkeys(w.lower() for w in pick(140)))[:100]
        vec = {w: round(1.0 / (k + 3), 4) for k, w in enumerate(terms)}
        sig = Signature(
            np_rng.integers(0, 2**32, NUM_PERM, dtype=np.uint32),
            300,
            frozenset(int(x) for x in np_rng.integers(0, 2**32, 160)),
            i + 1,
        )
        yield {
            "pk": i + 1,
            "story_pk": i - i % 2 + 1,
            "story_n": 1 + i % 2,
            "published": published,
            "headline": " ".join(terms[:6]),
            "terms": terms,
            "vector": vec,
            "centroid": {**vec, **{f"{w}x": v for w, v in list(vec.items())[:100]}},
            "signature": sig.to_bytes(),
            "bands": band_keys(sig),
            "keys": [f"t:{w}" for w in terms[:8]],
        }


def sqlite_load(idx: SqliteStoryIndex, rows: Iterator[dict]) -> None:
    """Write the rows straight into the index tables, in batches (what ``put`` would write)."""
    conn = idx.conn
    conn.execute("PRAGMA synchronous=OFF")  # bulk load only; the timed part runs as configured
    df: dict[str, int] = {}
    n = 0
    batch: list[dict] = []

    def flush() -> None:
        arts, stories, bands, keys = [], [], [], []
        for r in batch:
            ts, aid, sid = r["published"].timestamp(), f"s{r['pk']}", f"s{r['story_pk']}"
            vec = _dumps(r["vector"])
            arts.append((aid, sid, ts, None, r["signature"], vec, vec, "{}"))
            stories.append((sid, sid, ts, ts, r["story_n"], _dumps(r["centroid"]), vec, "{}"))
            bands += [(k, aid) for k in r["bands"]]
            keys += [(k, ts, aid) for k in r["keys"]]
        with idx.transaction():
            conn.executemany("INSERT INTO stories_article VALUES (?,?,?,?,?,?,?,?)", arts)
            conn.executemany(
                "INSERT OR REPLACE INTO stories_story VALUES (?,?,?,?,?,?,?,?)", stories
            )
            conn.executemany("INSERT OR IGNORE INTO stories_band VALUES (?,?)", bands)
            conn.executemany("INSERT OR IGNORE INTO stories_key VALUES (?,?,?)", keys)
        batch.clear()

    for r in rows:
        batch.append(r)
        n += 1
        for w in r["terms"]:
            df[w] = df.get(w, 0) + 1
        if len(batch) >= 2000:
            flush()
    if batch:
        flush()
    with idx.transaction():
        conn.executemany("INSERT INTO stories_df VALUES (?,?)", list(df.items()))
        conn.execute("UPDATE stories_meta SET value=? WHERE name='n_docs'", (n,))
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.execute("PRAGMA synchronous=NORMAL")


def new_items(size: int, vocab: list[str], n: int) -> list[tuple[str, str, str, datetime]]:
    """(id hint, title, text, published) of ``n`` new articles, every 15 minutes after the
    archive's last one."""
    rng = random.Random(size)
    pick = zipf_picker(vocab, rng)
    last = START + timedelta(days=(size - 1) / PER_DAY)
    return [
        (
            f"{size}-{i}",
            synthetic_text(pick, rng, 8),
            synthetic_text(pick, rng, 350),
            last + timedelta(minutes=15 * (i + 1)),
        )
        for i in range(n)
    ]


def timed(step: Callable[[int], None], first: int) -> tuple[float, float, float, float]:
    """Median and p90 wall ms and median CPU ms (less sensitive to other processes on a shared
    machine) of steps ``first+1 .. first+ASSIGN`` (``first`` warms caches), then the
    tracemalloc peak MiB over 20 more."""
    step(first)
    gc.collect()
    times, cpu = [], []
    for i in range(first + 1, first + ASSIGN + 1):
        t1, c1 = time.perf_counter(), time.process_time()
        step(i)
        times.append(time.perf_counter() - t1)
        cpu.append(time.process_time() - c1)
    # peak above the memory in use when the add starts, worst of 20 (so the lemma caches'
    # slow growth over the run does not count as the cost of one add)
    tracemalloc.start()
    peak = 0
    for i in range(first + ASSIGN + 1, first + ASSIGN + 21):
        tracemalloc.reset_peak()
        base = tracemalloc.get_traced_memory()[0]
        step(i)
        peak = max(peak, tracemalloc.get_traced_memory()[1] - base)
    tracemalloc.stop()
    times.sort()
    return (
        statistics.median(times) * 1000,
        times[int(0.9 * len(times))] * 1000,
        statistics.median(cpu) * 1000,
        peak / 2**20,
    )


PER_PATH = ASSIGN + 21  # warm-up + timed + memory


def run_sqlite(size: int, vocab: list[str]) -> dict[str, tuple]:
    pick = zipf_picker(vocab, random.Random(size))
    items = new_items(size, vocab, PER_PATH)
    with tempfile.TemporaryDirectory() as tmp:
        idx = SqliteStoryIndex(Path(tmp) / "stories.sqlite3")
        t0 = time.perf_counter()
        sqlite_load(idx, synthetic_rows(size, pick))
        load_s = time.perf_counter() - t0
        clusterer = StoryClusterer(idx)
        inputs = [Article(f"new{h}", ti, tx, p) for h, ti, tx, p in items]
        res = timed(lambda i: clusterer.add(inputs[i]), 0)
        idx.close()
    return {"sqlite assign": (*res, load_s)}


def run_django(size: int, vocab: list[str], tmp: Path, first: bool) -> dict[str, tuple]:
    import bench._django_store as dj

    if first:
        dj.setup(tmp)
    else:
        dj.reset(tmp)
    pick = zipf_picker(vocab, random.Random(size))
    t0 = time.perf_counter()
    dj.bulk_load(synthetic_rows(size, pick))
    load_s = time.perf_counter() - t0
    items = new_items(size, vocab, 2 * PER_PATH)
    out = {"django assign only": (*timed(dj.assign_only(items[:PER_PATH]), 0), load_s)}
    out["django store+assign"] = (*timed(dj.store_and_assign(items), PER_PATH), load_s)
    from django.db import connection

    connection.close()
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description="story assignment time vs archive size")
    ap.add_argument("--index", choices=["django", "sqlite", "both"], default="django")
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10_000, 100_000])
    args = ap.parse_args()
    vocab = make_vocab(random.Random(1))
    print(
        f"{'index / path':<20} {'stored':>8} {'median ms':>10} {'p90 ms':>8} {'cpu ms':>7}"
        f" {'peak MiB/add':>13} {'load s':>7}"
    )
    medians: dict[str, dict[int, tuple[float, float]]] = {}
    with tempfile.TemporaryDirectory() as root:
        for n, size in enumerate(args.sizes):
            rows: dict[str, tuple] = {}
            if args.index in ("django", "both"):
                tmp = Path(root) / f"d{size}"
                tmp.mkdir()
                rows.update(run_django(size, vocab, tmp, n == 0))
            if args.index in ("sqlite", "both"):
                rows.update(run_sqlite(size, vocab))
            for name, (med, p90, cpu, peak, load_s) in rows.items():
                medians.setdefault(name, {})[size] = (med, cpu)
                print(
                    f"{name:<20} {size:>8} {med:>10.2f} {p90:>8.2f} {cpu:>7.2f} {peak:>13.2f}"
                    f" {load_s:>7.1f}",
                    flush=True,
                )
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS of the whole run: {rss:.0f} MiB")
    for name, by_size in medians.items():
        if 10_000 in by_size and 100_000 in by_size:
            (big, big_cpu), (small, small_cpu) = by_size[100_000], by_size[10_000]
            print(
                f"ratio 100k/10k, {name}: median {big / small:.2f},"
                f" cpu median {big_cpu / small_cpu:.2f} (goal <= 1.5)"
            )


if __name__ == "__main__":
    main()
