"""Tokens: spaCy's rule-based German tokenizer for the NER, and the two word patterns.

- `token_spans` / `token_spans_many`: spaCy's German tokenizer (`spacy.blank("de")`, no model
  needed), character spans without the white space: what the NER's CRF reads.
- `words`: letter words keeping inner hyphens and apostrophes ("Ukraine-Krieg"), numbers and
  punctuation dropped: the terms of the story maths.
- `index_words`: every run of word characters, lower-cased: what the search index stores,
  cut as PostgreSQL's parser cuts (hyphenated words are two).
"""

from __future__ import annotations

import itertools
import re
import threading
from collections.abc import Iterable, Iterator

# Tokens of a run of non-space characters, cached by the run: spaCy cuts a text at white space
# first and each run alone (see _special_pairs), so a run's tokens are the same wherever it
# stands. Bounded: when full, the oldest quarter goes.
CHUNK_CACHE = 100_000
RUN_CACHED_UP_TO = 100  # characters: words and their punctuation, not a hostile text's blobs
# spaCy adds a lexeme to its vocabulary for every new word form and never drops one: past this
# many the tokenizer is made anew (0.1 s), so a long-running process does not grow without end.
VOCAB_LIMIT = 200_000

_RUN = re.compile(r"\S+")  # \s is str.isspace(), spaCy's test
_lock = threading.Lock()
_tokenizer = None
# pairs of neighbouring tokens in special cases' patterns, their first tokens, their second
# tokens, the longest such token, and every token of a special case (see _special_pairs)
_Pairs = tuple[frozenset[tuple[str, str]], frozenset[str], frozenset[str], int, frozenset[str]]
_pairs: _Pairs | None = None  # None: the run cache is not used
_pairs_made = False
# a run -> its tokens' spans within it, its ends among the pairs' first tokens, its beginnings
# among their second tokens (mostly both empty)
_Run = tuple[tuple[tuple[int, int], ...], tuple[str, ...], tuple[str, ...]]
_runs: dict[str, _Run] = {}


def spacy_tokenizer():
    """spaCy's German tokenizer, made once per process (and again when its vocabulary passes
    VOCAB_LIMIT; its output does not depend on the vocabulary). Lexemes it adds carry no
    lexical attributes (is_space, like_num, ...): read the text, not them."""
    global _tokenizer, _pairs, _pairs_made
    tok = _tokenizer
    if tok is None or len(tok.vocab) > VOCAB_LIMIT:
        with _lock:
            if _tokenizer is None or len(_tokenizer.vocab) > VOCAB_LIMIT:
                import spacy

                _tokenizer = spacy.blank("de").tokenizer
                # no lexical attributes (like_num, shape, norm, ...) for the lexemes it adds:
                # tokenising reads none, and computing them was a third of its time
                _tokenizer.vocab.lex_attr_getters = {}
                if not _pairs_made:
                    _pairs, _pairs_made = _special_pairs(_tokenizer), True
            tok = _tokenizer
    return tok


def _special_pairs(tok) -> _Pairs | None:
    """What decides whether a run's tokens can be taken from the cache. After cutting a text
    into runs of non-space characters (affixes split off, special cases looked up), spaCy
    matches the special cases' patterns (their affix-split tokens) over the whole text's tokens:
    a match across two runs changes nothing itself but may hide a match inside one of them
    ("einfallen: ):allg." keeps ")" ":" apart, "):allg." alone makes "):" one token). So a
    text is tokenised whole, not from the cache, where a run that may end in the first token
    of a neighbouring pair in a pattern is followed, after one space, by a run that may begin
    with the second. A run's first token before that matching is its first token in the cache,
    unless the token comes from a special case: then any of the run's beginnings may have been.
    Returns the pairs, their first tokens, their second tokens, the longest of these, and the
    special cases' tokens; None when a pattern holds white space (the cache is never used)."""
    from spacy.symbols import ORTH
    from spacy.tokenizer import Tokenizer

    plain = Tokenizer(tok.vocab, rules={}, prefix_search=tok.prefix_search,
                      suffix_search=tok.suffix_search, infix_finditer=tok.infix_finditer,
                      token_match=tok.token_match, url_match=tok.url_match)  # fmt: skip
    pairs = set()
    specials = set()
    for special, substrings in tok.rules.items():
        specials.update(d.get(ORTH, d.get("ORTH", "")) for d in substrings)
        orths = [t.text for t in plain(special)]  # the pattern: the case's affix-split tokens
        if len(orths) > 1:
            if any(c.isspace() for o in orths for c in o):
                return None
            pairs.update(zip(orths, orths[1:], strict=False))
    longest = max((len(t) for pair in pairs for t in pair), default=0)
    firsts, seconds = frozenset(a for a, _ in pairs), frozenset(b for _, b in pairs)
    return frozenset(pairs), firsts, seconds, longest, frozenset(specials)


