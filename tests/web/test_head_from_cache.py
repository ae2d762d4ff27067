"""HEAD answered from the page cache says the Content-Length a GET has (it said 0: the empty
body's length), for pages and feeds alike."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.django_db, pytest.mark.db]


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.MELDUNGEN = {**settings.MELDUNGEN, "PAGE_CACHE": True, "PAGE_CACHE_MARGIN": 0}


@pytest.mark.parametrize("url", ["/", "/rss.xml", "/atom.xml", "/sitemap.xml", "ARTICLE"])
def test_head_hit_has_the_length_of_the_get(client, make_article, url):
    article = make_article("Stadtrat beschließt Haushalt", teaser="Der Rat stimmte zu.")
    if url == "ARTICLE":
        url = article.get_absolute_url()
    got = client.get(url)
    assert got.status_code == 200
    head = client.head(url)
    assert head["X-Page-Cache"] == "hit"
    assert head.content == b""
    assert head["Content-Length"] == str(len(got.content)) != "0"
    assert head["ETag"] == got["ETag"]
    assert head["Content-Type"] == got["Content-Type"]
