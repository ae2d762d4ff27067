"""News or service traffic: what kind of item a draft is, decided from its wire metadata.

Readers' lists show only ``news``. Everything else is stored and searchable for editors:
- ``service``: schedules, previews, programme and planning notes (a genre, code or note says so);
- ``test``: test messages;
- ``media``: picture, graphic, audio or video items;
- ``empty``: no text at all (neither teaser nor body).

Metadata decides where there is any (genres, item type, codes and notes from the wire, listed in
``service_markers.json``). Only an item with no such metadata (feeds, pages) is judged by its
headline, against a short list of common dpa service titles in the same file. No Django here.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from meldungen.text import html_to_text

from .draft import ArticleDraft

NEWS, SERVICE, TEST, MEDIA, EMPTY = "news", "service", "test", "media", "empty"
KINDS = (NEWS, SERVICE, TEST, MEDIA, EMPTY)
MARKERS_FILE = Path(__file__).with_name("service_markers.json")


@dataclass(frozen=True)
class Markers:
    service_genres: frozenset[str]
    test_genres: frozenset[str]
    service_codes: frozenset[str]
    service_notes: tuple[re.Pattern[str], ...]
    test_notes: tuple[re.Pattern[str], ...]
    media_types: frozenset[str]
    service_types: frozenset[str]
    service_headlines: tuple[re.Pattern[str], ...]
    test_headlines: tuple[re.Pattern[str], ...]


def _fold(values: list[str]) -> frozenset[str]:
    return frozenset(v.strip().casefold() for v in values if v.strip())


def _patterns(values: list[str]) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(v, re.IGNORECASE) for v in values)


@lru_cache(maxsize=4)
def load_markers(path: Path = MARKERS_FILE) -> Markers:
    data = json.loads(path.read_text(encoding="utf-8"))
    return Markers(
        service_genres=_fold(data.get("service_genres", [])),
        test_genres=_fold(data.get("test_genres", [])),
        service_codes=_fold(data.get("service_codes", [])),
        service_notes=_patterns(data.get("service_notes", [])),
        test_notes=_patterns(data.get("test_notes", [])),
        media_types=_fold(data.get("media_types", [])),
        service_types=_fold(data.get("service_types", [])),
        service_headlines=_patterns(data.get("service_headlines", [])),
        test_headlines=_patterns(data.get("test_headlines", [])),
    )


def has_text(draft: ArticleDraft) -> bool:
    return bool(draft.teaser.strip() or html_to_text(draft.body).strip())


def classify(draft: ArticleDraft, markers: Markers | None = None) -> tuple[str, str]:
    """(kind, reason): the reason names the metadata (or headline) that decided."""
    m = markers or load_markers()
    genres = [g for g in draft.genres if g.strip()]
    notes = [n for n in draft.notes if n.strip()]
    item_type = draft.item_type.strip().casefold()
    for genre in genres:
        if genre.casefold() in m.test_genres:
            return TEST, f"genre {genre}"
    for note in notes:
        if any(p.search(note) for p in m.test_notes):
            return TEST, f"note {note}"
    if item_type in m.service_types:
        return SERVICE, f"type {draft.item_type}"
    for genre in genres:
        if genre.casefold() in m.service_genres:
            return SERVICE, f"genre {genre}"
    for note in notes:
        if note.casefold() in m.service_codes or any(p.search(note) for p in m.service_notes):
            return SERVICE, f"note {note}"
    if not (genres or notes or item_type):
        headline = " ".join(draft.headline.split())
        if any(p.search(headline) for p in m.test_headlines):
            return TEST, "headline"
        if any(p.search(headline) for p in m.service_headlines):
            return SERVICE, "headline"
    if item_type in m.media_types:
        return MEDIA, f"type {draft.item_type}"
    if not has_text(draft):
        return EMPTY, "no teaser and no body"
    return NEWS, ""
