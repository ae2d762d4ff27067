"""Names one at a time, for the entity stage (entities.py): a mention's surface to a name,
genitive and inflection off, glued words apart, whether a string is a name at all, surnames."""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Callable, Container, Sequence
from typing import NamedTuple

from meldungen.enrich.entity_words import (
    ADJ_EN,
    ARTICLES,
    BODY_HEADS,
    CAP_ARTICLES,
    CLASSIFIER_NOUNS,
    CLUB_WORDS,
    FUNCTION_WORDS,
    HYPHEN_NAMES,
    INSTITUTIONS,
    LEADING_WORDS,
    NEWS_AGENCIES,
    ORG_NOUNS,
    PARTICLES,
    PLACE_NAMES,
    TOPONYM_NOUNS,
    alias,
)
from meldungen.enrich.facilities import facility_name
from meldungen.enrich.ner import is_plain_noun, may_be_first_name
from meldungen.enrich.nouns import (
    compound_heads,
    is_common_noun,
    is_noun_compound,
    is_role_noun,
    is_singular_noun,
    keeps_final_s,
    name_nouns,
    strip_genitive,
)
from meldungen.enrich.person_names import _ROMAN, family_name_first
from meldungen.text import normalize_text
from meldungen.text.lemmas import is_german_word


class Candidate(NamedTuple):
    """One mention on its way to an entity: the name it stands for, the NER's label ("" when
    it abstains in the type vote), its offset in the text, its weight (0.5 inside a compound)
    and its surface form."""

    name: str
    label: str
    offset: int
    weight: float
    surface: str


_EDGE_PUNCT = "\"'()[]{}.,;:!?-"
_WORD = re.compile(r"[\w.'&]+(?:-[\w.'&]+)*")
_SCORE = re.compile(r"\d+:\d+")
_ADJECTIVE = re.compile(r"(isch|lich)(e|en|er|es|em)$")


def _clean_surface(text: str) -> str:
    text = " ".join(normalize_text(text).split())
    return text.strip(_EDGE_PUNCT + " ")


def _capital(token: str) -> bool:
    """A word that starts with a capital, after an opening quote or bracket ('"Venstre')."""
    return token.lstrip(_EDGE_PUNCT)[:1].isupper()


def _strip_tokens(tokens: list[str], label: str) -> tuple[list[str], bool]:
    """Drop articles, lower-case words and role nouns before a name; keep at least one token.

    Returns the tokens and whether a role noun was dropped: a role ("Präsident") before a name
    means a person, whatever label the NER gave the span.
    """
    role = False
    # the last role noun followed by a name ends the prefix, adjectives before it included:
    # "Indischer Schriftsteller Salman Rushdie", "ehemalige US-Präsident Barack Obama"
    for i in range(len(tokens) - 2, -1, -1):
        if is_role_noun(tokens[i]) and _capital(tokens[i + 1]):
            tokens, role = tokens[i + 1 :], True
            break
    while len(tokens) > 1 and not family_name_first(tokens):  # "Xi" is also a Greek letter
        tok = tokens[0]
        if is_role_noun(tok) and _capital(tokens[1]):
            tokens, role = tokens[1:], True
        elif (
            label in ("LOC", "ORG")
            and len(tokens) > 2
            and is_role_noun(tok)
            and tokens[1] in ("der", "des")
            and _capital(tokens[2])
        ):
            tokens = tokens[2:]  # a post of what follows: "Präsident der Vereinigten Staaten"
        elif (
            tok in ARTICLES
            or tok in CAP_ARTICLES
            or tok in LEADING_WORDS
            or not tok[:1].isupper()
            or tok.endswith(":")
            or label in ("PER", "MISC")
            and is_common_noun(tok)
            or label == "PER"
            and _noun_compound(tok)  # "Grenzschutzbehörde Sanders", "Nizza-Gewinner Thiem"
            or label == "ORG"
            and len(tokens) > 2
            and tokens[1] in CLUB_WORDS
            and _noun_like(tok)  # "Bundesliga-Schlusslicht SV Darmstadt 98", not "Hamburger SV"
            or label in ("LOC", "ORG")
            and tok in CLASSIFIER_NOUNS
            and _capital(tokens[1])  # "Bundesstaat Alabama", 'Partei "Venstre'
        ):
            tokens = tokens[1:]
        else:
            break
    # a role after a full name goes ("Angela Merkel Kanzlerin"), but after one name it is the
    # surname: Sebastian Koch, Gerhard Richter, Sven Meister
    while (
        len(tokens) > 1
        and label == "PER"
        and (not tokens[-1][:1].isupper() or (is_role_noun(tokens[-1]) and len(tokens) > 2))
    ):
        tokens = tokens[:-1]
    if label == "PER":
        tokens = _cut_at_origin(tokens)
    return tokens, role


