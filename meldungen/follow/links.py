"""Absolute links for mails, webhooks and WebSub, and the signed unsubscribe token."""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.urls import reverse

UNSUBSCRIBE_SALT = "meldungen.follow.unsubscribe"


def base_url() -> str:
    """The portal's public address (MELDUNGEN_PUBLIC_URL), else the local one ``serve`` uses."""
    public = (getattr(settings, "PUBLIC_URL", "") or "").rstrip("/")
    if public:
        return public
    import os

    host = os.environ.get("MELDUNGEN_HOST", "127.0.0.1")
    return f"http://{host}:{os.environ.get('MELDUNGEN_PORT', '8000')}"


def absolute(path: str) -> str:
    return base_url() + path


def unsubscribe_token(user_id: int) -> str:
    return signing.dumps({"u": user_id}, salt=UNSUBSCRIBE_SALT)


def unsubscribe_url(user_id: int) -> str:
    return absolute(reverse("follow_unsubscribe", args=[unsubscribe_token(user_id)]))


def user_of_token(token: str) -> int | None:
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    user_id = data.get("u") if isinstance(data, dict) else None
    return user_id if isinstance(user_id, int) else None
