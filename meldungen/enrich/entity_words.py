"""The entity stage's word lists, read once from data/entity_words.json: institutions and
hyphenated place names that read as common nouns, the alias table, articles and function words,
name particles, family-name-first names, sports club words, common-noun forms that are
also place names, names of places, nouns naming the kind of a place or organisation, news
agencies, bodies that several states have under one name."""

from __future__ import annotations

import json
from pathlib import Path

DATA_FILE = Path(__file__).resolve().parent / "data" / "entity_words.json"

with open(DATA_FILE, encoding="utf-8") as _fh:
    _DATA = json.load(_fh)


def _words(name: str) -> frozenset[str]:
    return frozenset(_DATA[name]["words"])


INSTITUTIONS = _words("institutions")
ORGANISATIONS = _words("organisations")  # one-word names of well-known organisations
ORGANISATION_PHRASES = _words("organisation_phrases")  # and their names of several words
PLACE_PHRASES = _words("place_phrases")  # places of several words ("Persischer Golf")
HYPHEN_NAMES = _words("hyphen_names")
TOPONYM_NOUNS = _words("toponym_nouns")
# a place's other names -> its one name ("Westbank" -> Westjordanland)
PLACE_ALIASES: dict[str, str] = dict(_DATA["place_aliases"]["map"])
PLACE_NAMES = _words("place_names") | frozenset(PLACE_ALIASES.values())
ALIASES: dict[str, str] = {**_DATA["aliases"]["map"], **PLACE_ALIASES}
ALIASES_CAPS = {k.upper(): v for k, v in ALIASES.items() if len(k) > 4}
ALIAS_NAMES = frozenset(ALIASES.values())
ARTICLES = _words("articles")
CAP_ARTICLES = _words("cap_articles")
FUNCTION_WORDS = _words("function_words")
LEADING_WORDS = FUNCTION_WORDS - _words("may_lead_a_name")
ADJ_EN = tuple(_DATA["adjective_endings"]["words"])
PARTICLES = _words("particles")
CHINESE_FAMILY = _words("chinese_family_names")
KOREAN_FAMILY = _words("korean_family_names")
CLUB_WORDS = _words("club_words")
CLASSIFIER_NOUNS = _words("classifier_nouns")
BODY_HEADS = _words("body_heads")  # "-union", "-bewegung": a compound that names a body
LEGAL_FORMS = _words("legal_forms")  # "AG", "GmbH", "Inc.": the end of a registered name
ORG_NOUNS = _words("org_nouns")
NEWS_AGENCIES = _words("news_agencies")
# a body several states have -> (the state meant when none is named, or "", its states)
SHARED_BODIES: dict[str, tuple[str, tuple[str, ...]]] = {
    body: (spec["default"], tuple(spec["homes"]))
    for body, spec in _DATA["shared_bodies"]["bodies"].items()
}
# a state's adjective without its ending ("britisch", "berliner") -> the state
STATE_ADJECTIVES: dict[str, str] = dict(_DATA["shared_bodies"]["adjectives"])
# head noun of a named facility ("Robert-Koch-Institut") -> the label of the facility
FACILITY_HEADS: dict[str, str] = {
    head: label for label in ("ORG", "LOC") for head in _DATA["facility_heads"][label]
}


def alias(name: str) -> str | None:
    """The one name of a referent with several ("Europäische Union", "GRÜNEN"), else None."""
    return ALIASES.get(name) or (ALIASES_CAPS.get(name) if name.isupper() else None)


def known_name(name: str) -> str | None:
    """The canonical form of a name the entity stage knows to be one even when it reads as a
    common noun ("Grüne", "Die Grünen" -> "Grüne"), else None."""
    return alias(name) or (name if name in ALIAS_NAMES else None)
