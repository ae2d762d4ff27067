"""Names the tagger ran together across a genitive: "Matteo Salvinis Lega" is Salvini's party
Lega, "des Nachrichtendienstes BND" the BND, "des Auswärtigen Amtes Togo" two names. A German
genitive before a name belongs to another name (or to a common noun) than the one after it, so
such a span is two candidates: the words up to the genitive and the words after it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

from meldungen.enrich.entity_names import Candidate, _noun_like
from meldungen.enrich.entity_words import PLACE_NAMES
from meldungen.enrich.nouns import is_common_noun

# a word in the genitive: a capital, letters, and -s (not "Paris'" nor an acronym)
_GENITIVE = re.compile(r"[A-ZÄÖÜ][a-zäöüß-]{2,}s")
# the article of a masculine or neuter genitive, right before a mention or opening it
_GENITIVE_ARTICLE = re.compile(
    r"\b(?:[Dd]es|[Ee]ines|[Dd]ieses|[Jj]enes|[Ss]eines|[Ii]hres|[Uu]nseres)\s+(?=[A-ZÄÖÜ])"
)


def possessives(art: Any) -> None:
    """The entity stage's step (``entities.STEPS``; ``art``: its Article): a name the tagger
    ran on across a genitive is two ("Matteo Salvinis Lega", "des Nachrichtendienstes BND").
    Without this step: F1 0.833 (−0.001; decide fp 223 -> 225, held-out F1 0.856 -> 0.854)."""
    art.cands = split_possessives(art.text, art.cands, art.known_names)


def split_possessives(
    text: str, cands: Sequence[Candidate], known_names: Iterable[str]
) -> list[Candidate]:
    """Each candidate with a genitive word before a name as two candidates (see the module).

    A genitive counts when its word without -s (-es) is a name the article names elsewhere
    ("Salvinis", with "Salvini"; "Kanadas", a place), or a German common noun after the
    genitive's article ("des Amtes", "eines Nachrichtendienstes"; only masculine and neuter
    nouns take the -s, so "der Airports Group Europe" is an English name). A first name that
    ends in -s ("Klaus Wowereit", "Boris Johnson") or a name of the kind of "Johns Hopkins" is
    no genitive. After a name's genitive, a single word is a name only when the article gives
    it on its own too ("Salvinis Lega"; not "Ghanas Fußballschule"). The name after the
    genitive keeps the tagger's label, except after a person's name ("Salvinis Lega": not a
    person), where it abstains; a place of the gazetteer is a place."""
    given = Counter(n for c in cands for n in {c.name, c.name.rpartition(" ")[2]})  # surnames too
    known = set(known_names)
    names = set(given) | known | PLACE_NAMES
    out: list[Candidate] = []
    for c in cands:
        opened = _GENITIVE_ARTICLE.search(text, max(0, c.offset - 10), c.offset + 8)
        cut = _cut(c.name.split(), names, opened is not None)
        if cut is None:
            out.append(c)
            continue
        left, right, by_name = cut
        alone = given[right] > (right == c.name.rpartition(" ")[2]) or right in known
        if by_name and " " not in right and not alone:  # "Ghanas Fußballschule": a thing of
            out.append(c._replace(name=left))  # the name, which the genitive step then reads
            continue
        out.append(Candidate(left, c.label, c.offset, c.weight, left))
        label = "LOC" if right in PLACE_NAMES else "" if by_name and c.label == "PER" else c.label
        at = c.surface.find(" " + right)  # the surface may hold an article before the name
        out.append(Candidate(right, label, c.offset + at + 1 if at >= 0 else c.offset, c.weight,
                             right))  # fmt: skip
    return out


def _cut(words: list[str], names: set[str], article: bool) -> tuple[str, str, bool] | None:
    """(the words up to the genitive, the words after it, whether the genitive is a name's)."""
    for k in range(len(words) - 1):
        word, after = words[k], words[k + 1]
        if not _GENITIVE.fullmatch(word) or not after[:1].isupper() or _noun_like(after):
            continue
        bases = [word[:-1]] + ([word[:-2]] if word.endswith("es") else [])
        by_name = any(b in names for b in bases) and not is_common_noun(word)
        by_noun = article and is_common_noun(word) and any(is_common_noun(b) for b in bases)
        if by_name or by_noun:
            return " ".join(words[: k + 1]), " ".join(words[k + 1 :]), by_name
    return None
