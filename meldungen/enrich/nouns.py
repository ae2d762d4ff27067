"""German nouns and names for enrichment: common nouns, role nouns, the genitive -s of names.

Lexicons are small gzip lists in ./lexicon (see meldungen/training/lexicon_build.py), loaded
lazily once; the role heads are in ./data/role_words.json. Tokens, sentences, normalising and
slugs are in `meldungen.text`.
"""

from __future__ import annotations

import gzip
import json
import threading
from collections.abc import Container
from functools import lru_cache
from pathlib import Path

from meldungen.enrich.entity_words import PLACE_NAMES
from meldungen.text.lemmas import is_german_word

LEXICON_DIR = Path(__file__).resolve().parent / "lexicon"
_WORDS = json.loads(
    (Path(__file__).resolve().parent / "data" / "role_words.json").read_text("utf-8")
)

# ---------------------------------------------------------------------------------------------
# Lexicons

_lock = threading.Lock()
_nouns: frozenset[str] | None = None
_s_final: dict[str, bool] | None = None


def _read_lines(name: str) -> list[str]:
    with gzip.open(LEXICON_DIR / name, "rt", encoding="utf-8") as fh:
        return fh.read().split("\n")


def common_nouns() -> frozenset[str]:
    """All forms of German common nouns (case as written: "Telefonat", "Verhandlungen")."""
    global _nouns
    if _nouns is None:
        with _lock:
            if _nouns is None:
                _nouns = frozenset(w for w in _read_lines("common_nouns.txt.gz") if w)
    return _nouns


@lru_cache(maxsize=1)
def name_nouns() -> frozenset[str]:
    """Noun forms left out of ``common_nouns`` because their lemma is also a name (Steuer,
    Mann, Stein): nouns where they are a compound's part (Grundsteuer, Feuerwehrmann)."""
    return frozenset(w for w in _read_lines("name_nouns.txt.gz") if w)


@lru_cache(maxsize=1)
def singular_nouns() -> frozenset[str]:
    """Forms of common nouns whose lemma has no plural (Twitter, FIFA, Eurovision, Frieden)."""
    return frozenset(w for w in _read_lines("singular_nouns.txt.gz") if w)


def _s_final_table() -> dict[str, bool]:
    global _s_final
    if _s_final is None:
        with _lock:
            if _s_final is None:
                table = {}
                for line in _read_lines("s_final.txt.gz"):
                    word, _, flag = line.partition("\t")
                    if word:
                        table[word] = flag == "k"
                _s_final = table
    return _s_final


def is_common_noun(word: str) -> bool:
    """True for a capitalised German common noun (Kremlchef, Telefonat), not for names."""
    return word[:1].isupper() and word in common_nouns()


def is_singular_noun(word: str) -> bool:
    """True for a form of a common noun that has no plural: a noun of this kind that names an
    organisation is its name ("Twitter", "FIFA"), not a kind of thing ("Universität")."""
    return word in singular_nouns()


# Heads of nouns naming a role, office or title; compounds count too ("Kremlsprecher",
# "US-Präsident", "Ministerpräsidentin").
_ROLE_HEADS = tuple(sorted(_WORDS["role_heads"]["words"], key=len, reverse=True))


def is_role_noun(word: str) -> bool:
    """True for a capitalised noun that names a role or title ("Kremlchef", "US-Präsident")."""
    if not word[:1].isupper():
        return False
    low = word.lower().rstrip(".")
    low = low.rsplit("-", 1)[-1]
    for suffix in ("innen", "in", "en", "n", "s"):
        if low.endswith(suffix) and low[: -len(suffix)].endswith(_ROLE_HEADS):
            return True
    return low.endswith(_ROLE_HEADS)


def is_noun_compound(w: str, part: int = 5) -> bool:
    """Whether ``w`` ends in a common noun of ``part`` letters or more after three of its own
    ("Marktwächter"), or a noun after a hyphen: a compound the lexicon does not list, no name."""
    return bool(compound_heads(w, part))


def compound_heads(w: str, part: int = 5) -> list[str]:
    """The common nouns ``w`` ends in as a compound (``is_noun_compound``), longest first:
    "Grenzschutzbehörde" -> Schutzbehörde, Behörde."""
    if "-" in w:  # "Wars-Film", "Rammstein-Star": a noun after the hyphen
        last = w.rpartition("-")[2]
        return [last] if is_common_noun(last) else []
    heads = (w[k:].capitalize() for k in range(3, len(w) - part + 1))
    return [h for h in heads if is_common_noun(h)]


