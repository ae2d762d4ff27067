"""Full-page cache for anonymous readers, invalidated per page by tags.

Every cached page carries tags naming what it shows: ``article:<id>``, ``story:<id>``,
``ressort:<slug>``, ``topic:<slug>``, ``source:<id>``, ``home``, ``feeds``, ``search`` and
``all``. Each tag has a time in the cache: when it was last bumped. A page rendered at time T is
valid while none of its tags was bumped at or after T, and until the next embargo passes (or its
lifetime ends). Storing, updating or withdrawing an article bumps, after the commit, the tags of
what it was and what it is now (its page, Ressort, story, source, topics, home, feeds, search),
so an unrelated article's page stays cached.

Tag times and pages live in Django's cache (``settings.MELDUNGEN["PAGE_CACHE_ALIAS"]``): a file
cache by default, shared by every server process and the worker on one machine; Redis when
``MELDUNGEN_CACHE_URL`` says so, shared by several machines. A tag whose time is missing (never
bumped, or evicted) is treated as just bumped, so eviction costs a render, never a stale page.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from meldungen.news.models import Article, ArticleEntity

from .prepared import Prepared
from .ressorts import ressort_slug

TAG_PREFIX = "pc:t:"
PAGE_PREFIX = "pc:p:"
# A page rendered this close after a bump is not trusted (seconds, setting PAGE_CACHE_MARGIN):
# covers a bump from a machine whose clock is a little behind ours.
CLOCK_MARGIN = 0.25
# Written after the tags on every bump: when nothing was bumped since a page was last checked,
# a hit reads two keys (the page and this) instead of every tag of the page.
ANY_TAG = TAG_PREFIX + "*"
_checked: dict[str, tuple[float, float]] = {}  # page key -> (its render time, checked at)
# Headers that belong to one response only, or are set again on every answer.
_NOT_STORED = {"set-cookie", "date", "etag", "last-modified", "cache-control", "content-length"}


def page_cache():
    """The cache the pages and their tags' stamps are kept in."""
    return caches[settings.MELDUNGEN.get("PAGE_CACHE_ALIAS", "default")]


_cache = page_cache


def enabled() -> bool:
    return bool(settings.MELDUNGEN.get("PAGE_CACHE", False))


def bump(tags) -> None:
    """Mark everything showing these tags as changed now."""
    tags = set(tags)
    if tags:
        now = time.time()
        stamps = {TAG_PREFIX + t: now for t in tags}
        _cache().set_many({**stamps, ANY_TAG: now}, timeout=None)  # ANY_TAG last


def bump_on_commit(tags) -> None:
    """Bump once the current transaction commits (at once outside a transaction)."""
    tags = set(tags)
    transaction.on_commit(lambda: bump(tags))


def tag_times(tags, since: float) -> dict[str, float]:
    """Bump time of each tag; missing ones are set to ``since`` (unknown history)."""
    keys = [TAG_PREFIX + t for t in tags]
    found = _cache().get_many(keys)
    missing = {k: since for k in keys if k not in found}
    for key, value in missing.items():
        if not _cache().add(key, value, timeout=None):  # someone bumped meanwhile
            missing[key] = _cache().get(key, value)
    return {k[len(TAG_PREFIX) :]: v for k, v in {**found, **missing}.items()}


# -- what a page shows ------------------------------------------------------------------------


def article_tags(article_id: int) -> set[str]:
    """Tags a change of this article touches, from the database as it is now."""
    return articles_tags([article_id])


def articles_tags(article_ids) -> set[str]:
    """``article_tags`` of many articles at once (a batch of ingest): two queries per chunk."""
    ids = list(dict.fromkeys(article_ids))
    tags: set[str] = set()
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        tags.update(f"article:{i}" for i in chunk)
        rows = Article.objects.filter(pk__in=chunk).values_list(
            "ressort", "story_id", "source_id", "duplicate_of_id"
        )
        for ressort, story_id, source_id, original_id in rows:
            if ressort:
                tags.add(f"ressort:{ressort_slug(ressort)}")
            if story_id:
                tags.add(f"story:{story_id}")
            if source_id:
                tags.add(f"source:{source_id}")
            if original_id:
                tags.add(f"article:{original_id}")
        slugs = ArticleEntity.objects.filter(article_id__in=chunk).values_list(
            "entity__slug", flat=True
        )
        tags.update(f"topic:{s}" for s in slugs)
    if ids:
        tags.update({"home", "feeds", "search"})
    return tags


def created_tags(article_ids, slugs) -> set[str]:
    """Tags of things a batch created: its new articles, the stories they start (a story's id
    is its first article's) and new topics. Only 200 answers are cached and ids are never
    reused, so no cached page can carry them: their first page render sets their time."""
    tags = {f"topic:{s}" for s in slugs}
    for i in article_ids:
        tags.update((f"article:{i}", f"story:{i}"))
    return tags


def page_tags(request: HttpRequest) -> set[str] | None:
    """The tags of the page this request rendered, or None when it is not page-cached."""
    match = getattr(request, "resolver_match", None)
    if match is None:
        return None
    name, kw = match.url_name or "", match.kwargs
    if name == "home":
        return {"all", "home"}
    if name == "article":
        # Its tag line and "Weitere Meldungen" (articles sharing its topics) and its story.
        rows = _ARTICLE_TOPICS.rows(pk=kw["pk"])
        if rows:
            story = rows[0][1]
        else:
            story = next(iter(_ARTICLE_STORY.rows(pk=kw["pk"])), (None,))[0]
        tags = {"all", f"article:{kw['pk']}"} | {f"topic:{slug}" for slug, _ in rows}
        tags |= getattr(request, "meldungen_shows", set())  # what else the view put on it
        if story:
            tags.add(f"story:{story}")
        return tags
    if name.startswith("feed_") or name.startswith("sitemap") or name == "robots":
        return {"all", "feeds"}
    if name == "search":
        return {"all", "search"}
    for url_name, tag, arg in _LIST_PAGES:
        if name == url_name:
            return {"all", f"{tag}:{kw[arg]}"}
    return None


