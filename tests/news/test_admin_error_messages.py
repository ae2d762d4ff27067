"""Editors read fetch errors and rejections in German: sources polled over loopback fail with
404, 429 and a timeout, and the admin's source list and detail, the ingest-health page and
`meldungen sources list` show the code's German message with the technical text beside it."""

from __future__ import annotations

import time
from io import StringIO

import pytest
from django.core.management import call_command
from loopback import QuietHandler, loopback_server

from meldungen.ingest.errors import FetchError, RejectCode, stored_code, stored_message
from meldungen.news.models import FetchLog, Rejection, Source
from meldungen.news.polling import poll_source

pytestmark = [pytest.mark.django_db, pytest.mark.db]


BROKEN = b'<?xml version="1.0"?><rss version="2.0"><channel><item><title>Halb'


class Handler(QuietHandler):
    def do_GET(self):
        if self.path == "/slow":
            time.sleep(1.5)  # longer than the test's fetch timeout
            self.reply(200)
        elif self.path == "/limited":
            self.reply(429, [("Retry-After", "60")])
        elif self.path == "/broken":
            self.reply(200, [("Content-Type", "application/rss+xml")], BROKEN)
        else:
            self.reply(404)


@pytest.fixture
def server(settings):
    settings.MELDUNGEN = {**settings.MELDUNGEN, "ALLOW_PRIVATE_FETCH": True, "FETCH_TIMEOUT": 0.5}
    with loopback_server(Handler) as url:
        yield url


CASES = [
    ("/gone", FetchError.NOT_FOUND, "HTTP 404"),
    ("/limited", FetchError.RATE_LIMITED, "HTTP 429"),
    ("/slow", FetchError.TIMEOUT, "timeout after 0.5 s"),
]


def _polled(server: str, path: str) -> Source:
    source = Source.objects.create(name=f"Quelle {path}", url=f"{server}{path}")
    poll_source(source)
    source.refresh_from_db()
    return source


def test_stored_codes_round_trip_and_unknown_codes_say_nothing():
    assert stored_code(FetchError.TIMEOUT) == "fetch:timeout"
    assert stored_code(RejectCode.TRUNCATED) == "reject:truncated"
    assert stored_code(None) == ""
    assert stored_message("fetch:timeout") == FetchError.TIMEOUT.message
    assert stored_message("reject:unexpected") == RejectCode.UNEXPECTED.message
    assert stored_message("fetch:unexpected") == FetchError.UNEXPECTED.message
    assert stored_message("fetch:from_the_future") == stored_message("") == ""


@pytest.mark.parametrize(("path", "code", "detail"), CASES)
def test_polling_stores_the_code_beside_the_technical_text(server, path, code, detail):
    source = _polled(server, path)
    assert (source.last_error, source.last_error_code) == (detail, stored_code(code))
    assert source.last_error_message == code.message
    entry = FetchLog.objects.get(source=source)
    assert (entry.error, entry.error_message) == (detail, code.message)


def test_admin_source_list_detail_and_health_show_the_german_message(admin_client, server):
    sources = {path: _polled(server, path) for path, _, _ in CASES}
    listing = admin_client.get("/admin/news/source/").content.decode()
    health = admin_client.get("/admin/ingest/").content.decode()
    fetches = admin_client.get("/admin/news/fetchlog/").content.decode()
    for path, code, detail in CASES:
        german = code.message
        assert german in listing and detail in listing, path
        assert german in health and detail in health, path
        assert german in fetches, path
        page = admin_client.get(f"/admin/news/source/{sources[path].pk}/change/")
        assert page.status_code == 200
        text = page.content.decode()
        assert german in text and detail in text, path
    assert "Nicht gefunden" in listing and "Zeitüberschreitung" in listing


def test_a_document_whose_items_are_all_rejected_shows_the_reject_code(admin_client, server):
    source = _polled(server, "/broken")
    assert source.last_error_code == stored_code(RejectCode.TRUNCATED)
    rejection = Rejection.objects.get(source=source)
    assert rejection.code == RejectCode.TRUNCATED and rejection.reason.startswith("truncated XML")
    health = admin_client.get("/admin/ingest/").content.decode()
    assert RejectCode.TRUNCATED.message in health and "truncated XML" in health
    rejections = admin_client.get("/admin/news/rejection/").content.decode()
    assert RejectCode.TRUNCATED.message in rejections and "truncated XML" in rejections
    listing = admin_client.get("/admin/news/source/").content.decode()
    assert RejectCode.TRUNCATED.message in listing


def test_a_source_without_a_code_shows_its_text_as_before(admin_client):
    Source.objects.create(name="Altquelle", url="https://alt.example/feed", last_error="HTTP 500")
    listing = admin_client.get("/admin/news/source/").content.decode()
    assert "HTTP 500" in listing


def test_sources_list_shows_the_german_message_then_the_detail(server):
    for path, _, _ in CASES:
        _polled(server, path)
    out = StringIO()
    call_command("sources", "list", stdout=out)
    text = out.getvalue()
    for _, code, detail in CASES:
        assert f"{code.message} ({detail})" in text
