"""Ressort names in the portal: their order in the navigation and their URL slugs."""

from __future__ import annotations

from collections.abc import Iterable

from meldungen.text import slug

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


def stored_ressorts() -> list[str]:
    """The distinct non-empty Ressorts of the stored articles, in navigation order.

    A recursive "skip scan" over the Ressort index: one index probe per Ressort instead of
    a scan of the whole archive (a DISTINCT over a million articles takes a second)."""
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute(
            "WITH RECURSIVE r(name) AS ("
            " SELECT min(ressort) FROM news_article WHERE ressort > ''"
            " UNION ALL"
            " SELECT (SELECT min(ressort) FROM news_article WHERE ressort > r.name)"
            " FROM r WHERE r.name IS NOT NULL)"
            " SELECT name FROM r WHERE name IS NOT NULL"
        )
        return ordered(row[0] for row in cur.fetchall())


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
