"""Fixtures for follow and alerts: a local SMTP server (aiosmtpd), a loopback webhook receiver
that checks the HMAC, and drafts stored through the real store."""

from __future__ import annotations

import hashlib
import hmac
import json
import socket
import threading
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler

import pytest
from django.core.cache import cache

from meldungen.ingest.draft import ArticleDraft
from tests.loopback import loopback_server

BASE = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _isolated(settings):
    settings.MELDUNGEN = {**settings.MELDUNGEN, "ALLOW_PRIVATE_FETCH": True}
    cache.clear()
    yield
    cache.clear()


def draft(guid: str, headline: str, body: str, *, source: str = "dpa", day: int = 0, **kw):
    return ArticleDraft(
        guid=f"urn:test:{guid}",
        headline=headline,
        format="ninjs",
        body=f"<p>{body}</p>",
        source=source,
        published=BASE.replace(day=BASE.day + day),
        **kw,
    )


@pytest.fixture
def smtp_server(settings):
    """aiosmtpd on a free loopback port; Django's SMTP backend points at it."""
    from aiosmtpd.controller import Controller

    class Collect:
        def __init__(self) -> None:
            self.messages: list = []

        async def handle_DATA(self, server, session, envelope):
            from email import message_from_bytes
            from email.policy import default

            self.messages.append(message_from_bytes(envelope.content, policy=default))
            return "250 OK"

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    handler = Collect()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = False
    try:
        yield handler.messages
    finally:
        controller.stop()


class Receiver:
    def __init__(self) -> None:
        self.calls: list[dict] = []
        self.secret = ""
        self.fail_next = 0
        self.lock = threading.Lock()


@pytest.fixture
def webhook_receiver():
    """A loopback webhook endpoint: records each call with whether its HMAC was right."""
    receiver = Receiver()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            expected = (
                "sha256=" + hmac.new(receiver.secret.encode(), body, hashlib.sha256).hexdigest()
            )
            with receiver.lock:
                failing = receiver.fail_next > 0
                receiver.fail_next -= 1 if failing else 0
                receiver.calls.append(
                    {
                        "json": json.loads(body),
                        "signed": hmac.compare_digest(
                            expected, self.headers.get("X-Meldungen-Signature", "")
                        ),
                        "answered": 503 if failing else 204,
                    }
                )
            self.send_response(503 if failing else 204)
            self.end_headers()

        def log_message(self, *args):
            pass

    with loopback_server(Handler) as url:
        receiver.url = url + "/hook"
        yield receiver
