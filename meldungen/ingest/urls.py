"""The one check for every URL that comes from outside and may end up in an href or src.

Only absolute http(s) URLs with a host pass. Everything a browser could run or render as a
document on the portal's own origin (``javascript:``, ``data:``, ``vbscript:``, ``file:``,
...) is refused, however it is spelled: any case, leading or embedded whitespace and control
characters (which browsers strip or skip), HTML character references (``&#106;avascript:``,
``&colon;``) and percent-encoding. Relative and protocol-relative URLs are resolved against
the document's own http(s) URL when there is one, and refused otherwise.
"""

from __future__ import annotations

import html
import re
from dataclasses import replace
from urllib.parse import unquote, urljoin, urlsplit, urlunsplit

from .draft import ArticleDraft

SAFE_SCHEMES = ("http", "https")
MAX_URL_LENGTH = 2000
# What the WHATWG URL parser strips from both ends (C0 controls and space) ...
_EDGE = "".join(chr(c) for c in range(0x21))
# ... and removes anywhere (tab, newline, carriage return).
_TAB_NEWLINE = re.compile(r"[\t\n\r]")
# Characters no URL we pass on may contain: other C0 controls, DEL, C1 controls.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")


def _scheme_of(value: str) -> str:
    """The scheme a browser would see, after removing what it removes; "" when relative."""
    value = _TAB_NEWLINE.sub("", value.strip().strip(_EDGE))
    value = _CONTROL.sub("", value)
    match = _SCHEME.match(value)
    return match.group(1).lower() if match else ""


def _decoded_forms(value: str) -> list[str]:
    """The value with HTML references and percent-escapes decoded (up to three rounds)."""
    forms = [value]
    current = value
    for _ in range(3):
        decoded = unquote(html.unescape(current))
        if decoded == current:
            break
        forms.append(decoded)
        current = decoded
    return forms


def safe_http_url(value: str | None, base: str = "") -> str:
    """``value`` as an absolute http(s) URL, or "" when it is anything else.

    ``base`` (the URL of the document the value came from) resolves relative links; it is only
    used when it is itself a safe http(s) URL.
    """
    if not value or not isinstance(value, str):
        return ""
    url = _TAB_NEWLINE.sub("", value.strip().strip(_EDGE).strip())
    if not url or len(url) > MAX_URL_LENGTH or _CONTROL.search(url):
        return ""
    # A scheme hidden behind references or escapes is refused outright, whatever it is.
    for form in _decoded_forms(url)[1:]:
        scheme = _scheme_of(form)
        if scheme and scheme not in SAFE_SCHEMES and _scheme_of(url) not in SAFE_SCHEMES:
            return ""
    url = url.replace("\\", "/")  # browsers read a backslash as a slash in http(s) URLs
    scheme = _scheme_of(url)
    if not scheme:
        base = safe_http_url(base) if base else ""
        if not base:
            return ""
        url = urljoin(base, url)
        scheme = _scheme_of(url)
    if scheme not in SAFE_SCHEMES:
        return ""
    try:
        parts = urlsplit(url)
        host = parts.hostname
        parts.port  # noqa: B018 - raises ValueError for a malformed port
    except ValueError:
        return ""
    if not host or not parts.netloc or parts.netloc.startswith(("/", "@")):
        return ""
    path = parts.path.replace(" ", "%20")
    query = parts.query.replace(" ", "%20")
    return urlunsplit((scheme, parts.netloc, path, query, parts.fragment.replace(" ", "%20")))


def with_safe_urls(draft: ArticleDraft, base: str = "") -> ArticleDraft:
    """The draft with its link and picture URL checked: an unsafe one is dropped (emptied)."""
    url = safe_http_url(draft.url, base)
    picture = draft.picture
    if picture is not None and picture.url:
        picture = replace(picture, url=safe_http_url(picture.url, url or base))
    if url == draft.url and picture is draft.picture:
        return draft
    return replace(draft, url=url, picture=picture)
