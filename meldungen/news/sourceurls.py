"""Checking a source URL when it is added (CLI, OPML import, admin), not only at its first poll.

A URL whose host is loopback, private or otherwise not globally routable is refused with a
clear message unless ``MELDUNGEN_ALLOW_PRIVATE_FETCH=1``. A host that does not resolve right
now is accepted with a warning: the guard checks it again at every fetch anyway.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings

from meldungen.ingest.errors import FetchError
from meldungen.ingest.fetch import refusal

MAX_URL_LENGTH = 2000  # Source.url's max_length
ALLOW_HINT = "set MELDUNGEN_ALLOW_PRIVATE_FETCH=1 to poll sources in private networks"


@dataclass
class UrlCheck:
    error: str = ""
    warning: str = ""


def normalized_source_url(url: str) -> str:
    """``url`` as a source is stored: scheme and host in lower case (RFC 3986 reads them so:
    "HTTP://Example.org/feed" is the feed of "http://example.org/feed", not a second source),
    the rest as written. A value that is no URL is returned stripped, for the check to say
    why."""
    url = url.strip()
    if any(c.isspace() or not c.isprintable() for c in url):
        return url  # urlsplit would drop a line break inside: the check refuses it instead
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return url
    user, at, host = parts.netloc.rpartition("@")
    return urlunsplit(parts._replace(scheme=parts.scheme.lower(), netloc=user + at + host.lower()))


def check_source_url(url: str) -> UrlCheck:
    """Whether ``url`` may be added as a source: an error, a warning, or neither."""
    url = url.strip()
    if not url.startswith(("http://", "https://")):
        return UrlCheck(error=f"not an http(s) URL: {url}")
    if any(c.isspace() or not c.isprintable() for c in url):
        return UrlCheck(error=f"URL with a space or control character: {url!r}")
    if len(url) > MAX_URL_LENGTH:  # Source.url: PostgreSQL refuses the save, ending the import
        return UrlCheck(error=f"URL longer than {MAX_URL_LENGTH} characters: {url[:80]}…")
    allow_private = settings.MELDUNGEN["ALLOW_PRIVATE_FETCH"]
    code, reason = refusal(url, allow_private)
    if code is None:
        return UrlCheck()
    if code is FetchError.UNRESOLVABLE:
        return UrlCheck(warning=f"{reason} (added anyway; every poll checks the address again)")
    if code is FetchError.PRIVATE_ADDRESS:
        return UrlCheck(error=f"{url}: {reason}; {ALLOW_HINT}")
    return UrlCheck(error=f"{url}: {reason}")
