"""German compounds split into their parts for the search index, so that "Atom" finds
"Atomprogramm" and "Wahl" finds "Bundestagswahl". Pure: no Django.

The parts are found with the project's own noun lexicon (meldungen/enrich/lexicon, every
inflected form of German common nouns): a word splits where its tail is a known noun and its
front, with or without a linking element (Fugenelement: -s-, -es-, -n-, -en-, -e-, -er-), is a
known noun too; both sides split again (bounded). A front that is no known noun never splits
off, which keeps "Gesellschaft" whole (no "Schaft").
"""

from __future__ import annotations

from functools import lru_cache

from meldungen.enrich.nouns import common_nouns, name_nouns

MIN_WORD = 6  # shorter words are no compounds worth splitting
MIN_FRONT = 4  # "Bund(es)", "Atom"
MIN_HEAD = 3  # "Tag", "Amt", "Rat"
# Derivational endings that the lexicon also knows as nouns: never a compound's head.
SUFFIX_HEADS = frozenset(
    [
        "schaft",
        "schaften",
        "tum",
        "tums",
        "ling",
        "linge",
        "nis",
        "heit",
        "keit",
        "ster",
        "chen",
        "lein",
        "ung",
        "ungen",
    ]
)
LINKERS = ("", "s", "es", "n", "en", "e", "er")
MAX_DEPTH = 3

# Prepositions and particles the lexicon also lists as nouns ("das Gegen"): a verb prefix in
# "Gegenstand", "Unterstützung", never a compound's front.
PARTICLE_FRONTS = frozenset(
    [
        "gegen",
        "unter",
        "über",
        "nach",
        "durch",
        "hinter",
        "neben",
        "wider",
        "ober",
        "vor",
        "mit",
        "aus",
        "auf",
        "ein",
        "zu",
        "bei",
        "um",
    ]
)

_lower_nouns: frozenset[str] | None = None


def nouns() -> frozenset[str]:
    """Lower-cased forms of the lexicon's nouns (one word, no hyphen), with those that are
    also names ("steuer" in "grundsteuer")."""
    global _lower_nouns
    if _lower_nouns is None:
        _lower_nouns = frozenset(
            w.lower()
            for w in common_nouns() | name_nouns()
            if w[:1].isupper() and "-" not in w and " " not in w
        )
    return _lower_nouns


def _front(part: str, known: frozenset[str]) -> str | None:
    """The noun a compound front is, its linking element stripped ("bundestags" -> "bundestag")."""
    if part in PARTICLE_FRONTS:
        return None
    for linker in LINKERS:
        if linker and not part.endswith(linker):
            continue
        base = part[: len(part) - len(linker)] if linker else part
        if len(base) >= MIN_FRONT and base in known and base not in PARTICLE_FRONTS:
            return base
    return None


@lru_cache(maxsize=200_000)
def split(word: str, depth: int = 0) -> tuple[str, ...]:
    """The parts of a lower-cased compound ("klimaschutzgesetz" -> ("klima", "schutz",
    "gesetz")), or () when it is none. German compounds are right-headed: the shortest known
    head with a known front wins, and the front splits again."""
    known = nouns()
    if len(word) < MIN_WORD or depth >= MAX_DEPTH or not word.isalpha():
        return ()
    for cut in range(len(word) - MIN_HEAD, MIN_FRONT - 1, -1):  # shortest head first
        head = word[cut:]
        if head not in known or head in SUFFIX_HEADS:
            continue
        front = _front(word[:cut], known)
        if front is None:
            continue
        return (*(split(front, depth + 1) or (front,)), head)
    return ()
