"""Headlines that lost part of themselves, as titles made from file names or URL slugs do.

- Cut off in the middle of the last word ("… Kooperation mit Brasilien, Kolumbien und
  Venezue"): the piece is no name of its own. The last word is taken for cut when the body
  holds a longer word that starts with it, not only by an inflection ending ("Venezuela" for
  "Venezue", "Angriff" for "Angr"; "Putins" says nothing about "Putin"), and the body never
  has the word itself; or when the body has no form of it at all and no word list knows it
  ("Türkeibeitri", "Donald Trump Mitschul": the full name before it stays).
- A body that lost its opening the same way begins with the end of a bracket ("Arabien), 20.11.2007
  – …" of "Riad (Saudi-Arabien), …"): the piece is the article's one name that ends in it, or
  nothing.
- Lost their colon ("Polen Jarosław Kaczyński verzichtet", "Straße von Hormus Iran setzt
  Tanker fest"): the NER reads two names side by side as one. A headline name whose words
  split into two names the article knows (a place of the gazetteer, a name of the alias
  table, a name the article gives outside the headline) is those two; so is a body before a
  place ("BND USA übertrieben") or an organisation before a person the article names
  ("Kernfusionsreaktor ITER Chirac besichtigt").
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from typing import Any

from meldungen.enrich.entity_names import Candidate, _noun_compound
from meldungen.enrich.entity_words import INSTITUTIONS, PLACE_NAMES, known_name
from meldungen.enrich.missed_mentions import _CASE_ADJECTIVE
from meldungen.enrich.nouns import is_common_noun
from meldungen.ingest.titles import INFLECTIONS, continuations
from meldungen.text.lemmas import is_german_word, is_small_word

# the last word, before a full stop or the ellipsis ingest gives a cut title (ingest.titles)
_LAST_WORD = re.compile(r"([^\W\d_]+)(?:…|\.\.\.)?[.!?]?\s*$", re.UNICODE)
_TAIL = 64  # characters of the headline's end looked at


def cut_last_word(text: str, headline_end: int) -> tuple[int, str] | None:
    """(offset, word) of the headline's last word if it was cut short, else None."""
    start = max(0, headline_end - _TAIL)  # a bounded tail: the search is linear in it
    m = _LAST_WORD.search(text[start:headline_end])
    if m is None or len(m.group(1)) < 2 or (start and m.start(1) == 0):
        return None  # no word, or one longer than any word of a headline
    word = m.group(1)
    rests = continuations(word, text, headline_end)
    if rests is None:
        return None
    if rests <= INFLECTIONS and (rests or _a_word(word)):
        return None
    return (start + m.start(1), word)


def _name_word(word: str) -> bool:
    """A capitalised word that is no common noun and no German word written small."""
    return word[:1].isupper() and not is_common_noun(word) and not is_small_word(word)


def _a_word(word: str) -> bool:
    """Whether ``word`` is a word or name the word lists know: a headline's last word that the
    body never gives, in no form, and that no list knows is taken for cut ("Türkeibeitri",
    "Mitschul" of "Mitschuld")."""
    return (
        is_common_noun(word) or is_german_word(word.lower()) or word in PLACE_NAMES
        or word in INSTITUTIONS or bool(known_name(word))
    )  # fmt: skip


def cut_headline(art: Any) -> None:
    """The entity stage's step (``entities.STEPS``; ``art``: its Article): a headline cut inside
    its last word names nothing by that piece ("… und Venezue": Venezuela if the article names
    it), nor does a body's cut opening ("Arabien), 20.11.2007 –"); a headline that lost its
    colon holds two names side by side ("Polen Jarosław Kaczyński verzichtet")."""
    cands = without_cut_word(art.text, art.headline_end, art.cands)
    cands = without_cut_opening(art.text, max(art.headline_end, art.teaser_span[1]), cands)
    art.cands = split_side_by_side(art.headline_end, cands)


# a body's first word closing a bracket it never opened: the rest of a cut opening
_CLOSED_PIECE = re.compile(r"\s*([^\W\d_][\w-]*)\)", re.UNICODE)


def without_cut_opening(text: str, body_start: int, cands: Sequence[Candidate]) -> list[Candidate]:
    """The candidates with a piece of a cut opening of the body renamed to the article's one
    name that ends in it ("Arabien" -> Saudi-Arabien, "Westfalen" -> Nordrhein-Westfalen), or
    left out."""
    m = _CLOSED_PIECE.match(text, body_start, body_start + 80)
    if m is None:
        return list(cands)
    out = []
    for c in cands:
        if not m.start(1) <= c.offset < m.end(1):
            out.append(c)
            continue
        fuller = {d.name for d in cands if d.name.endswith(c.name) and d.name != c.name}
        if len(fuller) == 1:
            out.append(c._replace(name=fuller.pop()))
    return out


