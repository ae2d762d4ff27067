"""Plain text in HTML-typed feed elements stays text: what a feed reader renders is the text.

A reader takes RSS <description> and Atom <summary type="html"> as HTML. feedparser hands back
such a value as HTML (sanitised); rendering it must show the article's plain text literally,
with no element of its own.
"""

from __future__ import annotations

import html
import json
import re
from datetime import timedelta
from html.parser import HTMLParser

import feedparser
import pytest
from django.utils import timezone
from storehelp import put

from meldungen.news.models import Article
from meldungen.news.services import ingest_bytes

pytestmark = [pytest.mark.django_db, pytest.mark.db]

FORMATS = ("rss.xml", "atom.xml")
# Teasers that show code or markup literally, as a reader of the portal's page sees them.
TEXTS = [
    "So sieht ein Angriff aus: <script>alert(1)</script> – und nichts passiert.",
    "Fett wird mit &lt;b&gt; geschrieben, nicht mit <b>b</b>.",
    'Ein Bild: <img src=x onerror="alert(1)"> im Text',
    "A & B <i>kursiv</i> &amp; &copy; &#60;p&#62;",
    ']]> <![CDATA[ <a href="javascript:alert(1)">Link</a>',
]
ORGS = ["Bäckerei Hansen", "Stadtbibliothek Kiel", "Feuerwehr Gotha", "Chor aus Passau", "Tierheim"]
BODIES = [
    "Die Backstube am Markt wird für ihr Roggenbrot geehrt.",
    "Die Bibliothek bekommt einen Preis für ihre Leseförderung an Grundschulen.",
    "Freiwillige Helfer werden für den Einsatz beim Hochwasser im Frühjahr gewürdigt.",
    "Der Kammerchor gewinnt den Landeswettbewerb mit einem Programm alter Musik.",
    "Das Tierheim in Emden wird für die Vermittlung älterer Hunde ausgezeichnet.",
]


def _visible_text(value: str) -> str:
    """What a reader shows for an HTML value: tags dropped, references decoded."""
    return html.unescape(re.sub(r"<[^>]*>", "", value))


def _tags_in(value: str) -> list[str]:
    return re.findall(r"<\s*([a-zA-Z][a-zA-Z0-9]*)", value)


@pytest.fixture
def literal(db):
    now = timezone.now()
    # Distinct events, so that one entry per story lists every one of them.
    return [
        put(
            f"lit{i}",
            f"{ORGS[i]} erhält Auszeichnung",
            teaser=text,
            body=f"<p>{BODIES[i]}</p>",
            full_text=False,
            published=now - timedelta(minutes=i + 1),
        )
        for i, text in enumerate(TEXTS)
    ]


@pytest.mark.parametrize("fmt", FORMATS)
def test_teasers_showing_code_stay_text_in_feed_readers(client, literal, fmt):
    response = client.get(f"/{fmt}")
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert feed.bozo == 0, feed.get("bozo_exception")
    by_title = {e.title: e for e in feed.entries}
    for article in literal:
        entry = by_title[article.headline]
        detail = entry.summary_detail
        assert detail.type == "text/html"
        assert _tags_in(entry.summary) == [], entry.summary  # no live element at all
        assert _visible_text(entry.summary) == article.teaser


@pytest.mark.parametrize("fmt", FORMATS)
def test_search_feed_shows_the_query_as_text(client, literal, fmt):
    query = 'Auszeichnung <b onmouseover="alert(1)">fett</b> &lt;i&gt;'
    response = client.get(f"/suche/{fmt}", {"q": query})
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert feed.bozo == 0, feed.get("bozo_exception")
    for key in ("title_detail", "subtitle_detail"):
        detail = feed.feed.get(key)
        if detail is None:
            continue
        if detail.type == "text/html":
            assert _tags_in(detail.value) == [], detail.value
            assert query in _visible_text(detail.value)
        else:
            assert query in detail.value
    assert "onmouseover" not in _tags_in(response.content.decode())


