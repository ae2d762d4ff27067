"""Mentions the NER missed that the text itself shows: named facilities ("Robert-Koch-Institut")
and the other case forms of an adjective-and-noun name it found ("im Weißen Haus")."""

from __future__ import annotations

import re
from collections.abc import Sequence

from meldungen.enrich.entity_names import Candidate, _covered
from meldungen.enrich.facilities import _FACILITY, facility_name


def _facility_mentions(text: str, cands: Sequence[Candidate]) -> list[Candidate]:
    """The named facilities of the text that no candidate covers (the NER misses most of
    them: "Robert-Koch-Institut", "Konrad-Adenauer-Stiftung")."""
    covered = _covered(cands)
    return [
        Candidate(*facility, m.start(), 1.0, m.group())
        for m in _FACILITY.finditer(text)
        if not covered(m.start()) and (facility := facility_name(m.group()))
    ]


_CASE_ADJECTIVE = re.compile(r"([A-ZÄÖÜ][a-zäöüß]{2,})(?:e|en|er|es|em)")


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
                rf"(?<![\w-]){re.escape(m.group(1))}(?:e|en|er|es|em)\s+"
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
