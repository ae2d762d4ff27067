"""HTTP around the JSON API (everything under /api/): HEAD answers like GET without a body,
and the errors Django or Django Ninja answer outside an endpoint (an unknown path: 404, a
method the endpoint lacks: 405) are JSON like every other API error, not an HTML page.

Django Ninja routes by method and knows no HEAD, so HEAD on a read endpoint answered 405;
HTTP wants every resource that answers GET to answer HEAD (RFC 9110, 9.3.2).
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse

PREFIX = "/api/"
MESSAGES = {404: "Not Found", 405: "Method not allowed"}


def _is_json(response: HttpResponse) -> bool:
    return response.get("Content-Type", "").startswith("application/json")


class ApiHttpMiddleware:
    """Put it before the HTTP cache middleware, so HEAD is validated and cached as GET."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path_info.startswith(PREFIX):
            return self.get_response(request)
        head = request.method == "HEAD"
        if head:
            request.method = "GET"
        try:
            response = self.get_response(request)
        finally:
            if head:
                request.method = "HEAD"
        if response.status_code in MESSAGES and not _is_json(response):
            json_response = JsonResponse(
                {"detail": MESSAGES[response.status_code]}, status=response.status_code
            )
            if response.has_header("Allow"):
                allowed = [m.strip() for m in response["Allow"].split(",") if m.strip()]
                if "GET" in allowed and "HEAD" not in allowed:
                    allowed.append("HEAD")
                json_response["Allow"] = ", ".join(allowed)
            response = json_response
        if head and response.status_code != 304 and not getattr(response, "streaming", False):
            length = len(response.content)
            response.content = b""
            response["Content-Length"] = str(length)
        return response
