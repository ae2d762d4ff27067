"""POSTs to addresses readers and hubs give us (webhooks, WebSub hubs): through the same SSRF
guard as every fetch, connecting only to the address that was checked, no redirects."""

from __future__ import annotations

import time

import httpx
from django.conf import settings

from meldungen.ingest.fetch import refuse_reason
from meldungen.ingest.netguard import AddressRefused, guarded_client

DEADLINE = 60.0  # seconds for one POST, however slowly the answer drips in (as fetch's)
ERROR_TEXT_BYTES = 4096  # of an error answer, read for its first 200 characters


def post(url: str, **request) -> tuple[int | None, str]:
    """(HTTP status or None, error text: "" on a 2xx). ``request``: httpx's content/data/headers."""
    conf = settings.MELDUNGEN
    allow_private = conf.get("ALLOW_PRIVATE_FETCH", False)
    refused = refuse_reason(url, allow_private)
    if refused:
        return None, refused
    stop = time.monotonic() + DEADLINE
    try:
        with (
            guarded_client(conf.get("FETCH_TIMEOUT", 15), allow_private, stop=stop) as client,
            client.stream("POST", url, follow_redirects=False, **request) as response,
        ):
            status = response.status_code
            if 200 <= status < 300:
                return status, ""
            # Only the start of an error answer, as sent: reading (and unpacking) all of it
            # let an endless or compressed answer fill the memory.
            head = b""
            for chunk in response.iter_raw():
                head += chunk
                if len(head) >= ERROR_TEXT_BYTES:
                    break
    except AddressRefused as exc:
        return None, str(exc)
    except httpx.HTTPError as exc:
        return None, f"connection failed: {type(exc).__name__}: {exc}"
    packed = response.headers.get("content-encoding", "identity").lower() != "identity"
    text = "" if packed else head[:ERROR_TEXT_BYTES].decode("utf-8", "replace")[:200]
    return status, f"HTTP {status}: {text}"