_LIST_PAGES = (
    ("ressort", "ressort", "slug"),
    ("tag", "topic", "slug"),
    ("source", "source", "pk"),
    ("story", "story", "story_id"),
)


# Queries of every uncached page, prepared once per process (web/prepared.py).
_ARTICLE_TOPICS = Prepared(
    lambda pk: ArticleEntity.objects.filter(article_id=pk).values_list(
        "entity__slug", "article__story_id"
    ),
    {"pk": int},
)
_ARTICLE_STORY = Prepared(
    lambda pk: Article.objects.filter(pk=pk).order_by().values_list("story_id"), {"pk": int}
)
_RELEASED = Prepared(
    lambda now: Article.objects.filter(embargo__lte=now).order_by("-embargo").only("embargo")[:1],
    {"now": datetime},
)
_UPCOMING = Prepared(
    lambda now: Article.objects.filter(embargo__gt=now).order_by("embargo").only("embargo")[:1],
    {"now": datetime},
)


def embargo_window(now: datetime) -> tuple[datetime | None, datetime | None]:
    """(latest embargo passed, next embargo to pass): pages change at both."""
    released = next(iter(_RELEASED.raw(Article, now=now)), None)
    upcoming = next(iter(_UPCOMING.raw(Article, now=now)), None)
    return (
        released.embargo if released is not None else None,
        upcoming.embargo if upcoming is not None else None,
    )


# -- cached pages -----------------------------------------------------------------------------


@dataclass
class Page:
    status: int
    content: bytes
    headers: list[tuple[str, str]]
    etag: str
    last_modified: float | None
    rendered: float
    valid_until: float
    tags: set[str] = field(default_factory=set)

    def response(self, head: bool = False) -> HttpResponse:
        response = HttpResponse(b"" if head else self.content, status=self.status)
        for name, value in self.headers:
            response[name] = value
        if head:  # the length a GET would have had, not the empty body's (RFC 9110, 8.6)
            response["Content-Length"] = str(len(self.content))
        return response


def etag_of(content: bytes) -> str:
    return '"' + hashlib.sha1(content).hexdigest()[:20] + '"'


def _release() -> str:
    """A hash of the code and templates that render pages (path, size and modification time
    of each file of the package): an upgrade changes it, so pages rendered by the old code
    are never served again, on this machine or any sharing the cache."""
    digest = hashlib.sha1()
    root = Path(__file__).resolve().parents[1]
    for path in sorted(root.rglob("*")):
        if path.suffix in _RENDERING and "migrations" not in path.parts:
            st = path.stat()
            digest.update(f"{path.relative_to(root)}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
    return digest.hexdigest()[:12]


_RENDERING = {".py", ".html", ".txt", ".xml", ".css", ".js", ".json"}
RELEASE = _release()


def key_for(request: HttpRequest) -> str:
    url = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    return f"{PAGE_PREFIX}{RELEASE}:{hashlib.sha1(url.encode()).hexdigest()}"


def _margin() -> float:
    return settings.MELDUNGEN.get("PAGE_CACHE_MARGIN", CLOCK_MARGIN)


def lookup(request: HttpRequest) -> Page | None:
    key = key_for(request)
    found = _cache().get_many([key, ANY_TAG])
    page = found.get(key)
    if page is None or timezone.now().timestamp() >= page.valid_until:
        return None
    if ANY_TAG not in found:  # never bumped, or evicted: from now on
        _cache().add(ANY_TAG, time.time(), timeout=None)
    checked = _checked.get(key)
    if checked and checked[0] == page.rendered and found.get(ANY_TAG, 1e20) < checked[1]:
        return page  # nothing bumped anywhere since this process last checked the page
    started = time.time()
    stamps = _cache().get_many([TAG_PREFIX + t for t in page.tags])
    if len(stamps) < len(page.tags) or max(stamps.values(), default=0) >= page.rendered:
        return None
    if len(_checked) > 50_000:
        _checked.clear()
    _checked[key] = (page.rendered, started - _margin())
    return page


def describe(response: HttpResponse, tags: set[str], started: float) -> Page:
    """The validators (and, with ``tags``, the lifetime) of a freshly rendered 200 response."""
    now = timezone.now()
    released, upcoming = embargo_window(now)
    # The page is valid while every tag's time is before this.
    cutoff = started - _margin()
    times = tag_times(tags, since=cutoff - 0.001) if tags else {}
    stamps = list(times.values())
    if released is not None:
        stamps.append(released.timestamp())
    ttl = settings.MELDUNGEN.get("PAGE_CACHE_TTL", 300)
    valid_until = started + ttl
    if upcoming is not None:
        valid_until = min(valid_until, upcoming.timestamp())
    headers = [(k, v) for k, v in response.items() if k.lower() not in _NOT_STORED]
    return Page(
        status=response.status_code,
        content=response.content,
        headers=headers,
        etag=etag_of(response.content),
        last_modified=min(max(stamps), now.timestamp()) if stamps else None,
        rendered=cutoff,
        valid_until=valid_until,
        tags=tags,
    )


def store(request: HttpRequest, page: Page) -> None:
    timeout = max(1, int(page.valid_until - time.time()))
    _cache().set(key_for(request), page, timeout=timeout)
