"""Institutions that several states have under one name ("Senat", "Landtag", "Bundesrat"; the
`shared_bodies` of data/entity_words.json): one topic per state, not one "Senat" for the US
Senate, Italy's and Berlin's.

The entity stage names such a body with the state the article places it in ("Senat (Italien)",
"Landtag (Bayern)"): the state whose adjective stands right before the body ("das britische
Unterhaus", "der Berliner Senat") or that a "von", "in" or "der" right after it names ("der
Landtag von Sachsen-Anhalt"); else the one of the body's states that the article names most,
then the one in the headline, then the first. A body with a default state, the one German
news mean when they name none (the Bundesrat is Germany's), keeps its bare name and topic
unless the article places it in another by the words around it, or names another of its
states in the headline or at least twice, and more often than the default. With no state of
its list named, a body keeps its bare name.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from meldungen.enrich.entity_groups import Group, _absorb, _vote
from meldungen.enrich.entity_words import SHARED_BODIES, STATE_ADJECTIVES, alias

_WORD_BEFORE = re.compile(r"([\w-]+)\s+$")
_NAMED_AFTER = re.compile(r"\s+(?:von|in|der|des)\s+([\w-]+(?:\s[\w-]+)?)")
_ENDING = re.compile(r"(?:e|em|en|er|es)$")
_ADJECTIVE_EN = re.compile(r"(?<=\w{3})en ")  # "Vereinigten Staaten" -> "Vereinigte Staaten"


def homes(art: Any) -> None:
    """The entity stage's step (entities.STEPS): its groups' shared bodies named with their
    state."""
    with_homes(art.groups, art.text)


def with_homes(groups: dict[str, Group], text: str) -> None:
    """Rename each shared body's group to "<body> (<state>)" where the article places it in a
    state other than its default (module doc); a name the tagger gave with the state's
    adjective ("Berliner Senat", "Sächsische Landtag") is that body of that state. Groups that
    come to one name become one; the groups keep their order."""
    renamed = {}
    bodies = [n for n, g in groups.items() if _vote(g.labels) == "ORG"]
    by_adjective: dict[str, set[str]] = {}  # body -> the states its names with an adjective give
    for name in bodies:
        adjective, _, body = name.rpartition(" ")
        spec = SHARED_BODIES.get(body)
        home = state_of_adjective(adjective) if spec and " " not in adjective else ""
        if home in (spec[1] if spec else ()):
            renamed[name] = body if home == spec[0] else f"{body} ({home})"
            by_adjective.setdefault(body, set()).add(home)
    for name in bodies:
        spec = SHARED_BODIES.get(name)
        if not spec:
            continue
        default, states = spec
        home = _placed(groups[name], text, states)
        # the one state the article's own name of the body gives ("Der Berliner Senat ... der
        # Senat"), else the state named most
        named = by_adjective.get(name, set())
        home = home or (next(iter(named)) if len(named) == 1 else "")
        home = home or _home(groups, default, states)
        if home and home != default:
            renamed[name] = f"{name} ({home})"
    if not renamed:
        return
    items = list(groups.items())
    groups.clear()
    for name, g in items:
        g.name = renamed.get(name, name)
        if g.name in groups:
            _absorb(groups[g.name], g, _vote(g.labels))
        else:
            groups[g.name] = g


def state_of_adjective(word: str) -> str:
    """The state a state's adjective names ("italienische", "Berliner"), "" for none."""
    word = word.lower()
    return STATE_ADJECTIVES.get(word) or STATE_ADJECTIVES.get(_ENDING.sub("", word), "")


def _placed(g: Group, text: str, states: tuple[str, ...]) -> str:
    """The state the words around the body's mentions name most, "" for none: an adjective
    right before ("italienische", "Berliner"), a name after "von", "in", "der"."""
    found: Counter[str] = Counter()
    for offset, surface in zip(g.offsets, g.surfaces, strict=True):
        at = text.find(surface, offset, offset + 2 * len(surface) + 8)  # the mention's own text
        at = offset if at < 0 else at
        before = _WORD_BEFORE.search(text, max(0, at - 40), at)
        if before:
            found[state_of_adjective(before.group(1))] += 1
        after = _NAMED_AFTER.match(text, at + len(surface))
        if after:
            phrase = after.group(1)  # "Vereinigten Staaten": its adjective in the nominative too
            for name in (phrase, phrase.split()[0], _ADJECTIVE_EN.sub("e ", phrase, count=1)):
                found[alias(name) or name] += 1
    found = Counter({s: n for s, n in found.items() if s in states})
    return found.most_common(1)[0][0] if found else ""


def _home(groups: dict[str, Group], default: str, states: tuple[str, ...]) -> str:
    """The state the article names most of the body's, "" for its default or none."""
    named = [
        (len(g.offsets), "headline" in g.zones, -min(g.offsets), state)
        for state in states
        if (g := groups.get(state)) is not None and g.offsets and _vote(g.labels) == "LOC"
    ]
    if not named:
        return ""
    count, in_headline, _, home = max(named)
    if default and home != default:
        named_default = groups.get(default)
        default_count = len(named_default.offsets) if named_default is not None else 0
        if not (in_headline or count >= 2) or count <= default_count:
            return ""
    return home
