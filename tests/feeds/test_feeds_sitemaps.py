"""sitemap.xml (index and sections), the Google News sitemap and robots.txt."""

from __future__ import annotations

from xml.etree import ElementTree

import pytest

pytestmark = [pytest.mark.django_db, pytest.mark.db]

SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"


def xml(client, url: str) -> ElementTree.Element:
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("application/xml")
    return ElementTree.fromstring(response.content)


def test_sitemap_index_lists_sections(client, articles):
    root = xml(client, "/sitemap.xml")
    locs = [e.text for e in root.iter(f"{SM}loc")]
    assert locs == [
        "http://testserver/sitemap-seiten.xml",
        "http://testserver/sitemap-artikel.xml",
        "http://testserver/sitemap-themen.xml",
    ]


def test_article_section_has_visible_articles_with_lastmod(client, articles):
    root = xml(client, "/sitemap-artikel.xml")
    urls = {u.find(f"{SM}loc").text: u.find(f"{SM}lastmod").text for u in root.iter(f"{SM}url")}
    expected = {
        f"http://testserver{articles[k].get_absolute_url()}"
        for k in ("full", "teaser", "control", "old")
    }
    assert set(urls) == expected
    assert all(v and "T" in v for v in urls.values())


def test_pages_and_tags_sections(client, articles):
    pages = [e.text for e in xml(client, "/sitemap-seiten.xml").iter(f"{SM}loc")]
    assert pages == [
        "http://testserver/",
        "http://testserver/ressort/politik/",
        "http://testserver/ressort/sport/",
    ]
    tags = [e.text for e in xml(client, "/sitemap-themen.xml").iter(f"{SM}loc")]
    assert "http://testserver/thema/landtag/" in tags
    assert client.get("/sitemap-unbekannt.xml").status_code == 404


def test_news_sitemap_has_only_the_last_48_hours(client, articles):
    root = xml(client, "/sitemap-news.xml")
    entries = root.findall(f"{SM}url")
    titles = [u.find(f"{NEWS}news/{NEWS}title").text for u in entries]
    assert "Archivmeldung über den Landtag aus dem Vorjahr" not in titles
    assert "Zurückgezogene Meldung zum Landtag" not in titles
    assert titles[:2] == [
        "Landtag beschließt Haushalt für zwei Jahre",
        "Neuer Rekord beim Stadtlauf",
    ]
    first = entries[0].find(f"{NEWS}news")
    assert first.find(f"{NEWS}publication/{NEWS}name").text == "Meldungen"
    assert first.find(f"{NEWS}publication/{NEWS}language").text == "de"
    assert first.find(f"{NEWS}publication_date").text.startswith("20")


def test_robots_txt_points_to_both_sitemaps(client, articles):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert "Sitemap: http://testserver/sitemap-news.xml" in lines
    assert "Disallow: /admin/" in lines
