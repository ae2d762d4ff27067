"""HTTP fetching for sources: conditional GET, limits, bounded redirects and an SSRF guard.

Errors are returned in ``FetchResult.error``, never raised, so a poller can record them.
"""

from __future__ import annotations

import socket
import time
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import httpx

from .limits import MAX_DOCUMENT_BYTES
from .netguard import AddressRefused, address_refusal, guarded_client

USER_AGENT = "Meldungen/0.1 (+https://github.com/meldungen; self-hosted news portal)"
ACCEPT = (
    "application/rss+xml, application/atom+xml, application/xml;q=0.9, "
    "application/json;q=0.9, text/html;q=0.8, */*;q=0.5"
)
_REDIRECTS = {301, 302, 303, 307, 308}


@dataclass
class FetchResult:
    url: str
    final_url: str = ""
    status: int = 0
    content: bytes = b""
    content_type: str = ""
    etag: str = ""
    last_modified: str = ""
    not_modified: bool = False
    error: str = ""

    @property
    def ok(self) -> bool:
        return not self.error and not self.not_modified


def refuse_reason(url: str, allow_private: bool = False) -> str:
    """Why ``url`` must not be fetched ("" when it may): wrong scheme or a private address.

    Every address the host resolves to must be globally routable (``netguard.address_refusal``),
    so a public name pointing at 127.0.0.1, 100.100.100.200 or the cloud metadata address
    (169.254.169.254) is refused as well. This is the early check with a clear message; the
    connection itself goes through ``netguard.GuardedTransport``, which checks again the
    address it actually connects to (no DNS rebinding in between).
    """
    try:
        parts = urlsplit(url)
    except ValueError:
        return f"invalid URL: {url!r}"
    if parts.scheme not in ("http", "https"):
        return f"refused scheme {parts.scheme or '(none)'!r}: only http and https are fetched"
    host = parts.hostname
    if not host:
        return f"invalid URL without host: {url!r}"
    if allow_private:
        return ""
    try:
        infos = socket.getaddrinfo(
            host, parts.port or (443 if parts.scheme == "https" else 80), type=socket.SOCK_STREAM
        )
    except (socket.gaierror, UnicodeError, OSError) as error:
        return f"cannot resolve host {host}: {error}"
    for info in infos:
        address = str(info[4][0])
        why = address_refusal(address)
        if why:
            return f"refused private address {address.split('%')[0]} for host {host} ({why})"
    return ""


def fetch(
    url: str,
    *,
    etag: str | None = None,
    last_modified: str | None = None,
    timeout: float = 15,
    max_bytes: int = MAX_DOCUMENT_BYTES,
    max_redirects: int = 5,
    deadline: float = 60.0,
    allow_private: bool = False,
    client: httpx.Client | None = None,
) -> FetchResult:
    """GET ``url`` with conditional headers, a size limit and redirects checked hop by hop.

    ``timeout`` bounds each connect and read; ``deadline`` bounds the whole fetch, redirects
    included, so a server dripping bytes cannot hold it (it is checked between chunks, and no
    read may wait past it).
    """
    result = FetchResult(url=url, final_url=url)
    stop = time.monotonic() + deadline
    own_client = client is None
    if client is None:
        client = guarded_client(timeout, allow_private)
    headers = {"User-Agent": USER_AGENT, "Accept": ACCEPT, "Accept-Encoding": "gzip, deflate"}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    try:
        current = url
        for _hop in range(max_redirects + 1):
            refused = refuse_reason(current, allow_private)
            if refused:
                result.error = refused
                return result
            result.final_url = current
            remaining = stop - time.monotonic()
            if remaining <= 0:
                result.error = f"deadline of {deadline:g} s exceeded"
                return result
            with client.stream(
                "GET",
                current,
                headers=headers,
                timeout=min(timeout, remaining),
                follow_redirects=False,
            ) as response:
                result.status = response.status_code
                if response.status_code in _REDIRECTS and response.headers.get("location"):
                    current = urljoin(current, response.headers["location"])
                    continue
                return _read(response, result, max_bytes, stop, deadline)
        result.error = f"too many redirects (more than {max_redirects})"
        return result
    except httpx.TimeoutException:
        if time.monotonic() >= stop - 0.05:
            result.error = f"deadline of {deadline:g} s exceeded"
        else:
            result.error = f"timeout after {timeout:g} s"
    except httpx.HTTPError as error:
        result.error = f"connection failed: {type(error).__name__}: {error}"
    except AddressRefused as error:
        result.error = str(error)
    except Exception as error:
        result.error = f"fetch failed: {type(error).__name__}: {error}"
    finally:
        if own_client:
            client.close()
    return result


def _read(
    response: httpx.Response, result: FetchResult, max_bytes: int, stop: float, deadline: float
) -> FetchResult:
    result.content_type = response.headers.get("content-type", "")
    result.etag = response.headers.get("etag", "")
    result.last_modified = response.headers.get("last-modified", "")
    if response.status_code == 304:
        result.not_modified = True
        return result
    if response.status_code >= 400:
        result.error = f"HTTP {response.status_code}"
        return result
    declared = response.headers.get("content-length", "")
    if (
        declared.isdigit()
        and int(declared) > max_bytes
        and not response.headers.get("content-encoding")
    ):
        result.error = f"response larger than {max_bytes} bytes"
        return result
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():  # decoded (gunzipped): guards against gzip bombs too
        size += len(chunk)
        if size > max_bytes:
            result.error = f"response larger than {max_bytes} bytes"
            return result
        chunks.append(chunk)
        if time.monotonic() > stop:
            result.error = f"deadline of {deadline:g} s exceeded after {size} bytes"
            return result
    result.content = b"".join(chunks)
    return result
