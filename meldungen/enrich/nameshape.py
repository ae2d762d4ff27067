"""What an unknown capitalised word looks like: a person's name, a place, an organisation or a
common noun, judged from its letters alone (Rummenigge, Gönültas, Petrobras, Böckingen).

German capitalises every noun, so a word missing from every lexicon is the hard case for the
tagger. This small character n-gram model is trained on the lexicons themselves (names from the
gazetteers, nouns from german-nouns) and gives the tagger a class and a probability band for
any word form. It is a multinomial logistic regression over hashed n-grams; inference needs
only numpy and the weight matrix shipped in the model folder.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np

CLASSES = ("NOUN", "PER", "LOC", "ORG")
BUCKETS = 1 << 17
FILE = "nameshape.npz"


def ngrams(word: str) -> list[int]:
    """Hashed character 2- to 5-grams of the lowercased word with boundary marks."""
    w = f"<{word.lower()}>"
    out = []
    n = len(w)
    for k in (2, 3, 4, 5):
        for i in range(n - k + 1):
            out.append(zlib.crc32(w[i : i + k].encode("utf-8")) & (BUCKETS - 1))
    return out


class NameShape:
    def __init__(self, weights: np.ndarray, bias: np.ndarray):
        self.weights = weights.astype(np.float32)  # BUCKETS x classes
        self.bias = bias.astype(np.float32)

    @classmethod
    def load(cls, folder: Path) -> NameShape | None:
        path = Path(folder) / FILE
        if not path.exists():
            return None
        with np.load(path) as data:
            return cls(data["weights"], data["bias"])

    def save(self, folder: Path) -> None:
        np.savez_compressed(
            Path(folder) / FILE, weights=self.weights.astype(np.float16), bias=self.bias
        )

    def proba(self, word: str) -> np.ndarray:
        scores = self.weights[ngrams(word)].sum(axis=0) + self.bias
        scores = np.exp(scores - scores.max())
        return scores / scores.sum()

    def feature(self, word: str) -> str:
        """'ns=PER3': the likeliest class and its probability in bands of 0.25."""
        p = self.proba(word)
        k = int(p.argmax())
        return f"ns={CLASSES[k]}{min(3, int(p[k] * 4))}"

    @classmethod
    def fit(
        cls, words: dict[str, Sequence[str]], seed: int = 7, epochs: int = 10, alpha: float = 1e-4
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
        clf = SGDClassifier(
            loss="log_loss", alpha=alpha, max_iter=epochs, tol=None, random_state=seed
        )
        clf.fit(x, y, sample_weight=sample_weight)
        return cls(clf.coef_.T.copy(), clf.intercept_.copy())

    def accuracy(self, words: dict[str, Iterable[str]]) -> dict[str, float]:
        out = {}
        for k, name in enumerate(CLASSES):
            ws = list(words.get(name, ()))
            if ws:
                out[name] = sum(int(self.proba(w).argmax()) == k for w in ws) / len(ws)
        return out
