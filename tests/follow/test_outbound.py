"""POSTs to hubs and webhooks against hostile answers on 127.0.0.1: an endless or compressed
error answer is not read whole, and a dripping one ends at the deadline. Bounded servers."""

from __future__ import annotations

import gzip
import time
import tracemalloc
from functools import cache

import pytest
from loopback import QuietHandler, drip, loopback_server

from meldungen.follow import outbound


@cache
def nested_bomb() -> bytes:
    """100 MB of zeros, gzipped twice: about 1 kB on the wire."""
    return gzip.compress(gzip.compress(b"\0" * 100_000_000, 9), 9)


class Hostile(QuietHandler):
    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        try:
            if self.path == "/accepted":
                self.reply(202, body=b"ok")
            elif self.path == "/endless-error":  # 50 MB of error page, no length
                self.send_response(500)
                self.send_header("Content-Type", "text/html")
                self.end_headers()
                for _ in range(800):
                    self.wfile.write(b"<p>Fehler</p>" * 5000)
            elif self.path == "/bomb-error":
                self.reply(500, [("Content-Encoding", "gzip, gzip")], nested_bomb())
            elif self.path == "/drip":
                drip(self.wfile)
        except OSError:
            pass  # the client gave up, as it should


@pytest.fixture
def base(settings):
    settings.MELDUNGEN = {**settings.MELDUNGEN, "ALLOW_PRIVATE_FETCH": True, "FETCH_TIMEOUT": 5}
    with loopback_server(Hostile) as url:
        yield url


def test_a_2xx_is_accepted(base):
    assert outbound.post(f"{base}/accepted", content=b"{}") == (202, "")


@pytest.mark.parametrize("path", ["/endless-error", "/bomb-error"])
def test_an_error_answer_is_read_only_as_far_as_its_first_bytes(base, path):
    nested_bomb()  # built before the measurement
    tracemalloc.start()
    try:
        status, error = outbound.post(base + path, content=b"{}")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert status == 500 and error.startswith("HTTP 500: ")
    assert len(error) < 250
    assert peak < 5_000_000, peak  # was: the whole answer (50 MB), or 100 MB unpacked


def test_an_answer_dripping_in_ends_at_the_deadline(base, monkeypatch):
    monkeypatch.setattr(outbound, "DEADLINE", 1.0)
    started = time.monotonic()
    status, error = outbound.post(f"{base}/drip", content=b"{}")
    assert status is None and "Timeout" in error, error
    assert time.monotonic() - started < 2  # the server drips for 13 s
