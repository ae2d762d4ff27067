"""German news text for the benchmarks: the Wikinews articles in ../shared when present,
otherwise generated sentences (so the benchmarks run anywhere; the figures then say so)."""

from __future__ import annotations

import csv
import random
from dataclasses import dataclass
from pathlib import Path

from meldungen.text import split_sentences
from meldungen.training.wikinews import wikinews_title as title_of  # the file-name column

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
WIKINEWS = SHARED / "data" / "news" / "dewikinews-politik.csv"


@dataclass
class Story:
    headline: str
    paragraphs: list[str]
    day: str  # YYYY-MM-DD
    place: str


def wikinews() -> list[Story]:
    """The Wikinews politics articles, or [] when ../shared is absent."""
    if not WIKINEWS.exists():
        return []
    csv.field_size_limit(10**8)
    out = []
    with WIKINEWS.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter=";"):
            paras = [p for p in split_sentences(row["text"].strip()) if p]  # "18. September"
            parts = row["datum"].split(".")
            day = f"{parts[2]}-{parts[1]}-{parts[0]}" if len(parts) == 3 else "2010-01-01"
            name = title_of(row["dateiname"])
            out.append(Story(name[:150], paras, day, row["ort"].strip()))
    return [s for s in out if s.paragraphs]


_WHO = [
    "Die Bundesregierung",
    "Der Landtag",
    "Die Stadt Leipzig",
    "Das Verkehrsministerium",
    "Die Opposition",
    "Der Bürgermeister von Kassel",
    "Die Gewerkschaft Verdi",
    "Das Bundesverfassungsgericht",
    "Die Europäische Kommission",
    "Der Kreistag",
]
_DID = [
    "hat am Dienstag einen Plan für",
    "kündigte neue Regeln für",
    "lehnte den Antrag auf",
    "beschloss nach langer Debatte",
    "kritisierte scharf die Pläne für",
    "prüft derzeit",
]
_WHAT = [
    "den Ausbau der Bahnstrecke",
    "die Sanierung der Schulen",
    "höhere Löhne im Handel",
    "ein Tempolimit auf Autobahnen",
    "die Förderung von Solaranlagen",
    "neue Wohnungen",
    "die Reform der Rente",
    "den Schutz der Wälder",
    "mehr Personal bei der Polizei",
]
_END = ["vorgelegt.", "an.", "ab.", "den Haushalt.", "mit.", "am Abend bekannt."]


def generated(n: int, seed: int = 7) -> list[Story]:
    """Stand-in stories from sentence parts, when ../shared is absent."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        paras = [
            f"{rng.choice(_WHO)} {rng.choice(_DID)} {rng.choice(_WHAT)} {rng.choice(_END)}"
            for _ in range(rng.randint(4, 9))
        ]
        head = f"{rng.choice(_WHO)}: {rng.choice(_WHAT)} ({i})"
        out.append(
            Story(head, paras, f"20{rng.randint(10, 24)}-0{rng.randint(1, 9)}-1{i % 10}", "")
        )
    return out


def stories(n: int) -> tuple[list[Story], str]:
    """``n`` stories and where they come from."""
    real = wikinews()
    if len(real) >= n:
        return real[:n], f"Wikinews ({WIKINEWS.name})"
    return real + generated(n - len(real)), (
        f"Wikinews ({len(real)}) + generated ({n - len(real)})" if real else "generated text"
    )
