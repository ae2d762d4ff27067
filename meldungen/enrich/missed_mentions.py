"""Mentions the NER missed that the text itself shows: named facilities ("Robert-Koch-Institut"),
well-known organisations and places of several words ("Human Rights Watch", "der Deutschen
Bank", "im Persischen Golf"), the other case forms of an adjective-and-noun name it found ("im
Weißen Haus"), and persons the portal knows from earlier articles named bare in the headline
or lead ("Trump kommt mit Putin nur langsam voran")."""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from functools import cache
from typing import Any, NamedTuple

from meldungen.enrich.entity_names import Candidate, _covered
from meldungen.enrich.entity_words import (
    ALIAS_NAMES,
    FUNCTION_WORDS,
    LEGAL_FORMS,
    ORGANISATION_PHRASES,
    PLACE_NAMES,
    PLACE_PHRASES,
)
from meldungen.enrich.facilities import _FACILITY, facility_name
from meldungen.enrich.nouns import is_common_noun
from meldungen.text.lemmas import is_small_word, lemma


def _facility_mentions(text: str, cands: Sequence[Candidate]) -> list[Candidate]:
    """The named facilities of the text that no candidate covers (the NER misses most of
    them: "Robert-Koch-Institut", "Konrad-Adenauer-Stiftung")."""
    covered = _covered(cands)
    return [
        Candidate(*facility, m.start(), 1.0, m.group())
        for m in _FACILITY.finditer(text)
        if not covered(m.start()) and (facility := facility_name(m.group()))
    ]


# the case endings of an adjective ("Weiße", "Weißen", "Weißer", "Weißes", "Weißem")
_ENDINGS = "(?:e|en|er|es|em)"
_CASE_ADJECTIVE = re.compile(rf"([A-ZÄÖÜ][a-zäöüß]{{2,}}){_ENDINGS}")


def _inflected_mentions(text: str, cands: Sequence[Candidate]) -> list[Candidate]:
    """The other case forms of a place or organisation named by an adjective and a noun that
    no candidate covers: the NER found "das Weiße Haus" but not "im Weißen Haus" or "des
    Weißen Hauses"."""
    patterns: dict[str, tuple[str, re.Pattern[str]]] = {}
    for c in cands:
        words = c.name.split()
        if c.label not in ("ORG", "LOC") or len(words) != 2 or not words[1][:1].isupper():
            continue
        m = _CASE_ADJECTIVE.fullmatch(words[0])
        if m and c.name not in patterns:
            patterns[c.name] = (c.label, re.compile(
                rf"(?<![\w-]){re.escape(m.group(1))}{_ENDINGS}\s+"
                rf"{re.escape(words[1])}(?:es|s)?(?![\w-])"
            ))  # fmt: skip
    if not patterns:
        return []
    covered = _covered(cands)
    return [
        Candidate(name, label, m.start(), 1.0, m.group())
        for name, (label, pattern) in patterns.items()
        for m in pattern.finditer(text)
        if not covered(m.start())
    ]


def _company_short_forms(text: str, cands: Sequence[Candidate]) -> list[Candidate]:
    """The company an organisation's registered name names, where the text names it without its
    legal form and the NER missed it: "Gigaset" of "die Gigaset AG" in "Gigaset streicht 300
    Stellen". Mentions under the registered name. The short form must look like a name: not a
    common noun or a word written small ("Energie" of "Energie AG" is no mention)."""
    shorts: dict[str, str] = {}
    for c in cands:
        words = c.name.split()
        if c.label != "ORG" or len(words) < 2 or words[-1] not in LEGAL_FORMS:
            continue
        short = " ".join(words[:-1]).rstrip(",")
        if short.endswith(" & Co."):
            short = short[: -len(" & Co.")]
        if (
            len(short) >= 3 and short[:1].isupper() and short not in shorts
            and not (" " not in short and (is_common_noun(short) or is_small_word(short)))
        ):  # fmt: skip
            shorts[short] = c.name
    if not shorts:
        return []
    covered = _covered(cands)
    pattern = re.compile(
        r"(?<![\w-])(?:" + "|".join(map(re.escape, sorted(shorts, key=len, reverse=True)))
        + r")(?![\w-])"
    )  # fmt: skip
    return [
        Candidate(shorts[m.group()], "ORG", m.start(), 1.0, m.group())
        for m in pattern.finditer(text)
        if not covered(m.start())
    ]


_NAME_WORD = re.compile(r"(?<![\w-])[A-ZÄÖÜ][a-zäöüß]+(?:-[A-ZÄÖÜ][a-zäöüß]+)?(?![\w-])")


