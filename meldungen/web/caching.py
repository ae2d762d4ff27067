"""HTTP caching a CDN can use, and the full-page cache for anonymous readers.

Anonymous GET/HEAD requests get ETag (a hash of the page), Last-Modified (when what the page
shows last changed, see meldungen.web.pagecache), 304 on revalidation and Cache-Control with
stale-while-revalidate. With the page cache on (``MELDUNGEN_PAGE_CACHE``, default on), a page is
rendered once and then answered from the cache, 304 included, until one of its tags is bumped
(a stored article bumps only the pages that show it), the next embargo passes, or its lifetime
ends. Logged-in readers and editors (a session cookie) always get a fresh page.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import wraps

from django.http import HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date

from . import pagecache

CACHE_CONTROL = "public, max-age=60, stale-while-revalidate=300"
EXCLUDED_PREFIXES = ("/admin/", "/api/ingest", "/bild/", "/static/")


def is_cacheable(request: HttpRequest) -> bool:
    """Anonymous GET/HEAD outside the admin, the write API and the image proxy."""
    from django.conf import settings

    if request.method not in ("GET", "HEAD"):
        return False
    if request.path.startswith(EXCLUDED_PREFIXES):
        return False
    return settings.SESSION_COOKIE_NAME not in request.COOKIES


def _stamp(response: HttpResponse, etag: str, last_modified: float | None) -> HttpResponse:
    response["ETag"] = etag
    if last_modified is not None:
        response["Last-Modified"] = http_date(last_modified)
    response["Cache-Control"] = CACHE_CONTROL
    # A session cookie gets another answer (a fresh, private page), so a shared or browser
    # cache must key on it: on a hit the view never reads the session, and the session
    # middleware would not add this.
    patch_vary_headers(response, ("Cookie",))
    return response


def _answer(request: HttpRequest, page: pagecache.Page) -> HttpResponse:
    ts = int(page.last_modified) if page.last_modified is not None else None
    response = get_conditional_response(request, etag=page.etag, last_modified=ts)
    if response is None:
        response = page.response(head=request.method == "HEAD")
    return _stamp(response, page.etag, page.last_modified)


def _handle(request: HttpRequest, view: Callable[[], HttpResponse]) -> HttpResponse:
    if getattr(request, "_meldungen_cache", False) or not is_cacheable(request):
        return view()
    request._meldungen_cache = True  # the middleware and the decorator handle it once
    use_cache = pagecache.enabled()
    if use_cache and (page := pagecache.lookup(request)) is not None:
        response = _answer(request, page)
        response["X-Page-Cache"] = "hit"
        return response
    started = time.time()  # before the view reads the database
    response = view()
    if (
        response.status_code != 200
        or response.cookies
        or response.streaming
        or response.has_header("Cache-Control")  # the view decided (e.g. private, no-store)
        or request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
    ):
        return response
    tags = pagecache.page_tags(request)
    # Pages we don't cache (the read API) take Last-Modified from any article's change.
    page = pagecache.describe(response, tags or {"all", "search"}, started)
    if use_cache and tags:
        pagecache.store(request, page)
    answer = _answer(request, page)
    if answer.status_code == 304:
        return answer
    # The view's own response (and its headers), with our validators: the conditional check
    # above compared with these.
    response = _stamp(response, page.etag, page.last_modified)
    if use_cache:
        response["X-Page-Cache"] = "miss" if tags else "skip"
    return response


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
