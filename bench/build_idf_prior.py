"""Build meldungen/stories/data/idf_prior.json.gz: prior document frequencies for German lemmas.

The story similarity needs IDF weights before the store has seen any article. We derive them from
word frequencies (wordfreq, CC BY-SA 4.0, Robyn Speer et al.): the chance that a news text of
DOC_TOKENS words contains a lemma is 1 - exp(-freq * DOC_TOKENS).
Run: .venv/bin/python bench/build_idf_prior.py
"""

from __future__ import annotations

import gzip
import json
import math
from collections import defaultdict
from pathlib import Path

import wordfreq

from meldungen.text import TOPIC_STOPWORDS as STOPWORDS
from meldungen.text import lemma

DOC_TOKENS = 400
TOP_WORDS = 80_000
MIN_PROB = 2e-4

OUT = Path(__file__).resolve().parents[1] / "meldungen" / "stories" / "data" / "idf_prior.json.gz"


def main() -> None:
    freq: dict[str, float] = defaultdict(float)
    for word in wordfreq.top_n_list("de", TOP_WORDS):
        if not word.isalpha():
            continue
        # wordfreq lower-cases; nouns are capitalised in German and lemmatise better that way.
        lem = lemma(word.capitalize()) if lemma(word) == word else lemma(word)
        if lem in STOPWORDS:
            continue
        freq[lem] += wordfreq.word_frequency(word, "de")
    prior = {}
    for lem, f in freq.items():
        p = 1.0 - math.exp(-f * DOC_TOKENS)
        if p >= MIN_PROB:
            prior[lem] = float(f"{p:.3g}")
    OUT.parent.mkdir(parents=True, exist_ok=True)
    payload = {"source": "wordfreq 3 (CC BY-SA 4.0), de", "doc_tokens": DOC_TOKENS, "p": prior}
    with gzip.open(OUT, "wt", encoding="utf-8", compresslevel=9) as fh:
        json.dump(payload, fh, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    print(f"{len(prior)} lemmas -> {OUT} ({OUT.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
