"""What an unknown capitalised word looks like: a person's name, a place, an organisation or a
common noun, judged from its letters alone (Rummenigge, Gönültas, Petrobras, Böckingen).

German capitalises every noun, so a word missing from every lexicon is the hard case for the
tagger. This small character n-gram model is trained on the lexicons themselves (names from the
gazetteers, nouns from german-nouns) and gives the tagger a class and a probability band for
any word form. It is a multinomial logistic regression over hashed n-grams; inference needs
only numpy and the weight matrix shipped in the model folder. Training is apart, in
meldungen/training/nameshape_train.py.
"""

from __future__ import annotations

import zlib
from pathlib import Path

import numpy as np

CLASSES = ("NOUN", "PER", "LOC", "ORG")
BUCKETS = 1 << 17
FILE = "nameshape.npz"


def ngrams(word: str) -> list[int]:
    """Hashed character 2- to 5-grams of the lowercased word with boundary marks."""
    w = f"<{word.lower()}>"
    n = len(w)
    crc32, mask = zlib.crc32, BUCKETS - 1
    if w.isascii():  # one byte a character: the n-grams are slices of the encoded word
        b = w.encode("ascii")
        return [crc32(b[i : i + k]) & mask for k in (2, 3, 4, 5) for i in range(n - k + 1)]
    return [
        crc32(w[i : i + k].encode("utf-8")) & mask for k in (2, 3, 4, 5) for i in range(n - k + 1)
    ]


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
