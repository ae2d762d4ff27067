"""The one sentence splitter: after . ! ? before an upper-case start, and at line breaks; not
after abbreviations ("Dr.", "z.B.": `data/abbreviations.txt`) or ordinals ("am 1. August")."""

from __future__ import annotations

import re

from meldungen.text.stopwords import read_words

ABBREVIATIONS = read_words("abbreviations.txt")
# typographic quotes and the ellipsis too: the story maths read text that is not normalised
_SENT_END = re.compile(r"[.!?…]+[\"')\]»«“”’]*(?=\s+[\"'(\[„»«“‚]?[A-ZÄÖÜ0-9])|\n\s*\n|\n(?=\S)")
_LAST_WORD = re.compile(r"([\w.]+)\.*$")


def sentence_spans(text: str, abbreviations: bool = True) -> list[tuple[int, int]]:
    """(start, end) of each sentence, white space around it left out. With `abbreviations`
    False, a full stop after an abbreviation or an ordinal ends a sentence too."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _SENT_END.finditer(text):
        if (
            abbreviations
            and m.group().startswith(".")
            and after_abbreviation(text[start : m.start()])
        ):
            continue
        _add_span(text, start, m.end(), spans)
        start = m.end()
    _add_span(text, start, len(text), spans)
    return spans


def after_abbreviation(before_stop: str) -> bool:
    """Whether a full stop after ``before_stop`` ends no sentence: after an abbreviation of the
    list, a single letter or a number."""
    # the word holds no white space: searching from the last space finds the same match, in
    # time of the word, not of the whole text before the stop
    word = _LAST_WORD.search(before_stop, before_stop.rfind(" ") + 1)
    last = word.group(1).lower().replace(".", " ").split()[-1:] if word else []
    # a single letter is an initial ("George W. Bush") or an abbreviation ("z. B.")
    return bool(last) and (last[0] in ABBREVIATIONS or len(last[0]) == 1 or word.group(1).isdigit())


def _add_span(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))


def split_sentences(text: str, abbreviations: bool = True) -> list[str]:
    """The sentences of `text` as strings."""
    return [text[a:b] for a, b in sentence_spans(text, abbreviations)]