def _noun_compound(word: str) -> bool:
    """A compound whose last part is a plain noun, no first name ("Marcello" ends in a cello,
    "Lily-Rose" in a rose, "Pierpaolo" in a noun of the list)."""
    heads = compound_heads(word)
    return bool(heads) and is_plain_noun(heads[-1]) and not may_be_first_name(word)


def full_name(c: Candidate) -> bool:
    """A person's name of two words, also where the first is a word of the noun list that the
    name stage left out ("Dan Coats": "Dan" is a noun too), but not a role ("Präsident Trumps")."""
    if " " in c.name:
        return True
    words = c.surface.split()
    return len(words) == 2 and words[0][:1].isupper() and not is_role_noun(words[0])


def _cut_at_origin(tokens: list[str]) -> list[str]:
    """A person span that runs on into where the person comes from ends before "von":
    "Soleimani von US-Militär", "Müller von der SPD", "David Gardner von Motley Fool", and one
    name before a place ("forderte Abbas von Israel"), but not "Ursula von der Leyen", "Johann
    Wolfgang von Goethe" or "Ernst August von Hannover". One that
    runs on into an object ends before "des", "dem" or "den", which no name holds after a
    name word: "Prescott Bush des Grabraubes" (beschuldigen ... des Grabraubes)."""
    for j in range(1, len(tokens) - 1):
        if tokens[j] in ("des", "dem", "den") and tokens[j - 1] not in PARTICLES:
            return tokens[:j]
        if tokens[j] not in ("von", "vom"):
            continue
        rest = [t for t in tokens[j + 1 :] if t not in ("der", "den", "dem")]
        if not rest:
            continue
        if rest[0].isupper() or _noun_like(rest[0]):
            return tokens[:j]
        if j == 1 and len(rest) == 1 and rest[0] in PLACE_NAMES:
            return tokens[:j]  # "(forderte) Abbas von Israel"; "Ernst August von Hannover" stays
        if j >= 2 and len(rest) >= 2 and "und" not in rest:
            return tokens[:j]  # a full name, then a firm: "David Gardner von Motley Fool"
    return tokens


def _split_compound(token: str) -> str | None:
    """The name part of a hyphenated compound whose head is a common noun (Ukraine-Krieg ->
    Ukraine, Nato-Beitritt -> Nato, US-Präsident -> US); None if it is not such a compound,
    nor for a named facility ("Willy-Brandt-Haus" is no report about Willy Brandt)."""
    if "-" not in token or token in HYPHEN_NAMES or token in PLACE_NAMES or facility_name(token):
        return None
    head_start = token.rfind("-")
    head = token[head_start + 1 :]
    first = token[:head_start]
    if not first[:1].isupper() or not head[:1].isupper():
        return None
    if is_common_noun(head) or is_role_noun(head) or _noun_of_nouns(head, first.isupper()):
        return first
    return None


def _noun_of_nouns(head: str, after_acronym: bool) -> bool:
    """A compound noun the lexicon does not list, as a compound's head: after an acronym any
    word that ends in a noun ("ZDF-Politbarometer"), else one made of two nouns, the first
    of five letters or more or joined by an -s ("Irak-Verfassungsprozess",
    "Türkei-Flüchtlingsdeals"), and not a body's name ("Taiwan-Solidaritätsunion") nor a
    place ("Garmisch-Partenkirchen", "Frankreich-Deutschland")."""
    if after_acronym:
        return is_noun_compound(head)
    if head in PLACE_NAMES:
        return False
    for last in compound_heads(head):
        first = head[: len(head) - len(last)]
        linked = first.endswith("s") and is_common_noun(first[:-1])
        if last not in BODY_HEADS and (linked or (len(first) >= 5 and is_common_noun(first))):
            return True
    return False


def _compound_name(token: str) -> str | None:
    """The name a hyphenated compound starts with, in the alias table's form ("NATO-Beitritt"
    -> Nato, "EU-Kommission" -> EU); None if the token is no such compound."""
    part = _split_compound(token)
    return (alias(part) or part) if part else None


