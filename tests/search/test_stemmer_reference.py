"""The search stemmer (PyStemmer, Snowball's C code) gives the stems of snowballstemmer's
pure-Python German stemmer, the reference, word for word (bench/stemmer_check.py checks the
whole Wikinews corpus)."""

from __future__ import annotations

from pathlib import Path

from snowballstemmer.german_stemmer import GermanStemmer

from meldungen.search import text
from meldungen.search.compounds import split
from meldungen.text.tokens import index_words

ODD = [
    "verhandlungen", "putins", "häuser", "größte", "straße", "müßig", "übergänge", "aeusserst",
    "quelle", "bundesländern", "schönheit", "lächelnd", "ärztinnen", "öffentlichkeit", "x",
    "cdu", "g7", "2024", "co2", "über", "ueber", "fußballweltmeisterschaft", "kapitäns",
]  # fmt: skip


def _words() -> list[str]:
    vocab = set(ODD)
    for path in Path(__file__).resolve().parents[1].rglob("*"):
        if path.is_file() and path.suffix in {".json", ".xml", ".html", ".txt", ".py", ".csv"}:
            for w in index_words(path.read_text(encoding="utf-8", errors="replace")):
                vocab.add(w)
                vocab.update(split(w))
    return sorted(vocab)


def test_search_stems_are_the_pure_python_snowball_stems():
    words = _words()
    reference = GermanStemmer()
    assert len(words) > 1000
    different = [w for w in words if text.stem.__wrapped__(w) != reference.stemWord(w)]
    assert different == []
