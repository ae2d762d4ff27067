"""HTTP caching a CDN can use: ETag, Last-Modified, 304, Cache-Control with
stale-while-revalidate, for anonymous GET/HEAD requests.

The validators come from the content version (bumped on every stored article, tag or source,
see meldungen.search.models) and from the latest embargo that has passed, so an article that
changes or comes out of embargo changes every page's ETag at once. Checking them costs two
indexed queries, before the view runs: a revalidation answers 304 without rendering.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import datetime
from functools import wraps

from django.conf import settings
from django.db.models import Max
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.http import http_date

from meldungen.news.models import Article

CACHE_CONTROL = "public, max-age=60, stale-while-revalidate=300"
EXCLUDED_PREFIXES = ("/admin/", "/api/ingest", "/bild/", "/static/")
# Part of every ETag: a new release (templates, markup) must not be answered with 304.
RELEASE = "1"


def validators(now: datetime | None = None) -> tuple[str, datetime | None]:
    """(ETag, Last-Modified) of the published content as of ``now``."""
    from meldungen.search.models import current_content_version

    now = now or timezone.now()
    version, changed_at = current_content_version()
    released = Article.objects.filter(embargo__lte=now).aggregate(m=Max("embargo"))["m"]
    stamps = [t for t in (changed_at, released) if t is not None]
    last_modified = max(stamps) if stamps else None
    key = f"{RELEASE}|{version}|{released.isoformat() if released else ''}"
    return '"' + hashlib.sha1(key.encode()).hexdigest()[:20] + '"', last_modified


def is_cacheable(request: HttpRequest) -> bool:
    """Anonymous GET/HEAD outside the admin, the write API and the image proxy."""
    if request.method not in ("GET", "HEAD"):
        return False
    if request.path.startswith(EXCLUDED_PREFIXES):
        return False
    return settings.SESSION_COOKIE_NAME not in request.COOKIES


def _validators_for(request: HttpRequest) -> tuple[str, datetime | None]:
    cached = getattr(request, "_meldungen_validators", None)
    if cached is None:
        cached = validators()
        request._meldungen_validators = cached
    return cached


def _stamp(response: HttpResponse, etag: str, last_modified: datetime | None) -> HttpResponse:
    if response.status_code not in (200, 304) or response.cookies:
        return response
    if response.has_header("Cache-Control"):  # the view decided (e.g. private, no-store)
        return response
    # Ours replace the view's own (syndication sets the newest item's date): the conditional
    # check above compares with these.
    response["ETag"] = etag
    if last_modified is not None:
        response["Last-Modified"] = http_date(last_modified.timestamp())
    response["Cache-Control"] = CACHE_CONTROL
    return response


def _handle(request: HttpRequest, view: Callable[[], HttpResponse]) -> HttpResponse:
    if not is_cacheable(request):
        return view()
    etag, last_modified = _validators_for(request)
    ts = int(last_modified.timestamp()) if last_modified is not None else None
    not_modified = get_conditional_response(request, etag=etag, last_modified=ts)
    if not_modified is not None:
        return _stamp(not_modified, etag, last_modified)
    return _stamp(view(), etag, last_modified)


class HttpCacheMiddleware:
    """Conditional GET for every page; put it after AuthenticationMiddleware."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return _handle(request, lambda: self.get_response(request))


def cache_public(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """The same for one view (feeds, sitemaps, search), whether or not the middleware is on."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        return _handle(request, lambda: view(request, *args, **kwargs))

    return wrapped
