"""Ressort names in the portal: their order in the navigation and their URL slugs."""

from __future__ import annotations

from collections.abc import Iterable

from meldungen.slugs import slug

# A newspaper's order; Ressorts not listed follow alphabetically.
RESSORT_ORDER = [
    "Politik",
    "Ausland",
    "Wirtschaft",
    "Sport",
    "Kultur",
    "Wissenschaft",
    "Digital",
    "Panorama",
]
UNFILED = "Weitere Nachrichten"  # heading for articles without a Ressort


def ressort_slug(name: str) -> str:
    """``Außenpolitik`` → ``aussenpolitik`` (German transliteration, not dropped letters)."""
    return slug(name)


def ordered(names: Iterable[str]) -> list[str]:
    def position(name: str) -> tuple[int, str]:
        try:
            return (RESSORT_ORDER.index(name), "")
        except ValueError:
            return (len(RESSORT_ORDER), name.casefold())

    return sorted({n for n in names if n}, key=position)