def token_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the tokens of `text` (white space dropped): spaCy's, each run of
    non-space characters from the run cache, runs not in it tokenised by spaCy together."""
    tok = spacy_tokenizer()
    pairs = _pairs
    if pairs is None:
        return _spans(tok(text), text)
    runs = _runs
    found = [(m.start(), m.group()) for m in _RUN.finditer(text)]
    new = [run for _, run in found if run not in runs]
    learnt = _learn(tok, list(dict.fromkeys(new)), pairs) if new else {}
    out: list[tuple[int, int]] = []
    prev_end, prev_ends = -2, ()
    for a, run in found:
        hit = runs.get(run) or learnt.get(run)
        if hit is None:  # a run spaCy does not cut alone as in the text, or just dropped
            return _spans(tok(text), text)
        rel, ends, begins = hit
        if (
            begins
            and prev_ends
            and a == prev_end + 1
            and text[prev_end] == " "
            and any((x, y) in pairs[0] for x in prev_ends for y in begins)
        ):
            return _spans(tok(text), text)  # a special case might span the two runs
        prev_end, prev_ends = a + len(run), ends
        if len(rel) == 1:
            out.append((a, prev_end))
        else:
            out.extend([(a + s, a + e) for s, e in rel])
    return out


def _learn(tok, new: list[str], pairs: _Pairs) -> dict[str, _Run]:
    """The tokens of runs not yet cached: spaCy cuts them in one call, one run a line (a line
    break is a token of its own, in no special-case pattern: the runs are cut as alone)."""
    joined = "\n".join(new)
    spans = _spans(tok(joined), joined)
    _, lefts, rights, longest, specials = pairs
    learnt = {}
    k, n, pos = 0, len(spans), 0
    for run in new:
        end = pos + len(run)
        j = k
        while j < n and spans[j][1] <= end:
            j += 1
        rel = tuple((s - pos, e - pos) for s, e in spans[k:j])
        if rel and rel[0][0] == 0 and rel[-1][1] == len(run):
            first, last = run[: rel[0][1]], run[rel[-1][0] :]
            ks = range(1, min(len(run), longest) + 1)
            if last in specials:
                ends = tuple(run[-k:] for k in ks if run[-k:] in lefts)
            else:
                ends = (last,) if last in lefts else ()
            if first in specials:
                begins = tuple(run[:k] for k in ks if run[:k] in rights)
            else:
                begins = (first,) if first in rights else ()
            learnt[run] = (rel, ends, begins)
        k, pos = j, end + 1
    runs = _runs
    if len(runs) + len(learnt) > CHUNK_CACHE:
        for old in list(itertools.islice(runs, CHUNK_CACHE // 4)):
            runs.pop(old, None)
    runs.update((run, v) for run, v in learnt.items() if len(run) <= RUN_CACHED_UP_TO)
    return learnt


def token_spans_many(texts: Iterable[str], batch_size: int = 64) -> Iterator[list[tuple[int, int]]]:
    """`token_spans` of each text (batch_size is kept for callers; spaCy's tokenizer pipe is
    a loop over the texts too)."""
    for text in texts:
        yield token_spans(text)


def _spans(doc, text: str) -> list[tuple[int, int]]:
    """Spans of the doc's tokens but white space (a token is all white space or has none)."""
    from spacy.attrs import IDX, LENGTH

    if not len(doc):
        return []
    return [(i, i + n) for i, n in doc.to_array([IDX, LENGTH]).tolist() if not text[i].isspace()]


# Letter words, keeping inner hyphens ("Ukraine-Krieg") and apostrophes; digits and "_" out.
WORD = re.compile(r"[^\W\d_]+(?:[-'][^\W\d_]+)*", re.UNICODE)
INDEX_WORD = re.compile(r"\w+")


def words(text: str) -> list[str]:
    """Letter words in their original case (numbers and punctuation dropped)."""
    return WORD.findall(text)


def index_words(text: str) -> list[str]:
    """Lower-cased runs of word characters, as the search index and queries cut them."""
    return INDEX_WORD.findall(text.lower())
