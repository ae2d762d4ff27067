"""A feed item edited under the same guid/id (RSS and Atom state no versions): its newer text
replaces the stored one as the next version, reported "updated", enriched anew and shown on
every page; a re-send with the same text stays "unchanged", and one dated before the stored
edit changes nothing. A full-text source fetches the article page of an edited item again."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from loopback import QuietHandler, loopback_server

from meldungen.ingest.draft import ArticleDraft
from meldungen.news.models import Article, ArticleVersion, Source
from meldungen.news.polling import poll_source
from meldungen.news.services import ingest_bytes, store_draft

pytestmark = [pytest.mark.django_db, pytest.mark.db]

RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Lokalblatt</title><link>https://lokal.example/</link>
<language>de</language><item><title>{title}</title>
<link>https://lokal.example/artikel/wahl.html</link><guid>lokal-4711</guid>
<description>{text}</description><category>Politik</category>
<pubDate>Mon, 10 Mar 2025 08:00:00 GMT</pubDate></item></channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="de"><title>Lokalblatt</title>
<id>urn:lokal</id><updated>{updated}</updated><entry><id>urn:lokal:4712</id>
<title>{title}</title><link href="https://lokal.example/artikel/haushalt.html"/>
<published>2025-03-10T08:00:00Z</published><updated>{updated}</updated>
<content type="html">&lt;p&gt;{text}&lt;/p&gt;</content></entry></feed>"""

FIRST = ("Oberbürgermeister in Halle gewählt", "Der Stadtrat Halle wählte am Sonntag Egon Meier.")
EDITED = ("Oberbürgermeisterin in Halle gewählt", "In Halle gewann Petra Schulze die Stichwahl.")


@pytest.fixture
def feed(db) -> Source:
    cache.clear()
    return Source.objects.create(name="Lokalblatt", url="https://lokal.example/rss.xml")


def _rss(source, title, text):
    [result] = ingest_bytes(RSS.format(title=title, text=text).encode(), "feed", source=source)
    return result


def test_an_edited_rss_item_replaces_the_stored_text(client, feed):
    first = _rss(feed, *FIRST)
    assert first.outcome == "new"
    client.get("/")  # lists cached before the edit
    assert _rss(feed, *FIRST).outcome == "unchanged"
    edited = _rss(feed, *EDITED)
    assert (edited.outcome, edited.article_id) == ("updated", first.article_id)
    article = Article.objects.get(pk=first.article_id)
    assert article.headline == EDITED[0] and "Petra Schulze" in article.body
    assert article.version == 2
    assert ArticleVersion.objects.filter(article=article).count() == 2
    names = {e.name for e in article.entities.all()}
    assert "Petra Schulze" in names and "Egon Meier" not in names  # enriched anew
    assert _rss(feed, *EDITED).outcome == "unchanged"
    for url in ("/", article.get_absolute_url(), "/rss.xml", f"/quelle/{feed.pk}/"):
        page = client.get(url).content.decode()
        assert EDITED[0] in page and FIRST[0] not in page, url
    [listed] = client.get("/api/articles").json()["items"]
    assert listed["headline"] == EDITED[0]


def _atom(feed, updated, title, text):
    """Ingest one Atom entry of ``feed``, its ``updated`` date, headline and text."""
    blob = ATOM.format(updated=updated, title=title, text=text).encode()
    [result] = ingest_bytes(blob, "feed", source=feed)
    return result


def test_an_atom_entry_dated_before_the_stored_edit_changes_nothing(feed):
    def atom(*entry):
        return _atom(feed, *entry)

    assert atom("2025-03-10T08:00:00Z", *FIRST).outcome == "new"
    assert atom("2025-03-10T09:00:00Z", *EDITED).outcome == "updated"
    stale = atom("2025-03-10T08:00:00Z", *FIRST)  # a cache sends the old entry again
    assert stale.outcome == "unchanged"
    assert Article.objects.get().headline == EDITED[0]


def test_the_single_store_takes_a_feed_edit_too(feed):
    def draft(title, text):
        return ArticleDraft(guid="lokal-4711", headline=title, format="rss", body=f"<p>{text}</p>")

    assert store_draft(draft(*FIRST), feed).outcome == "new"
    assert store_draft(draft(*FIRST), feed).outcome == "unchanged"
    assert store_draft(draft(*EDITED), feed).outcome == "updated"
    assert Article.objects.get().headline == EDITED[0]


def test_a_wire_item_at_the_same_version_is_still_not_taken(feed):
    wire = dict(guid="urn:wire:1", format="ninjs", version=3)
    assert store_draft(ArticleDraft(headline=FIRST[0], body=FIRST[1], **wire)).outcome == "new"
    again = store_draft(ArticleDraft(headline=EDITED[0], body=EDITED[1], **wire))
    assert again.outcome == "unchanged" and "not taken" in again.reason


TEASER_FEED = """<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>
<title>Lokalblatt</title><link>{base}/</link><item><title>{title}</title><guid>b-1</guid>
<link>{base}/artikel/bruecke.html</link><description>{teaser}</description></item>
</channel></rss>"""
PAGE = """<!doctype html><html lang="de"><head><title>{title}</title></head><body><article>
<h1>{title}</h1><p>{teaser} Der Verkehr wird über die Umgehungsstraße im Norden umgeleitet,
Busse fahren Ersatzhaltestellen an, teilte die Stadtverwaltung am Montag mit.</p>
<p>Grund sind Schäden an den Lagern, die bei einer Prüfung im Winter entdeckt wurden. Die
Reparatur kostet nach Angaben der Verwaltung rund 400.000 Euro und wird vom Land gefördert.</p>
</article></body></html>"""


