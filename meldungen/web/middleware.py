"""Requests whose path carries a NUL character answer 400 before any view runs.

No page, feed, API endpoint or sitemap has NUL in a path part, and PostgreSQL cannot even
compare text containing one: refusing it here, in one place, keeps it from turning into a
database error (a 5xx) wherever a path part reaches a query. Query parameters are read by
their views, which drop control characters (tests/web/test_query_edges.py checks both).
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse

MESSAGE = "Ungültige Adresse: NUL-Zeichen sind nicht erlaubt."


def has_nul(request: HttpRequest) -> bool:
    return "\x00" in request.path_info


class RefuseNulMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if has_nul(request):
            if request.path_info.startswith("/api/"):  # the API answers JSON errors
                return JsonResponse({"detail": MESSAGE}, status=400)
            return HttpResponseBadRequest(MESSAGE, content_type="text/plain; charset=utf-8")
        return self.get_response(request)
