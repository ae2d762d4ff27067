"""NER speed and sameness: time `ner.extract` over a corpus and check its mentions against a
saved run (text, label, start, end of every mention of every document).

    PYTHONPATH=. .venv/bin/python bench/ner_speed.py --save /tmp/ner_before.json   # on the old code
    PYTHONPATH=. .venv/bin/python bench/ner_speed.py --compare /tmp/ner_before.json
    PYTHONPATH=. .venv/bin/python bench/ner_speed.py --profile

Corpora: ../shared/data/news/dewikinews-politik.csv by default (read as bench/enrich.py reads
it: the text enrich() hands the NER); a `.tsv` path is read as title TAB body TAB ... (e.g.
../shared/data/ressort/xglue-nc-de-dev.tsv, for local checks only). The process is pinned to
one CPU; times are CPU seconds (time.process_time). The first pass starts with cold caches
(model loaded and warmed on one short sentence), the second runs over the same texts again.
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import cProfile  # noqa: E402
import importlib.util  # noqa: E402
import json  # noqa: E402
import pstats  # noqa: E402
import resource  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from meldungen.enrich import ner  # noqa: E402
from meldungen.enrich.pipeline import article_text  # noqa: E402

_spec = importlib.util.spec_from_file_location("bench_enrich", REPO / "bench" / "enrich.py")
_enrich = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_enrich)


def read_texts(path: Path) -> list[str]:
    if path.suffix == ".tsv":
        out = []
        for line in path.read_text("utf-8").splitlines():
            cols = line.split("\t")
            if len(cols) >= 2 and (cols[0].strip() or cols[1].strip()):
                out.append(f"{cols[0].strip()}\n\n{cols[1].strip()}")
        return out
    return [article_text(d)[0] for d in _enrich.load_drafts(path)]


def mentions(texts: list[str]) -> list[list[list]]:
    return [[[m.text, m.label, m.start, m.end] for m in ner.extract(t)] for t in texts]


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", default=[str(_enrich.DEFAULT_CSV)])
    parser.add_argument("--save", help="write the mentions to this JSON file")
    parser.add_argument("--compare", help="compare the mentions with this JSON file")
    parser.add_argument("--profile", action="store_true", help="cProfile the first pass")
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})

    corpora = {}
    for p in args.paths:
        path = Path(p)
        if not path.exists():
            sys.exit(f"corpus not found: {path} (needs ../shared beside the repo)")
        corpora[path.name] = read_texts(path)
    texts = [t for ts in corpora.values() for t in ts]
    n_words = sum(len(t.split()) for t in texts)

    mem0 = _peak_mb()
    ner.extract("Olaf Scholz sprach in Berlin.")  # load the model and warm up
    mem_loaded = _peak_mb()
    profiler = cProfile.Profile() if args.profile else None
    t0 = time.process_time()
    if profiler:
        profiler.enable()
    found = mentions(texts)
    if profiler:
        profiler.disable()
    cold = time.process_time() - t0
    t0 = time.process_time()
    again = mentions(texts)
    warm = time.process_time() - t0
    assert again == found, "a second pass over the same texts gave other mentions"

    by_corpus, k = {}, 0
    for name, ts in corpora.items():
        by_corpus[name] = found[k : k + len(ts)]
        k += len(ts)
    if args.save:
        Path(args.save).write_text(json.dumps(by_corpus, ensure_ascii=False), "utf-8")
    diff_docs = diff_mentions = 0
    if args.compare:
        before = json.loads(Path(args.compare).read_text("utf-8"))
        for name, docs in by_corpus.items():
            old = before.get(name)
            if old is None or len(old) != len(docs):
                sys.exit(f"{name}: not in {args.compare} or another number of documents")
            for a, b in zip(old, docs, strict=True):
                if a != b:
                    diff_docs += 1
                    diff_mentions += len({tuple(x) for x in a} ^ {tuple(x) for x in b})
    if profiler:
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(30)
        pstats.Stats(profiler).sort_stats("tottime").print_stats(20)

    load_avg = os.getloadavg()[0]
    n_mentions = sum(len(d) for d in found)
    names = ", ".join(f"{n} ({len(ts)} texts)" for n, ts in corpora.items())
    print(f"corpora: {names}; {n_words:,} words, {n_mentions:,} mentions; one core; "
          f"load average {load_avg:.1f}")  # fmt: skip
    for name, secs in (("first pass (cold caches)", cold), ("second pass (warm)", warm)):
        print(f"NER extract, {name:<25} {secs:6.2f} s CPU {n_words / secs:>9,.0f} words/s")
    print(f"peak RSS: {mem0:.0f} MB before the model, {mem_loaded:.0f} MB loaded, "
          f"{_peak_mb():.0f} MB after both passes")  # fmt: skip
    if args.compare:
        print(f"compared with {args.compare}: {diff_docs} documents differ "
              f"({diff_mentions} mentions)")  # fmt: skip
        if diff_docs:
            sys.exit(1)


if __name__ == "__main__":
    main()
