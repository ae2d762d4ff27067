"""Per-token Bearer authentication for the write endpoints (tokens are managed in the admin)."""

from __future__ import annotations

from django.http import HttpRequest
from ninja.security import HttpBearer

from .models import ApiToken


class TokenAuth(HttpBearer):
    openapi_description = "An API token issued in the admin (API tokens → Add)."

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        return ApiToken.authenticate(token.strip())
