"""Polling respects what the server asks over loopback: 429 and 503 with ``Retry-After`` (seconds
or an HTTP date) and a feed's ``Cache-Control: max-age`` / ``Expires`` put the next poll no
sooner than asked, bounded to a day and never sooner than the source's interval."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest
from loopback import QuietHandler, loopback_server

from meldungen.ingest.errors import FetchError
from meldungen.news.models import FetchLog, Source
from meldungen.news.polling import MAX_SERVER_DELAY, due_sources, poll_source

pytestmark = [pytest.mark.django_db, pytest.mark.db]

FEED = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Kreisbote</title><link>http://127.0.0.1/</link>
<description>Meldungen</description>
<item><title>Freibad \xc3\xb6ffnet eine Woche fr\xc3\xbcher</title>
<link>http://127.0.0.1/freibad</link><guid>http://127.0.0.1/freibad</guid>
<description>Wegen der Hitze beginnt die Saison schon am Samstag.</description></item>
</channel></rss>"""


def _in(hours: float) -> str:
    return format_datetime(datetime.now(UTC) + timedelta(hours=hours), usegmt=True)


class Handler(QuietHandler):
    def do_GET(self):
        if self.path == "/limited":
            self.reply(429, [("Retry-After", "7200")])
        elif self.path == "/down":
            self.reply(503, [("Retry-After", _in(3))])
        elif self.path == "/forever":
            self.reply(429, [("Retry-After", "99999999999999999999")])
        elif self.path == "/soon":
            self.reply(503, [("Retry-After", "5")])
        elif self.path == "/teapot":
            self.reply(418)
        elif self.path in ("/cached", "/expires", "/plain", "/cached-forever", "/cached-4301"):
            headers = [("Content-Type", "application/rss+xml")]
            if self.path == "/cached":
                headers.append(("Cache-Control", "public, max-age=5400"))
            elif self.path == "/cached-forever":  # past a float
                headers.append(("Cache-Control", "max-age=" + "9" * 400))
            elif self.path == "/cached-4301":  # past int()'s limit on digits
                headers.append(("Cache-Control", "max-age=" + "9" * 4301))
            elif self.path == "/expires":
                headers += [("Date", _in(0)), ("Expires", _in(2))]
            self.reply(200, headers, FEED)
        else:
            self.reply(404)


@pytest.fixture
def server(settings):
    settings.MELDUNGEN = {**settings.MELDUNGEN, "ALLOW_PRIVATE_FETCH": True, "FETCH_TIMEOUT": 5}
    with loopback_server(Handler) as url:
        yield url


def _delay(server: str, path: str, interval: int = 10) -> timedelta:
    source = Source.objects.create(name=path, url=f"{server}{path}", interval_minutes=interval)
    poll_source(source)
    source.refresh_from_db()
    return source.next_fetch_at - source.last_fetch_at


def test_429_with_retry_after_seconds_waits_as_asked(server):
    delay = _delay(server, "/limited")
    assert timedelta(minutes=119) <= delay <= timedelta(minutes=121)
    source = Source.objects.get(name="/limited")
    assert (source.last_status, source.error_count) == (429, 1)
    assert source.last_error == "HTTP 429"  # the English text stays
    assert FetchLog.objects.get(source=source).error == "HTTP 429"
    assert source not in due_sources()


def test_503_with_http_date_retry_after_waits_until_then(server):
    delay = _delay(server, "/down")
    assert timedelta(hours=2, minutes=58) <= delay <= timedelta(hours=3, minutes=1)


def test_retry_after_is_bounded_to_a_day(server):
    assert _delay(server, "/forever") == MAX_SERVER_DELAY


def test_retry_after_never_polls_sooner_than_the_interval(server):
    assert _delay(server, "/soon", interval=30) >= timedelta(minutes=30)


def test_cache_control_max_age_of_a_feed_delays_the_next_poll(server):
    delay = _delay(server, "/cached")
    assert delay == timedelta(seconds=5400)
    source = Source.objects.get(name="/cached")
    assert source.error_count == 0 and source.last_error == ""


@pytest.mark.parametrize("path", ["/cached-forever", "/cached-4301"])
def test_a_huge_max_age_is_bounded_to_a_day_and_the_feed_stored(server, path):
    assert _delay(server, path) == MAX_SERVER_DELAY  # was: OverflowError / ValueError
    source = Source.objects.get(name=path)
    assert source.last_error == "" and source.articles.count() == 1


def test_expires_of_a_feed_delays_the_next_poll(server):
    delay = _delay(server, "/expires")
    assert timedelta(hours=1, minutes=58) <= delay <= timedelta(hours=2, minutes=1)


def test_without_headers_the_interval_applies(server):
    assert _delay(server, "/plain", interval=15) == timedelta(minutes=15)


def test_http_errors_carry_their_code(server):
    from meldungen.ingest.fetch import fetch

    assert fetch(f"{server}/limited", allow_private=True).code is FetchError.RATE_LIMITED
    assert fetch(f"{server}/down", allow_private=True).code is FetchError.UNAVAILABLE
    missing = fetch(f"{server}/nothing", allow_private=True)
    assert (missing.code, missing.error) == (FetchError.NOT_FOUND, "HTTP 404")
    assert missing.message == FetchError.NOT_FOUND.message
    teapot = fetch(f"{server}/teapot", allow_private=True)
    assert (teapot.code, teapot.error) == (FetchError.HTTP_STATUS, "HTTP 418")
