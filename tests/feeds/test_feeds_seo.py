"""seo/head.html: canonical URL, feed links, OpenGraph/Twitter meta, NewsArticle JSON-LD."""

from __future__ import annotations

import json
import re

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import resolve

from meldungen.news.models import Article
from meldungen.web.feeds import FeedLink

pytestmark = [pytest.mark.django_db, pytest.mark.db]


def head(path: str, **context) -> str:
    request = RequestFactory().get(path)
    request.resolver_match = resolve(path.split("?")[0])
    return render_to_string("seo/head.html", context, request=request)


def meta(html: str, key: str) -> list[str]:
    return re.findall(rf'<meta (?:property|name)="{re.escape(key)}" content="([^"]*)">', html)


def cache_picture(url: str, settings, tmp_path) -> None:
    """Put a picture into the image cache as the background fetch would have."""
    from meldungen.news.models import CachedImage
    from meldungen.web.images import image_key

    settings.IMAGE_CACHE_DIR = tmp_path
    key = image_key(url)
    (tmp_path / f"{key}.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 16)
    CachedImage.objects.create(url=url, key=key, path=f"{key}.png", content_type="image/png")


def test_article_head_has_jsonld_opengraph_twitter_and_canonical(articles, settings, tmp_path):
    article = articles["full"]
    cache_picture(article.picture_url, settings, tmp_path)
    html = head(article.get_absolute_url() + "?utm_source=x", article=article)
    url = f"http://testserver{article.get_absolute_url()}"
    assert f'<link rel="canonical" href="{url}">' in html
    assert meta(html, "og:type") == ["article"]
    assert meta(html, "og:title") == ["Landtag beschließt Haushalt für zwei Jahre"]
    assert meta(html, "og:url") == [url]
    assert meta(html, "og:image")[0].startswith("http://testserver/bild/")
    assert meta(html, "twitter:card") == ["summary_large_image"]
    assert meta(html, "article:section") == ["Politik"]
    assert meta(html, "article:tag")[:2] == ["Landtag", "Haushalt"]  # wire keywords first
    data = json.loads(
        re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    )
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == article.headline
    assert data["mainEntityOfPage"]["@id"] == url
    assert data["author"] == [{"@type": "Person", "name": "Erika Muster"}]
    assert data["datePublished"] == article.published.isoformat()
    assert data["articleSection"] == "Politik" and data["keywords"][:2] == ["Landtag", "Haushalt"]
    # the article's Ressort feed is advertised besides the home feed
    assert 'href="/ressort/politik/rss.xml"' in html and 'href="/atom.xml"' in html


def test_jsonld_cannot_close_the_script_element(articles):
    article = articles["teaser"]
    Article.objects.filter(pk=article.pk).update(headline="Böse </script><script>alert(1)")
    article.refresh_from_db()
    html = head(article.get_absolute_url(), article=article)
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    assert json.loads(block)["headline"] == "Böse </script><script>alert(1)"
    assert "<script>alert" not in html


def test_listing_pages_advertise_their_feeds(articles):
    html = head("/thema/landtag/")
    assert (
        '<link rel="alternate" type="application/rss+xml" title="Meldungen: Landtag (RSS)" '
        'href="/thema/landtag/rss.xml">' in html
    )
    assert 'href="/thema/landtag/atom.xml"' in html
    assert meta(html, "og:type") == ["website"]
    assert "ld+json" not in html
    html = head("/ressort/sport/")
    assert 'href="/ressort/sport/atom.xml"' in html
    html = head("/suche?q=Haushalt&seite=2&sort=date")
    assert 'href="/suche/rss.xml?q=Haushalt"' in html
    assert '<link rel="canonical" href="http://testserver/suche?q=Haushalt&amp;seite=2">' in html


def test_explicit_feeds_context_wins(articles):
    html = head("/", feeds=[FeedLink("Eigener Feed", "/eigen.xml", "application/rss+xml")])
    assert re.findall(r'<link rel="alternate"[^>]*>', html) == [
        '<link rel="alternate" type="application/rss+xml" title="Eigener Feed" href="/eigen.xml">'
    ]


def test_opengraph_locale_follows_the_articles_language(articles):
    article = Article.objects.first()
    assert meta(head(article.get_absolute_url(), article=article), "og:locale") == ["de_DE"]
    article.language = "en"
    assert meta(head(article.get_absolute_url(), article=article), "og:locale") == ["en_GB"]
    article.language = "xx"  # a language without a locale names none, not a wrong one
    assert meta(head(article.get_absolute_url(), article=article), "og:locale") == []
    assert meta(head("/"), "og:locale") == ["de_DE"]
