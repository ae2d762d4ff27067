"""The Ressort classifier at run time: model load time and prediction time per article.

    .venv/bin/python bench/ressort.py [TSV] [--n N]

TSV defaults to ../shared/data/ressort/xglue-nc-de-dev.tsv (`title<TAB>body<TAB>label`, the set
the model card's figures are measured on); without it, synthetic articles from the lexicon.
Load time is measured in fresh processes (interpreter start excluded: import of the module plus
`RessortModel.load` of the shipped default), median of 5. Prediction time is `predict(title,
body)` per article, one article at a time as enrichment calls it, warmed up, median of 3 passes.
The baseline printed in the same run scores the same articles with scikit-learn's
`TfidfVectorizer.transform` on the same fitted vocabularies and idf (the model's `features`).
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from meldungen.enrich.ressort import RessortModel, default_model, document  # noqa: E402

DEFAULT_TSV = REPO.parent / "shared" / "data" / "ressort" / "xglue-nc-de-dev.tsv"

_LOAD = """
import time
t = time.perf_counter()
import numpy, sklearn.feature_extraction.text
t1 = time.perf_counter()
from meldungen.enrich.ressort import RessortModel
RessortModel.load().predict("Titel", "Text")
print(time.perf_counter() - t, t1 - t)
"""


def load_seconds(runs: int = 5) -> tuple[float, float]:
    """(import + load + one prediction, of which importing numpy and scikit-learn), medians."""
    times, imports = [], []
    for _ in range(runs):
        out = subprocess.run(
            [sys.executable, "-c", _LOAD], cwd=REPO, capture_output=True, text=True, check=True
        )
        total, imported = map(float, out.stdout.strip().splitlines()[-1].split())
        times.append(total)
        imports.append(imported)
    return statistics.median(times), statistics.median(imports)


def articles(path: Path, n: int) -> list[tuple[str, str]]:
    if path.is_file():
        from meldungen.training.ressort_eval import read_labelled

        return [(t, b) for t, b, _ in read_labelled(path)][:n]
    from meldungen.training.ressort_train import lexicon_samples, read_lexicon

    print(f"{path} not found: synthetic articles from the lexicon")
    return [(t, b * 10) for t, b, _ in lexicon_samples(read_lexicon(), per_label=n // 12 + 1)][:n]


def sklearn_predict(model: RessortModel, title: str, body: str) -> str:
    """The reference scorer: scikit-learn's transform of the same vectorizers, then the weights."""
    docs = [document(title, body)]
    scores = np.asarray(model.features(docs) @ model.coef.T) + model.intercept
    return model.labels[int(scores[0].argmax())]


def per_article_ms(fn, docs: list[tuple[str, str]], passes: int = 3) -> float:
    for t, b in docs[:20]:
        fn(t, b)  # warm up
    times = []
    for _ in range(passes):
        start = time.perf_counter()
        for t, b in docs:
            fn(t, b)
        times.append((time.perf_counter() - start) / len(docs) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("tsv", nargs="?", default=str(DEFAULT_TSV))
    parser.add_argument("--n", type=int, default=300, help="articles to time")
    args = parser.parse_args()
    print("load average:", " ".join(f"{x:.2f}" for x in os.getloadavg()))
    docs = articles(Path(args.tsv), args.n)
    chars = sum(len(t) + len(b) for t, b in docs) / len(docs)
    print(f"{len(docs)} articles, mean {chars:,.0f} characters")
    total, imports = load_seconds()
    print(
        f"model load (fresh process, import + load + one prediction): {total:.3f} s, "
        f"of which importing numpy and scikit-learn {imports:.3f} s"
    )
    model = default_model()
    ours = [model.predict(t, b).label for t, b in docs]
    ref = [sklearn_predict(model, t, b) for t, b in docs]
    agree = sum(a == b for a, b in zip(ours, ref, strict=True)) / len(docs)
    base = per_article_ms(lambda t, b: sklearn_predict(model, t, b), docs)
    print(f"baseline sklearn TfidfVectorizer.transform: {base:.2f} ms/article")
    ms = per_article_ms(lambda t, b: model.predict(t, b), docs)
    print(f"model.predict: {ms:.2f} ms/article (same label as the baseline: {agree:.3f})")
    print("load average:", " ".join(f"{x:.2f}" for x in os.getloadavg()))


if __name__ == "__main__":
    main()
