"""One mention of a name in a text: what the NER returns (`enrich/ner.py`) and what the entity
steps read (`enrich/entities.py`, which also accepts anything shaped like it)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Mention:
    """A hand-made or NER mention: character offsets into the enriched text, its label
    (PER, LOC, ORG), and `base`, the name it stands for when that is not its text
    ("Wiener" -> "Wien")."""

    start: int
    end: int
    text: str
    label: str
    base: str = ""
