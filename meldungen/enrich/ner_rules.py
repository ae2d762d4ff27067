"""Rules over the NER's CRF output. Per sentence: valid IOB2, a place after a role noun that is
a person, a place or organisation opening with a first name that is a person, a person's whole
surname, genitives trimmed, name particles joined, lone place adjectives dropped. Per
document: full names (repeated, or their surname again alone), the gazetteer's organisations
named twice, and consistent names."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Sequence

from meldungen.enrich.entity_words import ARTICLES, PARTICLES
from meldungen.enrich.ner_features import _NAME_CLASSES, WORDS, Lexicon, trigger_class
from meldungen.enrich.nouns import is_role_noun

LABELS = ("PER", "LOC", "ORG")
_LABEL_SET = frozenset(LABELS)
# the lexicon's classes the rules read: a known place, a common noun, a first name
_PLACE = frozenset({"gLOC", "TOP"})
_COMMON = frozenset({"N", "NN"})
_FIRST = frozenset({"VN", "fn"})
_ENDINGS = ("", "e", "en", "em", "er", "es")


def _common_noun(lex: Lexicon, w: str) -> bool:
    classes = lex.classes(w)
    return "N" in classes and not classes & _NAME_CLASSES


def _is_name_word(w: str) -> bool:
    """A capitalised word of letters, one hyphen at most ("Müller", "Erdoğan", "Wałęsa",
    "Đoković", "Løkke", "Meyer-Landrut"): any alphabet's letters, not only German ones."""
    parts = w.split("-")
    return len(parts) <= 2 and all(
        len(p) > 1 and p[0].isupper() and p[1:].isalpha() and p[1:].islower() for p in parts
    )


def _first_name(lex: Lexicon, w: str) -> bool:
    """A word that only a first name can be: "Helene", "Manuel"; not "Mark" (a noun too) nor
    "Am" (a first name, but mostly the preposition)."""
    classes = lex.classes(w)
    return (
        bool(classes & {"VN", "fn"})
        and "N" not in classes
        and lex.zipf.get(w.lower(), 0) < 5
        and _is_name_word(w)
    )


def _repeated_full_names(
    sentences: Sequence[Sequence[str]], tagged: list[list[str]], lex: Lexicon
) -> list[list[str]]:
    """A first name and the capitalised word after it, untagged, that the document repeats
    ("Helene Fischer" in the headline and again in the text), or whose second word it names
    again on its own ("Annegret Kramp-Karrenbauer ... Kramp-Karrenbauer sagte"), is a person:
    the sentence-level tagger misses such names when the surname is also a noun (Fischer,
    Neuer, Bohlen) or unknown to it."""
    found = [
        (k, i)
        for k, (toks, tags) in enumerate(zip(sentences, tagged, strict=True))
        for i in range(len(toks) - 1)
        if tags[i] == "O" and tags[i + 1] == "O" and _full_name_pair(lex, toks, i)
    ]
    seen = Counter((sentences[k][i], sentences[k][i + 1]) for k, i in found)
    surnames = {  # a frequent word alone ("Das", "Neuer") is no evidence of the name
        sentences[k][i + 1] for k, i in found if lex.zipf.get(sentences[k][i + 1].lower(), 0) < 5
    }
    alone = Counter(
        w
        for toks in sentences
        for j, w in enumerate(toks)
        if w in surnames and not (j and toks[j - 1][:1].isupper())  # not after a name
    )
    out = [list(tags) for tags in tagged]
    for k, i in found:
        first, last = sentences[k][i], sentences[k][i + 1]
        if seen[(first, last)] >= 2 or alone[last] >= 1:
            out[k][i], out[k][i + 1] = "B-PER", "I-PER"
    return out