# ---------------------------------------------------------------------------------------------
# Names


def s_final_is_own(word: str) -> bool | None:
    """What the frequency list says of a lower-cased word ending in -s: True when the -s is the
    word's own (paris, texas, klaus), False when it is a genitive's (putins, europas), None when
    the list does not have the word."""
    return _s_final_table().get(word)


def keeps_final_s(word: str, evidence: Container[str] = ()) -> bool:
    """True when the frequency list says the -s of this name is its own (Wales, Texas, Paris)
    and neither the form without -s nor without -es occurs in `evidence`."""
    if not word.endswith("s") or word[:-1] in evidence or word[:-2] in evidence:
        return False
    return _s_final_table().get(word.lower()) is True


def strip_genitive(word: str, evidence: Container[str] = ()) -> str:
    """The base form of one name token in the genitive: Putins -> Putin, Kremls -> Kreml.

    `evidence` holds surface forms seen elsewhere (same article, earlier articles): when the
    form without -s occurs there, the -s is a genitive. Otherwise the shipped frequency list
    decides (Paris, Klaus, Texas keep their -s). Apostrophe genitives ("Hans'", "Trump's") too.
    """
    if len(word) < 3:
        return word
    if word.endswith("'s"):
        return word[:-2]
    if word.endswith("'") and word[-2:-1] in ("s", "x", "z"):
        return word[:-1]
    if not word.endswith("s") or word.isupper():
        return word
    base = word[:-1]
    if word.endswith("es") and len(word) >= 5:
        stem = word[:-2]  # des Bundestages -> Bundestag, des Hauses -> Haus
        if stem in evidence or is_common_noun(stem):
            return stem
    known = _s_final_table().get(word.lower())
    if known is True and base not in evidence:
        return word  # Paris, Klaus, Mercedes
    if base in evidence or (known is False and len(base) >= 3):
        return base
    return word


# ---------------------------------------------------------------------------------------------
# The form a name is cited in


@lru_cache(maxsize=1)
def _genders() -> dict[str, str]:
    return dict(line.split("\t") for line in _read_lines("noun_genders.txt.gz") if line)


def noun_gender(noun: str) -> str:
    """ "m", "n" or "f" for a German noun in its nominative singular, "" when unknown; a compound
    not in the list takes its last part's gender ("Fernsehpreis" from "Preis"), a part of four
    letters at least."""
    genders = _genders()
    if len(noun) > 60:
        return ""  # no German noun is that long: a hostile text's run of letters
    if noun in genders:
        return genders[noun]
    for i in range(1, len(noun) - 3):  # a last part of four letters at least
        part = noun[i].upper() + noun[i + 1 :]
        if part in genders:
            return genders[part]
    return ""


# endings of adjectives in the weak form the entity stage leaves them in ("Europäische Rat")
# that a noun rarely has; other -e words count when they are no noun ("Rote", not "Liste")
_WEAK_ADJECTIVE = ("ische", "liche", "ige", "ße", "sche", "ue", "eie", "üne", "ere", "äre")
_STRONG_ENDING = {"m": "r", "n": "s"}


def _weak_adjective(word: str) -> bool:
    if word.endswith(_WEAK_ADJECTIVE):
        return True
    if len(word) < 4 or not word.endswith("e") or is_common_noun(word):
        return False
    return is_german_word(word.lower())  # German, not "Hyde Park" or "Suicide Squad"


def cited_form(name: str) -> str:
    """A place's or organisation's name as a tag cites it, without its article: the adjectives
    right before a masculine or neuter head noun take the strong ending ("Europäische Rat" ->
    "Europäischer Rat", "Weiße Haus" -> "Weißes Haus", "Internationale Olympische Komitee"
    -> "Internationales Olympisches Komitee"); feminine and plural heads, and names whose head
    is no noun of the lexicon, stay as they are ("Europäische Zentralbank", "Vereinte
    Nationen")."""
    words = name.split(" ")
    if len(words) < 2 or not words[-1][:1].isupper() or words[-1] in PLACE_NAMES:
        return name  # "Preußen Münster": a place is no head noun
    gender = noun_gender(words[-1])
    if gender == "n" and words[-1].endswith("en"):
        return name  # a verb as a noun ("das Spielen") is no head a name has: a case form
    ending = _STRONG_ENDING.get(gender, "")
    if not ending:
        return name
    i = len(words) - 2
    while i >= 0 and words[i][:1].isupper() and _weak_adjective(words[i]):
        words[i] += ending
        i -= 1
    return " ".join(words)
