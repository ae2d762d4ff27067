"""HTTP fetching for sources: conditional GET, limits, bounded redirects and an SSRF guard.

Errors are returned in ``FetchResult.error``, never raised, so a poller can record them.
"""

from __future__ import annotations

import re
import socket
import time
import zlib
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin, urlsplit

import httpx

from .errors import FetchError
from .limits import MAX_DOCUMENT_BYTES
from .netguard import AddressRefused, DnsTimeout, address_refusal, guarded_client, lookup

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
    code: FetchError | None = None  # why it failed (errors.py), set with every ``error``
    retry_after: float | None = None  # seconds the server asked to wait (429/503 Retry-After)
    max_age: float | None = None  # seconds the response stays fresh (Cache-Control, Expires)

    @property
    def ok(self) -> bool:
        return not self.error and not self.not_modified

    @property
    def message(self) -> str:
        """The German message for editors ("" when the fetch did not fail)."""
        return self.code.message if self.code else self.error

    def fail(self, code: FetchError, error: str) -> FetchResult:
        self.code, self.error = code, error
        return self


def refusal(
    url: str, allow_private: bool = False, timeout: float | None = None
) -> tuple[FetchError | None, str]:
    """``refuse_reason`` with its code: ``(None, "")`` when ``url`` may be fetched; the host's
    name must resolve within ``timeout`` seconds (``netguard.lookup``)."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return FetchError.INVALID_URL, f"invalid URL: {url!r}"
    if parts.scheme not in ("http", "https"):
        return (
            FetchError.REFUSED_SCHEME,
            f"refused scheme {parts.scheme or '(none)'!r}: only http and https are fetched",
        )
    host = parts.hostname
    if not host:
        return FetchError.INVALID_URL, f"invalid URL without host: {url!r}"
    if allow_private:
        return None, ""
    try:
        infos = lookup(host, parts.port or (443 if parts.scheme == "https" else 80), timeout)
    except DnsTimeout as error:
        return FetchError.TIMEOUT, f"cannot resolve host {host}: {error}"
    except (socket.gaierror, UnicodeError, OSError) as error:
        return FetchError.UNRESOLVABLE, f"cannot resolve host {host}: {error}"
    for info in infos:
        address = str(info[4][0])
        why = address_refusal(address)
        if why:
            return (
                FetchError.PRIVATE_ADDRESS,
                f"refused private address {address.split('%')[0]} for host {host} ({why})",
            )
    return None, ""


def sendable(value: str | None) -> bool:
    """Whether a validator a server sent can go back in a request header: printable ASCII
    (httpx refuses anything else, so one odd byte in an ETag failed every later poll)."""
    return bool(value) and value.isascii() and value.isprintable()


def refuse_reason(url: str, allow_private: bool = False) -> str:
    """Why ``url`` must not be fetched ("" when it may): wrong scheme or a private address.

    Every address the host resolves to must be globally routable (``netguard.address_refusal``),
    so a public name pointing at 127.0.0.1, 100.100.100.200 or the cloud metadata address
    (169.254.169.254) is refused as well. This is the early check with a clear message; the
    connection itself goes through ``netguard.GuardedTransport``, which checks again the
    address it actually connects to (no DNS rebinding in between).
    """
    return refusal(url, allow_private)[1]


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
        client = guarded_client(timeout, allow_private, stop=stop)
    headers = {"User-Agent": USER_AGENT, "Accept": ACCEPT, "Accept-Encoding": "gzip, deflate"}
    if sendable(etag):
        headers["If-None-Match"] = etag
    if sendable(last_modified):
        headers["If-Modified-Since"] = last_modified
    try:
        current = url
        for _hop in range(max_redirects + 1):
            code, refused = refusal(current, allow_private, min(timeout, stop - time.monotonic()))
            if code:
                return result.fail(code, refused)
            result.final_url = current
            remaining = stop - time.monotonic()
            if remaining <= 0:
                return result.fail(FetchError.DEADLINE, f"deadline of {deadline:g} s exceeded")
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
        return result.fail(
            FetchError.TOO_MANY_REDIRECTS, f"too many redirects (more than {max_redirects})"
        )
    except httpx.TimeoutException:
        if time.monotonic() >= stop - 0.05:
            result.fail(FetchError.DEADLINE, f"deadline of {deadline:g} s exceeded")
        else:
            result.fail(FetchError.TIMEOUT, f"timeout after {timeout:g} s")
    except httpx.HTTPError as error:
        text = f"connection failed: {type(error).__name__}: {error}"
        result.fail(FetchError.UNRESOLVABLE if _unresolved(error) else FetchError.CONNECTION, text)
    except AddressRefused as error:
        result.fail(FetchError.PRIVATE_ADDRESS, str(error))
    except (httpx.InvalidURL, UnicodeError) as error:
        # httpx reads a redirect's Location before we see it: "data:…", "javascript:…" or a
        # host name no DNS label can hold end here, not in a fetch of ours
        text = f"invalid URL or redirect target: {type(error).__name__}: {error}"
        result.fail(FetchError.INVALID_URL, text)
    except Exception as error:
        result.fail(FetchError.UNEXPECTED, f"fetch failed: {type(error).__name__}: {error}")
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
    result.retry_after = retry_after_seconds(response.headers.get("retry-after", ""))
    result.max_age = freshness_seconds(response.headers)
    if response.status_code == 304:
        if not response.request.headers.get(
            "if-none-match", response.request.headers.get("if-modified-since")
        ):  # "not modified" since nothing: the source would look fine and never bring an item
            return result.fail(FetchError.HTTP_STATUS, "HTTP 304 to a request without validators")
        result.not_modified = True
        return result
    if response.status_code >= 400:
        return result.fail(
            _STATUS_CODES.get(response.status_code, FetchError.HTTP_STATUS),
            f"HTTP {response.status_code}",
        )
    if response.status_code >= 300:  # a redirect without a Location, or 300: nothing to read
        return result.fail(
            FetchError.HTTP_STATUS, f"HTTP {response.status_code} without a redirect to follow"
        )
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes:  # the bytes on the wire, coded or not
        return result.fail(FetchError.TOO_LARGE, f"response larger than {max_bytes} bytes")
    decoder = _Decoder(response.headers.get_list("content-encoding", split_commas=True), max_bytes)
    chunks: list[bytes] = []
    received = 0
    try:
        # Raw bytes, decoded here with a bound on every step: httpx's own decoding unpacks each
        # chunk in full, so "Content-Encoding: gzip, gzip" made a few kB into gigabytes in one
        # call, and a stream that unpacks to nothing was neither counted nor timed.
        for raw in response.iter_raw():
            received += len(raw)
            if received > max_bytes:
                return result.fail(FetchError.TOO_LARGE, f"response larger than {max_bytes} bytes")
            chunks.append(decoder.decode(raw))
            if time.monotonic() > stop:
                return result.fail(
                    FetchError.DEADLINE,
                    f"deadline of {deadline:g} s exceeded after {received} bytes",
                )
        chunks.append(decoder.flush())
    except _TooLarge:
        return result.fail(FetchError.TOO_LARGE, f"response larger than {max_bytes} bytes")
    except zlib.error as error:
        return result.fail(
            FetchError.CONNECTION, f"connection failed: DecodingError: broken compression: {error}"
        )
    result.content = b"".join(chunks)
    return result


class _TooLarge(Exception):
    """A decoded response grew past the size limit."""


class _Step:
    """One coding undone with zlib, counting what it gave out."""

    def __init__(self, coding: str) -> None:
        self.raw_deflate_next = (
            coding == "deflate"
        )  # deflate is sent with and without zlib's header
        wbits = zlib.MAX_WBITS | 16 if coding != "deflate" else zlib.MAX_WBITS
        self.decompressor = zlib.decompressobj(wbits)
        self.out = 0

    def decode(self, data: bytes, limit: int) -> bytes:
        try:
            out = self.decompressor.decompress(data, limit - self.out + 1)
        except zlib.error:
            if not self.raw_deflate_next:
                raise
            self.decompressor = zlib.decompressobj(-zlib.MAX_WBITS)
            out = self.decompressor.decompress(data, limit - self.out + 1)
        self.raw_deflate_next = False
        return self._count(out, limit)

    def flush(self, limit: int) -> bytes:
        return self._count(self.decompressor.flush(), limit)

    def _count(self, out: bytes, limit: int) -> bytes:
        self.out += len(out)
        if self.out > limit:  # also when the bound cut the output short
            raise _TooLarge
        return out


class _Decoder:
    """``Content-Encoding`` (gzip, x-gzip, deflate, several in a row) undone with zlib, no step
    giving out more than ``limit`` bytes in all: a compression bomb costs at most the limit.
    Codings zlib does not know are left as they are (the parser then refuses the bytes)."""

    def __init__(self, codings: list[str], limit: int) -> None:
        self.limit = limit
        known = [c.strip().lower() for c in codings]
        # The last coding applied is undone first.
        self.steps = [_Step(c) for c in reversed(known) if c in ("gzip", "x-gzip", "deflate")]

    def decode(self, data: bytes) -> bytes:
        for step in self.steps:
            if not data:
                break
            data = step.decode(data, self.limit)
        return data

    def flush(self) -> bytes:
        data = b""
        for step in self.steps:
            if data:
                data = step.decode(data, self.limit)
            data += step.flush(self.limit)
        return data


def _unresolved(error: BaseException) -> bool:
    """Whether a connection error was caused by a name that did not resolve (a gaierror or
    UnicodeError somewhere in its chain, as netguard's resolver raises it)."""
    seen: BaseException | None = error
    for _ in range(8):
        if seen is None:
            return False
        if isinstance(seen, socket.gaierror | UnicodeError):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


_STATUS_CODES = {
    401: FetchError.FORBIDDEN,
    403: FetchError.FORBIDDEN,
    404: FetchError.NOT_FOUND,
    410: FetchError.NOT_FOUND,
    429: FetchError.RATE_LIMITED,
    503: FetchError.UNAVAILABLE,
}
_MAX_AGE = re.compile(r"(?:^|,)\s*(s-maxage|max-age)\s*=\s*\"?(\d+)", re.IGNORECASE)


def _seconds_until(http_date: str, now: float | None = None) -> float | None:
    """Seconds from ``now`` (default: the clock) to an HTTP date; None when unreadable."""
    try:
        when = parsedate_to_datetime(http_date.strip())
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if when is None or when.tzinfo is None:
        return None
    return max(when.timestamp() - (time.time() if now is None else now), 0.0)


def retry_after_seconds(value: str, now: float | None = None) -> float | None:
    """A ``Retry-After`` header (delay in seconds or an HTTP date) as seconds from now."""
    value = (value or "").strip()
    if not value:
        return None
    if value.isdigit():
        return float(value)
    return _seconds_until(value, now)


def freshness_seconds(headers, now: float | None = None) -> float | None:
    """How long a response stays fresh: ``Cache-Control`` max-age (``no-cache``/``no-store``
    mean 0), else ``Expires`` measured against the response's ``Date``; None when not said."""
    control = headers.get("cache-control", "")
    if re.search(r"no-(?:cache|store)", control, re.IGNORECASE):
        return 0.0
    # float(): a 400-digit age is inf (int() overflowed float, past 4300 digits it raised)
    ages = {name.lower(): float(age) for name, age in _MAX_AGE.findall(control)}
    if "max-age" in ages:
        return ages["max-age"]
    expires = headers.get("expires", "")
    if not expires:
        return None
    sent = _seconds_until(headers.get("date", ""), 0.0) if headers.get("date") else None
    base = sent if sent is not None else now
    left = _seconds_until(expires, base)
    return 0.0 if left is None else left  # an invalid Expires means "already expired"
