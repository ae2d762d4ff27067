"""fetch() against hostile servers on 127.0.0.1: compression bombs, streams that unpack to
nothing, headers dripping in. Every server here is bounded in bytes and time."""

from __future__ import annotations

import gzip
import time
import tracemalloc
import zlib
from functools import cache

from loopback import QuietHandler, drip, loopback_server

from meldungen.ingest.errors import FetchError
from meldungen.ingest.fetch import fetch

FEED = b'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title></channel></rss>'


@cache
def nested_bomb() -> bytes:
    """100 MB of zeros, gzipped twice: about 1 kB on the wire."""
    return gzip.compress(gzip.compress(b"\0" * 100_000_000, 9), 9)


class Hostile(QuietHandler):
    def do_GET(self) -> None:
        if self.path == "/gzip-gzip":
            self.reply(200, [("Content-Encoding", "gzip, gzip")], nested_bomb())
        elif self.path == "/deflate-raw":
            packer = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
            body = packer.compress(FEED) + packer.flush()
            self.reply(200, [("Content-Encoding", "deflate")], body)
        elif self.path == "/deflate-zlib":
            self.reply(200, [("Content-Encoding", "deflate")], zlib.compress(FEED))
        elif self.path == "/x-gzip":
            self.reply(200, [("Content-Encoding", "x-gzip")], gzip.compress(FEED))
        elif self.path == "/gzip-deflate":  # deflate applied first, then gzip
            self.reply(
                200, [("Content-Encoding", "deflate, gzip")], gzip.compress(zlib.compress(FEED))
            )
        elif self.path == "/nothing-forever":  # empty deflate blocks: 2 MB that unpack to nothing
            self.send_response(200)
            self.send_header("Content-Encoding", "gzip")
            self.end_headers()
            try:
                self.wfile.write(b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff")
                for _ in range(40):
                    self.wfile.write(b"\x00\x00\x00\xff\xff" * 10_000)
            except OSError:
                pass  # the client gave up, as it should
        elif self.path == "/nothing-slowly":  # the same, 5 bytes every 0.1 s
            self.send_response(200)
            self.send_header("Content-Encoding", "gzip")
            self.end_headers()
            try:
                self.wfile.write(b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff")
                for _ in range(100):
                    self.wfile.write(b"\x00\x00\x00\xff\xff")
                    self.wfile.flush()
                    time.sleep(0.1)
            except OSError:
                pass
        else:
            self.reply(404)


def get(url: str, **kwargs):
    return fetch(url, allow_private=True, timeout=5, **kwargs)


def test_nested_gzip_bomb_is_refused_without_unpacking_it():
    nested_bomb()  # built before the measurement
    with loopback_server(Hostile) as base:
        tracemalloc.start()
        try:
            result = get(base + "/gzip-gzip", max_bytes=1_000_000)
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
    assert result.code is FetchError.TOO_LARGE, result.error
    assert peak < 20_000_000, peak  # httpx's decoder unpacked all 100 MB at once


def test_every_coding_we_accept_is_undone():
    with loopback_server(Hostile) as base:
        for path in ("/deflate-raw", "/deflate-zlib", "/x-gzip", "/gzip-deflate"):
            result = get(base + path)
            assert result.content == FEED, (path, result.error)


def test_a_stream_that_unpacks_to_nothing_is_counted_on_the_wire():
    with loopback_server(Hostile) as base:
        result = get(base + "/nothing-forever", max_bytes=100_000)
    assert result.code is FetchError.TOO_LARGE, result.error


def test_a_stream_that_unpacks_to_nothing_still_hits_the_deadline():
    with loopback_server(Hostile) as base:
        started = time.monotonic()
        result = get(base + "/nothing-slowly", deadline=1)
    assert result.code is FetchError.DEADLINE, result.error
    assert time.monotonic() - started < 3


class HeadersDripping(QuietHandler):
    """The status line and headers one byte every 0.2 s: no single read ever times out."""

    def do_GET(self) -> None:
        drip(self.wfile)


def test_headers_dripping_in_hit_the_total_deadline():
    with loopback_server(HeadersDripping) as base:
        started = time.monotonic()
        result = get(base + "/feed", deadline=1)
        took = time.monotonic() - started
    assert result.code is FetchError.DEADLINE, result.error
    assert took < 2, took  # the server drips for 13 s


def test_the_deadline_holds_behind_the_ssrf_guard_too(monkeypatch):
    from meldungen.ingest import netguard

    monkeypatch.setattr(netguard, "address_refusal", lambda address: "")  # loopback allowed
    monkeypatch.setattr("meldungen.ingest.fetch.address_refusal", lambda address: "")
    with loopback_server(HeadersDripping) as base:
        started = time.monotonic()
        result = fetch(base + "/feed", timeout=5, deadline=1)
        took = time.monotonic() - started
    assert result.code is FetchError.DEADLINE, result.error
    assert took < 2, took


class OddRedirects(QuietHandler):
    def do_GET(self) -> None:
        targets = {
            "/to-data": "data:application/rss+xml,<rss/>",
            "/to-script": "javascript:alert(1)",
            "/to-long-host": "http://" + "a" * 300 + "/feed",
            "/to-nowhere": "",
        }
        if self.path in targets:
            self.reply(302, [("Location", targets[self.path])] if targets[self.path] else [])
        elif self.path == "/moved-without-location":
            self.reply(301, body=b"moved")
        else:
            self.reply(404)


def test_redirects_that_cannot_be_followed_fail_with_their_code():
    with loopback_server(OddRedirects) as base:
        for path in ("/to-data", "/to-script", "/to-long-host"):
            result = get(base + path)
            assert result.code is FetchError.INVALID_URL, (path, result.error)  # was: unexpected
        for path in ("/to-nowhere", "/moved-without-location"):
            result = get(base + path)  # was: the redirect's body, read as the feed
            assert result.code is FetchError.HTTP_STATUS and result.content == b"", path
            assert result.error.endswith("without a redirect to follow")


class EarlyHintsForever(QuietHandler):
    """Informational answers (103), one after another: never the response itself."""

    def do_GET(self) -> None:
        try:
            for _ in range(300):
                self.wfile.write(b"HTTP/1.1 103 Early Hints\r\nLink: </s.css>\r\n\r\n")
                self.wfile.flush()
                time.sleep(0.01)
        except OSError:
            pass


def test_endless_informational_answers_hit_the_deadline():
    with loopback_server(EarlyHintsForever) as base:
        started = time.monotonic()
        result = get(base + "/feed", deadline=1)
    assert result.code is FetchError.DEADLINE, result.error
    assert time.monotonic() - started < 2


class AlwaysNotModified(QuietHandler):
    def do_GET(self) -> None:
        self.reply(304)


def test_not_modified_to_an_unconditional_request_is_an_error():
    with loopback_server(AlwaysNotModified) as base:
        plain = get(base + "/feed")
        conditional = get(base + "/feed", etag='"v1"')
    assert plain.code is FetchError.HTTP_STATUS and not plain.not_modified  # was: fine, forever
    assert plain.error == "HTTP 304 to a request without validators"
    assert conditional.not_modified and conditional.error == ""
