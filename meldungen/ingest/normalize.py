"""Small value helpers shared by the format parsers: times to UTC, de-duplicated lists, URLs."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import UTC, datetime
from urllib.parse import urlsplit

from dateutil import parser as dateparser

from .fieldtypes import version_number

# URL path segments that name no Ressort ("/news/2025/...", "/de/artikel/...").
_NOT_A_RESSORT = {
    "news",
    "nachrichten",
    "artikel",
    "article",
    "articles",
    "story",
    "stories",
    "meldung",
    "meldungen",
    "index",
    "www",
    "de",
    "en",
    "amp",
    "html",
    "content",
    "home",
    "aktuell",
    "id",
    "item",
    "items",
    "p",
    "a",
    "beitrag",
    "beitraege",
    "post",
    "posts",
    "feed",
    "rss",
}
_SEGMENT = re.compile(r"^[a-zäöüß][a-zäöüß-]{2,30}$")


def to_utc(value: object) -> datetime | None:
    """Parse an ISO-8601/RFC-822 string (or datetime) into an aware UTC datetime.

    Naive values are taken as UTC (wire formats state their zone; a missing zone means UTC).
    Returns None for empty or unparseable input instead of raising, and so for a time that
    has no UTC form: an offset of a day or more ("+25:00") or one that leaves the calendar in
    UTC ("0001-01-01T00:00+01:00", "9999-12-31T23:59-05:00"); a bad date is no reason to lose
    the item.
    """
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        dt = value
    else:
        text = str(value).strip()
        if not text:
            return None
        try:
            dt = datetime.fromisoformat(text)
        except ValueError:
            try:
                dt = dateparser.parse(text)
            except (ValueError, OverflowError, TypeError):
                return None
    if dt.tzinfo is None:
        return dt.replace(tzinfo=UTC)
    try:
        return dt.astimezone(UTC)
    except (OverflowError, ValueError):
        return None


def unique(values: Iterable[object]) -> list[str]:
    """Non-empty strings, stripped, first occurrence kept (case-insensitive)."""
    seen: set[str] = set()
    out: list[str] = []
    for value in values:
        if not isinstance(value, str):
            continue
        text = " ".join(value.split())
        if text and text.casefold() not in seen:
            seen.add(text.casefold())
            out.append(text)
    return out


def first(*values: object) -> str:
    """The first non-empty string among ``values`` (whitespace-normalised), else ""."""
    for value in values:
        if isinstance(value, str) and value.strip():
            return " ".join(value.split())
    return ""


def url_ressort(url: str) -> str:
    """The first path segment of an article URL that looks like a section (/politik/...)."""
    if not url:
        return ""
    try:
        segments = urlsplit(url).path.split("/")
    except ValueError:
        return ""
    for segment in segments[:-1]:  # the last segment is the article's own slug
        segment = segment.lower()
        if segment in _NOT_A_RESSORT or not _SEGMENT.match(segment):
            continue
        return segment.capitalize()
    return ""


def as_int(value: object, default: int = 1) -> int:
    """Version numbers arrive as int, a number without fraction (3.0) or numeric string;
    anything else gives ``default`` (the wire parsers refuse a version of another type
    first: ``fieldtypes``)."""
    number = version_number(value)
    return default if number is None else number


def pubstatus_of(value: object) -> str:
    """Map "stat:withdrawn", "canceled", "Usable" ... onto usable/withdrawn/canceled."""
    text = str(value or "").lower().rsplit(":", 1)[-1]
    if text in ("withdrawn", "canceled", "cancelled"):
        return "canceled" if text.startswith("cancel") else "withdrawn"
    return "usable"


def as_list(value: object) -> list:
    """A JSON field that should be a list: a lone string becomes [string], junk becomes []."""
    if isinstance(value, list | tuple):
        return list(value)
    if isinstance(value, str) and value.strip():
        return [value]
    return []


_LANG_TAG = re.compile(r"[A-Za-z]{2,3}")


def language_tag(tag: object) -> str:
    """``en-GB`` -> ``en``, ``de_DE`` -> ``de``; "" for anything that is no language tag."""
    head = re.split(r"[-_]", tag.strip(), maxsplit=1)[0] if isinstance(tag, str) else ""
    return head.lower() if _LANG_TAG.fullmatch(head) else ""
