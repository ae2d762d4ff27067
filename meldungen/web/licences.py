"""Source, original and licence of an article, for the attribution line under it.

A licence comes from the item (RSS ``<copyright>``/``dc:rights`` go to ``copyright``;
``creativeCommons:license``, Atom ``<link rel="license">``, ninjs ``usageterms`` and
NewsML-G2 ``usageTerms`` to ``licence``), else from the licence editors set on its source.
Creative Commons licences are named and linked in their usual short form ("CC BY 4.0").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from meldungen.ingest.urls import safe_http_url

_CC_URL = re.compile(
    r"^https?://(?:www\.)?creativecommons\.org/"
    r"(?:licenses/(?P<code>[a-z-]+)/(?P<ver>\d\.\d)|publicdomain/(?P<pd>zero|mark)/(?P<pdver>\d\.\d))",
    re.IGNORECASE,
)
_CC_NAME = re.compile(
    r"\bCC[\s-]*(?P<code>BY(?:[\s-]+(?:SA|NC|ND))*|0)(?:[\s-]+(?P<ver>\d\.\d))?\b", re.IGNORECASE
)


@dataclass(frozen=True)
class Licence:
    name: str
    url: str = ""


def http_url(url: str) -> str:
    """``url`` when it is an absolute http(s) URL, else "" (never a script link): the one check
    every outside URL goes through (``ingest.urls.safe_http_url``)."""
    return safe_http_url(url or "")


def licence_info(text: str) -> Licence | None:
    """Name and link of a licence given as a URL or a name; None for nothing."""
    text = " ".join((text or "").split())
    if not text:
        return None
    match = _CC_URL.match(text)
    if match:
        if match["pd"]:
            name = "CC0 " + match["pdver"] if match["pd"].lower() == "zero" else "Public Domain"
        else:
            name = f"CC {match['code'].upper()} {match['ver']}"
        return Licence(name, http_url(text))
    url = http_url(text)
    if url:
        host = (urlsplit(url).hostname or "").removeprefix("www.")
        return Licence(host or url, url)
    match = _CC_NAME.search(text)
    if match:
        code = re.sub(r"[\s-]+", "-", match["code"].upper())
        ver = match["ver"] or "4.0"
        if code == "0":
            return Licence(text, f"https://creativecommons.org/publicdomain/zero/{ver}/")
        return Licence(text, f"https://creativecommons.org/licenses/{code.lower()}/{ver}/")
    return Licence(text)


def article_licence(article) -> Licence | None:
    """The article's own licence, else its source's."""
    own = licence_info(article.licence)
    if own is not None:
        return own
    source = article.source if article.source_id else None
    return licence_info(source.licence) if source is not None else None
