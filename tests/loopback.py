"""A local HTTP server on 127.0.0.1 for tests: loopback only, stopped when the test ends."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class QuietHandler(BaseHTTPRequestHandler):
    """A request handler that logs nothing and answers in one call (``reply``)."""

    def reply(self, status: int, headers=(), body: bytes = b"") -> None:
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@contextmanager
def loopback_server(handler: type[BaseHTTPRequestHandler]) -> Iterator[str]:
    """Serve ``handler`` on a free loopback port; yields the base URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.timeout = 5
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


# a status line and the start of a header that never ends
DRIPPED_HEADERS = b"HTTP/1.1 200 OK\r\nX-Slow: " + b"a" * 40


def drip(wfile, data: bytes = DRIPPED_HEADERS, pause: float = 0.2) -> None:
    """Write ``data`` one byte every ``pause`` seconds: no single read of the client ever times
    out. The client giving up ends it."""
    try:
        for byte in data:
            wfile.write(bytes([byte]))
            wfile.flush()
            time.sleep(pause)
    except OSError:
        pass  # the client gave up, as it should