def _known_persons(art: Any) -> list[Candidate]:
    """Persons the portal knows from earlier articles (``art.known``: "Donald Trump") named by a
    bare word in the headline, teaser or lead that no mention covers: the tagger misses many
    bare surnames in short sentences ("Trump kommt mit Putin nur langsam voran" gave none). A
    word that is a noun, a function word, a place or a name of the alias table is left alone,
    and so is a German word written small ("Kurz", "Klein") where a sentence starts, the one
    place such a word has a capital: the portal's memory is asked only for names.
    ``art``: the entity stage's Article (text, spans, candidates, known)."""
    known = art.known
    if isinstance(known, dict) and not known:
        return []  # (the portal's KnownNames is asked lazily and counts only what it found)
    covered = _covered(art.cands)
    out: list[Candidate] = []
    for start, end in [(0, art.headline_end), art.teaser_span, art.lead_span]:
        for m in _NAME_WORD.finditer(art.text, start, end):
            word = m.group()
            before = art.text[max(start, m.start() - 8) : m.start()]
            opens = _SENTENCE_END.search(before) or (
                m.start() - start <= 8 and not before.strip(_OPENING)
            )
            if covered(m.start()) or not _name_like(word, bool(opens)):
                continue
            key = known.get(word)
            if key and key.startswith("per:"):
                out.append(Candidate(word, "PER", m.start(), 1.0, word))
    return out


# before a word that opens a sentence: the span's start or a sentence's end, and quotes
_OPENING = ' \t\n„“"»«‚(–-'
_SENTENCE_END = re.compile(r"[.!?:][\"“”»«)]?\s+[„“\"»«‚(]*$")


def _name_like(word: str, opens_sentence: bool) -> bool:
    if word in FUNCTION_WORDS or word in PLACE_NAMES or word in ALIAS_NAMES:
        return False
    return not is_common_noun(word) and not (opens_sentence and is_small_word(word))


def _adjective_stem(word: str) -> str | None:
    """The stem of a capitalised adjective in any case form ("Persischer", "Deutschen",
    "Vereinigte" -> "Persisch", "Deutsch", "Vereinigt"), else None ("Werder", "Bayer"): the
    dictionary's lemma of the word is its stem, or the stem is an adjective's or participle's
    by its ending ("Kaspisches", which the dictionary lacks)."""
    if not word[:1].isupper():
        return None
    for ending in ("er", "es", "en", "em", "e"):
        stem = word[: -len(ending)]
        adjective = lemma(word.lower()) == stem.lower() or stem.endswith(_ADJECTIVE_STEMS)
        if word.endswith(ending) and len(stem) >= 3 and adjective:
            return stem
    return None


_ADJECTIVE_STEMS = ("isch", "lich", "ig", "igt")


def _phrase_pattern(name: str) -> str:
    """``name`` as a pattern: its adjectives before the last word take their other case endings
    ("Deutsche Bank" -> "Deutschen Bank", "Deutsches Rotes Kreuz" -> "Deutschen Roten
    Kreuzes"), the last word a genitive -s or -es ("des Roten Meeres")."""
    words = name.split()
    parts = [
        re.escape(stem) + _ENDINGS if (stem := _adjective(words, i)) else re.escape(w)
        for i, w in enumerate(words[:-1])
    ]
    return r"\s+".join([*parts, re.escape(words[-1])]) + "(?:e?s)?"


def _adjective(words: list[str], i: int) -> str | None:
    """The stem of ``words[i]`` if it is an adjective before a capitalised word of the name
    (not "Staaten" of "Vereinigte Staaten von Amerika", "Straße" of "Straße von Hormus")."""
    return _adjective_stem(words[i]) if words[i + 1][:1].isupper() else None


def _cited_weak(name: str) -> str:
    """``name`` with its adjectives in the form cited with the article, as the entity stage
    names what the NER found ("Naher Osten" -> "Nahe Osten", "Auswärtiges Amt" -> "Auswärtige
    Amt"; the tag shows the cited form again), so both give one key."""
    words = name.split()
    return " ".join(
        [stem + "e" if (stem := _adjective(words, i)) else w for i, w in enumerate(words[:-1])]
        + words[-1:]
    )


class _Phrase(NamedTuple):
    name: str  # as the entity stage names the NER's mentions ("Nahe Osten")
    label: str
    pattern: re.Pattern[str]


