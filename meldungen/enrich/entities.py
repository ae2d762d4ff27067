"""From NER mentions to canonical entities: one per referent, across surface forms.

Within an article: inflection (Putins -> Putin), role prefixes (Kremlchef Wladimir Putin ->
Wladimir Putin), surname after full name (Putin -> Wladimir Putin), hyphenated compounds
(Ukraine-Krieg mentions Ukraine). Across articles: `resolve` maps a bare surname to a full name
seen before. Editorial rules (rename, merge, split, block) are applied last, so later articles
follow the admin's choices. Keys are stable strings such as "per:wladimir-putin".
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Container, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from meldungen.enrich.text import (
    is_common_noun,
    is_role_noun,
    keeps_final_s,
    normalize_text,
    sentence_spans,
    slug,
    strip_genitive,
)

TYPES = ("PER", "LOC", "ORG", "MISC")


class MentionLike(Protocol):
    """What the NER returns (meldungen.enrich.ner.Mention has these attributes). A mention may
    also have `base`, the name it stands for when that is not its text ("Wiener" -> "Wien")."""

    start: int
    end: int
    text: str
    label: str


@dataclass(frozen=True)
class Mention:
    """A hand-made or NER mention: character offsets into the enriched text."""

    start: int
    end: int
    text: str
    label: str
    base: str = ""


@dataclass
class EditorialRules:
    """The admin's choices, applied to every article enriched after they were made.

    renames: key -> display name; merges: key -> target key (chains are followed);
    blocked: keys that never become tags; splits: key -> {new key: cue words}: an article whose
    text contains one of the cue words gets the new key (two people with one name).
    """

    renames: dict[str, str] = field(default_factory=dict)
    merges: dict[str, str] = field(default_factory=dict)
    blocked: set[str] = field(default_factory=set)
    splits: dict[str, dict[str, list[str]]] = field(default_factory=dict)


@dataclass
class Entity:
    key: str  # "per:wladimir-putin"
    name: str  # canonical full name: "Wladimir Putin"
    display: str  # what tags show: "Putin"
    type: str  # PER, LOC, ORG, MISC
    mentions: int
    first_offset: int
    in_headline: bool
    in_teaser: bool
    salience: float = 0.0
    surface_forms: list[str] = field(default_factory=list)


Resolver = Callable[[str, str, Mapping[str, str]], str]

# Nouns that name one institution or place and are real entities although Wiktionary lists them
# as common nouns.
_INSTITUTIONS = frozenset(
    """
        Kreml Bundestag Bundesrat Bundesregierung Bundeswehr Bundesverfassungsgericht
        Bundesgerichtshof Bundesliga Bundesbank Bundesanwaltschaft Bundesagentur
        Bundespolizei Europaparlament Vatikan Pentagon Weltbank Landtag Senat Kongress
        Bundeskanzleramt Elysee Élysée-Palast Weltgesundheitsorganisation Bundeskartellamt
        Bundesnetzagentur
        """.split()  # noqa: SIM905
)
# Hyphenated place names whose last part happens to be a common noun form.
_HYPHEN_NAMES = frozenset(
    """
        Nordrhein-Westfalen Rheinland-Pfalz Baden-Württemberg Schleswig-Holstein
        Mecklenburg-Vorpommern Sachsen-Anhalt Bosnien-Herzegowina Guinea-Bissau
        """.split()  # noqa: SIM905
)
# One name for the referents news call by several (full name and short form).
_ALIASES = {
    "US": "USA", "U.S.": "USA", "Vereinigte Staaten": "USA",
    "Vereinigte Staaten von Amerika": "USA", "Europäische Union": "EU", "NATO": "Nato",
    "Vereinte Nationen": "UN", "UNO": "UN", "Vereinigte Königreich": "Großbritannien",
    "Vereinigtes Königreich": "Großbritannien", "Bundesrepublik Deutschland": "Deutschland",
    "Vereinigte Arabische Emirate": "VAE", "Vereinigte Arabische Emiraten": "VAE",
    "Volksrepublik China": "China", "Russische Föderation": "Russland",
    # parties and institutions by their full names and as plural nouns ("die Grünen")
    "Grünen": "Grüne", "Die Grünen": "Grüne", "Bündnis 90/Die Grünen": "Grüne",
    "Linken": "Linke", "Die Linke": "Linke", "Die Linken": "Linke",
    "Alternative für Deutschland": "AfD", "Christlich Demokratische Union": "CDU",
    "Christlich-Soziale Union": "CSU", "Sozialdemokratische Partei Deutschlands": "SPD",
    "Freie Demokratische Partei": "FDP", "Bündnis Sahra Wagenknecht": "BSW",
    "Europäische Zentralbank": "EZB", "Internationale Währungsfonds": "IWF",
    "Internationaler Währungsfonds": "IWF", "Weltgesundheitsorganisation": "WHO",
    "Europäische Kommission": "EU-Kommission",
}  # fmt: skip
_ALIASES_CAPS = {k.upper(): v for k, v in _ALIASES.items() if len(k) > 4}


_ALIAS_NAMES = frozenset(_ALIASES.values())


def _alias(name: str) -> str | None:
    """The one name of a referent with several ("Europäische Union", "GRÜNEN"), else None."""
    return _ALIASES.get(name) or (_ALIASES_CAPS.get(name) if name.isupper() else None)


def known_name(name: str) -> str | None:
    """The canonical form of a name the entity stage knows to be one even when it reads as a
    common noun ("Grüne", "Die Grünen" -> "Grüne"), else None."""
    return _alias(name) or (name if name in _ALIAS_NAMES else None)


_ARTICLES = frozenset(
    ["der", "die", "das", "des", "dem", "den", "ein", "eine", "eines", "einem", "einen", "einer"]
)
# Capitalised "Die", "Das", "Den" stay: they begin names (Die Linke, Das Erste, Den Haag).
_CAP_ARTICLES = frozenset(["Der", "Des", "Dem", "Ein", "Eine", "Eines", "Einem", "Einen", "Einer"])
_EDGE_PUNCT = "\"'()[]{}.,;:!?-"
# Capitalised function words that NER may pick up at a sentence start.
_FUNCTION_WORDS = frozenset(
    """
        Der Die Das Des Dem Den Ein Eine Einer Eines Einem Einen Er Sie Es Wir Ihr Ich Du
        Man Aus Auf In Im An Am Bei Beim Mit Nach Von Vom Vor Zu Zum Zur Über Unter Für
        Gegen Seit Und Oder Aber Auch Als Wie Wenn Dass Doch So Noch Nur Dies Diese Dieser
        Dieses Jetzt Heute Hier Dort Damit Dabei Dazu Zudem Außerdem Trotzdem Deshalb Daher
        Laut Neben Ohne Um Bis Nun Schon Sein Seine Ihre Ihr Unser Mehr Viele Alle Kein
        Keine Was Wer Wo Warum Solange Sobald Während Nachdem Obwohl Bevor Seitdem Falls
        Weil Ob Zwar Sogar Denn Jedoch Allerdings Inzwischen Bereits Erst Wann
        """.split()  # noqa: SIM905
)
# Conjunctions and adverbs a sentence may begin with, which the NER can run into the name
# after them ("Solange Erdogan lebt", "Auch Merkel sagte"): never the start of a name.
_LEADING_WORDS = _FUNCTION_WORDS - {
    "Der", "Die", "Das", "Des", "Dem", "Den", "Ein", "Eine", "Einer", "Eines", "Einem", "Einen",
    "Von", "Vom", "Zu", "Zum", "Zur", "Am", "Im", "In", "An", "Unter", "Über", "Sein", "Man",
}  # fmt: skip
_NEXT_NOUN = re.compile(r"\s+([A-ZÄÖÜ][\wäöüß]+)")
_WORD = re.compile(r"[\w.'&]+(?:-[\w.'&]+)*")


def default_resolve(name: str, type_: str, known: Mapping[str, str]) -> str:
    """Key for `name`: a bare surname maps to the full-name key seen before.

    `known` maps lower-cased names and surnames to keys ({"putin": "per:wladimir-putin"});
    ambiguous surnames should simply be left out of it by whoever builds it.
    """
    low = name.lower()
    if low in known:
        return known[low]
    return f"{type_.lower()}:{slug(name)}"


def _clean_surface(text: str) -> str:
    text = " ".join(normalize_text(text).split())
    return text.strip(_EDGE_PUNCT + " ")


def _strip_tokens(tokens: list[str], label: str) -> tuple[list[str], bool]:
    """Drop articles, lower-case words and role nouns before a name; keep at least one token.

    Returns the tokens and whether a role noun was dropped: a role ("Präsident") before a name
    means a person, whatever label the NER gave the span.
    """
    role = False
    # the last role noun followed by a name ends the prefix, adjectives before it included:
    # "Indischer Schriftsteller Salman Rushdie", "ehemalige US-Präsident Barack Obama"
    for i in range(len(tokens) - 2, -1, -1):
        if is_role_noun(tokens[i]) and tokens[i + 1][:1].isupper():
            tokens, role = tokens[i + 1 :], True
            break
    while len(tokens) > 1 and not family_name_first(tokens):  # "Xi" is also a Greek letter
        tok = tokens[0]
        if is_role_noun(tok) and tokens[1][:1].isupper():
            tokens, role = tokens[1:], True
        elif (
            tok in _ARTICLES
            or tok in _CAP_ARTICLES
            or tok in _LEADING_WORDS
            or not tok[:1].isupper()
            or tok.endswith(":")
            or label in ("PER", "MISC")
            and is_common_noun(tok)
            or label == "ORG"
            and len(tokens) > 2
            and tokens[1] in _CLUB_WORDS
            and _noun_like(tok)  # "Bundesliga-Schlusslicht SV Darmstadt 98", not "Hamburger SV"
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


def _cut_at_origin(tokens: list[str]) -> list[str]:
    """A person span that runs on into where the person comes from ends before "von":
    "Soleimani von US-Militär", "Müller von der SPD", "David Gardner von Motley Fool" (not
    "Ursula von der Leyen", "Johann Wolfgang von Goethe"). One that
    runs on into an object ends before "des", "dem" or "den", which no name holds after a
    name word: "Prescott Bush des Grabraubes" (beschuldigen ... des Grabraubes)."""
    for j in range(1, len(tokens) - 1):
        if tokens[j] in ("des", "dem", "den") and tokens[j - 1] not in _PARTICLES:
            return tokens[:j]
        if tokens[j] not in ("von", "vom"):
            continue
        rest = [t for t in tokens[j + 1 :] if t not in ("der", "den", "dem")]
        if not rest:
            continue
        if rest[0].isupper() or _noun_like(rest[0]):
            return tokens[:j]
        if j >= 2 and len(rest) >= 2 and "und" not in rest:
            return tokens[:j]  # a full name, then a firm: "David Gardner von Motley Fool"
    return tokens


def _split_compound(token: str) -> str | None:
    """The name part of a hyphenated compound whose head is a common noun (Ukraine-Krieg ->
    Ukraine, Nato-Beitritt -> Nato, US-Präsident -> US); None if it is not such a compound."""
    if "-" not in token or token in _HYPHEN_NAMES:
        return None
    head_start = token.rfind("-")
    head = token[head_start + 1 :]
    first = token[:head_start]
    if not first[:1].isupper() or not head[:1].isupper():
        return None
    if is_common_noun(head) or is_role_noun(head):
        return first
    return None


@dataclass
class _Group:
    name: str
    labels: Counter
    surfaces: list[str]
    offsets: list[int]
    weights: list[float]
    zones: set[str]


def canonical_entities(
    mentions: Iterable[MentionLike],
    text: str,
    *,
    headline_end: int = 0,
    teaser_span: tuple[int, int] = (0, 0),
    rules: EditorialRules | None = None,
    known: Mapping[str, str] | None = None,
    resolve: Resolver = default_resolve,
) -> list[Entity]:
    """Canonical entities of one article, most salient first.

    `text` is the text the NER ran on: headline in [0, headline_end), teaser in `teaser_span`,
    then the body. Mentions with offsets outside `text` are ignored rather than failing the batch.
    """
    known = known or {}
    sentence_starts = {a for a, _ in sentence_spans(text)}
    cands: list[tuple[str, str, int, float, str]] = []  # name, label, offset, weight, surface
    before_noun: set[int] = set()  # offsets of mentions followed by a common noun
    for m in mentions:
        if not (0 <= m.start < m.end <= len(text)):
            continue
        label = m.label.upper()
        if label in ("OTH", "MISC"):
            label = "MISC"
        elif label not in TYPES:
            continue
        surface = _clean_surface(text[m.start : m.end] or m.text)
        base = getattr(m, "base", "")  # "Wiener" stands for Wien
        name, compound, label = (
            (base, False, label)
            if base
            else _normalise_name(surface, label, m.start in sentence_starts)
        )
        if name:
            nxt = _NEXT_NOUN.match(text, m.end)
            if nxt and is_common_noun(nxt[1]):
                before_noun.add(m.start)
            # "Nato-Beitritt" tagged PER: the name inside is no person, so that label abstains
            cands.append((name, "" if compound and label == "PER" else label, m.start, 1.0,
                          surface))  # fmt: skip

    evidence = {c[0] for c in cands} | _known_names(known)
    evidence |= {n.split()[-1] for n in list(evidence)}
    # "Sarah Sanders", "Serena Williams": a person's full name keeps the -s of its last word
    # unless the article names the person without it; so does that surname alone
    # ("Sanders verlässt"), not before a noun ("Bernie Sanders Kampagne" may be a genitive)
    own_s = {
        n.rpartition(" ")[2]
        for n, lab, off, *_ in cands
        if lab == "PER" and " " in n and off not in before_noun and n.endswith("s")
    } | {n.rpartition(" ")[2] for n in _known_names(known) if " " in n and n.endswith("s")}
    cands = [(_genitive(n, evidence, lab, own_s), lab, off, w, s) for n, lab, off, w, s in cands]
    # names, and surnames as full names give them ("Rushdie" from "Salman Rushdie"); a
    # two-token name counts its own last token once, hence the -1 in _unglue
    names = {c[0] for c in cands}
    others = Counter(names) + Counter(n.split()[-1] for n in names if " " in n)
    others.update(_known_names(known))
    cands = [(_unglue(n, others, lab), lab, off, w, s) for n, lab, off, w, s in cands]
    persons = Counter(p for n, lab, *_ in cands if lab == "PER" for p in {n, n.split()[-1]})
    cands = [c2 for c in cands for c2 in _name_pair(c, persons)]
    # "Xi" is also a Greek letter: the family name of a full name in the article is a name;
    families = {c[0].split()[0] for c in cands if family_name_first(c[0].split())}
    # a surname that is also a role noun ("Koch") alone is the person the article names in full
    families |= {
        last
        for n, lab, *_ in cands
        if lab == "PER" and " " in n and is_role_noun(last := n.rpartition(" ")[2])
    }
    cands = [c for c in cands if c[0] in families or _alias(c[0]) or _is_name(c[0], c[1])]
    cands += _compound_mentions(text, {c[0] for c in cands} | _known_names(known), cands)
    # "DEUTSCHLAND" in a capitalised line is the Deutschland the article names elsewhere
    titled = {c[0] for c in cands if not c[0].isupper()} | _known_names(known)
    cands = [(_uncapitalised(n, titled), lab, off, w, s) for n, lab, off, w, s in cands]

    groups: dict[str, _Group] = {}
    for name, label, offset, weight, surface in cands:
        name = _alias(name) or name
        g = groups.setdefault(name, _Group(name, Counter(), [], [], [], set()))
        g.labels[label] += 1
        g.surfaces.append(surface)
        g.offsets.append(offset)
        g.weights.append(weight)
        if offset < headline_end:
            g.zones.add("headline" if weight == 1.0 else "headline-part")
        elif teaser_span[0] <= offset < teaser_span[1]:
            g.zones.add("teaser")
    _merge_surnames(groups)
    _fold_clubs(groups)

    entities = []
    for g in groups.values():
        label = _vote(g.labels)
        key = resolve(g.name, label, known)
        entities.append(_to_entity(g, label, key, headline_end, len(text)))
    entities = _apply_rules(entities, text, rules)
    _set_displays(entities, rules)
    entities.sort(key=lambda e: _rank(e, headline_end))
    return entities


def _rank(e: Entity, headline_end: int) -> tuple:
    """Names in the headline lead, in headline order (its subject first, as in the seed's
    "Trump, Putin"); the others follow by salience."""
    if e.in_headline and e.first_offset < headline_end:
        return (0, e.first_offset, 0.0)
    return (1, 0, -e.salience)


def _normalise_name(surface: str, label: str, sentence_initial: bool) -> tuple[str, bool, str]:
    """(name, came from a hyphenated compound, label); name "" when nothing is left."""
    tokens = surface.split()
    if not tokens:
        return "", False, label
    tokens, role = _strip_tokens(tokens, label)
    if role and len(tokens) >= 2:
        label = "PER"  # "ukrainischen Präsident Wolodymyr Selenskyj" tagged ORG
    compound = False
    if len(tokens) == 1:
        part = _split_compound(tokens[0])
        if part is not None:
            if label == "PER" and is_role_noun(tokens[0]):
                return "", False, label  # "US-Präsident" alone is a role, not a person
            tokens, compound = [part], True
    if sentence_initial and len(tokens) == 1 and tokens[0] in _FUNCTION_WORDS:
        return "", False, label
    tokens = [t.strip(_EDGE_PUNCT) for t in tokens]
    while len(tokens) > 1 and _SCORE.fullmatch(tokens[-1]):
        tokens.pop()  # "Borussia Dortmund 2:1": a result or a time is not part of the name
    if label == "PER" and len(tokens) > 1 and len(tokens[-1]) == 1 and tokens[-1].isupper():
        tokens[-1] += "."  # an initial for the surname, as the press writes it: "Joachim T."
    if label != "PER":
        tokens = _weak_nominative(tokens)
    name = " ".join(tokens).strip()
    return (name, compound, label) if len(name) >= 2 else ("", False, label)


def _weak_nominative(tokens: list[str]) -> list[str]:
    """Adjectives inside a name to the form cited with the article: "Europäischen Union" ->
    "Europäische Union", "Vereinten Nationen" -> "Vereinte Nationen", "Deutschen Bank"."""
    out = list(tokens)
    for i, tok in enumerate(tokens[:-1]):
        nxt = tokens[i + 1]
        upper = tok[:1].isupper() and nxt[:1].isupper()
        if upper and len(tok) > 4 and tok.lower().endswith(_ADJ_EN):
            out[i] = tok[:-1]
    return out


# Endings of inflected adjectives ("Europäischen", "Vereinten", "Großen", "Neuen"), not of
# names ending in -en such as "Bayern" (in "Bayern München") or "Bremen".
_ADJ_EN = ("ischen", "lichen", "igen", "ten", "ßen", "schen", "alen", "ellen", "aren", "ären",
           "iven", "uen", "eien", "sten", "ünen", "eren")  # fmt: skip


def _genitive(name: str, evidence: set[str], label: str = "", own_s: Container[str] = ()) -> str:
    """Base form of a name: genitive -s/-es off ("Putins", "des Weißen Hauses"). The last word
    of a longer organisation or place name keeps its -s when no German noun is left without it
    and the name is not seen without it: "New York Times" (but "Europäischen Parlaments").
    A person's name keeps the -s of a surname in `own_s` ("Bernie Sanders", "Sanders")."""
    head, _, last = name.rpartition(" ")
    if head and " " not in head and _noun_like(last) and not is_common_noun(head):
        owner = strip_genitive(head, evidence)
        if owner != head and owner in evidence:
            return owner  # "Russlands Angriffskrieg" names Russland
    if label == "PER" and last in own_s and last[:-1] not in evidence:
        return name  # "Katie Holmes" (though "Holmes" is also the genitive of "Holm")
    if head and label in ("ORG", "LOC", "MISC") and last.endswith("s"):
        bases = (last[:-2], last[:-1]) if last.endswith("es") else (last[:-1],)
        german = is_common_noun(last)  # "Parlaments" is a German noun form, "Bones" is not
        if not any(
            f"{head} {b}" in evidence or b in evidence or (german and is_common_noun(b))
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


def _name_pair(
    cand: tuple[str, str, int, float, str], persons: Counter
) -> list[tuple[str, str, int, float, str]]:
    """Two persons of the article joined by a hyphen are a mention of each: "Clinton-Trump"
    (a TV duel), "Merkel-Macron"; "Falun-Gong" is not."""
    name, label, offset, weight, surface = cand
    parts = name.split("-")
    if " " in name or len(parts) != 2 or name in _HYPHEN_NAMES:
        return [cand]
    if not all(len(p) > 1 and p[:1].isupper() and persons[p] > 0 for p in parts):
        return [cand]
    return [(p, label, offset, weight, surface) for p in parts]


def _unglue(name: str, others: Counter, label: str = "") -> str:
    """A common noun glued before another name of the article goes: "Buch Rushdie",
    "Kitakrise Berlin" (not "Polizeipräsidium Westpfalz" when Westpfalz is not seen alone), and
    "Geldflut der Europäische Zentralbank" (not "Akademie der Wissenschaften").
    A place adjective of a place the article names is that place: "Pekinger" -> Peking."""
    if " " not in name and name.endswith("er") and others[name[:-2]] > 0:
        return name[:-2]
    first, _, rest = name.partition(" ")
    if family_name_first(name.split()):
        return name  # "Xi Jinping": Xi is a family name (and a Greek letter)
    article, _, owner = rest.partition(" ")
    known_owner = _alias(owner) or others[owner] - (" " not in owner) > 0
    if article in ("der", "des") and owner[:1].isupper() and label != "PER" and known_owner:
        return owner  # "Geldflut der Europäische Zentralbank" names the bank
    if rest and is_common_noun(first) and others[rest] - (" " not in rest) > 0:
        return rest
    return name


_SCORE = re.compile(r"\d+:\d+")
_ROMAN = re.compile(r"[IVX]{1,4}\.?")
_ADJECTIVE = re.compile(r"(isch|lich)(e|en|er|es|em)$")


def _is_name(name: str, label: str) -> bool:
    """Common nouns (Kremlchef, Verhandlungen, Telefonat) and role words are never entities;
    several nouns together are a name only for a place or organisation (Weißes Haus)."""
    tokens = name.split()
    if not tokens or not any(t[:1].isupper() or t[:1].isdigit() for t in tokens):
        return False
    if name in _INSTITUTIONS or name in _HYPHEN_NAMES:
        return True
    if len(tokens) == 1:
        tok = tokens[0]
        if tok in _FUNCTION_WORDS or _ROMAN.fullmatch(tok):
            return False  # "II" of "Elisabeth II." alone names nobody
        if "-" in tok and tok.rsplit("-", 1)[1][:1].islower():
            return False  # a derived adjective: "US-amerikanischen", "pro-russische"
        if is_role_noun(tok) and not tok.isupper():
            return False
        if len(tok) >= 5 and tok.isupper() and is_common_noun(tok[0] + tok[1:].lower()):
            return False  # "PLATZ 10:", "ACHTUNG": a noun in capitals, not an acronym
        if label != "PER" and _ADJECTIVE.search(tok):
            return False  # "Europäischen" alone: an adjective cut from its name
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


def _known_names(known: Mapping[str, str]) -> set[str]:
    """Names from `known` (lower-cased there) in their capitalised written form."""
    return {" ".join(t[:1].upper() + t[1:] for t in k.split()) for k in known}


def _compound_mentions(
    text: str, names: set[str], cands: Sequence[tuple[str, str, int, float, str]]
) -> list[tuple[str, str, int, float, str]]:
    """Half-weight mentions for names inside hyphenated compounds (Ukraine-Krieg, Nato-Beitritt).

    Only names the article (or `known`) already has; the label is voted with their other
    mentions, so a compound never creates a person on its own.
    """
    if not names:
        return []
    covered = {(off, off + len(s)) for _, _, off, _, s in cands}
    out = []
    for m in _WORD.finditer(text):
        token = m.group().rstrip(".")
        if "-" not in token:
            continue
        if any(a <= m.start() < b for a, b in covered):
            continue
        part = _split_compound(token)
        if part is None:
            continue
        part = _alias(part) or part
        if part not in names and "-" in part:
            part = part.replace("-", " ")  # "Deutsche-Bank-Aktie": the name "Deutsche Bank"
        if part in names:
            out.append((part, "", m.start(), 0.5, token))  # abstains in the type vote
    return out


_PARTICLES = frozenset(
    [
        "von",
        "van",
        "der",
        "den",
        "de",
        "zu",
        "di",
        "da",
        "del",
        "la",
        "le",
        "ten",
        "ter",
        "al",
        "bin",
    ]
)


# Chinese and Korean names put the family name first: "Xi Jinping" is Xi, "Kim Jong-un" Kim.
_CHINESE_FAMILY = frozenset((
    "Xi", "Li", "Wang", "Zhang", "Liu", "Chen", "Yang", "Zhao", "Huang", "Zhou", "Wu", "Xu",
    "Sun", "Hu", "Zhu", "Gao", "Lin", "He", "Guo", "Ma", "Luo", "Wen", "Deng", "Mao", "Jiang",
    "Qin", "Han", "Bo", "Peng", "Tang", "Zeng", "Cai", "Xie", "Dong", "Lu", "Ye", "Pan", "Du",
    "Wei", "Zhong",
))  # fmt: skip
_KOREAN_FAMILY = frozenset((
    "Kim", "Park", "Moon", "Yoon", "Lee", "Choi", "Roh", "Chun", "Ban",
))  # fmt: skip
_PINYIN = re.compile(
    r"(?:(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?"
    r"(?:iang|iong|uang|ang|eng|ing|ong|ian|iao|uai|uan|ai|ei|ao|ou|an|en|in|un|ia|ie|iu|ua|uo"
    r"|ui|ue|er|a|e|i|o|u))+"
)


def family_name_first(tokens: list[str]) -> bool:
    """A Chinese or Korean name written family name first: "Xi Jinping", "Li Keqiang",
    "Kim Jong-un", "Moon Jae In" (but not "Kim Kardashian" or "Lee Harvey Oswald")."""
    if len(tokens) not in (2, 3):
        return False
    rest = [t.lower() for t in tokens[1:]]
    if tokens[0] in _CHINESE_FAMILY and len(rest) == 1:
        return bool(_PINYIN.fullmatch(rest[0].replace("-", "")))
    if tokens[0] in _KOREAN_FAMILY:
        parts = rest[0].split("-") if len(rest) == 1 else rest
        return len(parts) == 2 and all(1 < len(p) <= 4 and p.isalpha() for p in parts)
    return False


def surname(name: str) -> str:
    """The family name of a full name, with its particles: "Ursula von der Leyen" ->
    "von der Leyen", "Wladimir Putin" -> "Putin", "Xi Jinping" -> "Xi"."""
    tokens = name.split()
    if len(tokens) > 2 and tokens[-1].rstrip(".") in ("Jr", "Sr"):
        return f"{surname(' '.join(tokens[:-1]))} {tokens[-1].rstrip('.')}."  # "Trump Jr."
    if len(tokens) > 1 and (
        any(_ROMAN.fullmatch(t) for t in tokens[1:]) or len(tokens[-1].rstrip(".")) == 1
    ):
        return name  # said whole: "Albert II", "Philipp V von Makedonien", "Joachim T."
    if family_name_first(tokens):
        return tokens[0]
    if len(tokens) >= 3 and tokens[-2] in ("der", "die") and tokens[-3].lower() not in _PARTICLES:
        return name  # an epithet: "Karl der Große", "Katharina die Große"
    i = len(tokens) - 1
    while i > 1 and tokens[i - 1].lower() in _PARTICLES:  # "Alexander Van der Bellen"
        i -= 1
    return " ".join(tokens[i:])


def _merge_surnames(groups: dict[str, _Group]) -> None:
    """Fold a bare surname group into the full name of the article that ends with it; when
    several do, into the one mentioned most, then first (the article's principal).

    Two kinds of full name do not make a surname ambiguous: a variant of another full name
    of the article ("Robert Gabriel Mugabe", a misspelt "Jeffery Epstein"), which is folded
    into it first, and two names the NER ran together ("Giuliani Trump", where Giuliani is
    another person's surname), which counts as a mention of the surname it ends with. Last,
    a first name alone folds into the one full name of the article that starts with it."""
    _unglue_place(groups)
    fulls = sorted(
        (n for n, g in groups.items() if " " in n and _vote(g.labels) == "PER"),
        key=lambda n: (-sum(groups[n].labels.values()), min(groups[n].offsets), n),
    )
    lasts = {_family(n) for n in fulls}
    # a lone first name ("Greta") proves nothing: only another full name's surname counts
    glued = [
        n
        for n in fulls
        if len(n.split()) == 2 and n.split()[0] in lasts and not family_name_first(n.split())
    ]
    fulls = [n for n in fulls if n not in glued]
    for i, name in enumerate(fulls):  # most mentioned (then first) wins: variants fold into it
        for other in fulls[i + 1 :]:
            if other in groups and name in groups and _same_person(name, other):
                _fold(groups, other, name)
    # "Saint Laurent" is the end of the one "Yves Saint Laurent": the more mentioned name
    # stays (the longer on a tie), so "Ministerpäsident Meles Zenawi" once folds into "Meles
    # Zenawi" twice
    for name in fulls:
        longer = [o for o in fulls if o in groups and o.endswith(" " + name)]
        if name in groups and len(longer) == 1:
            _fold_pair(groups, longer[0], name)
    full_by_last: dict[str, list[str]] = {}
    for name in fulls:
        if name in groups:
            full_by_last.setdefault(_family(name), []).append(name)
            if family_name_first(name.split()):  # "Jinping" alone: the NER missed "Xi"
                full_by_last.setdefault(name.split()[-1], []).append(name)
    for name in glued:
        last = _family(name)
        if len(full_by_last.get(last, [])) == 1:
            _fold(groups, name, full_by_last[last][0])
    # Two people share the surname ("Donald Trump", "Eric Trump"): the bare form is the
    # article's principal, the full name mentioned most, then first, as news writes it
    # ("Felix Neureuther" before his father "Christian Neureuther", then "Neureuther")
    for name in list(groups):
        if " " in name or name not in full_by_last:
            continue
        _fold(groups, name, full_by_last[name][0])
    # a first name alone ("Greta", "Joschka") is the one person of the article who has it
    by_first: dict[str, list[str]] = {}
    for name in fulls:
        if name in groups and not family_name_first(name.split()):
            by_first.setdefault(name.split()[0], []).append(name)
    for name in list(groups):
        if (
            " " not in name
            and name not in full_by_last
            and len(by_first.get(name, [])) == 1
            and _vote(groups[name].labels) == "PER"
        ):
            _fold(groups, name, by_first[name][0])


def _uncapitalised(name: str, titled: set[str]) -> str:
    """An all-caps name of four letters or more in its usual spelling when that spelling is
    among `titled` ("DEUTSCHLAND" -> Deutschland, "FORD" -> Ford); acronyms alone stay."""
    if not name.isupper() or len(name) < 4:
        return name
    usual = " ".join(w[:1] + w[1:].lower() for w in name.split())
    return usual if usual in titled else name


# Words that make a name a sports club's: "FC Bayern", "VfL Wolfsburg", "Tottenham Hotspur".
_CLUB_WORDS = frozenset(
    """
        FC AFC CF SC SV VfL VfB TSG TSV FSV SpVgg BV BSC RB AS AC SSC OSC KSC SG Borussia
        Eintracht Hertha Werder Fortuna Real Inter Olympique Sporting Dynamo Ajax Rapid Union
        """.split()  # noqa: SIM905
)
_CLUB_ENDS = frozenset(["Hotspur", "United", "City", "Town", "Rovers", "BSC", "FC", "Calcio"])
_CLUB_NUMBER = re.compile(r"0\d|[1-9]\d|1[89]\d\d")  # Mainz 05, Hannover 96, Hoffenheim 1899


def _is_club(name: str) -> bool:
    """A sports club's full name: a club word at its start or end ("FC Bayern München",
    "Tottenham Hotspur", "Schalke 04"), two to four capitalised words, no noun or shouted word
    run on from the text ("FC Bayern Zeit", "Tottenham Hotspur LIVE")."""
    tokens = name.split()
    if not 1 < len(tokens) <= 4 or is_common_noun(tokens[-1]):
        return False
    if any(not t[:1].isupper() and not t[:1].isdigit() for t in tokens):
        return False
    if any(t.isupper() and len(t) > 3 for t in tokens) or any(t in _CAP_ARTICLES for t in tokens):
        return False
    last = tokens[-1]
    return bool(set(tokens[:2]) & _CLUB_WORDS or last in _CLUB_ENDS or _CLUB_NUMBER.fullmatch(last))


def _fold_clubs(groups: dict[str, _Group]) -> None:
    """Sports news names a club in full once and by its town or short name after: "Tottenham"
    and "Ajax" are "Tottenham Hotspur" and "Ajax Amsterdam" when the article names exactly one
    club with that word (a person's name is never folded). "FC Bayern" and the article's "FC
    Bayern München" are one club."""
    clubs = [n for n, g in groups.items() if _is_club(n) and _vote(g.labels) in ("ORG", "LOC")]
    for short in sorted(clubs, key=len):
        for ran_on in [c for c in clubs if c in groups and c.endswith(" " + short)]:
            if short in groups:
                _fold(groups, ran_on, short, "ORG")  # "Tadic Tottenham Hotspur"
        longer = [c for c in clubs if c != short and c in groups and c.startswith(short + " ")]
        if short in groups and len(longer) == 1:
            _fold_pair(groups, short, longer[0], "ORG")
    clubs = [c for c in clubs if c in groups]
    for name in list(groups):
        if " " in name or _vote(groups[name].labels) not in ("ORG", "LOC"):
            continue
        having = [c for c in clubs if name in c.split()]
        if len(having) == 1:
            _fold(groups, name, having[0], "ORG")


def _unglue_place(groups: dict[str, _Group]) -> None:
    """A place or organisation of the article run together with a person's name by the NER
    ("Israel Tlaib", "Likud Benjamin Netanjahu") is a mention of that name."""
    places = {
        n for n, g in groups.items() if " " not in n and sum(g.labels.values()) >= 2
        and _vote(g.labels) in ("LOC", "ORG")
    }  # fmt: skip
    for name in list(groups):
        first, _, rest = name.partition(" ")
        if first not in places or not rest[:1].isupper() or _vote(groups[name].labels) != "PER":
            continue
        if rest in groups:
            _fold(groups, name, rest)
        else:
            g = groups.pop(name)
            g.name = rest
            groups[rest] = g


def _fold_pair(groups: dict[str, _Group], keep: str, other: str, label: str = "PER") -> None:
    """Two names of one referent become one: the more mentioned name stays, `keep` on a tie."""
    if sum(groups[other].labels.values()) > sum(groups[keep].labels.values()):
        keep, other = other, keep
    _fold(groups, other, keep, label)


def _family(name: str) -> str:
    """The token a lone mention of the person uses: the last, or the first of "Xi Jinping"."""
    tokens = name.split()
    return tokens[0] if family_name_first(tokens) else tokens[-1]


def _fold(groups: dict[str, _Group], name: str, into: str, label: str = "PER") -> None:
    """Move group `name`'s mentions into group `into`, as a person (or as `label`)."""
    g, target = groups.pop(name), groups[into]
    target.labels.update({label: sum(g.labels.values())})
    target.surfaces += g.surfaces
    target.offsets += g.offsets
    target.weights += g.weights
    target.zones |= g.zones


def _same_person(a: str, b: str) -> bool:
    """Two full names of one article that name one person: the same surname, and the same
    first name with a middle name more or less ("Robert Mugabe", "Robert Gabriel Mugabe") or
    a first name that differs by one typing slip (Jeffrey / Jeffery, Giuseppe / Guiseppe)."""
    ta, tb = a.split(), b.split()
    if ta[-1] != tb[-1]:
        return False
    if ta[0] == tb[0]:
        short, long_ = sorted((ta[:-1], tb[:-1]), key=len)
        it = iter(long_)
        return all(tok in it for tok in short)  # the shorter name's words, in order
    return len(ta) == len(tb) == 2 and min(len(ta[0]), len(tb[0])) >= 5 and _one_slip(ta[0], tb[0])


def _one_slip(a: str, b: str) -> bool:
    """a and b differ by two swapped adjacent letters, or by one letter substituted, inserted
    or dropped, but not in the last two letters: Maria / Mario, Michael / Michaela, Jan / Jana
    are different people."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    i = 0
    while i < min(len(a), len(b)) and a[i] == b[i]:
        i += 1
    if i >= min(len(a), len(b)) - 2:
        return len(a) == len(b) and a[i : i + 2] == b[i : i + 2][::-1]  # only a swap
    if len(a) == len(b):
        if a[i + 1 :] == b[i + 1 :]:
            return True  # one letter substituted
        return a[i : i + 2] == b[i : i + 2][::-1] and a[i + 2 :] == b[i + 2 :]  # swapped
    short, long_ = sorted((a, b), key=len)
    return short[i:] == long_[i + 1 :]  # one letter inserted


def _vote(labels: Counter) -> str:
    """Majority label; "" (a compound part the NER called a person) abstains."""
    ranked = [(lab, n) for lab, n in labels.most_common() if lab and n > 0]
    if not ranked:
        return "MISC"
    if len(ranked) > 1 and ranked[0][1] == ranked[1][1]:
        # tie: a name that is ever a place or organisation is not a person by default
        tied = [lab for lab, n in ranked if n == ranked[0][1]]
        for pref in ("LOC", "ORG", "PER", "MISC"):
            if pref in tied:
                return pref
    return ranked[0][0]


def _to_entity(g: _Group, label: str, key: str, headline_end: int, text_len: int) -> Entity:
    first = min(g.offsets)
    headline_pos = min((o for o in g.offsets if o < headline_end), default=None)
    ent = Entity(
        key=key,
        name=g.name,
        display=g.name,
        type=label,
        mentions=len(g.offsets),
        first_offset=first,
        in_headline="headline" in g.zones,
        in_teaser="teaser" in g.zones,
        surface_forms=sorted(set(g.surfaces)),
    )
    ent.salience = salience(
        weighted_mentions=sum(g.weights),
        first_offset=first,
        text_len=text_len,
        headline_pos=(headline_pos / max(headline_end, 1)) if headline_pos is not None else None,
        headline_full="headline" in g.zones,
        in_teaser=ent.in_teaser,
    )
    return ent


def salience(
    *,
    weighted_mentions: float,
    first_offset: int,
    text_len: int,
    headline_pos: float | None,
    headline_full: bool,
    in_teaser: bool,
) -> float:
    """How central an entity is to the article.

    The headline dominates and its first names weigh most (the headline's subject leads the
    tag line, as in the seed's "Trump, Putin"); a name only inside a headline compound
    (Ukraine-Verhandlungen) counts less. Then the teaser, how often (log), and how early.
    """
    score = 0.0
    if headline_pos is not None:
        score += (4.0 if headline_full else 1.5) + 3.0 * (1.0 - headline_pos)
    if in_teaser:
        score += 0.75
    score += math.log2(1.0 + weighted_mentions)
    score += 1.0 - min(first_offset / max(text_len, 1), 1.0)
    return round(score, 4)


def _apply_rules(entities: list[Entity], text: str, rules: EditorialRules | None) -> list[Entity]:
    if rules is None:
        return entities
    low_text = text.lower()
    by_key: dict[str, Entity] = {}
    for e in entities:
        key = e.key
        for new_key, cues in rules.splits.get(key, {}).items():
            if any(c.lower() in low_text for c in cues):
                key = new_key
                break
        key = follow_merges(key, rules.merges)
        e.key = key
        if key in by_key:
            _absorb(by_key[key], e)
        else:
            by_key[key] = e
    return list(by_key.values())


def follow_merges(key: str, merges: Mapping[str, str]) -> str:
    """The final target of `key` through merge chains; a cycle resolves to its smallest key."""
    path = [key]
    while key in merges:
        key = merges[key]
        if key in path:
            return min(path[path.index(key) :])
        path.append(key)
    return key


def _absorb(target: Entity, other: Entity) -> None:
    target.mentions += other.mentions
    target.first_offset = min(target.first_offset, other.first_offset)
    target.in_headline |= other.in_headline
    target.in_teaser |= other.in_teaser
    target.salience = max(target.salience, other.salience) + 0.5
    target.surface_forms = sorted(set(target.surface_forms) | set(other.surface_forms))


def _set_displays(entities: list[Entity], rules: EditorialRules | None) -> None:
    """Persons show their surname unless another person of the article shares it."""
    surnames = Counter(surname(e.name) for e in entities if e.type == "PER")
    for e in entities:
        if rules and e.key in rules.renames:
            e.display = rules.renames[e.key]
        elif e.type == "PER" and surnames[surname(e.name)] == 1:
            e.display = surname(e.name)
        else:
            e.display = e.name


def known_from_entities(entities: Iterable[Entity]) -> dict[str, str]:
    """A `known` map for later articles: full names and unambiguous surnames -> key."""
    known: dict[str, str] = {}
    by_surname: dict[str, set[str]] = {}
    for e in entities:
        known[e.name.lower()] = e.key
        if e.type == "PER" and " " in e.name:
            by_surname.setdefault(surname(e.name).lower(), set()).add(e.key)
    for family, keys in by_surname.items():
        if len(keys) == 1 and family not in known:
            known[family] = next(iter(keys))
    return known
