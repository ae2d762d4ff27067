"""fetch(): conditional GET, gzip, size limit, redirects and the SSRF guard, against a local
HTTP server on 127.0.0.1 (loopback only, so allow_private=True except in the guard tests)."""

from __future__ import annotations

import gzip
import socket
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from typing import ClassVar

import httpx
import pytest
from loopback import loopback_server

from meldungen.ingest.fetch import USER_AGENT, fetch, refuse_reason

FEED = b'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title></channel></rss>'
ETAG = '"v1-abc"'
LAST_MODIFIED = "Wed, 12 Feb 2025 17:27:49 GMT"


class Handler(BaseHTTPRequestHandler):
    seen_headers: ClassVar[list[dict[str, str]]] = []

    def log_message(self, *args: object) -> None:  # keep test output quiet
        pass

    def _send(self, status: int, body: bytes = b"", **headers: str) -> None:
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        Handler.seen_headers.append({k.lower(): v for k, v in self.headers.items()})
        path = self.path
        if path == "/feed":
            if self.headers.get("If-None-Match") == ETAG:
                self._send(304, ETag=ETAG)
                return
            self._send(
                200,
                FEED,
                Content_Type="application/rss+xml",
                ETag=ETAG,
                Last_Modified=LAST_MODIFIED,
            )
        elif path == "/gzip":
            self._send(
                200,
                gzip.compress(FEED),
                Content_Type="application/rss+xml",
                Content_Encoding="gzip",
            )
        elif path == "/big":
            self._send(200, b"x" * 5000, Content_Type="text/plain")
        elif path == "/bomb":  # small on the wire, large once unpacked
            self._send(200, gzip.compress(b"\0" * 200_000), Content_Encoding="gzip")
        elif path.startswith("/hop/"):
            left = int(path.rsplit("/", 1)[1])
            self._send(302, Location="/feed" if left == 0 else f"/hop/{left - 1}")
        elif path == "/to-file":
            self._send(302, Location="file:///etc/passwd")
        elif path == "/missing":
            self._send(404, b"nicht gefunden")
        else:
            self._send(500)


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with loopback_server(Handler) as url:
        yield url


def get(url: str, **kwargs: object):
    return fetch(url, allow_private=True, timeout=5, **kwargs)


def test_plain_get_sends_user_agent_and_returns_validators(server: str) -> None:
    result = get(f"{server}/feed")
    assert result.error == "" and result.status == 200 and result.ok
    assert result.content == FEED
    assert result.content_type == "application/rss+xml"
    assert result.etag == ETAG and result.last_modified == LAST_MODIFIED
    assert Handler.seen_headers[-1]["user-agent"] == USER_AGENT
    assert "gzip" in Handler.seen_headers[-1]["accept-encoding"]


def test_conditional_get_gives_not_modified(server: str) -> None:
    result = get(f"{server}/feed", etag=ETAG, last_modified=LAST_MODIFIED)
    assert result.status == 304 and result.not_modified and result.content == b""
    assert result.error == "" and not result.ok
    assert Handler.seen_headers[-1]["if-none-match"] == ETAG
    assert Handler.seen_headers[-1]["if-modified-since"] == LAST_MODIFIED


def test_gzip_is_decoded(server: str) -> None:
    assert get(f"{server}/gzip").content == FEED


def test_size_limit_applies_to_declared_and_decoded_size(server: str) -> None:
    result = get(f"{server}/big", max_bytes=1000)
    assert result.error == "response larger than 1000 bytes" and result.content == b""
    assert get(f"{server}/bomb", max_bytes=10_000).error == "response larger than 10000 bytes"
    assert get(f"{server}/big", max_bytes=5000).content == b"x" * 5000


def test_redirects_are_followed_up_to_the_limit(server: str) -> None:
    result = get(f"{server}/hop/2")
    assert result.content == FEED and result.final_url == f"{server}/feed"
    assert get(f"{server}/hop/9", max_redirects=3).error == "too many redirects (more than 3)"


def test_redirect_to_another_scheme_is_refused(server: str) -> None:
    result = get(f"{server}/to-file")
    assert result.error.startswith("refused scheme 'file'")


def test_http_errors_and_connection_errors_are_returned(server: str) -> None:
    missing = get(f"{server}/missing")
    assert missing.status == 404 and missing.error == "HTTP 404"
    closed = fetch("http://127.0.0.1:1/", allow_private=True, timeout=2)
    assert closed.error.startswith("connection failed")


def test_ssrf_guard_refuses_loopback_and_private_addresses(server: str) -> None:
    result = fetch(f"{server}/feed", timeout=5)
    assert result.error.startswith("refused private address 127.0.0.1")
    assert result.content == b"" and result.status == 0
    assert refuse_reason("http://localhost/").startswith("refused private address")
    assert refuse_reason("http://10.1.2.3/x").startswith("refused private address 10.1.2.3")
    assert refuse_reason("http://169.254.169.254/latest").startswith("refused private address")
    assert refuse_reason("http://[::1]:8080/").startswith("refused private address ::1")
    assert refuse_reason("ftp://example.org/").startswith("refused scheme 'ftp'")
    assert refuse_reason("javascript:alert(1)").startswith("refused scheme")


def test_ssrf_guard_checks_every_redirect_hop(monkeypatch: pytest.MonkeyPatch) -> None:
    """A public host that redirects to loopback is refused at the second hop (no network:
    the public name resolves through a patched resolver, responses come from a mock)."""
    real_getaddrinfo = socket.getaddrinfo

    def fake_getaddrinfo(host: str, *args: object, **kwargs: object):
        if host == "nachrichten.example.org":
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.216.34", 80))]
        return real_getaddrinfo(host, *args, **kwargs)

    requested: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        requested.append(str(request.url))
        return httpx.Response(302, headers={"Location": "http://127.0.0.1/intern"})

    monkeypatch.setattr(socket, "getaddrinfo", fake_getaddrinfo)
    with httpx.Client(transport=httpx.MockTransport(handler)) as client:
        result = fetch("http://nachrichten.example.org/feed", client=client, timeout=5)
    assert requested == ["http://nachrichten.example.org/feed"]  # loopback never requested
    assert result.error.startswith("refused private address 127.0.0.1 for host 127.0.0.1")
