"""A mention: a name found in the enriched text, with its character offsets. The NER returns
them (`enrich.ner`), the entity stage reads them (`enrich.entities`), tests make them by hand."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


class MentionLike(Protocol):
    """What the NER returns (`Mention` has these attributes). A mention may
    also have `base`, the name it stands for when that is not its text ("Wiener" -> "Wien")."""

    start: int
    end: int
    text: str
    label: str


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