def _surnames_after_first_names(
    sentences: Sequence[Sequence[str]], tagged: list[list[str]]
) -> list[list[str]]:
    """A one-word person span and the untagged capitalised word after it, which the document
    tags a person on its own elsewhere, are one name: the tagger took "Joschka" for a person
    and left "Fischer", a noun too, out, yet the headline's "Fischer reist" is the person.
    Only when that first word is never a person without the same word after it ("Trump
    Putin" in a headline without its colon stays two)."""
    singles = [
        (k, i)
        for k, tags in enumerate(tagged)
        for i, t in enumerate(tags)
        if t == "B-PER" and (i + 1 == len(tags) or tags[i + 1] != "I-PER")
    ]
    alone = {sentences[k][i] for k, i in singles}
    nexts: dict[str, set[str]] = {}
    for k, i in singles:
        toks = sentences[k]
        nexts.setdefault(toks[i], set()).add(toks[i + 1] if i + 1 < len(toks) else "")
    out = [list(tags) for tags in tagged]
    for k, i in singles:
        toks, tags = sentences[k], out[k]
        if i + 1 == len(toks) or tags[i + 1] != "O":
            continue
        last = toks[i + 1]
        if last in alone and nexts[toks[i]] == {last} and _is_name_word(last):
            tags[i + 1] = "I-PER"
    return out


def _known_organisations(
    sentences: Sequence[Sequence[str]], tagged: list[list[str]], lex: Lexicon
) -> list[list[str]]:
    """A word the gazetteer knows as an organisation and as nothing common ("Intel",
    "Lufthansa"; not "Polizei", a noun too), untagged at least twice in the document, is
    the organisation wherever it stands untagged: the sentence tagger misses a company's bare
    name in a plain sentence ("kündigte Intel an"). After an article or a possessive it names
    a product ("der Fahrer eines Renault"): neither counted nor tagged."""

    def bare(toks: Sequence[str], tags: Sequence[str]) -> Iterator[int]:
        for i, w in enumerate(toks):
            if (
                tags[i] == "O"
                and w[:1].isupper()
                and (i == 0 or toks[i - 1].lower() not in _ARTICLES)
            ):
                yield i

    count = Counter(
        toks[i] for toks, tags in zip(sentences, tagged, strict=True) for i in bare(toks, tags)
    )
    known = {w for w, n in count.items() if n >= 2 and _organisation_only(lex, w)}
    if not known:
        return tagged
    out = [list(tags) for tags in tagged]
    for toks, tags in zip(sentences, out, strict=True):
        for i in list(bare(toks, tags)):
            if toks[i] in known:
                tags[i] = "B-ORG"
    return out


# an article or a possessive before a word: what follows is a thing ("eines Renault")
_ARTICLES = ARTICLES | {f"{stem}{end}" for stem in ("sein", "ihr", "kein") for end in _ENDINGS}


def _organisation_only(lex: Lexicon, w: str) -> bool:
    """Whether the gazetteer knows ``w`` as an organisation and the lexicon as nothing else
    a capitalised word could be (a noun, a place, a first name)."""
    classes = lex.classes(w)
    return "gORG" in classes and not classes & (_PLACE | _COMMON | _FIRST) and len(w) > 2


def _full_name_pair(lex: Lexicon, toks: Sequence[str], i: int) -> bool:
    """Whether toks[i], toks[i + 1] read as first name and surname, and nothing more."""
    nxt = toks[i + 1]
    after = toks[i + 2] if i + 2 < len(toks) else ""
    return (
        _first_name(lex, toks[i])
        and _is_name_word(nxt)
        and not _first_name(lex, nxt)
        and not (after[:1].isupper() and _is_name_word(after))  # three names: unsure
        and not trigger_class(nxt)
        and not is_role_noun(nxt)
    )


