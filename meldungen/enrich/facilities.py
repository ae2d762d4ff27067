"""Facilities, bodies and streets named after a person or place ("Robert-Koch-Institut",
"Bertha-von-Suttner-Platz"): German writes them as one hyphenated compound of the name's parts
and a head noun of the word lists (`facility_heads` in data/entity_words.json)."""

from __future__ import annotations

import re

from meldungen.enrich.entity_words import FACILITY_HEADS
from meldungen.enrich.nouns import is_common_noun

# A facility, body or street named after a person or place: two or more capitalised name parts
# (particles between them) and a head of the word lists ("Robert-Koch-Institut", "Bertha-von-
# Suttner-Platz", "Franz-Josef-Strauß-Flughafens"), as German writes such names
_FACILITY = re.compile(
    r"(?<![\w-])((?:[A-ZÄÖÜ][\w.']*-(?:(?:von|van|de|der|zu|vom|am|an)-)*){2,}"
    r"(?:" + "|".join(sorted(FACILITY_HEADS, key=len, reverse=True)) + r"))(?:es|s)?(?![\w-])"
)


def facility_name(token: str) -> tuple[str, str] | None:
    """(name, label) of a named facility ("Robert-Koch-Instituts" -> ("Robert-Koch-Institut",
    "ORG")), else None."""
    m = _FACILITY.fullmatch(token)
    if m is None or not _named_after(m.group(1)):
        return None
    name = m.group(1)
    return name, FACILITY_HEADS[name.rsplit("-", 1)[1]]


def _named_after(name: str) -> bool:
    """Whether a facility's compound holds a name: a part that is no common noun ("Robert-Koch-
    Institut"), not "Corona-Test-Zentrum" or "Mehr-Generationen-Haus", which are things."""
    return any(p[:1].isupper() and not is_common_noun(p) for p in name.split("-")[:-1])