@cache
def _phrases() -> tuple[dict[str, list[_Phrase]], dict[str, str]]:
    """The phrase lists made ready once, on the first article (not at import: the adjectives
    ask the dictionary): the phrases by their first three letters, longest first (a text is
    scanned for capitalised words, and only the names that start like one are tried there),
    and the lists' own forms by the names the stage gives them."""
    listed = [(name, label) for label, names in _LISTS for name in names]
    by_start: dict[str, list[_Phrase]] = {}
    for name, label in sorted(listed, key=lambda nl: len(nl[0]), reverse=True):
        pattern = re.compile(rf"{_phrase_pattern(name)}(?![\w-])")
        by_start.setdefault(name[:3], []).append(_Phrase(_cited_weak(name), label, pattern))
    return by_start, {_cited_weak(name): name for name, _ in listed}


_LISTS = (("ORG", ORGANISATION_PHRASES), ("LOC", PLACE_PHRASES))
_WORD_START = re.compile(r"(?<![\w-])[A-ZÄÖÜÉ]")


def listed_form(name: str) -> str | None:
    """The phrase lists' own form of a name the stage gives ("Persische Golf" -> "Persischer
    Golf", whose noun the cited form cannot tell der Golf from das Golf), else None."""
    return _phrases()[1].get(name)


def with_phrases(text: str, cands: Sequence[Candidate]) -> list[Candidate]:
    """``cands`` with the word lists' organisations and places of several words
    (``organisation_phrases``, ``place_phrases``) as mentions under the list's name: the NER
    misses many of the English ones ("Human Rights Watch", "Sky News") and of the seas and
    straits, or tags only a part ("Golf" of "im Persischen Golf"), which the phrase then takes
    the place of. A mention from inside a phrase on past its end joined a name after it: it is
    cut to that name ("Hormus Iran" in "Straße von Hormus Iran setzt Tanker fest" is Iran). A
    mention from the phrase's start on past its end is a longer name ("New York Post"), and one
    starting before the phrase keeps its span too; that phrase is not taken."""
    starts = {c.offset for c in cands}
    covered = _covered(cands)
    found: list[tuple[int, int, Candidate]] = []
    by_start = _phrases()[0]
    for start in _WORD_START.finditer(text):
        at = start.start()
        phrases = by_start.get(text[at : at + 3])
        if not phrases or (covered(at) and at not in starts) or (found and at < found[-1][1]):
            continue  # inside a mention or a phrase found before ("Roten Kreuzes" of "Deutschen …")
        for phrase in phrases:
            m = phrase.pattern.match(text, at)
            if m is not None:
                found.append(
                    (at, m.end(), Candidate(phrase.name, phrase.label, at, 1.0, m.group()))
                )
                break
    if not found:
        return list(cands)
    order = sorted(range(len(cands)), key=lambda k: cands[k].offset)
    offsets = [cands[k].offset for k in order]
    longest = max((len(c.surface) for c in cands), default=0)
    inner: set[int] = set()
    rest: dict[int, Candidate] = {}
    kept = []
    for a, b, phrase in found:  # the mentions a phrase overlaps, found by their offsets
        lo, hi = bisect.bisect_left(offsets, a - longest), bisect.bisect_left(offsets, b)
        near = [k for k in order[lo:hi] if cands[k].offset + len(cands[k].surface) > a]
        if all(a <= cands[k].offset for k in near):
            # a mention from the phrase's start on is a longer name ("New York Post"); one from
            # inside it joined a name after it ("Hormus Iran" in "Straße von Hormus Iran …")
            tails = {
                k: _tail(cands[k], b) if cands[k].offset > a else None
                for k in near
                if _end(cands[k]) > b
            }
            if all(tails.values()):  # inside, or a name after the phrase joined to its end
                inner.update(k for k in near if k not in tails)
                rest.update(tails)  # type: ignore[arg-type]
                kept.append(phrase)
        # else a mention across the phrase's start, or a longer name, keeps its span, and the
        # phrase is not taken
    return [rest.get(k, c) for k, c in enumerate(cands) if k not in inner] + kept


def _end(c: Candidate) -> int:
    return c.offset + len(c.surface)


def _tail(c: Candidate, cut: int) -> Candidate | None:
    """What of a mention goes on after a phrase's end ``cut``, when that is a name of its own:
    "Iran" of the NER's "Hormus Iran" in "Straße von Hormus Iran setzt Tanker fest"."""
    piece = c.surface[cut - c.offset :]
    name = piece.lstrip()
    if len(name) == len(piece) or not name[:1].isupper() or name.split()[0] in FUNCTION_WORDS:
        return None  # no space after the phrase ("Golfs"), or no name follows
    return Candidate(name, c.label, _end(c) - len(name), c.weight, name)