def _consistent(
    sentences: Sequence[Sequence[str]], tagged: list[list[str]], lex: Lexicon
) -> list[list[str]]:
    """Document-level consistency: a name found once is a name everywhere in the article.
    'Wladimir Putin' makes a later bare 'Putin' / 'Putins' a PER; an ORG or LOC phrase tagged
    once is tagged at its other untagged occurrences."""
    single: dict[str, str] = {}
    phrases: dict[tuple[str, ...], str] = {}
    for toks, tags in zip(sentences, tagged, strict=True):
        for s, e, lab in _spans(tags):
            words = tuple(toks[s:e])
            if any(_common_noun(lex, w) for w in words[-1:]):
                continue  # a common noun tagged as a name is more likely an error: don't spread it
            if lab == "PER":
                w = words[-1]  # the surname: later mentions use it alone
                if len(w) > 2 and w[:1].isupper() and w[1:2].islower():
                    single.setdefault(w, "PER")
                    single.setdefault(w + "s", "PER")
            elif words[0][:1].isupper() and len("".join(words)) > 2:
                phrases.setdefault(words, lab)
    if not single and not phrases:
        return tagged
    maxlen = max((len(p) for p in phrases), default=1)
    out = []
    for toks, tags in zip(sentences, tagged, strict=True):
        tags = list(tags)
        n = len(toks)
        i = 0
        while i < n:
            if tags[i] != "O" or not toks[i][:1].isupper():
                i += 1
                continue
            done = False
            for k in range(min(maxlen, n - i), 0, -1):
                lab = phrases.get(tuple(toks[i : i + k]))
                if (
                    lab
                    and all(t == "O" for t in tags[i : i + k])
                    and (i + k >= n or tags[i + k] == "O")
                    and (i == 0 or tags[i - 1] == "O")
                ):
                    tags[i] = "B-" + lab
                    for j in range(i + 1, i + k):
                        tags[j] = "I-" + lab
                    i += k
                    done = True
                    break
            if done:
                continue
            lab = single.get(toks[i])
            if lab and (i == 0 or tags[i - 1] == "O") and (i + 1 >= n or tags[i + 1] == "O"):
                tags[i] = "B-" + lab
            i += 1
        out.append(tags)
    return out


def _person_surnames(
    sentences: Sequence[Sequence[str]], tagged: list[list[str]], lex: Lexicon
) -> list[list[str]]:
    """A place or organisation span that is a person's name the article gives in full, or
    its end from a surname on ("de Maizière", "Maizière" of "Thomas de Maizière"), is that
    person: the tagger took the later "sagte de Maizière" for an organisation. Not when the
    surname is also a known place or organisation ("Washington", "Ford")."""
    tails: set[tuple[str, ...]] = set()
    for toks, tags in zip(sentences, tagged, strict=True):
        if "B-PER" not in tags:
            continue
        for s, e, lab in _spans(tags):
            last = toks[e - 1]
            if lab != "PER" or e - s < 2 or not _is_name_word(last):
                continue
            if lex.classes(last) & (_PLACE | {"gORG"}):
                continue
            tails.update(_name_key(toks[j:e]) for j in range(s + 1, e))
    if not tails:
        return tagged
    out = [list(tags) for tags in tagged]
    for toks, tags in zip(sentences, out, strict=True):
        if "B-LOC" not in tags and "B-ORG" not in tags:
            continue
        for s, e, lab in list(_spans(tags)):
            if lab != "PER" and _name_key(toks[s:e]) in tails:
                tags[s] = "B-PER"
                for k in range(s + 1, e):
                    tags[k] = "I-PER"
    return out


def _name_key(words: Sequence[str]) -> tuple[str, ...]:
    """A name's words, a particle at its start in small letters ("De Maizière" at the start
    of a sentence is "de Maizière")."""
    first = words[0].lower() if words and words[0].lower() in _NAME_PARTICLES else words[0]
    return (first, *words[1:])


def _spans(tags: Sequence[str]) -> Iterator[tuple[int, int, str]]:
    i, n = 0, len(tags)
    while i < n:
        if tags[i].startswith("B-"):
            lab = tags[i][2:]
            j = i + 1
            while j < n and tags[j] == "I-" + lab:
                j += 1
            yield i, j, lab
            i = j
        else:
            i += 1


_NAME_LIKE = _NAME_CLASSES | {"gLOC", "gPER", "gORG", "fn", "sn"}


