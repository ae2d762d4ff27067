"""The validators a feed sends (ETag, Last-Modified) across polls: kept over a 304 that does not
repeat them, and left out when they cannot be stored or sent again. One loopback server."""

from __future__ import annotations

import pytest
from loopback import QuietHandler, loopback_server

from meldungen.news.models import Source
from meldungen.news.polling import poll_source

pytestmark = [pytest.mark.django_db, pytest.mark.db]

FEED = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Lokalblatt</title><link>http://127.0.0.1/</link>
<item><title>Die Saalebr\xc3\xbccke wird gesperrt</title><guid>bruecke-1</guid>
<link>http://127.0.0.1/bruecke.html</link>
<description>Ab Montag ist die Br\xc3\xbccke f\xc3\xbcr drei Wochen zu.</description></item>
</channel></rss>"""
LAST_MODIFIED = "Wed, 12 Feb 2025 17:27:49 GMT"


class Handler(QuietHandler):
    seen: list[tuple[str, str, str]] = []
    etag = '"v1"'

    def do_GET(self):
        conditional = (
            self.headers.get("If-None-Match", ""),
            self.headers.get("If-Modified-Since", ""),
        )
        Handler.seen.append((self.path, *conditional))
        if any(conditional):  # as Apache answers: a 304 without Last-Modified (or ETag)
            self.reply(304)
            return
        self.reply(
            200,
            [("Content-Type", "application/rss+xml"), ("ETag", Handler.etag)]
            + [("Last-Modified", LAST_MODIFIED if self.path == "/feed" else "x" * 150)],
            FEED,
        )


@pytest.fixture
def server(settings):
    settings.MELDUNGEN = {**settings.MELDUNGEN, "ALLOW_PRIVATE_FETCH": True, "FETCH_TIMEOUT": 5}
    Handler.seen, Handler.etag = [], '"v1"'
    with loopback_server(Handler) as url:
        yield url


def test_a_304_without_validators_keeps_the_stored_ones(server):
    source = Source.objects.create(name="Lokalblatt", url=f"{server}/feed")
    for _ in range(3):
        poll_source(source)
        source.refresh_from_db()
        assert (source.etag, source.last_modified) == ('"v1"', LAST_MODIFIED)
    # every poll after the first asks conditionally: no full download every other time
    assert Handler.seen[1:] == [("/feed", '"v1"', LAST_MODIFIED)] * 2


def test_validators_too_long_to_store_are_left_out(server):
    Handler.etag = '"' + "a" * 600 + '"'
    source = Source.objects.create(name="Lokalblatt", url=f"{server}/long")
    poll_source(source)
    source.refresh_from_db()
    assert source.last_error == "" and source.articles.count() == 1
    for name in ("etag", "last_modified"):  # a cut validator would never match
        assert getattr(source, name) == "", name


def test_a_validator_that_cannot_be_sent_back_is_left_out(server):
    Handler.etag = '"gr\xfcn"'  # sent as the Latin-1 byte: httpx reads it as "ü"
    source = Source.objects.create(name="Lokalblatt", url=f"{server}/feed")
    poll_source(source)
    poll_source(source)
    source.refresh_from_db()
    assert source.last_error == "", source.last_error  # was: UnicodeEncodeError, every poll
    assert source.etag == "" and source.last_modified == LAST_MODIFIED
