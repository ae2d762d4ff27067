"""Time to assign one article to a story with 1,000 / 10,000 / 100,000 articles already stored.

Uses the SQLite index on a temp file. The stored archive is bulk-loaded straight into the index
tables (synthetic rows shaped like real ones: 100-term vectors, 200-term story centroids, one
story per two articles, 33 band keys and 8 topical keys per article) at a steady 100 articles
a day, so a bigger archive means a longer history, as in production. Then ``ASSIGN`` synthetic
German-like articles go through the full ``StoryClusterer.add`` (lemmas, MinHash, candidates,
scoring, write) and we print the median and p90 time, plus peak memory.

Run: PYTHONPATH=. .venv/bin/python bench/stories.py [--sizes 1000 10000 100000]
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import statistics
import tempfile
import time
import tracemalloc
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np

from meldungen.stories.cluster import Article, StoryClusterer
from meldungen.stories.dedup import BANDS, NUM_PERM, Signature
from meldungen.stories.sqlite_index import SqliteStoryIndex

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


def bulk_load(idx: SqliteStoryIndex, n: int, pick, rng: random.Random) -> datetime:
    """Write ``n`` synthetic stored articles (and n/2 stories) straight into the index tables,
    in batches (the rows ``SqliteStoryIndex.put`` would write); returns the last time."""
    np_rng = np.random.default_rng(n)
    t = START
    conn = idx.conn
    conn.execute("PRAGMA synchronous=OFF")  # bulk load only; the timed part runs as configured
    df: dict[str, int] = {}
    for lo in range(0, n, 2000):
        arts, stories, bands, keys = [], [], [], []
        for i in range(lo, min(n, lo + 2000)):
            t = START + timedelta(days=i / PER_DAY)
            ts = t.timestamp()
            terms = list(dict.fromkeys(w.lower() for w in pick(140)))[:100]
            vec = {w: round(1.0 / (k + 3), 4) for k, w in enumerate(terms)}
            sig = Signature(
                np_rng.integers(0, 2**32, NUM_PERM, dtype=np.uint32),
                300,
                frozenset(int(x) for x in np_rng.integers(0, 2**32, 160)),
                i + 1,
            )
            aid, sid = f"s{i}", f"s{i - i % 2}"
            arts.append((aid, sid, ts, None, sig.to_bytes(), _dumps(vec), _dumps(vec), "{}"))
            centroid = _dumps({**vec, **{f"{w}x": v for w, v in list(vec.items())[:100]}})
            stories.append((sid, sid, ts, ts, 1 + i % 2, centroid, _dumps(vec), "{}"))
            bands += [(f"b{b}:{rng.getrandbits(64):016x}", aid) for b in range(BANDS)]
            bands.append((f"h:{i + 1:08x}", aid))
            keys += [(f"t:{w}", ts, aid) for w in terms[:8]]
            for w in terms:
                df[w] = df.get(w, 0) + 1
        with idx.transaction():
            conn.executemany("INSERT INTO stories_article VALUES (?,?,?,?,?,?,?,?)", arts)
            conn.executemany(
                "INSERT OR REPLACE INTO stories_story VALUES (?,?,?,?,?,?,?,?)", stories
            )
            conn.executemany("INSERT OR IGNORE INTO stories_band VALUES (?,?)", bands)
            conn.executemany("INSERT OR IGNORE INTO stories_key VALUES (?,?,?)", keys)
    with idx.transaction():
        conn.executemany("INSERT INTO stories_df VALUES (?,?)", list(df.items()))
        conn.execute("UPDATE stories_meta SET value=? WHERE name='n_docs'", (n,))
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.execute("PRAGMA synchronous=NORMAL")
    return t


def run(size: int, vocab: list[str]) -> tuple[float, float, float, float]:
    rng = random.Random(size)
    pick = zipf_picker(vocab, rng)
    with tempfile.TemporaryDirectory() as tmp:
        idx = SqliteStoryIndex(Path(tmp) / "stories.sqlite3")
        t0 = time.perf_counter()
        last = bulk_load(idx, size, pick, rng)
        load_s = time.perf_counter() - t0
        clusterer = StoryClusterer(idx)
        articles = [
            Article(
                f"new{i}",
                synthetic_text(pick, rng, 8),
                synthetic_text(pick, rng, 350),
                last + timedelta(minutes=15 * (i + 1)),
            )
            for i in range(ASSIGN + 20)
        ]
        clusterer.add(articles[0])  # warm caches (lemma dictionary, prior)
        times = []
        for a in articles[1 : ASSIGN + 1]:
            t1 = time.perf_counter()
            clusterer.add(a)
            times.append(time.perf_counter() - t1)
        tracemalloc.start()
        for a in articles[ASSIGN + 1 :]:
            clusterer.add(a)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        idx.close()
    times.sort()
    return (
        statistics.median(times) * 1000,
        times[int(0.9 * len(times))] * 1000,
        peak / 2**20,
        load_s,
    )


def main() -> None:
    ap = argparse.ArgumentParser(description="story assignment time vs archive size")
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10_000, 100_000])
    args = ap.parse_args()
    vocab = make_vocab(random.Random(1))
    print(f"{'stored':>8} {'median ms':>10} {'p90 ms':>8} {'peak MiB/add':>13} {'load s':>7}")
    medians = {}
    for size in args.sizes:
        med, p90, peak, load_s = run(size, vocab)
        medians[size] = med
        print(f"{size:>8} {med:>10.2f} {p90:>8.2f} {peak:>13.2f} {load_s:>7.1f}", flush=True)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS of the whole run: {rss:.0f} MiB")
    if 10_000 in medians and 100_000 in medians:
        print(f"ratio 100k/10k median: {medians[100_000] / medians[10_000]:.2f} (goal <= 1.5)")


if __name__ == "__main__":
    main()