def _trim_genitive(tokens: Sequence[str], tags: list[str], lex: Lexicon) -> list[str]:
    """'Russlands Angriffskrieg', 'Putins Sprecher': a PER/LOC span made of a genitive name and
    a following common noun is cut back to the name (the noun is not part of it)."""
    for s, e, lab in list(_spans(tags)):
        if lab == "ORG" or e - s != 2:
            continue
        first, last = tokens[s], tokens[e - 1]
        if len(first) < 4 or first[-1] != "s" or not _common_noun(lex, last):
            continue
        base = lex.classes(first[:-1])
        if base & _NAME_LIKE:
            tags[e - 1] = "O"
    return tags


def _person_by_first_name(tokens: Sequence[str], tags: list[str], lex: Lexicon) -> list[str]:
    """A place or organisation span of two or three name words that opens with a first name
    of the lexicon's lists is a person: "Silvio Berlusconi", "Hope Hicks" (the tagger, not
    knowing the surname, read the pair as an organisation or a place). Not when a word of it
    is also a place, an organisation or a common noun ("Victoria Falls", "Hugo Boss", "Carl
    Zeiss", "Axel Springer"), when the first word is a frequent word too ("La Masia"), when
    the last word ends a place name of the gazetteer, nor a phrase the gazetteer knows."""
    if "B-LOC" not in tags and "B-ORG" not in tags:
        return tags
    for s, e, lab in list(_spans(tags)):
        if lab == "PER" or not 2 <= e - s <= 3:
            continue
        words = tokens[s:e]
        if (
            lex.classes(words[0]) & _FIRST_ANY
            and lex.zipf.get(words[0].lower(), 0) < 4  # not "La", "Santa", "Sky"
            and all(_is_name_word(w) and not lex.classes(w) & _NOT_PERSON for w in words)
            and "gpLOC" not in lex.classes(words[-1])  # a place's last word ("Cash Cow")
            and tuple(words) not in lex.phrases
        ):
            tags[s] = "B-PER"
            for k in range(s + 1, e):
                tags[k] = "I-PER"
    return tags


# first names of the German (VN, fn) and the foreign lists (xf); what a person's name word is not
_FIRST_ANY = _FIRST | {"xf"}
_NOT_PERSON = _PLACE | _COMMON | {"gORG", "gpORG", "EN"}


def place_of_adjective(word: str, lex: Lexicon) -> str | None:
    """The place a place adjective derives from: Wiener -> Wien, Münchner -> München, Bremer
    -> Bremen. None for a word that is a place itself."""
    if len(word) < 5 or not word.endswith("er") or not word[:1].isupper():
        return None
    own = lex.classes(word)
    if "TOP" in own or "gORG" in own:
        return None  # a place of its own ("Munster"), a company ("Bayer")
    bases = [word[:-2], word[:-2] + "en", word[:-1]]
    if word[-3] == "n":
        bases.append(word[:-3] + "en")  # Münchner, Dresdner
    for base in bases:
        if len(base) >= 4 and lex.classes(base) & _PLACE:
            return base
    return None


# Adjectives of nations and regions: "deutsche", "amerikanischen", "Bayerische", "westlichen"
_NATION_ADJECTIVE = re.compile(r"(?i)([a-zäöüß-]+(isch|lich)|deutsch)(e|en|er|es|em)")


def drop_lone_adjectives(tokens: Sequence[str], tags: list[str], lex: Lexicon) -> list[str]:
    """An adjective alone ("die Wiener Polizei", "Leipziger", "deutsche", "amerikanischen")
    is no place or organisation (GermEval: LOCderiv); inside a longer name it stays
    ("Frankfurter Allgemeine Zeitung", "Deutsche Bank")."""
    for s, e, lab in list(_spans(tags)):
        if e - s != 1 or lab == "PER":
            continue
        if _NATION_ADJECTIVE.fullmatch(tokens[s]) or place_of_adjective(tokens[s], lex):
            tags[s] = "O"
    return tags


_CAP_PARTICLES = frozenset(WORDS["cap_particles"]["words"])  # "Alexander Van der Bellen"
_PARTICLE_WORDS = frozenset(WORDS["particle_words"]["words"])
_NAME_PARTICLES = PARTICLES | _PARTICLE_WORDS  # in small letters: "von", "de", "der"


