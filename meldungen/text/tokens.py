"""Tokens: spaCy's rule-based German tokenizer for the NER, and the two word patterns.

- `token_spans` / `token_spans_many`: spaCy's German tokenizer (`spacy.blank("de")`, no model
  needed), character spans without the white space: what the NER's CRF reads.
- `words`: letter words keeping inner hyphens and apostrophes ("Ukraine-Krieg"), numbers and
  punctuation dropped: the terms of the story maths.
- `index_words`: every run of word characters, lower-cased: what the search index stores,
  cut as PostgreSQL's parser cuts (hyphenated words are two).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import cache


@cache
def spacy_tokenizer():
    """spaCy's German tokenizer, made once per process (two threads racing at start-up may each
    build one; one of them is kept)."""
    import spacy

    return spacy.blank("de").tokenizer


def token_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the tokens of `text` (white space dropped)."""
    return _spans(spacy_tokenizer()(text))


def token_spans_many(texts: Iterable[str], batch_size: int = 64) -> Iterator[list[tuple[int, int]]]:
    """`token_spans` of each text, tokenised in batches with spaCy's pipe."""
    for doc in spacy_tokenizer().pipe(texts, batch_size=batch_size):
        yield _spans(doc)


def _spans(doc) -> list[tuple[int, int]]:
    return [(t.idx, t.idx + len(t.text)) for t in doc if not t.is_space]


# Letter words, keeping inner hyphens ("Ukraine-Krieg") and apostrophes; digits and "_" out.
WORD = re.compile(r"[^\W\d_]+(?:[-'][^\W\d_]+)*", re.UNICODE)
INDEX_WORD = re.compile(r"\w+")


def words(text: str) -> list[str]:
    """Letter words in their original case (numbers and punctuation dropped)."""
    return WORD.findall(text)


def index_words(text: str) -> list[str]:
    """Lower-cased runs of word characters, as the search index and queries cut them."""
    return INDEX_WORD.findall(text.lower())