def _normalise_name(surface: str, label: str, sentence_initial: bool) -> tuple[str, bool, str]:
    """(name, came from a hyphenated compound, label); name "" when nothing is left."""
    tokens = surface.split()
    if not tokens:
        return "", False, label
    tokens, role = _strip_tokens(tokens, label)
    if role and len(tokens) >= 2:
        label = "PER"  # "ukrainischen Präsident Wolodymyr Selenskyj" tagged ORG
    compound = False
    if len(tokens) == 1 and (facility := facility_name(tokens[0].strip(_EDGE_PUNCT))):
        return facility[0], False, facility[1]
    if len(tokens) == 1:
        part = _split_compound(tokens[0])
        if part is not None:
            if label == "PER" and is_role_noun(tokens[0]):
                return "", False, label  # "US-Präsident" alone is a role, not a person
            tokens, compound = [part], True
    if sentence_initial and len(tokens) == 1 and tokens[0] in FUNCTION_WORDS:
        return "", False, label
    tokens = [t.strip(_EDGE_PUNCT) for t in tokens]
    regnal = next((i for i, t in enumerate(tokens[1:], 1) if _ROMAN.fullmatch(t)), None)
    ends = regnal is not None and any(
        _lower_word(t) and t not in PARTICLES for t in tokens[regnal:]
    )
    if label == "PER" and ends:
        tokens = tokens[: regnal + 1]  # a regnal number ends a name: "Alberts II. an Wallonen"
    while len(tokens) > 1 and (_SCORE.fullmatch(tokens[-1]) or _lower_word(tokens[-1])):
        tokens.pop()  # "Borussia Dortmund 2:1": a result or a time is not part of the name,
        # nor a verb the span ran into ("Kosovo kennenzulernen": no name ends in a small word)
    if label == "PER" and len(tokens) > 1 and len(tokens[-1]) == 1 and tokens[-1].isupper():
        tokens[-1] += "."  # an initial for the surname, as the press writes it: "Joachim T."
    if label != "PER":
        tokens = _weak_nominative(tokens)
    name = " ".join(tokens).strip()
    return (name, compound, label) if len(name) >= 2 else ("", False, label)


def _lower_word(token: str) -> bool:
    """A word of small letters only ("kennenzulernen", "der"), not "eBay" or "iPhone"."""
    return token.isalpha() and token.islower()


def _weak_nominative(tokens: list[str]) -> list[str]:
    """Adjectives inside a name to the form cited with the article: "Europäischen Union" ->
    "Europäische Union", "Vereinten Nationen" -> "Vereinte Nationen", "Deutschen Bank"; also
    an -en word that is no noun and whose -e form is a German word ("Nahen Osten" -> "Nahe
    Osten", "Schwarzen Meer"), unless the gazetteer has the name so ("Hohen Neuendorf")."""
    if " ".join(tokens) in PLACE_NAMES:
        return tokens
    out = list(tokens)
    # an attribute after a small word keeps its case: "Präsidentschaftswahl der Vereinigten
    # Staaten", "Hoher Kommissar der Vereinten Nationen"
    head = next((i for i, tok in enumerate(tokens) if tok[:1].islower()), len(tokens))
    for i, tok in enumerate(tokens[: head - 1]):
        nxt = tokens[i + 1]
        upper = tok[:1].isupper() and nxt[:1].isupper()
        if upper and len(tok) > 4 and (tok.lower().endswith(ADJ_EN) or _adjective_en(tok, nxt)):
            out[i] = tok[:-1]
    return out


def _adjective_en(token: str, noun: str) -> bool:
    """``token`` an adjective's -en form before the German noun ``noun`` ("Nahen Osten", not
    "Golden State")."""
    if not token.endswith("en") or not token.isalpha() or is_common_noun(token):
        return False
    return (is_common_noun(noun) or noun in name_nouns()) and is_german_word(token[:-1].lower())


def _place_genitive(word: str) -> bool:
    """The genitive of a place of the gazetteer: "Ghanas", "Nordrhein-Westfalens"."""
    return word.endswith("s") and word[:-1] in PLACE_NAMES and word not in PLACE_NAMES


def _genitive(name: str, evidence: set[str], label: str = "", own_s: Container[str] = ()) -> str:
    """Base form of a name: genitive -s/-es off ("Putins", "des Weißen Hauses"). The last word
    of a longer organisation or place name keeps its -s when no German noun is left without it
    and the name is not seen without it: "New York Times" (but "Europäischen Parlaments").
    A person's name keeps the -s of a surname in `own_s` ("Bernie Sanders", "Sanders"), and a
    news agency its own ("Reuters")."""
    if name in NEWS_AGENCIES:
        return name
    head, _, last = name.rpartition(" ")
    if head and " " not in head and _noun_like(last) and not is_common_noun(head):
        owner = strip_genitive(head, evidence)
        if owner != head and owner in evidence:
            return owner  # "Russlands Angriffskrieg" names Russland
    if label == "PER" and last in own_s and last[:-1] not in evidence:
        return name  # "Katie Holmes" (though "Holmes" is also the genitive of "Holm")
    if head and label in ("ORG", "LOC", "MISC") and last.endswith("s"):
        bases = (last[:-2], last[:-1]) if last.endswith("es") else (last[:-1],)
        # "Parlaments" is a German noun form, "Bones" is not; so is "Ostens" ("Osten" is also
        # a name: name_nouns)
        german = is_common_noun(last) or last in name_nouns()
        if not any(
            f"{head} {b}" in evidence
            or b in evidence
            or b in PLACE_NAMES  # "Borussia Dortmunds Trainer"
            or (german and (is_common_noun(b) or b in name_nouns()))
            for b in bases
        ):
            return name  # no German noun under the -s: "New York Times", "Skull & Bones"
    if not head and label in ("LOC", "PER") and keeps_final_s(last, evidence):
        return name  # "Wales" is not the genitive of "Wal" when it names a place
    if head and _ROMAN.fullmatch(last):
        first, _, rest = head.rpartition(" ")
        owner = strip_genitive(rest, evidence)  # "Alberts II." -> Albert II
        return f"{first} {owner} {last}".strip()
    base = strip_genitive(last, evidence)
    if base == last and last.endswith("en") and last[:-1] in evidence:
        base = last[:-1]  # dative: "in den Niederlanden" -> Niederlande
    return f"{head} {base}" if head else base