def _join_particles(tokens: Sequence[str], tags: list[str]) -> list[str]:
    """A person span that ends in a capitalised particle ("Alexander Van") goes on over the
    lower-case particles and the name after it ("der Bellen"), which the tagger left out."""
    for s, e, lab in list(_spans(tags)):
        if lab != "PER" or e - s < 2 or tokens[e - 1] not in _CAP_PARTICLES:
            continue
        j = e
        while j < len(tokens) and tokens[j] in _PARTICLE_WORDS and tags[j] == "O":
            j += 1
        if j < len(tokens) and tokens[j][:1].isupper() and tags[j] in ("O", "B-PER"):
            for k in range(e, j + 1):
                tags[k] = "I-PER"
    return tags


_OF = frozenset({"of", "for"})  # no German word: in German text they join English names


_NAME_PARTS = frozenset({"gLOC", "gORG", "gpLOC", "gpORG", "gpPER"})


def _frequent_noun(lex: Lexicon, w: str) -> bool:
    """A common German noun (zipf 4 or more: "Trotz", "Ferien"), not "Future" nor the "Man"
    of "Isle of Man", which the gazetteers know as part of a name."""
    classes = lex.classes(w)
    return "N" in classes and lex.zipf.get(w.lower(), 0) >= 4 and not classes & _NAME_PARTS


def _english_names(tokens: Sequence[str], tags: list[str], lex: Lexicon) -> list[str]:
    """A name span followed by "of" or "for" (and "the") and capitalised words is one English
    name that the tagger cut: "Fridays for Future", "Bank of America", "Federal Reserve Bank
    of New York". A person's span becomes an organisation's ("Fridays"); a place's stays a
    place ("Isle of Man"). It ends before a frequent German noun that is no part of a name of
    the gazetteers ("Fridays for Future Trotz Ferien", a headline that lost its colon)."""
    for s, e, lab in list(_spans(tags)):
        if e + 1 >= len(tokens) or tokens[e] not in _OF or tags[e] != "O":
            continue
        j = e + 1 + (tokens[e + 1] == "the")
        k = j
        while (
            k < len(tokens)
            and k - j < 3
            and _is_name_word(tokens[k])
            and tags[k] != "B-PER"
            and not _frequent_noun(lex, tokens[k])
        ):
            k += 1
        if k == j:
            continue
        label = "LOC" if lab == "LOC" else "ORG"
        tags[s] = f"B-{label}"
        for i in range(s + 1, k):
            tags[i] = f"I-{label}"
    return tags


def _whole_surname(tokens: Sequence[str], tags: list[str], lex: Lexicon) -> list[str]:
    """A person span of two or more words followed by an untagged rare name word that is no
    noun, place, organisation or first name goes on over it: "Lars Løkke Rasmussen" (the
    tagger stopped at the middle name) or "Anders Fogh Rasmussen". Not after a genitive
    ("Kevin Kühnerts Forderungen") nor over a compound ("Theresa Mays Brexit-Verhandlungen")."""
    if "B-PER" not in tags:
        return tags
    for s, e, lab in list(_spans(tags)):
        if lab != "PER" or e - s < 2 or e >= len(tokens) or tags[e] != "O":
            continue
        word = tokens[e]
        after = tokens[e + 1] if e + 1 < len(tokens) else ""
        if (
            not tokens[e - 1].endswith("s")
            and "-" not in word
            and _is_name_word(word)
            and not lex.classes(word) & (_PLACE | {"gORG", "N"} | _FIRST)
            and lex.zipf.get(word.lower(), 0) < 4
            and not _is_name_word(after)
        ):
            tags[e] = "I-PER"
    return tags


def _repair(tags: list[str]) -> list[str]:
    """Make the output valid IOB2 (an I- without a matching predecessor opens an entity)."""
    prev = "O"
    out = []
    for t in tags:
        if t != "O" and t[2:] not in _LABEL_SET:
            t = "O"  # OTH is learnt (it keeps titles and events out of ORG/PER) but not output
        elif t.startswith("I-") and prev[2:] != t[2:]:
            t = "B-" + t[2:]
        out.append(t)
        prev = t
    return out
