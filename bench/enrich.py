"""Words per second on one core: spaCy tokenizer (baseline), NER alone, the whole enrichment.

    .venv/bin/python bench/enrich.py [CSV] [--repeat N]

CSV defaults to ../shared/data/news/dewikinews-politik.csv (`id;dateiname;datum;ort;text`,
German Wikinews, CC BY 2.5). Models are loaded and warmed up before timing; the process is
pinned to one CPU and BLAS to one thread. Words are whitespace-separated tokens of the text
that enrich() hands the NER (headline + body). "enrichment minus NER" replays the NER's
mentions from memory: the cost of entities, tags, Ressort and lemmas alone. Each stage is
timed in wall seconds and in CPU seconds of this process (steadier on a shared machine).
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import html  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from meldungen.enrich.pipeline import article_text, enrich  # noqa: E402
from meldungen.enrich.ressort import default_model  # noqa: E402
from meldungen.ingest.draft import ArticleDraft  # noqa: E402
from meldungen.text import lemma as lemmatize  # noqa: E402
from meldungen.training.ressort_train import _read_semicolon_csv  # noqa: E402
from meldungen.training.wikinews import wikinews_title  # noqa: E402

DEFAULT_CSV = REPO.parent / "shared" / "data" / "news" / "dewikinews-politik.csv"


def load_drafts(path: Path) -> list[ArticleDraft]:
    drafts = []
    for row in _read_semicolon_csv(path):
        if len(row) < 5 or not row[4].strip():
            continue
        body = "".join(f"<p>{html.escape(p.strip())}</p>" for p in row[4].split("\n") if p.strip())
        drafts.append(ArticleDraft(guid=row[0], headline=wikinews_title(row[1]), format="rss",
                                   body=body))  # fmt: skip
    return drafts


def _timed(fn) -> tuple[float, float]:
    """Wall and CPU seconds of fn() (CPU time is steadier when others share the machine)."""
    start, cpu = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - start, time.process_time() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("csv", nargs="?", default=str(DEFAULT_CSV))
    parser.add_argument("--repeat", type=int, default=1, help="passes over the corpus")
    parser.add_argument("--ner-model", help="NER model folder (default: the shipped one)")
    args = parser.parse_args()
    path = Path(args.csv)
    if not path.exists():
        sys.exit(f"corpus not found: {path} (needs ../shared beside the repo)")
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})

    drafts = load_drafts(path) * args.repeat
    texts = [article_text(d)[0] for d in drafts]  # exactly what enrich() hands the NER
    n_words = sum(len(t.split()) for t in texts)

    import spacy

    tokenizer = spacy.blank("de").tokenizer
    rows = [("spaCy blank 'de' tokenizer", _timed(lambda: [tokenizer(t) for t in texts]))]

    t_load = time.perf_counter()
    try:
        from meldungen.enrich import ner

        model = ner.load(Path(args.ner_model) if args.ner_model else None)

        def ner_fn(text: str) -> list:
            return ner.extract(text, model)

        ner_fn(texts[0])  # warm-up
    except Exception as exc:  # the NER model comes from another task
        print(f"NER model not available ({exc}): timing enrichment with an empty NER")
        ner = None
        ner_fn = lambda text: []  # noqa: E731
    default_model()
    lemmatize("Verhandlungen")
    enrich(drafts[0], ner=ner_fn)
    load_s = time.perf_counter() - t_load

    if ner is not None:
        rows.append(("NER alone (extract)", _timed(lambda: [ner_fn(t) for t in texts])))
    rows.append(
        ("whole enrichment (enrich)", _timed(lambda: [enrich(d, ner=ner_fn) for d in drafts]))
    )
    if ner is not None:  # the same with NER output looked up: entities, tags, Ressort, lemmas
        found = dict(zip(texts, [ner_fn(t) for t in texts], strict=True))
        rest = _timed(lambda: [enrich(d, ner=found.__getitem__) for d in drafts])
        rows.append(("enrichment minus NER", rest))

    load_avg = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"corpus: {path.name}, {len(drafts)} articles, {n_words:,} words; one core; "
          f"model load + warm-up {load_s:.1f} s; load average {load_avg:.1f}")  # fmt: skip
    print(f"{'stage':<30} {'seconds':>8} {'words/s':>10} {'CPU s':>8} {'words/CPU s':>12}")
    for name, (secs, cpu) in rows:
        wps, wps_cpu = n_words / secs, n_words / cpu
        print(f"{name:<30} {secs:>8.2f} {wps:>10,.0f} {cpu:>8.2f} {wps_cpu:>12,.0f}")


if __name__ == "__main__":
    main()