def _noun_like(word: str) -> bool:
    """A common noun, or a hyphenated compound that ends in one ("CIA-Meetings", "UN-Rede")."""
    if is_common_noun(word):
        return True
    last = word.rsplit("-", 1)[-1] if "-" in word else ""
    return len(last) > 1 and is_common_noun(last[:1].upper() + last[1:])


def _is_name(name: str, label: str) -> bool:
    """Common nouns (Kremlchef, Verhandlungen, Telefonat) and role words are never entities;
    several nouns together are a name only for a place or organisation (Weißes Haus)."""
    tokens = name.split()
    if not tokens or not any(t[:1].isupper() or t[:1].isdigit() for t in tokens):
        return False
    if name in INSTITUTIONS or name in HYPHEN_NAMES:
        return True
    if len(tokens) == 1:
        tok = tokens[0]
        if tok in FUNCTION_WORDS or _ROMAN.fullmatch(tok):
            return False  # "II" of "Elisabeth II." alone names nobody
        if "-" in tok and tok.rsplit("-", 1)[1][:1].islower():
            return False  # a derived adjective: "US-amerikanischen", "pro-russische"
        if is_role_noun(tok) and not tok.isupper():
            return False
        if len(tok) >= 5 and tok.isupper() and is_common_noun(tok[0] + tok[1:].lower()):
            return False  # "PLATZ 10:", "ACHTUNG": a noun in capitals, not an acronym
        if label != "PER" and _ADJECTIVE.search(tok):
            return False  # "Europäischen" alone: an adjective cut from its name
        if label == "LOC" and tok in TOPONYM_NOUNS:
            return True  # "Bremen", "Essen", "Niedersachsen" tagged as places: the places
        if label == "ORG" and (tok in ORG_NOUNS or is_singular_noun(tok)):
            # "Siemens", "BMW", "Facebook" tagged as organisations: the names; so is a noun
            # without a plural ("Twitter", "FIFA", "Kultusministerkonferenz"), unlike one
            # that names a kind of thing ("Universität", "Parlament")
            return True
        if is_common_noun(tok) and not (label in ("LOC", "PER") and _own_s_name(tok)):
            return False
        return not tok.isdigit()
    if label in ("PER", ""):
        return not all(is_common_noun(t) or not t[:1].isupper() for t in tokens)
    return True


def _own_s_name(tok: str) -> bool:
    """A name whose -s is its own though it reads as the genitive of a German noun: "Wales"
    (des Wal(e)s), "Gates" (des Gates). Only for tokens tagged as a place or person."""
    short = len(tok) <= 7  # compounds ("Bundesstaates") are real genitives
    genitive = is_common_noun(tok[:-1]) or is_common_noun(tok[:-2])
    return short and genitive and keeps_final_s(tok)


def _covered(cands: Sequence[Candidate]) -> Callable[[int], bool]:
    """Whether an offset lies inside one of the candidates' surfaces: a binary search over
    their starts with the farthest end so far (a text with tens of thousands of mentions
    must not make this a product of mentions and words)."""
    spans = sorted((c.offset, c.offset + len(c.surface)) for c in cands)
    starts = [a for a, _ in spans]
    reach = list(itertools.accumulate((b for _, b in spans), max))

    def inside(offset: int) -> bool:
        i = bisect.bisect_right(starts, offset) - 1
        return i >= 0 and reach[i] > offset

    return inside


def _uncapitalised(name: str, titled: set[str]) -> str:
    """An all-caps name of four letters or more in its usual spelling when that spelling is
    among `titled` ("DEUTSCHLAND" -> Deutschland, "FORD" -> Ford); acronyms alone stay."""
    if not name.isupper() or len(name) < 4:
        return name
    usual = " ".join(w[:1] + w[1:].lower() for w in name.split())
    return usual if usual in titled else name
