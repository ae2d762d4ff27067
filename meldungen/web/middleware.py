"""Requests whose path carries a NUL character answer 400 before any view runs; a request
for the public URL's host counts as made with the public URL's scheme.

No page, feed, API endpoint or sitemap has NUL in a path part, and PostgreSQL cannot even
compare text containing one: refusing it here, in one place, keeps it from turning into a
database error (a 5xx) wherever a path part reaches a query. Query parameters are read by
their views, which drop control characters (tests/web/test_query_edges.py checks both); the
editors' desk (``/admin/``) is Django's, whose list filters, search box and autocomplete pass
parameters to the database as they come, so there a NUL in the query string is refused too.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse

from meldungen.hardening import parse_public_url

MESSAGE = "Ungültige Adresse: NUL-Zeichen sind nicht erlaubt."


def has_nul(request: HttpRequest) -> bool:
    if "\x00" in request.path_info:
        return True
    if request.path_info.startswith("/admin/"):
        return any(
            "\x00" in key or any("\x00" in value for value in values)
            for key, values in request.GET.lists()
        )
    return False


class RefuseNulMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if has_nul(request):
            if request.path_info.startswith("/api/"):  # the API answers JSON errors
                return JsonResponse({"detail": MESSAGE}, status=400)
            return HttpResponseBadRequest(MESSAGE, content_type="text/plain; charset=utf-8")
        return self.get_response(request)


class PublicSchemeMiddleware:
    """A request for the host of ``MELDUNGEN_PUBLIC_URL`` counts as made with its scheme.

    Canonical links come from the public URL (``headers.absolute_url``); feeds, sitemaps and
    robots.txt are built by Django from the request. Behind a proxy that ends TLS without
    saying so (no ``X-Forwarded-Proto``, or ``MELDUNGEN_BEHIND_TLS_PROXY`` unset), those said
    http:// for an https site. The public URL is trusted configuration; the Host header is
    only compared with it. A request for another allowed host (an internal address) keeps its
    own scheme."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        public = getattr(settings, "PUBLIC_URL", "")
        if public:
            scheme, _, origin = parse_public_url(public)  # checked when the settings loaded
            if request.META.get("HTTP_HOST", "").lower() == origin.partition("://")[2].lower():
                request.META["wsgi.url_scheme"] = scheme
        return self.get_response(request)
