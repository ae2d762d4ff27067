"""Groups of one article's mentions folded into one referent each, for the entity stage
(entities.py): surname into full name, variants of a full name."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from meldungen.enrich.entity_words import CLUB_WORDS, PARTICLES, PLACE_NAMES
from meldungen.enrich.ner import may_be_first_name
from meldungen.enrich.nouns import is_common_noun, is_singular_noun
from meldungen.enrich.person_names import family_name_first


@dataclass
class Group:
    """The mentions of one name in one article."""

    name: str
    labels: Counter
    surfaces: list[str]
    offsets: list[int]
    weights: list[float]
    zones: set[str]


def _merge_surnames(groups: dict[str, Group]) -> None:
    """Fold a bare surname group into the full name of the article that ends with it; when
    several do, into the one mentioned most, then first (the article's principal).

    Two kinds of full name do not make a surname ambiguous: a variant of another full name
    of the article ("Robert Gabriel Mugabe", a misspelt "Jeffery Epstein"), which is folded
    into it first, and two names the NER ran together ("Giuliani Trump", where Giuliani is
    another person's surname), which counts as a mention of the surname it ends with. Last,
    a first name alone folds into the one full name of the article that starts with it."""
    _persons_named_bare(groups)
    _particle_surnames(groups)
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


def _particle_surnames(groups: dict[str, Group]) -> None:
    """A surname with its particle, capitalised where it starts a sentence ("De Maizière
    kam"), is the one full name of the article that ends in it ("Thomas de Maizière"), not
    a full name of its own whose first name is "De"."""
    for name in list(groups):
        tokens = name.split()
        if len(tokens) < 2 or not tokens[0][:1].isupper() or tokens[0].lower() not in PARTICLES:
            continue
        tail = " " + name.lower()
        longer = [o for o in groups if o != name and o.lower().endswith(tail)]
        if (
            len(longer) == 1
            and _vote(groups[name].labels) == _vote(groups[longer[0]].labels) == "PER"
        ):
            _fold(groups, name, longer[0])


def _persons_named_bare(groups: dict[str, Group]) -> None:
    """A full name the NER called a person as often as something else is the person when the
    article names that person by the surname alone, more often than by the full name
    ("Condoleezza Rice" once a person, once an organisation; "Rice" a person nine times), and
    so is a name of two words the NER never called a person when its first word is a first
    name and the article names its second as a person ("Taylor Swift", "Victoria Swarovski"
    beside "Swift", "Swarovski"). A place's name does not become a person so: "Kfar Darom"
    twice, "Darom" once."""
    for name, g in groups.items():
        if " " not in name or _vote(g.labels) == "PER":
            continue
        bare = groups.get(_family(name))
        if bare is None or _vote(bare.labels) != "PER":
            continue
        first = groups.get(name.split()[0])
        if (g.labels["PER"] and bare.labels["PER"] > sum(g.labels.values())) or (
            len(name.split()) == 2
            and name not in PLACE_NAMES
            and CLUB_WORDS.isdisjoint(name.split())
            and not is_common_noun(name.split()[0])  # "Park Hyatt"
            and (may_be_first_name(name.split()[0]) or (first and _vote(first.labels) == "PER"))
        ):
            g.labels = Counter({"PER": sum(g.labels.values())})


def _merge_place_short_forms(groups: dict[str, Group], text: str) -> None:
    """A place named by the word before a particle of its full name ("Rio" for "Rio de
    Janeiro", "Frankfurt" for "Frankfurt am Main" in the same article) is that place: the short
    group folds into the full name's when exactly one full name of the article starts so.
    Then a place named for a club of the article is the club (``_merge_club_places``)."""
    fulls: dict[str, list[str]] = {}
    for name, g in groups.items():
        words = name.split()
        if len(words) >= 3 and words[1].islower() and _vote(g.labels) == "LOC":
            fulls.setdefault(words[0], []).append(name)
    _fold_short_forms(groups, fulls, "LOC")
    _merge_club_places(groups, text)


# a place after these is where something happens, not a club ("in Darmstadt", "nach München")
_AT_A_PLACE = re.compile(r"(?:\b(?:in|im|nach|aus|aus dem|in der|nahe)\s+)$")
# an adjective of a place before the noun it describes ("Frankfurter Stadtrat")
_BEFORE_A_NOUN = re.compile(r"\s+[A-ZÄÖÜ]")
_NEXT_WORD = re.compile(r" ([A-ZÄÖÜ][\w-]+)")


def _merge_club_places(groups: dict[str, Group], text: str) -> None:
    """A place named bare in an article that names a club after it ("Frankfurt" beside
    "Eintracht Frankfurt", "Bayern" beside "FC Bayern", "Valencia" beside "FC Valencia") is
    the club, as sports news use it: one referent, one tag. The club's words are those of its
    name, of the forms the article gives it and the word right after it ("München" of "FC
    Bayern München", which the tagger may part). Not when most mentions of the place follow
    a preposition of place ("in Darmstadt") or are an adjective before a noun ("Frankfurter
    Stadtrat"; "die Münchner gewannen" are the club's), nor when several clubs of the
    article have the word; a club word alone ("VfB") is the one club of the article with
    it."""
    clubs: dict[str, list[str]] = {}
    for name, g in groups.items():
        words = name.split()
        if len(words) < 2 or _vote(g.labels) != "ORG" or CLUB_WORDS.isdisjoint(words):
            continue
        # the words of the name, of the forms the article gives it, and a word right after
        # it ("FC Bayern München", which the tagger may part)
        after = [
            m.group(1)
            for at, form in zip(g.offsets, g.surfaces, strict=True)
            if (m := _NEXT_WORD.match(text, at + len(form)))
        ]
        for w in dict.fromkeys(w for form in (name, *g.surfaces, *after) for w in form.split()):
            if not w.isdigit() and len(w) > 2:
                clubs.setdefault(w, []).append(name)
    for word, names in clubs.items():
        g = groups.get(word)
        if g is None or len(names) != 1 or names[0] not in groups:
            continue
        label = _vote(g.labels)
        if label == "LOC":
            bare = [
                at
                for at, surface in zip(g.offsets, g.surfaces, strict=True)
                if (
                    surface in (word, word + "s") or surface.startswith(word + "-")
                    or not _BEFORE_A_NOUN.match(text, at + len(surface))
                )  # or the people of the place as a noun: "die Münchner gewannen"
                and not _AT_A_PLACE.search(text, max(0, at - 12), at)
            ]  # fmt: skip
            if 2 * len(bare) < len(g.offsets):  # "in Darmstadt", "Frankfurter Stadtrat"
                continue
        elif not (label == "ORG" and word in CLUB_WORDS):
            continue
        _fold(groups, word, names[0], "ORG")


def _merge_body_short_forms(groups: dict[str, Group], known: set[str]) -> None:
    """A body named by the part after the hyphen of its full name ("Sicherheitsrat" for the
    article's "UN-Sicherheitsrat", "Kommission" for its "EU-Kommission") is that body: the short
    group folds into the full name's when exactly one hyphenated organisation of the article
    ends so. A name the stage knows on its own stays (``known``: the SPD of "Europa-SPD")."""
    fulls: dict[str, list[str]] = {}
    for name, g in groups.items():
        if " " not in name and "-" in name and _vote(g.labels) == "ORG":
            fulls.setdefault(name.rsplit("-", 1)[1], []).append(name)
    _fold_short_forms(groups, {s: n for s, n in fulls.items() if s not in known}, "ORG")


_CLUB_YEAR = re.compile(r"\d{2}|1[89]\d\d")  # "04", "96", "1899"


def _merge_organisation_short_forms(groups: dict[str, Group]) -> None:
    """An organisation named by all but the last word of a longer name of the article, when
    that word is a year or a place ("FC Schalke" for its "FC Schalke 04", "FC Bayern" for its
    "FC Bayern München"), is that organisation: the short group folds into the full name's
    when exactly one organisation of the article goes on so. A one-word short form stays
    ("Bayern" may be the state, "Borussia" either club)."""
    orgs = [n for n, g in groups.items() if _vote(g.labels) == "ORG"]
    fulls: dict[str, list[str]] = {}
    for name in orgs:
        short, _, last = name.rpartition(" ")
        if " " in short and (_CLUB_YEAR.fullmatch(last) or last in PLACE_NAMES):
            fulls.setdefault(short, []).append(name)
    _fold_short_forms(groups, fulls, "ORG")


def _fold_short_forms(groups: dict[str, Group], fulls: dict[str, list[str]], label: str) -> None:
    """Each short name's group (of ``label``) folds into the one full name it can stand for;
    a short name that could stand for several stays."""
    for short, names in fulls.items():
        g = groups.get(short)
        if g is not None and len(names) == 1 and _vote(g.labels) == label:
            _fold(groups, short, names[0], label)


_SHORT_FORM = re.compile(r"\s*\(([^()\s]{2,10})\)")  # " (UEF)" right after a mention


def _merge_acronyms(groups: dict[str, Group], text: str, known: set[str]) -> None:
    """An organisation or place the article introduces with its short form in brackets,
    "Union Europäischer Föderalisten (UEF)", is one referent, named by the short form as the
    article goes on to name it (and as tags name "Nato", "DFB"): the full name's group folds
    into the short form's, whose surface forms then hold the full name too. The short form's
    letters must be the full name's initials in order ("UEF"; "AfD", where "für" gives the
    f), or, from three letters on, come in order from its letters starting with the first
    ("BAMF": Bundesamt für Migration und Flüchtlinge). A short form the stage knows on its
    own (``known``: "EU" is not "Europäische Kommission") stays itself. A name the NER took
    for a person whose short form spells all its initials ("Partij van de Arbeid (PvdA)") is
    the organisation: people are not abbreviated in brackets."""
    for name in sorted(groups, key=len, reverse=True):
        g = groups.get(name)
        # one word stands for a short form only as an organisation ("Kultusministerkonferenz
        # (KMK)"; a dateline's place, "Athen (AP)", names its agency)
        if g is None or " " not in name and _vote(g.labels) != "ORG":
            continue
        person = _vote(g.labels) == "PER"
        for at, surface in zip(g.offsets, g.surfaces, strict=True):
            start = text.find(surface, at, at + 2 * len(surface) + 8)  # the mention's own text
            m = _SHORT_FORM.match(text, start + len(surface)) if start >= 0 else None
            short = m.group(1) if m else ""
            other = groups.get(short)
            if (
                other is not None
                and short != name
                and short not in known
                and _vote(other.labels) != "PER"
                and (_spells_initials(short, name) if person else _abbreviates(short, name))
            ):
                _fold(groups, name, short, _vote(other.labels) if person else _vote(g.labels))
                break


_BRACKETED = re.compile(r"\(([^()\s]{2,10})\)")  # "(BIP)"
_WORD_BEFORE = re.compile(r"(\w[\w-]*)\s*$")  # "Bruttoinlandsprodukt " before it


def _drop_short_forms_of_things(groups: dict[str, Group], text: str, known: set[str]) -> None:
    """A short form the article gives in brackets right after one common noun that has a
    plural ("das Bruttoinlandsprodukt (BIP)", "des Treibhausgases (THG)") abbreviates a kind
    of thing, not a name: it is no entity, here or anywhere in the article. A noun without a
    plural may name a body ("Weltgesundheitsorganisation (WHO)"), and a word the NER tagged is a
    name: both stay, as does a short form the stage knows (``known``)."""
    for m in _BRACKETED.finditer(text):
        short = m.group(1)
        g = groups.get(short)
        if g is None or short in known or _vote(g.labels) == "PER":
            continue
        before = _WORD_BEFORE.search(text, max(0, m.start() - 80), m.start())
        word = before.group(1) if before else ""
        if not word or word in groups:
            continue
        noun = next((w for w in (word, word[:-1], word[:-2]) if is_common_noun(w)), None)
        if noun and not is_singular_noun(noun) and _abbreviates(short, noun):
            del groups[short]


def _letters(short: str) -> list[str]:
    """A short form's letters, or none when it has fewer than two capitals ("Nr", "ca")."""
    if sum(ch.isupper() for ch in short) < 2:
        return []
    return [ch for ch in short.casefold() if ch.isalpha()]


def _initials(name: str) -> list[str]:
    return [w[0].casefold() for w in re.split(r"[\s&-]+", name) if w]


def _abbreviates(short: str, name: str) -> bool:
    letters = _letters(short)
    if not letters:
        return False
    if _in_order(letters, _initials(name)):
        return True
    folded = name.casefold()
    return len(letters) >= 3 and folded[:1] == letters[0] and _in_order(letters, folded)


def _spells_initials(short: str, name: str) -> bool:
    """Whether the letters of ``short`` are all the initials of ``name``'s words, in order."""
    letters = _letters(short)
    return bool(letters) and letters == _initials(name)


def _in_order(needles: list[str], haystack) -> bool:
    it = iter(haystack)
    return all(ch in it for ch in needles)


def _fold_pair(groups: dict[str, Group], keep: str, other: str, label: str = "PER") -> None:
    """Two names of one referent become one: the more mentioned name stays, `keep` on a tie."""
    if sum(groups[other].labels.values()) > sum(groups[keep].labels.values()):
        keep, other = other, keep
    _fold(groups, other, keep, label)


def _family(name: str) -> str:
    """The token a lone mention of the person uses: the last, or the first of "Xi Jinping"."""
    tokens = name.split()
    return tokens[0] if family_name_first(tokens) else tokens[-1]


def _fold(groups: dict[str, Group], name: str, into: str, label: str = "PER") -> None:
    """Move group `name`'s mentions into group `into`, as a person (or as `label`)."""
    _absorb(groups[into], groups.pop(name), label)


def _absorb(target: Group, g: Group, label: str) -> None:
    """Add group ``g``'s mentions to ``target``, as ``label``."""
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
