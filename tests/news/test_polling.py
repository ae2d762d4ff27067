"""Polling over loopback: conditional GET, errors recorded against the source, backoff,
full-text completion of teaser-only items. Bounded: one local server, a handful of requests."""

from __future__ import annotations

from datetime import timedelta
from http.server import BaseHTTPRequestHandler

import pytest
from django.utils import timezone
from loopback import loopback_server

from meldungen.news.models import Article, FetchLog, Source
from meldungen.news.polling import due_sources, poll_source, seed_default_sources

pytestmark = [pytest.mark.django_db, pytest.mark.db]

FEED = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Lokalblatt</title><link>http://127.0.0.1/</link>
<description>Nachrichten</description>
<item><title>Brücke über die Saale wird gesperrt</title>
<link>{base}/artikel/bruecke.html</link><guid>{base}/artikel/bruecke.html</guid>
<description>Ab Montag ist die Brücke für drei Wochen zu.</description>
<pubDate>Wed, 12 Feb 2025 17:27:49 GMT</pubDate><category>Politik</category></item>
</channel></rss>"""

PAGE = """<!doctype html><html lang="de"><head><title>Brücke über die Saale wird gesperrt</title>
<meta property="og:title" content="Brücke über die Saale wird gesperrt"></head><body>
<nav><a href="/">Start</a></nav><article><h1>Brücke über die Saale wird gesperrt</h1>
<p>Ab Montag ist die Brücke über die Saale für drei Wochen voll gesperrt, teilte die Stadt mit.
Der Verkehr wird über die Umgehungsstraße im Norden umgeleitet, Busse fahren Ersatzhaltestellen
an.</p><p>Grund sind Schäden an den Lagern, die bei einer Prüfung im Winter entdeckt wurden. Die
Reparatur kostet nach Angaben der Verwaltung rund 400.000 Euro und wird vom Land gefördert.</p>
<p>Fußgänger und Radfahrer können die Brücke auf einem abgetrennten Streifen weiter nutzen.</p>
</article><footer>Impressum</footer></body></html>"""


class Handler(BaseHTTPRequestHandler):
    hits: list[tuple[str, str]] = []
    broken = False

    def do_GET(self):
        Handler.hits.append((self.path, self.headers.get("If-None-Match", "")))
        base = f"http://127.0.0.1:{self.server.server_port}"
        if Handler.broken:
            self.send_response(500)
            self.end_headers()
            return
        if self.path == "/feed.xml":
            if self.headers.get("If-None-Match") == '"v1"':
                self.send_response(304)
                self.end_headers()
                return
            body = FEED.format(base=base).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.send_header("ETag", '"v1"')
        elif self.path == "/artikel/bruecke.html":
            body = PAGE.encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
        else:
            self.send_response(404)
            self.end_headers()
            return
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def server(settings):
    settings.MELDUNGEN = {**settings.MELDUNGEN, "ALLOW_PRIVATE_FETCH": True, "FETCH_TIMEOUT": 5}
    Handler.hits, Handler.broken = [], False
    with loopback_server(Handler) as url:
        yield url


def test_poll_stores_items_then_revalidates_with_etag(server):
    source = Source.objects.create(name="Lokalblatt", url=f"{server}/feed.xml")
    results = poll_source(source)
    assert [r.outcome for r in results] == ["new"]
    source.refresh_from_db()
    assert (source.last_status, source.etag, source.last_error) == (200, '"v1"', "")
    assert source.next_fetch_at > timezone.now()
    assert poll_source(source) == []  # 304: nothing parsed
    assert Handler.hits[-1] == ("/feed.xml", '"v1"')
    assert FetchLog.objects.filter(source=source).count() == 2
    article = Article.objects.get()
    assert not article.full_text  # teaser only: the portal links to the original


def test_a_source_named_only_by_its_host_takes_the_feeds_title(server, client):
    # `sources add` without --name names a source by its host
    source = Source.objects.create(name=server.split("//")[1], url=f"{server}/feed.xml")
    poll_source(source)
    source.refresh_from_db()
    assert source.name == "Lokalblatt"  # the feed's <title>
    page = client.get(f"/quelle/{source.pk}/").content.decode()
    assert "<h1>Lokalblatt</h1>" in page
    # a name the operator gave stays
    Source.objects.filter(pk=source.pk).update(name="Meine Zeitung", etag="")
    source.refresh_from_db()
    poll_source(source)
    source.refresh_from_db()
    assert source.name == "Meine Zeitung"


def test_full_text_source_fetches_the_article_page(server):
    source = Source.objects.create(name="Lokalblatt", url=f"{server}/feed.xml", full_text=True)
    poll_source(source)
    article = Article.objects.get()
    assert article.full_text
    assert "Umgehungsstraße" in article.body
    assert "Impressum" not in article.body


def test_errors_are_recorded_and_back_off(server):
    source = Source.objects.create(name="Kaputt", url=f"{server}/feed.xml", interval_minutes=10)
    Handler.broken = True
    poll_source(source)
    source.refresh_from_db()
    first_delay = source.next_fetch_at - source.last_fetch_at
    assert source.error_count == 1 and source.last_status == 500 and source.last_error
    poll_source(source)
    source.refresh_from_db()
    assert source.error_count == 2
    assert source.next_fetch_at - source.last_fetch_at > first_delay
    assert source not in due_sources()


def test_unreachable_source_records_its_error(settings):
    settings.MELDUNGEN = {**settings.MELDUNGEN, "ALLOW_PRIVATE_FETCH": False}
    source = Source.objects.create(name="Intern", url="http://127.0.0.1:9/feed.xml")
    poll_source(source)
    source.refresh_from_db()
    assert source.last_error and source.error_count == 1


def test_default_sources_are_seeded_once():
    added = seed_default_sources()
    assert added >= 10
    Source.objects.all().delete()
    assert seed_default_sources() == 0  # a user's removal is respected
    assert not Source.objects.exists()


def test_due_sources(server):
    fresh = Source.objects.create(name="Neu", url=f"{server}/feed.xml")
    later = Source.objects.create(
        name="Später", url=f"{server}/x.xml", next_fetch_at=timezone.now() + timedelta(hours=1)
    )
    due = list(due_sources())
    assert fresh in due and later not in due
