"""Plain text in HTML-typed feed elements stays text: what a feed reader renders is the text.

A reader takes RSS <description> and Atom <summary type="html"> as HTML. feedparser hands back
such a value as HTML (sanitised); rendering it must show the article's plain text literally,
with no element of its own.
"""

from __future__ import annotations

import html
import re
from datetime import timedelta

import feedparser
import pytest
from django.utils import timezone
from storehelp import put

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
