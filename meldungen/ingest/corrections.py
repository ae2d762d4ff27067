"""Correction notices told by their headline. A wire says that an item corrects an earlier one
by its signal (``ArticleDraft.signal``); feeds and pages have no such field, and their desks
say it in the headline: "Korrektur: …", "KORREKTUR – …", "Berichtigung zu: …",
"Korrektur-Hinweis", "Richtigstellung", "… (Berichtigung: Name korrigiert)". The patterns are
data (``correction_headlines`` in ``service_markers.json``), matched case-insensitively on the
headline with its spacing normalised. A headline that only uses the word ("Korrektur der
Prognose: …", "Kurskorrektur") is no notice.

What such a notice is about, for putting it into its report's story: the headline without
the marker, or, when the marker is all of it ("Korrektur-Hinweis"), the headline of the
report it corrects as its text quotes it („…“). No Django here."""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

MARKERS_FILE = Path(__file__).with_name("service_markers.json")  # as ingest/kind.py reads it

MIN_SUBJECT_WORDS = 3  # fewer words left of a headline say nothing about what it corrects
MAX_QUOTED_WORDS = 25  # a quoted headline, not a quoted paragraph
_QUOTED = re.compile(r"„([^“”\"]+)[“”\"]|»([^«]+)«|“([^”]+)”|\"([^\"]+)\"")


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern[str], ...]:
    data = json.loads(MARKERS_FILE.read_text(encoding="utf-8"))
    return tuple(re.compile(p, re.IGNORECASE) for p in data.get("correction_headlines", []))


def _normal(headline: str) -> str:
    return " ".join(headline.split())


def is_correction_headline(headline: str) -> bool:
    """Whether the headline says the item corrects an earlier report."""
    text = _normal(headline)
    return bool(text) and any(p.search(text) for p in _patterns())


def corrected_subject(headline: str, text: str = "") -> str:
    """What a correction notice is about (see the module text): the headline itself when it
    is no notice, or when neither it nor the text name the corrected report."""
    normal = _normal(headline)
    rest = normal
    for pattern in _patterns():
        rest = pattern.sub(" ", rest)
    if rest == normal:
        return headline
    rest = rest.strip(" \t-–—:|/.")
    if len(rest.split()) >= MIN_SUBJECT_WORDS:
        return rest
    for match in _QUOTED.finditer(text):
        quoted = " ".join(next(g for g in match.groups() if g).split())
        if MIN_SUBJECT_WORDS <= len(quoted.split()) <= MAX_QUOTED_WORDS:
            return quoted
    return headline
