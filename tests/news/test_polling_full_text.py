"""Full-text sources: an article page is fetched once per item, not at every poll, and one poll
fetches a bounded number of pages. One loopback server, a few dozen requests."""

from __future__ import annotations

import pytest
from loopback import QuietHandler, loopback_server

from meldungen.news import polling
from meldungen.news.models import Article, Source
from meldungen.news.polling import poll_source

pytestmark = [pytest.mark.django_db, pytest.mark.db]

TOWNS = ["Jena", "Gera", "Erfurt"]
ITEM = """<item><title>Brücke in {town} wird gesperrt</title><guid>{town}</guid>
<link>{base}/artikel/{town}.html</link>
<description>Ab Montag ist die Brücke in {town} für drei Wochen zu.</description></item>"""
PAGE = """<!doctype html><html lang="de"><head><title>Brücke in {town} wird gesperrt</title>
</head><body><article><h1>Brücke in {town} wird gesperrt</h1>
<p>Ab Montag ist die Brücke in {town} für drei Wochen voll gesperrt, teilte die Stadt mit. Der
Verkehr wird über die Umgehungsstraße im Norden umgeleitet, Busse fahren Ersatzhaltestellen an.</p>
<p>Grund sind Schäden an den Lagern, die bei einer Prüfung im Winter entdeckt wurden. Die
Reparatur kostet nach Angaben der Verwaltung rund 400.000 Euro und wird vom Land gefördert.</p>
</article></body></html>"""


class Handler(QuietHandler):
    pages: list[str] = []

    def do_GET(self):
        base = f"http://127.0.0.1:{self.server.server_port}"
        if self.path == "/feed.xml":  # no validators: every poll downloads the feed
            items = "".join(ITEM.format(town=town, base=base) for town in TOWNS)
            feed = '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
            feed += f"<title>Lokalblatt</title><link>{base}/</link>{items}</channel></rss>"
            self.reply(200, [("Content-Type", "application/rss+xml")], feed.encode())
        elif self.path.startswith("/artikel/"):
            town = self.path.rsplit("/", 1)[1].removesuffix(".html")
            Handler.pages.append(town)
            self.reply(
                200, [("Content-Type", "text/html; charset=utf-8")], PAGE.format(town=town).encode()
            )
        else:
            self.reply(404)


@pytest.fixture
def server(settings):
    settings.MELDUNGEN = {**settings.MELDUNGEN, "ALLOW_PRIVATE_FETCH": True, "FETCH_TIMEOUT": 5}
    Handler.pages = []
    with loopback_server(Handler) as url:
        yield url


def test_a_stored_item_is_not_fetched_again_at_the_next_poll(server):
    source = Source.objects.create(name="Lokalblatt", url=f"{server}/feed.xml", full_text=True)
    poll_source(source)
    poll_source(source)
    assert sorted(Handler.pages) == sorted(TOWNS)  # was: every page at every poll
    assert Article.objects.filter(full_text=True).count() == 3


def test_one_poll_fetches_a_bounded_number_of_pages_and_leaves_the_rest(server, monkeypatch):
    monkeypatch.setattr(polling, "MAX_PAGES_PER_POLL", 2)
    source = Source.objects.create(name="Lokalblatt", url=f"{server}/feed.xml", full_text=True)
    poll_source(source)
    assert len(Handler.pages) == 2
    assert Article.objects.filter(full_text=True).count() == 2
    assert Article.objects.count() == 2  # the third is not stored teaser-only for good
    poll_source(source)
    assert sorted(Handler.pages) == sorted(TOWNS)
    assert Article.objects.filter(full_text=True).count() == 3
