"""The bodies of the word lists in a text: institutions, parties and well-known organisations
named where the NER missed them (``BODY_WORDS``), and names inside hyphenated compounds
("Nato-Beitritt", "SPD-Fraktion", "Commerzbank-Chef"). Helpers of the entity stage
(entities.py: `known_bodies`, `compound_mentions`)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from meldungen.enrich.entity_names import _WORD, Candidate, _compound_name, _covered
from meldungen.enrich.entity_words import (
    ALIAS_NAMES,
    ALIASES,
    ARTICLES,
    INSTITUTIONS,
    ORGANISATIONS,
    PLACE_NAMES,
    alias,
)
from meldungen.enrich.ner import is_organisation_acronym


def _compound_mentions(text: str, names: set[str], cands: Sequence[Candidate]) -> list[Candidate]:
    """Half-weight mentions for names inside hyphenated compounds (Ukraine-Krieg, Nato-Beitritt).

    Only the names of ``names`` (the article's own and the portal's known ones, the alias
    table's bodies and the word lists' organisations: entities.compound_mentions) and acronyms
    the NER gazetteer lists as organisations ("DFB-Präsident"); the label is voted with their
    other mentions, so a compound never creates a person on its own.
    """
    if not names:
        return []
    covered = _covered(cands)
    out = []
    for m in _WORD.finditer(text):
        token = m.group().rstrip(".")
        if "-" not in token:
            continue
        if covered(m.start()):
            continue
        part = _compound_name(token)
        if part is None:
            continue
        if part not in names and "-" in part:
            part = part.replace("-", " ")  # "Deutsche-Bank-Aktie": the name "Deutsche Bank"
        if part in names or is_organisation_acronym(part):
            out.append(Candidate(part, "", m.start(), 0.5, token))  # abstains in the vote
    return out


BODIES = ALIAS_NAMES - PLACE_NAMES  # the alias table's parties and bodies (SPD, EU, Nato)
COMPOUND_BODIES = BODIES | ORGANISATIONS  # organisations counted in compounds alone
# One-word names of institutions, parties and bodies the word lists know (Bundesregierung,
# Weltbank, Kreml, SPD, Nato, NATO): the institutions, the alias table's bodies and the
# one-word forms that lead to them.
BODY_WORDS = (
    INSTITUTIONS | ORGANISATIONS | BODIES
    | {k for k, v in ALIASES.items() if v in BODIES and " " not in k}
)  # fmt: skip
# a capitalised word, hyphenated parts and all ("EU-Kommission"; "SPD-Fraktion" is no body word)
_CAPITALISED = re.compile(r"(?<![\w.'&-])[A-ZÄÖÜÉ][\w.'&]*(?:-[A-ZÄÖÜÉ][\w.'&]*)*(?![\w'&-])")
# "Bundesagentur für Arbeit", "Bundesamt für politische Bildung": what the body is for
_FOR_WHAT = re.compile(r" für (?:[a-zäöüß]+ )?[A-ZÄÖÜ][\w-]*\w")


def _body_word(token: str) -> str | None:
    """The body word ``token`` is, as written or in the genitive (Bundestages, Senats)."""
    if token in BODY_WORDS:
        return token
    for ending in ("es", "s"):
        if token.endswith(ending) and token[: -len(ending)] in BODY_WORDS:
            return token[: -len(ending)]
    return None


def _body_mentions(text: str, cands: Sequence[Candidate]) -> list[Candidate]:
    """Mentions of the institutions and bodies of the word lists (`BODY_WORDS`) that no
    candidate covers: the NER misses many of them because they read as common nouns
    ("Bundesregierung", "Weltbank"). An organisation, unless the name is also a place's.
    "Bundesagentur für Arbeit" is one name, and a later "Bundesagentur" of the article is it."""
    covered = _covered(cands)
    found = []
    for m in _CAPITALISED.finditer(text):
        word = _body_word(m.group().rstrip("."))
        if word is None or covered(m.start()):
            continue
        name, surface = alias(word) or word, m.group()
        what = _FOR_WHAT.match(text, m.end()) if word == surface in INSTITUTIONS else None
        if what and not ARTICLES & set(what.group().split()):
            name, surface = surface + what.group(), surface + what.group()
        found.append((word, name, m.start(), surface))
    full: dict[str, set[str]] = {}
    for word, name, _, _ in found:
        if name.startswith(word + " "):
            full.setdefault(word, set()).add(name)
    out = []
    for word, name, start, surface in found:
        if len(full.get(word, ())) == 1:
            name = next(iter(full[word]))
        out.append(Candidate(name, "" if name in PLACE_NAMES else "ORG", start, 1.0, surface))
        part = body_in_compound(surface)
        if part:  # "EU-Kommission" names the EU too, as a compound does (compound_mentions)
            out.append(Candidate(part, "ORG", start, 0.5, surface))
    return out


def body_in_compound(token: str) -> str | None:
    """The party or body of the alias table that a hyphenated body name starts with: EU of
    "EU-Kommission", UN of "UN-Sicherheitsrat"; else None."""
    part = _compound_name(token)
    return part if part in BODIES else None
