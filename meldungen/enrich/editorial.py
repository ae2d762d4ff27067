"""The output of the entity stage and the admin's choices over it: an `Entity` per referent,
the editorial rules (rename, merge, split, block) applied last, and the names entities show."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field

from meldungen.enrich.missed_mentions import listed_form
from meldungen.enrich.nouns import cited_form
from meldungen.enrich.person_names import surname


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
    in_lead: bool = False  # without a teaser: named in the body's first sentence (``lead_span``)
    surface_forms: list[str] = field(default_factory=list)
    in_dateline: bool = False  # named in the body's dateline ("Kairo (AP) - ")


def apply_rules(entities: list[Entity], text: str, rules: EditorialRules | None) -> list[Entity]:
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
    target.in_lead |= other.in_lead
    target.in_dateline |= other.in_dateline
    target.salience = max(target.salience, other.salience) + 0.5
    target.surface_forms = sorted(set(target.surface_forms) | set(other.surface_forms))


def set_displays(entities: list[Entity], rules: EditorialRules | None) -> None:
    """Persons show their surname unless another shares it; others their cited form (nouns)."""
    surnames = Counter(surname(e.name) for e in entities if e.type == "PER")
    for e in entities:
        if rules and e.key in rules.renames:
            e.display = rules.renames[e.key]
        elif e.type == "PER" and surnames[surname(e.name)] == 1:
            e.display = surname(e.name)
        else:
            e.display = e.name if e.type == "PER" else listed_form(e.name) or cited_form(e.name)
