"""Training the letters-only name-shape model (meldungen.enrich.nameshape.NameShape) and its
held-out accuracy; run by the NER lexicon build (training/ner_lexicon.py)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np

from meldungen.enrich.nameshape import BUCKETS, CLASSES, NameShape, ngrams


def fit_name_shape(
    words: dict[str, Sequence[str]], seed: int = 7, epochs: int = 10, alpha: float = 1e-4
) -> NameShape:
    """Train on {class: words} (classes as in CLASSES). Each class is weighted up to the
    size of the largest, so the long noun and place lists do not drown the organisations;
    alpha was chosen on held-out words (it keeps the probabilities from saturating)."""
    from scipy.sparse import csr_matrix
    from sklearn.linear_model import SGDClassifier

    rows: list[int] = []
    cols: list[int] = []
    labels: list[int] = []
    for k, name in enumerate(CLASSES):
        for w in words.get(name, ()):
            grams = ngrams(w)
            rows.extend([len(labels)] * len(grams))
            cols.extend(grams)
            labels.append(k)
    x = csr_matrix(
        (np.ones(len(rows), dtype=np.float32), (rows, cols)),
        shape=(len(labels), BUCKETS),
    )
    y = np.array(labels)
    counts = np.bincount(y, minlength=len(CLASSES)).astype(float)
    sample_weight = counts.max() / counts[y]
    clf = SGDClassifier(loss="log_loss", alpha=alpha, max_iter=epochs, tol=None, random_state=seed)
    clf.fit(x, y, sample_weight=sample_weight)
    return NameShape(clf.coef_.T.copy(), clf.intercept_.copy())


def accuracy(model: NameShape, words: dict[str, Iterable[str]]) -> dict[str, float]:
    """Share of each class's words the model puts in that class."""
    out = {}
    for k, name in enumerate(CLASSES):
        ws = list(words.get(name, ()))
        if ws:
            out[name] = sum(int(model.proba(w).argmax()) == k for w in ws) / len(ws)
    return out
