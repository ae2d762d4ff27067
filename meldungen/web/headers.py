"""Security headers for every response: the Content-Security-Policy (one for the pages, one
for the admin and the API docs, which load Django's and ninja's own scripts), and the client
address that admin login throttling (django-axes) counts failures by."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from meldungen.hardening import ADMIN_CSP, ADMIN_CSP_PREFIXES, PAGE_CSP

PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), interest-cohort=()"


def policy_for(path: str) -> str:
    return ADMIN_CSP if path.startswith(ADMIN_CSP_PREFIXES) else PAGE_CSP


class SecurityHeadersMiddleware:
    """Adds CSP and Permissions-Policy unless the view set its own (e.g. the image proxy)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not response.has_header("Content-Security-Policy"):
            response["Content-Security-Policy"] = policy_for(request.path)
        if not response.has_header("Permissions-Policy"):
            response["Permissions-Policy"] = PERMISSIONS_POLICY
        return response


def client_ip(request: HttpRequest) -> str | None:
    """The reader's address: behind the TLS proxy the last X-Forwarded-For entry (the one our
    proxy appended; earlier ones are the client's word), else the socket's peer."""
    if getattr(settings, "BEHIND_TLS_PROXY", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if hops:
            return hops[-1]
    return request.META.get("REMOTE_ADDR")


def absolute_url(request: HttpRequest, path: str) -> str:
    """``path`` as an absolute URL from trusted configuration: the public URL when set, else
    the request's host, which ALLOWED_HOSTS has already checked."""
    base = getattr(settings, "PUBLIC_URL", "")
    if base:
        return base + path
    return request.build_absolute_uri(path)
