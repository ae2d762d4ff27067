"""Requests whose address carries a NUL character answer 400 before any view runs.

No page, feed, API endpoint or sitemap takes NUL in a path part or query parameter, and
PostgreSQL cannot even compare text containing one: refusing it here, in one place, keeps it
from turning into a database error (a 5xx) wherever a path part or parameter reaches a query.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import unquote_to_bytes

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse

MESSAGE = "Ungültige Adresse: NUL-Zeichen sind nicht erlaubt."


def has_nul(request: HttpRequest) -> bool:
    if "\x00" in request.path_info:
        return True
    query = request.META.get("QUERY_STRING", "")
    return "\x00" in query or b"\x00" in unquote_to_bytes(query)


class RefuseNulMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if has_nul(request):
            if request.path_info.startswith("/api/"):  # the API answers JSON errors
                return JsonResponse({"detail": MESSAGE}, status=400)
            return HttpResponseBadRequest(MESSAGE, content_type="text/plain; charset=utf-8")
        return self.get_response(request)
