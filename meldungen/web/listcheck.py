"""Count check: does every list show one entry per story? For tests and the issue's measure.

Reads the rendered home page, the Ressort pages it links and their RSS and Atom feeds through
any ``get(path) -> (status, bytes)`` (Django's test client, or HTTP against a running portal),
finds each entry's article id, and compares entries with the distinct stories they belong to.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from xml.etree import ElementTree

from meldungen.news.models import Article

_ENTRY = re.compile(r'class="item-headline"><a href="(?:[^"]*?)/artikel/(\d+)/"')
_RESSORT = re.compile(r'href="(/ressort/[^/"]+/)"')
_ARTICLE_URL = re.compile(r"/artikel/(\d+)/")
_ATOM = "{http://www.w3.org/2005/Atom}"


@dataclass(frozen=True)
class ListCount:
    path: str
    entries: int
    stories: int
    foreign: int = 0  # entries in a language the portal does not list
    service: int = 0  # entries that are service, test, media-only or textless items

    @property
    def ok(self) -> bool:
        return self.entries == self.stories and not self.foreign and not self.service


def html_entries(page: str) -> list[int]:
    """Article ids of a list page's entries (their headline links), in page order."""
    main = page[page.find("<main") : page.rfind("</main>")] if "<main" in page else page
    return [int(i) for i in _ENTRY.findall(main)]


def feed_entries(xml: bytes) -> list[int]:
    """Article ids of an RSS 2.0 or Atom feed's items, in feed order."""
    root = ElementTree.fromstring(xml)
    links = [item.findtext("link") or "" for item in root.iter("item")]
    for entry in root.iter(f"{_ATOM}entry"):
        alternate = [
            link.get("href", "")
            for link in entry.findall(f"{_ATOM}link")
            if link.get("rel", "alternate") == "alternate"
        ]
        links.append(alternate[0] if alternate else "")
    return [int(m.group(1)) for link in links if (m := _ARTICLE_URL.search(link))]


def distinct_stories(article_ids: list[int]) -> int:
    """How many stories the articles belong to (an article without a story is its own)."""
    stories = dict(Article.objects.filter(pk__in=article_ids).values_list("pk", "story_id"))
    return len({f"s:{stories[i]}" if stories.get(i) else f"a:{i}" for i in article_ids})


def _count(path: str, ids: list[int]) -> ListCount:
    from django.conf import settings

    rows = Article.objects.filter(pk__in=ids).values_list("pk", "language", "kind")
    facts = {pk: (language, kind) for pk, language, kind in rows}
    listed = set(settings.MELDUNGEN["LANGUAGES"])
    return ListCount(
        path,
        len(ids),
        distinct_stories(ids),
        foreign=sum(1 for i in ids if i in facts and facts[i][0] not in listed),
        service=sum(1 for i in ids if i in facts and facts[i][1] != "news"),
    )


def count_lists(get: Callable[[str], tuple[int, bytes]]) -> list[ListCount]:
    """Entries, distinct stories, foreign-language and service entries of home, each linked
    Ressort page, and their feeds."""
    status, body = get("/")
    home = body.decode("utf-8") if status == 200 else ""
    out = [_count("/", html_entries(home))]
    pages = ["", *dict.fromkeys(_RESSORT.findall(home))]
    for prefix in pages:
        if prefix:
            status, body = get(prefix)
            ids = html_entries(body.decode("utf-8")) if status == 200 else []
            out.append(_count(prefix, ids))
        for feed in ("rss.xml", "atom.xml"):
            path = f"{prefix or '/'}{feed}"
            status, body = get(path)
            ids = feed_entries(body) if status == 200 else []
            out.append(_count(path, ids))
    return out
