"""PyStemmer against snowballstemmer's pure-Python German stemmer, word for word.

The search index stems with ``meldungen.search.text.stem``, which uses PyStemmer (Snowball's
C code). This checks that it gives the very stems of the pure-Python Snowball German stemmer
that the index used before, for every index word of the Wikinews corpus (../shared, skipped
when absent), of the test data files and of the generated bench text, and their lower-cased
and compound-part forms as `search/text.py` stems them. Prints the counts and any difference,
then the time per word of both, figures last.

Run: .venv/bin/python bench/stemmer_check.py
"""

from __future__ import annotations

import csv
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import Stemmer
from snowballstemmer.german_stemmer import GermanStemmer

from meldungen.search.compounds import split
from meldungen.text.tokens import index_words

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "data" / "news" / "dewikinews-politik.csv"


def texts():
    corpus = CORPUS if CORPUS.exists() else Path("/work/shared/data/news/dewikinews-politik.csv")
    if corpus.exists():
        csv.field_size_limit(10**8)
        with corpus.open(encoding="utf-8", newline="") as fh:
            for row in csv.reader(fh):
                yield " ".join(row)
    else:
        print("corpus absent: checking test data and generated text only")
    for path in (ROOT / "tests").rglob("*"):
        if path.is_file():
            yield path.read_text(encoding="utf-8", errors="replace")
    from _corpus import stories

    for story in stories(400)[0]:
        yield story.headline + " " + " ".join(story.paragraphs)


def main() -> None:
    vocab: set[str] = set()
    for text in texts():
        for w in index_words(text):
            vocab.add(w)
            vocab.update(split(w))
    words = sorted(vocab)
    c, py = Stemmer.Stemmer("german"), GermanStemmer()
    t0 = time.perf_counter()
    c_stems = [c.stemWord(w) for w in words]
    t_c = time.perf_counter() - t0
    t0 = time.perf_counter()
    py_stems = [py.stemWord(w) for w in words]
    t_py = time.perf_counter() - t0
    diff = [(w, a, b) for w, a, b in zip(words, c_stems, py_stems, strict=True) if a != b]
    for w, a, b in diff[:20]:
        print(f"DIFF {w!r}: PyStemmer {a!r}, snowballstemmer {b!r}")
    print(f"PyStemmer {Stemmer.version()}, Snowball German")
    print(f"words {len(words)}, different stems {len(diff)}")
    per_py, per_c = t_py / len(words) * 1e6, t_c / len(words) * 1e6
    print(f"pure Python {per_py:.1f} us/word, PyStemmer {per_c:.2f} us/word")


if __name__ == "__main__":
    main()
