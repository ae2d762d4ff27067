"""The name a source and its articles go by: the operator's, else what the source says of
itself (a feed's title, a page's site name), never only the host of its URL."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from urllib.parse import urlsplit

from meldungen.ingest.draft import ArticleDraft

from .models import Source


def source_name(draft: ArticleDraft, source: Source | None) -> str:
    """The source an article names: the name the operator gave its source ("tagesschau.de
    Inland", where the feed calls itself "tagesschau.de - die erste Adresse für Nachrichten
    und Information"), else the item's own (a feed's title, a page's site name). A name that
    is only the host of the source's URL (what `sources add` falls back to without --name)
    gives way to the item's own."""
    named = source.name.strip() if source else ""
    if named and not _named_by_host(source):
        return named
    return draft.source or named


def own_source_name(source: Source, items: Iterable[object]) -> str:
    """The name a source named only by its host takes from what it brought (the feed's title,
    the page's site name: the most common among its items), else "": a reader who follows
    "Quelle: Stadtanzeiger" finds a page headed so, not "127.0.0.1:8799"."""
    if not _named_by_host(source):
        return ""
    names = Counter(
        i.source.strip() for i in items if isinstance(i, ArticleDraft) and i.source.strip()
    )
    return names.most_common(1)[0][0][:200] if names else ""


def _named_by_host(source: Source) -> bool:
    """Whether the source's name is only the host of its URL (``sources add`` without --name)."""
    return source.name.strip().casefold().removeprefix("www.") in _hosts(source.url)


def _hosts(url: str) -> set[str]:
    """The host of a URL, with and without its port ("127.0.0.1:8799"), without "www."."""
    parts = urlsplit(url)
    return {h.lower().removeprefix("www.") for h in (parts.netloc, parts.hostname or "")}
