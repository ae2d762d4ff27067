"""POSTs to addresses readers and hubs give us (webhooks, WebSub hubs): through the same SSRF
guard as every fetch, connecting only to the address that was checked, no redirects."""

from __future__ import annotations

import httpx
from django.conf import settings

from meldungen.ingest.fetch import refuse_reason
from meldungen.ingest.netguard import AddressRefused, guarded_client


def post(url: str, **request) -> tuple[int | None, str]:
    """(HTTP status or None, error text: "" on a 2xx). ``request``: httpx's content/data/headers."""
    conf = settings.MELDUNGEN
    allow_private = conf.get("ALLOW_PRIVATE_FETCH", False)
    refused = refuse_reason(url, allow_private)
    if refused:
        return None, refused
    try:
        with guarded_client(conf.get("FETCH_TIMEOUT", 15), allow_private) as client:
            response = client.post(url, follow_redirects=False, **request)
    except AddressRefused as exc:
        return None, str(exc)
    except httpx.HTTPError as exc:
        return None, f"connection failed: {type(exc).__name__}: {exc}"
    if 200 <= response.status_code < 300:
        return response.status_code, ""
    return response.status_code, f"HTTP {response.status_code}: {response.text[:200]}"