class Handler(QuietHandler):
    title, teaser = "Brücke in Jena wird gesperrt", "Die Brücke ist drei Wochen zu."
    pages = 0

    def do_GET(self):
        base = f"http://127.0.0.1:{self.server.server_port}"
        said = {"title": Handler.title, "teaser": Handler.teaser, "base": base}
        if self.path == "/feed.xml":
            body = TEASER_FEED.format(**said).encode()
            self.reply(200, [("Content-Type", "application/rss+xml")], body)
        elif self.path == "/artikel/bruecke.html":
            Handler.pages += 1
            body = PAGE.format(**said).encode()
            self.reply(200, [("Content-Type", "text/html; charset=utf-8")], body)
        else:
            self.reply(404)


def test_a_full_text_source_takes_an_edit_with_its_page_again(settings):
    settings.MELDUNGEN = {**settings.MELDUNGEN, "ALLOW_PRIVATE_FETCH": True, "FETCH_TIMEOUT": 5}
    Handler.title, Handler.teaser = "Brücke in Jena wird gesperrt", "Die Brücke ist drei Wochen zu."
    Handler.pages = 0
    with loopback_server(Handler) as url:
        source = Source.objects.create(name="Lokalblatt", url=f"{url}/feed.xml", full_text=True)
        assert [r.outcome for r in poll_source(source)] == ["new"]
        assert [r.outcome for r in poll_source(source)] == ["unchanged"]  # page not fetched
        assert Handler.pages == 1
        Handler.title = "Brücke in Jena wird vier Wochen gesperrt"
        Handler.teaser = "Die Brücke ist vier Wochen zu."
        assert [r.outcome for r in poll_source(source)] == ["updated"]
        assert Handler.pages == 2
        article = Article.objects.get()
        assert article.headline == Handler.title and article.full_text
        assert "Umgehungsstraße" in article.body and "vier Wochen" in article.body
        assert [r.outcome for r in poll_source(source)] == ["unchanged"]
        assert Handler.pages == 2


def test_a_stale_mirror_of_an_undated_feed_does_not_bring_the_old_text_back(client, feed):
    """RSS items state no date of their edits: a mirror or cache that still serves the first
    text after the edit was taken is an older state of the item, not its next version. A text
    the article already had (any stored version) is "unchanged"; readers keep the edit."""
    first = _rss(feed, *FIRST)
    assert _rss(feed, *EDITED).outcome == "updated"
    client.get("/")  # lists cached
    for _ in range(2):  # the mirror and the feed answer polls in turn
        stale = _rss(feed, *FIRST)
        assert (stale.outcome, stale.article_id) == ("unchanged", first.article_id)
        assert _rss(feed, *EDITED).outcome == "unchanged"
    article = Article.objects.get()
    assert (article.headline, article.version) == (EDITED[0], 2)
    assert ArticleVersion.objects.filter(article=article).count() == 2
    for url in ("/", article.get_absolute_url(), "/rss.xml"):
        page = client.get(url).content.decode()
        assert EDITED[0] in page and FIRST[0] not in page, url
    title, text = FIRST
    draft = ArticleDraft(guid="lokal-4711", headline=title, format="rss", teaser=text, body=text)
    assert store_draft(draft, feed).outcome == "unchanged"  # the single store says the same
    assert Article.objects.get().headline == EDITED[0]


def test_an_earlier_text_dated_after_the_edit_is_taken(feed):
    """A dated feed says when an item changed: its first text again, dated after the edit, is
    the editors' revert (the next version), not a stale copy."""

    def atom(*entry):
        return _atom(feed, *entry)

    assert atom("2025-03-10T08:00:00Z", *FIRST).outcome == "new"
    assert atom("2025-03-10T09:00:00Z", *EDITED).outcome == "updated"
    assert atom("2025-03-10T09:00:00Z", *FIRST).outcome == "unchanged"  # not dated after it
    assert atom("2025-03-10T10:00:00Z", *FIRST).outcome == "updated"
    article = Article.objects.get()
    assert (article.headline, article.version) == (FIRST[0], 3)


def test_a_full_text_source_does_not_go_back_to_an_older_headline(settings):
    """A stale mirror of a teaser feed sends the first headline and teaser again: the page is
    not fetched for it and the article keeps its edit."""
    settings.MELDUNGEN = {**settings.MELDUNGEN, "ALLOW_PRIVATE_FETCH": True, "FETCH_TIMEOUT": 5}
    old = Handler.title, Handler.teaser = "Brücke in Jena wird gesperrt", "Die Brücke ist zu."
    Handler.pages = 0
    with loopback_server(Handler) as url:
        source = Source.objects.create(name="Lokalblatt", url=f"{url}/feed.xml", full_text=True)
        assert [r.outcome for r in poll_source(source)] == ["new"]
        Handler.title, Handler.teaser = "Brücke in Jena vier Wochen gesperrt", "Vier Wochen zu."
        assert [r.outcome for r in poll_source(source)] == ["updated"]
        assert Handler.pages == 2
        Handler.title, Handler.teaser = old  # the mirror's feed; the page is the edited one
        assert [r.outcome for r in poll_source(source)] == ["unchanged"]
        assert Handler.pages == 2
        article = Article.objects.get()
        assert (article.headline, article.version) == ("Brücke in Jena vier Wochen gesperrt", 2)
