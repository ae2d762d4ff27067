"""A title whose end repeats itself after a full stop, as titles made from Wikinews-style file
names do when the title holds an ordinal ("Theresa May gibt Rücktritt zum 7. Juni bekannt.
Juni bekannt"): the repeat goes, and where the first copy was cut short and the repeat is
whole ("… am 21. März komplett abgeschalte. März komplett abgeschaltet"), the whole one stays.

The repeat must start like the part after the title's first full stop and share at least two
words and ten characters with it (white space folded), or be that part's one word again after
an ordinal ("ab 1. August. August"); no title repeats its own end so by intent.

A title cut short inside its last word ("… Einführung des digitalen Polizeif", "… der
Verei", "… in China C") ends in "…" (``marked_cut``): its last word is no word of the lexicon
(or one capital letter), the text never has it, and the text goes on from it by more than an
inflection ending (``continuations``: "Polizeifunk", "Vereinten"; but "Menschenrechtsrat" of a
text with "Menschenrechtsrates" is whole); or the text has no form of it at all and the
dictionary knows neither it, nor the last part of it as a compound, nor its stem
("Konfliktreg", "Schnelltesterg", "Türkeibeitri"; but "Hauptstadtverlegung" is whole). The
entity stage reads a headline's last word by the same signals and its own word lists
(``enrich.headline_cut``).
"""

from __future__ import annotations

import re

from meldungen.text.lemmas import is_german_word

_SHARED = 10  # characters the two copies share at least
_LETTER_EVIDENCE = 80  # words of text a title's one last letter or unknown word is judged by
_ORDINAL = re.compile(r"(?<![\d.])\d{1,2}$")  # a day or a rank before its full stop
# letters only ("Israel-Libanon-Kon"), or one capital ("Grenze USA-M", "in China C")
_LAST_WORD = re.compile(r"(?<![^\W\d_])([^\W\d_]{2,}|[A-ZÄÖÜ])$")
# the start of a UTF-8 letter's escape at the end, cut after its first byte or digit
# (ingest.escaped reads whole ones): "C3", "C", "E2 80"
_ESCAPE_PIECE = re.compile(r"\s[C-F][0-9A-F]?(?:\s[89AB][0-9A-F]?)*$")
# endings that make another form of the same word: no sign of a cut ("Putins", "Rates")
INFLECTIONS = frozenset({"s", "es", "n", "en", "ns", "ens", "e", "er", "ern", "em", "nen"})


def without_repeated_tail(title: str) -> str:
    """``title`` without a repeat of its end after its last full stop (module doc)."""
    first = title.find(". ")
    last = title.rfind(". ")
    if first < 0 or last <= first:
        return title
    head, part, repeat = title[:first], title[first + 2 : last], title[last + 2 :].rstrip(". ")
    part, repeat = " ".join(part.split()), " ".join(repeat.split())  # "2005  Stichtag"
    if ". " in part:
        return title
    if len(repeat.split()) < 2:  # one word again only after an ordinal: "zum 1. August. August"
        ordinal = _ORDINAL.search(head) is not None  # no year: "seit 1990. Mai. Mai"
        return f"{head}. {part}" if ordinal and repeat == part else title
    shorter, longer = sorted((part, repeat), key=len)
    if len(shorter) < _SHARED or not longer.startswith(shorter[: max(_SHARED, len(shorter) - 2)]):
        return title
    return f"{head}. {longer}"


def continuations(word: str, text: str, pos: int = 0) -> set[str] | None:
    """The endings by which words of ``text`` (from ``pos``) go on from ``word`` ("la" of
    "Venezuela" for "Venezue"), or None when the text has ``word`` itself."""
    rests = set()
    # the words that begin with it, found by the regex engine, not word by word
    for m in re.finditer(rf"(?<![^\W\d_]){re.escape(word)}([^\W\d_]*)", text[pos:]):
        if not m.group(1):
            return None
        rests.add(m.group(1))
    return rests


def marked_cut(title: str, text: str) -> str:
    """``title`` with "…" after a last word cut short (module doc); ``text`` is the rest of the
    item (teaser and body, HTML or plain). A title cut inside the escape of a letter after the
    word ("… neue Welle von Anschl C3", "… Amt des Ministerpr C": "ä" written C3 A4) loses
    that piece when the word before it is cut ("Citroën C3", "Vitamin C" stay)."""
    piece = _ESCAPE_PIECE.search(title, max(0, len(title) - 16))
    if piece:
        before = title[: piece.start()]
        marked = _marked_cut(before, text)
        if marked != before:
            return marked
    return _marked_cut(title, text)


def _marked_cut(title: str, text: str) -> str:
    tail = title[-80:]
    m = _LAST_WORD.search(tail)
    word = m.group(1) if m else ""
    if (
        not word
        or (m.start() == 0 and len(title) > len(tail))
        or len(word) > 1
        and is_german_word(word)
    ):
        return title  # no last word, one longer than the end read, or a word of the lexicon
    if len(word) == 1 and not _enough(text):
        return title  # "Plan B" over a teaser that never names it: too little text to tell
    rests = continuations(word, text)
    if rests and not rests <= INFLECTIONS:
        return title + "…"  # the text goes on from it: "Venezue" of "Venezuela"
    if rests == set() and len(word) > 1 and _enough(text) and _unknown(word, text):
        return title + "…"  # no form of it anywhere, and no dictionary knows it
    return title


def _enough(text: str) -> bool:
    """Whether ``text`` is long enough for what it lacks to say something about the title."""
    return len(text.split(None, _LETTER_EVIDENCE)) > _LETTER_EVIDENCE


_PART = 4  # letters of a compound's last part, at least ("Verdacht" of "Kinderpornoverdacht")


def _unknown(word: str, text: str) -> bool:
    """Whether ``word``, which the text never has in any form, is no word at all: not an
    acronym, unknown to the dictionary written small too, no compound whose last part it knows
    ("Hauptstadtverlegung", "regierungsbereit"), and no inflected form of a word the dictionary
    or the text has ("Mathematikums" of "Mathematikum")."""
    if word.isupper() or is_german_word(word.lower()):
        return False
    low = word.lower()
    for k in range(2, len(low) - _PART + 1):
        if is_german_word(low[k:]) or is_german_word(low[k:].capitalize()):
            return False
    for ending in INFLECTIONS:
        stem = word[: -len(ending)]
        if (
            word.endswith(ending)
            and len(stem) >= _PART
            and (is_german_word(stem) or continuations(stem, text) is None)  # the text has it
        ):
            return False
    return True
