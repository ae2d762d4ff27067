"""Links of teaser-only items and pictures: never a script URL on the portal's own origin."""

from __future__ import annotations

import re

import pytest

from meldungen.news.models import Article
from meldungen.news.services import ingest_bytes

pytestmark = [pytest.mark.django_db, pytest.mark.db]

VECTORS = [
    "javascript:alert(document.domain)",
    " JaVaScRiPt:alert(1)",
    "java&#x09;script:alert(1)",
    "&#106;avascript:alert(1)",
    "javascript&amp;colon;alert(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "vbscript:msgbox(1)",
    "%6Aavascript:alert(1)",
]


def _rss(link: str, picture: str = "https://img.example.de/a.jpg") -> bytes:
    # The link is written as it would stand in a feed: XML-escaped once.
    link = link.replace("&", "&amp;")
    picture = picture.replace("&", "&amp;")
    return f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/"><channel>
<title>Feindliche Quelle</title><link>https://feind.example.de/</link><description>x</description>
<item><title>Kurzmeldung mit Link</title><link>{link}</link><guid isPermaLink="false">k1</guid>
<description>Nur ein Anreißer zur Meldung.</description>
<media:content url="{picture}" medium="image"/>
<pubDate>Tue, 11 Feb 2025 10:00:00 GMT</pubDate></item></channel></rss>""".encode()


def _hrefs_and_srcs(html: str) -> list[str]:
    return re.findall(r'(?:href|src)="([^"]*)"', html)


@pytest.mark.parametrize("link", VECTORS)
def test_a_teaser_only_feed_item_never_links_a_script(client, link):
    results = ingest_bytes(_rss(link, picture=link), "test")
    assert [r.outcome for r in results] == ["new"], results
    article = Article.objects.get(pk=results[0].article_id)
    assert not article.full_text
    # Gone, or (where the feed parser resolved it as a relative path) an https URL of the feed.
    for stored in (article.url, article.picture_url):
        assert stored == "" or stored.startswith("https://feind.example.de/"), stored
    html = client.get(article.get_absolute_url()).content.decode()
    assert "Kurzmeldung mit Link" in html
    for url in _hrefs_and_srcs(html):
        assert url.startswith(("/", "#", "http://", "https://")), url


def test_a_safe_link_still_reads_on(client):
    results = ingest_bytes(_rss("https://feind.example.de/artikel/1.html"), "test")
    html = client.get(f"/artikel/{results[0].article_id}/").content.decode()
    assert 'href="https://feind.example.de/artikel/1.html"' in html
    assert "weiterlesen" in html


@pytest.mark.parametrize("link", VECTORS)
def test_rows_stored_before_the_check_are_checked_again_when_rendered(client, make_article, link):
    article = make_article(
        "Alte Zeile", url=link, full_text=False, teaser="Anreißer", picture_url=link
    )
    html = client.get(f"/artikel/{article.pk}/").content.decode()
    assert "Alte Zeile" in html
    assert "weiterlesen" not in html
    assert "/bild/" not in html  # no picture registered for a script URL
    for url in _hrefs_and_srcs(html):
        assert url.startswith(("/", "#", "http://", "https://")), url
    assert "alert" not in html.lower() and "msgbox" not in html.lower()