@pytest.mark.parametrize("fmt", FORMATS)
def test_headlines_showing_code_stay_text(client, db, fmt):
    headline = "Warum <b>Fett</b> & <i>kursiv</i> hier Text sind"
    put("code-title", headline, teaser="Anreißer", published=timezone.now())
    feed = feedparser.parse(client.get(f"/{fmt}").content)
    assert feed.bozo == 0, feed.get("bozo_exception")
    entry = feed.entries[0]
    value = entry.title_detail.value
    if entry.title_detail.type == "text/html":
        assert _tags_in(value) == [], value
        assert _visible_text(value) == headline
    else:
        assert value == headline


class _Headline(HTMLParser):
    """The text of the article page's <h1>, as a browser shows it."""

    def __init__(self) -> None:
        super().__init__()
        self.inside, self.text = False, ""

    def handle_starttag(self, tag, attrs):
        self.inside = self.inside or tag == "h1"

    def handle_endtag(self, tag):
        self.inside = self.inside and tag != "h1"

    def handle_data(self, data):
        self.text += data if self.inside else ""


_LEAD = "Der Stadtrat hat lange beraten und am Ende einstimmig entschieden, weiterzubauen."


def _rss_item(title_xml: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Kanal</title>'
        "<link>https://quelle.example/</link><description>Meldungen</description>"
        f"<language>de</language><item><title>{title_xml}</title>"
        "<link>https://quelle.example/a1</link><guid>https://quelle.example/a1</guid>"
        f"<description>{_LEAD}</description><pubDate>Mon, 05 Jan 2026 09:00:00 GMT</pubDate>"
        "</item></channel></rss>"
    ).encode()


def _ninjs_item(headline: str) -> bytes:
    item = {
        "uri": "urn:test:titel-zeichen",
        "version": "1",
        "type": "text",
        "language": "de",
        "headline": headline,
        "versioncreated": "2026-01-05T09:00:00Z",
        "body_html": f"<p>{_LEAD}</p>",
    }
    return json.dumps(item).encode()


SOURCE_TITLES = {
    "rss-amp": _rss_item("Müller &amp; Söhne: &quot;Wir bleiben&quot; in Kölns Süden"),
    "rss-cdata": _rss_item('<![CDATA[Müller & Söhne: "Wir bleiben" in Kölns Süden]]>'),
    "rss-numeric": _rss_item("Preis f&#252;r Stra&#223;enbau &#8211; &#x201E;Gut&#x201C;"),
    "ninjs": _ninjs_item("Tarif A < Tarif B & C > D: 'Zitat' \"so\" in Köln"),
    "ninjs-entity": _ninjs_item("H&amp;M schließt Filiale in K&ouml;ln"),
}


@pytest.mark.parametrize("source", SOURCE_TITLES.values(), ids=SOURCE_TITLES.keys())
def test_feed_titles_read_back_as_the_headline_on_the_article_page(client, db, source):
    """RSS 2.0's title is plain text: "&" once in the XML ("&amp;"), never "&amp;amp;", and
    feedparser reads the very headline the article page shows."""
    (result,) = ingest_bytes(source, "test")
    assert result.outcome == "new", result
    page = _Headline()
    page.feed(client.get(f"/artikel/{result.article_id}/").content.decode())
    shown = " ".join(page.text.split())
    article = Article.objects.get(pk=result.article_id)
    assert shown == article.headline
    for fmt in FORMATS:
        raw = client.get(f"/{fmt}").content.decode()
        titles = " ".join(re.findall(r"<title[^>]*>(.*?)</title>", raw))
        assert "&amp;amp;" not in titles and "&amp;lt;" not in titles, titles
        feed = feedparser.parse(raw)
        assert feed.bozo == 0, feed.get("bozo_exception")
        (entry,) = feed.entries
        assert (entry.title_detail.type, entry.title) == ("text/plain", shown), fmt
        assert _visible_text(entry.summary) == (article.teaser or shown)  # HTML-typed