def without_cut_word(text: str, headline_end: int, cands: Sequence[Candidate]) -> list[Candidate]:
    """The candidates with the one that ends in a cut last word of the headline renamed to the
    article's one name that goes on from it ("Venezue" -> Venezuela), or left out."""
    cut = cut_last_word(text, headline_end)
    if cut is None:
        return list(cands)
    out = []
    for c in cands:
        if not c.offset <= cut[0] < min(c.offset + len(c.surface), headline_end):
            out.append(c)
            continue
        fuller = {d.name for d in cands if d.name.startswith(c.name) and d.name != c.name}
        if len(fuller) == 1:
            out.append(c._replace(name=fuller.pop()))
            continue
        # the name's whole words before the cut one, if they end in a name ("Donald Trump
        # Mitschul"; not "Schließt Guanta", and not a piece of a compound, "Israel-Libanon-Kon")
        kept = c.surface[: cut[0] - c.offset]
        last = kept.rstrip().rpartition(" ")[2]
        if kept.endswith(" ") and c.name.startswith(kept.rstrip()) and _name_word(last):
            out.append(c._replace(name=kept.rstrip(), surface=kept.rstrip()))
    return out


def split_side_by_side(headline_end: int, cands: Sequence[Candidate]) -> list[Candidate]:
    """The headline's names that are two names of the article side by side, as those two."""
    outside = {c.name: c.label for c in cands if c.offset >= headline_end}
    out: list[Candidate] = []
    for c in cands:
        # only a headline name as it stands; one the article gives outside the headline too is
        # one name
        whole = c.offset >= headline_end or c.name != c.surface or c.name in outside
        parts = None if whole else _parts(c.name, c.label, outside)
        if parts is None:
            out.append(c)
            continue
        left, right = parts
        for part, offset in ((left, c.offset), (right, c.offset + len(left) + 1)):
            label = outside.get(part) or (
                "LOC" if part in PLACE_NAMES else "PER" if _a_person(part, outside) else c.label
            )
            out.append(Candidate(part, label, offset, c.weight, part))
    return out


def _parts(name: str, label: str, outside: dict[str, str]) -> tuple[str, str] | None:
    words = name.split()
    for i in range(1, len(words)):
        left, right = " ".join(words[:i]), " ".join(words[i:])
        if _two_names(left, right, label, outside):
            return left, right
    return None


def _two_names(left: str, right: str, label: str, outside: dict[str, str]) -> bool:
    """Whether ``left right`` is two names: both known to the article, one a place, a name of
    the alias table or an institution; a place after anything but a place is part of the name
    ("FC Bayern München", "Caravan Salon Düsseldorf"), and a person's name stays whole unless
    a place stands before a full name ("Polen Jarosław Kaczyński", not "Chelsea Handler") or an
    institution after the full name the article gives ("Walter Lübcke Bundesanwaltschaft")."""
    place = {n: n in PLACE_NAMES or outside.get(n) == "LOC" for n in (left, right)}
    body = {n: n in INSTITUTIONS or bool(known_name(n)) for n in (left, right)}
    if label != "PER" and outside.get(left) == "ORG" and _a_person(right, outside):
        return True  # "Kernfusionsreaktor ITER Chirac besichtigt": the body, then the person
    if not all(n in outside or place[n] or body[n] for n in (left, right)):
        return False
    if not any(n in PLACE_NAMES or body[n] for n in (left, right)):
        return False
    if place[right] and not (place[left] or body[left]):
        return False  # "FC Bayern München"; but "BND USA übertrieben" is the body, then the place
    if label != "PER":
        return True
    person_first = " " in left and outside.get(left) == "PER" and right in INSTITUTIONS
    return (place[left] and " " in right) or person_first


def without_descriptions(
    headline_end: int, cands: Sequence[Candidate], listed: Callable[[str], bool]
) -> list[Candidate]:
    """The candidates without the headline's descriptions that read like names: an adjective
    and a common noun (or a compound of one) the article names once, in the headline alone
    ("Deutscher Katastrophenschutz eine Katastrophe", "Hamburger Luftreinhaltung: Kritik …",
    "Togolesisches Parlament beschließt …"; a headline drops the article that would show it is
    no name). A name the word lists or earlier articles know stays (``listed``: "Deutsche
    Bank", "Europäische Union"), and so does one the article names again."""
    named = Counter(map(_case_free, (c.name for c in cands)))
    out = []
    for c in cands:
        words = c.name.split()
        if (
            c.offset < headline_end and named[_case_free(c.name)] == 1 and c.label != "PER"
            and len(words) == 2 and _CASE_ADJECTIVE.fullmatch(words[0])
            and (is_common_noun(words[1]) or _noun_compound(words[1]))
            and not listed(c.name)
        ):  # fmt: skip
            continue
        out.append(c)
    return out


def _case_free(name: str) -> str:
    """A name without the case endings of its adjectives and a genitive -s of its last word
    ("Togolesisches Parlament", "des Togolesischen Parlaments": one name)."""
    words = [(m.group(1) if (m := _CASE_ADJECTIVE.fullmatch(w)) else w) for w in name.split()]
    return " ".join(words).removesuffix("s")


def _a_person(name: str, outside: dict[str, str]) -> bool:
    """Whether the article names ``name`` as a person outside the headline, alone or as the
    last word of a full name ("Chirac" of "Jacques Chirac")."""
    return outside.get(name) == "PER" or any(
        label == "PER" and full.endswith(" " + name) for full, label in outside.items()
    )
