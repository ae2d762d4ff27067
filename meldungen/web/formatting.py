"""How the portal writes times and credits: Europe/Berlin, in the seed's format."""

from __future__ import annotations

from datetime import datetime
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from meldungen.ingest.bounds import cut_at_word

BERLIN = ZoneInfo("Europe/Berlin")

# Agencies named in credit lines, and the domain the credit line shows for them.
AGENCY_DOMAINS = {
    "dpa": "dpa.de",
    "dpa-afx": "dpa-afx.de",
    "afp": "afp.com",
    "reuters": "reuters.com",
    "ap": "ap.org",
    "epd": "epd.de",
    "kna": "kna.de",
    "sid": "sid.de",
}


def berlin(value: datetime) -> datetime:
    return value.astimezone(BERLIN)


def format_time(value: datetime | None) -> str:
    """``12.02.2025 - 18:27:49`` (the article page)."""
    return berlin(value).strftime("%d.%m.%Y - %H:%M:%S") if value else ""


def format_minute(value: datetime | None) -> str:
    """``19.03.2025 - 10:38`` (lists and "Weitere Meldungen")."""
    return berlin(value).strftime("%d.%m.%Y - %H:%M") if value else ""


def iso_time(value: datetime | None) -> str:
    return berlin(value).isoformat() if value else ""


def _domain(url: str) -> str:
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.")


def credit_label(credit: str, source_name: str = "", url: str = "") -> str:
    """What follows ``@`` under the article: the agency's domain, else the source's name.

    ``dpa`` (also ``dpa/xyz`` or ``Deutsche Presse-Agentur``) becomes ``dpa.de``; a feed item
    without an agency credit shows its source's name, or the domain of its URL.
    """
    for candidate in (credit, source_name):
        text = (candidate or "").strip()
        if not text:
            continue
        first = text.split("/")[0].split(",")[0].strip().lower()
        if first in AGENCY_DOMAINS:
            return AGENCY_DOMAINS[first]
        if "presse-agentur" in text.lower():
            return AGENCY_DOMAINS["dpa"]
    if source_name.strip():
        return source_name.strip()
    if credit.strip():
        return credit.strip()
    return _domain(url)


DESCRIPTION_CHARS = 200


def summary(article, limit: int = DESCRIPTION_CHARS) -> str:
    """A one-paragraph description of an article for meta description, OpenGraph, Twitter and
    JSON-LD: its teaser, or, when it has none (many wire items), the start of its text, cut at
    a word and marked with "…"; one line, runs of spaces as one."""
    from meldungen.text.html import html_to_text

    text = " ".join((article.teaser or "").split())
    if not text:
        text = " ".join(html_to_text(article.body or "")[: limit * 8].split())
    return cut_at_word(text, limit)
